package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/claimwire/claimwire/services/indexer/internal/store/sqlite"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// TestPrintsVouchAfterOneByOne: a batch this store applies ClaimSet by
// ClaimSet (one that could not be applied as a set) leaves the print
// filter vouching, as a bulk commit does; only another writer's prints
// should make it read every band again until it is loaded anew.
func TestPrintsVouchAfterOneByOne(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	g := storetest.NewGenerator(3, 50)
	for i, step := range []struct {
		name string
		bulk bool
	}{
		{"a bulk commit", true},
		{"a commit one by one", false},
		{"a bulk commit after it", true},
	} {
		if step.bulk {
			s.WithBulk()
		} else {
			s.WithoutBulk()
		}
		if _, err := s.Apply(ctx, g.ClaimSet(i, 2)); err != nil {
			t.Fatal(err)
		}
		ok, err := s.PrintsVouch(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			t.Errorf("after %s: the print filter does not vouch", step.name)
		}
	}
}
