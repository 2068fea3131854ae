package extract

import (
	"strings"
	"testing"
)

// TestObjectBeforeAndIsNoSubject: a verb after "and" shares the subject of
// the verb before it, not that verb's object — a noun phrase after a verb
// or a preposition is an object, and the clause's subject speaks (the
// subject of a subordinate clause when the object's verb is in it).
func TestObjectBeforeAndIsNoSubject(t *testing.T) {
	runWantCases(t, []wantCase{
		{"object of a cue verb", "Coastal towns face new rules. The mayor criticised river engineers across the county and blamed the floods on \"years of neglect by people who should have known better.\"",
			want{kind: "reported", text: "blamed the floods", speaker: ""}},
		{"object of a preposition", "Governor Maria Alvarez said she would order a full audit of the state's water contracts and warned against \"any more backroom deals with the big growers.\"",
			want{kind: "quote", text: "any more backroom deals", speaker: "Maria Alvarez"}},
		{"subject of a subordinate clause", "Governor Chris Reid described the nominee Jane Holt as a \"disgrace\" after she criticised prison officers nationwide and blamed the riots on \"a culture of cruelty.\"",
			want{kind: "reported", text: "blamed the riots", speaker: "Jane Holt"}},
		{"a phrase after a preposition, not a subject", "The Lowmoor delegation maintained that it would stop raids on Marlow from Lowmoor land but repeated that the smuggling is Marlow's own problem.",
			want{kind: "reported", text: "the smuggling is Marlow's own problem", speaker: "Lowmoor delegation"}},
	})
	// the first case's speaker is the mayor's description, not the engineers
	cs := extractText("The mayor criticised river engineers across the county and blamed the floods on \"years of neglect by people who should have known better.\"")
	if c := findClaim(cs, "reported", "blamed the floods"); c == nil || c.Speaker == nil || c.Speaker.Name == "engineers" {
		t.Errorf("object read as the subject: %s", dump(cs))
	}
}

// TestOwnedWordAfterPossessive: a capitalised word left after a person's
// possessive ("the senator's Scottish roots") is something of theirs, not
// a person a later "he" stands for; a nation's possessive still names its
// person.
func TestOwnedWordAfterPossessive(t *testing.T) {
	runWantCases(t, []wantCase{
		{"a person's possessive", "Senator Robert Hale's Scottish roots came up often on the trip. In Edinburgh on Monday, he told a group of fishing families that \"nobody understands the sea better than you do.\"",
			want{kind: "quote", text: "nobody understands the sea", speaker: "Robert Hale"}},
		{"a title's possessive", "The governor's Irish ancestry was a theme of the visit. In Cork, she told dock workers that \"this harbour made my family.\" Governor Ana Lima flew home on Friday.",
			want{kind: "quote", text: "this harbour made my family", speaker: ""}},
		{"a nation's possessive names a person", "Ruritania's Ana Lima said the border would reopen in May.",
			want{kind: "reported", text: "the border would reopen in May", speaker: "Ana Lima"}},
	})
	cs := extractText("The governor's Irish ancestry was a theme of the visit. In Cork, she told dock workers that \"this harbour made my family.\"")
	if c := findClaim(cs, "quote", "this harbour made my family"); c != nil && c.Speaker != nil && c.Speaker.Name == "Irish" {
		t.Errorf("owned word read as a person: %s", dump(cs))
	}
}

// TestWhoAfterAPlaceOrBody: "who" after a prepositional phrase hangs on
// the people before the preposition when what follows it is a body or a
// place: people in, on or at a named thing, a person at a body.
func TestWhoAfterAPlaceOrBody(t *testing.T) {
	runWantCases(t, []wantCase{
		{"a group on a named place", "The deal angered Democrats on Capitol Hill, who argue that it \"sells the harbour cheap.\"",
			want{kind: "reported", text: "sells the harbour cheap", speaker: "Democrats"}},
		{"a person at a body", "The memo was drafted by an accountant at the Treasury Department who told colleagues that the figures \"simply do not add up.\"",
			want{kind: "reported", text: "simply do not add up", speaker: "accountant"}},
		{"after \"to\" a person may be meant", "The plan was leaked by an aide to Senator Ana Lima who said it \"was never meant to be final.\"",
			want{kind: "reported", text: "was never meant to be final", speaker: ""}},
	})
}

