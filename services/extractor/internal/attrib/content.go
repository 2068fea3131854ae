package attrib

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimwire/claimwire/services/extractor/internal/doc"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
)

// ByteSpan is a half-open byte range of the article text.
type ByteSpan struct{ Start, End int }

// danglingLink are words that open a clause and never close one: content
// ending in one was cut by a later attribution ("…, while someone said").
var danglingLink = map[string]bool{"while": true, "whereas": true, "although": true, "as": true, "which": true}

// relativeWord open a relative clause set off by a comma ("…, whose
// support …", "…, who …"): a clause inside the one before, not its end.
var relativeWord = map[string]bool{"who": true, "whose": true, "whom": true, "which": true}

// Content returns the byte spans of a match's content, trimmed to the
// claim: a quotation's words without marks, space and the comma that
// belongs to the attribution; a reported clause without "that", the
// sentence's final stop and any later attribution in the sentence
// (", adding …", ", according to …"). ok is false when nothing worth a
// claim remains (a clause of one or two words, a clause that is only a
// quotation, which a quote rule reads instead).
func Content(d *doc.Doc, si int, units []Unit, m Match, others []Match) ([]ByteSpan, bool) {
	s := &d.Sents[si]
	if m.Rule.Kind == "quote" {
		// "saying that “the tide decides” where boats dock": quoted words
		// after "that" that the clause goes on from are part of the
		// reported clause, whose reading (participle-that) has them
		if m.Rule.Name == "participle-quote" && len(m.Quotes) == 1 && quoteInsideThatClause(d, s, m.Quotes[0]) {
			return nil, false
		}
		var out []ByteSpan
		for _, q := range m.Quotes {
			if sp, ok := QuoteWords(d, q); ok {
				out = append(out, sp)
			}
		}
		// a naming verb's object is what the quoted words name: "called
		// the delay “a disgrace”" claims the delay is a disgrace
		if len(out) == 1 && namingObject[m.Rule.Name] {
			qq := d.Quotes[m.Quotes[0]]
			// a possessive right before the quotation makes the quoted
			// words the object's own noun ("praised the mayor's
			// “courage”"): nothing is named, and a naming reading is wrong
			for k := m.Cue.B; k < len(s.Toks) && s.Toks[k].Start < qq.Start; k++ {
				if s.Toks[k].End >= qq.Start-1 && (s.Toks[k].Poss || s.Toks[k].PossessiveDeterminer()) {
					return nil, false
				}
			}
			// a preposition and an -ing verb between the cue and the
			// quotation ("accused the board of leaking a “secret”
			// memo") put the quoted words in the charge, not in a name
			// for the object: the action's reading takes the sentence
			if gerundBefore(s.Toks, m.Cue.B, qq.Start) {
				return nil, false
			}
			// nor does an infinitive: in "called on the board to “stop the
			// sale”" the quoted words are what the board is to do, a
			// clause the reported reading has whole, not a name
			if infinitiveQuote(s, qq.Start) {
				return nil, false
			}
			if a, ok := objectStart(s.Toks, m.Cue.B, qq.Start); ok {
				out[0].Start = a
				if qq.Closed {
					// the closing mark too, with the stop or comma
					// inside it: the opening one is in the claim now
					out[0].End = qq.End
					// and the phrase that completes the name after the
					// mark: "called the levy “a tax” on the young" names
					// the levy a tax on the young
					out[0].End = namingTail(d, s.Toks, qq.End, out[0].End)
				}
			}
			// "the rule, which she called “a trap”": the relative word is
			// what the quoted words name
			if k := relativeBefore(s.Toks, m); k >= 0 {
				out[0].Start = s.Toks[k].Start
				if qq.Closed {
					out[0].End = namingTail(d, s.Toks, qq.End, qq.End)
				}
			}
		}
		return out, len(out) > 0
	}
	if len(m.Content) == 0 {
		return nil, false
	}
	if sourceInsideClause(s.Toks, m) {
		return nil, false
	}
	// an attribution set off inside its statement ("For years, the pilot
	// said, the quay has flooded") reports the whole statement, the words
	// before it too: the complement after the cue alone is not a reading
	// when the statement around it is one
	if (m.Rule.Name == "reported-zero" || m.Rule.Name == "reported-that" || m.Rule.Name == "according-before") && setOffReading(d, si, units, m, others) {
		return nil, false
	}
	c := m.Content[0]
	// "framed the vote as a mandate" says what the vote is; "framed the
	// photo" says nothing
	if m.CueInfo.As && !asWithin(s.Toks, m.Cue.B, m.Content[len(m.Content)-1].B) {
		return nil, false
	}
	// a cry's words are the quotation right after it ("a heckler yelling
	// “traitor” at her"): a quote rule reads them, and what follows the
	// quotation is the sentence going on, not a statement
	if m.CueInfo.Class == lexicon.Manner && c.A < len(s.Toks) && c.A < c.B && (s.Toks[c.A].Quote >= 0 || s.Toks[c.A].IsQuoteMark()) {
		return nil, false
	}
	// a commitment's object is what was promised ("pledged sweeping
	// changes"); one that takes "to" or a "that" clause is promise-to's or
	// reports a statement ("assured reporters that …")
	// (nor one that runs into another source's attribution: in a headline
	// fused with its first line, "… promises action Fire: Chief Minister
	// Lima said …", what follows the verb is Lima's claim)
	if m.Rule.Name == "promise-object" && (c.A != m.Cue.B || c.A >= len(s.Toks) || s.Toks[c.A].Is("to") || thatWithin(s.Toks, c.A, min(c.B, c.A+6)) || sourcedCueIn(others, m, c)) {
		return nil, false
	}
	if len(m.Content) == 2 {
		// an attribution set off inside its content ("The bridge, the
		// mayor said, will reopen in May"): the claim is the whole
		// statement around it
		// …when the part before it is words of the statement, not a
		// quotation (a quote rule reads "“…,” she said, “…”")
		if first := m.Content[0]; first.A >= len(s.Toks) || s.Toks[first.A].Quote >= 0 || s.Toks[first.A].IsQuoteMark() || unquotedWords(s.Toks, first) < 1 {
			return nil, false
		}
		// …nor when the part after it is a quotation opening a sentence
		// of its own ("Asked about the fees, Lima said, “We will …”"):
		// the words before set the scene, and the quotation is what was
		// said (cue-comma-quote)
		// (so is one after a participle's clause: "Vowing to cut fees,
		// she said, “and to keep them low …”" — the clause says what she
		// did, the quotation what she said)
		if second := m.Content[1]; quotationOpens(s.Toks, second) || leadsWithParticiple(s.Toks, m.Content[0]) && allQuoted(s.Toks, second) {
			return nil, false
		}
		// …nor when the part after it is only when it was said ("…, the
		// mayor said, when asked about the delay."): the statement is the
		// part before, which reported-before-tail reads
		if onlyAdjuncts(units, m.Content[1]) {
			return nil, false
		}
		c.B = m.Content[1].B
	}
	a, b := c.A, c.B
	// the verb phrase is the claim for action cues ("accused X of Y") and
	// for commitments ("vowed to reopen the bridge", "…, vowing to reopen
	// it", "… and vowed to reopen it")
	// (a negation before "to" commits too: "vowing not to …"; so is a
	// commitment's object after "and": "… and promised tough penalties",
	// "… and assured voters a new school" — see promise-object)
	toAt := c.A
	if toAt+1 < len(s.Toks) && s.Toks[toAt].Has(lexicon.Negation) {
		toAt++
	}
	commits := m.CueInfo.Class == lexicon.Promise && c.A == m.Cue.B && toAt < len(s.Toks) && s.Toks[toAt].L == "to" ||
		m.CueInfo.Class == lexicon.Promise && m.Rule.Name == "coordinated-that" && c.A < len(s.Toks) && !(c.A == m.Cue.B && s.Toks[c.A].Is("to")) && objectAfter(s.Toks, m.Cue.B, c.A)
	// (and a naming participle's: "…, calling the delay a disgrace", as
	// object-reading reads "called the delay a disgrace")
	naming := m.CueInfo.Class == lexicon.Naming && m.Rule.Name == "participle-that"
	if (m.CueInfo.Class == lexicon.Action || commits || naming || m.Rule.Name == "promise-to" || m.Rule.Name == "promise-object" || m.Rule.Name == "nominal-to" || m.Rule.Name == "object-reading" || m.Rule.Name == "coordinated-object") && c.A > m.Cue.A {
		// the verb phrase starts at its auxiliaries and adverbs: "has
		// outlined a plan", "sharply criticised the board", "did not
		// accuse …" say what the bare verb does not
		a = verbPhraseStart(s.Toks, m.Cue.A, m.Source.B)
	}
	ts0 := d.Sents[si].Toks
	// a leading subordinate clause ends at its comma: "Although the
	// mayor claimed to have cut crime, burglaries rose"; so does a
	// relative clause set off by commas: "Lima, who said the port would
	// reopen, left early"
	// (not when the attribution stands inside the statement: in "If the
	// river rises, she said, the bridge will close" the clause after it
	// is the statement's main one)
	// (not when that clause is the attribution: "As the mayor said, …")
	// (nor when that clause closed before the attribution: in "While the
	// ferry ran, the pilots said the quay was unsafe, above all at night"
	// the pilots' clause is the main one, and its comma ends nothing)
	if len(ts0) > 0 && ts0[0].Any(lexicon.Subord) && !ts0[0].Is("that") && len(m.Content) < 2 && !strings.HasPrefix(m.Rule.Name, "as-") && !closedBefore(ts0, m) || m.Rule.Name == "relative-who" && relativeAfterComma(ts0, m.Cue.A) {
		for k := m.Cue.B; k < b; k++ {
			// (or at its closing dash: "the study — which notes that
			// fares rose — was …")
			if (ts0[k].Punct(",") || ts0[k].IsDash() && !ts0[k].Word && relativeAfterDash(ts0, m.Cue.A)) && ts0[k].Quote < 0 {
				// a relative clause set off inside it goes on to the
				// next comma: "After aides insisted the mayor would
				// win the port voters, whose support was steady, the
				// campaign …"
				if k+1 < b && relativeWord[ts0[k+1].L] && ts0[k+1].Quote < 0 {
					continue
				}
				b = k
				break
			}
		}
	}
	// a restrictive relative clause on the sentence's subject ends where
	// the main clause's verb begins: in "The callers who said the fares
	// were high were told to write" the callers said only that the fares
	// were high; when that verb cannot be found the claim is not made
	if m.Rule.Name == "relative-who" && !relativeAfterComma(ts0, m.Cue.A) && subjectHead(ts0, m.Source) {
		e := mainVerb(ts0, a, b)
		if e < 0 {
			return nil, false
		}
		b = e
	}
	// a fronted "as" attribution to a document or outlet whose statement
	// has a verb of saying of its own ("As reported by the gazette, the
	// diver said …") passes that speaker's words on: the inner
	// attribution is the claim, not a second one for the outlet
	if (m.Rule.Name == "as-passive-before" || m.Rule.Name == "as-document-before") && sourcedCueAfter(units, m, a, b) {
		return nil, false
	}
	// content that holds another cue's quotation is that cue's claim with
	// this one as its outer source ("“…,” he told volunteers, according to
	// a statement"), not a claim of its own
	// …unless that cue follows the content and its quotation comes after
	// it ("said that the vote was fair, adding, “…”"): the content ends
	// where it begins (below); and a quotation that a cue later in the
	// content attributes inside it ("said he backed rules that curb the
	// board, which he called “…”") leaves the outer statement its own
	for _, o := range others {
		if o.Rule.Kind != "quote" || o.Cue.A < c.A || o.Cue.B > c.B || o.Cue == m.Cue {
			continue
		}
		adding := follows(s.Toks, o) && quotesAfter(s.Toks, o)
		// (a clause of its own after "said" — "said the crews were
		// calling it “…”", "said he thought it “…”" — needs only its
		// subject between the cues)
		gap := 3
		if m.Rule.Name == "reported-zero" || m.Rule.Name == "reported-that" || m.Rule.Name == "coordinated-that" {
			gap = 0
		}
		inner := len(o.Content) > 0 && o.Content[0].A > o.Cue.A && o.Cue.A > m.Cue.B+gap
		if !adding && !inner {
			return nil, false
		}
	}
	// a later attribution that follows this one ends its content ("…,
	// adding that …", "…, according to …", "…, the mayor said"); one
	// nested inside it ("said that the council agreed to …") does not
	for _, o := range others {
		if o.Cue.A > m.Cue.A && o.Cue.A < b && o.Cue.A > a && follows(s.Toks, o) && !sourceInsideClause(s.Toks, o) && !plainManner(s.Toks, o, b) {
			cut := o.Cue.A
			if !o.Source.Empty() && o.Source.A < cut && o.Source.A > a {
				cut = max(sourceStart(s.Toks, o), a+1)
				// ", with the minister warning …": "with" opens that
				// clause, not the end of this one
				if cut-1 > a && (s.Toks[cut-1].L == "with" || s.Toks[cut-1].L == "as") && s.Toks[cut-1].Quote < 0 {
					cut--
				}
			}
			b = cut
		}
	}
	ts := s.Toks
	// a place or occasion between the cue and "that" is not content:
	// "told reporters in the capital that …"
	// (or an addressee after "to": "saying to reporters that …")
	if a == m.Cue.B || a > m.Cue.B && a < len(ts) && ts[a].Any(lexicon.Prep) {
		for k := a; k < b && k < a+9; k++ {
			if ts[k].Is("that") && k > a && (ts[a].Any(lexicon.Prep) || ts[a].L == "to") {
				a = k + 1
				break
			}
			if ts[k].Punct(",") || ts[k].Quote >= 0 || ts[k].Has(lexicon.CueWord) {
				break
			}
		}
	}
	// so is an aside set off by commas between the cue and "that": "insisted,
	// as she has since May, that …"
	if a == m.Cue.B && a < b && ts[a].Punct(",") {
		for k := a + 2; k+1 < b && k < a+14; k++ {
			if ts[k].Quote >= 0 || ts[k].Has(lexicon.CueWord) || ts[k].L == "that" {
				break
			}
			if ts[k].Punct(",") && ts[k+1].L == "that" {
				a = k + 2
				break
			}
		}
	}
	// a coordinated verb of saying starts a claim of its own: "accused X
	// of Y and called him “Z”"
	for k := a + 1; k+1 < b; k++ {
		if ts[k].L == "and" && ts[k+1].Has(lexicon.CueWord) && ts[k+1].Quote < 0 && k > m.Cue.B && coordinatedVerb(ts, k+1) {
			b = k
			break
		}
	}
	// a ruling ends where the ruling body's next act begins: "ruled that
	// the lease was void and ordered the firm to pay", "found that the
	// pilot erred, suspending his licence" — what was ordered is the
	// body's act, not what it ruled
	if m.CueInfo.That {
		b = verdictEnd(ts, a, b)
	}
	// trim leading "that", punctuation and trailing punctuation, "and"
	for a < b && (ts[a].L == "that" && a > 0 && a >= m.Cue.B && !SubjectThat(ts, a) || !ts[a].Word && !ts[a].IsQuoteMark() && ts[a].Quote < 0) {
		a++
	}
	// (and a subordinator left by a later attribution: "the port is shut,
	// while | someone else reported …")
	for b > a && (!ts[b-1].Word && !ts[b-1].IsQuoteMark() && ts[b-1].Quote < 0 && !ts[b-1].Punct(")") || ts[b-1].L == "and" || ts[b-1].L == "but" || danglingLink[ts[b-1].L] && ts[b-1].Quote < 0 || ts[b-1].Has(lexicon.Prep) && ts[b-1].Quote < 0 && b < len(ts) && danglingLink[ts[b].L]) {
		b--
	}
	if b <= a {
		return nil, false
	}
	// "said nothing about the fees", "says something about the times",
	// "said little about the plan": a quantity of words about a topic names
	// the topic, and nothing is asserted of it
	if m.Rule.Name == "reported-zero" && a == m.Cue.B && a+1 < b && vagueAmount(ts, a) {
		return nil, false
	}
	// a clause without "that" is a clause: an infinitive after the cue
	// ("vowed to …", "claimed to have …") is promise-to's reading, with
	// the verb, and one after the cue's time or place phrase belongs to
	// that phrase ("said during his speech to be …"; after an addressee
	// it is what they were told: "told the crews to …", and "to" before
	// a noun phrase is no infinitive: "said in reply to a question …")
	if m.Rule.Name == "reported-zero" && ts[a].L == "to" && (a == m.Cue.B || m.Addressee.Empty() && infinitive(ts, a)) {
		return nil, false
	}
	// a participle's or a coordinated verb's complement is a clause too:
	// "pleading for …", "responding to …", "and thought of …" say
	// nothing as such (an infinitive after a promise, "vowing to …", is
	// its content, and so is a stance verb's "of" or "about": "warning of
	// floods"); one that carries a quotation still leads to it ("adding
	// a word for the council: “…”")
	// a naming participle with "to" and no "as" glosses the words before
	// it: "…,” he said, referring to the harbour board" says whom the
	// words meant, not what anyone said of it ("referring to the board
	// as a cartel" does say something)
	if naming && m.Cue.B < len(ts) && ts[m.Cue.B].Is("to") && !asWithin(ts, m.Cue.B, b) && !quotedIn(ts, m.Cue.B, b) {
		return nil, false
	}
	if (m.Rule.Name == "participle-that" || m.Rule.Name == "coordinated-that") && a == m.Cue.B && (ts[a].Any(lexicon.Prep) && m.CueInfo.Class != lexicon.Stance || ts[a].L == "to" && (m.CueInfo.Class == lexicon.Speech || m.CueInfo.Class == lexicon.Manner)) && !quotedIn(ts, a, b) {
		return nil, false
	}
	// a verb of manner attributes a quotation, or a clause it opens with
	// "that" ("joking that …"); its participle before a plain object is
	// not speech: "continuing his tour", "reading the report"
	if m.Rule.Name == "participle-that" && m.CueInfo.Class == lexicon.Manner && !quotedIn(ts, a, b) && !thatBetween(ts, m.Cue.B, a) {
		return nil, false
	}
	// nor is a conjunction or an adverbial clause after the verb: "“…,”
	// she said, and the crowd left", "he said as he left" — the verb has
	// no complement there (an attribution inside its statement, "…, she
	// said, and …", is reported-parenthetical's)
	if m.Rule.Name == "reported-zero" && c.A < len(ts) {
		k := c.A
		if ts[k].Punct(",") && k+1 < len(ts) {
			k++
		}
		if ts[k].Any(lexicon.Conj|lexicon.Adverbial) && !conditionFirst(ts, k, b) && !(k == m.Cue.B && unsaidQuestion(ts, m.Cue.A, k)) {
			return nil, false
		}
		// nor a quoted sentence after the verb's comma: "said, “We
		// will …,” adding …" is a quotation (cue-comma-quote), and the
		// words after it are no part of what was said
		if k > c.A && quotationOpens(ts, Span{k, b}) {
			return nil, false
		}
	}
	if m.Rule.Name == "object-reading" && m.Cue.B < len(ts) {
		// the object must follow the verb: "said, “…”" is a quotation's
		// reading and "said in a post on X" has no object
		// (but in "what she described as a plot" the object is "what",
		// before the source, and "as …" is what it was said to be)
		// (nor does a verb right after it: "everything she says is
		// false" — "is" is the subject's verb, not an object)
		if n := ts[m.Cue.B]; !n.Word || n.Quote >= 0 || n.Any(lexicon.Aux|lexicon.Be) || n.Any(lexicon.Prep|lexicon.Adverb|lexicon.Time|lexicon.Subord) && !(n.Is("as") && m.Source.A > 0 && ts[m.Source.A-1].Is("what")) {
			return nil, false
		}
	}
	// a leading sentence adverb or time phrase before its comma is not
	// content: "Meanwhile, …", "On Friday, …"; a subject before the
	// comma is ("This plan, he says, is new": "this" opens both). Around
	// a set-off attribution it is part of the statement: "Over the years,
	// she said, the port has …" does not say the port always has. Nor is
	// it set off from the statement after "that": in "said that on
	// Monday, the ferry would stop" the day is when the ferry stops.
	// (nor after "that," — "said that, in the spring, the ferry would
	// stop": the commas set the phrase off inside the clause)
	t := a - 1
	if t > 0 && ts[t].Punct(",") {
		t--
	}
	afterThat := t >= 0 && t >= m.Cue.B && ts[t].Is("that") && ts[t].Quote < 0
	// ("However laudable the aim, …" is a concession, though: a clause
	// of the statement, not an adverb before it)
	concession := a+1 < b && ts[a].Is("however") && ts[a+1].Word
	if a < b && len(m.Content) < 2 && !afterThat && !concession && (ts[a].Any(lexicon.AdvOpener|lexicon.Adverb|lexicon.Time) || ts[a].Any(lexicon.Prep) && a+1 < b && ts[a+1].Any(lexicon.Time|lexicon.Determiner)) {
		for k := a + 1; k < b && k <= a+4; k++ {
			if ts[k].Punct(",") {
				a = k + 1
				break
			}
			if !ts[k].Word || ts[k].Any(lexicon.CueWord|lexicon.Aux) || ts[a].Has(lexicon.Determiner) && !ts[k].Any(lexicon.Time|lexicon.Adverb) {
				break
			}
		}
	}
	// an attribution inside a relative clause ("the plan, which the mayor
	// says will cut traffic"): the relative word is the statement's
	// subject or object, and the claim opens with it
	k := relativeBefore(ts, m)
	// (a relative clause without its word: in "a levy the mayor says will
	// cut traffic" a verb right after the cue has lost its subject, the
	// noun before the source, and the claim opens with that noun)
	if k < 0 && m.Rule.Name == "reported-zero" && a == m.Cue.B && a < b && ts[a].Quote < 0 && ts[a].Any(lexicon.Aux|lexicon.Be) {
		k = contactHead(ts, m)
	}
	// (a relative clause whose statement has a subject of its own has
	// taken its object: in "the verdict, which the port said it would
	// appeal" or "a verdict the port said it would appeal" the port
	// speaks of the verdict, and "it would appeal" alone does not say
	// what it would appeal — the claim opens with the noun)
	if h := objectGapHead(ts, m, k, a, b); h >= 0 {
		k = h
	}
	if k >= 0 && a >= m.Cue.B && k < a {
		a = k
		// a relative clause set off by commas ends at its closing comma:
		// in "The levy, which the mayor says will cut traffic, starts in
		// May" the mayor says nothing about May
		if k > 0 && ts[k-1].Punct(",") && ts[k-1].Quote < 0 {
			for j := m.Cue.B; j < b; j++ {
				if ts[j].Punct(",") && ts[j].Quote < 0 {
					b = j
					break
				}
			}
		}
	}
	// a clause has its own subject: a verb right after the cue ("These
	// fees, the chief explained, were fair", "Everything he says is
	// false") belongs to a subject before the attribution, and the
	// complement reading has no statement of its own
	if m.Rule.Name == "reported-zero" && a >= m.Cue.B && a < b && ts[a].Quote < 0 && ts[a].Any(lexicon.Aux|lexicon.Be) {
		return nil, false
	}
	words := 0
	allQuoted := true
	for k := a; k < b; k++ {
		if ts[k].Word {
			words++
			if ts[k].Quote < 0 {
				allQuoted = false
			}
		}
	}
	if words < 3 || allQuoted {
		return nil, false
	}
	// an infinitive after the addressee says what the addressee is to
	// do: "told the crews to stand down" reports that the crews are to
	// stand down, so the addressee is the clause's subject and opens it
	// ("warned the board not to sell"; a claim long enough without it)
	if k := infinitiveAfterAddressee(ts, m, a); k >= 0 {
		a = k
	}
	start, end := ts[a].Start, ts[b-1].End
	return []ByteSpan{{start, end}}, true
}

