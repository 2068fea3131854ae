package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// DB is the Store over database/sql.
type DB struct {
	db *sql.DB
	d  *Dialect

	mu    sync.Mutex
	stmts map[string]*sql.Stmt
	batch *batcher // nil: one transaction per Apply
	feat  *features
}

// New wraps an open, migrated database.
func New(db *sql.DB, d *Dialect) *DB {
	return &DB{db: db, d: d, stmts: map[string]*sql.Stmt{}, feat: newFeatures(featureCacheSize)}
}

// Close closes the database.
func (s *DB) Close() error {
	s.stopBatcher()
	s.mu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = map[string]*sql.Stmt{}
	s.mu.Unlock()
	return s.db.Close()
}

// maxStmts bounds the prepared-statement cache; IN lists of every length
// would otherwise each add one.
const maxStmts = 256

// stmt returns a prepared statement for query (already rebound), or nil when
// the cache is full. Preparing once matters: parsing SQL was a fifth of
// Apply's CPU time on SQLite.
func (s *DB) stmt(ctx context.Context, query string) *sql.Stmt {
	if s.d.NoStmtCache {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.stmts[query]; ok {
		return st
	}
	if len(s.stmts) >= maxStmts {
		return nil
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil // the caller runs the query unprepared and sees the error
	}
	s.stmts[query] = st
	return st
}

// Ping checks the database is reachable.
func (s *DB) Ping(ctx context.Context) error { return s.classify(s.db.PingContext(ctx)) }

// SQL returns the underlying handle (tests, benchmarks).
func (s *DB) SQL() *sql.DB { return s.db }

func (s *DB) classify(err error) error {
	if err == nil || errors.Is(err, ErrInvalid) || errors.Is(err, ErrNotFound) || errors.Is(err, ErrBadRequest) {
		return err
	}
	if s.d.Transient != nil && s.d.Transient(err) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", ErrTransient, err)
	}
	return err
}

// validate refuses ClaimSets that can never be stored; everything else is
// stored as sent (after making strings safe for both backends).
func validate(cs *contract.ClaimSet) error {
	if cs.Schema > contract.Schema {
		return fmt.Errorf("%w: schema %d", ErrInvalid, cs.Schema)
	}
	if strings.TrimSpace(cs.Article.ID) == "" {
		return fmt.Errorf("%w: article without id", ErrInvalid)
	}
	if len(cs.Article.ID) > 200 {
		return fmt.Errorf("%w: article id longer than 200 bytes", ErrInvalid)
	}
	seen := make(map[string]bool, len(cs.Claims))
	for i, c := range cs.Claims {
		if strings.TrimSpace(c.ID) == "" {
			return fmt.Errorf("%w: claim %d without id", ErrInvalid, i)
		}
		if seen[c.ID] {
			return fmt.Errorf("%w: duplicate claim id %s", ErrInvalid, c.ID)
		}
		seen[c.ID] = true
	}
	return nil
}

// clean makes a string storable: PostgreSQL refuses NUL and invalid UTF-8.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.ReplaceAll(s, "\x00", "")
}

const timeLayout = "2006-01-02T15:04:05Z"

func fmtTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return nil
	}
	return &t
}

// Apply implements Store.
func (s *DB) Apply(ctx context.Context, cs contract.ClaimSet) (bool, error) {
	if err := validate(&cs); err != nil {
		return false, err
	}
	p, err := prepare(&cs)
	if err != nil {
		return false, err
	}
	if s.batch != nil {
		return s.applyBatched(ctx, p)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, s.classify(fmt.Errorf("store: begin: %w", err))
	}
	f := s.newFTSState()
	applied, err := s.apply(ctx, tx, p, f)
	if err == nil {
		err = s.ftsFlush(txq{ctx, tx, s}, f)
	}
	if err != nil {
		tx.Rollback()
		return false, s.classify(fmt.Errorf("store: apply %s: %w", cs.Article.ID, err))
	}
	if err := tx.Commit(); err != nil {
		return false, s.classify(fmt.Errorf("store: commit %s: %w", cs.Article.ID, err))
	}
	s.committed(p)
	return applied, nil
}

type txq struct {
	ctx context.Context
	tx  *sql.Tx
	s   *DB
}

func (q txq) exec(query string, args ...any) error {
	query = q.s.d.rebind(query)
	if st := q.s.stmt(q.ctx, query); st != nil {
		_, err := q.tx.StmtContext(q.ctx, st).ExecContext(q.ctx, args...)
		return err
	}
	_, err := q.tx.ExecContext(q.ctx, query, args...)
	return err
}

