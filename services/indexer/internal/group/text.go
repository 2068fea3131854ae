// Package group decides which claims from different articles are the same
// underlying quote or claim: Score compares two claims, Fit a claim with a
// cluster (its representative and the members it was compared with), and
// the store adds each claim to the best-fitting cluster or founds a new one.
// Everything here is a pure function of its arguments, so replaying the
// same stream gives the same clusters; a different arrival order may group
// borderline wordings differently.
package group

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize lower-cases s, folds typographic quotes, dashes and accents, and
// collapses whitespace: two wordings that Normalize to the same string are
// the same wording (not a variant).
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		r = foldRune(r)
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimSpace(b.String())
}

// Words splits s into lower-case words of letters and digits; an apostrophe
// ends a word, so "Kabul's" yields "kabul" and "s" (which is a stopword).
func Words(s string) []string {
	if s == "" {
		return nil
	}
	// Room for a word per space and the last: grown several times
	// otherwise, on every text read.
	out := make([]string, 0, strings.Count(s, " ")+1)
	// The current word: cur, folded, made of s[start:end] (a word's runes
	// are consecutive in s). Most words are already folded (lower case,
	// no accent): s's own bytes are then the word, and no string is
	// allocated for it; this was most of the allocations of a claim's
	// features.
	var cur []byte
	start, end := 0, 0
	lastDigit := false
	var sep rune // a ',' or '.' seen right after a digit, kept if a digit follows
	flush := func() {
		if len(cur) > 0 {
			if w := s[start:end]; string(cur) == w {
				out = append(out, w)
			} else {
				out = append(out, string(cur))
			}
			cur = cur[:0]
		}
		sep = 0
	}
	for i, r := range s {
		r = foldRune(r)
		switch {
		case unicode.IsDigit(r):
			// Keep "1,000" and "2.5" as one token.
			if sep != 0 {
				cur = utf8.AppendRune(cur, sep)
				sep = 0
			}
			if len(cur) == 0 {
				start = i
			}
			cur = utf8.AppendRune(cur, r)
			end, lastDigit = i+runeLenAt(s, i), true
		case unicode.IsLetter(r):
			if sep != 0 {
				flush()
			}
			if len(cur) == 0 {
				start = i
			}
			cur = utf8.AppendRune(cur, r)
			end, lastDigit = i+runeLenAt(s, i), false
		case (r == ',' || r == '.') && sep == 0 && len(cur) > 0 && lastDigit:
			sep = r
		default:
			flush()
		}
	}
	flush()
	if len(out) == 0 {
		return nil
	}
	return out
}

// runeLenAt is the length in bytes of the rune of s at i (utf8.RuneLen of
// the folded rune may differ from it).
func runeLenAt(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	return n
}

// foldRune lower-cases and strips the accents of common Latin letters, so
// "Khawaja" and "Khawâja" compare equal, and unifies quote and dash forms.
func foldRune(r rune) rune {
	// ASCII, most of any text, from a table, inline.
	if uint32(r) < utf8.RuneSelf {
		return rune(asciiFold[r])
	}
	return foldRuneSlow(r)
}

// asciiFold is foldRuneSlow of each ASCII rune.
var asciiFold = func() (t [utf8.RuneSelf]byte) {
	for r := range t {
		t[r] = byte(foldRuneSlow(rune(r)))
	}
	return t
}()

// foldRuneSlow is foldRune of any rune.
func foldRuneSlow(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u02bc', '`', '\u00b4':
		return '\''
	case '\u201c', '\u201d', '\u201e', '\u00ab', '\u00bb':
		return '"'
	case '\u2013', '\u2014', '\u2212':
		return '-'
	case '\u00a0', '\u2009', '\u202f':
		return ' '
	case '\u00ad', '\u200b':
		return ' '
	}
	r = unicode.ToLower(r)
	if r < 0xC0 || r > 0x17F {
		return r
	}
	if f, ok := accentFold[r]; ok {
		return f
	}
	return r
}

var accentFold = func() map[rune]rune {
	m := map[rune]rune{}
	groups := map[rune]string{
		'a': "àáâãäåāăą", 'c': "çćĉċč", 'd': "ďđ", 'e': "èéêëēĕėęě", 'g': "ĝğġģ",
		'h': "ĥħ", 'i': "ìíîïĩīĭįı", 'j': "ĵ", 'k': "ķ", 'l': "ĺļľŀł", 'n': "ñńņňŉ",
		'o': "òóôõöøōŏő", 'r': "ŕŗř", 's': "śŝşš", 't': "ţťŧ", 'u': "ùúûüũūŭůűų",
		'w': "ŵ", 'y': "ýÿŷ", 'z': "źżž",
	}
	for base, vs := range groups {
		for _, v := range vs {
			m[v] = base
		}
	}
	return m
}()

// stopwords are function words and reporting filler: they carry no meaning
// of their own, and "would"/"will"-style modal drift between outlets must not
// count as a difference or as an overlap.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but if then than so as of at by for from in into on onto to
	with within without about above after again against all also am any are aren't be been being before below
	between both can could did do does doing down during each few further had has have having he her here hers
	herself him himself his how i is it its itself just let me more most my myself no nor now off once only
	other our ours out over own same she should some such that their theirs them themselves there these they
	this those through too under until up very was we were what when where which while who whom why will would
	you your yours s t d ll m re ve said says say told according also even yet may might must shall us we've
	it's that's there's mr mrs ms dr per via
	like upon across among toward towards despite beyond along amid because since though although whether unless`) {
		m[w] = true
	}
	// The prepositions and conjunctions of the last line were terms: "like"
	// above all, which two statements of one speaker that compare others to
	// one person share with the name ("landlords like X", "developers like
	// X") — a third shared term that let them join. (News dev, store
	// harness: pair F1 in file order 0.719 -> 0.719; mean of 8 shuffled
	// orders 0.681 -> 0.684 with "like" alone, precision 0.884 -> 0.896
	// with the line.)
	// "us" the pronoun is a stopword but "US" the country usually is not;
	// without case we cannot tell, and dropping it costs less than keeping it.
	return m
}()

