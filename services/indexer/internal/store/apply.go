package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/claimwire/claimwire/pkg/contract"
)

// DB is the Store over database/sql.
type DB struct {
	db *sql.DB
	d  *Dialect

	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	batch  *batcher // nil: one transaction per Apply
	noBulk bool     // tests: never apply a batch as a set (bulk.go)
	feat   *features
	keys   *recentKeys  // nil where the dialect has no Dialect.KeysEpoch
	prints *printFilter // likewise; used by the writer goroutine alone

	watchCache watchCache
	fired      chan struct{} // see AlertsFired
}

// New wraps an open, migrated database.
func New(db *sql.DB, d *Dialect) *DB {
	s := &DB{db: db, d: d, stmts: map[string]*sql.Stmt{}, feat: newFeatures(featureCacheSize), fired: make(chan struct{}, 1)}
	if d.KeysEpoch != "" {
		s.keys = newRecentKeys(recentKeysSize)
		s.prints = newPrintFilter()
	}
	return s
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
	return s.applyTagged(ctx, cs, "")
}

// applyTagged applies cs, recording what it changed under replay when that
// is not "".
func (s *DB) applyTagged(ctx context.Context, cs contract.ClaimSet, replay string) (bool, error) {
	if err := validate(&cs); err != nil {
		return false, err
	}
	if s.batch != nil {
		s.batch.pending.Add(1) // the writer may wait for it (gather)
	}
	p, err := prepare(&cs, s.d.FTSInsert != "") // the writer folds the texts again for it
	if err != nil {
		if s.batch != nil {
			s.batch.pending.Add(-1)
		}
		return false, err
	}
	p.replay = replay
	p.tx = txItems{}
	if s.batch != nil {
		return s.applyBatched(ctx, p)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, s.classify(fmt.Errorf("store: begin: %w", err))
	}
	f := s.newFTSState()
	err = s.lock(txq{ctx: ctx, tx: tx, s: s})
	var applied bool
	if err == nil {
		applied, err = s.apply(ctx, tx, p, f)
	}
	if err == nil {
		err = s.ftsFlush(txq{ctx: ctx, tx: tx, s: s}, f)
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

// lock runs the dialect's write lock, first in every transaction that
// applies ClaimSets (once per transaction, not per ClaimSet: the lock is the
// transaction's until it ends).
func (s *DB) lock(q txq) error {
	if s.d.WriteLock == "" || q.start != nil && q.start.locked {
		return nil
	}
	if err := q.exec(s.d.WriteLock); err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	return nil
}

type txq struct {
	ctx  context.Context
	tx   runner
	s    *DB
	conn *sql.Conn // tx's connection, for Dialect.CopyFrom; nil when not at hand
	// start is what the transaction's first round trip did besides
	// beginning it (Dialect.Pipe); nil: it was begun as usual.
	start *txStart
}

// runner is what a transaction's statements go through: a *sql.Tx, or the
// *sql.Conn of a transaction begun on it in a pipeline (Dialect.Pipe),
// of which database/sql knows nothing.
type runner interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// stmtIn is st for tx where tx is a *sql.Tx (the statement cache is the
// pool's: a connection's own transaction has no use for it); nil otherwise.
func stmtIn(ctx context.Context, tx runner, st *sql.Stmt) *sql.Stmt {
	if t, ok := tx.(*sql.Tx); ok && st != nil {
		return t.StmtContext(ctx, st)
	}
	return nil
}

func (q txq) exec(query string, args ...any) error {
	query = q.s.d.rebind(query)
	if st := stmtIn(q.ctx, q.tx, q.s.stmt(q.ctx, query)); st != nil {
		_, err := st.ExecContext(q.ctx, args...)
		return err
	}
	_, err := q.tx.ExecContext(q.ctx, query, args...)
	return err
}

func (q txq) query(query string, args ...any) (*sql.Rows, error) {
	query = q.s.d.rebind(query)
	if st := stmtIn(q.ctx, q.tx, q.s.stmt(q.ctx, query)); st != nil {
		return st.QueryContext(q.ctx, args...)
	}
	return q.tx.QueryContext(q.ctx, query, args...)
}

// inIDs runs fn over ids, for a condition "x IN (ph)" with args. Where the
// dialect takes arrays, ph is one array parameter (SELECT unnest(?::text[])),
// in one call: the statement has one text for any number of ids, so
// PostgreSQL parses and plans it once, where a list of placeholders is a new
// statement for each length (pgx's statement cache thrashed, and planning
// and scanning a 300-long list of ids took 25 times as long as the array on
// an index of 100,000 claims). Elsewhere ids go in chunks (inChunks).
func inIDs[T string | int64](d *Dialect, ids []T, fn func(ph string, args []any) error) error {
	if !d.Arrays {
		return inChunks(ids, fn)
	}
	if len(ids) == 0 {
		return nil
	}
	cast := "text[]"
	if _, ok := any(ids).([]int64); ok {
		cast = "int8[]"
	}
	return fn("SELECT unnest(?::"+cast+")", []any{ids})
}

// inChunks runs fn over ids in chunks small enough for any backend's
// parameter limit. A chunk's list is padded to one of a few lengths
// (inListLen) by repeating its last id, which changes nothing that "x IN
// (…)" selects: a query then has a handful of texts instead of one per
// number of ids, and these stay prepared in the statement cache (DB.stmt).
// With a text per length the cache filled within the first batches of a
// group commit's writer (candidates, clusters and full-text rows come in
// every number), and every statement new after that was parsed and planned
// at every use.
func inChunks[T any](ids []T, fn func(ph string, args []any) error) error {
	for i := 0; i < len(ids); i += maxInList {
		chunk := ids[i:min(i+maxInList, len(ids))]
		args := make([]any, inListLen(len(chunk)))
		for j := range args {
			args[j] = chunk[min(j, len(chunk)-1)]
		}
		if err := fn(placeholders(len(args)), args); err != nil {
			return err
		}
	}
	return nil
}

// maxInList bounds the ids of one IN list.
const maxInList = 512

// inListLen is the length a list of n ids (1 to maxInList) is padded to:
// the next power of two up to 64, the next multiple of 64 above, so at
// most 14 lengths, and under 64 ids of padding.
func inListLen(n int) int {
	if n > 64 {
		return (n + 63) / 64 * 64
	}
	l := 1
	for l < n {
		l *= 2
	}
	return l
}

// insertRows inserts rows (all of one width) with multi-row INSERTs:
// one statement per 32 rows instead of one per row. With scan, the suffix
// is a RETURNING clause and scan reads each returned row.
func (q txq) insertRows(prefix, suffix string, rows [][]any, scan func(*sql.Rows) error) error {
	if len(rows) == 0 {
		return nil
	}
	if q.s.d.Arrays {
		if query, args, ok := unnestRows(prefix, suffix, rows); ok {
			if scan == nil {
				return q.exec(query, args...)
			}
			return q.scanAll(query, args, scan)
		}
	}
	for chunk := range StatementChunks(rows) {
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

// StatementChunks splits rows (all of one width) into the runs that one
// multi-row statement each inserts: as many rows as fit in 8,192
// parameters (SQLite takes 32,766), in power-of-two sizes only, so that
// the prepared statements stay few.
func StatementChunks(rows [][]any) iter.Seq[[][]any] {
	return func(yield func([][]any) bool) {
		if len(rows) == 0 {
			return
		}
		per := 1
		for per*2*len(rows[0]) <= 8192 {
			per *= 2
		}
		for i := 0; i < len(rows); {
			n := per
			for n > 1 && n > len(rows)-i {
				n /= 2
			}
			if !yield(rows[i : i+n]) {
				return
			}
			i += n
		}
	}
}

// copyRows inserts rows (all of one width) into table's cols: with the
// dialect's bulk load (Dialect.CopyFrom) where it has one and the
// transaction's connection is at hand, as insertRows otherwise.
func (q txq) copyRows(table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if q.conn != nil && q.s.d.CopyFrom != nil {
		return q.conn.Raw(func(dc any) error { return q.s.d.CopyFrom(q.ctx, dc, table, cols, rows) })
	}
	return q.insertRows(`INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES `, ``, rows, nil)
}

// copyAll inserts each set's rows as copyRows does, in their order, then
// runs then (nil for none): in one round trip where the dialect can
// (Dialect.CopyAll). commit: the transaction's COMMIT goes in that round
// trip too (canCommitWithCopy must have said it can).
func (q txq) copyAll(sets []CopySet, then *Stmt, commit bool) error {
	if q.conn != nil && q.s.d.CopyAll != nil {
		if then != nil {
			then = &Stmt{q.s.d.rebind(then.SQL), then.Args}
		}
		var end []string
		if commit {
			end = q.start.endStmts(q.s.d)
		}
		return q.conn.Raw(func(dc any) error {
			firsts, err := q.s.d.CopyAll(q.ctx, dc, sets, then, end)
			if err == nil && commit {
				q.start.ended(firsts)
			}
			return err
		})
	}
	if commit {
		return fmt.Errorf("store: copy: cannot commit along")
	}
	for _, set := range sets {
		if err := q.copyRows(set.Table, set.Cols, set.Rows); err != nil {
			return fmt.Errorf("insert %s: %w", set.Table, err)
		}
	}
	if then != nil {
		return q.exec(then.SQL, then.Args...)
	}
	return nil
}

// canCommitWithCopy reports whether copyAll can commit q's transaction
// in its round trip: the dialect loads in one (Dialect.CopyAll) and the
// transaction was begun in a pipeline (connTx), which ends it with
// statements.
func (q txq) canCommitWithCopy() bool {
	return q.conn != nil && q.s.d.CopyAll != nil && q.start != nil
}

// unnestRows turns a multi-row INSERT … VALUES into one INSERT … SELECT
// from unnest over one array per column: a statement of the same text for
// any number of rows, parsed once. ok is false when a column's type has no
// array form here.
func unnestRows(prefix, suffix string, rows [][]any) (query string, args []any, ok bool) {
	head, found := strings.CutSuffix(strings.TrimRight(prefix, " "), "VALUES")
	if !found {
		return "", nil, false
	}
	casts := make([]string, len(rows[0]))
	args = make([]any, len(rows[0]))
	for j, v := range rows[0] {
		switch v.(type) {
		case string:
			args[j], ok = column[string](rows, j)
			casts[j] = "?::text[]"
		case int, int64:
			col := make([]int64, len(rows))
			for i, r := range rows {
				switch x := r[j].(type) {
				case int:
					col[i] = int64(x)
				case int64:
					col[i] = x
				default:
					return "", nil, false
				}
			}
			casts[j], args[j] = "?::int8[]", col
		case float64:
			args[j], ok = column[float64](rows, j)
			casts[j] = "?::float8[]"
		case []byte:
			args[j], ok = column[[]byte](rows, j)
			casts[j] = "?::bytea[]"
		default:
			return "", nil, false
		}
		if !ok {
			return "", nil, false
		}
	}
	return head + "SELECT * FROM unnest(" + strings.Join(casts, ", ") + ")" + suffix, args, true
}

// column gathers column j of rows as one slice; false when a row holds
// another type there.
func column[T any](rows [][]any, j int) ([]T, bool) {
	col := make([]T, len(rows))
	for i, r := range rows {
		v, ok := r[j].(T)
		if !ok {
			return nil, false
		}
		col[i] = v
	}
	return col, true
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

// apply stores p in tx. f is the transaction's deferred full-text state (nil
// when the dialect indexes by itself): the caller flushes it before commit.
func (s *DB) apply(ctx context.Context, tx runner, p *prepared, f *ftsState) (bool, error) {
	q := txq{ctx: ctx, tx: tx, s: s}
	cs := p.cs
	a := &cs.Article
	p.seqs, p.clusters, p.loaded, p.fired, p.keyUpdate, p.moves, p.merged = nil, nil, map[int64]*itemWithCluster{}, 0, nil, nil, nil // apply may run again after a rollback
	if p.tx == nil {
		p.tx = txItems{}
	}
	// The stored version and the article's previous claims, in one read.
	exists, oldVersion, oldHash, oldIDs, oldSeqs, touched, err := s.claimsOf(q, a.ID)
	switch {
	case err != nil:
		return false, err
	case exists && contract.CompareVersions(cs.ExtractorVersion, oldVersion) < 0:
		if p.replay != "" {
			return false, s.recordReplay(q, p, true, true)
		}
		return false, nil
	case exists && p.replay == "" && oldHash == p.hash && cs.ExtractorVersion == oldVersion:
		// The very ClaimSet stored (a redelivery): rewriting it would
		// delete and re-insert the same claims and rebuild their
		// clusters, for nothing. A replay goes on, to record its report.
		return true, nil
	}
	if p.replay != "" {
		if err := s.recordReplay(q, p, exists, false); err != nil {
			return false, err
		}
	}

	// The article's previous claims leave their clusters: those clusters
	// are rebuilt from the members they keep before the new claims are
	// assigned.
	if len(oldIDs) > 0 {
		s.feat.evict(oldSeqs)
		for _, seq := range oldSeqs {
			delete(p.tx, seq)
		}
		if err := inIDs(s.d, oldSeqs, func(ph string, args []any) error {
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
		if err := s.rebuildClusters(q, sortedKeys(touched)); err != nil {
			return false, fmt.Errorf("clusters left by old claims: %w", err)
		}
	}
	if err := q.exec(`INSERT INTO articles (id, url, outlet, title, byline, published, lang, text, cleaner_version, extractor_version, indexed_at, claimset_hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET url = excluded.url, outlet = excluded.outlet, title = excluded.title,
		byline = excluded.byline, published = excluded.published, lang = excluded.lang, text = excluded.text,
		cleaner_version = excluded.cleaner_version, extractor_version = excluded.extractor_version, claimset_hash = excluded.claimset_hash`,
		a.ID, clean(a.URL), p.outlet, clean(a.Title), clean(a.Byline), p.published, clean(a.Lang), clean(a.Text),
		clean(a.CleanerVersion), clean(cs.ExtractorVersion), time.Now().UTC().Format(timeLayout), p.hash); err != nil {
		return false, fmt.Errorf("upsert article: %w", err)
	}
	if err := s.markSyndication(q, a.ID, p.outlet, p.print); err != nil {
		return false, err
	}

	asg, err := s.assign(q, p, f, len(oldIDs) > 0)
	if err != nil {
		return false, err
	}
	items := p.items
	p.clusters = asg.cluster
	claimRows := make([][]any, len(items))
	for i, r := range p.claimRows {
		claimRows[i] = append(r[:len(r):len(r)], asg.cluster[i])
	}
	seqOf := make(map[string]int64, len(items))
	if err := q.insertRows(`INSERT INTO claims (id, article_id, ord, kind, text, sentence, start_off, end_off,
			speaker_name, speaker_mention, speaker_type, speaker_key, cue, via, numbers, confidence, outlet, published, rule, grp, sketch, folds, feat, unit_of, cluster_id) VALUES `,
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
	for i, r := range p.claimRows {
		p.seqs = append(p.seqs, seqOf[r[0].(string)]) // the id as stored
		p.tx[p.seqs[i]] = &itemWithCluster{Item: &p.items[i], Cluster: asg.cluster[i]}
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
	if err := s.updateClusters(q, p, asg); err != nil {
		return false, err
	}
	if err := s.applyMoves(q, p, asg.moves); err != nil {
		return false, err
	}
	// Watches, on the claims as stored and grouped, in this transaction:
	// an alert commits with its claims or not at all (fire.go).
	return true, s.fire(q, p)
}

// claimsOf returns whether the article is stored and with which extractor
// version and ClaimSet hash, its claims (ids and seqs) and the set of their
// cluster ids.
func (s *DB) claimsOf(q txq, articleID string) (exists bool, version, hash string, ids []string, seqs []int64, clusters map[string]bool, err error) {
	clusters = map[string]bool{}
	err = q.scanAll(`SELECT a.extractor_version, a.claimset_hash, c.id, c.seq, c.cluster_id FROM articles a LEFT JOIN claims c ON c.article_id = a.id WHERE a.id = ?`,
		[]any{articleID}, func(r *sql.Rows) error {
			var id, cl sql.NullString
			var seq sql.NullInt64
			if err := r.Scan(&version, &hash, &id, &seq, &cl); err != nil {
				return err
			}
			exists = true
			if id.Valid {
				ids, seqs = append(ids, id.String), append(seqs, seq.Int64)
				clusters[cl.String] = true
			}
			return nil
		})
	if err != nil {
		return false, "", "", nil, nil, nil, fmt.Errorf("stored article: %w", err)
	}
	return exists, version, hash, ids, seqs, clusters, nil
}