// TestStatedGenderOutranksGivenName: a gendered noun or an honorific in a
// mention says what the given-name list only guesses, so "she" after
// "widow Terry Lane" is Lane, and "he" after "Mr. Jordan Pike" is Pike.
func TestStatedGenderOutranksGivenName(t *testing.T) {
	runWantCases(t, []wantCase{
		{"a gendered noun", "\"The inquiry has failed us,\" said flood widow Terry Lane. She added, \"We will keep asking until someone answers.\"",
			want{kind: "quote", text: "We will keep asking", speaker: "Terry Lane"}},
		{"a gendered noun after a plain mention", "Terry Lane lost her home in the flood. \"The inquiry has failed us,\" said the widow Terry Lane. \"We will keep asking,\" she said.",
			want{kind: "quote", text: "We will keep asking", speaker: "Terry Lane"}},
		{"an honorific", "\"The pier is safe,\" said Mr. Kim Pike, the harbour engineer. \"We tested it twice,\" he said.",
			want{kind: "quote", text: "We tested it twice", speaker: "Kim Pike"}},
	})
}

// TestFirstPersonContractionIsNoName: "I've" outside quotation marks is
// the writer's first person, as "I have" is — never a person named
// "I've" whom a later "we've" could stand for.
func TestFirstPersonContractionIsNoName(t *testing.T) {
	for _, text := range []string{
		"The levy, as I've argued before, falls hardest on tenants.",
		"The levy, as I've argued before, falls hardest on tenants. The rebate, as we've said, helps no one.",
	} {
		for _, c := range extractText(text).Claims {
			if c.Speaker != nil && strings.Contains(strings.ToLower(c.Speaker.Name), "'ve") {
				t.Errorf("%q: speaker named %q", text, c.Speaker.Name)
			}
		}
	}
}

// TestGivenNameAloneHasItsGender: a person the article calls by a given
// name alone ("Melanie said") is a woman or a man as that name is, so a
// "he" after her goes past her; a given name missing from the list
// blocked nothing.
func TestGivenNameAloneHasItsGender(t *testing.T) {
	runWantCases(t, []wantCase{
		{"a woman's given name alone", "Governor Paul Dane came on stage at nine. \"He is the only one who listens,\" Melanie said. \"I love this town,\" he said.",
			want{kind: "quote", text: "I love this town", speaker: "Paul Dane"}},
		{"a woman's given name with a surname", "Governor Paul Dane took questions. Senator Claire Hobbs scolded him: \"The figures are wrong,\" she said.",
			want{kind: "quote", text: "The figures are wrong", speaker: "Claire Hobbs"}},
	})
}

// TestItIsTheDocumentThatSpoke: "it" after a document that speaks ("the
// report says …") is that document, not a body named further back.
func TestItIsTheDocumentThatSpoke(t *testing.T) {
	runWantCases(t, []wantCase{
		{"a report", "The Harbour Board backed the audit. The report says the quay is unsafe. It also points out that \"the fines are far too small to matter.\"",
			want{kind: "quote", text: "the fines are far too small", speaker: "report"}},
		{"a body still", "The Harbour Board met on Monday. It said the quay would reopen in May.",
			want{kind: "reported", text: "the quay would reopen in May", speaker: "Harbour Board"}},
	})
}

