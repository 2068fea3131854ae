// Package extract finds claims in an Article: direct quotations, reported
// speech and figures, each with who made it (resolved within the
// article), the cue that introduced it, the medium it went through, and
// the rule that found it.
//
// The stages, each in its own package:
//
//  1. internal/doc: paragraphs → quotations → sentences → tagged tokens
//     (the one lexicon lookup, internal/lexicon);
//  2. internal/attrib: per sentence, cue candidates, source phrases and
//     units, read by the rule table (attrib/rules.txt) around every cue;
//  3. internal/model: a learned scorer picks among a cue's readings and
//     sets the claim's confidence;
//  4. internal/resolve: source phrases → the article's parties (names,
//     short forms, titles, pronouns, outlets);
//  5. this package: the discourse rules that attribute a quotation from
//     the sentences around it (continuations, a colon ending the paragraph
//     before), one claim per assertion of a long quotation, and figures
//     (internal/numbers) as statistic claims.
//
// Offsets: Start/End are byte offsets into Article.Text and Text is
// Article.Text[Start:End]. Lines that do not end like prose (headings,
// menus, link lists) never yield claims. Speaker.Key is
// contract.SpeakerKey(Speaker.Name).
package extract

import (
	"sort"
	"strings"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/extractor/internal/attrib"
	"github.com/claimwire/claimwire/services/extractor/internal/doc"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
	"github.com/claimwire/claimwire/services/extractor/internal/model"
	"github.com/claimwire/claimwire/services/extractor/internal/resolve"
)

// Version is stamped on every ClaimSet; bump it when output changes (the
// indexer keeps the claims of the newest version).
const Version = "2.32.0"

// found is a claim under construction.
type found struct {
	contract.Claim
	sent  int
	quote int    // the quotation of a quote claim, -1 otherwise
	group [2]int // byte span of the whole quotation a split claim belongs to
}

// extraction is the state of one article's extraction.
type extraction struct {
	d      *doc.Doc
	res    *resolve.Resolver
	claims []found
	units  [][]attrib.Unit
	// quoted marks quotations already attributed
	quoted map[int]bool
	// colon is the last attribution of a sentence ending in a colon, for
	// a quotation opening the next paragraph
	colon *found
	// model scores readings (nil: the rules decide alone); a reading below
	// threshold makes no claim
	model     *model.Model
	threshold float64
	fb        model.Builder
	// recorder, when set, receives every reading considered (training)
	recorder func(Reading)
	// cands is choose's buffer, reused from sentence to sentence
	cands []chosen
}

// Extract returns the article's claims. Extract does not recover from
// panics: the consumer runner dead-letters a message whose handler
// panicked, with its reason, rather than indexing an empty claim set.
func Extract(a contract.Article) contract.ClaimSet {
	cs := contract.ClaimSet{Schema: contract.Schema, Article: a, Claims: []contract.Claim{}, ExtractorVersion: Version}
	// The lexicons are English: on another language they would only
	// produce noise. A language tag is a guess, often wrong on short texts,
	// so the text must also look non-English.
	if l := strings.ToLower(a.Lang); l != "" && l != "en" && !strings.HasPrefix(l, "en-") && !strings.HasPrefix(l, "en_") && !looksEnglish(a.Text) {
		return cs
	}
	x := newExtraction(a.Text, a.Title)
	x.res.Author = bylineAuthor(a.Byline)
	if !x.run(x.blockParas()) {
		// a first-person paragraph that follows no claim: the narrator
		// speaks in the first person, and none of them is a quotation
		x = newExtraction(a.Text, a.Title)
		x.res.Author = bylineAuthor(a.Byline)
		x.run(nil)
	}
	cs.Claims = x.finish(a.ID)
	return cs
}

// run reads the article's sentences in order; blocks are the paragraphs
// to read as block quotations (see blockParas). It reports false, having
// stopped, when one of them turns out not to be one.
func (x *extraction) run(blocks map[int]bool) bool {
	for si := range x.d.Sents {
		if p := x.d.Sents[si].Para; blocks[p] {
			// a paragraph read as a block quotation is the speaker's
			// words: its "I" and "we" make no claims of their own
			if x.d.Paras[p].First == si && !x.blockQuote(p) {
				return false
			}
			continue
		}
		x.sentence(si)
		if p := x.d.Sents[si].Para; x.d.Paras[p].Last == si+1 {
			x.embeddedPost(p)
		}
	}
	return true
}

// newExtraction prepares the reading of an article's text; title is its
// title, "" when the cleaner found none.
func newExtraction(text, title string) *extraction {
	d := doc.ParseArticle(text, title)
	x := &extraction{d: d, quoted: map[int]bool{}, units: make([][]attrib.Unit, len(d.Sents)), model: model.Default(), threshold: Threshold}
	x.res = &resolve.Resolver{Cast: resolve.NewCast(), Doc: d, Subjects: make([]resolve.Mention, len(d.Sents))}
	x.collect()
	return x
}

// surnameElsewhere reports whether the article writes w after another
// capitalised word ("Rubio" in "Sen. Marco Rubio"): a surname, not a
// given name.
func (x *extraction) surnameElsewhere(w string) bool {
	for _, s := range x.d.Sents {
		for k := 1; k < len(s.Toks); k++ {
			if s.Toks[k].S == w && s.Toks[k-1].Word && s.Toks[k-1].Cap {
				return true
			}
		}
	}
	return false
}

