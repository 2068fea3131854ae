package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// TestTrace: with store.Trace set, each claim's grouping decision is
// reported (found, then joined by a copy of its wording); unset, nothing is.
func TestTrace(t *testing.T) {
	sets := storetest.RehomeSets()
	var lines []string
	store.Trace = func(l string) { lines = append(lines, l) }
	s := openSQLite(t)
	for _, name := range []string{"early", "copy"} {
		if _, err := s.Apply(context.Background(), sets[name]); err != nil {
			store.Trace = nil
			t.Fatal(err)
		}
	}
	store.Trace = nil
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "found ") || !strings.HasPrefix(lines[1], "join ") {
		t.Fatalf("trace %q; want a found and a join line", lines)
	}
	if _, err := s.Apply(context.Background(), sets["notFit"]); err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 {
		t.Fatalf("traced with Trace unset: %q", lines[2:])
	}
}
