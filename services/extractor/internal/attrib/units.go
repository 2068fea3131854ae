// Package attrib finds attributions in a sentence: who (source) says what
// (content) through which cue. It works in stages over a sentence's
// tagged tokens:
//
//   - cue.go: which tokens are cue verbs or cue phrases here;
//   - source.go: the noun phrases that could be sources;
//   - units.go: the sentence as a sequence of units (quotation, source,
//     cue, punctuation, adjunct, word) that the rules read;
//   - rules.go: the attribution patterns, one row of rules.txt each, matched
//     over the units around a cue;
//   - content.go: the content span of a match, trimmed to the claim.
//
// Resolution of the source to an entity of the article is not here (see
// internal/resolve), nor are figures (internal/numbers).
package attrib

import (
	"github.com/claimwire/claimwire/services/extractor/internal/doc"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
	"strings"
)

// Kind is the kind of a unit.
type Kind uint8

// Unit kinds; the pattern symbol of each is in symbols.
const (
	Quote     Kind = iota + 1 // Q: a quotation with its marks
	Source                    // S: a noun phrase that could speak
	Cue                       // C: a cue verb or phrase
	According                 // A: "according to"
	Comma                     // ,
	Colon                     // :
	Semi                      // ;
	Dash                      // — –
	That                      // that
	To                        // to
	And                       // and, but
	Adjunct                   // ADJ: "on Tuesday", "in a statement", "in an interview with X"
	Word                      // W: anything else
	End                       // sentence-final . ! ?
	Paren                     // a bracketed aside "( … )"
	Who                       // who: a relative clause's subject
)

// Unit is a run of tokens [A, B) of a sentence with one role.
type Unit struct {
	Kind  Kind
	A, B  int
	Quote int         // the quotation, for Quote units
	Cue   lexicon.Cue // for Cue and According units
}

// Anchors reports whether a rule can be anchored on the unit: a cue,
// "according to", or the colon or dash that attributes without a verb
// ("Kowal: “…”", "“…” ― Ines Kowal").
func (u Unit) Anchors() bool {
	return u.Kind == Cue || u.Kind == According || u.Kind == Colon || u.Kind == Dash
}

