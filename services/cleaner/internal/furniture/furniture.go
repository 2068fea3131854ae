// Package furniture learns each site's furniture — the short lines and
// blocks that come back on many articles of one host (promos, "Also read"
// boxes, credits, tickers, newsletter boxes) — and removes them from that
// host's later pages. No list of phrases can know every site's widgets;
// repetition across a host's different articles finds them.
//
// What is learned lives in a JetStream KV bucket, one key per host: hashes
// of the lines (never their text), on how many distinct pages each was
// seen, and when. A host's record is bounded (lines and page ids kept),
// lines not seen for a while are dropped, and the bucket's TTL expires
// hosts no longer cleaned. Replicas share the record through the KV's
// revision check.
package furniture

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/nats-io/nats.go/jetstream"
)

// Config bounds what is learned.
type Config struct {
	// MinPages: a line seen on this many distinct pages of a host is furniture.
	MinPages int
	// MaxWords: longer blocks are story text even when repeated (a wire
	// paragraph reused across a running story), so they are never learned.
	MaxWords int
	// MaxLines and MaxPages bound one host's record.
	MaxLines int
	MaxPages int
	// TTL: lines not seen for this long are forgotten, and the bucket
	// expires hosts not updated for this long.
	TTL time.Duration
}

// DefaultConfig is what the cleaner runs with unless told otherwise.
func DefaultConfig() Config {
	return Config{MinPages: 3, MaxWords: 30, MaxLines: 1000, MaxPages: 256, TTL: 30 * 24 * time.Hour}
}

// Store is a host-furniture store over one KV bucket.
type Store struct {
	kv  jetstream.KeyValue
	cfg Config
	now func() time.Time

	// Decoded records by key, with the revision they were read or written
	// at: a host's record is read and rewritten for every page, and
	// decoding its JSON (up to MaxLines lines) was most of the cleaner's
	// time on a busy host. A record whose revision moved (another replica
	// wrote it) is decoded again.
	mu      sync.Mutex
	decoded map[string]decodedRecord
	stripes [64]sync.Mutex // by key: see Clean
}

type decodedRecord struct {
	rev  uint64
	size int // of the stored value: a bucket deleted and made again restarts its revisions
	rec  *record
}

// maxDecoded bounds the decoded records kept (hosts cleaned recently).
const maxDecoded = 1024

// New returns a store over an open bucket.
func New(kv jetstream.KeyValue, cfg Config) *Store {
	d := DefaultConfig()
	if cfg.MinPages <= 0 {
		cfg.MinPages = d.MinPages
	}
	if cfg.MaxWords <= 0 {
		cfg.MaxWords = d.MaxWords
	}
	if cfg.MaxLines <= 0 {
		cfg.MaxLines = d.MaxLines
	}
	if cfg.MaxPages <= 0 {
		cfg.MaxPages = d.MaxPages
	}
	if cfg.TTL <= 0 {
		cfg.TTL = d.TTL
	}
	return &Store{kv: kv, cfg: cfg, now: time.Now, decoded: map[string]decodedRecord{}}
}

// BucketConfig is the KV bucket's configuration.
func BucketConfig(bucket string, replicas int, cfg Config) jetstream.KeyValueConfig {
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultConfig().TTL
	}
	return jetstream.KeyValueConfig{
		Bucket: bucket, Description: "cleaner: lines repeated across a host's pages (hashes, counts)",
		TTL: cfg.TTL, History: 1, Storage: jetstream.FileStorage, Replicas: max(replicas, 1),
	}
}

