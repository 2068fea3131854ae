package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

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
	seq                                     int64
	kind, speaker, speakerType, via, outlet string
	// speakerKey is repSpeakerKey's answer where prepare made it (for
	// the writer, which otherwise folds the name of every claim that
	// founds or heads a cluster); "" where not made.
	speakerKey string
}

// updateClusters writes the cluster rows after p's claims (stored, with
// their seqs) were assigned: rows for the clusters they founded, and the
// clusters they joined updated from their stored row as assign read it —
// counts, outlets, citations and, when a new claim superseded it, the
// representative — without reading the clusters' other members. All in one
// statement per 32 clusters.
func (s *DB) updateClusters(q txq, p *prepared, a *assignment) error {
	rows, err := clusterUpdates(p, a)
	if err != nil {
		return err
	}
	return upsertClusters(q, rows)
}

// clusterUpdates are the cluster rows updateClusters writes, by id.
func clusterUpdates(p *prepared, a *assignment) ([][]any, error) {
	byCluster := map[string][]int{}
	for i, id := range a.cluster {
		if !p.split[i] { // its units are the members
			byCluster[id] = append(byCluster[id], i)
		}
	}
	ids := make([]string, 0, len(byCluster))
	for id := range byCluster {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	member := func(i int) memberRow {
		m := p.members[i]
		m.seq = p.seqs[i]
		return m
	}
	var rows [][]any
	for _, id := range ids {
		if a.fresh[id] {
			var ms []memberRow
			for _, i := range byCluster[id] {
				ms = append(ms, member(i))
			}
			rows = append(rows, clusterRow(id, ms, member(a.rep[id])))
			continue
		}
		st := a.stored[id]
		if st == nil {
			return nil, fmt.Errorf("joined cluster %s: %w", id, ErrTransient) // removed under us
		}
		var newOutlets []string
		var newCites []Citation
		first := st.first
		for _, i := range byCluster[id] {
			m := p.members[i]
			if m.outlet != "" {
				newOutlets = append(newOutlets, m.outlet)
			}
			if src := citedSource(m); src != "" && m.outlet != "" {
				newCites = append(newCites, Citation{Outlet: m.outlet, Source: src})
			}
			if m.Published != "" && (first == "" || m.Published < first) {
				first = m.Published
			}
		}
		ob, before, after := addOutlets(st.outlets, newOutlets)
		extra := max(st.nOutlets-before, 0)
		if p.outlet == "" {
			extra++ // an article without an outlet is its own source
		}
		nOutlets := max(after+extra, 1)
		cb := st.citations
		if len(newCites) > 0 || cb == "" {
			var storedCites []Citation
			_ = json.Unmarshal([]byte(st.citations), &storedCites) // written by us
			cites := make(map[Citation]bool, len(storedCites)+len(newCites))
			for _, c := range storedCites {
				cites[c] = true
			}
			for _, c := range newCites {
				cites[c] = true
			}
			cb = citationsJSON(cites)
		}
		// The claims of one ClaimSet are one article, new to the cluster
		// (an article's earlier extraction left it before).
		nArticles, nMembers := st.nArticles+1, st.nMembers+len(byCluster[id])
		kind, speaker, speakerType, speakerKey, text, repSeq := st.kind, st.speaker, st.speakerType, st.speakerKey, st.text, st.repSeq
		if i, ok := a.rep[id]; ok {
			rep := member(i)
			kind, speaker, speakerType, speakerKey, text, repSeq = rep.kind, rep.speaker, rep.speakerType, repSpeakerKey(rep), rep.Text, rep.seq
		}
		rows = append(rows, []any{id, kind, speaker, speakerType, speakerKey, text, nOutlets, nArticles, nMembers, first,
			ob, cb, repSeq})
	}
	return rows, nil
}

// outletsJSON is the sorted JSON array of m's outlets: written as is
// where they are plain (plainJSON), as json.Marshal would write them. Every
// cluster a claim founds writes one, from the group commit's writer, and
// json.Marshal was most of the cost of its row.
func outletsJSON(m map[string]bool) string {
	list := sortedKeys(m)
	if allPlain(list) {
		return plainJSON(list)
	}
	b, _ := json.Marshal(list)
	return string(b)
}

func citationsJSON(m map[Citation]bool) string {
	if len(m) == 0 {
		return "[]" // json.Marshal of an empty list, which most clusters hold
	}
	list := make([]Citation, 0, len(m))
	for c := range m {
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Outlet != list[j].Outlet {
			return list[i].Outlet < list[j].Outlet
		}
		return list[i].Source < list[j].Source
	})
	b, _ := json.Marshal(list)
	return string(b)
}

func repSpeakerKey(rep memberRow) string {
	if rep.speakerType == "" {
		return ""
	}
	if rep.speakerKey != "" {
		return rep.speakerKey
	}
	return contract.SpeakerKey(rep.speaker)
}

// clusterRow is the clusters row of id, from all its members and its
// representative.
func clusterRow(id string, ms []memberRow, rep memberRow) []any {
	outlets := map[string]bool{}
	bare := map[string]bool{} // articles without an outlet: each its own source
	articles := map[string]bool{}
	cites := map[Citation]bool{}
	first := ""
	for _, m := range ms {
		if m.outlet != "" {
			outlets[m.outlet] = true
		} else {
			bare[m.ArticleID] = true
		}
		articles[m.ArticleID] = true
		if m.Published != "" && (first == "" || m.Published < first) {
			first = m.Published
		}
		if src := citedSource(m); src != "" && m.outlet != "" {
			cites[Citation{Outlet: m.outlet, Source: src}] = true
		}
	}
	return []any{id, rep.kind, rep.speaker, rep.speakerType, repSpeakerKey(rep), rep.Text, max(len(outlets)+len(bare), 1), len(articles), len(ms), first,
		outletsJSON(outlets), citationsJSON(cites), rep.seq}
}

