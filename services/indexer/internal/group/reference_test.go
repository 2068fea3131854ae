package group

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// Score and Near read hashes, signatures and counts derived from an Item's
// strings (derive) and leave a pair as soon as one of them rules it out:
// that is what a store pays for every candidate pair. This file states
// what they compute the plain way, from the strings alone and without any
// shortcut, and checks the two agree on many generated pairs built to
// reach every rule (one speaker or two, titles and surnames, bodies,
// figures, negations, copies, truncations, quoted runs, fragments, one
// article or two).

// refScore is Score read from the strings.
func refScore(a, b *Item, hit map[string]int) float64 {
	if a.ID == b.ID {
		return 1
	}
	sp := speakersOfKeys(a, b)
	if sp == speakerOther || !refFiguresAgree(a.nums, b.nums) || refContradicts(a, b) {
		return 0
	}
	inter, wi := refShared(a.terms, a.weights, b.terms, b.weights)
	small := min(len(a.terms), len(b.terms))
	if small == 0 || inter == 0 {
		return 0
	}
	ws, wl := min(a.mass, b.mass), max(a.mass, b.mass)
	cover := min(wi/ws, 1)
	dice := min(2*wi/(ws+wl), 1)
	s := 0.5*cover + 0.5*dice
	x, y := a, b
	if len(x.words) > len(y.words) {
		x, y = y, x
	}
	exact := a.norm == b.norm || len(x.words) >= minExactWords && refRun(y.words, x.words) ||
		refQuotesPart(a, b) || refQuotesPart(b, a)
	if exact {
		hit["exact"]++
		s = max(s, 0.95)
	}
	sameFigure := a.measure != "" && a.measure == b.measure && refSharedNumbers(a.nums, b.nums) > 0 &&
		(refLargestShared(a.nums, b.nums) >= minLoneFigure || inter >= 3)
	if sameFigure {
		hit["figure"]++
		s = max(s, 0.8)
	}
	if sp != speakerSame {
		switch {
		case small >= minCrossTermsScore && cover >= minCrossCover && a.Kind != kindStatistic && b.Kind != kindStatistic:
		case exact && small >= 2 && min(len(a.words), len(b.words)) >= minExactWords:
		case sameFigure:
		case len(a.nums) > 0 && len(b.nums) > 0 && inter >= 3 && cover >= 0.6:
		default:
			return 0
		}
		hit["cross"]++
	}
	tails, _ := refShared(a.nameTails, nil, b.nameTails, nil)
	distinct := inter - tails
	if labels := refLabelTails(a, b) + refLabelTails(b, a); labels > 0 && wi == float64(inter) {
		hit["label"]++
		distinct -= labels
	}
	if distinct < 3 && !exact && !sameFigure {
		own := distinct >= minOwnShared && refOwnShared(a, b, sp)
		frag := refFragmentOf(a, b, sp)
		run := refSharedRun(a.words, b.words)
		if !own && !frag && !run {
			return 0
		}
		hit["few"]++
		if frag {
			hit["fragment"]++
		}
		if own {
			hit["own"]++
		}
		if run {
			hit["run"]++
		}
	}
	if s < JoinScore && s >= minOrderedScore && inter >= minOrdered && refLCS(a.seq, b.seq) >= minOrdered {
		hit["ordered"]++
		s = JoinScore
	}
	if a.ArticleID == b.ArticleID && s < minSameArticle {
		return 0
	}
	return s
}

// refNear is Near read from the strings.
func refNear(a, b *Item) bool {
	if a.ArticleID == b.ArticleID || speakersOfKeys(a, b) != speakerSame || !refFiguresAgree(a.nums, b.nums) || refContradicts(a, b) {
		return false
	}
	inter, wi := refShared(a.terms, a.weights, b.terms, b.weights)
	tails, _ := refShared(a.nameTails, nil, b.nameTails, nil)
	if wi == float64(inter) { // no name or figure shared
		tails += refLabelTails(a, b) + refLabelTails(b, a)
	}
	return inter-tails >= minNearShared
}

