package attrib

import (
	"github.com/claimwire/claimwire/services/extractor/internal/doc"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
)

// CueSpan is a cue candidate: tokens [A, B) of a sentence.
type CueSpan struct {
	A, B int
	Cue  lexicon.Cue
}

// FindCues lists the cue candidates of a sentence outside quotations: the
// multi-word cue phrases and the forms of cue verbs, minus uses that are
// plainly not a verb of saying here. What remains is a candidate: the
// rules decide whether it attributes anything, and the model how likely.
func FindCues(s *doc.Sentence) []CueSpan {
	ts := s.Toks
	var out []CueSpan
	for i := 0; i < len(ts); i++ {
		if ts[i].Quote >= 0 || !ts[i].Word {
			continue
		}
		if p, n := phraseAt(ts, i); n > 0 {
			c := lexicon.Cue{Lemma: joinLower(ts[i : i+n]), Class: p.Class, Form: p.Form}
			// "went on to vow that …": the verb after "to" says what kind
			// of saying it is, "went on" only its tense
			// (an adverb may split the infinitive: "went on to further state")
			if p.Class == lexicon.Manner && i+n+1 < len(ts) && ts[i+n].L == "to" && ts[i+n+1].Quote < 0 {
				vi := i + n + 1
				if vi+1 < len(ts) && ts[vi].Has(lexicon.Adverb) && ts[vi+1].Quote < 0 {
					vi++
				}
				if v, ok := lexicon.CueOf(ts[vi].L); ok && v.Form == lexicon.Base && v.Class != lexicon.Manner {
					n = vi + 1 - i
					c = lexicon.Cue{Lemma: joinLower(ts[i : i+n]), Class: v.Class, Form: p.Form, Zero: v.Zero, Tell: v.Tell}
				}
			}
			out = append(out, CueSpan{A: i, B: i + n, Cue: c})
			i += n - 1
			continue
		}
		if n, ok := nominal(ts, i); ok {
			out = append(out, CueSpan{A: i, B: i + 1, Cue: n})
			continue
		}
		c, ok := lexicon.CueOf(ts[i].L)
		if !ok || !verbUse(ts, i, c) || closesContact(ts, i) {
			continue
		}
		out = append(out, CueSpan{A: i, B: i + 1, Cue: c})
	}
	return out
}

// nominal reads a noun of saying before its "that" clause — "his claim
// that", "a report that", "the warning that" — or a noun of commitment
// before its infinitive ("her pledge to …") as a cue of form Nominal.
func nominal(ts []doc.Token, i int) (lexicon.Cue, bool) {
	t := ts[i]
	if t.Cap || i+1 >= len(ts) || i == 0 {
		return lexicon.Cue{}, false
	}
	prev := ts[i-1]
	if !(prev.Has(lexicon.Determiner) || prev.Poss || prev.PossessiveDeterminer() || prev.Cap) {
		return lexicon.Cue{}, false
	}
	// a commitment is a claim about what its maker will do: "the
	// minister's threat to cut the grant", "her pledge to rebuild"
	// ("her pledge to the union" names no act)
	// (or not to do: "her pledge not to raise fares")
	to := i + 1
	if to+1 < len(ts) && ts[to].Has(lexicon.Negation) && ts[to].Quote < 0 {
		to++
	}
	if ts[to].Is("to") && ts[to].Quote < 0 && nounsOfCommitment[t.L] && (prev.Poss || prev.PossessiveDeterminer()) && verbAfterTo(ts, to+1) {
		return lexicon.Cue{Lemma: t.L, Class: lexicon.Promise, Form: lexicon.Nominal}, true
	}
	if !ts[i+1].Is("that") {
		return lexicon.Cue{}, false
	}
	// (nor before "that" as the subject of a verb of saying: "a letter
	// that says …" is a relative clause, the letter its speaker)
	if i+2 < len(ts) && relativeThat(ts, i+2, cueAt(ts, i+2)) {
		return lexicon.Cue{}, false
	}
	// (nor before "that" and a verb no singular subject takes: "the
	// claims that were made", "states that have voted" say nothing)
	if i+2 < len(ts) && ts[i+2].Has(lexicon.PluralVerb) && ts[i+2].Quote < 0 {
		return lexicon.Cue{}, false
	}
	// (a verb of finding is no noun of saying: "a rule that bars trucks")
	if c, ok := lexicon.CueOf(t.L); ok && c.Noun && c.Form != lexicon.Past && !c.That {
		c.Form, c.Lemma = lexicon.Nominal, t.L
		return c, true
	}
	if t.Has(lexicon.StatementNoun) || nounsOfSaying[t.L] {
		return lexicon.Cue{Lemma: t.L, Class: lexicon.Speech, Form: lexicon.Nominal}, true
	}
	return lexicon.Cue{}, false
}

