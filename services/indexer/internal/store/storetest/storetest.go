// Package storetest is the behaviour every store backend must have; the
// sqlite and postgres packages run it against a real database.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// Opener returns a fresh, empty, migrated store; it registers its own cleanup.
type Opener func(t *testing.T) store.Store

// Article builds a test article.
func Article(id, outlet string, day int) contract.Article {
	p := time.Date(2026, 3, day, 9, 0, 0, 0, time.UTC)
	return contract.Article{Schema: 1, ID: id, URL: "https://" + outlet + "/" + id, Outlet: outlet, Title: "Story " + id,
		Published: &p, Lang: "en", Text: "Body of " + id, CleanerVersion: "1"}
}

// Quote builds a quote claim.
func Quote(articleID, text, speaker string) contract.Claim {
	return contract.Claim{ID: contract.ClaimID(articleID, "quote", len(text), len(text)+len(speaker)), Kind: contract.KindQuote,
		Text: text, Sentence: text, Speaker: &contract.Speaker{Name: speaker, Type: contract.SpeakerPerson}, Confidence: 0.9}
}

// Stat builds a speakerless statistic claim.
func Stat(articleID, text string, value float64, unit string) contract.Claim {
	return contract.Claim{ID: contract.ClaimID(articleID, "statistic", len(text), 0), Kind: contract.KindStatistic,
		Text: text, Sentence: text, Numbers: []contract.Number{{Value: contract.Figure(value), Unit: unit, Text: text}}, Confidence: 0.8}
}

// Set builds a ClaimSet.
func Set(a contract.Article, version string, claims ...contract.Claim) contract.ClaimSet {
	return contract.ClaimSet{Schema: 1, Article: a, Claims: claims, ExtractorVersion: version}
}

// Place makes c the k-th claim of article articleID, written at the end
// of text with a sentence stop after it: its id and span point there.
func Place(text *strings.Builder, articleID string, k int, c *contract.Claim) {
	c.ID = contract.ClaimID(articleID, c.Kind, k, k+1)
	c.Start = text.Len()
	text.WriteString(c.Text)
	c.End = text.Len()
	text.WriteString(". ")
}

// Corpus is a small news story told by four outlets, written for these
// tests: one speaker quoted in full, truncated and reworded, a second quote
// by the same speaker, an organisation cited by another outlet, and a death
// toll phrased two ways.
func Corpus() []contract.ClaimSet {
	a1, a2, a3, a4 := Article("a1", "harbor-times.example", 3), Article("a2", "valley-post.example", 4),
		Article("a3", "river-news.example", 5), Article("a4", "coast-daily.example", 6)
	full := "The engineers who signed off on the dam ignored every warning we sent them for three years"
	return []contract.ClaimSet{
		Set(a1, "1.0",
			Quote("a1", full, "Khalid Rahman"),
			Quote("a1", "We will rebuild the northern bridge before the monsoon arrives", "Khalid Rahman"),
			Stat("a1", "The flood killed at least 45 people in the valley", 45, "people killed"),
		),
		Set(a2, "1.0",
			Quote("a2", "The engineers who signed off on the dam ignored every warning", "Khaleed Rahman"),
			Stat("a2", "The disaster left 45 dead across the valley", 45, "dead"),
		),
		Set(a3, "1.0",
			Quote("a3", "The engineers who sined off on the dam ignored every warning we sent them for three years", "Minister Khalid Rahman"),
			Quote("a3", "We would rebuild the northern bridge before the monsoon arrives", "Khalid Rahman"),
			Stat("a3", "Turnout rose to 45 percent in the valley", 45, "%"),
		),
		Set(a4, "1.0",
			contract.Claim{ID: contract.ClaimID("a4", "reported", 1, 2), Kind: contract.KindReported,
				Text: "the dam's spillway had been closed for repairs", Sentence: "According to Delta Radio, the dam's spillway had been closed for repairs.",
				Speaker: &contract.Speaker{Name: "Delta Radio", Type: contract.SpeakerOrganization}, Cue: "according to", Confidence: 0.7},
		),
	}
}

