package store

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// Re-homing. Which cluster a claim founds or joins depends on the order the
// wordings of a statement arrive in: a short wording that comes before the
// statement's other wordings fits nothing yet and founds a cluster of its
// own, where it stays once the statement's cluster forms from the later
// ones. So when new claims join or found clusters, a stored claim among
// their candidates that is alone in its cluster and alike one of them
// (Score at least JoinScore) moves to that claim's cluster when it fits it
// (group.Best over the clusters of the new claims alike it) or is alike one
// of its members (alikeMember). Bounded: only candidates already read and
// compared, and only single-member clusters, whose one member leaving
// splits nothing. (News dev, store harness: pair F1 in file order 0.728 ->
// 0.728 with group.Best alone, 0.749 with alikeMember too (recall 0.588 ->
// 0.616, precision 0.956 -> 0.954); mean of 12 shuffled orders 0.687 ->
// 0.690 -> 0.710. Most wordings left alone do not fit their statement's
// cluster once it formed either: it has gathered the statement's other
// wordings, which they are not alike.)

// move is a stored claim leaving the cluster it was alone in, or (claim
// nil, seq 0) a whole cluster merging into another (merge.go).
type move struct {
	seq      int64
	claim    *itemWithCluster // its features; Cluster is set to to once moved
	from, to string
}

// rehome returns the moves after decide assigned p's claims (a, with sizes
// the clusters' member counts as decide left them), in seq order. hits and
// linked are decide's.
//
// siblings returns the clusters the other units of a unit's claim are in
// (unitSiblings); nil keeps units where they are.
func rehome(p *prepared, hits [][]int64, linked map[int64]*itemWithCluster, a *assignment, sizes map[string]int, siblings func(*itemWithCluster) (map[string]bool, error)) ([]move, error) {
	// The members known of the clusters the new claims are in: the new
	// claims and the candidates in them.
	members := map[string][]*group.Item{}
	for i := range p.items {
		if !p.split[i] {
			members[a.cluster[i]] = append(members[a.cluster[i]], &p.items[i])
		}
	}
	seqs := make([]int64, 0, len(linked))
	for seq := range linked {
		seqs = append(seqs, seq)
	}
	slices.Sort(seqs)
	for _, seq := range seqs {
		if c := linked[seq]; members[c.Cluster] != nil {
			members[c.Cluster] = append(members[c.Cluster], c.Item)
		}
	}
	// The clusters each lone candidate may move to: those of the new
	// claims alike it. Most candidates are alone in the index, and the
	// alike ones are few: only those are fitted to a cluster.
	targets := map[int64][]string{}
	for i := range p.items {
		if p.split[i] {
			continue
		}
		for _, seq := range hits[i] {
			c := linked[seq]
			if c.Cluster != a.cluster[i] && alone(c.Cluster, seq, a, sizes) && (siblings != nil || !isUnit(c.ID)) &&
				!slices.Contains(targets[seq], a.cluster[i]) && group.Score(&p.items[i], c.Item) >= group.JoinScore {
				targets[seq] = append(targets[seq], a.cluster[i])
			}
		}
	}
	var moves []move
	unitsTo := map[string][]string{} // the clusters units moved to, by claim
	for _, seq := range seqs {
		ids := targets[seq]
		if len(ids) == 0 {
			continue
		}
		slices.Sort(ids)
		c := linked[seq]
		candidates := func(ids []string) []*group.Candidate {
			cs := make([]*group.Candidate, len(ids))
			for k, id := range ids {
				cs[k] = &group.Candidate{ID: id, Rep: a.reps[id], Members: members[id], Size: sizes[id]}
			}
			return cs
		}
		cs := candidates(ids)
		b := group.Best(c.Item, cs)
		if b >= 0 && isUnit(c.ID) {
			// Read only for a unit that would move: left out, the clusters
			// that hold a sibling leave Best no fit it lacked before.
			in, err := siblings(c)
			if err != nil {
				return nil, err
			}
			claim, _ := unitClaim(c.ID)
			if kept := slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return in[id] || slices.Contains(unitsTo[claim], id) }); len(kept) < len(ids) {
				ids, cs, b = kept, candidates(kept), -1
				if len(ids) > 0 {
					b = group.Best(c.Item, cs)
				}
			}
		}
		if b < 0 && !isUnit(c.ID) {
			// A unit moves only to a cluster it fits: one sentence of a
			// quotation shares its speaker's topic words with the
			// sentences of his other statements, and one member alike it
			// may be such a sentence (news dev, store harness, order 9 of
			// 12: a unit moved on one member to a cluster that member had
			// joined wrongly, pair F1 0.837 -> 0.829; no move by
			// alikeMember for units: 0.837, no order lower than before).
			b = alikeMember(c.Item, cs)
		}
		if b < 0 {
			continue
		}
		to := ids[b]
		if Trace != nil {
			trace("move %s %s from %s to %s", c.ID, traceText(c.Item), c.Cluster, to)
		}
		moves = append(moves, move{seq: seq, claim: c, from: c.Cluster, to: to})
		members[to] = append(members[to], c.Item)
		sizes[to]++
		sizes[c.Cluster] = 0
		if claim, ok := unitClaim(c.ID); ok {
			unitsTo[claim] = append(unitsTo[claim], to)
		}
	}
	return moves, nil
}