// TestTheyForABodyInItsOwnSentence: a body that is its sentence's subject
// is the "they" later in that sentence (news writes bodies as plurals),
// and a caucus is a body, never the "he" of the person who leads it.
func TestTheyForABodyInItsOwnSentence(t *testing.T) {
	runWantCases(t, []wantCase{
		{"a campaign", "The governor's campaign is trying to contrast her record with what they call her rival's \"empty promises.\"",
			want{kind: "reported", text: "empty promises", speaker: "governor's campaign"}},
	})
	cs := extractText("Turnout worries Henry Vale, president of the Northern Youth Caucus. \"No one is listening to us,\" he said.")
	if c := findClaim(cs, "quote", "No one is listening"); c == nil || c.Speaker == nil || c.Speaker.Name != "Henry Vale" {
		t.Errorf("he is not the caucus's president: %s", dump(cs))
	}
	for _, c := range cs.Claims {
		if c.Speaker != nil && c.Speaker.Name == "Youth Caucus" && c.Speaker.Type == "person" {
			t.Errorf("caucus typed as a person: %s", dump(cs))
		}
	}
}

// TestBracketedSentenceOpener: a sentence set in brackets opens after its
// bracket, so a participle opening it ("(Having said that, …") is a
// discourse opener as at the start of any sentence, never a name.
func TestBracketedSentenceOpener(t *testing.T) {
	runWantCases(t, []wantCase{
		{"in brackets", "The quay is safe. (Having stated as much, there remain harbour pilots who warn that the channel silts up.)",
			want{kind: "reported", text: "the channel silts up", speaker: "pilots"}},
		{"without brackets", "Having stated as much, the pilots warn that the channel silts up.",
			want{kind: "reported", text: "the channel silts up", speaker: "pilots"}},
	})
}

// TestReplyIsNotTheAddressed: words that answer the one who spoke before
// ("You're right, …", "Good question") are not theirs: the pronoun stands
// for the other party of the exchange, and the passage goes on with them.
// Words that do not answer anyone keep the speaker before.
func TestReplyIsNotTheAddressed(t *testing.T) {
	const setting = "Senator Hal Cormac toured the valley on Monday. At a forum in Dunmore, one farmer complained that the new levy \"punishes the smallest growers.\" "
	runWantCases(t, []wantCase{
		{"agreement answers the questioner", setting + "\"You're right, the levy was written for the big estates,\" he said.",
			want{kind: "quote", text: "the levy was written for the big estates", speaker: "Hal Cormac"}},
		{"the passage goes on with the one who replied", setting + "\"You are right, the levy was written for the big estates,\" he said. He said the vote on the levy had been delayed until spring.",
			want{kind: "reported", text: "the vote on the levy had been delayed", speaker: "Hal Cormac"}},
		{"a reply to a parent", "Mayor Ines Marchetti opened the meeting. One parent said the pool \"should never have closed.\" \"You're absolutely right, and it will reopen in May,\" she said.",
			want{kind: "quote", text: "it will reopen in May", speaker: "Ines Marchetti"}},
		{"no reply: the same speaker goes on", "Senator Hal Cormac toured the valley on Monday. A farmer named Olek Brandt said the new levy \"punishes the smallest growers.\" \"You can see it in every orchard,\" he said.",
			want{kind: "quote", text: "You can see it in every orchard", speaker: "Olek Brandt"}},
	})
}

// TestPageantTitle: "Miss <Place>" before a full name is a title; the
// woman is the name after it.
func TestPageantTitle(t *testing.T) {
	runWantCases(t, []wantCase{
		{"a place after Miss", "Miss Lowmoor Bettina Crale, who crowned the winners, said the town \"has never looked better.\"",
			want{kind: "reported", text: "the town", speaker: "Bettina Crale"}},
		{"Miss and a plain name", "Miss Bettina Crale said the town \"has never looked better.\"",
			want{kind: "reported", text: "the town", speaker: "Bettina Crale"}},
		{"given names kept", "Miss Anna Bettina Crale said the town \"has never looked better.\"",
			want{kind: "reported", text: "the town", speaker: "Anna Bettina Crale"}},
	})
}

