package extract

import (
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// TestRelativeClauseSetOffByDashes: a relative clause whose verb is a verb
// of saying makes its antecedent the source, set off by dashes as by
// commas, whatever noun heads it ("the audit — which notes that …"), and
// its claim ends at the closing dash.
func TestRelativeClauseSetOffByDashes(t *testing.T) {
	cases := []struct {
		name, text string
		w          want
	}{
		{"double hyphens and a noun form of the verb", "The audit -- which notes that ferry crossings fell by a fifth last year -- was sent to the council.",
			want{kind: "reported", text: "ferry crossings fell by a fifth last year", speaker: "audit"}},
		{"em dashes and a verb of finding", "The survey — which found that most riders wanted later sailings — was published on Friday.",
			want{kind: "reported", text: "most riders wanted later sailings", speaker: "survey"}},
		{"commas and a noun form of the verb", "The review, which notes that the quay was last dredged in spring, went to the board.",
			want{kind: "reported", text: "the quay was last dredged in spring", speaker: "review"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkWants(t, c.text, []want{c.w})
			if cl := findClaim(extractText(c.text), c.w.kind, c.w.text); cl != nil && cl.Text != c.w.text {
				t.Errorf("claim %q runs past its clause, want %q", cl.Text, c.w.text)
			}
		})
	}
}

// TestOccupationalPluralHeadsASource: a trade or profession in the plural
// ("welders", "pilots", "electricians") heads a group of speakers as
// "officials" does, with or without a post-modifier.
func TestOccupationalPluralHeadsASource(t *testing.T) {
	runWantCases(t, []wantCase{
		{"set off inside the statement", "The harbour, welders say, floods at every spring tide.",
			want{kind: "reported", text: "floods at every spring tide", speaker: "welders"}},
		{"with a place and an aside before the verb", "Veteran pilots at the airfield, however, said the runway lights had failed twice.",
			want{kind: "reported", text: "the runway lights had failed twice", speaker: "Veteran pilots at the airfield"}},
		{"a bare plural after the statement", "The wiring in the old mill is unsafe, electricians said.",
			want{kind: "reported", text: "The wiring in the old mill is unsafe", speaker: "electricians"}},
	})
}

// TestContactRelativeHeadIsNoSource: in a relative clause without "that"
// or "which" ("a move officials said would …", "a choice the firm said it
// would …") the noun it modifies is what was spoken of, not part of who
// spoke.
func TestContactRelativeHeadIsNoSource(t *testing.T) {
	cases := []struct {
		name, text, speaker string
	}{
		{"the clause has lost its subject", "The terminal opened in May, a move officials said would end the queues on the quay.", "officials"},
		{"the clause has lost its object", "It was a choice the ferry company said it would regret within a year.", "ferry company"},
		{"a possessive-free plain head", "The council backed a levy the harbour board said it could not collect.", "harbour board"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			if len(cs.Claims) == 0 || cs.Claims[0].Speaker == nil || cs.Claims[0].Speaker.Name != c.speaker {
				t.Errorf("want speaker %q; got %s", c.speaker, dump(cs))
			}
		})
	}
}

// TestReplyIsTheAddressees: after "X asked Y …", a pronoun that replies
// is Y, the one asked, though X spoke last; with no one named after
// "asked" the pronoun resolves as usual.
func TestReplyIsTheAddressees(t *testing.T) {
	cases := []referenceCase{
		{"the next sentence", "Tomas Brill asked Ines Kowal whether the pier would reopen. She replied that it would open in May.", "",
			[]want{{kind: "reported", text: "it would open in May", speaker: "Ines Kowal"}}},
		{"the same sentence after a comma", "Jon Pell asked Ivo Marsh about the new fares, and he replied that they would fall in spring.", "",
			[]want{{kind: "reported", text: "they would fall in spring", speaker: "Ivo Marsh"}}},
		{"a pronoun that does not fit the one asked", "Greta Holm asked Walter Marsh about the fares. She responded that the board had not met yet.", "",
			[]want{{kind: "reported", text: "the board had not met yet", speaker: "Greta Holm"}}},
	}
	runReferenceCases(t, cases)
}

// TestFirstPersonIsTheAuthor: "I" outside quotation marks is the writer:
// the one author a byline names, or no one, never the last person named.
func TestFirstPersonIsTheAuthor(t *testing.T) {
	text := "The mayor, Tomas Brill, wants to close the pier this winter.\n\nI have fished from that pier for twenty years. The pier should stay open, I told the council on Monday."
	cases := []struct {
		name, byline, speaker string
	}{
		{"a single author", "By Ines Kowal", "Ines Kowal"},
		{"no byline", "", ""},
		{"two authors", "Ines Kowal and Jon Pell", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := Extract(contract.Article{Schema: contract.Schema, ID: "t", Text: text, Byline: c.byline})
			cl := findClaim(cs, "reported", "The pier should stay open")
			if cl == nil {
				t.Fatalf("no claim; got %s", dump(cs))
			}
			got := ""
			if cl.Speaker != nil {
				got = cl.Speaker.Name
			}
			if got != c.speaker {
				t.Errorf("speaker %q, want %q", got, c.speaker)
			}
		})
	}
}