// Units chunks a sentence. cues are the sentence's cue candidates (see
// FindCues), in token order.
func Units(s *doc.Sentence, d *doc.Doc, cues []CueSpan) []Unit {
	ts := s.Toks
	out := make([]Unit, 0, len(ts)/2+4)
	ci := 0
	for i := 0; i < len(ts); {
		t := ts[i]
		// a quotation, marks included
		if q := quoteAt(ts, i, d); q >= 0 {
			j := i
			qq := d.Quotes[q]
			for j < len(ts) && ts[j].Start < qq.End {
				j++
			}
			if j == i {
				j++
			}
			out = append(out, Unit{Kind: Quote, A: i, B: j, Quote: q})
			i = j
			continue
		}
		for ci < len(cues) && cues[ci].A < i {
			ci++
		}
		if ci < len(cues) && cues[ci].A == i {
			c := cues[ci]
			k := Cue
			if c.Cue.Class == lexicon.According {
				k = According
			}
			out = append(out, Unit{Kind: k, A: c.A, B: c.B, Cue: c.Cue, Quote: -1})
			i = c.B
			continue
		}
		// "that" or "which" opening a relative clause whose verb is a cue,
		// after a source: "a letter that says …", "the ministry, which
		// reported …" — the source says it, as after "who"
		if relativeCue(ts, i, out, cues, ci) {
			out = append(out, Unit{Kind: Who, A: i, B: i + 1, Quote: -1})
			i++
			continue
		}
		// "the crews, many of whom say …": a share of the source opens
		// the relative clause, and the source's party says it
		if j := sharedRelative(ts, i, out, cues, ci); j > i {
			out = append(out, Unit{Kind: Who, A: i, B: j, Quote: -1})
			i = j
			continue
		}
		if t.L == "that" && !SubjectThat(ts, i) || t.L == "to" {
			k := That
			if t.L == "to" {
				k = To
			}
			out = append(out, Unit{Kind: k, A: i, B: i + 1, Quote: -1})
			i++
			continue
		}
		// (set off by commas: "said, when asked, that …" — one adjunct
		// with its commas, but the comma a quotation needs stays its own)
		if t.Punct(",") && i+1 < len(ts) && ts[i+1].Word && timeOpener(ts[i+1].L) && cueBefore(out) {
			if j := timeClauseEnd(ts, i+1); j > i+1 && j+1 < len(ts) && ts[j].Punct(",") {
				if ts[j+1].L == "that" {
					j++
				}
				out = append(out, Unit{Kind: Adjunct, A: i, B: j, Quote: -1})
				i = j
				continue
			}
		}
		// (a participle aside between the halves of a split quotation,
		// set off by commas: "the pilot said, pointing at the quay, “…”"
		// — a circumstance of the saying, not what was said)
		if t.Punct(",") && cueBefore(out) {
			if j := participleAsideEnd(ts, i+1); j > i+1 {
				out = append(out, Unit{Kind: Adjunct, A: i, B: j, Quote: -1})
				i = j
				continue
			}
		}
		if t.Word && timeOpener(t.L) && cueBefore(out) {
			if j := timeClauseEnd(ts, i); j > i {
				out = append(out, Unit{Kind: Adjunct, A: i, B: j, Quote: -1})
				i = j
				continue
			}
		}
		if j := adjunctEnd(ts, i); j > i {
			out = append(out, Unit{Kind: Adjunct, A: i, B: j, Quote: -1})
			i = j
			continue
		}
		j := SourceEnd(ts, i)
		// a long subject where the known heads and modifiers stop short of
		// the verb ("Some advocates for the harbour fund said …")
		// (not past the "that" or "which" of a relative clause whose verb
		// the cue is: "the mayor sent a letter that says …")
		if ci < len(cues) && !reachesCue(ts, j, cues[ci].A) && !relativeVerb(ts, j, cues[ci].A) {
			if l := LongSubjectEnd(ts, i, cues[ci].A); l > j {
				j = l
			}
		}
		// a noun of saying with its clause ends the phrase that owns it:
		// "the Gazette's report that …", "a Harbour Gazette report that
		// …" (the nominal cue reads the rest)
		// (an owner must remain: "a remark that …" has none, and its
		// "that" may open a relative clause)
		if ci < len(cues) && cues[ci].Cue.Form == lexicon.Nominal && cues[ci].A > i && cues[ci].A < j && ownerBefore(ts, i, cues[ci].A) {
			j = cues[ci].A
		}
		if j > i {
			out = append(out, Unit{Kind: Source, A: i, B: j, Quote: -1})
			i = j
			continue
		}
		k := Word
		switch {
		case t.Punct(","):
			k = Comma
		case t.Punct(":"):
			k = Colon
		case t.Punct(";"):
			k = Semi
		case t.IsDash() && !t.Word:
			k = Dash
		case (t.Punct(".") || t.Punct("!") || t.Punct("?") || t.Punct("…")) && atEnd(ts, i):
			k = End
		case t.L == "that" && !SubjectThat(ts, i):
			k = That
		case t.L == "to":
			k = To
		case t.L == "and" || t.L == "but":
			k = And
		case t.L == "who":
			k = Who
		case t.Punct("("):
			if j := closeParen(ts, i); j > i {
				out = append(out, Unit{Kind: Paren, A: i, B: j, Quote: -1})
				i = j
				continue
			}
		}
		out = append(out, Unit{Kind: k, A: i, B: i + 1, Quote: -1})
		i++
	}
	return out
}

// reachesCue reports whether a source ending at j reaches the cue at
// token cue past what the rules let stand between them (adjuncts,
// auxiliaries and adverbs, a relative clause opened by "who"): then the
// source SourceEnd found is the subject, however long the words after it.
func reachesCue(ts []doc.Token, j, cue int) bool {
	if j == 0 {
		return false
	}
	for k := j; k < cue; {
		if a := adjunctEnd(ts, k); a > k {
			k = a
			continue
		}
		t := ts[k]
		if t.L == "who" && k == j || t.Punct(",") || t.Punct("(") || t.IsDash() {
			return true // an aside or a relative clause: the rules' APPOS
		}
		if !t.Word || !t.Any(lexicon.Aux|lexicon.Adverb|lexicon.Negation) {
			return false
		}
		k++
	}
	return true
}

