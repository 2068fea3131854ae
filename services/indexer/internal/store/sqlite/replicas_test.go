package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/sqlite"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// openN opens n stores on one SQLite file (writers in other processes).
func openN(t *testing.T, n int) []store.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "index.db")
	var out []store.Store
	for range n {
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		out = append(out, s)
	}
	return out
}

func TestReplicaCopies(t *testing.T) {
	rs := openN(t, 2)
	storetest.ReplicaCopies(t, rs[0], rs[1])
}

func TestReplicas(t *testing.T) {
	rs := openN(t, 2)
	storetest.Replicas(t, rs[0], rs[1], open(t))
}

// TestOtherWriters: a store keeps blocking keys' newest claims and their
// clusters in memory between its own commits; another writer's commits
// must be seen all the same.
func TestOtherWriters(t *testing.T) {
	ctx := context.Background()
	const speaker = "Tova Brandt"
	const (
		ferry   = "The ferry timetable will be cut to two crossings a day from March onwards"
		orchard = "Our orchards lost a third of their apple harvest to the late frost this spring"
	)
	apply := func(t *testing.T, s store.Store, id, version, outlet, text string) {
		t.Helper()
		if _, err := s.Apply(ctx, storetest.Set(storetest.Article(id, outlet, 3), version, storetest.Quote(id, text, speaker))); err != nil {
			t.Fatal(err)
		}
	}
	// joined reports whether the quote text is reported by two articles.
	joined := func(t *testing.T, s store.Store, text string) bool {
		t.Helper()
		page, err := s.Clusters(ctx, store.ClusterQuery{Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Clusters {
			if c.Text == text && len(c.Members) == 2 {
				return true
			}
		}
		return false
	}
	tests := []struct {
		name  string
		other func(t *testing.T, s store.Store) // the other writer's commit
	}{
		{"claims stored under a key the store holds", func(t *testing.T, s store.Store) {
			apply(t, s, "k2", "1.0", "south-ledger.example", orchard)
		}},
		// k1's claim is the newest: its replacement takes its seq again,
		// which the first store has cached with its old text and cluster.
		{"a claim replaced at the same seq", func(t *testing.T, s store.Store) {
			apply(t, s, "k1", "1.1", "north-post.example", orchard)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := openN(t, 2)
			apply(t, rs[0], "k0", "1.0", "west-gazette.example", "We will reopen the harbour baths once the roof has been repaired")
			apply(t, rs[0], "k1", "1.0", "north-post.example", ferry)
			tt.other(t, rs[1])
			apply(t, rs[0], "k3", "1.0", "east-herald.example", orchard)
			if !joined(t, rs[0], orchard) {
				t.Fatal("the orchard quote of k3 did not join the one the other writer stored")
			}
		})
	}
}
