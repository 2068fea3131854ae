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

// sentence finds the claims of sentence si.
func (x *extraction) sentence(si int) {
	s := &x.d.Sents[si]
	if !x.d.Paras[s.Para].Prose {
		return
	}
	units := x.units[si]
	var ms []attrib.Match
	have := attrib.KindsOf(units)
	for ai, u := range units {
		if !u.Anchors() {
			continue
		}
		for _, r := range attrib.Rules {
			if !r.Needs(have) {
				continue
			}
			if m, ok := r.Match(s.Toks, units, ai); ok {
				ms = append(ms, m)
			}
		}
	}
	for _, m := range x.choose(si, units, ms) {
		x.attribute(si, units, m, ms)
	}
	for _, qi := range s.Quotes {
		if !x.quoted[qi] {
			x.discourse(si, qi)
		}
	}
	x.statistics(si)
	if strings.HasSuffix(strings.TrimSpace(x.d.SentText(si)), ":") {
		x.colon = nil
		for k := len(x.claims) - 1; k >= 0 && x.claims[k].sent == si; k-- {
			if x.claims[k].Kind != contract.KindStatistic && x.claims[k].Speaker != nil {
				c := x.claims[k]
				x.colon = &c
				break
			}
		}
		if x.colon == nil {
			x.colon = x.colonCue(si, ms)
		}
		if x.colon != nil && x.colon.Via == "" {
			x.colon.Via = mediaIn(s.Toks, 0, len(s.Toks)) // "… wrote on Mastodon:"
		}
	}
}

// chosen is a match with its content spans.
type chosen struct {
	attrib.Match
	content []attrib.ByteSpan
	score   float64
}

// choose picks at most one reading per cue. Without a model, the first
// rule (in table order, most specific first) whose content holds up; with
// one, the reading it finds most likely, if likely enough. Readings that
// differ only in their source (the same content) are one reading for the
// model, which learns from content alone: the earliest rule, the most
// specific, gives it its source. Taking the most likely rather than the
// first likely enough reading keeps a choice from flipping when a score
// near the threshold moves after retraining. A quotation goes to one cue
// only.
func (x *extraction) choose(si int, units []attrib.Unit, ms []attrib.Match) []chosen {
	var out []chosen
	taken := map[int]bool{}
	cands := x.cands[:0]
	defer func() { x.cands = cands[:0] }()
	for i := 0; i < len(ms); {
		j := i
		for j < len(ms) && ms[j].Cue == ms[i].Cue {
			j++
		}
		cands = cands[:0]
		for _, m := range ms[i:j] {
			if m.Rule.Kind == "quote" && anyTaken(m.Quotes, taken, x.quoted) {
				continue
			}
			spans, ok := attrib.Content(x.d, si, units, m, ms)
			if !ok {
				continue
			}
			c := chosen{Match: m, content: spans, score: m.Rule.Confidence}
			if x.model != nil {
				c.score = x.model.Score(x.cueFeatures(si, units, c))
			}
			x.record(si, c.Rule.Name, c.Rule.Kind, m.Cue, spans, c.score, func() model.Features { return x.cueFeatures(si, units, c) })
			if x.model == nil {
				if len(cands) == 0 {
					cands = append(cands, c)
				}
				continue
			}
			merged := false
			for k := range cands {
				if sameSpans(cands[k].content, c.content) {
					cands[k].score = max(cands[k].score, c.score)
					merged = true
					break
				}
			}
			if !merged {
				cands = append(cands, c)
			}
		}
		best := -1
		for k, c := range cands {
			if (x.model == nil || c.score >= x.threshold) && (best < 0 || c.score > cands[best].score) {
				best = k
			}
		}
		if best >= 0 {
			for _, q := range cands[best].Quotes {
				taken[q] = true
			}
			out = append(out, cands[best])
		}
		i = j
	}
	return out
}

// relayedBy returns the later reading of the sentence whose speaker an
// outlet relays, for a quotation "according to" that outlet with a cue
// after both: "“…,”
// according to PTI, the minister said" — the minister speaks, PTI is the
// medium.
func (x *extraction) relayedBy(si int, m attrib.Match, all []attrib.Match) *attrib.Match {
	if m.CueInfo.Class != lexicon.According || m.Rule.Kind != "quote" || m.Source.Empty() || len(m.Content) == 0 {
		return nil
	}
	end := m.Content[len(m.Content)-1].B
	ts := x.d.Sents[si].Toks
	if mediaIn(ts, m.Source.A, m.Source.B) == "" {
		return nil
	}
	for k := range all {
		o := &all[k]
		if !o.Source.Empty() && o.Cue.A > m.Cue.B && o.Cue.A >= end && o.Source.A >= m.Source.B && o.CueInfo.Class != lexicon.According {
			return o
		}
	}
	return nil
}

func sameSpans(a, b []attrib.ByteSpan) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func anyTaken(qs []int, taken, quoted map[int]bool) bool {
	for _, q := range qs {
		if taken[q] || quoted[q] {
			return true
		}
	}
	return false
}

