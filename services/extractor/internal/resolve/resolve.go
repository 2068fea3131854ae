package resolve

import (
	"strings"
	"unicode"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/extractor/internal/doc"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
)

// Said is a claim already attributed, for pronouns and descriptions that
// point back at whoever spoke last.
type Said struct {
	Sent    int
	Speaker *contract.Speaker
	// Aside is set on a claim read from a noun of saying ("Lima's
	// threat to …"): it sits inside a clause, and its maker is not the
	// one a later pronoun continues while the main clause has a speaker.
	Aside bool
}

// Resolver resolves the source phrases of one article, sentence by
// sentence in order.
type Resolver struct {
	Cast *Cast
	Doc  *doc.Doc
	// Subjects holds the main subject of each sentence (Text == "" when
	// none), for pronoun chains and "it said" after a clause.
	Subjects []Mention
	// Said lists the claims attributed so far, in text order.
	Said []Said
	// Author is the article's one author, from its byline ("" when
	// unknown): the "I" of a first-person piece outside quotations
	Author string
	nation *string // mainNation, once counted
	// headOnly caches headWordOnly's answer by lower-case word
	headOnly map[string]bool
	// addressed is the party a reply being resolved answers, whom its
	// pronoun cannot stand for ("" outside ResolveReply)
	addressed string
}

// ResolveReply resolves the source phrase of words answering the party
// named addressed ("One voter said the levy was unfair. “You're right,”
// he said"): a pronoun stands for anyone fitting but them.
func (r *Resolver) ResolveReply(m Mention, si int, addressed string) *contract.Speaker {
	r.addressed = addressed
	defer func() { r.addressed = "" }()
	return r.Resolve(m, si)
}

func (r *Resolver) speaker(name, typ, mention string) *contract.Speaker {
	if name == "" {
		return nil
	}
	if e := r.side(name); e != nil {
		name, typ = e.Name, e.Type
	}
	// "AP" and "the Associated Press" are one speaker under one name
	if full := lexicon.AgencyName(name); full != "" {
		name = full
	}
	if mention == "" {
		mention = name
	}
	return &contract.Speaker{Name: name, Mention: mention, Type: typ, Key: r.Cast.key(name)}
}

// Resolve returns the speaker a source phrase of sentence si points at; nil
// when the phrase names nobody.
func (r *Resolver) Resolve(m Mention, si int) *contract.Speaker {
	switch {
	case m.Pron != "":
		return r.pronoun(m, si, 0)
	case m.Name != "":
		if e := r.titleHolder(m, si); e != nil {
			return r.speaker(e.Name, e.Type, m.Text)
		}
		if e := r.Cast.Add(m, true); e != nil {
			return r.speaker(e.Name, e.Type, m.Text)
		}
		typ, _ := MentionType(m)
		return r.speaker(m.Name, typ, m.Text)
	case m.Head != "":
		return r.description(m, si)
	}
	return nil
}

