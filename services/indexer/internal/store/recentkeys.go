package store

import (
	"database/sql"
	"fmt"
	"sync"
)

// recentKeys holds, per blocking key, the newest claims stored under it
// (their seqs, newest first, at most maxCandidatesPerKey): the list the
// candidate lookup would read from claim_keys. On PostgreSQL that read
// fetches a heap row for every entry (nothing sets the visibility map
// between vacuums), and it was a sixth of the server's work per claim; the
// same speakers and figures come back claim after claim.
//
// A list is only ever what the database held for its key, as of this
// process's last commit: it is filled from a lookup, and extended by the
// claims a bulk group commit stored under its key, once committed. Every
// statement that changes claim_keys, from this process or any other, moves
// a counter (Dialect.KeysEpoch, a trigger's); a transaction that finds the
// counter elsewhere than this process's last commit left it (another
// replica wrote, or a write path that does not keep the lists did) starts
// again from empty lists.
type recentKeys struct {
	mu    sync.Mutex
	max   int // keys held, and sketch terms held
	lists map[string][]int64
	// terms holds the like for the full-text index's sketch terms
	// (sketchlists.go): per term, the newest claims whose sketch holds
	// it, as SketchMatch of a token of that term alone reads them.
	terms map[string][]int64
	epoch int64 // the counter as this process's last commit left it; -1 unknown
	last  int64 // the same whether or not the lists know that commit's writes
	memo  termMemo
}

// recentKeysSize bounds the keys held. A speaker's or a figure's key comes
// back for weeks, a MinHash key's seldom; a full list is 800 bytes, most
// are a few entries.
const recentKeysSize = 200_000

func newRecentKeys(max int) *recentKeys {
	return &recentKeys{max: max, lists: map[string][]int64{}, terms: map[string][]int64{}, epoch: -1, last: -1, memo: termMemo{m: map[string][]string{}}}
}

// keyUpdate is what a transaction read and wrote of claim_keys, for the
// lists once it has committed.
type keyUpdate struct {
	fetched map[string][]int64 // lists read from the database, newest first
	added   map[string][]int64 // seqs stored under each key, ascending
	epoch   int64              // the counter as the transaction leaves it; -1: not known, the lists start again
	// after is the counter as the transaction leaves it, whether or not
	// the lists know its writes (-1: not read); current reports that the
	// transaction found it where the last one left it: no other writer
	// changed claim_keys in between.
	after   int64
	current bool
	// before is the counter as the transaction found it (-1: not read);
	// printsFrom the same when the print filter vouched for it then, -1
	// otherwise; bands those the transaction stored (for the filter).
	before, printsFrom int64
	bands              []string
	// The same as fetched and added for the sketch terms' lists
	// (recentKeys.terms); termsUnknown: the transaction stored a claim
	// whose sketch's terms are not known (Dialect.SketchTerms), so the
	// term lists start again.
	fetchedTerms, addedTerms map[string][]int64
	termsUnknown             bool
	// termsOf holds the terms of every sketch token the transaction
	// looked up or stored, nil where not known.
	termsOf map[string][]string
}

// sync forgets every list unless the counter still reads as this process's
// last commit left it (run under the write lock, first), and reports
// whether no other writer moved it since that commit.
func (k *recentKeys) sync(epoch int64) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	if epoch != k.epoch || epoch < 0 {
		clear(k.lists)
		clear(k.terms)
		k.epoch = -1
	}
	return epoch >= 0 && epoch == k.last
}

// get returns key's list (not to be changed) and whether it is held.
func (k *recentKeys) get(key string) ([]int64, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	l, ok := k.lists[key]
	return l, ok
}

// getTerm returns a sketch term's list (not to be changed) and whether it
// is held.
func (k *recentKeys) getTerm(term string) ([]int64, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	l, ok := k.terms[term]
	return l, ok
}