// attribute makes the claims of one chosen reading.
func (x *extraction) attribute(si int, units []attrib.Unit, m chosen, all []attrib.Match) {
	s := &x.d.Sents[si]
	sp := x.source(si, units, m.Match)
	cue := x.d.Text[s.Toks[m.Cue.A].Start:s.Toks[m.Cue.B-1].End]
	via := x.medium(si, m.Match)
	if o := x.relayedBy(si, m.Match, all); o != nil {
		via = mediaIn(s.Toks, m.Source.A, m.Source.B)
		sp = x.source(si, units, *o)
		cue = x.d.Text[s.Toks[o.Cue.A].Start:s.Toks[o.Cue.B-1].End]
	}
	if m.Rule.Kind == "quote" {
		var group [2]int
		if len(m.Quotes) == 2 && len(m.content) == 2 && oneSentence(x.d.Text, m.content[0], m.content[1]) {
			// "“If the river rises,” she said, “the bridge will close.”":
			// one sentence cut by its attribution is one assertion, and
			// neither part says it alone
			x.quoted[m.Quotes[1]] = true
			x.quote(si, m.Quotes[0], attrib.ByteSpan{Start: m.content[0].Start, End: m.content[1].End}, sp, cue, via, m.Rule.Name, m.score, group)
			return
		}
		if len(m.Quotes) > 1 {
			group = [2]int{m.content[0].Start, m.content[len(m.content)-1].End}
		}
		for k, q := range m.Quotes {
			if k < len(m.content) {
				x.quote(si, q, m.content[k], sp, cue, via, m.Rule.Name, m.score, group)
			}
		}
		return
	}
	c := m.content[0]
	x.add(found{Claim: contract.Claim{Kind: contract.KindReported, Text: x.d.Text[c.Start:c.End],
		Sentence: x.d.SentText(si), Start: c.Start, End: c.End, Speaker: copySpeaker(sp), Cue: cue, Via: via,
		Confidence: m.score, Rule: m.Rule.Name}, sent: si, quote: -1})
	// quoted words inside reported speech are the speaker's own words: a
	// claim of their own when the speech says more than they do (when the
	// quotation is most of it, the reported claim is the quotation and a
	// second claim would repeat its words)
	if !saysMore(s, c) {
		return
	}
	for _, q := range s.Quotes {
		qq := x.d.Quotes[q]
		if qq.Start >= c.Start && qq.End <= c.End+len("”") && !x.quoted[q] && fragmentWorthy(x.d, q) {
			if w, ok := attrib.QuoteWords(x.d, q); ok {
				x.quote(si, q, w, sp, cue, via, "quote-fragment", 0.7, [2]int{})
			}
		}
	}
}

// saysMore reports whether reported content holds at least six words
// outside quotation marks, and more of them than inside.
//
// Another trade between units: a news gold counts a partial quotation as
// a claim of its own, PolNeAR counts the mixed quotation once, so there a
// fragment is a false positive beside the reported claim. Measured: a
// fragment for every quotation inside reported speech, news dev quote F1
// 0.914 to 0.933 and PolNeAR dev 0.834 to 0.802; for none, 0.864 and 0.875;
// also when the content holds two quotations or more, 0.920 and 0.827.
func saysMore(s *doc.Sentence, c attrib.ByteSpan) bool {
	in, out := quotedWords(s, c)
	return out >= 6 && out > in
}

// quotedWords counts the words of span c inside and outside quotation marks.
func quotedWords(s *doc.Sentence, c attrib.ByteSpan) (in, out int) {
	for _, t := range s.Toks {
		if !t.Word || t.Start < c.Start || t.End > c.End {
			continue
		}
		if t.Quote >= 0 {
			in++
		} else {
			out++
		}
	}
	return in, out
}

// fragmentWorthy reports whether a quotation inside reported speech is a
// claim of its own: quoted words, not a title, a name in quotes or a
// label the writer then unveils.
func fragmentWorthy(d *doc.Doc, q int) bool {
	w := d.Quotes[q].Words(d.Text)
	return w != "" && !titleLike(w) && !unveiled(d, q) && !named(d, q)
}

// named reports whether the words right before quotation q make its
// words a name (words/namers.txt): "a ferry nicknamed “Old Grumble”", "the
// so-called “harbour tax”", "known as the “Sleeper”", "the podcast “Tide
// Tables”", "a clip of “Tide Tables”", "Lima's “Night Tide”". A work noun
// or a possessive reads a title only when the quoted words open with a
// capital or a digit: "the plan “is dead”" and "the mayor's “courage”"
// stay words someone said.
func named(d *doc.Doc, q int) bool {
	qq := d.Quotes[q]
	ts := d.Sents[qq.Sent].Toks
	k := d.Sents[qq.Sent].TokenAt(qq.Start) - 1
	if k >= 0 && ts[k].Punct(",") {
		k--
	}
	if k < 0 || !ts[k].Word {
		return false
	}
	// a naming word, past an article: "dubbed the “…”", "known as a “…”"
	j := k
	for j > 0 && (ts[j].L == "the" || ts[j].L == "a" || ts[j].L == "an") {
		j--
	}
	switch {
	case lexicon.NamerOf(ts[j].L) == lexicon.NamerName:
		return true
	case ts[j].L == "as" && j > 0 && lexicon.NamerOf(ts[j-1].L) == lexicon.NamerAs:
		return true
	}
	if !opensAsTitle(qq.Words(d.Text)) {
		return false
	}
	// a kind of work, right before or before "of": "the show “…”", "a
	// clip of “…”"
	w := k
	if ts[w].L == "of" && w > 0 {
		w--
	}
	if lexicon.NamerOf(ts[w].L) == lexicon.NamerWork && !ts[w].Cap {
		return true
	}
	return ts[k].Poss || possessive[ts[k].L]
}

// opensAsTitle reports whether quoted words open with a capital or a
// digit, as a title does ("Night Tide", "13 Bells"), and are not a
// sentence's worth of speech (a title has no inner stop).
func opensAsTitle(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return (unicode.IsUpper(r) || unicode.IsDigit(r)) && !strings.ContainsAny(strings.TrimRight(w, ".,!?"), ".!?")
}

