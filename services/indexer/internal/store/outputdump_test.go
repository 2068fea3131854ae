package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// TestBenchOutputDump writes what the store answers for the benchmark's
// first 5,000 ClaimSets, applied in order in group commits of varying
// size as the writer takes them: every article with its claims (clusters
// included) and every cluster with its members, as JSON lines. Two
// versions of the store that must give the same output are compared by
// running it on each and diffing the files:
//
//	CLAIMWIRE_OUTPUT_DUMP=/tmp/out go test -run TestBenchOutputDump ./services/indexer/internal/store
//
// writes /tmp/out.sqlite and /tmp/out.postgres. Skipped without the variable.
func TestBenchOutputDump(t *testing.T) {
	out := os.Getenv("CLAIMWIRE_OUTPUT_DUMP")
	if out == "" {
		t.Skip("CLAIMWIRE_OUTPUT_DUMP not set")
	}
	const n = 5000
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			ctx := context.Background()
			g := storetest.NewGenerator(1, 5000)
			var batch []contract.ClaimSet
			size := 1
			for i := range n {
				batch = append(batch, g.ClaimSet(i, 4))
				if len(batch) == size || i == n-1 {
					if err := s.ApplyInOneBatch(batch...); err != nil {
						t.Fatal(err)
					}
					batch = nil
					size = size*7%251 + 1 // 1 to 251, as a loaded writer's batches vary
				}
			}
			f, err := os.Create(out + "." + name)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			enc := json.NewEncoder(f)
			for i := range n {
				a, err := s.Article(ctx, fmt.Sprintf("gen%08d", i))
				if err != nil {
					t.Fatal(err)
				}
				if err := enc.Encode(a); err != nil {
					t.Fatal(err)
				}
			}
			q := store.ClusterQuery{Limit: store.MaxLimit}
			for {
				page, err := s.Clusters(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range page.Clusters {
					full, err := s.Cluster(ctx, c.ID)
					if err != nil {
						t.Fatal(err)
					}
					if err := enc.Encode(full); err != nil {
						t.Fatal(err)
					}
				}
				if page.NextCursor == nil {
					break
				}
				q.Cursor = *page.NextCursor
			}
		})
	}
}
