// Package doc turns an article's text into what the attribution stages
// read: paragraphs, quotations, sentences that never cut a closed
// quotation, and tagged tokens. It is the one tagging pass: every later
// stage reads Token.Tags instead of looking words up again.
package doc

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
	"github.com/claimwire/claimwire/services/extractor/internal/quotes"
	"github.com/claimwire/claimwire/services/extractor/internal/sentences"
)

// Doc is a parsed article.
type Doc struct {
	Text   string
	Paras  []Para
	Quotes []Quote
	Sents  []Sentence

	// lowered is Text lower-cased rune for rune, "" when that would
	// change a rune's length (see lowerKeeping)
	lowered string
}

// Para is a paragraph (a non-blank line of the article text).
type Para struct {
	Start, End  int
	First, Last int // its sentences: Sents[First:Last]
	// Prose is false for a line that does not end like a sentence:
	// headings, menus and link lists the cleaner let through.
	Prose bool
}

// Quote is a quotation with the paragraph it opens in.
type Quote struct {
	quotes.Quote
	Para int
	// Continues is set on a quotation opening a paragraph right after a
	// paragraph that left a quotation open: in news style one quotation
	// runs over several paragraphs, each but the last left open.
	Continues bool
	Sent      int // the sentence it starts in
}

// Words returns the quoted words without surrounding space.
func (q Quote) Words(text string) string {
	return strings.TrimSpace(text[q.InnerStart:q.InnerEnd])
}

// Sentence is a sentence of a paragraph.
type Sentence struct {
	Start, End int
	Para       int
	Toks       []Token
	Quotes     []int // quotations starting in this sentence
}

// SentText returns the text of sentence si.
func (d *Doc) SentText(si int) string { return d.Text[d.Sents[si].Start:d.Sents[si].End] }

// Parse splits text into paragraphs, quotations, sentences and tokens.
func Parse(text string) *Doc {
	d := &Doc{Text: text, lowered: lowerKeeping(text)}
	prevOpen := false // the previous paragraph left a quotation open
	for off := 0; off < len(text); {
		end := len(text)
		if nl := strings.IndexByte(text[off:], '\n'); nl >= 0 {
			end = off + nl
		}
		for _, b := range blocks(text, off, end) {
			if line := text[b[0]:b[1]]; strings.TrimSpace(line) != "" {
				prevOpen = d.addPara(line, b[0], prevOpen)
			}
		}
		off = end + 1
	}
	d.cutQuotation()
	d.markCommon()
	return d
}

// ParseArticle is Parse for an article with a title: its first line may
// then be a standfirst (see Standfirst).
func ParseArticle(text, title string) *Doc {
	d := Parse(text)
	d.Standfirst(title)
	return d
}

// standfirstWords is the least words a first line must hold to be read as
// a standfirst (see standfirst).
const standfirstWords = 8

// Standfirst reads the article's first paragraph as prose when it is a
// standfirst: the summary the cleaner keeps above the body seldom ends
// with a full stop, yet it states the story's main claim ("The mayor
// accused the board of hiding the cost of the pier"). Only an article
// whose title was found has one (the cleaner took the headline out of
// the text; without a title the first line may be the headline), and the
// line must be running text — most words lower-case, not a title-case
// headline, a byline or a menu — with a prose paragraph after it.
func (d *Doc) Standfirst(title string) {
	if strings.TrimSpace(title) == "" || len(d.Paras) < 2 || d.Paras[0].Prose || !d.Paras[1].Prose {
		return
	}
	p := &d.Paras[0]
	line := d.Text[p.Start:p.End]
	if strings.EqualFold(strings.TrimSpace(line), strings.TrimSpace(title)) {
		return // the headline itself
	}
	ws := strings.Fields(line)
	if len(ws) < standfirstWords || strings.Contains(line, " | ") {
		return
	}
	lower := 0
	for _, w := range ws {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) {
			lower++
		}
	}
	p.Prose = lower*2 >= len(ws)
}

