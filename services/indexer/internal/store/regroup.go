package store

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// regroup recomputes the connected components over newIDs and the members of
// the touched clusters (a closed set: edges never leave it), relabels the
// claims whose cluster changed, and rewrites the affected cluster rows.
func (s *DB) regroup(q txq, newIDs []string, touched map[string]bool) error {
	nodes := map[string]bool{}
	for _, id := range newIDs {
		nodes[id] = true
	}
	oldLabel := map[string]string{}
	for _, id := range newIDs {
		oldLabel[id] = id // inserted as their own cluster
	}
	touchedIDs := sortedKeys(touched)
	if err := inChunks(touchedIDs, func(ph string, args []any) error {
		rows, err := q.query(`SELECT id, cluster_id FROM claims WHERE cluster_id IN (`+ph+`)`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, cl string
			if err := rows.Scan(&id, &cl); err != nil {
				return err
			}
			nodes[id] = true
			oldLabel[id] = cl
		}
		return rows.Err()
	}); err != nil {
		return fmt.Errorf("regroup members: %w", err)
	}
	nodeIDs := sortedKeys(nodes)
	var edges [][2]string
	if err := inChunks(nodeIDs, func(ph string, args []any) error {
		rows, err := q.query(`SELECT a, b FROM claim_edges WHERE a IN (`+ph+`)`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e [2]string
			if err := rows.Scan(&e[0], &e[1]); err != nil {
				return err
			}
			edges = append(edges, e)
		}
		return rows.Err()
	}); err != nil {
		return fmt.Errorf("regroup edges: %w", err)
	}
	label := group.Components(nodeIDs, edges)
	labels := map[string]bool{}
	for _, id := range nodeIDs {
		l := label[id]
		labels[l] = true
		if old, ok := oldLabel[id]; ok && old == l {
			continue
		}
		if err := q.exec(`UPDATE claims SET cluster_id = ? WHERE id = ?`, l, id); err != nil {
			return fmt.Errorf("relabel: %w", err)
		}
	}
	for _, id := range touchedIDs {
		if !labels[id] {
			if err := q.exec(`DELETE FROM clusters WHERE id = ?`, id); err != nil {
				return fmt.Errorf("drop cluster: %w", err)
			}
		}
	}
	return s.rebuildClusters(q, sortedKeys(labels), nil)
}

// merged is how new claims join the stored clusters: each new claim's
// cluster (label), the stored clusters merged into another (into), every
// resulting cluster (labels), and those made of new claims only (fresh).
type merged struct {
	label  map[string]string
	into   map[string]string
	labels []string
	fresh  map[string]bool
}

// mergeLabels adds new claims to the clusters without recomputing any
// existing cluster. Clusters are the connected components of claim_edges
// and each is labelled by its smallest claim id, so an existing cluster can
// stand in as a single node named by its label (a stored claim's id, never a
// new claim's): the union of the new claims and those nodes gives the same
// labels as a full recomputation, in time proportional to the new claims,
// not to the clusters' sizes. clusterOf maps stored claims to their cluster.
func mergeLabels(newIDs []string, edges [][2]string, clusterOf map[string]string) merged {
	isNew := map[string]bool{}
	for _, id := range newIDs {
		isNew[id] = true
	}
	node := func(id string) string {
		if isNew[id] {
			return id
		}
		return clusterOf[id]
	}
	nodes := append([]string(nil), newIDs...)
	joined := make([][2]string, 0, len(edges))
	for _, e := range edges {
		a, b := node(e[0]), node(e[1])
		nodes = append(nodes, a, b)
		joined = append(joined, [2]string{a, b})
	}
	label := group.Components(nodes, joined)
	m := merged{label: map[string]string{}, into: map[string]string{}, fresh: map[string]bool{}}
	labels := map[string]bool{}
	stored := map[string]bool{} // labels with a stored cluster in them
	for _, n := range nodes {
		l := label[n]
		labels[l] = true
		if !isNew[n] {
			stored[l] = true
		}
		switch {
		case isNew[n]:
			m.label[n] = l
		case n != l:
			m.into[n] = l
		}
	}
	m.labels = sortedKeys(labels)
	for l := range labels {
		if !stored[l] {
			m.fresh[l] = true
		}
	}
	return m
}

