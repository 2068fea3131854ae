package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// Counts implements Store.
func (s *DB) Counts(ctx context.Context) (articles, claims int, err error) {
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&articles); err != nil {
		return 0, 0, s.classify(fmt.Errorf("store: count articles: %w", err))
	}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM claims`).Scan(&claims); err != nil {
		return 0, 0, s.classify(fmt.Errorf("store: count claims: %w", err))
	}
	return articles, claims, nil
}

// Cursors are opaque to clients: base64 of a JSON array of the last row's
// sort keys.
func encodeCursor(v ...any) *string {
	b, _ := json.Marshal(v)
	s := base64.RawURLEncoding.EncodeToString(b)
	return &s
}

func decodeCursor(c string, into ...any) error {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return fmt.Errorf("%w: malformed cursor", ErrBadRequest)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil || len(raw) != len(into) {
		return fmt.Errorf("%w: malformed cursor", ErrBadRequest)
	}
	for i := range into {
		if err := json.Unmarshal(raw[i], into[i]); err != nil {
			return fmt.Errorf("%w: malformed cursor", ErrBadRequest)
		}
	}
	return nil
}

func limitOf(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}

// where accumulates SQL conditions and their arguments.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// ftsQuery is the dialect's full-text query for q, "" if q has no words.
func (s *DB) ftsQuery(q string) string {
	words := group.Words(q)
	if len(words) == 0 {
		return ""
	}
	if len(words) > 32 {
		words = words[:32]
	}
	return s.d.FTSQuery(words)
}

// match adds a full-text condition on claims alias c; false if q has no words.
func (s *DB) match(w *where, q string) bool {
	fq := s.ftsQuery(q)
	if fq == "" {
		return false
	}
	w.add(s.d.Match, fq)
	return true
}

const claimCols = `c.seq, c.id, c.article_id, c.kind, c.text, c.sentence, c.start_off, c.end_off, c.speaker_name, c.speaker_mention,
	c.speaker_type, c.speaker_key, c.cue, c.via, c.numbers, c.confidence, c.outlet, c.published, c.cluster_id, a.url, a.title`

func scanClaim(rows *sql.Rows) (ClaimView, error) {
	var v ClaimView
	var name, mention, typ, key, nums, published string
	if err := rows.Scan(&v.seq, &v.ID, &v.ArticleID, &v.Kind, &v.Text, &v.Sentence, &v.Start, &v.End, &name, &mention,
		&typ, &key, &v.Cue, &v.Via, &nums, &v.Confidence, &v.Outlet, &published, &v.ClusterID, &v.URL, &v.Title); err != nil {
		return v, err
	}
	if typ != "" {
		v.Speaker = &contract.Speaker{Name: name, Mention: mention, Type: typ, Key: key}
	}
	if nums != "" {
		_ = json.Unmarshal([]byte(nums), &v.Numbers) // written by Apply from valid JSON
	}
	v.Published = parseTime(published)
	return v, nil
}

// Claims implements Store: most recently indexed first.
func (s *DB) Claims(ctx context.Context, q ClaimQuery) (ClaimPage, error) {
	limit := limitOf(q.Limit)
	var w where
	from, order := "claims c", "c.seq"
	if fq := s.ftsQuery(q.Q); fq != "" {
		from, order = s.d.SearchFrom, s.d.SearchOrder
		w.add(s.d.SearchMatch, fq)
	}
	if q.Speaker != "" {
		w.add(`c.speaker_key = ?`, contract.SpeakerKey(q.Speaker))
	}
	if q.Outlet != "" {
		w.add(`c.outlet = ?`, strings.ToLower(q.Outlet))
	}
	if q.Kind != "" {
		w.add(`c.kind = ?`, q.Kind)
	}
	if q.Since != nil {
		w.add(`c.published >= ?`, fmtTime(q.Since))
	}
	if q.Until != nil {
		w.add(`c.published <> '' AND c.published < ?`, fmtTime(q.Until))
	}
	if q.Cluster != "" {
		w.add(`c.cluster_id = ?`, q.Cluster)
	}
	if q.Cursor != "" {
		var seq int64
		if err := decodeCursor(q.Cursor, &seq); err != nil {
			return ClaimPage{}, err
		}
		w.add(order+` < ?`, seq)
	}
	query := `SELECT ` + claimCols + ` FROM ` + from + ` JOIN articles a ON a.id = c.article_id` + w.sql() +
		fmt.Sprintf(` ORDER BY %s DESC LIMIT %d`, order, limit+1)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(query), w.args...)
	if err != nil {
		return ClaimPage{}, s.classify(fmt.Errorf("store: claims: %w", err))
	}
	defer rows.Close()
	page := ClaimPage{Claims: []ClaimView{}}
	for rows.Next() {
		v, err := scanClaim(rows)
		if err != nil {
			return ClaimPage{}, s.classify(fmt.Errorf("store: claims: %w", err))
		}
		page.Claims = append(page.Claims, v)
	}
	if err := rows.Err(); err != nil {
		return ClaimPage{}, s.classify(fmt.Errorf("store: claims: %w", err))
	}
	if len(page.Claims) > limit {
		page.Claims = page.Claims[:limit]
		page.NextCursor = encodeCursor(page.Claims[limit-1].seq)
	}
	return page, nil
}

const clusterCols = `k.id, k.kind, k.speaker, k.speaker_type, k.text, k.n_outlets, k.n_articles, k.first_seen, k.outlets, k.citations`

func scanCluster(sc interface{ Scan(...any) error }) (Cluster, int, error) {
	var c Cluster
	var speaker, typ, first, outlets, cites string
	var nOutlets int
	if err := sc.Scan(&c.ID, &c.Kind, &speaker, &typ, &c.Text, &nOutlets, &c.Articles, &first, &outlets, &cites); err != nil {
		return c, 0, err
	}
	if typ != "" {
		c.Speaker = &speaker
	}
	c.FirstSeen = parseTime(first)
	c.Outlets, c.Citations, c.Members = []string{}, []Citation{}, []Member{}
	_ = json.Unmarshal([]byte(outlets), &c.Outlets) // written by rebuildClusters
	_ = json.Unmarshal([]byte(cites), &c.Citations)
	return c, nOutlets, nil
}

// Clusters implements Store: most outlets first, then id.
func (s *DB) Clusters(ctx context.Context, q ClusterQuery) (ClusterPage, error) {
	limit := limitOf(q.Limit)
	var w where
	if q.MinOutlets > 1 {
		w.add(`k.n_outlets >= ?`, q.MinOutlets)
	}
	if q.Speaker != "" {
		w.add(`k.id IN (SELECT c.cluster_id FROM claims c WHERE c.speaker_key = ?)`, contract.SpeakerKey(q.Speaker))
	}
	if q.Kind != "" {
		w.add(`k.kind = ?`, q.Kind)
	}
	if q.Q != "" {
		var mw where
		if s.match(&mw, q.Q) {
			w.add(`k.id IN (SELECT c.cluster_id FROM claims c`+mw.sql()+`)`, mw.args...)
		}
	}
	if q.Cursor != "" {
		var n int
		var id string
		if err := decodeCursor(q.Cursor, &n, &id); err != nil {
			return ClusterPage{}, err
		}
		w.add(`(k.n_outlets < ? OR (k.n_outlets = ? AND k.id > ?))`, n, n, id)
	}
	query := `SELECT ` + clusterCols + ` FROM clusters k` + w.sql() + fmt.Sprintf(` ORDER BY k.n_outlets DESC, k.id ASC LIMIT %d`, limit+1)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(query), w.args...)
	if err != nil {
		return ClusterPage{}, s.classify(fmt.Errorf("store: clusters: %w", err))
	}
	page := ClusterPage{Clusters: []Cluster{}}
	var nOut []int
	for rows.Next() {
		c, n, err := scanCluster(rows)
		if err != nil {
			rows.Close()
			return ClusterPage{}, s.classify(fmt.Errorf("store: clusters: %w", err))
		}
		page.Clusters = append(page.Clusters, c)
		nOut = append(nOut, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ClusterPage{}, s.classify(fmt.Errorf("store: clusters: %w", err))
	}
	if len(page.Clusters) > limit {
		page.Clusters = page.Clusters[:limit]
		page.NextCursor = encodeCursor(nOut[limit-1], page.Clusters[limit-1].ID)
	}
	if err := s.fillMembers(ctx, page.Clusters, false); err != nil {
		return ClusterPage{}, err
	}
	return page, nil
}

// fillMembers loads the members of cs, oldest article first.
func (s *DB) fillMembers(ctx context.Context, cs []Cluster, withDiff bool) error {
	idx := map[string]int{}
	ids := make([]string, len(cs))
	for i, c := range cs {
		idx[c.ID] = i
		ids[i] = c.ID
	}
	return s.classify(inChunks(ids, func(ph string, args []any) error {
		rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT c.cluster_id, c.id, c.article_id, a.url, c.outlet, a.title, c.published, c.text, c.speaker_name, c.speaker_type, c.via
			FROM claims c JOIN articles a ON a.id = c.article_id WHERE c.cluster_id IN (`+ph+`)
			ORDER BY c.published = '', c.published, c.id`), args...)
		if err != nil {
			return fmt.Errorf("store: cluster members: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var cl, pub, typ string
			var m Member
			if err := rows.Scan(&cl, &m.ClaimID, &m.ArticleID, &m.URL, &m.Outlet, &m.Title, &pub, &m.Text, &m.Speaker, &typ, &m.Cites); err != nil {
				return fmt.Errorf("store: cluster members: %w", err)
			}
			m.Published = parseTime(pub)
			if m.Cites == "" && typ == contract.SpeakerOrganization {
				m.Cites = m.Speaker
			}
			c := &cs[idx[cl]]
			m.Variant = group.IsVariant(c.Text, m.Text)
			if withDiff && m.Variant {
				m.Diff = group.Diff(c.Text, m.Text)
			}
			c.Members = append(c.Members, m)
		}
		return rows.Err()
	}))
}

