package store_test

import (
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// BenchmarkPrepare is the client's work per ClaimSet before the writer
// (features, keys, folds, hash), on the ingest benchmark's ClaimSets.
func BenchmarkPrepare(b *testing.B) {
	g := storetest.NewGenerator(1, 5000)
	sets := make([]contract.ClaimSet, 1000)
	for i := range sets {
		sets[i] = g.ClaimSet(i, 4)
	}
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		if err := store.Prepare(&sets[i%len(sets)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
