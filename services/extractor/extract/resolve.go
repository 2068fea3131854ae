package extract

import (
	"strings"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/extractor/internal/speakers"
)

// resolve turns a speaker phrase of sentence si into a Speaker: pronouns
// to the most recent fitting speaker, short names to the full name,
// descriptions ("the minister", "the Afghan outlet") to the party they
// point at, and unnamed sources kept as descriptors. nil when the phrase
// names nobody.
func (d *doc) resolve(m mention, si int) *contract.Speaker {
	mk := func(name, typ string) *contract.Speaker {
		if name == "" {
			return nil
		}
		mention := m.text
		if mention == "" {
			mention = name
		}
		return &contract.Speaker{Name: name, Mention: mention, Type: typ, Key: d.ents.key(name)}
	}
	pos := d.sents[si].start
	if m.pos > 0 {
		pos = m.pos
	}
	switch {
	case m.pron != "":
		return d.resolvePronoun(m, si)
	case m.name != "":
		e := d.ents.add(m, true)
		if e == nil {
			typ, _ := mentionType(m)
			return mk(m.name, typ)
		}
		return mk(e.name, e.typ)
	case m.head != "":
		if speakers.StatementNouns[m.head] && (m.det == "the" || m.det == "this") {
			// "the statement added": whoever made the last statement
			for k := len(d.claims) - 1; k >= 0 && d.claims[k].sent >= si-2; k-- {
				if sp := d.claims[k].Speaker; sp != nil && sp.Name != "" && d.claims[k].Kind != contract.KindStatistic {
					return mk(sp.Name, sp.Type)
				}
			}
		}
		if speakers.MediaRefs[m.head] && m.det != "a" && m.det != "an" && len(strings.Fields(m.text)) <= 2 {
			if e := d.ents.nearest(pos, func(e *entity) bool { return e.media }); e != nil {
				return mk(e.name, e.typ)
			}
		}
		if speakers.OrgWords[m.head] && !speakers.MediaRefs[m.head] && len(strings.Fields(m.text)) == 1 && m.det == "the" {
			// "the association" → the named association nearest before
			if e := d.ents.nearest(pos, func(e *entity) bool {
				return !e.descriptor && e.typ == contract.SpeakerOrganization && strings.HasSuffix(strings.ToLower(e.name), " "+m.head)
			}); e != nil {
				return mk(e.name, e.typ)
			}
		}
		if companyHeads[m.head] && (m.det == "the" || m.det == "its") && len(strings.Fields(m.text)) == 1 {
			// "the company said" → the firm named before
			if e := d.ents.nearest(pos, func(e *entity) bool {
				return !e.descriptor && !e.media && e.typ == contract.SpeakerOrganization && e.firstPos < pos && isBusiness(e.name)
			}); e != nil && e.firstPos < pos {
				return mk(e.name, e.typ)
			}
		}
		if speakers.CollectiveSides[m.head] && m.nation != "" {
			if e := d.ents.nearest(pos, func(e *entity) bool {
				return e.descriptor && e.nation == m.nation && e.head == "delegation"
			}); e != nil {
				return mk(e.name, e.typ)
			}
		}
		if speakers.Titles[m.head] && (m.det == "the" || m.det == "this" || m.det == "that" || m.nation != "") {
			want := m.titles
			if e := d.ents.nearest(pos, func(e *entity) bool {
				if e.descriptor || e.typ != contract.SpeakerPerson {
					return false
				}
				if m.nation != "" && e.nation != "" && e.nation != m.nation {
					return false
				}
				for _, t := range want {
					if !e.titles[t] {
						return false
					}
				}
				return len(want) > 0
			}); e != nil {
				return mk(e.name, e.typ)
			}
			if len(strings.Fields(m.text)) == 1 {
				if e := d.ents.nearest(pos, func(e *entity) bool {
					return e.descriptor && e.head == m.head && len(strings.Fields(e.name)) > 1
				}); e != nil {
					return mk(e.name, e.typ)
				}
			}
		}
		if m.det == "the" && len(strings.Fields(m.text)) == 1 {
			// "the coordinator" after "a volunteer coordinator" spoke
			for k := len(d.claims) - 1; k >= 0 && k >= len(d.claims)-12; k-- {
				if sp := d.claims[k].Speaker; sp != nil && strings.HasSuffix(strings.ToLower(sp.Name), " "+m.head) {
					return mk(sp.Name, sp.Type)
				}
			}
		}
		return mk(m.text, descriptorType(m))
	}
	return nil
}

