package group

import (
	"cmp"
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/claimwire/claimwire/pkg/contract"
)

// Item is what grouping needs to know about one claim.
type Item struct {
	// First: what Score reads before any other field (score.go, derive).
	scoreHead

	ID         string
	ArticleID  string
	Kind       string
	SpeakerKey string // "" when the claim has no usable speaker
	// SpeakerType is the speaker's contract type; a person's claims never
	// join another named person's.
	SpeakerType string
	Text        string
	Numbers     []float64
	Units       string // the numbers' units and qualifiers, for the measure class

	// Derived in NewItem, once: Related compares an item with many others.
	terms []string // ContentTerms(Text), sorted: smaller than the set, merged fast
	norm  string   // Normalize(Text)
	words []string // Words(Text), for exact partial quotes
	seq   []string // the terms in text order, each at its first use
	// weights[i] is terms[i]'s weight: names and figures anchor a
	// statement more than common words do; mass is their sum.
	weights []float64
	mass    float64
	nums    []float64 // every figure the text states, sorted: two claims with figures must share one
	measure string    // measureClass, for items with numbers
	// Terms only ever negated in Text, and only ever not (Polarity).
	negOnly, plainOnly []string
	// nameTails are the terms that only ever continue a name of several
	// words ("smith" of "Jane Smith"), sorted: Score counts such a name once.
	nameTails []string
	// own are the terms no other claim of the same speaker in the same
	// article prints, sorted; ownKnown says they were read (MarkOwn: a
	// claim built alone has no article to compare with).
	own       []string
	ownKnown  bool
	sentences int // sentences in Text
	// quoted are the word runs Text prints in quotation marks: a reported
	// version quotes the words of the statement it reports ("he urged them
	// to “turn the page”").
	quoted [][]string
	// quotedTerms are the content terms of each run of quoted, in its
	// order (labels.go); derived, not encoded.
	quotedTerms [][]string

	// Score's inner loop reads these rather than the strings above: a new
	// claim is scored against hundreds of stored ones, most of which share
	// no term with it, and merging sorted strings (each a pointer to chase)
	// was a third of Score's time. Not encoded: derive builds them from the
	// fields above, in NewItem and in DecodeFeatures alike.
	termIDs []termID // each term hashed with its weight, sorted (score.go)
}

// termSeed seeds the hash of terms and ids; a seed of its own, apart from
// the MinHash ones (0 to minHashes-1).
const termSeed = 0x5eed

// NewItem extracts the grouping features of a stored claim.
func NewItem(articleID string, c contract.Claim) Item {
	it := newItem(articleID, c)
	it.derive()
	return it
}

// newItem is NewItem but for derive: the fields that features encode.
func newItem(articleID string, c contract.Claim) Item {
	it := Item{ID: c.ID, ArticleID: articleID, Kind: c.Kind, Text: c.Text, SpeakerKey: ClaimSpeakerKey(c.Speaker)}
	if it.SpeakerKey != "" {
		it.SpeakerType = c.Speaker.Type
	}
	var units []string
	for _, n := range c.Numbers {
		if n.Value == nil {
			continue // a vague amount anchors nothing
		}
		it.Numbers = append(it.Numbers, *n.Value)
		units = append(units, n.Unit, n.Text)
	}
	if len(it.Numbers) == 0 && c.Kind == contract.KindStatistic {
		it.Numbers = numbersIn(c.Text)
	}
	it.Units = strings.Join(units, " ")
	// Computed now, not on first use: an Item is then never written after
	// NewItem, so stores may share it between goroutines (a cache).
	it.words = Words(it.Text)
	if cut(it.Text) && len(it.words) > minExactWords {
		it.words = it.words[: len(it.words)-1 : len(it.words)-1]
	}
	// One pass: the words are read once.
	terms, neg, plain := readTerms(it.words, &it.seq)
	it.terms = terms
	it.norm = Normalize(it.Text)
	it.nums = figures(it.Numbers, it.words)
	it.sentences = sentenceCount(it.Text)
	it.quoted = quotedRuns(it.Text)
	for i := range it.words {
		if negatesAt(it.words, i) {
			it.negs++
		}
	}
	names := nameTerms(it.Text)
	it.nameTails = nameTails(it.Text)
	it.weights = make([]float64, len(it.terms))
	for i, t := range it.terms {
		it.weights[i] = 1
		if names[t] || isNumber(t) {
			it.weights[i] = anchorWeight
		}
		it.mass += it.weights[i]
	}
	it.negOnly, it.plainOnly = without(neg, plain), without(plain, neg)
	if len(it.Numbers) > 0 {
		it.measure = measureClass(&it)
	}
	return it
}

