package resolve

import (
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/extractor/internal/doc"
)

func tokens(s string) []doc.Token { return doc.Tokenize(s, 0, len(s)) }

func TestAnalyse(t *testing.T) {
	cases := []struct {
		phrase string
		name   string
		titles string
		nation string
		head   string
		pron   string
	}{
		{"Ruritania's Defence Minister Ana Lima", "Ana Lima", "defence minister", "ruritania", "", ""},
		{"the Qatari ambassador", "", "ambassador", "qatar", "ambassador", ""},
		{"the Ruritanian negotiators", "", "", "ruritanian", "negotiators", ""}, // a demonym we do not list
		{"the Fennbridge actor", "", "", "", "actor", ""},                       // a place, a film or a firm: no nation
		{"the Lowmoor singer", "", "", "", "singer", ""},
		{"the Lowmoor senator", "", "lowmoor senator", "lowmoor", "senator", ""}, // an office's seat scopes it
		{"Mayor-elect Ana Lima", "Ana Lima", "mayor", "", "", ""},
		{"Leader of the Opposition Ana Lima", "Ana Lima", "leader of the opposition", "", "", ""},
		{"Senate DyL Ana Lima", "Ana Lima", "senate dyl", "", "", ""},
		{"Minister for Science, Energy and Transport Ana Lima", "Ana Lima", "", "", "", ""},
		{"the Minister of Health and Wellness", "", "", "", "minister", ""},                 // the complement is no name
		{"the Minister for Ports, Fisheries and Inland Waters", "", "", "", "minister", ""}, // nor its last item
		{"Minister of Ports, Fisheries and Inland Waters Ana Lima", "Ana Lima", "", "", "", ""},
		{"a spokeswoman for Brill Corp.", "Brill Corp", "spokeswoman for", "", "", ""},
		{"sources close to the board", "", "", "", "sources", ""},
		{"divers involved in the search", "", "", "", "divers", ""},
		{"clerks knowledgeable about the ledgers", "", "", "", "clerks", ""},
		{"voters interviewed by the gazette", "", "", "", "voters", ""},
		{"residents living near the quay", "", "", "", "residents", ""},
		{"him", "", "", "", "", "he"},
		{"the Hurricane Centre in Marlow", "Hurricane Centre", "", "", "", ""},
		{"European Ports Council", "European Ports Council", "", "", "", ""},
		{"a statement from the Harbour Board", "Harbour Board", "", "", "", ""},
		{"Lima's remarks", "Lima", "", "", "", ""},
		{"Democrat Ana Lima", "Ana Lima", "democrat", "", "", ""},
		{"Pollster Ana Lima", "Ana Lima", "", "", "", ""},
		{"the Prime Minister's Office", "Prime Minister's Office", "", "", "", ""},
		{"the Marlow-based Flood Forecast Centre", "Flood Forecast Centre", "", "", "", ""},
		{"the Marlow County and Sessions Judge Ana Lima", "Ana Lima", "", "", "", ""}, // one judge of county and sessions
		{"Ana Lima and Sessions Judge Bo Tenner", "Ana Lima", "", "", "", ""},         // two people: the first
		{"Mr. King", "King", "mr", "", "", ""},                                        // a surname that is a title word
		{"Ms Bishop", "Bishop", "ms", "", "", ""},
		{"the Harbour Board and Mayor Bo Tenner", "Harbour Board", "", "", "", ""},   // a body and a person: the first
		{"the Ports and Harbours Board", "Ports and Harbours Board", "", "", "", ""}, // two fields of one body
		{"the federal Ferries and Canals Authority", "Ferries and Canals Authority", "", "", "", ""},
		{"Lima and Harbour Board staff", "Lima", "", "", "", ""},                   // a person and a body's staff
		{"Senator Ana Lima of Lowmoor", "Ana Lima", "senator lowmoor", "", "", ""}, // where she is from scopes her
		{"Mark Pell of the Marlow Institute", "Mark Pell", "", "", "", ""},
		{"Brill Chamber of Commerce", "Brill Chamber of Commerce", "", "", "", ""}, // no given name: one name
		{"the Bank of Lowmoor", "Bank of Lowmoor", "", "", "", ""},                 // one name
	}
	for _, c := range cases {
		t.Run(c.phrase, func(t *testing.T) {
			m := Analyse(tokens(c.phrase))
			if m.Name != c.name || m.Nation != c.nation || m.Head != c.head || m.Pron != c.pron {
				t.Fatalf("Analyse = %+v", m)
			}
			if c.titles != "" && strings.Join(m.Titles, " ") != c.titles {
				t.Fatalf("titles %q, want %q", m.Titles, c.titles)
			}
		})
	}
}