// cutQuoteWords is the least words a quotation cut by the end of the text
// must hold to be read as speech (see cutQuotation).
const cutQuoteWords = 8

// cutQuotation reads the last paragraph as prose when it is a quotation
// that the end of the text cut short: a stored page truncated inside a
// quotation ("“The crews stand ready to take charge of the") still quotes
// someone, while a heading or a menu does not open with a quotation mark
// that nothing closes.
func (d *Doc) cutQuotation() {
	if len(d.Paras) == 0 || len(d.Quotes) == 0 {
		return
	}
	pi := len(d.Paras) - 1
	p := &d.Paras[pi]
	k := len(d.Quotes) - 1
	for k > 0 && d.Quotes[k-1].Para == pi {
		k--
	}
	q := d.Quotes[k] // the paragraph's first quotation
	if p.Prose || q.Para != pi || q.Closed || q.End < p.End || strings.TrimSpace(d.Text[p.Start:q.Start]) != "" {
		return
	}
	p.Prose = len(strings.Fields(d.Text[q.InnerStart:q.InnerEnd])) >= cutQuoteWords
}

// blockTags are the HTML elements that end a paragraph. Stored pages
// sometimes keep their markup in the text ("…governance.</p><p>“Deeply
// pained…”"): without this a whole article reads as one line that never
// ends like prose, and yields nothing.
var blockTags = map[string]bool{"p": true, "br": true, "div": true, "li": true, "ul": true, "ol": true,
	"blockquote": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"section": true, "article": true, "figure": true, "figcaption": true, "tr": true, "td": true, "table": true}