// Open opens the bucket, creating it if missing.
func Open(ctx context.Context, js jetstream.JetStream, bucketCfg jetstream.KeyValueConfig, cfg Config) (*Store, error) {
	kv, err := js.KeyValue(ctx, bucketCfg.Bucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		kv, err = js.CreateKeyValue(ctx, bucketCfg)
		if errors.Is(err, jetstream.ErrBucketExists) {
			kv, err = js.KeyValue(ctx, bucketCfg.Bucket)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("furniture kv %s: %w", bucketCfg.Bucket, err)
	}
	return New(kv, cfg), nil
}

// record is one host's value in the bucket.
type record struct {
	Pages []string         `json:"pages"` // recent page ids, so a page counts once (redelivery, replay)
	Lines map[string]*line `json:"lines"` // line hash → seen
}

type line struct {
	N    int   `json:"n"`    // distinct pages
	Seen int64 `json:"seen"` // last seen, Unix seconds
}

// Result says what Clean did to one page.
type Result struct {
	Blocks  []string // the blocks kept
	Removed int      // blocks removed as the host's furniture
	Learned bool     // the page was counted (false when seen before)
}

// Clean removes the host's known furniture from a page's blocks, then
// counts the page's short blocks towards the host's record. pageID makes
// counting idempotent: a page cleaned again (redelivered, replayed) is
// cleaned with what was learned, and not counted twice.
func (s *Store) Clean(ctx context.Context, host, pageID string, blocks []string) (Result, error) {
	res := Result{Blocks: blocks}
	key := Key(host)
	if key == "" {
		return res, nil
	}
	hashes := make([]string, len(blocks))
	for i, b := range blocks {
		hashes[i] = s.hash(b)
	}
	// One page of a host at a time in this process: its workers would
	// otherwise mostly read the same revision, and all but one write again.
	stripe := &s.stripes[fnvString(key)%uint64(len(s.stripes))]
	stripe.Lock()
	defer stripe.Unlock()
	if res, done, err := s.cleanCached(ctx, key, pageID, blocks, hashes); done || err != nil {
		if err != nil {
			err = fmt.Errorf("furniture %s: %w", host, err)
		}
		return res, err
	}
	for attempt := 0; attempt < 8; attempt++ {
		rec, rev, err := s.get(ctx, key)
		if err != nil {
			return res, err
		}
		res = s.remove(rec, blocks, hashes)
		if slices.Contains(rec.Pages, pageID) || pageID == "" {
			return res, nil
		}
		// rec is the decoded record itself, not a copy: once learn changed
		// it, it is kept as the new revision's or forgotten.
		s.learn(rec, pageID, hashes)
		buf := values.Get().(*[]byte)
		val := rec.appendJSON((*buf)[:0]) // not json.Marshal: it would scan the output again
		var written uint64
		if rev == 0 {
			written, err = s.kv.Create(ctx, key, val)
		} else {
			written, err = s.kv.Update(ctx, key, val, rev)
		}
		*buf = val
		values.Put(buf)
		if err == nil {
			s.keep(key, written, len(val), rec)
			res.Learned = true
			return res, nil
		}
		s.forget(key)
		if !errors.Is(err, jetstream.ErrKeyExists) && !errors.Is(err, jetstream.ErrKeyRevisionMismatch) && !isWrongSequence(err) {
			return res, fmt.Errorf("furniture %s: %w", host, err)
		}
		// Another replica updated the host meanwhile: read it again.
	}
	return res, fmt.Errorf("furniture %s: update kept conflicting", host)
}

// cleanCached cleans and counts a new page with the record this process
// last read or wrote for key, without reading it again: the update is
// made at that record's revision, so it only succeeds if no one wrote the
// key since, when the record was the stored one and the page is cleaned
// and counted as after a read. Reading a busy host's record back for
// every page cost a round trip and a copy of up to MaxLines lines both in
// the server and here. done reports the page handled; when it is not
// (nothing cached, the page seen before, or another replica wrote the key
// first: err is nil then), Clean reads the record.
func (s *Store) cleanCached(ctx context.Context, key, pageID string, blocks, hashes []string) (res Result, done bool, err error) {
	s.mu.Lock()
	d, ok := s.decoded[key]
	s.mu.Unlock()
	if !ok || pageID == "" || slices.Contains(d.rec.Pages, pageID) {
		return res, false, nil
	}
	res = s.remove(d.rec, blocks, hashes)
	s.learn(d.rec, pageID, hashes)
	buf := values.Get().(*[]byte)
	val := d.rec.appendJSON((*buf)[:0])
	written, err := s.kv.Update(ctx, key, val, d.rev)
	*buf = val
	values.Put(buf)
	if err == nil {
		s.keep(key, written, len(val), d.rec)
		res.Learned = true
		return res, true, nil
	}
	s.forget(key) // changed by learn, not written
	if errors.Is(err, jetstream.ErrKeyExists) || errors.Is(err, jetstream.ErrKeyRevisionMismatch) || isWrongSequence(err) {
		return Result{Blocks: blocks}, false, nil
	}
	return Result{Blocks: blocks}, false, err
}

func isWrongSequence(err error) bool {
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence
}

func (s *Store) get(ctx context.Context, key string) (*record, uint64, error) {
	e, err := s.kv.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return &record{Lines: map[string]*line{}}, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("furniture get %s: %w", key, err)
	}
	if rec := s.cached(key, e.Revision(), len(e.Value())); rec != nil {
		return rec, e.Revision(), nil
	}
	rec := &record{}
	if err := json.Unmarshal(e.Value(), rec); err != nil || rec.Lines == nil {
		// A record this build cannot read is started afresh, not fatal.
		rec = &record{Lines: map[string]*line{}}
	}
	s.keep(key, e.Revision(), len(e.Value()), rec)
	return rec, e.Revision(), nil
}

