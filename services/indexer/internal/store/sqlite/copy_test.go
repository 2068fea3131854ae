package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
)

// TestCopyFrom: the bulk insert, a row a statement (claims) or several
// (any other table), stores rows at the seqs they carry, and fails (for
// the group commit to roll back) on a violated constraint.
func TestCopyFrom(t *testing.T) {
	for _, tc := range []struct {
		name    string
		table   string
		seqs    []int64
		vals    []string
		wantErr bool
	}{
		{"consecutive", "claims", []int64{4, 5, 6}, []string{"d", "e", "f"}, false},
		{"with gaps", "claims", []int64{4, 6, 9}, []string{"d", "e", "f"}, false},
		{"a repeated value", "claims", []int64{4, 5}, []string{"d", "a"}, true},
		{"a repeated seq", "claims", []int64{4, 2}, []string{"d", "e"}, true},
		{"several a statement", "other", []int64{4, 6, 9}, []string{"d", "e", "f"}, false},
		{"several a statement, a repeated value", "other", []int64{4, 5}, []string{"d", "a"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "c.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`CREATE TABLE ` + tc.table + ` (seq INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE);
				INSERT INTO ` + tc.table + ` (seq, v) VALUES (1, 'a'), (2, 'b'), (3, 'c')`); err != nil {
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
			err = conn.Raw(func(dc any) error { return copyFrom(ctx, dc, tc.table, []string{"v", "seq"}, rows) })
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
			r, err := conn.QueryContext(ctx, `SELECT seq FROM `+tc.table+` WHERE seq > 3 ORDER BY seq`)
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
