package boilerplate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The line model's features: after the rules have had their say, the
// blocks they keep are described by the shape of the line and of its
// neighbours (length, capitals, terminal punctuation, repetition, links,
// position). cmd/fitlines labels them from annotated pages and fits a
// logistic model (internal/linemodel) on one data set to be checked on
// the other. As measured so far such a model has not carried over from
// the benchmark's HTML pages to stored text pages or back (see
// cmd/fitlines), so the filter does not consult one: the shapes that did
// carry over are rules (identifier, credit, callToAction, dropRepeats).

// featureNames are the inputs of the line model, in order. Every value is
// scaled to about [0, 1] so one step size fits all.
var featureNames = []string{
	"bias",
	"log_words",        // length, log-scaled
	"very_short",       // three words or fewer
	"ends_sentence",    // terminal punctuation
	"capitalised",      // share of words with a capital first letter
	"all_caps",         // letters, none lower case
	"small_lower",      // share of short lower-case words (articles, prepositions: running text has them)
	"link_density",     // share of the text in links (HTML)
	"digits",           // share of digits among the characters
	"identifier",       // one token glued with hyphens, underscores or digits (a slot or file name)
	"repeated",         // the same line elsewhere on the page
	"adjacent_repeat",  // the same line right before or after (an image's alt text and caption)
	"prev_prose",       // the block before is a paragraph
	"next_prose",       // the block after is a paragraph
	"position",         // where on the page, 0 top to 1 bottom
	"before_body",      // above the first paragraph
	"after_body",       // below the last paragraph
	"credit",           // a short bracketed credit ("(Photo: …)", "(Image/…)") or an open bracket at the end
	"heading",          // an HTML heading
	"list_item",        // an HTML list item
	"text_page",        // the page is plain text (no markup to go by)
	"paragraph",        // the pattern pass took it for a paragraph
	"call_to_action",   // opens with an interface verb ("add", "follow", "download" …)
	"words_rel_body",   // length against the page's median paragraph
	"verb_like",        // has a lower-case word ending like a verb form (-ed, -es, -s after a name …)
	"open_sentence",    // starts with a capital and has a full stop inside (a sentence, not a label)
	"question_exclaim", // ends in ? or !
}

// ctaVerbs open calls to action. A body subheading is a statement
// ("Council approves budget"); widget text tells the reader what to do.
var ctaVerbs = map[string]bool{
	"add": true, "follow": true, "download": true, "subscribe": true, "sign": true, "join": true,
	"click": true, "tap": true, "install": true, "enable": true, "allow": true, "bookmark": true,
	"register": true, "log": true, "login": true, "visit": true, "like": true, "share": true,
	"save": true, "get": true, "support": true, "donate": true, "upgrade": true, "try": true,
	"unlock": true, "swipe": true, "scroll": true, "watch": true, "listen": true, "read": true,
}

// ctaOnly are the interface verbs that open a call to action and hardly
// ever a headline (unlike "watch", "read" or "support", which are nouns
// as often).
var ctaOnly = map[string]bool{
	"add": true, "follow": true, "download": true, "subscribe": true, "sign": true, "click": true,
	"tap": true, "install": true, "enable": true, "bookmark": true, "register": true, "login": true,
	"unlock": true, "swipe": true, "scroll": true,
}

// callToAction: a short line that tells the reader to do something with
// the page or the site ("Add us as a preferred source", "Tap to unmute"),
// not a sentence of the story.
func callToAction(t string) bool {
	end := strings.IndexFunc(t, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(t)
	}
	if end == 0 || end > 10 || !ctaOnly[strings.ToLower(t[:end])] {
		return false
	}
	return !strings.HasSuffix(strings.TrimSpace(t), ".")
}

// Sample is one block the line model judges, with its features.
type Sample struct {
	Text string
	X    []float64
}