// unveiled reports whether the writer says, after quotation q and in its
// sentence, what its words stood for: "a “friendly neighbour”, later
// revealed as Ruritania", "a “client” bought the site, understood to be a
// shipping firm". The marks set off a label used in place of a name — the
// writer's, not a quotation of what the speaker asserts.
func unveiled(d *doc.Doc, q int) bool {
	qq := d.Quotes[q]
	ts := d.Sents[qq.Sent].Toks
	first := true
	for i := range ts {
		if ts[i].Start < qq.End {
			continue
		}
		// right after the closing mark (American style keeps the comma
		// inside it), or past a comma, bracket or dash further on
		k := i
		if ts[i].Punct(",") || ts[i].Punct("(") || ts[i].IsDash() && !ts[i].Word {
			k++
		} else if !first {
			continue
		}
		first = false
		// and past an adverb of time ("…, later …")
		for n := 0; k < len(ts) && n < 2 && ts[k].Any(lexicon.Adverb|lexicon.Time); n++ {
			k++
		}
		if k >= len(ts) || !lexicon.Unveils(ts[k].L) {
			continue
		}
		for j := k + 1; j < len(ts) && j <= k+6; j++ {
			if ts[j].L == "as" || ts[j].L == "to" && j+1 < len(ts) && ts[j+1].L == "be" {
				return true
			}
		}
	}
	return false
}

// quote adds a quote claim for quotation q with the words in span, split
// into one claim per assertion.
func (x *extraction) quote(si, q int, span attrib.ByteSpan, sp *contract.Speaker, cue, via, rule string, conf float64, group [2]int) {
	x.quoted[q] = true
	if x.addresses(span, sp) {
		// "“Minister Lima, you …,” she said": whoever "she" is, not the
		// one spoken to
		sp = &contract.Speaker{Mention: sp.Mention, Type: contract.SpeakerUnknown}
	}
	parts := assertions(x.d.Text, span)
	if len(parts) > 1 && group[1] == 0 {
		group = [2]int{span.Start, span.End}
	}
	for _, p := range parts {
		x.add(found{Claim: contract.Claim{Kind: contract.KindQuote, Text: x.d.Text[p.Start:p.End],
			Sentence: x.d.SentText(si), Start: p.Start, End: p.End, Speaker: copySpeaker(sp), Cue: cue, Via: via,
			Confidence: conf, Rule: rule}, sent: si, quote: q, group: group})
	}
}

func (x *extraction) add(f found) {
	x.claims = append(x.claims, f)
	if f.Speaker != nil && f.Kind != contract.KindStatistic {
		x.res.Said = append(x.res.Said, resolve.Said{Sent: f.sent, Speaker: f.Speaker, Aside: strings.HasPrefix(f.Rule, "nominal-")})
	}
}

func copySpeaker(sp *contract.Speaker) *contract.Speaker {
	if sp == nil {
		return nil
	}
	c := *sp
	return &c
}

// source resolves the source of a reading. Rules without a source slot
// (an -ing cue, a verb after "and") take the sentence's subject, else the
// speaker of the sentence's last claim.
func (x *extraction) source(si int, units []attrib.Unit, m attrib.Match) *contract.Speaker {
	s := &x.d.Sents[si]
	// ", alleging that …": an -ing cue set off by a comma hangs on the
	// clause, not on the noun just before it ("Lima attacked her rival,
	// the mayor, alleging that …" — Lima alleges)
	if !m.Source.Empty() && m.Source.B <= m.Cue.A && m.CueInfo.Form == lexicon.Participle && m.Cue.A > 0 && s.Toks[m.Cue.A-1].Punct(",") {
		m.Source = attrib.Span{}
	}
	if !m.Source.Empty() {
		m.Source = attrib.GapSource(s.Toks, m)
		m.Source = firstConjunct(s.Toks, units, m.Source)
		if a, b, ok := asideOwner(s, units, m); ok {
			m.Source = attrib.Span{A: a, B: b}
		}
		if a, b, ok := relativeAntecedent(s.Toks, units, m.Source); ok {
			m.Source = attrib.Span{A: a, B: b}
		}
		mention := resolve.Analyse(s.Toks[m.Source.A:m.Source.B])
		if a, b, ok := coordinatedName(s.Toks, mention, m.Source.B); ok {
			n := resolve.Analyse(s.Toks[a:b])
			n.Titles = append(n.Titles, mention.Titles...)
			mention = n
		}
		if mention.Name == "" && mention.Pron == "" {
			// "according to her coach, Piet Maas,": the name set off
			// after a description is who speaks
			if n, ok := appositiveName(s.Toks, m.Source.B); ok {
				n.Titles = append(n.Titles, mention.Titles...)
				mention = n
			}
		}
		// "issued a statement saying …": the statement speaks for whoever
		// issued it, the sentence's subject
		if mention.Name == "" && lexicon.Tags(mention.Head).Has(lexicon.StatementNoun) {
			if a, b, ok := mainSubject(s, units); ok && a < m.Source.A {
				mention = resolve.Analyse(s.Toks[a:b])
			}
		}
		// "Lima asked Berg about the fees. He replied …": the one asked
		// replies
		if m.CueInfo.Reply && mention.Pron != "" {
			if sp := x.askedParty(si, m.Cue.A, mention); sp != nil {
				return sp
			}
		}
		// "One voter said the levy was unfair. “You're right,” he
		// said": words answering the one who spoke before are not theirs
		if mention.Pron == "he" || mention.Pron == "she" {
			if to := x.addressedSpeaker(si, s, m); to != "" {
				if sp := x.res.ResolveReply(mention, si, to); sp != nil {
					return sp
				}
			}
		}
		if sp := x.res.Resolve(mention, si); sp != nil {
			return sp
		}
	}
	// a shouting word right after a noun phrase tells what that party
	// cried: "a heckler yelling “…”", "crowds chanting “…”" — the
	// phrase is the -ing form's own subject, not the sentence's
	if sp := x.crierBefore(si, units, m); sp != nil {
		return sp
	}
	// a verb after "and" shares the subject of the verb before it: "as he
	// paused and said, “…”" — he, not the sentence's first subject
	if sp := x.coordinatedSubject(si, units, m); sp != nil {
		return sp
	}
	// the clause the -ing form or the verb after "and" hangs on: the
	// speaker of the sentence's claim just before the cue ("…,” Lima said,
	// adding …"), else the sentence's subject
	cueStart := s.Toks[m.Cue.A].Start
	for k := len(x.claims) - 1; k >= 0 && x.claims[k].sent == si; k-- {
		if c := x.claims[k]; c.Kind != contract.KindStatistic && c.Start < cueStart && c.Speaker != nil && c.Speaker.Name != "" && !relativeClaim(s.Toks, c.Start) {
			return c.Speaker
		}
	}
	// an -ing form opening the sentence hangs on the clause after it:
	// "Thanking the crews, the mayor …" — the mayor speaks
	opens := m.CueInfo.Form == lexicon.Participle && firstWordAt(s.Toks, m.Cue.A)
	if a, b, ok := mainSubject(s, units); ok && (s.Toks[a].Start < cueStart || opens || leadingParticiple(s.Toks, units, m, a)) {
		if sp := x.res.Resolve(resolve.Analyse(s.Toks[a:b]), si); sp != nil {
			return sp
		}
	}
	for k := len(x.claims) - 1; k >= 0 && x.claims[k].sent >= si-1; k-- {
		if c := x.claims[k]; c.Kind != contract.KindStatistic && c.Speaker != nil && c.Speaker.Name != "" {
			return c.Speaker
		}
	}
	return &contract.Speaker{Type: contract.SpeakerUnknown}
}