// alikeMember returns the candidate of two members or more with the member
// it is most alike, at least minLoneAlike; -1 for none (ties to the first).
// A claim alone in its cluster is a wording no other outlet printed the
// way it did when it came; once the statement's cluster forms, the wording
// closest to it vouches for it, where a newcomer needs the representative
// or the members on average (group.Fit): it moves alone, and nothing joined
// it that could follow.
func alikeMember(it *group.Item, cs []*group.Candidate) int {
	best, top := -1, minLoneAlike
	for k, c := range cs {
		if c.Size < 2 || slices.ContainsFunc(c.Members, func(m *group.Item) bool { return group.Contradicts(it, m) }) {
			continue // as group.Fit: a member it negates rules the cluster out
		}
		for _, m := range c.Members {
			if group.IsFragment(m) {
				// Alike whatever prints its words (as group.Best's support):
				// a claim that shares a quoted word or two with one member
				// is a chain, not a wording of the statement (store harness:
				// wrong pairs 28 -> 27 in file order, fewer in 9 of 12
				// shuffled orders, none more; pair F1 within 0.001 of
				// before in every order).
				continue
			}
			if s := group.Score(it, m); s >= top && (best < 0 || s > top) {
				best, top = k, s
			}
		}
	}
	return best
}

// minLoneAlike is how alike a member a claim alone in its cluster must be
// to move to that member's cluster when it does not fit it (alikeMember).
// News dev, store harness, mean of 8 shuffled orders: 0.711 at 0.40 (lower
// precision in one order), 0.711 at 0.45, 0.704 at 0.50, 0.699 at 0.60.
const minLoneAlike = 0.45

// alone reports whether cluster id is a stored cluster whose one member is
// the claim at seq, and no new claim joined it.
func alone(id string, seq int64, a *assignment, sizes map[string]int) bool {
	st := a.stored[id]
	return st != nil && !a.fresh[id] && sizes[id] == 1 && st.repSeq == seq
}

// isUnit reports whether id is a unit's (units.go). A unit moves only
// where no other unit of its claim is (rehome's siblings): a claim's units
// are its several assertions, never one cluster's members twice. Kept in
// place, a sentence of a quotation that came before its statement's other
// wordings stayed alone for good. (News dev, store harness: mean of 30
// shuffled orders 0.8194 -> 0.8202, two orders higher (0.803 -> 0.825,
// 0.803 -> 0.806), none lower; file order 0.876 unchanged.)
func isUnit(id string) bool {
	_, ok := unitClaim(id)
	return ok
}

