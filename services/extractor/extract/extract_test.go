package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// want is one expected claim: the first claim of the kind whose text
// contains text must have these fields ("" = not checked).
type want struct {
	kind, text, speaker, cue, via, typ string
}

func extractText(text string) contract.ClaimSet {
	return Extract(contract.Article{Schema: contract.Schema, ID: "t", Text: text})
}

func findClaim(cs contract.ClaimSet, kind, text string) *contract.Claim {
	for i, c := range cs.Claims {
		if c.Kind == kind && strings.Contains(c.Text, text) {
			return &cs.Claims[i]
		}
	}
	return nil
}

func checkWants(t *testing.T, text string, wants []want) {
	t.Helper()
	cs := extractText(text)
	for _, w := range wants {
		c := findClaim(cs, w.kind, w.text)
		if c == nil {
			t.Errorf("no %s claim containing %q; got %s", w.kind, w.text, dump(cs))
			continue
		}
		if w.speaker != "" && (c.Speaker == nil || c.Speaker.Name != w.speaker) {
			t.Errorf("%q: speaker %+v, want %q", w.text, c.Speaker, w.speaker)
		}
		if w.typ != "" && (c.Speaker == nil || c.Speaker.Type != w.typ) {
			t.Errorf("%q: speaker type %+v, want %q", w.text, c.Speaker, w.typ)
		}
		if w.cue != "" && !strings.EqualFold(c.Cue, w.cue) {
			t.Errorf("%q: cue %q, want %q", w.text, c.Cue, w.cue)
		}
		if w.via != "" && c.Via != w.via {
			t.Errorf("%q: via %q, want %q", w.text, c.Via, w.via)
		}
	}
}

// reportedTexts returns the texts of the reported claims of cs.
func reportedTexts(cs contract.ClaimSet) []string {
	var got []string
	for _, cl := range cs.Claims {
		if cl.Kind == contract.KindReported {
			got = append(got, cl.Text)
		}
	}
	return got
}

func dump(cs contract.ClaimSet) string {
	var b strings.Builder
	for _, c := range cs.Claims {
		name := "<nil>"
		if c.Speaker != nil {
			name = c.Speaker.Name
		}
		b.WriteString("\n  " + c.Kind + " [" + name + "|" + c.Cue + "|" + c.Via + "] " + c.Text)
	}
	return b.String()
}

func TestQuoteStyles(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		wants []want
	}{
		{"curly, attribution after", "“The bridge will reopen in May,” Mayor Lena Fischer said.",
			[]want{{kind: "quote", text: "The bridge will reopen in May", speaker: "Lena Fischer", cue: "said"}}},
		{"straight, inverted attribution with apposition", `"We have no choice," said Oskar Lind, the union chairman.`,
			[]want{{kind: "quote", text: "We have no choice", speaker: "Oskar Lind", cue: "said"}}},
		{"nested single quotes", "“They keep calling it ‘temporary’ but nothing changes,” resident Priya Nair told the Coast Herald.",
			[]want{{kind: "quote", text: "calling it ‘temporary’ but nothing", speaker: "Priya Nair", cue: "told", via: "Coast Herald"}}},
		{"split by the attribution", "“We tried,” Carl Beck said, “but the numbers never worked.”",
			[]want{{kind: "quote", text: "We tried", speaker: "Carl Beck"}, {kind: "quote", text: "numbers never worked", speaker: "Carl Beck"}}},
		{"block quote after a colon", "Researcher Ines Duarte posted on X: “The data show a clear rise in cases.”",
			[]want{{kind: "quote", text: "The data show a clear rise", speaker: "Ines Duarte", cue: "posted", via: "X"}}},
		{"quote spanning paragraphs", "Governor Abel Mora said: “The first phase is finished.\n\n“The second phase starts next week and will take a year.”",
			[]want{{kind: "quote", text: "The first phase", speaker: "Abel Mora"}, {kind: "quote", text: "second phase starts", speaker: "Abel Mora"}}},
		{"adverb between pronoun and verb", "Governor Abel Mora did not answer the question. He instead told the hall: “We will finish the road.”",
			[]want{{kind: "quote", text: "We will finish the road", speaker: "Abel Mora"}}},
		{"continuation sentence", "“We will appeal,” lawyer Tom Hale said. “This ruling cannot stand in any court of this country, and we will take it as far as we must.”",
			[]want{{kind: "quote", text: "This ruling cannot stand", speaker: "Tom Hale"}}},
		{"partial quote in reported speech", "The ministry said the audit was “deeply flawed” and would be repeated.",
			[]want{{kind: "quote", text: "deeply flawed", speaker: "ministry"}}},
		// a naming verb with its object and a quotation is a mixed quote:
		// the claim keeps the object the quoted words name (PolNeAR marks
		// it whole)
		{"naming verb", "One lawmaker called the plan “a betrayal of voters.”",
			[]want{{kind: "quote", text: "the plan “a betrayal of voters", speaker: "lawmaker", cue: "called"}}},
		{"according to after a quote", "“Prices will rise again,” according to trader Mia Holt.",
			[]want{{kind: "quote", text: "Prices will rise again", speaker: "Mia Holt", cue: "according to"}}},
		{"colon ending the paragraph before", "Engineer Paul Weiss wrote on Mastodon:\n\n“The cable was cut in two places.”",
			[]want{{kind: "quote", text: "The cable was cut", speaker: "Paul Weiss", via: "Mastodon"}}},
		{"dialogue verb", "“Get out of the water!” the lifeguard Nina Roy shouted.",
			[]want{{kind: "quote", text: "Get out of the water", speaker: "Nina Roy", cue: "shouted"}}},
		{"abbreviated title", "“Nothing has changed,” said Mr. Albright.",
			[]want{{kind: "quote", text: "Nothing has changed", speaker: "Albright"}}},
		{"quotation paragraph after an attributed one", "“We rebuilt the school in a year,” headmistress Joan Pike said.\n\n“Next we will rebuild the library, and then the clinic.”",
			[]want{{kind: "quote", text: "rebuild the library", speaker: "Joan Pike"}}},
		{"company abbreviation before the verb", "“The deal is on track,” a spokeswoman for Brill Corp. said.",
			[]want{{kind: "quote", text: "The deal is on track", speaker: "Brill Corp", typ: "organization"}}},
		{"action beat before a quotation", "Inspector Vera Lund closed the file. “We will never know who did it.”",
			[]want{{kind: "quote", text: "We will never know", speaker: "Vera Lund"}}},
		{"dash before the attribution", "“We will rebuild” — Mayor Ana Ruiz said on Sunday.",
			[]want{{kind: "quote", text: "We will rebuild", speaker: "Ana Ruiz"}}},
		{"name and colon", "Coach Lena Brandt: “We deserved nothing today.”",
			[]want{{kind: "quote", text: "We deserved nothing", speaker: "Lena Brandt"}}},
		{"the statement reads", "The Harbour Board issued a statement. “Safety comes first,” the statement reads.",
			[]want{{kind: "quote", text: "Safety comes first"}}},
		{"told after a long appositive", "Ana Lima, an economist at the University of Porto who did not work on the report, told the Coast Herald: “Prices will keep rising.”",
			[]want{{kind: "quote", text: "Prices will keep rising", speaker: "Ana Lima", cue: "told"}}},
		{"appositive before the verb, quoted words inside reported speech", "Lars Holm, via the Coast Herald, said that the port “will never close.”",
			[]want{{kind: "reported", text: "the port “will never close", speaker: "Lars Holm"}}},
		{"told after a relative clause, partial quote", "Mendes, who broke with his party over the port, told cheering dockers that they were not “asking for the moon.”",
			[]want{{kind: "reported", text: "they were not “asking for the moon", speaker: "Mendes", cue: "told"}}},
		{"an article speaks", "“The harbour will never be the same,” the article read.",
			[]want{{kind: "quote", text: "The harbour will never be the same"}}},
		{"inverted cue and a colon", "Said the ferry captain: “Nobody will sail until the wind drops.”",
			[]want{{kind: "quote", text: "Nobody will sail until the wind drops", speaker: "ferry captain"}}},
		{"verb after and, subject before the first verb", "Nurse Ada Quist spoke first. The crowd cheered as Tomas Grell stood up and said, “We will rebuild every school in the valley.”",
			[]want{{kind: "quote", text: "We will rebuild every school", speaker: "Tomas Grell", cue: "said"}}},
		{"verb after a comma and, subordinate clause before", "Nurse Ada Quist had warned that the pilots were tired, because Tomas Grell left the quay at noon, and wrote, “We will sail at dawn.”",
			[]want{{kind: "quote", text: "We will sail at dawn", speaker: "Tomas Grell", cue: "wrote"}}},
		{"went on to say", "Mayor Ivo Brant went on to say, “The ferry will run again by spring.”",
			[]want{{kind: "quote", text: "The ferry will run again", speaker: "Ivo Brant"}}},
		{"quotation after reported speech", "Judge Mara Stein heard the appeal on Monday.\n\nThe judge said the appeal had no merit. “The court has heard these arguments twice already.”",
			[]want{{kind: "quote", text: "heard these arguments twice", speaker: "Mara Stein"}}},
		{"subject and colon after another verb", "Ferry pilot Ines Vale had one answer for her critics: “I will sail when the sea allows it.”",
			[]want{{kind: "quote", text: "I will sail when the sea allows it", speaker: "Ines Vale"}}},
		{"guillemets", "«Nous restons», the delegate Jean Morel said.",
			[]want{{kind: "quote", text: "Nous restons", speaker: "Jean Morel"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkWants(t, c.text, c.wants) })
	}
}

func TestScareQuotesAreNotClaims(t *testing.T) {
	cases := []struct{ name, text string }{
		{"so-called", "The so-called “peace dividend” never arrived."},
		{"title", "The film “Northern Lights” opened in cinemas on Friday."},
		{"label after article", "Officials discussed a “temporary pause” in the talks."},
		{"headline with quote", "Minister calls plan ‘reckless’ as row deepens"},
		{"title of a work next to a cue", "The novelist wrote “The Long Road Home” in a single winter."},
		{"title with its comma inside the marks", "Her essay “Salt Roads, Iron Bridges,” won a prize, the editor said."},
		{"quoted term, no cue", "Residents describe the area as quiet. The “old town” is busy though."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, cl := range extractText(c.text).Claims {
				if cl.Kind == contract.KindQuote {
					t.Errorf("unexpected quote claim %q", cl.Text)
				}
			}
		})
	}
}

// A heading set in quotation marks, stop included, between paragraphs is
// not the voice of the quotation before it.
func TestQuotedHeadingIsNoClaim(t *testing.T) {
	cs := extractText("“The pier will be rebuilt by summer,” said Ines Kowal.\n\n‘Harbours Are Not Enough.’\n\nThe council meets again in May.")
	if findClaim(cs, contract.KindQuote, "The pier will be rebuilt") == nil {
		t.Fatalf("the attributed quotation is missing: %+v", cs.Claims)
	}
	if c := findClaim(cs, contract.KindQuote, "Harbours Are Not Enough"); c != nil {
		t.Fatalf("heading read as a quotation of %v", c.Speaker)
	}
}