// asideOwner returns the sentence's subject when the source found for a
// cue lies inside an aside set off after that subject: in "Ana Lima, 42,
// of Marlow, Lowmoor, said …" or "Ana Lima, whose firm, Brill, makes
// sails, said …" the phrase before the cue is a place or a thing the
// aside names, and Lima speaks. The aside opens with a relative pronoun,
// an age, "of" or a determiner, a comma closes it right before the cue,
// and no verb of saying stands in it. An aside "whose X, Y," with no
// verb of its own before the cue is the relative clause's ("Lima, whose
// aide, Jon Pell, said …": the aide speaks).
func asideOwner(s *doc.Sentence, units []attrib.Unit, m attrib.Match) (int, int, bool) {
	ts := s.Toks
	if m.Source.B > m.Cue.A || m.Source.A == 0 || m.Cue.A < 1 || !ts[m.Cue.A-1].Punct(",") {
		return 0, 0, false
	}
	a, b, ok := mainSubject(s, units)
	if !ok || b >= m.Source.A || b+1 >= len(ts) || !ts[b].Punct(",") {
		return 0, 0, false
	}
	if n := resolve.Analyse(ts[a:b]); n.Name == "" || n.Pron != "" {
		return 0, 0, false
	}
	switch t := ts[b+1]; {
	case t.Digit, t.L == "who", t.L == "whose", t.L == "of", t.Has(lexicon.Determiner) && !t.Cap, t.PossessiveDeterminer():
	default:
		return 0, 0, false
	}
	predicate := false // a word of the aside's own after the source
	for _, u := range units {
		if u.A > b && u.A < m.Cue.A && u.Kind == attrib.Cue {
			return 0, 0, false
		}
		if u.A >= m.Source.B && u.A < m.Cue.A && u.Kind == attrib.Word {
			predicate = true
		}
	}
	if ts[b+1].L == "whose" && !predicate {
		return 0, 0, false
	}
	return a, b, true
}

// relativeAntecedent returns the person a "who" clause after a
// prepositional phrase hangs on: in "an accountant at the Treasury who
// said …" or "lawmakers in the state assembly, who argue …" the body or
// place after the preposition is where the people are, and "who" is said
// of people. It applies when the source before "who" is a body or a place
// and the phrase before its preposition is a person or a group.
func relativeAntecedent(ts []doc.Token, units []attrib.Unit, src attrib.Span) (int, int, bool) {
	w := src.B
	if w < len(ts) && ts[w].Punct(",") {
		w++
	}
	if w >= len(ts) || ts[w].L != "who" || src.A < 2 {
		return 0, 0, false
	}
	p := ts[src.A-1]
	if !p.Word || !p.Has(lexicon.Prep) || p.Any(lexicon.Subord|lexicon.Adverbial) {
		return 0, 0, false
	}
	var before *attrib.Unit
	for k := range units {
		if units[k].Kind == attrib.Source && units[k].B == src.A-1 {
			before = &units[k]
		}
	}
	if before == nil {
		return 0, 0, false
	}
	// (people "in", "on" or "at" a named thing are where they sit or
	// work — "Democrats on Capitol Hill, who …" — whatever the name is;
	// after "of", "for" or "to" a person may be meant: "aides to Lima who …")
	later := mentionKind(resolve.Analyse(ts[src.A:src.B]))
	switch earlier := mentionKind(resolve.Analyse(ts[before.A:before.B])); {
	case earlier == contract.SpeakerGroup && (p.L == "in" || p.L == "on" || p.L == "at") && later != contract.SpeakerGroup:
		return before.A, before.B, true
	case later != contract.SpeakerOrganization:
		return 0, 0, false
	case earlier == contract.SpeakerPerson, earlier == contract.SpeakerGroup, earlier == contract.SpeakerAnonymous:
		return before.A, before.B, true
	}
	return 0, 0, false
}

// mentionKind types a mention without resolving it: a name by its words,
// a description by its head.
func mentionKind(m resolve.Mention) string {
	switch {
	case m.Pron != "":
		return ""
	case m.Name != "":
		typ, _ := resolve.MentionType(m)
		if typ == contract.SpeakerUnknown && m.Det == "" && len(m.Titles) == 0 && lexicon.PluralNoun(strings.ToLower(m.Name)) {
			return contract.SpeakerGroup // "Democrats", "Republicans"
		}
		return typ
	case m.Head != "":
		return resolve.DescriptorType(m)
	}
	return ""
}