func TestNameType(t *testing.T) {
	cases := []struct {
		name  string
		typ   string
		media bool
	}{
		{"Ana Lima", contract.SpeakerPerson, false},
		{"Harbour Times", contract.SpeakerOrganization, true},
		{"Radio Kestrel", contract.SpeakerOrganization, true},
		{"Ministry of Transport", contract.SpeakerOrganization, false},
		{"NATO", contract.SpeakerOrganization, false},
		{"Brick & Mortar", contract.SpeakerOrganization, false},
		{"Harper", contract.SpeakerUnknown, false},
	}
	for _, c := range cases {
		if typ, media := NameType(c.name, false); typ != c.typ || media != c.media {
			t.Errorf("NameType(%q) = %s, %v; want %s, %v", c.name, typ, media, c.typ, c.media)
		}
	}
}

// resolveIn resolves the first occurrence of phrase in the sentence of
// text that contains it, after adding every earlier capitalised name and
// the given claims to the cast.
func resolveIn(t *testing.T, text, phrase string, names []string, said map[int]string) *contract.Speaker {
	t.Helper()
	d := doc.Parse(text)
	r := &Resolver{Cast: NewCast(), Doc: d, Subjects: make([]Mention, len(d.Sents))}
	for _, n := range names {
		i := strings.Index(text, n)
		if i < 0 {
			t.Fatalf("%q not in text", n)
		}
		m := Analyse(doc.Tokenize(text, i, i+len(n)))
		r.Cast.Add(m, false)
	}
	for si, name := range said {
		m := Analyse(tokens(name))
		r.Said = append(r.Said, Said{Sent: si, Speaker: r.Resolve(m, si)})
	}
	at := strings.Index(text, phrase)
	for si, s := range d.Sents {
		// subjects: the first token run of each sentence that is in names
		for _, n := range names {
			if strings.HasPrefix(d.SentText(si), n) {
				r.Subjects[si] = Analyse(doc.Tokenize(text, s.Start, s.Start+len(n)))
			}
		}
		if at >= s.Start && at < s.End {
			return r.Resolve(Analyse(doc.Tokenize(text, at, at+len(phrase))), si)
		}
	}
	t.Fatalf("%q not in any sentence", phrase)
	return nil
}

func TestResolve(t *testing.T) {
	cases := []struct {
		name   string
		text   string
		names  []string
		said   map[int]string
		phrase string
		want   string
	}{
		{"surname", "Transport Minister Ana Lima visited the port. Lima said it would reopen.",
			[]string{"Transport Minister Ana Lima"}, nil, "Lima", "Ana Lima"},
		{"title", "Transport Minister Ana Lima visited the port. The minister said it would reopen.",
			[]string{"Transport Minister Ana Lima"}, nil, "The minister", "Ana Lima"},
		{"abbreviated title without article", "Chief Minister Ana Lima visited the port. CM said it would reopen.",
			[]string{"Chief Minister Ana Lima"}, nil, "CM", "Ana Lima"},
		{"pronoun after a speaker", "Ana Lima spoke first. She said the port would reopen.",
			[]string{"Ana Lima"}, map[int]string{0: "Ana Lima"}, "She", "Ana Lima"},
		{"pronoun skips a man for she", "Mary Holt met Tom Reyes. She said the port would reopen.",
			[]string{"Mary Holt", "Tom Reyes"}, nil, "She", "Mary Holt"},
		{"object pronoun", "Ana Lima spoke first. According to her, the port would reopen.",
			[]string{"Ana Lima"}, map[int]string{0: "Ana Lima"}, "her", "Ana Lima"},
		{"the voice of the passage", "Ana Lima spoke for an hour. The crowd cheered. The 34-year-old said the port would reopen.",
			[]string{"Ana Lima"}, map[int]string{0: "Ana Lima"}, "The 34-year-old", "Ana Lima"},
		{"an outlet referred back", "Harbour Times reported the closure. The newspaper said it would last a week.",
			[]string{"Harbour Times"}, nil, "The newspaper", "Harbour Times"},
		{"an unnamed source stays one", "The port closed. A senior official said it would reopen.",
			nil, nil, "A senior official", "senior official"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sp := resolveIn(t, c.text, c.phrase, c.names, c.said)
			if sp == nil || sp.Name != c.want {
				t.Fatalf("resolved to %+v, want %q", sp, c.want)
			}
			if sp.Key != contract.SpeakerKey(sp.Name) {
				t.Fatalf("key %q is not the name's key", sp.Key)
			}
		})
	}
}