// description resolves an unnamed party: a document or outlet referred
// back to, a title pointing at its bearer, an elegant variation ("the
// 34-year-old") pointing at the voice of the passage, or the description
// itself (anonymous sources, groups).
func (r *Resolver) description(m Mention, si int) *contract.Speaker {
	pos := r.pos(m, si)
	h := lexicon.Tags(m.Head)
	// a bare title names its one bearer like "the …" does: "CM said",
	// "Ontario MPP added" (headline style drops the article)
	definite := m.Det == "the" || m.Det == "this" || m.Det == "that" || m.Det == "" && h.Has(lexicon.Title)
	words := len(strings.Fields(m.Text))
	switch {
	case h.Has(lexicon.StatementNoun) && definite && !h.Has(lexicon.MediaRef):
		// "the statement added": whoever made the statement before
		if sp := r.recentSpeaker(si, 2, func(*contract.Speaker) bool { return true }); sp != nil {
			return r.speaker(sp.Name, sp.Type, m.Text)
		}
	case h.Has(lexicon.MediaRef) && m.Det != "a" && m.Det != "an" && words <= 2:
		if e := r.nearest(pos, func(e *Entity) bool { return e.Media && mediaAgrees(e.Name, m.Head) }); e != nil {
			return r.speaker(e.Name, e.Type, m.Text)
		}
	case h.Has(lexicon.OrgWord) && definite && words == 1:
		// "the association" → the named association; "the company" → the firm
		if e := r.nearest(pos, func(e *Entity) bool {
			return !e.Descriptor && !e.Media && e.Type == contract.SpeakerOrganization &&
				(strings.HasSuffix(strings.ToLower(e.Name), " "+m.Head) || lexicon.CompanyHead(m.Head) && businessAgrees(e.Name, m.Head))
		}); e != nil {
			return r.speaker(e.Name, e.Type, m.Text)
		}
	}
	// "the government" of an article about one country is that
	// country's government: another outlet's story of the same event
	// names it ("the Peruvian government"), and the indexer should
	// join the two
	if m.Head == "government" && definite && words == 1 && m.Nation == "" {
		if adj := lexicon.Adjective(r.mainNation()); adj != "" {
			return r.speaker(strings.ToUpper(adj[:1])+adj[1:]+" government", contract.SpeakerOrganization, m.Text)
		}
	}
	g := descriptionGender(m)
	if want := expandTitles(m.Titles); len(want) > 0 && (definite || m.Nation != "" && !indefinite(m.Det)) {
		holds := func(e *Entity) bool {
			if e.Descriptor || e.Type != contract.SpeakerPerson || !gendersAgree(g, r.Cast.genderOf(e.Name)) {
				return false
			}
			if m.Nation != "" && e.Nation != "" && e.Nation != m.Nation {
				return false
			}
			if !portfoliosAgree(m.Titles, e.Titles) {
				return false
			}
			for _, t := range want {
				if !e.Titles[t] {
					return false
				}
			}
			return true
		}
		// a holder given the description's modifier first ("the Lowmoor
		// senator" is Lowmoor Sen. Ana Lima, though another senator was
		// named since), else the nearest holder
		var e *Entity
		if m.Nation != "" {
			e = r.nearest(pos, func(e *Entity) bool { return holds(e) && carriesScope(e, m.Nation) })
		}
		if e == nil {
			e = r.nearest(pos, holds)
		}
		if e != nil {
			return r.speaker(e.Name, e.Type, m.Text)
		}
		// an office no one named holds: its holder is named next
		if hasPortfolio(m.Titles) {
			if e := r.namedNext(si); e != nil {
				return r.speaker(e.Name, e.Type, m.Text)
			}
		}
		if words == 1 {
			if e := r.nearest(pos, func(e *Entity) bool {
				return e.Descriptor && e.Head == m.Head && strings.Contains(e.Name, " ")
			}); e != nil {
				return r.speaker(e.Name, e.Type, m.Text)
			}
		}
	}
	typ := DescriptorType(m)
	// (not a description scoped by a nation, "the Afghan delegation": that
	// is a party of its own)
	if definite && typ == contract.SpeakerPerson && !h.Has(lexicon.Anonymous) && (m.Nation == "" || lexicon.Nation(m.Nation) == "") {
		// "the 34-year-old continued", "the state lawmaker went on": news
		// style names the speaker of the passage by a fresh description
		if sp := r.recentSpeaker(si, 8, func(sp *contract.Speaker) bool {
			return sp.Type == contract.SpeakerPerson && sp.Name != "" && r.scopeAgrees(m, sp.Name) && gendersAgree(g, r.Cast.genderOf(sp.Name))
		}); sp != nil {
			return r.speaker(sp.Name, sp.Type, m.Text)
		}
		// before anyone has spoken: the person the passage is about, the
		// subject of this clause or of the sentence before ("Lima won the
		// vote. Now she has her say, as the former teacher promised …")
		if sp := r.subjectPerson(m, si); sp != nil && r.scopeAgrees(m, sp.Name) && gendersAgree(g, r.Cast.genderOf(sp.Name)) {
			return r.speaker(sp.Name, sp.Type, m.Text)
		}
	}
	return r.speaker(m.Text, typ, m.Text)
}

// descriptionGender is the gender a description marks by its head or
// another of its words ("the businessman", "the mother of three"), ""
// when none does.
func descriptionGender(m Mention) string {
	if g := lexicon.NounGender(m.Head); g != "" {
		return g
	}
	for _, t := range m.Titles {
		if g := lexicon.NounGender(t); g != "" {
			return g
		}
	}
	return ""
}

// indefinite reports whether a determiner introduces a new party ("a
// Ruritanian official"), which no one named before can be.
func indefinite(det string) bool {
	switch det {
	case "a", "an", "one", "another", "some", "several", "two", "three":
		return true
	}
	return false
}

