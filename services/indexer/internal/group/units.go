package group

import (
	_ "embed"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimwire/claimwire/pkg/contract"
)

// Units: the assertions a claim's text holds. The extractor emits one claim
// per quotation (split only where it knows the parts are quoted apart), so
// one claim may carry several statements: a long quotation printed whole,
// or a quote with the speaker's tag inside it. Grouping a claim of several
// statements as one either splits it from every outlet that quoted one of
// them or glues those statements together; the store therefore groups each
// sentence of such a claim as a unit of its own.

// minUnitWords: a sentence of fewer words is no assertion of its own but a
// lead-in or a tail of its neighbour ("I have one thing to say." before the
// thing; "A new start." after a statement), and stays with it.
const minUnitWords = 5

// Unit is one assertion of a claim's text: Text is Claim.Text[Start:End]
// (bytes), trimmed of spaces.
type Unit struct {
	Text       string
	Start, End int
}

// Units splits text at its sentence ends into units, and a claim not a quote
// (a reported claim, an outlet's sentence stating a figure) also where a
// second reported act starts ("… and announced …",
// coordinated.txt); any claim also inside a sentence where a second
// assertion starts (innerCuts: after a dash or semicolon, before "and" and
// a second past-tense act, a second sum of money or a second quotation,
// before ", so" and a consequence, ", which" or ", who" and a relative
// clause, or a second infinitive). A unit shorter than
// minUnitWords is kept with the one before it (or after it, when it comes
// first). A text of one sentence with no such cut is one unit.
func Units(kind, text string) []Unit {
	var out []Unit
	start := 0
	piece := func(end int) {
		if kind != contract.KindQuote && mayCoordinate(text[start:end]) {
			base := start
			for _, m := range coordinatedRE.FindAllStringSubmatchIndex(text[base:end], -1) {
				out = appendUnit(out, text, start, base+m[0])
				start = base + m[3]
			}
		}
		for _, c := range innerCuts(text[start:end]) {
			out = appendUnit(out, text, start, start+c[0])
			start += c[1]
		}
		out = appendUnit(out, text, start, end)
		start = end
	}
	for _, end := range sentenceEnds(text) {
		piece(end)
	}
	piece(len(text))
	// A short first sentence joins the second.
	if len(out) > 1 && len(Words(out[0].Text)) < minUnitWords {
		out[1] = unitOf(text, out[0].Start, out[1].End)
		out = out[1:]
	}
	return out
}

func appendUnit(out []Unit, text string, start, end int) []Unit {
	u := unitOf(text, start, end)
	if u.Text == "" {
		return out
	}
	if n := len(out); n > 0 && len(Words(u.Text)) < minUnitWords {
		out[n-1] = unitOf(text, out[n-1].Start, u.End)
		return out
	}
	return append(out, u)
}

// unitOf is text[start:end] trimmed of spaces, with its trimmed bounds.
func unitOf(text string, start, end int) Unit {
	s := text[start:end]
	lead := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
	s = strings.TrimSpace(s)
	return Unit{Text: s, Start: start + lead, End: start + lead + len(s)}
}

// sentenceEnds are the byte offsets just after each sentence end of text but
// the last: a full stop, question or exclamation mark (and any closing
// quotation marks) followed by space and a capital or an opening quotation
// mark, unless the stop ends an abbreviation or an initial.
func sentenceEnds(text string) []int {
	var out []int
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		if r != '.' && r != '?' && r != '!' {
			continue
		}
		end := i
		for end < len(text) {
			c, m := utf8.DecodeRuneInString(text[end:])
			if !closingQuote(c) {
				break
			}
			end += m
		}
		j := end
		for j < len(text) {
			c, m := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsSpace(c) {
				break
			}
			j += m
		}
		if j == end || j == len(text) {
			continue
		}
		next, m := utf8.DecodeRuneInString(text[j:])
		if openingQuote(next) {
			next, _ = utf8.DecodeRuneInString(text[j+m:])
		}
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) {
			continue
		}
		if r == '.' && abbreviated(text[:i-1]) {
			continue
		}
		out = append(out, end)
		i = j
	}
	return out
}

// abbreviated reports whether before (the text up to a full stop) ends in an
// abbreviation or an initial.
func abbreviated(before string) bool {
	k := len(before)
	for k > 0 {
		r, n := utf8.DecodeLastRuneInString(before[:k])
		if !unicode.IsLetter(r) {
			break
		}
		k -= n
	}
	w := before[k:]
	if w == "" {
		return false
	}
	if utf8.RuneCountInString(w) == 1 && unicode.IsUpper([]rune(w)[0]) {
		return true
	}
	return abbreviations[strings.ToLower(w)]
}

