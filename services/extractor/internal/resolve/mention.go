// Package resolve turns a source phrase into a speaker of the article:
// names to their fullest form, short forms ("Lima") and titles ("the
// minister") to the person they point at, pronouns to the party speaking
// or acting just before, descriptions of outlets ("the newspaper") to the
// outlet, and unnamed sources kept as their description.
//
// It works within one article: the cast (cast.go) is every named or
// described party, collected before claims are read so that a description
// can be resolved against a name given later.
package resolve

import (
	"strings"

	"github.com/claimwire/claimwire/services/extractor/internal/doc"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
)

// Mention is a source phrase taken apart: "Pakistan's Defence Minister
// Khalid Rahman" → nation pakistan, titles [defence minister], name
// "Khalid Rahman".
type Mention struct {
	Text   string   // the phrase without leading determiners, as written
	Name   string   // the proper-name part; "" for a description
	Titles []string // lower-case title words
	Nation string
	Head   string // lower-case head noun of a description
	Det    string // the leading determiner that was dropped
	Pron   string // a pronoun source
	Part   bool   // a part of a group, kept whole: "one of the organisers", "those close to …"
	Pos    int    // byte offset of the phrase
}

// Analyse takes apart the tokens of a source phrase.
func Analyse(ts []doc.Token) Mention {
	var m Mention
	if len(ts) == 0 {
		return m
	}
	m.Pos = ts[0].Start
	// a statement from its author: "a statement from the Harbour Board",
	// "a report by Radio Kestrel"
	for k := 1; k+1 < len(ts); k++ {
		if ts[k-1].Has(lexicon.StatementNoun) && (ts[k].L == "from" || ts[k].L == "by" || ts[k].L == "of") {
			return Analyse(ts[k+1:])
		}
	}
	// a possessed statement noun stands for its owner: "Lima's remarks"
	if last := ts[len(ts)-1]; last.Has(lexicon.StatementNoun) && len(ts) > 1 {
		for k := len(ts) - 2; k >= 0; k-- {
			if ts[k].Poss {
				owner := append([]doc.Token(nil), ts[:k+1]...)
				owner[k] = plain(owner[k])
				return Analyse(owner)
			}
		}
		// "a Radio Kestrel report" → the outlet
		if prev := ts[len(ts)-2]; prev.Cap && !prev.Has(lexicon.Opener) {
			ts = ts[:len(ts)-1]
		}
	}
	// a possessive closing the phrase is its owner, who speaks through
	// what is owned ("one of the warden's remarks"): the owner's plain form
	if last := ts[len(ts)-1]; last.Poss && last.Word {
		ts = append([]doc.Token(nil), ts...)
		ts[len(ts)-1] = plain(last)
	}
	if len(ts) == 1 {
		if p, ok := subjectForm[ts[0].L]; ok {
			m.Pron, m.Text = p, ts[0].S // "according to him"
			return m
		}
	}
	// the first conjunct only: "local officials and aid workers"
	if k := conjunction(ts); k > 0 {
		ts = ts[:k]
	}
	// a quantifier or "those" that the rest of the phrase picks out is
	// its head, not an article: "one of the organisers", "those close to
	// the minister" — without it what is left ("of the organisers",
	// "close to the minister") names no one
	if len(ts) > 2 && partHead(ts) {
		m.Part = true
		m.Det = ts[0].L
	}
	// (an initial is no article: "A. J. Pardoe")
	for !m.Part && len(ts) > 0 && (ts[0].Word && (ts[0].Has(lexicon.Determiner) || ts[0].PossessiveDeterminer()) && !ts[0].Has(lexicon.Pronoun) && !(ts[0].Initial() && len(ts) > 2 && ts[1].Punct(".")) || !ts[0].Word && ts[0].S != "(") {
		if m.Det == "" && ts[0].Word {
			m.Det = ts[0].L
		}
		ts = ts[1:]
	}
	if len(ts) == 0 {
		return m
	}
	if len(ts) == 1 && ts[0].Has(lexicon.Pronoun) {
		m.Pron, m.Text = ts[0].Stem, ts[0].S // "she'd" is she
		return m
	}
	// one capitalised word after a person's possessive is a thing of
	// theirs that a phrase cut before its noun left behind ("the
	// senator's Scottish roots", "Lima's Harbourside plan"): the owner is
	// who the phrase is about, not a person named "Scottish". A nation's
	// or a body's possessive does name its person ("Ruritania's Lima").
	if n := len(ts); n >= 2 && ts[n-2].Poss && ts[n-2].Word && ownedWord(ts[n-1]) && personalOwner(ts[:n-1]) {
		owner := append([]doc.Token(nil), ts[:n-1]...)
		owner[n-2] = plain(owner[n-2])
		return Analyse(owner)
	}

	// a body and its seat: "the Weather Bureau in Leeds", "the embassy
	// in Kabul" — the body speaks
	for k := 1; k+1 < len(ts); k++ {
		// (unless a person's full name closes the phrase: "Leader of the
		// House in the State Assembly Ana Lima" is a title and its holder;
		// a given name last is no surname, so "… in Port Marlow Ana" is not)
		if (ts[k].L == "in" || ts[k].L == "at" || ts[k].L == "near") && ts[k-1].Has(lexicon.OrgWord) && ts[k+1].Cap &&
			!(len(ts)-k > 3 && personLike(ts[len(ts)-2:]) && !ts[len(ts)-2].Any(lexicon.Title|lexicon.OrgWord) && !ts[len(ts)-1].Any(lexicon.Male|lexicon.Female)) {
			ts = ts[:k]
			break
		}
	}
	// a relative clause without its word after a description is
	// no part of its name either: "the skippers I spoke to", "pilots we
	// talked with" are skippers and pilots (and so are "Skippers I
	// spoke to" opening a sentence: a noun for people, not a name)
	for k := 1; k+1 < len(ts); k++ {
		if p := ts[k-1]; lexicon.ContactSubject(ts[k].L) && ts[k].Word && p.Word && (!p.Cap || k == 1 && p.Any(lexicon.Anonymous|lexicon.Profession|lexicon.Collective|lexicon.Role)) && !p.Poss && !p.Any(lexicon.Prep|lexicon.Conj|lexicon.Subord|lexicon.Aux|lexicon.Be|lexicon.Pronoun|lexicon.Determiner|lexicon.CueWord) && ts[k+1].Word && !ts[k+1].Cap {
			ts = ts[:k]
			break
		}
	}
	// a participle clause after a description is no part of its name:
	// "voters interviewed by the paper" are voters, and "a filing dated
	// Monday" is a filing (a document's participle needs no preposition
	// after it)
	for k := 1; k+1 < len(ts); k++ {
		if t := ts[k]; ts[k-1].Has(lexicon.StatementNoun) && !ts[k-1].Cap && t.Word && !t.Cap && lexicon.PastParticiple(t.L) && !t.Has(lexicon.CueWord) {
			// (made by someone, it speaks for them: "a report published
			// by the ministry on Tuesday" is the ministry's, as "a report
			// by the ministry" is; one only seen by an outlet is not)
			if authored[t.L] && k+2 < len(ts) && ts[k+1].L == "by" {
				e := k + 2
				for e < len(ts) && !ts[e].Any(lexicon.Prep|lexicon.Time) && ts[e].Word {
					e++
				}
				return Analyse(ts[k+2 : e])
			}
			ts = ts[:k]
			break
		}
		if t := ts[k]; t.Word && !t.Cap && t.Tags == 0 && !nearness[t.L] && len(t.L) > 5 && (strings.HasSuffix(t.L, "ed") || strings.HasSuffix(t.L, "ing")) &&
			ts[k+1].Word && ts[k+1].Has(lexicon.Prep) && (!ts[k-1].Cap || k == 1) && !ts[k-1].Has(lexicon.Determiner) {
			ts = ts[:k]
			break
		}
	}
	m.Text = Join(ts)
	// "Senator Ana Lima of Lowmoor", "Jon Pell of the Marlow Institute":
	// the person, and where they are from or work, which scopes them as a
	// title word does ("the Lowmoor senator")
	var from []string
	if p := affiliation(ts); p > 0 {
		for _, t := range ts[p+1:] {
			if t.Word && t.Cap {
				from = append(from, t.Stem)
			}
		}
		ts = ts[:p]
	}
	nameStart := nameStartOf(ts)
	// a nationality opening an organisation's name is part of the name:
	// "European Ports Council", not a council from Europe
	if nameStart == 1 && len(ts) > 2 && ts[0].Cap && ts[0].Has(lexicon.Nationality) && ts[len(ts)-1].Any(lexicon.OrgWord|lexicon.MediaHead) {
		nameStart = 0
	}
	// "sources close to Ana Lima", "people familiar with the Harbour
	// Board": the name is whom they are close to, not who speaks
	if nameStart < len(ts) && nearTo(ts[:nameStart]) {
		nameStart = len(ts)
	}
	// so is where people described live or stand: "residents in the
	// flooded town of Port Marlow", "villagers near Eastmoor" are the
	// residents and villagers, not a person named Port Marlow
	if nameStart < len(ts) && locatedPeople(ts[:nameStart]) {
		nameStart = len(ts)
	}
	nameStart = pageantTitle(ts, nameStart)
	for k := 0; k < nameStart; k++ {
		t := ts[k]
		if n := lexicon.Nation(t.Stem); n != "" && m.Nation == "" {
			m.Nation = n
			continue
		}
		if t.Poss && t.Cap && m.Nation == "" && k+1 < nameStart {
			m.Nation = t.Stem // "Ruritania's defence minister": the owner scopes the title
			continue
		}
		if t.Word {
			m.Titles = append(m.Titles, titleWord(t.Stem))
		}
	}
	if nameStart < len(ts) {
		nt := ts[nameStart:]
		m.Name = strings.TrimSuffix(Join(nt), ".")
		if last := nt[len(nt)-1]; last.Poss {
			m.Name = strings.TrimSuffix(m.Name, last.S) + last.S[:len(last.S)-(len(last.L)-len(last.Stem))]
		}
		m.Titles = append(m.Titles, from...)
		return m
	}
	// an adjective of a place we do not list scopes the description:
	// "Ruritanian negotiators"; so does any capitalised modifier of an
	// office, its seat or party ("the Vermont senator", "the Whig
	// nominee": one of several holders). Before a profession it is no
	// nation ("the Fennbridge actor": a town, a film, a firm), so the
	// description can still point at the article's actor.
	if m.Nation == "" && len(ts) >= 2 && ts[0].Cap && !ts[1].Cap && !ts[0].Has(lexicon.Title) &&
		(lexicon.DemonymShaped(ts[0].Stem) || ts[len(ts)-1].Any(lexicon.Title|lexicon.Role)) {
		m.Nation = ts[0].Stem
	}
	m.Head = ts[len(ts)-1].Stem
	// a post-modified head: "sources close to the board", "a spokesman for the ministry"
	// (a part of a group is named by the group: "one of the organisers")
	for k := 1; k < len(ts) && !(m.Part && ts[1].L == "of"); k++ {
		switch ts[k].L {
		case "close", "of", "at", "from", "to", "in", "with", "familiar", "for", "on", "about", "briefed", "based", "involved", "knowledgeable", "near", "across", "around", "outside":
			h := k - 1
			m.Head = ts[h].Stem
			k = len(ts)
		}
	}
	return m
}