// scopeAgrees reports whether the person named name can be the one a
// description scoped by a capitalised modifier stands for. A modifier we
// do not list as a nation is most often a party, a state or a city ("the
// Whig nominee", "the Vermont senator"): news style describes the person
// of the passage that way once it has named them with it ("Whig Ana
// Lima", "Vermont Sen. Ana Lima"), so the person must carry the modifier.
// An unscoped description fits anyone.
func (r *Resolver) scopeAgrees(m Mention, name string) bool {
	if m.Nation == "" {
		return true
	}
	for _, e := range r.Cast.list {
		if !e.Descriptor && e.Name == name {
			// ("the Whig senator" is not the Whig governor)
			return titlesFit(expandTitles(m.Titles), e.Titles) && carriesScope(e, m.Nation)
		}
	}
	return false
}

// carriesScope reports whether a party is scoped by modifier mod: its
// nation, or a title word from it.
func carriesScope(e *Entity, mod string) bool {
	if e.Nation == mod {
		return true
	}
	mod = strings.TrimSuffix(mod, "ic") // "Whiggic" and "Whig": one party
	for t := range e.Titles {
		if strings.TrimSuffix(t, "ic") == mod {
			return true
		}
	}
	return false
}

// titlesFit reports whether a person with the given titles can hold the
// office a description names (want, its title words): a person given no
// office fits any, one given an office must have been given this one.
func titlesFit(want []string, titles map[string]bool) bool {
	if len(want) == 0 {
		return true
	}
	office := false
	for t := range titles {
		if lexicon.Tags(t).Has(lexicon.Title) {
			office = true
			break
		}
	}
	if !office {
		return true
	}
	for _, t := range want {
		if titles[t] {
			return true
		}
	}
	return false
}

// titleHolder returns the person a capitalised title standing alone
// points at ("the Harbour Board DyC said" after "Harbour Board DyC Ana
// Lima", the way news names an office holder again): a name that is all
// title words — one a title or an office's initials ("DyL") — every one
// of them among the titles of a person named in the article; nil when
// none is.
func (r *Resolver) titleHolder(m Mention, si int) *Entity {
	ws := strings.Fields(m.Name)
	titled := false
	for _, w := range ws {
		if lexicon.Tags(strings.ToLower(w)).Has(lexicon.Title) || titleAbbrev(w) {
			titled = true
		}
	}
	if !titled {
		return nil
	}
	return r.nearest(r.pos(m, si), func(e *Entity) bool {
		if e.Descriptor || e.Type != contract.SpeakerPerson {
			return false
		}
		for _, w := range ws {
			if !e.Titles[strings.ToLower(strings.Trim(w, ".,"))] {
				return false
			}
		}
		return true
	})
}

// sideWords name one party at talks: "the Ruritanian side", "Ruritanian
// negotiators", "the Ruritanian team" and "the Ruritanian delegation" are
// one speaker, named after the delegation when the article has one.
var sideWords = map[string]bool{"side": true, "team": true, "negotiators": true, "delegates": true, "delegation": true}

// side returns the delegation a description of one side at talks stands
// for, nil when there is none.
func (r *Resolver) side(name string) *Entity {
	var from *Entity
	for _, e := range r.Cast.list {
		if e.Descriptor && e.Name == name {
			from = e
			break
		}
	}
	if from == nil || from.Nation == "" || !sideWords[from.Head] || from.Head == "delegation" {
		return nil
	}
	for _, e := range r.Cast.list {
		if e.Descriptor && e.Nation == from.Nation && e.Head == "delegation" {
			return e
		}
	}
	return nil
}

// portfoliosAgree reports whether a description's titles and a person's
// share a portfolio when both name one: "the agriculture minister" is not
// the "Minister of Health" nor the prime minister named before, whatever
// their shared title. A person whose title was given without its field
// (a capitalised field opening a sentence is not always read as title)
// may still be the one meant.
func portfoliosAgree(desc []string, titles map[string]bool) bool {
	if !hasPortfolio(desc) {
		return true
	}
	for _, t := range desc {
		if lexicon.Portfolio(t) && titles[t] {
			return true
		}
	}
	for t := range titles {
		if lexicon.Portfolio(t) {
			return false
		}
	}
	return true
}

