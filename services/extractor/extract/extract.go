// Package extract finds claims in an Article: direct quotations, reported
// speech and figures, each with who made it (resolved within the article),
// the cue that introduced it and the medium it went through.
//
// It is rule-based and deterministic. The pipeline for one article:
//
//  1. paragraphs (lines) → quotations (internal/quotes) → sentences that
//     do not cut a quotation (internal/sentences) → tokens;
//  2. the cast: every named or described party, with titles and
//     nationality, so that "the minister", "Asif" or "he" can be resolved
//     against a name given before or after (speaker.go);
//  3. per sentence: cue verbs (cues.go) with their subjects; quotations
//     attributed by a cue before or after them; reported speech from the
//     cue's complement or an "according to" phrase; figures
//     (internal/numbers) as statistic claims, attributed when they sit
//     inside an attributed claim.
//
// Lines without sentence-final punctuation (headings, menus, related-story
// links the cleaner let through) never yield claims.
//
// Output conventions: Start/End are byte offsets into Article.Text and
// Text is Article.Text[Start:End] — except for a quotation split by its
// attribution ("“A,” she said, “B.”"), which is one claim spanning both
// parts whose Text joins the quoted parts. Quotations need an attribution
// (a cue, a preceding attributed quotation they continue, or an action
// sentence by a named person just before them): unattributed scare quotes
// and titles are never claims. Confidence is 0.9 for a quotation with a
// named cue subject, 0.8 when the subject was resolved (pronoun, short
// form, description), 0.5–0.6 for continuations; 0.7–0.8 for reported
// speech; 0.6–0.8 for figures (casualties higher). Speaker.Key is
// SpeakerKey(Speaker.Name), the cross-article merge key.
package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/extractor/internal/quotes"
	"github.com/claimwire/claimwire/services/extractor/internal/sentences"
	"github.com/claimwire/claimwire/services/extractor/internal/speakers"
)

// Version is stamped on every ClaimSet; bump it when output changes (the
// indexer keeps the claims of the newest version).
const Version = "1.2.15"

type sentence struct {
	start, end int
	para       int
	toks       []tok
	headline   bool
	quotes     []int // indices into doc.quotes starting in this sentence
}

type doc struct {
	text    string
	sents   []sentence
	quotes  []quotes.Quote
	qPara   []int
	chained map[int]bool // quotes continuing an unclosed quote of the previous paragraph
	ents    entities
	// claims found so far, for pronoun resolution and continuation
	claims []found
	// the cue of a sentence ending in a colon, for a quotation opening
	// the next paragraph
	colonHit  *cueHit
	colonSent int
}

// found is a claim under construction.
type found struct {
	contract.Claim
	sent  int
	quote int // quote index for quote claims, -1 otherwise
	cue   int // token index of the cue within its sentence, -1 if none
}

// Extract returns the article's claims. It never panics: on an internal
// error the claim list is empty (and the article still flows on).
func Extract(a contract.Article) (cs contract.ClaimSet) {
	cs = contract.ClaimSet{Schema: contract.Schema, Article: a, Claims: []contract.Claim{}, ExtractorVersion: Version}
	defer func() {
		if recover() != nil {
			cs.Claims = []contract.Claim{}
		}
	}()
	// The lexicons are English: on another language they would only
	// produce noise, so such articles flow on without claims.
	// A language tag is a guess, often wrong on short texts, so the text
	// must also look non-English.
	if l := strings.ToLower(a.Lang); l != "" && l != "en" && !strings.HasPrefix(l, "en-") && !strings.HasPrefix(l, "en_") && !looksEnglish(a.Text) {
		return cs
	}
	d := parse(a.Text)
	d.collect()
	for si := range d.sents {
		d.sentenceClaims(si)
	}
	seen := map[string]bool{}
	for _, f := range d.claims {
		c := f.Claim
		c.ID = contract.ClaimID(a.ID, c.Kind, c.Start, c.End)
		if seen[c.ID] {
			continue
		}
		seen[c.ID] = true
		cs.Claims = append(cs.Claims, c)
	}
	sort.SliceStable(cs.Claims, func(i, j int) bool {
		if cs.Claims[i].Start != cs.Claims[j].Start {
			return cs.Claims[i].Start < cs.Claims[j].Start
		}
		return cs.Claims[i].Kind < cs.Claims[j].Kind
	})
	return cs
}