func TestReportedSpeech(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		wants []want
	}{
		{"attribution set off inside the statement", "The ferry, Olga Ring said on Monday, will not sail again before the spring tides.",
			[]want{{kind: "reported", text: "The ferry, Olga Ring said on Monday, will not sail again", speaker: "Olga Ring"}}},
		{"a statement partly quoted before an inverted attribution", "The union vote “was too early for most members to know the candidates,” said Piet Ruiz of the dock union.",
			[]want{{kind: "reported", text: "The union vote “was too early", speaker: "Piet Ruiz"}}},
		{"a condition opens the statement", "If the river rises, Olga Ring said, the ferry will not sail before the spring tides.",
			[]want{{kind: "reported", text: "If the river rises, Olga Ring said, the ferry will not sail", speaker: "Olga Ring"}}},
		{"an inverted attribution set off inside the statement", "The ferry, said Olga Ring, will not sail again before the spring tides.",
			[]want{{kind: "reported", text: "The ferry, said Olga Ring, will not sail again", speaker: "Olga Ring"}}},
		{"plural spokesmen speak for their body", "The ferry line stopped on Monday. Harbour Board spokesmen said the crossing would stay closed until the storm passed.",
			[]want{{kind: "reported", text: "the crossing would stay closed", speaker: "Harbour Board spokesmen"}}},
		{"a figure grouped by a comma stays whole", "The ferry line stopped on Monday. The dock union said at least 1,100 jobs would go by the summer.",
			[]want{{kind: "reported", text: "at least 1,100 jobs would go", speaker: "dock union"}}},
		{"a relative clause restricts the source", "The ferry line stopped on Monday. Skippers who know the harbour master say he will not reopen the quay before May.",
			[]want{{kind: "reported", text: "he will not reopen the quay before May", speaker: "Skippers"}}},
		{"an object pronoun closes the relative clause", "The ferry line stopped on Monday. Traders who supply them say the island shops are running out of flour.",
			[]want{{kind: "reported", text: "the island shops are running out of flour", speaker: "Traders"}}},
		{"a relative clause with an adjunct", "The ferry line stopped on Monday. Islanders who backed the mayor in March say the fares are now too high.",
			[]want{{kind: "reported", text: "the fares are now too high", speaker: "Islanders"}}},
		{"a relative clause's object before a past verb", "The ferry line stopped on Monday. Engineers who inspected the hull said the vessel could not sail before June.",
			[]want{{kind: "reported", text: "the vessel could not sail before June", speaker: "Engineers"}}},
		{"a relative clause's named object before a past verb", "The ferry line stopped on Monday. Islanders who backed Ana Lima in March said the fares were now too high.",
			[]want{{kind: "reported", text: "the fares were now too high", speaker: "Islanders"}}},
		{"a quantifier for people", "Dock workers met on Friday. Most of them said they would strike if the port closed.",
			[]want{{kind: "reported", text: "they would strike if the port closed"}}},
		{"a later clause with its own source ends the content", "The port authority said the pier was safe, with engineer Rui Costa warning that the tide could still move it.",
			[]want{{kind: "reported", text: "the pier was safe", speaker: "port authority"}, {kind: "reported", text: "the tide could still move it", speaker: "Rui Costa"}}},
		{"a second verb after but is a claim of its own", "The harbour board said the pier would reopen in May but warned that the ferry might not return before the summer.",
			[]want{{kind: "reported", text: "the pier would reopen in May", speaker: "harbour board"}, {kind: "reported", text: "the ferry might not return", speaker: "harbour board"}}},
		{"an adverb of time before the verb", "The Harbour Board swiftly responded that it would appeal the ruling in a higher court.",
			[]want{{kind: "reported", text: "it would appeal the ruling", speaker: "Harbour Board"}}},
		{"made it clear", "In her first remarks as mayor, Ana Lima made it clear that her administration will fight the port plan.",
			[]want{{kind: "reported", text: "her administration will fight the port plan", speaker: "Ana Lima"}}},
		{"a naming verb after and", "The minister visited the dam and described the flooding as evidence of a breakdown in planning.",
			[]want{{kind: "reported", text: "described the flooding as evidence of a breakdown", speaker: "minister"}}},
		{"outlined a plan", "Mayor Ana Lima has outlined a three-stage plan for the recovery of the harbour.",
			[]want{{kind: "reported", text: "outlined a three-stage plan", speaker: "Ana Lima"}}},
		{"according to, leading", "According to the Baltic Times, the shipment was delayed by two weeks.",
			[]want{{kind: "reported", text: "the shipment was delayed", speaker: "Baltic Times", cue: "according to"}}},
		{"according to the one-word title", "According to the Ledger, the mill will reopen in May.",
			[]want{{kind: "reported", text: "the mill will reopen", speaker: "Ledger", typ: "organization"}}},
		{"the two-word name is an organisation", "The ferry service will resume on Friday, according to the Coastal Federation.",
			[]want{{kind: "reported", text: "The ferry service will resume", speaker: "Coastal Federation", typ: "organization"}}},
		{"time phrase between subject and verb", "Defence Secretary Mara Velde on Wednesday accused the regulator of hiding the audit.",
			[]want{{kind: "reported", text: "the regulator of hiding the audit", speaker: "Mara Velde", cue: "accused"}}},
		{"weekday between subject and verb", "Mayor Lena Fischer Tuesday said the tunnel would open in spring.",
			[]want{{kind: "reported", text: "the tunnel would open", speaker: "Lena Fischer"}}},
		{"and said shares the clause's subject", "The Harbour Board confirmed the collision. It did not reveal the crash site and said it was still searching for the crew.",
			[]want{{kind: "reported", text: "it was still searching for the crew", speaker: "Harbour Board"}}},
		{"a document is not a person", "According to the case report, the patient recovered within two days.",
			[]want{{kind: "reported", text: "the patient recovered", typ: "unknown"}}},
		{"an outlet referred to by its kind", "The ferry service will resume on Friday, the newspaper said.",
			[]want{{kind: "reported", text: "The ferry service will resume", speaker: "newspaper", typ: "organization"}}},
		{"a person's name has no article", "The ferry service will resume on Friday, according to Mara Velde.",
			[]want{{kind: "reported", text: "The ferry service will resume", speaker: "Mara Velde", typ: "person"}}},
		{"according to, trailing", "The shipment was delayed by two weeks, according to port officials.",
			[]want{{kind: "reported", text: "The shipment was delayed", speaker: "port officials", cue: "according to"}}},
		{"according to a report", "According to a Nordic Post report on Tuesday, the mill will close.",
			[]want{{kind: "reported", text: "the mill will close", speaker: "Nordic Post"}}},
		{"according to a statement from", "According to a statement from the Harbour Board, the crane had failed twice.",
			[]want{{kind: "reported", text: "the crane had failed twice", speaker: "Harbour Board"}}},
		{"said that", "Engineers warned that the dam could fail within a year.",
			[]want{{kind: "reported", text: "the dam could fail", speaker: "Engineers", cue: "warned"}}},
		{"time phrase before the complement", "The ministry said on Monday it would cut fuel prices.",
			[]want{{kind: "reported", text: "it would cut fuel prices", speaker: "ministry"}}},
		{"said without that", "Mayor Lena Fischer said the tunnel would open in spring.",
			[]want{{kind: "reported", text: "the tunnel would open", speaker: "Lena Fischer", cue: "said"}}},
		{"attribution at the end", "The bridge will stay closed until June, the city council said.",
			[]want{{kind: "reported", text: "The bridge will stay closed", speaker: "city council"}}},
		{"quoted words with the comma inside the mark, inverted source", `The new tolls are "simply unfair to fishermen," says Marta Ilves, head of the boat owners' union.`,
			[]want{{kind: "reported", text: "The new tolls are", speaker: "Marta Ilves", cue: "says"}}},
		{"title-case headline, verb last", "Harbour Tolls Will Hurt Fishermen, Boat Owner Ines Kowal Says.",
			[]want{{kind: "reported", text: "Harbour Tolls Will Hurt Fishermen", speaker: "Ines Kowal", cue: "Says"}}},
		{"title-case headline, verb second", "Mayor Ines Kowal Says New Pier Will Open in Spring.",
			[]want{{kind: "reported", text: "New Pier Will Open", speaker: "Ines Kowal", cue: "Says"}}},
		{"reported, end", "Two ferries were cancelled because of the storm, Harbour Radio reported.",
			[]want{{kind: "reported", text: "Two ferries were cancelled", speaker: "Harbour Radio", cue: "reported"}}},
		{"quoted as saying", "A company spokesman was quoted as saying that there were no plans to sell.",
			[]want{{kind: "reported", text: "there were no plans to sell", speaker: "company spokesman", cue: "quoted as saying"}}},
		{"blamed", "Senator Ruth Okafor blamed the regulator for the delays.",
			[]want{{kind: "reported", text: "blamed the regulator for the delays", speaker: "Ruth Okafor", cue: "blamed"}}},
		{"claimed to", "Premier Victor Hale claimed to have balanced the budget.",
			[]want{{kind: "reported", text: "claimed to have balanced the budget", speaker: "Victor Hale"}}},
		{"told medium that", "Farmers told local radio that the harvest was the worst in a decade.",
			[]want{{kind: "reported", text: "the harvest was the worst", speaker: "Farmers", cue: "told", via: "local radio"}}},
		{"participle after main clause", "The union rejected the offer, saying it ignored pension rights.",
			[]want{{kind: "reported", text: "it ignored pension rights", speaker: "union", cue: "saying"}}},
		{"parenthetical between subject and verb", "Trade Minister Ola Berg, in turn, said exports had recovered.",
			[]want{{kind: "reported", text: "exports had recovered", speaker: "Ola Berg"}}},
		{"anonymous source with postmodifier", "Sources close to the board said the chairman would resign.",
			[]want{{kind: "reported", text: "the chairman would resign", speaker: "Sources close to the board", typ: "anonymous"}}},
		{"age and description between subject and verb", "Carla Diaz, 54, a retired teacher, said the school had been neglected for years.",
			[]want{{kind: "reported", text: "the school had been neglected", speaker: "Carla Diaz"}}},
		{"title apposition after the name", "Rob Lane, President of Lane Motors, said sales had doubled.",
			[]want{{kind: "reported", text: "sales had doubled", speaker: "Rob Lane"}}},
		{"medium in a leading phrase", "In an interview with Radio Kestrel, Mayor Ida Berg said the budget was balanced.",
			[]want{{kind: "reported", text: "the budget was balanced", speaker: "Ida Berg", via: "Radio Kestrel"}}},
		{"analysts at a firm, attribution at the end", "The merger was expected, analysts at Halden Bank said in a note.",
			[]want{{kind: "reported", text: "The merger was expected", speaker: "Halden Bank"}}},
		{"acronym in brackets", "The Harbour Safety Board (HSB) said in a statement that the crane had failed.",
			[]want{{kind: "reported", text: "the crane had failed", speaker: "Harbour Safety Board"}}},
		{"citing sources", "Radio Nord reported, citing two officials, that the mayor would resign.",
			[]want{{kind: "reported", text: "the mayor would resign", speaker: "Radio Nord"}}},
		{"news site as medium", "Officials told Nordnews.com that the ferry would resume on Friday.",
			[]want{{kind: "reported", text: "the ferry would resume", speaker: "Officials", via: "Nordnews.com"}}},
		{"the statement added", "The Harbour Safety Board said in a statement that the crane had failed. “The port is safe,” the statement added.",
			[]want{{kind: "quote", text: "The port is safe", speaker: "Harbour Safety Board"}}},
		{"leading subordinate clause ends the claim", "Although the mayor claimed to have cut crime, burglaries rose again in May.",
			[]want{{kind: "reported", text: "claimed to have cut crime", speaker: "mayor"}}},
		{"medium between subject and verb", "Mayor Ida Berg, in an interview with Radio Kestrel, said the budget was balanced.",
			[]want{{kind: "reported", text: "the budget was balanced", speaker: "Ida Berg", via: "Radio Kestrel"}}},
		{"role with a place", "Officials in Dornstadt said the bridge would reopen.",
			[]want{{kind: "reported", text: "the bridge would reopen", speaker: "Officials in Dornstadt"}}},
		{"who said, restrictive", "The ferry was stopped by an engineer who said the hull was cracked.",
			[]want{{kind: "reported", text: "the hull was cracked", speaker: "engineer"}}},
		{"who said, set off by commas", "The council chose Ana Lima, who said the harbour would reopen in May, as its new chair.",
			[]want{{kind: "reported", text: "the harbour would reopen in May", speaker: "Ana Lima"}}},
		{"a document speaks", "A new campaign ad says the governor has never balanced a budget.",
			[]want{{kind: "reported", text: "the governor has never balanced a budget"}}},
		{"abbreviation in subject", "U.S. officials said the deal was close.",
			[]want{{kind: "reported", text: "the deal was close", speaker: "U.S. officials"}}},
		{"a place or time phrase between the cue and that", "The ferry line stopped on Monday. Olga Ring tweeted in the quiet early hours that the crossing would stay shut.",
			[]want{{kind: "reported", text: "the crossing would stay shut", speaker: "Olga Ring"}}},
		{"an occasion between the cue and a set-off clause", "The ferry line stopped on Monday. The fares, Olga Ring explained at the council hearing, were set by the port.",
			[]want{{kind: "reported", text: "The fares, Olga Ring explained at the council hearing, were set by the port", speaker: "Olga Ring"}}},
		{"a year before the verb of a relative clause", "The council chose Ana Lima, who in 2019 said the harbour would reopen in May, as its new chair.",
			[]want{{kind: "reported", text: "the harbour would reopen in May", speaker: "Ana Lima"}}},
		{"a clause after a participle is no named object", "The ferry line stopped on Monday. The mayor left the quay, warning that “the pier will not be sold” to a single buyer.",
			[]want{{kind: "reported", text: "“the pier will not be sold” to a single buyer", speaker: "mayor"}}},
		{"a document with modifiers speaks", "The ferry line stopped on Monday. The annual harbour report said the crossing had lost money for years.",
			[]want{{kind: "reported", text: "the crossing had lost money for years"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkWants(t, c.text, c.wants) })
	}
}