// atEnd reports whether only closing marks follow token i.
func atEnd(ts []doc.Token, i int) bool {
	for k := i + 1; k < len(ts); k++ {
		if !ts[k].IsQuoteMark() && !ts[k].Punct(")") && !ts[k].Punct(".") && !ts[k].Punct("!") && !ts[k].Punct("?") {
			return false
		}
	}
	return true
}

// quoteAt returns the quotation whose opening mark (or first token) is
// token i, -1 when none.
func quoteAt(ts []doc.Token, i int, d *doc.Doc) int {
	t := ts[i]
	if t.Quote >= 0 {
		return t.Quote // a quotation whose opening mark is in an earlier sentence
	}
	if !t.IsQuoteMark() {
		return -1
	}
	// the opening mark may be two tokens ('' for ")
	for k := i + 1; k < len(ts) && k <= i+2; k++ {
		if q := ts[k].Quote; q >= 0 {
			if d.Quotes[q].Start <= t.Start && t.Start < d.Quotes[q].InnerStart {
				return q
			}
			return -1
		}
		if !ts[k].IsQuoteMark() {
			return -1
		}
	}
	return -1
}

func closeParen(ts []doc.Token, i int) int {
	for j := i + 1; j < len(ts) && j-i <= 12; j++ {
		if ts[j].Punct(")") {
			return j + 1
		}
		if ts[j].Quote >= 0 {
			return -1
		}
	}
	return -1
}

// adjunctEnd returns the end of a time or circumstance phrase starting at
// token i ("on Tuesday", "Tuesday night", "last week", "in a statement",
// "in an interview with Radio Kestrel", "at a news conference", "on X"),
// or i when there is none. Adjuncts stand between a cue and its source,
// content or sentence end without being either.
func adjunctEnd(ts []doc.Token, i int) int {
	t := ts[i]
	if t.Quote >= 0 || !t.Word {
		return i
	}
	j := i
	switch {
	case t.Has(lexicon.Time) && !t.Has(lexicon.CueWord):
		// "Tuesday", "Tuesday night", "last week" is handled below
		j = i + 1
		for j < len(ts) && ts[j].Has(lexicon.Time) {
			j++
		}
		return j
	case (t.L == "last" || t.L == "this" || t.L == "next" || t.L == "earlier" || t.L == "late" || t.L == "early") && i+1 < len(ts) && ts[i+1].Has(lexicon.Time):
		j = i + 2
		for j < len(ts) && ts[j].Has(lexicon.Time) {
			j++
		}
		return j
	case t.L == "after" || t.L == "before" || t.L == "following":
		return occasionEnd(ts, i)
	case t.L == "of" && i > 0 && saidOf[ts[i-1].L] && ts[i-1].Quote < 0:
		// "she said of the union, “…”": the ones spoken about, a short
		// noun phrase set off before the rest of a quotation or "that"
		e := i + 1
		for e < len(ts) && e-i <= 6 && ts[e].Word && ts[e].Quote < 0 && !ts[e].Has(lexicon.CueWord) && ts[e].L != "that" {
			e++
		}
		if e > i+1 && e < len(ts) && (ts[e].Punct(",") || ts[e].L == "that") {
			return e
		}
		return i
	case t.L == "on" || t.L == "in" || t.L == "at" || t.L == "during" || t.L == "via" || t.L == "through" || t.L == "over":
		k := i + 1
		for k < len(ts) && ts[k].Has(lexicon.Determiner) && ts[k].Word {
			k++
		}
		if k >= len(ts) {
			return i
		}
		// a time word that dates a statement noun is part of it: "in a
		// June report", "in his Monday address" (read below)
		dated := k+1 < len(ts) && ts[k].Has(lexicon.Time) && ts[k+1].Has(lexicon.StatementNoun) && k > i+1
		switch {
		case dated:
		case ts[k].L == "past" && k > i+1 && ts[k-1].L == "the":
			// "has in the past said", "over the past two years": a time
			// phrase, not a party called "past"
			j = k + 1
			for j < len(ts) && ts[j].Word && ts[j].Quote < 0 && j-k <= 2 && (ts[j].Has(lexicon.Time) || ts[j].Digit || ts[j].Has(lexicon.Quantity) || ts[j].L == "few") {
				j++
			}
			return j
		case ts[k].Has(lexicon.Time) || ts[k].Digit && k+1 < len(ts) && ts[k+1].Has(lexicon.Time) || t.L == "in" && k == i+1 && yearEnds(ts, k):
			j = k + 1
			for j < len(ts) && (ts[j].Has(lexicon.Time) || ts[j].Digit) {
				j++
			}
			return j
		case ts[k].Has(lexicon.Platform) && (t.L == "on" || t.L == "via"):
			j = k + 1
			if j < len(ts) && ts[j].Has(lexicon.StatementNoun) {
				j++ // "on Facebook post"
			}
			return j
		}
		// a programme or publication named in quotation marks, on its
		// own or after its owner's name, closing the sentence or its
		// clause: "said on “Harbour Hour.”", "spoke in Radio Kestrel's
		// “Tide Tables” on Friday, …" — where it was said, not what
		if e := quotedTitleEnd(ts, k); e > k && (e == len(ts) || atEnd(ts, e-1) || ts[e].Punct(",") || adjunctEnd(ts, e) > e) {
			return e
		}
		// a place: "said Tuesday in Oslo.", "told reporters in Lyon that …"
		if (t.L == "in" || t.L == "at") && k == i+1 {
			if e := placeEnd(ts, k); e > k {
				return e
			}
		}
		// "in a statement", "in a televised address", "at a news conference",
		// "in an interview with X", "in a post on X"
		h := k
		for h < len(ts) && h-k < 4 && ts[h].Word && ts[h].Quote < 0 && !ts[h].Has(lexicon.StatementNoun) && !ts[h].Has(lexicon.CueWord) && !occasionNouns[ts[h].L] {
			h++
		}
		// (not a noun of saying with its own "that" clause where no verb
		// of saying came before: "seized on the Gazette's report that
		// …" reports what the Gazette said, which the nominal cue reads)
		if h+1 < len(ts) && ts[h].Has(lexicon.StatementNoun) && ts[h+1].Is("that") && !cueWordBefore(ts, i) {
			return i
		}
		if h < len(ts) && (ts[h].Has(lexicon.StatementNoun) || occasionNouns[ts[h].L]) {
			j = h + 1
			// "… with Radio Kestrel", "… on X", "… to supporters", "… on Tuesday"
			for j+1 < len(ts) && (ts[j].L == "with" || ts[j].L == "on" || ts[j].L == "to" || ts[j].L == "from" || ts[j].L == "at") {
				e := SourceEnd(ts, j+1)
				if e == j+1 {
					e = adjunctEnd(ts, j+1)
				}
				if e == j+1 {
					if ts[j+1].Has(lexicon.Platform) {
						e = j + 2
					} else {
						break
					}
				}
				j = e
			}
			return j
		}
		// "posted in the quiet early hours that …", "argued in a
		// letter to the board that …": any short phrase between a cue and
		// the "that" of its clause says where or when, not what
		if afterCue(ts, i) {
			return occasionEnd(ts, i)
		}
	}
	return i
}

