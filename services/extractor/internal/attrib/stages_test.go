package attrib

import (
	"strings"
	"testing"

	"github.com/claimwire/claimwire/services/extractor/internal/doc"
)

func sentence(t *testing.T, text string) (*doc.Doc, *doc.Sentence) {
	t.Helper()
	d := doc.Parse(text)
	if len(d.Sents) != 1 {
		t.Fatalf("%q parses into %d sentences", text, len(d.Sents))
	}
	return d, &d.Sents[0]
}

func TestFindCues(t *testing.T) {
	cases := []struct {
		text string
		want []string // cue words found, in order
	}{
		{"The mayor said the bridge would reopen.", []string{"said"}},
		{"According to the engineer, the bridge is safe.", []string{"According to"}},
		{"“We will rebuild,” she told reporters.", []string{"told"}},
		{"The reported toll rose again.", nil},            // an adjective after a determiner
		{"His claims were dismissed by the court.", nil},  // a noun after a possessive
		{"He was told to leave the building.", nil},       // a passive
		{"The case report was published in May.", nil},    // a noun form after a noun
		{"Reports of shelling came from the north.", nil}, // "reports of"
		{"Officials report that the road is open.", []string{"report"}},
		{"The mayor's claim that the bridge is safe was disputed.", []string{"claim"}}, // a noun of saying before "that"
		{"Engineers pointed out that the cracks were old.", []string{"pointed out"}},
		{"Engineers pointed to the old cracks as the cause.", []string{"pointed to"}},
		{"Most dockers think the wall will hold.", []string{"think"}},
		{"Her pledge to rebuild the pier was welcomed.", []string{"pledge"}},     // a noun of commitment after a possessive, before its infinitive
		{"The pledge to rebuild the pier was welcomed.", nil},                    // no one named as its maker
		{"She signed a pledge to the union.", nil},                               // "to" before a noun phrase
		{"The dockers stayed home, citing unpaid overtime.", []string{"citing"}}, // a reason given is what was said
		{"The union cited the storm as the cause of the delay.", []string{"cited"}},
		{"The union decried the new rota.", []string{"decried"}},
		{"“Stay,” she said, “and listen.”", []string{"said"}},                                           // never inside a quotation
		{"(Reporting by Ana Lima; additional reporting from Tomas Brill; editing by Ines Kowal.)", nil}, // a credit line
		{"Ana Lima reported from the harbour, and Tomas Brill from the capital.", nil},                  // a dateline: where the story was written
		{"Ana Lima reported from the harbour that the wall held.", []string{"reported"}},                // …unless something is reported
		{"The mayor left the hall, saying by then the vote was lost.", []string{"saying"}},
		{"Crews worked through the night, reporting from the quay that the wall held.", []string{"reporting"}},
		{"Some say the ferry is too slow.", []string{"say"}}, // a quantifier standing for people
		{"Most of them said the ferry came too late.", []string{"said"}},
		{"All reported cases were minor.", nil}, // a quantifier before a modifier
		{"Two in three said they would vote again.", []string{"said"}},
		{"She praised the crew and calls them “the best in the port.”", []string{"praised", "calls"}}, // a second verb after "and"
		{"The skipper went on to vow that the quay would be rebuilt.", []string{"went on to vow"}},    // "went on to" + a cue verb is one cue
		{"The skipper went on to the quay.", []string{"went on"}},
		{"The audit went on to further note that the quay was unsafe.", []string{"went on to further note"}}, // an adverb splitting the infinitive
		{"The skipper went on to quickly leave.", []string{"went on"}},
		{"“The quay is safe,” Read said.", []string{"said"}},            // a surname that is also a verb of saying, before the verb
		{"Warns told the board the quay was unsafe.", []string{"told"}}, // …at the head of the sentence
		{"The engineers read that the quay was unsafe.", []string{"read"}},
		{"The union cast the mayor as a friend of the ferry owners.", []string{"cast"}}, // framing someone "as" something
		{"Most dockers cast their ballots before noon.", nil},                           // votes cast: nothing said
		{"The report cast new doubt on the quay repairs.", nil},
		{"The tribunal ruled that the ferry levy was unlawful.", []string{"ruled"}},  // a ruling's "that" clause is its finding
		{"The audit found that two cranes were never inspected.", []string{"found"}}, // and so is an inquiry's
		{"Divers found the wreck off the north mole.", []string{"found"}},            // a candidate still (the rules want its "that")
		{"The new rules that bar lorries took effect.", nil},                         // a noun, never a noun of saying
		{"Those close to her say the skipper will retire.", []string{"say"}},         // the plain form after an object pronoun ending the source
		{"The leaflet claims “the quay is safe.”", []string{"claims"}},               // a noun form after a determiner and a noun, before a quotation: the verb
		{"The fraud claims were dropped.", nil},                                      // …not before anything else
		{"There are good reasons to keep the ferry running.", nil},                   // "reasons" after an adjective is the noun
		{"The leaflet notes that the quay was rebuilt twice.", []string{"notes"}},    // after a plain noun, before "that" and a subject: the verb
		{"A notice on the harbour website states that it will close.", []string{"states"}},
		{"The harbour website states that ferry fares will rise.", []string{"states"}},    // (after a noun that speaks, whatever opens the clause)
		{"The fraud claims that remained were dropped.", nil},                             // "that" and a verb: a relative clause after the noun
		{"The board upheld 40 percent of Liberal claims on the quay fees.", nil},          // a capitalised modifier after "of": the noun
		{"The union has voiced strong support for the sacked pilot.", []string{"voiced"}}, // a stance voiced
		{"It goes without saying that the quay needs a new wall.", nil},                   // an idiom: no one says it
		{"Her voice carried across the quay.", nil},                                       // the noun
		{"The crew sheltered below, away from the engine fumes.", nil},                    // and "fumes" after a noun
		{"“Back to work,” the foreman barked.", []string{"barked"}},                       // a tone beside a quotation
		{"The gale claimed six lives along the estuary.", nil},                            // a toll taken: another sense of the verb
		{"The flood claimed the lives of two ferrymen.", nil},
		{"Mayor Ines Kowal maintains a narrow lead in the harbour ward.", nil},     // a standing kept
		{"The ferry line posted its third loss in a row.", nil},                    // a result recorded
		{"The skipper claimed the gale had sunk two boats.", []string{"claimed"}},  // a clause after the verb: said
		{"The skipper maintained control was never lost.", []string{"maintained"}}, // the noun opens the clause said
		{"The skipper claimed that six lives were lost.", []string{"claimed"}},     // "that" opens what was said
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			d, s := sentence(t, c.text)
			var got []string
			for _, cu := range FindCues(s) {
				got = append(got, d.Text[s.Toks[cu.A].Start:s.Toks[cu.B-1].End])
			}
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Fatalf("cues %q, want %q", got, c.want)
			}
		})
	}
}

