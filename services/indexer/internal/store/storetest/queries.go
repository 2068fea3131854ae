package storetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// QueryCorpus is a second story written for the query tests: two people who
// share a surname, a name spelled two ways, an outlet stored with "www.",
// a statistic reported by two outlets, and a split quotation.
func QueryCorpus() []contract.ClaimSet {
	day := func(id, outlet string, d int) contract.Article {
		a := Article(id, outlet, d)
		a.Title = "Ferry report " + id
		return a
	}
	q1 := Quote("q1", "The ferry timetable was rewritten without asking a single harbour worker", "Nadia Qureshi")
	q1.Rule, q1.Group = "quote.said", ""
	p1 := Quote("q1", "We were told on Monday.", "Tomas Berg")
	p1.ID, p1.Rule, p1.Group = "q1-part1", "quote.split", "g1"
	p2 := Quote("q1", "Nobody explained why.", "Tomas Berg")
	p2.ID, p2.Rule, p2.Group = "q1-part2", "quote.split", "g1"
	vague := Stat("q2", "About 1,200 passengers were stranded at the pier", 1200, "passengers")
	vague.Numbers = append(vague.Numbers, contract.Number{Qualifier: "dozens of", Unit: "crew", Text: "dozens of crew"}) // no value
	return []contract.ClaimSet{
		Set(day("q1", "www.lakeside-gazette.example", 10), "1.0", q1, p1, p2,
			Stat("q1", "Some 1,200 passengers were stranded at the pier", 1200, "passengers")),
		Set(day("q2", "tidewater.example", 11), "1.0",
			Quote("q2", "The ferry timetable was rewritten without asking a single harbour worker", "Nadia Kureshi"),
			Quote("q2", "The pier needs a second berth before summer", "Ingrid Berg"),
			vague),
		Set(day("q3", "north-light.example", 20), "1.0",
			Quote("q3", "The harbor budget is spent on consultants", "Ingrid Berg")),
	}
}

// Queries runs the filter, alias and search tests.
func Queries(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"ClaimFilters", testClaimFilters},
		{"ClusterFilters", testClusterFilters},
		{"SpeakersAndOutlets", testSpeakersAndOutlets},
		{"Aliases", testAliases},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			apply(t, s, QueryCorpus()...)
			tc.fn(t, s)
		})
	}
}

func texts(cs []store.ClaimView) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Text
	}
	return out
}

func testClaimFilters(t *testing.T, s store.Store) {
	ctx := context.Background()
	cases := []struct {
		name string
		q    store.ClaimQuery
		want int
	}{
		{"surname finds both Bergs", store.ClaimQuery{Speaker: "Berg"}, 4},
		{"full name finds one", store.ClaimQuery{Speaker: "Ingrid Berg"}, 2},
		{"title ignored", store.ClaimQuery{Speaker: "Dr. Ingrid Berg"}, 2},
		{"spelling folded", store.ClaimQuery{Speaker: "Nadia Qureshi"}, 2},
		{"surname folded", store.ClaimQuery{Speaker: "kureshi"}, 2},
		{"no such speaker", store.ClaimQuery{Speaker: "Zed"}, 0},
		{"part of a surname is no surname", store.ClaimQuery{Speaker: "erg"}, 0},
		{"outlet with www", store.ClaimQuery{Outlet: "www.lakeside-gazette.example"}, 4},
		{"outlet without www", store.ClaimQuery{Outlet: "lakeside-gazette.example"}, 4},
		{"outlet as URL", store.ClaimQuery{Outlet: "https://Lakeside-Gazette.example/news"}, 4},
		{"outlet by name", store.ClaimQuery{Outlet: "Tidewater"}, 3},
		{"outlet by spaced name", store.ClaimQuery{Outlet: "North Light"}, 1},
		{"outlet by hyphenated name", store.ClaimQuery{Outlet: "north-light"}, 1},
		{"search folds the query", store.ClaimQuery{Q: "Qureshi"}, 2},
		{"search folds the text too", store.ClaimQuery{Q: "Kureshi"}, 2},
		{"search folds the text, speaker name aside", store.ClaimQuery{Q: "Kureshi ferry"}, 2},
		{"search keeps stemming", store.ClaimQuery{Q: "passenger strand"}, 2},
		{"since", store.ClaimQuery{Since: ptr(time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC))}, 4},
		{"until", store.ClaimQuery{Until: ptr(time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC))}, 4},
		{"kind and outlet", store.ClaimQuery{Kind: contract.KindStatistic, Outlet: "tidewater.example"}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			page, err := s.Claims(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Claims) != tc.want || page.Total != tc.want {
				t.Fatalf("got %d claims (total %d); want %d: %q", len(page.Claims), page.Total, tc.want, texts(page.Claims))
			}
		})
	}
	t.Run("total counts every page", func(t *testing.T) {
		page, err := s.Claims(ctx, store.ClaimQuery{Limit: 2})
		if err != nil || len(page.Claims) != 2 || page.Total != 8 || page.NextCursor == nil {
			t.Fatalf("page = %d claims, total %d, %v", len(page.Claims), page.Total, err)
		}
	})
	for _, bad := range []string{"123", "%", "_", "--"} {
		t.Run("speaker without letters "+bad, func(t *testing.T) {
			if _, err := s.Claims(ctx, store.ClaimQuery{Speaker: bad}); !errors.Is(err, store.ErrBadRequest) {
				t.Fatalf("err = %v; want ErrBadRequest", err)
			}
		})
	}
	t.Run("rule and group", func(t *testing.T) {
		a, err := s.Article(ctx, "q1")
		if err != nil {
			t.Fatal(err)
		}
		groups := map[string]int{}
		for _, c := range a.Claims {
			if c.Group != "" {
				groups[c.Group]++
				if c.Rule != "quote.split" {
					t.Errorf("claim %s rule %q", c.ID, c.Rule)
				}
			}
		}
		if groups["g1"] != 2 {
			t.Fatalf("groups = %v", groups)
		}
	})
}

