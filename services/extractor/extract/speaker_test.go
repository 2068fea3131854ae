package extract

import (
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// TestDiscourseOpenerIsNoSpeaker: a word that opens a sentence to link it
// to the one before ("Worse,", "Here's", "Having said that,") names
// nobody, however the claim after it is read; a surname that is also such
// a word still speaks when a verb of saying follows it at once.
func TestDiscourseOpenerIsNoSpeaker(t *testing.T) {
	cases := []struct {
		name, text, opener string
		wants              []want
	}{
		{"a comparative linking two sentences", "The cider guild raised its levies on Tuesday. Worse, the growers kept their fees hidden, in several cases reporting different sums to different county offices.", "Worse", nil},
		{"a contraction setting up a colon", "The tax office was slow to answer. Here's one instance of the trouble: The Orchard Board \"asks only that growers list their largest plots,\" according to a survey.", "Here", nil},
		{"a negated aside", "The ferry company raised its fares. Not that anyone on the board is complaining, since letters read by the Gazette suggest that Marlow puts profit first.", "Not", nil},
		{"a fronted participle clause with a verb of saying", "The guild voted on Monday. Having said that, a handful of bakers still argue that levies should be small.", "Having", nil},
		{"a surname of the same spelling before its verb", "Harbour master Jon Best inspected the quay. Best said the harbour would close for a week.", "",
			[]want{{kind: "reported", text: "the harbour would close", speaker: "Jon Best"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkWants(t, c.text, c.wants)
			if c.opener == "" {
				return
			}
			cs := extractText(c.text)
			for _, cl := range cs.Claims {
				if cl.Speaker != nil && strings.EqualFold(cl.Speaker.Name, c.opener) {
					t.Errorf("%q has speaker %q; got %s", cl.Text, cl.Speaker.Name, dump(cs))
				}
			}
		})
	}
}

// TestDescriptionAgreesWithItsCompany: "the bank", "the company" point
// back only at a company whose name fits that trade; a firm of another
// trade named just before is not who speaks.
func TestDescriptionAgreesWithItsCompany(t *testing.T) {
	cases := []referenceCase{
		{"a securities house is no bank", "Halden Securities handled the sale of the mill. The bank said it had closed forty branches since spring.", "Halden Securities",
			[]want{{kind: "reported", text: "it had closed forty branches"}}},
		{"a firm of any trade is the company", "Brill Motors opened a plant in the valley. The company said it would hire four hundred workers.", "",
			[]want{{kind: "reported", text: "it would hire four hundred workers", speaker: "Brill Motors"}}},
		{"a bank is the bank", "Kestrel Bank sold its branch in the old mill. The bank said it would keep a cash machine in the square.", "",
			[]want{{kind: "reported", text: "keep a cash machine", speaker: "Kestrel Bank"}}},
		{"a group fits the company", "Orvel Group bought the ferry line in March. The company said fares would not rise this year.", "",
			[]want{{kind: "reported", text: "fares would not rise", speaker: "Orvel Group"}}},
	}
	runReferenceCases(t, cases)
}

// TestOutletReferenceAgreesWithItsKind: "the network" points back at the
// broadcaster, "the newspaper" at the newspaper, whichever was named
// last; "the agency" is no newspaper.
func TestOutletReferenceAgreesWithItsKind(t *testing.T) {
	cases := []referenceCase{
		{"the network is the broadcaster", "Orla Finn joined Radio Kestrel in May, the Harbour Times reported. The network said it would post her to the regatta coverage.", "",
			[]want{{kind: "reported", text: "it would post her to the regatta coverage", speaker: "Radio Kestrel"}}},
		{"the newspaper is the newspaper", "The Harbour Times first told the story, and Radio Kestrel followed it. The newspaper said it had seen the minutes of the meeting.", "",
			[]want{{kind: "reported", text: "it had seen the minutes", speaker: "Harbour Times"}}},
		{"the agency is no newspaper", "The Harbour Times printed the figures on Sunday. Rents in the old town rose again last year, the agency said.", "Harbour Times",
			[]want{{kind: "reported", text: "Rents in the old town rose again", speaker: "agency"}}},
	}
	runReferenceCases(t, cases)
}

// TestTitleAloneIsItsHolder: a capitalised title standing for a person
// named with it earlier ("the Port Board DyC") is that person, not an
// organisation of that name; a title nobody in the article holds stays
// as written.
func TestTitleAloneIsItsHolder(t *testing.T) {
	cases := []struct {
		name, text string
		wants      []want
	}{
		{"an office's initials after the holder's full title", "Guild treasurer and Port Board DyC Marta Silvane on Friday asked for an audit of the harbour accounts. The Port Board DyC faulted the council for the delay and labelled it a 'shameful lapse' of oversight.",
			[]want{{kind: "quote", text: "shameful lapse", speaker: "Marta Silvane"}}},
		{"a title nobody holds", "The quay was closed on Friday. The Port Board DyC faulted the council for the delay and labelled it a 'shameful lapse' of oversight.",
			[]want{{kind: "quote", text: "shameful lapse", speaker: "Port Board DyC"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkWants(t, c.text, c.wants) })
	}
}

// TestParticipleSkipsRelativeClaim: an -ing cue after a comma hangs on the
// main clause, not on a claim said inside a relative clause before it.
func TestParticipleSkipsRelativeClaim(t *testing.T) {
	cases := []struct {
		name, text string
		wants      []want
	}{
		{"a relative clause's claim before the -ing cue", "Mayor Ana Lima was defensive when asked about not paying a builder who said he was owed money for the new library, saying, “Maybe he did not finish the roof, and I was not happy with the tiles.”",
			[]want{{kind: "quote", text: "Maybe he did not finish the roof", speaker: "Ana Lima"}}},
		{"a main clause's claim before the -ing cue", "“We will rebuild the pier,” Mayor Ana Lima said, adding that the work would take a year.",
			[]want{{kind: "reported", text: "the work would take a year", speaker: "Ana Lima"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkWants(t, c.text, c.wants) })
	}
}

// TestBodyByRoleNounIsNoPerson: "the campaign", "the watchdog" are bodies,
// not a fresh description of the last person quoted.
func TestBodyByRoleNounIsNoPerson(t *testing.T) {
	cases := []struct {
		name, text string
		wants      []want
	}{
		{"the campaign", "“We will win the valley,” councillor Jon Best told the rally. The campaign says the candidate will unveil a housing plan on Friday.",
			[]want{{kind: "reported", text: "the candidate will unveil a housing plan", speaker: "campaign", typ: "organization"}}},
		{"the watchdog", "“The fares are fair,” ferry boss Ana Lima said on Monday. The watchdog said the fares had risen faster than wages.",
			[]want{{kind: "reported", text: "the fares had risen faster than wages", speaker: "watchdog", typ: "organization"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkWants(t, c.text, c.wants) })
	}
}

// referenceCase is a text whose claims must be as wanted and, when
// notSpeaker is set, credited to anyone but that entity.
type referenceCase struct {
	name, text, notSpeaker string
	wants                  []want
}

func runReferenceCases(t *testing.T, cases []referenceCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkWants(t, c.text, c.wants)
			if c.notSpeaker == "" {
				return
			}
			cs := extractText(c.text)
			for _, cl := range cs.Claims {
				if cl.Speaker != nil && cl.Speaker.Name == c.notSpeaker {
					t.Errorf("%q has speaker %q; got %s", cl.Text, cl.Speaker.Name, dump(cs))
				}
			}
		})
	}
}

// A pronoun's contraction ("she'd", "he'll") is that pronoun: it resolves
// as the pronoun would and is never taken for a name.
func TestContractedPronounIsNoName(t *testing.T) {
	cases := []struct {
		name, text, claim, speaker string
	}{
		{"she'd resolves to the last woman named", "Greta Holm spoke to the harbour board on Monday. She'd said the pier was unsafe.", "the pier was unsafe", "Greta Holm"},
		{"curly apostrophe", "Greta Holm spoke to the harbour board on Monday. She’d said the pier was unsafe.", "the pier was unsafe", "Greta Holm"},
		{"he'll resolves to the last man named", "Piet Ruiz met the harbour board on Monday. He'll argue the pier must close.", "the pier must close", "Piet Ruiz"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			cl := findClaim(cs, contract.KindReported, c.claim)
			if cl == nil {
				t.Fatalf("no reported claim with %q: %s", c.claim, dump(cs))
			}
			if got := speakerName(*cl); got != c.speaker {
				t.Errorf("speaker %q, want %q", got, c.speaker)
			}
		})
	}
}

func speakerName(c contract.Claim) string {
	if c.Speaker == nil {
		return ""
	}
	return c.Speaker.Name
}

// TestPronounAfterAnInheritedVoice: a pronoun resolves to the voice of the
// sentence before even when that sentence's claim took its speaker from
// further back under the same pronoun ("… she said … / “…” … Then she
// said: “…”"): the earlier "she" is another mention of the same person,
// not the pronoun being resolved.
func TestPronounAfterAnInheritedVoice(t *testing.T) {
	text := "Mayor Ilsa Vorand took the stage. Later she said the ferry would run all winter. As she spoke, Minister Oda Brann posted a message saying, “Nobody believes the mayor.”\n\n" +
		"“Minister Brann, since I know you are reading, I have one request: ride the ferry with me.” The hall went quiet. Then she said: “This ferry belongs to the island.”"
	checkWants(t, text, []want{{kind: contract.KindQuote, text: "This ferry belongs", speaker: "Ilsa Vorand"}})
}

// TestCrierBeforeTheCry: a noun phrase right before a verb of crying out
// is the one who cries ("a docker yelling “…”", "crowds chanting “…”"),
// not the sentence's subject; a verb of saying after an object still
// hangs on the clause.
func TestCrierBeforeTheCry(t *testing.T) {
	cases := []struct {
		name, text, quote, speaker string
	}{
		{"a person noun", "Mayor Ilsa Vorand spoke at the quay. Vorand’s calm reply to a heckler yelling “liar” at her was cheered.", "liar", "heckler"},
		{"a group", "Mayor Ilsa Vorand spoke at the quay. Outside, protesters chanting “Keep the port open” blocked the road.", "Keep the port open", "protesters"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cs := extractText(tc.text)
			c := findClaim(cs, contract.KindQuote, tc.quote)
			if c == nil || c.Speaker == nil || !strings.Contains(strings.ToLower(c.Speaker.Name), tc.speaker) {
				t.Errorf("quote %q: want speaker %q; got %s", tc.quote, tc.speaker, dump(cs))
			}
		})
	}
	checkWants(t, "Mayor Ilsa Vorand opened the bridge saying it was safe for trucks.",
		[]want{{kind: contract.KindReported, text: "it was safe for trucks", speaker: "Ilsa Vorand"}})
}