// cut reports whether text ends in an ellipsis, an outlet's sign that it
// cut the sentence short (a teaser, a quotation clipped to a line), often
// within a word ("the northern co…"). Its last word is then dropped from
// the words read: a part of a word is no term the full wording shares, and
// it would keep the cut wording from being a run of the full one (an
// exact part); a whole word lost costs one term.
func cut(text string) bool {
	t := strings.TrimRight(text, " \t\n\"'\u201d\u2019)")
	return strings.HasSuffix(t, "...") || strings.HasSuffix(t, "\u2026")
}

// ClaimSpeakerKey is the cross-article key of a claim's speaker, "" when the
// speaker is missing or unknown (an unknown speaker must not glue claims).
func ClaimSpeakerKey(s *contract.Speaker) string {
	if s == nil || s.Type == contract.SpeakerUnknown {
		return ""
	}
	// keyed from the name, so claims extracted before a change of the key
	// function meet the new ones
	if s.Name != "" {
		return speakerKey(s.Name)
	}
	return speakerKey(s.Key)
}

// SpeakerKey is contract.SpeakerKey(name), from the cache speakerKey
// keeps.
func SpeakerKey(name string) string { return speakerKey(name) }

// speakerKey is contract.SpeakerKey(name), kept for the next claim of the
// same name: a speaker recurs in an article's claims and across articles,
// and keying the name (lower-casing, folding each word, a few allocations)
// was most of a claim's speaker cost. The cache stops growing at
// maxSpeakerKeys names (a few MB); names after that are keyed each time.
func speakerKey(name string) string {
	speakerKeys.RLock()
	k, ok := speakerKeys.m[name]
	speakerKeys.RUnlock()
	if ok {
		return k
	}
	k = contract.SpeakerKey(name)
	speakerKeys.Lock()
	if len(speakerKeys.m) < maxSpeakerKeys {
		// A copy: name is often a slice of a larger message.
		speakerKeys.m[strings.Clone(name)] = k
	}
	speakerKeys.Unlock()
	return k
}

const maxSpeakerKeys = 50_000

var speakerKeys = struct {
	sync.RWMutex
	m map[string]string
}{m: map[string]string{}}

var numberRE = regexp.MustCompile(`\d[\d,]*(?:\.\d+)?`)

func numbersIn(s string) []float64 {
	var out []float64
	for _, m := range numberRE.FindAllString(s, 4) {
		if v, err := strconv.ParseFloat(strings.ReplaceAll(m, ",", ""), 64); err == nil {
			out = append(out, v)
		}
	}
	return out
}

func (it *Item) contentTerms() []string { return it.terms }

// Words are Words(it.Text), read when the Item was built; not to be
// modified.
func (it *Item) Words() []string { return it.words }

// quotedRuns returns the words of each span of s in quotation marks, double
// or single ones (a single quote opens after a space and closes before one,
// so an apostrophe does neither).
//
// It reads s in place, rune by rune with each rune's width in s (a bad
// byte is a utf8.RuneError of width 1): decoded into runes first, the text
// was copied four times over for each claim.
func quotedRuns(s string) [][]string {
	var out [][]string
	open, closer := -1, rune(0)
	prev := ' '
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '\u201c', '\u201d', '\u2018', '\u2019', '"', '\'':
		default:
			prev = r // no case below but for a quotation mark
			i += w
			continue
		}
		next := ' '
		if i+w < len(s) {
			next, _ = utf8.DecodeRuneInString(s[i+w:])
		}
		switch {
		case open < 0 && (r == '\u201c' || r == '"' && !unicode.IsLetter(prev)):
			open, closer = i+w, '\u201d'
		case open < 0 && (r == '\u2018' || r == '\'') && !unicode.IsLetter(prev) && unicode.IsLetter(next):
			open, closer = i+w, '\u2019'
		case open >= 0 && (r == closer || closer == '\u201d' && r == '"' || closer == '\u2019' && r == '\'' && !unicode.IsLetter(next)):
			if ws := Words(s[open:i]); len(ws) > 0 {
				out = append(out, ws)
			}
			open = -1
		}
		prev = r
		i += w
	}
	return out
}