// hasPortfolio reports whether title words name a portfolio.
func hasPortfolio(titles []string) bool {
	for _, t := range titles {
		if lexicon.Portfolio(t) {
			return true
		}
	}
	return false
}

// namedNext returns the person named, without a title, as the subject of
// the sentence after si: news introduces an office holder by the office
// ("the country's Minister of Water told the radio …") and names them in
// the next sentence ("Ana Lima said …"). Nil when that subject is no
// untitled named person of the cast.
func (r *Resolver) namedNext(si int) *Entity {
	if si+1 >= len(r.Doc.Sents) {
		return nil
	}
	sub := r.subject(si + 1)
	if sub.Name == "" || len(sub.Titles) > 0 {
		return nil
	}
	if e := r.Cast.Named(sub); e != nil && e.Type == contract.SpeakerPerson && len(e.Titles) == 0 {
		return e
	}
	return nil
}

// titleAliases are abbreviated titles and what they stand for.
var titleAliases = map[string][]string{
	"cm": {"chief", "minister"}, "pm": {"prime", "minister"}, "fm": {"foreign", "minister"},
	"gov": {"governor"}, "sen": {"senator"}, "rep": {"representative"}, "gen": {"general"},
	"prof": {"professor"}, "dr": {"doctor"}, "ceo": {"chief", "executive"},
}

// expandTitles spells out abbreviated titles and drops words that are not
// titles ("Ontario" in "the Ontario MPP"), so a description and a name's titles
// compare word by word.
func expandTitles(ts []string) []string {
	var out []string
	for _, t := range ts {
		if a, ok := titleAliases[t]; ok {
			out = append(out, a...)
			continue
		}
		if lexicon.Tags(t).Any(lexicon.Title) {
			out = append(out, t)
		}
	}
	return out
}

// mediaAgrees reports whether an outlet's name fits a noun referring
// back to an outlet: "the network" is a broadcaster, not the newspaper
// named just before it. An outlet or a noun of no known kind fits any.
func mediaAgrees(name, head string) bool {
	want := lexicon.MediaRefKind(head)
	if want == "" {
		return true
	}
	known := false
	for _, w := range strings.Fields(strings.ToLower(name)) {
		switch lexicon.MediaNameKind(strings.Trim(w, ".,")) {
		case want:
			return true
		case "":
		default:
			known = true
		}
	}
	return !known
}

// businessAgrees reports whether a company's name fits a description by
// its head noun: it carries a company mark, and a mark of a trade names
// that trade ("the company" and "the firm" fit any trade; the marks and
// trades are in the lexicon's companies.txt).
func businessAgrees(name, head string) bool {
	for _, w := range strings.Fields(strings.ToLower(name)) {
		if lexicon.MarkFits(strings.Trim(w, ".,"), head) {
			return true
		}
	}
	return false
}

func (r *Resolver) pos(m Mention, si int) int {
	if m.Pos > 0 {
		return m.Pos
	}
	return r.Doc.Sents[si].Start
}

// recentSpeaker returns the speaker of the latest claim within back
// sentences before (or in) si that ok accepts.
func (r *Resolver) recentSpeaker(si, back int, ok func(*contract.Speaker) bool) *contract.Speaker {
	for k := len(r.Said) - 1; k >= 0; k-- {
		s := r.Said[k]
		if s.Sent < si-back {
			break
		}
		if s.Speaker != nil && s.Speaker.Name != "" && ok(s.Speaker) {
			return s.Speaker
		}
	}
	return nil
}

// nearest returns the entity satisfying ok mentioned closest before pos,
// else the first after it.
func (r *Resolver) nearest(pos int, ok func(*Entity) bool) *Entity {
	var best, after *Entity
	bestPos, afterPos := -1, int(^uint(0)>>1)
	for _, e := range r.Cast.list {
		if !ok(e) {
			continue
		}
		for _, p := range e.positions {
			if p < pos && p > bestPos {
				best, bestPos = e, p
			}
			if p >= pos && p < afterPos {
				after, afterPos = e, p
			}
		}
	}
	if best != nil {
		return best
	}
	return after
}

// firstIn returns the first entity satisfying ok mentioned in sentence si
// before byte offset limit.
func (r *Resolver) firstIn(si, limit int, ok func(*Entity) bool) *Entity {
	s := r.Doc.Sents[si]
	var best *Entity
	bestPos := limit
	for _, e := range r.Cast.list {
		if !ok(e) {
			continue
		}
		for _, p := range e.positions {
			if p >= s.Start && p < bestPos {
				best, bestPos = e, p
			}
		}
	}
	return best
}

