package store

import (
	"fmt"
	"slices"
)

// Deferred full-text indexing (dialects with FTSInsert, i.e. SQLite).
//
// FTS5 flushes its in-memory index at every statement that writes to it
// inside a transaction (each statement is a savepoint), so an index kept by
// triggers writes a tiny segment per INSERT and spends its time merging
// them. The store instead indexes a transaction's new claims with one
// statement just before it commits. Until then they are pending: a claim
// deleted while pending was never indexed, and a sketch lookup (which reads
// the full-text index) also matches the pending claims in memory, so that
// claims applied in one batch see each other as they would one by one.

// ftsState is one transaction's pending claims: seq → sketch tokens.
type ftsState struct {
	pending map[int64][]string
}

// newFTSState starts a transaction's state; nil for dialects whose full-text
// index needs no help.
func (s *DB) newFTSState() *ftsState {
	if s.d.FTSInsert == "" {
		return nil
	}
	return &ftsState{pending: map[int64][]string{}}
}

// added records claims stored (seqs[i] has sketch tokens sketch[i]).
func (f *ftsState) added(seqs []int64, sketch [][]string) {
	if f == nil {
		return
	}
	for i, seq := range seqs {
		f.pending[seq] = sketch[i]
	}
}

// deleting splits claims about to be deleted into those indexed already
// (returned: their index entries must be deleted) and pending ones, which
// are forgotten.
func (f *ftsState) deleting(seqs []int64) []int64 {
	if f == nil {
		return seqs
	}
	var indexed []int64
	for _, seq := range seqs {
		if _, ok := f.pending[seq]; ok {
			delete(f.pending, seq)
			continue
		}
		indexed = append(indexed, seq)
	}
	return indexed
}

// sketchMatches returns the pending claims holding any of tokens.
func (f *ftsState) sketchMatches(tokens []string) []int64 {
	if f == nil {
		return nil
	}
	var out []int64
	for seq, have := range f.pending {
		for _, t := range tokens {
			if slices.Contains(have, t) {
				out = append(out, seq)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// ftsDelete removes indexed claims (still in the claims table) from the
// full-text index.
func (s *DB) ftsDelete(q txq, f *ftsState, seqs []int64) error {
	if s.d.FTSDelete == "" {
		return nil
	}
	return inIDs(s.d, f.deleting(seqs), func(ph string, args []any) error {
		return q.exec(fmt.Sprintf(s.d.FTSDelete, ph), args...)
	})
}

// ftsFlush indexes the pending claims; the transaction then commits.
func (s *DB) ftsFlush(q txq, f *ftsState) error {
	if s.d.FTSInsert == "" || f == nil || len(f.pending) == 0 {
		return nil
	}
	seqs := make([]int64, 0, len(f.pending))
	for seq := range f.pending {
		seqs = append(seqs, seq)
	}
	slices.Sort(seqs)
	if err := inIDs(s.d, seqs, func(ph string, args []any) error {
		return q.exec(fmt.Sprintf(s.d.FTSInsert, ph), args...)
	}); err != nil {
		return fmt.Errorf("store: full-text index: %w", err)
	}
	clear(f.pending)
	return nil
}
