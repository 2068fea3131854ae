package attrib

import (
	"github.com/claimwire/claimwire/services/extractor/internal/doc"
)

// Candidates returns every reading of sentence si by every rule at every
// cue: the rules propose, and the caller (or the model) chooses among a
// cue's readings. Matches are grouped by cue in token order, each group in
// rule order.
func Candidates(d *doc.Doc, si int) ([]Unit, []Match) {
	s := &d.Sents[si]
	cues := FindCues(s)
	units := Units(s, d, cues)
	var out []Match
	for ai, u := range units {
		if !u.Anchors() {
			continue
		}
		for _, r := range Rules {
			if m, ok := r.Match(s.Toks, units, ai); ok {
				out = append(out, m)
			}
		}
	}
	return units, out
}