// Run runs the suite.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"VersionRules", testVersionRules},
		{"Invalid", testInvalid},
		{"Grouping", testGrouping},
		{"OrderIndependent", func(t *testing.T, s store.Store) { testOrderIndependent(t, s, open(t)) }},
		{"Replay", func(t *testing.T, s store.Store) { testReplay(t, s, open(t)) }},
		{"Search", testSearch},
		{"Pagination", testPagination},
		{"ArticleAndSpeakers", testArticleAndSpeakers},
		{"Concurrent", testConcurrent},
		{"UnattributedCopy", func(t *testing.T, _ store.Store) { testUnattributedCopy(t, open) }},
		{"ReplaceChangesText", testReplaceChangesText},
		{"BadCursor", testBadCursor},
		{"Replays", testReplays},
		{"GroupingRules", func(t *testing.T, _ store.Store) { testGroupingRules(t, open) }},
		{"NoChain", testNoChain},
		{"AlikeMembersNotRep", func(t *testing.T, _ store.Store) { testAlikeMembersNotRep(t, open) }},
		{"OwnTerms", func(t *testing.T, _ store.Store) { testOwnTerms(t, open) }},
		{"Neighbourhood", func(t *testing.T, _ store.Store) { testNeighbourhood(t, open) }},
		{"NeighbourhoodLarge", func(t *testing.T, _ store.Store) { testNeighbourhoodLarge(t, open) }},
		{"ShortNeighbour", func(t *testing.T, _ store.Store) { testShortNeighbour(t, open) }},
		{"SummaryNoChain", func(t *testing.T, _ store.Store) { testSummaryNoChain(t, open) }},
		{"EstablishedCluster", testEstablishedCluster},
		{"StatementOverFragment", testStatementOverFragment},
		{"LoneQuotationSetsNoBar", testLoneQuotationSetsNoBar},
		{"AlikeMembersOverSize", testAlikeMembersOverSize},
		{"QuoteStandsForReport", testQuoteStandsForReport},
		{"ReportStandsForItsPhrase", testReportStandsForItsPhrase},
		{"PopularQuote", testPopularQuote},
		{"Syndication", testSyndication},
		{"OutletlessSources", testOutletlessSources},
		{"FragmentKeepsStatement", func(t *testing.T, _ store.Store) { testFragmentKeepsStatement(t, open) }},
		{"WholeQuotationUnits", testWholeQuotationUnits},
		{"OneQuotationTwoStatements", testOneQuotationTwoStatements},
		{"SentencesStayApart", testSentencesStayApart},
		{"TwoReportedActs", testTwoReportedActs},
		{"ClauseUnits", testClauseUnits},
		{"OneWordFragment", testOneWordFragment},
		{"Rehome", func(t *testing.T, _ store.Store) { testRehome(t, open) }},
		{"UnitRehome", func(t *testing.T, _ store.Store) { testUnitRehome(t, open) }},
		{"Merge", func(t *testing.T, _ store.Store) { testMerge(t, open) }},
		{"Bridge", func(t *testing.T, _ store.Store) { testBridge(t, open) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

func apply(t *testing.T, s store.Store, sets ...contract.ClaimSet) {
	t.Helper()
	for _, cs := range sets {
		if ok, err := s.Apply(context.Background(), cs); err != nil || !ok {
			t.Fatalf("Apply(%s) = %v, %v; want true, nil", cs.Article.ID, ok, err)
		}
	}
}

// groups returns the clusters as sorted lists of member claim ids.
func groups(t *testing.T, s store.Store) [][]string {
	t.Helper()
	page, err := s.Clusters(context.Background(), store.ClusterQuery{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, c := range page.Clusters {
		var ids []string
		for _, m := range c.Members {
			ids = append(ids, m.ClaimID)
		}
		sort.Strings(ids)
		out = append(out, ids)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

func testVersionRules(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := Article("v1", "example.org", 1)
	v2 := Set(a, "1.10.0", Quote("v1", "new words from the newer extractor", "Ana Silva"))
	v1 := Set(a, "1.9.3", Quote("v1", "old words", "Ana Silva"), Quote("v1", "more old words here", "Ana Silva"))
	apply(t, s, v2)
	before := groups(t, s)
	steps := []struct {
		name      string
		cs        contract.ClaimSet
		applied   bool
		wantText  string
		wantCount int
	}{
		{"older ignored", v1, false, "new words from the newer extractor", 1},
		{"equal replaces idempotently", v2, true, "new words from the newer extractor", 1},
		{"newer replaces", Set(a, "2.0", Quote("v1", "second generation words", "Ana Silva"), Quote("v1", "and another claim entirely", "Ana Silva")), true, "second generation words", 2},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			ok, err := s.Apply(ctx, st.cs)
			if err != nil || ok != st.applied {
				t.Fatalf("Apply = %v, %v; want %v, nil", ok, err, st.applied)
			}
			art, err := s.Article(ctx, "v1")
			if err != nil {
				t.Fatal(err)
			}
			if len(art.Claims) != st.wantCount || art.Claims[0].Text != st.wantText {
				t.Fatalf("claims = %+v; want %d starting %q", art.Claims, st.wantCount, st.wantText)
			}
			nA, nC, err := s.Counts(ctx)
			if err != nil || nA != 1 || nC != st.wantCount {
				t.Fatalf("Counts = %d, %d, %v; want 1, %d", nA, nC, err, st.wantCount)
			}
			if st.name == "equal replaces idempotently" && !slices.EqualFunc(before, groups(t, s), slices.Equal) {
				t.Fatalf("re-applying changed clusters: %v → %v", before, groups(t, s))
			}
		})
	}
}

func testInvalid(t *testing.T, s store.Store) {
	a := Article("inv", "example.org", 1)
	cases := []struct {
		name string
		cs   contract.ClaimSet
	}{
		{"no article id", Set(contract.Article{Schema: 1}, "1")},
		{"claim without id", Set(a, "1", contract.Claim{Kind: "quote", Text: "x"})},
		{"duplicate claim id", Set(a, "1", Quote("inv", "same", "X Y"), Quote("inv", "same", "X Y"))},
		{"future schema", contract.ClaimSet{Schema: contract.Schema + 1, Article: a}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Apply(context.Background(), tc.cs); !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("Apply = %v; want ErrInvalid", err)
			}
		})
	}
	t.Run("bad bytes are stored cleaned", func(t *testing.T) {
		cs := Set(a, "1", Quote("inv", "nul \x00 and bad \xff utf-8", "X Y"))
		apply(t, s, cs)
	})
}

// clusterOf is the cluster with a member of this text.
func clusterOf(t *testing.T, s store.Store, text string) store.Cluster {
	t.Helper()
	return clusterWith(t, s, fmt.Sprintf("member %q", text), func(m store.Member) bool { return m.Text == text })
}

// clusterWith is the first cluster with a member that matches; what names
// the member in the failure.
func clusterWith(t *testing.T, s store.Store, what string, match func(store.Member) bool) store.Cluster {
	t.Helper()
	page, err := s.Clusters(context.Background(), store.ClusterQuery{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range page.Clusters {
		for _, m := range c.Members {
			if match(m) {
				return c
			}
		}
	}
	t.Fatalf("no cluster has %s", what)
	return store.Cluster{}
}

func testGrouping(t *testing.T, s store.Store) {
	sets := Corpus()
	apply(t, s, sets...)
	text := func(set, claim int) string { return sets[set].Claims[claim].Text }
	cases := []struct {
		name     string
		a, b     string
		together bool
	}{
		{"truncated quote", text(0, 0), text(1, 0), true},
		{"typo and title", text(0, 0), text(2, 0), true},
		{"would vs will", text(0, 1), text(2, 1), true},
		{"two quotes of one speaker", text(0, 0), text(0, 1), false},
		{"death toll phrased two ways", text(0, 2), text(1, 1), true},
		{"same number, other measure", text(0, 2), text(2, 2), false},
		{"other speaker", text(0, 0), text(3, 0), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ca, cb := clusterOf(t, s, tc.a), clusterOf(t, s, tc.b)
			if (ca.ID == cb.ID) != tc.together {
				t.Fatalf("together = %v; want %v (%s vs %s)", ca.ID == cb.ID, tc.together, ca.ID, cb.ID)
			}
		})
	}
	t.Run("cluster fields", func(t *testing.T) {
		c, err := s.Cluster(context.Background(), clusterOf(t, s, text(0, 0)).ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Outlets) != 3 || c.Articles != 3 || c.Speaker == nil || c.FirstSeen == nil || c.Text != text(0, 0) {
			t.Fatalf("cluster = %+v", c)
		}
		// The typo is a variant; the truncated quote is an exact part of
		// the full one, so it is not.
		var variants []string
		for _, m := range c.Members {
			if m.Variant {
				variants = append(variants, m.Text)
				if len(m.Diff) == 0 {
					t.Errorf("variant %q without diff", m.Text)
				}
			}
		}
		if len(variants) != 1 || variants[0] != text(2, 0) {
			t.Fatalf("variants = %q; want only the typo", variants)
		}
	})
	t.Run("citation", func(t *testing.T) {
		c := clusterOf(t, s, text(3, 0))
		if len(c.Citations) != 1 || c.Citations[0] != (store.Citation{Outlet: "coast-daily.example", Source: "Delta Radio"}) {
			t.Fatalf("citations = %+v", c.Citations)
		}
	})
	t.Run("min_outlets", func(t *testing.T) {
		page, err := s.Clusters(context.Background(), store.ClusterQuery{MinOutlets: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Clusters {
			if len(c.Outlets) < 2 {
				t.Errorf("cluster %s has %d outlets", c.ID, len(c.Outlets))
			}
		}
		if len(page.Clusters) != 3 {
			t.Fatalf("clusters with ≥2 outlets = %d; want 3", len(page.Clusters))
		}
	})
	t.Run("replace splits a cluster", func(t *testing.T) {
		// a2 re-extracted without its quote: a1 and a3 still meet directly.
		apply(t, s, Set(sets[1].Article, "1.1", sets[1].Claims[1]))
		if clusterOf(t, s, text(0, 0)).ID != clusterOf(t, s, text(2, 0)).ID {
			t.Fatal("a1 and a3 split")
		}
		c := clusterOf(t, s, text(0, 0))
		if len(c.Members) != 2 {
			t.Fatalf("members = %d; want 2", len(c.Members))
		}
	})
}

// testOrderIndependent: wordings that are clearly one claim or clearly two
// group the same whatever the arrival order, and replays change nothing.
// (A borderline wording may go either way with the order: testReplay.)
func testOrderIndependent(t *testing.T, s1, s2 store.Store) {
	sets := Corpus()
	apply(t, s1, sets...)
	for i := len(sets) - 1; i >= 0; i-- {
		apply(t, s2, sets[i])
	}
	apply(t, s2, sets[1], sets[0]) // replays change nothing
	g1, g2 := groups(t, s1), groups(t, s2)
	if !slices.EqualFunc(g1, g2, slices.Equal) {
		t.Fatalf("clusters depend on order:\n%v\n%v", g1, g2)
	}
}

// testReplay: the same stream applied to two stores gives the same
// clusters (grouping is deterministic for a given arrival order).
func testReplay(t *testing.T, s1, s2 store.Store) {
	g := NewGenerator(11, 12) // few speakers: many borderline rewordings meet
	var sets []contract.ClaimSet
	for i := range 80 {
		sets = append(sets, g.ClaimSet(i, 3))
	}
	apply(t, s1, sets...)
	apply(t, s2, sets...)
	g1, g2 := groups(t, s1), groups(t, s2)
	if !slices.EqualFunc(g1, g2, slices.Equal) {
		t.Fatalf("one stream, two groupings:\n%v\n%v", g1, g2)
	}
	if len(g1) == len(sets)*3 {
		t.Fatal("nothing was grouped: the test proves nothing")
	}
}

func testSearch(t *testing.T, s store.Store) {
	apply(t, s, Corpus()...)
	cases := []struct {
		q, speaker, outlet, kind string
		since                    *time.Time
		want                     int
	}{
		{q: "engineers warning", want: 3},
		{q: "bridge", want: 2},
		{q: "bridge* (\"", want: 2}, // FTS syntax characters are ignored
		{q: "monsoon", outlet: "river-news.example", want: 1},
		{speaker: "Khaleed Rahman", want: 5},
		{kind: "statistic", want: 3},
		{q: "zeppelin", want: 0},
		{since: ptr(time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)), want: 4},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s|%s|%s|%s", tc.q, tc.speaker, tc.outlet, tc.kind), func(t *testing.T) {
			page, err := s.Claims(context.Background(), store.ClaimQuery{Q: tc.q, Speaker: tc.speaker, Outlet: tc.outlet, Kind: tc.kind, Since: tc.since})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Claims) != tc.want {
				t.Fatalf("got %d claims; want %d", len(page.Claims), tc.want)
			}
		})
	}
	t.Run("clusters by q", func(t *testing.T) {
		page, err := s.Clusters(context.Background(), store.ClusterQuery{Q: "engineers"})
		if err != nil || len(page.Clusters) != 1 || len(page.Clusters[0].Members) != 3 {
			t.Fatalf("clusters = %+v, %v", page, err)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func testPagination(t *testing.T, s store.Store) {
	apply(t, s, Corpus()...)
	for _, limit := range []int{1, 2, 3, 1000} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			seen := map[string]bool{}
			cursor := ""
			for range 100 {
				page, err := s.Claims(context.Background(), store.ClaimQuery{Limit: limit, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range page.Claims {
					if seen[c.ID] {
						t.Fatalf("claim %s twice", c.ID)
					}
					seen[c.ID] = true
				}
				if page.NextCursor == nil {
					break
				}
				cursor = *page.NextCursor
			}
			if len(seen) != 9 {
				t.Fatalf("paged through %d claims; want 9", len(seen))
			}
			var cl []string
			cursor = ""
			for range 100 {
				page, err := s.Clusters(context.Background(), store.ClusterQuery{Limit: limit, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range page.Clusters {
					cl = append(cl, c.ID)
				}
				if page.NextCursor == nil {
					break
				}
				cursor = *page.NextCursor
			}
			if want := len(groups(t, s)); len(cl) != want {
				t.Fatalf("paged through %d clusters; want %d", len(cl), want)
			}
		})
	}
}

func testArticleAndSpeakers(t *testing.T, s store.Store) {
	ctx := context.Background()
	apply(t, s, Corpus()...)
	a, err := s.Article(ctx, "a3")
	if err != nil || len(a.Claims) != 3 || a.Outlet != "river-news.example" || a.ExtractorVersion != "1.0" || a.Claims[0].ClusterID == "" {
		t.Fatalf("Article = %+v, %v", a, err)
	}
	if _, err := s.Article(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Article(nope) = %v; want ErrNotFound", err)
	}
	if _, err := s.Cluster(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Cluster(nope) = %v; want ErrNotFound", err)
	}
	sp, err := s.Speakers(ctx, store.SpeakerQuery{Limit: 1})
	if err != nil || len(sp.Speakers) != 1 || sp.Speakers[0].Claims != 5 || sp.Speakers[0].Articles != 3 || sp.NextCursor == nil {
		t.Fatalf("Speakers = %+v, %v", sp, err)
	}
	sp, err = s.Speakers(ctx, store.SpeakerQuery{Limit: 5, Cursor: *sp.NextCursor})
	if err != nil || len(sp.Speakers) != 1 || sp.Speakers[0].Name != "Delta Radio" || sp.NextCursor != nil {
		t.Fatalf("Speakers page 2 = %+v, %v", sp, err)
	}
}

func testConcurrent(t *testing.T, s store.Store) {
	const writers, each = 6, 10
	// One statement in three wordings (figures would make three claims).
	tails := []string{"", ", says the report", " as planned"}
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				id := fmt.Sprintf("c%d-%d", w, i%5) // writers overlap on articles and speakers
				a := Article(id, fmt.Sprintf("outlet%d.example", w), 1+i%20)
				cs := Set(a, fmt.Sprintf("1.%d", i), Quote(id, "the harbour will reopen in spring"+tails[i%3], "Port Authority"))
				if _, err := s.Apply(context.Background(), cs); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Apply: %v", err)
	}
	nA, _, err := s.Counts(context.Background())
	if err != nil || nA != writers*5 {
		t.Fatalf("Counts = %d, %v; want %d", nA, err, writers*5)
	}
	page, err := s.Clusters(context.Background(), store.ClusterQuery{})
	if err != nil || len(page.Clusters) != 1 || len(page.Clusters[0].Members) != writers*5 {
		t.Fatalf("want one cluster of %d members; got %d clusters, %v", writers*5, len(page.Clusters), err)
	}
}

func testBadCursor(t *testing.T, s store.Store) {
	for _, c := range []string{"!!", "bm90IGpzb24", "WyJ4Il0"} {
		if _, err := s.Claims(context.Background(), store.ClaimQuery{Cursor: c}); !errors.Is(err, store.ErrBadRequest) {
			t.Errorf("Claims(cursor %q) = %v; want ErrBadRequest", c, err)
		}
		if _, err := s.Clusters(context.Background(), store.ClusterQuery{Cursor: c}); !errors.Is(err, store.ErrBadRequest) {
			t.Errorf("Clusters(cursor %q) = %v; want ErrBadRequest", c, err)
		}
	}
}

// unattributed is a claim of text with no speaker.
func unattributed(articleID, text string) contract.Claim {
	return contract.Claim{ID: contract.ClaimID(articleID, "quote", len(text), 0), Kind: contract.KindQuote,
		Text: text, Sentence: text, Confidence: 0.6}
}

// testUnattributedCopy: an outlet that left a long quote unattributed still
// reports the same claim, whichever arrives first, and when both arrive in
// one batch (concurrent Apply calls are group-committed).
func testUnattributedCopy(t *testing.T, open Opener) {
	quote := "Nobody in the ministry read the flood report before the rains came and that is the scandal here"
	attributed := Set(Article("u1", "harbor-times.example", 3), "1.0", Quote("u1", quote, "Mira Okafor"),
		Quote("u1", "Our schools will reopen on Monday whatever the ministry decides", "Mira Okafor"))
	copied := Set(Article("u2", "valley-post.example", 4), "1.0",
		unattributed("u2", "Nobody in the ministry read the flood report before the rains came"))
	other := Set(Article("u3", "river-news.example", 4), "1.0",
		unattributed("u3", "Nobody expected the rains to come so early in the valley this year at all"))
	check := func(t *testing.T, s store.Store) {
		t.Helper()
		if clusterOf(t, s, quote).ID != clusterOf(t, s, copied.Claims[0].Text).ID {
			t.Fatal("the unattributed copy is not with the quote")
		}
		if clusterOf(t, s, quote).ID == clusterOf(t, s, other.Claims[0].Text).ID {
			t.Fatal("an unrelated unattributed claim joined the quote")
		}
	}
	t.Run("attributed first", func(t *testing.T) {
		s := open(t)
		apply(t, s, attributed, copied, other)
		check(t, s)
	})
	t.Run("unattributed first", func(t *testing.T) {
		s := open(t)
		apply(t, s, other, copied, attributed)
		check(t, s)
	})
	t.Run("together", func(t *testing.T) {
		s := open(t)
		var wg sync.WaitGroup
		for _, cs := range []contract.ClaimSet{attributed, copied, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.Apply(context.Background(), cs); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		check(t, s)
	})
}

// testReplaceChangesText: a newer extraction of the latest article keeps its
// claim ids but changes their text; grouping must use the new text (a store
// that caches features by row must not serve the old ones).
func testReplaceChangesText(t *testing.T, s store.Store) {
	a := Article("r1", "harbor-times.example", 3)
	claim := Quote("r1", "The old harbour wall will be rebuilt in stone by the end of the summer", "Ana Lima")
	apply(t, s, Set(a, "1.0", claim))
	changed := claim
	changed.Text = "Every fishing family on the island gets compensation for the lost boats this month"
	apply(t, s, Set(a, "2.0", changed))
	oldCopy := Set(Article("r2", "valley-post.example", 4), "1.0",
		Quote("r2", "The old harbour wall will be rebuilt in stone by the end of the summer", "Ana Lima"))
	newCopy := Set(Article("r3", "river-news.example", 5), "1.0",
		Quote("r3", "Every fishing family on the island gets compensation for the lost boats", "Ana Lima"))
	apply(t, s, oldCopy, newCopy)
	if clusterOf(t, s, changed.Text).ID != clusterOf(t, s, newCopy.Claims[0].Text).ID {
		t.Fatal("the replaced claim is not grouped by its new text")
	}
	if clusterOf(t, s, changed.Text).ID == clusterOf(t, s, oldCopy.Claims[0].Text).ID {
		t.Fatal("the replaced claim is still grouped by its old text")
	}
}

// Replicas: two stores on one database (two indexer replicas) applying a
// stream between them concurrently, replays and newer versions included,
// end with the clusters one store gets applying it alone in order.
// The generator's rewordings are clearly one statement or clearly another,
// so the interleaving may not change the clusters; a borderline wording
// could (clusters grow around representatives, in arrival order).
func Replicas(t *testing.T, r1, r2, alone store.Store) {
	g := NewGenerator(7, 40) // few speakers: many claims meet
	var sets []contract.ClaimSet
	for i := range 120 {
		sets = append(sets, g.ClaimSet(i, 3))
	}
	for i := 0; i < 120; i += 10 { // a newer extraction of every tenth article
		cs := sets[i]
		cs.ExtractorVersion = "1.1"
		cs.Claims = cs.Claims[:2]
		sets = append(sets, cs)
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, len(sets))
	for w, s := range []store.Store{r1, r2, r1, r2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(sets); i += 4 {
				if _, err := s.Apply(ctx, sets[i]); err != nil {
					errs <- err
				}
				if i%7 == 0 { // a redelivery
					if _, err := s.Apply(ctx, sets[i]); err != nil {
						errs <- err
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("replica Apply: %v", err)
	}
	// A newer version applied before the older one wins either way.
	for _, cs := range sets {
		if _, err := alone.Apply(ctx, cs); err != nil {
			t.Fatal(err)
		}
	}
	g1, g2 := groups(t, r1), groups(t, alone)
	if !slices.EqualFunc(g1, g2, slices.Equal) {
		t.Fatalf("replicas grouped differently from one store:\n%v\n%v", g1, g2)
	}
	if len(g1) == len(sets)*3 {
		t.Fatal("nothing was grouped: the test proves nothing")
	}
}

// testFragmentKeepsStatement: a claim of two sentences founds clusters; a
// later article names the same episode in passing (one short sentence that
// shares a date and a name with it) before quoting the statement in full.
// The passing reference must not draw either wording away: whichever article
// arrives first, each sentence of the first wording ends with the same
// sentence of the full quote (both claims are grouped by their sentences).
func testFragmentKeepsStatement(t *testing.T, open Opener) {
	reported := func(articleID, text string, start int) contract.Claim {
		return contract.Claim{ID: contract.ClaimID(articleID, "reported", start, start+len(text)), Kind: contract.KindReported,
			Text: text, Sentence: text, Speaker: &contract.Speaker{Name: "Ines Korhonen", Type: contract.SpeakerPerson}, Confidence: 0.8}
	}
	first := Set(Article("k1", "harbor-times.example", 3), "1.0",
		reported("k1", "a repeat of the 1998 Kestrel Pass ambush: “Our navy needs only a sliver of its fleet to sink the smugglers' flotilla. "+
			"If they insist, the repeat of Kestrel Pass will be a sight to remember.”", 10))
	full := "Let me warn them that our navy needs only a sliver of its fleet to sink the smugglers' flotilla and chase them back to their coves. " +
		"If they insist, the repeat of the scenes at Kestrel Pass, with their boats in flames, will be a sight to remember for the whole coast"
	second := Set(Article("k2", "valley-post.example", 4), "1.0",
		reported("k2", "recalling the 1998 battle of Kestrel Pass", 5),
		Quote("k2", full, "Ines Korhonen"))
	for _, tc := range []struct {
		name string
		sets []contract.ClaimSet
	}{
		{"two sentences first", []contract.ClaimSet{first, second}},
		{"fragment first", []contract.ClaimSet{second, first}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			apply(t, s, tc.sets...)
			a, b := group.Units(first.Claims[0].Kind, first.Claims[0].Text), group.Units(contract.KindQuote, full)
			if len(a) != 2 || len(b) != 2 {
				t.Fatalf("units %d and %d, want 2 and 2", len(a), len(b))
			}
			for k := range a {
				if clusterOf(t, s, a[k].Text).ID != clusterOf(t, s, b[k].Text).ID {
					t.Fatalf("sentence %d of the full quote is not with the first wording's: %v", k+1, groups(t, s))
				}
			}
		})
	}
}
