package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// ftsTokenize is claims_fts's tokenizer (migration 4): the one that reads
// the sketch column, so the one that tells a sketch token's terms.
const ftsTokenize = `porter unicode61 remove_diacritics 2`

// sketchTerms returns the terms claims_fts holds for each token in a
// sketch column (store.Dialect.SketchTerms): FTS5 has no SQL function
// that tokenizes, so the tokens go, one per row, into a temporary FTS5
// table of the same tokenizer, whose terms fts5vocab lists by row. The
// tokenizer reads a token the same in a query (a quoted token is a phrase
// of its terms) and in a document, and a space always parts terms, so a
// sketch's terms are its tokens'.
func sketchTerms(ctx context.Context, q store.Querier, tokens []string) ([][]string, error) {
	for _, ddl := range []string{
		`CREATE VIRTUAL TABLE IF NOT EXISTS temp.cw_sketch_tokens USING fts5(token, tokenize='` + ftsTokenize + `')`,
		`CREATE VIRTUAL TABLE IF NOT EXISTS temp.cw_sketch_terms USING fts5vocab(temp, cw_sketch_tokens, instance)`,
	} {
		if _, err := q.ExecContext(ctx, ddl); err != nil {
			return nil, fmt.Errorf("sketch terms: %w", err)
		}
	}
	// Emptied when done; emptied first too, should a failed call have
	// left rows.
	if _, err := q.ExecContext(ctx, `DELETE FROM temp.cw_sketch_tokens`); err != nil {
		return nil, fmt.Errorf("sketch terms: %w", err)
	}
	const chunk = 256
	for lo := 0; lo < len(tokens); lo += chunk {
		part := tokens[lo:min(lo+chunk, len(tokens))]
		args := make([]any, 0, 2*len(part))
		for i, t := range part {
			args = append(args, lo+i+1, t)
		}
		ph := strings.TrimSuffix(strings.Repeat("(?, ?), ", len(part)), ", ")
		if _, err := q.ExecContext(ctx, `INSERT INTO temp.cw_sketch_tokens (rowid, token) VALUES `+ph, args...); err != nil {
			return nil, fmt.Errorf("sketch terms: %w", err)
		}
	}
	out := make([][]string, len(tokens))
	for i := range out {
		out[i] = []string{} // known, if of no term
	}
	rows, err := q.QueryContext(ctx, `SELECT doc, term FROM temp.cw_sketch_terms ORDER BY doc, "offset"`)
	if err != nil {
		return nil, fmt.Errorf("sketch terms: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var doc int
		var term string
		if err := rows.Scan(&doc, &term); err != nil {
			return nil, fmt.Errorf("sketch terms: %w", err)
		}
		if doc < 1 || doc > len(out) {
			return nil, fmt.Errorf("sketch terms: row %d of %d", doc, len(out))
		}
		out[doc-1] = append(out[doc-1], term)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sketch terms: %w", err)
	}
	rows.Close()
	if _, err := q.ExecContext(ctx, `DELETE FROM temp.cw_sketch_tokens`); err != nil {
		return nil, fmt.Errorf("sketch terms: %w", err)
	}
	return out, nil
}
