package store

import (
	"cmp"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/claimwire/claimwire/services/indexer/internal/fingerprint"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// Bulk group commit. Applying a batch ClaimSet by ClaimSet runs a dozen
// statements for each (on PostgreSQL, a round trip each: most of the time
// went waiting on them). A batch's new articles are instead applied as a
// set: every read they need is one statement (their keys, bands,
// candidates and the candidates' clusters), the ClaimSets are then grouped
// in memory in their order, each seeing what the ones before it stored
// exactly as it would have read it back, and every write is a few
// multi-row statements. The claims' seqs are taken before grouping
// (Dialect.NextSeqs), so they are the ones the claims would have got one by
// one. The batch's other ClaimSets (redeliveries, re-extractions, replays)
// follow one by one in the same transaction. A batch with watches to
// evaluate, or one that fails, goes the ClaimSet-by-ClaimSet way
// (tryBatch, then runBatchIsolated).

// bulkable reports whether jobs may be tried as a set (what can be told
// before the transaction; bulk checks the rest).
func (s *DB) bulkable(jobs []job) bool {
	return s.d.NextSeqs != "" && !s.noBulk
}

// tryBulk applies jobs as a set and answers them all, or answers none and
// reports false (nothing written).
func (s *DB) tryBulk(jobs []job) bool {
	return s.allOrNothing(jobs, newBulkAhead(jobs), func(q txq) ([]bool, error) { return s.bulk(q, jobs) })
}

// bulkArticle is what the bulk path keeps of an article of the batch for
// the wire-copy marks of the articles after it.
type bulkArticle struct {
	id, outlet string
	print      fingerprint.Print
	bands      []string
	from       string // syndicated_from
	rootOutlet string // the outlet of from's article
}

// bulk applies jobs in q's transaction and returns whether each was
// applied; nil when the batch does not qualify (watches to evaluate, no new
// article, a cached candidate gone stale). The new articles (not stored,
// not replayed, first in the batch) are applied as a set; the others
// (redeliveries, re-extractions, replays) after them one by one, as
// tryBatch would.
func (s *DB) bulk(q txq, all []job) ([]bool, error) {
	if err := s.lock(q); err != nil {
		return nil, err
	}
	if ws, err := s.watchCache.get(q); err != nil || len(ws) > 0 {
		return nil, err
	}
	ids := make([]string, len(all))
	for i, j := range all {
		ids[i] = j.p.cs.Article.ID
	}
	stored := map[string]bool{}
	if q.start != nil && q.start.stored != nil {
		stored = q.start.stored // read as the transaction began
	} else if err := inIDs(s.d, ids, func(ph string, args []any) error {
		return q.scanAll(`SELECT id FROM articles WHERE id IN (`+ph+`)`, args, func(r *sql.Rows) error {
			var id string
			err := r.Scan(&id)
			stored[id] = true
			return err
		})
	}); err != nil {
		return nil, err
	}
	var jobs, rest []job
	for _, j := range all {
		id := j.p.cs.Article.ID
		if stored[id] || j.p.replay != "" {
			rest = append(rest, j)
			continue
		}
		stored[id] = true // a second copy in the batch is a re-apply
		jobs = append(jobs, j)
	}
	if len(jobs) == 0 {
		return nil, nil
	}
	keys, err := s.beginKeys(q)
	if err != nil {
		return nil, err
	}
	// The cache's clusters are the stored ones where seqs are never
	// reused, and while no other writer changed claims (the keys' counter
	// is where this process's last bulk commit left it). Once one did, the
	// claims cached before are read again.
	vouched := !s.d.SeqsReused || keys != nil && keys.current
	if !vouched {
		s.feat.distrust()
	}
	n := 0
	for _, j := range jobs {
		n += len(j.p.items)
	}
	seqs, err := s.nextSeqs(q, n)
	if err != nil {
		return nil, err
	}
	// The batch's claims are the newest: any seq from the first on is one
	// of theirs.
	var firstSeq int64 = 1<<63 - 1
	if n > 0 {
		firstSeq = seqs[0]
	}
	inBatch := func(seq int64) bool { return seq >= firstSeq }
	tx := txItems{}
	loaded := map[int64]*itemWithCluster{}
	for _, j := range jobs {
		p := j.p
		p.seqs, seqs = seqs[:len(p.items):len(p.items)], seqs[len(p.items):]
		p.clusters, p.loaded, p.fired, p.tx, p.moves, p.merged = nil, map[int64]*itemWithCluster{}, 0, tx, nil, nil
	}
	jobs[0].p.loaded = loaded // cached once committed, whichever job read them

	arts, err := s.bulkSyndication(q, jobs, keys)
	if err != nil {
		return nil, err
	}
	perItem, err := s.bulkCandidates(q, jobs, keys)
	if err != nil {
		return nil, err
	}

	// The stored candidates' features, but for those whose cached head
	// says they score nothing (features.relevant), and the clusters of
	// those that grouping links (the batch's own claims are linked from
	// memory).
	ncands := 0
	for _, per := range perItem {
		for _, cs := range per {
			ncands += len(cs)
		}
	}
	askers := newAskers(ncands)
	for k, per := range perItem {
		for i, cs := range per {
			for _, seq := range cs {
				if !inBatch(seq) {
					askers.add(seq, &jobs[k].p.items[i])
				}
			}
		}
	}
	storedSeqs := s.feat.relevant(askers)
	slices.Sort(storedSeqs)
	cands, err := s.loadItems(q, storedSeqs, loaded, tx, vouched)
	if err != nil {
		return nil, fmt.Errorf("candidates: %w", err)
	}
	// Which pairs score is known before any decision: grouping decides the
	// clusters, not the candidates.
	// Sized once: at 20,000 articles a batch has hundreds of thousands of
	// pairs, and growing the slice was an eighth of the indexer's
	// allocations.
	pairs := make([]scorePair, 0, ncands)
	for k, j := range jobs {
		p := j.p
		for i := range p.items {
			for _, seq := range perItem[k][i] {
				var it *group.Item
				if inBatch(seq) {
					it = tx[seq].Item
				} else if c := cands[seq]; c != nil {
					it = c.Item
				}
				if it != nil {
					pairs = append(pairs, scorePair{k: int32(k), i: int32(i), seq: seq, a: &p.items[i], b: it})
				}
			}
		}
		// The claims are in tx from now on for the jobs after this one
		// (their clusters are set once decided).
		for i := range p.items {
			tx[p.seqs[i]] = &itemWithCluster{Item: &p.items[i]}
		}
	}
	scorePairs(pairs)
	hits := make([][][]int64, len(jobs))
	scores := make([][][]hitScore, len(jobs))
	for k, j := range jobs {
		hits[k] = make([][]int64, len(j.p.items))
		scores[k] = make([][]hitScore, len(j.p.items))
	}
	linkedStored := map[int64]*itemWithCluster{}
	for _, pr := range pairs {
		if pr.score <= 0 && !pr.near {
			continue
		}
		hits[pr.k][pr.i] = append(hits[pr.k][pr.i], pr.seq)
		scores[pr.k][pr.i] = append(scores[pr.k][pr.i], hitScore{pr.score, pr.near})
		if !inBatch(pr.seq) {
			linkedStored[pr.seq] = cands[pr.seq]
		}
	}
	if stale, err := s.readClusters(q, linkedStored); err != nil || len(stale) > 0 {
		if len(stale) > 0 {
			s.feat.evict(stale)
		}
		return nil, err
	}
	clusterIDs := make([]string, 0, len(linkedStored))
	for _, c := range linkedStored {
		clusterIDs = append(clusterIDs, c.Cluster)
	}
	slices.Sort(clusterIDs)
	current, err := s.storedClusters(q, slices.Compact(clusterIDs), loaded, tx)
	if err != nil {
		return nil, fmt.Errorf("clusters of candidates: %w", err)
	}
	if gone := inGoneClusters(linkedStored, current); len(gone) > 0 {
		s.feat.evict(gone) // read again one by one (assign)
		return nil, nil
	}

	// Grouping, ClaimSet after ClaimSet, each seeing the clusters as the
	// ones before it left them.
	final := map[string][]any{}
	founded := map[string]bool{} // clusters founded by the batch's claims
	var moved []move             // of stored claims; the batch's are moved in memory
	// mergedInBatch maps a cluster the batch merged into another to that
	// one, for the clusters of stored claims read after (unitSiblings).
	mergedInBatch := map[string]string{}
	batchMerged := func(id string) string {
		for {
			to, ok := mergedInBatch[id]
			if !ok {
				return id
			}
			id = to
		}
	}
	for k, j := range jobs {
		p := j.p
		linked := map[int64]*itemWithCluster{}
		for _, hs := range hits[k] {
			for _, seq := range hs {
				if inBatch(seq) {
					linked[seq] = tx[seq]
				} else {
					linked[seq] = linkedStored[seq]
				}
			}
		}
		before := map[string]*storedCluster{}
		reps := map[string]*group.Item{}
		sizes := map[string]int{}
		for _, c := range linked {
			if st := current[c.Cluster]; st != nil {
				before[c.Cluster] = st
				sizes[c.Cluster] = st.nMembers
				if st.rep != nil {
					reps[c.Cluster] = st.rep
				}
			}
		}
		a, err := s.decide(q, p, hits[k], scores[k], linked, reps, sizes, false)
		if err != nil {
			return nil, err
		}
		a.stored = before
		for id := range a.fresh {
			founded[id] = true
		}
		moves := a.mergeMoves(linked)
		homes, err := rehome(p, hits[k], linked, a, sizes, s.unitSiblings(q, tx, a, batchMerged))
		if err != nil {
			return nil, err
		}
		moves = append(moves, homes...)
		rows, err := clusterUpdates(p, a)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			id := r[0].(string)
			final[id] = r
			st := clusterFromRow(r)
			if i, ok := a.rep[id]; ok {
				st.rep = &p.items[i]
			} else if old := current[id]; old != nil {
				st.rep = old.rep
			}
			current[id] = st
		}
		p.clusters = a.cluster
		for i, seq := range p.seqs {
			tx[seq].Cluster = a.cluster[i]
		}
		for _, m := range moves {
			merge := m.claim == nil
			switch {
			case merge:
				mergedInBatch[m.from] = m.to
				// The batch's claims in the cluster, and the stored ones
				// (once the batch is written).
				bulkMerge(jobs[:k+1], m)
				for _, c := range linkedStored {
					if c.Cluster == m.from {
						c.Cluster = m.to
					}
				}
				moved = append(moved, m)
			case inBatch(m.seq):
				bulkMove(jobs[:k+1], m)
			default:
				moved = append(moved, m)
			}
			p.moved(m)
			// As applyMoves leaves the rows for the jobs after this one;
			// the joined cluster's row is rebuilt once written.
			if merge && current[m.from] != nil {
				current[m.to].nMembers += current[m.from].nMembers
			} else {
				current[m.to].nMembers++
			}
			delete(current, m.from)
			delete(final, m.from)
		}
	}
	// Nothing to write after the set (no stored claim moved or cluster
	// rebuilt, nothing to apply one by one): its COMMIT goes in the round
	// trip of its writes, which are then the transaction's last.
	alone := len(rest) == 0 && len(moved) == 0 && q.canCommitWithCopy()
	for _, j := range jobs {
		alone = alone && len(j.p.moves) == 0
	}
	if alone {
		if err := s.keysWritten(q, keys, jobs, true); err != nil {
			return nil, err
		}
	}
	committed, err := s.bulkWrite(q, jobs, arts, final, founded, alone)
	if err != nil {
		return nil, err
	}
	if committed {
		jobs[0].p.keyUpdate = keys
		return slices.Repeat([]bool{true}, len(all)), nil
	}
	if err := s.bulkMoves(q, jobs, moved); err != nil {
		return nil, err
	}
	if !alone {
		if err := s.keysWritten(q, keys, jobs, len(rest) == 0); err != nil {
			return nil, err
		}
	}
	// The rest, one by one, seeing the set's claims as stored (and as read
	// into tx).
	f := s.newFTSState()
	done := map[*prepared]bool{}
	for _, j := range rest {
		if keys != nil {
			keys.bands = append(keys.bands, j.p.bands...) // markSyndication stores them
		}
		j.p.tx = tx
		applied, err := s.apply(q.ctx, q.tx, j.p, f)
		if err != nil {
			return nil, err
		}
		done[j.p] = applied
	}
	if err := s.ftsFlush(q, f); err != nil {
		return nil, err
	}
	if len(rest) > 0 {
		if err := s.keysKept(q, keys); err != nil {
			return nil, err
		}
	}
	jobs[0].p.keyUpdate = keys // for the lists once committed
	out := make([]bool, len(all))
	for i, j := range all {
		applied, ok := done[j.p]
		out[i] = applied || !ok
	}
	return out, nil
}