// verdictEnd returns where the clause [a, b) of a verdict verb ends: at a
// comma or "and" before what a ruling body goes on to do
// (words/verdict_actions.txt), or b.
func verdictEnd(ts []doc.Token, a, b int) int {
	for k := a + 2; k+1 < b; k++ {
		if ts[k].Quote >= 0 || !(ts[k].L == "and" || ts[k].Punct(",")) {
			continue
		}
		n := k + 1
		if ts[k].Punct(",") && n+1 < b && ts[n].L == "and" {
			n++
		}
		if ts[n].Word && ts[n].Quote < 0 && lexicon.VerdictAction(ts[n].L) {
			return k
		}
	}
	return b
}

// onlyAdjuncts reports whether the units of span c are time or
// circumstance phrases and punctuation, with no word of a statement.
func onlyAdjuncts(units []Unit, c Span) bool {
	n := 0
	for _, u := range units {
		if u.B <= c.A || u.A >= c.B {
			continue
		}
		switch u.Kind {
		case Adjunct:
			n++
		case Comma, End:
		default:
			return false
		}
	}
	return n > 0
}

// thatBetween reports whether a "that" opening a clause stands in [from, to).
func thatBetween(ts []doc.Token, from, to int) bool {
	for k := from; k < to && k < len(ts); k++ {
		if ts[k].Is("that") && ts[k].Quote < 0 {
			return true
		}
	}
	return false
}

