package sqlite

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSketchTermsTokenizer: the temporary table that tells a sketch
// token's terms tokenizes as the full-text index last created by the
// migrations does.
func TestSketchTermsTokenizer(t *testing.T) {
	last := ""
	for _, m := range migrations {
		if i := strings.LastIndex(m, "CREATE VIRTUAL TABLE claims_fts"); i >= 0 {
			last = m[i:]
		}
	}
	if !strings.Contains(last, "tokenize='"+ftsTokenize+"'") {
		t.Fatalf("claims_fts is created with another tokenizer than %q:\n%s", ftsTokenize, last)
	}
}

// TestSketchTerms: a token's terms are the index's: stemmed, and split at
// a figure's separators.
func TestSketchTerms(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tx, err := s.SQL().Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	tests := []struct {
		token string
		want  []string
	}{
		{"ha0lanterns", []string{"ha0lantern"}},
		{"ha1harbouring", []string{"ha1harbour"}},
		{"ha2pier", []string{"ha2pier"}},
		{"ha31,250", []string{"ha31", "250"}},
		{"ha0café", []string{"ha0caf"}},
	}
	var tokens []string
	for _, tt := range tests {
		tokens = append(tokens, tt.token)
	}
	for round := range 2 { // the temporary table is emptied after each call
		got, err := sketchTerms(context.Background(), tx, tokens)
		if err != nil {
			t.Fatal(err)
		}
		for i, tt := range tests {
			if !slices.Equal(got[i], tt.want) {
				t.Errorf("round %d: terms of %q = %q; want %q", round, tt.token, got[i], tt.want)
			}
		}
	}
}