// refLabelTails counts the terms of b that continue, past its first term, a
// quoted run of a of a few words, unless a says little besides it or b
// quotes any of its terms (counted only where a and b share no name or
// figure).
func refLabelTails(a, b *Item) int {
	terms := func(ws []string) []string {
		var out []string
		for _, w := range ws {
			if t, ok := contentTerm(w); ok {
				out = append(out, t)
			}
		}
		return out
	}
	var bQuoted []string
	for _, q := range b.quoted {
		bQuoted = append(bQuoted, terms(q)...)
	}
	n := 0
	for _, q := range a.quoted {
		l := terms(q)
		if len(q) > maxFragmentWords || len(l) < 2 || len(a.terms)-len(l) < minLabelContext {
			continue
		}
		if shared, _ := refShared(l, nil, bQuoted, nil); shared > 0 {
			continue
		}
		for _, t := range l[1:] {
			if tail, _ := refShared([]string{t}, nil, a.nameTails, nil); tail > 0 {
				continue
			}
			if in, _ := refShared([]string{t}, nil, b.terms, nil); in > 0 {
				n++
			}
		}
	}
	return n
}

// refShared counts the strings of a also in b and sums the heavier weight
// of each (weights may be nil: no sum).
func refShared(a []string, wa []float64, b []string, wb []float64) (n int, weight float64) {
	at := map[string]int{}
	for j, t := range b {
		at[t] = j
	}
	for i, t := range a {
		if j, ok := at[t]; ok {
			n++
			if wa != nil {
				weight += max(wa[i], wb[j])
			}
		}
	}
	return n, weight
}

func refContradicts(a, b *Item) bool {
	if a.negs == b.negs {
		return false
	}
	n1, _ := refShared(a.negOnly, nil, b.plainOnly, nil)
	n2, _ := refShared(b.negOnly, nil, a.plainOnly, nil)
	return n1+n2 > 0
}

// refFiguresAgree: one side states no figure, or the side stating fewer
// states none the other does not.
func refFiguresAgree(a, b []float64) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) == 0 || refSharedNumbers(a, b) == len(a)
}

func refSharedNumbers(a, b []float64) int {
	n := 0
	for _, x := range a {
		for _, y := range b {
			if x == y {
				n++
			}
		}
	}
	return n
}

func refLargestShared(a, b []float64) float64 {
	best := 0.0
	for _, x := range a {
		for _, y := range b {
			if x == y {
				best = max(best, x)
			}
		}
	}
	return best
}

// refRun reports whether run is a run of words, joining both with a
// separator no word holds.
func refRun(words, run []string) bool {
	if len(run) == 0 {
		return true
	}
	return strings.Contains("\x00"+strings.Join(words, "\x00")+"\x00", "\x00"+strings.Join(run, "\x00")+"\x00")
}

func refContent(ws []string) int {
	n := 0
	for _, w := range ws {
		if _, ok := contentTerm(w); ok {
			n++
		}
	}
	return n
}

func refQuotesPart(a, b *Item) bool {
	for _, q := range a.quoted {
		if len(q) >= minExactWords && refContent(q) >= 2 && refRun(b.words, q) {
			return true
		}
	}
	return false
}

// refSharedRun tries every start in both and every length.
func refSharedRun(x, y []string) bool {
	for i := range x {
		for j := range y {
			for n := minExactWords; i+n <= len(x) && j+n <= len(y); n++ {
				if !refRun(y[j:j+n], x[i:i+n]) {
					break
				}
				if refContent(x[i:i+n]) >= 2 {
					return true
				}
			}
		}
	}
	return false
}

// refLCS is the longest common subsequence by the textbook recursion,
// memoised.
func refLCS(x, y []string) int {
	memo := map[[2]int]int{}
	var f func(i, j int) int
	f = func(i, j int) int {
		if i == len(x) || j == len(y) {
			return 0
		}
		if v, ok := memo[[2]int{i, j}]; ok {
			return v
		}
		v := max(f(i+1, j), f(i, j+1))
		if x[i] == y[j] {
			v = max(v, 1+f(i+1, j+1))
		}
		memo[[2]int{i, j}] = v
		return v
	}
	return f(0, 0)
}

func refOwnShared(a, b *Item, sp int) bool {
	if sp != speakerSame || !a.ownKnown || !b.ownKnown || len(a.terms) < minOwnTerms || len(b.terms) < minOwnTerms {
		return false
	}
	n, _ := refShared(a.own, nil, b.own, nil)
	return n >= minOwnShared
}