// sourceInsideClause reports whether the source of an attribution that
// closes its sentence ("…, the mayor said.") opens a clause of the words
// before it instead: right after a verb of saying, "that" or a
// subordinator ("The minister said she would respond.", "… reopen before
// she would comment") the source and its verb are that clause, and the
// words before them are not what it says. "as" is left out: "…, as the
// mayor said." credits the words before it.
func sourceInsideClause(ts []doc.Token, m Match) bool {
	if !strings.HasPrefix(m.Rule.Name, "reported-before") || m.Source.Empty() || m.Source.A == 0 || m.Source.A > m.Cue.A {
		return false
	}
	p := ts[m.Source.A-1]
	if !p.Word || p.Quote >= 0 || p.L == "as" {
		return false
	}
	// (so is one right after an indefinite pronoun it relates to: in
	// "… — something a witness also told the police." the witness told
	// "something", and the words before are someone else's)
	return p.L == "that" || p.Has(lexicon.Adverbial) || p.Has(lexicon.CueWord) || relatedPronoun[p.L]
}

// relatedPronoun are the pronouns a relative clause without "that" can
// hang on before an attribution ("something she also said").
var relatedPronoun = map[string]bool{"something": true, "anything": true, "everything": true, "nothing": true}

// quotationOpens reports whether span c starts with a quotation whose
// first word is capitalised: a sentence of quoted speech, not words of
// the statement put in quotation marks.
func quotationOpens(ts []doc.Token, c Span) bool {
	k := c.A
	for k < c.B && k < len(ts) && ts[k].IsQuoteMark() {
		k++
	}
	return k < c.B && k < len(ts) && ts[k].Quote >= 0 && ts[k].Word && ts[k].Cap
}