// nounsOfSaying are nouns that carry what someone said in a "that" clause
// and are not among the cue verbs' own noun forms.
var nounsOfSaying = map[string]bool{"assertion": true, "allegation": true, "allegations": true,
	"suggestion": true, "warning": true, "insistence": true, "argument": true, "contention": true,
	"assurance": true, "assurances": true, "accusation": true, "accusations": true, "admission": true,
	"prediction": true, "forecast": true, "announcement": true, "boast": true, "complaint": true}

// verbAfterTo reports whether token k, after "to", can open an infinitive:
// a lower-case word that is no determiner or pronoun.
func verbAfterTo(ts []doc.Token, k int) bool {
	return k < len(ts) && ts[k].Word && !ts[k].Cap && ts[k].Quote < 0 && !ts[k].Any(lexicon.Determiner|lexicon.ObjPronoun|lexicon.Pronoun)
}

// nounsOfCommitment are nouns whose "to" infinitive is what someone
// committed to or threatened, after the possessive that names them.
var nounsOfCommitment = map[string]bool{"threat": true, "threats": true, "promise": true, "promises": true,
	"pledge": true, "pledges": true, "vow": true, "vows": true}

func phraseAt(ts []doc.Token, i int) (lexicon.Phrase, int) {
	for _, p := range lexicon.PhrasesFrom(ts[i].L) {
		if i+len(p.Words) > len(ts) {
			continue
		}
		ok := true
		for k, w := range p.Words {
			if ts[i+k].L != w || ts[i+k].Quote >= 0 {
				ok = false
				break
			}
		}
		if ok {
			return p, len(p.Words)
		}
	}
	return lexicon.Phrase{}, 0
}

func joinLower(ts []doc.Token) string {
	s := ts[0].L
	for _, t := range ts[1:] {
		s += " " + t.L
	}
	return s
}