// scorePair is a claim of the batch (job k's item i, a) and a candidate
// (at seq, b), and their group.Score once scored; near is group.Near when
// they score 0 (a candidate Fit weighs all the same).
type scorePair struct {
	k, i  int32
	seq   int64
	a, b  *group.Item
	score float64
	near  bool
}

func (p *scorePair) run() {
	p.score, p.near = group.ScoreNear(p.a, p.b)
}

// minPairsPerScorer is the least pairs worth a goroutine of their own.
const minPairsPerScorer = 2000

// scorePairs scores pairs, on every core. The writer is one goroutine,
// the pipeline's bottleneck once the index is large, and its batches
// then compare each claim with up to maxCandidates stored ones: scoring
// was a fifth of its time at 18,000–20,000 articles (a twelfth at the
// first 2,000). Score only reads the Items, which never change once built.
func scorePairs(pairs []scorePair) {
	workers := min(runtime.GOMAXPROCS(0), len(pairs)/minPairsPerScorer)
	if workers <= 1 {
		for x := range pairs {
			pairs[x].run()
		}
		return
	}
	var wg sync.WaitGroup
	per := (len(pairs) + workers - 1) / workers
	for lo := 0; lo < len(pairs); lo += per {
		part := pairs[lo:min(lo+per, len(pairs))]
		wg.Go(func() {
			for x := range part {
				part[x].run()
			}
		})
	}
	wg.Wait()
}

