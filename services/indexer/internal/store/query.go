package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// Counts implements Store.
func (s *DB) Counts(ctx context.Context) (articles, claims int, err error) {
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&articles); err != nil {
		return 0, 0, s.classify(fmt.Errorf("store: count articles: %w", err))
	}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM claims c WHERE `+asSent).Scan(&claims); err != nil {
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
// Each word also matches its spelling fold (the one speaker keys use), which
// the full-text index holds beside the words it differs from, so that
// "Khawaja" finds "Khwaja" and the other way round.
func (s *DB) ftsQuery(q string) string {
	words := group.Words(q)
	if len(words) == 0 {
		return ""
	}
	if len(words) > 32 {
		words = words[:32]
	}
	alts := make([][]string, len(words))
	for i, w := range words {
		alts[i] = []string{w}
		if f := FoldWord(w); f != "" && f != w {
			alts[i] = append(alts[i], f)
		}
	}
	return s.d.FTSQuery(alts)
}

// FoldWord is w's spelling fold, "" for a word SpeakerKey drops (a single
// letter). Folds are cached: the index folds every word of every claim, and
// a news vocabulary repeats itself. A map under a read lock, not a
// sync.Map: every word of every claim is looked up, nearly always found,
// and the sync.Map's lookup was most of the folds' cost (4 % of the
// client's CPU at ingest on PostgreSQL).
func FoldWord(w string) string {
	foldMu.RLock()
	f, ok := foldCache[w]
	foldMu.RUnlock()
	if ok {
		return f
	}
	// A copy: w is often a slice of a claim's text (group.Words), which
	// the cache would otherwise keep in memory for as long as the word.
	w = strings.Clone(w)
	f = contract.SpeakerKey(w)
	foldMu.Lock()
	if len(foldCache) < maxFoldCache {
		foldCache[w] = f
	}
	foldMu.Unlock()
	return f
}

// The fold cache stops growing at maxFoldCache words (a few MB); words
// after that are folded each time.
const maxFoldCache = 200_000

var (
	foldMu    sync.RWMutex
	foldCache = map[string]string{}
)

// FoldText is text followed by the folds of its words that differ from the
// word: what the SQLite full-text index holds (see ftsQuery).
func FoldText(text string) string {
	if f, ok := foldMemo.get(text); ok {
		return f
	}
	return foldedText(text, foldList(text, nil, nil))
}

// foldedText is FoldText's value for text whose folds are extra.
func foldedText(text string, extra []string) string {
	if len(extra) > 0 {
		return text + "\n" + strings.Join(extra, " ")
	}
	return text
}

// folds is the spelling folds of text's words that differ from the word,
// once each. PostgreSQL's tsv, which cannot fold by itself, indexes them
// from the claims' folds column, so that a search for any spelling finds
// every spelling there as on SQLite.
func folds(text string) string {
	return strings.Join(foldList(text, nil, nil), " ")
}

// foldList appends to extra the folds of text's words that differ from
// the word and are not in seen (which it adds them to; nil: a map of its
// own). Words(a + " " + b) are Words(a) then Words(b), so the folds of a
// text joined to another are the first's list continued with the second.
func foldList(text string, seen map[string]bool, extra []string) []string {
	return foldWords(group.Words(text), seen, extra)
}

// foldWords is foldList of a text's words (group.Words).
func foldWords(words []string, seen map[string]bool, extra []string) []string {
	if seen == nil {
		seen = map[string]bool{}
	}
	for _, w := range words {
		if f := FoldWord(w); f != "" && f != w && !seen[f] {
			seen[f] = true
			extra = append(extra, f)
		}
	}
	return extra
}

// foldMemo holds FoldText values that prepare computed with a claim's
// folds column, until the SQLite writer's full-text indexing asks for them
// (cw_fold): folding every word again was a twentieth of the writer's
// time. Kept after use (a speaker's name is asked for with each of their
// claims), and emptied when full.
var foldMemo = memo{m: map[string]string{}}

// maxFoldMemo bounds foldMemo: several times the claims in flight (the
// indexer's workers times a ClaimSet's claims, and a batch's).
const maxFoldMemo = 1 << 14

type memo struct {
	mu sync.Mutex
	m  map[string]string
}

func (m *memo) put(key, val string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.m) >= maxFoldMemo {
		clear(m.m)
	}
	m.m[key] = val
}

func (m *memo) get(key string) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[key]
	return v, ok
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

// OutletName normalises what a user types for an outlet: lower case, no
// scheme, path or "www.".
func OutletName(in string) string {
	n := strings.ToLower(strings.TrimSpace(in))
	for _, p := range []string{"https://", "http://"} {
		n = strings.TrimPrefix(n, p)
	}
	if i := strings.IndexAny(n, "/?#"); i >= 0 {
		n = n[:i]
	}
	return strings.TrimPrefix(n, "www.")
}

// outletCond matches column col against an outlet as a user names it:
// "dawn.com" and "www.dawn.com" are one outlet, and a name without a dot
// ("Dawn", "TOLO News") is the first label of the domain.
func outletCond(in string) (string, []any) {
	return outletCondOn("c.outlet", in)
}

func outletCondOn(col, in string) (string, []any) {
	n := OutletName(in)
	if strings.Contains(n, ".") {
		return col + ` IN (?, ?)`, []any{n, "www." + n}
	}
	// Letters and digits only: "TOLO News" is tolonews.com, "North Light"
	// north-light.example.
	squashed := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, n)
	if squashed == "" {
		squashed = n
	}
	e := EscapeLike(squashed)
	bare := `REPLACE(` + col + `, '-', '')`
	return `(` + col + ` = ? OR ` + bare + ` = ? OR ` + bare + ` LIKE ? ESCAPE '\' OR ` + bare + ` LIKE ? ESCAPE '\')`,
		[]any{n, squashed, e + ".%", "www." + e + ".%"}
}