// Cluster implements Store: one cluster with the word-level diff of each
// variant against the cluster's text.
func (s *DB) Cluster(ctx context.Context, id string) (Cluster, error) {
	row := s.db.QueryRowContext(ctx, s.d.rebind(`SELECT `+clusterCols+` FROM clusters k WHERE k.id = ?`), id)
	c, _, err := scanCluster(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Cluster{}, fmt.Errorf("%w: cluster %s", ErrNotFound, id)
	}
	if err != nil {
		return Cluster{}, s.classify(fmt.Errorf("store: cluster: %w", err))
	}
	cs := []Cluster{c}
	if err := s.fillMembers(ctx, cs, true); err != nil {
		return Cluster{}, err
	}
	return cs[0], nil
}

// Article implements Store.
func (s *DB) Article(ctx context.Context, id string) (ArticleView, error) {
	var v ArticleView
	var published string
	err := s.db.QueryRowContext(ctx, s.d.rebind(`SELECT id, url, outlet, title, byline, published, lang, text, cleaner_version, extractor_version
		FROM articles WHERE id = ?`), id).Scan(&v.ID, &v.URL, &v.Outlet, &v.Title, &v.Byline, &published, &v.Lang, &v.Text, &v.CleanerVersion, &v.ExtractorVersion)
	if errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("%w: article %s", ErrNotFound, id)
	}
	if err != nil {
		return v, s.classify(fmt.Errorf("store: article: %w", err))
	}
	v.Schema = contract.Schema
	v.Published = parseTime(published)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT `+claimCols+` FROM claims c JOIN articles a ON a.id = c.article_id
		WHERE c.article_id = ? ORDER BY c.ord`), id)
	if err != nil {
		return v, s.classify(fmt.Errorf("store: article claims: %w", err))
	}
	defer rows.Close()
	v.Claims = []ClaimView{}
	for rows.Next() {
		c, err := scanClaim(rows)
		if err != nil {
			return v, s.classify(fmt.Errorf("store: article claims: %w", err))
		}
		v.Claims = append(v.Claims, c)
	}
	return v, s.classify(rows.Err())
}

// Speakers implements Store: most claims first, then key.
func (s *DB) Speakers(ctx context.Context, q SpeakerQuery) (SpeakerPage, error) {
	limit := limitOf(q.Limit)
	w := where{conds: []string{`c.speaker_key <> ''`}}
	if q.Q != "" {
		w.add(`LOWER(c.speaker_name) LIKE ?`, "%"+strings.ToLower(q.Q)+"%")
	}
	having := ""
	var hargs []any
	if q.Cursor != "" {
		var n int
		var key string
		if err := decodeCursor(q.Cursor, &n, &key); err != nil {
			return SpeakerPage{}, err
		}
		having = ` HAVING (COUNT(*) < ? OR (COUNT(*) = ? AND c.speaker_key > ?))`
		hargs = []any{n, n, key}
	}
	query := `SELECT c.speaker_key, MAX(c.speaker_name), MAX(c.speaker_type), COUNT(*), COUNT(DISTINCT c.article_id), COUNT(DISTINCT c.cluster_id)
		FROM claims c` + w.sql() + ` GROUP BY c.speaker_key` + having +
		fmt.Sprintf(` ORDER BY COUNT(*) DESC, c.speaker_key ASC LIMIT %d`, limit+1)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(query), append(w.args, hargs...)...)
	if err != nil {
		return SpeakerPage{}, s.classify(fmt.Errorf("store: speakers: %w", err))
	}
	defer rows.Close()
	page := SpeakerPage{Speakers: []Speaker{}}
	for rows.Next() {
		var sp Speaker
		if err := rows.Scan(&sp.Key, &sp.Name, &sp.Type, &sp.Claims, &sp.Articles, &sp.Clusters); err != nil {
			return SpeakerPage{}, s.classify(fmt.Errorf("store: speakers: %w", err))
		}
		page.Speakers = append(page.Speakers, sp)
	}
	if err := rows.Err(); err != nil {
		return SpeakerPage{}, s.classify(fmt.Errorf("store: speakers: %w", err))
	}
	if len(page.Speakers) > limit {
		page.Speakers = page.Speakers[:limit]
		last := page.Speakers[limit-1]
		page.NextCursor = encodeCursor(last.Claims, last.Key)
	}
	return page, nil
}