// merge relabels the stored clusters that new claims (already stored with
// their labels) joined together, and rewrites the resulting cluster rows.
// newMembers are the new claims as cluster members.
func (s *DB) merge(q txq, m merged, newMembers []memberRow) error {
	from := make([]string, 0, len(m.into))
	for n := range m.into {
		from = append(from, n)
	}
	sort.Strings(from)
	for _, n := range from {
		if err := q.exec(`UPDATE claims SET cluster_id = ? WHERE cluster_id = ?`, m.into[n], n); err != nil {
			return fmt.Errorf("merge cluster %s: %w", n, err)
		}
		if err := q.exec(`DELETE FROM clusters WHERE id = ?`, n); err != nil {
			return fmt.Errorf("drop merged cluster: %w", err)
		}
	}
	known := map[string][]memberRow{}
	for _, nm := range newMembers {
		if l := m.label[nm.ClaimID]; m.fresh[l] {
			known[l] = append(known[l], nm)
		}
	}
	return s.rebuildClusters(q, m.labels, known)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type memberRow struct {
	group.Member
	kind, speaker, speakerType, via, outlet string
}

// rebuildClusters rewrites the cluster rows of ids from their members, read
// from the claims table except for the clusters in known, whose members the
// caller has at hand (those made of new claims only).
func (s *DB) rebuildClusters(q txq, ids []string, known map[string][]memberRow) error {
	members := map[string][]memberRow{}
	var read []string
	for _, id := range ids {
		if ms, ok := known[id]; ok {
			members[id] = ms
		} else {
			read = append(read, id)
		}
	}
	if err := inChunks(read, func(ph string, args []any) error {
		rows, err := q.query(`SELECT cluster_id, id, article_id, text, published, kind, speaker_name, speaker_type, via, outlet
			FROM claims WHERE cluster_id IN (`+ph+`)`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var cl string
			var m memberRow
			if err := rows.Scan(&cl, &m.ClaimID, &m.ArticleID, &m.Text, &m.Published, &m.kind, &m.speaker, &m.speakerType, &m.via, &m.outlet); err != nil {
				return err
			}
			members[cl] = append(members[cl], m)
		}
		return rows.Err()
	}); err != nil {
		return fmt.Errorf("cluster members: %w", err)
	}
	var rows [][]any
	for _, id := range ids {
		ms := members[id]
		if len(ms) == 0 {
			if err := q.exec(`DELETE FROM clusters WHERE id = ?`, id); err != nil {
				return err
			}
			continue
		}
		gm := make([]group.Member, len(ms))
		byClaim := map[string]memberRow{}
		outlets := map[string]bool{}
		articles := map[string]bool{}
		cites := map[Citation]bool{}
		first := ""
		for i, m := range ms {
			gm[i] = m.Member
			byClaim[m.ClaimID] = m
			if m.outlet != "" {
				outlets[m.outlet] = true
			}
			articles[m.ArticleID] = true
			if m.Published != "" && (first == "" || m.Published < first) {
				first = m.Published
			}
			if src := citedSource(m); src != "" && m.outlet != "" {
				cites[Citation{Outlet: m.outlet, Source: src}] = true
			}
		}
		rep := byClaim[group.Representative(gm).ClaimID]
		outletList := sortedKeys(outlets)
		citeList := make([]Citation, 0, len(cites))
		for c := range cites {
			citeList = append(citeList, c)
		}
		sort.Slice(citeList, func(i, j int) bool {
			if citeList[i].Outlet != citeList[j].Outlet {
				return citeList[i].Outlet < citeList[j].Outlet
			}
			return citeList[i].Source < citeList[j].Source
		})
		ob, _ := json.Marshal(outletList)
		cb, _ := json.Marshal(citeList)
		speakerKey := ""
		if rep.speakerType != "" {
			speakerKey = contract.SpeakerKey(rep.speaker)
		}
		rows = append(rows, []any{id, rep.kind, rep.speaker, rep.speakerType, speakerKey, rep.Text, max(len(outletList), 1), len(articles), len(ms), first,
			string(ob), string(cb)})
	}
	if err := q.insertRows(`INSERT INTO clusters (id, kind, speaker, speaker_type, speaker_key, text, n_outlets, n_articles, n_members, first_seen, outlets, citations) VALUES `,
		` ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, speaker = excluded.speaker, speaker_type = excluded.speaker_type,
			speaker_key = excluded.speaker_key, text = excluded.text, n_outlets = excluded.n_outlets, n_articles = excluded.n_articles,
			n_members = excluded.n_members, first_seen = excluded.first_seen, outlets = excluded.outlets, citations = excluded.citations`, rows, nil); err != nil {
		return fmt.Errorf("upsert clusters: %w", err)
	}
	return nil
}

// citedSource is the source an outlet cites for a claim: the channel it came
// through ("via X"), or the speaker itself when that is an organisation (a
// news outlet cited as "according to TOLO News").
func citedSource(m memberRow) string {
	if m.via != "" {
		return m.via
	}
	if m.speakerType == contract.SpeakerOrganization {
		return m.speaker
	}
	return ""
}