// relativeClaim reports whether the claim whose content starts at byte
// start is said inside a relative clause ("… refused to pay a builder who
// said he was owed, saying …"): such a claim is the clause's aside, and an
// -ing cue after it hangs on the main clause.
func relativeClaim(ts []doc.Token, start int) bool {
	for j, t := range ts {
		if t.Start < start {
			continue
		}
		k := j - 1
		if k >= 0 && ts[k].L == "that" {
			k--
		}
		return k >= 1 && ts[k].Has(lexicon.CueWord) && (ts[k-1].L == "who" || ts[k-1].L == "which")
	}
	return false
}

// coordinatedName returns the span of the name that a role phrase joins
// with "and" ("the party's leader and Deputy Speaker Ana Lima"): two
// titles of one person, the name after the second; m is the role
// phrase's mention, b the token after it.
func coordinatedName(ts []doc.Token, m resolve.Mention, b int) (int, int, bool) {
	if m.Name != "" || m.Pron != "" || len(m.Titles) == 0 || b+1 >= len(ts) || ts[b].L != "and" {
		return 0, 0, false
	}
	e := attrib.SourceEnd(ts, b+1)
	if e == b+1 {
		return 0, 0, false
	}
	n := resolve.Analyse(ts[b+1 : e])
	return b + 1, e, n.Name != "" && len(strings.Fields(n.Name)) >= 2
}

// appositiveName reads a name set off by commas from token i: ", Piet
// Maas,".
func appositiveName(ts []doc.Token, i int) (resolve.Mention, bool) {
	if i+2 >= len(ts) || !ts[i].Punct(",") {
		return resolve.Mention{}, false
	}
	e := attrib.SourceEnd(ts, i+1)
	// the name closes the sentence or is set off by a second comma:
	// "said the mayor, Ana Lima." / "according to her coach, Piet Maas, …"
	if e == i+1 || e < len(ts) && !ts[e].Punct(",") && !sentenceEnd(ts, e) {
		return resolve.Mention{}, false
	}
	n := resolve.Analyse(ts[i+1 : e])
	return n, n.Name != "" && len(strings.Fields(n.Name)) >= 2
}

// firstConjunct returns the first of two sources joined by "and" that
// open their clause — "harbour sources and radio reports suggest …" is
// credited to the first named — or src. Two parties in a row after a verb
// ("Lima met the crews and officials said …") are no joint subject.
func firstConjunct(ts []doc.Token, units []attrib.Unit, src attrib.Span) attrib.Span {
	if src.A < 2 || ts[src.A-1].L != "and" {
		return src
	}
	for _, u := range units {
		if u.Kind == attrib.Source && u.B == src.A-1 && (u.A == 0 || ts[u.A-1].Punct(",") || ts[u.A-1].L == "that") {
			return attrib.Span{A: u.A, B: u.B}
		}
	}
	return src
}

// sentenceEnd reports whether only end punctuation and closing marks
// remain from token k.
func sentenceEnd(ts []doc.Token, k int) bool {
	for ; k < len(ts); k++ {
		if ts[k].Word {
			return false
		}
	}
	return true
}

// mainSubject returns the token range of the sentence's subject: its first
// source phrase, past a leading adverbial ("In a statement on Tuesday,
// …") and a leading conjunction.
func mainSubject(s *doc.Sentence, units []attrib.Unit) (int, int, bool) {
	k := unitAt(units, datelineEnd(s.Toks))
	k0 := k
	// a leading adverbial, subordinate or participial phrase up to its
	// comma: "In a statement on Tuesday, …", "As the crowd cheered, he …",
	// "Speaking to reporters, the mayor …", "Paying tribute, she …"
	// (stacked, up to three, the later ones after "and" too: "On Monday,
	// after the vote, …", "As the crowd cheered, and as the rain fell, …")
	for round := 0; round < 3 && k < len(units); round++ {
		if round > 0 && units[k].Kind == attrib.And && k+1 < len(units) {
			k++
		}
		u := units[k]
		t := s.Toks[u.A]
		// (a cue in -ed opening the sentence is a participle too: "Asked
		// about the fees, …", "Pressed on the point, …")
		leading := u.Kind == attrib.Word && (t.Any(lexicon.AdvOpener|lexicon.Subord|lexicon.Discourse) || strings.HasSuffix(t.L, "ing")) ||
			u.Kind == attrib.Cue && (u.Cue.Form == lexicon.Participle || k == k0 && strings.HasSuffix(t.L, "ed")) || u.Kind == attrib.According ||
			u.Kind == attrib.Adjunct && k+1 < len(units) && units[k+1].Kind == attrib.Comma
		if !leading {
			break
		}
		c := k + 1
		for c < len(units) && c-k < 30 && units[c].Kind != attrib.Comma && units[c].Kind != attrib.Quote {
			c++
		}
		if c >= len(units) || units[c].Kind != attrib.Comma {
			break
		}
		c = pastApposition(s.Toks, units, k, c)
		k = c + 1
		k += placeRegion(s.Toks, units, k)
	}
	for k < len(units) && (units[k].Kind == attrib.And || units[k].Kind == attrib.Comma || units[k].Kind == attrib.Adjunct) {
		k++
		// (a place's region after the adjuncts too: "At a rally in
		// Dover, Del., the mayor …")
		if k < len(units) && units[k-1].Kind == attrib.Comma {
			k += placeRegion(s.Toks, units, k)
		}
	}
	if k < len(units) && units[k].Kind == attrib.Source {
		m := resolve.Analyse(s.Toks[units[k].A:units[k].B])
		if a, b, ok := coordinatedName(s.Toks, m, units[k].B); ok {
			return a, b, true
		}
		if a, b, ok := apposedSubjectName(s.Toks, units, k, m); ok {
			return a, b, true
		}
		return units[k].A, units[k].B, true
	}
	// a leading phrase of another shape ("Moments after the verdict,
	// the actor said"): the subject follows its comma
	for c := k; c < len(units) && c-k < 30; c++ {
		if units[c].Kind == attrib.Quote || units[c].Kind == attrib.Cue {
			break
		}
		if units[c].Kind == attrib.Comma && c+1 < len(units) && units[c+1].Kind == attrib.Source && c+2 < len(units) && (units[c+2].Kind == attrib.Cue || units[c+2].Kind == attrib.Word) && placeRegion(s.Toks, units, c+1) == 0 {
			return units[c+1].A, units[c+1].B, true
		}
	}
	// a modifier before the subject ("Newly elected Mayor Ana Lima
	// delivered …, telling …"), or what looked like a leading phrase was
	// the subject's own: the first source before any comma, with a verb
	// after it
	for c := k0; c < len(units) && c-k0 < 8 && units[c].Kind != attrib.Comma && units[c].Kind != attrib.Quote && units[c].Kind != attrib.Cue; c++ {
		if units[c].Kind == attrib.Source && c+1 < len(units) && (units[c+1].Kind == attrib.Word || units[c+1].Kind == attrib.Cue) {
			return units[c].A, units[c].B, true
		}
	}
	return 0, 0, false
}