func TestSourcePhrases(t *testing.T) {
	cases := []struct {
		text string
		want string // the first source phrase of the sentence
	}{
		{"Ruritania's Defence Minister Ana Lima said the talks failed.", "Ruritania's Defence Minister Ana Lima"},
		{"A spokeswoman for Brill Corp. said the deal holds.", "A spokeswoman for Brill Corp."},
		{"Sources close to the board said the chairman would resign.", "Sources close to the board"},
		{"Officials familiar with the harbour talks said the strike would end.", "Officials familiar with the harbour talks"}, // plain nouns after the access word, then a verb of saying
		{"Engineers involved in the search say the wreck has shifted.", "Engineers involved in the search"},                   // a profession and its access word
		{"Two economists knowledgeable about the ledgers said the sums were wrong.", "Two economists knowledgeable about the ledgers"},
		{"Engineers involved in the search found the wreck.", "Engineers"},                                                     // no verb of saying: the modifier is not the source's
		{"Engineers involved in the search found that the wreck had moved.", "Engineers involved in the search"},               // a finding reported
		{"Those close to the skipper say he will retire.", "Those close to the skipper"},                                       // "those" standing for people
		{"One of the ferry board's legal advisers warned that the lease was void.", "One of the ferry board's legal advisers"}, // a quantifier, "of" and a whole source with its possessor
		{"Two of her closest aides noted that the lease was never signed.", "Two of her closest aides"},                        // "her" owns the noun after it: no object pronoun
		{"Those close to her say she will retire.", "Those close to her"},                                                      // an object pronoun ends the modifier
		{"Those familiar with the ledgers said the sums were wrong.", "Those familiar with the ledgers"},
		{"Those who know the skipper say he will retire.", "Those who know the skipper"},                    // its relative clause describes it
		{"Voters interviewed by the gazette said the ferry was late.", "Voters interviewed by the gazette"}, // a participle clause after the head, then a verb of saying
		{"Residents living near the quay say the cranes run all night.", "Residents living near the quay"},
		{"Residents living near the quay left early.", "Residents"},
		{"The 34-year-old continued to speak for an hour.", "The 34-year-old"},
		{"He said nothing more.", "He"},
		{"Experts on coastal erosion and flood defence said the next storm could test it.", "Experts on coastal erosion and flood defence"},
		{"Although the wall cost more than planned, officials from both parties say it was worth the money.", "officials from both parties"},
		{"Officials from both parties visited the pier.", "Officials"}, // no verb of saying: the modifier is not the source's
		{"An engineer at the harbour, Ana Lima, said the crane had failed.", "An engineer at the harbour"},
		{"The pier shut early, and Danish radio reports say the crane had failed.", "Danish radio reports"}, // a plural description with no determiner before a plural verb of saying
		{"The pier shut early, and Danish radio crews left the quay.", "Danish"},                            // no verb of saying: the nationality alone
		{"“The crane had failed,” said the lock keeper.", "the lock keeper"},                                // after an inverted cue, whatever its head
		{"The lock keeper, Ana Lima, said the crane had failed.", "The lock keeper"},                        // before a name set off by commas and a cue
		{"An engineer at the harbour, Ana Lima, fixed the crane.", "An engineer"},                           // no verb of saying after the name
		{"The vote was close, said a source in the room.", "a source in the room"},
		{"A source in the room of the harbour office left early.", "A source"}, // the phrase goes on: not a short modifier
		{"However, 63 percent of those asked said the new boats were better.", "63 percent of those asked"},
		{"Another 19 per cent said they would not sail again.", "Another 19 per cent"},
		{"Minister for Ports, Fisheries, and Inland Waters Ana Lima said the quay was safe.", "Minister for Ports, Fisheries, and Inland Waters Ana Lima"},
		{"The Northland Centre for Flood Control and Prevention said the river would crest.", "The Northland Centre for Flood Control and Prevention"},
		{"The Hurricane Centre in Marlow said the storm had weakened.", "The Hurricane Centre in Marlow"},
		{"Leader of the Opposition Ana Lima said the vote was rigged.", "Leader of the Opposition Ana Lima"},
		{"Leader of the House in State Assembly Tomas Verbeek said the vote was rigged.", "Leader of the House in State Assembly Tomas Verbeek"},
		{"One petitioner wrote to the council.", "One petitioner"},
		{"The association said its members had lost money.", "The association"},
		{"According to a statement from the Harbour Board, the crane failed.", "a statement from the Harbour Board"},
		{"The tennis legend said the coach was misjudged.", "The tennis legend"}, // any description before a verb of saying
		{"The county guidance says schools must close early.", "The county guidance"},
		{"The ferry analysts say the fares will rise.", "The ferry analysts"},
		{"Another said he had seen the flood.", "Another"},
		{"Most of them said the ferry came too late.", "Most of them"},
		{"Her campaign staff here said they had knocked on every door.", "Her campaign staff"},
		{"The NBA legend said people misjudge him.", "The NBA legend"},
		{"Okafor’s neighbours said the fence went up overnight.", "Okafor’s neighbours"},
		{"Social workers say the rules are too strict.", "Social workers"}, // a capitalised description before its verb
		{"The retired ferry engine mechanic says the tower will rise.", "The retired ferry engine mechanic"},
		{"Two in three said they would vote again.", "Two in three"}, // shares of people
		{"Sixty-one percent said the ferry should run at night.", "Sixty-one percent"},
		{"Half of those polled said the town needs a bridge.", "Half of those polled"},
		{"“The cranes are idle,” said one of the dockers.", "one of the dockers"}, // a share of people after an inverted verb
		{"“The cranes are idle,” said one of them.", "one of them"},
		{"Some advocates for the harbour fund said the levy was unfair.", "Some advocates for the harbour fund"}, // a long subject: no known head, a long modifier
		{"Ferry crews that have worked the route for years say the channel is silting up.", "Ferry crews that have worked the route for years"},
		{"The skipper and her two deputies have said the quay is unsafe.", "The skipper and her two deputies"},
		{"A dock worker familiar with the night shift's rota says the cranes ran empty.", "A dock worker familiar with the night shift's rota"},

		// a statement noun that owns the next noun is its possessor
		{"“The quay was never inspected,” the letter’s author says.", "the letter’s author"},
		{"“The quay was never inspected,” the letter says.", "the letter"},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			d, s := sentence(t, c.text)
			for _, u := range Units(s, d, FindCues(s)) {
				if u.Kind == Source {
					if got := d.Text[s.Toks[u.A].Start:s.Toks[u.B-1].End]; got != c.want {
						t.Fatalf("source %q, want %q", got, c.want)
					}
					return
				}
			}
			t.Fatalf("no source phrase, want %q", c.want)
		})
	}
}