// synonyms fold words that outlets swap when they reword the same statement
// (a reporter's "admitted" is another's "acknowledged"): each word and its
// stem map to its family's first word. The families are data
// (synonyms.txt, with why each exists).
var synonyms = loadSynonyms(synonymsTxt)

//go:embed synonyms.txt
var synonymsTxt string

// irregular maps an irregular verb form to its base ("began" → "begin"),
// from irregular.txt.
var irregular = loadIrregular(irregularTxt)

//go:embed irregular.txt
var irregularTxt string

// dataLines are the words of each line of a data file that holds any, with
// "#" comments dropped.
func dataLines(txt string) [][]string {
	var out [][]string
	for _, line := range strings.Split(txt, "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if f := strings.Fields(line); len(f) > 0 {
			out = append(out, f)
		}
	}
	return out
}

func loadIrregular(txt string) map[string]string {
	m := map[string]string{}
	for _, f := range dataLines(txt) {
		for _, w := range f[1:] {
			if prev, ok := m[w]; ok && prev != f[0] {
				panic(fmt.Sprintf("group: irregular.txt: %q is a form of %q and %q", w, prev, f[0]))
			}
			m[w] = f[0]
		}
	}
	return m
}

// loadSynonyms parses the families; a word in two families is a mistake in
// the table (which family would it fold to?), so it panics at start-up.
func loadSynonyms(txt string) map[string]string {
	m := map[string]string{}
	for _, fam := range dataLines(txt) {
		head := fam[0]
		for _, w := range fam {
			for _, k := range []string{w, Stem(w)} {
				if prev, ok := m[k]; ok && prev != head {
					panic(fmt.Sprintf("group: synonyms.txt: %q is in the families of %q and %q", k, prev, head))
				}
				m[k] = head
			}
		}
	}
	return m
}

// Stem is a deliberately crude suffix stripper: enough that "controls",
// "controlled" and "controlling" meet, without a dictionary.
func Stem(w string) string {
	if len(w) <= 3 || isNumber(w) {
		return w
	}
	for _, suf := range []string{"ingly", "edly", "ing", "ied", "ies", "ed", "es", "ly", "s"} {
		if strings.HasSuffix(w, suf) && len(w)-len(suf) >= 3 {
			switch suf {
			case "ied", "ies":
				w = w[:len(w)-3] + "y"
			case "s":
				if strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is") {
					return w
				}
				w = w[:len(w)-1]
			default:
				w = w[:len(w)-len(suf)]
			}
			break
		}
	}
	// "controll" → "control", "stopp" → "stop".
	if n := len(w); n >= 4 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiou", rune(w[n-1])) {
		w = w[:n-1]
	}
	// "acknowledge" and "acknowledg(ed)" meet.
	if n := len(w); n >= 4 && w[n-1] == 'e' {
		w = w[:n-1]
	}
	return w
}

func isNumber(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !(unicode.IsDigit(r) || r == '.' || r == ',') {
			return false
		}
	}
	return true
}

// negators are words that negate what follows; a contraction ("won't",
// "didn't") reaches here as its stem and "t" (Words splits at the
// apostrophe).
var negators = map[string]bool{"not": true, "never": true, "no": true, "nor": true, "cannot": true,
	"neither": true, "nobody": true, "nothing": true, "none": true}

// failVerbs negate the verb of the infinitive they govern: "failed to
// follow the rules" says the rules were not followed, as "did not follow"
// does, and a wording that says they were followed is another statement.
var failVerbs = map[string]bool{"fail": true, "fails": true, "failed": true, "failing": true, "unable": true}

