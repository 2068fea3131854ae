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
//
// The cache also keeps the Head of every claim it caches (group.Head), by
// seq, in a table of its own that outlives the features: a candidate whose
// head says it cannot score against the claims that drew it is not read
// from the database at all (relevant). The heads follow the features'
// rules: added once committed, evicted with them, trusted only from the
// current gen.
type features struct {
	mu    sync.Mutex
	max   int
	items map[int64]int // seq → its slot
	slots []slot
	hand  int          // the next slot to consider for eviction once slots is full
	gen   uint32       // moved by distrust
	heads [][]headSlot // seq % maxHeads, in chunks of headChunk allocated when first written
}

// maxHeads bounds the heads kept: those of the newest million claims or so
// (a head takes 48 bytes, no pointers: 50 MB once full). Every stored
// claim among a key's newest (maxCandidatesPerKey) is a candidate; where
// the keys are many, those are far more claims than the features cache
// holds, and once the index was twice the cache's size, reading them back
// was the largest cost that grew with the index (at 50,000 to 60,000
// ClaimSets of the store's benchmark, 240,000 claims, a third of the
// writer's time against a hundredth in the first 12,000).
const (
	maxHeads  = 1 << 20
	headChunk = 1 << 14
)

type headSlot struct {
	seq int64 // 0 when none
	gen uint32
	// slot is 1+ the features slot the claim was cached in (0: none), a
	// hint that get checks against the slot's seq: finding seq in the
	// items map, a hundred thousand entries, was most of get's time.
	slot int32
	head group.Head
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
	i, ok := f.slotOf(seq)
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

// slotOf is the slot of the claim cached at seq: the one its head names
// when that slot holds seq (slots[j].seq == seq exactly when items[seq]
// is j), else the items map's.
func (f *features) slotOf(seq int64) (int, bool) {
	if h := f.headAt(seq, false); h != nil && h.seq == seq && h.slot > 0 {
		if j := int(h.slot - 1); j < len(f.slots) && f.slots[j].seq == seq {
			return j, true
		}
	}
	j, ok := f.items[seq]
	return j, ok
}

// add caches committed claims (items[i] stored at seqs[i], in clusters[i]).
func (f *features) add(seqs []int64, items []*group.Item, clusters []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, seq := range seqs {
		f.put(seq, items[i], clusters[i])
	}
}

// addLoaded caches the committed claims a transaction read (loaded), as
// add does, under one lock: a group commit reads thousands.
func (f *features) addLoaded(loaded map[int64]*itemWithCluster) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for seq, it := range loaded {
		f.put(seq, it.Item, it.Cluster)
	}
}

// put caches item, stored at seq in cluster (f.mu held).
func (f *features) put(seq int64, item *group.Item, cluster string) {
	j, ok := f.items[seq]
	if ok {
		f.slots[j].item, f.slots[j].cluster, f.slots[j].gen = item, cluster, f.gen
	} else {
		j = len(f.slots)
		if j < f.max {
			f.slots = append(f.slots, slot{})
		} else {
			j = f.victim()
			if old := f.slots[j].seq; old >= 0 {
				delete(f.items, old)
			}
		}
		f.slots[j] = slot{seq: seq, item: item, cluster: cluster, gen: f.gen}
		f.items[seq] = j
	}
	if h := f.headAt(seq, true); h != nil {
		*h = headSlot{seq: seq, gen: f.gen, slot: int32(j + 1), head: group.HeadOf(item)}
	}
}

// headAt is seq's place in the heads table (nil for a seq below 1, or
// when its chunk is not allocated and alloc is false).
func (f *features) headAt(seq int64, alloc bool) *headSlot {
	if seq < 1 {
		return nil
	}
	if f.heads == nil {
		if !alloc {
			return nil
		}
		f.heads = make([][]headSlot, maxHeads/headChunk)
	}
	x := seq % maxHeads
	c := f.heads[x/headChunk]
	if c == nil {
		if !alloc {
			return nil
		}
		c = make([]headSlot, headChunk)
		f.heads[x/headChunk] = c
	}
	return &c[x%headChunk]
}

// askers are, per stored candidate's seq, the claims it is a candidate
// of: chained in one slice rather than a slice per seq, which at hundreds
// of thousands of pairs a batch were a tenth of the writer's allocations.
type askers struct {
	last  map[int64]int32 // seq → its last entry
	prev  []int32         // per entry, the seq's entry before (-1: none)
	items []*group.Item
}

// newAskers has room for n entries. The seqs are sized for n too: on the
// ingest benchmark nine in ten entries are a seq's only one, and grown
// entry by entry the map was copied half a dozen times a batch.
func newAskers(n int) *askers {
	return &askers{last: make(map[int64]int32, n), prev: make([]int32, 0, n), items: make([]*group.Item, 0, n)}
}

func (a *askers) add(seq int64, it *group.Item) {
	p, ok := a.last[seq]
	if !ok {
		p = -1
	}
	a.last[seq] = int32(len(a.items))
	a.prev = append(a.prev, p)
	a.items = append(a.items, it)
}

// relevant returns the seqs of askers whose features may matter: all but
// those whose head, as cached since the last distrust, says they can
// neither score against nor be near any of their claims
// (group.MayRelate). Those score nothing, so reading them would change
// nothing but the cost.
func (f *features) relevant(a *askers) []int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]int64, 0, len(a.last))
	for seq, x := range a.last {
		h := f.headAt(seq, false)
		if h == nil || h.seq != seq || h.gen != f.gen {
			out = append(out, seq)
			continue
		}
		for ; x >= 0; x = a.prev[x] {
			if group.MayRelate(a.items[x], &h.head) {
				out = append(out, seq)
				break
			}
		}
	}
	return out
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
		if h := f.headAt(seq, false); h != nil && h.seq == seq {
			*h = headSlot{}
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
