package extract

import (
	"strings"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/extractor/internal/speakers"
)

// SpeakerKey is the cross-article merge key of a speaker name, shared with
// the indexer: contract.SpeakerKey.
func SpeakerKey(name string) string { return contract.SpeakerKey(name) }

// mention is a speaker phrase taken apart: "Pakistan's Defence Minister
// Khwaja Asif" → nation pakistan, titles [defence minister], name "Khwaja Asif".
type mention struct {
	text   string   // the phrase without leading determiners, as written
	name   string   // the proper-name part; "" for a descriptor
	titles []string // lower-case title words
	nation string
	head   string // lower-case last word of a descriptor
	pron   string // a pronoun speaker
	det    string // the leading determiner that was dropped
	pos    int    // byte offset, for recency
}

// analyse takes apart the tokens of a speaker phrase.
func analyse(ts []tok) mention {
	var m mention
	if len(ts) == 0 {
		return m
	}
	m.pos = ts[0].start
	// a possessed statement noun stands for its owner: "Asif's remarks"
	if last := ts[len(ts)-1]; speakers.StatementNouns[last.l] || (last.l == "report" || last.l == "reports") {
		for k := len(ts) - 2; k >= 0; k-- {
			if _, ok := possessive(ts[k]); ok {
				owner := append([]tok(nil), ts[:k+1]...)
				base, _ := possessive(owner[k])
				owner[k].s, owner[k].l = base, strings.ToLower(base)
				owner[k].end = owner[k].start + len(base)
				return analyse(owner)
			}
		}
		// "a TOLO News report" → the outlet
		if prev := ts[max(0, len(ts)-2)]; (last.l == "report" || last.l == "reports") && len(ts) > 1 && prev.capz && !leaders[prev.l] {
			ts = ts[:len(ts)-1]
		}
	}
	// first conjunct only: "diplomatic sources and Afghan media reports"
	for k, t := range ts {
		if (t.l == "and" || t.l == "&") && k > 0 {
			if t.l == "&" && !t.word || !ts[k-1].capz || k+1 >= len(ts) || !ts[k+1].capz {
				ts = ts[:k]
				break
			}
		}
	}
	for len(ts) > 0 && (determiners[ts[0].l] || !ts[0].word && ts[0].s != "(") {
		if m.det == "" && ts[0].word {
			m.det = ts[0].l
		}
		ts = ts[1:]
	}
	if len(ts) == 0 {
		return m
	}
	if len(ts) == 1 && pronouns[ts[0].l] {
		m.pron = ts[0].l
		m.text = ts[0].s
		return m
	}
	m.text = join(ts)
	// the name is the trailing run of capitalised, non-title tokens
	nameStart := len(ts)
	for k := len(ts) - 1; k >= 0; k-- {
		t := ts[k]
		if t.s == "." && k > 0 && (isInitial(ts[k-1]) || nameAbbrevs[ts[k-1].l]) {
			continue
		}
		if t.s == "." {
			break // "Mr. Smith": the title's abbreviation dot
		}
		_, poss := possessive(t)
		if nameConnectorsOK(ts, k) {
			continue
		}
		if !t.capz || speakers.Titles[t.l] || (poss && k != len(ts)-1) {
			break
		}
		nameStart = k
	}
	// a profession capitalised only because it opens the sentence:
	// "Hydrologist Mei Lin Zhou wrote"
	if nameStart == 0 && len(ts) >= 3 && (strings.HasSuffix(ts[0].l, "ist") || speakers.Professions[ts[0].l]) {
		nameStart = 1
	}
	for k := 0; k < nameStart; k++ {
		base, poss := possessive(ts[k])
		bl := strings.ToLower(base)
		if n := speakers.Nation(bl); n != "" && m.nation == "" {
			m.nation = n
			continue
		}
		if poss && ts[k].capz && m.nation == "" && k+1 < nameStart {
			m.nation = bl // "Ruritania's defence minister": the owner scopes the title
			continue
		}
		if ts[k].word {
			m.titles = append(m.titles, bl)
		}
	}
	// a role with a place: "Officials in Kabul", "residents from the
	// north" are described people, not the place (affiliations — "analysts
	// at Halden Bank", "a spokesman for the ministry" — keep the name)
	for k := 1; k < nameStart && k < len(ts); k++ {
		if l := ts[k].l; (l == "in" || l == "from" || l == "near" || l == "across") && (speakers.RoleHeads[ts[k-1].l] || speakers.AnonymousHeads[ts[k-1].l]) {
			nameStart = len(ts)
			break
		}
	}
	// a capitalised role noun opening a sentence is a descriptor:
	// "Analysts say", "Sources said"
	if nameStart == len(ts)-1 && speakers.RoleHeads[ts[nameStart].l] {
		nameStart = len(ts)
	}
	// "High Commissioner for Human Rights": an office, not a person's name
	if nameStart >= 2 && nameStart < len(ts) && nameConnectors[ts[nameStart-1].l] && speakers.Titles[ts[nameStart-2].l] {
		nameStart = len(ts)
	}
	if nameStart < len(ts) {
		nt := ts[nameStart:]
		if nameStart == len(ts)-1 && len(m.titles) == 0 && m.nation == "" {
			nt = ts[nameStart:]
		}
		m.name = join(nt)
		if base, ok := possessive(nt[len(nt)-1]); ok {
			m.name = strings.TrimSuffix(m.name, nt[len(nt)-1].s) + base
		}
		// a leading nationality inside the run belongs to the descriptor
		// ("Afghan Taliban" stays whole; only a run with titles is split)
	} else {
		if m.nation == "" && len(ts) >= 2 && ts[0].capz && !ts[1].capz {
			// an adjective of a place we do not list: "Ruritanian negotiators"
			base, _ := possessive(ts[0])
			m.nation = strings.ToLower(base)
		}
		m.head = ts[len(ts)-1].l
		// a post-modified head: "sources close to the board"
		for k := 1; k < len(ts); k++ {
			if l := ts[k].l; l == "close" || l == "of" || l == "at" || l == "from" || l == "to" || l == "in" || l == "with" || l == "familiar" || l == "for" || l == "on" || l == "about" {
				h := k - 1
				if h > 0 && strings.HasSuffix(ts[h].l, "ed") {
					h-- // "people briefed on the talks"
				}
				m.head = ts[h].l
				break
			}
		}
		// descriptor text without a leading nationality possessive is kept
		// as written: "Afghan officials", "Pakistani delegation"
	}
	return m
}