// verbUse rules out the uses of a cue word that are not a verb of saying:
// an adjective or noun after a determiner ("the reported toll", "his
// claims"), a passive ("he was told", "it is said"), a noun form with no
// subject before it.
func verbUse(ts []doc.Token, i int, c lexicon.Cue) bool {
	prev := doc.Token{}
	if i > 0 {
		prev = ts[i-1]
	}
	if standsAlone(ts, i) {
		return true // "some say they …", "most of them said …"
	}
	if i >= 3 && ts[i-2].L == "in" && numberWord(ts[i-1]) && numberWord(ts[i-3]) && c.Form != lexicon.Participle {
		return true // "two in three said …": a share of people
	}
	if i >= 3 && !ts[i-3].Cap && ofNumber(ts, i-2) == i && c.Form != lexicon.Participle {
		return true // "the uncle of seven said …": a count of children
	}
	// (an object pronoun closing a source's modifier is no possessive:
	// "sources close to her said", "people familiar with them say")
	if prev.Word && (prev.Has(lexicon.Determiner) || prev.Has(lexicon.ObjPronoun) && !prev.Is("her") || prev.Poss) && !pronounComplement(ts, i, c) && !relativeObject(ts, i) && !relativeThat(ts, i, c) {
		if c.Form != lexicon.Participle || prev.Has(lexicon.Determiner) {
			return false // "the reported toll", "his claims", "the country's statement"
		}
	}
	if prev.L == "so-called" || prev.L == "well" {
		return false
	}
	// "cast" frames someone only with "as" after its object ("cast her
	// rival as a puppet"); without it votes, ballots, doubt or light are
	// cast, and nothing is said
	if c.Lemma == "cast" && !asAfter(ts, i) {
		return false
	}
	// "the storm claimed nine lives", "she maintains a wide lead": an
	// object of another sense of the verb (words/unspoken_objects.txt)
	if unspokenObject(ts, i, c) {
		return false
	}
	// a capitalised cue word right before a finite verb of saying is a
	// surname that is also a verb ("Read said", "Says told"): the verb
	// after it is the cue
	if ts[i].Cap && i+1 < len(ts) && ts[i+1].Word && ts[i+1].Quote < 0 && !ts[i+1].Cap {
		if n, ok := lexicon.CueOf(ts[i+1].L); ok && !n.Noun && (n.Form == lexicon.Past || n.Form == lexicon.Third) {
			return false
		}
	}
	// "it goes without saying that …": the idiom says the writer's own
	// point is plain, and no one is saying it
	if c.Form == lexicon.Participle && i >= 2 && prev.Is("without") && (ts[i-2].Is("go") || ts[i-2].Is("goes") || ts[i-2].Is("went") || ts[i-2].Is("going") || ts[i-2].Is("gone")) {
		return false
	}
	// a credit line: "(Reporting by …; Writing by …)", "additional
	// reporting from …" names who wrote the story, not what anyone said
	if c.Form == lexicon.Participle && i+1 < len(ts) && (ts[i+1].Is("by") || ts[i+1].Is("from")) &&
		(prev.S == "" || prev.Is("additional") || prev.Punct("(") || prev.Punct(";") || prev.IsDash()) {
		return false
	}
	// a reporter's dateline: "Ana Lima reported from the harbour, and
	// Tomas Brill from the capital" says where the story was written;
	// "reported from the capital that …" or a quotation after it does
	// report something
	if c.Lemma == "report" && c.Form == lexicon.Past && i+1 < len(ts) && ts[i+1].Is("from") && !thatBetween(ts, i+1, len(ts)) && !quotedIn(ts, i+1, len(ts)) {
		return false
	}
	if c.Form == lexicon.Past {
		// a passive: "was told", "has been reported", "is said"
		p := i - 1
		for p >= 0 && ts[p].Has(lexicon.Adverb) && !ts[p].Has(lexicon.Be) {
			p--
		}
		if p >= 0 && ts[p].Has(lexicon.Be) {
			return false
		}
	}
	if c.Noun && i+1 < len(ts) && ts[i+1].Is("of") {
		return false // "claims of fraud", "reports of shelling"
	}
	if c.Noun && c.Form != lexicon.Past && c.Form != lexicon.Participle {
		// "claims", "report", "notes" are verbs only after a subject, an
		// auxiliary or a quotation: "officials report", "she also notes",
		// "“…,” reports the agency" — not in "the case report"
		if prev.Cap {
			// "a Nordic Post report": a determiner before the name makes it a noun
			// (and so does "of": "a share of Liberal claims", "most of
			// Labour's reports" — the words name what is counted)
			// (a capitalised determiner opens the phrase too, "A Harbour
			// Board report found …", "The Harbour Board report said …" —
			// but not before the -s form: "The Daily Post reports that …"
			// has a name for its subject)
			k := i - 1
			for k >= 0 && ts[k].Cap && !(ts[k].Has(lexicon.Determiner) && c.Form != lexicon.Third) {
				k--
			}
			if k >= 0 && (ts[k].Has(lexicon.Determiner) || ts[k].Is("of")) {
				return false
			}
		}
		// "based on police reports that were filed": "that" and a verb
		// no singular subject takes open a relative clause on the noun
		if i+2 < len(ts) && ts[i+1].Is("that") && ts[i+1].Quote < 0 && ts[i+2].Has(lexicon.PluralVerb) {
			return false
		}
		// "The ad claims “…”": after a determiner and a noun, the form
		// right before a quotation is the noun's verb (before "that" it
		// may be a noun with its relative clause: "the new rules that …")
		if i >= 2 && ts[i-2].Word && ts[i-2].Has(lexicon.Determiner) && !ts[i-2].Poss && prev.Word && !prev.Cap && !prev.Any(lexicon.Determiner|lexicon.Prep|lexicon.Conj|lexicon.Subord|lexicon.Aux|lexicon.Be|lexicon.Adverb|lexicon.Pronoun|lexicon.ObjPronoun|lexicon.Quantity|lexicon.CueWord) && i+1 < len(ts) && ts[i+1].IsQuoteMark() {
			return true
		}
		// "The leaflet notes that the quay …", "the website states that
		// it …": after a plain noun, the form before "that" and a clause
		// with its own subject (a determiner, a pronoun or a name) is
		// that noun's verb, and so is any form before "that" after a
		// noun that speaks (a document, a body, a role: "the website
		// states that same-sex couples …"); a relative clause after a
		// plain noun goes on with its verb ("the new rules that bar
		// lorries")
		if i+2 < len(ts) && prev.Word && !prev.Cap && prev.Quote < 0 && !prev.Poss && !prev.Any(lexicon.Determiner|lexicon.Prep|lexicon.Conj|lexicon.Subord|lexicon.Aux|lexicon.Be|lexicon.Adverb|lexicon.Pronoun|lexicon.ObjPronoun|lexicon.Quantity|lexicon.CueWord) &&
			ts[i+1].Is("that") && ts[i+1].Quote < 0 && (subjectOpens(ts[i+2]) || prev.Any(lexicon.StatementNoun|lexicon.Role|lexicon.Profession|lexicon.OrgWord|lexicon.MediaRef|lexicon.Anonymous)) {
			return true
		}
		// "… and calls her “…”", "… and claims that …": a second verb
		if prev.L == "and" && i+1 < len(ts) && (ts[i+1].Any(lexicon.ObjPronoun|lexicon.Determiner) && !ts[i+1].Has(lexicon.Quantity) || ts[i+1].L == "that" || ts[i+1].IsQuoteMark()) {
			return true
		}
		// (a relative word is the subject too: "the study, which notes
		// that …", "the mayor — who claims …")
		return prev.S == "" || prev.Any(lexicon.Pronoun|lexicon.Aux|lexicon.Adverb|lexicon.Role|lexicon.Anonymous) || prev.L == "which" || prev.L == "who" ||
			prev.Cap && !prev.Has(lexicon.Opener) || prev.IsQuoteMark() || prev.Punct(",") || prev.Quote >= 0
	}
	return true
}

