package resolve

import (
	"strings"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
)

// Entity is someone or something that can speak in the article.
type Entity struct {
	Name       string
	Type       string
	Titles     map[string]bool
	Nation     string
	Media      bool
	Descriptor bool   // an unnamed party ("Qatari ambassador")
	Weak       bool   // an untitled capitalised name never seen speaking: maybe a place
	Head       string // a descriptor's head noun
	gender     string // "m" or "f" when an honorific or a given name marks it
	last       string // last word of the key, for short forms
	key        string
	keyLen     int
	positions  []int
}

// Cast is the article's parties.
type Cast struct {
	list []*Entity
	keys map[string]string
}

// NewCast returns an empty cast.
func NewCast() *Cast { return &Cast{keys: map[string]string{}} }

func (c *Cast) key(name string) string {
	if k, ok := c.keys[name]; ok {
		return k
	}
	k := contract.SpeakerKey(name)
	c.keys[name] = k
	return k
}

// Add records a mention of a named or described party; speaking says the
// mention is the source of a claim (a one-word name that speaks is a
// person or body, not a place). It returns the entity, nil when the
// mention names nobody the article could quote.
func (c *Cast) Add(m Mention, speaking bool) *Entity {
	if m.Name != "" {
		return c.addName(m, speaking)
	}
	// a description is a party of its own only with a modifier ("Qatari
	// ambassador"): that is what a later "the ambassador" resolves to
	if m.Head == "" || !lexicon.Tags(m.Head).Any(lexicon.Role|lexicon.Title) || !strings.Contains(m.Text, " ") {
		return nil
	}
	for _, e := range c.list {
		if e.Descriptor && strings.EqualFold(e.Name, m.Text) {
			c.note(e, m)
			return e
		}
	}
	e := &Entity{Name: m.Text, Type: DescriptorType(m), Descriptor: true, Head: m.Head, Nation: m.Nation, Titles: map[string]bool{}}
	c.note(e, m)
	c.list = append(c.list, e)
	return e
}

// Named returns the person or party a name mention is of, the same name
// or a short form of it, without recording the mention; nil when the cast
// has none.
func (c *Cast) Named(m Mention) *Entity {
	key := c.key(m.Name)
	if key == "" {
		return nil
	}
	last := key[strings.LastIndexByte(key, ' ')+1:]
	for _, e := range c.list {
		if !e.Descriptor && (e.key == key || e.Type == contract.SpeakerPerson && last == key && e.last == last) && !c.fusedRun(e, key) {
			return e
		}
	}
	return nil
}

// fusedRun reports whether a weak entity is a run of capitals that ends
// in the full name of another party of the cast ("Kowal Calls Jane Holt"
// of a title-case headline), which a surname alone (key) does not stand
// for: the full name it ends in does.
func (c *Cast) fusedRun(e *Entity, key string) bool {
	if !e.Weak || e.key == key || strings.Contains(key, " ") {
		return false
	}
	for _, f := range c.list {
		if f != e && !f.Descriptor && f.keyLen >= 2 && f.keyLen < e.keyLen && strings.HasSuffix(e.key, " "+f.key) && f.last == key {
			return true
		}
	}
	return false
}

func (c *Cast) addName(m Mention, speaking bool) *Entity {
	// a news agency by its initials or its full name is one party
	if full := lexicon.AgencyName(m.Name); full != "" {
		m.Name = full
	}
	key := c.key(m.Name)
	if key == "" {
		return nil
	}
	toks := strings.Fields(key)
	last := toks[len(toks)-1]
	for _, e := range c.list {
		// (the same full name is the same person whatever a given-name
		// guess said: "Terry Lane" and "widow Terry Lane")
		// (a surname alone is not a headline's run of names ending in the
		// full name it belongs to)
		if e.Descriptor || e.key != key && !gendersAgree(e.gender, mentionGender(m)) || c.fusedRun(e, key) {
			continue
		}
		// the same name, or a short form of a person's name ("Lima" for
		// "Ana Lima"), or the full form of a short name seen first
		if e.key == key || e.Type == contract.SpeakerPerson && (len(toks) == 1 && e.last == last || e.keyLen == 1 && strings.HasSuffix(key, " "+e.key)) {
			if len(toks) > e.keyLen {
				e.Name, e.key, e.keyLen = m.Name, key, len(toks)
			}
			if speaking || len(m.Titles) > 0 {
				e.Weak = false
			}
			if speaking && e.Type == contract.SpeakerUnknown {
				e.Type = contract.SpeakerPerson
			}
			c.note(e, m)
			return e
		}
	}
	typ, media := MentionType(m)
	if typ == contract.SpeakerUnknown && !speaking {
		return nil
	}
	if typ == contract.SpeakerUnknown {
		typ = contract.SpeakerPerson // a one-word name that speaks: "Harper said"
		if m.Det == "the" {
			typ = contract.SpeakerOrganization // "the Pentagon said"
		}
		// (not "-ers": many surnames end so — Sanders, Rogers, Waters —
		// and the common agent nouns in "-ers" are roles in the lexicon)
		for _, suf := range []string{"ists", "ians", "ants", "ents", "ors"} {
			if strings.HasSuffix(strings.ToLower(m.Name), suf) {
				typ = contract.SpeakerGroup // "Economists warned"
			}
		}
	}
	// untitled multi-word capitalised runs are often places or events:
	// they stay weak candidates for pronouns until someone speaks
	weak := typ == contract.SpeakerPerson && len(m.Titles) == 0 && !speaking
	e := &Entity{Name: m.Name, Type: typ, Media: media, Titles: map[string]bool{}, last: last, key: key, keyLen: len(toks), Weak: weak}
	c.note(e, m)
	c.list = append(c.list, e)
	return e
}