func proseSpan(infos []info) (first, last int) {
	first, last = -1, -1
	for i := range infos {
		if infos[i].kind == kProse {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	return first, last
}

// pageStats are the page-level inputs of the features.
type pageStats struct {
	counts      map[string]int
	first, last int
	medianWords int
	text        bool
	n           int
}

func statsOf(infos []info, keep []bool, opt Options) pageStats {
	s := pageStats{counts: make(map[string]int, len(infos)), text: opt.Text, n: len(infos), first: -1, last: -1}
	var ws []int
	for i := range infos {
		if infos[i].norm != "" {
			s.counts[infos[i].norm]++
		}
		if infos[i].kind == kProse && keep[i] {
			ws = append(ws, infos[i].words)
			if s.first < 0 {
				s.first = i
			}
			s.last = i
		}
	}
	if len(ws) > 0 {
		// a cheap median: sort a copy
		for i := 1; i < len(ws); i++ {
			for j := i; j > 0 && ws[j] < ws[j-1]; j-- {
				ws[j], ws[j-1] = ws[j-1], ws[j]
			}
		}
		s.medianWords = ws[len(ws)/2]
	}
	return s
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// features computes the line model's inputs for block i into x.
func features(infos []info, keep []bool, i int, s *pageStats, x []float64) {
	in := &infos[i]
	t := in.Text
	words, caps, smallLower, lowerVerb := 0, 0, 0, 0
	letters, upper, lower, digits, chars := 0, 0, 0, 0, 0
	firstWord := ""
	for w := range strings.FieldsSeq(t) {
		r, _ := utf8.DecodeRuneInString(w)
		core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if core == "" {
			continue
		}
		if firstWord == "" {
			firstWord = strings.ToLower(core)
		}
		words++
		c, _ := utf8.DecodeRuneInString(core)
		if unicode.IsUpper(c) {
			caps++
		} else if unicode.IsLower(c) {
			if utf8.RuneCountInString(core) <= 3 {
				smallLower++
			}
			if strings.HasSuffix(core, "ed") || strings.HasSuffix(core, "es") || strings.HasSuffix(core, "ing") {
				lowerVerb++
			}
		}
		_ = r
	}
	for _, r := range t {
		if unicode.IsSpace(r) {
			continue
		}
		chars++
		switch {
		case unicode.IsUpper(r):
			upper++
			letters++
		case unicode.IsLower(r):
			lower++
			letters++
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		}
	}
	wf := float64(max(words, 1))
	x[0] = 1
	x[1] = min(logish(in.words)/5, 1.5)
	x[2] = b2f(in.words <= 3)
	x[3] = b2f(endsSentence(t))
	x[4] = float64(caps) / wf
	x[5] = b2f(upper >= 3 && lower == 0)
	x[6] = float64(smallLower) / wf
	x[7] = in.LinkDensity
	if chars > 0 {
		x[8] = float64(digits) / float64(chars)
	}
	x[9] = b2f(!strings.ContainsRune(t, ' ') && identifier(t))
	x[10] = b2f(s.counts[in.norm] > 1)
	prev, next := neighbour(keep, i, -1), neighbour(keep, i, 1)
	x[11] = b2f(prev >= 0 && infos[prev].norm == in.norm || next >= 0 && infos[next].norm == in.norm)
	x[12] = b2f(prev >= 0 && infos[prev].kind == kProse)
	x[13] = b2f(next >= 0 && infos[next].kind == kProse)
	if s.n > 1 {
		x[14] = float64(i) / float64(s.n-1)
	}
	x[15] = b2f(s.first >= 0 && i < s.first)
	x[16] = b2f(s.last >= 0 && i > s.last)
	x[17] = b2f(credit(t))
	x[18] = b2f(in.Heading)
	x[19] = b2f(in.ListItem)
	x[20] = b2f(s.text)
	x[21] = b2f(in.kind == kProse)
	x[22] = b2f(ctaVerbs[firstWord])
	if s.medianWords > 0 {
		x[23] = min(float64(in.words)/float64(s.medianWords), 2) / 2
	}
	x[24] = b2f(lowerVerb > 0)
	c0, _ := utf8.DecodeRuneInString(t)
	x[25] = b2f(unicode.IsUpper(c0) && strings.Contains(strings.TrimRight(t, ". "), ". "))
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(t, " \"”’'"))
	x[26] = b2f(last == '?' || last == '!')
	_ = letters
}

func logish(n int) float64 {
	// log(1+n) without math: a few table points are enough for a feature.
	v := 0.0
	for m := n + 1; m > 1; m /= 2 {
		v += 0.6931
	}
	return v
}

// identifier: a token of words glued with hyphens or underscores, or
// letters and digits mixed, as ad slots and file names are written
// ("Home-Top-Banner-300x250", "IMG_2041").
func identifier(t string) bool {
	parts := strings.FieldsFunc(t, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == '/' })
	if len(parts) >= 3 {
		return true
	}
	hasL, hasD := false, false
	for _, r := range t {
		if unicode.IsLetter(r) {
			hasL = true
		} else if unicode.IsDigit(r) {
			hasD = true
		}
	}
	return len(parts) >= 2 && hasL && hasD
}

// credit: a bracketed photo or image credit — a short bracket holding a
// colon or a slash at the end of the line, or an opening bracket that the
// page cut off.
func credit(t string) bool {
	t = strings.TrimRight(t, " .")
	open := strings.LastIndexByte(t, '(')
	if open < 0 {
		return false
	}
	inner := t[open+1:]
	closed := strings.HasSuffix(inner, ")")
	inner = strings.TrimSuffix(inner, ")")
	if strings.ContainsRune(inner, ')') || countWords(inner) > 5 || countWords(inner) == 0 {
		return false
	}
	i := strings.IndexAny(inner, ":/")
	if i <= 0 {
		return false
	}
	// "(Photo: …)": the label before the mark is one word.
	label := strings.TrimSpace(inner[:i])
	if strings.ContainsRune(label, ' ') {
		return false
	}
	return closed || len(t)-open < 60
}

// neighbour is the nearest kept block before (dir -1) or after (dir 1) i.
func neighbour(keep []bool, i, dir int) int {
	for j := i + dir; j >= 0 && j < len(keep); j += dir {
		if keep[j] {
			return j
		}
	}
	return -1
}

// Samples returns the blocks the rules keep on this page, with the line
// model's features, for fitting the model (cmd/fitlines).
func Samples(blocks []Block, opt Options) []Sample {
	infos, res := prepare(blocks, opt)
	keep, _, _, ok := decide(infos, opt, &res)
	if !ok {
		return nil
	}
	s := statsOf(infos, keep, opt)
	var out []Sample
	for i := range infos {
		if keep[i] {
			x := make([]float64, len(featureNames))
			features(infos, keep, i, &s, x)
			out = append(out, Sample{Text: infos[i].Text, X: x})
		}
	}
	return out
}

// FeatureNames are the line model's inputs, in order.
func FeatureNames() []string { return append([]string(nil), featureNames...) }