func TestSpeakerResolution(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		wants []want
	}{
		{"two delegations stay two speakers", "The Ruritanian delegation said the border crossings would stay closed. The Freedonian delegation demanded assurances that the crossings would reopen within a week.",
			[]want{{kind: "reported", text: "the border crossings would stay closed", speaker: "Ruritanian delegation"}, {kind: "reported", text: "assurances that the crossings would reopen", speaker: "Freedonian delegation"}}},
		{"a delegation is no he: the person named after it is", "The harbour delegation was led by Captain Oskar Velmont. He demanded that the board rebuild the quay before winter.",
			[]want{{kind: "reported", text: "the board rebuild the quay", speaker: "Oskar Velmont"}}},
		{"a delegation is a they", "The ferry delegation met the board on Monday. They said the boats were unsafe.",
			[]want{{kind: "reported", text: "the boats were unsafe", speaker: "ferry delegation", typ: contract.SpeakerGroup}}},
		{"a modifier before the subject, then an -ing cue", "Newly elected Mayor Ana Lima delivered her first speech on Tuesday, telling the council to “get out of the way.”",
			[]want{{kind: "reported", text: "get out of the way", speaker: "Ana Lima"}}},
		{"two titles joined by and before the name", "The party's treasurer and Deputy Speaker Ana Lima said the accounts had been audited.",
			[]want{{kind: "reported", text: "the accounts had been audited", speaker: "Ana Lima"}}},
		{"two titles joined by and, then a coordinated verb", "The party's treasurer and Deputy Speaker Ana Lima met the auditors on Monday and said the accounts were in order.",
			[]want{{kind: "reported", text: "the accounts were in order", speaker: "Ana Lima"}}},
		{"an agency relays the speaker", "“We will find who did this,” according to PTI, the harbour minister said.",
			[]want{{kind: "quote", text: "We will find who did this", speaker: "harbour minister", via: "PTI"}}},
		{"according to an agency alone", "“We will find who did this,” according to Reuters.",
			[]want{{kind: "quote", text: "We will find who did this", speaker: "Reuters"}}},
		{"he after a sentence quoting someone else: the main speaker", "Coach Rafael Duarte said the row began when Lena Morsi claimed it was a plot. He said, “She started all of this herself.”",
			[]want{{kind: "quote", text: "She started all of this", speaker: "Rafael Duarte"}}},
		{"a noun of saying in an opening clause yields the next he to the main clause's speaker", "Addressing Rafael Duarte's threats to cut the harbour grant if he lost, Piet Maas remarked, 'We will manage without that money.' He further stated, 'The port has always paid its own way.'",
			[]want{{kind: "reported", text: "threats to cut the harbour grant", speaker: "Rafael Duarte"}, {kind: "quote", text: "The port has always paid its own way", speaker: "Piet Maas"}}},
		{"an -ing cue after a comma speaks for the subject, not the apposition before it", "Moments after the vote, coach Rafael Duarte turned on his former assistant, Lena Morsi, alleging that she had leaked the team sheet.",
			[]want{{kind: "reported", text: "she had leaked the team sheet", speaker: "Rafael Duarte"}}},
		{"an -ing cue opening the sentence speaks for the subject after its clause", "Expressing thanks to the crews and the harbour staff, Mayor Ana Lima did not just send a blunt note to the board to “pay up now”, but also vowed to fight the cuts that, in her words, have “left the port to rot.”",
			[]want{{kind: "quote", text: "pay up now", speaker: "Ana Lima"}, {kind: "quote", text: "left the port to rot", speaker: "Ana Lima"}}},
		{"the government of an article about one country", "Floods reached northern Ghana on Monday. Rivers across Ghana rose for a third day, and Ghana's dams were opened. The government said it had opened shelters for the displaced.",
			[]want{{kind: "reported", text: "it had opened shelters", speaker: "Ghanaian government"}}},
		{"the government of an article about two countries stays unnamed", "Floods reached Kenya and Uganda on Monday. Rivers across Kenya and Uganda rose, and dams in Kenya and Uganda were opened. The government said it had opened shelters for the displaced.",
			[]want{{kind: "reported", text: "it had opened shelters", speaker: "government"}}},
		{"a title with the seat of its body, then the holder's name", "Union chair and Leader of the House in State Assembly Tomas Verbeek called it a “needless loss”.",
			[]want{{kind: "quote", text: "needless loss", speaker: "Tomas Verbeek"}}},
		{"a fresh description before anyone spoke: the person the passage is about", "Ana Lima beat the sitting mayor on Sunday. Now she has turned on the council, as the former teacher hailed a “new start” for the port.",
			[]want{{kind: "reported", text: "a “new start” for the port", speaker: "Ana Lima"}}},
		{"she", "Finance Minister Aiko Tanaka presented the budget on Monday. She said the deficit would shrink next year.",
			[]want{{kind: "reported", text: "the deficit would shrink", speaker: "Aiko Tanaka", typ: "person"}}},
		{"he after a quote", "Deputy Mayor Hugo Berg met the protesters. “We hear you,” he said.",
			[]want{{kind: "quote", text: "We hear you", speaker: "Hugo Berg"}}},
		{"surname", "Defence Secretary Maria Lopes visited the base. Lopes said the upgrade was on schedule.",
			[]want{{kind: "reported", text: "the upgrade was on schedule", speaker: "Maria Lopes"}}},
		{"he: the nearest sentence wins over an older speaker", "“We object,” lawyer Dana Ruiz told the court. Judge Omar Haddad, a former prosecutor, disagreed. He said the motion was late.",
			[]want{{kind: "reported", text: "the motion was late", speaker: "Omar Haddad"}}},
		{"he: a title apposition makes a person", "“We lost,” striker Ian Cole said. The coach, Tony Marsh, was blunt. “We were terrible,” he said.",
			[]want{{kind: "quote", text: "We were terrible", speaker: "Tony Marsh"}}},
		{"she skips a man named last", "Senator Laura Quist met Governor Mike Dorn. She said the meeting had been useful.",
			[]want{{kind: "reported", text: "the meeting had been useful", speaker: "Laura Quist"}}},
		{"title without name", "Health Minister Jonas Weber opened the clinic. The minister said more clinics would follow.",
			[]want{{kind: "reported", text: "more clinics would follow", speaker: "Jonas Weber"}}},
		{"title given later", "Norway's foreign minister said the talks would continue. Foreign Minister Espen Eide spoke in Oslo.",
			[]want{{kind: "reported", text: "the talks would continue", speaker: "Espen Eide"}}},
		{"title with country picks the right person", "Ruritania's defence minister, Anton Vlk, met Borduria's defence minister, Ivan Kral. Ruritania's defence minister said the border was calm.",
			[]want{{kind: "reported", text: "the border was calm", speaker: "Anton Vlk"}}},
		{"a place before a role is no nation", "Actor Tomas Brenner was cleared of all charges on Monday. Outside the court, the Fennbridge actor said the case had been built on lies.",
			[]want{{kind: "reported", text: "the case had been built on lies", speaker: "Tomas Brenner"}}},
		{"a firm before a role is no nation", "Singer Mara Olsson left the court a free woman. Later the Bellwood singer told reporters that the tour would go ahead.",
			[]want{{kind: "reported", text: "the tour would go ahead", speaker: "Mara Olsson"}}},
		{"one side at talks", "The Ruritanian delegation arrived late. Later the Ruritanian negotiators walked out. They said the offer was insulting.",
			[]want{{kind: "reported", text: "the offer was insulting", speaker: "Ruritanian delegation"}}},
		{"it after the clause", "Brill Corp. cut jobs. The Harbour Authority posted a loss of $4 million, it said on Friday.",
			[]want{{kind: "reported", text: "posted a loss", speaker: "Harbour Authority"}}},
		{"the company", "Brill Corp. cut 300 jobs in May. The company said demand had collapsed.",
			[]want{{kind: "reported", text: "demand had collapsed", speaker: "Brill Corp"}}},
		{"outlet", "The Daily Courier first published the leak. The newspaper said it had seen the documents.",
			[]want{{kind: "reported", text: "it had seen the documents", speaker: "Daily Courier"}}},
		{"anonymous", "“Nobody expected this,” an airline official said.",
			[]want{{kind: "quote", text: "Nobody expected this", speaker: "airline official", typ: "anonymous"}}},
		{"they", "Local residents gathered outside the plant. They said the smell had worsened.",
			[]want{{kind: "reported", text: "the smell had worsened", speaker: "Local residents"}}},
		{"possessed statement", "Kessler's remarks went further, warning that “the region will pay a price.”",
			[]want{{kind: "quote", text: "the region will pay a price", speaker: "Kessler"}}},
		{"full name given later wins", "Vance said the plan was dead. Later, Senator Carla Vance left the chamber.",
			[]want{{kind: "reported", text: "the plan was dead", speaker: "Carla Vance"}}},
		{"she: the latest speaker when nearby sentences name nobody", "“I was ready,” singer Nora Blix said.\n\nThe first rehearsal went badly.\n\nBut the doubts faded. “I went back the next day,” she said.",
			[]want{{kind: "quote", text: "I went back the next day", speaker: "Nora Blix"}}},
		{"statement without author is not the speaker", "Mayor Leo Ortiz opened the bridge. “This is a proud day for the town,” he told volunteers, according to a statement.",
			[]want{{kind: "quote", text: "a proud day", speaker: "Leo Ortiz"}}},
		{"and said: the subject is not the object of a preposition", "The trade ministry said it saw the tariff as a threat to the supply deal and said it would respond soon.",
			[]want{{kind: "reported", text: "it would respond soon", speaker: "trade ministry"}}},
		{"according to a role, then the name in apposition", "According to her coach, Piet Maas, “She trained harder than anyone I have ever worked with.”",
			[]want{{kind: "quote", text: "She trained harder", speaker: "Piet Maas", typ: "person"}}},
		{"according to a role with a name in apposition, reported", "According to the club's lawyer, Ines Duarte, the contract was never signed.",
			[]want{{kind: "reported", text: "the contract was never signed", speaker: "Ines Duarte"}}},
		{"singular they after a named spokesperson", "Rafa Ionescu, a spokesperson for the museum, confirmed that the wing would close. “We expect to reopen it in the spring,” they said.",
			[]want{{kind: "quote", text: "reopen it in the spring", speaker: "Rafa Ionescu"}}},
		{"they for a company written as a plural", "The singer blamed her old label.\n\nCrescent Records have denied any wrongdoing.\n\n“We never stopped her from touring,” they said in a statement.",
			[]want{{kind: "quote", text: "We never stopped her", speaker: "Crescent Records"}}},
		{"and inside an institution's name", "The Northland Centre for Flood Control and Prevention said the river would crest on Sunday.",
			[]want{{kind: "reported", text: "the river would crest", speaker: "Northland Centre for Flood Control and Prevention", typ: "organization"}}},
		{"and between two speakers is not one name", "Ray Tolan and Lee Park said the deal was fair.",
			[]want{{kind: "reported", text: "the deal was fair"}}},
		{"as X put it", "Mayor Tom Reed spoke next. As Reed put it, “Nobody in this town will be left behind by the new plan.”",
			[]want{{kind: "quote", text: "Nobody in this town", speaker: "Tom Reed"}}},
		{"noun-like verb form after a quotation", "“We are truly proud of the new hospital wing,” comments Dana Holt in a statement, “as it serves the whole valley.”",
			[]want{{kind: "quote", text: "truly proud", speaker: "Dana Holt"}}},
		{"name, owner's job title, said — quote", "“Winter is a busy season for buyers of used cars,” Mara Velde, Autoplaza's head of research, said in a statement.",
			[]want{{kind: "quote", text: "busy season", speaker: "Mara Velde", typ: "person"}}},
		{"name, owner's job title, said — reported", "Mara Velde, Autoplaza's research chief, said the season was busy.",
			[]want{{kind: "reported", text: "the season was busy", speaker: "Mara Velde"}}},
		{"name, title of org, description, said", "Jo Ruiz, president of Brick & Mortar, a Leeds design agency, said the campaign was meant to shock.",
			[]want{{kind: "reported", text: "the campaign was meant to shock", speaker: "Jo Ruiz"}}},
		{"a production company is an organisation", "Harbor Lane Productions denied the report. “No deal has been signed,” the company said.",
			[]want{{kind: "quote", text: "No deal has been signed", speaker: "Harbor Lane Productions", typ: "organization"}}},
		{"a modified acronym is an organisation", "The Ruritanian NDMA said the floods had displaced thousands.",
			[]want{{kind: "reported", text: "displaced thousands", typ: "organization"}}},
		{"an ampersand inside a company name", "Brick & Mortar Co. said the shop would reopen in March.",
			[]want{{kind: "reported", text: "the shop would reopen", speaker: "Brick & Mortar Co", typ: "organization"}}},
		{"an agency's initials are its full name", "The storm was moving north at 12 mph, AP reported.",
			[]want{{kind: "reported", text: "The storm was moving north", speaker: "Associated Press", typ: "organization"}}},
		{"an agency's full name stays", "The storm was moving north at 12 mph, the Associated Press reported.",
			[]want{{kind: "reported", text: "The storm was moving north", speaker: "Associated Press", typ: "organization"}}},
		{"an agency spelled without its hyphen", "Agence France Presse said the talks had stalled.",
			[]want{{kind: "reported", text: "the talks had stalled", speaker: "AFP", typ: "organization"}}},
		{"spelling variants share a key", "Khawaja Ahmad spoke first. “We disagree,” Khwaja Ahmad said.",
			[]want{{kind: "quote", text: "We disagree"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkWants(t, c.text, c.wants) })
	}
}

