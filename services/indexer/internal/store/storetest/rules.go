package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// One grouping rule per case: a stored first wording, then a second one from
// another outlet, and whether they must end in one cluster. Every text is
// written for these tests.
var groupingRules = []struct {
	name          string
	first, second contract.Claim
	together      bool
	variant       bool // the second is marked variant (when together)
}{
	{
		// "failed to follow" says the rules were not followed: the
		// statement that they were is another claim, though the two share
		// every content word.
		name:     "a verb of failing negates its infinitive",
		first:    Quote("g1", "the Corvell mill followed every fire safety rule at the new warehouse", "Lena Ortiz"),
		second:   Quote("g2", "the Corvell mill failed to follow the fire safety rules at its new warehouse", "Lena Ortiz"),
		together: false,
	},
	{
		name:     "a verb of failing on both sides",
		first:    Quote("g1", "the Corvell mill was unable to follow the fire safety rules at the new warehouse", "Lena Ortiz"),
		second:   Quote("g2", "the Corvell mill failed to follow the fire safety rules at its new warehouse", "Lena Ortiz"),
		together: true, variant: true,
	},
	{
		// "convicted" and "found guilty" report one verdict (synonyms.txt):
		// with the figure, three shared terms.
		name:     "a verdict in other words",
		first:    Stat("g1", "a court found six men guilty on Friday", 6, "men convicted"),
		second:   Stat("g2", "six men were convicted", 6, "men convicted"),
		together: true, variant: true,
	},
	{
		name:     "partial quote",
		first:    Quote("g1", "We will not let the valley flood again, and we will rebuild every levee along the river by spring", "Lena Ortiz"),
		second:   Quote("g2", "rebuild every levee along the river by spring", "Lena Ortiz"),
		together: true,
	},
	{
		name:     "quote style and punctuation only",
		first:    Quote("g1", "“The levees were never inspected,” she said.", "Lena Ortiz"),
		second:   Quote("g2", "\"the levees were never inspected\"", "Lena Ortiz"),
		together: true,
	},
	{
		name:     "translation-like paraphrase",
		first:    Quote("g1", "The whole scheme was designed to frame me and ruin my career and my family", "Lena Ortiz"),
		second:   Quote("g2", "The entire plot was meant to implicate me and destroy my career and my family", "Lena Ortiz"),
		together: true, variant: true,
	},
	{
		// Half the terms of the shorter wording, a third of all: the
		// overlap a translation or a rewrite desk leaves (Score 0.44).
		name:     "rewritten wording sharing half its terms",
		first:    Quote("g1", "Our farmers were left alone when the long summer drought came and the ministry looked away", "Lena Ortiz"),
		second:   Quote("g2", "When drought struck, the ministry turned its back and farmers were on their own", "Lena Ortiz"),
		together: true, variant: true,
	},
	{
		// A report that quotes two words of its speaker ("real cartel")
		// and says something else around them shares the label, and a
		// word of the story, with whatever statement of the speaker used
		// it: the label counts as one term (group.withoutLabels).
		name:  "a quoted label and one word of the story",
		first: Quote("g1", "The real cartel in this harbour was the one that fixed the tenders", "Lena Ortiz"),
		second: contract.Claim{ID: contract.ClaimID("g2", "reported", 5, 6), Kind: contract.KindReported,
			Text:     "the 'real cartel' against her formed only after Moreno hinted at bribes in the harbour",
			Sentence: "Ortiz said the 'real cartel' against her formed only after Moreno hinted at bribes in the harbour.",
			Speaker:  &contract.Speaker{Name: "Lena Ortiz", Type: contract.SpeakerPerson}, Cue: "said", Confidence: 0.7},
		together: false,
	},
	{
		// A report of little besides the label reports the statement it
		// comes from.
		name:  "a report of little besides its quoted label",
		first: Quote("g1", "A swift, open inquiry must name whoever blocked the exits", "Lena Ortiz"),
		second: contract.Claim{ID: contract.ClaimID("g2", "reported", 7, 8), Kind: contract.KindReported,
			Text: "a 'swift and open' inquiry", Sentence: "Ortiz called for a 'swift and open' inquiry.",
			Speaker: &contract.Speaker{Name: "Lena Ortiz", Type: contract.SpeakerPerson}, Cue: "called for", Confidence: 0.7},
		together: true, variant: true,
	},
	{
		name:  "reported version of the quote",
		first: Quote("g1", "We will close the coal plant before the end of next year", "Lena Ortiz"),
		second: contract.Claim{ID: contract.ClaimID("g2", "reported", 3, 4), Kind: contract.KindReported,
			Text: "the coal plant would be closed before the end of next year", Sentence: "Ortiz said the coal plant would be closed before the end of next year.",
			Speaker: &contract.Speaker{Name: "Lena Ortiz", Type: contract.SpeakerPerson}, Cue: "said", Confidence: 0.7},
		together: true, variant: true,
	},
	{
		name:   "title kept in one outlet's speaker key",
		first:  Quote("g1", "Nobody will be evicted from the harbour flats while I am mayor", "Lena Ortiz"),
		second: Quote("g2", "Nobody will be evicted from the harbour flats while I am mayor", "Councillor Lena Ortiz"),
		// "Councillor" is no honorific the key drops: the key keeps it and
		// still names the same person.
		together: true,
	},
	{
		name:   "different figures",
		first:  Stat("g1", "The warehouse fire killed 25 people overnight", 25, "people killed"),
		second: Stat("g2", "The warehouse fire killed 23 people overnight", 23, "people killed"),
	},
	{
		name:   "negation",
		first:  Quote("g1", "The mayor will resign over the harbour contract", "Lena Ortiz"),
		second: Quote("g2", "The mayor will not resign over the harbour contract", "Lena Ortiz"),
	},
	{
		name:   "two statements of one speaker on one topic",
		first:  Quote("g1", "The river dam will be inspected by independent engineers this month", "Lena Ortiz"),
		second: Quote("g2", "The river dam cost the city far more than the ministry ever admitted", "Lena Ortiz"),
	},
	{
		// The name is whom both address; the statements are the rest.
		name:   "two statements of one speaker naming one person",
		first:  Quote("g1", "Ilse Brandt promised the ferry would run all winter, and it stopped in November", "Tomas Reyes"),
		second: Quote("g2", "Like Ilse Brandt, we promised lower fares to every student in the valley", "Tomas Reyes"),
	},
	{
		// "like" is no term: without it they share the name and one
		// common word.
		name:   "two statements of one speaker comparing others to one person",
		first:  Quote("g1", "Landlords like Marco Vell squeezed renters in the harbour district for years", "Tomas Reyes"),
		second: Quote("g2", "Developers like Marco Vell have dodged their taxes for years", "Tomas Reyes"),
	},
	{
		name:   "same words, two named people",
		first:  Quote("g1", "The river dam will be inspected by independent engineers this month", "Lena Ortiz"),
		second: Quote("g2", "The river dam will be inspected by independent engineers this month", "Marek Novak"),
	},
	{
		name:   "one speaker, two names one letter apart",
		first:  Quote("g1", "The river dam will be inspected by independent engineers this month", "Dan Whitfield"),
		second: Quote("g2", "The river dam will be inspected by independent engineers this month", "Don Whitfield"),
	},
	{
		name:     "unattributed copy of a long quote",
		first:    Quote("g1", "Every family that lost a boat in the storm will be paid in full before the fishing season opens", "Lena Ortiz"),
		second:   unattributed("g2", "Every family that lost a boat in the storm will be paid in full"),
		together: true,
	},
	{
		name:     "an agency's copy of a person's words",
		first:    Quote("g1", "Whoever signed the permit will answer for it in court", "Lena Ortiz"),
		second:   spoken("g2", "Whoever signed the permit will answer for it in court.", "Delta Wire", contract.SpeakerOrganization),
		together: true,
	},
	{
		name:     "unnamed sources by their descriptor",
		first:    spoken("g1", "the repairs to the pier would be slow", "officials in the port", contract.SpeakerGroup),
		second:   spoken("g2", "the repairs to the pier will be slow", "officials", contract.SpeakerGroup),
		together: true, variant: true,
	},
	{
		// The extractor read one figure of the sentence; the text states
		// the other, and that one is the statement's.
		name:     "a figure the extractor did not read",
		first:    tollOf("g1", "The toll from the ferry fire has risen to 41, nine of them crew", 9),
		second:   Stat("g2", "41 people lost their lives in the ferry fire", 41, "people killed"),
		together: true, variant: true,
	},
	{
		// A phrasal verb's particle moves ("pick the phone up" / "pick up
		// the phone"): a short quotation is a fragment of its speaker's
		// statement when its terms stand in that order a word or two apart.
		name:     "short quotation with its words reordered",
		first:    Quote("g1", "To every landlord listening tonight I have one request: pick the phone up and call your tenants.", "Lena Ortiz"),
		second:   Quote("g2", "pick up the phone", "Lena Ortiz"),
		together: true, variant: true,
	},
	{
		name:   "short quotation whose words the statement prints far apart",
		first:  Quote("g1", "The pick of the new ferry captains was slow, and nobody at the harbour office would answer the phone", "Lena Ortiz"),
		second: Quote("g2", "pick up the phone", "Lena Ortiz"),
	},
	{
		name:   "unattributed short common phrase",
		first:  Quote("g1", "the storm season", "Lena Ortiz"),
		second: unattributed("g2", "the storm season"),
	},
}

