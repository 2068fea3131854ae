package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// ApplyInOneBatch applies sets in order in one group-committed transaction,
// as the writer would had they been queued together.
func (s *DB) ApplyInOneBatch(sets ...contract.ClaimSet) error {
	ctxs := make([]context.Context, len(sets))
	for i := range ctxs {
		ctxs[i] = context.Background()
	}
	for _, err := range s.ApplyQueued(ctxs, sets...) {
		if err != nil {
			return err
		}
	}
	return nil
}

// ApplyQueued runs sets as one batch of the writer, each queued by a caller
// with its ctx, and returns each caller's error.
func (s *DB) ApplyQueued(ctxs []context.Context, sets ...contract.ClaimSet) []error {
	jobs := make([]job, len(sets))
	errs := make([]error, len(sets))
	for i := range sets {
		p, err := prepare(&sets[i], false)
		if err != nil {
			errs[i] = err
			return errs
		}
		jobs[i] = job{ctx: ctxs[i], p: p, done: make(chan result, 1)}
	}
	s.runBatch(live(jobs))
	for i, j := range jobs {
		errs[i] = (<-j.done).err
	}
	return errs
}

// ApplyAsSet applies sets as one batch the bulk way only (bulk.go) and
// reports whether that took them; false: nothing was written.
func (s *DB) ApplyAsSet(sets ...contract.ClaimSet) (bool, error) {
	jobs := make([]job, len(sets))
	for i := range sets {
		p, err := prepare(&sets[i], s.d.FTSInsert != "")
		if err != nil {
			return false, err
		}
		jobs[i] = job{ctx: context.Background(), p: p, done: make(chan result, 1)}
	}
	if !s.tryBulk(jobs) {
		return false, nil
	}
	for _, j := range jobs {
		if err := (<-j.done).err; err != nil {
			return true, err
		}
	}
	return true, nil
}

// CacheFeatures puts c's features in the feature cache at seq, whatever is
// stored there: a stale entry, as another process could leave.
func (s *DB) CacheFeatures(seq int64, articleID string, c contract.Claim) {
	it := group.NewItem(articleID, c)
	s.feat.add([]int64{seq}, []*group.Item{&it}, []string{""})
}

// WithoutBulk makes the writer apply every batch ClaimSet by ClaimSet.
func (s *DB) WithoutBulk() { s.noBulk = true }

// WithBulk undoes WithoutBulk.
func (s *DB) WithBulk() { s.noBulk = false }

// PrintsVouch reports whether the print filter vouches for the bands
// stored now (call between Apply calls).
func (s *DB) PrintsVouch(ctx context.Context) (bool, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, s.d.KeysEpoch).Scan(&n); err != nil {
		return false, err
	}
	return s.prints.vouches(n), nil
}

// ClaimSeqs returns the seqs the article's claims are stored at, in order.
func (s *DB) ClaimSeqs(articleID string) ([]int64, error) {
	var seqs []int64
	rows, err := s.db.Query(s.d.rebind(`SELECT seq FROM claims WHERE article_id = ? ORDER BY seq`), articleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			return nil, err
		}
		seqs = append(seqs, seq)
	}
	return seqs, rows.Err()
}

// StoredFeatures reads the article's claims as candidates are read, and
// returns per claim whether it has stored features, the Item decoded from
// them and the Item derived again from its text (claimFromRow without
// them).
func (s *DB) StoredFeatures(articleID string) (hasFeat []bool, decoded, derived []group.Item, err error) {
	rows, err := s.db.Query(s.d.rebind(`SELECT `+candCols+` FROM claims c WHERE c.article_id = ? ORDER BY c.seq`), articleID)
	if err != nil {
		return nil, nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var id, art, kind, key, typ, cl string
		var text, nums, feat []byte
		if err := rows.Scan(&seq, &id, &art, &kind, &key, &typ, &text, &nums, &feat, &cl); err != nil {
			return nil, nil, nil, err
		}
		hasFeat = append(hasFeat, len(feat) > 0)
		decoded = append(decoded, *claimFromRow(id, art, kind, key, typ, text, nums, feat, cl).Item)
		derived = append(derived, *claimFromRow(id, art, kind, key, typ, text, nums, nil, cl).Item)
	}
	// Own terms are read among the article's claims, as prepare does.
	group.MarkOwn(derived, nil)
	return hasFeat, decoded, derived, rows.Err()
}

// Prepare runs prepare on cs as on PostgreSQL (no FoldText kept for the
// writer), for benchmarks of the work done before the writer.
func Prepare(cs *contract.ClaimSet) error {
	_, err := prepare(cs, false)
	return err
}

// MaxStatements bounds the prepared-statement cache.
const MaxStatements = maxStmts

// CachedStatements is the number of statements in the prepared-statement
// cache.
func (s *DB) CachedStatements() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.stmts)
}

// WithoutSketchLists makes the store read every sketch lookup from the
// full-text index (as where the dialect has no SketchTerms).
func (s *DB) WithoutSketchLists() {
	d := *s.d
	d.SketchTerms = nil
	s.d = &d
}

// LimitRecentKeys bounds the blocking keys' and sketch terms' lists held.
func (s *DB) LimitRecentKeys(n int) {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	s.keys.max = n
}

// SketchListsAgree checks every sketch term list held against what
// SketchMatch reads now for a token of that term alone, and returns how
// many are held (call between Apply calls). Lists held while another
// write moved the counter are not checked: the next group commit forgets
// them.
func (s *DB) SketchListsAgree(ctx context.Context) (int, error) {
	var n int64
	if err := s.db.QueryRowContext(ctx, s.d.KeysEpoch).Scan(&n); err != nil {
		return 0, err
	}
	k := s.keys
	k.mu.Lock()
	if n != k.epoch {
		k.mu.Unlock()
		return 0, nil
	}
	terms := maps.Clone(k.terms)
	k.mu.Unlock()
	k.memo.mu.Lock()
	tokenOf := map[string]string{}
	for tok, ts := range k.memo.m {
		if len(ts) == 1 {
			tokenOf[ts[0]] = tok
		}
	}
	k.memo.mu.Unlock()
	for term, held := range terms {
		tok, ok := tokenOf[term]
		if !ok {
			return 0, fmt.Errorf("term %q held, but no token of it is known", term)
		}
		rows, err := s.db.QueryContext(ctx, s.d.rebind(s.d.SketchMatch+` LIMIT `+strconv.Itoa(maxCandidatesPerKey)), s.d.SketchQuery([]string{tok}))
		if err != nil {
			return 0, err
		}
		var read []int64
		for rows.Next() {
			var seq int64
			if err := rows.Scan(&seq); err != nil {
				rows.Close()
				return 0, err
			}
			read = append(read, seq)
		}
		rows.Close()
		if !slices.Equal(read, held) {
			return 0, fmt.Errorf("term %q (token %q): list held %v; the index reads %v", term, tok, held, read)
		}
	}
	return len(terms), nil
}