// "Brill, a maker of …, announced a new North Sea service": the verb's
// object is not an inverted speaker.
func TestObjectIsNotAnInvertedSpeaker(t *testing.T) {
	text := "Brill Marine, a maker of harbour cranes and ship lifts focused on ports and shipyards, announced a new North Sea integrated crane service with Halden, a maker of steel, to serve ports."
	for _, c := range extractText(text).Claims {
		if c.Speaker != nil && strings.Contains(c.Speaker.Name, "North Sea") {
			t.Errorf("%s claim %q credited to %q", c.Kind, c.Text, c.Speaker.Name)
		}
	}
}

// "During the visit, he was photographed … around Harbour Park. … He told
// …": the second "he" is the first one, not the park.
func TestPronounChainSkipsPlaces(t *testing.T) {
	text := "Mora claims that he felt bound to visit the valley to tell the farmers in person. This visit required the senator spending three days at Lind’s farm. Must have been long talks?\n\n" +
		"During the visit, he was photographed having long chats with Lind while strolling around Harbour Park. Was this to find out how angry the farmers were?\n\n" +
		"He instead told the radio host: “We will rebuild every farm.”"
	c := findClaim(extractText(text), "quote", "We will rebuild every farm")
	if c == nil {
		t.Fatal("quote not found")
	}
	if c.Speaker != nil && c.Speaker.Name == "Harbour Park" {
		t.Fatalf("quote credited to %q", c.Speaker.Name)
	}
}

func TestPublishingNounIsNotASpeaker(t *testing.T) {
	text := "Mayor Leo Ortiz opened the bridge. “This is a proud day for the town,” he told volunteers, according to a statement."
	for _, c := range extractText(text).Claims {
		if c.Speaker != nil && c.Speaker.Name == "statement" {
			t.Errorf("%s claim %q credited to the statement", c.Kind, c.Text)
		}
	}
}

func TestStatistics(t *testing.T) {
	cases := []struct {
		name    string
		text    string
		value   float64
		qual    string
		unit    string
		speaker string
	}{
		{"casualties, over", "Shelling killed over 40 people near the border.", 40, "over", "people killed", ""},
		{"attributed", "Police said at least 12 people were injured in the clashes.", 12, "at least", "people injured", "Police"},
		{"more than dead", "The storm left more than 30 dead across the island.", 30, "more than", "people killed", ""},
		{"percentage", "Unemployment rose to 8.4 percent in March.", 8.4, "", "%", ""},
		{"amount", "The council approved $2.5 million for repairs.", 2.5e6, "", "USD", ""},
		{"a spelled compound is the only figure", "The mayor called an inquiry after forty-one people were hurt at the fair.", 41, "", "people injured", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			var got *contract.Claim
			for i := range cs.Claims {
				if cs.Claims[i].Kind == contract.KindStatistic {
					got = &cs.Claims[i]
					break
				}
			}
			if got == nil {
				t.Fatalf("no statistic: %s", dump(cs))
			}
			n := got.Numbers[0]
			if n.Value == nil || *n.Value != c.value || n.Qualifier != c.qual || n.Unit != c.unit {
				t.Errorf("number %+v, want %v %q %q", n, c.value, c.qual, c.unit)
			}
			if c.speaker != "" && (got.Speaker == nil || got.Speaker.Name != c.speaker) {
				t.Errorf("speaker %+v, want %q", got.Speaker, c.speaker)
			}
		})
	}
}

func TestPassiveIsNotAttribution(t *testing.T) {
	for _, c := range extractText("It was reported that the mine had closed. He was told that the permit had expired.").Claims {
		if c.Kind == contract.KindReported {
			t.Errorf("passive verb gave a reported claim: %+v", c)
		}
	}
}

func TestBoilerplateLinesYieldNothing(t *testing.T) {
	text := "Home\nWorld\nMinister says 300 jobs at risk as plant closes\nRead more: Five things to know about the vote\nShare this article"
	if cs := extractText(text); len(cs.Claims) != 0 {
		t.Errorf("claims from boilerplate: %s", dump(cs))
	}
}

func TestDeterministicAndVersioned(t *testing.T) {
	b, err := readTestdata("talks.txt")
	if err != nil {
		t.Skip(err)
	}
	a := contract.Article{Schema: contract.Schema, ID: "x", Text: b}
	first := Extract(a)
	if first.ExtractorVersion != Version || len(first.Claims) == 0 {
		t.Fatalf("version %q, %d claims", first.ExtractorVersion, len(first.Claims))
	}
	for range 3 {
		again := Extract(a)
		if dump(again) != dump(first) || len(again.Claims) != len(first.Claims) || again.Claims[0].ID != first.Claims[0].ID {
			t.Fatal("output differs between runs")
		}
	}
}

