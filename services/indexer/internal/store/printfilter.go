package store

import (
	"database/sql"
	"fmt"
	"hash/maphash"
	"math/bits"
)

// printFilter is a Bloom filter over the bands stored in article_prints: a
// band it does not hold is under no stored article, and a bulk commit does
// not look it up. Nearly every band of a new article is under none (only a
// wire copy shares them), yet each lookup was an index probe: a sixth of
// the server's work per ClaimSet on PostgreSQL at 100,000 claims.
//
// The filter may hold bands that are not stored (a false positive, or a
// band deleted since) and then the lookup just finds nothing; it must
// never lack one that is. So it vouches only while it is complete: loaded
// from the table, and given every band this process's bulk commits stored
// since, up to the counter that every write to article_prints moves
// (Dialect.KeysEpoch, whose trigger also fires there). Once another writer
// (a replica, a console, this process's one-by-one path) moved the counter,
// every band is looked up again until the filter is loaded anew.
type printFilter struct {
	seed   maphash.Seed
	layers []bloom // each sized twice the one before; bands go to the last
	at     int64   // the counter as of which it holds every stored band; -1: none
	loaded int     // bands read by the last load
	missed int     // bands looked up since it last stopped vouching
}

// bloom is one layer of the filter: a full layer is not grown (a Bloom
// filter cannot be) but followed by one twice its size, so that the false
// positives stay near the rate of one layer without reading the table
// again.
type bloom struct {
	bits        []uint64
	n, capacity int
}

// Sizing: 10 bits and 7 probes per band give about 1 % false positives a
// layer; a load sizes the first layer for twice the bands it read, at
// least minPrintFilterBands.
const (
	printFilterBitsPerBand = 10
	printFilterProbes      = 7
	minPrintFilterBands    = 1 << 16
)

func newPrintFilter() *printFilter { return &printFilter{seed: maphash.MakeSeed(), at: -1} }

// vouches reports whether the filter holds every band stored as of the
// counter epoch.
func (f *printFilter) vouches(epoch int64) bool { return f.at >= 0 && f.at == epoch }

// worthLoading reports whether a load (reading every stored band) is due:
// the filter does not vouch and the lookups made since it stopped number
// as many as the bands the last load read, so that a writer beside this
// one costs this one at most twice its lookups, not a load at every
// commit.
func (f *printFilter) worthLoading(epoch int64) bool {
	return !f.vouches(epoch) && f.missed >= f.loaded
}

func newBloom(capacity int) bloom {
	nbits := capacity * printFilterBitsPerBand
	return bloom{bits: make([]uint64, 1<<bits.Len(uint(nbits-1))/64), capacity: capacity}
}

// probes calls fn with the bit positions of the band hashed to h (double
// hashing: h1 + i·h2, h2 odd so that the positions differ) until it
// returns false.
func (b *bloom) probes(h uint64, fn func(word int, bit uint64) bool) bool {
	mask := uint64(len(b.bits)*64 - 1)
	h1, h2 := h, h>>32|1
	for i := range uint64(printFilterProbes) {
		p := (h1 + i*h2) & mask
		if !fn(int(p/64), 1<<(p%64)) {
			return false
		}
	}
	return true
}

func (b *bloom) add(h uint64) {
	b.probes(h, func(w int, bit uint64) bool { b.bits[w] |= bit; return true })
	b.n++
}

func (b *bloom) holds(h uint64) bool {
	return b.probes(h, func(w int, bit uint64) bool { return b.bits[w]&bit != 0 })
}

func (f *printFilter) addHash(h uint64) {
	last := &f.layers[len(f.layers)-1]
	if last.n >= last.capacity {
		f.layers = append(f.layers, newBloom(2*last.capacity))
		last = &f.layers[len(f.layers)-1]
	}
	last.add(h)
}

func (f *printFilter) add(band string) { f.addHash(maphash.String(f.seed, band)) }

// mayHold reports whether band may be stored.
func (f *printFilter) mayHold(band string) bool {
	h := maphash.String(f.seed, band)
	for i := range f.layers {
		if f.layers[i].holds(h) {
			return true
		}
	}
	return false
}

// storedBands returns those of bands that may be under a stored article,
// loading the filter first when that is due. u is the bulk commit's key
// update (its counter as read under the write lock); nil looks up every
// band.
func (s *DB) storedBands(q txq, u *keyUpdate, bands []string) ([]string, error) {
	f := s.prints
	if f == nil || u == nil || u.before < 0 {
		return bands, nil
	}
	if f.worthLoading(u.before) {
		if err := s.loadPrints(q, u.before); err != nil {
			return nil, err
		}
	}
	if !f.vouches(u.before) {
		f.missed += len(bands)
		return bands, nil
	}
	u.printsFrom = f.at
	out := bands[:0:0]
	for _, b := range bands {
		if f.mayHold(b) {
			out = append(out, b)
		}
	}
	return out, nil
}

// loadPrints fills the filter with every stored band, as of the counter
// epoch (read under the write lock, which other writers wait for).
func (s *DB) loadPrints(q txq, epoch int64) error {
	f := s.prints
	var rows []uint64
	if err := q.scanAll(`SELECT band FROM article_prints`, nil, func(r *sql.Rows) error {
		var b sql.RawBytes
		if err := r.Scan(&b); err != nil {
			return err
		}
		rows = append(rows, maphash.Bytes(f.seed, b))
		return nil
	}); err != nil {
		return fmt.Errorf("load prints: %w", err)
	}
	f.layers = []bloom{newBloom(max(2*len(rows), minPrintFilterBands))}
	for _, x := range rows {
		f.addHash(x)
	}
	f.at, f.loaded, f.missed = epoch, len(rows), 0
	return nil
}

// committed gives the filter the bands a bulk commit stored, once
// committed: it vouches as of the counter the commit left if it did when
// the commit began.
func (f *printFilter) committed(u *keyUpdate) {
	if u.printsFrom < 0 || u.printsFrom != f.at {
		return
	}
	if u.after < 0 {
		f.at = -1
		return
	}
	for _, b := range u.bands {
		f.add(b)
	}
	f.at = u.after
}

// printsUpdate is what a transaction of the one-by-one path (tryBatch,
// runBatchIsolated) gives the filter once committed: the counter it found
// and left, and the bands of its articles (markSyndication stores them),
// so that a batch which could not be applied as a set does not stop the
// filter vouching. nil when the filter did not vouch as it began.
type printsUpdate struct {
	from, after int64
	bands       []string
}

// beginPrints reads the counter at the start of a one-by-one transaction
// (under the write lock).
func (s *DB) beginPrints(q txq) (*printsUpdate, error) {
	if s.prints == nil {
		return nil, nil
	}
	n, err := s.epochAtStart(q)
	if err != nil || !s.prints.vouches(n) {
		return nil, err
	}
	return &printsUpdate{from: n, after: -1}, nil
}

// endPrints records the bands of jobs and the counter as the transaction
// leaves it, on the first job, for committed.
func (s *DB) endPrints(q txq, u *printsUpdate, jobs []job) error {
	if u == nil || len(jobs) == 0 {
		return nil
	}
	for _, j := range jobs {
		u.bands = append(u.bands, j.p.bands...)
	}
	n, err := s.keysEpoch(q)
	u.after = n
	jobs[0].p.printsUpdate = u
	return err
}

// kept gives the filter a committed one-by-one transaction's bands: it
// vouches as of the counter the transaction left if it did when it began.
func (f *printFilter) kept(u *printsUpdate) {
	if u.from != f.at || u.after < 0 {
		return
	}
	for _, b := range u.bands {
		f.add(b)
	}
	f.at = u.after
}
