package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// Candidates: the stored claims a new claim may be the same as (by blocking
// key, by sketch, from the feature cache or the database), compared with it.

// readClusters fills in the cluster of the linked claims whose features came
// from the cache, and returns those no longer stored as cached.
func (s *DB) readClusters(q txq, linked map[int64]*itemWithCluster) (stale []int64, err error) {
	var seqs []int64
	for seq, c := range linked {
		if c.Cluster == "" {
			seqs = append(seqs, seq)
		}
	}
	slices.Sort(seqs)
	found := map[int64]bool{}
	err = inIDs(s.d, seqs, func(ph string, args []any) error {
		return q.scanAll(`SELECT seq, id, cluster_id FROM claims WHERE seq IN (`+ph+`)`, args, func(r *sql.Rows) error {
			var seq int64
			var id, cl string
			if err := r.Scan(&seq, &id, &cl); err != nil {
				return err
			}
			if c := linked[seq]; c.ID == id {
				c.Cluster = cl
				found[seq] = true
			}
			return nil
		})
	})
	for _, seq := range seqs {
		if !found[seq] {
			stale = append(stale, seq)
		}
	}
	return stale, err
}

// maxCandidatesPerKey bounds the stored claims one blocking key offers as
// candidates, so that an insert costs the same at 100 claims or 10 million.
// Only the most recently indexed claims of each key are candidates: a
// prolific speaker or a common figure would otherwise make every insert
// compare against thousands of claims, and the same quote across outlets
// arrives within days, not years.
const maxCandidatesPerKey = 100

// newestFirst is a key's list of newest claims once added (seqs stored
// under it after those of stored, ascending) are written: added newest
// first, then stored (newest first), at most maxCandidatesPerKey; a new
// slice.
func newestFirst(added, stored []int64) []int64 {
	l := make([]int64, 0, min(len(added)+len(stored), maxCandidatesPerKey))
	for x := len(added) - 1; x >= 0 && len(l) < maxCandidatesPerKey; x-- {
		l = append(l, added[x])
	}
	for _, seq := range stored {
		if len(l) == maxCandidatesPerKey {
			break
		}
		l = append(l, seq)
	}
	return l
}

// newestOf is newestFirst(added, stored) for a reader that only reads
// it: stored itself where nothing was added (most keys of a batch's
// claims), rather than a copy of up to maxCandidatesPerKey seqs for each
// key of each claim (a tenth of the bulk commit's candidate lookup, and as
// much of its garbage).
func newestOf(added, stored []int64) []int64 {
	if len(added) == 0 {
		return stored[:min(len(stored), maxCandidatesPerKey)]
	}
	return newestFirst(added, stored)
}

// maxCandidates bounds a claim's candidates over all its keys. A claim has
// several keys (speaker, surname, figures, sketches); once the index is
// large every key offers its maxCandidatesPerKey and a claim was compared
// with several hundred stored ones, at 20,000 articles twice the cost of a
// claim at 2,000. The keys that offer fewest claims are the most specific
// (a rare figure, a near-copy's sketch, a speaker seldom quoted) and are
// taken first; a key as full as the largest ones gives its newest claims.
const maxCandidates = 150

// withinBudget returns a claim's candidates from the lists its keys offer
// (each newest first): the union of the lists, without repeats, in their
// order, of at most maxCandidates claims. When the lists hold more, the
// shortest lists are taken whole first, then a prefix of the next. seen is
// scratch space, cleared here (one map for all of a batch's claims).
func withinBudget(lists [][]int64, seen map[int64]bool) []int64 {
	total := 0
	for _, l := range lists {
		total += len(l)
	}
	take := make([]int, len(lists))
	for k, l := range lists {
		take[k] = len(l)
	}
	if total > maxCandidates {
		order := make([]int, len(lists))
		for k := range order {
			order[k] = k
		}
		slices.SortStableFunc(order, func(x, y int) int { return len(lists[x]) - len(lists[y]) })
		clear(seen)
		n := 0
		for _, k := range order {
			take[k] = 0
			for _, seq := range lists[k] {
				if !seen[seq] {
					if n == maxCandidates {
						break
					}
					seen[seq] = true
					n++
				}
				take[k]++
			}
		}
	}
	clear(seen)
	out := make([]int64, 0, min(total, maxCandidates))
	for k, l := range lists {
		for _, seq := range l[:take[k]] {
			if !seen[seq] {
				seen[seq] = true
				out = append(out, seq)
			}
		}
	}
	return out
}