// companyHeads refer back to a named business ("the company said").
var companyHeads = map[string]bool{"company": true, "firm": true, "carrier": true, "airline": true,
	"retailer": true, "manufacturer": true, "lender": true, "insurer": true, "startup": true,
	"automaker": true, "carmaker": true, "group": true, "conglomerate": true, "operator": true}

// businessMarks name a company ("Brill Corp", "Halden Group").
var businessMarks = map[string]bool{"corp": true, "corporation": true, "inc": true, "ltd": true,
	"co": true, "plc": true, "llc": true, "group": true, "company": true, "holdings": true,
	"bank": true, "airlines": true, "airways": true, "motors": true, "technologies": true,
	"systems": true, "industries": true, "energy": true, "capital": true, "partners": true,
	"productions": true, "studios": true, "records": true, "entertainment": true, "pictures": true,
	"equities": true, "securities": true, "pharmaceuticals": true, "ventures": true, "investments": true}

func isBusiness(name string) bool {
	for _, w := range strings.Fields(strings.ToLower(name)) {
		if businessMarks[strings.Trim(w, ".,")] {
			return true
		}
	}
	return false
}

// resolvePronoun picks the speaker a pronoun points at: the speaker of a
// recent claim of the right kind, else the first fitting name in the
// nearest preceding sentences (subjects come first in news prose).
// sameSubjectPronoun resolves m through an earlier sentence whose subject is
// the same pronoun: in "He was photographed in the park. He told the BBC …"
// both are one person, not the park. The chain is followed back one sentence
// at a time (resolvePronoun on the earlier one), so it ends.
func (d *doc) sameSubjectPronoun(m mention, back int) *contract.Speaker {
	ts := d.sents[back].toks
	a, b, ok := mainSubject(ts, len(ts))
	if !ok || b != a+1 || ts[a].l != m.pron || ts[a].q >= 0 {
		return nil
	}
	prev := m
	prev.pos = ts[a].start
	return d.resolvePronoun(prev, back)
}