// ownerBefore reports whether tokens [i, c) name an owner for the noun
// at c: a name or a possessive, not determiners alone.
func ownerBefore(ts []doc.Token, i, c int) bool {
	for k := i; k < c; k++ {
		if ts[k].Word && (ts[k].Cap && !ts[k].Has(lexicon.Determiner) || ts[k].Poss) {
			return true
		}
	}
	return false
}

// cueWordBefore reports whether a verb of saying stands before token i
// outside quotations: a phrase after it may be where it was said.
func cueWordBefore(ts []doc.Token, i int) bool {
	for k := 0; k < i; k++ {
		if ts[k].Has(lexicon.CueWord) && ts[k].Quote < 0 {
			return true
		}
	}
	return false
}

// maxParticipleAside is the longest participle aside, in tokens, read
// between the halves of a split quotation.
const maxParticipleAside = 10

// participleAsideEnd returns the end of a participle phrase at i that
// a comma closes right before a quotation ("pointing at the quay, “…”",
// "turning to the crowd, “…”"), or i. The phrase holds no cue, no
// quotation and no other punctuation, so it is an aside and not a
// clause of its own. The participle has an object: at least one word
// before the comma.
func participleAsideEnd(ts []doc.Token, i int) int {
	if i >= len(ts) || !ts[i].Word || ts[i].Cap || ts[i].Quote >= 0 || !strings.HasSuffix(ts[i].L, "ing") || len(ts[i].L) < 6 {
		return i
	}
	// (a verb of saying leads to the second half — "adding, “…”" —
	// but one of naming points at its object: "referring to the levy")
	if c, ok := lexicon.CueOf(ts[i].L); ok && c.Class != lexicon.Naming || !ok && ts[i].Has(lexicon.CueWord) {
		return i
	}
	if _, n := phraseAt(ts, i); n > 0 {
		return i // "pointing out, “…”"
	}
	for k := i + 1; k < len(ts) && k-i <= maxParticipleAside; k++ {
		n := ts[k]
		switch {
		case n.Punct(","):
			if k > i+1 && k+1 < len(ts) && (ts[k+1].IsQuoteMark() || ts[k+1].Quote >= 0) {
				return k
			}
			return i
		case !n.Word || n.Quote >= 0 || n.Has(lexicon.CueWord):
			return i
		}
	}
	return i
}