func TestOtherLanguagesYieldNothing(t *testing.T) {
	// a Portuguese sentence whose attribution our English patterns would
	// misread ("X said" after a name) if the language were ignored
	foreign := "“Não vamos desistir de nada”, disse o prefeito. O prefeito João Lima said na segunda-feira que as obras recomeçam em breve."
	english := "“We will not give up,” Mayor Joao Lima said. He said the works would resume."
	for _, tc := range []struct {
		lang, text string
		want       bool
	}{
		{"pt", foreign, false},
		{"en", english, true},
		{"", english, true},
		{"en-GB", english, true},
		{"pt", english, true}, // a wrong language tag on English text is ignored
	} {
		cs := Extract(contract.Article{ID: "l", Lang: tc.lang, Text: tc.text})
		if got := len(cs.Claims) > 0; got != tc.want {
			t.Errorf("lang %q on %.20q: claims %v, want %v", tc.lang, tc.text, got, tc.want)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	text, err := readTestdata("talks.txt")
	if err != nil {
		t.Skip(err)
	}
	a := contract.Article{ID: "c", Text: text}
	want := dump(Extract(a))
	done := make(chan string)
	for range 4 {
		go func() { done <- dump(Extract(a)) }()
	}
	for range 4 {
		if got := <-done; got != want {
			t.Fatal("concurrent extraction differs")
		}
	}
}

// quoteParts is a text and how many quote claims it makes.
type quoteParts struct {
	text  string
	parts int
}

func checkQuoteParts(t *testing.T, cases []quoteParts) {
	t.Helper()
	for _, c := range cases {
		cs := extractText(c.text)
		n := 0
		for _, cl := range cs.Claims {
			if cl.Kind == contract.KindQuote {
				n++
			}
		}
		if n != c.parts {
			t.Errorf("%q: %d quote claims, want %d: %s", c.text, n, c.parts, dump(cs))
		}
	}
}

// TestSplitSentenceIsOneClaim: a sentence cut by its attribution is one
// assertion (one claim); two sentences around the attribution are two.
func TestSplitSentenceIsOneClaim(t *testing.T) {
	checkQuoteParts(t, []quoteParts{
		{"“If the river rises again,” Carl Beck said, “the old bridge will have to close for a month.”", 1},
		{"“The river rose again last night,” Carl Beck said, “The old bridge will have to close for a month.”", 2},
	})
}

// TestNestedReportIsOneClaim: a report inside what someone reported is
// part of that statement, not a second claim of the same words.
func TestNestedReportIsOneClaim(t *testing.T) {
	cs := extractText("Councillor Ada Brink said on Monday that the harbour board had claimed the pier was safe for heavy trucks.")
	n := 0
	for _, c := range cs.Claims {
		if c.Kind == contract.KindReported {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d reported claims, want 1: %s", n, dump(cs))
	}
}

// TestRelativeAsideIsAClaim: a statement in a relative clause inside
// another statement ("…, which he said were …", "in what traders said
// was …") says something of its own about the noun it hangs on, and is a
// claim beside the outer one.
func TestRelativeAsideIsAClaim(t *testing.T) {
	cases := []struct{ text, want string }{
		{"The inspector Piet Maas said the crates were stacked on the quay, which he said were ready for loading.", "which he said were ready for loading"},
		{"Councillor Ada Brink said the council had moved the fish market to the edge of town, in what traders said was a plan to push them out.", "what traders said was a plan to push them out"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			cs := extractText(c.text)
			n := 0
			for _, cl := range cs.Claims {
				if cl.Kind == contract.KindReported {
					n++
					if cl.Text == c.want {
						return
					}
				}
			}
			t.Errorf("no reported claim %q among %d: %s", c.want, n, dump(cs))
		})
	}
}

// TestRelativeAsideNeedsGap: only a relative clause that lost its
// subject to the relative word is an aside of its own; with a subject of
// its own the clause is an indirect question inside the outer statement.
func TestRelativeAsideNeedsGap(t *testing.T) {
	cases := []struct {
		text, cue string
		want      bool
	}{
		{"which he said were ready for loading", "said", true},
		{"what traders said was a plan to push them out", "said", true},
		{"what they thought the council would do next", "thought", false},
		{"which the clerk said she files in the blue cabinet", "said", false},
		{"the crates were ready, which he said", "said", false},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			if got := relativeAside(contract.Claim{Text: c.text, Cue: c.cue}); got != c.want {
				t.Errorf("relativeAside = %v, want %v", got, c.want)
			}
		})
	}
}

// TestSharedRelativeSpeaks: "the families, many of whom say …" — a
// share of the party before the comma opens the relative clause, and
// that party speaks.
func TestSharedRelativeSpeaks(t *testing.T) {
	cases := []struct{ text, want, speaker string }{
		{"The mayor met the relatives of the drowned sailors, many of whom now argue the ferry timetable is unworkable.", "the ferry timetable is unworkable", "relatives"},
		{"The mayor met local officials, some of whom said the ferry timetable was unworkable.", "the ferry timetable was unworkable", "officials"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			cs := extractText(c.text)
			for _, cl := range cs.Claims {
				if cl.Text == c.want && cl.Speaker != nil && strings.Contains(cl.Speaker.Name, c.speaker) {
					return
				}
			}
			t.Errorf("no claim %q by %q: %s", c.want, c.speaker, dump(cs))
		})
	}
}

// TestNoComplementAfterConjunction: "said, and …", "said as …" have no
// reported content; the quotation before is what was said.
// TestNoComplementWithoutSubject: a verb right after the cue belongs to
// a subject before it, so no clause without "that" follows the cue.
func TestNoComplementWithoutSubject(t *testing.T) {
	for _, text := range []string{
		"The ferry line stopped on Monday. Everything the harbour master says is a guess until the tide turns.",
	} {
		for _, c := range extractText(text).Claims {
			if c.Kind == contract.KindReported {
				t.Errorf("%q: reported claim %q", text, c.Text)
			}
		}
	}
}

func TestNoComplementAfterConjunction(t *testing.T) {
	for _, text := range []string{
		"“We have waited long enough,” Ana Lima said, and soon the crowd began to leave the square.",
		"“The vote was fair,” Piet Maas said as he walked out of the council chamber.",
	} {
		cs := extractText(text)
		for _, c := range cs.Claims {
			if c.Kind == contract.KindReported {
				t.Errorf("%q: reported claim %q", text, c.Text)
			}
		}
		if len(cs.Claims) == 0 || cs.Claims[0].Kind != contract.KindQuote {
			t.Errorf("%q: no quote claim: %s", text, dump(cs))
		}
	}
}

// TestShortContinuationJoinsItsQuotation: a short quotation right after
// the attribution of another ("“…,” she said. “Not one.”") says nothing
// alone and is one claim with it; a long one is an assertion of its own,
// and so is a short one with no attribution between.
// TestInterruptedQuotationAfterAdjunct: a quotation interrupted in mid
// sentence is one claim also when the attribution carries a year or the
// ones spoken of; before, the words after the attribution were lost.
func TestInterruptedQuotationAfterAdjunct(t *testing.T) {
	checkQuoteParts(t, []quoteParts{
		{"“We kept every ferry running,” the harbour master Ines Vale told the Courier in 2021, “even when the quay flooded twice.”", 1},
		{"“Both crews did well,” Ines Vale said of the pilots and the tug masters, “and the port owes them a great deal.”", 1},
	})
	checkWants(t, "“We kept every ferry running,” the harbour master Ines Vale told the Courier in 2021, “even when the quay flooded twice.”",
		[]want{{kind: "quote", text: "even when the quay flooded twice", speaker: "Ines Vale"}})
}

func TestShortContinuationJoinsItsQuotation(t *testing.T) {
	checkQuoteParts(t, []quoteParts{
		{"“We counted every boat in the harbour twice,” said Ines Vale, who runs the harbour. “Not one was missing.”", 1},
		{"“We counted every boat in the harbour twice,” said Ines Vale, who runs the harbour. “Every one of them was moored where the registry said it would be, and none had moved.”", 2},
		{"Harbour master Ines Vale said: “We counted every boat in the harbour twice.” “Not one was missing.”", 2},
		{"“Not one boat,” said Ines Vale, who runs the harbour. “Every one of them was moored where the registry said it would be, and none had moved.”", 1},
	})
}

// A quoted fragment that no claim holds is the words of the subject who
// acts on it; not when the subject is described, when no one is the
// subject, when a title is quoted, when a noun is possessed, when it
// follows another quotation in a list, or when it stands right after the
// subject, inside its noun phrase.
func TestSubjectFragment(t *testing.T) {
	cases := []struct {
		name, text, frag, speaker string // speaker "" = no quote claim
	}{
		{"subject acts", "Coach Petra Lindqvist thanked “every single fan who travelled north” after the final.", "every single fan", "Petra Lindqvist"},
		{"one word", "Mayor Tomas Ferreira struck a note of “patience” at the opening of the bridge.", "patience", "Tomas Ferreira"},
		{"relative clause", "The governor spoke to Councillor Ada Brennan, who has opened an inquiry into the “regrettable” collapse.", "regrettable", "Ada Brennan"},
		{"subject described", "Negotiators from both ports were “astonished” after the offer was withdrawn.", "astonished", ""},
		{"no one speaks", "During the hearing, it emerged that a “third party” had paid the fees.", "third party", ""},
		{"title with its stop", "Senator Ilse Marwick recommended “Rivers of the North.” to every student.", "Rivers of the North", ""},
		{"beside a claim, outside it", "Mayor Tomas Ferreira cut the ribbon on the “bridge of patience” and said the ferry would stop running in May.", "bridge of patience", "Tomas Ferreira"},
		{"possessed noun", "Coach Petra Lindqvist spoke warmly of the goalkeeper's “calm” after the final.", "calm", ""},
		{"a nickname inside the name", "Councillor Ana “Nan” Lima opened the new ferry terminal on Monday.", "Nan", ""},
		{"a label inside the subject's phrase", "The Harbour Union “rescue fund” paid for two new boats last winter.", "rescue fund", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			cl := findClaim(cs, contract.KindQuote, c.frag)
			switch {
			case c.speaker == "" && cl != nil:
				t.Errorf("unexpected quote claim %q: %s", cl.Text, dump(cs))
			case c.speaker != "" && cl == nil:
				t.Errorf("no quote claim for %q: %s", c.frag, dump(cs))
			case c.speaker != "" && (cl.Speaker == nil || cl.Speaker.Name != c.speaker):
				t.Errorf("%q: speaker %+v, want %q", c.frag, cl.Speaker, c.speaker)
			case cl != nil && cl.Rule != "quote-subject-fragment":
				t.Errorf("%q: rule %q", c.frag, cl.Rule)
			}
		})
	}
}

// A quoted fragment after "OBJECT as" names the object, as a naming
// verb's quotation does: the claim opens with the object (past a phrasal
// verb's particle and a clause that leads to it) and keeps a list of
// names after it.
func TestSubjectFragmentNamesItsObject(t *testing.T) {
	cases := []struct{ text, want string }{
		{"Coach Petra Lindqvist praised the new goalkeeper as a “wall nobody can climb” after the final.", "the new goalkeeper as a “wall nobody can climb”"},
		{"Mayor Tomas Ferreira went after the ferry board as “reckless” and a “closed shop.”", "the ferry board as “reckless” and a “closed shop.”"},
		{"Councillor Ada Brennan backs a campaign that relies on presenting herself as “the outsider.”", "herself as “the outsider.”"},
		{"Coach Petra Lindqvist thanked “every single fan who travelled north” after the final.", "every single fan who travelled north"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			cs := extractText(c.text)
			var got []string
			for _, cl := range cs.Claims {
				if cl.Kind == contract.KindQuote {
					got = append(got, cl.Text)
				}
			}
			if len(got) != 1 || got[0] != c.want {
				t.Errorf("quote claims %q, want %q: %s", got, c.want, dump(cs))
			}
		})
	}
}

// A list of quoted names after a naming verb is one claim: the later
// names are neither claims of their own nor fragments.
func TestNamingListIsOneClaim(t *testing.T) {
	cs := extractText("Senator Ilse Marwick has called the rival senator a “coward,” a “fraud” and “unfit.”")
	var quotes []contract.Claim
	for _, c := range cs.Claims {
		if c.Kind == contract.KindQuote {
			quotes = append(quotes, c)
		}
	}
	if len(quotes) != 1 || quotes[0].Rule != "naming-quote" || !strings.Contains(quotes[0].Text, "coward") || !strings.Contains(quotes[0].Text, "unfit") {
		t.Fatalf("want one naming-quote claim holding the whole list: %s", dump(cs))
	}
}

// Reported speech followed by a later cue with its own quotation keeps
// its claim, ending where the later attribution begins.
func TestReportedThenQuotingCue(t *testing.T) {
	checkWants(t, "Harbour master Ines Vale said that the crews had worked through the night, adding, “Every boat is back on its mooring.”", []want{
		{kind: contract.KindReported, text: "the crews had worked through the night", speaker: "Ines Vale"},
		{kind: contract.KindQuote, text: "Every boat is back on its mooring.", speaker: "Ines Vale"},
	})
	cs := extractText("Harbour master Ines Vale said that the crews had worked through the night, adding, “Every boat is back on its mooring.”")
	if c := findClaim(cs, contract.KindReported, "the crews"); c != nil && strings.Contains(c.Text, "adding") {
		t.Errorf("reported claim runs into the later attribution: %q", c.Text)
	}
}