// leadsWithParticiple reports whether span c opens with an -ing form
// ("Vowing to …", "Asked about …" is not one).
func leadsWithParticiple(ts []doc.Token, c Span) bool {
	return c.A < len(ts) && ts[c.A].Word && ts[c.A].Quote < 0 && len(ts[c.A].L) > 5 && strings.HasSuffix(ts[c.A].L, "ing")
}

// allQuoted reports whether every word of span c is inside quotation marks.
func allQuoted(ts []doc.Token, c Span) bool {
	n := 0
	for k := c.A; k < c.B && k < len(ts); k++ {
		if ts[k].Word {
			if ts[k].Quote < 0 {
				return false
			}
			n++
		}
	}
	return n > 0
}

// unsaidQuestion reports whether "when" or "where" at k, right after a
// negated cue at c, opens the question left unanswered — "the board has
// not said when the pier will reopen", "she would not say where the
// money went" — rather than dating the saying ("said when she left
// that …"): what someone did not say is an open question, not a time.
func unsaidQuestion(ts []doc.Token, c, k int) bool {
	if !ts[k].Is("when") && !ts[k].Is("where") || k+1 >= len(ts) || !ts[k+1].Word {
		return false
	}
	for p := c - 1; p >= 0 && c-p <= 3; p-- {
		if ts[p].Has(lexicon.Negation) && ts[p].Quote < 0 {
			return true
		}
		if !ts[p].Word || !ts[p].Any(lexicon.Aux|lexicon.Adverb) && ts[p].L != "to" {
			return false
		}
	}
	return false
}