// unitClaim is the id of the claim whose unit id is (its id before the last
// unitSep, numbered after it); ok is false for an id that is no unit's.
func unitClaim(id string) (claim string, ok bool) {
	i := strings.LastIndex(id, unitSep)
	if i <= 0 || i == len(id)-len(unitSep) {
		return "", false
	}
	for _, r := range id[i+len(unitSep):] {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return id[:i], true
}

// moved records m for the claims the transaction holds and the feature
// cache once committed: the claim's cluster is m.to from now on.
func (p *prepared) moved(m move) {
	if m.claim == nil { // a merge: every claim recorded in the cluster
		for _, c := range p.tx {
			if c.Cluster == m.from {
				c.Cluster = m.to
			}
		}
		p.moves = append(p.moves, m)
		return
	}
	m.claim.Cluster = m.to
	if c := p.tx[m.seq]; c != nil {
		c.Cluster = m.to
	} else if p.tx != nil {
		p.tx[m.seq] = &itemWithCluster{Item: m.claim.Item, Cluster: m.to}
	}
	p.moves = append(p.moves, m)
}

// applyMoves writes moves once p's claims and their clusters are stored
// (moveRows, rebuildMoved).
func (s *DB) applyMoves(q txq, p *prepared, moves []move) error {
	if len(moves) == 0 {
		return nil
	}
	merged, err := moveRows(q, moves)
	if err != nil {
		return err
	}
	p.merged = append(p.merged, merged...)
	for _, m := range moves {
		p.moved(m)
	}
	return s.rebuildMoved(q, moves)
}

// moveRows writes moves of stored claims: every claim recorded in the
// cluster a moved claim leaves (it, and a claim grouped by its units whose
// first unit it is) goes to the cluster it joins.
//
// It returns the claims moved by the merges among moves (merge.go), whose
// cached cluster is stale once committed (prepared.merged).
func moveRows(q txq, moves []move) ([]reclustered, error) {
	var merged []reclustered
	for _, m := range moves {
		if m.claim != nil {
			if err := q.exec(`UPDATE claims SET cluster_id = ? WHERE cluster_id = ?`, m.to, m.from); err != nil {
				return nil, fmt.Errorf("move claim to cluster %s: %w", m.to, err)
			}
			continue
		}
		r := reclustered{cluster: m.to}
		if err := q.scanAll(`UPDATE claims SET cluster_id = ? WHERE cluster_id = ? RETURNING seq`, []any{m.to, m.from}, func(rows *sql.Rows) error {
			var seq int64
			err := rows.Scan(&seq)
			r.seqs = append(r.seqs, seq)
			return err
		}); err != nil {
			return nil, fmt.Errorf("merge cluster %s into %s: %w", m.from, m.to, err)
		}
		merged = append(merged, r)
	}
	return merged, nil
}

// reclustered are stored claims that a merge moved to cluster.
type reclustered struct {
	seqs    []int64
	cluster string
}

// rebuildMoved rebuilds the rows of the clusters moves joined, from their
// members, and deletes those of the clusters they left, empty.
func (s *DB) rebuildMoved(q txq, moves []move) error {
	if len(moves) == 0 {
		return nil
	}
	ids := make([]string, 0, 2*len(moves))
	for _, m := range moves {
		ids = append(ids, m.to, m.from)
	}
	slices.Sort(ids)
	if err := s.rebuildClusters(q, slices.Compact(ids)); err != nil {
		return fmt.Errorf("clusters of moved claims: %w", err)
	}
	return nil
}

// inGoneClusters returns the linked claims whose cluster has no row: their
// cluster as cached is stale (the cache vouches for clusters where seqs are
// never reused, and another process may have moved or deleted the claim).
func inGoneClusters(linked map[int64]*itemWithCluster, stored map[string]*storedCluster) []int64 {
	var gone []int64
	for seq, c := range linked {
		if stored[c.Cluster] == nil {
			gone = append(gone, seq)
		}
	}
	slices.Sort(gone)
	return gone
}

// unitSiblings returns what rehome asks of a lone unit that may move: the
// clusters the other units of its claim are in, read from the claims
// table (the claim's units are rows of its article) and, where the
// transaction holds them, as it left them (tx; the units of an article of
// the batch being grouped in bulk are there alone), each as far as the
// merges of a and then those of merged (the batch's before, or nil) moved
// them. A unit that founded its own cluster because its wording came
// before the statement's others would otherwise never join them: the rule
// that keeps a claim's units apart is kept by this reading rather than by
// keeping every unit where it came first.
func (s *DB) unitSiblings(q txq, tx txItems, a *assignment, merged func(string) string) func(*itemWithCluster) (map[string]bool, error) {
	return func(c *itemWithCluster) (map[string]bool, error) {
		claim, _ := unitClaim(c.ID)
		in := map[string]bool{}
		add := func(cl string) {
			if merged != nil {
				cl = merged(cl)
			}
			in[a.current(cl)] = true
		}
		err := q.scanAll(`SELECT seq, cluster_id FROM claims WHERE article_id = ? AND unit_of = ? AND id <> unit_of AND id <> ?`,
			[]any{c.ArticleID, claim, c.ID}, func(r *sql.Rows) error {
				var seq int64
				var cl string
				if err := r.Scan(&seq, &cl); err != nil {
					return err
				}
				if t := tx[seq]; t != nil && t.Cluster != "" {
					cl = t.Cluster
				}
				add(cl)
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("units of claim %s: %w", claim, err)
		}
		for _, t := range tx {
			if t.ArticleID == c.ArticleID && t.ID != c.ID && t.Cluster != "" {
				if other, ok := unitClaim(t.ID); ok && other == claim {
					add(t.Cluster)
				}
			}
		}
		return in, nil
	}
}