// bulkMove moves a claim of the batch (of one of jobs, not yet written)
// with the claim grouped by units recorded in its cluster, if any.
func bulkMove(jobs []job, m move) {
	for _, j := range jobs {
		if !slices.Contains(j.p.seqs, m.seq) {
			continue
		}
		for i, cl := range j.p.clusters {
			if cl == m.from {
				j.p.clusters[i] = m.to
			}
		}
		return
	}
}

// bulkMerge records the batch's claims (of jobs, not yet written) in the
// cluster m.from in m.to.
func bulkMerge(jobs []job, m move) {
	for _, j := range jobs {
		for i, cl := range j.p.clusters {
			if cl == m.from {
				j.p.clusters[i] = m.to
			}
		}
	}
}

// bulkMoves writes the moves of stored claims once the batch is written,
// and rebuilds the rows of the clusters every move joined or left.
func (s *DB) bulkMoves(q txq, jobs []job, stored []move) error {
	merged, err := moveRows(q, stored)
	if err != nil {
		return err
	}
	jobs[0].p.merged = merged
	var all []move
	for _, j := range jobs {
		all = append(all, j.p.moves...)
	}
	return s.rebuildMoved(q, all)
}

// nextSeqs returns the seqs of the next n claims.
func (s *DB) nextSeqs(q txq, n int) ([]int64, error) {
	out := make([]int64, 0, n)
	if n == 0 {
		return out, nil
	}
	if q.start != nil && len(q.start.seqs) == n {
		return append(out, q.start.seqs...), nil // taken as the transaction began
	}
	err := q.scanAll(s.d.NextSeqs, []any{n}, func(r *sql.Rows) error {
		var seq int64
		err := r.Scan(&seq)
		out = append(out, seq)
		return err
	})
	if err == nil && len(out) != n {
		err = fmt.Errorf("next seqs: %d for %d claims", len(out), n)
	}
	slices.Sort(out)
	return out, err
}