func (q txq) query(query string, args ...any) (*sql.Rows, error) {
	query = q.s.d.rebind(query)
	if st := q.s.stmt(q.ctx, query); st != nil {
		return q.tx.StmtContext(q.ctx, st).QueryContext(q.ctx, args...)
	}
	return q.tx.QueryContext(q.ctx, query, args...)
}

// inChunks runs fn over ids in chunks small enough for any backend's
// parameter limit.
func inChunks[T any](ids []T, fn func(ph string, args []any) error) error {
	const n = 500
	for i := 0; i < len(ids); i += n {
		chunk := ids[i:min(i+n, len(ids))]
		args := make([]any, len(chunk))
		for j, id := range chunk {
			args[j] = id
		}
		if err := fn(placeholders(len(chunk)), args); err != nil {
			return err
		}
	}
	return nil
}

// insertRows inserts rows (all of one width) with multi-row INSERTs:
// one statement per 32 rows instead of one per row. With scan, the suffix
// is a RETURNING clause and scan reads each returned row.
func (q txq) insertRows(prefix, suffix string, rows [][]any, scan func(*sql.Rows) error) error {
	const per = 32
	for i := 0; i < len(rows); i += per {
		chunk := rows[i:min(i+per, len(rows))]
		var b strings.Builder
		b.WriteString(prefix)
		var args []any
		for j, r := range chunk {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString("(" + placeholders(len(r)) + ")")
			args = append(args, r...)
		}
		b.WriteString(suffix)
		if scan == nil {
			if err := q.exec(b.String(), args...); err != nil {
				return err
			}
			continue
		}
		if err := q.scanAll(b.String(), args, scan); err != nil {
			return err
		}
	}
	return nil
}