// pronoun resolves he, she, they, it, we or I, in news style's order of
// likelihood: the subject of its own clause before it; whoever spoke or
// acted in the sentence or two before; the voice of the passage (the
// latest speaker of the last few paragraphs); any fitting party named just
// before.
func (r *Resolver) pronoun(m Mention, si, depth int) *contract.Speaker {
	// "I" outside quotation marks is the writer's: the author the byline
	// names, or no one we know — never whoever was named last
	if m.Pron == "i" {
		if r.Author != "" {
			return r.speaker(r.Author, contract.SpeakerPerson, m.Text)
		}
		return &contract.Speaker{Mention: m.Text, Type: contract.SpeakerUnknown}
	}
	fits := pronounFits(m.Pron, r.Cast.genderOf)
	if to := r.addressed; to != "" {
		base := fits
		fits = func(typ, name string) bool { return name != to && base(typ, name) }
	}
	para := r.Doc.Sents[si].Para
	out := func(name, typ string) *contract.Speaker {
		// "he" or "she" that stands for a person tells their gender,
		// which no given name did ("Dr. Tarkan Vell … He …"): a later
		// pronoun of the other gender is then someone else
		if g := pronounGender(m.Pron); g != "" && typ == contract.SpeakerPerson {
			r.Cast.learnGender(name, g)
		}
		return r.speaker(name, typ, m.Text)
	}
	// "The company posted a loss, it said": the clause's subject before it
	// (not the subject of the words a pronoun reports: "Lima is wrong, he
	// said")
	after := r.reportedBefore(m, si)
	if sub := r.subject(si); sub.Text != "" && sub.Pron == "" && m.Pos > sub.Pos && !r.headWordOnly(sub, si) && !after {
		// (a body is "they" in its own sentence: "the campaign is seeking
		// to contrast her record with what they call …")
		if sp := r.Resolve(sub, si); sp != nil && sp.Name != "" && (fits(sp.Type, sp.Name) || m.Pron == "they" && sp.Type == contract.SpeakerOrganization) {
			return out(sp.Name, sp.Type)
		}
	}
	if sp := r.speakerIn(si, m, fits); sp != nil {
		return out(sp.Name, sp.Type)
	}
	for back := si - 1; back >= 0 && back >= si-2 && r.Doc.Sents[back].Para >= para-1; back-- {
		if sp := r.mainSpeakerIn(back, m, fits); sp != nil {
			return out(sp.Name, sp.Type)
		}
		sub := r.subject(back)
		switch {
		case sub.Pron == m.Pron && depth < 4:
			// "He was photographed in the park. He told the BBC …": one person
			if sp := r.pronoun(sub, back, depth+1); sp != nil && sp.Name != "" {
				return out(sp.Name, sp.Type)
			}
		case sub.Text != "" && sub.Pron == "" && !r.headWordOnly(sub, back):
			if sp := r.Resolve(sub, back); sp != nil && sp.Name != "" && fits(sp.Type, sp.Name) {
				return out(sp.Name, sp.Type)
			}
		}
	}
	for k := len(r.Said) - 1; k >= 0; k-- {
		s := r.Said[k]
		if r.Doc.Sents[s.Sent].Para < para-3 {
			break
		}
		if sp := s.Speaker; sp != nil && sp.Name != "" && sp.Mention != m.Text && fits(sp.Type, sp.Name) {
			return out(sp.Name, sp.Type)
		}
	}
	ent := func(weakOK bool) func(e *Entity) bool {
		return func(e *Entity) bool { return fits(e.Type, e.Name) && (!e.Weak || weakOK) }
	}
	for _, weakOK := range []bool{false, true} {
		for back := si; back >= 0 && back >= si-3; back-- {
			limit := r.Doc.Sents[back].End
			if back == si {
				limit = m.Pos
			}
			if e := r.firstIn(back, limit, ent(weakOK)); e != nil {
				return out(e.Name, e.Type)
			}
		}
	}
	// "they" with no group in sight: the singular they, or a company
	// written as a plural — the speaker of the sentence before
	if m.Pron == "they" || m.Pron == "we" {
		if sp := r.recentSpeaker(si, 1, func(*contract.Speaker) bool { return true }); sp != nil {
			return out(sp.Name, sp.Type)
		}
	}
	return &contract.Speaker{Mention: m.Text, Type: contract.SpeakerUnknown}
}

