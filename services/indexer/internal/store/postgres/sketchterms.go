package postgres

import (
	"context"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// sketchTerms returns the lexeme of each token that is one
// (store.Dialect.SketchTerms): a run of ASCII lower-case letters and
// digits, which the 'simple' configuration's parser reads as one word and
// keeps as it is, in the sketch column (to_tsvector) and in a query
// (websearch_to_tsquery) alike. Others (a figure's "1,5", a letter
// outside ASCII) are not known: their lookups run as before, and a commit
// storing one starts the term lists again.
func sketchTerms(_ context.Context, _ store.Querier, tokens []string) ([][]string, error) {
	out := make([][]string, len(tokens))
	for i, t := range tokens {
		if plainToken(t) {
			out[i] = []string{t}
		}
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