// commit applies a committed transaction's update.
func (k *recentKeys) commit(u *keyUpdate) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.last = u.after
	if u.epoch < 0 {
		clear(k.lists)
		clear(k.terms)
		k.epoch = -1
		return
	}
	extend(k.lists, u.fetched, u.added, k.max)
	if u.termsUnknown {
		clear(k.terms)
	} else {
		extend(k.terms, u.fetchedTerms, u.addedTerms, k.max)
	}
	k.epoch = u.epoch
}

// extend puts the lists a committed transaction read (fetched) in lists,
// and adds the seqs it stored under each key (added) to the lists held,
// keeping at most max.
func extend(lists, fetched, added map[string][]int64, max int) {
	for key, l := range fetched {
		lists[key] = l
	}
	for key, seqs := range added {
		old, ok := lists[key]
		if !ok {
			continue // not read: the database has older entries this process never saw
		}
		// A new slice: a list handed out by get stays as it was.
		lists[key] = newestFirst(seqs, old)
	}
	// Over the bound, arbitrary keys go (map order is random): a key
	// dropped is read from the database again when next needed.
	for key := range lists {
		if len(lists) <= max {
			break
		}
		delete(lists, key)
	}
}

// keysEpoch reads the claim_keys counter (Dialect.KeysEpoch).
func (s *DB) keysEpoch(q txq) (int64, error) {
	var n int64
	if err := q.scanAll(s.d.KeysEpoch, nil, func(r *sql.Rows) error { return r.Scan(&n) }); err != nil {
		return 0, fmt.Errorf("keys epoch: %w", err)
	}
	return n, nil
}

// beginKeys brings the lists in line with the database at the start of a
// bulk group commit (under the write lock) and returns the transaction's
// update; nil where the store keeps no lists.
func (s *DB) beginKeys(q txq) (*keyUpdate, error) {
	if s.keys == nil {
		return nil, nil
	}
	n, err := s.epochAtStart(q)
	if err != nil {
		return nil, err
	}
	current := s.keys.sync(n)
	return &keyUpdate{fetched: map[string][]int64{}, added: map[string][]int64{}, epoch: -1, after: -1, current: current, before: n, printsFrom: -1,
		fetchedTerms: map[string][]int64{}, addedTerms: map[string][]int64{}}, nil
}

// lookupRecent reads the newest entries of each key into byKey as
// lookupKeys does: from the lists where they are held, from the database
// (and into u) where not.
func (s *DB) lookupRecent(q txq, keys []string, byKey map[string][]int64, u *keyUpdate) error {
	if u == nil {
		return s.lookupKeys(q, keys, byKey)
	}
	var miss []string
	for _, key := range keys {
		if l, ok := s.keys.get(key); ok {
			byKey[key] = l
		} else {
			miss = append(miss, key)
		}
	}
	read := map[string][]int64{}
	if err := s.lookupKeys(q, miss, read); err != nil {
		return err
	}
	for _, key := range miss {
		byKey[key] = read[key]
		u.fetched[key] = read[key] // none is a list too: the key is new
	}
	return nil
}

// keysWritten records in u the keys the bulk commit's jobs stored, and
// the counter as their writes left it: where they are the transaction's
// last (last) and it ends in a pipeline (txStart), as read in the COMMIT's
// round trip.
func (s *DB) keysWritten(q txq, u *keyUpdate, jobs []job, last bool) error {
	if u == nil {
		return nil
	}
	for _, j := range jobs {
		for i, seq := range j.p.seqs {
			for _, key := range j.p.keys[i] {
				u.added[key] = append(u.added[key], seq)
			}
		}
	}
	u.sketchesWritten(jobs)
	if last && q.start != nil {
		q.start.atCommit = func(n int64) { u.epoch, u.after = n, n }
		return nil
	}
	n, err := s.keysEpoch(q)
	u.epoch, u.after = n, n
	return err
}

// keysKept marks u's lists to start again if claim_keys changed since
// keysWritten: the ClaimSets applied one by one after the set (an article
// applied again deletes its old claims' keys) do not keep them.
func (s *DB) keysKept(q txq, u *keyUpdate) error {
	if u == nil {
		return nil
	}
	n, err := s.keysEpoch(q)
	if n != u.epoch {
		u.epoch = -1
	}
	u.after = n
	return err
}