// quotesAfter reports whether every token of o's quoted content comes after
// its cue.
func quotesAfter(ts []doc.Token, o Match) bool {
	for _, c := range o.Content {
		if c.A < o.Cue.B {
			return false
		}
	}
	return len(o.Content) > 0
}

// follows reports whether a later attribution stands after the content of
// an earlier one rather than inside it: it opens after a comma, a
// semicolon, a dash or "and", or it closes the sentence.
func follows(ts []doc.Token, o Match) bool {
	start := o.Cue.A
	if !o.Source.Empty() && o.Source.A < start {
		start = o.Source.A
	}
	if !o.Source.Empty() && o.Source.A < o.Cue.A {
		start = sourceStart(ts, o)
	}
	if start > 0 {
		k := start - 1
		// the comma may stand inside the quotation before: "…
		// change,” saying …"
		if k > 0 && ts[k].IsQuoteMark() && ts[k-1].Punct(",") {
			k--
		}
		p := ts[k]
		if p.Punct(",") || p.Punct(";") || p.IsDash() && !p.Word || p.L == "and" || p.L == "while" || p.L == "but" || p.L == "though" || p.L == "although" || p.L == "whereas" {
			return true
		}
		// ", with the minister warning …", "… as it warned of …": a clause
		// of its own about a source of its own
		if !o.Source.Empty() && o.Source.A < o.Cue.A && (p.L == "with" && k > 0 && ts[k-1].Punct(",") || p.L == "as") {
			return true
		}
	}
	switch o.Rule.Name {
	case "reported-before", "reported-before-inverted", "according-after":
		return true
	}
	return false
}

// plainManner reports whether o is the participle of a verb of manner
// with neither a quotation nor "that" after it before end: ", beginning
// in January", ", continuing a trend" say when or how, not who said
// what (participle-that reads none there), so they do not end the
// content before them.
func plainManner(ts []doc.Token, o Match, end int) bool {
	if o.CueInfo.Class != lexicon.Manner || o.CueInfo.Form != lexicon.Participle || !o.Source.Empty() {
		return false
	}
	return !quotedIn(ts, o.Cue.B, end) && !thatBetween(ts, o.Cue.B, min(o.Cue.B+4, end))
}

// sourceStart is where the source of an attribution whose source comes
// first opens its clause: a hedged number before it belongs to it (",
// and nearly 7 in 10 said …", ", while only 30 percent said …").
func sourceStart(ts []doc.Token, o Match) int {
	start := o.Source.A
	for k := start - 1; k >= 0 && k >= o.Source.A-3 && ts[k].Has(lexicon.Hedge) && ts[k].Quote < 0; k-- {
		start = k
	}
	return start
}

// QuoteWords returns the quoted words of quotation q: inside the marks,
// without surrounding space and the trailing comma or colon that belongs
// to the attribution ("“We will,” she said").
func QuoteWords(d *doc.Doc, q int) (ByteSpan, bool) {
	qq := d.Quotes[q]
	a, b := qq.InnerStart, qq.InnerEnd
	for a < b {
		r, n := utf8.DecodeRuneInString(d.Text[a:])
		if !unicode.IsSpace(r) {
			break
		}
		a += n
	}
	for b > a {
		r, n := utf8.DecodeLastRuneInString(d.Text[a:b])
		if !unicode.IsSpace(r) && r != ',' && r != ':' && r != ';' {
			break
		}
		b -= n
	}
	if b <= a || strings.TrimFunc(d.Text[a:b], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) == "" {
		return ByteSpan{}, false
	}
	return ByteSpan{a, b}, true
}

// relativeAfterComma reports whether the "who" or "which" before the cue
// at c (past adverbs and auxiliaries) follows a comma or a dash: a
// non-restrictive relative, which ends where it is set off.
func relativeAfterComma(ts []doc.Token, c int) bool {
	for k := c - 1; k >= 1 && k >= c-4; k-- {
		if ts[k].L == "who" || ts[k].L == "which" {
			return ts[k-1].Punct(",") || relativeAfterDash(ts, c)
		}
	}
	return false
}

// relativeAfterDash reports whether the "who" or "which" before the cue
// at c follows a dash: the relative clause ends at the next dash.
func relativeAfterDash(ts []doc.Token, c int) bool {
	for k := c - 1; k >= 1 && k >= c-4; k-- {
		if ts[k].L == "who" || ts[k].L == "which" {
			return ts[k-1].IsDash() && !ts[k-1].Word
		}
	}
	return false
}

// unquotedWords counts the words of tokens sp outside quotation marks.
func unquotedWords(ts []doc.Token, sp Span) int {
	n := 0
	for k := sp.A; k < sp.B && k < len(ts); k++ {
		if ts[k].Word && ts[k].Quote < 0 {
			n++
		}
	}
	return n
}

// namingObject are the quote rules whose cue takes an object before the
// quotation ("called the delay “…”", "calling the plan “…”").
var namingObject = map[string]bool{"naming-quote": true, "naming-quote-and": true, "participle-naming": true}

// quotedIn reports whether a token of [a, b) is inside a quotation.
func quotedIn(ts []doc.Token, a, b int) bool {
	for k := a; k < b; k++ {
		if ts[k].Quote >= 0 {
			return true
		}
	}
	return false
}

// namingTail returns where the words completing a quoted name end (the
// name's closing mark ends at byte q; end when nothing completes it): a
// phrase opened by a preposition, up to the next comma, colon,
// semicolon, dash or the sentence end, at most twelve words ("called the
// plan “a trap” for renters"), and further quoted names in a list ("…
// “a trap” and a “scandal”", "“reckless,” an “insult”"). ", citing …"
// or "and said …" is the sentence going on.
func namingTail(d *doc.Doc, ts []doc.Token, q, end int) int {
	k := 0
	for k < len(ts) && ts[k].Start < q {
		k++
	}
	for round := 0; round < 6 && k < len(ts); round++ {
		t := ts[k]
		if t.Word && t.Quote < 0 && (t.Has(lexicon.Prep) || t.L == "to") && !t.Has(lexicon.CueWord) {
			j := k
			for j < len(ts) && j-k < 12 && ts[j].Word && ts[j].Quote < 0 && !ts[j].Has(lexicon.CueWord) && !ts[j].Any(lexicon.Subord) {
				j++
			}
			if j < len(ts) && (j-k >= 12 || ts[j].Word || ts[j].IsQuoteMark() || ts[j].Quote >= 0) {
				return end
			}
			end, k = ts[j-1].End, j
			continue
		}
		// another quoted name: after a comma, "and", "or" or an article
		// (or a relative clause that says more of the same one: "called
		// him a “liar” who is “unfit”")
		h := k
		if h+1 < len(ts) && (ts[h].L == "who" || ts[h].L == "that" || ts[h].L == "which") && ts[h].Quote < 0 && ts[h+1].Has(lexicon.Be) && ts[h+1].Quote < 0 {
			h += 2
		}
		for h < len(ts) && h-k < 5 && ts[h].Quote < 0 && (ts[h].Punct(",") || ts[h].L == "and" || ts[h].L == "or" || ts[h].Has(lexicon.Determiner) && ts[h].Word) {
			h++
		}
		qi := -1
		if h < len(ts) && ts[h].Quote >= 0 {
			qi = ts[h].Quote
		} else if h+1 < len(ts) && ts[h].IsQuoteMark() && ts[h+1].Quote >= 0 {
			qi = ts[h+1].Quote
		}
		if qi < 0 || qi >= len(d.Quotes) || !d.Quotes[qi].Closed || d.Quotes[qi].Start < q {
			return end
		}
		end = d.Quotes[qi].End
		for k < len(ts) && ts[k].Start < end {
			k++
		}
	}
	return end
}