// candidates returns the stored claims that may be related to each new
// claim (by seq, per claim) and their features. Blocking keys are looked up
// in claim_keys; sketch keys, which every attributed claim stores but only
// unattributed ones look up, in the claims' sketch column (group.IsSketch).
func (s *DB) candidates(q txq, p *prepared, f *ftsState) (map[int64]*itemWithCluster, [][]int64, error) {
	var keys []string
	for _, ks := range p.queryKeys {
		for _, k := range ks {
			if !group.IsSketch(k) {
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	keys = slices.Compact(keys)
	byKey := map[string][]int64{}
	if err := s.lookupKeys(q, keys, byKey); err != nil {
		return nil, nil, err
	}
	perItem := make([][]int64, len(p.queryKeys))
	scratch := map[int64]bool{}
	for i, ks := range p.queryKeys {
		var lists [][]int64
		var sketch []string
		for _, k := range ks {
			if group.IsSketch(k) {
				sketch = append(sketch, sketchToken(k))
				continue
			}
			lists = append(lists, byKey[k])
		}
		if len(sketch) > 0 {
			var found []int64
			if err := q.scanAll(s.d.SketchMatch+` LIMIT `+strconv.Itoa(maxCandidatesPerKey), []any{s.d.SketchQuery(sketch)}, func(r *sql.Rows) error {
				var seq int64
				err := r.Scan(&seq)
				found = append(found, seq)
				return err
			}); err != nil {
				return nil, nil, fmt.Errorf("sketch: %w", err)
			}
			lists = append(lists, append(found, f.sketchMatches(sketch)...))
		}
		perItem[i] = withinBudget(lists, scratch)
	}
	// Those whose cached head says they score nothing are not read
	// (features.relevant); the transaction's own claims are in memory.
	askers := newAskers(0)
	var need []int64
	clear(scratch)
	for i, per := range perItem {
		for _, seq := range per {
			switch {
			case p.tx[seq] == nil:
				askers.add(seq, &p.items[i])
			case !scratch[seq]:
				scratch[seq] = true
				need = append(need, seq)
			}
		}
	}
	need = append(need, s.feat.relevant(askers)...)
	slices.Sort(need)
	cands, err := s.loadItems(q, need, p.loaded, p.tx, !s.d.SeqsReused)
	return cands, perItem, err
}

// sketchToken is how a sketch key is stored in the sketch column: one word
// for the full-text tokenizers ("ha0:term" → "ha0term"; the index is one
// digit).
func sketchToken(k string) string { return strings.Replace(k, ":", "", 1) }

// lookupKeys reads the newest entries of each key into byKey.
func (s *DB) lookupKeys(q txq, keys []string, byKey map[string][]int64) error {
	var seq int64
	return q.perKey(`SELECT seq FROM claim_keys WHERE key = ? ORDER BY seq DESC LIMIT `+strconv.Itoa(maxCandidatesPerKey), keys, []any{&seq}, func(i int) {
		byKey[keys[i]] = append(byKey[keys[i]], seq)
	})
}

// perKey runs sub, a bounded range read with one placeholder, for each of
// keys, in one statement instead of a round trip per key (on PostgreSQL a
// round trip costs more than the read itself). Each row is scanned into
// dest and row called with its key's index, in the order sub gives the rows
// of each key. Where the dialect takes arrays, the keys are one parameter
// and the statement is the same for any number of them; elsewhere it is a
// UNION ALL of per-key reads.
func (q txq) perKey(sub string, keys []string, dest []any, row func(i int)) error {
	if len(keys) == 0 {
		return nil
	}
	var i, base int // a row's key is keys[base+i]
	dest = append([]any{&i}, dest...)
	scan := func(r *sql.Rows) error {
		if err := r.Scan(dest...); err != nil {
			return err
		}
		row(base + i)
		return nil
	}
	if q.s.d.Arrays {
		return q.scanAll(`SELECT k.i - 1, r.* FROM unnest(?::text[]) WITH ORDINALITY AS k(v, i) CROSS JOIN LATERAL (`+
			strings.Replace(sub, "?", "k.v", 1)+`) r ORDER BY k.i`, []any{keys}, scan)
	}
	for base = 0; base < len(keys); {
		chunk := keys[base : base+perKeyChunk(len(keys)-base)]
		args := make([]any, len(chunk))
		for j, k := range chunk {
			args[j] = k
		}
		if err := q.scanAll(unionPerKey(sub, len(chunk)), args, scan); err != nil {
			return err
		}
		base += len(chunk)
	}
	return nil
}

// maxPerKeyChunk bounds the keys of one UNION ALL statement, well under
// SQLite's limit on compound SELECTs.
const maxPerKeyChunk = 64

// perKeyChunk is how many of n keys still to read the next statement
// reads: maxPerKeyChunk, or the largest power of two not over n. The
// statement's text then depends only on that count (unionPerKey), so sub
// has at most seven texts, each prepared once and kept in the statement
// cache (DB.stmt). With a text for every count and position, as before, a
// group commit's sketch lookups were new statements at every batch:
// FTS5's MATCH planned anew each time, and once the cache was full never
// kept.
func perKeyChunk(n int) int {
	c := maxPerKeyChunk
	for c > n {
		c /= 2
	}
	return c
}

// unionPerKey is the UNION ALL of n copies of sub, each row led by its
// copy's index (0 to n-1).
func unionPerKey(sub string, n int) string {
	var b strings.Builder
	for j := range n {
		if j > 0 {
			b.WriteString(" UNION ALL ")
		}
		k := strconv.Itoa(j)
		b.WriteString(`SELECT ` + k + `, k` + k + `.* FROM (` + sub + `) AS k` + k)
	}
	return b.String()
}

// itemWithCluster is a stored claim's grouping features and current cluster
// ("" until read, for features from the cache).
type itemWithCluster struct {
	*group.Item
	Cluster string
}

// loadItems returns the stored claims at seqs: features from the
// transaction's or the cache where they have them, from the database
// otherwise (with the cluster); those are also put in loaded and tx. A cached
// claim's cluster is left "" (to be read, and the claim checked, by
// readClusters) unless vouched: seqs are never reused, or no other writer
// changed claims since this process's last bulk commit (bulk).
func (s *DB) loadItems(q txq, seqs []int64, loaded map[int64]*itemWithCluster, tx txItems, vouched bool) (map[int64]*itemWithCluster, error) {
	out := make(map[int64]*itemWithCluster, len(seqs))
	var miss []int64
	for _, seq := range seqs {
		if c := tx[seq]; c != nil {
			cl := c.Cluster
			if !vouched {
				cl = ""
			}
			out[seq] = &itemWithCluster{Item: c.Item, Cluster: cl}
		} else if it, cl := s.feat.get(seq); it != nil {
			if !vouched {
				cl = ""
			}
			out[seq] = &itemWithCluster{Item: it, Cluster: cl}
		} else {
			miss = append(miss, seq)
		}
	}
	err := inIDs(s.d, miss, func(ph string, args []any) error {
		return q.scanAll(`SELECT `+candCols+` FROM claims c WHERE c.seq IN (`+ph+`)`, args, func(r *sql.Rows) error {
			var seq int64
			var id, art, kind, key, typ, cl string
			var text, nums, feat sql.RawBytes
			if err := r.Scan(&seq, &id, &art, &kind, &key, &typ, &text, &nums, &feat, &cl); err != nil {
				return err
			}
			out[seq] = claimFromRow(id, art, kind, key, typ, text, nums, feat, cl)
			loaded[seq] = out[seq]
			tx[seq] = out[seq]
			return nil
		})
	})
	return out, err
}

// candCols are the columns of claims alias c that claimFromRow needs.
const candCols = `c.seq, c.id, c.article_id, c.kind, c.speaker_key, c.speaker_type, c.text, c.numbers, c.feat, c.cluster_id`

// claimFromRow builds a stored claim's features from its row: decoded from
// its stored features (feat, group.EncodeFeatures) when they are there and
// from this version of grouping, derived again from its text otherwise.
func claimFromRow(id, art, kind, key, typ string, text, nums, feat []byte, cl string) *itemWithCluster {
	c := contract.Claim{ID: id, Kind: kind, Text: string(text)}
	if typ != "" {
		c.Speaker = &contract.Speaker{Type: typ, Key: key}
	}
	if len(feat) > 0 {
		spType := ""
		if c.Speaker != nil && c.Speaker.Type != contract.SpeakerUnknown && keyed.has(key) {
			spType = typ // as NewItem sets it (group.ClaimSpeakerKey)
		}
		if it, err := group.DecodeFeatures(id, art, kind, key, spType, c.Text, feat); err == nil {
			return &itemWithCluster{Item: &it, Cluster: cl}
		}
	}
	if len(nums) > 0 {
		_ = json.Unmarshal(nums, &c.Numbers) // written by us; a bad value only loses the figure
	}
	it := group.NewItem(art, c)
	it.SpeakerKey = key
	return &itemWithCluster{Item: &it, Cluster: cl}
}

// keyed remembers which stored speaker keys give a key again
// (contract.SpeakerKey(key) != "", what group.ClaimSpeakerKey asks of a
// stored claim's speaker). Every candidate read from the database asks it,
// and folding the key again was a sixth of building its features; a store
// sees the same speakers over and over.
var keyed = keyMemo{m: map[string]bool{}}

// maxKeyMemo bounds keyMemo: it starts again once it holds this many keys.
const maxKeyMemo = 1 << 16

type keyMemo struct {
	mu sync.Mutex
	m  map[string]bool
}

func (k *keyMemo) has(key string) bool {
	if key == "" {
		return false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.m[key]
	if !ok {
		if len(k.m) >= maxKeyMemo {
			clear(k.m)
		}
		v = contract.SpeakerKey(key) != ""
		k.m[key] = v
	}
	return v
}