func TestNoSourcePhrase(t *testing.T) {
	// capitalised words that open a sentence without being a name
	for _, text := range []string{
		"Speaking to reporters, the mayor said the road was open.",
		"Enthusiastic crowds cheered as the mayor spoke.",
		"12 percent of the fleet was idle last year.",                                     // a share with no verb of saying
		"The storm destroyed the old boathouses and officials said the quay would close.", // a verb and its object are no subject
		"There's no way to tell without the ledgers.",                                     // an infinitive
		"Because the tide was late the skipper said the ferry would wait.",                // a clause opener
	} {
		d, s := sentence(t, text)
		for _, u := range Units(s, d, FindCues(s)) {
			if u.Kind == Source && u.A == 0 {
				t.Errorf("%q: %q read as a source", text, d.Text[s.Toks[u.A].Start:s.Toks[u.B-1].End])
			}
		}
	}
}

func TestContentTrimmed(t *testing.T) {
	cases := []struct {
		text, rule, want string
	}{
		{"The mayor said that the bridge would reopen.", "reported-that", "the bridge would reopen"},
		{"The mayor said that the bridge would reopen, while someone else claimed it was unsafe.", "reported-that", "the bridge would reopen"}, // no dangling "while" before a later attribution
		{"The mayor told reporters in the capital that the bridge would reopen.", "reported-zero", "the bridge would reopen"},
		{"The bridge will reopen, the mayor said, adding that crews were ready.", "reported-before-adding", "The bridge will reopen"},
		{"Meanwhile, the bridge will reopen in May, the mayor said.", "reported-before", "the bridge will reopen in May"},
		{"The mayor accused the contractor of ignoring warnings.", "action-object", "accused the contractor of ignoring warnings"},
		{"Although the mayor claimed to have cut crime, burglaries rose.", "promise-to", "claimed to have cut crime"},
		{"“We will rebuild,” the mayor said.", "quote-source-cue", "We will rebuild"},
		{"The engineer explained how the crack had spread.", "reported-zero", "how the crack had spread"},
		{"The harbour board has not said when the quay will reopen.", "reported-zero", "when the quay will reopen"}, // what was not said is an open question
		{"The ferry company would not say where the fuel went.", "reported-zero", "where the fuel went"},
		{"The tribunal ruled that the ferry levy was unlawful.", "reported-that", "the ferry levy was unlawful"},
		{"The quay, the inquiry found, had not been inspected for years.", "reported-parenthetical", "The quay, the inquiry found, had not been inspected for years"}, // a finding set off inside its statement
		{"The mayor praised the harbour master's “courage” on the night.", "naming-quote", "(no content)"},                                                            // the quoted word is the object's noun: nothing named
		{"The mayor described the new harbour master Ana Lima as a “disaster” for the port.", "naming-quote", "the new harbour master Ana Lima as a “disaster” for the port"},
		{"The mayor described the newly appointed harbour master Ana Lima of the port authority “a disaster”.", "naming-quote", "a disaster"},
		{"The mayor accused the harbour board of leaking a “secret” memo.", "naming-quote", "(no content)"},
		{"The mayor’s reply to a docker yelling “liar” at her was cheered.", "participle-that", "(no content)"}, // a cry's words are its quotation, not the clause after it // the quotation is in the charge, not a name for the board
		{"The mayor called the lack of dredging a “scandal”.", "naming-quote", "(no content)"},
		{"The harbour board said at least 2,300 berths would close by May.", "reported-zero", "at least 2,300 berths would close by May"},                                                                    // a thousands comma is no clause break
		{"Although the insurer says more than 1,500 boats sank, the harbour board counts fewer.", "reported-zero", "more than 1,500 boats sank"},                                                             // nor the end of a leading clause
		{"The ferry clerk said that on Monday, the crossing would be free.", "reported-that", "on Monday, the crossing would be free"},                                                                       // after "that" a fronted time is the statement's
		{"The pilot said that after the storm, the quay was closed for a week.", "reported-that", "after the storm, the quay was closed for a week"},                                                         // and so is a fronted clause
		{"“We kept every ferry running,” the harbour master told the Courier in 2021, “even when the quay flooded.”", "quote-split-source-cue", "We kept every ferry running | even when the quay flooded."}, // a year dating the interview
		{"“Both crews did well,” she said of the pilots and the tug masters, “and the port owes them.”", "quote-split-source-cue", "Both crews did well | and the port owes them."},                          // the ones spoken of
		{"The mayor said in 2021 ferry fares rose twice.", "reported-zero", "in 2021 ferry fares rose twice"},                                                                                                // a year before more words may open the statement
		{"The skipper sailed on, continuing his tour of the northern ports.", "participle-that", "(no content)"},                                                                                             // a verb of manner before a plain object is no speech
		{"The clerk closed the file after reading the harbour board's summary.", "participle-that", "(no content)"},
		{"The skipper waved, joking that the fog had made him famous.", "participle-that", "the fog had made him famous"},                                                              // with "that" it reports what was said
		{"Health officials told residents not to drink the water from their taps.", "reported-zero", "residents not to drink the water from their taps"},                               // a negation after the addressee is what they were told
		{"The ferry was stopped by an inspector who told the crew never to sail in a storm.", "relative-who", "the crew never to sail in a storm"},                                     // (after a plain-word addressee too)
		{"The mayor said not all the crews had returned.", "reported-zero", "not all the crews had returned"},                                                                          // and right after the verb
		{"The firm vowed not to repeat the mistake.", "promise-to", "vowed not to repeat the mistake"},                                                                                 // a commitment keeps its negation
		{"The crews cheered the mayor's pledge not to close the bridge before May.", "nominal-to", "pledge not to close the bridge before May"},                                        // and a pledge's
		{"The mayor opened the bridge, vowing never to close it again.", "participle-that", "vowing never to close it again"},                                                          // (so does a participle's)
		{"The company announced it would drop the sales targets, beginning in January next year.", "reported-zero", "it would drop the sales targets, beginning in January next year"}, // a verb of manner saying when, not who said what, ends nothing
		{"The mayor said the bridge was safe, continuing: “We checked every bolt.”", "reported-zero", "the bridge was safe"},                                                           // one that leads to a quotation does
		{"Most residents said the fare was too high, and nearly 7 in 10 said the bridge should come first.", "reported-zero", "the fare was too high"},                                 // a hedged number opens the next attribution's clause
		{"Nearly 70 percent of members said they would back the plan, while only 30 percent of the staff said the same.", "reported-zero", "they would back the plan"},                 // (and so does "only")
		{"The mayor said the bridge would reopen, but only a few engineers agreed.", "reported-zero", "the bridge would reopen, but only a few engineers agreed"},                      // a hedge with no attribution after it cuts nothing
		{"This plan, he says, is different from the old one.", "reported-parenthetical", "This plan, he says, is different from the old one"},                                          // "this" opens a subject, not an adverbial
		{"If the river rises, she said, the bridge will close for a week.", "reported-parenthetical", "If the river rises, she said, the bridge will close for a week"},                // the condition is part of the statement
		{"Over the years, the mayor said, the bridge has cost a fortune.", "reported-parenthetical", "Over the years, the mayor said, the bridge has cost a fortune"},                  // an adverbial around the attribution is part of the statement
		{"She added, though, that the bridge would need more repairs.", "reported-that", "the bridge would need more repairs"},
		{"He said, for example, that the ferry would run twice a day.", "reported-that", "the ferry would run twice a day"},
		{"Lima herself acknowledged on Monday that the vote was lost.", "reported-that", "the vote was lost"},
		{"The council approved the plan, which the mayor says will cut traffic.", "reported-zero", "which the mayor says will cut traffic"},                                                  // an attribution inside a relative clause
		{"The judge cleared the skipper, a ruling which the harbour board said it would appeal.", "reported-zero", "a ruling which the harbour board said it would appeal"},                  // a statement with its own subject lacks its object: the noun it refers to opens the claim
		{"The tribunal struck down the ferry levy, a ruling the harbour board said it would not accept.", "reported-zero", "a ruling the harbour board said it would not accept"},            // (a relative clause without "which")
		{"The tribunal upheld the levy, which the harbour board said it would appeal to the high court.", "reported-zero", "which the harbour board said it would appeal to the high court"}, // a statement that goes on has its object
		{"The harbour board said it would appeal.", "reported-zero", "it would appeal"},                                                                                                      // and no relative clause, no noun
		{"The harbour master said nothing about the fees on Monday.", "reported-zero", "(no content)"},                                                                                       // an amount of talk about a topic asserts nothing
		{"The choice of venue says a lot about the council's priorities.", "reported-zero", "(no content)"},                                                                                  // (nor does an inanimate "says a lot about")
		{"The harbour master said much of the quay was unsafe.", "reported-zero", "much of the quay was unsafe"},                                                                             // a clause after the amount does
		{"It was a gap in the fence that even the guards say makes the wall useless.", "reported-zero", "that even the guards say makes the wall useless"},
		{"The council passed the rule, which the baker called “a trap for small shops.”", "naming-quote", "which the baker called “a trap for small shops.”"},
		{"Ruiz said if he were mayor, the port would be rebuilt.", "reported-zero", "if he were mayor, the port would be rebuilt"}, // a condition first, then the clause
		{"Lima said he backed rules that curb the port board, which he called “a cartel of insiders.”", "reported-zero", "he backed rules that curb the port board, which he called “a cartel of insiders.”"},
		{"The ferry’s “delays” are shameful, Lima said on Tuesday in Oslo.", "reported-before", "The ferry’s “delays” are shameful"},                             // a place after the cue
		{"The union vote “was too early for most members,” said Ruiz.", "reported-before-inverted", "The union vote “was too early for most members,”"},          // the comma inside the closing mark
		{"The vote was early, said Ruiz of the dock union.", "reported-before-inverted", "The vote was early"},                                                   // the body after the name describes the speaker
		{"Lima thanked the crew and claimed the fire was set by a “paid gang” from the city.", "naming-quote-and", "paid gang"},                                  // a verb before the quotation: a clause, no object named
		{"The engineer said the builders broke city and state rules on scaffolding.", "reported-zero", "the builders broke city and state rules on scaffolding"}, // a noun after "and" that is also a verb of saying
		{"Lima said the strikes and protests had cost the port a month.", "reported-zero", "the strikes and protests had cost the port a month"},
		{"The engineer said the crane was safe and accused the builders of lying.", "reported-zero", "the crane was safe"},                                                // a second verb of saying ends the first claim
		{"Ines Varga called the new levy a “tax on the young” in every port town.", "naming-quote", "the new levy a “tax on the young” in every port town"},               // the phrase after the mark completes the name
		{"Ines Varga called the new levy a “tax on the young”, citing the fees.", "naming-quote", "the new levy a “tax on the young”"},                                    // the sentence goes on after a comma
		{"The skipper condemned what she called a “reckless gamble” with the harbour fund.", "naming-quote", "what she called a “reckless gamble” with the harbour fund"}, // after a relative word too
		{"Ines Varga called the pilot a “coward,” a “thief,” “lazy” and “rude.”", "naming-quote", "the pilot a “coward,” a “thief,” “lazy” and “rude.”"},                  // a list of quoted names
		{"Ines Varga called the pilot a “coward” and left the quay.", "naming-quote", "the pilot a “coward”"},                                                             // "and" and a verb: the sentence goes on
		{"The mayor continues to insist, most recently on a phone-in, that the dyke is sound.", "reported-zero", "the dyke is sound"},                                     // an aside between the cue and "that"
		{"The port board soon said that it would appeal the ruling.", "reported-that", "it would appeal the ruling"},                                                      // an adverb of time between the subject and its verb
		{"The harbour board twice said the crane was unsafe.", "reported-zero", "the crane was unsafe"},
		{"Crews mocked Ana Lima's threat to close the quay if the strike went on.", "nominal-to", "threat to close the quay if the strike went on"}, // a commitment after the possessive naming its maker
		{"The mayor appeared to suggest that fares would double.", "reported-that", "fares would double"},                                           // "appeared to" before the cue
		{"Port lawyers said that is unlikely.", "reported-zero", "that is unlikely"},                                                                // "that" with its verb at once is the clause's subject
		{"The skipper said that was the last ferry of the year.", "reported-zero", "that was the last ferry of the year"},
		{"Ines Varga -- a ferry pilot for thirty years -- said the channel was silting up.", "reported-zero", "the channel was silting up"},
		{"One of the port's oldest pilots, Ines Varga, said the channel was silting up.", "reported-zero", "the channel was silting up"},            // a name set off after the description it names
		{"The skipper left the quay, pleading for calm.", "participle-that", "(no content)"},                                                        // a participle with a prepositional complement says nothing as such
		{"The skipper left the quay, adding a word for the crew: “We sail at dawn.”", "participle-that", "a word for the crew: “We sail at dawn.”"}, // unless it leads to a quotation
		{"The skipper left the quay, saying to reporters that the tide was late.", "participle-that", "the tide was late"},                          // an addressee after "to" is not content
		{"The skipper said to reporters that the tide was late.", "reported-zero", "the tide was late"},
		{"The fees will double, the skipper said during her speech to be elected chair.", "reported-zero", "(no content)"},                                                                                       // an infinitive after the cue's time or place phrase is that phrase's
		{"The skipper told the crews to stay ashore.", "reported-zero", "the crews to stay ashore"},                                                                                                              // after an addressee it is what they were told, and they are its subject
		{"Ines Varga said the quay was rebuilt and replied to the letters.", "coordinated-that", "(no content)"},                                                                                                 // "replied to" reports nothing
		{"The skipper left the quay, warning of a storm surge.", "participle-that", "of a storm surge"},                                                                                                          // a stance verb's "of" is its content
		{"Ferry fares, as the harbour master noted last week, have doubled since the strike.", "reported-parenthetical-as", "Ferry fares, as the harbour master noted last week, have doubled since the strike"}, // "as" opens the attribution set off inside the statement
		{"As the harbour master noted last week, ferry fares have doubled, and the queues are longer.", "as-before", "ferry fares have doubled, and the queues are longer"},                                      // the clause after the attribution's comma is all content
		{"The ferry board met on Monday and said she would respond.", "reported-before", "(no content)"},                                                                                                         // the source opens the clause after the cue: the words before are not hers
		{"The quay stays shut until the engineer would comment.", "reported-before", "(no content)"},                                                                                                             // nor after a subordinator
		{"Tolls will rise, the council admitted that the mayor said.", "reported-before", "(no content)"},                                                                                                        // nor after "that"
		{"Tolls will rise in spring, as the harbour master said.", "reported-before", "Tolls will rise in spring"},                                                                                               // "as" credits the words before
		{"The mayor said that tolls will rise before the engineer would comment.", "reported-that", "tolls will rise before the engineer would comment"},                                                         // a later attribution inside the content's own clause does not cut it
		{"The mayor said the pier would reopen in May, with union leader Ana Lima claiming that the cracks were new.", "reported-zero", "the pier would reopen in May"},                                          // "with" opens the later attribution's clause
		{"The mayor said the pier would reopen in May, as the harbour master warned of new cracks.", "reported-zero", "the pier would reopen in May"},
		{"Asked about the ferry fees, Ana Lima said, “We will keep them as they are.”", "reported-parenthetical", "(no content)"},                                                                        // a quotation opening its own sentence after the attribution is the quote rule's
		{"Vowing to cut the ferry fees, Ana Lima said, “and keep them low for as long as the port can pay its way.”", "reported-parenthetical", "(no content)"},                                          // nor after a participle's clause
		{"The ferry fees, Ana Lima said, “will stay as they are.”", "reported-parenthetical", "The ferry fees, Ana Lima said, “will stay as they are.”"},                                                 // quoted words that go on with the statement are its own
		{"The skipper left early, saying that “the fog decides too much” on this coast, even now.", "participle-quote", "(no content)"},                                                                  // quoted words the "that" clause goes on from are a fragment of it
		{"“We will not sell the quay,” she said, referring to the harbour board's offer.", "participle-that", "(no content)"},                                                                            // a gloss of whom the words meant
		{"The skipper left early, referring to the harbour board as a cartel of insiders.", "participle-that", "referring to the harbour board as a cartel of insiders"},                                 // (with "as" it says something of them)
		{"The skipper left early, saying that “the fog decides too much” on this coast, even now.", "participle-that", "“the fog decides too much” on this coast, even now"},                             // …which the reported reading has whole
		{"The skipper left early, saying that “the fog decides too much.”", "participle-quote", "the fog decides too much."},                                                                             // a quotation closing the clause is what was said
		{"The skipper waved, saying “the fog lifts at noon” before she cast off.", "participle-quote", "the fog lifts at noon"},                                                                          // (without "that" too)
		{"Ana Lima called on the harbour board to “stop the night crossings” and refund the fares.", "naming-quote", "(no content)"},                                                                     // an infinitive in quotation marks names nothing
		{"Ana Lima called on the harbour board to “stop the night crossings” and refund the fares.", "object-reading", "called on the harbour board to “stop the night crossings” and refund the fares"}, // the directive's clause is whole
		{"Ana Lima called the harbour board “a closed shop” at the meeting.", "naming-quote", "the harbour board “a closed shop” at the meeting"},
		{"While the ferry ran all winter, the pilots said the quay was unsafe, above all at night.", "reported-zero", "the quay was unsafe, above all at night"},          // a leading clause closed before the attribution ends nothing after it
		{"Although the pilots said the quay was unsafe, above all at night, the ferry ran all winter.", "reported-zero", "the quay was unsafe"},                           // one the attribution stands in ends at its comma
		{"For decades, Mr. Brill noted, the quay has flooded every spring.", "reported-zero", "(no content)"},                                                             // an attribution set off inside its statement reports all of it…
		{"For decades, Mr. Brill noted, the quay has flooded every spring.", "reported-parenthetical", "For decades, Mr. Brill noted, the quay has flooded every spring"}, // …which the parenthetical reading has
		{"Instead, Ana Lima told the council, the port should sell the pier.", "reported-parenthetical", "Instead, Ana Lima told the council, the port should sell the pier"},
		{"Speaking at the quay, Ana Lima said, “A tide turns, but rarely in a season,” thanking the crews.", "reported-zero", "(no content)"},                                                                                                         // a quoted sentence after the verb's comma is a quotation, not a complement
		{"Ferry fares, according to the harbour office, have doubled since the strike.", "according-before", "(no content)"},                                                                                                                          // "according to" set off inside its statement: the whole statement (according-parenthetical)
		{"The lowest fifth paid 2 percent, the agency said in a March report, and the top fifth paid 60 percent.", "reported-parenthetical", "The lowest fifth paid 2 percent, the agency said in a March report, and the top fifth paid 60 percent"}, // a month dating the report is part of the adjunct                               // an aside between dashes after the source

		// a town and its region are one place
		{"The ferry’s “delays” are shameful, Lima said on Tuesday in Bergen, Norway.", "reported-before", "The ferry’s “delays” are shameful"},
		{"The harbour master said in Dover, Delaware, that the quay would reopen.", "reported-that", "the quay would reopen"},
		{"“The quay is safe,” Lima said at a rally in Salem, N.H., “and it will stay open all winter.”", "quote-split-source-cue", "The quay is safe | and it will stay open all winter."},
		// a phrase set off after "that," is the clause's
		{"The pilots said that, on calm days, the ferry ran twice.", "reported-that", "on calm days, the ferry ran twice"},
		// a relative clause set off inside a leading clause does not end it
		{"After the pilots insisted that the quay was unsafe for the big ferries, which dock there at night, the mayor closed it.", "reported-that", "the quay was unsafe for the big ferries, which dock there at night"},
		// "however" before a word opens a concession, part of the statement
		{"However noble the aim, closing the quay “would ruin the town,” said Ruiz.", "reported-before-inverted", "However noble the aim, closing the quay “would ruin the town,”"},
		// a relative clause after a quoted name says more of the same
		{"Lima called the ferry board a “cartel” that is “deaf to the crews,” a “closed shop” and a “disgrace.”", "naming-quote", "the ferry board a “cartel” that is “deaf to the crews,” a “closed shop” and a “disgrace.”"},
		// a verb of naming in a clause of its own after "said" leaves the
		// report whole
		{"The pilot said the crews were calling the quay “a trap” all winter.", "reported-zero", "the crews were calling the quay “a trap” all winter"},
		{"The pilot said he thought the quay was “unsafe” for ferries.", "reported-zero", "he thought the quay was “unsafe” for ferries"},
		// "as" + a quantified source + a verb of several words, set off
		// by commas, attributes the whole statement
		{"The tide tables, as one of the port's senior advisers pointed out, were printed a year early.", "reported-parenthetical-as", "The tide tables, as one of the port's senior advisers pointed out, were printed a year early"},
		// a participle aside between the halves of one split sentence
		{"“The crane is rusted through,” the inspector said, tapping on the boom with a spanner, “and nobody has oiled it since spring.”", "quote-split-source-cue", "The crane is rusted through | and nobody has oiled it since spring."},
		// "that" or "which" as the subject of a verb of saying after a
		// source: the relative clause reports what the source says
		{"The crews received a memo that says the night shift will end in March.", "relative-who", "the night shift will end in March"},
		{"The inquiry turned to the harbour police, which reported “two capsized dinghies” near the breakwater.", "relative-who", "“two capsized dinghies” near the breakwater"},
		// a relative clause without "that": the verb after the cue has
		// lost its subject, the noun before the source
		{"The council backed a levy the treasurer says will pay for the sea wall.", "reported-zero", "a levy the treasurer says will pay for the sea wall"},
		{"Nobody wanted a curfew officials said would calm the port.", "reported-zero", "a curfew officials said would calm the port"},
		// an email is where something was said, like a letter
		{"The quay is “unsafe,” Ruiz wrote in an email to harbour staff, and “a danger to the crews.”", "reported-parenthetical", "The quay is “unsafe,” Ruiz wrote in an email to harbour staff, and “a danger to the crews.”"},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			d := doc.Parse(c.text)
			for si := range d.Sents {
				_, ms := Candidates(d, si)
				for _, m := range ms {
					if m.Rule.Name == c.rule {
						if got := strings.Join(contentTexts(d, si, m), " | "); got != c.want {
							t.Fatalf("content %q, want %q", got, c.want)
						}
						return
					}
				}
			}
			t.Fatalf("rule %s does not read the sentence", c.rule)
		})
	}
}