// NamingTail returns where the words completing a quoted name that closes
// at byte q end, q when nothing completes it (see namingTail): a phrase
// opened by a preposition, or further quoted names in a list ("… as a
// “trap” and a “scandal”").
func NamingTail(d *doc.Doc, ts []doc.Token, q int) int { return namingTail(d, ts, q, q) }

// objectStart returns where the object between a cue (ending at token
// from) and its quotation (opening at byte q) starts: up to six words,
// nothing else between ("called it “…”" but not "said, “…”"). "as" and
// its article do not count ("described the new mayor as a “…”").
func objectStart(ts []doc.Token, from, q int) (int, bool) {
	if from >= len(ts) || ts[from].Start >= q {
		return 0, false
	}
	n, as := 0, false
	for k := from; k < len(ts) && ts[k].Start < q; k++ {
		// a verb makes it a clause, not an object: "claimed the case was
		// built on a “…”" is reported speech with a quoted fragment; so
		// does "that" opening it: "warning that “…”" (a -that rule's)
		if !ts[k].Word || ts[k].Quote >= 0 || ts[k].Any(lexicon.Aux|lexicon.Be) || k == from && ts[k].L == "that" {
			return 0, false
		}
		switch {
		case ts[k].L == "as":
			as = true
		case as && ts[k].Has(lexicon.Determiner):
		default:
			n++
		}
	}
	return ts[from].Start, n <= 6
}

// gerundBefore reports whether a preposition followed by an -ing word
// stands between token from and byte q ("… of leaking …", "… for
// hiding …"): a clause of its own, whose object the quotation is part of.
func gerundBefore(ts []doc.Token, from, q int) bool {
	for k := from; k+1 < len(ts) && ts[k+1].Start < q; k++ {
		if ts[k].Quote < 0 && ts[k].Has(lexicon.Prep) && ts[k+1].Word && ts[k+1].Quote < 0 && len(ts[k+1].L) > 5 && strings.HasSuffix(ts[k+1].L, "ing") {
			return true
		}
	}
	return false
}

// relativeBefore returns the relative word ("which", "that", "who",
// "what", "where") right before a match's source that stands before its
// cue, -1 when there is none. "that" counts only after a noun, not after
// a verb of saying ("said that officials say …" opens a clause).
func relativeBefore(ts []doc.Token, m Match) int {
	if m.Source.Empty() || m.Source.B > m.Cue.A || m.Source.A == 0 {
		return -1
	}
	k := m.Source.A - 1
	for k > 0 && ts[k].Has(lexicon.Adverb) && ts[k].Quote < 0 {
		k-- // "which even critics say"
	}
	t := ts[k]
	if t.Quote >= 0 {
		return -1
	}
	switch t.L {
	case "which", "who", "whom", "what", "where":
		return k
	case "that":
		if k > 0 && ts[k-1].Word && ts[k-1].Quote < 0 && !ts[k-1].Any(lexicon.CueWord|lexicon.Prep|lexicon.Conj|lexicon.Aux|lexicon.Be|lexicon.Subord|lexicon.Adverb|lexicon.Pronoun|lexicon.ObjPronoun) {
			return k
		}
	}
	return -1
}

// contactHead returns the start of the noun phrase right before a
// match's source that a relative clause without "that" or "which"
// modifies ("a levy the mayor says will …", "the fares critics said
// were …"), -1 when the word before the source is no such noun. The
// phrase opens at a determiner or possessive at most two words back, or
// at the noun itself.
func contactHead(ts []doc.Token, m Match) int {
	if m.Source.Empty() || m.Source.B > m.Cue.A || m.Source.A < 1 {
		return -1
	}
	k := m.Source.A - 1
	// (the noun may have been read into the source as a modifier: "a
	// levy officials say …" chunks as one phrase; the head noun then
	// stands right before a source of its own inside it)
	if p := innerSource(ts, m.Source); p > 0 {
		k = p - 1
	}
	notNoun := lexicon.CueWord | lexicon.Prep | lexicon.Conj | lexicon.Aux | lexicon.Be | lexicon.Subord | lexicon.Adverb |
		lexicon.Pronoun | lexicon.ObjPronoun | lexicon.Determiner | lexicon.Time | lexicon.Quantity
	if t := ts[k]; !t.Word || t.Cap || t.Quote >= 0 || t.Poss || t.Any(notNoun) || strings.HasSuffix(t.L, "ly") {
		return -1
	}
	for j := k - 1; j >= 0 && k-j <= 2; j-- {
		t := ts[j]
		if !t.Word || t.Quote >= 0 {
			break
		}
		if t.Has(lexicon.Determiner) || t.Poss || t.PossessiveDeterminer() {
			return j
		}
		if t.Cap || t.Any(notNoun) {
			break
		}
	}
	return k
}

// innerSource returns the start of a source of its own inside src that
// ends where src does, after a plain lower-case noun ("levy" in "levy
// officials"), or -1: the noun may be the head of a relative clause
// without its word rather than a modifier of the source.
func innerSource(ts []doc.Token, src Span) int {
	for p := src.A + 1; p < src.B; p++ {
		if ts[p-1].Word && !ts[p-1].Cap && ts[p-1].Tags == 0 && ts[p-1].Quote < 0 && SourceEnd(ts, p) == src.B {
			return p
		}
	}
	return -1
}

// GapSource returns the source of a match whose verb of saying is
// followed at once by an auxiliary or a form of "be" — a clause that has
// lost its subject to a relative clause without "that" or "which" ("a
// step officials said would cut delays") — without the noun that clause
// modifies, which the chunker read as a modifier of the source ("step
// officials"): officials speak, the step is what they spoke of. Any
// other match keeps its source.
func GapSource(ts []doc.Token, m Match) Span {
	if m.Rule.Name != "reported-zero" || m.Source.Empty() || m.Source.B != m.Cue.A || m.Cue.B >= len(ts) {
		return m.Source
	}
	if n := ts[m.Cue.B]; !n.Word || n.Quote >= 0 || !n.Any(lexicon.Aux|lexicon.Be) {
		return m.Source
	}
	if p := innerSource(ts, m.Source); p > 0 {
		return Span{A: p, B: m.Source.B}
	}
	return m.Source
}

