package store_test

import (
	"reflect"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// TestBulkMerges: a merge of two clusters (merge.go) made while a batch is
// applied as a set stores what applying its ClaimSets one by one stores,
// whether the clusters were founded by earlier batches or by the batch
// itself, and leaves one cluster of all five claims.
func TestBulkMerges(t *testing.T) {
	sets := storetest.MergeSets()
	var stream []contract.ClaimSet
	for _, name := range []string{"drivers", "driversCopy", "firstCars", "firstCarsCopy", "joiner"} {
		stream = append(stream, sets[name])
	}
	for _, tc := range []struct {
		name    string
		batches [][]contract.ClaimSet
	}{
		{"clusters stored before", [][]contract.ClaimSet{stream[:2], stream[2:4], stream[4:]}},
		{"clusters founded in the batch", [][]contract.ClaimSet{stream}},
		{"one stored, one founded in the batch", [][]contract.ClaimSet{stream[:2], stream[2:]}},
	} {
		for name, open := range backends() {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				bulk, oneByOne := open(t), open(t)
				oneByOne.WithoutBulk()
				for _, b := range tc.batches {
					if took, err := bulk.ApplyAsSet(b...); !took || err != nil {
						t.Fatalf("taken as a set %v, error %v; want taken", took, err)
					}
					if err := oneByOne.ApplyInOneBatch(b...); err != nil {
						t.Fatal(err)
					}
				}
				for _, q := range []string{
					`SELECT seq, id, cluster_id FROM claims ORDER BY seq`,
					`SELECT id, text, n_outlets, n_articles, n_members, outlets, rep_seq FROM clusters ORDER BY id`,
				} {
					if want, got := rows(t, oneByOne.SQL(), q), rows(t, bulk.SQL(), q); !reflect.DeepEqual(got, want) {
						t.Fatalf("%s:\n%v\none by one:\n%v", q, got, want)
					}
				}
				if got := rows(t, bulk.SQL(), `SELECT n_members, n_outlets FROM clusters`); !reflect.DeepEqual(got, [][]string{{"5", "5"}}) {
					t.Fatalf("clusters (members, outlets) = %v; want one of 5 and 5", got)
				}
			})
		}
	}
}