// collect builds the cast from every prose sentence before any claim is
// read, and notes each sentence's main subject.
func (x *extraction) collect() {
	for si := range x.d.Sents {
		s := &x.d.Sents[si]
		if !x.d.Paras[s.Para].Prose {
			continue
		}
		us := attrib.Units(s, x.d, attrib.FindCues(s))
		x.units[si] = us
		for k, u := range us {
			if u.Kind != attrib.Source {
				continue
			}
			// a headline's words name no one: "Mayor Vows To Fight
			// Closure" is no person a later "she" can stand for
			if headlineWords(s.Toks[u.A:u.B]) {
				continue
			}
			m := resolve.Analyse(s.Toks[u.A:u.B])
			x.res.Cast.Add(m, false)
			// "Ana Lima and Tomas Brack toured …": both are named, and
			// a later "Brack said" is Tomas Brack
			// (a given name alone before "and" shares the surname after
			// it: "Ana and Tomas Brack" are two Bracks, neither of them
			// Tomas alone; a surname is one the article gives a full name)
			if n, ok := resolve.SecondConjunct(s.Toks[u.A:u.B]); ok && (s.Toks[u.A+1].L != "and" || x.surnameElsewhere(s.Toks[u.A].S)) {
				x.res.Cast.Add(n, false)
			}
			if n, ok := apposedTitle(s, us, k, m); ok {
				x.res.Cast.Add(n, false)
			}
		}
		if a, b, ok := mainSubject(s, us); ok && !headlineWords(s.Toks[a:b]) {
			x.res.Subjects[si] = resolve.Analyse(s.Toks[a:b])
		}
	}
}

// apposedTitle returns the name of source unit k with the titles an
// apposition gives it, either way round: "the city's transport minister,
// Ana Lima," → Ana Lima is the transport minister; "Ana Lima, the
// minister," likewise, so that "the minister" said before her name was
// given resolves to her. A description with a possessive ("Ana Lima, the
// mayor's aide,") titles the possessor, not the name, and gives none.
func apposedTitle(s *doc.Sentence, us []attrib.Unit, k int, m resolve.Mention) (resolve.Mention, bool) {
	if k+2 >= len(us) || us[k+1].Kind != attrib.Comma || us[k+2].Kind != attrib.Source {
		return resolve.Mention{}, false
	}
	if k+3 < len(us) && us[k+3].Kind != attrib.Comma {
		return resolve.Mention{}, false
	}
	n := resolve.Analyse(s.Toks[us[k+2].A:us[k+2].B])
	if m.Name == "" && len(m.Titles) > 0 && n.Name != "" {
		n.Titles = append(n.Titles, m.Titles...)
		if n.Nation == "" {
			n.Nation = m.Nation
		}
		return n, true
	}
	if m.Name == "" || n.Name != "" || n.Det != "the" || len(n.Titles) == 0 || !lexicon.Tags(n.Head).Has(lexicon.Title) {
		return resolve.Mention{}, false
	}
	for _, t := range s.Toks[us[k+2].A:us[k+2].B] {
		if t.Poss || t.Any(lexicon.ObjPronoun) {
			return resolve.Mention{}, false
		}
	}
	m.Titles = append(m.Titles, n.Titles...)
	if m.Nation == "" {
		m.Nation = n.Nation
	}
	return m, true
}

// finish gives claims their ids and order, and drops exact duplicates.
func (x *extraction) finish(articleID string) []contract.Claim {
	out := make([]contract.Claim, 0, len(x.claims))
	seen := map[string]bool{}
	for i, f := range x.claims {
		c := f.Claim
		if x.nested(i) {
			continue
		}
		c.ID = contract.ClaimID(articleID, c.Kind, c.Start, c.End)
		if seen[c.ID] {
			continue
		}
		seen[c.ID] = true
		if f.group[1] > 0 {
			c.Group = contract.ClaimID(articleID, "group", f.group[0], f.group[1])
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].Kind < out[j].Kind
	})
	return out
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

// nested reports whether reported claim i lies inside the content of
// another reported claim of its sentence: "Lima said the minister
// claimed that the port was safe" is one statement of Lima's, and the
// minister's claim is part of what she said, not a second claim.
func (x *extraction) nested(i int) bool {
	c := &x.claims[i]
	if c.Kind != contract.KindReported || relativeAside(c.Claim) {
		return false
	}
	for j := range x.claims {
		o := &x.claims[j]
		if j != i && o.sent == c.sent && o.Kind == contract.KindReported && o.Start <= c.Start && c.End <= o.End && o.End-o.Start > c.End-c.Start {
			return true
		}
	}
	return false
}

// relativeAside reports whether reported claim c opens with a relative
// word whose clause lost its subject to it ("which he said were ready",
// "what traders said was a plan": an auxiliary or "be" right after the
// cue): a relative clause inside another statement says something of its
// own about the noun it hangs on — the writer's aside, or the speaker's
// second statement — not a part of the outer one. One whose clause has a
// subject of its own ("what they thought the mayor would do") is an
// indirect question, the outer statement's object.
func relativeAside(c contract.Claim) bool {
	w, rest, _ := strings.Cut(c.Text, " ")
	switch strings.ToLower(w) {
	case "which", "what", "who":
	default:
		return false
	}
	_, after, ok := strings.Cut(rest, c.Cue+" ")
	if !ok || c.Cue == "" {
		return false
	}
	next, _, _ := strings.Cut(after, " ")
	return lexicon.Tags(strings.ToLower(next)).Any(lexicon.Aux | lexicon.Be)
}