func closingQuote(r rune) bool {
	return r == '"' || r == '\u201d' || r == '\u2019' || r == '\'' || r == ')'
}
func openingQuote(r rune) bool {
	return r == '"' || r == '\u201c' || r == '\u2018' || r == '\'' || r == '('
}

// coordinatedRE matches the connector before a second reported act: group
// 1 is the connector, the act starts where it ends.
var coordinatedRE = regexp.MustCompile(`(,?\s+(?:and|but also|but|while also)\s+)(?:` +
	strings.Join(slices.Sorted(maps.Keys(loadWords(coordinatedTxt))), "|") + `)\b`)

//go:embed coordinated.txt
var coordinatedTxt string

// abbreviations are from abbreviations.txt.
var abbreviations = loadWords(abbreviationsTxt)

//go:embed abbreviations.txt
var abbreviationsTxt string

func loadWords(txt string) map[string]bool {
	m := map[string]bool{}
	for _, f := range dataLines(txt) {
		for _, w := range f {
			m[w] = true
		}
	}
	return m
}

// minPartWords: a part cut from inside a sentence has at least this many
// words on each side, so a cut never leaves a fragment ("— and more") that
// would form a cluster of its own.
const minPartWords = 5

// clauseBreakRE matches a break inside a sentence where a second assertion
// may start ("… the ferry will not sail — the harbour stays shut"): a dash (an en dash
// or hyphen only when spaced, so "2019–2020" stays) or a semicolon.
var clauseBreakRE = regexp.MustCompile(`\s*\x{2014}\s*|\s+(?:\x{2013}|--?)\s+|;\s+`)

// currency is a sum of money's start: a sign or code of currencies.txt
// before the digits.
var currency = `(?:` + strings.Join(quoted(slices.Sorted(maps.Keys(loadWords(currenciesTxt)))), "|") + `)\s*\d`

//go:embed currencies.txt
var currenciesTxt string

// quoted are ws as regular expressions matching them literally, longest
// first so "Rs." is tried before "Rs".
func quoted(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = regexp.QuoteMeta(w)
	}
	slices.SortStableFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// sumRE matches a sum of money; sumAndRE the "and" before a second one
// ("… $400 for every farm and $150 for every shop"): each
// sum with its recipients is a statement outlets report apart, and sums
// that differ are different claims.
var (
	sumRE    = regexp.MustCompile(currency)
	sumAndRE = regexp.MustCompile(`,?\s+and\s+` + currency)
)

// secondActRE matches "and" before a verb in the past tense, a second act
// of the same subject ("she mended the sea wall and opened the old pier"),
// inside a quotation too. A word ending "eed" ("need", "indeed") is no
// such verb.
var secondActRE = regexp.MustCompile(`,?\s+and\s+(?:then\s+)?([a-z]+ed)\b`)

// secondQuoteRE matches "and" before a second quotation in an outlet's
// sentence ("she vowed to “keep every clinic open” and a “bus to every
// village”"): an outlet that quotes two phrases of a speech in one sentence
// of its own reports two statements, which other outlets quote apart. The
// quotation mark opens the part after; innerCuts cuts there only when a
// quotation has closed before it.
var secondQuoteRE = regexp.MustCompile(`,?\s+and\s+(?:(?:a|an|the)\s+)?[\x{201c}"]`)

// consequenceRE matches ", so" before a clause of its own ("… no wall can
// stop it, so the coast road will close"): the consequence is a second
// assertion, which outlets quote without its cause. "so that", "so far",
// "so much" and "so many" go on the clause before.
var consequenceRE = regexp.MustCompile(`,\s+so\s+([a-z]+)\b`)

// relativeRE matches a comma before "which" or "who" opening a clause
// that adds to what was said ("… the board sold the dredger, which the
// harbour had bought with public money"): such a clause, of at least
// minPartWords words, is a second assertion, and outlets report either half
// alone. The relative word goes with the part after.
var relativeRE = regexp.MustCompile(`,\s+(?:which|who)\s`)

// purposeRE matches a comma before a second infinitive ("… was to silence
// me, to ruin my name"): a list of aims, each quoted alone by other outlets.
// innerCuts cuts there only after a first "to" and a word (infinitiveRE),
// so a lone aim ("we walked the shore at dawn, to count the seals") stays.
var (
	purposeRE    = regexp.MustCompile(`,\s+to\s+[a-z]+\b`)
	infinitiveRE = regexp.MustCompile(`\bto\s+[a-z]+\b`)
)