// clusterFromRow is a clusters row (as upsertClusters writes it) as read
// back, without its representative's features.
func clusterFromRow(r []any) *storedCluster {
	return &storedCluster{
		kind: r[1].(string), speaker: r[2].(string), speakerType: r[3].(string), speakerKey: r[4].(string), text: r[5].(string),
		nOutlets: r[6].(int), nArticles: r[7].(int), nMembers: r[8].(int),
		first: r[9].(string), outlets: r[10].(string), citations: r[11].(string), repSeq: r[12].(int64),
	}
}

// bulkSyndication marks the batch's wire copies as markSyndication would
// one article after the other: an article's candidates are the stored
// articles under its bands merged with the batch's articles before it.
func (s *DB) bulkSyndication(q txq, jobs []job, u *keyUpdate) ([]*bulkArticle, error) {
	arts := make([]*bulkArticle, len(jobs))
	var bands []string
	for k, j := range jobs {
		arts[k] = &bulkArticle{id: j.p.cs.Article.ID, outlet: j.p.outlet, print: j.p.print, bands: j.p.bands}
		bands = append(bands, arts[k].bands...)
	}
	slices.Sort(bands)
	bands = slices.Compact(bands)
	if u != nil {
		u.bands = append(u.bands, bands...) // stored by bulkWrite
	}
	lookup, err := s.storedBands(q, u, bands)
	if err != nil {
		return nil, fmt.Errorf("syndication: %w", err)
	}
	storedUnder := map[string][]string{} // band → article ids, ascending, at most maxPerBand
	var a string
	if err := q.perKey(printsPerBand, lookup, []any{&a}, func(i int) {
		storedUnder[lookup[i]] = append(storedUnder[lookup[i]], a)
	}); err != nil {
		return nil, fmt.Errorf("syndication: %w", err)
	}
	batchUnder := make(map[string][]string, len(bands)) // sized: grown band by band, it was a tenth of the writer's garbage
	byID := map[string]*bulkArticle{}
	cands := make([][]string, len(jobs))
	need := map[string]bool{}
	for k, art := range arts {
		shared := map[string]int{}
		for _, b := range art.bands {
			under := append(slices.Clone(storedUnder[b]), batchUnder[b]...)
			slices.Sort(under)
			for _, c := range under[:min(len(under), maxPerBand)] {
				if c != art.id {
					shared[c]++
				}
			}
		}
		out := make([]string, 0, len(shared))
		for c := range shared {
			out = append(out, c)
		}
		sort.Slice(out, func(i, j int) bool {
			if shared[out[i]] != shared[out[j]] {
				return shared[out[i]] > shared[out[j]]
			}
			return out[i] < out[j]
		})
		cands[k] = out[:min(len(out), maxPrintMatches)]
		for _, c := range cands[k] {
			if byID[c] == nil {
				need[c] = true
			}
		}
		for _, b := range art.bands {
			batchUnder[b] = append(batchUnder[b], art.id)
		}
		byID[art.id] = art
	}
	storedArts := map[string]*bulkArticle{}
	if err := inIDs(s.d, sortedKeys(need), func(ph string, args []any) error {
		return q.scanAll(`SELECT a.id, a.outlet, a.fingerprint, a.syndicated_from, COALESCE(r.outlet, '') FROM articles a
			LEFT JOIN articles r ON r.id = a.syndicated_from AND a.syndicated_from <> ''
			WHERE a.id IN (`+ph+`)`, args, func(r *sql.Rows) error {
			var c bulkArticle
			var fp string
			if err := r.Scan(&c.id, &c.outlet, &fp, &c.from, &c.rootOutlet); err != nil {
				return err
			}
			c.print = fingerprint.Parse(fp)
			storedArts[c.id] = &c
			return nil
		})
	}); err != nil {
		return nil, fmt.Errorf("syndication: %w", err)
	}
	for k, art := range arts {
		if len(art.bands) == 0 {
			continue
		}
		list := slices.Clone(cands[k])
		slices.Sort(list) // markSyndication reads them by id
		best := 0.0
		for _, cid := range list {
			c := storedArts[cid]
			if bc := byID[cid]; bc != nil && bc != art {
				c = bc
			}
			if c == nil || c == art {
				continue
			}
			root, cout := c.id, c.outlet
			if c.from != "" {
				root, cout = c.from, c.rootOutlet
			}
			if art.outlet != "" && cout == art.outlet {
				continue
			}
			if root == art.id {
				continue
			}
			if sim := art.print.Similarity(c.print); sim >= fingerprint.Near && sim > best {
				best, art.from, art.rootOutlet = sim, root, cout
			}
		}
	}
	return arts, nil
}