// conditionFirst reports whether the adverbial clause opening at token k
// ends in a comma followed by a clause of at least three words before b:
// "said if he were mayor, the port would be rebuilt" has content, "said as
// he left" has none.
func conditionFirst(ts []doc.Token, k, b int) bool {
	if !ts[k].Has(lexicon.Adverbial) {
		return false
	}
	for j := k + 1; j < b && j < k+16; j++ {
		if ts[j].Quote >= 0 || ts[j].Has(lexicon.CueWord) {
			return false
		}
		if ts[j].Punct(",") {
			n := 0
			for e := j + 1; e < b; e++ {
				if ts[e].Word {
					n++
				}
			}
			return n >= 3
		}
	}
	return false
}

// coordinatedVerb reports whether the cue word at i, after "and", is a
// verb of its own rather than a noun joined to the one before: "and
// called him …" starts a claim, "federal and state law", "shootings and
// protests" do not.
func coordinatedVerb(ts []doc.Token, i int) bool {
	c, ok := lexicon.CueOf(ts[i].L)
	return ok && verbUse(ts, i, c)
}

// infinitive reports whether "to" at token i opens an infinitive: a
// lower-case word after it that no determiner or pronoun marks as a noun
// phrase ("to be", "to elect", not "to the crews", "to Lima").
func infinitive(ts []doc.Token, i int) bool {
	if i+1 >= len(ts) {
		return false
	}
	n := ts[i+1]
	return n.Word && !n.Cap && !n.Digit && n.Quote < 0 && !n.Any(lexicon.Determiner|lexicon.Pronoun|lexicon.ObjPronoun|lexicon.Prep)
}

// objectAfter reports whether the content of a commitment cue ending at
// token cue starts its object: right after the verb, or after the words
// a tell-verb reads as its addressee ("assured strict measures", "promised
// voters a new school"), with no "that" opening a clause on the way
// ("promised that …", "assured reporters that …" report a statement).
func objectAfter(ts []doc.Token, cue, a int) bool {
	if a < cue || a-cue > 5 {
		return false
	}
	return !thatWithin(ts, cue, a+1)
}

// thatWithin reports whether "that" stands among tokens [a, b).
func thatWithin(ts []doc.Token, a, b int) bool {
	for k := a; k < b && k < len(ts); k++ {
		if ts[k].Is("that") {
			return true
		}
	}
	return false
}

// asWithin reports whether the word "as" stands outside quotation marks
// among tokens [a, b).
func asWithin(ts []doc.Token, a, b int) bool {
	for k := a; k < b && k < len(ts); k++ {
		if ts[k].Is("as") && ts[k].Quote < 0 {
			return true
		}
	}
	return false
}

// verbPhraseStart returns the first token of the verb phrase whose verb
// is token cue: back over the auxiliaries, adverbs and "not" right before
// it, never into the source ending at token src.
func verbPhraseStart(ts []doc.Token, cue, src int) int {
	a := cue
	for k := cue - 1; k >= 0 && k >= src && cue-k <= 3; k-- {
		t := ts[k]
		if !t.Word || t.Quote >= 0 || !(t.Any(lexicon.Aux|lexicon.Adverb) || t.Is("not")) {
			break
		}
		a = k
	}
	return a
}

// sourcedCueIn reports whether another match with a source of its own has
// its cue inside content c of match m.
func sourcedCueIn(others []Match, m Match, c Span) bool {
	for _, o := range others {
		if o.Cue != m.Cue && o.Cue.A > c.A && o.Cue.A < c.B && !o.Source.Empty() && o.Source.A >= c.A {
			return true
		}
	}
	return false
}

// infinitiveAfterAddressee returns where the addressee of m starts when
// the content opening at token a is an infinitive right after it ("told
// the crews | to stand down", "warned the board | not to sell"); -1
// otherwise.
func infinitiveAfterAddressee(ts []doc.Token, m Match, a int) int {
	if m.Addressee.Empty() || m.Addressee.B != a || a >= len(ts) {
		return -1
	}
	k := a
	if k+1 < len(ts) && ts[k].Has(lexicon.Negation) && ts[k].Quote < 0 {
		k++
	}
	if !ts[k].Is("to") || ts[k].Quote >= 0 || !infinitive(ts, k) {
		return -1
	}
	return m.Addressee.A
}

// quoteInsideThatClause reports whether quotation q stands right after a
// "that" and the clause goes on after it: no stop or comma inside or
// after the closing mark, and a word of the sentence next ("…, saying
// that “the tide decides” where boats dock"). The quoted words are then
// a fragment of the reported clause, not the whole of what was said.
func quoteInsideThatClause(d *doc.Doc, s *doc.Sentence, q int) bool {
	qq := d.Quotes[q]
	if !qq.Closed {
		return false
	}
	k := s.TokenAt(qq.Start)
	if k == 0 || k >= len(s.Toks) || !s.Toks[k-1].Is("that") || s.Toks[k-1].Quote >= 0 {
		return false
	}
	if inner := strings.TrimSpace(d.Text[qq.InnerStart:qq.InnerEnd]); inner == "" || strings.ContainsRune(",.;:!?", rune(inner[len(inner)-1])) {
		return false
	}
	n := s.TokenAt(qq.End)
	return n < len(s.Toks) && s.Toks[n].Word && s.Toks[n].Quote < 0
}

// infinitiveQuote reports whether the quotation opening at byte qStart
// follows an infinitive "to" and starts with a verb-like word: lower case,
// no article, pronoun, preposition or number ("urged voters to “look at
// the record”", not "likened the plan to “a trap”").
func infinitiveQuote(s *doc.Sentence, qStart int) bool {
	k := s.TokenAt(qStart)
	if k == 0 || k >= len(s.Toks) || !s.Toks[k-1].Is("to") || s.Toks[k-1].Quote >= 0 {
		return false
	}
	for k < len(s.Toks) && s.Toks[k].IsQuoteMark() {
		k++
	}
	if k >= len(s.Toks) {
		return false
	}
	w := s.Toks[k]
	return w.Word && !w.Cap && !w.Digit && w.Quote >= 0 && !w.Any(lexicon.Determiner|lexicon.Pronoun|lexicon.ObjPronoun|lexicon.Prep)
}

// closedBefore reports whether a comma outside quotation marks stands
// between the sentence start and the attribution of m (its source, or its
// cue when the source follows): the sentence's leading clause closed there,
// before the attribution began.
func closedBefore(ts []doc.Token, m Match) bool {
	end := m.Cue.A
	if !m.Source.Empty() && m.Source.A < end {
		end = m.Source.A
	}
	for k := 1; k < end && k < len(ts); k++ {
		if ts[k].Punct(",") && ts[k].Quote < 0 {
			return true
		}
	}
	return false
}