// TestTitledDescriptionAgreesOnPortfolio: "the country's Minister of
// Fisheries" or "the fisheries minister" is the holder of that portfolio,
// before or after the name is given, not the minister of another field
// named nearer; a description without a portfolio still finds the
// nearest minister.
func TestTitledDescriptionAgreesOnPortfolio(t *testing.T) {
	cases := []struct {
		name, text string
		wants      []want
	}{
		{"the portfolio holder named after the description",
			"Storms closed the northern ports on Monday.\n\nThe country's Minister of Fisheries warned that the autumn catch would be lost. Minister of Water Ivo Ranst said the reservoirs were full. Minister of Fisheries Lena Dorsk toured the harbours on Sunday.",
			[]want{{kind: "reported", text: "the autumn catch would be lost", speaker: "Lena Dorsk"}}},
		{"the portfolio holder named before another minister",
			"Storms closed the northern ports on Monday.\n\nFisheries Minister Lena Dorsk toured the harbours on Sunday. Minister of Water Ivo Ranst said the reservoirs were full. The fisheries minister warned that the autumn catch would be lost.",
			[]want{{kind: "reported", text: "the autumn catch would be lost", speaker: "Lena Dorsk"}}},
		{"an office no one named holds is the person named next",
			"Storms closed the northern ports on Monday.\n\nPrime Minister Ivo Ranst said the army was ready. Water Minister Tove Marsh said the dams held. “The harbours are lost,” the island's Minister of Fisheries told the radio.\nLena Dorsk said the fleet would stay in port until spring.",
			[]want{{kind: "quote", text: "The harbours are lost", speaker: "Lena Dorsk"}}},
		{"a minister without a portfolio is the nearest one",
			"Storms closed the northern ports on Monday.\n\nFisheries Minister Lena Dorsk toured the harbours on Sunday. Minister of Water Ivo Ranst inspected the dams. The minister warned that the reservoirs would overflow.",
			[]want{{kind: "reported", text: "the reservoirs would overflow", speaker: "Ivo Ranst"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkWants(t, c.text, c.wants) })
	}
}

// TestTitleBeforeItsName: a title said before the article names its
// holder ("The harbour master said …" and later "Lena Dorsk, the harbour
// master, …") is that holder, whichever way round the apposition runs; an
// apposition with a possessive ("the mayor's aide") titles the possessor,
// not the name.
func TestTitleBeforeItsName(t *testing.T) {
	cases := []struct {
		name, text string
		wants      []want
	}{
		{"name then title",
			"Storms closed the northern ports on Monday.\n\nThe governor said the army would clear the roads. Lena Dorsk, the governor, toured the harbours by boat on Sunday.",
			[]want{{kind: "reported", text: "the army would clear the roads", speaker: "Lena Dorsk"}}},
		{"title then name",
			"Storms closed the northern ports on Monday.\n\nThe governor said the army would clear the roads. The island's governor, Lena Dorsk, toured the harbours by boat on Sunday.",
			[]want{{kind: "reported", text: "the army would clear the roads", speaker: "Lena Dorsk"}}},
		{"a possessed title is not the name's",
			"Storms closed the northern ports on Monday.\n\nThe governor said the army would clear the roads. Ivo Ranst, the governor's driver, toured the harbours by boat on Sunday.",
			[]want{{kind: "reported", text: "the army would clear the roads", speaker: "governor"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkWants(t, c.text, c.wants) })
	}
}

// TestScopedDescriptionIsThePersonInFocus: a description scoped by a
// party or a seat we do not list as a nation ("the Liberal nominee", "the
// Lowmoor senator") is the person of the passage when the article gave
// them that scope; a person given another office or no such scope is not
// who it stands for.
func TestScopedDescriptionIsThePersonInFocus(t *testing.T) {
	runDescriptionCases(t, []descriptionCase{
		{"the party's nominee after the nominee spoke",
			"Liberal Ilsa Vorand opened her campaign in the valley on Monday. Vorand said the ferry fares were too high. The Liberal nominee added that the bridge tolls would go.",
			"the bridge tolls would go", "Ilsa Vorand", ""},
		{"a pronoun after the description",
			"Liberal Ilsa Vorand opened her campaign in the valley on Monday. Vorand said the ferry fares were too high. The Liberal nominee toured the quay. She said the bridge tolls would go.",
			"the bridge tolls would go", "Ilsa Vorand", ""},
		{"a person never given the scope",
			"Ilsa Vorand opened her campaign in the valley on Monday. Vorand said the ferry fares were too high. The Liberal nominee added that the bridge tolls would go.",
			"the bridge tolls would go", "", "Ilsa Vorand"},
		{"a person of the scope holding another office",
			"Lowmoor Gov. Oda Brann toured the harbour on Monday. Brann said the ferry fares were too high. The Lowmoor senator added that the bridge tolls would go.",
			"the bridge tolls would go", "", "Oda Brann"},
	})
}

// TestPronounSkipsAWordCapitalisedByItsPlace: a word that is capitalised
// only where it opens a sentence ("Soon after …", "Rivers are rising, he
// said") is no one a pronoun can stand for; the person in the passage is.
func TestPronounSkipsAWordCapitalisedByItsPlace(t *testing.T) {
	cases := []referenceCase{
		{"an adverb opening the sentence",
			"Harbour master Jon Pell inspected the quay on Monday. Soon after the storm passed, he said the ferries would sail again.", "Soon",
			[]want{{kind: "reported", text: "the ferries would sail again", speaker: "Jon Pell"}}},
		{"the reported content's own subject",
			"Harbour master Jon Pell inspected the quay on Monday. Rivers are rising across the county, he said.", "Rivers",
			[]want{{kind: "reported", text: "Rivers are rising", speaker: "Jon Pell"}}},
		{"a one-word question before the pronoun",
			"Harbour master Jon Pell inspected the quay on Monday.\n\nReckless? He does not think so. “The quay will hold,” he said.", "Reckless",
			[]want{{kind: "quote", text: "The quay will hold", speaker: "Jon Pell"}}},
	}
	runReferenceCases(t, cases)
}

// TestApposedNameIsTheSubject: a subject that only describes its party,
// with the name set off after it ("Her rival, Oda Brann, won …"), is the
// named person: a pronoun after it stands for that person, or skips them
// when gender or number rules them out.
func TestApposedNameIsTheSubject(t *testing.T) {
	cases := []referenceCase{
		{"the pronoun is the named person",
			"The ferry vote was held on Sunday. Her rival, Oda Brann, won the harbour ward. She said the fares would fall.", "rival",
			[]want{{kind: "reported", text: "the fares would fall", speaker: "Oda Brann"}}},
		{"the pronoun skips a named person of the other gender",
			"Jon Pell won the harbour ward on Sunday. His rival, Susan Brann, won the valley ward.\n\nHe told the crowd that the fares would fall.", "rival",
			[]want{{kind: "reported", text: "the fares would fall", speaker: "Jon Pell"}}},
	}
	runReferenceCases(t, cases)
}

// TestPlaceRegionIsNoSubject: a leading phrase that puts the event at a
// place may name the place's region after a comma ("Speaking at a fair in
// Marlow, Lowmoor, …"); the subject comes after it. A description after
// the run makes it a person's name.
func TestPlaceRegionIsNoSubject(t *testing.T) {
	cases := []referenceCase{
		{"the region, then the subject",
			"Ilsa Vorand and Jon Pell toured the coast. Speaking at a fair in Marlow, Lowmoor, Vorand went after Pell, calling him “a tired old man.”", "Lowmoor",
			[]want{{kind: "quote", text: "a tired old man", speaker: "Ilsa Vorand"}}},
		{"the region and a time, then the subject",
			"Ilsa Vorand and Jon Pell toured the coast. At a fair in Marlow, Lowmoor, on Sunday, Vorand went after Pell, saying the crossing was not safe.", "Lowmoor",
			[]want{{kind: "reported", text: "the crossing was not safe", speaker: "Ilsa Vorand"}}},
		{"a name with its description",
			"Speaking at a fair in Marlow, Jon Pell, the harbour master, praised the ferry crews, saying the crossing was safe.", "",
			[]want{{kind: "reported", text: "the crossing was safe", speaker: "Jon Pell"}}},
	}
	runReferenceCases(t, cases)
}

// TestDescriptionAgreesInGenderAndDefiniteness: a description that marks
// a gender ("the businessman", "the mother of two") stands for the person
// of the passage only when that person can be so described, and an
// indefinite one ("a Liberal senator") is a new, unnamed party, never the
// senator named before.
func TestDescriptionAgreesInGenderAndDefiniteness(t *testing.T) {
	runDescriptionCases(t, []descriptionCase{
		{"a man's description after a woman spoke",
			"Susan Vorand toured the harbour on Monday. “The quay is safe,” she said. The businessman added that the ferry fares were too high.",
			"the ferry fares were too high", "", "Susan Vorand"},
		{"a woman's description after a woman spoke",
			"Susan Vorand toured the harbour on Monday. “The quay is safe,” she said. The businesswoman added that the ferry fares were too high.",
			"the ferry fares were too high", "Susan Vorand", ""},
		{"an indefinite scoped description",
			"Liberal Sen. Ilsa Vorand toured the harbour on Monday. Late on Tuesday, a Liberal senator said the ferry fares were too high.",
			"the ferry fares were too high", "", "Ilsa Vorand"},
	})
}

// descriptionCase is a text whose reported claim content must be credited
// to speaker (when set) and never to notSpeaker (when set).
type descriptionCase struct {
	name, text, content, speaker, notSpeaker string
}

func runDescriptionCases(t *testing.T, cases []descriptionCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			cl := findClaim(cs, contract.KindReported, c.content)
			if cl == nil || cl.Speaker == nil {
				t.Fatalf("no claim %q with a speaker; got %s", c.content, dump(cs))
			}
			if c.speaker != "" && cl.Speaker.Name != c.speaker || c.notSpeaker != "" && cl.Speaker.Name == c.notSpeaker {
				t.Errorf("%q: speaker %q; got %s", c.content, cl.Speaker.Name, dump(cs))
			}
		})
	}
}