func refFragmentOf(a, b *Item, sp int) bool {
	if sp != speakerSame {
		return false
	}
	x, y := a, b
	if len(x.words) > len(y.words) {
		x, y = y, x
	}
	if x.Kind != contract.KindQuote || len(x.words) == 0 || len(x.words) > maxFragmentWords+1 || len(x.terms) == 0 || len(y.words) < 2*len(x.words) {
		return false
	}
	if len(x.words) <= maxFragmentWords && refRun(y.words, x.words) {
		return true
	}
	plain := 0
	for _, w := range x.weights {
		if w == 1 {
			plain++
		}
	}
	if plain < 2 {
		return false
	}
	// x's terms in order within a window of len(x.words)+fragmentSlack
	// words of y, each window start tried with every choice of words.
	span := len(x.words) + fragmentSlack
	for i := range y.words {
		if t, ok := contentTerm(y.words[i]); !ok || t != x.seq[0] {
			continue
		}
		k := 1
		for j := i + 1; j < len(y.words) && j < i+span && k < len(x.seq); j++ {
			if t, ok := contentTerm(y.words[j]); ok && t == x.seq[k] {
				k++
			}
		}
		if k == len(x.seq) {
			return true
		}
	}
	return false
}

// pairClaims generates claims that meet in every way Score weighs: a few
// statements, each printed whole, truncated, reworded, as a short
// quotation and inside a report that quotes part of it, by one speaker
// under several keys, by another person, by bodies and by nobody, in a
// few articles.
func pairClaims(r *rand.Rand, n int) []Item {
	vocab := strings.Fields(`harbour ferry crane dock bridge council budget winter review route tax
		school clinic flood river vote wages rail tunnel loan fund nurses beds cargo toll`)
	names := strings.Fields("Varga Okoro Lund Pike Brenner Maribor Quell")
	fill := strings.Fields("the a of to in and we will that it")
	speakers := []*contract.Speaker{
		nil,
		{Name: "Ilse Varga", Type: contract.SpeakerPerson},
		{Name: "Mayor Ilse Varga", Type: contract.SpeakerPerson},
		{Name: "Varga", Type: contract.SpeakerPerson},
		{Name: "Bo Varga", Type: contract.SpeakerPerson},
		{Name: "Oren Okoro", Type: contract.SpeakerPerson},
		{Name: "Port authority", Type: contract.SpeakerOrganization},
		{Name: "Port authority officials", Type: contract.SpeakerOrganization},
		{Name: "officials", Type: "unnamed"},
		{Name: "someone", Type: contract.SpeakerUnknown},
	}
	word := func() string {
		switch r.IntN(10) {
		case 0:
			return names[r.IntN(len(names))]
		case 1:
			return fmt.Sprint([]int{3, 12, 25, 240, 1500}[r.IntN(5)])
		case 2, 3, 4:
			return fill[r.IntN(len(fill))]
		case 5:
			return []string{"not", "never", "no"}[r.IntN(3)]
		}
		return vocab[r.IntN(len(vocab))]
	}
	var statements [][]string
	for range 6 {
		ws := make([]string, 6+r.IntN(10))
		for k := range ws {
			ws[k] = word()
		}
		statements = append(statements, ws)
	}
	units := []string{"people killed", "dollars", "people homeless", ""}
	out := make([]Item, n)
	for i := range out {
		ws := statements[r.IntN(len(statements))]
		kind := []string{contract.KindQuote, contract.KindReported, contract.KindStatistic}[r.IntN(3)]
		var text string
		switch r.IntN(10) {
		case 0: // whole, as printed
			text = strings.Join(ws, " ")
		case 1: // truncated
			lo := r.IntN(len(ws) / 2)
			text = strings.Join(ws[lo:lo+2+r.IntN(len(ws)-lo-1)], " ")
		case 2: // a short quotation of it
			lo := r.IntN(len(ws) - 3)
			text = strings.Join(ws[lo:lo+1+r.IntN(3)], " ")
			kind = contract.KindQuote
		case 3: // a report quoting a run of it
			lo := r.IntN(len(ws) - 4)
			text = "she said the " + word() + " would “" + strings.Join(ws[lo:lo+4+r.IntN(len(ws)-lo-4)], " ") + "” soon"
			kind = contract.KindReported
		case 9: // a report quoting a label of two or three of its words and saying more
			lo := r.IntN(len(ws) - 3)
			text = "she said the “" + strings.Join(ws[lo:lo+2+r.IntN(2)], " ") + "” of the " + word() + " began after " + word() + " " + word() + " " + word()
			kind = contract.KindReported
		case 4: // reworded: words swapped, dropped or replaced
			v := append([]string(nil), ws...)
			for range 1 + r.IntN(4) {
				switch k := r.IntN(len(v)); r.IntN(3) {
				case 0:
					v[k] = word()
				case 1:
					j := r.IntN(len(v))
					v[k], v[j] = v[j], v[k]
				default:
					if len(v) > 3 {
						v = append(v[:k], v[k+1:]...)
					}
				}
			}
			text = strings.Join(v, " ")
		case 5: // two sentences
			text = strings.Join(ws, " ") + ". " + strings.ToUpper(vocab[r.IntN(len(vocab))][:1]) + "oth " + word() + " " + word() + " " + word()
		case 6: // rewritten: half the words kept, in order, others added
			var v []string
			for _, w := range ws {
				if r.IntN(5) < 3 {
					v = append(v, w)
				}
				for range r.IntN(3) {
					v = append(v, vocab[r.IntN(len(vocab))])
				}
			}
			text = strings.Join(v, " ")
		default: // another statement on the topic
			v := make([]string, 4+r.IntN(10))
			for k := range v {
				v[k] = word()
			}
			text = strings.Join(v, " ")
		}
		c := contract.Claim{ID: fmt.Sprint("c", i), Kind: kind, Text: text, Speaker: speakers[r.IntN(len(speakers))]}
		for range r.IntN(3) {
			v := float64([]int{3, 12, 25, 240, 1500, 7}[r.IntN(6)])
			c.Numbers = append(c.Numbers, contract.Number{Value: &v, Unit: units[r.IntN(len(units))]})
		}
		out[i] = NewItem(fmt.Sprint("a", r.IntN(n/6+1)), c)
	}
	// Own terms, article by article, as a store marks them.
	byArticle := map[string][]int{}
	for i := range out {
		byArticle[out[i].ArticleID] = append(byArticle[out[i].ArticleID], i)
	}
	for _, idx := range byArticle {
		art := make([]Item, len(idx))
		for k, i := range idx {
			art[k] = out[i]
		}
		MarkOwn(art, nil)
		for k, i := range idx {
			out[i] = art[k]
		}
	}
	// Stored claims reach Score decoded (DecodeFeatures), some with a
	// speaker key set after derive (a store's own key).
	for i := range out {
		it := &out[i]
		if r.IntN(2) == 0 {
			d, err := DecodeFeatures(it.ID, it.ArticleID, it.Kind, it.SpeakerKey, it.SpeakerType, it.Text, EncodeFeatures(nil, it))
			if err != nil {
				panic(err)
			}
			*it = d
		}
		if r.IntN(20) == 0 && it.SpeakerKey != "" {
			it.SpeakerKey = strings.Clone(it.SpeakerKey)
		}
		if r.IntN(40) == 0 {
			it.SpeakerKey = "ilse varga"
		}
	}
	return out
}