// setOffReading reports whether another rule reads the attribution of m,
// at the same cue, as set off inside its statement (reported-parenthetical,
// its inverted form, according-parenthetical) and finds that statement.
func setOffReading(d *doc.Doc, si int, units []Unit, m Match, others []Match) bool {
	for _, o := range others {
		if o.Cue != m.Cue || !strings.HasPrefix(o.Rule.Name, "reported-parenthetical") && o.Rule.Name != "according-parenthetical" || o.Rule.Name == "reported-parenthetical-as" {
			continue
		}
		if _, ok := Content(d, si, units, o, others); ok {
			return true
		}
	}
	return false
}

// objectGapHead returns the start of the noun phrase that a relative
// clause around a reported statement modifies when the statement has a
// subject of its own and so lacks its object ("the ruling, which the
// board said it would appeal", "a ruling the board said it would
// appeal"); -1 otherwise. rel is the relative word before the source (-1
// when none), [a, b) the statement. The statement must open with a
// pronoun subject and end on its verb, an auxiliary and a word ("it would
// appeal", "they will not accept"): a statement that goes on ("said it
// would appeal the fine") has its object. Without a relative word the
// noun must stand right before a source that opens with a determiner ("a
// ruling the board said …"), the mark of a clause without "which".
func objectGapHead(ts []doc.Token, m Match, rel, a, b int) int {
	if m.Rule.Name != "reported-zero" || a != m.Cue.B || b-a < 3 || b-a > 5 || m.Source.Empty() || m.Source.B > m.Cue.A {
		return -1
	}
	if !ts[a].Has(lexicon.Pronoun) || ts[a].Quote >= 0 || !ts[a+1].Has(lexicon.Aux) {
		return -1
	}
	for k := a + 1; k < b; k++ {
		if !ts[k].Word || ts[k].Quote >= 0 || k < b-1 && !ts[k].Any(lexicon.Aux|lexicon.Negation|lexicon.Adverb) {
			return -1
		}
	}
	if b < len(ts) && ts[b].Word {
		return -1
	}
	end := -1 // the token after the noun phrase
	switch {
	case rel >= 1 && (ts[rel].L == "which" || ts[rel].L == "that"):
		end = rel
		if ts[end-1].Punct(",") {
			end--
		}
	case rel < 0 && m.Source.A > 0 && (ts[m.Source.A].Has(lexicon.Determiner) || ts[m.Source.A].PossessiveDeterminer()):
		end = m.Source.A
	default:
		return -1
	}
	// the noun phrase: a plain lower-case noun, back to its determiner or
	// possessive at most three words before it
	// (a form of a verb of saying after a determiner is its noun: "a
	// ruling", "the report")
	k := end - 1
	if k < 0 || !ts[k].Word || ts[k].Cap || ts[k].Quote >= 0 || ts[k].Any(lexicon.Prep|lexicon.Conj|lexicon.Aux|lexicon.Be|lexicon.Pronoun|lexicon.ObjPronoun|lexicon.Determiner|lexicon.Adverb) {
		return -1
	}
	if ts[k].Has(lexicon.CueWord) && !(k > 0 && (ts[k-1].Has(lexicon.Determiner) || ts[k-1].Poss || ts[k-1].PossessiveDeterminer())) {
		return -1
	}
	for j := k - 1; j >= 0 && k-j <= 3; j-- {
		t := ts[j]
		if !t.Word || t.Quote >= 0 {
			break
		}
		if t.Has(lexicon.Determiner) || t.Poss || t.PossessiveDeterminer() {
			return j
		}
		if t.Any(lexicon.CueWord | lexicon.Prep | lexicon.Conj | lexicon.Aux | lexicon.Be | lexicon.Pronoun) {
			break
		}
	}
	return k
}

// vagueAmounts are the words that stand for an amount of talk rather than
// for what was said: "said nothing about …", "said a lot about …".
var vagueAmounts = map[string]bool{"nothing": true, "something": true, "anything": true, "little": true}

// vagueAmount reports whether an amount of talk opens at token a and a
// topic follows it with "about" ("nothing about", "a lot about", "little
// more about"). Not "of": "much of the quay was unsafe" opens a clause.
func vagueAmount(ts []doc.Token, a int) bool {
	k := a
	if k+1 < len(ts) && ts[k].Is("a") && (ts[k+1].Is("lot") || ts[k+1].Is("great") && k+2 < len(ts) && ts[k+2].Is("deal")) {
		k += 2
		if ts[k-1].Is("great") {
			k++
		}
	} else if k < len(ts) && vagueAmounts[ts[k].L] && ts[k].Quote < 0 {
		k++
	} else {
		return false
	}
	if k < len(ts) && (ts[k].Is("more") || ts[k].Is("else")) {
		k++
	}
	return k < len(ts) && ts[k].Is("about") && ts[k].Quote < 0
}

// subjectHead reports whether source src opens its clause, with only
// determiners before it ("The callers who said …", "Many listeners who
// said …"): a relative clause on it is followed by the main verb.
func subjectHead(ts []doc.Token, src Span) bool {
	if src.Empty() {
		return false
	}
	for k := 0; k < src.A; k++ {
		if !ts[k].Word || ts[k].Quote >= 0 || !ts[k].Any(lexicon.Determiner|lexicon.Quantity) {
			return false
		}
	}
	return true
}

// mainVerb returns where the main clause's verb begins in the content
// [a, b) of a relative clause on the subject, or -1 when it cannot be
// told. The clause's own verb comes first; the next auxiliary or form of
// "be" after a noun ("… the plan | did not oppose it", "… too high |
// were told …") is the main one. A verb of saying or a "that" before it
// opens a clause inside the content, whose verb that may be.
func mainVerb(ts []doc.Token, a, b int) int {
	own := false
	for k := a; k < b; k++ {
		t := ts[k]
		if t.Quote >= 0 || !t.Word {
			if t.Punct(",") || t.Punct(";") || t.IsDash() {
				return -1 // an aside or a list: the clause's end is not told
			}
			continue
		}
		if k > a && (t.L == "that" || t.Has(lexicon.CueWord) || t.Any(lexicon.Subord|lexicon.Conj)) {
			return -1
		}
		if !t.Any(lexicon.Aux | lexicon.Be) {
			continue
		}
		p := ts[k-1]
		if p.Any(lexicon.Aux|lexicon.Be|lexicon.Adverb|lexicon.Negation) || p.L == "to" {
			continue // the same verb group
		}
		if !own {
			own = true
			continue
		}
		if k > a && !p.Any(lexicon.Pronoun|lexicon.Determiner|lexicon.Prep) && p.L != "who" && p.L != "which" {
			return k
		}
		return -1
	}
	return -1
}

// sourcedCueAfter reports whether a verb of saying in [a, b) after m's
// cue has its subject right before it ("the diver found …").
func sourcedCueAfter(units []Unit, m Match, a, b int) bool {
	for k := 1; k < len(units); k++ {
		if u := units[k]; u.Kind == Cue && u.A > m.Cue.A && u.A >= a && u.A < b && units[k-1].Kind == Source {
			return true
		}
	}
	return false
}