// nameConnectorsOK reports whether token k joins two capitalised words of
// one name ("Institute on Drug Abuse").
func nameConnectorsOK(ts []tok, k int) bool {
	if k == 0 || k+1 >= len(ts) || !ts[k-1].capz || !ts[k+1].capz || speakers.Titles[ts[k-1].l] {
		return false
	}
	if nameConnectors[ts[k].l] {
		return true
	}
	// "and" inside the complement of an institution's name: "Centre for
	// Flood Control and Prevention", "Ministry of Trade and Industry";
	// elsewhere it joins two speakers ("Ray and Lee said")
	if ts[k].l == "and" {
		for x := k - 2; x >= 1 && x >= k-4; x-- {
			if (ts[x].l == "for" || ts[x].l == "of") && ts[x-1].capz && speakers.OrgWords[ts[x-1].l] {
				return true
			}
		}
	}
	return false
}

// join renders tokens as the text they came from, spaces normalised.
func join(ts []tok) string {
	var b strings.Builder
	for k, t := range ts {
		if k > 0 && t.start > ts[k-1].end {
			b.WriteByte(' ')
		}
		b.WriteString(t.s)
	}
	return b.String()
}

// entity is someone or something that can speak in the article.
type entity struct {
	name       string
	typ        string
	titles     map[string]bool
	nation     string
	media      bool
	descriptor bool   // an unnamed party ("Qatari ambassador")
	weak       bool   // an untitled capitalised name never seen speaking: maybe a place
	head       string // descriptor head noun
	last       string // lower-case last name token, for short forms
	key        string // contract.SpeakerKey(name)
	keyLen     int    // tokens in key
	firstPos   int
	positions  []int
}

// entities is the article's cast, built before claims are read so that a
// descriptor can be resolved against a name given later in the text.
type entities struct {
	list []*entity
	keys map[string]string // contract.SpeakerKey cache
}

func (es *entities) key(name string) string {
	if k, ok := es.keys[name]; ok {
		return k
	}
	if es.keys == nil {
		es.keys = map[string]string{}
	}
	k := contract.SpeakerKey(name)
	es.keys[name] = k
	return k
}

// mentionType is the type of a named mention: nameType, except that a name
// that would be a person's is an organisation after "the" (theName).
func mentionType(m mention) (string, bool) {
	typ, media := nameType(m.name, len(m.titles) > 0)
	if typ == contract.SpeakerPerson && theName(m) {
		return contract.SpeakerOrganization, media
	}
	return typ, media
}

// theName reports a name after "the" without a title ("according to the
// Wrap", "the Hollywood Reporter said", "the United Nations"): people's names
// do not take the article, organisations' often do.
func theName(m mention) bool { return m.det == "the" && len(m.titles) == 0 }

func nameType(name string, titled bool) (string, bool) {
	f := strings.Fields(strings.ToLower(name))
	if speakers.IsMediaName(name) {
		return contract.SpeakerOrganization, true
	}
	for _, w := range f {
		w = strings.Trim(w, ".,")
		if speakers.OrgWords[w] || speakers.Countries[w] || speakers.Capitals[w] {
			return contract.SpeakerOrganization, false
		}
	}
	if len(f) == 1 && strings.ToUpper(name) == name && len(name) > 1 {
		return contract.SpeakerOrganization, false // an acronym: UN, NATO, TTP
	}
	if strings.Contains(name, " & ") || isBusiness(name) {
		return contract.SpeakerOrganization, false // "Brick & Mortar", "Halden Co."
	}
	if ws := strings.Fields(name); len(ws) > 1 {
		// a modified acronym: "Chinese CDC", "Kenyan KWS"
		if last := strings.Trim(ws[len(ws)-1], ".,"); len(last) > 2 && strings.ToUpper(last) == last && strings.ToLower(last) != last {
			return contract.SpeakerOrganization, false
		}
	}
	if titled || len(f) >= 2 {
		return contract.SpeakerPerson, false
	}
	return contract.SpeakerUnknown, false
}

