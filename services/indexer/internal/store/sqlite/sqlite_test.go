package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/sqlite"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

func open(t *testing.T) store.Store {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStore(t *testing.T) { storetest.Run(t, open) }

func TestQueries(t *testing.T) { storetest.Queries(t, open) }

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index.db")
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(context.Background(), storetest.Corpus()[0]); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = sqlite.Open(context.Background(), path) // migrations are not re-run
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if a, c, err := s.Counts(context.Background()); err != nil || a != 1 || c != 3 {
		t.Fatalf("Counts = %d, %d, %v; want 1, 3", a, c, err)
	}
}

func BenchmarkIngest(b *testing.B) {
	for _, workers := range []int{1, 16, 64, 256} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			storetest.BenchIngest(b, s, workers)
		})
	}
}

// BenchmarkPopularQuote: the cost of the next copy of a quote already
// carried by 10, 500 or 2000 outlets.
func BenchmarkPopularQuote(b *testing.B) {
	for _, copies := range []int{10, 500, 2000} {
		b.Run(fmt.Sprintf("copies=%d", copies), func(b *testing.B) {
			s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			storetest.BenchPopularQuote(b, s, copies)
		})
	}
}

// BenchmarkQueries100k fills 100,000 claims, then times the list queries.
func BenchmarkQueries100k(b *testing.B) {
	s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.BenchQueries(b, s, 100_000)
}

// BenchmarkSearch100k fills 100,000 claims first (tens of seconds).
func BenchmarkSearch100k(b *testing.B) {
	s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.BenchSearch(b, s, 100_000)
}

func TestUpgradeFromV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	v1 := sqlite.Dialect
	v1.Migrations = v1.Migrations[:1]
	if err := store.Migrate(context.Background(), db, &v1); err != nil {
		t.Fatal(err)
	}
	storetest.WriteV1(t, db)
	db.Close()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.CheckUpgradedV1(t, s)
}

// TestSearchFoldsBothWays: SQLite's full-text index holds each word's
// spelling fold, so a query spelled either way finds both spellings (on
// PostgreSQL only the query is folded).
func TestSearchFoldsBothWays(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, cs := range storetest.QueryCorpus() {
		if _, err := s.Apply(context.Background(), cs); err != nil {
			t.Fatal(err)
		}
	}
	for q, want := range map[string]int{"Qureshi": 2, "Kureshi": 2, "harbour": 3, "harbor": 3} {
		page, err := s.Claims(context.Background(), store.ClaimQuery{Q: q})
		if err != nil || page.Total != want {
			t.Errorf("search %q: %d claims, %v; want %d", q, page.Total, err, want)
		}
	}
	// FTS5 checks its index against the generated columns it was built from.
	if _, err := s.SQL().Exec(`INSERT INTO claims_fts (claims_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Fatalf("full-text index: %v", err)
	}
}

func TestAlerts(t *testing.T) { storetest.Alerts(t, open) }