// TestTranscriptLabel: a transcript turn quoted whole is spoken by the
// party its upper-case label names, found among the article's names by
// surname; the person named last in the prose is not the speaker.
func TestTranscriptLabel(t *testing.T) {
	const intro = "Senator Hal Cormac spoke to the host, Dana Whitlow, on Sunday. Governor Ruth Penhale was also on the programme.\n\n"
	runWantCases(t, []wantCase{
		{"the guest's turn", intro + "\"CORMAC: Well, look, the bill is badly drafted and gives the port powers nobody asked for.\n",
			want{kind: "quote", text: "the bill is badly drafted", speaker: "Hal Cormac"}},
		{"the host's turn", intro + "\"WHITLOW: Will you back the harbour bill when it comes to a vote next week?\n",
			want{kind: "quote", text: "Will you back the harbour bill", speaker: "Dana Whitlow"}},
	})
}

// TestLeadingParticipleWithApposition: a sentence opening with a
// participle in -ed ("Asked whether …,") has its subject after the
// phrase's comma, and a description set off after a name inside the
// phrase is no subject: a pronoun after it stands for the one who
// answered.
func TestLeadingParticipleWithApposition(t *testing.T) {
	const before = "Senator Clara Dunmore questioned the dietician Omar Vell on Tuesday. \"Your claims have no support,\" she said.\n\n"
	runWantCases(t, []wantCase{
		{"an apposition inside the phrase", before + "Asked whether he worried that Tomas Brack, the incoming board chairman, could undo the plan, Vell demurred.\n\n\"The plan belongs to the members,\" he said.\n",
			want{kind: "quote", text: "The plan belongs to the members", speaker: "Omar Vell"}},
		{"no apposition", before + "Asked about the plan, Vell demurred.\n\n\"The plan belongs to the members,\" he said.\n",
			want{kind: "quote", text: "The plan belongs to the members", speaker: "Omar Vell"}},
		{"the subject set off by commas after a place", before + "In Dunmore, the board chairman, Tomas Brack, disagreed.\n\n\"The plan is dead,\" he said.\n",
			want{kind: "quote", text: "The plan is dead", speaker: "Tomas Brack"}},
	})
}

// TestSecondConjunctIsNamed: a person named in full after "and" ("Ana
// Lima and Tomas Brack toured …") is in the cast, so a later surname is
// that person's full name; a given name alone before "and" shares the
// surname after it, and a titled description keeps to the holder who
// carries its modifier.
func TestSecondConjunctIsNamed(t *testing.T) {
	runWantCases(t, []wantCase{
		{"a surname after a coordinated full name", "Maria Okafor and Tomas Brack toured the docks in Dunmore on Wednesday.\n\nBrack said the port \"needs a new crane more than a new board.\"\n",
			want{kind: "reported", text: "needs a new crane", speaker: "Tomas Brack"}},
		{"a shared surname", "The parents, Orin and Dalsa Brandt, spoke at the vigil.\n\nMr. Brandt said the school \"failed our daughter.\"\n",
			want{kind: "reported", text: "failed our daughter", speaker: "Brandt"}},
		{"the holder who carries the modifier", "Lowmoor Sen. Ana Lima opened the debate. Marlow Sen. Ruth Penhale answered her.\n\nLima said the race was now between herself and Ruth Penhale.\n\nThe Lowmoor senator added that she would \"win every county.\"\n",
			want{kind: "reported", text: "win every county", speaker: "Ana Lima"}},
	})
}