// outletMatch is the condition selecting the claims of an outlet as a user
// names it, on the outlets stored: a name without a dot is resolved here
// against the stored outlets, so that the query itself uses the outlet
// index instead of comparing every claim's outlet with a pattern.
func (s *DB) outletMatch(ctx context.Context, in string) (string, []any, error) {
	n := OutletName(in)
	if strings.Contains(n, ".") || n == "" {
		cond, args := outletCond(in)
		return cond, args, nil
	}
	want := squash(n)
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT outlet FROM claims`)
	if err != nil {
		return "", nil, s.classify(fmt.Errorf("store: outlets: %w", err))
	}
	defer rows.Close()
	var args []any
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			return "", nil, s.classify(fmt.Errorf("store: outlets: %w", err))
		}
		bare := squash(strings.TrimPrefix(o, "www."))
		if bare == want || strings.HasPrefix(strings.ReplaceAll(strings.TrimPrefix(o, "www."), "-", ""), want+".") || o == n {
			args = append(args, o)
		}
	}
	if err := rows.Err(); err != nil {
		return "", nil, s.classify(fmt.Errorf("store: outlets: %w", err))
	}
	if len(args) == 0 {
		return "1 = 0", nil, nil
	}
	return `c.outlet IN (` + placeholders(len(args)) + `)`, args, nil
}

// squash keeps letters and digits: "TOLO News" and "tolo-news" meet.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, strings.ToLower(s))
}

// aliasSQL is how a query reads speakers after the alias table: the join
// and the key and name expressions. With no alias at all (the common case)
// it reads the claims' own columns, which the speaker index serves.
func (s *DB) aliasSQL(ctx context.Context) (join, key, name string, err error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM speaker_aliases LIMIT 1) t`).Scan(&n); err != nil {
		return "", "", "", s.classify(fmt.Errorf("store: aliases: %w", err))
	}
	if n == 0 {
		return "", "c.speaker_key", "c.speaker_name", nil
	}
	return aliasJoin, effKey, effName, nil
}

const claimCols = `c.seq, c.id, c.article_id, c.kind, c.text, c.sentence, c.start_off, c.end_off, ` + effName + `, c.speaker_mention,
	c.speaker_type, ` + effKey + `, c.cue, c.via, c.numbers, c.confidence, c.outlet, c.published, c.cluster_id, c.rule, c.grp, a.url, a.title`

// claimFrom joins what claimCols reads onto from (which names claims c).
func claimFrom(from string) string {
	return from + ` JOIN articles a ON a.id = c.article_id` + aliasJoin
}

