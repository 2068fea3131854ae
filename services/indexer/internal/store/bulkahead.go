package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// bulkAhead is what a bulk group commit reads before anything else, asked
// in its transaction's first round trip (beginOn, Dialect.Pipe) instead of
// a round trip each: which of the batch's articles are stored, and the
// seqs of the new ones' claims. The writer and its backend take turns, so
// every round trip of a batch is latency on the critical path.
type bulkAhead struct {
	ids []string // every article of the batch
	// The articles bulk would apply as a set if none were stored (the
	// first copy of each, not replayed), and their claim counts.
	newIDs []string
	items  []int
}

// newBulkAhead is jobs' bulkAhead; nil when an article id cannot be
// written as a plain SQL string (a NUL, a backslash, invalid UTF-8):
// rather than quote it every way a server may read it, bulk then reads as
// usual.
func newBulkAhead(jobs []job) *bulkAhead {
	a := &bulkAhead{}
	seen := map[string]bool{}
	for _, j := range jobs {
		id := j.p.cs.Article.ID
		if strings.ContainsAny(id, "\x00\\") || !utf8.ValidString(id) {
			return nil
		}
		a.ids = append(a.ids, id)
		if j.p.replay != "" || seen[id] {
			continue
		}
		seen[id] = true
		a.newIDs = append(a.newIDs, id)
		a.items = append(a.items, len(j.p.items))
	}
	return a
}

// stmts are the two statements of a's reads, each answering one value:
// the stored articles' ids (a JSON array, or NULL), and the seqs
// (Dialect.NextSeqs) of the claims of the articles not stored, as an
// array ("{1,2}", or NULL). No seqs are taken where the store has
// watches, whose batches bulk leaves to the one-by-one way before
// taking seqs.
func (a *bulkAhead) stmts(d *Dialect) []string {
	quoted := make([]string, len(a.ids))
	for i, id := range a.ids {
		quoted[i] = sqlString(id)
	}
	stored := `SELECT json_agg(id) FROM articles WHERE id IN (` + strings.Join(quoted, ", ") + `)`
	if len(a.newIDs) == 0 {
		return []string{stored, `SELECT NULL`}
	}
	rows := make([]string, len(a.newIDs))
	for i, id := range a.newIDs {
		rows[i] = "(" + sqlString(id) + ", " + strconv.Itoa(a.items[i]) + ")"
	}
	n := `(SELECT COALESCE(sum(j.n), 0) FROM (VALUES ` + strings.Join(rows, ", ") + `) AS j(id, n)
		WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = j.id) AND NOT EXISTS (SELECT 1 FROM watches))`
	seqs := `SELECT array_agg(s) FROM (` + strings.Replace(d.NextSeqs, "?", n, 1) + `) AS x(s)`
	return []string{stored, seqs}
}

// parse records the answers of stmts in st.
func (a *bulkAhead) parse(st *txStart, stored, seqs string) error {
	var ids []string
	if stored != "" {
		if err := json.Unmarshal([]byte(stored), &ids); err != nil {
			return fmt.Errorf("stored articles: %w", err)
		}
	}
	st.stored = make(map[string]bool, len(ids))
	for _, id := range ids {
		st.stored[id] = true
	}
	if seqs = strings.Trim(seqs, "{}"); seqs != "" {
		for _, f := range strings.Split(seqs, ",") {
			seq, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return fmt.Errorf("seqs: %w", err)
			}
			st.seqs = append(st.seqs, seq)
		}
		slices.Sort(st.seqs)
	}
	return nil
}

// sqlString is s as an SQL string literal, for a string holding no NUL
// and no backslash.
func sqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
