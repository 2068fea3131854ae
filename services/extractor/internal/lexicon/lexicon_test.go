package lexicon

import "testing"

func TestCueForms(t *testing.T) {
	cases := []struct {
		word  string
		lemma string
		class Class
		form  Form
		noun  bool
	}{
		{"said", "say", Speech, Past, false},
		{"says", "say", Speech, Third, false},
		{"saying", "say", Speech, Participle, false},
		{"told", "tell", Speech, Past, false},
		{"denies", "deny", Stance, Third, false},
		{"denied", "deny", Stance, Past, false},
		{"claims", "claim", Stance, Third, true},
		{"claimed", "claim", Stance, Past, false},
		{"accused", "accuse", Action, Past, false},
		{"vowed", "vow", Promise, Past, false},
		{"described", "describe", Naming, Past, false},
		{"admitted", "admit", Stance, Past, false},
		{"stressed", "stress", Stance, Past, false},
		{"wrote", "write", Speech, Past, false},
	}
	for _, c := range cases {
		t.Run(c.word, func(t *testing.T) {
			cu, ok := CueOf(c.word)
			if !ok {
				t.Fatalf("%q is not a cue", c.word)
			}
			if cu.Lemma != c.lemma || cu.Class != c.class || cu.Form != c.form || cu.Noun != c.noun {
				t.Fatalf("CueOf(%q) = %+v", c.word, cu)
			}
			if !Tags(c.word).Has(CueWord) {
				t.Fatalf("%q lacks the CueWord tag", c.word)
			}
		})
	}
	if _, ok := CueOf("table"); ok {
		t.Fatal("table is not a cue")
	}
}

func TestTags(t *testing.T) {
	cases := []struct {
		word string
		tag  Tag
	}{
		{"minister", Title}, {"spokeswoman", Title | Role}, {"officials", Role | Anonymous},
		{"reuters", Media}, {"tuesday", Time}, {"moments", Time}, {"he", Pronoun}, {"the", Determiner | Opener},
		{"has", Aux}, {"reportedly", Adverb}, {"ministry", OrgWord}, {"times", MediaHead},
		{"pakistani", Nationality}, {"statement", StatementNoun}, {"of", Prep | Connector},
	}
	for _, c := range cases {
		if !Tags(c.word).Has(c.tag) {
			t.Errorf("Tags(%q) = %b, want %b", c.word, Tags(c.word), c.tag)
		}
	}
}