// pastApposition returns the comma that ends a leading phrase whose
// first comma, at c, opens an apposition inside it: "Asked whether Tomas
// Brack, the incoming chairman, could undo the plan, Vell demurred" —
// a description set off after a name, with the phrase going on past its
// closing comma (not the subject after it: "In Lowmoor, the mayor, Ana
// Lima, said …"; not a cue: "…, the mayor, said"). c itself otherwise.
func pastApposition(ts []doc.Token, units []attrib.Unit, k, c int) int {
	for c+3 < len(units) && units[c-1].Kind == attrib.Source && units[c+1].Kind == attrib.Source && units[c+2].Kind == attrib.Comma &&
		(units[c+3].Kind == attrib.Word || units[c+3].Kind == attrib.Who) {
		if t := ts[units[c+1].A]; !(t.Word && !t.Cap && (t.Has(lexicon.Determiner) || t.PossessiveDeterminer())) {
			break
		}
		e := c + 3
		for e < len(units) && e-k < 30 && units[e].Kind != attrib.Comma && units[e].Kind != attrib.Quote {
			e++
		}
		if e >= len(units) || units[e].Kind != attrib.Comma {
			break
		}
		c = e
	}
	return c
}

// placeRegion returns how many units source unit k and its closing comma
// take when, set off by commas right after a leading phrase that ends in
// a place ("At a rally in Marlow, Lowmoor, on Sunday, the mayor …"), it
// is that place's region or country rather than the sentence's subject,
// else 0: a short run of capitalised words that is no person's name (no
// given name, no initial, no title), with the subject or another leading
// part after its comma. A description after it ("in Marlow, Ana Lima,
// the mayor, …") makes the run a name. A region abbreviated with a dot
// ("in Dover, Del., the mayor …") keeps its dot.
func placeRegion(ts []doc.Token, units []attrib.Unit, k int) int {
	width := 2
	if k+1 < len(units) && units[k+1].Kind == attrib.Word && units[k+1].B == units[k+1].A+1 && ts[units[k+1].A].Punct(".") && units[k+1].A == units[k].B {
		width = 3
	}
	if k < 2 || k+width >= len(units) || units[k].Kind != attrib.Source || units[k+width-1].Kind != attrib.Comma {
		return 0
	}
	// the leading phrase ends "in|at|near|from Place,"
	p := units[k-1].A - 1
	for p >= 0 && ts[p].Word && ts[p].Cap {
		p--
	}
	if p < 0 || p == units[k-1].A-1 || !ts[p].Word || ts[p].Cap || !placePrep[ts[p].L] {
		return 0
	}
	u := units[k]
	if u.B-u.A > 4 {
		return 0
	}
	// (initials alone are a region's abbreviation, "N.H."; with a word
	// they are a person's, "J. Pell")
	initials, words := 0, 0
	for i := u.A; i < u.B; i++ {
		t := ts[i]
		if t.Punct(".") {
			continue
		}
		if !t.Word || !t.Cap || t.Any(lexicon.Title|lexicon.Determiner|lexicon.Pronoun) || lexicon.Gender(t.L) != "" {
			return 0
		}
		words++
		if t.Initial() {
			initials++
		}
	}
	if initials > 0 && initials < words {
		return 0
	}
	if next := units[k+width]; next.Kind == attrib.Source && (ts[next.A].Has(lexicon.Determiner) || ts[next.A].PossessiveDeterminer()) {
		return 0
	}
	return width
}

// placePrep are the prepositions that put an event at a place.
var placePrep = map[string]bool{"in": true, "at": true, "near": true, "from": true}

// apposedSubjectName returns the name set off by commas after a subject
// that only describes its party: in "Her rival, Ana Lima, won the vote"
// the subject is Ana Lima, whom a pronoun after it can stand for, and the
// description alone ("rival") names no one. The name must be a person's
// full name (two words or more) closed by a second comma.
func apposedSubjectName(ts []doc.Token, units []attrib.Unit, k int, m resolve.Mention) (int, int, bool) {
	if m.Name != "" || m.Pron != "" || k+3 >= len(units) || units[k+1].Kind != attrib.Comma || units[k+2].Kind != attrib.Source || units[k+3].Kind != attrib.Comma {
		return 0, 0, false
	}
	u := units[k+2]
	n := resolve.Analyse(ts[u.A:u.B])
	if n.Name == "" || n.Det != "" || len(strings.Fields(n.Name)) < 2 {
		return 0, 0, false
	}
	return u.A, u.B, true
}

// unitAt returns the index of the first unit starting at or after token i.
func unitAt(units []attrib.Unit, i int) int {
	for k, u := range units {
		if u.A >= i {
			return k
		}
	}
	return len(units)
}

