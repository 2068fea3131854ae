package group

import (
	"maps"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

func TestFit(t *testing.T) {
	rep := item("r", "A", "quote", "Ana Lima", "Harbour cranes were sold to a foreign buyer in secret last winter")
	member := item("m", "B", "quote", "Ana Lima", "cranes sold to a foreign buyer in secret, while unpaid dockers protested at the gates")
	cases := []struct {
		name string
		it   *Item
		join bool
	}{
		{"truncated quote of the representative", item("1", "C", "quote", "Ana Lima", "Harbour cranes were sold to a foreign buyer"), true},
		{"alike the member only (a chain)", item("2", "C", "quote", "Ana Lima", "unpaid dockers protested at the gates of the ministry all night"), false},
		{"negation of a member", item("3", "C", "quote", "Ana Lima", "Harbour cranes were not sold to a foreign buyer in secret last winter"), false},
		{"other person", item("4", "C", "quote", "Rui Costa", "Harbour cranes were sold to a foreign buyer in secret last winter"), false},
	}
	c := &Candidate{ID: "r", Rep: rep, Members: []*Item{rep, member}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Best(tc.it, []*Candidate{c}) == 0; got != tc.join {
				t.Fatalf("joins = %v (fit %.2f); want %v", got, Fit(tc.it, c), tc.join)
			}
		})
	}
}

func TestSpeakers(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"Zara Patel", "Zara Patel", speakerSame},
		{"Councillor Zara Patel", "Zara Patel", speakerSame}, // a title the key kept
		{"Patel", "Zara Patel", speakerSame},                 // the surname alone
		{"Dan Smith", "Don Smith", speakerOther},
		{"Zara Patel", "", speakerUnknown},
	}
	for _, tc := range cases {
		t.Run(tc.a+"|"+tc.b, func(t *testing.T) {
			a, b := item("1", "A", "quote", tc.a, "x"), item("2", "B", "quote", tc.b, "x")
			if got := speakers(a, b); got != tc.want {
				t.Fatalf("speakers = %d; want %d (keys %q, %q)", got, tc.want, a.SpeakerKey, b.SpeakerKey)
			}
		})
	}
}

