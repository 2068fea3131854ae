// Package changes compares two versions of one article's claims — the set an
// extractor (or cleaner) upgrade replaced and the set that replaced it — and
// says what the upgrade did to each claim: added, removed, re-attributed
// (speaker changed), re-kinded or re-worded. It is a pure function of the
// two sets, so a report does not depend on the order articles arrive in.
package changes

import (
	"cmp"
	"slices"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// Change kinds: a claim only in the new set, only in the old one, or in
// both with a different speaker, kind or wording.
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

// Categories a report counts; a changed claim is in one or more of the last
// three.
var Categories = []string{"added", "removed", "reattributed", "rekinded", "reworded"}

// Change is one claim the new version added, removed or changed. Old and
// New are the two sides (nil when absent).
type Change struct {
	Change       string          `json:"change"`
	Reattributed bool            `json:"reattributed,omitempty"`
	Rekinded     bool            `json:"rekinded,omitempty"`
	Reworded     bool            `json:"reworded,omitempty"`
	Rule         string          `json:"rule"` // the new claim's rule, else the old one's
	Old          *contract.Claim `json:"old"`
	New          *contract.Claim `json:"new"`
}

// Is reports whether c counts in category cat (one of Categories).
func (c Change) Is(cat string) bool {
	switch cat {
	case "added":
		return c.Change == Added
	case "removed":
		return c.Change == Removed
	case "reattributed":
		return c.Reattributed
	case "rekinded":
		return c.Rekinded
	case "reworded":
		return c.Reworded
	}
	return false
}

// Counts totals the changes of one article (or of many).
type Counts struct {
	Added        int `json:"added"`
	Removed      int `json:"removed"`
	Reattributed int `json:"reattributed"`
	Rekinded     int `json:"rekinded"`
	Reworded     int `json:"reworded"`
	Unchanged    int `json:"unchanged"`
}

// Any reports whether anything changed.
func (c Counts) Any() bool {
	return c.Added+c.Removed+c.Reattributed+c.Rekinded+c.Reworded > 0
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.Added += o.Added
	c.Removed += o.Removed
	c.Reattributed += o.Reattributed
	c.Rekinded += o.Rekinded
	c.Reworded += o.Reworded
	c.Unchanged += o.Unchanged
}

// Count totals changes, with unchanged claims given.
func Count(cs []Change, unchanged int) Counts {
	n := Counts{Unchanged: unchanged}
	for _, c := range cs {
		switch c.Change {
		case Added:
			n.Added++
		case Removed:
			n.Removed++
		}
		if c.Reattributed {
			n.Reattributed++
		}
		if c.Rekinded {
			n.Rekinded++
		}
		if c.Reworded {
			n.Reworded++
		}
	}
	return n
}

// minSimilar is how alike two claims' words (or spans) must be for the new
// one to be a changed version of the old one rather than a removal and an
// addition: half the words in common. Lower paired unrelated claims of one
// sentence; higher reported a reworded quote (a word or two trimmed at
// either end) as removed and added.
const minSimilar = 0.5

// Compare pairs old and new claims and returns what changed, in the new
// set's order (removals last, in the old set's order), and how many claims
// are unchanged. sameText says the article text is the same in both
// versions, so that claims' byte spans can be compared too.
func Compare(old, new []contract.Claim, sameText bool) ([]Change, int) {
	type side struct {
		c     *contract.Claim
		norm  string
		words map[string]bool
		key   string
		used  bool
	}
	mk := func(cs []contract.Claim) []side {
		out := make([]side, len(cs))
		for i := range cs {
			c := &cs[i]
			out[i] = side{c: c, norm: group.Normalize(c.Text), key: group.ClaimSpeakerKey(c.Speaker)}
		}
		return out
	}
	o, n := mk(old), mk(new)

	// Identical claims first: same kind, wording and speaker.
	exact := map[string][]int{}
	for i, s := range o {
		k := s.c.Kind + "\x00" + s.key + "\x00" + s.norm
		exact[k] = append(exact[k], i)
	}
	pairOf := make([]int, len(n)) // new index → old index, -1 unpaired
	unchanged := 0
	for j, s := range n {
		pairOf[j] = -1
		k := s.c.Kind + "\x00" + s.key + "\x00" + s.norm
		if is := exact[k]; len(is) > 0 {
			o[is[0]].used, n[j].used = true, true
			exact[k] = is[1:]
			unchanged++
		}
	}

	// Then the most similar remaining pairs, greedily.
	words := func(s *side) map[string]bool {
		if s.words == nil {
			s.words = map[string]bool{}
			for _, w := range group.Words(s.c.Text) {
				s.words[w] = true
			}
		}
		return s.words
	}
	type cand struct {
		i, j int
		sim  float64
	}
	var cands []cand
	for j := range n {
		if n[j].used {
			continue
		}
		for i := range o {
			if o[i].used {
				continue
			}
			sim := jaccard(words(&o[i]), words(&n[j]))
			if o[i].norm == n[j].norm {
				sim = 1
			}
			if sameText {
				sim = max(sim, overlap(o[i].c, n[j].c))
			}
			if sim >= minSimilar {
				cands = append(cands, cand{i, j, sim})
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		if c := cmp.Compare(b.sim, a.sim); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.j, b.j), cmp.Compare(a.i, b.i))
	})
	for _, c := range cands {
		if o[c.i].used || n[c.j].used {
			continue
		}
		o[c.i].used, n[c.j].used, pairOf[c.j] = true, true, c.i
	}

	var out []Change
	for j := range n {
		nc := n[j].c
		i := pairOf[j]
		if i < 0 && n[j].used {
			continue // identical to an old claim
		}
		if i < 0 {
			out = append(out, Change{Change: Added, Rule: nc.Rule, New: nc})
			continue
		}
		oc := o[i].c
		ch := Change{
			Change:       Changed,
			Reattributed: o[i].key != n[j].key,
			Rekinded:     oc.Kind != nc.Kind,
			Reworded:     o[i].norm != n[j].norm,
			Rule:         cmp.Or(nc.Rule, oc.Rule),
			Old:          oc, New: nc,
		}
		if ch.Reattributed || ch.Rekinded || ch.Reworded {
			out = append(out, ch)
		} else {
			unchanged++ // paired by similarity, same in every respect counted
		}
	}
	for i := range o {
		if !o[i].used {
			out = append(out, Change{Change: Removed, Rule: o[i].c.Rule, Old: o[i].c})
		}
	}
	return out, unchanged
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	in := 0
	for w := range a {
		if b[w] {
			in++
		}
	}
	return float64(in) / float64(len(a)+len(b)-in)
}

// overlap is the share of the longer span that two claims' spans share.
func overlap(a, b *contract.Claim) float64 {
	lo, hi := max(a.Start, b.Start), min(a.End, b.End)
	long := max(a.End-a.Start, b.End-b.Start)
	if hi <= lo || long <= 0 {
		return 0
	}
	return float64(hi-lo) / float64(long)
}
