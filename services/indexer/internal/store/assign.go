package store

import (
	"database/sql"
	"fmt"
	"slices"
	"strconv"

	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// Assignment: which cluster each new claim joins. A claim is compared with
// its candidates (bounded per blocking key, candidates.go); the clusters of
// those alike enough are scored by group.Fit against their representative
// and the members compared, and the claim joins the best or founds its own;
// another of those clusters that is one statement with the best merges with
// it (merge.go). Nothing else is recomputed: adding a claim costs the same whatever the
// clusters' sizes.

// assignment is the outcome for one ClaimSet.
type assignment struct {
	cluster []string        // per new claim
	fresh   map[string]bool // clusters founded by new claims
	rep     map[string]int  // clusters whose representative becomes a new claim (its index)
	reps    map[string]*group.Item
	stored  map[string]*storedCluster // the candidates' clusters as read before
	moves   []move                    // stored claims that move to the new claims' clusters (rehome)
	// merged maps a cluster merged into another (merge.go) to the one it
	// joined, as far as decide knows.
	merged map[string]string
}

func (s *DB) assign(q txq, p *prepared, f *ftsState, replaced bool) (*assignment, error) {
	items := p.items
	for attempt := 0; ; attempt++ {
		cands, perItem, err := s.candidates(q, p, f)
		if err != nil {
			return nil, fmt.Errorf("candidates: %w", err)
		}
		hits := make([][]int64, len(items))
		scores := make([][]hitScore, len(items))
		linked := map[int64]*itemWithCluster{}
		for i := range items {
			for _, seq := range perItem[i] {
				c := cands[seq]
				if c == nil {
					continue
				}
				// A candidate that scores nothing may still be near the
				// claim, which Fit weighs (group.Near).
				sc, near := group.ScoreNear(&items[i], c.Item)
				if sc <= 0 && !near {
					continue
				}
				hits[i] = append(hits[i], seq)
				scores[i] = append(scores[i], hitScore{sc, near})
				linked[seq] = c
			}
		}
		stale, err := s.readClusters(q, linked)
		if err != nil {
			return nil, fmt.Errorf("clusters of candidates: %w", err)
		}
		if len(stale) > 0 {
			if err := s.forget(p, stale, attempt); err != nil {
				return nil, err
			}
			continue
		}
		var ids []string
		for _, c := range linked {
			ids = append(ids, c.Cluster)
		}
		slices.Sort(ids)
		// The clusters' rows with their representatives: grouping needs
		// the representatives, updateClusters the rows.
		stored, err := s.storedClusters(q, slices.Compact(ids), p.loaded, p.tx)
		if err != nil {
			return nil, fmt.Errorf("clusters of candidates: %w", err)
		}
		if gone := inGoneClusters(linked, stored); len(gone) > 0 {
			// Cached in a cluster since emptied: another process moved
			// them (rehome.go) or deleted them.
			if err := s.forget(p, gone, attempt); err != nil {
				return nil, err
			}
			continue
		}
		reps := make(map[string]*group.Item, len(stored))
		sizes := make(map[string]int, len(stored))
		for id, st := range stored {
			if st.rep != nil {
				reps[id] = st.rep
			}
			sizes[id] = st.nMembers
		}
		a, err := s.decide(q, p, hits, scores, linked, reps, sizes, replaced)
		if err != nil {
			return nil, err
		}
		a.stored = stored
		a.moves = a.mergeMoves(linked)
		moves, err := rehome(p, hits, linked, a, sizes, s.unitSiblings(q, p.tx, a, nil))
		if err != nil {
			return nil, err
		}
		a.moves = append(a.moves, moves...)
		return a, nil
	}
}

// hitScore is a hit's group.ScoreNear against its claim: grouping compares
// the claim with its hits again (group.Scores).
type hitScore struct {
	score float64
	near  bool
}

// decide assigns the claims in their order in the article, each seeing the
// clusters the ones before it founded or joined.
// scores are the hits' (scores[i][x] of hits[i][x]); sizes are the stored
// clusters' member counts.
func (s *DB) decide(q txq, p *prepared, hits [][]int64, scores [][]hitScore, linked map[int64]*itemWithCluster, reps map[string]*group.Item, sizes map[string]int, replaced bool) (*assignment, error) {
	items := p.items
	a := &assignment{cluster: make([]string, len(items)), fresh: map[string]bool{}, rep: map[string]int{}, reps: reps, merged: map[string]string{}}
	sc := group.NewScores(nil)
	for i := range items {
		if p.split[i] {
			continue // grouped by its units, below
		}
		it := &items[i]
		sc.Reset(it)
		byID := map[string]*group.Candidate{}
		cand := func(id string) *group.Candidate {
			c := byID[id]
			if c == nil {
				c = &group.Candidate{ID: id, Rep: reps[id], Size: sizes[id]}
				byID[id] = c
			}
			return c
		}
		for x, seq := range hits[i] {
			c := linked[seq]
			sc.Add(c.Item, scores[i][x].score, scores[i][x].near)
			cd := cand(a.current(c.Cluster))
			cd.Members = append(cd.Members, c.Item)
		}
		for j := range i {
			if !p.split[j] && sc.Score(&items[j]) > 0 {
				cd := cand(a.cluster[j])
				cd.Members = append(cd.Members, &items[j])
			}
		}
		// The sentences of one claim are its several assertions: a unit
		// never joins a cluster that another unit of its claim joined.
		siblings := map[string]bool{}
		if u := p.unitOf[i]; u != "" {
			for j := range i {
				if !p.split[j] && p.unitOf[j] == u {
					siblings[a.cluster[j]] = true
				}
			}
		}
		cs := make([]*group.Candidate, 0, len(byID))
		for _, c := range byID {
			if !siblings[c.ID] {
				cs = append(cs, c)
			}
		}
		slices.SortFunc(cs, func(x, y *group.Candidate) int { return cmpString(x.ID, y.ID) })
		traceCandidates(it, cs)
		if b := sc.Best(cs); b >= 0 {
			if Trace != nil {
				trace("join %s %s -> %s rep %s fit %.3f of %d candidates", it.ID, traceText(it), cs[b].ID, traceText(cs[b].Rep), sc.Fit(cs[b]), len(cs))
			}
			x := a.mergeInto(sc, cs, b, sizes)
			id := x.ID
			a.cluster[i] = id
			sizes[id]++
			if rep := reps[id]; rep != nil && group.Supersedes(it, rep) {
				if Trace != nil {
					trace("rep %s now %s", id, traceText(it))
				}
				a.rep[id], reps[id] = i, it
			}
			continue
		}
		id := it.ID
		if replaced {
			// The claim may have founded a cluster in the article's previous
			// extraction that lives on without it: its id is taken.
			var err error
			if id, err = s.freeClusterID(q, id); err != nil {
				return nil, err
			}
		}
		if Trace != nil {
			trace("found %s %s (%d candidates)", id, traceText(it), len(cs))
		}
		a.cluster[i] = id
		sizes[id] = 1
		a.fresh[id] = true
		a.rep[id], reps[id] = i, it
	}
	// A claim grouped by its units is recorded in its first unit's
	// cluster (the claim's cluster_id), but is no member of it.
	for i := range items {
		if p.split[i] {
			a.cluster[i] = a.cluster[p.firstUnit[i]]
		}
	}
	return a, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// freeClusterID is id, or id with the first free numbered suffix.
func (s *DB) freeClusterID(q txq, id string) (string, error) {
	for n := 1; ; n++ {
		cand := id
		if n > 1 {
			cand = id + "-" + strconv.Itoa(n)
		}
		var found int
		err := q.scanAll(`SELECT 1 FROM clusters WHERE id = ?`, []any{cand}, func(r *sql.Rows) error { return r.Scan(&found) })
		if err != nil {
			return "", fmt.Errorf("cluster id: %w", err)
		}
		if found == 0 {
			return cand, nil
		}
	}
}

// forget drops claims whose cached features or cluster turned out stale,
// so that the next attempt reads them from the database; on a second
// attempt they changed again while grouping, which is transient.
func (s *DB) forget(p *prepared, seqs []int64, attempt int) error {
	s.feat.evict(seqs)
	for _, seq := range seqs {
		delete(p.tx, seq)
	}
	if attempt > 0 {
		return fmt.Errorf("%w: stored claims changed while grouping", ErrTransient)
	}
	return nil
}

// storedCluster is a clusters row and its representative's features.
type storedCluster struct {
	kind, speaker, speakerType, speakerKey, text string
	nOutlets, nArticles, nMembers                int
	first, outlets, citations                    string
	repSeq                                       int64
	rep                                          *group.Item // nil when the representative is not stored
}

// storedClusters reads the clusters ids with their representatives'
// features: grouping needs the representatives and updateClusters the rows,
// so they are read once.
func (s *DB) storedClusters(q txq, ids []string, loaded map[int64]*itemWithCluster, tx txItems) (map[string]*storedCluster, error) {
	if s.d.SeqsReused {
		return s.storedClustersJoined(q, ids, loaded, tx)
	}
	// Seqs never reused: a representative's seq held by the transaction or
	// the feature cache is that claim (a representative that leaves its
	// cluster is replaced in the row, rebuildClusters), so only the others
	// are read. Joining every cluster row to its representative's claim row
	// read a random page of the claims table per cluster, most of them for
	// features already in memory.
	out := make(map[string]*storedCluster, len(ids))
	err := inIDs(s.d, ids, func(ph string, args []any) error {
		return q.scanAll(`SELECT cl.id, `+clusterRowCols+` FROM clusters cl WHERE cl.id IN (`+ph+`)`, args, func(r *sql.Rows) error {
			var id string
			st := &storedCluster{}
			if err := r.Scan(append([]any{&id}, st.dest()...)...); err != nil {
				return err
			}
			out[id] = st
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	var seqs []int64
	for _, st := range out {
		if st.repSeq > 0 {
			seqs = append(seqs, st.repSeq)
		}
	}
	slices.Sort(seqs)
	if tx == nil {
		tx = txItems{}
	}
	reps, err := s.loadItems(q, slices.Compact(seqs), loaded, tx, true)
	if err != nil {
		return nil, err
	}
	for _, st := range out {
		if c := reps[st.repSeq]; c != nil {
			st.rep = c.Item
		}
	}
	return out, nil
}

// clusterRowCols are the columns of clusters alias cl that storedCluster.dest
// scans.
const clusterRowCols = `cl.kind, cl.speaker, cl.speaker_type, cl.speaker_key, cl.text, cl.n_outlets, cl.n_articles, cl.n_members,
	cl.first_seen, cl.outlets, cl.citations, cl.rep_seq`

// dest is where a row of clusterRowCols is scanned.
func (st *storedCluster) dest() []any {
	return []any{&st.kind, &st.speaker, &st.speakerType, &st.speakerKey, &st.text, &st.nOutlets, &st.nArticles, &st.nMembers,
		&st.first, &st.outlets, &st.citations, &st.repSeq}
}

// storedClustersJoined is storedClusters where seqs are reused: the
// representative's claim row is read with its cluster's, in one statement
// per chunk, and a representative held in memory is taken only when its id
// is the stored claim's.
func (s *DB) storedClustersJoined(q txq, ids []string, loaded map[int64]*itemWithCluster, tx txItems) (map[string]*storedCluster, error) {
	out := make(map[string]*storedCluster, len(ids))
	items := map[int64]*group.Item{}
	err := inIDs(s.d, ids, func(ph string, args []any) error {
		return q.scanAll(`SELECT cl.id, `+clusterRowCols+`,
				COALESCE(c.seq, 0), COALESCE(c.id, ''), COALESCE(c.article_id, ''), COALESCE(c.kind, ''), COALESCE(c.speaker_key, ''),
				COALESCE(c.speaker_type, ''), COALESCE(c.text, ''), COALESCE(c.numbers, ''), c.feat, COALESCE(c.cluster_id, '')
			FROM clusters cl LEFT JOIN claims c ON c.seq = cl.rep_seq WHERE cl.id IN (`+ph+`)`, args, func(r *sql.Rows) error {
			var id string
			st := &storedCluster{}
			var seq int64
			var cid, art, kind, key, typ, cl string
			var text, nums, feat sql.RawBytes
			dest := append(append([]any{&id}, st.dest()...), &seq, &cid, &art, &kind, &key, &typ, &text, &nums, &feat, &cl)
			if err := r.Scan(dest...); err != nil {
				return err
			}
			out[id] = st
			if seq == 0 || st.repSeq <= 0 {
				return nil
			}
			if c := tx[seq]; c != nil && c.ID == cid {
				st.rep = c.Item
				return nil
			}
			if it, _ := s.feat.get(seq); it != nil && it.ID == cid {
				st.rep = it
				return nil
			}
			if items[seq] == nil {
				c := claimFromRow(cid, art, kind, key, typ, text, nums, feat, cl)
				items[seq], loaded[seq] = c.Item, c
				if tx != nil {
					tx[seq] = c
				}
			}
			st.rep = items[seq]
			return nil
		})
	})
	return out, err
}

// clusterReps returns the representatives' features of the clusters ids.
func (s *DB) clusterReps(q txq, ids []string, loaded map[int64]*itemWithCluster) (map[string]*group.Item, error) {
	stored, err := s.storedClusters(q, ids, loaded, nil)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*group.Item, len(stored))
	for id, st := range stored {
		if st.rep != nil {
			out[id] = st.rep
		}
	}
	return out, nil
}