// conjunction returns the index of the "and" joining two parties in a
// source phrase ("local officials and aid workers"), 0 when there is none
// (an "and" inside a body's name or a title two people share is no such
// join).
func conjunction(ts []doc.Token) int {
	for k, t := range ts {
		if k > 0 && (t.L == "and" || t.L == "&" && !t.Word) && !(ts[k-1].Cap && k+1 < len(ts) && ts[k+1].Cap && orgAnd(ts, k)) && !sharedTitle(ts, k) {
			return k
		}
	}
	return 0
}

// SecondConjunct returns the person named in full after the "and" of a
// source phrase that names two parties ("Ana Lima and Tomas Brack"): a
// name of two words or more, which the phrase's mention (its first
// conjunct) leaves out; ok is false when there is none.
func SecondConjunct(ts []doc.Token) (Mention, bool) {
	k := conjunction(ts)
	if k == 0 || k+1 >= len(ts) {
		return Mention{}, false
	}
	n := Analyse(ts[k+1:])
	if n.Pron != "" || !strings.Contains(n.Name, " ") {
		return Mention{}, false
	}
	return n, true
}

// partHead reports whether the first word of a source phrase is a
// quantifier ("one", "some", "many" …) before "of", or "those" before a
// post-modifier ("close to …", "familiar with …", "in the room", "who …"):
// the word stands for the people the rest describes.
func partHead(ts []doc.Token) bool {
	f, n := ts[0], ts[1]
	if !f.Word || !n.Word {
		return false
	}
	if (f.Any(lexicon.Quantity|lexicon.Determiner) || f.Digit) && n.L == "of" {
		return true
	}
	return f.L == "those" && (nearness[n.L] || n.L == "who" || n.Has(lexicon.Prep) && n.L != "of")
}