// blocks returns the pieces of text[from:to] between block-level tags
// (the whole range when it has none); the tags themselves belong to no
// piece, so no token is made of them.
func blocks(text string, from, to int) [][2]int {
	line := text[from:to]
	if strings.IndexByte(line, '<') < 0 {
		return [][2]int{{from, to}}
	}
	var out [][2]int
	start := from
	for i := 0; i < len(line); {
		j := strings.IndexByte(line[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if n := blockTagLen(line[i:]); n > 0 {
			out = append(out, [2]int{start, from + i})
			i += n
			start = from + i
			continue
		}
		i++
	}
	return append(out, [2]int{start, to})
}

// blockTagLen returns the length of the block-level tag that s opens
// with ("<p>", "</p>", "<br/>", "<div class=x>"), 0 when s does not.
func blockTagLen(s string) int {
	i := 1
	if i < len(s) && s[i] == '/' {
		i++
	}
	j := i
	for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9') {
		j++
	}
	if j == i || !blockTags[strings.ToLower(s[i:j])] {
		return 0
	}
	end := strings.IndexByte(s[j:], '>')
	if end < 0 || end > 200 || strings.IndexByte(s[j:j+end], '<') >= 0 || end > 0 && s[j] != ' ' && s[j] != '/' {
		return 0
	}
	return j + end + 1
}

// markCommon sets Token.Common: the article's own evidence that a
// capitalised word is an ordinary word capitalised by its position.
//
// Only words at the head of a sentence (or of a dateline's remainder) are
// asked about, so only they are collected.
func (d *Doc) markCommon() {
	heads := map[string]bool{}
	for _, s := range d.Sents {
		for k, t := range s.Toks {
			if k > 10 {
				break
			}
			if t.Cap && (k == 0 || s.Toks[k-1].Punct(":") || s.Toks[k-1].IsDash() && !s.Toks[k-1].Word) {
				heads[t.L] = false
			}
		}
	}
	if len(heads) == 0 {
		return
	}
	for _, s := range d.Sents {
		for _, t := range s.Toks {
			if t.Word && !t.Cap {
				if _, ok := heads[t.L]; ok {
					heads[t.L] = true
				}
			}
		}
	}
	for si := range d.Sents {
		for k := range d.Sents[si].Toks {
			if t := &d.Sents[si].Toks[k]; t.Cap && heads[t.L] {
				t.Common = true
			}
		}
	}
}

// addPara adds one paragraph; it returns whether the paragraph leaves a
// quotation open.
func (d *Doc) addPara(line string, off int, prevOpen bool) bool {
	pi := len(d.Paras)
	qs := quotes.Find(line, off)
	first := len(d.Quotes)
	var protect []sentences.Span
	for k, q := range qs {
		cont := k == 0 && prevOpen && strings.TrimSpace(d.Text[off:q.Start]) == ""
		d.Quotes = append(d.Quotes, Quote{Quote: q, Para: pi, Continues: cont, Sent: -1})
		if q.Closed {
			protect = append(protect, sentences.Span{Start: q.Start, End: q.End})
		}
	}
	p := Para{Start: off, End: off + len(line), First: len(d.Sents), Prose: (endsSentence(line) || cutProse(line) || orphaned(line, off, qs)) && !piped(line, off, qs)}
	for _, sp := range joinAttributions(d.Text, sentences.Split(line, off, protect)) {
		// (news text runs near five bytes a token, 4.8 to 6.1 on the news
		// dev pages: a quarter of the length seldom has to grow)
		s := Sentence{Start: sp.Start, End: sp.End, Para: pi, Toks: tokenize(make([]Token, 0, (sp.End-sp.Start)/4+4), d.Text, d.lowered, sp.Start, sp.End)}
		for qi := first; qi < len(d.Quotes); qi++ {
			q := &d.Quotes[qi]
			if q.Start >= sp.End || q.InnerEnd <= sp.Start {
				continue
			}
			if q.Sent < 0 && q.Start >= sp.Start {
				q.Sent = len(d.Sents)
				s.Quotes = append(s.Quotes, qi)
			}
			for k := range s.Toks {
				if t := &s.Toks[k]; t.Start >= q.InnerStart && t.End <= q.InnerEnd {
					t.Quote = qi
				}
			}
		}
		d.Sents = append(d.Sents, s)
	}
	p.Last = len(d.Sents)
	d.Paras = append(d.Paras, p)
	return len(qs) > 0 && !qs[len(qs)-1].Closed
}

// joinAttributions rejoins a quotation ending in ! ? or . with the
// attribution after it ("“Turn it up!” she told the crowd."): the
// splitter ends a sentence there, but the attribution belongs to it.
func joinAttributions(text string, spans []sentences.Span) []sentences.Span {
	out := spans[:0:0]
	for _, sp := range spans {
		if n := len(out); n > 0 && endsQuoted(text[out[n-1].Start:out[n-1].End]) && opensQuoted(text[out[n-1].Start:out[n-1].End]) && opensAttribution(Tokenize(text, sp.Start, min(sp.End, sp.Start+80))) {
			out[n-1].End = sp.End
			continue
		}
		out = append(out, sp)
	}
	return out
}

// opensQuoted reports whether a sentence opens with a quotation mark: only
// a quotation standing as its own sentence waits for the attribution after
// it ("Lima called it “a mess.” The council said …" is two statements).
func opensQuoted(s string) bool {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(s))
	return r == '“' || r == '"' || r == '\'' || r == '‘' || r == '«'
}

func endsQuoted(s string) bool {
	r, n := utf8.DecodeLastRuneInString(s)
	if r != '”' && r != '"' && r != '’' && r != '\'' {
		return false
	}
	// every closing mark of the run: a quotation that ends quoting
	// someone else ("“She asked, ‘Is it safe?’” Lima said") closes twice,
	// and a closing mark may be typed as two apostrophes ('')
	for r == '”' || r == '"' || r == '’' || r == '\'' {
		s = s[:len(s)-n]
		r, n = utf8.DecodeLastRuneInString(s)
	}
	return r == '!' || r == '?' || r == '.' || r == '…'
}