// testGroupingRules checks each rule on a fresh store.
func testGroupingRules(t *testing.T, open Opener) {
	for _, tc := range groupingRules {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			apply(t, s, Set(Article("g1", "harbor-times.example", 3), "1.0", tc.first),
				Set(Article("g2", "valley-post.example", 4), "1.0", tc.second))
			c1, c2 := clusterOfClaim(t, s, tc.first.ID), clusterOfClaim(t, s, tc.second.ID)
			if (c1.ID == c2.ID) != tc.together {
				t.Fatalf("together = %v; want %v", c1.ID == c2.ID, tc.together)
			}
			if !tc.together {
				return
			}
			if len(c1.Members) != 2 || len(c1.Outlets) != 2 {
				t.Fatalf("cluster has %d members, %d outlets; want 2, 2", len(c1.Members), len(c1.Outlets))
			}
			for _, m := range c1.Members {
				if m.Text == tc.second.Text && m.Variant != tc.variant {
					t.Fatalf("variant = %v; want %v", m.Variant, tc.variant)
				}
			}
		})
	}
}

// testNoChain: a claim alike a member but not the representative founds its
// own cluster. B shares half its words with A and joins it; C shares half
// with B and none with A: a single-link rule would chain it in.
func testNoChain(t *testing.T, s store.Store) {
	a := Quote("n1", "Harbour cranes were sold to a foreign buyer in secret last winter", "Lena Ortiz")
	b := Quote("n2", "cranes sold to a foreign buyer in secret, while unpaid dockers protested at the gates", "Lena Ortiz")
	c := Quote("n3", "unpaid dockers protested at the gates of the ministry all night", "Lena Ortiz")
	apply(t, s, Set(Article("n1", "harbor-times.example", 3), "1.0", a),
		Set(Article("n2", "valley-post.example", 4), "1.0", b),
		Set(Article("n3", "river-news.example", 5), "1.0", c))
	if clusterOf(t, s, a.Text).ID != clusterOf(t, s, b.Text).ID {
		t.Fatal("the second wording did not join the first: the test proves nothing")
	}
	if clusterOf(t, s, c.Text).ID == clusterOf(t, s, a.Text).ID {
		t.Fatal("a claim alike one member only was chained into the cluster")
	}
}