// authored are the participles that make a document its maker's: "a
// report published by the ministry".
var authored = map[string]bool{"published": true, "issued": true, "released": true, "written": true, "prepared": true,
	"signed": true, "filed": true, "sent": true, "drafted": true, "submitted": true, "compiled": true, "produced": true}

// locatedPeople reports whether a phrase opens with a plural noun for
// unnamed people ("residents", "officials", "people") followed by a
// preposition of place: what follows says where they are.
func locatedPeople(ts []doc.Token) bool {
	for k := 1; k < len(ts) && k <= 3; k++ {
		if lexicon.PlacePrep(ts[k].L) {
			// (a body after it is theirs, not a place: "officials from
			// the Harbour Board" speak for the board)
			for _, t := range ts[k+1:] {
				if t.Any(lexicon.OrgWord | lexicon.MediaHead | lexicon.Media) {
					return false
				}
			}
			return ts[k-1].Word && lexicon.PluralPeople(ts[k-1].L, ts[k-1].Tags)
		}
	}
	return false
}

// affiliation returns the index of "of", "from", "at" or "with" that
// joins a person's name to the place or body they come from ("Ana Lima of
// Lowmoor", "Jon Pell of the Marlow Institute", "Ana Lima with the
// Harbour Board"), 0 when there is none. Before it: a person's name, after
// a title word or with a given name or an initial, none of its words a
// body's, title's or place's ("Bank of Lowmoor", "Secretary of State Ana
// Lima", "Duke of Marlow", "Maravian Chamber of Commerce" are no such
// join). After it, to the end: a capitalised name, "the" and its inner
// connectors aside, with no given name in it ("Supervisor of Elections
// Ana Lima" is an office and its holder).
func affiliation(ts []doc.Token) int {
	for p := 1; p+1 < len(ts); p++ {
		switch ts[p].L {
		case "of", "from", "at", "with":
		default:
			continue
		}
		words, titled, given := 0, false, false
		for j := p - 1; j >= 0; j-- {
			t := ts[j]
			if t.Punct(".") {
				continue
			}
			given = given || t.Initial() || lexicon.Gender(t.L) != ""
			if !t.Word || !t.Cap {
				titled = t.Word && t.Any(lexicon.Title|lexicon.Role)
				break
			}
			if t.Any(lexicon.Title | lexicon.Role) {
				titled = true
				break
			}
			if t.Any(lexicon.OrgWord | lexicon.MediaHead | lexicon.Country | lexicon.Capital | lexicon.Nationality) {
				return 0
			}
			words++
		}
		if words == 0 || words < 2 && !titled || !titled && !given {
			return 0
		}
		after := ts[p+1:]
		if after[0].L == "the" {
			after = after[1:]
		}
		if len(after) == 0 || !after[0].Cap || !after[len(after)-1].Cap {
			return 0
		}
		for _, t := range after {
			if t.Punct(".") || t.Has(lexicon.Connector) || t.L == "and" || t.L == "&" {
				continue
			}
			if !t.Word || !t.Cap || lexicon.Gender(t.L) != "" {
				return 0
			}
		}
		return p
	}
	return 0
}