func (c *Cast) note(e *Entity, m Mention) {
	for _, t := range m.Titles {
		e.Titles[t] = true
		for _, a := range titleAliases[t] {
			e.Titles[a] = true // "CM" is also "chief minister"
		}
	}
	if e.Nation == "" {
		e.Nation = m.Nation
	}
	// (a stated gender outranks one guessed from the given name)
	if g := explicitGender(m); g != "" && !e.Descriptor {
		e.gender = g
	} else if e.gender == "" && !e.Descriptor {
		e.gender = mentionGender(m)
	}
	e.positions = append(e.positions, m.Pos)
}

// genderOf returns the gender of the party named name: its given name's,
// or the one an honorific marked on a mention of it ("Mrs. Lima").
func (c *Cast) genderOf(name string) string {
	// (what the article calls the person outranks the given-name list,
	// which only guesses: "widow Terry Lane" is a woman)
	for _, e := range c.list {
		if e.Name == name {
			if e.Descriptor {
				return lexicon.NounGender(e.Head)
			}
			if e.gender != "" {
				return e.gender
			}
			break
		}
	}
	if g := Gender(name); g != "" {
		return g
	}
	// a given name alone names a person the article calls by it
	// ("Melanie said"): its gender, as with a surname after it
	if name != "" && !strings.ContainsAny(name, " .") {
		if g := lexicon.Gender(strings.ToLower(name)); g != "" {
			return g
		}
	}
	// a description left as the speaker's name ("mother of three"): the
	// gender its head marks
	if name != "" && name[0] >= 'a' && name[0] <= 'z' {
		return lexicon.NounGender(strings.ToLower(name[strings.LastIndexByte(name, ' ')+1:]))
	}
	return ""
}

// learnGender records gender g for the person named name when nothing
// in the article or the given-name list marked one.
func (c *Cast) learnGender(name, g string) {
	for _, e := range c.list {
		if e.Name == name && !e.Descriptor && e.Type == contract.SpeakerPerson {
			if e.gender == "" && Gender(name) == "" {
				e.gender = g
			}
			return
		}
	}
}

// mentionGender is the gender a named mention marks: by its honorific
// ("Mr. Lima") or its given name ("Ana Lima"); "" when neither does.
func mentionGender(m Mention) string {
	if g := explicitGender(m); g != "" {
		return g
	}
	return Gender(m.Name)
}

// explicitGender is the gender a mention's words state: an honorific
// ("Mrs. Lima") or a gendered noun among its titles ("widow Terry Lane",
// "actress Jordan Blake", where the given name alone may be either).
func explicitGender(m Mention) string {
	for _, t := range m.Titles {
		if g := lexicon.HonorificGender(t); g != "" {
			return g
		}
	}
	for _, t := range m.Titles {
		if g := lexicon.NounGender(t); g != "" {
			return g
		}
	}
	return ""
}

// gendersAgree: a mention of one gender is not a short or long form of a
// name of the other ("Mr. Lima" is not Ana Lima); unknown agrees with all.
func gendersAgree(a, b string) bool { return a == "" || b == "" || a == b }

// Entities returns the cast in the order parties were first added.
func (c *Cast) Entities() []*Entity { return c.list }

// MentionType is the type of a named mention, and whether it is a medium.
// A name that would be a person's is an organisation after "the" ("the
// Wrap reported", "the United Nations"): people's names do not take the
// article, organisations' often do.
func MentionType(m Mention) (string, bool) {
	typ, media := NameType(m.Name, len(m.Titles) > 0)
	if typ == contract.SpeakerPerson && m.Det == "the" && len(m.Titles) == 0 {
		return contract.SpeakerOrganization, media
	}
	return typ, media
}