// testEstablishedCluster: outlets quoted two parts of one quotation, three
// the first part and one the second, so the parts are two clusters; the
// whole quotation fits the second part's better, yet joins the cluster
// three outlets already report (group.Best): later wordings then gather
// there rather than in the newer, smaller one.
func testEstablishedCluster(t *testing.T, s store.Store) {
	first := "The dredging contract was signed in secret before the harbour vote"
	for i, outlet := range []string{"harbor-times.example", "valley-post.example", "river-news.example"} {
		id := fmt.Sprintf("e%d", i+1)
		apply(t, s, Set(Article(id, outlet, 3+i), "1.0", Quote(id, first, "Lena Ortiz")))
	}
	second := Quote("e4", "councillors only saw the dredging bill after the harbour fees doubled", "Lena Ortiz")
	apply(t, s, Set(Article("e4", "coast-daily.example", 6), "1.0", second))
	if clusterOf(t, s, first).ID == clusterOfClaim(t, s, second.ID).ID {
		t.Fatal("the two parts share a cluster before the whole quotation came: the test proves nothing")
	}
	whole := Quote("e5", "The dredging contract was signed in secret, and councillors only saw the bill after the fees doubled", "Lena Ortiz")
	apply(t, s, Set(Article("e5", "bay-herald.example", 7), "1.0", whole))
	if got, want := clusterOfClaim(t, s, whole.ID).ID, clusterOf(t, s, first).ID; got != want {
		t.Fatalf("the whole quotation joined %s; want the cluster of the part three outlets printed (%s)", got, want)
	}
}