// pronounComplement reports whether the finite cue at i follows an object
// pronoun that completes a preposition ("close to her said", "close to
// him say"): the pronoun ends the source phrase before the verb.
func pronounComplement(ts []doc.Token, i int, c lexicon.Cue) bool {
	// (the plain form too: "those close to him say")
	return i >= 2 && (c.Form == lexicon.Past || c.Form == lexicon.Third || c.Form == lexicon.Base) && ts[i-1].Has(lexicon.ObjPronoun) && ts[i-2].Word && (ts[i-2].Has(lexicon.Prep) || ts[i-2].L == "to")
}

// relativeObject reports whether the object pronoun before the cue at i
// closes a relative clause of the source ("people who know him say …"):
// "who" opens it a few words back, with no punctuation between.
// relativeThat reports whether the cue at i is the verb of a relative
// clause that "that" opens after a noun ("a letter that says …", "the
// study that found …"): "that" is then its subject, not a determiner.
// A past form must open its complement at once ("that reported the toll"
// may be "that reported toll"; "that reported that …" may not).
func relativeThat(ts []doc.Token, i int, c lexicon.Cue) bool {
	if i < 2 || !ts[i-1].Is("that") || ts[i-1].Quote >= 0 || !ts[i-2].Word || ts[i-2].Quote >= 0 || ts[i-2].Any(lexicon.CueWord|lexicon.Prep|lexicon.Conj|lexicon.Subord|lexicon.Aux|lexicon.Be|lexicon.Adverb) {
		return false
	}
	switch c.Form {
	case lexicon.Third:
		return true
	case lexicon.Past:
		return i+1 < len(ts) && (ts[i+1].Is("that") || ts[i+1].IsQuoteMark() || ts[i+1].Quote >= 0 || ts[i+1].Has(lexicon.Pronoun))
	}
	return false
}

// cueAt returns the one-word cue at token i (the zero Cue if none).
func cueAt(ts []doc.Token, i int) lexicon.Cue {
	if ts[i].Quote >= 0 || !ts[i].Word || ts[i].Cap {
		return lexicon.Cue{}
	}
	c, _ := lexicon.CueOf(ts[i].L)
	return c
}