// An embedded post is its author's words: the text before its signature,
// without the links, even when the article quoted it just before.
func TestEmbeddedPost(t *testing.T) {
	cases := []struct {
		name, text, words, speaker string // speaker "" = no quote-post claim
	}{
		{"alone", "The ferry company posted an update.\n\nAll crossings resume at noon today after the storm. Check the timetable https://t.co/AbC123 — Nordlys Ferries (@nordlysferries) March 4, 2025",
			"All crossings resume at noon today after the storm. Check the timetable", "Nordlys Ferries"},
		{"after its quotation", "On X, the harbour office wrote, \"The outer pier stays closed.\" The outer pier stays closed until the divers finish their survey. pic.twitter.com/XyZ987 — Harbour Office Tromsø (@harbourtromso) June 12, 2024",
			"The outer pier stays closed until the divers finish their survey.", "Harbour Office Tromsø"},
		{"post quoting someone", "Commentators shared the moment.\n\nHuge: the mayor just told the crowd \"we will rebuild every pier\" pic.twitter.com/Qq11 — Coastal Watch (@coastalwatch) May 1, 2025",
			"Huge: the mayor", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			var got *contract.Claim
			for i, cl := range cs.Claims {
				if cl.Rule == "quote-post" {
					got = &cs.Claims[i]
				}
			}
			switch {
			case c.speaker == "" && got != nil:
				t.Errorf("unexpected post claim %q", got.Text)
			case c.speaker != "" && got == nil:
				t.Errorf("no post claim: %s", dump(cs))
			case c.speaker != "" && (got.Text != c.words || got.Speaker == nil || got.Speaker.Name != c.speaker || got.Via != "X"):
				t.Errorf("post claim %q by %+v via %q, want %q by %q", got.Text, got.Speaker, got.Via, c.words, c.speaker)
			}
		})
	}
}

func TestSourceSpanShapes(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		wants []want
	}{
		{"surname in -ly opens the sentence", "Pembly said the ferry would run again in April.",
			[]want{{kind: "reported", text: "the ferry would run again", speaker: "Pembly", cue: "said"}}},
		{"surname in -ly before an auxiliary and the verb", "Pembly has said the ferry would run again in April.",
			[]want{{kind: "reported", text: "the ferry would run again", speaker: "Pembly", cue: "said"}}},
		{"surname in -ing opens the sentence", "Harding told the board the audit was late.",
			[]want{{kind: "reported", text: "the audit was late", speaker: "Harding", cue: "told"}}},
		{"name led by initials after the verb", "“The ferry is late again,” said J. Q. Pardoe.",
			[]want{{kind: "quote", text: "The ferry is late again", speaker: "J. Q. Pardoe", cue: "said"}}},
		{"name led by initials opens the sentence", "J. Q. Pardoe said the ferry was late again.",
			[]want{{kind: "reported", text: "the ferry was late again", speaker: "J. Q. Pardoe", cue: "said"}}},
		{"a date before a description and a name", "“We still have no answers,” said 3/4 survivor Ilse Quarmby.",
			[]want{{kind: "quote", text: "We still have no answers", speaker: "Ilse Quarmby", cue: "said"}}},
		{"a parent by the number of children", "“We were never told,” the uncle of seven replied.",
			[]want{{kind: "quote", text: "We were never told", cue: "replied"}}},
		{"a parent by the number of children, reported", "The grandmother of five said the bus had stopped coming.",
			[]want{{kind: "reported", text: "the bus had stopped coming", cue: "said"}}},
		{"went on to vow: the vow is reported, its quoted words are fragments", "The skipper went on to vow that the crew would end the “reign of the brokers” who had set the prices for years.",
			[]want{{kind: "reported", text: "the crew would end", cue: "went on to vow"}, {kind: "quote", text: "reign of the brokers", cue: "went on to vow"}}},
		{"a plural description without a determiner after \"and\", joint with the source before it", "However, harbour sources and Danish radio reports suggest that the storm surge, not the dredging, cracked the pier.",
			[]want{{kind: "reported", text: "the storm surge, not the dredging, cracked the pier", speaker: "harbour sources", cue: "suggest"}}},
		{"a plural description without a determiner after a comma", "The pier is closed, and local radio reports say the ferry will not run.",
			[]want{{kind: "reported", text: "the ferry will not run", speaker: "local radio reports", cue: "say"}}},
		{"two parties after a verb are no joint subject", "Quarmby met the crews and officials said the pier was shut.",
			[]want{{kind: "reported", text: "the pier was shut", speaker: "officials", cue: "said"}}},
		{"someone else is another unnamed person, and the claim before ends at the clause", "Our fisherman insisted the quay was shut, while someone else claimed a ferry had sunk.",
			[]want{{kind: "reported", text: "the quay was shut", speaker: "fisherman"}, {kind: "reported", text: "a ferry had sunk", speaker: "someone else"}}},
		{"a description outside the lexicons after an inverted cue", "“The ferry is late again,” said the lock keeper.",
			[]want{{kind: "quote", text: "The ferry is late again", speaker: "lock keeper", cue: "said"}}},
		{"a description outside the lexicons, then the name, after an inverted cue", "“The ferry is late again,” said the lock keeper, Ilse Quarmby.",
			[]want{{kind: "quote", text: "The ferry is late again", speaker: "Ilse Quarmby", cue: "said"}}},
		{"a role, then the name, closing the sentence", "“The ferry is late again,” said the mayor, Ilse Quarmby.",
			[]want{{kind: "quote", text: "The ferry is late again", speaker: "Ilse Quarmby", cue: "said"}}},
		{"a description outside the lexicons set off before a name", "The lock keeper, Ilse Quarmby, said the ferry was late again.",
			[]want{{kind: "reported", text: "the ferry was late again", speaker: "Ilse Quarmby", cue: "said"}}},
		{"surname in -ly, an aside, then the verb", "Pembly, the lock keeper, said the ferry would run again in April.",
			[]want{{kind: "reported", text: "the ferry would run again", speaker: "Pembly", cue: "said"}}},
		{"sentence-initial preposition is no name", "About the delay, the skipper said the crew had been ill.",
			[]want{{kind: "reported", text: "the crew had been ill", speaker: "skipper", cue: "said"}}},
		{"sentence-initial quantifier is no name", "Several tenants left. More said the boiler had failed twice.",
			[]want{{kind: "reported", text: "the boiler had failed twice", cue: "said"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { checkWants(t, tc.text, tc.wants) })
	}
	// a function word capitalised by its place never becomes a speaker
	for _, text := range []string{"About the delay, the skipper said the crew had been ill.", "Several tenants left. More said the boiler had failed twice."} {
		for _, c := range extractText(text).Claims {
			if c.Speaker != nil && (c.Speaker.Name == "About" || c.Speaker.Name == "More") {
				t.Errorf("%q: speaker %q", text, c.Speaker.Name)
			}
		}
	}
}

func TestAddresseeIsNotTheSpeaker(t *testing.T) {
	cases := []struct{ name, text string }{
		{"beat after the addressee acted", "Governor Rhea Tamsin took the stage. “Governor Tamsin, you closed our library.”"},
		{"pronoun that would resolve to the addressee", "Governor Rhea Tamsin took the stage. “Governor Tamsin, you closed our library,” she said."},
		{"greeting of a letter", "Governor Rhea Tamsin took the stage. “Dear Governor Tamsin, the library is closed.”"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range extractText(tc.text).Claims {
				if c.Speaker != nil && c.Speaker.Name == "Rhea Tamsin" {
					t.Errorf("addressee taken as speaker: %s", dump(extractText(tc.text)))
				}
			}
		})
	}
	// the same person is still the speaker of a quotation that does not address her
	checkWants(t, "Governor Rhea Tamsin took the stage. “The library will reopen in spring,” she said.",
		[]want{{kind: "quote", text: "The library will reopen", speaker: "Rhea Tamsin"}})
}

// TestQuotationCutByPageEnd: a stored page truncated inside a quotation
// still quotes the speaker of the paragraph before.
func TestQuotationCutByPageEnd(t *testing.T) {
	checkWants(t, "Harbour master Ilsa Vorand said the crews would clear the pier within days.\n\n“The dock crews, with the coast guard behind them, stand ready to take charge of the", []want{
		{kind: contract.KindQuote, text: "with the coast guard behind them", speaker: "Ilsa Vorand"},
	})
}

// TestQuoteParagraphAfterABeat: a quotation that is a paragraph of its own
// after a paragraph where an already quoted person acts is that person's;
// a heading-like subject who has said nothing speaks for no one.
func TestQuoteParagraphAfterABeat(t *testing.T) {
	text := "Harbour master Ilsa Vorand said the crews would clear the pier within days.\n\nVorand later walked the length of the quay as the tide came in.\n\n“Standing on this quay, I think of the storms my father saw here, and of the boats he lost to them.”"
	checkWants(t, text, []want{{kind: contract.KindQuote, text: "I think of the storms", speaker: "Ilsa Vorand"}})
	cs := extractText("Harbour Voices Speak Their Minds On The Pier.\n\n“Standing on this quay, I think of the storms my father saw here, and of the boats he lost to them.”")
	if c := findClaim(cs, contract.KindQuote, "I think of the storms"); c != nil && c.Speaker != nil && c.Speaker.Name != "" {
		t.Errorf("speaker %q from a heading-like line", c.Speaker.Name)
	}
}

// TestQuotationLeadsParagraph: a quotation that is the first sentence of
// its paragraph, with the writer going on after it, is the voice of the
// paragraph before — past a voice it turns to by name, which answers
// rather than speaks; not when the quotations run on to a signature.
func TestQuotationLeadsParagraph(t *testing.T) {
	cases := []struct {
		name, text, quote, speaker string
	}{
		{"after reported speech", "Mayor Ilsa Vorand said the ferry would run all winter.\n\n“We have bought two new boats and trained a dozen pilots for it.” The crowd on the quay cheered.",
			"bought two new boats", "Ilsa Vorand"},
		{"addressing the one quoted just before", "Mayor Ilsa Vorand said the ferry would run all winter. Minister Oren Falk wrote on his blog, “Nobody believes her.”\n\n“Minister Falk, since you are reading, come and ride the ferry with me.” The crowd on the quay cheered.",
			"come and ride the ferry", "Ilsa Vorand"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkWants(t, tc.text, []want{{kind: contract.KindQuote, text: tc.quote, speaker: tc.speaker}})
		})
	}
	// a run of quotations signed at the paragraph's end is not read
	// sentence by sentence as the voice before
	signed := "Mayor Ilsa Vorand said the ferry would run all winter.\n\n“The boats are too old for the winter sea and the crews know it.” And the pilots say the same. “Ask any of them.” ― Pia Rost"
	if c := findClaim(extractText(signed), contract.KindQuote, "too old for the winter"); c != nil && c.Speaker != nil && c.Speaker.Name == "Ilsa Vorand" {
		t.Errorf("signed quotation given to the voice before: %s", dump(extractText(signed)))
	}
}