// testAlikeMembersOverSize: one quotation of two sentences, printed by two
// outlets, is two statements (two clusters); the second mentions the
// first in passing, and a third outlet's rewording of the second makes its
// cluster the larger. A report of the first statement fits both clusters,
// the larger through its first wording only, yet joins the cluster of its
// own statement, whose wordings it is alike (group.Best): joining by size
// would chain the two statements. Nor do the two clusters merge through it
// (merge.go): they hold the two units of one claim.
func testAlikeMembersOverSize(t *testing.T, s store.Store) {
	quote := "The council built the pier with stolen money and hid the ledgers. The pier the council built with stolen money has now sunk the inquiry."
	apply(t, s, Set(Article("p1", "harbor-times.example", 3), "1.0", Quote("p1", quote, "Oskar Brandvold")))
	apply(t, s, Set(Article("p2", "valley-post.example", 4), "1.0", Quote("p2", quote, "Oskar Brandvold")))
	rewording := Quote("p3", "Today that inquiry into the pier has sunk for good", "Oskar Brandvold")
	apply(t, s, Set(Article("p3", "river-news.example", 5), "1.0", rewording))
	built := clusterWith(t, s, "the first sentence", func(m store.Member) bool { return strings.HasPrefix(m.Text, "The council built") })
	sunk := clusterOfClaim(t, s, rewording.ID)
	if built.ID == sunk.ID || len(sunk.Members) <= len(built.Members) {
		t.Fatalf("clusters %s (%d members) and %s (%d): the test needs the second statement's cluster apart and larger",
			built.ID, len(built.Members), sunk.ID, len(sunk.Members))
	}
	report := contract.Claim{ID: contract.ClaimID("p4", "reported", 1, 2), Kind: contract.KindReported,
		Text:     "the council “built the pier with stolen money”",
		Sentence: "Brandvold said the council “built the pier with stolen money”.",
		Speaker:  &contract.Speaker{Name: "Oskar Brandvold", Type: contract.SpeakerPerson}, Cue: "said", Confidence: 0.7}
	apply(t, s, Set(Article("p4", "coast-daily.example", 6), "1.0", report))
	if got := clusterOfClaim(t, s, report.ID).ID; got != built.ID {
		t.Fatalf("the report joined %s; want the cluster of the statement it reports (%s)", got, built.ID)
	}
}

