package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/sqlite"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// TestStatementsStayPrepared: a group commit's statements have a few texts
// each, whatever the number of articles, claims, keys and sketches of its
// batch, so that the statement cache keeps them all; a statement the full
// cache refuses is parsed and planned again at every use.
func TestStatementsStayPrepared(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g := storetest.NewGenerator(7, 300)
	i := 0
	for size := 1; size <= 60; size++ {
		sets := make([]contract.ClaimSet, size)
		for k := range sets {
			sets[k] = g.ClaimSet(i, 1+i%5)
			if i%2 == 0 {
				sets[k].Claims[0].Speaker = nil // unattributed: looked up by its sketch
			}
			i++
		}
		if ok, err := s.ApplyAsSet(sets...); err != nil || !ok {
			t.Fatalf("batch of %d: applied %v, %v", size, ok, err)
		}
	}
	if n := s.CachedStatements(); n >= store.MaxStatements {
		t.Fatalf("%d statements cached after batches of 1 to 60 ClaimSets; want fewer than the cache's %d", n, store.MaxStatements)
	}
}