func scanClaim(rows *sql.Rows) (ClaimView, error) {
	var v ClaimView
	var name, mention, typ, key, nums, published string
	if err := rows.Scan(&v.seq, &v.ID, &v.ArticleID, &v.Kind, &v.Text, &v.Sentence, &v.Start, &v.End, &name, &mention,
		&typ, &key, &v.Cue, &v.Via, &nums, &v.Confidence, &v.Outlet, &published, &v.ClusterID, &v.Rule, &v.Group, &v.URL, &v.Title); err != nil {
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

// MaxTotal bounds the counts of claims and clusters: counting every match
// of a common word costs far more than the page itself (10× at 100,000
// claims), and "more than 10,000" tells an analyst enough. Pages say
// whether their total is exact.
const MaxTotal = 10_000

// countCapped counts the rows of "SELECT 1 FROM …" up to MaxTotal.
func (s *DB) countCapped(ctx context.Context, selectOne string, args []any) (int, bool, error) {
	n, err := s.count(ctx, fmt.Sprintf(`SELECT COUNT(*) FROM (%s LIMIT %d) t`, selectOne, MaxTotal+1), args)
	if n > MaxTotal {
		return MaxTotal, false, err
	}
	return n, true, err
}

// count runs a COUNT(*) query.
func (s *DB) count(ctx context.Context, query string, args []any) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, s.d.rebind(query), args...).Scan(&n); err != nil {
		return 0, s.classify(fmt.Errorf("store: count: %w", err))
	}
	return n, nil
}

// Claims implements Store: most recently indexed first.
func (s *DB) Claims(ctx context.Context, q ClaimQuery) (ClaimPage, error) {
	limit := limitOf(q.Limit)
	w := where{conds: []string{asSent}}
	from, order := "claims c", "c.seq"
	if fq := s.ftsQuery(q.Q); fq != "" {
		from, order = s.d.SearchFrom, s.d.SearchOrder
		w.add(s.d.SearchMatch, fq)
	}
	if q.Speaker != "" {
		cond, args, err := s.speakerCond(ctx, q.Speaker, false)
		if err != nil {
			return ClaimPage{}, err
		}
		w.add(cond, args...)
	}
	if q.SpeakerKey != "" {
		cond, args, err := s.speakerCond(ctx, q.SpeakerKey, true)
		if err != nil {
			return ClaimPage{}, err
		}
		w.add(cond, args...)
	}
	if q.Outlet != "" {
		cond, args, err := s.outletMatch(ctx, q.Outlet)
		if err != nil {
			return ClaimPage{}, err
		}
		w.add(cond, args...)
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
		// A claim grouped by its units is in each of their clusters.
		w.add(`(c.cluster_id = ? OR c.id IN (SELECT u.unit_of FROM claims u WHERE u.cluster_id = ? AND u.unit_of NOT IN ('', u.id)))`, q.Cluster, q.Cluster)
	}
	// The count needs neither the article nor the alias table: every
	// condition is on claims c (or the full-text index), and a search alone
	// is counted in the index.
	countQuery := `SELECT 1 FROM ` + from + w.sql()
	if len(w.conds) == 1 && from == s.d.SearchFrom && s.d.SearchCount != "" {
		countQuery = s.d.SearchCount
	}
	total, exact, err := s.countCapped(ctx, countQuery, w.args)
	if err != nil {
		return ClaimPage{}, err
	}
	if q.Cursor != "" {
		var seq int64
		if err := decodeCursor(q.Cursor, &seq); err != nil {
			return ClaimPage{}, err
		}
		w.add(order+` < ?`, seq)
	}
	query := `SELECT ` + claimCols + ` FROM ` + claimFrom(from) + w.sql() +
		fmt.Sprintf(` ORDER BY %s DESC LIMIT %d`, order, limit+1)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(query), w.args...)
	if err != nil {
		return ClaimPage{}, s.classify(fmt.Errorf("store: claims: %w", err))
	}
	defer rows.Close()
	page := ClaimPage{Claims: []ClaimView{}, Total: total, TotalExact: exact}
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

const clusterCols = `k.id, k.kind, COALESCE(sg.canonical_name, k.speaker), k.speaker_type, COALESCE(sg.canonical_key, k.speaker_key), k.text,
	k.n_outlets, k.n_articles, k.first_seen, k.outlets, k.citations`

const clusterFrom = ` FROM clusters k LEFT JOIN speaker_aliases sg ON sg.key = k.speaker_key AND sg.article_id = ''`