// nearTo reports whether a phrase is a head noun post-modified by a word
// of nearness ("sources close to", "people familiar with"): what follows
// is the modifier's complement.
func nearTo(ts []doc.Token) bool {
	for k := 1; k < len(ts); k++ {
		if nearness[ts[k].L] && !ts[k].Cap && ts[k-1].Word {
			return true
		}
	}
	return false
}

// nearness are the words that post-modify an unnamed source by its access.
var nearness = map[string]bool{"close": true, "familiar": true, "briefed": true, "involved": true, "knowledgeable": true}

// sharedTitle reports whether the "and" at k joins two modifiers of one
// title before its holder's name: "the Marlow County and Sessions Judge
// Ana Lima" is one judge, not the county and the judge. Before it, "the"
// and capitalised words that are no title and no given name (a person's
// name takes no article: "Ana Lima and Sessions Judge Bo Tenner" are
// two); after it, a capitalised modifier, a title word and a name of two
// words or more.
func sharedTitle(ts []doc.Token, k int) bool {
	if k < 2 || k+1 >= len(ts) || ts[0].L != "the" || !ts[k+1].Cap || ts[k+1].Has(lexicon.Title) {
		return false
	}
	for j, t := range ts[:k] {
		if j == 0 {
			continue
		}
		if !t.Word || !t.Cap || t.Any(lexicon.Title|lexicon.Male|lexicon.Female) {
			return false
		}
	}
	n := Analyse(ts[k+1:])
	return len(strings.Fields(n.Name)) >= 2 && len(n.Titles) > 0 && lexicon.Tags(n.Titles[len(n.Titles)-1]).Has(lexicon.Title)
}

