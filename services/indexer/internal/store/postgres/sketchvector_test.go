package postgres

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/claimwire/claimwire/services/indexer/pgtest"
)

// TestSketchVectorLexemes: the sketch index's expression holds the lexemes
// the 'simple' configuration reads in the sketch, whichever way it takes:
// plain tokens through the array, the rest through the parser, including
// tokens that look plain but are not one word to it.
func TestSketchVectorLexemes(t *testing.T) {
	db, err := sql.Open("pgx", pgtest.BaseDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		t.Skipf("PostgreSQL unreachable: %v", err)
	}
	cases := []struct {
		name, sketch string
		plain        bool // read through the array
	}{
		{"empty", "", false},
		{"one token", "ha0brindle", true},
		{"tokens", "ha0brindle ha1tocsin7 ha2quern ha3brindle", true},
		{"repeated token", "ha0vell ha0vell", true},
		{"letters then digits", "ha1e5 ha2e5x h9e9e9", true},
		{"leading digit, scientific", "ha0vell 1e5x", false},
		{"leading digit", "ha0vell 2026", false},
		{"upper case", "ha0Vell", false},
		{"accented", "ha0vellé", false},
		{"figure", "ha0vell 21,000", false},
		{"two spaces", "ha0vell  ha1quern", false},
		{"leading space", " ha0vell", false},
		{"hyphen", "ha0vell-quern", false},
		{"too long for a lexeme", "ha0" + strings.Repeat("q", 2100), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var same, plain bool
			err := db.QueryRowContext(ctx, `SELECT strip(to_tsvector('simple', s)) = strip(`+strings.ReplaceAll(sketchVector, "sketch", "s")+`),
				s ~ '^[a-z][a-z0-9]*( [a-z][a-z0-9]*)*$' AND length(s) < 2048
				FROM (SELECT $1::text AS s) x`, c.sketch).Scan(&same, &plain)
			if err != nil {
				t.Fatal(err)
			}
			if !same {
				t.Errorf("%q: the index's lexemes differ from to_tsvector('simple')", c.sketch)
			}
			if plain != c.plain {
				t.Errorf("%q: read through the array %v, want %v", c.sketch, plain, c.plain)
			}
		})
	}
}