// TestHeadlineWordsAreNoParty: a title-case headline left in the text
// ("Port Mayor Vows To Fight Closure") names no person a later pronoun
// can stand for.
func TestHeadlineWordsAreNoParty(t *testing.T) {
	text := "Harbour news\n\nRead next: Ferry Boss Quits Amid Long Pay Row.\n\nPort Marlow Mayor Vows To Fight Closure Of Ferry Terminal. The harbour board met on Monday.\n\nHe said the repairs would resume in May."
	cs := extractText(text)
	cl := findClaim(cs, "reported", "the repairs would resume in May")
	if cl == nil {
		t.Fatalf("no claim; got %s", dump(cs))
	}
	if cl.Speaker != nil && cl.Speaker.Name != "" {
		t.Errorf("speaker %q from a headline; got %s", cl.Speaker.Name, dump(cs))
	}
	for _, w := range []string{"Ferry Boss Quits Amid Long Pay Row", "Vows To Fight Closure"} {
		if headlineWords(nil) || !headlineWords(newExtraction(w+".", "").d.Sents[0].Toks) {
			t.Errorf("%q: not read as a headline", w)
		}
	}
	for _, w := range []string{"Ines Kowal of the harbour board", "Port Marlow Mayor Ines Kowal"} {
		if headlineWords(newExtraction(w+".", "").d.Sents[0].Toks) {
			t.Errorf("%q: read as a headline", w)
		}
	}
}

// TestStackedLeadingPhrasesBeforeTheSubject: two or three leading phrases,
// the later one after "and", stand before a sentence's subject, which a
// pronoun in the next sentence then stands for.
func TestStackedLeadingPhrasesBeforeTheSubject(t *testing.T) {
	cases := []referenceCase{
		{"a second clause after and", "Greta Holm runs the ferry line. As the crowd cheered on the quay, and as the rain fell, Ines Kowal, who leads the council, thanked the crews. She said the pier would reopen in May.", "",
			[]want{{kind: "reported", text: "the pier would reopen in May", speaker: "Ines Kowal"}}},
		{"three phrases", "Greta Holm runs the ferry line. Meanwhile, on Monday, after the vote, Ines Kowal, who leads the council, thanked the crews. She said the pier would reopen in May.", "",
			[]want{{kind: "reported", text: "the pier would reopen in May", speaker: "Ines Kowal"}}},
	}
	runReferenceCases(t, cases)
}

// TestVerbAfterRelativeAsideIsTheSubjects: after a relative clause set
// off by dashes or commas, with a verb of saying of its own, the main
// verb is the subject's, and what follows it is a statement, not an
// inverted speaker.
func TestVerbAfterRelativeAsideIsTheSubjects(t *testing.T) {
	runWantCases(t, []wantCase{
		{"dashes", "The audit -- which notes that ferry crossings fell by a fifth -- says the quay needs dredging before winter.",
			want{kind: "reported", text: "the quay needs dredging before winter", speaker: "audit"}},
		{"commas", "The review, which notes that ferry crossings fell by a fifth, says the quay needs dredging before winter.",
			want{kind: "reported", text: "the quay needs dredging before winter", speaker: "review"}},
	})
}

// TestNounOfSayingAfterItsOwner: a noun of saying with its "that" clause
// reports what its owner said, where a phrase with the noun would
// otherwise be read as an occasion ("on a report") or as one long name
// ("a Harbour Gazette report"); after a verb of saying the phrase is
// still where it was said.
func TestNounOfSayingAfterItsOwner(t *testing.T) {
	runWantCases(t, []wantCase{
		{"a possessive owner", "Ines Kowal seized on the Gazette’s report that the pier had cracked in two places.",
			want{kind: "reported", text: "the pier had cracked in two places", speaker: "Gazette"}},
		{"a name before the noun", "Ines Kowal seized on a Harbour Gazette report that the pier had cracked in two places.",
			want{kind: "reported", text: "the pier had cracked in two places", speaker: "Harbour Gazette"}},
		{"an occasion of a verb of saying", "Ines Kowal argued in her weekly column that the old pier had split along its length.",
			want{kind: "reported", text: "the old pier had split along its length", speaker: "Ines Kowal"}},
	})
}

// wantCase is a sentence and the one claim it must give.
type wantCase struct {
	name, text string
	w          want
}

func runWantCases(t *testing.T, cases []wantCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkWants(t, c.text, []want{c.w}) })
	}
}