// relativeCue reports whether "that" or "which" at i is the subject of
// a relative clause on the source before it (a comma or dash may set
// "which" off) whose verb, past at most two auxiliaries or adverbs, is
// the next cue.
func relativeCue(ts []doc.Token, i int, out []Unit, cues []CueSpan, ci int) bool {
	t := ts[i]
	if !t.Word || t.Quote >= 0 || t.L != "that" && t.L != "which" || len(out) == 0 || ci >= len(cues) {
		return false
	}
	prev := out[len(out)-1]
	if (prev.Kind == Comma || prev.Kind == Dash) && t.L == "which" && len(out) > 1 {
		prev = out[len(out)-2]
	}
	if prev.Kind != Source {
		return false
	}
	k := i + 1
	for k < len(ts) && k-i <= 2 && k < cues[ci].A && ts[k].Word && ts[k].Quote < 0 && ts[k].Any(lexicon.Aux|lexicon.Adverb) {
		k++
	}
	return k == cues[ci].A && cueForm(ts[k]) != lexicon.Participle && cueForm(ts[k]) != lexicon.Base
}

// relativeVerb reports whether the cue at c is the verb of a relative
// clause on a source phrase that starts after j: "that" or "which"
// stands before the cue (past at most two auxiliaries or adverbs) and a
// source ends right at it ("… a letter that says …"). A relative on no
// known source ("the resolution which said") leaves the long subject.
func relativeVerb(ts []doc.Token, j, c int) bool {
	k := c - 1
	for k > 0 && c-k <= 2 && ts[k].Word && ts[k].Any(lexicon.Aux|lexicon.Adverb) {
		k--
	}
	if k < 0 || !ts[k].Word || ts[k].Quote >= 0 || ts[k].L != "that" && ts[k].L != "which" {
		return false
	}
	for p := j; p < k; p++ {
		if SourceEnd(ts, p) == k {
			return true
		}
	}
	return false
}

// afterCue reports whether token i follows a cue verb closely: at once or
// after a one- or two-word addressee ("told reporters in …").
func afterCue(ts []doc.Token, i int) bool {
	for k := i - 1; k >= 0 && i-k <= 3; k-- {
		if ts[k].Has(lexicon.CueWord) && ts[k].Quote < 0 {
			return true
		}
		if !ts[k].Word {
			return false
		}
	}
	return false
}

// occasionNouns are the gatherings a statement is made at: "at a news
// conference", "in the hearing" place the cue, like "in a statement".
var occasionNouns = map[string]bool{"conference": true, "rally": true, "hearing": true, "session": true}

// saidOf holds the forms of "say" that take the one spoken about with
// "of" ("said of her rival"); other verbs' "of" is their content
// ("warned of floods").
var saidOf = map[string]bool{"said": true, "says": true, "say": true, "saying": true}

// yearEnds reports whether token k is a year that closes a phrase ("told
// the paper in 2019, “…”", "said in 2019 that …"): four digits, then
// punctuation, "that", a cue verb or the sentence end. A year before more
// words may open the statement itself ("said in 2019 prices fell").
func yearEnds(ts []doc.Token, k int) bool {
	y := ts[k].S
	if len(y) != 4 || y < "1800" || y > "2099" || strings.Trim(y, "0123456789") != "" {
		return false
	}
	// (and one right before the verb it dates: "who in 2019 said …")
	return k+1 == len(ts) || !ts[k+1].Word || ts[k+1].L == "that" || ts[k+1].Has(lexicon.CueWord) && ts[k+1].Quote < 0
}