// datelineEnd returns the token after a dateline opening the sentence
// ("LIMA, Peru (AP) —", "Oslo, Mar 3:", "Lyon:"), 0 when
// there is none: the place of a dateline is never a sentence's subject.
func datelineEnd(ts []doc.Token) int {
	end := 0
	for i := 0; i < len(ts) && i < 16; i++ {
		t := ts[i]
		switch {
		case t.Punct(":") || t.IsDash() && !t.Word:
			if i > 0 {
				end = i + 1
			}
			return max(end, datelineAgain(ts, i+1))
		case t.Punct(")") && i > 1 && ts[i-1].Upper:
			end = i + 1 // "(PTI)", "(AP)" ends a dateline too
		case t.Word && (t.Cap || t.Digit || t.Upper || t.Has(lexicon.Time)), t.Punct(","), t.Punct("("), t.Punct("."):
		default:
			return end
		}
	}
	return end
}

// datelineAgain continues a dateline repeated after the outlet's own
// ("NEW YORK: New York, Nov 5 (PTI) In …").
func datelineAgain(ts []doc.Token, from int) int {
	for i := from; i < len(ts) && i < from+12; i++ {
		t := ts[i]
		if t.Punct(")") && i > from && ts[i-1].Upper {
			return i + 1
		}
		if !(t.Word && (t.Cap || t.Digit || t.Upper || t.Has(lexicon.Time)) || t.Punct(",") || t.Punct("(") || t.Punct(".")) {
			return from
		}
	}
	return from
}

// colonCue returns an attribution for a sentence that ends in a colon
// without a claim of its own ("Ana Lima wrote on X:"), so the quotation
// that opens the next paragraph is hers.
func (x *extraction) colonCue(si int, ms []attrib.Match) *found {
	s := &x.d.Sents[si]
	units := x.units[si]
	for ai, u := range units {
		if u.Kind != attrib.Cue {
			continue
		}
		// the subject before the cue
		for k := ai - 1; k >= 0 && ai-k <= 4; k-- {
			if units[k].Kind == attrib.Source {
				sp := x.res.Resolve(resolve.Analyse(s.Toks[units[k].A:units[k].B]), si)
				if sp == nil || sp.Name == "" {
					return nil
				}
				return &found{Claim: contract.Claim{Speaker: sp, Cue: x.d.Text[s.Toks[u.A].Start:s.Toks[u.B-1].End], Via: mediaIn(s.Toks, u.B, len(s.Toks))}, sent: si, quote: -1}
			}
			if units[k].Kind != attrib.Word && units[k].Kind != attrib.Adjunct {
				break
			}
		}
	}
	return nil
}

// coordinatedSubject resolves the subject of the verb that a cue after
// "and" is coordinated with: "S verb [words] and cue" — the source unit
// right before that verb (past auxiliaries and adverbs). nil when the cue
// does not follow "and" or no such subject stands within a few units.
func (x *extraction) coordinatedSubject(si int, units []attrib.Unit, m attrib.Match) *contract.Speaker {
	s := &x.d.Sents[si]
	k := unitAt(units, m.Cue.A)
	// back over adverbs and auxiliaries to "and"
	k--
	for k >= 0 && units[k].Kind == attrib.Word && s.Toks[units[k].A].Any(lexicon.Adverb|lexicon.Aux) {
		k--
	}
	if k < 1 || units[k].Kind != attrib.And {
		return nil
	}
	// the verb before "and" (with at most two words after it), then its
	// subject; past a comma before "and" when the clause before opens
	// with a subordinator ("…, because Lima took the stage, and said …":
	// Lima, not the sentence's first subject)
	if k >= 2 && units[k-1].Kind == attrib.Comma {
		return x.subordinateSubject(si, units, k-1)
	}
	for j := k - 1; j >= 0 && k-j <= 4; j-- {
		u := units[j]
		if u.Kind == attrib.Source {
			if j+1 >= k || units[j+1].Kind != attrib.Word && units[j+1].Kind != attrib.Cue {
				return nil
			}
			// a possessive is the owner of the noun after it, not a
			// subject: "… would not back Berg's plan and suggested …"
			if s.Toks[u.B-1].Poss {
				return nil
			}
			// a phrase right after a verb or a preposition is an object,
			// not the subject the verb after "and" shares: "the mayor
			// criticised the engineers and blamed …", "ordered a review
			// of the city's defences and warned …" — the clause's subject
			// (found later from the claim before) speaks
			if objectPhrase(s.Toks, units, j) {
				// the object's verb is a cue with its own subject: "after
				// she attacked the officers and blamed …" — she
				if a, b, ok := cueSubjectBefore(s.Toks, units, j); ok {
					if sp := x.res.Resolve(resolve.Analyse(s.Toks[a:b]), si); sp != nil && sp.Name != "" {
						return sp
					}
				}
				return nil
			}
			sp := x.res.Resolve(resolve.Analyse(s.Toks[u.A:u.B]), si)
			if sp == nil || sp.Name == "" {
				return nil
			}
			return sp
		}
		if u.Kind != attrib.Word && u.Kind != attrib.Cue && u.Kind != attrib.Adjunct {
			return nil
		}
	}
	return nil
}

// objectPhrase reports whether source unit j stands where an object
// does: after a cue verb, a preposition that opens no clause ("of",
// "against"; "as" and "after" may open one: "as he paused and said") or
// another noun phrase, with at most its own modifiers between ("the mayor
// criticised river engineers": "river" is a word of its own).
func objectPhrase(ts []doc.Token, units []attrib.Unit, j int) bool {
	if j > 0 && units[j].A > 0 {
		if t := ts[units[j].A-1]; t.Word && t.Has(lexicon.Prep) && !t.Any(lexicon.Subord|lexicon.Adverbial) {
			return true
		}
	}
	for i := j - 1; i >= 0 && j-i <= 3; i-- {
		switch u := units[i]; u.Kind {
		case attrib.Cue, attrib.Source:
			return true
		case attrib.Word:
			t := ts[u.A]
			if t.Has(lexicon.Prep) && !t.Any(lexicon.Subord|lexicon.Adverbial) {
				return true
			}
			if t.Any(lexicon.Subord|lexicon.Adverbial|lexicon.Aux|lexicon.Be|lexicon.Opener|lexicon.Connector|lexicon.Adverb) || t.L == "that" {
				return false
			}
		default:
			return false
		}
	}
	return false
}