// sentenceCount counts the sentences of s: a full stop, question or
// exclamation mark followed by a space and a capital starts a new one.
func sentenceCount(s string) int {
	n := 1
	// Read in place from each stop (decoded into runes first, the text was
	// copied for each claim): a byte below 0x80 is always a rune of its own,
	// in invalid UTF-8 too.
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '.' && c != '?' && c != '!' {
			continue
		}
		r1, w1 := utf8.DecodeRuneInString(s[i+1:])
		if !unicode.IsSpace(r1) {
			continue
		}
		if r2, _ := utf8.DecodeRuneInString(s[i+1+w1:]); unicode.IsUpper(r2) {
			n++
		}
	}
	return n
}

// sentencesOf splits s where sentenceCount counts a new sentence.
func sentencesOf(s string) []string {
	var out []string
	rs := []rune(s)
	start := 0
	for i := 0; i+2 < len(rs); i++ {
		if (rs[i] == '.' || rs[i] == '?' || rs[i] == '!') && unicode.IsSpace(rs[i+1]) && unicode.IsUpper(rs[i+2]) {
			out = append(out, string(rs[start:i+1]))
			start = i + 1
		}
	}
	return append(out, string(rs[start:]))
}

// scales are the words that multiply the figure before them (scales.txt).
var scales = loadScales(scalesTxt)

//go:embed scales.txt
var scalesTxt string

func loadScales(txt string) map[string]float64 {
	m := map[string]float64{}
	for _, f := range dataLines(txt) {
		if len(f) != 2 {
			panic(fmt.Sprintf("group: scales.txt: bad line %q", strings.Join(f, " ")))
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			panic(fmt.Sprintf("group: scales.txt: bad factor %q", f[1]))
		}
		m[f[0]] = v
	}
	return m
}

// figureAt reads the figure written from words[i] on: its value and how
// many words write it, 0 for none. Digits ("1,500", "2.5") or a number
// word ("seven"); a tens word and a unit ("twenty-five", which Words
// splits, "forty two") are one figure; and a word of scale after it
// multiplies it ("2 lakh", "two hundred", "1.5 million").
func figureAt(words []string, i int) (float64, int) {
	w := words[i]
	v, ok := numberWords[w]
	if !ok && isNumber(w) {
		f, err := strconv.ParseFloat(strings.ReplaceAll(w, ",", ""), 64)
		v, ok = f, err == nil
	}
	if !ok {
		return 0, 0
	}
	n := 1
	if tensWords[w] && i+1 < len(words) {
		if u, ok := unitWords[words[i+1]]; ok {
			v += u
			n++
		}
	}
	if i+n < len(words) {
		if k, ok := scales[words[i+n]]; ok {
			v *= k
			n++
		}
	}
	return v, n
}

// tensWords are the number words a unit may follow ("twenty-one"), and
// unitWords those units ("one" among them: after a tens word it is no
// pronoun).
var (
	tensWords = map[string]bool{"twenty": true, "thirty": true, "forty": true, "fifty": true, "sixty": true,
		"seventy": true, "eighty": true, "ninety": true}
	unitWords = map[string]float64{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
		"eight": 8, "nine": 9}
)

// figureFollowers are the words that may continue a figure (a unit after a
// tens word, a scale): readTerms asks figureAt only before one of them.
var figureFollowers = func() map[string]bool {
	m := map[string]bool{}
	for w := range unitWords {
		m[w] = true
	}
	for w := range scales {
		m[w] = true
	}
	return m
}()

// numberWords are the spelled-out counts news text uses ("seven deaths");
// "one" is left out, since it is far more often a pronoun ("the next one").
var numberWords = map[string]float64{"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
	"ninety": 90, "hundred": 100}