func TestPlaces(t *testing.T) {
	for in, want := range map[string]string{"pakistani": "pakistan", "afghan": "afghanistan",
		"pakistan’s": "pakistan", "qatari": "qatar", "jamaican": "jamaica", "minister": ""} {
		if got := Nation(in); got != want {
			t.Errorf("Nation(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGender(t *testing.T) {
	for in, want := range map[string]string{"mary": "f", "mike": "m", "taylor": "", "zorblat": ""} {
		if got := Gender(in); got != want {
			t.Errorf("Gender(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPhrasesLongestFirst(t *testing.T) {
	ps := Phrases()
	if len(ps) == 0 {
		t.Fatal("no phrases")
	}
	for i := 1; i < len(ps); i++ {
		if len(ps[i].Words) > len(ps[i-1].Words) {
			t.Fatalf("phrase %v after shorter %v", ps[i].Words, ps[i-1].Words)
		}
	}
}

func TestAddress(t *testing.T) {
	cases := []struct {
		word string
		c    AddressClass
		want bool
	}{
		{"listen", CallsAttention, true}, {"you", FirstSecond, true}, {"we", FirstSecond, true},
		{"they", FirstSecond, false}, {"said", CallsAttention, false},
	}
	for _, c := range cases {
		if got := Address(c.word, c.c); got != c.want {
			t.Errorf("Address(%q, %d) = %v, want %v", c.word, c.c, got, c.want)
		}
	}
}

func TestMediaKinds(t *testing.T) {
	cases := []struct{ word, ref, name string }{
		{"network", "broadcast", "broadcast"}, {"newspaper", "print", ""}, {"times", "", "print"},
		{"agency", "wire", "wire"}, {"outlet", "", ""}, {"news", "", ""},
	}
	for _, c := range cases {
		if ref, name := MediaRefKind(c.word), MediaNameKind(c.word); ref != c.ref || name != c.name {
			t.Errorf("%s: ref %q name %q, want %q %q", c.word, ref, name, c.ref, c.name)
		}
	}
}

func TestCompanies(t *testing.T) {
	for _, c := range []struct {
		mark, head string
		fits       bool
	}{
		{"holdings", "lender", true},    // a mark of no trade fits every head
		{"bank", "lender", true},        // a trade's own head
		{"bank", "firm", true},          // a head of any trade
		{"motors", "carrier", false},    // another trade's head
		{"securities", "bank", false},   // a trade no head names
		{"securities", "company", true}, // … still a company
		{"harbour", "company", false},   // not a company mark
	} {
		if got := MarkFits(c.mark, c.head); got != c.fits {
			t.Errorf("MarkFits(%q, %q) = %v, want %v", c.mark, c.head, got, c.fits)
		}
	}
	for w, want := range map[string]bool{"retailer": true, "carmaker": true, "operator": true, "mayor": false} {
		if CompanyHead(w) != want {
			t.Errorf("CompanyHead(%q) = %v", w, !want)
		}
	}
	if !CompanyMark("plc") || CompanyMark("harbour") {
		t.Error("CompanyMark: plc is a company mark, harbour is not")
	}
}

func TestAgencyName(t *testing.T) {
	cases := []struct{ name, want string }{
		{"AP", "Associated Press"},
		{"the Associated Press", "Associated Press"},
		{"AP's", "Associated Press"},
		{"AFP", "AFP"},                      // written by its initials in running text
		{"Agence France Presse", "AFP"},     // so its full name is keyed to them
		{"the Press Trust of India", "PTI"}, // likewise
		{"DPA", "dpa"},
		{"IANS", "IANS"},
		{"Reuters", ""},    // no initials to expand
		{"AP Police", ""},  // an agency's initials inside another name
		{"the press", ""},  // a description, not the agency
		{"Ap Tran", ""},    // a person
		{"Associated", ""}, // part of a name
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := AgencyName(c.name); got != c.want {
				t.Fatalf("AgencyName(%q) = %q, want %q", c.name, got, c.want)
			}
		})
	}
}

func TestNounGender(t *testing.T) {
	cases := map[string]string{
		"mother": "f", "congresswoman": "f", "chairwoman": "f", "actress": "f",
		"father": "m", "spokesman": "m", "businessman": "m", "assemblyman": "m",
		"senator": "", "spokesperson": "", "human": "", "german": "", "official": "",
	}
	for w, want := range cases {
		if got := NounGender(w); got != want {
			t.Errorf("NounGender(%q) = %q, want %q", w, got, want)
		}
	}
}

// TestUnspokenObjects checks that every lemma of words/unspoken_objects.txt
// is a cue lemma (a misspelt one would silently select nothing) and reads
// a few entries both ways.
func TestUnspokenObjects(t *testing.T) {
	for lemma := range unspokenObjects {
		if cu, ok := CueOf(lemma); !ok || cu.Lemma != lemma {
			t.Errorf("%q in unspoken_objects.txt is not a cue lemma", lemma)
		}
	}
	cases := []struct {
		lemma, noun string
		want        bool
	}{
		{"claim", "lives", true},
		{"maintain", "lead", true},
		{"post", "loss", true},
		{"claim", "fraud", false}, // "claimed fraud" still says something
		{"say", "lives", false},   // only the listed verbs have another sense
	}
	for _, c := range cases {
		if got := UnspokenObject(c.lemma, c.noun); got != c.want {
			t.Errorf("UnspokenObject(%q, %q) = %v, want %v", c.lemma, c.noun, got, c.want)
		}
	}
}

func TestReplyOpener(t *testing.T) {
	cases := []struct {
		text string
		want bool
	}{
		{"you're right, the ferry should run at night", true},
		{"good question. we have not decided", true},
		{"thank you for asking. the pier reopens monday", true},
		{"you're going to see lower fares", false}, // "you're" alone answers no one
		{"the right thing is to wait", false},
		{"", false},
	}
	for _, c := range cases {
		if got := ReplyOpener(c.text); got != c.want {
			t.Errorf("ReplyOpener(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