func (d *doc) resolvePronoun(m mention, si int) *contract.Speaker {
	person := m.pron == "he" || m.pron == "she"
	plural := m.pron == "they" || m.pron == "we"
	want := ""
	switch m.pron {
	case "he":
		want = "m"
	case "she":
		want = "f"
	}
	fits := func(typ, name string) bool {
		switch {
		case person:
			if g := d.gender(name); g != "" && want != "" && g != want {
				return false // "she" is not Mike Ford
			}
			return typ == contract.SpeakerPerson
		case plural:
			return typ == contract.SpeakerGroup || typ == contract.SpeakerAnonymous && strings.HasSuffix(name, "s") || typ == contract.SpeakerOrganization && strings.HasSuffix(name, "s")
		default:
			return typ == contract.SpeakerOrganization
		}
	}
	out := func(name, typ string) *contract.Speaker {
		return &contract.Speaker{Name: name, Mention: m.text, Type: typ, Key: d.ents.key(name)}
	}
	para := d.sents[si].para
	// nearest sentence first: its claims' speakers, then the first
	// fitting name in it (subjects come first in news prose)
	speakerIn := func(sent int) *contract.Speaker {
		for k := len(d.claims) - 1; k >= 0; k-- {
			c := d.claims[k]
			if c.sent < sent {
				break
			}
			if c.sent == sent && c.Speaker != nil && c.Speaker.Name != "" && c.Kind != contract.KindStatistic && fits(c.Speaker.Type, c.Speaker.Name) && c.Speaker.Mention != m.text {
				return c.Speaker
			}
		}
		return nil
	}
	// "The company posted a loss, it said": a pronoun after the clause
	// points back at that clause's subject
	if ts := d.sents[si].toks; len(ts) > 0 && m.pos > ts[0].start {
		if a, b, ok := mainSubject(ts, len(ts)); ok && ts[b-1].end <= m.pos && !pronouns[ts[a].l] {
			if sm := analyse(ts[a:b]); sm.pron == "" {
				if sp := d.resolve(sm, si); sp != nil && sp.Name != "" && fits(sp.Type, sp.Name) {
					return out(sp.Name, sp.Type)
				}
			}
		}
	}
	for back := si; back >= 0 && back >= si-2 && d.sents[back].para >= para-1; back-- {
		if sp := speakerIn(back); sp != nil {
			return out(sp.Name, sp.Type)
		}
		if back == si {
			continue
		}
		if sp := d.sameSubjectPronoun(m, back); sp != nil {
			return out(sp.Name, sp.Type)
		}
		if e := d.firstEntityIn(back, d.sents[back].end, fits, false); e != nil {
			e = d.party(e)
			return out(e.name, e.typ)
		}
	}
	for _, weakOK := range []bool{false, true} {
		for back := si; back >= 0 && back >= si-3; back-- {
			limit := d.sents[back].end
			if back == si {
				limit = m.pos
			}
			if best := d.firstEntityIn(back, limit, fits, weakOK); best != nil {
				best = d.party(best)
				return out(best.name, best.typ)
			}
		}
	}
	// the voice of the story: the latest fitting speaker of a claim in the
	// last few paragraphs, when the sentences just before name nobody
	// ("But she held on. “…,” she said.")
	// Only "he" and "she" with a known, matching gender: "they" and "it"
	// too often point at a new group the cast list has not typed.
	for k := len(d.claims) - 1; k >= 0 && want != ""; k-- {
		c := d.claims[k]
		if d.sents[c.sent].para < para-3 {
			break
		}
		if c.Speaker != nil && c.Speaker.Name != "" && c.Kind != contract.KindStatistic && c.Speaker.Type == contract.SpeakerPerson && d.gender(c.Speaker.Name) == want {
			return out(c.Speaker.Name, c.Speaker.Type)
		}
	}
	// "they" with no group in sight is the singular they of a named
	// speaker, or a company written as a plural ("Acme have denied it"):
	// the speaker of a claim, else the named subject, of the sentence just
	// before, in the same paragraph or the one before
	if plural && si > 0 && d.sents[si-1].para >= para-1 && !d.sents[si-1].headline {
		if sp := speakerIn(si - 1); sp == nil {
			if ts := d.sents[si-1].toks; len(ts) > 0 {
				if a, b, ok := mainSubject(ts, len(ts)); ok && !pronouns[ts[a].l] {
					if sm := analyse(ts[a:b]); sm.name != "" {
						if sp := d.resolve(sm, si-1); sp != nil && sp.Name != "" {
							return out(sp.Name, sp.Type)
						}
					}
				}
			}
		}
	}
	if plural && si > 0 {
		for k := len(d.claims) - 1; k >= 0; k-- {
			c := d.claims[k]
			if c.sent < si-1 {
				break
			}
			if c.Speaker != nil && c.Speaker.Name != "" && c.Kind != contract.KindStatistic && d.sents[c.sent].para >= para-1 {
				return out(c.Speaker.Name, c.Speaker.Type)
			}
		}
	}
	return &contract.Speaker{Name: "", Mention: m.text, Type: contract.SpeakerUnknown}
}

// firstEntityIn returns the first fitting entity mentioned in sentence si
// before limit.
func (d *doc) firstEntityIn(si, limit int, fits func(typ, name string) bool, weakOK bool) *entity {
	s := d.sents[si]
	var best *entity
	bestPos := limit
	for _, e := range d.ents.list {
		if !fits(e.typ, e.name) || e.weak && !weakOK {
			continue
		}
		for _, p := range e.positions {
			if p >= s.start && p < limit && p < bestPos {
				best, bestPos = e, p
			}
		}
	}
	return best
}

// party maps a descriptor of one side at talks ("Pakistani negotiators") to
// that side's delegation if the article names one.
func (d *doc) party(e *entity) *entity {
	if e == nil || !e.descriptor || e.nation == "" || e.head == "delegation" || !speakers.CollectiveSides[e.head] {
		return e
	}
	for _, o := range d.ents.list {
		if o.descriptor && o.nation == e.nation && o.head == "delegation" {
			return o
		}
	}
	return e
}

// gender guesses the gender of a person named in the article, from the
// titles seen with the name and its first name.
func (d *doc) gender(name string) string {
	var titles []string
	for _, e := range d.ents.list {
		if e.name == name {
			for t := range e.titles {
				titles = append(titles, t)
			}
			break
		}
	}
	return speakers.Gender(name, titles)
}
