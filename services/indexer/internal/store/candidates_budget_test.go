package store

import (
	"slices"
	"testing"
)

// TestWithinBudget: below the budget a claim's candidates are its keys'
// lists in order without repeats; above it the shortest lists are kept
// whole and the longest cut, newest first.
func TestWithinBudget(t *testing.T) {
	seqs := func(from, n int) []int64 {
		var out []int64
		for i := range n {
			out = append(out, int64(from-i))
		}
		return out
	}
	seen := map[int64]bool{}
	if got := withinBudget([][]int64{{9, 7}, {8, 7, 3}}, seen); !slices.Equal(got, []int64{9, 7, 8, 3}) {
		t.Errorf("below the budget: %v", got)
	}
	full, rare := seqs(1000, maxCandidatesPerKey), []int64{12, 5}
	surname := append(seqs(1000, 40), seqs(800, maxCandidatesPerKey-40)...)
	got := withinBudget([][]int64{full, surname, rare}, seen)
	if len(got) != maxCandidates {
		t.Fatalf("%d candidates, want %d", len(got), maxCandidates)
	}
	for _, seq := range rare {
		if !slices.Contains(got, seq) {
			t.Errorf("the rare key's %d left out", seq)
		}
	}
	// full and surname tie in length: full, first, is whole; surname gives
	// its newest claims not already in full.
	for _, seq := range full {
		if !slices.Contains(got, seq) {
			t.Errorf("full key's %d left out", seq)
		}
	}
	if !slices.Contains(got, 800) || slices.Contains(got, surname[len(surname)-1]) {
		t.Errorf("surname key not cut newest first: %v", got)
	}
}