// TestAnalyseDropsClosingPossessive: a source phrase cut before what its
// owner said ("one of the warden’s remarks") names the owner, whose name
// or description carries no possessive ending.
func TestAnalyseDropsClosingPossessive(t *testing.T) {
	cases := []struct{ phrase, text, name, head string }{
		{"the warden’s", "warden", "", "warden"},
		{"the harbour master's", "harbour master", "", "master"},
		{"Ana Lima’s", "Ana Lima", "Ana Lima", ""},
		{"the Prime Minister's Office", "Prime Minister's Office", "Prime Minister's Office", ""},
	}
	for _, c := range cases {
		t.Run(c.phrase, func(t *testing.T) {
			m := Analyse(tokens(c.phrase))
			if m.Text != c.text || m.Name != c.name || m.Head != c.head {
				t.Fatalf("Analyse = %+v, want text %q name %q head %q", m, c.text, c.name, c.head)
			}
		})
	}
}

// Two mentions are one person only when an honorific and a given name do
// not mark different genders: a surname alone does not join a husband and
// wife, or a father and daughter.
func TestCastGenderKeepsNamesApart(t *testing.T) {
	cases := []struct {
		name     string
		mentions []string // added in order, as sources
		last     string   // the entity the last mention resolves to
	}{
		{"honorific before the full name", []string{"Mr. Lindqvist", "Maria Lindqvist", "Mr. Lindqvist"}, "Lindqvist"},
		{"full name before the honorific", []string{"Carlos Ferreira", "Maria Ferreira", "Mrs. Ferreira"}, "Maria Ferreira"},
		{"agreeing honorific", []string{"Maria Ferreira", "Ms. Ferreira"}, "Maria Ferreira"},
		{"no gender marked", []string{"Maria Ferreira", "Ferreira"}, "Maria Ferreira"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cast := NewCast()
			var e *Entity
			for _, m := range c.mentions {
				e = cast.Add(Analyse(tokens(m)), true)
			}
			if e == nil || e.Name != c.last {
				t.Fatalf("last mention resolves to %+v, want %q", e, c.last)
			}
		})
	}
}

// A pronoun does not stand for a party an honorific marks as the other
// gender.
func TestPronounFitsHonorificGender(t *testing.T) {
	cast := NewCast()
	cast.Add(Analyse(tokens("Mrs. Ferreira")), true)
	if pronounFits("he", cast.genderOf)(contract.SpeakerPerson, "Ferreira") {
		t.Error("he fits Mrs. Ferreira")
	}
	if !pronounFits("she", cast.genderOf)(contract.SpeakerPerson, "Ferreira") {
		t.Error("she does not fit Mrs. Ferreira")
	}
}

// A one-word name ending like a plural agent noun is a surname when it
// speaks: "Sanders said" is a person, whom "he" can stand for.
func TestSurnameLikePluralIsAPerson(t *testing.T) {
	cast := NewCast()
	e := cast.Add(Analyse(tokens("Rodgers")), true)
	if e == nil || e.Type != contract.SpeakerPerson {
		t.Fatalf("Rodgers = %+v, want a person", e)
	}
}

func TestPronounFitsNumber(t *testing.T) {
	none := func(string) string { return "" }
	cases := []struct {
		pron, typ, name string
		want            bool
	}{
		{"they", contract.SpeakerOrganization, "Harbour Pilots", true},
		{"they", contract.SpeakerOrganization, "Marlow Press", false}, // one body, not a plural
		{"they", contract.SpeakerOrganization, "Kestrel Business", false},
		{"they", contract.SpeakerGroup, "dockers", true},
		{"it", contract.SpeakerOrganization, "Marlow Press", true},
	}
	for _, c := range cases {
		if got := pronounFits(c.pron, none)(c.typ, c.name); got != c.want {
			t.Errorf("pronounFits(%q)(%s, %q) = %v, want %v", c.pron, c.typ, c.name, got, c.want)
		}
	}
}

func TestDescriptorType(t *testing.T) {
	cases := []struct {
		phrase, typ string
	}{
		{"the mayor", contract.SpeakerPerson},
		{"the dockers", contract.SpeakerGroup},
		{"people", contract.SpeakerGroup}, // a plural without -s
		{"the women", contract.SpeakerGroup},
		{"the crew", contract.SpeakerGroup},
		{"an official", contract.SpeakerAnonymous},
	}
	for _, c := range cases {
		if got := DescriptorType(Analyse(tokens(c.phrase))); got != c.typ {
			t.Errorf("DescriptorType(%q) = %s, want %s", c.phrase, got, c.typ)
		}
	}
}