// introduces reports whether the words after a cue open a statement of
// their own — a quotation after a comma or colon, "that", an
// infinitive — so the
// sentence introduces the next quotation rather than attributing the one
// before it: "“…” She added, “…”", "“…” He said that …".
func introduces(ts []Token) bool {
	if len(ts) == 0 {
		return false
	}
	if ts[0].IsQuoteMark() || ts[0].Punct(":") || ts[0].L == "that" {
		return true
	}
	// an infinitive ("“…” Lima threatened to cut …"), not an addressee
	// ("“…” she said to reporters")
	if ts[0].L == "to" && len(ts) > 1 && ts[1].Word && !ts[1].Cap && !ts[1].Any(lexicon.Determiner|lexicon.Pronoun|lexicon.ObjPronoun) && !ts[1].PossessiveDeterminer() {
		return true
	}
	if ts[0].Punct(",") && len(ts) > 1 && ts[1].IsQuoteMark() {
		return true
	}
	// a subject and its verb, the clause said without "that": "“…” She
	// said she would stay." — a subject pronoun is never the addressee
	// an attribution names ("she told him")
	if ts[0].Has(lexicon.Pronoun) && len(ts) > 1 && ts[1].Word {
		return true
	}
	// an addressee, then "that" and a clause's subject: "He told an
	// invited crowd at the club that he …" (not "told the crowd that
	// gathered", a relative, nor "that afternoon")
	if !ts[0].Word {
		return false
	}
	for k := 1; k+1 < len(ts) && k < 10; k++ {
		t := ts[k]
		if !t.Word || t.Quote >= 0 || t.Any(lexicon.CueWord|lexicon.Aux|lexicon.Be) && t.L != "that" {
			return false
		}
		if t.L == "that" {
			n := ts[k+1]
			return n.Word && !n.Has(lexicon.Time) && (n.Cap || n.Digit || n.Any(lexicon.Pronoun|lexicon.Determiner))
		}
	}
	return false
}

// PossessiveDeterminer reports whether t is "his", "her", "their", "its",
// "our", "my" or "your": a pronoun that stands as a noun's determiner.
func (t Token) PossessiveDeterminer() bool {
	switch t.L {
	case "his", "her", "their", "its", "our", "my", "your":
		return true
	}
	return false
}

// opensAttribution reports whether a sentence opens with an attribution:
// a cue then its source ("said the mayor"), or a short source then a cue
// ("she said", "Ana Lima told reporters").
func opensAttribution(ts []Token) bool {
	if len(ts) == 0 || !ts[0].Word {
		return false
	}
	if c, ok := lexicon.CueOf(ts[0].L); ok && (c.Form == lexicon.Past || c.Form == lexicon.Third) {
		return len(ts) > 1 && (ts[1].Cap || ts[1].Has(lexicon.Determiner) || ts[1].Has(lexicon.Pronoun))
	}
	for k, n := 0, 0; k < len(ts) && n < 6; k++ {
		t := ts[k]
		// the stop of an abbreviated title is part of the name: "Dr. Ana
		// Lima told …"
		if k > 0 && t.Punct(".") && ts[k-1].Has(lexicon.Title) {
			continue
		}
		n++
		if k > 0 && t.Has(lexicon.CueWord) && !t.Cap {
			c, _ := lexicon.CueOf(t.L)
			return (c.Form == lexicon.Past || c.Form == lexicon.Third) && !introduces(ts[k+1:])
		}
		if !t.Word || k == 0 && !(t.Cap || t.Any(lexicon.Pronoun|lexicon.Determiner|lexicon.Title|lexicon.Role)) || t.Any(lexicon.Subord|lexicon.Prep) {
			return false
		}
	}
	return false
}

// piped reports whether a line holds a vertical bar between words outside
// its quotations: sites set a section, a source or a site name off that
// way in headlines, captions and link lines ("Harbour | Pier to reopen,
// say engineers"), and prose never uses one.
func piped(line string, off int, qs []quotes.Quote) bool {
	for i := 0; i < len(line); {
		k := strings.Index(line[i:], " | ")
		if k < 0 {
			return false
		}
		i += k
		inside := false
		for _, q := range qs {
			if q.Start <= off+i && off+i < q.End {
				inside = true
			}
		}
		if !inside {
			return true
		}
		i += 3
	}
	return false
}