func FuzzMatch(f *testing.F) {
	for _, r := range Rules {
		f.Add(r.Example)
	}
	f.Add(", , , , , said , , , , “a” , , , according to , , ,")
	f.Fuzz(func(t *testing.T, text string) {
		d := doc.Parse(text)
		for si := range d.Sents {
			units, ms := Candidates(d, si)
			for _, m := range ms {
				spans, _ := Content(d, si, units, m, ms)
				for _, sp := range spans {
					if sp.Start < 0 || sp.End > len(text) || sp.Start > sp.End {
						t.Fatalf("content %d:%d outside the text", sp.Start, sp.End)
					}
				}
			}
		}
	})
}

func TestLongSubject(t *testing.T) {
	cases := []struct {
		text, want string // want "" when no long subject reads
	}{
		{"Some advocates for the harbour fund said the levy was unfair.", "Some advocates for the harbour fund"},
		{"Several ferry news outlets reported on Monday the firm had sold two boats.", "Several ferry news outlets"}, // a time between the verb and its clause
		{"A dock worker familiar with the night shift's rota says the cranes ran empty.", "A dock worker familiar with the night shift's rota"},
		{"Mourners at the harbour chapel on the north quay never mentioned the mayor.", ""}, // an object, not a statement
		{"The slow pace of the harbour repairs added to the doubt.", ""},                    // "added to"
		{"The storm destroyed the old boathouses and officials said the quay would close.", ""},
		{"Voters in Port Arden said the levy was unfair.", "Voters in Port Arden"},                                                       // people placed: the resolver reads the name as the place
		{"A filing dated Monday says the levy was unfair.", "A filing dated Monday"},                                                     // a dated document
		{"Mourners at Port Arden said the levy was unfair.", ""},                                                                         // "at" places no group: the name closing the modifier would pass for the speaker
		{"The skipper took calls from listeners to the harbour radio show who said the levy was unfair.", ""},                            // a relative word right before the verb is its subject
		{"Ferry crews that have worked the route for years say the levy is unfair.", "Ferry crews that have worked the route for years"}, // (a relative clause with a verb of its own stays in the subject)
		{"All the engineers I interviewed said the new wall was stronger.", "All the engineers I interviewed"},                           // (and one without its word)
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			d, s := sentence(t, c.text)
			cues := FindCues(s)
			if len(cues) == 0 {
				t.Fatalf("no cue")
			}
			got := ""
			if e := LongSubjectEnd(s.Toks, 0, cues[0].A); e > 0 {
				got = d.Text[s.Toks[0].Start:s.Toks[e-1].End]
			}
			if got != c.want {
				t.Fatalf("long subject %q, want %q", got, c.want)
			}
		})
	}
}