// TestPronounAfterItsReportIsNotTheReportsSubject: in "People should
// stay home, he said" the report's subject is what he speaks about, not
// who he is; a body reporting on itself keeps its clause's subject ("The
// ferry company lost money, it said").
func TestPronounAfterItsReportIsNotTheReportsSubject(t *testing.T) {
	cases := []referenceCase{
		{"a person after the report",
			"Harbour master Jon Pell met the People First group on Monday.\n\nPeople should stay away from the quay tonight, he said.", "People",
			[]want{{kind: "reported", text: "should stay away from the quay", speaker: "Jon Pell"}}},
		{"a body after its own report",
			"Mayor Tom Vorand spoke at the quay on Monday.\n\nThe Kestrel Ferry Company lost money in the spring, it said.", "",
			[]want{{kind: "reported", text: "lost money in the spring", speaker: "Kestrel Ferry Company"}}},
	}
	runReferenceCases(t, cases)
}

// TestSpeakerBeforeAnAside: the subject before an aside set off by commas
// speaks, not the place or body the aside names last ("Ana Lima, 42, of
// Marlow, Lowmoor, said …"); a relative clause with no verb of its own
// before the cue says the cue itself ("whose aide, Jon Pell, said").
func TestSpeakerBeforeAnAside(t *testing.T) {
	cases := []struct{ name, text, content, speaker string }{
		{"an age and a home town", "Ana Lima, 42, of Marlow, Lowmoor, said the quay was safe.", "the quay was safe", "Ana Lima"},
		{"a relative clause naming a firm", "Ana Lima, whose firm, Brill Sails, makes sails for the fleet, said the quay was safe.", "the quay was safe", "Ana Lima"},
		{"a relative clause ending in a place and a date", "Jon Pell, who lost his boat in Marlow, Lowmoor, in May 2012, said the quay was unsafe.", "the quay was unsafe", "Jon Pell"},
		{"a description naming a body", "Jon Pell, the head of the Harbour Board, which runs the quay, said the fees would rise.", "the fees would rise", "Jon Pell"},
		{"the relative clause's own cue", "Ana Lima, whose aide, Jon Pell, said the quay was safe, left early.", "the quay was safe", "Jon Pell"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkWants(t, c.text, []want{{kind: "reported", text: c.content, speaker: c.speaker}})
		})
	}
}

