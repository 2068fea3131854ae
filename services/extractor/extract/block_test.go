package extract

import (
	"testing"

	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
)

func TestBlockQuotation(t *testing.T) {
	cases := []struct {
		name   string
		text   string
		quotes []string // the quote claims expected, in order; nil: none
		rule   string
	}{
		{"a first-person paragraph after a reported claim is the speaker's",
			"Harbour master Tomas Ekdahl told the council the port would reopen within a month.\n\n" +
				"We have cleared the wrecks from both channels, and I expect the first ferries to dock before the end of April.\n\n" +
				"The council will vote on the repair budget next week.",
			[]string{"We have cleared the wrecks from both channels, and I expect the first ferries to dock before the end of April."}, "quote-block"},
		{"its own 'I' makes no claim of another speaker",
			"Harbour master Tomas Ekdahl told the council the port would reopen within a month.\n\n" +
				"I told Councillor Brandt last week that the harbour will not close again while I am in charge of it.",
			[]string{"I told Councillor Brandt last week that the harbour will not close again while I am in charge of it."}, "quote-block"},
		{"a narrator in the first person: no paragraph is a quotation",
			"Harbour master Tomas Ekdahl told the council the port would reopen within a month.\n\n" +
				"We have heard such promises before, and I doubt the ferries will dock before the summer.\n\n" +
				"Last spring I walked the empty quay with my daughter, and we counted the rusting hulls together.",
			nil, ""},
		{"a paragraph speaking to 'you' after a reported claim is the speaker's",
			"Harbour master Tomas Ekdahl told the council the port would reopen within a month.\n\n" +
				"Every boat that waited out the winter in your bay gets its berth back by May.",
			[]string{"Every boat that waited out the winter in your bay gets its berth back by May."}, "quote-block"},
		{"an explainer talking to its reader: no paragraph is a quotation",
			"Harbour master Tomas Ekdahl told the council the port would reopen within a month.\n\n" +
				"If you hold a berth permit, you can renew it at the harbour office from Monday.\n\n" +
				"Your old permit stays valid until the end of the month, and you will not pay the fee twice.",
			nil, ""},
		{"a first-person paragraph that follows no claim is the narrator's",
			"The port has been closed since the winter storms.\n\n" +
				"We have waited long enough, and our town deserves better than another season of empty berths.",
			nil, ""},
		{"a first-person paragraph with quotation marks: the narrator quotes someone",
			"Harbour master Tomas Ekdahl told the council the port would reopen within a month.\n\n" +
				"When I asked him about the budget, he said “the money is there” and walked off to the quay.",
			[]string{"the money is there"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			var got []string
			for _, cl := range cs.Claims {
				if c.rule != "" && cl.Speaker != nil && cl.Speaker.Name != "Tomas Ekdahl" {
					t.Errorf("%s claim %q: speaker %q, want only Tomas Ekdahl", cl.Kind, cl.Text, cl.Speaker.Name)
				}
				if cl.Kind != "quote" {
					continue
				}
				got = append(got, cl.Text)
				if c.rule != "" && cl.Rule != c.rule {
					t.Errorf("%q: rule %q, want %q", cl.Text, cl.Rule, c.rule)
				}
				if c.rule != "" && (cl.Speaker == nil || cl.Speaker.Name != "Tomas Ekdahl") {
					t.Errorf("%q: speaker %+v, want Tomas Ekdahl", cl.Text, cl.Speaker)
				}
			}
			if len(got) != len(c.quotes) {
				t.Fatalf("quotes %q, want %q; claims: %s", got, c.quotes, dump(cs))
			}
			for i := range got {
				if got[i] != c.quotes[i] {
					t.Errorf("quote %d %q, want %q", i, got[i], c.quotes[i])
				}
			}
		})
	}
}

func TestSpeakerPerson(t *testing.T) {
	for w, want := range map[string]bool{"I": true, "We": true, "our": true, "Us": true, "you": true, "US": false, "they": false, "OUR": false} {
		if got := lexicon.SpeakerPerson(w); got != want {
			t.Errorf("SpeakerPerson(%q) = %v, want %v", w, got, want)
		}
	}
}