func relativeObject(ts []doc.Token, i int) bool {
	if i < 3 || !ts[i-1].Has(lexicon.ObjPronoun) {
		return false
	}
	for k := i - 2; k >= 0 && k >= i-5; k-- {
		if !ts[k].Word || ts[k].Quote >= 0 {
			return false
		}
		if ts[k].L == "who" {
			return k < i-2
		}
	}
	return false
}

// standsAlone reports whether the cue word at i follows a quantifier that
// stands alone for people ("some say", "another said", "most of them
// said") and opens a clause — a pronoun, a determiner, "that", a name, a
// quotation or punctuation next: "all reported cases" is a modifier.
func standsAlone(ts []doc.Token, i int) bool {
	c, ok := lexicon.CueOf(ts[i].L)
	if !ok || c.Form == lexicon.Participle || c.Form == lexicon.Nominal || i == 0 || i+1 >= len(ts) {
		return false
	}
	k := i - 1
	if ts[k].Word && ts[k].Has(lexicon.ObjPronoun) && !ts[k].Has(lexicon.Determiner) && k >= 2 && ts[k-1].L == "of" {
		k -= 2 // "most of them"
	}
	if !ts[k].Word || !ts[k].Has(lexicon.Quantity) || k > 0 && ts[k-1].Word && ts[k-1].Any(lexicon.Determiner|lexicon.Prep) && !ts[k-1].Has(lexicon.Quantity) {
		return false
	}
	n := ts[i+1]
	return !n.Word || n.Quote >= 0 || n.Cap || n.L == "that" || n.Any(lexicon.Pronoun|lexicon.Determiner)
}

// asAfter reports whether "as" follows the verb at i within its object, a
// few words with no punctuation or quotation between.
func asAfter(ts []doc.Token, i int) bool {
	for k := i + 1; k < len(ts) && k <= i+8; k++ {
		if !ts[k].Word || ts[k].Quote >= 0 {
			return false
		}
		if ts[k].L == "as" {
			return true
		}
	}
	return false
}

// subjectOpens reports whether token t can open a clause's subject: a
// determiner (not a quantity word, which may be a pronoun's object:
// "claims that all …" is either), a subject pronoun or a capitalised
// name.
func subjectOpens(t doc.Token) bool {
	if !t.Word || t.Quote >= 0 {
		return false
	}
	return t.Has(lexicon.Determiner) && !t.Has(lexicon.Quantity) || t.Has(lexicon.Pronoun) || t.Cap
}

// maxObjectWords is how far past the verb the head of its object is
// looked for: a determiner, a number and an adjective or two.
const maxObjectWords = 4

// unspokenObject reports whether the object right after the cue at i is
// headed by a noun that gives the verb a sense other than saying: "the
// fire claimed four lives", "maintains a ten-point lead", "posted a
// loss". A noun that a verb follows is the subject of a clause the cue
// reports ("maintained control was never lost"), and "that" or a
// quotation opens what was said, so either ends the search.
func unspokenObject(ts []doc.Token, i int, c lexicon.Cue) bool {
	for k := i + 1; k < len(ts) && k <= i+maxObjectWords; k++ {
		t := ts[k]
		if !t.Word || t.Quote >= 0 || t.L == "that" || t.Any(lexicon.Prep|lexicon.CueWord|lexicon.Aux|lexicon.Be|lexicon.Conj|lexicon.Pronoun) {
			return false
		}
		if lexicon.UnspokenObject(c.Lemma, t.L) {
			return k+1 >= len(ts) || !ts[k+1].Word || !ts[k+1].Any(lexicon.Aux|lexicon.Be|lexicon.Negation)
		}
	}
	return false
}

// closesContact reports whether the verb at i ends a relative clause
// without its word, right before the verb of saying of the phrase it
// describes: in "the crews I asked said …" and "the pilots we spoke to
// said …" only "said" attributes.
func closesContact(ts []doc.Token, i int) bool {
	if i < 2 || !contactPronoun(ts, i-1) {
		return false
	}
	j := i + 1
	if j < len(ts) && strandedPrep(ts[j]) {
		j++
	}
	if j >= len(ts) || !ts[j].Word || ts[j].Quote >= 0 {
		return false
	}
	c, ok := lexicon.CueOf(ts[j].L)
	return ok && c.Form != lexicon.Participle && c.Form != lexicon.Nominal && c.Form != lexicon.Base
}