// endsSentence reports whether a line ends like prose (. ! ? : or a
// closing quote or bracket after one), or is a quotation signed after a
// dash (“…” — Ana Lima), as collected comments and block quotes are, or an
// embedded post with its signature.
func endsSentence(line string) bool {
	line = strings.TrimRightFunc(line, unicode.IsSpace)
	if _, _, _, ok := PostSignature(line); ok || signed(line) {
		return true
	}
	for line != "" {
		r, n := utf8.DecodeLastRuneInString(line)
		switch r {
		case '.', '!', '?', '…', ':':
			return true
		case '"', '”', '’', '\'', ')', ']', '»':
			line = line[:len(line)-n]
			continue
		}
		return false
	}
	return false
}

// cutProseWords is the least a paragraph that does not end like a
// sentence needs to be read as prose cut short.
const cutProseWords = 20

// cutProse reports whether a line that does not end like a sentence is
// running prose cut short — a stored page truncated mid-sentence, a
// paragraph that lost its last mark — rather than a heading or a menu: it
// is long and holds a finished sentence before the cut. Headings and menus are short or have no sentence end inside.
func cutProse(line string) bool {
	if len(strings.Fields(line)) < cutProseWords {
		return false
	}
	// the sentence splitter knows abbreviations ("Mr. Smith" ends nothing)
	ss := sentences.Split(line, 0, nil)
	return len(ss) > 1 && endsSentence(line[ss[0].Start:ss[0].End])
}

// orphaned reports whether a line is one closed quotation whose words end
// in a comma ("“We will rebuild every berth by spring,”"): the attribution
// that followed it was lost with the page's markup, and the quotation is
// still someone's words — prose, for the discourse rules to attribute. A
// heading or a menu does not end its words with a comma inside the marks.
func orphaned(line string, off int, qs []quotes.Quote) bool {
	if len(qs) != 1 || !qs[0].Closed || strings.TrimSpace(line[:qs[0].Start-off]) != "" || strings.Trim(line[qs[0].End-off:], " \t") != "" {
		return false
	}
	words := strings.TrimRight(line[qs[0].InnerStart-off:qs[0].InnerEnd-off], " ")
	return strings.HasSuffix(words, ",") && len(strings.Fields(words)) >= cutQuoteWords
}

// signed reports whether a line ends in a closed quotation, a dash and a
// short capitalised name: “We will rebuild.” ― Ana Lima
func signed(line string) bool {
	d := lastDash(line)
	if d <= 0 {
		return false
	}
	name := strings.Fields(strings.TrimLeftFunc(line[d:], func(r rune) bool { return unicode.IsSpace(r) || r == '―' || r == '—' || r == '–' }))
	if len(name) == 0 || len(name) > 5 {
		return false
	}
	for _, w := range name {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return false
		}
	}
	before := strings.TrimRightFunc(line[:d], unicode.IsSpace)
	r, _ := utf8.DecodeLastRuneInString(before)
	return r == '”' || r == '"' || r == '»'
}

// lastDash returns the offset of the last of the dashes ―, — and – in
// line, -1 when it has none: the three strings.LastIndex calls it
// replaces searched every line of the article three times over.
func lastDash(line string) int {
	// all three are E2 80 9x in UTF-8: U+2013 –, U+2014 —, U+2015 ―
	for end := len(line); end > 0; {
		i := strings.LastIndexByte(line[:end], 0xE2)
		if i < 0 {
			return -1
		}
		if i+2 < len(line) && line[i+1] == 0x80 && line[i+2] >= 0x93 && line[i+2] <= 0x95 {
			return i
		}
		end = i
	}
	return -1
}

// TokenAt returns the index of the first token of s starting at or after
// byte offset pos (len(s.Toks) when none).
func (s *Sentence) TokenAt(pos int) int {
	lo, hi := 0, len(s.Toks)
	for lo < hi {
		m := (lo + hi) / 2
		if s.Toks[m].Start < pos {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