// Figures that share a clause each make a statistic claim of their own,
// with their own words: parted at an "and", "or" or comma between them,
// and without one the later figure's claim starts after the earlier one.
func TestFiguresOfOneClause(t *testing.T) {
	cases := []struct {
		name  string
		text  string
		wants []string // the statistic claims' texts, in order
	}{
		{"two amounts joined by and", "The council granted $40,000 for the ferry crews and $12,000 for the harbour school.",
			[]string{"The council granted $40,000 for the ferry crews", "$12,000 for the harbour school"}},
		{"a count, then a share without a separator", "Ilse Marwick won 5,210 votes (61 per cent) in the harbour ward.",
			[]string{"Ilse Marwick won 5,210 votes (61 per cent) in the harbour ward", "(61 per cent) in the harbour ward"}},
		{"a figure in a relative clause after another", "The board paid $500 to each family of the storm that killed 12 fishermen.",
			[]string{"The board paid $500 to each family of the storm", "the storm that killed 12 fishermen"}},
		{"figures read overlapping stay one claim", "Harbour polls suggested that turnout among sailors under the age of 30 dropped roughly 40 percent from 2010.",
			[]string{"Harbour polls suggested that turnout among sailors under the age of 30 dropped roughly 40 percent from 2010"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			var got []string
			for _, cl := range cs.Claims {
				if cl.Kind == contract.KindStatistic {
					got = append(got, cl.Text)
					if len(cl.Numbers) != 1 {
						t.Errorf("%q: %d numbers, want 1", cl.Text, len(cl.Numbers))
					}
				}
			}
			if !slices.Equal(got, c.wants) {
				t.Errorf("statistics %q, want %q", got, c.wants)
			}
		})
	}
}

// A figure broken down in an aside ("40 people, including six children,
// were …") keeps the verb after the aside, which says what it counts; the
// aside's own figures stay claims of their own. A list that goes on after
// the aside's comma is no aside closing.
func TestFigureBreakdown(t *testing.T) {
	cases := []struct {
		name string
		text string
		want string // the first statistic claim's text
	}{
		{"the verb after the breakdown", "In the storm, 40 people, including six children and two guards, were rescued from the ferry.",
			"40 people, including six children and two guards, were rescued from the ferry"},
		{"a breakdown inside a clause", "The harbour closed after 12 boats, among them four trawlers, sank in the gale.",
			"The harbour closed after 12 boats, among them four trawlers, sank in the gale"},
		{"a list that goes on is no aside", "The gale was blamed for nine deaths, including four in Varna, three in Lesk and two at sea.",
			"The gale was blamed for nine deaths"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			for _, cl := range cs.Claims {
				if cl.Kind == contract.KindStatistic {
					if cl.Text != c.want {
						t.Errorf("statistic %q, want %q; claims: %s", cl.Text, c.want, dump(cs))
					}
					return
				}
			}
			t.Errorf("no statistic; claims: %s", dump(cs))
		})
	}
}

// A lone pronoun with an auxiliary or modal after a telling verb is the
// subject of the clause it takes ("warned it could …"), not someone
// addressed: the claim keeps it. Without an auxiliary after it, the
// pronoun is the verb's object ("called it a disgrace").
func TestPronounOpensClause(t *testing.T) {
	cases := []struct {
		name, text, want string // want: the reported claim's text
	}{
		{"participle with it", "Ilse Varga urged residents to leave, warning it could bring floods to the harbour towns.",
			"it could bring floods to the harbour towns"},
		{"finite verb with it", "The engineer Piet Maas warned it would collapse within a week.",
			"it would collapse within a week"},
		{"the one addressed stays out", "The engineer Piet Maas told reporters it would collapse within a week.",
			"it would collapse within a week"},
		{"a pronoun named by a naming verb is its object", "The engineer Piet Maas called it a disgrace to the port.",
			"called it a disgrace to the port"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			for _, cl := range cs.Claims {
				if cl.Kind == contract.KindReported && strings.HasSuffix(c.want, cl.Text) {
					if cl.Text != c.want {
						t.Errorf("reported %q, want %q", cl.Text, c.want)
					}
					return
				}
			}
			t.Errorf("no reported claim %q; claims: %s", c.want, dump(cs))
		})
	}
}

// A commitment is its verb phrase whatever form the promise takes:
// "vowed to …" after a subject, "…, vowing to …" and "… and vowed to …"
// all keep the verb, as the claim of what was promised.
func TestCommitmentKeepsVerb(t *testing.T) {
	cases := []struct {
		name, text, want string
	}{
		{"finite", "Mayor Ilse Varga vowed to rebuild the pier by May.", "vowed to rebuild the pier by May"},
		{"participle", "Mayor Ilse Varga thanked the crews, vowing to rebuild the pier by May.", "vowing to rebuild the pier by May"},
		{"coordinated", "Mayor Ilse Varga opened the bridge and pledged to rebuild the pier by May.", "pledged to rebuild the pier by May"},
		{"a speech verb's clause has no verb", "Mayor Ilse Varga opened the bridge, saying the pier would reopen by May.", "the pier would reopen by May"},
		{"object", "Mayor Ilse Varga pledged new ferries for the harbour by May.", "pledged new ferries for the harbour by May"},
		{"object and addressee", "Mayor Ilse Varga promised fishermen a new pier by May.", "promised fishermen a new pier by May"},
		{"coordinated object", "Mayor Ilse Varga said the council would meet and promised tough fines for any skipper caught speeding by May.", "promised tough fines for any skipper caught speeding by May"},
		{"assure commits", "Mayor Ilse Varga said the council would meet and assured swift repairs to the pier by May.", "assured swift repairs to the pier by May"},
		{"a promise of a statement has no verb", "Mayor Ilse Varga assured reporters that the pier would reopen by May.", "the pier would reopen by May"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			for _, cl := range cs.Claims {
				if cl.Kind == contract.KindReported && strings.Contains(cl.Text, "by May") {
					if cl.Text != c.want {
						t.Errorf("reported %q, want %q", cl.Text, c.want)
					}
					return
				}
			}
			t.Errorf("no reported claim; claims: %s", dump(cs))
		})
	}
}

// An occasion between the cue and "that" ("said after the vote that …")
// is no part of the claim: the clause after "that" is what was said, and
// the cue is the attribution's, not a verb inside the clause.
func TestOccasionBeforeThat(t *testing.T) {
	cases := []struct {
		name, text, claim, cue string
	}{
		{"after", "Ana Lima said after the vote that she would not run again.", "she would not run again", "said"},
		{"following, with an addressee", "Ana Lima told reporters following her talks with the union that the strike was over.", "the strike was over", "told"},
		{"before a participle", "Piet Maas said before visiting the harbour that the crews had asked him for new boats.", "the crews had asked him for new boats", "said"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			cl := findClaim(cs, contract.KindReported, c.claim)
			if cl == nil || cl.Cue != c.cue || strings.Contains(cl.Text, "that") {
				t.Fatalf("want a reported claim %q cued by %q: %s", c.claim, c.cue, dump(cs))
			}
		})
	}
}

// A time clause right after the cue ("said when asked …", "said after
// the meeting", "told reporters as she left") says when the words were
// said, not what: the statement is the clause before the attribution or
// the one after "that" or the comma, and never runs into the time clause.
func TestTimeClauseAfterCue(t *testing.T) {
	cases := []struct {
		name, text, claim, cue string
		kind                   string
	}{
		{"closing, after", "The ferry will run again in June, Ana Lima said after the board meeting.", "The ferry will run again in June", "said", contract.KindReported},
		{"closing, when asked", "The ferry will run again in June, the harbour master said on Monday when asked about the timetable.", "The ferry will run again in June", "said", contract.KindReported},
		{"closing, as she left", "The ferry will run again in June, Ana Lima said as she left the quay.", "The ferry will run again in June", "said", contract.KindReported},
		{"closing, inverted source", "The ferry will run again in June, said Piet Maas while touring the dock.", "The ferry will run again in June", "said", contract.KindReported},
		{"set off by commas", "The ferry will run again in June, Ana Lima said, when asked about the timetable.", "The ferry will run again in June", "said", contract.KindReported},
		{"before that", "Ana Lima said when asked about the timetable that the ferry would run again in June.", "the ferry would run again in June", "said", contract.KindReported},
		{"after an addressee, before that", "Piet Maas told the crews when he reached the dock that the ferry would run again in June.", "the ferry would run again in June", "told", contract.KindReported},
		{"before a quotation", "Ana Lima said after the board meeting, “The ferry will run again in June.”", "The ferry will run again in June", "said", contract.KindQuote},
		{"set off by commas before that", "Ana Lima said, when asked about the timetable, that the ferry would run again in June.", "the ferry would run again in June", "said", contract.KindReported},
		{"set off by commas before a quotation", "Ana Lima said, when asked about the timetable, “The ferry will run again in June.”", "The ferry will run again in June", "said", contract.KindQuote},
		{"occasion, then a clause without that", "Ana Lima said after a board meeting on Monday the ferry would run again in June.", "the ferry would run again in June", "said", contract.KindReported},
		{"occasion with its verb, then a clause", "Piet Maas said after the skipper resigned the ferry would run again in June.", "the ferry would run again in June", "said", contract.KindReported},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			cl := findClaim(cs, c.kind, c.claim)
			if cl == nil || cl.Cue != c.cue {
				t.Fatalf("want a %s claim %q cued by %q: %s", c.kind, c.claim, c.cue, dump(cs))
			}
			for _, w := range []string{"when", "after", "while", " as ", "meeting", "dock", "quay", "resigned"} {
				if strings.Contains(cl.Text, w) {
					t.Errorf("claim %q runs into the time clause (%q)", cl.Text, w)
				}
			}
		})
	}
}

// A source right after an indefinite pronoun opens a relative clause on
// it ("— something a pilot also told the inspectors"): the pilot told
// "something", not the words before the dash, which are another voice's.
func TestSourceInRelativeOnPronoun(t *testing.T) {
	cs := extractText("Ana Lima later said she believed the hull was cracked — something a deckhand also told the inspectors before the ferry sailed.")
	if cl := findClaim(cs, contract.KindReported, "cracked"); cl == nil || cl.Speaker == nil || cl.Speaker.Name != "Ana Lima" {
		t.Fatalf("want the claim Ana Lima's: %s", dump(cs))
	}
}

// An unnamed source post-modified by its access ("sources close to …",
// "people familiar with …") is the speaker, whoever it is close to — a
// name after it is the complement, and so is an object pronoun.
func TestSourceCloseTo(t *testing.T) {
	cases := []struct{ name, text, speaker string }{
		{"a name", "Sources close to Ana Lima said the harbour would reopen in May.", "Sources close to Ana Lima"},
		{"an object pronoun", "People close to her said the harbour would reopen in May.", "People close to her"},
		{"a body", "Officials familiar with the Harbour Board said the harbour would reopen in May.", "Officials familiar with the Harbour Board"},
		{"plain nouns", "Officials familiar with the ferry negotiations said the harbour would reopen in May.", "Officials familiar with the ferry negotiations"},
		{"an access participle", "Pilots involved in the inquiry said the harbour would reopen in May.", "Pilots involved in the inquiry"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkWants(t, c.text, []want{{kind: contract.KindReported, text: "the harbour would reopen in May", speaker: c.speaker}})
		})
	}
}

// A quantifier before "of", or "those" before a modifier, stands for the
// people the rest of the phrase describes: the whole phrase is an
// anonymous source, never the modifier alone ("of the organisers",
// "close to the minister").
func TestPartOfAGroupIsAnonymous(t *testing.T) {
	cases := []struct{ name, text, speaker string }{
		{"one of", "One of the stewards said the harbour would reopen in May.", "One of the stewards"},
		{"one of, inverted", "“The harbour will reopen in May,” said one of the stewards.", "one of the stewards"},
		{"a number of", "Two of the four pilots said the harbour would reopen in May.", "Two of the four pilots"},
		{"most of", "Most of the dockers said the harbour would reopen in May.", "Most of the dockers"},
		{"those close to", "Those close to the harbour master said the harbour would reopen in May.", "Those close to the harbour master"},
		{"those familiar with", "Those familiar with the repairs said the harbour would reopen in May.", "Those familiar with the repairs"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := "the harbour would reopen in May"
			kind := contract.KindReported
			if strings.HasPrefix(c.text, "“") {
				text, kind = "The harbour will reopen in May", contract.KindQuote
			}
			checkWants(t, c.text, []want{{kind: kind, text: text, speaker: c.speaker, typ: contract.SpeakerAnonymous}})
		})
	}
}