// bulkCandidates returns, per job and claim, the candidate seqs candidates
// would have returned for it applied after the jobs before it: the stored
// claims under its keys merged with those of the batch's earlier jobs,
// which are the newest.
func (s *DB) bulkCandidates(q txq, jobs []job, recent *keyUpdate) ([][][]int64, error) {
	n := 0
	for _, j := range jobs {
		for _, ks := range j.p.queryKeys {
			n += len(ks)
		}
	}
	keys := make([]string, 0, n) // sized: grown key by key, 29 MB over the 25,000-ClaimSet bench
	var sketches [][]string      // the sketch queries' tokens
	sketchOf := map[string]int{} // sketch query → index in sketches
	for _, j := range jobs {
		for _, ks := range j.p.queryKeys {
			var sketch []string
			for _, k := range ks {
				if group.IsSketch(k) {
					sketch = append(sketch, sketchToken(k))
				} else {
					keys = append(keys, k)
				}
			}
			if len(sketch) > 0 {
				sq := s.d.SketchQuery(sketch)
				if _, ok := sketchOf[sq]; !ok {
					sketchOf[sq] = len(sketches)
					sketches = append(sketches, sketch)
				}
			}
		}
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	storedByKey := make(map[string][]int64, len(keys))
	if err := s.lookupRecent(q, keys, storedByKey, recent); err != nil {
		return nil, err
	}
	storedBySketch, err := s.storedSketchMatches(q, sketches, jobs, recent)
	if err != nil {
		return nil, err
	}
	pendingFTS := s.d.FTSInsert != "" // the batch's claims are not in the full-text index until it commits
	// Ascending; sized for the keys looked up, which the batch stores too.
	batchByKey := make(map[string][]int64, len(keys))
	type sketched struct {
		seq    int64
		tokens []string
	}
	var batchSketch []sketched // ascending
	out := make([][][]int64, len(jobs))
	scratch := map[int64]bool{}
	for k, j := range jobs {
		p := j.p
		out[k] = make([][]int64, len(p.items))
		for i, ks := range p.queryKeys {
			lists := make([][]int64, 0, len(ks))
			var sketch []string
			for _, key := range ks {
				if group.IsSketch(key) {
					sketch = append(sketch, sketchToken(key))
					continue
				}
				// The newest maxCandidatesPerKey: the batch's, newest first,
				// then the stored ones.
				lists = append(lists, newestOf(batchByKey[key], storedByKey[key]))
			}
			if len(sketch) > 0 {
				matches := func(tokens []string) bool {
					for _, t := range sketch {
						if slices.Contains(tokens, t) {
							return true
						}
					}
					return false
				}
				stored := storedBySketch[sketchOf[s.d.SketchQuery(sketch)]]
				var l []int64
				if pendingFTS {
					// As candidates does: the stored matches, then every
					// pending one, ascending.
					l = append(l, stored...)
					for _, c := range batchSketch {
						if matches(c.tokens) {
							l = append(l, c.seq)
						}
					}
				} else {
					for x := len(batchSketch) - 1; x >= 0 && len(l) < maxCandidatesPerKey; x-- {
						if matches(batchSketch[x].tokens) {
							l = append(l, batchSketch[x].seq)
						}
					}
					for _, seq := range stored {
						if len(l) >= maxCandidatesPerKey {
							break
						}
						l = append(l, seq)
					}
				}
				lists = append(lists, l)
			}
			out[k][i] = withinBudget(lists, scratch)
		}
		for i, seq := range p.seqs {
			for _, key := range p.keys[i] {
				batchByKey[key] = append(batchByKey[key], seq)
			}
			if len(p.sketch[i]) > 0 {
				batchSketch = append(batchSketch, sketched{seq, p.sketch[i]})
			}
		}
	}
	return out, nil
}

// bulkWrite stores the batch: articles with their wire-copy marks, prints,
// claims with their seqs and clusters, keys, the clusters' final rows and
// (SQLite) the full-text index. The clusters founded by the batch's claims
// (founded) are new rows. commit: the transaction commits in the same
// round trip where it can (q.copyAll), which committed reports.
func (s *DB) bulkWrite(q txq, jobs []job, arts []*bulkArticle, clusters map[string][]any, founded map[string]bool, commit bool) (committed bool, err error) {
	now := time.Now().UTC().Format(timeLayout)
	type printRow struct{ band, article string }
	type keyRow struct {
		key string
		seq int64
	}
	// Sized first: grown row by row, the slices were a third of what
	// bulkWrite allocated.
	nPrints, nClaims, nKeys := 0, 0, 0
	for k, j := range jobs {
		nPrints += len(arts[k].bands)
		nClaims += len(j.p.claimRows)
		for _, ks := range j.p.keys {
			nKeys += len(ks)
		}
	}
	articleRows, claimRows := make([][]any, 0, len(jobs)), make([][]any, 0, nClaims)
	prints := make([]printRow, 0, nPrints)
	keys := make([]keyRow, 0, nKeys)
	f := s.newFTSState()
	for k, j := range jobs {
		p, a, art := j.p, &j.p.cs.Article, arts[k]
		articleRows = append(articleRows, []any{a.ID, clean(a.URL), p.outlet, clean(a.Title), clean(a.Byline), p.published, clean(a.Lang), clean(a.Text),
			clean(a.CleanerVersion), clean(p.cs.ExtractorVersion), now, p.printText, art.from, p.hash})
		for _, b := range art.bands {
			prints = append(prints, printRow{b, a.ID})
		}
		for i, r := range p.claimRows {
			// Into the room prepare left after the row (p.claimRows keeps
			// its length: a rerun one by one appends to a copy).
			claimRows = append(claimRows, append(r, p.clusters[i], p.seqs[i]))
			for _, key := range p.keys[i] {
				keys = append(keys, keyRow{key, p.seqs[i]})
			}
		}
		f.added(p.seqs, p.sketch)
	}
	// In the order of their tables' keys: each row's index entry then goes
	// beside the one before (on the page just read) rather than to a page
	// anywhere in the index, prints and keys being hashes. Sorted as
	// structs, then made rows sharing one slice of values: as a row each,
	// sorted through type assertions, they were a fourteenth of the writer's
	// time at 100,000 claims.
	// One string comparison a pair where the first fields differ (all
	// but a few): cmp.Or took both fields' comparisons, and cmp.Compare
	// compares two strings twice (and each with itself, its NaN test).
	slices.SortFunc(prints, func(a, b printRow) int {
		if c := strings.Compare(a.band, b.band); c != 0 {
			return c
		}
		return strings.Compare(a.article, b.article)
	})
	slices.SortFunc(keys, func(a, b keyRow) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	printRows, vals := make([][]any, len(prints)), make([]any, 0, 2*len(prints))
	for i, r := range prints {
		vals = append(vals, r.band, r.article)
		printRows[i] = vals[2*i : 2*i+2 : 2*i+2]
	}
	keyRows, vals := make([][]any, len(keys)), make([]any, 0, 2*len(keys))
	for i, r := range keys {
		vals = append(vals, r.key, r.seq)
		keyRows[i] = vals[2*i : 2*i+2 : 2*i+2]
	}
	// Plain inserts, which a bulk load can do: the articles are new, and so
	// are their prints (articles are never deleted, and prints are written
	// with their article). Should one be there after all, the batch fails
	// and is applied again one by one (tryBatch).
	sets := []CopySet{
		{`articles`, []string{"id", "url", "outlet", "title", "byline", "published", "lang", "text", "cleaner_version",
			"extractor_version", "indexed_at", "fingerprint", "syndicated_from", "claimset_hash"}, articleRows},
		{`article_prints`, []string{"band", "article_id"}, printRows},
		{`claims`, []string{"id", "article_id", "ord", "kind", "text", "sentence", "start_off", "end_off",
			"speaker_name", "speaker_mention", "speaker_type", "speaker_key", "cue", "via", "numbers", "confidence", "outlet", "published",
			"rule", "grp", "sketch", "folds", "feat", "unit_of", "cluster_id", "seq"}, claimRows},
		{`claim_keys`, []string{"key", "seq"}, keyRows},
	}
	ids := make([]string, 0, len(clusters))
	for id := range clusters {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	// A cluster founded by a new claim takes the claim's id, which no
	// stored cluster has (claim ids are unique, and a new article's are
	// new): a plain insert, which a bulk load can do, instead of an upsert,
	// which PostgreSQL makes a speculative insertion per row. Should the id
	// be taken after all, the batch fails and is applied again one by one.
	var fresh, joined [][]any
	for _, id := range ids {
		if founded[id] {
			fresh = append(fresh, clusters[id])
		} else {
			joined = append(joined, clusters[id])
		}
	}
	// The joined clusters' rows are rewritten in the same round trip where
	// the dialect can.
	update, ok := clustersUpdate(s.d, joined)
	if ok {
		joined = nil
	}
	// Not where statements follow the load.
	commit = commit && len(joined) == 0 && f == nil
	if err := q.copyAll(append(sets, CopySet{`clusters`, clusterColumns, fresh}), update, commit); err != nil {
		return false, err
	}
	if commit {
		return true, nil
	}
	if err := rewriteClusters(q, joined); err != nil {
		return false, err
	}
	return false, s.ftsFlush(q, f)
}