// pageantTitle returns where a name starts past a pageant title: in
// "Miss Lowmoor Bettina Crale" the place is the title's ("Miss Lowmoor"),
// and the woman is Bettina Crale. Three capitalised words or more after
// "Miss", the first no given name, are a title's place and a full name
// ("Miss Anna Maria Crale" keeps her given names).
func pageantTitle(ts []doc.Token, start int) int {
	if start == 0 || ts[start-1].L != "miss" || len(ts)-start < 3 || lexicon.Gender(ts[start].L) != "" {
		return start
	}
	for _, t := range ts[start:] {
		if !t.Word || !t.Cap {
			return start
		}
	}
	return start + 1
}

// plain returns a possessive token without its possessive ending.
func plain(t doc.Token) doc.Token {
	t.S = t.S[:len(t.S)-(len(t.L)-len(t.Stem))]
	t.L, t.Poss, t.End = t.Stem, false, t.Start+len(t.S)
	return t
}

// ownedWord reports whether t is a lone capitalised word that names no
// one by itself: no title, role, body, outlet or given name.
func ownedWord(t doc.Token) bool {
	return t.Word && t.Cap && !t.Upper && !t.Any(lexicon.Title|lexicon.Role|lexicon.Profession|lexicon.OrgWord|lexicon.MediaHead|lexicon.Media|lexicon.Male|lexicon.Female|lexicon.Pronoun)
}

// personalOwner reports whether a possessive phrase (its last token
// possessive) is a person's: a title or role noun ("the president's"), or
// capitalised words that are no nation, place, body or outlet.
func personalOwner(ts []doc.Token) bool {
	last := plain(ts[len(ts)-1])
	if last.Any(lexicon.Title | lexicon.Role | lexicon.Profession) {
		return !last.Any(lexicon.OrgWord)
	}
	if !last.Cap {
		return false
	}
	for _, t := range ts {
		t = plain(t)
		if t.Word && (t.Any(lexicon.Country|lexicon.Capital|lexicon.Nationality|lexicon.OrgWord|lexicon.Media|lexicon.MediaHead) || lexicon.Nation(t.Stem) != "") {
			return false
		}
	}
	return true
}

// personLike reports whether tokens look like a person's name: two or
// three capitalised words with no connector or organisation word.
func personLike(ts []doc.Token) bool {
	if len(ts) < 2 || len(ts) > 3 {
		return false
	}
	for _, t := range ts {
		if !t.Cap || t.Any(lexicon.Connector|lexicon.OrgWord|lexicon.MediaHead) {
			return false
		}
	}
	return true
}

// subjectForm maps object pronouns to the pronoun they resolve as.
var subjectForm = map[string]string{"him": "he", "her": "she", "them": "they", "us": "we", "me": "i"}

// nameStartOf returns where the proper name begins: the trailing run of
// capitalised words that are not titles.
// afterHonorific reports whether token k follows an honorific, with or
// without its stop ("Mr. King", "Ms Bishop").
func afterHonorific(ts []doc.Token, k int) bool {
	j := k - 1
	if j > 0 && ts[j].Punct(".") {
		j--
	}
	return j >= 0 && ts[j].Word && lexicon.HonorificGender(ts[j].L) != ""
}