// testStatementOverFragment: one outlet printed a statement and, apart,
// two of its words in quotation marks (one article: two clusters). A
// wording from another outlet prints those words and fits the fragment
// better than the statement's looser rewording, yet joins the statement
// (group.Best): a fragment fits whatever prints it.
func testStatementOverFragment(t *testing.T, s store.Store) {
	statement := contract.Claim{ID: contract.ClaimID("f1", "reported", 1, 2), Kind: contract.KindReported,
		Text:     "clinics across the valley would keep their doors open for the whole season of floods",
		Sentence: "Halvorsen said clinics across the valley would keep their doors open for the whole season of floods.",
		Speaker:  &contract.Speaker{Name: "Ines Halvorsen", Type: contract.SpeakerPerson}, Cue: "said", Confidence: 0.7}
	fragment := Quote("f1", "stay open", "Ines Halvorsen")
	apply(t, s, Set(Article("f1", "harbor-times.example", 3), "1.0", statement, fragment))
	if clusterOfClaim(t, s, statement.ID).ID == clusterOfClaim(t, s, fragment.ID).ID {
		t.Fatal("the statement and the fragment share a cluster before the wording came: the test proves nothing")
	}
	wording := Quote("f2", "Every clinic in the northern valley will stay open through the flood season, whatever the ministry decides", "Ines Halvorsen")
	apply(t, s, Set(Article("f2", "valley-post.example", 4), "1.0", wording))
	if got, want := clusterOfClaim(t, s, wording.ID).ID, clusterOfClaim(t, s, statement.ID).ID; got != want {
		t.Fatalf("the wording joined %s; want the statement's cluster %s", got, want)
	}
}

// testPopularQuote: one quote reprinted by 500 outlets is one cluster, and
// its row counts them without being rebuilt (the incremental path must keep
// the counts right); a wording of another statement stays out.
func testPopularQuote(t *testing.T, s store.Store) {
	const copies = 500
	text := "The tide gauges on the north pier have been broken for three years and nobody in the ministry cared"
	ctx := context.Background()
	for i := range copies {
		id := fmt.Sprintf("p%03d", i)
		a := Article(id, fmt.Sprintf("outlet%03d.example", i), 1+i%28)
		q := text
		if i%5 == 1 {
			q = "the tide gauges on the north pier have been broken for three years" // truncated by some
		}
		if _, err := s.Apply(ctx, Set(a, "1.0", Quote(id, q, "Lena Ortiz"))); err != nil {
			t.Fatal(err)
		}
	}
	apply(t, s, Set(Article("p-other", "river-news.example", 2), "1.0",
		Quote("p-other", "Fishing boats will be kept away from the north pier until the repairs end", "Lena Ortiz")))
	page, err := s.Clusters(ctx, store.ClusterQuery{MinOutlets: 2, Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Clusters) != 1 {
		t.Fatalf("clusters with two outlets = %d; want 1", len(page.Clusters))
	}
	c := page.Clusters[0]
	if len(c.Outlets) != copies || c.Articles != copies || len(c.Members) != copies || c.Text != text {
		t.Fatalf("cluster: %d outlets, %d articles, %d members, text %q; want %d each and the full quote",
			len(c.Outlets), c.Articles, len(c.Members), c.Text, copies)
	}
}

// testAlikeMembersNotRep: outlets that quoted a few words of a long
// quotation gather in its cluster; a report that rewords those words shares
// too little with the whole quotation (the representative) to join it
// alone, but is alike every outlet that printed the words. It joins when
// two or more members it is alike vouch for it (average link, the
// representative counted as 0), never through one member (a chain).
func testAlikeMembersNotRep(t *testing.T, open Opener) {
	for _, tc := range []struct {
		name      string
		fragments int // outlets that quoted the few words
		together  bool
	}{
		{"alike two members", 2, true},
		{"alike one member only", 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			whole := Quote("w1", "So, Governor, since you keep asking, I have three words for you: open the gates.", "Lena Ortiz")
			apply(t, s, Set(Article("w1", "harbor-times.example", 3), "1.0", whole))
			outlets := []string{"valley-post.example", "river-news.example"}
			for i := range tc.fragments {
				id := fmt.Sprintf("w%d", i+2)
				apply(t, s, Set(Article(id, outlets[i], 4+i), "1.0", Quote(id, "open the gates", "Lena Ortiz")))
			}
			if n := len(clusterOfClaim(t, s, whole.ID).Members); n != 1+tc.fragments {
				t.Fatalf("the quotation's cluster has %d members before the report; want %d: the test proves nothing", n, 1+tc.fragments)
			}
			report := contract.Claim{ID: contract.ClaimID("w9", "reported", 1, 2), Kind: contract.KindReported,
				Text:     "urged the ministry to open the harbour gates for the fishing fleet",
				Sentence: "Ortiz urged the ministry to open the harbour gates for the fishing fleet.",
				Speaker:  &contract.Speaker{Name: "Lena Ortiz", Type: contract.SpeakerPerson}, Cue: "urged", Confidence: 0.7}
			apply(t, s, Set(Article("w9", "coast-daily.example", 8), "1.0", report))
			if got := clusterOfClaim(t, s, report.ID).ID == clusterOfClaim(t, s, whole.ID).ID; got != tc.together {
				t.Fatalf("report joined the quotation's cluster = %v; want %v", got, tc.together)
			}
		})
	}
}