// TestScoreAgreesWithReference: Score, Near and ScoreNear give on every pair what
// the plain reading of their rules gives, and the pairs reach every rule.
func TestScoreAgreesWithReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	items := pairClaims(r, 700)
	hit := map[string]int{}
	scored, near := 0, 0
	for i := range items {
		for j := range items {
			a, b := &items[i], &items[j]
			got, want := Score(a, b), refScore(a, b, hit)
			if got != want {
				t.Fatalf("Score(%q %q %q, %q %q %q) = %v; read plainly %v",
					a.SpeakerKey, a.Kind, a.Text, b.SpeakerKey, b.Kind, b.Text, got, want)
			}
			if got > 0 && i != j {
				scored++
			}
			if got, want := Near(a, b), refNear(a, b); got != want {
				t.Fatalf("Near(%q %q, %q %q) = %v; read plainly %v", a.SpeakerKey, a.Text, b.SpeakerKey, b.Text, got, want)
			} else if got {
				near++
			}
			s, n := ScoreNear(a, b)
			if wantN := want <= 0 && refNear(a, b); s != want || n != wantN {
				t.Fatalf("ScoreNear(%q %q, %q %q) = %v, %v; read plainly %v, %v", a.SpeakerKey, a.Text, b.SpeakerKey, b.Text, s, n, want, wantN)
			}
		}
	}
	for _, rule := range []string{"exact", "figure", "cross", "few", "fragment", "own", "run", "ordered", "label"} {
		if hit[rule] == 0 {
			t.Errorf("no pair reached rule %q: the generated pairs do not exercise it (%v)", rule, hit)
		}
	}
	if scored < len(items) || near == 0 {
		t.Errorf("%d pairs scored, %d near: too few to tell", scored, near)
	}
	t.Logf("%d pairs scored, %d near; rules %v", scored, near, hit)
}