func nameStartOf(ts []doc.Token) int {
	start := len(ts)
	for k := len(ts) - 1; k >= 0; k-- {
		t := ts[k]
		if t.Punct(".") && k > 0 && (ts[k-1].Initial() || nameAbbrev(ts[k-1].L)) {
			continue
		}
		if !t.Word {
			break // "Mr. Smith": the title's dot; a bracket
		}
		if connects(ts, k) {
			continue
		}
		// a title ends the name, except a surname that is also a title
		// word ("John Major"); an upper-case title never is ("Ontario MPP")
		// ("Mr. King", "Ms. Bishop": after an honorific, always)
		surname := k == len(ts)-1 && k > 0 && (ts[k-1].Cap && !ts[k-1].Has(lexicon.Title) || afterHonorific(ts, k)) && !t.Upper
		// an office named after its holder is one name: "the Prime
		// Minister's Office", "the Governor's Office"
		officeOf := t.Poss && k == len(ts)-2 && ts[k+1].Has(lexicon.OrgWord) && t.Has(lexicon.Title) ||
			start < len(ts) && ts[len(ts)-2].Poss && start >= len(ts)-2 && t.Has(lexicon.Title) && ts[len(ts)-2].Has(lexicon.Title) && ts[len(ts)-1].Has(lexicon.OrgWord)
		if !t.Cap || t.Has(lexicon.Title) && !surname && !officeOf || t.Poss && k != len(ts)-1 && !officeOf {
			break
		}
		if k < len(ts)-1 && strings.HasSuffix(t.L, "-based") {
			break // where a body sits is not its name: "Leeds-based Weather Bureau"
		}
		// a body, place, role or an abbreviated office ends a name that
		// already has two words: "Leader of the Opposition Ana Lima",
		// "Democrat Ana Lima", "Pollster Ana Lima", "Senate DyL Ana Lima"
		if len(ts)-k > 2 && (t.Any(lexicon.OrgWord|lexicon.Country|lexicon.Nationality|lexicon.Capital|lexicon.Role|lexicon.Profession) || titleAbbrev(t.S)) && personLike(ts[k+1:]) {
			break
		}
		if t.Has(lexicon.Role) && !t.Has(lexicon.OrgWord) && k == len(ts)-1 && (k == 0 || !ts[k-1].Cap) {
			break // a capitalised role noun opening a sentence: "Officials said"
		}
		start = k
	}
	// a title's complement before the name: "Minister for Science,
	// Energy and Transport Ana Lima", "Secretary of State Ana Lima" — the
	// name is the last two words (three with an initial)
	if words := wordsFrom(ts, start); len(words) > 2 {
		for k := start - 1; k >= 0; k-- {
			if ts[k].Has(lexicon.Title) && k+1 < len(ts) && ts[k+1].Has(lexicon.Connector) {
				keep := 2
				if ts[words[len(words)-2]].Initial() {
					keep = 3
				}
				start = words[len(words)-keep]
				if !capitalisedWords(ts[start:]) || ts[start-1].L == "and" || ts[start-1].Has(lexicon.Connector) {
					// "the Minister of Health and Wellness", "the
					// Minister of Water and Climate Change": the
					// complement runs to the end, no name follows
					return len(ts)
				}
				break
			}
		}
	}
	// a profession capitalised because it opens the sentence: "Hydrologist Mei Lin Zhou"
	if start == 0 && len(ts) >= 3 && (strings.HasSuffix(ts[0].L, "ist") || ts[0].Has(lexicon.Profession)) {
		start = 1
	}
	// "High Commissioner for Human Rights": an office, not a person's name
	if start >= 2 && start < len(ts) && ts[start-1].Has(lexicon.Connector) && ts[start-2].Has(lexicon.Title) && ts[start-2].Cap {
		return len(ts)
	}
	// "officials in Kabul": described people, not the place
	for k := 1; k < start && k < len(ts); k++ {
		if l := ts[k].L; (l == "in" || l == "from" || l == "near" || l == "across") && ts[k-1].Any(lexicon.Role|lexicon.Anonymous) {
			return len(ts)
		}
	}
	return start
}

// wordsFrom returns the indices of the word tokens from start on.
func wordsFrom(ts []doc.Token, start int) []int {
	var out []int
	for k := start; k < len(ts); k++ {
		if ts[k].Word {
			out = append(out, k)
		}
	}
	return out
}