// figures is the sorted set of numbers a claim states: the extractor's
// values and every number written in the text, so "Rs 2 lakh" read as
// 200000 by one outlet and as 2 by the text of another still meet.
//
// An age ("the 34-year-old", "aged 34") says who someone is, not what the
// claim states: a reported version that describes the speaker must not
// disagree on figures with the quote it reports, so ages are left out.
//
// A figure followed by a word of scale (scales.txt) is the product: "2
// lakh" and "200,000" are one figure, "1.5 million" and "1,500,000" too,
// where the figure and the scale read apart would disagree with the digits
// ("2" is no figure of "200,000").
func figures(extracted []float64, words []string) []float64 {
	var out, ages []float64
	for i := 0; i < len(words); i++ {
		v, n := figureAt(words, i)
		if n == 0 {
			continue
		}
		if isAge(words, i) || isAge(words, i+n-1) {
			ages = append(ages, v)
			i += n - 1
			continue
		}
		i += n - 1 // the words after the first are no figures of their own
		out = append(out, v)
	}
	for _, v := range extracted {
		if !slices.Contains(ages, v) || slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// isAge reports whether the number at words[i] is someone's age: "34 year
// old", "34 years old", "aged 34".
func isAge(words []string, i int) bool {
	if i > 0 && words[i-1] == "aged" {
		return true
	}
	return i+2 < len(words) && (words[i+1] == "year" || words[i+1] == "years") && words[i+2] == "old"
}

// Keys are the blocking keys of an item: only items sharing a key are ever
// compared, which keeps grouping incremental and cheap (a new claim is
// compared with the claims of the same speaker, or for a speakerless figure
// with the claims citing the same number), instead of with every claim.
func Keys(it *Item) []string {
	var keys []string
	// Loose: no speaker, or a body or an unnamed source, which may carry a
	// person's words (an agency's copy of a minister's statement).
	loose := it.SpeakerKey == "" || !isPerson(it)
	if it.SpeakerKey != "" {
		keys = append(keys, "s:"+it.SpeakerKey)
		f := strings.Fields(it.SpeakerKey)
		switch {
		case !isPerson(it):
			// "officials in peru" meets "officials" (speakers).
			for _, w := range f {
				if !stopwords[w] {
					keys = append(keys, "sg:"+w)
				}
			}
		case len(f) > 1:
			// The surname alone too: a key that kept a title ("democrat
			// jane roe") meets the bare name.
			keys = append(keys, "sn:"+f[len(f)-1])
		}
	}
	if loose || it.Kind == contract.KindStatistic {
		// Every figure the text states, not only those the extractor
		// read: an agency's "the toll has risen to 25" meets "25 dead".
		for _, v := range it.nums {
			keys = append(keys, "n:"+strconv.FormatFloat(v, 'g', -1, 64))
		}
	}
	// MinHash keys let a claim meet its near-copies that another outlet left
	// unattributed or credited to a body: two claims whose term sets overlap
	// by J share each key with probability J. Claims of a person and loose
	// claims store them under different prefixes so that a person's claim
	// only looks up loose ones (QueryKeys): a frequent term must not make
	// every person's claim a candidate of every other.
	if terms := it.contentTerms(); len(terms) >= minCrossTerms && it.Kind != contract.KindStatistic {
		prefix := "ha"
		if loose {
			prefix = "hu"
		}
		for i := range minHashes {
			keys = append(keys, prefix+strconv.Itoa(i)+":"+minTerm(terms, uint64(i)))
		}
	}
	sort.Strings(keys)
	return dedupe(keys)
}

// IsSketch reports whether k is a person's claim's MinHash key. Every such
// claim has them but only loose claims look them up, so
// a store may keep them in a cheaper index, written often and read rarely,
// than the blocking keys proper.
func IsSketch(k string) bool { return strings.HasPrefix(k, "ha") }

// QueryKeys are the keys under which to look for an item's candidates: its
// own keys, except that a person's claim's MinHash lookups go to the loose
// claims only (two people's claims meet by speaker), and a bare surname
// looks up the full names that end in it.
func QueryKeys(it *Item) []string { return QueryKeysOf(Keys(it)) }

// QueryKeysOf is QueryKeys of an item whose Keys are keys (left as they
// are): a store that stores an item's keys and looks up its query keys
// computes the keys once.
func QueryKeysOf(keys []string) []string {
	out := make([]string, 0, len(keys)+2)
	for _, k := range keys {
		if strings.HasPrefix(k, "ha") {
			out = append(out, "hu"+k[2:])
			continue
		}
		if strings.HasPrefix(k, "s:") {
			if f := strings.Fields(k[2:]); len(f) == 1 {
				out = append(out, "sn:"+f[0]) // a surname alone meets the full names
			}
		}
		out = append(out, k)
		if strings.HasPrefix(k, "hu") {
			out = append(out, "ha"+k[2:])
		}
	}
	sort.Strings(out)
	return dedupe(out)
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// MinHash blocking: claims with fewer content terms get no MinHash keys
// (too common to find), and each claim gets minHashes of them.
const (
	minCrossTerms = 4
	minHashes     = 4
)

// minTerm is the term with the smallest hash under seed i (MinHash).
func minTerm(terms []string, seed uint64) string {
	best, bestH := "", uint64(0)
	for _, t := range terms {
		h := fnv64(t, seed)
		if best == "" || h < bestH || h == bestH && t < best {
			best, bestH = t, h
		}
	}
	return best
}

func fnv64(s string, seed uint64) uint64 {
	h := uint64(14695981039346656037) ^ (seed * 0x9e3779b97f4a7c15)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	// Final mix so seeds differ in more than the low bits.
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// Related reports whether a and b, compared alone, state the same thing:
// Score at least JoinScore. Clusters use Fit, which compares a claim with a
// cluster's representative and members rather than with one claim.
func Related(a, b *Item) bool {
	return Score(a, b) >= JoinScore
}

// contradicts reports whether one item negates a term the other states
// without negation. A term absent from one side (a truncated quote) is no
// contradiction.
// Two wordings with as many negations are both negative however they place
// them ("no wall can withstand it", "I don't believe any wall could
// withstand it").
func contradicts(a, b *Item) bool {
	if a.negs == b.negs {
		return false
	}
	return sharesSorted(a.negOnly, b.plainOnly) || sharesSorted(b.negOnly, a.plainOnly)
}

// Contradicts is contradicts, for callers that weigh members one by one.
func Contradicts(a, b *Item) bool { return contradicts(a, b) }

func sharesSorted(a, b []string) bool {
	n, _ := overlap(a, b)
	return n > 0
}

func sharesNumber(a, b []float64) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// anchorWeight is the weight of a name or a figure against a common word's 1.
const anchorWeight = 2

// nameTerms are the terms of s written capitalised inside a sentence: names
// of people, places and bodies, which one outlet's paraphrase keeps when it
// changes every other word.
func nameTerms(s string) map[string]bool {
	out := map[string]bool{}
	start := true
	word := []rune{}
	flush := func(next rune) {
		if len(word) > 0 {
			if !start && unicode.IsUpper(word[0]) {
				if t, ok := contentTerm(string(Words(string(word))[0])); ok {
					out[t] = true
				}
			}
			start = false
		}
		word = word[:0]
		if next == '.' || next == '!' || next == '?' || next == ':' || next == '"' || next == '\u201c' {
			start = true
		}
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			word = append(word, r)
			continue
		}
		flush(r)
	}
	flush(0)
	return out
}

// nameTails returns the sorted terms of s that only ever follow another
// capitalised word with nothing but a space between them: the second and
// later words of a name of several words.
func nameTails(s string) []string {
	tail, alone := map[string]bool{}, map[string]bool{}
	prevCap := false
	for _, tok := range strings.Fields(s) {
		word := strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		first, _ := utf8.DecodeRuneInString(word)
		lead := unicode.IsUpper(first)
		if !lead {
			prevCap = false
			continue
		}
		if ws := Words(word); len(ws) > 0 {
			if t, ok := contentTerm(ws[0]); ok {
				// A leading mark ("“Smith") also breaks the name.
				if prevCap && strings.IndexFunc(tok, unicode.IsLetter) == 0 {
					tail[t] = true
				} else {
					alone[t] = true
				}
			}
		}
		// A trailing mark ("Smith,") ends the name.
		last, _ := utf8.DecodeLastRuneInString(tok)
		prevCap = lead && (unicode.IsLetter(last) || unicode.IsDigit(last))
	}
	var out []string
	for t := range tail {
		if !alone[t] {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// overlap counts the terms two sorted term lists (words, or their hashes)
// share, and the length of the shorter.
func overlap[T cmp.Ordered](a, b []T) (inter, small int) {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return inter, min(len(a), len(b))
}

// measureClasses say what a figure counts; two figures of one value and one
// class are the same figure. Ordered: the first class whose stems appear wins.
var measureClasses = []struct {
	class string
	stems []string
}{
	{"killed", []string{"kill", "dead", "death", "die", "fatal", "fatalitie", "fatality", "slain", "bodie", "body", "toll", "live", "life"}},
	{"injured", []string{"injur", "wound", "hurt", "casualtie", "casualty"}},
	{"displaced", []string{"displac", "refuge", "evacuat", "homeles", "flee", "fled"}},
	{"arrested", []string{"arrest", "detain", "custody", "jail"}},
	{"convicted", []string{"convict", "guilty", "sentenc"}},
	{"percent", []string{"percent", "%", "cent"}},
	{"money", []string{"dollar", "$", "rupee", "euro", "pound", "usd", "billion", "million", "crore", "lakh"}},
}

// measureClass is the class of its figures (measureClasses), from the
// terms of its units and text. Those are the units' terms and it.terms,
// the text's (Words of two texts joined by a space are each's words in
// turn): read from the text joined to the units, the text was tokenised
// twice.
func measureClass(it *Item) string {
	units := ContentTerms(it.Units)
	has := func(t string) bool {
		if _, ok := units[t]; ok {
			return true
		}
		_, ok := slices.BinarySearch(it.terms, t)
		return ok
	}
	raw := it.Units + " " + it.Text
	for _, mc := range measureClasses {
		for _, s := range mc.stems {
			if has(s) {
				return mc.class
			}
			// A class word as Stem writes it: "toll" is the term "tol".
			if has(Stem(s)) {
				return mc.class
			}
			if (s == "%" || s == "$") && strings.Contains(raw, s) {
				return mc.class
			}
		}
	}
	return ""
}

// fragmentOf reports whether one of a and b, both credited to one speaker
// (sp, their speakers),
// is a fragment of the other: a quotation of at most maxFragmentWords words
// that the other prints word for word ("darkness" of "in this hour of
// darkness we will be the lamp"). An outlet that quotes a speech by one
// word or two quotes the statement those words come from.
func fragmentOf(a, b *Item, sp int) bool {
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
	if len(x.words) <= maxFragmentWords && containsRun(y.words, x.words) {
		return true
	}
	// A name alone ("the Smiths") is whom a statement addresses, not the
	// statement: the words that stand apart must be two common ones.
	return plainTerms(x) >= 2 && termsWithin(y.words, x.seq, len(x.words)+fragmentSlack)
}

// plainTerms counts it's terms that are neither names nor figures.
func plainTerms(it *Item) int {
	n := 0
	for _, w := range it.weights {
		if w == 1 {
			n++
		}
	}
	return n
}

// fragmentSlack: a short quotation's words may sit this many words further
// apart in the longer wording ("turn up the volume" / "turn the volume up";
// "thorough and transparent" / "thorough, transparent").
const fragmentSlack = 2

// termsWithin reports whether words hold the terms seq, in that order,
// within some window of at most span words.
func termsWithin(words, seq []string, span int) bool {
	for i := range words {
		if t, ok := contentTerm(words[i]); !ok || t != seq[0] {
			continue
		}
		k := 1
		for j := i + 1; j < len(words) && j < i+span && k < len(seq); j++ {
			if t, ok := contentTerm(words[j]); ok && t == seq[k] {
				k++
			}
		}
		if k == len(seq) {
			return true
		}
	}
	return false
}

// containsRun reports whether words holds run as consecutive words.
func containsRun(words, run []string) bool {
	for i := 0; i+len(run) <= len(words); i++ {
		if slices.Equal(run, words[i:i+len(run)]) {
			return true
		}
	}
	return false
}

// maxFragmentWords: a quotation this short is a fragment, too short for an
// exact part (minExactWords) but not for a part of its speaker's words.
const maxFragmentWords = minExactWords - 1