// TestOrdinaryWordsAreNoSpeakers: words a sentence opens with or that
// stand before the verb without naming anyone — a region abbreviated
// after a place ("in Dover, Del."), "in the past", an adjective of agent
// form before a statement noun ("a recent report"), an adverb or
// preposition opening a leading phrase ("Back in 2009, …") — are never
// the speaker; the party after them is.
func TestOrdinaryWordsAreNoSpeakers(t *testing.T) {
	runWantCases(t, []wantCase{
		{"a region with its dot after a place", "At a rally in Dover, Del., Tom Berg was blunt, claiming that the ferry was unsafe.",
			want{kind: "reported", text: "the ferry was unsafe", speaker: "Tom Berg"}},
		{"a region after a time phrase and a place", "On Friday, at a fair in Dover, Del., Mr. Tom Berg went further, claiming that the ferry was unsafe.",
			want{kind: "reported", text: "the ferry was unsafe", speaker: "Tom Berg"}},
		{"in the past", "The harbour board has in the past said the quay was too short.",
			want{kind: "reported", text: "the quay was too short", speaker: "harbour board"}},
		{"over the past two years", "Over the past two years, the harbour board has said the quay was too short.",
			want{kind: "reported", text: "the quay was too short", speaker: "harbour board"}},
		{"a recent audit by its author", "Fares doubled in May, according to one recent audit by Harbour Analytics.",
			want{kind: "reported", text: "Fares doubled in May", speaker: "Harbour Analytics"}},
		{"back opening a leading phrase", "Back in 2009, Governor Ana Lima praised the port, telling reporters: \"It is our future.\"",
			want{kind: "quote", text: "It is our future", speaker: "Ana Lima"}},
		{"absent opening a leading phrase", "Absent a clear plan, many residents may listen and conclude that the port is doomed.",
			want{kind: "reported", text: "the port is doomed", speaker: "residents"}},
	})
	for _, text := range []string{
		"At a rally in Dover, Del., Tom Berg was blunt, claiming that the ferry was unsafe.",
		"The harbour board has in the past said the quay was too short.",
		"Fares doubled in May, according to one recent audit by Harbour Analytics.",
		"Absent a clear plan, many residents may listen and conclude that the port is doomed.",
	} {
		for _, c := range extractText(text).Claims {
			if c.Speaker != nil {
				switch c.Speaker.Name {
				case "Del", "past", "recent", "Absent":
					t.Errorf("an ordinary word read as the speaker: %s", dump(extractText(text)))
				}
			}
		}
	}
}

// TestHeadlineRunIsNoPerson: a title-case headline runs two names and its
// verb into one capitalised run ("Marta Kowal Calls Jane Holt"); a
// surname alone later in the text is the person named in full with it,
// not that run, and her gender then lets "she" find her.
func TestHeadlineRunIsNoPerson(t *testing.T) {
	const text = "Marta Kowal Calls Jane Holt ‘A Disgrace’ Over Port Comments.\n\n" +
		"Governor Marta Kowal described harbour chief Jane Holt as a “disgrace” on Monday.\n\n" +
		"On the radio on Tuesday, Holt criticized port officer Betty Lane for closing the gate. “How many times must we see this?” she said.\n\n" +
		"Holt also said she could speak to the dockers herself.\n"
	runWantCases(t, []wantCase{
		{"a surname after the headline", text,
			want{kind: "reported", text: "she could speak to the dockers herself", speaker: "Jane Holt"}},
		{"she after the surname", text,
			want{kind: "quote", text: "How many times must we see this?", speaker: "Jane Holt"}},
		{"a name in full before its surname, no headline", "Harbour chief Jane Holt met the dockers.\n\nHolt said the gate would reopen.\n",
			want{kind: "reported", text: "the gate would reopen", speaker: "Jane Holt"}},
	})
}