// timeOpener reports whether a word opens a clause or phrase that says
// when or while something was said ("said when asked about …", "said
// after the vote", "told reporters as she left"). "as" opens one only
// before a subject pronoun: "described as a hero" says what, not when.
func timeOpener(l string) bool {
	switch l {
	case "when", "while", "after", "before", "following", "upon", "as":
		return true
	}
	return false
}

// maxTimeClause is the most tokens a time clause after a cue may span:
// longer runs are more likely a statement than the circumstance of one.
const maxTimeClause = 14

// timeClauseEnd returns the end of a time clause at i that follows a cue
// verb at once (or past its time phrase: "said Tuesday when …") and is
// not the cue's content: it closes the sentence ("…, the mayor said after
// the meeting."), or the content comes after it, opened by "that" or set
// off by a comma before a quotation or "that" ("said when asked that …",
// "said after the vote, “…”", "said, when asked, that …"). It returns i
// otherwise: "said when the pier reopens, fares will fall" may say what
// the pier does, and a clause holding another cue or a quotation is not
// a time clause.
func timeClauseEnd(ts []doc.Token, i int) int {
	t := ts[i]
	if !t.Word || t.Quote >= 0 || i+1 >= len(ts) || !timeOpener(t.L) {
		return i
	}
	if t.L == "as" && !ts[i+1].Is("she") && !ts[i+1].Is("he") && !ts[i+1].Is("they") && !ts[i+1].Is("we") && !ts[i+1].Is("i") {
		return i
	}
	if e := occasionBeforeClause(ts, i); e > i {
		return e
	}
	for k := i + 1; k < len(ts) && k-i <= maxTimeClause; k++ {
		n := ts[k]
		switch {
		case n.Quote >= 0 || n.IsQuoteMark() || n.Has(lexicon.CueWord) && k > i+1:
			return i
		case n.L == "that" && n.Quote < 0:
			if k > i+1 && !SubjectThat(ts, k) {
				return k
			}
			if !SubjectThat(ts, k) {
				return i
			}
		case n.Punct(","):
			if k+1 < len(ts) && (ts[k+1].IsQuoteMark() || ts[k+1].Quote >= 0 || ts[k+1].L == "that" && !SubjectThat(ts, k+1)) && k > i+1 {
				return k
			}
			return i
		case (n.Punct(".") || n.Punct("!") || n.Punct("?")) && atEnd(ts, k) && k > i+1:
			return k
		case !n.Word && !n.Punct("-") && !n.Punct("'"):
			return i
		}
	}
	if len(ts)-i <= maxTimeClause+1 && len(ts) > i+1 {
		return len(ts)
	}
	return i
}

// occasionBeforeClause returns the end of an occasion phrase at i ("after
// a cabinet meeting on Tuesday") that a clause with its own subject
// follows without "that" ("… the tax would be scrapped": an article or a
// subject pronoun, then an auxiliary within a few words), or i. "after the
// mayor resigned the council …" has a verb inside the phrase and is left
// alone.
func occasionBeforeClause(ts []doc.Token, i int) int {
	if t := ts[i].L; t != "after" && t != "before" && t != "following" {
		return i
	}
	k := i + 1
	for k < len(ts) && k-i <= 2 && ts[k].Word && (ts[k].Has(lexicon.Determiner) || ts[k].Has(lexicon.ObjPronoun)) && !ts[k].Has(lexicon.Pronoun) {
		k++
	}
	n := k
	for k < len(ts) && k-n < 4 && ts[k].Word && ts[k].Quote < 0 && !ts[k].Any(lexicon.Aux|lexicon.Be|lexicon.Prep|lexicon.Conj|lexicon.Pronoun|lexicon.CueWord|lexicon.Subord|lexicon.Determiner|lexicon.Adverb) {
		k++
	}
	if k == n || k >= len(ts) {
		return i
	}
	if a := adjunctEnd(ts, k); a > k {
		k = a
	}
	c := k
	if c >= len(ts) || !ts[c].Word || ts[c].Quote >= 0 || !(ts[c].Has(lexicon.Determiner) && !ts[c].Has(lexicon.ObjPronoun) || ts[c].Has(lexicon.Pronoun)) {
		return i
	}
	for j := c + 1; j < len(ts) && j <= c+4; j++ {
		if !ts[j].Word || ts[j].Quote >= 0 {
			return i
		}
		if ts[j].Any(lexicon.Aux | lexicon.Be) {
			return c
		}
	}
	return i
}

