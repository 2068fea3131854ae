package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/sqlite"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// clusterIDs maps each claim text to its cluster id.
func clusterIDs(t *testing.T, s *store.DB) map[string]string {
	t.Helper()
	page, err := s.Claims(context.Background(), store.ClaimQuery{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, c := range page.Claims {
		out[c.Text] = c.ClusterID
	}
	return out
}

// TestBatchSeesItself: claims applied in one transaction are grouped as if
// applied one by one, including an unattributed copy that can only find the
// quote through the full-text index, which SQLite fills at commit.
func TestBatchSeesItself(t *testing.T) {
	quote := "Nobody in the ministry read the flood report before the rains came and that is the scandal here"
	copyText := "Nobody in the ministry read the flood report before the rains came"
	attributed := storetest.Set(storetest.Article("b1", "harbor-times.example", 3), "1.0", storetest.Quote("b1", quote, "Mira Okafor"))
	copied := storetest.Set(storetest.Article("b2", "valley-post.example", 4), "1.0",
		contract.Claim{ID: "b2-copy", Kind: contract.KindQuote, Text: copyText, Sentence: copyText})
	// The same article again in the same batch, reworded: its first claims
	// were deleted before they were ever indexed.
	reworded := "Nobody in the ministry read the report before the rains came"
	replaced := storetest.Set(copied.Article, "1.1", contract.Claim{ID: "b2-copy", Kind: contract.KindQuote, Text: reworded, Sentence: reworded})
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.ApplyInOneBatch(attributed, copied, replaced); err != nil {
		t.Fatal(err)
	}
	ids := clusterIDs(t, s)
	if ids[quote] == "" || ids[quote] != ids[reworded] {
		t.Fatalf("clusters = %v; want the copy with the quote", ids)
	}
	for _, q := range []string{"ministry", "scandal"} {
		page, err := s.Claims(context.Background(), store.ClaimQuery{Q: q})
		if err != nil || len(page.Claims) == 0 {
			t.Fatalf("search %q after the batch = %v, %v", q, page.Claims, err)
		}
	}
	// FTS5 checks its index against the claims table.
	if _, err := s.SQL().Exec(`INSERT INTO claims_fts (claims_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Fatalf("full-text index: %v", err)
	}
	page, err := s.Claims(context.Background(), store.ClaimQuery{Q: "nobody"})
	if err != nil || len(page.Claims) != 2 {
		t.Fatalf("search nobody = %d claims, %v; want 2 (the replaced claim indexed once)", len(page.Claims), err)
	}
}

// TestStaleFeatureCache: features cached for a seq that now holds another
// claim must not join a new claim to it.
func TestStaleFeatureCache(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	stored := storetest.Quote("s1", "The harbour wall will be rebuilt in stone by the end of the summer", "Ana Lima")
	if _, err := s.Apply(ctx, storetest.Set(storetest.Article("s1", "harbor-times.example", 3), "1.0", stored)); err != nil {
		t.Fatal(err)
	}
	page, err := s.Claims(ctx, store.ClaimQuery{})
	if err != nil || len(page.Claims) != 1 {
		t.Fatalf("claims = %v, %v", page.Claims, err)
	}
	seq := int64(1) // the first claim stored
	other := storetest.Quote("s9", "Every fishing family on the island gets compensation for the lost boats", "Ana Lima")
	s.CacheFeatures(seq, "s9", other)
	newer := storetest.Quote("s2", "Every fishing family on the island gets compensation for the lost boats this month", "Ana Lima")
	if _, err := s.Apply(ctx, storetest.Set(storetest.Article("s2", "valley-post.example", 4), "1.0", newer)); err != nil {
		t.Fatal(err)
	}
	ids := clusterIDs(t, s)
	if ids[stored.Text] == ids[newer.Text] {
		t.Fatalf("a stale cache entry joined unrelated claims: %v", ids)
	}
}

// TestBatchSkipsCallersThatGaveUp: a ClaimSet whose caller's context ended
// while it was queued is answered with that error and not written; the rest
// of the batch is committed.
func TestBatchSkipsCallersThatGaveUp(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	abandoned := storetest.Set(storetest.Article("q1", "harbor-times.example", 1), "1.0",
		storetest.Quote("q1", "The ferry timetable changes from the first of the month", "Ana Lima"))
	kept := storetest.Set(storetest.Article("q2", "valley-post.example", 2), "1.0",
		storetest.Quote("q2", "Night buses will run until the bridge reopens", "Omar Haddad"))
	errs := s.ApplyQueued([]context.Context{gone, context.Background()}, abandoned, kept)
	if !errors.Is(errs[0], context.Canceled) || errs[1] != nil {
		t.Fatalf("errors = %v; want [context.Canceled <nil>]", errs)
	}
	articles, claims, err := s.Counts(context.Background())
	if err != nil || articles != 1 || claims != 1 {
		t.Fatalf("counts = %d articles, %d claims, %v; want only the live caller's article", articles, claims, err)
	}
}