func testClusterFilters(t *testing.T, s store.Store) {
	ctx := context.Background()
	cases := []struct {
		name string
		q    store.ClusterQuery
		want int
	}{
		{"all", store.ClusterQuery{}, 6},
		{"two outlets", store.ClusterQuery{MinOutlets: 2}, 2},
		{"outlet", store.ClusterQuery{Outlet: "lakeside-gazette.example"}, 4},
		{"outlet by name", store.ClusterQuery{Outlet: "Tidewater", MinOutlets: 2}, 2},
		{"kind", store.ClusterQuery{Kind: contract.KindStatistic}, 1},
		{"since", store.ClusterQuery{Since: ptr(time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC))}, 1},
		{"until", store.ClusterQuery{Until: ptr(time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC))}, 4},
		{"speaker surname", store.ClusterQuery{Speaker: "Berg"}, 4},
		{"speaker folded", store.ClusterQuery{Speaker: "Qureshi"}, 1},
		{"q", store.ClusterQuery{Q: "passengers stranded"}, 1},
		{"q folded", store.ClusterQuery{Q: "Kureshi"}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			page, err := s.Clusters(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Clusters) != tc.want || page.Total != tc.want {
				t.Fatalf("got %d clusters (total %d); want %d", len(page.Clusters), page.Total, tc.want)
			}
		})
	}
	for _, sort := range []string{store.SortOutlets, store.SortNewest, store.SortFirstSeen} {
		t.Run("sort "+sort, func(t *testing.T) {
			var all []store.Cluster
			cursor := ""
			for range 20 {
				page, err := s.Clusters(ctx, store.ClusterQuery{Sort: sort, Limit: 2, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				all = append(all, page.Clusters...)
				if page.NextCursor == nil {
					break
				}
				cursor = *page.NextCursor
			}
			if len(all) != 6 {
				t.Fatalf("paged %d clusters; want 6", len(all))
			}
			for i := 1; i < len(all); i++ {
				a, b := all[i-1], all[i]
				var ok bool
				switch sort {
				case store.SortOutlets:
					ok = len(a.Outlets) >= len(b.Outlets)
				case store.SortNewest:
					ok = !a.FirstSeen.Before(*b.FirstSeen)
				case store.SortFirstSeen:
					ok = !a.FirstSeen.After(*b.FirstSeen)
				}
				if !ok {
					t.Fatalf("order broken at %d: %v then %v", i, a.FirstSeen, b.FirstSeen)
				}
			}
		})
	}
	t.Run("speaker object and member details", func(t *testing.T) {
		page, err := s.Clusters(ctx, store.ClusterQuery{Speaker: "Nadia Qureshi"})
		if err != nil || len(page.Clusters) != 1 {
			t.Fatalf("%v %v", page, err)
		}
		c := page.Clusters[0]
		if c.Speaker == nil || c.Speaker.Key != contract.SpeakerKey("Nadia Qureshi") || c.LastSeen == nil || !c.LastSeen.After(*c.FirstSeen) {
			t.Fatalf("cluster = %+v", c)
		}
		for _, m := range c.Members {
			if m.Title == "" || m.Speaker == nil || m.URL == "" {
				t.Fatalf("member = %+v", m)
			}
		}
	})
	t.Run("bad sort", func(t *testing.T) {
		if _, err := s.Clusters(ctx, store.ClusterQuery{Sort: "size"}); !errors.Is(err, store.ErrBadRequest) {
			t.Fatalf("err = %v", err)
		}
	})
}

func testSpeakersAndOutlets(t *testing.T, s store.Store) {
	ctx := context.Background()
	sp, err := s.Speakers(ctx, store.SpeakerQuery{})
	if err != nil || sp.Total != 3 || len(sp.Speakers) != 3 {
		t.Fatalf("speakers = %+v, %v", sp, err)
	}
	for _, tc := range []struct {
		q    string
		want int
	}{{"berg", 2}, {"kureshi", 1}, {"%", 0}, {"_", 0}, {"d_b", 0}} {
		t.Run("search "+tc.q, func(t *testing.T) {
			sp, err := s.Speakers(ctx, store.SpeakerQuery{Q: tc.q})
			if err != nil || len(sp.Speakers) != tc.want {
				t.Fatalf("speakers(%q) = %+v, %v; want %d", tc.q, sp.Speakers, err, tc.want)
			}
		})
	}
	d, err := s.Speaker(ctx, contract.SpeakerKey("Ingrid Berg"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Claims != 2 || len(d.Outlets) != 2 || d.FirstSeen == nil || d.LastSeen == nil || len(d.Timeline) != 2 || d.Name != "Ingrid Berg" {
		t.Fatalf("speaker = %+v", d)
	}
	if _, err := s.Speaker(ctx, "nobody here"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("speaker(nobody) = %v", err)
	}
	op, err := s.Outlets(ctx, store.OutletQuery{Limit: 2})
	if err != nil || op.Total != 3 || len(op.Outlets) != 2 || op.NextCursor == nil || op.Outlets[0].Outlet != "www.lakeside-gazette.example" || op.Outlets[0].Claims != 4 {
		t.Fatalf("outlets = %+v, %v", op, err)
	}
	op, err = s.Outlets(ctx, store.OutletQuery{Limit: 2, Cursor: *op.NextCursor})
	if err != nil || len(op.Outlets) != 1 || op.NextCursor != nil {
		t.Fatalf("outlets page 2 = %+v, %v", op, err)
	}
}

func testAliases(t *testing.T, s store.Store) {
	ctx := context.Background()
	count := func(speaker string) int {
		t.Helper()
		page, err := s.Claims(ctx, store.ClaimQuery{Speaker: speaker})
		if err != nil {
			t.Fatal(err)
		}
		return page.Total
	}
	if _, err := s.MergeSpeakers(ctx, store.Merge{From: "Tomas Berg", Into: "Ingrid Berg"}); !errors.Is(err, store.ErrBadRequest) {
		t.Fatalf("merge without by = %v", err)
	}
	a, err := s.MergeSpeakers(ctx, store.Merge{From: "Tomas Berg", Into: "Ingrid Berg", By: "analyst one", Note: "test merge"})
	if err != nil || a.Canonical != contract.SpeakerKey("Ingrid Berg") || a.By != "analyst one" || a.At.IsZero() {
		t.Fatalf("merge = %+v, %v", a, err)
	}
	if n := count("Ingrid Berg"); n != 4 {
		t.Fatalf("after merge Ingrid Berg has %d claims; want 4", n)
	}
	if n := count("Tomas Berg"); n != 4 {
		t.Fatalf("the old name finds the merged speaker: %d; want 4", n)
	}
	sp, err := s.Speakers(ctx, store.SpeakerQuery{})
	if err != nil || sp.Total != 2 || sp.Speakers[0].Name != "Ingrid Berg" || sp.Speakers[0].Claims != 4 {
		t.Fatalf("speakers after merge = %+v, %v", sp, err)
	}
	art, err := s.Article(ctx, "q1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range art.Claims {
		if c.Group == "g1" && (c.Speaker.Name != "Ingrid Berg" || c.Speaker.Key != a.Canonical) {
			t.Fatalf("merged claim shows %+v", c.Speaker)
		}
	}
	// Kept across a replay: the article re-extracted by a newer version.
	cs := QueryCorpus()[0]
	cs.ExtractorVersion = "1.1"
	apply(t, s, cs)
	if n := count("Ingrid Berg"); n != 4 {
		t.Fatalf("after replay Ingrid Berg has %d claims; want 4", n)
	}
	// Split: Ingrid Berg's claim in q3 is someone else.
	out, err := s.SplitSpeaker(ctx, store.Split{Key: "Ingrid Berg", Outlet: "north-light.example", Name: "Inga Berg", By: "analyst two"})
	if err != nil || len(out) != 1 || out[0].ArticleID != "q3" {
		t.Fatalf("split = %+v, %v", out, err)
	}
	if n := count("Ingrid Berg"); n != 3 {
		t.Fatalf("after split Ingrid Berg has %d claims; want 3", n)
	}
	if n := count("Inga Berg"); n != 1 {
		t.Fatalf("after split Inga Berg has %d claims; want 1", n)
	}
	if n := count("Berg"); n != 4 {
		t.Fatalf("after split Berg has %d claims; want 4", n)
	}
	d, err := s.Speaker(ctx, contract.SpeakerKey("Inga Berg"))
	if err != nil || d.Claims != 1 || d.Name != "Inga Berg" {
		t.Fatalf("split speaker = %+v, %v", d, err)
	}
	// Undo the merge.
	if err := s.RemoveAlias(ctx, "Tomas Berg", "", "analyst one"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveAlias(ctx, "Tomas Berg", "", "analyst one"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second remove = %v", err)
	}
	if n := count("Tomas Berg"); n != 2 {
		t.Fatalf("after removing the merge Tomas Berg has %d claims; want 2", n)
	}
	list, err := s.Aliases(ctx)
	if err != nil || len(list.Aliases) != 1 || len(list.History) != 3 || list.History[0].Action != "remove" || list.History[2].Action != "merge" {
		t.Fatalf("aliases = %+v, %v", list, err)
	}
	t.Run("chained merges stay flat", func(t *testing.T) {
		if _, err := s.MergeSpeakers(ctx, store.Merge{From: "Nadia Qureshi", Into: "Tomas Berg", By: "x"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MergeSpeakers(ctx, store.Merge{From: "Tomas Berg", Into: "Ingrid Berg", By: "x"}); err != nil {
			t.Fatal(err)
		}
		if n := count("Ingrid Berg"); n != 5 {
			t.Fatalf("Ingrid Berg has %d claims; want 5 (her own 1, Tomas Berg's 2, Nadia Qureshi's 2)", n)
		}
	})
}

// BenchQueries fills s with nClaims generated claims, then measures the
// analyst's list queries (a speaker by surname, clusters filtered and
// sorted, speakers, outlets), each with its total count, reporting the
// median latency of each.
func BenchQueries(b *testing.B, s store.Store, nClaims int) {
	g := NewGenerator(3, 5000)
	ctx := context.Background()
	for i := range nClaims / 4 {
		if _, err := s.Apply(ctx, g.ClaimSet(i, 4)); err != nil {
			b.Fatal(err)
		}
	}
	surname := strings.Fields(g.speakers[7])[1]
	since := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)
	queries := []struct {
		name string
		run  func() error
	}{
		{"claims-speaker-surname", func() error {
			_, err := s.Claims(ctx, store.ClaimQuery{Speaker: surname, Limit: 50})
			return err
		}},
		{"claims-outlet-since", func() error {
			_, err := s.Claims(ctx, store.ClaimQuery{Outlet: "Outlet07", Since: &since, Limit: 50})
			return err
		}},
		{"clusters-2-outlets", func() error {
			_, err := s.Clusters(ctx, store.ClusterQuery{MinOutlets: 2, Limit: 50})
			return err
		}},
		{"clusters-outlet-newest", func() error {
			_, err := s.Clusters(ctx, store.ClusterQuery{Outlet: "outlet07.example", Since: &since, Sort: store.SortNewest, Limit: 50})
			return err
		}},
		{"speakers", func() error {
			_, err := s.Speakers(ctx, store.SpeakerQuery{Limit: 50})
			return err
		}},
		{"outlets", func() error {
			_, err := s.Outlets(ctx, store.OutletQuery{Limit: 50})
			return err
		}},
	}
	lat := make([][]time.Duration, len(queries))
	b.ResetTimer()
	i := 0
	for b.Loop() {
		k := i % len(queries)
		i++
		t0 := time.Now()
		if err := queries[k].run(); err != nil {
			b.Fatalf("%s: %v", queries[k].name, err)
		}
		lat[k] = append(lat[k], time.Since(t0))
	}
	for k, q := range queries {
		l := lat[k]
		if len(l) == 0 {
			continue
		}
		slices.Sort(l)
		b.ReportMetric(float64(l[len(l)/2].Microseconds())/1000, q.name+"-p50-ms")
	}
}
