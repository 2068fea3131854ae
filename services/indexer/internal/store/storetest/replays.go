package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/changes"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

func withRule(c contract.Claim, rule string) contract.Claim {
	c.Rule = rule
	return c
}

// testReplays: a replay under a newer extractor version records, per
// article, what it changed against the version it replaced; totals per
// replay, outlet and rule add up; a redelivered set keeps its first record;
// an older version is counted as stale and changes nothing.
func testReplays(t *testing.T, s store.Store) {
	ctx := context.Background()
	apply(t, s, Corpus()...)
	newer := Set(Article("a6", "coast-daily.example", 9), "3.0", Quote("a6", "The ferry will not run this winter at all", "Ines Berg"))
	apply(t, s, newer)
	old := Corpus()
	a1, a2, a3, a4 := old[0], old[1], old[2], old[3]

	// a1: the first quote re-attributed, the second kept, the statistic
	// dropped, a quote added. a2: the quote re-kinded. a3: unchanged.
	// a4: the reported claim re-worded. a5: a new article.
	reattributed := withRule(Quote("a1", a1.Claims[0].Text, "Farah Said"), "quote.colon")
	added := withRule(Quote("a1", "Nobody in this town will be forgotten by us", "Khalid Rahman"), "quote.after")
	rekinded := withRule(a2.Claims[0], "reported.that")
	rekinded.Kind = contract.KindReported
	reworded := withRule(a4.Claims[0], "reported.according")
	reworded.Text = "the dam's spillway had been closed"
	sets := []contract.ClaimSet{
		Set(a1.Article, "2.0", reattributed, a1.Claims[1], added),
		Set(a2.Article, "2.0", rekinded, a2.Claims[1]),
		Set(a3.Article, "2.0", a3.Claims...),
		Set(a4.Article, "2.0", reworded),
		Set(Article("a5", "river-news.example", 8), "2.0", withRule(Quote("a5", "The levee held for now", "Ines Berg"), "quote.after")),
		Set(newer.Article, "2.0"), // older than the stored 3.0: stale
	}
	sets = append(sets, sets[0]) // a redelivery within the replay: the first record stands
	for i, cs := range sets {
		ok, err := s.ApplyReplay(ctx, "r1", cs)
		if err != nil || ok != (i != 5) {
			t.Fatalf("ApplyReplay(%s) = %v, %v", cs.Article.ID, ok, err)
		}
	}
	if _, err := s.ApplyReplay(ctx, "no spaces", sets[0]); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("replay id with a space: %v, want ErrInvalid", err)
	}

	rep, err := s.Replay(ctx, store.ReplayQuery{ID: "r1", Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := changes.Counts{Added: 2, Removed: 1, Reattributed: 1, Rekinded: 1, Reworded: 1, Unchanged: 1 + 1 + 3}
	if rep.Totals != want || rep.Articles != 5 || rep.Changed != 4 || rep.Stale != 1 {
		t.Errorf("totals %+v, %d articles, %d changed, %d stale; want %+v, 5, 4, 1", rep.Totals, rep.Articles, rep.Changed, rep.Stale, want)
	}
	var sum changes.Counts
	for _, o := range rep.Outlets {
		sum.Add(o.Counts)
	}
	if sum != want {
		t.Errorf("outlet totals add up to %+v, want %+v", sum, want)
	}
	rules := map[string]store.RuleTotals{}
	for _, r := range rep.Rules {
		rules[r.Rule] = r
	}
	if r := rules["quote.after"]; r.Added != 2 {
		t.Errorf("rule quote.after: %+v, want 2 added", r)
	}
	if r := rules["quote.colon"]; r.Reattributed != 1 {
		t.Errorf("rule quote.colon: %+v, want 1 re-attributed", r)
	}
	for _, cat := range changes.Categories {
		ex := rep.Examples[cat]
		if len(ex) == 0 || len(ex) > store.ExamplesPerCategory {
			t.Errorf("%s: %d examples", cat, len(ex))
		}
		for _, e := range ex {
			if !e.Is(cat) || e.URL == "" {
				t.Errorf("%s example: %+v", cat, e)
			}
		}
	}
	if ex := rep.Examples["reattributed"]; len(ex) == 1 && (ex[0].Old.Speaker.Name != "Khalid Rahman" || ex[0].New.Speaker.Name != "Farah Said") {
		t.Errorf("re-attribution example: %s → %s", ex[0].Old.Speaker.Name, ex[0].New.Speaker.Name)
	}
	if len(rep.Versions) != 3 {
		t.Errorf("versions %+v, want 1.0→2.0, new→2.0 and the stale 3.0→2.0", rep.Versions)
	}

	// Every changed article, two per page.
	seen := map[string]changes.Counts{}
	for page := rep; ; {
		for _, a := range page.ChangedArticles {
			seen[a.ArticleID] = a.Counts
			if len(a.Changes) == 0 {
				t.Errorf("%s: changed without changes", a.ArticleID)
			}
		}
		if page.NextCursor == nil {
			break
		}
		if page, err = s.Replay(ctx, store.ReplayQuery{ID: "r1", Limit: 2, Cursor: *page.NextCursor}); err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != 4 || seen["a3"] != (changes.Counts{}) || seen["a1"].Added != 1 || seen["a1"].Removed != 1 {
		t.Errorf("changed articles %+v", seen)
	}
	byOutlet, err := s.Replay(ctx, store.ReplayQuery{ID: "r1", Outlet: "River News"})
	if err != nil || len(byOutlet.ChangedArticles) != 1 || byOutlet.ChangedArticles[0].ArticleID != "a5" {
		t.Errorf("outlet filter: %+v, %v", byOutlet.ChangedArticles, err)
	}

	// Side by side: the old version rebuilt from the current claims and the
	// recorded changes.
	v, err := s.ReplayArticle(ctx, "r1", "a1")
	if err != nil {
		t.Fatal(err)
	}
	if !v.Current || len(v.Old) != 3 || len(v.New) != 3 {
		t.Fatalf("a1 side by side: current %v, old %d, new %d", v.Current, len(v.Old), len(v.New))
	}
	oldTexts := map[string]bool{}
	for _, c := range v.Old {
		oldTexts[c.Text+"|"+speakerName(c)] = true
	}
	for _, c := range a1.Claims {
		if !oldTexts[c.Text+"|"+speakerName(c)] {
			t.Errorf("old side lacks %q", c.Text)
		}
	}
	// A later version of the article: the report keeps the changes only.
	apply(t, s, Set(a1.Article, "4.0", a1.Claims[1]))
	if v, err = s.ReplayArticle(ctx, "r1", "a1"); err != nil || v.Current || len(v.New) != 2 {
		t.Errorf("after a newer version: current %v, new %d, %v", v.Current, len(v.New), err)
	}
	if _, err := s.ReplayArticle(ctx, "r1", "a9"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown article: %v", err)
	}
	if _, err := s.Replay(ctx, store.ReplayQuery{ID: "r9"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown replay: %v", err)
	}

	// A second replay changes nothing; the list is newest first.
	if _, err := s.ApplyReplay(ctx, "r2", sets[2]); err != nil {
		t.Fatal(err)
	}
	l, err := s.Replays(ctx, store.ReplayListQuery{Limit: 1})
	if err != nil || len(l.Replays) != 1 || l.NextCursor == nil {
		t.Fatalf("replays: %+v, %v", l, err)
	}
	l2, err := s.Replays(ctx, store.ReplayListQuery{Limit: 1, Cursor: *l.NextCursor})
	if err != nil || len(l2.Replays) != 1 {
		t.Fatalf("replays page 2: %+v, %v", l2, err)
	}
	ids := map[string]store.Replay{l.Replays[0].ID: l.Replays[0], l2.Replays[0].ID: l2.Replays[0]}
	if r2, ok := ids["r2"]; !ok || r2.Articles != 1 || r2.Changed != 0 || r2.Totals.Unchanged != 3 {
		t.Errorf("replays %+v", ids)
	}

	// Deleting a report removes it and its articles, not the other report
	// nor the claims the replay indexed.
	claimsBefore := countClaims(t, s)
	if err := s.DeleteReplay(ctx, "r1"); err != nil {
		t.Fatalf("DeleteReplay: %v", err)
	}
	if _, err := s.Replay(ctx, store.ReplayQuery{ID: "r1"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted report still answers: %v", err)
	}
	if _, err := s.ReplayArticle(ctx, "r1", "a1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted report's article still answers: %v", err)
	}
	if _, err := s.Replay(ctx, store.ReplayQuery{ID: "r2"}); err != nil {
		t.Errorf("the other report: %v", err)
	}
	if n := countClaims(t, s); n != claimsBefore {
		t.Errorf("claims %d after deleting a report, want %d", n, claimsBefore)
	}
	if err := s.DeleteReplay(ctx, "r1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleting twice: %v, want ErrNotFound", err)
	}
	if err := s.DeleteReplay(ctx, "no spaces"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("deleting a malformed id: %v, want ErrInvalid", err)
	}
	// The same id may be used again afterwards, and starts from nothing.
	if _, err := s.ApplyReplay(ctx, "r1", sets[2]); err != nil {
		t.Fatal(err)
	}
	if rep, err := s.Replay(ctx, store.ReplayQuery{ID: "r1"}); err != nil || rep.Articles != 1 || rep.Changed != 0 || len(rep.ChangedArticles) != 0 {
		t.Errorf("r1 reused: %d articles, %d changed, %d changed articles listed, %v", rep.Articles, rep.Changed, len(rep.ChangedArticles), err)
	}
}

func speakerName(c contract.Claim) string {
	if c.Speaker == nil {
		return ""
	}
	return c.Speaker.Name
}

func countClaims(t *testing.T, s store.Store) int {
	t.Helper()
	_, n, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}
