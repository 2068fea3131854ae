package store_test

import (
	"reflect"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// TestBulkMovesMatchOneByOne: a claim moved by a batch applied as a set
// (bulk.go; a claim of the batch, moved in memory, or a stored one) ends
// where applying the batch's ClaimSets one by one puts it, with the same
// cluster rows, and a later batch finds it there.
func TestBulkMovesMatchOneByOne(t *testing.T) {
	sets := storetest.RehomeSets()
	// A second outlet printing the joiner's wording, after the move: it
	// joins the cluster the early wording moved into.
	again := sets["joiner"]
	again.Article = storetest.Article("r6", "strait-news.example", 5)
	again.Claims = []contract.Claim{again.Claims[0]}
	again.Claims[0].ID = contract.ClaimID("r6", "reported", 0, len(again.Claims[0].Text))
	for _, tc := range []struct {
		name    string
		batches [][]contract.ClaimSet
	}{
		{"a claim of the batch", [][]contract.ClaimSet{{sets["early"], sets["statement"], sets["joiner"], again}}},
		{"a stored claim", [][]contract.ClaimSet{{sets["early"]}, {sets["statement"], sets["joiner"], again}}},
		// The next batch reads the moved claim from the feature cache: a
		// copy of its wording joins it where it moved.
		{"cached where it moved", [][]contract.ClaimSet{{sets["early"]}, {sets["statement"], sets["joiner"]}, {sets["copy"]}}},
	} {
		for name, open := range backends() {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				bulk, oneByOne := open(t), open(t)
				oneByOne.WithoutBulk()
				for _, b := range tc.batches {
					for _, s := range []*store.DB{bulk, oneByOne} {
						if err := s.ApplyInOneBatch(b...); err != nil {
							t.Fatal(err)
						}
					}
				}
				for _, q := range []string{
					`SELECT seq, id, cluster_id FROM claims ORDER BY seq`,
					`SELECT id, kind, speaker, speaker_type, speaker_key, text, n_outlets, n_articles, n_members, first_seen, outlets, citations, rep_seq FROM clusters ORDER BY id`,
				} {
					if want, got := rows(t, oneByOne.SQL(), q), rows(t, bulk.SQL(), q); !reflect.DeepEqual(got, want) {
						t.Fatalf("%s: %v; one by one %v", q, got, want)
					}
				}
				var n, members int
				if err := bulk.SQL().QueryRow(`SELECT COUNT(*), SUM(n_members) FROM clusters`).Scan(&n, &members); err != nil || n != 1 || members != 4 {
					t.Fatalf("%d clusters of %d members, %v; want 1 of 4", n, members, err)
				}
			})
		}
	}
}