// innerCuts are the cuts inside one sentence s where a second assertion
// starts, as [end of the part before, start of the part after]; each part
// has at least minPartWords words. A sentence of two or more dashes holds
// an aside between them, not a new clause after each, and is not cut at
// its dashes.
func innerCuts(s string) [][2]int {
	// Each expression below needs a literal that most sentences lack, and
	// one opening with a character class is tried at every byte: a
	// sentence without the literal skips it (this was most of the cost of
	// preparing a claim for the index).
	//
	// The dashes are looked for one by one: strings.ContainsAny with a rune
	// beyond ASCII in its set decodes s rune by rune (a twentieth of
	// preparing a ClaimSet).
	hasBreak := strings.IndexByte(s, ';') >= 0 || strings.IndexByte(s, '-') >= 0 ||
		strings.Contains(s, "\u2013") || strings.Contains(s, "\u2014")
	hasAnd := strings.Contains(s, "and")
	hasComma := strings.Contains(s, ",")
	if !hasBreak && !hasAnd && !hasComma {
		return nil
	}
	var cands [][2]int
	var breaks [][]int
	if hasBreak {
		breaks = clauseBreakRE.FindAllStringIndex(s, -1)
	}
	dashes := 0
	for _, m := range breaks {
		if !strings.Contains(s[m[0]:m[1]], ";") {
			dashes++
		}
	}
	for _, m := range breaks {
		if dashes > 1 && !strings.Contains(s[m[0]:m[1]], ";") {
			continue
		}
		cands = append(cands, [2]int{m[0], m[1]})
	}
	after := func(m []int) int { return m[0] + strings.Index(s[m[0]:m[1]], "and") + len("and") }
	for _, m := range findAll(hasAnd, sumAndRE, s) {
		if sumRE.MatchString(s[:m[0]]) {
			cands = append(cands, [2]int{m[0], after(m)})
		}
	}
	for _, m := range findAll(hasAnd, secondQuoteRE, s) {
		if closedQuote(s[:m[0]]) {
			cands = append(cands, [2]int{m[0], after(m)})
		}
	}
	for _, m := range findAllSubmatch(hasComma, consequenceRE, s) {
		switch s[m[2]:m[3]] {
		case "that", "far", "much", "many":
			continue
		}
		cands = append(cands, [2]int{m[0], m[0] + strings.Index(s[m[0]:m[1]], "so")})
	}
	for _, m := range findAll(hasComma, relativeRE, s) {
		cands = append(cands, [2]int{m[0], m[0] + 1})
	}
	for _, m := range findAll(hasComma, purposeRE, s) {
		if infinitiveRE.MatchString(s[:m[0]]) {
			cands = append(cands, [2]int{m[0], m[0] + strings.Index(s[m[0]:m[1]], "to")})
		}
	}
	for _, m := range findAllSubmatch(hasAnd, secondActRE, s) {
		if !strings.HasSuffix(s[m[2]:m[3]], "eed") {
			cands = append(cands, [2]int{m[0], after(m[:2])})
		}
	}
	slices.SortFunc(cands, func(a, b [2]int) int { return a[0] - b[0] })
	var out [][2]int
	prev := 0
	for _, c := range cands {
		if c[0] < prev || len(Words(s[prev:c[0]])) < minPartWords || len(Words(s[c[1]:])) < minPartWords {
			continue
		}
		out = append(out, c)
		prev = c[1]
	}
	return out
}

// closedQuote reports whether s holds a quotation that opens and closes:
// a curly pair, or two straight double marks.
func closedQuote(s string) bool {
	if i := strings.Index(s, "\u201c"); i >= 0 && strings.Contains(s[i:], "\u201d") {
		return true
	}
	return strings.Count(s, `"`) >= 2
}

// findAll is re's matches in s, none without running it unless may (s
// holds a literal every match needs).
func findAll(may bool, re *regexp.Regexp, s string) [][]int {
	if !may {
		return nil
	}
	return re.FindAllStringIndex(s, -1)
}

// findAllSubmatch is findAll with the submatches' bounds.
func findAllSubmatch(may bool, re *regexp.Regexp, s string) [][]int {
	if !may {
		return nil
	}
	return re.FindAllStringSubmatchIndex(s, -1)
}

// mayCoordinate reports whether s holds a connector of coordinatedRE, which
// every match of it needs.
func mayCoordinate(s string) bool {
	return strings.Contains(s, "and") || strings.Contains(s, "but") || strings.Contains(s, "while")
}