// TestAffiliatedNameIsThePerson: "Mark Pell of the Marlow Institute said"
// and "Senator Ilsa Vorand of Lowmoor said" credit the person, not the
// body or place they come from, and a later surname or scoped title is
// the same person.
func TestAffiliatedNameIsThePerson(t *testing.T) {
	cases := []struct{ name, text, content, speaker string }{
		{"a body after the name", "Mark Pell of the Marlow Institute said the quay was safe.", "the quay was safe", "Mark Pell"},
		{"a quotation's speaker after the cue", "“Fees will rise,” said Susan Lima of the Harbour Board.", "Fees will rise", "Susan Lima"},
		{"a place after a titled name", "Senator Ilsa Vorand of Lowmoor said the port would reopen. Vorand added that fees would fall.", "fees would fall", "Ilsa Vorand"},
		{"a body's own name", "The Bank of Lowmoor said rates would rise.", "rates would rise", "Bank of Lowmoor"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			var cl *contract.Claim
			for i := range cs.Claims {
				if strings.Contains(cs.Claims[i].Text, c.content) {
					cl = &cs.Claims[i]
				}
			}
			if cl == nil || cl.Speaker == nil || cl.Speaker.Name != c.speaker {
				t.Errorf("%q: want speaker %q; got %s", c.content, c.speaker, dump(cs))
			}
		})
	}
}