// cueBefore reports whether the units so far end with a cue, past its
// time or place phrases, a comma and one noun phrase (the addressee or an
// inverted source: "told reporters when …", "said Lima after …"); a verb
// that takes an addressee may have a few plain words of one ("told the
// crews when …").
func cueBefore(out []Unit) bool {
	np, words := false, 0
	for k := len(out) - 1; k >= 0 && len(out)-k <= 5; k-- {
		switch out[k].Kind {
		case Cue:
			return words == 0 || out[k].Cue.Tell && words <= 3 && !np
		case Adjunct, Comma:
		case Source:
			if np {
				return false
			}
			np = true
		case Word:
			words++
		default:
			return false
		}
	}
	return false
}

// occasionEnd returns the end of an occasion phrase at i ("after the
// vote", "following his talks with the union") when a clause opened by
// "that" follows it — "said after the vote that …": the clause is what was
// said — or i. Without "that" the phrase may be a clause of its own
// ("said after the vote he …" reads either way), so it is left alone.
//
// A name in quotation marks may stand in the phrase — "said on “Harbour
// Hour” that …", "told in a “Tide Tables” episode that …": a programme,
// a book or a film is where it was said (its marks do not count towards
// the phrase's length).
func occasionEnd(ts []doc.Token, i int) int {
	marks := 0
	for k := i + 1; k < len(ts) && k-i-marks <= 6; k++ {
		t := ts[k]
		if t.IsQuoteMark() && t.Quote < 0 {
			marks++
			continue
		}
		if t.Quote >= 0 {
			if !quotedNameWord(ts, k) {
				return i
			}
			continue
		}
		if t.L == "that" {
			if k > i+1 && !SubjectThat(ts, k) {
				return k
			}
			return i
		}
		if !t.Word || t.Quote >= 0 || t.Has(lexicon.CueWord) || t.Any(lexicon.Pronoun|lexicon.Aux|lexicon.Be) && !t.Has(lexicon.Determiner) {
			return i
		}
	}
	return i
}

// placeEnd returns the end of a place name of at most three capitalised
// words at k that closes the sentence or stands before a comma, "that",
// "on" or a time word, or k: a medium ("in The Daily Post") is not a place.
func placeEnd(ts []doc.Token, k int) int {
	e := k
	for e < len(ts) && e-k < 3 && ts[e].Word && ts[e].Cap && ts[e].Quote < 0 && !ts[e].Any(lexicon.Media|lexicon.MediaHead|lexicon.Platform|lexicon.Time|lexicon.Opener) {
		e++
	}
	if e == k || e-k == 3 && e < len(ts) && ts[e].Cap {
		return k
	}
	if e == len(ts) || ts[e].Punct(".") || ts[e].Punct(",") || ts[e].L == "that" || ts[e].L == "on" || ts[e].Has(lexicon.Time) {
		// the region after a town is the same place: "in Dover,
		// Delaware, that …", "in Salem, N.H., “…”", "… in Salem,
		// Oregon." — the comma after it ends the place, not the one
		// between them
		if e+2 < len(ts) && ts[e].Punct(",") {
			if r := placeNameEnd(ts, e+1, 2); r > e+1 && (r == len(ts) || ts[r].Punct(",") && !describedNext(ts, r+1) || ts[r].Punct(".") && atEnd(ts, r)) {
				return r
			}
		}
		return e
	}
	return k
}

// describedNext reports whether a description opens at k ("the harbour
// master", "her deputy"): set off after a run of capitalised words, it
// makes the run a person's name ("in Marlow, Jon Pell, the pilot, …"),
// not the region of the place before it.
func describedNext(ts []doc.Token, k int) bool {
	if k >= len(ts) {
		return false
	}
	switch ts[k].L {
	case "the", "a", "an", "his", "her", "their", "its", "our":
		return true
	}
	return false
}

