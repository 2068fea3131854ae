package postgres

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// sketchTerms returns the lexemes of each token (store.Dialect.SketchTerms)
// as the 'simple' configuration reads it in the sketch column (to_tsvector)
// and in a query (websearch_to_tsquery) alike. A run of ASCII lower-case
// letters and digits is one word, kept as it is: told here. Others are
// asked of the server, in one statement for all of them: its parser splits
// a figure's "21,000" into "21" and "000", reads "3.5" as one word, lower-
// cases letters outside ASCII. Left unknown, such a token was not only
// looked up in the index (as one of several terms still is), but a commit
// that stored one forgot every term's list, which the lookups after it
// then read again from the index.
//
// Not asked, and not known: a token holding a double quote (which
// websearch_to_tsquery reads as a phrase's bounds, unlike to_tsvector), a
// NUL or invalid UTF-8 (which the server refuses).
func sketchTerms(ctx context.Context, q store.Querier, tokens []string) ([][]string, error) {
	out := make([][]string, len(tokens))
	var ask []string
	var at []int // tokens' index of each asked
	for i, t := range tokens {
		switch {
		case plainToken(t):
			out[i] = []string{t}
		case t != "" && utf8.ValidString(t) && !strings.ContainsAny(t, "\"\x00"):
			out[i] = []string{} // none unless the server reads some
			ask, at = append(ask, t), append(at, i)
		}
	}
	if len(ask) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT k.i - 1, l.lexeme
		FROM unnest($1::text[]) WITH ORDINALITY AS k(v, i) CROSS JOIN LATERAL unnest(to_tsvector('simple', k.v)) AS l
		ORDER BY k.i, l.lexeme`, ask)
	if err != nil {
		return nil, fmt.Errorf("postgres: sketch terms: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x int
		var lexeme string
		if err := rows.Scan(&x, &lexeme); err != nil {
			return nil, fmt.Errorf("postgres: sketch terms: %w", err)
		}
		if x < 0 || x >= len(at) {
			return nil, fmt.Errorf("postgres: sketch terms: token %d of %d", x, len(at))
		}
		out[at[x]] = append(out[at[x]], lexeme)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: sketch terms: %w", err)
	}
	return out, nil
}

func plainToken(t string) bool {
	if t == "" {
		return false
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}