// scanAll runs query and calls scan on each row.
func (q txq) scanAll(query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := q.query(query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// prepared is a ClaimSet with everything computed that needs no database:
// the caller's goroutine does it, so that the single writer only runs SQL
// and the comparisons with stored claims.
type prepared struct {
	cs                *contract.ClaimSet
	published, outlet string
	items             []group.Item
	keys, queryKeys   [][]string  // per claim: keys stored in claim_keys, keys looked up
	claimRows         [][]any     // the claims table's columns but cluster_id
	sketch            [][]string  // per claim: its sketch tokens (sketchToken)
	members           []memberRow // per claim: as a cluster member

	// Set by apply, for the feature cache once the transaction commits: the
	// seqs the claims were stored at, and the candidates read from the
	// database.
	seqs   []int64
	loaded map[int64]*group.Item
}

// committed caches the features of p's claims and of the candidates it read,
// once the transaction that stored or read them has committed.
func (s *DB) committed(p *prepared) {
	if len(p.seqs) == len(p.items) {
		items := make([]*group.Item, len(p.items))
		for i := range p.items {
			items[i] = &p.items[i]
		}
		s.feat.add(p.seqs, items)
	}
	for seq, it := range p.loaded {
		s.feat.add([]int64{seq}, []*group.Item{it})
	}
}

func prepare(cs *contract.ClaimSet) (*prepared, error) {
	a := &cs.Article
	p := &prepared{
		cs:        cs,
		published: fmtTime(a.Published),
		outlet:    clean(strings.ToLower(a.Outlet)),
		items:     make([]group.Item, len(cs.Claims)),
		keys:      make([][]string, len(cs.Claims)),
		queryKeys: make([][]string, len(cs.Claims)),
		claimRows: make([][]any, len(cs.Claims)),
		sketch:    make([][]string, len(cs.Claims)),
		members:   make([]memberRow, len(cs.Claims)),
	}
	for i, c := range cs.Claims {
		c.Text, c.Sentence = clean(c.Text), clean(c.Sentence)
		p.items[i] = group.NewItem(a.ID, c)
		var spName, spMention, spType, spKey string
		if c.Speaker != nil {
			spName, spMention, spType = clean(c.Speaker.Name), clean(c.Speaker.Mention), clean(c.Speaker.Type)
			if spType == "" {
				spType = contract.SpeakerUnknown
			}
			spKey = group.ClaimSpeakerKey(c.Speaker)
		}
		nums := ""
		if len(c.Numbers) > 0 {
			b, err := json.Marshal(c.Numbers)
			if err != nil {
				return nil, fmt.Errorf("%w: claim %s numbers: %v", ErrInvalid, c.ID, err)
			}
			nums = clean(string(b))
		}
		p.claimRows[i] = []any{clean(c.ID), a.ID, i, clean(c.Kind), c.Text, c.Sentence, c.Start, c.End,
			spName, spMention, spType, spKey, clean(c.Cue), clean(c.Via), nums, c.Confidence, p.outlet, p.published}
		p.members[i] = memberRow{
			Member: group.Member{ClaimID: clean(c.ID), ArticleID: a.ID, Text: c.Text, Published: p.published},
			kind:   clean(c.Kind), speaker: spName, speakerType: spType, via: clean(c.Via), outlet: p.outlet,
		}
		var sketch []string
		for _, k := range group.Keys(&p.items[i]) {
			if group.IsSketch(k) {
				sketch = append(sketch, sketchToken(k))
			} else {
				p.keys[i] = append(p.keys[i], k)
			}
		}
		p.claimRows[i] = append(p.claimRows[i], strings.Join(sketch, " "))
		p.sketch[i] = sketch
		p.queryKeys[i] = group.QueryKeys(&p.items[i])
	}
	return p, nil
}

// apply stores p in tx. f is the transaction's deferred full-text state (nil
// when the dialect indexes by itself): the caller flushes it before commit.
func (s *DB) apply(ctx context.Context, tx *sql.Tx, p *prepared, f *ftsState) (bool, error) {
	q := txq{ctx, tx, s}
	if s.d.WriteLock != "" {
		if err := q.exec(s.d.WriteLock); err != nil {
			return false, fmt.Errorf("lock: %w", err)
		}
	}
	cs := p.cs
	a := &cs.Article
	p.seqs, p.loaded = nil, map[int64]*group.Item{} // apply may run again after a rollback
	var oldVersion string
	rows, err := q.query(`SELECT extractor_version FROM articles WHERE id = ?`, a.ID)
	if err == nil {
		err = sql.ErrNoRows
		if rows.Next() {
			err = rows.Scan(&oldVersion)
		} else if rerr := rows.Err(); rerr != nil {
			err = rerr
		}
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return false, err
	case contract.CompareVersions(cs.ExtractorVersion, oldVersion) < 0:
		return false, nil
	}

	// The article's previous claims and the clusters they were in: those
	// clusters may split once the claims are gone.
	oldIDs, oldSeqs, touched, err := s.claimsOf(q, a.ID)
	if err != nil {
		return false, err
	}
	if len(oldIDs) > 0 {
		s.feat.evict(oldSeqs)
		if err := inChunks(oldIDs, func(ph string, args []any) error {
			if err := q.exec(`DELETE FROM claim_edges WHERE a IN (`+ph+`)`, args...); err != nil {
				return err
			}
			return q.exec(`DELETE FROM claim_edges WHERE b IN (`+ph+`)`, args...)
		}); err != nil {
			return false, fmt.Errorf("delete old edges: %w", err)
		}
		if err := inChunks(oldSeqs, func(ph string, args []any) error {
			return q.exec(`DELETE FROM claim_keys WHERE seq IN (`+ph+`)`, args...)
		}); err != nil {
			return false, fmt.Errorf("delete old keys: %w", err)
		}
		if err := s.ftsDelete(q, f, oldSeqs); err != nil {
			return false, fmt.Errorf("delete old claims' full-text entries: %w", err)
		}
		if err := q.exec(`DELETE FROM claims WHERE article_id = ?`, a.ID); err != nil {
			return false, fmt.Errorf("delete old claims: %w", err)
		}
	}
	if err := q.exec(`INSERT INTO articles (id, url, outlet, title, byline, published, lang, text, cleaner_version, extractor_version, indexed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET url = excluded.url, outlet = excluded.outlet, title = excluded.title,
		byline = excluded.byline, published = excluded.published, lang = excluded.lang, text = excluded.text,
		cleaner_version = excluded.cleaner_version, extractor_version = excluded.extractor_version`,
		a.ID, clean(a.URL), p.outlet, clean(a.Title), clean(a.Byline), p.published, clean(a.Lang), clean(a.Text),
		clean(a.CleanerVersion), clean(cs.ExtractorVersion), time.Now().UTC().Format(timeLayout)); err != nil {
		return false, fmt.Errorf("upsert article: %w", err)
	}

	edges, linked, err := s.link(q, p, f)
	if err != nil {
		return false, err
	}
	items := p.items

	// With nothing removed, clusters can only merge: the new claims are
	// stored already labelled, and the clusters they join are relabelled
	// without reloading their members and edges.
	newIDs := make([]string, len(items))
	for i := range items {
		newIDs[i] = items[i].ID
	}
	var m merged
	if len(oldIDs) == 0 {
		clusterOf := map[string]string{}
		for _, c := range linked {
			clusterOf[c.ID] = c.Cluster
		}
		m = mergeLabels(newIDs, edges, clusterOf)
	}
	claimRows := make([][]any, len(items))
	for i, r := range p.claimRows {
		cluster := newIDs[i]
		if l, ok := m.label[cluster]; ok {
			cluster = l
		}
		claimRows[i] = append(r[:len(r):len(r)], cluster)
	}
	seqOf := make(map[string]int64, len(items))
	if err := q.insertRows(`INSERT INTO claims (id, article_id, ord, kind, text, sentence, start_off, end_off,
			speaker_name, speaker_mention, speaker_type, speaker_key, cue, via, numbers, confidence, outlet, published, sketch, cluster_id) VALUES `,
		` RETURNING id, seq`, claimRows, func(r *sql.Rows) error {
			var id string
			var seq int64
			err := r.Scan(&id, &seq)
			seqOf[id] = seq
			return err
		}); err != nil {
		if s.d.Transient != nil && s.d.Transient(err) {
			return false, err
		}
		// A claim id already used by another article: the set cannot be stored as is.
		return false, fmt.Errorf("%w: insert claims: %v", ErrInvalid, err)
	}
	for _, r := range p.claimRows {
		p.seqs = append(p.seqs, seqOf[r[0].(string)]) // the id as stored
	}
	f.added(p.seqs, p.sketch)
	var keyRows [][]any
	for i := range items {
		for _, k := range p.keys[i] {
			keyRows = append(keyRows, []any{k, p.seqs[i]})
		}
	}
	if err := q.insertRows(`INSERT INTO claim_keys (key, seq) VALUES `, "", keyRows, nil); err != nil {
		return false, fmt.Errorf("insert keys: %w", err)
	}
	edgeRows := make([][]any, len(edges))
	for i, e := range edges {
		edgeRows[i] = []any{e[0], e[1]}
	}
	if err := q.insertRows(`INSERT INTO claim_edges (a, b) VALUES `, ` ON CONFLICT DO NOTHING`, edgeRows, nil); err != nil {
		return false, fmt.Errorf("insert edges: %w", err)
	}

	if len(oldIDs) == 0 {
		return true, s.merge(q, m, p.members)
	}
	// Old claims left their clusters, which may split: recompute the
	// components of the new claims, the clusters they joined, and the
	// clusters the old claims left.
	for _, c := range linked {
		touched[c.Cluster] = true
	}
	return true, s.regroup(q, newIDs, touched)
}

// link compares each new claim with the stored claims sharing a key (looked
// up before the article's own claims are stored) and with the article's
// other new claims. It returns the edges found and the stored claims they
// join, with their clusters.
func (s *DB) link(q txq, p *prepared, f *ftsState) ([][2]string, map[int64]*itemWithCluster, error) {
	// Features of cached candidates are not read back: only the few that turn
	// out related are, for their cluster, and checked to still be the claim
	// the cache holds. One that is not (gone, or its seq reused by another
	// process) is evicted and the comparison done again from the database.
	for attempt := 0; ; attempt++ {
		cands, perItem, err := s.candidates(q, p, f)
		if err != nil {
			return nil, nil, fmt.Errorf("candidates: %w", err)
		}
		items := p.items
		var edges [][2]string
		linked := map[int64]*itemWithCluster{}
		for i := range items {
			it := &items[i]
			for _, seq := range perItem[i] {
				c := cands[seq]
				if c == nil || !group.Related(it, c.Item) {
					continue
				}
				edges = append(edges, edge(it.ID, c.ID))
				linked[seq] = c
			}
			for j := i + 1; j < len(items); j++ {
				if group.Related(it, &items[j]) {
					edges = append(edges, edge(it.ID, items[j].ID))
				}
			}
		}
		stale, err := s.readClusters(q, linked)
		if err != nil {
			return nil, nil, fmt.Errorf("clusters of linked claims: %w", err)
		}
		if len(stale) == 0 {
			return edges, linked, nil
		}
		s.feat.evict(stale)
		if attempt > 0 {
			// Read from the database this time, so it cannot be stale again.
			return nil, nil, fmt.Errorf("%w: stored claims changed while grouping", ErrTransient)
		}
	}
}

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
	err = inChunks(seqs, func(ph string, args []any) error {
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
	var seqs []int64
	seen := map[int64]bool{}
	for i, ks := range p.queryKeys {
		mine := map[int64]bool{}
		add := func(found []int64) {
			for _, seq := range found {
				if !mine[seq] {
					mine[seq] = true
					perItem[i] = append(perItem[i], seq)
				}
				if !seen[seq] {
					seen[seq] = true
					seqs = append(seqs, seq)
				}
			}
		}
		var sketch []string
		for _, k := range ks {
			if group.IsSketch(k) {
				sketch = append(sketch, sketchToken(k))
				continue
			}
			add(byKey[k])
		}
		if len(sketch) == 0 {
			continue
		}
		var found []int64
		if err := q.scanAll(s.d.SketchMatch+` LIMIT `+strconv.Itoa(maxCandidatesPerKey), []any{s.d.SketchQuery(sketch)}, func(r *sql.Rows) error {
			var seq int64
			err := r.Scan(&seq)
			found = append(found, seq)
			return err
		}); err != nil {
			return nil, nil, fmt.Errorf("sketch: %w", err)
		}
		add(found)
		add(f.sketchMatches(sketch))
	}
	cands, err := s.loadItems(q, seqs, p.loaded)
	return cands, perItem, err
}

// sketchToken is how a sketch key is stored in the sketch column: one word
// for the full-text tokenizers ("ha0:term" → "ha0term"; the index is one
// digit).
func sketchToken(k string) string { return strings.Replace(k, ":", "", 1) }

// lookupKeys reads the newest entries of each key into byKey: one statement
// of per-key range reads for many keys, instead of a round trip per key.
func (s *DB) lookupKeys(q txq, keys []string, byKey map[string][]int64) error {
	const per = 64 // well under SQLite's limit on compound SELECTs
	sub := `SELECT * FROM (SELECT key, seq FROM claim_keys WHERE key = ? ORDER BY seq DESC LIMIT ` + strconv.Itoa(maxCandidatesPerKey) + `) AS k`
	for i := 0; i < len(keys); i += per {
		chunk := keys[i:min(i+per, len(keys))]
		parts := make([]string, len(chunk))
		args := make([]any, len(chunk))
		for j, k := range chunk {
			parts[j] = sub + strconv.Itoa(j)
			args[j] = k
		}
		if err := q.scanAll(strings.Join(parts, " UNION ALL "), args, func(r *sql.Rows) error {
			var k string
			var seq int64
			if err := r.Scan(&k, &seq); err != nil {
				return err
			}
			byKey[k] = append(byKey[k], seq)
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}

func edge(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// claimsOf returns an article's claims (ids and seqs) and the set of their
// cluster ids.
func (s *DB) claimsOf(q txq, articleID string) ([]string, []int64, map[string]bool, error) {
	var ids []string
	var seqs []int64
	clusters := map[string]bool{}
	err := q.scanAll(`SELECT id, seq, cluster_id FROM claims WHERE article_id = ?`, []any{articleID}, func(r *sql.Rows) error {
		var id, cl string
		var seq int64
		if err := r.Scan(&id, &seq, &cl); err != nil {
			return err
		}
		ids, seqs = append(ids, id), append(seqs, seq)
		clusters[cl] = true
		return nil
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("old claims: %w", err)
	}
	return ids, seqs, clusters, nil
}

// itemWithCluster is a stored claim's grouping features and current cluster
// ("" until read, for features from the cache).
type itemWithCluster struct {
	*group.Item
	Cluster string
}

// loadItems returns the stored claims at seqs: features from the cache where
// it has them (cluster not read), from the database otherwise (with the
// cluster); those are also put in loaded.
func (s *DB) loadItems(q txq, seqs []int64, loaded map[int64]*group.Item) (map[int64]*itemWithCluster, error) {
	out := make(map[int64]*itemWithCluster, len(seqs))
	var miss []int64
	for _, seq := range seqs {
		if it := s.feat.get(seq); it != nil {
			out[seq] = &itemWithCluster{Item: it}
		} else {
			miss = append(miss, seq)
		}
	}
	err := inChunks(miss, func(ph string, args []any) error {
		return q.scanAll(`SELECT seq, id, article_id, kind, speaker_key, speaker_type, text, numbers, cluster_id FROM claims WHERE seq IN (`+ph+`)`, args,
			func(r *sql.Rows) error {
				var seq int64
				var id, art, kind, key, typ, text, nums, cl string
				if err := r.Scan(&seq, &id, &art, &kind, &key, &typ, &text, &nums, &cl); err != nil {
					return err
				}
				c := contract.Claim{ID: id, Kind: kind, Text: text}
				if typ != "" {
					c.Speaker = &contract.Speaker{Type: typ, Key: key}
				}
				if nums != "" {
					_ = json.Unmarshal([]byte(nums), &c.Numbers) // written by us; a bad value only loses the figure
				}
				it := group.NewItem(art, c)
				it.SpeakerKey = key
				out[seq] = &itemWithCluster{Item: &it, Cluster: cl}
				loaded[seq] = &it
				return nil
			})
	})
	return out, err
}