// cached returns the decoded record of key at revision rev (a value of
// size bytes), or nil. It is the kept record itself, not a copy (copying a
// busy host's thousand lines for every page was a fifth of Clean): only
// Clean uses it, one page of the key at a time (its stripe), and a record
// it changed is either kept as the revision it wrote or forgotten.
func (s *Store) cached(key string, rev uint64, size int) *record {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.decoded[key]; ok && d.rev == rev && d.size == size {
		return d.rec
	}
	return nil
}

// forget drops key's decoded record: Clean changed it but did not write it.
func (s *Store) forget(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.decoded, key)
}

// keep remembers rec (no longer changed by the caller) as key's record at
// revision rev, stored in size bytes.
func (s *Store) keep(key string, rev uint64, size int, rec *record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.decoded[key]; !ok && len(s.decoded) >= maxDecoded {
		for k := range s.decoded { // any one: a host not cleaned lately is decoded again
			delete(s.decoded, k)
			break
		}
	}
	s.decoded[key] = decodedRecord{rev, size, rec}
}

// remove drops the blocks the record knows as furniture. A page is never
// emptied by it: if the known lines would take more than half of the
// text, the record is wrong about this page and nothing is removed.
func (s *Store) remove(rec *record, blocks, hashes []string) Result {
	res := Result{Blocks: blocks}
	cut, total := 0, 0
	drop := make([]bool, len(blocks))
	for i, h := range hashes {
		total += len(blocks[i])
		if l := rec.Lines[h]; h != "" && l != nil && l.N >= s.cfg.MinPages {
			drop[i] = true
			cut += len(blocks[i])
		}
	}
	if cut == 0 || cut*2 > total {
		return res
	}
	res.Blocks = make([]string, 0, len(blocks))
	for i, b := range blocks {
		if drop[i] {
			res.Removed++
		} else {
			res.Blocks = append(res.Blocks, b)
		}
	}
	return res
}

func (s *Store) learn(rec *record, pageID string, hashes []string) {
	now := s.now().Unix()
	seen := map[string]bool{}
	for _, h := range hashes {
		if h == "" || seen[h] {
			continue
		}
		seen[h] = true
		l := rec.Lines[h]
		if l == nil {
			l = &line{}
			rec.Lines[h] = l
		}
		l.N++
		l.Seen = now
	}
	rec.Pages = append(rec.Pages, pageID)
	if len(rec.Pages) > s.cfg.MaxPages {
		rec.Pages = slices.Clone(rec.Pages[len(rec.Pages)-s.cfg.MaxPages:])
	}
	// Forget lines not seen within the TTL, then the weakest beyond the bound.
	old := now - int64(s.cfg.TTL/time.Second)
	for h, l := range rec.Lines {
		if l.Seen < old {
			delete(rec.Lines, h)
		}
	}
	if len(rec.Lines) > s.cfg.MaxLines {
		// Ranked as values, not keys looked up in the map at every
		// comparison: this runs for every page of a host at its bound.
		all := make([]ranked, 0, len(rec.Lines))
		for h, l := range rec.Lines {
			all = append(all, ranked{h, *l})
		}
		// Only which lines rank below MaxLines matters, not their order:
		// selecting them costs a pass or two over the lines, where sorting
		// them all was most of learn's time.
		selectStrongest(all, s.cfg.MaxLines)
		for _, r := range all[s.cfg.MaxLines:] {
			delete(rec.Lines, r.h)
		}
	}
}

// ranked is a line of a record with its hash, as learn ranks them.
type ranked struct {
	h string
	line
}

