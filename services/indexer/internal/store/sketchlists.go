package store

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
)

// Sketch lookups from memory. A loose claim looks up its sketch tokens in
// the full-text index (Dialect.SketchMatch, the newest maxCandidatesPerKey
// claims holding any of them); at 20,000 articles those reads were a
// fifteenth of the indexer's CPU, growing with the index (SQLite's FTS5
// seeks every segment of each term). The index matches a token by its
// terms (SQLite stems it: two tokens may share a term, and one of digits
// and separators is several), so the store keeps, as it keeps the
// blocking keys' lists (recentKeys), the newest claims of each term: a
// query of tokens of one term each is the newest of the union of their
// terms' lists. A list is filled by SketchMatch of a token of its term
// alone and extended, once a bulk commit is committed, by the claims it
// stored whose sketch holds the term; it is forgotten with the blocking
// keys' lists, and all of them when a commit stored a claim whose terms
// are not known. A query with a token of other than one term is run as
// before.

// termMemo remembers the terms of sketch tokens (Dialect.SketchTerms),
// which the same terms' tokens ask again and again; it starts again once
// it holds maxTermMemo tokens.
type termMemo struct {
	mu sync.Mutex
	m  map[string][]string
}

// maxTermMemo bounds termMemo.
const maxTermMemo = 1 << 18

// sketchTermsOf returns the terms of each of tokens (nil: not known),
// from the memo where it has them, from the dialect otherwise.
func (s *DB) sketchTermsOf(q txq, tokens []string) (map[string][]string, error) {
	out := make(map[string][]string, len(tokens))
	var miss []string
	m := &s.keys.memo
	m.mu.Lock()
	for _, t := range tokens {
		if terms, ok := m.m[t]; ok {
			out[t] = terms
		} else if _, dup := out[t]; !dup {
			out[t] = nil
			miss = append(miss, t)
		}
	}
	m.mu.Unlock()
	if len(miss) == 0 {
		return out, nil
	}
	terms, err := s.d.SketchTerms(q.ctx, q.tx, miss)
	if err != nil {
		return nil, fmt.Errorf("sketch terms: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.m)+len(miss) > maxTermMemo {
		clear(m.m)
	}
	for i, t := range miss {
		out[t] = terms[i]
		if terms[i] != nil {
			m.m[t] = terms[i]
		}
	}
	return out, nil
}

// storedSketchMatches returns what SketchMatch (with its LIMIT) reads for
// each of queries (a claim's sketch tokens) as the transaction found the
// database: from the term lists where every token is of one known term,
// from the database otherwise. It records in u the terms of the tokens
// jobs store (sketchesWritten) and the lists it read.
func (s *DB) storedSketchMatches(q txq, queries [][]string, jobs []job, u *keyUpdate) ([][]int64, error) {
	out := make([][]int64, len(queries))
	var viaSQL []int
	if u == nil || s.d.SketchTerms == nil {
		for i := range queries {
			viaSQL = append(viaSQL, i)
		}
		return out, s.sketchMatchSQL(q, queries, viaSQL, out)
	}
	var tokens []string
	for _, ts := range queries {
		tokens = append(tokens, ts...)
	}
	termsOf, err := s.sketchTermsOf(q, tokens)
	if err != nil {
		return nil, err
	}
	lists := map[string][]int64{}
	var missTerms, missTokens []string // a term not held, and a token of it
	var listed []int
	for i, ts := range queries {
		one := true
		for _, t := range ts {
			one = one && len(termsOf[t]) == 1
		}
		if !one {
			viaSQL = append(viaSQL, i)
			continue
		}
		listed = append(listed, i)
		for _, t := range ts {
			term := termsOf[t][0]
			if _, ok := lists[term]; ok || slices.Contains(missTerms, term) {
				continue
			}
			if l, ok := s.keys.getTerm(term); ok {
				lists[term] = l
			} else {
				missTerms, missTokens = append(missTerms, term), append(missTokens, t)
			}
		}
	}
	if len(missTerms) > 0 {
		qs := make([]string, len(missTokens))
		for x, t := range missTokens {
			qs[x] = s.d.SketchQuery([]string{t})
		}
		read := make([][]int64, len(qs))
		var seq int64
		if err := q.perKey(s.d.SketchMatch+` LIMIT `+strconv.Itoa(maxCandidatesPerKey), qs, []any{&seq}, func(x int) {
			read[x] = append(read[x], seq)
		}); err != nil {
			return nil, fmt.Errorf("sketch: %w", err)
		}
		for x, term := range missTerms {
			lists[term] = read[x]
			u.fetchedTerms[term] = read[x] // none is a list too: the term is new
		}
	}
	// The terms the jobs store, for the lists once committed; not needed
	// while none is held (where no loose claim looks a sketch up).
	if len(u.fetchedTerms) > 0 || s.keys.termsHeld() {
		tokens = tokens[:0]
		for _, j := range jobs {
			for _, ts := range j.p.sketch {
				tokens = append(tokens, ts...)
			}
		}
		stored, err := s.sketchTermsOf(q, tokens)
		if err != nil {
			return nil, err
		}
		u.termsOf = stored
	}
	for _, i := range listed {
		var all []int64
		for _, t := range queries[i] {
			all = append(all, lists[termsOf[t][0]]...)
		}
		out[i] = newestOfUnion(all)
	}
	return out, s.sketchMatchSQL(q, queries, viaSQL, out)
}

// newestOfUnion is what a query of several terms reads from their lists:
// the claims in any, newest first, each once, at most maxCandidatesPerKey.
func newestOfUnion(seqs []int64) []int64 {
	slices.SortFunc(seqs, func(a, b int64) int { return cmpDesc(a, b) })
	seqs = slices.Compact(seqs)
	return seqs[:min(len(seqs), maxCandidatesPerKey):min(len(seqs), maxCandidatesPerKey)]
}

func cmpDesc(a, b int64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// sketchMatchSQL runs SketchMatch for queries[i] of each i in which, into
// out[i].
func (s *DB) sketchMatchSQL(q txq, queries [][]string, which []int, out [][]int64) error {
	qs := make([]string, len(which))
	for x, i := range which {
		qs[x] = s.d.SketchQuery(queries[i])
	}
	var seq int64
	if err := q.perKey(s.d.SketchMatch+` LIMIT `+strconv.Itoa(maxCandidatesPerKey), qs, []any{&seq}, func(x int) {
		out[which[x]] = append(out[which[x]], seq)
	}); err != nil {
		return fmt.Errorf("sketch: %w", err)
	}
	return nil
}

// termsHeld reports whether any sketch term's list is held.
func (k *recentKeys) termsHeld() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.terms) > 0
}

// sketchesWritten records in u the claims jobs stored under each sketch
// term, ascending, or that the terms of one are not known (or were not
// asked: no list was held).
func (u *keyUpdate) sketchesWritten(jobs []job) {
	if u.termsOf == nil {
		u.termsUnknown = true
		return
	}
	var terms []string
	for _, j := range jobs {
		for i, seq := range j.p.seqs {
			terms = terms[:0]
			for _, t := range j.p.sketch[i] {
				ts := u.termsOf[t]
				if ts == nil {
					u.termsUnknown = true
					return
				}
				terms = append(terms, ts...)
			}
			slices.Sort(terms)
			for _, term := range slices.Compact(terms) {
				u.addedTerms[term] = append(u.addedTerms[term], seq)
			}
		}
	}
}