// placeNameEnd returns the end of up to n capitalised words at k that can
// name a place (no medium, platform, time word or opener), or k.
func placeNameEnd(ts []doc.Token, k, n int) int {
	e := k
	for e < len(ts) && e-k < n && ts[e].Word && ts[e].Cap && ts[e].Quote < 0 && !ts[e].Poss && !ts[e].Any(lexicon.Media|lexicon.MediaHead|lexicon.Platform|lexicon.Time|lexicon.Opener|lexicon.CueWord) {
		e++
	}
	return e
}

// SubjectThat reports whether "that" at token i is a clause's subject, not
// the word that opens a clause: a verb follows it at once ("experts said
// that is unlikely", "she said that was a mistake") — a clause opened by
// "that" has its own subject first. A verb form no singular subject takes
// makes it a relative pronoun instead: "the reports that were filed".
func SubjectThat(ts []doc.Token, i int) bool {
	return ts[i].L == "that" && i+1 < len(ts) && ts[i+1].Quote < 0 && ts[i+1].Any(lexicon.Aux|lexicon.Be) && !ts[i+1].Has(lexicon.PluralVerb)
}

// sharedRelative returns the end of "many of whom", "some of which"
// opening at token i, after a source set off by a comma, when the cue
// comes next (past auxiliaries and adverbs); i when there is none.
func sharedRelative(ts []doc.Token, i int, out []Unit, cues []CueSpan, ci int) int {
	if i+3 >= len(ts) || len(out) < 2 || ci >= len(cues) || !ts[i].Word || ts[i].Quote >= 0 || !ts[i].Has(lexicon.Quantity) || !ts[i+1].Is("of") || !ts[i+2].Is("whom") && !ts[i+2].Is("which") {
		return i
	}
	if out[len(out)-1].Kind != Comma || out[len(out)-2].Kind != Source {
		return i
	}
	k := i + 3
	for k < len(ts) && k-i <= 5 && k < cues[ci].A && ts[k].Word && ts[k].Quote < 0 && ts[k].Any(lexicon.Aux|lexicon.Adverb) {
		k++
	}
	if k != cues[ci].A || cueForm(ts[k]) == lexicon.Participle || cueForm(ts[k]) == lexicon.Base && !ts[k-1].Has(lexicon.Aux) && ts[i+2].Is("which") {
		return i
	}
	return i + 3
}

// quotedNameWord reports whether token k, inside a quotation, is a word of
// a name: capitalised or a digit, or a short function word after its first
// word ("Tide of the Year").
func quotedNameWord(ts []doc.Token, k int) bool {
	t := ts[k]
	if !t.Word {
		return false
	}
	if t.Cap || t.Digit {
		return true
	}
	return k > 0 && ts[k-1].Quote == t.Quote && ts[k-1].Word && t.Any(lexicon.Determiner|lexicon.Prep|lexicon.Conj)
}

// quotedTitleEnd returns the end of a name in quotation marks at token k,
// after at most three capitalised words of its owner ending in a
// possessive ("Radio Kestrel's “Harbour Hour”"), the closing mark
// included; k when there is none. Its words are a name's (see
// quotedNameWord); a stop may close it inside the marks ("“Harbour
// Hour.”").
func quotedTitleEnd(ts []doc.Token, k int) int {
	h := k
	for h < len(ts) && h-k < 3 && ts[h].Word && ts[h].Cap && ts[h].Quote < 0 && !ts[h].Poss {
		h++
	}
	if h < len(ts) && h-k < 3 && ts[h].Word && ts[h].Cap && ts[h].Quote < 0 && ts[h].Poss {
		h++
	} else if h > k {
		return k
	}
	if h+2 >= len(ts) || !ts[h].IsQuoteMark() || ts[h].Quote >= 0 || ts[h+1].Quote < 0 {
		return k
	}
	q := ts[h+1].Quote
	e := h + 1
	for e < len(ts) && ts[e].Quote == q {
		if !quotedNameWord(ts, e) && !(ts[e].Punct(".") || ts[e].Punct("!") || ts[e].Punct("?")) || !ts[e].Word && (e+1 >= len(ts) || ts[e+1].Quote == q) {
			return k
		}
		e++
	}
	if e >= len(ts) || !ts[e].IsQuoteMark() || ts[e].Quote >= 0 {
		return k
	}
	return e + 1
}