// negatesAt reports whether words[i] negates what follows: a negator, the
// "didn" of "didn't" (Words splits at the apostrophe), or a verb of
// failing before an infinitive ("failed to", "unable to").
func negatesAt(words []string, i int) bool {
	w := words[i]
	if negators[w] {
		return true
	}
	if i+1 >= len(words) {
		return false
	}
	return words[i+1] == "t" || failVerbs[w] && words[i+1] == "to"
}

// Polarity returns the content terms of s that are negated (the first content
// term within three words after a negator: "will not accept", "won't ever
// accept") and those that appear without a negation. A term can be in both.
func Polarity(s string) (negated, plain map[string]struct{}) {
	_, neg, pl := readTerms(Words(s), nil)
	return set(neg), set(pl)
}

// readTerms is ContentTerms and Polarity in one pass over a text's words
// (Words), each sorted, a term once; when seq is not nil, it also appends
// the terms to it in the order of their first use. Slices, not sets: a
// claim has a few dozen terms, and three maps per claim were most of the
// allocations of its features.
//
// Until a word negates, plain is all: it is only copied from all then (most
// texts negate nothing, and then share one sorted list for both).
func readTerms(words []string, seq *[]string) (all, negated, plain []string) {
	all = make([]string, 0, len(words))
	negation := false // a word negated so far
	if seq != nil && *seq == nil && len(words) > 0 {
		*seq = make([]string, 0, len(words))
		// nil, as before, when no term is appended: the encoding keeps nil
		// and empty apart.
		defer func() {
			if len(*seq) == 0 {
				*seq = nil
			}
		}()
	}
	pending := 0 // words left in the current negation's reach
	skip := 0    // words of a figure already read (figureAt)
	for i, w := range words {
		if skip > 0 {
			skip--
			continue
		}
		before := len(all)
		t, ok := contentTerm(w)
		if i+1 < len(words) && figureFollowers[words[i+1]] {
			// a figure of several words ("twenty-five", "2 lakh") is
			// the term of its digits
			if v, n := figureAt(words, i); n > 1 {
				t, ok, skip = strconv.FormatFloat(v, 'f', -1, 64), true, n-1
			}
		}
		if ok {
			if seq != nil && !slices.Contains(*seq, t) {
				*seq = append(*seq, t)
			}
			all = append(all, t)
		}
		if negatesAt(words, i) {
			if !negation {
				negation = true
				plain = append(make([]string, 0, len(words)), all[:before]...)
			}
			pending = 3 // "didn" of "didn't" negates too
			continue
		}
		if w == "t" {
			continue
		}
		if !ok {
			if pending > 0 {
				pending--
			}
			continue
		}
		if pending > 0 {
			negated = append(negated, t)
			pending = 0
			continue
		}
		if negation {
			plain = append(plain, t)
		}
	}
	all = sortedSet(all)
	if !negation {
		return all, nil, all
	}
	return all, sortedSet(negated), sortedSet(plain)
}

// sortedSet sorts ts and drops repeats, in place; nil when empty (the
// encoding keeps nil and empty apart, and sets built by appending were nil).
func sortedSet(ts []string) []string {
	if len(ts) == 0 {
		return nil
	}
	slices.Sort(ts)
	return slices.Compact(ts)
}

// set is ts as a set.
func set(ts []string) map[string]struct{} {
	m := make(map[string]struct{}, len(ts))
	for _, t := range ts {
		m[t] = struct{}{}
	}
	return m
}

// without is the terms of a (sorted) not in b (sorted), in order.
func without(a, b []string) []string {
	if len(a) == 0 {
		return nil
	}
	if len(b) == 0 {
		return a[:len(a):len(a)] // most claims negate nothing: no copy
	}
	var out []string
	j := 0
	for _, t := range a {
		for j < len(b) && b[j] < t {
			j++
		}
		if j < len(b) && b[j] == t {
			continue
		}
		out = append(out, t)
	}
	return out
}

// contentTerm is w's term, or false for a function word. A figure's term
// is its digits without the separators of thousands ("1,500" and "1500",
// "5,00,000" and "500,000" are one figure).
func contentTerm(w string) (string, bool) {
	if stopwords[w] || len(w) < 2 && !isNumber(w) {
		return "", false
	}
	if strings.IndexByte(w, ',') >= 0 && isNumber(w) {
		return strings.ReplaceAll(w, ",", ""), true
	}
	if base, ok := irregular[w]; ok {
		w = base
	}
	if f, ok := synonyms[w]; ok {
		return f, true
	}
	st := Stem(w)
	if f, ok := synonyms[st]; ok {
		st = f
	}
	return st, true
}

// ContentTerms is the set of meaning-bearing stems of s, with synonyms folded.
func ContentTerms(s string) map[string]struct{} {
	all, _, _ := readTerms(Words(s), nil)
	return set(all)
}