// testQuoteStandsForReport: an outlet's report that cites a few words of a
// quotation founds the cluster; the quotation joins it and, since the
// report cites it, stands for the cluster from then on, so that a wording
// of the quotation's other words joins too, which shares nothing with the
// report.
func testQuoteStandsForReport(t *testing.T, s store.Store) {
	report := contract.Claim{ID: contract.ClaimID("q1", "reported", 1, 2), Kind: contract.KindReported,
		Text:     "her administration will put an end to “the harbour cartel” of Port Selva",
		Sentence: "Ortiz said her administration will put an end to “the harbour cartel” of Port Selva.",
		Speaker:  &contract.Speaker{Name: "Lena Ortiz", Type: contract.SpeakerPerson}, Cue: "said", Confidence: 0.7}
	quote := Quote("q2", "We will break the harbour cartel because the crews of Port Selva have been cheated for far too long", "Lena Ortiz")
	wording := Quote("q3", "the crews have been cheated for far too long", "Lena Ortiz")
	apply(t, s, Set(Article("q1", "harbor-times.example", 3), "1.0", report),
		Set(Article("q2", "valley-post.example", 4), "1.0", quote))
	c := clusterOfClaim(t, s, quote.ID)
	if c.ID != clusterOfClaim(t, s, report.ID).ID {
		t.Fatal("the quotation did not join the report that cites it: the test proves nothing")
	}
	if c.Text != quote.Text {
		t.Fatalf("the cluster stands for %q; want the quotation the report cites", c.Text)
	}
	apply(t, s, Set(Article("q3", "river-news.example", 5), "1.0", wording))
	if got, want := clusterOfClaim(t, s, wording.ID).ID, clusterOfClaim(t, s, quote.ID).ID; got != want {
		t.Fatalf("the wording joined %s; want the quotation's cluster %s", got, want)
	}
}