// stronger orders lines by the pages they were seen on, then by when they
// were last seen, then by hash: a total order (hashes are a record's keys).
func stronger(a, b *ranked) bool {
	if a.N != b.N {
		return a.N > b.N
	}
	if a.Seen != b.Seen {
		return a.Seen > b.Seen
	}
	return a.h < b.h
}

// selectStrongest reorders all so that its first k are the k strongest
// lines (in no particular order) and the rest the others: quickselect,
// with the median of three as pivot.
func selectStrongest(all []ranked, k int) {
	lo, hi := 0, len(all) // the boundary k lies within all[lo:hi]
	for hi-lo > 1 && k > lo && k < hi {
		mid := lo + (hi-lo)/2
		// Median of three to all[hi-1] as the pivot.
		a, b, c := lo, mid, hi-1
		if stronger(&all[b], &all[a]) {
			a, b = b, a
		}
		if stronger(&all[c], &all[b]) {
			b, c = c, b
			if stronger(&all[b], &all[a]) {
				a, b = b, a
			}
		}
		all[b], all[hi-1] = all[hi-1], all[b]
		pivot := &all[hi-1]
		p := lo
		for i := lo; i < hi-1; i++ {
			if stronger(&all[i], pivot) {
				all[i], all[p] = all[p], all[i]
				p++
			}
		}
		all[p], all[hi-1] = all[hi-1], all[p]
		// all[lo:p] are stronger than all[p], all[p+1:hi] weaker.
		switch {
		case k <= p:
			hi = p
		default:
			lo = p + 1
		}
	}
}

// hash is the learned form of a block: a hash of its words, folded to
// lower case; "" for blocks too long to be furniture or without words.
func (s *Store) hash(b string) string {
	words := 0
	h := fnv.New64a()
	in := false
	for _, r := range b {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if !in {
				words++
				if words > s.cfg.MaxWords {
					return ""
				}
				if words > 1 {
					h.Write([]byte{' '})
				}
			}
			in = true
			var buf [4]byte
			n := encodeRune(buf[:], unicode.ToLower(r))
			h.Write(buf[:n])
		} else {
			in = false
		}
	}
	if words == 0 {
		return ""
	}
	return strconv.FormatUint(h.Sum64(), 36)
}

func fnvString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

func encodeRune(p []byte, r rune) int {
	return copy(p, string(r))
}

// Key is the host's key in the bucket ("" when the host is unusable):
// lower case, without "www.", in the characters KV keys allow.
func Key(host string) string {
	host = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(host)), ".")
	host = strings.TrimPrefix(host, "www.")
	if host == "" || len(host) > 253 {
		return ""
	}
	var b strings.Builder
	for _, r := range host {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	k := strings.Trim(b.String(), ".")
	if k == "" {
		return ""
	}
	return k
}

// MarshalJSON writes r as encoding/json would, less the sorting of the map's
// keys and the reflection: a host's record is written for every page it
// learns from. Decoding needs no counterpart.
func (r *record) MarshalJSON() ([]byte, error) {
	return r.appendJSON(nil), nil
}

// appendJSON appends r's encoding (MarshalJSON's) to b.
func (r *record) appendJSON(b []byte) []byte {
	size := 64 + len(r.Lines)*48 // a line: "hash":{"n":N,"seen":unix},
	for _, p := range r.Pages {
		size += len(p) + 3
	}
	b = slices.Grow(b, size)
	b = append(b, `{"pages":`...)
	if r.Pages == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, p := range r.Pages {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, p)
		}
		b = append(b, ']')
	}
	b = append(b, `,"lines":`...)
	if r.Lines == nil {
		return append(b, "null}"...)
	}
	b = append(b, '{')
	first := true
	for h, l := range r.Lines {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, h)
		if l == nil {
			b = append(b, ":null"...)
			continue
		}
		b = append(b, `:{"n":`...)
		b = strconv.AppendInt(b, int64(l.N), 10)
		b = append(b, `,"seen":`...)
		b = strconv.AppendInt(b, l.Seen, 10)
		b = append(b, '}')
	}
	return append(b, "}}"...)
}

// values holds buffers for encoded records: a busy host's is tens of
// kilobytes, written for every page. The KV client copies a value out
// before its Update returns.
var values = sync.Pool{New: func() any { return new([]byte) }}

// appendString appends s as a JSON string: as is when it needs no escaping
// (line hashes and page ids always), through encoding/json otherwise.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