// add records a mention of a named or described party.
func (es *entities) add(m mention, speaker bool) *entity {
	if m.name == "" && m.head == "" {
		return nil
	}
	if m.name != "" {
		key := es.key(m.name)
		if key == "" {
			return nil
		}
		toks := strings.Fields(key)
		last := toks[len(toks)-1]
		for _, e := range es.list {
			if e.descriptor {
				continue
			}
			ek := e.key
			if ek == key || (e.typ == contract.SpeakerPerson && (len(toks) == 1 && e.last == last || e.keyLen == 1 && strings.HasSuffix(key, " "+ek))) {
				if len(toks) > e.keyLen {
					e.name, e.key, e.keyLen = m.name, key, len(toks)
				}
				if speaker || len(m.titles) > 0 {
					e.weak = false
				}
				if speaker && e.typ == contract.SpeakerUnknown {
					e.typ = contract.SpeakerPerson
				}
				es.note(e, m)
				return e
			}
		}
		typ, media := mentionType(m)
		if typ == contract.SpeakerUnknown && !speaker {
			return nil
		}
		if typ == contract.SpeakerUnknown && theName(m) {
			typ = contract.SpeakerOrganization // a one-word name that speaks: "the Pentagon said"
		}
		if typ == contract.SpeakerUnknown {
			typ = contract.SpeakerPerson // a one-word name that speaks: "Harper said"
			for _, suf := range []string{"ers", "ists", "ians", "ants", "ents", "ors"} {
				if strings.HasSuffix(strings.ToLower(m.name), suf) {
					typ = contract.SpeakerGroup // "Forecasters warned"
				}
			}
		}
		// untitled multi-word capitalised runs are often places or events
		// ("Tora Bora"): they stay weak candidates until someone speaks
		weak := typ == contract.SpeakerPerson && len(m.titles) == 0 && !speaker
		e := &entity{name: m.name, typ: typ, media: media, titles: map[string]bool{}, last: last, firstPos: m.pos, key: key, keyLen: len(toks), weak: weak}
		es.note(e, m)
		es.list = append(es.list, e)
		return e
	}
	// descriptor: only with a modifier ("Qatari ambassador"), which is what
	// a later bare "the ambassador" is resolved to
	if !speakers.RoleHeads[m.head] || !strings.Contains(m.text, " ") {
		return nil
	}
	for _, e := range es.list {
		if e.descriptor && strings.EqualFold(e.name, m.text) {
			es.note(e, m)
			return e
		}
	}
	e := &entity{name: m.text, typ: descriptorType(m), descriptor: true, head: m.head, nation: m.nation, titles: map[string]bool{}, firstPos: m.pos}
	es.note(e, m)
	es.list = append(es.list, e)
	return e
}

func (es *entities) note(e *entity, m mention) {
	for _, t := range m.titles {
		e.titles[t] = true
	}
	if e.nation == "" {
		e.nation = m.nation
	}
	e.positions = append(e.positions, m.pos)
}

func descriptorType(m mention) string {
	switch {
	case speakers.AnonymousHeads[m.head] && (m.det == "a" || m.det == "an" || m.det == "one" || m.det == "some" || m.det == "several" || m.det == "" && (m.head == "sources" || m.head == "source")):
		return contract.SpeakerAnonymous
	case m.head == "report" || m.head == "reports" || m.head == "statement" || m.head == "statements":
		return contract.SpeakerUnknown // a document: "according to the case report"
	case speakers.MediaRefs[m.head]:
		return contract.SpeakerOrganization // "the newspaper said"
	case m.head == "government" || m.head == "ministry" || m.head == "delegation" || m.head == "army" || m.head == "police" || m.head == "administration" || m.head == "military" || m.head == "council" || m.head == "committee" || m.head == "office" || m.head == "authorities":
		return contract.SpeakerOrganization
	case speakers.OrgWords[m.head]:
		return contract.SpeakerOrganization
	case strings.HasSuffix(m.head, "s") && (speakers.RoleHeads[m.head] || speakers.Professions[strings.TrimSuffix(m.head, "s")]):
		return contract.SpeakerGroup
	case speakers.RoleHeads[m.head] || speakers.Titles[m.head] || speakers.Professions[m.head]:
		return contract.SpeakerPerson
	case strings.HasSuffix(m.head, "s"):
		return contract.SpeakerGroup
	}
	return contract.SpeakerUnknown // "the letter", "the study"
}

// nearest returns the entity satisfying ok whose mention is closest before
// pos, or else the first after it.
func (es *entities) nearest(pos int, ok func(*entity) bool) *entity {
	var best *entity
	bestPos := -1
	var after *entity
	afterPos := int(^uint(0) >> 1)
	for _, e := range es.list {
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
