package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/extractor/internal/attrib"
	"github.com/claimwire/claimwire/services/extractor/internal/doc"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
	"github.com/claimwire/claimwire/services/extractor/internal/model"
	"github.com/claimwire/claimwire/services/extractor/internal/resolve"
)

// discourse attributes a quotation that no cue of its own sentence reads,
// from the sentences around it (the discourse rules of the table):
//
//   - colon-paragraph: the sentence before ended "Ana Lima said:";
//   - quote-continuation: the quotation opens its sentence right after an
//     attributed one ("“…,” she said. “…”"), or continues a quotation left
//     open at the end of the paragraph before;
//   - quote-paragraph: a paragraph that is nothing but a quotation, right
//     after a paragraph with an attributed claim, is the same voice;
//   - quote-after-reported: the sentence before, in the same paragraph,
//     reported what someone said ("Lima said the vote was fair. “…”");
//   - quote-beat: a named person acted in the sentence before ("Lima
//     paused. “…”"), or, for a quotation that is a paragraph of its own,
//     at the end of the paragraph before, when the article already
//     quotes them;
//   - quote-fronted: a quoted phrase set before the sentence's subject
//     ("“Deeply shaken” by the crash, Lima said …"), the subject's
//     words about itself;
//   - quote-subject-fragment: a quoted fragment inside a sentence that
//     makes no claim, whose subject acts on it ("Lima thanked “the
//     thousands who marched”").
//
// Unattributed scare quotes and titles stay unclaimed.
func (x *extraction) discourse(si, qi int) {
	q := x.d.Quotes[qi]
	words := q.Words(x.d.Text)
	if words == "" || titleLike(words) {
		return
	}
	span, ok := attrib.QuoteWords(x.d, qi)
	if !ok {
		return
	}
	opens := x.opensSentence(si, qi)
	if !opens {
		x.subjectFragment(si, qi, span)
		return
	}
	if sp := x.transcriptLabel(si, span); sp != nil {
		x.quote(si, qi, span, sp, "", "", "quote-transcript", 0.7, [2]int{})
		return
	}
	if from := x.frontedBy(si, qi); from != nil {
		x.quote(si, qi, span, from.Speaker, "", "", "quote-fronted", 0.6, [2]int{})
		return
	}
	para := x.d.Sents[si].Para
	var cands []reading
	if c := x.colon; c != nil && c.sent >= si-2 && x.d.Sents[c.sent].Para >= para-1 {
		cands = append(cands, reading{rule: "colon-paragraph", from: c, conf: 0.75})
	}
	if last := x.lastQuote(); last != nil && last.Speaker != nil && last.Speaker.Name != "" {
		if last.sent == si || last.sent == si-1 && x.d.Sents[si-1].Para == para || q.Continues && last.quote == qi-1 {
			cands = append(cands, reading{rule: "quote-continuation", from: last, conf: 0.6})
		}
	}
	// "Lima said the vote was fair. “…”": a quotation opening the
	// sentence right after reported speech in its paragraph goes on in
	// the same voice
	if last := x.lastClaim(); last != nil && last.Kind == contract.KindReported && last.sent == si-1 && x.d.Sents[si-1].Para == para && last.Speaker != nil && last.Speaker.Name != "" {
		cands = append(cands, reading{rule: "quote-after-reported", from: last, conf: 0.5})
	}
	if rule := x.paragraphRule(si, qi); rule != "" && len(strings.Fields(words)) >= 4 && !headingLike(words) {
		// the voice of the latest claim in the paragraph before, past
		// furniture lines between them (a related-story link the cleaner
		// kept interrupts the article, not the speaker), and past a voice
		// the quotation turns to ("“Governor Abe, …”" answers Abe: the
		// one quoted before him is speaking)
		before := x.proseBefore(para)
		for k := len(x.claims) - 1; k >= 0; k-- {
			c := &x.claims[k]
			if x.d.Sents[c.sent].Para < before {
				break
			}
			if c.Kind != contract.KindStatistic && c.Speaker != nil && c.Speaker.Name != "" && !x.addresses(span, c.Speaker) {
				cands = append(cands, reading{rule: rule, from: c, conf: 0.5})
				break
			}
		}
	}
	if sp := x.beat(si, x.quoteIsParagraph(qi)); sp != nil {
		cands = append(cands, reading{rule: "quote-beat", from: &found{Claim: contract.Claim{Speaker: sp}, sent: si - 1}, conf: 0.5})
	}
	var best *reading
	for i := range cands {
		c := &cands[i]
		if x.addresses(span, c.from.Speaker) {
			continue // "“Minister Lima, you promised …”": the one spoken to is not the speaker
		}
		if x.model != nil {
			c.conf = x.model.Score(x.discourseFeatures(si, qi, c.rule, c.from))
		}
		x.record(si, c.rule, "quote", attrib.Span{}, []attrib.ByteSpan{span}, c.conf, func() model.Features { return x.discourseFeatures(si, qi, c.rule, c.from) })
		if x.model == nil {
			if best == nil {
				best = c
			}
		} else if c.conf >= x.threshold && (best == nil || c.conf > best.conf) {
			best = c
		}
	}
	if best == nil {
		return
	}
	if best.rule == "quote-continuation" && x.joinContinuation(si, best.from, qi, span) {
		return
	}
	x.quote(si, qi, span, best.from.Speaker, best.from.Cue, best.from.Via, best.rule, best.conf, [2]int{})
}

