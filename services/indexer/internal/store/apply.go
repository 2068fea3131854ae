package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
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
}

// New wraps an open, migrated database.
func New(db *sql.DB, d *Dialect) *DB { return &DB{db: db, d: d, stmts: map[string]*sql.Stmt{}} }

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
	if s.batch != nil {
		return s.applyBatched(ctx, &cs)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, s.classify(fmt.Errorf("store: begin: %w", err))
	}
	applied, err := s.apply(ctx, tx, &cs)
	if err != nil {
		tx.Rollback()
		return false, s.classify(fmt.Errorf("store: apply %s: %w", cs.Article.ID, err))
	}
	if err := tx.Commit(); err != nil {
		return false, s.classify(fmt.Errorf("store: commit %s: %w", cs.Article.ID, err))
	}
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
func inChunks(ids []string, fn func(chunk []string, ph string, args []any) error) error {
	const n = 500
	for i := 0; i < len(ids); i += n {
		chunk := ids[i:min(i+n, len(ids))]
		args := make([]any, len(chunk))
		for j, id := range chunk {
			args[j] = id
		}
		if err := fn(chunk, placeholders(len(chunk)), args); err != nil {
			return err
		}
	}
	return nil
}

// insertRows inserts rows (all of one width) with multi-row INSERTs:
// one statement per 32 rows instead of one per row.
func (q txq) insertRows(prefix, suffix string, rows [][]any) error {
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
		if err := q.exec(b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func (s *DB) apply(ctx context.Context, tx *sql.Tx, cs *contract.ClaimSet) (bool, error) {
	q := txq{ctx, tx, s}
	if s.d.WriteLock != "" {
		if err := q.exec(s.d.WriteLock); err != nil {
			return false, fmt.Errorf("lock: %w", err)
		}
	}
	a := &cs.Article
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
	oldIDs, touched, err := s.claimsOf(q, a.ID)
	if err != nil {
		return false, err
	}
	if len(oldIDs) > 0 {
		if err := inChunks(oldIDs, func(_ []string, ph string, args []any) error {
			if err := q.exec(`DELETE FROM claim_edges WHERE a IN (`+ph+`)`, args...); err != nil {
				return err
			}
			if err := q.exec(`DELETE FROM claim_edges WHERE b IN (`+ph+`)`, args...); err != nil {
				return err
			}
			return q.exec(`DELETE FROM claim_keys WHERE claim_id IN (`+ph+`)`, args...)
		}); err != nil {
			return false, fmt.Errorf("delete old: %w", err)
		}
		if err := q.exec(`DELETE FROM claims WHERE article_id = ?`, a.ID); err != nil {
			return false, fmt.Errorf("delete old claims: %w", err)
		}
	}
	published := fmtTime(a.Published)
	outlet := clean(strings.ToLower(a.Outlet))
	if err := q.exec(`INSERT INTO articles (id, url, outlet, title, byline, published, lang, text, cleaner_version, extractor_version, indexed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET url = excluded.url, outlet = excluded.outlet, title = excluded.title,
		byline = excluded.byline, published = excluded.published, lang = excluded.lang, text = excluded.text,
		cleaner_version = excluded.cleaner_version, extractor_version = excluded.extractor_version`,
		a.ID, clean(a.URL), outlet, clean(a.Title), clean(a.Byline), published, clean(a.Lang), clean(a.Text),
		clean(a.CleanerVersion), clean(cs.ExtractorVersion), time.Now().UTC().Format(timeLayout)); err != nil {
		return false, fmt.Errorf("upsert article: %w", err)
	}

	// Insert the new claims with their blocking keys.
	items := make([]group.Item, len(cs.Claims))
	itemKeys := make([][]string, len(cs.Claims)) // computed once: keys cost a tokenisation
	queryKeys := make([][]string, len(cs.Claims))
	keyOf := map[string][]string{} // key → new claim ids
	var newIDs []string
	var claimRows, keyRows [][]any
	for i, c := range cs.Claims {
		c.Text, c.Sentence = clean(c.Text), clean(c.Sentence)
		items[i] = group.NewItem(a.ID, c)
		newIDs = append(newIDs, c.ID)
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
				return false, fmt.Errorf("%w: claim %s numbers: %v", ErrInvalid, c.ID, err)
			}
			nums = clean(string(b))
		}
		claimRows = append(claimRows, []any{clean(c.ID), a.ID, i, clean(c.Kind), c.Text, c.Sentence, c.Start, c.End,
			spName, spMention, spType, spKey, clean(c.Cue), clean(c.Via), nums, c.Confidence, outlet, published, c.ID})
		itemKeys[i] = group.Keys(&items[i])
		for _, k := range itemKeys[i] {
			keyRows = append(keyRows, []any{k, c.ID})
		}
		queryKeys[i] = group.QueryKeys(&items[i])
		for _, k := range queryKeys[i] {
			keyOf[k] = append(keyOf[k], c.ID)
		}
	}
	if err := q.insertRows(`INSERT INTO claims (id, article_id, ord, kind, text, sentence, start_off, end_off,
			speaker_name, speaker_mention, speaker_type, speaker_key, cue, via, numbers, confidence, outlet, published, cluster_id) VALUES `, "", claimRows); err != nil {
		if s.d.Transient != nil && s.d.Transient(err) {
			return false, err
		}
		// A claim id already used by another article: the set cannot be stored as is.
		return false, fmt.Errorf("%w: insert claims: %v", ErrInvalid, err)
	}
	if err := q.insertRows(`INSERT INTO claim_keys (key, claim_id) VALUES `, "", keyRows); err != nil {
		return false, fmt.Errorf("insert keys: %w", err)
	}

	// Compare each new claim with the stored claims sharing a key, and with
	// the article's other new claims.
	keys := make([]string, 0, len(keyOf))
	for k := range keyOf {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	isNew := map[string]bool{}
	for _, id := range newIDs {
		isNew[id] = true
	}
	candByKey := map[string][]string{}
	var candIDs []string
	candSeen := map[string]bool{}
	if err := inChunks(keys, func(_ []string, ph string, args []any) error {
		// Only the most recently indexed claims of each key are candidates:
		// a prolific speaker or a common figure would otherwise make every
		// insert compare against thousands of claims, and the same quote
		// across outlets arrives within days, not years.
		rows, err := q.query(`SELECT key, claim_id FROM (
				SELECT k.key, k.claim_id, ROW_NUMBER() OVER (PARTITION BY k.key ORDER BY a.indexed_at DESC, k.claim_id) AS rn
				FROM claim_keys k JOIN claims c ON c.id = k.claim_id JOIN articles a ON a.id = c.article_id
				WHERE k.key IN (`+ph+`)) recent WHERE rn <= `+strconv.Itoa(maxCandidatesPerKey), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k, id string
			if err := rows.Scan(&k, &id); err != nil {
				return err
			}
			if isNew[id] {
				continue
			}
			candByKey[k] = append(candByKey[k], id)
			if !candSeen[id] {
				candSeen[id] = true
				candIDs = append(candIDs, id)
			}
		}
		return rows.Err()
	}); err != nil {
		return false, fmt.Errorf("candidates: %w", err)
	}
	cands, err := s.loadItems(q, candIDs)
	if err != nil {
		return false, fmt.Errorf("load candidates: %w", err)
	}
	var edges [][2]string
	linked := map[string]bool{} // candidate ids joined to a new claim
	for i := range items {
		it := &items[i]
		done := map[string]bool{}
		for _, k := range queryKeys[i] {
			for _, cid := range candByKey[k] {
				if done[cid] {
					continue
				}
				done[cid] = true
				c := cands[cid]
				if c == nil || !group.Related(it, &c.Item) {
					continue
				}
				edges = append(edges, edge(it.ID, cid))
				linked[cid] = true
			}
		}
		for j := i + 1; j < len(items); j++ {
			if group.Related(it, &items[j]) {
				edges = append(edges, edge(it.ID, items[j].ID))
			}
		}
	}
	edgeRows := make([][]any, len(edges))
	for i, e := range edges {
		edgeRows[i] = []any{e[0], e[1]}
	}
	if err := q.insertRows(`INSERT INTO claim_edges (a, b) VALUES `, ` ON CONFLICT DO NOTHING`, edgeRows); err != nil {
		return false, fmt.Errorf("insert edges: %w", err)
	}

	if len(oldIDs) == 0 {
		// Nothing was removed, so clusters can only merge: union the new
		// claims with the clusters they link to, without reloading those
		// clusters' members and edges.
		return true, s.merge(q, newIDs, edges, func(id string) string {
			if c := cands[id]; c != nil {
				return c.Cluster
			}
			return ""
		})
	}
	// Old claims left their clusters, which may split: recompute the
	// components of the new claims, the clusters they joined, and the
	// clusters the old claims left.
	for id := range linked {
		touched[cands[id].Cluster] = true
	}
	return true, s.regroup(q, newIDs, touched)
}

// maxCandidatesPerKey bounds the stored claims one blocking key offers as
// candidates, so that an insert costs the same at 100 claims or 10 million.
const maxCandidatesPerKey = 100

func edge(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// claimsOf returns an article's claim ids and the set of their cluster ids.
func (s *DB) claimsOf(q txq, articleID string) ([]string, map[string]bool, error) {
	rows, err := q.query(`SELECT id, cluster_id FROM claims WHERE article_id = ?`, articleID)
	if err != nil {
		return nil, nil, fmt.Errorf("old claims: %w", err)
	}
	defer rows.Close()
	var ids []string
	clusters := map[string]bool{}
	for rows.Next() {
		var id, cl string
		if err := rows.Scan(&id, &cl); err != nil {
			return nil, nil, err
		}
		ids = append(ids, id)
		clusters[cl] = true
	}
	return ids, clusters, rows.Err()
}

// itemWithCluster is a stored claim's grouping features and current cluster.
type itemWithCluster struct {
	group.Item
	Cluster string
}

func (s *DB) loadItems(q txq, ids []string) (map[string]*itemWithCluster, error) {
	out := make(map[string]*itemWithCluster, len(ids))
	err := inChunks(ids, func(_ []string, ph string, args []any) error {
		rows, err := q.query(`SELECT id, article_id, kind, speaker_key, speaker_type, text, numbers, cluster_id FROM claims WHERE id IN (`+ph+`)`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, art, kind, key, typ, text, nums, cl string
			if err := rows.Scan(&id, &art, &kind, &key, &typ, &text, &nums, &cl); err != nil {
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
			out[id] = &itemWithCluster{Item: it, Cluster: cl}
		}
		return rows.Err()
	})
	return out, err
}