func TestFiguresAgree(t *testing.T) {
	cases := []struct {
		a, b []float64
		want bool
	}{
		{nil, []float64{25}, true},
		{[]float64{25}, []float64{25}, true},
		{[]float64{25}, []float64{23}, false},
		{[]float64{2, 50000}, []float64{2}, true},
		{[]float64{3, 5}, []float64{3, 13}, false},
	}
	for _, tc := range cases {
		if got := figuresAgree(tc.a, tc.b); got != tc.want {
			t.Errorf("figuresAgree(%v, %v) = %v; want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestSupersedes(t *testing.T) {
	part := item("1", "A", "quote", "Ana Lima", "the cranes were sold in secret")
	full := item("2", "B", "quote", "Ana Lima", "the cranes were sold in secret while the dockers were told nothing")
	reported := item("3", "C", "reported", "Ana Lima", "she said the cranes were sold in secret to a buyer abroad")
	if !Supersedes(full, part) || Supersedes(part, full) {
		t.Fatal("the full quote must supersede its part, not the reverse")
	}
	if Supersedes(reported, part) {
		t.Fatal("a reported version superseded the quote")
	}
	// A report that prints a quoted phrase whole, and more, stands for it.
	phrase := item("7", "A", "quote", "Ana Lima", "kept every clinic open")
	report := item("8", "A", "reported", "Ana Lima", "she vowed she “kept every clinic open” through the winter storms")
	other := item("9", "A", "reported", "Rui Costa", "he said she “kept every clinic open” through the winter storms")
	if !Supersedes(report, phrase) || Supersedes(phrase, report) {
		t.Fatal("the report that quotes the phrase whole must supersede it, not the reverse")
	}
	if Supersedes(other, phrase) {
		t.Fatal("another speaker's report superseded the phrase")
	}
	post := item("4", "D", "quote", "Ana Lima", "The harbour fire is a tragedy for our town. Every family that lost a boat will get 2,000 euros.")
	one := item("5", "E", "quote", "Ana Lima", "The harbour fire is a tragedy for our town.")
	if Supersedes(post, one) {
		t.Fatal("a claim of two statements superseded one of them")
	}
	if !Supersedes(one, post) {
		t.Fatal("one statement did not narrow a two-statement representative")
	}
	// A passing reference shares a name and a figure with the post and
	// joins it, but states neither of its sentences.
	mention := item("6", "F", "quote", "Ana Lima", "she spoke of the 2,000 euros after the fire")
	if Score(mention, post) < JoinScore {
		t.Fatalf("Score = %.2f; the case needs a mention that joins", Score(mention, post))
	}
	if Supersedes(mention, post) {
		t.Fatal("a passing reference narrowed a two-statement representative")
	}
}

func TestSynonymTable(t *testing.T) {
	// The table loads (no word in two families) and folds both ways.
	if synonyms["implicate"] != synonyms["frame"] || synonyms["scheme"] != synonyms["plot"] {
		t.Fatal("families not folded")
	}
	defer func() {
		if recover() == nil {
			t.Fatal("a word in two families was accepted")
		}
	}()
	loadSynonyms("alpha beta\ngamma beta\n")
}

func TestStemShortWordsEndingInE(t *testing.T) {
	// A word of four letters ending in e meets its inflections, and its
	// plural meets its synonym family: "rules" is a "rule", so a "regulation".
	for _, tc := range []struct{ a, b string }{
		{"rule", "rules"}, {"rule", "ruled"}, {"rise", "rising"}, {"fire", "fires"}, {"stone", "stones"},
	} {
		if Stem(tc.a) != Stem(tc.b) {
			t.Errorf("Stem(%q) = %q, Stem(%q) = %q; want one stem", tc.a, Stem(tc.a), tc.b, Stem(tc.b))
		}
	}
	x, _ := contentTerm("rules")
	y, _ := contentTerm("regulations")
	if x != y {
		t.Errorf("rules -> %q, regulations -> %q; want one family", x, y)
	}
}

func TestSynonymFamiliesJoin(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b *Item
	}{
		{"a noun and its verb",
			item("1", "A", "reported", "Ana Lima", "threatened to cut the ferry subsidy if Ostrava took office"),
			item("2", "B", "reported", "Ana Lima", "threats to trim the ferry subsidy")},
		{"cooked up is made up",
			item("5", "E", "reported", "Ana Lima", "the harbour board cooked up the tonnage figures"),
			item("6", "F", "reported", "Ana Lima", "fabricated the tonnage figures of the port")},
		{"a fact confirmed and established, one side unattributed",
			item("3", "C", "statistic", "", "the names of four sailors are yet to be confirmed", 4),
			item("4", "D", "statistic", "", "the names of the four crewmen found are yet to be established", 4)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if s := Score(tc.a, tc.b); s < JoinScore {
				t.Errorf("Score = %.2f; want at least %.2f (terms %v / %v)", s, JoinScore, tc.a.terms, tc.b.terms)
			}
		})
	}
}

// TestUnitsOfSumsFold: a sum's currency and a share's unit read as one
// term however a desk writes them (synonyms.txt).
func TestUnitsOfSumsFold(t *testing.T) {
	for _, tc := range [][2]string{
		{"40 rupees a crate", "Rs 40 a crate"},
		{"INR 40 a crate", "40 rupees a crate"},
		{"18 percent of the catch", "18 per cent of the catch"},
		{"18 pc of the catch", "18 percent of the catch"},
		{"300 dollars a berth", "USD 300 a berth"},
	} {
		a, b := ContentTerms(tc[0]), ContentTerms(tc[1])
		if !maps.Equal(a, b) {
			t.Errorf("ContentTerms(%q) = %v; ContentTerms(%q) = %v", tc[0], a, tc[1], b)
		}
	}
}

func TestIrregular(t *testing.T) {
	a := item("1", "A", "quote", "Ana Lima", "The plot against me began when the minister spoke")
	b := item("2", "B", "quote", "Ana Lima", "the plot against me begins when the minister speaks")
	if Score(a, b) < 0.9 {
		t.Fatalf("Score = %.2f; want the tenses to meet (terms %v / %v)", Score(a, b), a.terms, b.terms)
	}
}

func TestScoreShortAndFigures(t *testing.T) {
	cases := []struct {
		name string
		a, b *Item
		join bool
	}{
		{"a name alone is no quote of the sentence naming it",
			item("1", "A", "quote", "Ana Lima", "the Rui Costas"),
			item("2", "B", "quote", "Ana Lima", "If anyone can stand up to Rui Costa and his friends, it is this harbour town"), false},
		{"an exact short part joins",
			item("1", "A", "quote", "Ana Lima", "Open the harbour gates"),
			item("2", "B", "quote", "Ana Lima", "So, Rui Costa, I have four words for you: open the harbour gates."), true},
		{"a shared name and one word are a topic, not a statement",
			item("1", "A", "quote", "Tomas Reyes", "Ilse Brandt promised the ferry would run all winter, and it stopped in November"),
			item("2", "B", "quote", "Tomas Reyes", "Like Ilse Brandt, we promised lower fares to every student in the valley"), false},
		{"a shared name and the words around it are a statement",
			item("1", "A", "quote", "Tomas Reyes", "Ilse Brandt promised that the ferry would run all winter"),
			item("2", "B", "reported", "Tomas Reyes", "the ferry was meant to run through the winter, as Ilse Brandt promised"), true},
		{"a rewording that keeps the order of its terms",
			item("1", "A", "quote", "Ines Korhonen", "Every clinic in the northern valley will stay open through the long flood season, whatever the ministry decides"),
			item("2", "B", "reported", "Ines Korhonen", "she vowed that clinics across the north of the valley would keep their doors open for the entire season of floods, despite any ruling from the capital or the regional governors"), true},
		{"a small count alone ties nothing",
			item("1", "A", "statistic", "", "The storm was blamed for seven deaths along the coast", 7),
			item("2", "B", "statistic", "", "Seven bodies pulled from the warehouse are yet to be named", 7), false},
		{"two negative wordings of one statement",
			item("1", "A", "quote", "Ana Lima", "No sea wall on this coast can withstand a storm of that size"),
			item("2", "B", "quote", "Ana Lima", "I don't believe any sea wall on this coast could withstand a storm of that size"), true},
		{"a shared run of words ties a short wording",
			item("1", "A", "quote", "Ana Lima", "The real scandal was the silence of the ministry for nine years"),
			item("2", "B", "quote", "Ana Lima", "The real scandal was their silence."), true},
		{"a large figure of one measure ties two wordings",
			item("1", "A", "statistic", "", "the landslide killed at least 370 people", 370),
			item("2", "B", "statistic", "", "370 dead after the hillside gave way", 370), true},
		{"lives lost are deaths",
			item("1", "A", "statistic", "", "At least 41 people lost their lives when the ferry capsized", 41),
			item("2", "B", "statistic", "", "The ferry disaster has claimed 41 lives", 41), true},
		{"lives lost are not a count of the injured",
			item("1", "A", "statistic", "", "At least 41 people lost their lives when the ferry capsized", 41),
			item("2", "B", "statistic", "", "41 passengers were injured on the crossing", 41), false},
		{"convictions are a count of their own",
			item("1", "A", "statistic", "", "A jury convicted 31 dockworkers over the missing cargo", 31),
			item("2", "B", "statistic", "", "31 found guilty in the harbour theft trial", 31), true},
		{"convictions are not arrests",
			item("1", "A", "statistic", "", "A jury convicted 31 dockworkers over the missing cargo", 31),
			item("2", "B", "statistic", "", "31 arrested in the harbour theft inquiry", 31), false},
		{"a reported version quoting the words of the quote",
			item("1", "A", "quote", "Ana Lima", "So, Rui Costa, since you keep asking, here is my answer: open the harbour gates."),
			item("2", "B", "reported", "Ana Lima", "ended her speech with a challenge: \u201cOpen the harbour gates,\u201d which drew cheers from a crowd of dockers who had waited since dawn for the result of the vote"), true},
		{"single quotation marks quote too",
			item("1", "A", "quote", "Ana Lima", "This was no storm, it was a betrayal of every family on the coast."),
			item("2", "B", "reported", "Ana Lima", "called the flooding of the lower town, which forced hundreds from their homes, 'a betrayal of every family' and demanded an inquiry"), true},
		{"a quoted label and one word of the story are a topic, not a statement",
			item("1", "A", "quote", "Ana Lima", "The real cartel in this harbour was the one that fixed the tenders"),
			item("2", "B", "reported", "Ana Lima", "the 'real cartel' against her formed only after Moreno hinted at bribes in the harbour"), false},
		{"a quoted label and a name the statement prints",
			item("1", "A", "quote", "Ana Lima", "We will break the grain cartel because the farmers of Lower Ammar were cheated for years"),
			item("2", "B", "reported", "Ana Lima", "her government will put an end to \u201cthe grain cartel\u201d of Lower Ammar"), true},
		{"a report of little besides the label it quotes",
			item("1", "A", "quote", "Ana Lima", "A swift, open inquiry must name whoever blocked the exits"),
			item("2", "B", "reported", "Ana Lima", "called for a 'swift and open' inquiry"), true},
		{"two reports that quote one label",
			item("1", "A", "reported", "Ana Lima", "demanded a \u201cswift, open inquiry\u201d into how the old depot was run"),
			item("2", "B", "reported", "Ana Lima", "called for a 'swift and open' inquiry after the night shift was trapped in the depot"), true},
		{"a quoted word or two is no quote of a statement",
			item("1", "A", "quote", "Ana Lima", "We will open the harbour gates to every fishing boat by spring."),
			item("2", "B", "reported", "Ana Lima", "called the new toll on fishing boats a \u201cdisgrace\u201d and promised to scrap it"), false},
		{"an age is no figure of the statement",
			item("1", "A", "quote", "Ana Lima", "I have four words for you: open the harbour gates."),
			item("2", "B", "reported", "Ana Lima", "told the mayor \u201copen the harbour gates\u201d, a line the 44-year-old has used at every rally this year", 44), true},
		{"a short quotation with its particle moved",
			item("1", "A", "quote", "Ana Lima", "To every landlord listening tonight I have one request: pick the phone up and call your tenants."),
			item("2", "B", "quote", "Ana Lima", "pick up the phone"), true},
		{"a short quotation of words its statement prints a word apart",
			item("1", "A", "quote", "Ana Lima", "Every resident deserves a fair, open hearing before the council votes on the pier"),
			item("2", "B", "quote", "Ana Lima", "fair and open"), true},
		{"a short quotation whose words its statement prints far apart",
			item("1", "A", "quote", "Ana Lima", "The pick of the new ferry captains was slow, and nobody at the harbour office would answer the phone"),
			item("2", "B", "quote", "Ana Lima", "pick up the phone"), false},
		{"a short quotation of another speaker's words",
			item("1", "A", "quote", "Ana Lima", "To every landlord listening tonight I have one request: pick the phone up and call your tenants."),
			item("2", "B", "quote", "Rui Costa", "pick up the phone"), false},
		{"a figure of the statement still differs",
			item("1", "A", "quote", "Ana Lima", "Forty boats were sunk in the harbour by the storm last night"),
			item("2", "B", "quote", "Ana Lima", "Fourteen boats were sunk in the harbour by the storm last night"), false},
		{"a sum in words of scale and in digits",
			item("1", "A", "quote", "Ana Lima", "Every family that lost a boat will receive 3 lakh rupees from the harbour fund"),
			item("2", "B", "reported", "Ana Lima", "families who lost boats would get Rs 300,000 each from the harbour fund"), true},
		{"millions in words and in digits",
			item("1", "A", "quote", "Ana Lima", "The new quay will take 2.5 million tonnes of grain a year"),
			item("2", "B", "reported", "Ana Lima", "the new quay would handle 2,500,000 tonnes of grain every year"), true},
		{"an unattributed quotation cut short within a word is an exact part",
			item("1", "A", "quote", "Ana Lima", "We will keep the northern clinics open all winter, whatever it costs"),
			item("2", "B", "quote", "", "We will keep the northern clinics op\u2026"), true},
		{"cut short with three stops",
			item("1", "A", "quote", "Ana Lima", "We will keep the northern clinics open all winter, whatever it costs"),
			item("2", "B", "quote", "", "\u201cWe will keep the northern clinics op...\u201d"), true},
		{"a quotation cut short is no part of another",
			item("1", "A", "quote", "Ana Lima", "We will keep the southern ferries running all winter, whatever it costs"),
			item("2", "B", "quote", "", "We will keep the northern clinics op\u2026"), false},
		{"a count spelled out as it opens a sentence, and in digits",
			item("1", "A", "quote", "Ana Lima", "Thirty-four boats sank in the harbour during the night"),
			item("2", "B", "reported", "Ana Lima", "34 boats had sunk in the harbour overnight"), true},
		{"a count spelled out without its hyphen",
			item("1", "A", "quote", "Ana Lima", "We lost sixty one nets to the storm this winter"),
			item("2", "B", "reported", "Ana Lima", "they had lost 61 nets to the storm this winter"), true},
		{"a spelled-out count that differs",
			item("1", "A", "quote", "Ana Lima", "Thirty-four boats sank in the harbour during the night"),
			item("2", "B", "reported", "Ana Lima", "30 boats had sunk in the harbour overnight"), false},
		{"a sum of another scale still differs",
			item("1", "A", "quote", "Ana Lima", "Every family that lost a boat will receive 3 lakh rupees from the harbour fund"),
			item("2", "B", "reported", "Ana Lima", "families who lost boats would get Rs 3,000 each from the harbour fund"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Related(tc.a, tc.b); got != tc.join {
				t.Fatalf("Related = %v (score %.2f); want %v", got, Score(tc.a, tc.b), tc.join)
			}
		})
	}
}

func TestOtherFigure(t *testing.T) {
	stat := func(text string, v float64) *Item {
		it := NewItem("a", contract.Claim{ID: text, Kind: contract.KindStatistic, Text: text,
			Numbers: []contract.Number{{Value: &v, Unit: "people killed"}}})
		return &it
	}
	roof23 := stat("At least 23 people were killed when the market roof collapsed", 23)
	for _, tc := range []struct {
		name string
		b    *Item
		want bool
	}{
		{"the same statement, a new count", stat("At least 25 people were killed when the market roof collapsed", 25), true},
		{"the same count", stat("At least 23 people were killed when the market roof collapsed", 23), false},
		{"another statement", stat("Ticket prices for the ferry rose by 40 percent", 40), false},
	} {
		if got := OtherFigure(roof23, tc.b); got != tc.want {
			t.Errorf("%s: OtherFigure = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestBestPrefersTheEstablishedCluster(t *testing.T) {
	it := item("n", "C", "quote", "Ana Lima", "The inquiry started when the harbour master admitted the cranes were sold")
	// Two clusters of the statement, split by the order its wordings came in.
	older := &Candidate{ID: "b-older", Size: 6,
		Rep: item("r1", "A", "quote", "Ana Lima", "The inquiry began after the harbour master said the cranes had been sold"),
		Members: []*Item{
			item("m1", "E", "quote", "Ana Lima", "The inquiry began after the harbour master said the cranes had been sold"),
			item("m2", "F", "reported", "Ana Lima", "the inquiry began when the harbour master admitted the cranes were sold"),
		}}
	newer := &Candidate{ID: "a-newer", Size: 1,
		Rep: item("r2", "B", "reported", "Ana Lima", "the inquiry started once the harbour master admitted that the cranes were sold off")}
	// Another statement on the topic, however many outlets carry it.
	other := &Candidate{ID: "c-other", Size: 40,
		Rep: item("r3", "D", "quote", "Ana Lima", "The harbour will reopen to ferries next week")}
	fo, fn := Fit(it, older), Fit(it, newer)
	if !(fn > fo && fo >= JoinScore && fn-fo <= sizeMargin) {
		t.Fatalf("fits %.2f (older), %.2f (newer): the case needs the newer to fit better, within %.2f", fo, fn, sizeMargin)
	}
	cs := []*Candidate{newer, older, other}
	t.Logf("fits %.2f (older), %.2f (newer), %.2f (other)", fo, fn, Fit(it, other))
	if b := Best(it, cs); b != 1 {
		t.Fatalf("Best = %d; want the older, larger cluster (1)", b)
	}
	// Fitting far worse, the larger one is not chosen.
	older.Rep = item("r4", "A", "quote", "Ana Lima", "The harbour master said the cranes were old")
	older.Members = nil
	if b := Best(it, cs); b != 0 {
		t.Fatalf("Best = %d (fits %.2f, %.2f); want the better fitting cluster (0)", b, Fit(it, newer), Fit(it, older))
	}
}

func TestBestWeighsAlikeMembersNotSize(t *testing.T) {
	// A claim of one statement (the pier was built with stolen money)
	// fits a cluster of another (the inquiry failed) through its first
	// wording, which mentions the pier's money in passing; that cluster is
	// larger, but the claim is alike none of its other wordings, while
	// the smaller cluster's are its own statement.
	it := item("n", "C", "reported", "Oskar Brandvold", "the council “built the pier with stolen money”")
	failed := &Candidate{ID: "a-failed", Size: 3,
		Rep: item("r1", "A", "quote", "Oskar Brandvold", "The pier the council built with stolen money has now sunk the inquiry."),
		Members: []*Item{
			item("m1", "D", "quote", "Oskar Brandvold", "The pier the council built with stolen money has now sunk the inquiry."),
			item("m2", "E", "quote", "Oskar Brandvold", "Today that inquiry into the pier has sunk for good"),
		}}
	built := &Candidate{ID: "b-built", Size: 2,
		Rep: item("r2", "B", "quote", "Oskar Brandvold", "The council built the pier with stolen money and hid the ledgers."),
		Members: []*Item{
			item("m3", "F", "quote", "Oskar Brandvold", "The council built the pier with stolen money and hid the ledgers."),
		}}
	ff, fb := Fit(it, failed), Fit(it, built)
	if !(ff >= JoinScore && fb >= JoinScore && max(ff, fb)-min(ff, fb) <= sizeMargin) {
		t.Fatalf("fits %.2f (failed), %.2f (built): the case needs both to fit within %.2f", ff, fb, sizeMargin)
	}
	if s := Score(it, failed.Members[1]); s >= JoinScore {
		t.Fatalf("score with the inquiry's other wording %.2f: the case needs it below %.2f", s, JoinScore)
	}
	if b := Best(it, []*Candidate{failed, built}); b != 1 {
		t.Fatalf("Best = %d (fits %.2f, %.2f); want the cluster of its own statement (1)", b, ff, fb)
	}
}

func TestBestSupportIgnoresFragments(t *testing.T) {
	// A quotation of two words fits whatever prints them: as members, two
	// outlets' copies of it vouch for nothing, and the cluster whose full
	// wordings the claim is alike wins over the one they make look better
	// supported.
	it := item("n", "C", "quote", "Marta Szelig", "It was Inga Vold who first spoke of a rigged tender for the ferry")
	rigged := &Candidate{ID: "a-rigged", Size: 3,
		Rep: item("r1", "A", "reported", "Marta Szelig", "the ferry case was built on a “rigged tender” against her"),
		Members: []*Item{
			item("m1", "B", "quote", "Marta Szelig", "rigged tender"),
			item("m2", "F", "quote", "Marta Szelig", "rigged tender"),
		}}
	began := &Candidate{ID: "b-began", Size: 2,
		Rep: item("r2", "D", "quote", "Marta Szelig", "The campaign against me began when Inga Vold first spoke of fraud in the ferry deal"),
		Members: []*Item{
			item("m3", "E", "quote", "Marta Szelig", "The campaign against me began when Inga Vold first spoke of fraud in the ferry deal"),
		}}
	fr, fb := Fit(it, rigged), Fit(it, began)
	if !(fr >= JoinScore && fb >= JoinScore && max(fr, fb)-min(fr, fb) <= sizeMargin) {
		t.Fatalf("fits %.2f (rigged), %.2f (began): the case needs both to fit within %.2f", fr, fb, sizeMargin)
	}
	if s := Score(it, rigged.Members[0]); s < JoinScore {
		t.Fatalf("score with the fragment %.2f: the case needs it alike", s)
	}
	if b := Best(it, []*Candidate{rigged, began}); b != 1 {
		t.Fatalf("Best = %d; want the cluster of full wordings it is alike (1)", b)
	}
}

func TestOrderedShared(t *testing.T) {
	a := item("1", "A", "quote", "Ines Korhonen", "Every clinic in the northern valley will stay open through the long flood season")
	cases := []struct {
		text string
		want int
	}{
		{"clinics of the valley kept open all season during the floods", 4},    // clinic valley open season
		{"floods shut one clinic each season, yet the valley kept it open", 3}, // clinic valley open
		{"nothing in common here", 0},
	}
	for _, tc := range cases {
		b := item("2", "B", "quote", "Ines Korhonen", tc.text)
		if got := orderedShared(a, b); got != tc.want {
			t.Errorf("orderedShared(%q) = %d; want %d", tc.text, got, tc.want)
		}
	}
}

func TestFragment(t *testing.T) {
	whole := item("w", "A", "quote", "Ana Lima", "In this winter of silence, the old harbour will be our lantern.")
	cases := []struct {
		name string
		it   *Item
		join bool
	}{
		{"one word of the statement", item("1", "B", "quote", "Ana Lima", "silence."), true},
		{"two words of the statement", item("2", "B", "quote", "Ana Lima", "our lantern"), true},
		{"words not in that order", item("3", "B", "quote", "Ana Lima", "lantern silence"), false},
		{"another speaker's word", item("4", "B", "quote", "Rui Costa", "silence"), false},
		{"no speaker", item("5", "B", "quote", "", "silence"), false},
		{"a reported word is no quotation", item("6", "B", "reported", "Ana Lima", "silence"), false},
		{"the same article", item("7", "A", "quote", "Ana Lima", "silence"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Score(tc.it, whole) >= JoinScore; got != tc.join {
				t.Fatalf("joins = %v (score %.2f); want %v", got, Score(tc.it, whole), tc.join)
			}
		})
	}
}

func TestBestPrefersAStatementToAFragment(t *testing.T) {
	it := item("n", "C", "quote", "Ines Halvorsen", "Every clinic in the northern valley will stay open through the flood season, whatever the ministry decides")
	// One outlet printed a few of the words apart from the statement they
	// come from: two clusters of one member each.
	fragment := &Candidate{ID: "a-fragment", Size: 1,
		Rep: item("r1", "A", "quote", "Ines Halvorsen", "stay open")}
	statement := &Candidate{ID: "b-statement", Size: 1,
		Rep: item("r2", "A", "reported", "Ines Halvorsen", "clinics across the valley would keep their doors open for the whole season of floods")}
	ff, fs := Fit(it, fragment), Fit(it, statement)
	if !(ff > fs && fs >= JoinScore) {
		t.Fatalf("fits %.2f (fragment), %.2f (statement): the case needs the fragment to fit better and both to fit", ff, fs)
	}
	if got := Best(it, []*Candidate{fragment, statement}); got != 1 {
		t.Fatalf("Best = %d; want the statement's cluster (1)", got)
	}
}

func TestNear(t *testing.T) {
	cases := []struct {
		name string
		a, b *Item
		want bool
	}{
		{"two shared words, one speaker, two articles",
			item("1", "A", "quote", "Ana Lima", "The new quay will drown the old harbour"),
			item("2", "B", "quote", "Ana Lima", "Building the quay means the harbour goes under"), true},
		{"one article",
			item("1", "A", "quote", "Ana Lima", "The new quay will drown the old harbour"),
			item("2", "A", "quote", "Ana Lima", "Building the quay means the harbour goes under"), false},
		{"one shared word",
			item("1", "A", "quote", "Ana Lima", "The new quay will drown the old harbour"),
			item("2", "B", "quote", "Ana Lima", "The harbour fees rise in spring"), false},
		{"two speakers",
			item("1", "A", "quote", "Ana Lima", "The new quay will drown the old harbour"),
			item("2", "B", "quote", "Rui Costa", "Building the quay means the harbour goes under"), false},
		{"a negation",
			item("1", "A", "quote", "Ana Lima", "the quay will sink the harbour"),
			item("2", "B", "quote", "Ana Lima", "the quay will not sink anything"), false},
		{"other figures",
			item("1", "A", "quote", "Ana Lima", "the quay cost 40 million", 40),
			item("2", "B", "quote", "Ana Lima", "a quay that cost 60 million", 60), false},
		{"a quoted label counts once",
			item("1", "A", "quote", "Ana Lima", "The real cartel was never the dockers"),
			item("2", "B", "reported", "Ana Lima", "the 'real cartel' against her formed only after Moreno hinted at bribes in the harbour"), false},
		{"a name of two words counts once",
			item("1", "A", "quote", "Ana Lima", "Mayor Rui Costa will answer for it"),
			item("2", "B", "quote", "Ana Lima", "Rui Costa knows what he did"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Near(tc.a, tc.b); got != tc.want {
				t.Fatalf("Near = %v; want %v", got, tc.want)
			}
			if got := Near(tc.b, tc.a); got != tc.want {
				t.Fatalf("Near reversed = %v; want %v", got, tc.want)
			}
		})
	}
}

// TestFitNeighbourhood: a wording that shares two words with each member of
// a cluster of three, and scores nothing with any, joins it; one that
// shares two words with some members only, negates one, or meets a cluster
// of two does not.
func TestFitNeighbourhood(t *testing.T) {
	m1 := item("m1", "A", "quote", "Ana Lima", "The new quay will drown the old harbour")
	m2 := item("m2", "B", "quote", "Ana Lima", "The old harbour will sink under the quay")
	m3 := item("m3", "C", "quote", "Ana Lima", "That quay plan sinks the harbour for good")
	three := &Candidate{ID: "m1", Rep: m1, Members: []*Item{m2, m3}, Size: 3}
	two := &Candidate{ID: "m1", Rep: m1, Members: []*Item{m2}, Size: 2}
	cases := []struct {
		name string
		it   *Item
		c    *Candidate
		join bool
	}{
		{"near every member", item("1", "D", "quote", "Ana Lima", "Building the quay means the harbour goes under"), three, true},
		{"near two members of three", item("2", "D", "quote", "Ana Lima", "The old harbour fees will rise next year"), three, false},
		{"negates a member", item("3", "D", "quote", "Ana Lima", "The quay will not sink the harbour"), three, false},
		{"a cluster of two", item("4", "D", "quote", "Ana Lima", "Building the quay means the harbour goes under"), two, false},
		{"another speaker", item("5", "D", "quote", "Rui Costa", "Building the quay means the harbour goes under"), three, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, m := range append([]*Item{tc.c.Rep}, tc.c.Members...) {
				if s := Score(tc.it, m); s >= JoinScore {
					t.Fatalf("Score with %q = %.2f: the case proves nothing", m.Text, s)
				}
			}
			if got := Best(tc.it, []*Candidate{tc.c}) == 0; got != tc.join {
				t.Fatalf("joins = %v (fit %.2f); want %v", got, Fit(tc.it, tc.c), tc.join)
			}
		})
	}
}

// TestFitNeighbourhoodLarge: in a cluster of many wordings a new wording
// may share too few words with some of them to be compared at all; near
// every member it was compared with, two thirds of the cluster or more, and
// alike one of them, it joins. Alike none, or compared with too few
// members, it does not.
func TestFitNeighbourhoodLarge(t *testing.T) {
	m1 := item("m1", "A", "quote", "Ana Lima", "The new quay will drown the old harbour")
	m2 := item("m2", "B", "quote", "Ana Lima", "The old harbour will sink under the quay")
	m3 := item("m3", "C", "quote", "Ana Lima", "That quay plan sinks the harbour for good")
	m4 := item("m4", "E", "quote", "Ana Lima", "Our harbour goes under once they pour the quay")
	six := &Candidate{ID: "m1", Rep: m1, Members: []*Item{m2, m3, m4}, Size: 6}
	nine := &Candidate{ID: "m1", Rep: m1, Members: []*Item{m2, m3, m4}, Size: 9}
	alikeOne := "Pouring the quay buries the harbour fishermen built"
	cases := []struct {
		name string
		it   *Item
		c    *Candidate
		join bool
	}{
		{"near the members compared, alike one", item("1", "D", "quote", "Ana Lima", alikeOne), six, true},
		{"compared with under two thirds", item("2", "D", "quote", "Ana Lima", alikeOne), nine, false},
		{"alike none", item("3", "D", "quote", "Ana Lima", "Fishermen know the quay will bury the harbour they built"), six, false},
		{"a short wording near every wording on the topic", item("5", "D", "quote", "Ana Lima", "Pouring the quay buries harbours"), six, false},
		{"another speaker", item("4", "D", "quote", "Rui Costa", alikeOne), six, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if s := Score(tc.it, m1); s >= JoinScore {
				t.Fatalf("Score with the representative = %.2f: the case proves nothing", s)
			}
			if got := Best(tc.it, []*Candidate{tc.c}) == 0; got != tc.join {
				t.Fatalf("joins = %v (fit %.2f); want %v", got, Fit(tc.it, tc.c), tc.join)
			}
		})
	}
}

// TestOneWordVouchesForNothing: a claim that shares nothing with a
// cluster's representative joins it only when members alike it vouch for
// it (minAlikeWithoutRep); copies of a one-word quotation are alike every
// claim that prints the word, and vouch for none (oneWord).
func TestOneWordVouchesForNothing(t *testing.T) {
	const who = "Mirela Oduya"
	q := func(id, text string) *Item { return item(id, "art-"+id, "quote", who, text) }
	c := &Candidate{ID: "x", Rep: q("a", "Voters picked courage over fear and over cash"), Members: []*Item{q("c1", "courage"), q("c2", "courage")}, Size: 3}
	for _, text := range []string{"they showed that courage is catching", "they showed that courage beats fear"} {
		it := q("n", text)
		if Score(it, c.Members[0]) < JoinScore {
			t.Fatalf("%q is not alike the fragment: the case proves nothing", text)
		}
		if f := Fit(it, c); f != 0 {
			t.Errorf("%q fits the cluster %.2f through its fragments; want 0", text, f)
		}
	}
}

// TestShortWordingNeedsTwoVouchers: a wording of three terms near every
// member of a cluster of three, and alike one of them only, is a chain
// through that member (neighbourhood); alike two, it joins.
func TestShortWordingNeedsTwoVouchers(t *testing.T) {
	q := func(id, text string) *Item { return item(id, "art-"+id, "quote", "Ana Lima", text) }
	rep := q("r", "The bogus report drafted by the inspectors collapsed before the tribunal")
	apart := q("a", "Today that bogus report fell apart at the tribunal")
	invented := "the inspectors “invented a bogus report”"
	short := q("s", "invented a bogus report")
	one := &Candidate{ID: "r", Rep: rep, Members: []*Item{apart, q("i", invented)}, Size: 3}
	two := &Candidate{ID: "r", Rep: rep, Members: []*Item{apart, q("i", invented), q("i2", invented)}, Size: 4}
	for _, m := range []*Item{rep, apart} {
		if Score(short, m) >= JoinScore || !Near(short, m) {
			t.Fatalf("%q: Score %.2f, near %v: the case proves nothing", m.Text, Score(short, m), Near(short, m))
		}
	}
	if Best(short, []*Candidate{one}) >= 0 {
		t.Errorf("joins through one alike member (fit %.2f)", Fit(short, one))
	}
	if Best(short, []*Candidate{two}) != 0 {
		t.Errorf("does not join with two alike members (fit %.2f)", Fit(short, two))
	}
}

// TestBestLoneQuotationSetsNoBar: a claim that prints a lone cluster's
// short quotation whole scores 0.95 with it (an exact part); that score is
// no bar for the margin within which Best weighs support, and the cluster
// of the statement the claim says, alike it at under 0.95 less
// sizeMargin, wins on its members.
func TestBestLoneQuotationSetsNoBar(t *testing.T) {
	q := func(id, text string) *Item { return item(id, "art-"+id, "quote", "Ana Lima", text) }
	claim := q("c", "the inspectors “invented a bogus report” together with the harbour guards")
	quotation := &Candidate{ID: "q", Rep: q("q", "invented a bogus report"), Size: 1}
	rep := q("s1", "Harbour guards helped the inspectors write a bogus report about the strike")
	statement := &Candidate{ID: "s", Rep: rep, Members: []*Item{q("s2", "The harbour guards helped the inspectors write up a bogus report on the strike")}, Size: 2}
	if fq, fs := Fit(claim, quotation), Fit(claim, statement); fs < JoinScore || fs >= fq-sizeMargin {
		t.Fatalf("fits %.2f (quotation) and %.2f (statement): the case proves nothing", fq, fs)
	}
	for _, cs := range [][]*Candidate{{quotation, statement}, {statement, quotation}} {
		if b := Best(claim, cs); b < 0 || cs[b] != statement {
			t.Errorf("Best chose %d of %v", b, []string{cs[0].ID, cs[1].ID})
		}
	}
}

// TestBestLeavesANeighbourhoodForAStatementItFits: a claim near every
// wording of one cluster, but alike too few of them for its average to
// reach JoinScore, and alike the one wording of another cluster, joins the
// other: near is two shared words, which a claim shares with every
// statement of its speaker that prints the story's topic words, while the
// other cluster's wording says what it says. Alone, the neighbourhood still
// takes it in.
func TestBestLeavesANeighbourhoodForAStatementItFits(t *testing.T) {
	it := item("it", "F", "quote", "Ana Lima", "Building the quay means the harbour goes under")
	m1 := item("m1", "A", "quote", "Ana Lima", "The new quay will drown the old harbour")
	m2 := item("m2", "B", "quote", "Ana Lima", "The old harbour will sink under the quay")
	m3 := item("m3", "C", "quote", "Ana Lima", "That quay plan sinks the harbour for good")
	m4 := item("m4", "D", "quote", "Ana Lima", "building a quay means the old harbour goes under the waves for ever, whatever the council says")
	m5 := item("m5", "G", "quote", "Ana Lima", m4.Text) // a second outlet's copy
	near := &Candidate{ID: "a", Rep: m1, Members: []*Item{m2, m3, m4, m5}, Size: 5}
	own := &Candidate{ID: "b", Rep: item("y", "E", "quote", "Ana Lima", "once the quay is built the harbour goes under the tide and the fishing fleet moves away to the south coast for good"), Size: 1}
	f, floor := fit(it, near)
	if !floor {
		t.Fatalf("fit %.2f of the near cluster is its own: the case proves nothing", f)
	}
	if got := Best(it, []*Candidate{near, own}); got != 1 {
		t.Fatalf("Best = %d; want the cluster it is alike (1)", got)
	}
	if got := Best(it, []*Candidate{near}); got != 0 {
		t.Fatalf("alone, Best = %d; want the near cluster (0)", got)
	}
}