// speakerIn returns the latest fitting speaker of a claim in sentence si
// other than the pronoun itself.
func (r *Resolver) speakerIn(si int, m Mention, fits func(typ, name string) bool) *contract.Speaker {
	for k := len(r.Said) - 1; k >= 0; k-- {
		s := r.Said[k]
		if s.Sent < si {
			break
		}
		if s.Sent == si && s.Speaker != nil && s.Speaker.Name != "" && fits(s.Speaker.Type, s.Speaker.Name) && s.Speaker.Mention != m.Text {
			return s.Speaker
		}
	}
	return nil
}

// mainSpeakerIn returns the speaker of the first claim of an earlier
// sentence si that fits: the main clause's speaker, who stays in focus,
// rather than someone a claim inside it quotes ("Lima said the row began
// when Berg claimed it was a plot. He said …": he is Lima).
// A claim read from a noun of saying yields to one of the main clause
// ("Answering Lima's threat to …, Berg said …. He added …": he is Berg).
func (r *Resolver) mainSpeakerIn(si int, m Mention, fits func(typ, name string) bool) *contract.Speaker {
	var out, aside *contract.Speaker
	for k := len(r.Said) - 1; k >= 0; k-- {
		s := r.Said[k]
		if s.Sent < si {
			break
		}
		if s.Sent == si && s.Speaker != nil && s.Speaker.Name != "" && fits(s.Speaker.Type, s.Speaker.Name) {
			if s.Aside {
				aside = s.Speaker
			} else {
				out = s.Speaker
			}
		}
	}
	if out == nil {
		return aside
	}
	return out
}

// reportedBefore reports whether a personal pronoun comes after the
// words it reports, set off by a comma ("People are tired, she said"):
// the sentence's subject is then the report's, which the pronoun need
// not be (a person named in the article still is, found among the
// parties named in the sentence). A body reports so about itself ("The
// firm posted a loss, it said"): "it" and "they" keep their clause's
// subject.
func (r *Resolver) reportedBefore(m Mention, si int) bool {
	if m.Pron != "he" && m.Pron != "she" && m.Pron != "i" {
		return false
	}
	ts := r.Doc.Sents[si].Toks
	for k, t := range ts {
		if t.Start == m.Pos {
			for j := k - 1; j >= 0; j-- {
				if ts[j].Word {
					return false
				}
				if ts[j].Punct(",") {
					return true
				}
			}
			return false
		}
	}
	return false
}

// headWordOnly reports whether a subject is one untitled capitalised
// word opening sentence si that the article never capitalises elsewhere
// ("Soon after the vote, …", "Crops are failing, he said", "Harsh? He
// disagrees"): an ordinary word capitalised by its place, which a pronoun
// after it cannot stand for. A name is capitalised wherever it stands,
// and a surname opening a sentence is named in full elsewhere.
func (r *Resolver) headWordOnly(m Mention, si int) bool {
	if m.Name == "" || len(m.Titles) > 0 || m.Det != "" || strings.ContainsRune(m.Name, ' ') || r.Doc == nil {
		return false
	}
	s := r.Doc.Sents[si]
	first := -1
	for k, t := range s.Toks {
		if t.Word {
			first = k
			break
		}
	}
	if first < 0 || s.Toks[first].Start != m.Pos {
		return false
	}
	l := strings.ToLower(m.Name)
	if v, ok := r.headOnly[l]; ok {
		return v
	}
	only := true
	for _, o := range r.Doc.Sents {
		seen := false // past the sentence's first word
		for _, t := range o.Toks {
			if t.Word {
				if seen && t.Cap && t.Stem == l {
					only = false
					break
				}
				seen = true
			}
		}
		if !only {
			break
		}
	}
	if r.headOnly == nil {
		r.headOnly = map[string]bool{}
	}
	r.headOnly[l] = only
	return only
}

func (r *Resolver) subject(si int) Mention {
	if si < len(r.Subjects) {
		return r.Subjects[si]
	}
	return Mention{}
}

func pronounGender(p string) string {
	switch p {
	case "he":
		return "m"
	case "she":
		return "f"
	}
	return ""
}