// A document may be the source, with a participle that dates or places
// it ("a filing dated Monday", "a memo seen by …"): the document speaks,
// under its own noun, and one made by someone ("published by the
// board") speaks for its maker.
func TestDocumentAsSource(t *testing.T) {
	cases := []struct{ name, text, speaker, typ string }{
		{"dated", "A filing dated Monday says the ferry company owes the port two years of fees.", "filing", contract.SpeakerUnknown},
		{"dated, a compound noun", "A court filing dated 4 June says the ferry company owes the port two years of fees.", "court filing", contract.SpeakerUnknown},
		{"released on a day", "A report released on Tuesday says the ferry company owes the port two years of fees.", "report", contract.SpeakerUnknown},
		{"seen by an outlet", "A memo seen by the Harbour Gazette says the ferry company owes the port two years of fees.", "memo", contract.SpeakerUnknown},
		{"published by its maker", "A report published by the Harbour Board on Tuesday says the ferry company owes the port two years of fees.", "Harbour Board", contract.SpeakerOrganization},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkWants(t, c.text, []want{{kind: contract.KindReported, text: "the ferry company owes the port", speaker: c.speaker, typ: c.typ}})
		})
	}
}

// A group of unnamed people placed by a preposition ("residents in the
// town of …", "villagers near …") is a group under its whole description,
// never a person named after the place.
func TestLocatedGroupIsAGroup(t *testing.T) {
	cases := []struct{ name, text, speaker string }{
		{"in the town of a place", "Residents in the coastal town of Port Marlow said the tap water had been brown for a week.", "Residents in the coastal town of Port Marlow"},
		{"in a place", "Residents in Port Marlow said the tap water had been brown for a week.", "Residents in Port Marlow"},
		{"near a place", "Villagers near Eastmoor said the tap water had been brown for a week.", "Villagers near Eastmoor"},
		{"an irregular plural", "Fishermen from the island of Skerry said the tap water had been brown for a week.", "Fishermen from the island of Skerry"},
		{"people", "People in the valley said the tap water had been brown for a week.", "People in the valley"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkWants(t, c.text, []want{{kind: contract.KindReported, text: "the tap water had been brown", speaker: c.speaker, typ: contract.SpeakerGroup}})
		})
	}
}

// What a court or panel rules is its "that" clause; what it goes on to do
// in the same sentence ("and ordered …", ", overturning …") is its own act,
// not part of the ruling. A second clause of the ruling stays.
func TestRulingEndsAtTheNextAct(t *testing.T) {
	runReportedTexts(t, []reportedText{
		{"and ordered", "The magistrate ruled that the lease was void and ordered the landlord to return the rent.", "the lease was void"},
		{"comma, participle", "The harbour tribunal ruled on Thursday that the berth fees were lawful, overturning a decision of the port council.", "the berth fees were lawful"},
		{"comma and", "The inquiry panel found that the skipper had ignored the forecast, and suspended his licence for a year.", "the skipper had ignored the forecast"},
		{"a clause of the ruling", "The magistrate ruled that the lease was void and the rent must be returned.", "the lease was void and the rent must be returned"},
	})
}

// An attribution inside a relative clause set off by commas says the
// relative clause, which ends at its closing comma: the rest of the
// sentence is the writer's.
func TestRelativeClauseEndsAtItsComma(t *testing.T) {
	runReportedTexts(t, []reportedText{
		{"which", "The toll, which the harbour master says will pay for the dredging, starts in the spring.", "which the harbour master says will pay for the dredging"},
		{"who", "Piet Maas, who the dockers say has never crewed a boat, takes over the port on Monday.", "who the dockers say has never crewed a boat"},
	})
}

// reportedText is a sentence whose reported claim must read exactly claim.
type reportedText struct{ name, text, claim string }

func runReportedTexts(t *testing.T, cases []reportedText) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			cl := findClaim(cs, contract.KindReported, c.claim)
			if cl == nil || cl.Text != c.claim {
				t.Fatalf("want the reported claim %q: %s", c.claim, dump(cs))
			}
		})
	}
}

// TestMannerCueReflect: "reflect" attributes a quotation next to it ("“…,”
// she reflected") but is no verb of saying before a clause or an object:
// "the delay reflects years of neglect" says nothing.
func TestMannerCueReflect(t *testing.T) {
	cases := []struct {
		name, text string
		claims     int // quote and reported claims
	}{
		{"a quotation beside it", "The ferry captain retired on Friday. “It was a long forty years at sea,” Tomas Brill reflected.", 1},
		{"an object", "The ferry captain retired on Friday. The long delay reflects years of neglect at the quay.", 0},
		{"a clause", "The ferry captain retired on Friday. Brill's silence reflected that the crews had lost patience with the board.", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			n := 0
			for _, cl := range cs.Claims {
				if cl.Kind == contract.KindQuote || cl.Kind == contract.KindReported {
					n++
				}
			}
			if n != c.claims {
				t.Fatalf("%d claims, want %d: %s", n, c.claims, dump(cs))
			}
		})
	}
}

// TestParticipleClauseSource: a description post-modified by a participle
// clause ("voters interviewed by …", "residents living near …") speaks
// before a verb of saying; the clause is no part of its name, and the
// noun inside the clause does not speak.
func TestParticipleClauseSource(t *testing.T) {
	cases := []struct{ name, text, speaker string }{
		{"a past participle", "Voters interviewed by the gazette said the harbour would reopen in May.", "Voters"},
		{"a present participle", "Residents living near the quay said the harbour would reopen in May.", "Residents"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkWants(t, c.text, []want{{kind: contract.KindReported, text: "the harbour would reopen in May", speaker: c.speaker}})
		})
	}
}

// A quoted phrase set before the subject ("“Shaken” by the crash, Lima
// said …") is the subject's words about itself: a quote of the speaker
// of the sentence's cue. A quoted label opening a sentence without a
// cue after it is no one's words.
func TestFrontedQuote(t *testing.T) {
	cases := []struct {
		name, text, quote, speaker string
	}{
		{"before a reported claim", "The storm hit the coast on Monday. “Deeply shaken” by the damage in the harbour, Mayor Ilse Varga said the ferries would stay in port.", "Deeply shaken", "Ilse Varga"},
		{"before a quotation", "“Proud and relieved” after the final whistle, coach Tomas Brenner told reporters: “We earned this.”", "Proud and relieved", "Tomas Brenner"},
		{"a label with no cue", "“Open” from Monday, the fish market will sell again after the repairs.", "Open", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			cl := findClaim(cs, contract.KindQuote, c.quote)
			if c.speaker == "" {
				if cl != nil {
					t.Errorf("quote %q claimed: %s", c.quote, dump(cs))
				}
				return
			}
			if cl == nil || cl.Speaker == nil || cl.Speaker.Name != c.speaker {
				t.Errorf("want quote %q by %s; claims: %s", c.quote, c.speaker, dump(cs))
			}
		})
	}
}

// Verbs that cast an object as something ("framed the vote as a
// mandate") attribute what the object is said to be, and only with "as":
// "framed the photo" says nothing. In "what she described as …" the
// object is "what", before the speaker, and "as …" follows the verb.
func TestCastAsReadings(t *testing.T) {
	cases := []struct {
		name, text, want string
	}{
		{"framed as", "Mayor Ilse Varga framed the ferry vote as a verdict on the old harbour board.", "framed the ferry vote as a verdict on the old harbour board"},
		{"portrayed as", "Coach Tomas Brenner portrayed the defeat as a lesson for the young squad.", "portrayed the defeat as a lesson for the young squad"},
		{"what she described as", "Mayor Ilse Varga tied the closure to what she described as a plan to sell the harbour.", "described as a plan to sell the harbour"},
		{"framed without as", "Mayor Ilse Varga framed the old harbour map for the town hall.", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := reportedTexts(extractText(c.text))
			if c.want == "" {
				if len(got) > 0 {
					t.Errorf("reported %q, want none", got)
				}
				return
			}
			if !slices.Contains(got, c.want) {
				t.Errorf("reported %q, want %q", got, c.want)
			}
		})
	}
}

// A claim that is a verb phrase keeps the auxiliaries and adverbs before
// its verb ("has outlined a plan", "sharply blaming the board"), and a
// naming participle keeps its verb as object-reading does ("calling the
// board a disgrace"); the source never joins it.
func TestVerbPhraseClaimStart(t *testing.T) {
	cases := []struct {
		name, text, want string
	}{
		{"auxiliary", "Prime Minister Ana Lima has outlined a three-step plan for the harbour's recovery.", "has outlined a three-step plan for the harbour's recovery"},
		{"adverb before a participle", "The mayor walked out of the meeting, sharply blaming the board for the delay.", "sharply blaming the board for the delay"},
		{"naming participle", "The mayor walked out of the meeting, calling the board a disgrace to the town.", "calling the board a disgrace to the town"},
		{"bare verb", "The mayor accused the contractor of ignoring safety warnings.", "accused the contractor of ignoring safety warnings"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := reportedTexts(extractText(c.text))
			if !slices.Contains(got, c.want) {
				t.Errorf("reported %q, want %q", got, c.want)
			}
		})
	}
}

// A commitment's object never runs into another source's attribution: in
// a headline fused with the article's first line, the words after the
// headline's verb are the first line's claim, with its own speaker.
func TestCommitmentObjectStopsAtAttribution(t *testing.T) {
	cs := extractText("Pier Fire: Manager held as Mayor Lima promises action Pier Fire: Mayor Ana Lima said it must be found out whether the club followed the rules.")
	for _, cl := range cs.Claims {
		if cl.Rule == "promise-object" {
			t.Errorf("promise-object claim %q; claims: %s", cl.Text, dump(cs))
		}
	}
	if findClaim(cs, contract.KindReported, "it must be found out whether the club followed the rules") == nil {
		t.Errorf("no reported claim of the first line; claims: %s", dump(cs))
	}
}

// TestStandfirstClaims: the summary line the cleaner keeps above the body
// of a titled article states a claim though it has no full stop; without
// a title the same line may be the headline, which states none.
func TestStandfirstClaims(t *testing.T) {
	const (
		dek  = "Mayor Ana Lima also accused the harbour engineer of inventing a false report"
		body = "The committee met for six hours on Tuesday and agreed, after a long debate, to publish its findings before the end of the month."
	)
	cases := []struct {
		name, title string
		want        bool
	}{
		{"a titled article's standfirst", "Harbour wall repaired after the winter storm", true},
		{"an untitled article's first line", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := Extract(contract.Article{Schema: contract.Schema, ID: "t", Title: c.title, Text: dek + "\n\n" + body})
			cl := findClaim(cs, contract.KindReported, "accused the harbour engineer")
			if got := cl != nil; got != c.want {
				t.Fatalf("claim from the first line %v, want %v; got %s", got, c.want, dump(cs))
			}
			if cl != nil && (cl.Speaker == nil || cl.Speaker.Name != "Ana Lima") {
				t.Errorf("speaker %+v, want Ana Lima", cl.Speaker)
			}
		})
	}
}