// TestPronounTellsGender: a given name the list does not know leaves a
// person's gender open; a "he" or "she" that stands for them tells it, so
// a later pronoun of the other gender is someone else.
func TestPronounTellsGender(t *testing.T) {
	const vell = "Panel Grills Diet Doctor.\n\nDr. Tarkan Vell appeared before the consumer panel on Tuesday.\n\n" +
		"He had called a green bean extract a “miracle” on his show.\n\n"
	runWantCases(t, []wantCase{
		{"she after a man an earlier he stood for", vell +
			"Democratic Sen. Clara Dunmore (D-Ore.) scolded him: “Every marine biologist I know disagrees with you,” she said.\n\n" +
			"“Your viewers trust every word you say,” she said.\n",
			want{kind: "quote", text: "Your viewers trust every word", speaker: "Clara Dunmore"}},
		{"he still stands for him", vell + "“I stand by every word,” he said.\n",
			want{kind: "quote", text: "I stand by every word", speaker: "Tarkan Vell"}},
		{"a woman the pronoun told", "Imelda Sarto chairs the ferry board.\n\nShe met the dockers on Monday.\n\n" +
			"Harbour master Tarkan Vell spoke first. “We will reopen the gate,” she said.\n",
			want{kind: "quote", text: "We will reopen the gate", speaker: "Imelda Sarto"}},
	})
}

// TestPossessiveBeforeAndIsNoSubject: a name with a possessive before
// "and" owns the noun after it ("Berg's plan"); the verb after "and"
// shares the clause's subject, not the owner.
func TestPossessiveBeforeAndIsNoSubject(t *testing.T) {
	runWantCases(t, []wantCase{
		{"a participle after and", "Later that day, Lima fired back a statement saying she would not support Berg’s plan and suggesting that officials should listen to residents.",
			want{kind: "reported", text: "officials should listen to residents", speaker: "Lima"}},
		{"a finite verb after and", "Governor Ana Lima had welcomed Berg’s election and said she would work with the new council.",
			want{kind: "reported", text: "she would work with the new council", speaker: "Ana Lima"}},
	})
}

// TestRoleModifierOpensSubject: a capitalised modifier of a role opening
// the sentence ("Democratic candidate Ana Lima", "Intelligence
// officials") is the first word of the subject, not a word before it, so
// a verb after "but" shares that subject rather than going back to the
// speaker of the sentence before.
func TestRoleModifierOpensSubject(t *testing.T) {
	runWantCases(t, []wantCase{
		{"a party's candidate", "Tom Berg spoke on Monday. He said the fees would rise.\n\nDemocratic candidate Ana Lima, like Berg, has pushed the port to grow but has said the fees must stay low.\n",
			want{kind: "reported", text: "the fees must stay low", speaker: "Ana Lima"}},
		{"officials of a field", "Intelligence officials said the port was safe.",
			want{kind: "reported", text: "the port was safe", speaker: "Intelligence officials"}},
	})
}

// TestLeadingParticipleHangsOnSubject: an -ing cue inside a leading
// phrase after a preposition or subordinator ("After suggesting that …,",
// "Since announcing that …,", "In describing …,") is done by the subject
// after the phrase's comma, not by the speaker of the sentence before; a
// party before the cue inside the phrase does it instead.
func TestLeadingParticipleHangsOnSubject(t *testing.T) {
	const before = "Governor Ana Lima opened the hearing on Monday. She said the port would stay open.\n\n"
	runWantCases(t, []wantCase{
		{"after", before + "After suggesting on Wednesday that the fees were too high, Mayor Tom Berg backed the plan.\n",
			want{kind: "reported", text: "the fees were too high", speaker: "Tom Berg"}},
		{"since", before + "Since announcing last spring that the ferry would be sold, Tom Berg has kept quiet.\n",
			want{kind: "reported", text: "the ferry would be sold", speaker: "Tom Berg"}},
	})
	// (a party inside the phrase does it, not the subject after it)
	cs := extractText(before + "While the dockers kept shouting each other down in claiming that the gate must close, the crews stayed calm.\n")
	if c := findClaim(cs, "reported", "the gate must close"); c != nil && c.Speaker != nil && c.Speaker.Name == "crews" {
		t.Errorf("the subject after the phrase took a cue with a party of its own: %s", dump(cs))
	}
}