// testReportStandsForItsPhrase: an outlet quotes a phrase of a sentence it
// reports, and both are claims; the phrase, first, founds the cluster and
// the report joins it. The report then stands for the cluster, so another
// outlet's wording of the sentence, which rewords the rest of it and
// shares nothing with the phrase, joins (group.Supersedes, quotesWhole).
func testReportStandsForItsPhrase(t *testing.T, s store.Store) {
	phrase := Quote("p1", "will sink the old harbour within a year", "Lena Ortiz")
	report := contract.Claim{ID: contract.ClaimID("p1", "reported", 60, 61), Kind: contract.KindReported,
		Text:     "the new quay plan “will sink the old harbour within a year” unless the council acts",
		Sentence: "Ortiz warned the new quay plan “will sink the old harbour within a year” unless the council acts.",
		Speaker:  &contract.Speaker{Name: "Lena Ortiz", Type: contract.SpeakerPerson}, Cue: "warned", Confidence: 0.7}
	wording := Quote("p2", "unless the council acts, the new quay plan dooms the port", "Lena Ortiz")
	apply(t, s, Set(Article("p1", "harbor-times.example", 3), "1.0", phrase, report))
	c := clusterOfClaim(t, s, phrase.ID)
	if c.ID != clusterOfClaim(t, s, report.ID).ID {
		t.Fatal("the report did not join the phrase it quotes: the test proves nothing")
	}
	if c.Text != report.Text {
		t.Fatalf("the cluster stands for %q; want the report that quotes the phrase", c.Text)
	}
	apply(t, s, Set(Article("p2", "valley-post.example", 4), "1.0", wording))
	if got, want := clusterOfClaim(t, s, wording.ID).ID, c.ID; got != want {
		t.Fatalf("the wording joined %s; want the report's cluster %s", got, want)
	}
}

// clusterOfClaim is the cluster whose members include the claim id.
func clusterOfClaim(t *testing.T, s store.Store, id string) store.Cluster {
	t.Helper()
	return clusterWith(t, s, "claim "+id, func(m store.Member) bool { return m.ClaimID == id })
}

// tollOf is a body's reported figure of which the extractor read only v.
func tollOf(articleID, text string, v float64) contract.Claim {
	c := spoken(articleID, text, "Port Police", contract.SpeakerOrganization)
	c.Kind = contract.KindReported
	c.Numbers = []contract.Number{{Value: contract.Figure(v), Unit: "crew"}}
	return c
}

// spoken is a quote by a speaker of the given type.
func spoken(articleID, text, speaker, typ string) contract.Claim {
	c := Quote(articleID, text, speaker)
	c.Speaker.Type = typ
	return c
}

// testLoneQuotationSetsNoBar: a claim that prints a lone short quotation
// whole (an exact part of it, 0.95) joins the cluster of the statement it
// says, which it is alike at well under that, rather than the quotation
// (group.Best, setsNoBar). The quotation shares two words with two of the
// statement's wordings and none with the third, so the clusters do not
// merge through the claim: where it lands is Best's choice alone.
func testLoneQuotationSetsNoBar(t *testing.T, s store.Store) {
	const who = "Ana Lima"
	statement := []contract.Claim{
		Quote("b1", "Harbour guards helped the inspectors write a bogus report about the strike", who),
		Quote("b2", "The harbour guards helped the inspectors write up a bogus report on the strike", who),
		Quote("b3", "The inspectors and the harbour guards faked the strike papers together", who),
	}
	for i, c := range statement {
		apply(t, s, Set(Article(fmt.Sprintf("b%d", i+1), fmt.Sprintf("bay%d.example", i+1), 3+i), "1.0", c))
	}
	cl := clusterOfClaim(t, s, statement[0].ID).ID
	for _, c := range statement[1:] {
		if clusterOfClaim(t, s, c.ID).ID != cl {
			t.Fatalf("%q is not in the statement's cluster: the test proves nothing", c.Text)
		}
	}
	quotation := Quote("b4", "invented a bogus report", who)
	apply(t, s, Set(Article("b4", "bay4.example", 7), "1.0", quotation))
	if clusterOfClaim(t, s, quotation.ID).ID == cl {
		t.Fatal("the quotation joined the statement: the test proves nothing")
	}
	claim := Quote("b5", "the inspectors “invented a bogus report” together with the harbour guards", who)
	apply(t, s, Set(Article("b5", "bay5.example", 8), "1.0", claim))
	if got := clusterOfClaim(t, s, claim.ID).ID; got != cl {
		t.Fatalf("the claim joined %s; want the statement's cluster %s", got, cl)
	}
}