// NameType types a capitalised name: an outlet, a body, a person, or
// unknown for a single untitled word.
func NameType(name string, titled bool) (string, bool) {
	if IsMediaName(name) {
		return contract.SpeakerOrganization, true
	}
	ws := strings.Fields(name)
	for _, w := range ws {
		t := lexicon.Tags(strings.Trim(strings.ToLower(w), ".,"))
		if t.Any(lexicon.OrgWord | lexicon.Country | lexicon.Capital) {
			return contract.SpeakerOrganization, false
		}
	}
	if len(ws) == 1 && strings.ToUpper(name) == name && len([]rune(name)) > 1 {
		return contract.SpeakerOrganization, false // an acronym: UN, NATO
	}
	if strings.Contains(name, " & ") || IsBusiness(name) {
		return contract.SpeakerOrganization, false
	}
	if len(ws) > 1 {
		// a modified acronym: "Chinese CDC"
		if last := strings.Trim(ws[len(ws)-1], ".,"); len(last) > 2 && strings.ToUpper(last) == last && strings.ToLower(last) != last {
			return contract.SpeakerOrganization, false
		}
	}
	if titled || len(ws) >= 2 {
		return contract.SpeakerPerson, false
	}
	return contract.SpeakerUnknown, false
}

// IsMediaName reports whether a capitalised name is a news outlet or
// platform: a known name, a news site's domain, or a name with a media
// word ("Harbour Times", "Radio Kestrel").
func IsMediaName(name string) bool {
	f := strings.Fields(strings.ToLower(name))
	if len(f) == 0 {
		return false
	}
	if lexicon.AgencyName(name) != "" {
		return true // "Agence France-Presse"
	}
	if len(f) == 1 {
		if i := strings.LastIndexByte(f[0], '.'); i > 0 {
			switch f[0][i+1:] {
			case "com", "net", "org", "pk", "in", "uk", "af", "tv", "news", "co":
				return true // a news site: "Herald.com"
			}
		}
		return lexicon.Tags(f[0]).Any(lexicon.Media | lexicon.Platform)
	}
	if lexicon.Tags(f[0]).Has(lexicon.Media) {
		return true
	}
	switch f[0] {
	case "radio", "tv", "channel", "television":
		return true
	}
	last := lexicon.Tags(f[len(f)-1])
	return last.Has(lexicon.MediaHead) && !last.Any(lexicon.Title|lexicon.Role)
}

// IsBusiness reports whether a name carries a company mark.
func IsBusiness(name string) bool {
	for _, w := range strings.Fields(strings.ToLower(name)) {
		if lexicon.CompanyMark(strings.Trim(w, ".,")) {
			return true
		}
	}
	return false
}

// DescriptorType types an unnamed party by its head noun and determiner.
func DescriptorType(m Mention) string {
	h := lexicon.Tags(m.Head)
	indefinite := m.Det == "a" || m.Det == "an" || m.Det == "one" || m.Det == "some" || m.Det == "several" || m.Det == "two" || m.Det == "three"
	switch {
	case m.Part:
		return contract.SpeakerAnonymous // "one of the organisers", "those close to her"
	case h.Has(lexicon.Anonymous) && (indefinite || m.Det == "" && (m.Head == "sources" || m.Head == "source")):
		return contract.SpeakerAnonymous
	case h.Has(lexicon.StatementNoun) && !h.Has(lexicon.MediaRef):
		return contract.SpeakerUnknown // a document: "the statement", "the letter"
	case m.Head == "report" || m.Head == "reports":
		return contract.SpeakerUnknown
	case h.Has(lexicon.MediaRef):
		return contract.SpeakerOrganization // "the newspaper said"
	case h.Has(lexicon.OrgWord) || m.Head == "police" || m.Head == "authorities" || m.Head == "military":
		return contract.SpeakerOrganization
	case lexicon.PluralNoun(m.Head) && h.Any(lexicon.Role|lexicon.Profession|lexicon.Anonymous), h.Has(lexicon.Collective):
		return contract.SpeakerGroup
	case h.Any(lexicon.Role | lexicon.Title | lexicon.Profession):
		return contract.SpeakerPerson
	case strings.HasSuffix(m.Head, "-year-old"):
		return contract.SpeakerPerson
	case strings.HasSuffix(m.Head, "s"):
		return contract.SpeakerGroup
	}
	return contract.SpeakerUnknown
}
