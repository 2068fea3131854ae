package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
)

// TestCopyFrom: the bulk insert stores rows at the seqs they carry, whether
// it leaves consecutive seqs to SQLite or writes them, and fails (for the
// group commit to roll back) on a violated constraint or on seqs SQLite
// would not have given.
func TestCopyFrom(t *testing.T) {
	for _, tc := range []struct {
		name    string
		seqs    []int64
		vals    []string
		wantErr bool
	}{
		{"consecutive after the largest", []int64{4, 5, 6}, []string{"d", "e", "f"}, false},
		{"with a gap", []int64{4, 6, 9}, []string{"d", "e", "f"}, false},
		{"consecutive after a gap", []int64{10, 11}, []string{"d", "e"}, true},
		{"a repeated value", []int64{4, 5}, []string{"d", "a"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "c.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`CREATE TABLE claims (seq INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE);
				INSERT INTO claims (seq, v) VALUES (1, 'a'), (2, 'b'), (3, 'c')`); err != nil {
				t.Fatal(err)
			}
			conn, err := db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			var rows [][]any
			for i, s := range tc.seqs {
				rows = append(rows, []any{tc.vals[i], s})
			}
			err = conn.Raw(func(dc any) error { return copyFrom(ctx, dc, "claims", []string{"v", "seq"}, rows) })
			if tc.wantErr {
				if err == nil {
					t.Fatal("copyFrom succeeded; want an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			r, err := conn.QueryContext(ctx, `SELECT seq FROM claims WHERE seq > 3 ORDER BY seq`)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			for r.Next() {
				var s int64
				r.Scan(&s)
				got = append(got, s)
			}
			if !slices.Equal(got, tc.seqs) {
				t.Errorf("stored at %v; want %v", got, tc.seqs)
			}
		})
	}
}
