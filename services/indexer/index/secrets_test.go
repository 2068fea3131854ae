package index

import (
	"strings"
	"testing"
)

// The indexer's "open store" error names the store without its password.
func TestOpenStoreErrorHidesPassword(t *testing.T) {
	err := Run(t.Context(), Config{DSN: "postgres://claimwire:hunter2@127.0.0.1:1/claimwire?sslmode=disable&connect_timeout=2"}, nil)
	if err == nil {
		t.Fatal("opened a store that does not answer")
	}
	if strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "claimwire:xxxxx@") {
		t.Fatalf("error %q", err)
	}
}