// parse splits the text into paragraphs, quotations, sentences and tokens.
func parse(text string) *doc {
	d := &doc{text: text, chained: map[int]bool{}}
	para := 0
	prevOpen := -1 // quote left open at the end of the previous paragraph
	for off := 0; off < len(text); {
		nl := strings.IndexByte(text[off:], '\n')
		end := len(text)
		if nl >= 0 {
			end = off + nl
		}
		line := text[off:end]
		if strings.TrimSpace(line) != "" {
			qs := quotes.Find(line, off)
			var prot []sentences.Span
			first := len(d.quotes)
			for _, q := range qs {
				d.quotes = append(d.quotes, q)
				d.qPara = append(d.qPara, para)
				if q.Closed {
					prot = append(prot, sentences.Span{Start: q.Start, End: q.End})
				}
			}
			if prevOpen >= 0 && len(qs) > 0 && strings.TrimSpace(text[off:qs[0].Start]) == "" {
				d.chained[first] = true
			}
			prevOpen = -1
			if len(qs) > 0 && !qs[len(qs)-1].Closed {
				prevOpen = len(d.quotes) - 1
			}
			headline := !endsSentence(line)
			for _, sp := range sentences.Split(line, off, prot) {
				s := sentence{start: sp.Start, end: sp.End, para: para, headline: headline}
				s.toks = tokenize(text, sp.Start, sp.End)
				for first < len(d.quotes) && d.quotes[first].End <= sp.Start {
					first++ // quotations are in order: skip those before this sentence
				}
				for qi := first; qi < len(d.quotes); qi++ {
					q := d.quotes[qi]
					if q.Start >= sp.End {
						break
					}
					if q.Start >= sp.Start && q.Start < sp.End {
						s.quotes = append(s.quotes, qi)
					}
					if q.InnerEnd <= sp.Start || q.InnerStart >= sp.End {
						continue
					}
					for k := range s.toks {
						t := &s.toks[k]
						if t.start >= q.InnerStart && t.end <= q.InnerEnd {
							t.q = qi
						}
					}
				}
				d.sents = append(d.sents, s)
			}
			para++
		}
		off = end + 1
	}
	return d
}

// endsSentence reports whether a line ends like prose (. ! ? or a closing
// quote/bracket after one); headings, menus and link lists do not.
func endsSentence(line string) bool {
	line = strings.TrimRightFunc(line, unicode.IsSpace)
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

// collect builds the cast from every prose sentence.
func (d *doc) collect() {
	for si := range d.sents {
		s := &d.sents[si]
		if s.headline {
			continue
		}
		chunks := chunksOf(s.toks)
		for ci, ch := range chunks {
			m := analyse(s.toks[ch[0]:ch[1]])
			e := d.ents.add(m, false)
			// appositive: "Afghanistan's defence minister, Mullah Mohammad
			// Yaqoob Mujahid," gives the name the title
			if ci+1 < len(chunks) && m.name == "" && len(m.titles) > 0 {
				nx := chunks[ci+1]
				if nx[0] == ch[1]+1 && s.toks[ch[1]].s == "," {
					m2 := analyse(s.toks[nx[0]:nx[1]])
					if m2.name != "" {
						m2.titles = append(m2.titles, m.titles...)
						if m2.nation == "" {
							m2.nation = m.nation
						}
						m2.titles = append(m2.titles, "title")
						d.ents.add(m2, false)
					}
				}
			}
			_ = e
		}
	}
}

// chunksOf returns the token ranges of capitalised name phrases with their
// titles and determiners ("the Qatari ambassador", "Kabul-based journalist
// Tameem Bahiss", "a TOLO News report").
func chunksOf(ts []tok) [][2]int {
	var out [][2]int
	for i := 0; i < len(ts); {
		if !chunkTok(ts, i) {
			i++
			continue
		}
		j := i
		for j < len(ts) && chunkTok(ts, j) {
			j++
		}
		a := i
		for a < j && (leaders[ts[a].l] && !determiners[ts[a].l] || ts[a].s == ".") {
			a++
		}
		hasCap := false
		for k := a; k < j; k++ {
			if ts[k].capz && !leaders[ts[k].l] || speakers.RoleHeads[ts[k].l] || speakers.Titles[ts[k].l] {
				hasCap = true
			}
		}
		if hasCap && a < j {
			out = append(out, [2]int{a, j})
		}
		i = j
	}
	return out
}

func chunkTok(ts []tok, i int) bool {
	t := ts[i]
	if t.q >= 0 {
		return false
	}
	switch {
	case t.s == ".":
		return i > 0 && (isInitial(ts[i-1]) || speakers.Titles[ts[i-1].l]) && i+1 < len(ts) && ts[i+1].capz
	case !t.word:
		return false
	case t.capz:
		return true
	case speakers.Titles[t.l] || determiners[t.l] && (i+1 < len(ts) && ts[i+1].capz):
		return true
	case speakers.RoleHeads[t.l] || speakers.StatementNouns[t.l] || t.l == "report":
		return i > 0 && (ts[i-1].capz || ts[i-1].l == "the")
	case i+1 < len(ts) && speakers.Titles[ts[i+1].l] && !stop[t.l] && ts[i+1].word && !ts[i+1].capz && cues[t.l].lemma == "" && !strings.HasSuffix(t.l, "ed"):
		return i > 0 && ts[i-1].capz // "Afghanistan's defence minister"
	case strings.HasSuffix(t.l, "-based"):
		return true
	case nameConnectors[t.l]:
		return i > 0 && i+1 < len(ts) && ts[i-1].capz && ts[i+1].capz && !leaders[ts[i-1].l] // "Institute of Science"
	}
	return false
}

// englishWords are frequent English function words.
var englishWords = map[string]bool{"the": true, "and": true, "of": true, "to": true, "in": true,
	"is": true, "that": true, "said": true, "was": true, "for": true, "with": true, "he": true, "she": true, "it": true}

// looksEnglish reports whether at least one in twelve of the first 300
// words is an English function word (English prose runs near one in four).
func looksEnglish(text string) bool {
	n, hits := 0, 0
	for _, w := range strings.Fields(text) {
		if n == 300 {
			break
		}
		n++
		if englishWords[strings.ToLower(strings.Trim(w, ".,;:!?\"“”'’‘()"))] {
			hits++
		}
	}
	return n > 0 && hits*12 >= n
}
