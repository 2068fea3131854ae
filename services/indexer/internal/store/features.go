package store

import (
	"sync"

	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// features caches stored claims' grouping features (the tokenised text,
// numbers and speaker key) and cluster by seq. A new claim's candidates are
// mostly claims indexed shortly before it, and rebuilding their features
// from the database (reading the text, tokenising it) was a fifth of Apply's
// time; claims now store their features encoded (the feat column), so a
// miss costs a decode, but a hit still spares the read. A claim's
// cluster_id is written once, with the claim; where seqs are never reused
// (Dialect.SeqsReused false) the cached cluster spares reading it back for
// every candidate that grouping links.
//
// A claim row never changes its features while it keeps its seq, with one
// exception handled here: SQLite hands a deleted largest seq out again, so an
// article re-applied can reuse its old claims' seqs. Entries are therefore
// evicted when their claims are deleted, and added only once the transaction
// that stored them has committed. A cached claim that grouping joins is read
// back for its cluster and checked against its id (link), which also catches
// a claim deleted or replaced by another process.
// Items are immutable once built (group.NewItem), so sharing them between
// goroutines is safe.
type features struct {
	mu    sync.Mutex
	max   int
	items map[int64]cached
	order []int64 // insertion order, for FIFO eviction
	next  int     // index in order of the oldest entry once order is full
}

// featureCacheSize bounds the cache: a few tens of MB, enough for the recent
// claims that blocking keys offer as candidates.
const featureCacheSize = 50_000

type cached struct {
	item    *group.Item
	cluster string // "" when not known
}

func newFeatures(max int) *features {
	return &features{max: max, items: make(map[int64]cached, max)}
}

// get returns the features and cluster ("" when not known) of the claim
// stored at seq.
func (f *features) get(seq int64) (*group.Item, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.items[seq]
	return c.item, c.cluster
}

// add caches committed claims (items[i] stored at seqs[i], in clusters[i]).
func (f *features) add(seqs []int64, items []*group.Item, clusters []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, seq := range seqs {
		if _, ok := f.items[seq]; !ok {
			if len(f.order) < f.max {
				f.order = append(f.order, seq)
			} else {
				delete(f.items, f.order[f.next])
				f.order[f.next] = seq
				f.next = (f.next + 1) % f.max
			}
		}
		f.items[seq] = cached{items[i], clusters[i]}
	}
}

// evict forgets deleted claims. Their slots in order are reclaimed by FIFO
// eviction later (deleting a key already gone is a no-op).
func (f *features) evict(seqs []int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, seq := range seqs {
		delete(f.items, seq)
	}
}