// cueSubjectBefore returns the subject of the verb that source unit j
// is the object of ("after she attacked river engineers": she): across
// at most three words (the object's modifiers, the verb), or a cue verb
// and up to two adverbs or auxiliaries before it; not across a
// preposition, which joins two phrases without a verb.
func cueSubjectBefore(ts []doc.Token, units []attrib.Unit, j int) (int, int, bool) {
	i := j - 1
	prep := false // a preposition between: "raids on Marlow from Lowmoor land" has no verb
	for i >= 0 && j-i <= 3 && units[i].Kind == attrib.Word {
		prep = prep || ts[units[i].A].Has(lexicon.Prep)
		i--
	}
	switch {
	case i >= 0 && i < j-1 && units[i].Kind == attrib.Source && !prep:
		return units[i].A, units[i].B, true
	case i < 1 || units[i].Kind != attrib.Cue:
		return 0, 0, false
	}
	c := i
	for i--; i >= 0 && c-i <= 2 && units[i].Kind == attrib.Word && ts[units[i].A].Any(lexicon.Adverb|lexicon.Aux); i-- {
	}
	if i < 0 || units[i].Kind != attrib.Source {
		return 0, 0, false
	}
	return units[i].A, units[i].B, true
}

// crierBefore returns the party of the noun phrase right before a
// participle of a manner cue (no comma between: "a heckler yelling"),
// when it names a person or a group; nil otherwise. A verb of saying
// after an object ("opened the bridge saying …") still hangs on the
// clause: only cries are read as the phrase's own.
func (x *extraction) crierBefore(si int, units []attrib.Unit, m attrib.Match) *contract.Speaker {
	if m.CueInfo.Form != lexicon.Participle || m.CueInfo.Class != lexicon.Manner {
		return nil
	}
	k := unitAt(units, m.Cue.A)
	if k < 1 || units[k-1].Kind != attrib.Source || units[k-1].B != m.Cue.A {
		return nil
	}
	s := &x.d.Sents[si]
	sp := x.res.Resolve(resolve.Analyse(s.Toks[units[k-1].A:units[k-1].B]), si)
	if sp == nil || sp.Name == "" || sp.Type != contract.SpeakerPerson && sp.Type != contract.SpeakerGroup {
		return nil
	}
	return sp
}

// subordinateSubject returns the subject of the subordinate clause that
// ends at the comma unit c, when the clause opens with a subordinator and
// its subject ("…, because Lima took the stage, and said …"): the verb
// after ", and" goes on from that clause. nil when there is none within
// ten units, or when another comma or a quotation stands between.
func (x *extraction) subordinateSubject(si int, units []attrib.Unit, c int) *contract.Speaker {
	s := &x.d.Sents[si]
	for j := c - 1; j >= 1 && c-j <= 10; j-- {
		u := units[j]
		if u.Kind != attrib.Source && u.Kind != attrib.Word && u.Kind != attrib.Cue && u.Kind != attrib.Adjunct && u.Kind != attrib.To {
			return nil
		}
		if u.Kind == attrib.Source && units[j-1].Kind == attrib.Word && s.Toks[units[j-1].B-1].Any(lexicon.Subord) && j+1 < c && units[j+1].Kind == attrib.Word {
			sp := x.res.Resolve(resolve.Analyse(s.Toks[u.A:u.B]), si)
			if sp == nil || sp.Name == "" {
				return nil
			}
			return sp
		}
	}
	return nil
}

// oneSentence reports whether two parts of a quotation split by its
// attribution are one sentence: the first does not end one (it stops at
// the comma the attribution took, or at nothing) and the second starts
// in lower case.
func oneSentence(text string, a, b attrib.ByteSpan) bool {
	first := strings.TrimRight(text[a.Start:a.End], " ,;:")
	if first == "" || strings.ContainsAny(first[len(first)-1:], ".!?") || strings.HasSuffix(first, "…") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[b.Start:b.End])
	return unicode.IsLower(r)
}

// leadingParticiple reports whether an -ing cue stands inside a leading
// phrase that a comma closes right before the sentence's subject at a,
// after a preposition or subordinator ("After suggesting that …, the
// mayor …", "One month after announcing …, Lima …", "In explaining
// why …, Berg …") or in a phrase that opens with an -ing form
// ("Holding signs calling Lima a traitor, the dockers …"): the subject
// after the phrase is who does it. A party before the cue in the phrase
// does it instead ("While the crews kept shouting each other down in claiming
// …, the mayor …").
func leadingParticiple(ts []doc.Token, units []attrib.Unit, m attrib.Match, a int) bool {
	if m.CueInfo.Form != lexicon.Participle || a <= m.Cue.B || !ts[a-1].Punct(",") {
		return false
	}
	for _, u := range units {
		if u.Kind == attrib.Source && u.B <= m.Cue.A {
			return false
		}
	}
	for k := m.Cue.B; k < a; k++ {
		if ts[k].Quote >= 0 && ts[k].Word {
			return false // words quoted in the phrase are someone's own
		}
	}
	if p := m.Cue.A - 1; p >= 0 && ts[p].Word && ts[p].Any(lexicon.Prep|lexicon.Subord) && ts[p].L != "of" && ts[p].L != "for" {
		return true
	}
	for _, t := range ts[:m.Cue.A] {
		if t.Word {
			return t.Cap && strings.HasSuffix(t.L, "ing") && !t.Has(lexicon.CueWord)
		}
	}
	return false
}

// firstWordAt reports whether token i is the first word of ts.
func firstWordAt(ts []doc.Token, i int) bool {
	for k, t := range ts {
		if t.Word {
			return k == i
		}
	}
	return false
}