// clusterColumns are the clusters table's columns as a row of it is
// written (clusterRow, upsertClusters).
var clusterColumns = []string{"id", "kind", "speaker", "speaker_type", "speaker_key", "text", "n_outlets", "n_articles", "n_members",
	"first_seen", "outlets", "citations", "rep_seq"}

func upsertClusters(q txq, rows [][]any) error {
	if err := q.insertRows(`INSERT INTO clusters (`+strings.Join(clusterColumns, ", ")+`) VALUES `,
		` ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, speaker = excluded.speaker, speaker_type = excluded.speaker_type,
			speaker_key = excluded.speaker_key, text = excluded.text, n_outlets = excluded.n_outlets, n_articles = excluded.n_articles,
			n_members = excluded.n_members, first_seen = excluded.first_seen, outlets = excluded.outlets, citations = excluded.citations,
			rep_seq = excluded.rep_seq`, rows, nil); err != nil {
		return fmt.Errorf("upsert clusters: %w", err)
	}
	return nil
}

// rewriteClusters writes rows of clusters that are stored (read in the
// same transaction, under the write lock). Where the dialect takes arrays,
// as one UPDATE from unnest over a column each: PostgreSQL makes an
// upsert of a row that exists a check of the unique index, a row lock and
// then the update, a fifth more of the server's time per row than the
// update alone. Elsewhere, as upsertClusters.
func rewriteClusters(q txq, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	st, ok := clustersUpdate(q.s.d, rows)
	if !ok {
		return upsertClusters(q, rows)
	}
	if err := q.exec(st.SQL, st.Args...); err != nil {
		return fmt.Errorf("update clusters: %w", err)
	}
	return nil
}

// clustersUpdate is rewriteClusters' UPDATE of rows; false where the
// dialect or the rows' values take no arrays.
func clustersUpdate(d *Dialect, rows [][]any) (*Stmt, bool) {
	if !d.Arrays || len(rows) == 0 {
		return nil, false
	}
	from, args, ok := unnestRows(`VALUES`, ``, rows)
	if !ok {
		return nil, false
	}
	set := make([]string, 0, len(clusterColumns)-1)
	for _, col := range clusterColumns[1:] {
		set = append(set, col+" = v."+col)
	}
	// c.id = ANY(ARRAY[v.id]) matches what c.id = v.id does, but is no
	// condition PostgreSQL can hash-join on: each row is then found
	// through the primary key. With the plain equality a batch's few
	// hundred rows were joined with a hash of the whole table, read and
	// pruned page by page at every group commit, a cost growing with the
	// clusters' number (callgrind, 6 updates of 1,000 of 24,000 clusters:
	// 463M → 287M instructions).
	return &Stmt{`UPDATE clusters c SET ` + strings.Join(set, ", ") + ` FROM (` + from + `) AS v(` + strings.Join(clusterColumns, ", ") + `)
		WHERE c.id = ANY(ARRAY[v.id])`, args}, true
}

// rebuildClusters rewrites the cluster rows of ids from all their members
// (when an article's previous claims left them: rare, and the one path that
// reads whole clusters). A representative that left is replaced by the
// wording most members' articles used (group.Representative).
func (s *DB) rebuildClusters(q txq, ids []string) error {
	members := map[string][]memberRow{}
	if err := inIDs(s.d, ids, func(ph string, args []any) error {
		return q.scanAll(`SELECT cluster_id, seq, id, article_id, text, published, kind, speaker_name, speaker_type, via, outlet
			FROM claims WHERE cluster_id IN (`+ph+`) AND `+asMemberBare+` ORDER BY seq`, args, func(r *sql.Rows) error {
			var cl string
			var m memberRow
			if err := r.Scan(&cl, &m.seq, &m.ClaimID, &m.ArticleID, &m.Text, &m.Published, &m.kind, &m.speaker, &m.speakerType, &m.via, &m.outlet); err != nil {
				return err
			}
			members[cl] = append(members[cl], m)
			return nil
		})
	}); err != nil {
		return fmt.Errorf("cluster members: %w", err)
	}
	repSeq := map[string]int64{}
	if err := inIDs(s.d, ids, func(ph string, args []any) error {
		return q.scanAll(`SELECT id, rep_seq FROM clusters WHERE id IN (`+ph+`)`, args, func(r *sql.Rows) error {
			var id string
			var seq int64
			err := r.Scan(&id, &seq)
			repSeq[id] = seq
			return err
		})
	}); err != nil {
		return fmt.Errorf("cluster representatives: %w", err)
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
		rep, found := memberRow{}, false
		for _, m := range ms {
			if m.seq == repSeq[id] {
				rep, found = m, true
			}
		}
		if !found {
			gm := make([]group.Member, len(ms))
			for i, m := range ms {
				gm[i] = m.Member
			}
			pick := group.Representative(gm).ClaimID
			for _, m := range ms {
				if m.ClaimID == pick {
					rep = m
				}
			}
		}
		rows = append(rows, clusterRow(id, ms, rep))
	}
	return upsertClusters(q, rows)
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