// minLeadWords is the least words the quotation before an attribution
// needs to be an assertion apart from the quotation that continues it: a
// shorter one ("“Not again,” she said. “…”") leads into the statement
// rather than making one. Measured: under six words, PolNeAR dev (which
// marks such a quotation whole) +0.005 F1 at 0.3 and +0.014 at 0.8, news
// and seeds unchanged; under seven to nine, news dev quote F1 -0.003.
const minLeadWords = 6

// joinContinuation extends the quote claim from over a short quotation
// that continues it after its attribution — "“…,” she said. “Not one.”"
// — as a short sentence of one quotation stays with the one before (see
// assertions): it says nothing alone, and the attribution is one. So does
// a continuation after a short lead-in (see minLeadWords). It reports
// whether it did.
//
// The length is a trade between two units: a news gold keeps each pair
// of marks a claim, PolNeAR marks the speaker's whole turn. Measured
// (one more round): joining every continuation took PolNeAR dev 0.834 to
// 0.865 (at 0.8 0.725 to 0.818, train 0.792 to 0.829) and news dev quote
// F1 0.914 to 0.876, the clusters harness unchanged in file order (mean
// of twelve orders 0.830 to 0.827); joining under 16 words instead of 12,
// PolNeAR +0.009 (+0.025 at 0.8), news -0.005, clusters unchanged.
func (x *extraction) joinContinuation(si int, from *found, qi int, span attrib.ByteSpan) bool {
	short := wordsIn(x.d.Text, span) < minAssertionWords || wordsIn(x.d.Text, attrib.ByteSpan{Start: from.Start, End: from.End}) < minLeadWords
	if from.quote < 0 || from.sent < si-1 || x.d.Sents[from.sent].Para != x.d.Sents[si].Para ||
		span.Start <= from.End || !short || !wordsBetween(x.d.Text[from.End:span.Start]) {
		return false
	}
	x.quoted[qi] = true
	from.End = span.End
	from.Text = x.d.Text[from.Start:from.End]
	return true
}

