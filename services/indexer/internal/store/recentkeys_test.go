package store

import (
	"slices"
	"testing"
)

// TestRecentKeys: the lists stay what the lookup would read from claim_keys
// (newest first, at most maxCandidatesPerKey), and are forgotten whenever
// the counter shows a write they do not know of.
func TestRecentKeys(t *testing.T) {
	seqs := func(from, to int64) []int64 { // from down to to
		var out []int64
		for s := from; s >= to; s-- {
			out = append(out, s)
		}
		return out
	}
	full := seqs(150, 51) // maxCandidatesPerKey entries
	tests := []struct {
		name   string
		before map[string][]int64 // committed first, at epoch 1
		update keyUpdate          // then this one
		sync   int64              // then the counter read by the next transaction
		key    string
		want   []int64
		held   bool
	}{
		{name: "fetched list held", update: keyUpdate{fetched: map[string][]int64{"s:a": {7, 3}}, epoch: 2}, sync: 2, key: "s:a", want: []int64{7, 3}, held: true},
		{name: "a key with no claims is held empty", update: keyUpdate{fetched: map[string][]int64{"s:a": nil}, epoch: 2}, sync: 2, key: "s:a", held: true},
		{name: "stored seqs come first, newest first", before: map[string][]int64{"s:a": {7, 3}}, update: keyUpdate{added: map[string][]int64{"s:a": {8, 9}}, epoch: 2}, sync: 2, key: "s:a", want: []int64{9, 8, 7, 3}, held: true},
		{name: "a full list drops its oldest", before: map[string][]int64{"n:5": full}, update: keyUpdate{added: map[string][]int64{"n:5": {151, 152}}, epoch: 2}, sync: 2, key: "n:5", want: append([]int64{152, 151}, full[:98]...), held: true},
		{name: "a key never read is not started from the stored seqs", update: keyUpdate{added: map[string][]int64{"s:b": {8}}, epoch: 2}, sync: 2, key: "s:b"},
		{name: "another writer moved the counter", before: map[string][]int64{"s:a": {7}}, update: keyUpdate{epoch: 2}, sync: 3, key: "s:a"},
		{name: "a transaction whose writes are not known", before: map[string][]int64{"s:a": {7}}, update: keyUpdate{epoch: -1}, sync: 2, key: "s:a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newRecentKeys(10)
			k.sync(1)
			k.commit(&keyUpdate{fetched: tt.before, epoch: 1})
			k.sync(1)
			k.commit(&tt.update)
			k.sync(tt.sync)
			got, held := k.get(tt.key)
			if held != tt.held || !slices.Equal(got, tt.want) {
				t.Errorf("get(%q) = %v, %v; want %v, %v", tt.key, got, held, tt.want, tt.held)
			}
		})
	}
}

// TestRecentKeysBound: past its bound, keys are dropped, not lists cut.
func TestRecentKeysBound(t *testing.T) {
	k := newRecentKeys(3)
	fetched := map[string][]int64{"a": {1}, "b": {2}, "c": {3}, "d": {4}, "e": {5}}
	k.commit(&keyUpdate{fetched: fetched, epoch: 1})
	if len(k.lists) != 3 {
		t.Fatalf("%d keys held; want the bound, 3", len(k.lists))
	}
	for key, l := range k.lists {
		if !slices.Equal(l, fetched[key]) {
			t.Errorf("%s: %v; want %v", key, l, fetched[key])
		}
	}
}

// TestRecentKeysTerms: the sketch terms' lists are kept as the keys'
// are, and only they start again when a commit stored a claim whose
// sketch terms are not known.
func TestRecentKeysTerms(t *testing.T) {
	tests := []struct {
		name      string
		update    keyUpdate
		sync      int64
		term, key string
		wantTerm  []int64
		termHeld  bool
		keyHeld   bool
	}{
		{name: "stored claims extend a term's list", update: keyUpdate{addedTerms: map[string][]int64{"ha0lamp": {9}}, epoch: 2}, sync: 2,
			term: "ha0lamp", wantTerm: []int64{9, 4}, termHeld: true, keyHeld: true},
		{name: "a term read in the commit is held", update: keyUpdate{fetchedTerms: map[string][]int64{"ha1pier": {3}}, epoch: 2}, sync: 2,
			term: "ha1pier", wantTerm: []int64{3}, termHeld: true, keyHeld: true},
		{name: "a claim of unknown terms stored", update: keyUpdate{addedTerms: map[string][]int64{"ha0lamp": {9}}, termsUnknown: true, epoch: 2}, sync: 2,
			term: "ha0lamp", keyHeld: true},
		{name: "another writer moved the counter", update: keyUpdate{epoch: 2}, sync: 3, term: "ha0lamp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newRecentKeys(10)
			k.sync(1)
			k.commit(&keyUpdate{fetched: map[string][]int64{"s:a": {5}}, fetchedTerms: map[string][]int64{"ha0lamp": {4}}, epoch: 1})
			k.sync(1)
			k.commit(&tt.update)
			k.sync(tt.sync)
			got, held := k.getTerm(tt.term)
			if held != tt.termHeld || !slices.Equal(got, tt.wantTerm) {
				t.Errorf("getTerm(%q) = %v, %v; want %v, %v", tt.term, got, held, tt.wantTerm, tt.termHeld)
			}
			if _, held := k.get("s:a"); held != tt.keyHeld {
				t.Errorf("key s:a held %v; want %v", held, tt.keyHeld)
			}
		})
	}
}
