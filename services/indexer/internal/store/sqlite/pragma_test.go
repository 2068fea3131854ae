package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/claimwire/claimwire/services/indexer/internal/store/sqlite"
)

func TestPragmas(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cases := []struct{ pragma, want string }{
		{"journal_mode", "wal"},
		{"synchronous", "1"},
		{"busy_timeout", "10000"},
		{"cache_size", "-262144"},
	}
	for _, tc := range cases {
		t.Run(tc.pragma, func(t *testing.T) {
			var got string
			if err := s.SQL().QueryRow("PRAGMA " + tc.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("PRAGMA %s = %s; want %s", tc.pragma, got, tc.want)
			}
		})
	}
}

// TestPragmasOverridden: a pragma in the path's parameters replaces the
// store's setting of it, whichever of the two the driver would run last
// (it runs them sorted: "synchronous(FULL)" before "synchronous(NORMAL)").
func TestPragmasOverridden(t *testing.T) {
	cases := []struct{ params, pragma, want string }{
		{"_pragma=synchronous(FULL)", "synchronous", "2"},
		{"_pragma=synchronous(OFF)", "synchronous", "0"},
		{"_pragma=cache_size(-1000)", "cache_size", "-1000"},
		{"_pragma=cache_size(-900000)", "cache_size", "-900000"},
		{"_pragma=Wal_Autocheckpoint = 100", "wal_autocheckpoint", "100"},
		{"_pragma=cache_size(-1000)", "synchronous", "1"}, // the others stay
	}
	for _, tc := range cases {
		t.Run(tc.params, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "p.db") + "?" + tc.params
			s, err := sqlite.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var got string
			if err := s.SQL().QueryRow("PRAGMA " + tc.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("PRAGMA %s = %s with %q; want %s", tc.pragma, got, tc.params, tc.want)
			}
		})
	}
}

// TestPageSize: a new index file gets the store's page size, or the one
// the path asks for; an existing file keeps the page size it was made with.
func TestPageSize(t *testing.T) {
	dir := t.TempDir()
	// The WAL is checkpointed at the same size in bytes whatever the pages.
	cases := []struct{ name, path, want, checkpoint string }{
		{"new", filepath.Join(dir, "a.db"), "16384", "8192"},
		{"asked", filepath.Join(dir, "b.db") + "?_pragma=page_size(8192)", "8192", "16384"},
		{"asked with =", filepath.Join(dir, "c.db") + "?_pragma=page_size = 4096", "4096", "32768"},
		{"existing", filepath.Join(dir, "b.db"), "8192", "16384"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := sqlite.Open(context.Background(), tc.path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for _, pragma := range []string{"page_size", "journal_mode", "wal_autocheckpoint"} {
				var got string
				if err := s.SQL().QueryRow("PRAGMA " + pragma).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if want := map[string]string{"page_size": tc.want, "journal_mode": "wal", "wal_autocheckpoint": tc.checkpoint}[pragma]; got != want {
					t.Fatalf("PRAGMA %s = %s; want %s", pragma, got, want)
				}
			}
		})
	}
}
