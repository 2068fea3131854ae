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
// cluster_id is written with the claim and changes only when the claim
// moves (rehome.go) or its cluster merges into another (merge.go), which
// cache it anew once committed; where seqs are
// never reused (Dialect.SeqsReused false) the cached cluster spares reading
// it back for every candidate that grouping links (one cached in a cluster
// since emptied, by another process, is read again: inGoneClusters).
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
//
// Where seqs are reused, the cache is still exact, clusters included, as
// long as no other writer changed claims since the claims were cached
// (this process's deletes evict): the bulk commit tells from
// Dialect.KeysEpoch, and once it finds the counter moved it calls
// distrust, after which get misses on every claim cached before, to be read
// from the database again (another writer may have stored another claim
// at its seq).
//
// Eviction is CLOCK (second chance): a claim that was read since the hand
// last passed it keeps its place for another lap. A full blocking key (a
// common figure, a prolific speaker) offers the same older claims to
// claim after claim; first-in-first-out evicted them all the same once
// the cache's size of newer claims had come, and at 20,000 articles (180,000 claims) a
// quarter of the stored candidates were then read back from the database.
type features struct {
	mu    sync.Mutex
	max   int
	items map[int64]int // seq → its slot
	slots []slot
	hand  int    // the next slot to consider for eviction once slots is full
	gen   uint32 // moved by distrust
}

// featureCacheSize bounds the cache. A decoded Item takes about 2.4 KB, so
// the cache holds up to about 240 MB; at 50,000 claims, over a
// 20,000-article bench (180,000 claims), the misses read back and decoded
// cost more CPU (100 against 109 articles per CPU-second at 100,000, run
// side by side) and more garbage than the larger cache kept (the bench's
// largest resident set 925 MB against 881 MB).
const featureCacheSize = 100_000

type slot struct {
	seq     int64 // -1 once evicted
	item    *group.Item
	cluster string // "" when not known
	used    bool   // read since the hand last passed
	gen     uint32 // features.gen when cached
}

func newFeatures(max int) *features {
	return &features{max: max, items: make(map[int64]int, max), slots: make([]slot, 0, max)}
}

// get returns the features and cluster ("" when not known) of the claim
// stored at seq; nil when not cached since the last distrust.
func (f *features) get(seq int64) (*group.Item, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	i, ok := f.items[seq]
	if !ok {
		return nil, ""
	}
	sl := &f.slots[i]
	if sl.gen != f.gen {
		return nil, ""
	}
	sl.used = true
	return sl.item, sl.cluster
}

// add caches committed claims (items[i] stored at seqs[i], in clusters[i]).
func (f *features) add(seqs []int64, items []*group.Item, clusters []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, seq := range seqs {
		if j, ok := f.items[seq]; ok {
			f.slots[j].item, f.slots[j].cluster, f.slots[j].gen = items[i], clusters[i], f.gen
			continue
		}
		j := len(f.slots)
		if j < f.max {
			f.slots = append(f.slots, slot{})
		} else {
			j = f.victim()
			if old := f.slots[j].seq; old >= 0 {
				delete(f.items, old)
			}
		}
		f.slots[j] = slot{seq: seq, item: items[i], cluster: clusters[i], gen: f.gen}
		f.items[seq] = j
	}
}

// victim advances the hand to the first slot not read since its last pass
// (clearing the marks it passes) and returns it.
func (f *features) victim() int {
	for {
		j := f.hand
		f.hand = (f.hand + 1) % len(f.slots)
		if !f.slots[j].used {
			return j
		}
		f.slots[j].used = false
	}
}

// recluster records that the cached claims among seqs are in cluster now
// (a merge moved them, merge.go).
func (f *features) recluster(seqs []int64, cluster string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, seq := range seqs {
		if j, ok := f.items[seq]; ok && f.slots[j].cluster != "" {
			f.slots[j].cluster = cluster
		}
	}
}

// evict forgets deleted claims; their slots are the hand's to reuse.
func (f *features) evict(seqs []int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, seq := range seqs {
		if j, ok := f.items[seq]; ok {
			delete(f.items, seq)
			f.slots[j] = slot{seq: -1}
		}
	}
}

// distrust makes get miss on the claims cached so far: another writer may
// have deleted them and stored others at their seqs.
func (f *features) distrust() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gen++
}