func scanCluster(sc interface{ Scan(...any) error }) (Cluster, int, error) {
	var c Cluster
	var speaker, typ, key, first, outlets, cites string
	var nOutlets int
	if err := sc.Scan(&c.ID, &c.Kind, &speaker, &typ, &key, &c.Text, &nOutlets, &c.Articles, &first, &outlets, &cites); err != nil {
		return c, 0, err
	}
	if typ != "" {
		if key == "" {
			key = contract.SpeakerKey(speaker)
		}
		c.Speaker = &contract.Speaker{Name: speaker, Type: typ, Key: key}
	}
	c.FirstSeen = parseTime(first)
	c.NOutlets = nOutlets // counted again from the members when they are read (fillMembers)
	c.Outlets, c.Citations, c.Members = []string{}, []Citation{}, []Member{}
	_ = json.Unmarshal([]byte(outlets), &c.Outlets) // written by rebuildClusters
	_ = json.Unmarshal([]byte(cites), &c.Citations)
	return c, nOutlets, nil
}

// Clusters implements Store: most outlets first (or by first seen), then id.
func (s *DB) Clusters(ctx context.Context, q ClusterQuery) (ClusterPage, error) {
	limit := limitOf(q.Limit)
	var w where
	if q.MinOutlets > 1 {
		w.add(`k.n_outlets >= ?`, q.MinOutlets)
	}
	if q.Kind != "" {
		w.add(`k.kind = ?`, q.Kind)
	}
	// Member conditions: one subquery, so that all hold on one member.
	var mw where
	if q.Speaker != "" {
		cond, args, err := s.speakerCond(ctx, q.Speaker, false)
		if err != nil {
			return ClusterPage{}, err
		}
		mw.add(cond, args...)
	}
	if q.Outlet != "" {
		cond, args, err := s.outletMatch(ctx, q.Outlet)
		if err != nil {
			return ClusterPage{}, err
		}
		mw.add(cond, args...)
	}
	if q.Since != nil {
		mw.add(`c.published >= ?`, fmtTime(q.Since))
	}
	if q.Until != nil {
		mw.add(`c.published <> '' AND c.published < ?`, fmtTime(q.Until))
	}
	if q.Q != "" {
		s.match(&mw, q.Q)
	}
	if len(mw.conds) > 0 {
		mw.add(asMember)
		sub := `SELECT c.cluster_id FROM claims c`
		if q.Speaker != "" {
			sub += aliasJoin
		}
		w.add(`k.id IN (`+sub+mw.sql()+`)`, mw.args...)
	}
	total, exact, err := s.countCapped(ctx, `SELECT 1 FROM clusters k`+w.sql(), w.args)
	if err != nil {
		return ClusterPage{}, err
	}
	// first_seen '' (undated) sorts last in both directions.
	var order string
	switch q.Sort {
	case "", SortOutlets:
		order = `k.n_outlets DESC, k.id ASC`
	case SortNewest:
		order = `k.first_seen = '' ASC, k.first_seen DESC, k.id ASC`
	case SortFirstSeen:
		order = `k.first_seen = '' ASC, k.first_seen ASC, k.id ASC`
	default:
		return ClusterPage{}, fmt.Errorf("%w: sort must be one of outlets, newest, first_seen", ErrBadRequest)
	}
	if q.Cursor != "" {
		var n int
		var first, id string
		if err := decodeCursor(q.Cursor, &n, &first, &id); err != nil {
			return ClusterPage{}, err
		}
		switch q.Sort {
		case "", SortOutlets:
			w.add(`(k.n_outlets < ? OR (k.n_outlets = ? AND k.id > ?))`, n, n, id)
		case SortNewest:
			if first == "" {
				w.add(`(k.first_seen = '' AND k.id > ?)`, id)
			} else {
				w.add(`(k.first_seen = '' OR k.first_seen < ? OR (k.first_seen = ? AND k.id > ?))`, first, first, id)
			}
		case SortFirstSeen:
			if first == "" {
				w.add(`(k.first_seen = '' AND k.id > ?)`, id)
			} else {
				w.add(`(k.first_seen = '' OR k.first_seen > ? OR (k.first_seen = ? AND k.id > ?))`, first, first, id)
			}
		}
	}
	query := `SELECT ` + clusterCols + clusterFrom + w.sql() + fmt.Sprintf(` ORDER BY %s LIMIT %d`, order, limit+1)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(query), w.args...)
	if err != nil {
		return ClusterPage{}, s.classify(fmt.Errorf("store: clusters: %w", err))
	}
	page := ClusterPage{Clusters: []Cluster{}, Total: total, TotalExact: exact}
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
		last := page.Clusters[limit-1]
		page.NextCursor = encodeCursor(nOut[limit-1], fmtTime(last.FirstSeen), last.ID)
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
	err := s.classify(inIDs(s.d, ids, func(ph string, args []any) error {
		rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT c.cluster_id, c.id, c.unit_of, c.article_id, a.url, c.outlet, a.title, c.published, c.text,
			`+effName+`, c.speaker_type, `+effKey+`, c.via, c.numbers, a.syndicated_from, COALESCE(o.outlet, '')
			FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN articles o ON o.id = a.syndicated_from AND a.syndicated_from <> ''`+aliasJoin+` WHERE c.cluster_id IN (`+ph+`) AND `+asMember+`
			ORDER BY c.published = '', c.published, c.id`), args...)
		if err != nil {
			return fmt.Errorf("store: cluster members: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var cl, pub, name, typ, key, nums, unitOf string
			var m Member
			if err := rows.Scan(&cl, &m.ClaimID, &unitOf, &m.ArticleID, &m.URL, &m.Outlet, &m.Title, &pub, &m.Text, &name, &typ, &key, &m.Cites, &nums,
				&m.CopyOf, &m.CopyOfOutlet); err != nil {
				return fmt.Errorf("store: cluster members: %w", err)
			}
			m.ClaimID, m.Unit = memberOf(m.ClaimID, unitOf)
			m.Published = parseTime(pub)
			m.Syndicated = m.CopyOf != ""
			if typ != "" {
				m.Speaker = &contract.Speaker{Name: name, Type: typ, Key: key}
			}
			if nums != "" {
				_ = json.Unmarshal([]byte(nums), &m.Numbers)
			}
			if m.Cites == "" && typ == contract.SpeakerOrganization {
				m.Cites = name
			}
			c := &cs[idx[cl]]
			m.Variant = group.IsVariant(c.Text, m.Text)
			if withDiff && m.Variant {
				m.Diff = group.Diff(c.Text, m.Text)
			}
			c.Members = append(c.Members, m)
			if m.Published != nil && (c.LastSeen == nil || m.Published.After(*c.LastSeen)) {
				c.LastSeen = m.Published
			}
		}
		return rows.Err()
	}))
	if err != nil {
		return err
	}
	for i := range cs {
		countReports(&cs[i])
	}
	return nil
}

// countReports sets c's NOutlets and NSyndicated from its members: a wire
// copy is a report of the article it copies, whoever printed it.
func countReports(c *Cluster) {
	if len(c.Members) == 0 {
		return
	}
	source := func(outlet, article string) string {
		if outlet == "" {
			return "article " + article // an article without an outlet is its own source
		}
		return outlet
	}
	reports, copies := map[string]bool{}, map[string]bool{}
	for _, m := range c.Members {
		if m.Syndicated {
			reports[source(m.CopyOfOutlet, m.CopyOf)] = true
			copies[source(m.Outlet, m.ArticleID)] = true
			continue
		}
		reports[source(m.Outlet, m.ArticleID)] = true
	}
	n := 0
	for o := range copies {
		if !reports[o] {
			n++
		}
	}
	c.NOutlets, c.NSyndicated = len(reports), n
}

// Cluster implements Store: one cluster with the word-level diff of each
// variant against the cluster's text.
func (s *DB) Cluster(ctx context.Context, id string) (Cluster, error) {
	row := s.db.QueryRowContext(ctx, s.d.rebind(`SELECT `+clusterCols+clusterFrom+` WHERE k.id = ?`), id)
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
	rows, err := s.db.QueryContext(ctx, s.d.rebind(`SELECT `+claimCols+` FROM `+claimFrom(`claims c`)+`
		WHERE c.article_id = ? AND `+asSent+` ORDER BY c.ord`), id)
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

// Speakers implements Store: most claims first, then key; speakers are
// grouped by key after the alias table.
func (s *DB) Speakers(ctx context.Context, q SpeakerQuery) (SpeakerPage, error) {
	limit := limitOf(q.Limit)
	join, effKey, effName, err := s.aliasSQL(ctx)
	if err != nil {
		return SpeakerPage{}, err
	}
	w := where{conds: []string{`c.speaker_key <> ''`, asSent}}
	if q.Q != "" {
		pat := "%" + EscapeLike(strings.ToLower(q.Q)) + "%"
		cond := `LOWER(` + effName + `) LIKE ? ESCAPE '\'`
		args := []any{pat}
		if k := contract.SpeakerKey(q.Q); k != "" {
			cond += ` OR ` + effKey + ` LIKE ? ESCAPE '\'`
			args = append(args, "%"+EscapeLike(k)+"%")
		}
		w.add(`(`+cond+`)`, args...)
	}
	total, err := s.count(ctx, `SELECT COUNT(DISTINCT `+effKey+`) FROM claims c`+join+w.sql(), w.args)
	if err != nil {
		return SpeakerPage{}, err
	}
	having := ""
	var hargs []any
	if q.Cursor != "" {
		var n int
		var key string
		if err := decodeCursor(q.Cursor, &n, &key); err != nil {
			return SpeakerPage{}, err
		}
		having = ` HAVING (COUNT(*) < ? OR (COUNT(*) = ? AND ` + effKey + ` > ?))`
		hargs = []any{n, n, key}
	}
	query := `SELECT ` + effKey + `, MAX(` + effName + `), MAX(c.speaker_type), COUNT(*), COUNT(DISTINCT c.article_id), COUNT(DISTINCT c.cluster_id)
		FROM claims c` + join + w.sql() + ` GROUP BY ` + effKey + having +
		fmt.Sprintf(` ORDER BY COUNT(*) DESC, %s ASC LIMIT %d`, effKey, limit+1)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(query), append(w.args, hargs...)...)
	if err != nil {
		return SpeakerPage{}, s.classify(fmt.Errorf("store: speakers: %w", err))
	}
	defer rows.Close()
	page := SpeakerPage{Speakers: []Speaker{}, Total: total}
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

// Outlets implements Store: most claims first, then name.
func (s *DB) Outlets(ctx context.Context, q OutletQuery) (OutletPage, error) {
	limit := limitOf(q.Limit)
	w := where{conds: []string{asSent}}
	if q.Q != "" {
		w.add(`c.outlet LIKE ? ESCAPE '\'`, "%"+EscapeLike(OutletName(q.Q))+"%")
	}
	total, err := s.count(ctx, `SELECT COUNT(DISTINCT c.outlet) FROM claims c`+w.sql(), w.args)
	if err != nil {
		return OutletPage{}, err
	}
	having := ""
	var hargs []any
	if q.Cursor != "" {
		var n int
		var name string
		if err := decodeCursor(q.Cursor, &n, &name); err != nil {
			return OutletPage{}, err
		}
		having = ` HAVING (COUNT(*) < ? OR (COUNT(*) = ? AND c.outlet > ?))`
		hargs = []any{n, n, name}
	}
	query := `SELECT c.outlet, COUNT(DISTINCT c.article_id), COUNT(*), COUNT(DISTINCT c.cluster_id), MIN(NULLIF(c.published, '')), MAX(NULLIF(c.published, ''))
		FROM claims c` + w.sql() + ` GROUP BY c.outlet` + having + fmt.Sprintf(` ORDER BY COUNT(*) DESC, c.outlet ASC LIMIT %d`, limit+1)
	rows, err := s.db.QueryContext(ctx, s.d.rebind(query), append(w.args, hargs...)...)
	if err != nil {
		return OutletPage{}, s.classify(fmt.Errorf("store: outlets: %w", err))
	}
	defer rows.Close()
	page := OutletPage{Outlets: []Outlet{}, Total: total}
	for rows.Next() {
		var o Outlet
		var first, last string
		if err := rows.Scan(&o.Outlet, &o.Articles, &o.Claims, &o.Clusters, nullStr{&first}, nullStr{&last}); err != nil {
			return OutletPage{}, s.classify(fmt.Errorf("store: outlets: %w", err))
		}
		o.FirstSeen, o.LastSeen = parseTime(first), parseTime(last)
		page.Outlets = append(page.Outlets, o)
	}
	if err := rows.Err(); err != nil {
		return OutletPage{}, s.classify(fmt.Errorf("store: outlets: %w", err))
	}
	if len(page.Outlets) > limit {
		page.Outlets = page.Outlets[:limit]
		last := page.Outlets[limit-1]
		page.NextCursor = encodeCursor(last.Claims, last.Outlet)
	}
	return page, nil
}
