package store_test

import (
	"testing"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// StatementChunks covers every row once, in order, in power-of-two runs
// that stay within the parameter budget.
func TestStatementChunks(t *testing.T) {
	for _, tc := range []struct{ rows, width, maxRun int }{
		{0, 3, 0}, {1, 3, 1}, {7, 4, 2048}, {5000, 4, 2048}, {300, 16, 512}, {3, 9000, 1},
	} {
		rows := make([][]any, tc.rows)
		for i := range rows {
			rows[i] = make([]any, tc.width)
			rows[i][0] = i
		}
		next := 0
		for chunk := range store.StatementChunks(rows) {
			n := len(chunk)
			if n == 0 || n&(n-1) != 0 || n > tc.maxRun {
				t.Errorf("%d rows of %d: a run of %d", tc.rows, tc.width, n)
			}
			for _, r := range chunk {
				if r[0] != next {
					t.Fatalf("%d rows of %d: row %v where %d was due", tc.rows, tc.width, r[0], next)
				}
				next++
			}
		}
		if next != tc.rows {
			t.Errorf("%d rows of %d: %d covered", tc.rows, tc.width, next)
		}
	}
}