// wordsBetween reports whether an attribution stands between two
// quotations ("," she said. “"), not just their marks ("” “").
func wordsBetween(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// reading is a discourse rule's attribution of a quotation: the claim
// whose voice it continues.
type reading struct {
	rule string
	from *found
	conf float64
}

// opensSentence reports whether quotation qi is the first thing in its
// sentence.
func (x *extraction) opensSentence(si, qi int) bool {
	s := &x.d.Sents[si]
	start := x.d.Quotes[qi].Start
	for _, t := range s.Toks {
		if t.Start >= start {
			return true
		}
		if t.Word && t.Quote < 0 {
			return false
		}
	}
	return true
}

// lastClaim returns the latest claim that is not a statistic.
func (x *extraction) lastClaim() *found {
	for k := len(x.claims) - 1; k >= 0; k-- {
		if x.claims[k].Kind != contract.KindStatistic {
			return &x.claims[k]
		}
	}
	return nil
}

func (x *extraction) lastQuote() *found {
	for k := len(x.claims) - 1; k >= 0; k-- {
		if x.claims[k].quote >= 0 {
			return &x.claims[k]
		}
	}
	return nil
}

// proseBefore returns the prose paragraph before paragraph pi, skipping
// lines that are not prose (headings, link lines); pi-1 when there is none.
func (x *extraction) proseBefore(pi int) int {
	for p := pi - 1; p >= 0; p-- {
		if x.d.Paras[p].Prose {
			return p
		}
	}
	return pi - 1
}

// paragraphRule names the discourse rule for a quotation that opens its
// paragraph with nothing of the writer's before it: "quote-paragraph"
// when it is the whole paragraph, "quote-paragraph-lead" when it is a
// whole sentence after which the writer goes on in the paragraph ("“…”
// The crowd roared as she went on."), "" otherwise. Either way the
// paragraph is given to the speaker's words, and the voice is the one of
// the paragraph before. Not when another quotation follows at once: a
// run of quotations may end with its own signature ("“…” “…” ― Name").
func (x *extraction) paragraphRule(si, qi int) string {
	if x.quoteIsParagraph(qi) {
		return "quote-paragraph"
	}
	q := x.d.Quotes[qi]
	p, s := x.d.Paras[q.Para], &x.d.Sents[si]
	if !q.Closed || q.End > s.End || strings.TrimSpace(x.d.Text[p.Start:q.Start]) != "" || strings.Trim(x.d.Text[q.End:s.End], " \t.,!?") != "" {
		return ""
	}
	if si+1 >= len(x.d.Sents) || x.d.Sents[si+1].Para != q.Para {
		return ""
	}
	if ts := x.d.Sents[si+1].Toks; len(ts) == 0 || !ts[0].Word || ts[0].Quote >= 0 || signed(x.d.Text[q.End:p.End]) {
		return ""
	}
	return "quote-paragraph-lead"
}

// signed reports whether a paragraph's text ends with a signature: a dash
// and a name with no sentence after it ("… ― Ana Lima."), which names the
// voice of the quotations before it.
func signed(s string) bool {
	s = strings.TrimRight(strings.TrimSpace(s), ".")
	i := strings.LastIndexAny(s, "―—–")
	if i < 0 {
		return false
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	name := s[i+n:]
	if strings.ContainsAny(name, ".!?“”\"") {
		return false
	}
	words, start := 0, true
	for _, r := range name {
		switch {
		case unicode.IsSpace(r):
			start = true
		case start:
			if !unicode.IsUpper(r) {
				return false
			}
			words, start = words+1, false
		}
	}
	return words > 0 && words <= 5
}

// quoteIsParagraph reports whether quotation qi makes up its whole paragraph.
func (x *extraction) quoteIsParagraph(qi int) bool {
	q := x.d.Quotes[qi]
	p := x.d.Paras[q.Para]
	return strings.TrimSpace(x.d.Text[p.Start:q.Start]) == "" && strings.Trim(x.d.Text[q.End:p.End], " \t.,!?") == ""
}

// beat returns the named person who is the subject of the sentence before
// si in the same paragraph, when that sentence has no quotation — or, for
// a quotation that is a paragraph of its own (whole), the last sentence of
// the paragraph before ("Lima turned to the harbour. / “…”").
func (x *extraction) beat(si int, whole bool) *contract.Speaker {
	if si == 0 || len(x.d.Sents[si-1].Quotes) > 0 {
		return nil
	}
	if p := x.d.Sents[si].Para; x.d.Sents[si-1].Para != p && !(whole && x.d.Sents[si-1].Para == p-1 && x.d.Paras[p-1].Prose) {
		return nil
	}
	m := x.res.Subjects[si-1]
	if m.Name == "" && m.Pron == "" {
		return nil
	}
	sp := x.res.Resolve(m, si-1)
	if sp == nil || sp.Name == "" || sp.Type != contract.SpeakerPerson {
		return nil
	}
	if x.d.Sents[si-1].Para != x.d.Sents[si].Para && !x.hasSpoken(sp.Name) {
		return nil // across paragraphs, only a voice the article already quotes
	}
	return sp
}

// hasSpoken reports whether a claim so far is credited to name.
func (x *extraction) hasSpoken(name string) bool {
	for _, s := range x.res.Said {
		if s.Speaker != nil && s.Speaker.Name == name {
			return true
		}
	}
	return false
}

// titleLike reports whether quoted words are the name of a work or thing
// rather than speech: short, Title Case, not ending like a sentence
// ("wrote “The Long Road Home”").
// headingLike reports whether a paragraph set in quotation marks is a
// heading that kept its stop ("'Bridges Are Not Enough.'"): one sentence
// in title case. Speech is not written in title case.
func headingLike(s string) bool {
	s = strings.TrimSpace(s)
	t := strings.TrimSuffix(s, ".")
	return t != s && !strings.ContainsAny(t, ".!?") && titleLike(t)
}

func titleLike(s string) bool {
	s = strings.TrimSpace(s)
	if t := strings.TrimSuffix(s, ","); t != s && len(strings.Fields(t)) >= 2 {
		s = t // American style puts the comma after a title inside the marks
	}
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?,") {
		return false
	}
	ws := strings.Fields(s)
	if len(ws) > 5 {
		return false
	}
	// a title opens with a capital ("The Long Road Home"): words that
	// open in lower case ("the Sam Varghs of this town") are speech that
	// names people, whatever the case of the words after
	if r, _ := utf8.DecodeRuneInString(ws[0]); unicode.IsLower(r) {
		return false
	}
	long := 0
	for _, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		if lexicon.Tags(strings.ToLower(w)).Has(lexicon.Connector) || lexicon.Tags(strings.ToLower(w)).Has(lexicon.Determiner) {
			continue
		}
		// title case keeps short prepositions and conjunctions in lower
		// case ("Legend in the Valley", "Born to Run")
		if minorTitleWord(w) {
			continue
		}
		if len(w) > 3 {
			long++
		}
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return long > 0
}

// minorTitleWord reports whether a word, as written, is one that title case
// leaves in lower case: a preposition of up to four letters, "to", "or",
// "nor", "but", "as".
func minorTitleWord(w string) bool {
	switch w {
	case "to", "or", "nor", "but", "as":
		return true
	}
	return len(w) <= 4 && lexicon.Tags(w).Has(lexicon.Prep)
}

// subjectFragment attributes a quoted fragment inside a sentence that no
// cue reads to the sentence's subject: "Lima struck a note of “hope”",
// "the coach thanked “every single fan”" — the subject's own words, quoted
// in a sentence about what the subject did. Not a fragment inside a claim
// of the sentence (it is the claim's), nor one that follows another
// quotation in a list ("called it “A,” “B” and “C”": one attribution), nor
// a possessed noun ("praised the mayor's “courage”": nothing is said);
// and only when the subject acts: "the envoys were “surprised”" describes
// them, and "it emerged that a “deal” …" has no one speaking.
func (x *extraction) subjectFragment(si, qi int, span attrib.ByteSpan) {
	s := &x.d.Sents[si]
	// a title keeps its stop inside the marks in American style
	// (“Letters From Home.”): inside a sentence it is still a title
	if !fragmentWorthy(x.d, qi) || titleLike(strings.TrimRight(x.d.Quotes[qi].Words(x.d.Text), ".")) {
		return
	}
	for k := len(x.claims) - 1; k >= 0 && x.claims[k].sent >= si; k-- {
		c := &x.claims[k]
		if c.sent == si && c.Kind != contract.KindStatistic && c.Start <= span.Start && span.End <= c.End+len("”") {
			return
		}
	}
	if possessed(s, x.d.Quotes[qi].Start) || listMember(s, x.d.Quotes[qi].Start) || labelUse(x.d, s, qi) {
		return
	}
	qStart := x.d.Quotes[qi].Start
	_, b, ok := mainSubject(s, x.units[si])
	if !ok {
		x.participleFragment(si, qi, span)
		return
	}
	if s.Toks[b-1].End > qStart || !actsBefore(s, b, qStart) {
		return
	}
	m := x.res.Subjects[si]
	if m.Pron != "" && m.Pron != "he" && m.Pron != "she" && m.Pron != "they" {
		return
	}
	for k := b; k < len(s.Toks) && s.Toks[k].Start < qStart; k++ {
		if s.Toks[k].Any(lexicon.Be) {
			return
		}
		// "…, Ana Lima, who called the plan “a mistake”": the relative
		// clause's own subject, the name before "who"
		if k > b && s.Toks[k].L == "who" && s.Toks[k-1].Punct(",") {
			m = resolve.Mention{}
			for _, u := range x.units[si] {
				if u.Kind == attrib.Source && u.B == k-1 {
					m = resolve.Analyse(s.Toks[u.A:u.B])
				}
			}
			if m.Name == "" {
				return
			}
		}
	}
	// a named party: "officials discussed a “pause”" quotes a label, not
	// anyone's words
	sp := x.res.Resolve(m, si)
	if sp == nil || sp.Name == "" || sp.Type != contract.SpeakerPerson && sp.Type != contract.SpeakerOrganization {
		return
	}
	// "the mayor praised the plan as a “bold step”": the quoted words
	// name the object, as a naming verb's do ("called the plan “…”"),
	// and the claim opens with what they name
	if a, ok := asObjectStart(s, b, x.d.Quotes[qi]); ok {
		span = attrib.ByteSpan{Start: a, End: attrib.NamingTail(x.d, s.Toks, x.d.Quotes[qi].End)}
	}
	x.quote(si, qi, span, sp, "", "", "quote-subject-fragment", 0.5, [2]int{})
}

// verbParticle are the adverbs a phrasal verb takes before its object
// ("went after", "sized up", "singled out").
var verbParticle = map[string]bool{"up": true, "out": true, "off": true, "down": true, "after": true, "away": true}

// relative are the words that open a relative clause inside a noun phrase.
var relative = map[string]bool{"that": true, "which": true, "who": true, "whom": true, "whose": true}

// maxAsObject is the most words the object of "VERB OBJECT as “…”" may
// hold: a longer run is a clause, not a noun phrase.
const maxAsObject = 8

// asObjectStart returns where the object opens in "SUBJECT VERB OBJECT
// as (a) “…”" (the subject ends at token b, quotation q closed right after
// "as" and an article), and whether the sentence has that shape: the
// object is the words after the verb (past its adverbs and auxiliaries),
// without a verb, a cue, a quotation or punctuation of their own.
func asObjectStart(s *doc.Sentence, b int, q doc.Quote) (int, bool) {
	ts := s.Toks
	k := s.TokenAt(q.Start) - 1
	if !q.Closed || k < 1 || k >= len(ts) {
		return 0, false
	}
	if ts[k].Any(lexicon.Determiner) && ts[k].Word && ts[k].Quote < 0 {
		k--
	}
	if k < 1 || !ts[k].Is("as") || ts[k].Quote >= 0 {
		return 0, false
	}
	v := b
	for v < k && ts[v].Word && ts[v].Quote < 0 && ts[v].Any(lexicon.Aux|lexicon.Adverb|lexicon.Negation) {
		v++
	}
	obj := v + 1
	// (a verb's particle is no part of the object: "went after the
	// mayor as …", "sized up the plan as …")
	for obj < k && ts[obj].Word && ts[obj].Quote < 0 && (ts[obj].Has(lexicon.Prep) || verbParticle[ts[obj].L]) {
		obj++
	}
	if obj >= k || k-obj > maxAsObject {
		return 0, false
	}
	for j := obj; j < k; j++ {
		t := ts[j]
		if !t.Word || t.Quote >= 0 || t.Any(lexicon.Aux|lexicon.Be|lexicon.CueWord) {
			return 0, false
		}
		// a clause of its own before the object: "… a plan that
		// relies on casting herself as “…”" — the object follows it
		if relative[t.L] || !t.Cap && len(t.L) > 5 && strings.HasSuffix(t.L, "ing") {
			obj = j + 1
		}
	}
	if obj >= k {
		return 0, false
	}
	return ts[obj].Start, true
}

// actsBefore reports whether a word stands between the subject ending at
// token b and the quotation at byte qStart: a quotation right after the
// subject is part of its noun phrase ("the union “strike fund” paid …",
// a nickname), not words it says.
func actsBefore(s *doc.Sentence, b, qStart int) bool {
	for k := b; k < len(s.Toks) && s.Toks[k].Start < qStart; k++ {
		if s.Toks[k].Word {
			return true
		}
	}
	return false
}

// participleFragment attributes a quoted fragment in a participle clause
// after the attribution of its sentence's quotation — "“We held on,” she
// said, thanking the crews and “the cooks at the quay kitchen”" — to that
// quotation's speaker: the clause hangs on the attribution, whose subject
// acts in it (a bare speech act, no cue, as in subjectFragment). A
// sentence that opens with its quotation has no subject before the
// fragment for subjectFragment to find.
func (x *extraction) participleFragment(si, qi int, span attrib.ByteSpan) {
	s := &x.d.Sents[si]
	qStart := x.d.Quotes[qi].Start
	var from *found
	for k := len(x.claims) - 1; k >= 0 && x.claims[k].sent >= si; k-- {
		c := &x.claims[k]
		if c.sent == si && c.Kind == contract.KindQuote && c.End <= qStart && c.Speaker != nil && c.Speaker.Name != "" {
			from = c
			break
		}
	}
	if from == nil {
		return
	}
	for k := s.TokenAt(from.End); k >= 0 && k < len(s.Toks) && s.Toks[k].Start < qStart; k++ {
		t := s.Toks[k]
		if t.Word && t.Quote < 0 && strings.HasSuffix(t.L, "ing") && k > 0 && s.Toks[k-1].Punct(",") {
			x.quote(si, qi, span, from.Speaker, "", "", "quote-subject-fragment", 0.5, [2]int{})
			return
		}
	}
}

// labelUse reports whether a quoted phrase of several words modifies the
// plain noun right after its closing mark — "the “bridge to nowhere”
// scheme", "her “jobs first” slogan": a quoted label names a thing,
// nobody's words. The noun is a lower-case word no lexicon class knows,
// and not of a verb's or a plural's form ("“…” drew jeers", "“…” rules"),
// which could be the predicate or a list's head. A single quoted word
// before a noun ("the “shameful” vote") is more often the subject's own
// judgement, and stays.
func labelUse(d *doc.Doc, s *doc.Sentence, qi int) bool {
	q := d.Quotes[qi]
	if w := strings.TrimSpace(d.Text[q.InnerStart:q.InnerEnd]); !strings.Contains(w, " ") || strings.ContainsAny(w[len(w)-1:], ".,;:!?") {
		return false
	}
	k := s.TokenAt(q.End)
	if k >= len(s.Toks) {
		return false
	}
	t := s.Toks[k]
	if !t.Word || t.Cap || t.Quote >= 0 || t.Tags != 0 || t.Digit {
		return false
	}
	for _, suf := range []string{"ed", "s", "ly"} {
		if strings.HasSuffix(t.L, suf) {
			return false
		}
	}
	return true
}

// possessive are the possessive determiners.
var possessive = map[string]bool{"his": true, "her": true, "its": true, "their": true, "our": true, "my": true, "your": true}

// possessed reports whether the quotation starting at byte pos in s is a
// possessed noun ("the mayor's “courage”", "her “calm”").
func possessed(s *doc.Sentence, pos int) bool {
	k := s.TokenAt(pos) - 1
	return k >= 0 && (s.Toks[k].Poss || possessive[s.Toks[k].L])
}

// listMember reports whether the quotation starting at byte pos in s
// follows another quotation in a list, with only commas, "and"/"or" and
// determiners between them ("a “coward,” a “fraud” and “unfit”").
func listMember(s *doc.Sentence, pos int) bool {
	k := s.TokenAt(pos) - 1
	for k >= 0 && (s.Toks[k].Any(lexicon.Determiner) || s.Toks[k].Punct(",") || s.Toks[k].L == "and" || s.Toks[k].L == "or") {
		k--
	}
	return k >= 0 && (s.Toks[k].Quote >= 0 || s.Toks[k].IsQuoteMark())
}

// addresses reports whether the quotation opens by calling sp by name —
// "“Minister Lima, you …”", "“Dear Ms Lima, …”", "“Lima! …”" — so that sp
// is spoken to, not speaking.
func (x *extraction) addresses(span attrib.ByteSpan, sp *contract.Speaker) bool {
	if sp == nil || sp.Name == "" {
		return false
	}
	ts := doc.Tokenize(x.d.Text, span.Start, min(span.End, span.Start+80))
	k := 0
	if k < len(ts) && ts[k].Is("dear") {
		k++
	}
	start := k
	for k < len(ts) && k-start < 5 && (ts[k].Word && ts[k].Cap || ts[k].Punct(".") && k > start && ts[k-1].Any(lexicon.Title)) {
		k++
	}
	if k == start || k >= len(ts) || !ts[k].Punct(",") && !ts[k].Punct("!") || !ts[k-1].Word {
		return false
	}
	name := strings.Fields(strings.ToLower(sp.Name))
	return len(name) > 0 && name[len(name)-1] == ts[k-1].L
}

// frontedBy returns the claim whose speaker a quotation opening sentence
// si describes when the quotation is fronted before the subject — a
// quoted phrase, then a prepositional phrase up to a comma, then the
// subject and its cue: "“Deeply shaken” by the crash, Mayor Lima said the
// line would close" puts Lima's own words for how she felt before what she
// said, so they are hers. Not when no cue of the sentence follows with a
// named speaker (a quoted label opening a sentence is no one's words),
// and not when the quotation ends the sentence or is set off by its own
// attribution (a quote rule reads "“…,” Lima said").
func (x *extraction) frontedBy(si, qi int) *found {
	s := &x.d.Sents[si]
	q := x.d.Quotes[qi]
	k := s.TokenAt(q.End)
	for k >= 0 && k < len(s.Toks) && s.Toks[k].Start < q.End {
		k++
	}
	if k < 0 || k >= len(s.Toks) || !s.Toks[k].Word || !s.Toks[k].Any(lexicon.Prep) {
		return nil
	}
	comma := -1
	for j := k + 1; j < len(s.Toks) && j <= k+8; j++ {
		t := s.Toks[j]
		if t.Punct(",") {
			comma = j
			break
		}
		if !t.Word || t.Quote >= 0 {
			return nil
		}
	}
	if comma < 0 {
		return nil
	}
	for i := range x.claims {
		c := &x.claims[i]
		if c.sent == si && c.Kind != contract.KindStatistic && c.Cue != "" && c.Speaker != nil && c.Speaker.Name != "" && c.Start > s.Toks[comma].End {
			return c
		}
	}
	return nil
}

// transcriptLabel returns the speaker a transcript turn quoted whole names
// by its label ("“LIMA: We will …”", "“MS. LIMA: …”"): one to three
// upper-case words and a colon opening the quotation, resolved like a
// name (a surname finds the person the article named in full). Nil when
// the quotation opens otherwise.
func (x *extraction) transcriptLabel(si int, span attrib.ByteSpan) *contract.Speaker {
	text := x.d.Text[span.Start:span.End]
	c := strings.IndexByte(text, ':')
	if c < 2 || c > 30 {
		return nil
	}
	label := text[:c]
	words := strings.Fields(label)
	if len(words) == 0 || len(words) > 3 {
		return nil
	}
	for _, w := range words {
		w = strings.TrimSuffix(w, ".")
		if len(w) < 2 || strings.ToUpper(w) != w || strings.ToLower(w) == w {
			return nil
		}
	}
	// the label as a name is written ("LIMA" → "Lima"), which the cast
	// matches against the names in the article
	for i, w := range words {
		words[i] = w[:1] + strings.ToLower(w[1:])
	}
	name := strings.Join(words, " ")
	sp := x.res.Resolve(resolve.Analyse(doc.Tokenize(name, 0, len(name))), si)
	if sp == nil || sp.Name == "" || sp.Type != contract.SpeakerPerson {
		return nil
	}
	return sp
}