// titleWord folds a title's spelling ("mayor-elect" → "mayor").
func titleWord(w string) string {
	for _, suf := range []string{"-elect", "-designate"} {
		w = strings.TrimSuffix(w, suf)
	}
	return w
}

// connects reports whether token k joins two capitalised words of one
// name ("Institute for Peace", "Ahmad bin Salman").
func connects(ts []doc.Token, k int) bool {
	if k == 0 || k+1 >= len(ts) || !ts[k-1].Cap || !ts[k+1].Cap || ts[k-1].Has(lexicon.Title) {
		return false
	}
	if ts[k].Has(lexicon.Connector) && ts[k].L != "and" {
		return true
	}
	return ts[k].L == "and" && orgAnd(ts, k)
}

// orgAnd reports whether the "and" at k is inside an institution's name
// ("Centre for Flood Control and Prevention", "Ministry of Trade and
// Industry"); elsewhere "and" joins two parties.
func orgAnd(ts []doc.Token, k int) bool {
	for x := k - 2; x >= 1 && x >= k-6; x-- {
		if (ts[x].L == "for" || ts[x].L == "of") && ts[x-1].Cap && ts[x-1].Any(lexicon.OrgWord|lexicon.Title) {
			return true
		}
	}
	return pairedFieldsAnd(ts, k)
}

// pairedFieldsAnd reports whether the "and" at k joins two fields in a
// body's name ("Food and Drug Administration", "Ports and Harbours
// Board"): one capitalised word before it, not a given name, a title
// or place, and after it a run of one to three capitalised words that
// ends the phrase with a body's word.
func pairedFieldsAnd(ts []doc.Token, k int) bool {
	if k < 1 || k+1 >= len(ts) {
		return false
	}
	left := ts[k-1]
	if !left.Word || !left.Cap || left.Upper || left.Any(lexicon.Title|lexicon.Male|lexicon.Female|lexicon.Country|lexicon.Capital) ||
		k >= 2 && ts[k-2].Word && ts[k-2].Cap && !ts[k-2].Has(lexicon.Determiner) {
		return false
	}
	e := k + 1
	for e < len(ts) && e-k <= 3 && ts[e].Word && ts[e].Cap && !ts[e].Has(lexicon.Determiner) {
		e++
	}
	if e == k+1 || e < len(ts) && ts[e].Word {
		return false // the run goes on: "Lima and Harbour Board officials"
	}
	return ts[e-1].Has(lexicon.OrgWord)
}

func nameAbbrev(l string) bool {
	switch l {
	case "corp", "inc", "co", "ltd", "jr", "sr", "bros", "plc", "llc":
		return true
	}
	return false
}

// Join renders tokens as the text they came from, spaces normalised.
func Join(ts []doc.Token) string {
	// one token is its own text, and the builder is sized once: Analyse
	// joins every source phrase of the article, and a growing builder
	// allocated several times per phrase
	if len(ts) == 1 {
		return ts[0].S
	}
	n := len(ts)
	for _, t := range ts {
		n += len(t.S)
	}
	var b strings.Builder
	b.Grow(n)
	for k, t := range ts {
		if k > 0 && t.Start > ts[k-1].End {
			b.WriteByte(' ')
		}
		b.WriteString(t.S)
	}
	return b.String()
}

// capitalisedWords reports whether every word of ts is capitalised and no
// connector ("and", "of"): a name, not the end of a title's complement.
func capitalisedWords(ts []doc.Token) bool {
	for _, t := range ts {
		if t.Word && (!t.Cap || t.Has(lexicon.Connector) || t.L == "and") {
			return false
		}
	}
	return true
}

// titleAbbrev reports whether a word is a short abbreviation with a
// capital after a small letter ("DyL", "MoS"): an office's initials, not
// a name (names with inner capitals, "McAdam", "DeSouza", are longer).
func titleAbbrev(w string) bool {
	if len(w) < 3 || len(w) > 4 {
		return false
	}
	for i := 1; i+1 < len(w); i++ {
		if w[i] >= 'a' && w[i] <= 'z' && w[i+1] >= 'A' && w[i+1] <= 'Z' {
			return w[0] >= 'A' && w[0] <= 'Z'
		}
	}
	return false
}