// pronounFits returns whether a party of a type and name can be what
// pronoun p stands for; gender gives a name's gender ("" unknown).
func pronounFits(p string, gender func(name string) string) func(typ, name string) bool {
	want := pronounGender(p)
	switch p {
	case "he", "she", "i":
		return func(typ, name string) bool {
			if g := gender(name); g != "" && want != "" && g != want {
				return false // "she" is not Mike Ford
			}
			return typ == contract.SpeakerPerson
		}
	case "they", "we":
		return func(typ, name string) bool {
			return typ == contract.SpeakerGroup || (typ == contract.SpeakerAnonymous || typ == contract.SpeakerOrganization) && pluralName(name) ||
				p == "we" && typ == contract.SpeakerOrganization
		}
	}
	// "it" is a body, or a document that speaks: "the report says …
	// It also points out …"
	return func(typ, name string) bool {
		return typ == contract.SpeakerOrganization || typ == contract.SpeakerUnknown && documentName(name)
	}
}

// documentName reports whether a speaker's name is a description of a
// document ("report", "new study"): lower-case, headed by a noun of
// saying or a report.
func documentName(name string) bool {
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		return false
	}
	head := name[strings.LastIndexByte(name, ' ')+1:]
	return head == "report" || head == "study" || lexicon.Tags(head).Has(lexicon.StatementNoun)
}

// Fits reports whether sp can be the party that pronoun mention m
// stands for (gender, person or group).
func (r *Resolver) Fits(m Mention, sp *contract.Speaker) bool {
	return sp != nil && pronounFits(m.Pron, r.Cast.genderOf)(sp.Type, sp.Name)
}

// pluralName reports whether a party's name reads as a plural, as a
// body named after its members does ("Harbour Pilots", "local officials"):
// it ends in "s" but not in "ss" ("the Marlow Press", "Kestrel Business"
// are one body).
func pluralName(name string) bool {
	return strings.HasSuffix(name, "s") && !strings.HasSuffix(name, "ss")
}

// Gender guesses a person's gender from the first word of the name: "m",
// "f" or "" when unknown (which blocks nothing).
func Gender(name string) string {
	// the first of two or more fields, found without strings.Fields: the
	// cast asks this of every name it is given, and the slice was a good
	// share of an article's allocations
	name = strings.TrimLeftFunc(name, unicode.IsSpace)
	i := strings.IndexFunc(name, unicode.IsSpace)
	if i < 0 || strings.TrimLeftFunc(name[i:], unicode.IsSpace) == "" {
		return ""
	}
	return lexicon.Gender(strings.ToLower(strings.Trim(name[:i], ".,")))
}

// mainNation returns the country an article is about: the one its words
// name at least three times and at least twice as often as any other;
// "" when there is none.
func (r *Resolver) mainNation() string {
	if r.nation != nil {
		return *r.nation
	}
	counts := map[string]int{}
	if r.Doc != nil {
		for _, s := range r.Doc.Sents {
			for _, t := range s.Toks {
				if t.Cap && t.Word {
					if n := lexicon.Nation(t.Stem); n != "" {
						counts[n]++
					}
				}
			}
		}
	}
	best, first, second := "", 0, 0
	for n, c := range counts {
		switch {
		case c > first || c == first && n < best:
			if best != "" {
				second = max(second, first)
			}
			best, first = n, c
		case c > second:
			second = c
		}
	}
	if first < 3 || first < 2*second {
		best = ""
	}
	r.nation = &best
	return best
}

// subjectPerson returns the named person who is the subject of sentence
// si before m, or of the sentence before it in the same paragraph; nil
// when there is none.
func (r *Resolver) subjectPerson(m Mention, si int) *contract.Speaker {
	person := func(sp *contract.Speaker) bool {
		return sp != nil && sp.Name != "" && sp.Type == contract.SpeakerPerson
	}
	for back := si; back >= 0 && back >= si-1; back-- {
		if back < si && r.Doc.Sents[back].Para != r.Doc.Sents[si].Para {
			break
		}
		sub := r.subject(back)
		if sub.Text == "" || back == si && sub.Pos >= m.Pos || sub.Text == m.Text {
			continue
		}
		var sp *contract.Speaker
		if sub.Pron == "he" || sub.Pron == "she" {
			sp = r.pronoun(sub, back, 1)
		} else if sub.Name != "" && !r.headWordOnly(sub, back) {
			sp = r.Resolve(sub, back)
		}
		if person(sp) {
			return sp
		}
	}
	return nil
}
