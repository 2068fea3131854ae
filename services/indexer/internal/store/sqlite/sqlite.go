// Package sqlite opens the index store on an embedded SQLite file (pure Go,
// modernc.org/sqlite): WAL so readers never wait for the writer, immediate
// transactions so concurrent writers queue on the busy timeout instead of
// failing at their first write, and FTS5 for search.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// Open opens (creating if needed) the SQLite index at path and migrates it.
func Open(ctx context.Context, path string) (*store.DB, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlite: empty path")
	}
	file, params, _ := strings.Cut(path, "?")
	if err := create(ctx, file, params); err != nil {
		return nil, fmt.Errorf("sqlite: create %s: %w", path, err)
	}
	dsn, err := dsnFor(file, params)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := store.Migrate(ctx, db, &Dialect); err != nil {
		db.Close()
		return nil, err
	}
	return store.NewBatched(db, &Dialect), nil
}

// pageSize is the page size of a new index file. Once the index is
// large, a group commit's claims and keys land on pages all over their
// indexes (they are hashes and ids), so a commit writes most of those
// indexes' leaves to the WAL whatever their size, a frame (two writes)
// each: larger pages mean fewer frames for the same bytes.
const pageSize = 16384

// create makes a new index file with pageSize pages. The page size is set
// before anything else: the DSN's pragmas run sorted by name, and
// journal_mode(WAL) would write the file's first page, fixing its page
// size, before page_size came. An existing file keeps its own.
func create(ctx context.Context, file, params string) error {
	if fi, err := os.Stat(file); err == nil && fi.Size() > 0 || strings.Contains(params, "mode=memory") || strings.HasPrefix(file, ":memory:") {
		return nil
	}
	size := strconv.Itoa(pageSize)
	theirs, err := url.ParseQuery(params)
	if err != nil {
		return err
	}
	for _, p := range theirs["_pragma"] {
		if pragmaName(p) == "page_size" {
			size = strings.Trim(p[strings.IndexAny(p, "(=")+1:], " )")
		}
	}
	db, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, p := range []string{"PRAGMA page_size = " + size, "PRAGMA journal_mode = WAL"} {
		if _, err := conn.ExecContext(ctx, p); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	return nil
}

// defaultPragmas are the store's settings, each overridden by a pragma of
// the same name in the caller's parameters.
var defaultPragmas = []string{
	"journal_mode(WAL)",
	"busy_timeout(10000)",
	// NORMAL in WAL mode: a commit survives a crash of the process (the
	// case redelivery covers); only an OS crash or power loss can drop the
	// last commits. FULL would fsync every article; a deployment that
	// wants it appends "?_pragma=synchronous(FULL)" to the path.
	"synchronous(NORMAL)",
	"foreign_keys(OFF)",
	// A larger page cache and fewer checkpoints: index pages touched by
	// every article stay in memory and are checkpointed once per
	// many commits instead of once per few. Once the index is large, a
	// group commit's claims, keys and prints land on a few thousand pages
	// of their indexes (a page each): at 8,000 pages (32 MB of WAL) a
	// checkpoint came every second or third commit and copied most pages
	// it had copied the time before; at 32,000 the writer's checkpoints
	// cost 0.12–0.18 ms an article at 10,000–14,000 articles instead of
	// 0.33–0.37, and half the reads.
	//
	// 256 MB rather than 64: once the index is several times the cache,
	// the writer reads back pages of claims (candidates' features), of
	// their indexes (every insert) and of clusters on every batch, and the
	// reads grew with the index (the store bench's last fifth at 40,000
	// ClaimSets, 160,000 claims: 522–554 ClaimSets per CPU-second against
	// 445–482, run alternately). Each connection has its own, filled only
	// as it reads; the pool keeps two idle ones.
	"cache_size(-262144)",
	// wal_autocheckpoint: walBytes of WAL, in the file's pages (dsnFor).
	"temp_store(MEMORY)",
}

// walBytes is how much WAL the writer lets grow before a checkpoint (32,000
// pages of 4 KB): see defaultPragmas.
const walBytes = 128 << 20

// filePageSize is the page size recorded in the header of the database at
// file (its 17th and 18th bytes; 1 stands for 65,536), or pageSize where
// there is no such header to read (a database in memory).
func filePageSize(file string) int {
	f, err := os.Open(file)
	if err != nil {
		return pageSize
	}
	defer f.Close()
	var h [18]byte
	if _, err := io.ReadFull(f, h[:]); err != nil {
		return pageSize
	}
	switch n := int(h[16])<<8 | int(h[17]); {
	case n == 1:
		return 65536
	case n >= 512:
		return n
	}
	return pageSize
}

// dsnFor is the driver's DSN for file with the caller's query parameters
// (may be empty). The driver runs a DSN's pragmas sorted by their text, so
// of two settings of one pragma the one that sorts last would win
// ("synchronous(NORMAL)" over "synchronous(FULL)"): a default the caller
// sets is left out instead.
func dsnFor(file, params string) (string, error) {
	theirs, err := url.ParseQuery(params)
	if err != nil {
		return "", err
	}
	set := map[string]bool{}
	for _, p := range theirs["_pragma"] {
		set[pragmaName(p)] = true
	}
	q := url.Values{}
	q.Set("_txlock", "immediate")
	pragmas := append(slices.Clip(defaultPragmas), fmt.Sprintf("wal_autocheckpoint(%d)", walBytes/filePageSize(file)))
	for _, p := range pragmas {
		if !set[pragmaName(p)] {
			q.Add("_pragma", p)
		}
	}
	dsn := "file:" + file + "?" + q.Encode()
	if params != "" {
		dsn += "&" + params
	}
	return dsn, nil
}

// pragmaName is the name a pragma setting sets: "cache_size" of
// "cache_size(-65536)", " Cache_Size = 100" or "main.cache_size(1)".
func pragmaName(p string) string {
	p = strings.ToLower(strings.TrimSpace(p))
	if i := strings.IndexAny(p, "(= "); i >= 0 {
		p = p[:i]
	}
	if _, after, ok := strings.Cut(p, "."); ok {
		p = after
	}
	return p
}

// Dialect is SQLite's flavour of the store's SQL.
var Dialect = store.Dialect{
	Name:       "sqlite",
	SeqsReused: true,
	// An INTEGER PRIMARY KEY without AUTOINCREMENT takes the largest + 1.
	NextSeqs: `WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < ?)
		SELECT (SELECT COALESCE(MAX(seq), 0) FROM claims) + i FROM r`,
	Migrations:  migrations,
	Match:       `c.seq IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)`,
	SearchFrom:  `claims_fts f JOIN claims c ON c.seq = f.rowid`,
	SearchMatch: `claims_fts MATCH ?`,
	SearchOrder: `f.rowid`,
	SearchCount: `SELECT 1 FROM claims_fts WHERE claims_fts MATCH ?`,
	FTSQuery: func(words [][]string) string {
		// Every word quoted: user input never reaches FTS5's query syntax.
		parts := make([]string, len(words))
		for i, alts := range words {
			parts[i] = "(" + strings.Join(quote(alts), " OR ") + ")"
		}
		return "{fts_text fts_speaker} : (" + strings.Join(parts, " AND ") + ")"
	},
	SketchMatch: `SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? ORDER BY rowid DESC`,
	SketchQuery: func(keys []string) string { return "sketch : (" + strings.Join(quote(keys), " OR ") + ")" },
	SketchTerms: sketchTerms,
	FTSInsert:   `INSERT INTO claims_fts (rowid, fts_text, fts_speaker, sketch) SELECT seq, fts_text, fts_speaker, sketch FROM claims WHERE seq IN (%s)`,
	CopyFrom:    copyFrom,
	FTSDelete: `INSERT INTO claims_fts (claims_fts, rowid, fts_text, fts_speaker, sketch)
		SELECT 'delete', seq, fts_text, fts_speaker, sketch FROM claims WHERE seq IN (%s)`,
	// Read in a transaction begun IMMEDIATE (the write lock), so no other
	// writer can move it before the transaction ends.
	KeysEpoch: `SELECT n FROM claim_keys_epoch`,
	Transient: func(err error) bool {
		var se *sqlite.Error
		if errors.As(err, &se) {
			switch se.Code() & 0xff {
			case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_PROTOCOL:
				return true
			}
		}
		return false
	},
}

// copyFrom is the group commit's bulk insert, written so that SQLite keeps
// no statement journal for it. A statement that writes several rows and may
// abort halfway keeps one: a copy of every page it changes, so that the
// statement alone can be undone. Once the index outgrows the page cache,
// each row of claims or claim_keys lands on pages of its own, and
// allocating and freeing that journal's memory was half of the inserts'
// time (at 20,000 articles 0.7 ms an article, against 0.25 ms at 2,000).
//
// What may abort: a constraint resolved by ABORT, the default — OR FAIL
// reports the violation all the same, without undoing the statement's
// earlier rows, which the group commit undoes by rolling its transaction
// back on any error (store.DB.allOrNothing); a rowid given as a value (it
// may be no integer); and any function call, such as the cw_fold of claims'
// generated columns, which SQLite computes on every insert. So: multi-row
// INSERT OR FAIL statements, but one row a statement (prepared once) into
// the tables in oneRowAt.
func copyFrom(ctx context.Context, dc any, table string, cols []string, rows [][]any) error {
	for _, r := range rows {
		if len(r) != len(cols) {
			return fmt.Errorf("sqlite: bulk insert into %s: row of %d values for %d columns", table, len(r), len(cols))
		}
	}
	prefix := "INSERT OR FAIL INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	if oneRowAt[table] {
		return insertEach(ctx, dc, table, prefix+row, rows)
	}
	ex, ok := dc.(driver.ExecerContext)
	if !ok {
		return fmt.Errorf("sqlite: bulk insert into %s: driver connection %T cannot exec", table, dc)
	}
	var args []driver.NamedValue
	for chunk := range store.StatementChunks(rows) {
		var b strings.Builder
		b.WriteString(prefix)
		args = args[:0]
		for j, r := range chunk {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(row)
			var err error
			if args, err = appendArgs(args, r); err != nil {
				return fmt.Errorf("sqlite: bulk insert into %s: %w", table, err)
			}
		}
		if _, err := ex.ExecContext(ctx, b.String(), args); err != nil {
			return fmt.Errorf("sqlite: bulk insert into %s: %w", table, err)
		}
	}
	return nil
}

// oneRowAt are the tables whose inserts call functions (claims' generated
// columns, for the full-text index): a statement of several rows would
// keep a statement journal whatever its conflict clause.
var oneRowAt = map[string]bool{"claims": true}

// insertEach runs query, an insert of one row, for each of rows.
func insertEach(ctx context.Context, dc any, table, query string, rows [][]any) (err error) {
	pc, ok := dc.(driver.ConnPrepareContext)
	if !ok {
		return fmt.Errorf("sqlite: bulk insert into %s: driver connection %T cannot prepare", table, dc)
	}
	st, err := pc.PrepareContext(ctx, query)
	if err != nil {
		return fmt.Errorf("sqlite: bulk insert into %s: %w", table, err)
	}
	defer func() {
		if cerr := st.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("sqlite: bulk insert into %s: %w", table, cerr)
		}
	}()
	ex, ok := st.(driver.StmtExecContext)
	if !ok {
		return fmt.Errorf("sqlite: bulk insert into %s: statement %T cannot exec", table, st)
	}
	var args []driver.NamedValue
	for _, r := range rows {
		if args, err = appendArgs(args[:0], r); err != nil {
			return fmt.Errorf("sqlite: bulk insert into %s: %w", table, err)
		}
		if _, err := ex.ExecContext(ctx, args); err != nil {
			return fmt.Errorf("sqlite: bulk insert into %s: %w", table, err)
		}
	}
	return nil
}

// appendArgs appends r's values to args, numbered on from len(args)+1.
func appendArgs(args []driver.NamedValue, r []any) ([]driver.NamedValue, error) {
	for _, v := range r {
		dv, err := driver.DefaultParameterConverter.ConvertValue(v)
		if err != nil {
			return args, err
		}
		args = append(args, driver.NamedValue{Ordinal: len(args) + 1, Value: dv})
	}
	return args, nil
}

// quote makes each word an FTS5 string.
func quote(words []string) []string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	return q
}

var migrations = []string{
	`CREATE TABLE articles (
		id TEXT PRIMARY KEY,
		url TEXT NOT NULL,
		outlet TEXT NOT NULL,
		title TEXT NOT NULL,
		byline TEXT NOT NULL,
		published TEXT NOT NULL,
		lang TEXT NOT NULL,
		text TEXT NOT NULL,
		cleaner_version TEXT NOT NULL,
		extractor_version TEXT NOT NULL,
		indexed_at TEXT NOT NULL
	);
	CREATE TABLE claims (
		seq INTEGER PRIMARY KEY,
		id TEXT NOT NULL UNIQUE,
		article_id TEXT NOT NULL,
		ord INTEGER NOT NULL,
		kind TEXT NOT NULL,
		text TEXT NOT NULL,
		sentence TEXT NOT NULL,
		start_off INTEGER NOT NULL,
		end_off INTEGER NOT NULL,
		speaker_name TEXT NOT NULL,
		speaker_mention TEXT NOT NULL,
		speaker_type TEXT NOT NULL,
		speaker_key TEXT NOT NULL,
		cue TEXT NOT NULL,
		via TEXT NOT NULL,
		numbers TEXT NOT NULL,
		confidence REAL NOT NULL,
		outlet TEXT NOT NULL,
		published TEXT NOT NULL,
		cluster_id TEXT NOT NULL
	);
	CREATE INDEX claims_article ON claims (article_id);
	CREATE INDEX claims_cluster ON claims (cluster_id);
	CREATE INDEX claims_speaker ON claims (speaker_key);
	CREATE INDEX claims_outlet ON claims (outlet, published);
	CREATE INDEX claims_published ON claims (published, id);
	CREATE TABLE claim_keys (key TEXT NOT NULL, claim_id TEXT NOT NULL, PRIMARY KEY (key, claim_id)) WITHOUT ROWID;
	CREATE INDEX claim_keys_claim ON claim_keys (claim_id);
	CREATE TABLE claim_edges (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
	CREATE INDEX claim_edges_b ON claim_edges (b);
	CREATE TABLE clusters (
		id TEXT PRIMARY KEY,
		kind TEXT NOT NULL,
		speaker TEXT NOT NULL,
		speaker_type TEXT NOT NULL,
		speaker_key TEXT NOT NULL,
		text TEXT NOT NULL,
		n_outlets INTEGER NOT NULL,
		n_articles INTEGER NOT NULL,
		n_members INTEGER NOT NULL,
		first_seen TEXT NOT NULL,
		outlets TEXT NOT NULL,
		citations TEXT NOT NULL
	);
	CREATE INDEX clusters_rank ON clusters (n_outlets DESC, id);
	CREATE VIRTUAL TABLE claims_fts USING fts5(text, speaker_name, content='claims', content_rowid='seq',
		tokenize='porter unicode61 remove_diacritics 2');
	CREATE TRIGGER claims_fts_ins AFTER INSERT ON claims BEGIN
		INSERT INTO claims_fts (rowid, text, speaker_name) VALUES (new.seq, new.text, new.speaker_name);
	END;
	CREATE TRIGGER claims_fts_del AFTER DELETE ON claims BEGIN
		INSERT INTO claims_fts (claims_fts, rowid, text, speaker_name) VALUES ('delete', old.seq, old.text, old.speaker_name);
	END;
	CREATE TRIGGER claims_fts_upd AFTER UPDATE OF text, speaker_name ON claims BEGIN
		INSERT INTO claims_fts (claims_fts, rowid, text, speaker_name) VALUES ('delete', old.seq, old.text, old.speaker_name);
		INSERT INTO claims_fts (rowid, text, speaker_name) VALUES (new.seq, new.text, new.speaker_name);
	END;`,
	// 2: blocking keys point at the claim's seq, not its id. The index by
	// seq only ever appends, the candidate lookup reads one key's newest
	// entries without a join, and rows are smaller.
	`DROP INDEX claim_keys_claim;
	ALTER TABLE claim_keys RENAME TO claim_keys_v1;
	CREATE TABLE claim_keys (key TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq)) WITHOUT ROWID;
	INSERT INTO claim_keys (key, seq) SELECT k.key, c.seq FROM claim_keys_v1 k JOIN claims c ON c.id = k.claim_id;
	DROP TABLE claim_keys_v1;
	CREATE INDEX claim_keys_seq ON claim_keys (seq);`,
	// 3: attributed claims' MinHash keys (group.IsSketch) move from
	// claim_keys to a sketch column indexed by FTS5: every attributed claim
	// writes them but only unattributed claims read them, and FTS5 buffers
	// its writes where claim_keys paid a B-tree insert for each. The store
	// now maintains the full-text index itself, once per transaction
	// (store.Dialect.FTSInsert), so the triggers go.
	`ALTER TABLE claims ADD COLUMN sketch TEXT NOT NULL DEFAULT '';
	UPDATE claims SET sketch = COALESCE((SELECT group_concat(substr(k.key, 1, 3) || substr(k.key, 5), ' ')
		FROM claim_keys k WHERE k.seq = claims.seq AND k.key >= 'ha' AND k.key < 'hb'), '');
	DELETE FROM claim_keys WHERE key >= 'ha' AND key < 'hb';
	DROP TRIGGER claims_fts_ins;
	DROP TRIGGER claims_fts_del;
	DROP TRIGGER claims_fts_upd;
	DROP TABLE claims_fts;
	CREATE VIRTUAL TABLE claims_fts USING fts5(text, speaker_name, sketch, content='claims', content_rowid='seq',
		tokenize='porter unicode61 remove_diacritics 2');
	INSERT INTO claims_fts (claims_fts) VALUES ('rebuild');`,
	// 4: the speaker alias table and its history (analysts' corrections,
	// applied when reading); a claim's rule and quotation group; and the
	// full-text index holds each text's spelling folds (cw_fold, see
	// store.FoldText) so that search folds spellings as speaker keys do; it
	// reads them from generated columns, so that FTS5's rebuild and
	// integrity-check see what was indexed.
	`ALTER TABLE claims ADD COLUMN rule TEXT NOT NULL DEFAULT '';
	ALTER TABLE claims ADD COLUMN grp TEXT NOT NULL DEFAULT '';
	CREATE TABLE speaker_aliases (
		key TEXT NOT NULL,
		article_id TEXT NOT NULL,
		canonical_key TEXT NOT NULL,
		canonical_name TEXT NOT NULL,
		changed_by TEXT NOT NULL,
		changed_at TEXT NOT NULL,
		note TEXT NOT NULL,
		PRIMARY KEY (key, article_id)
	);
	CREATE INDEX speaker_aliases_canonical ON speaker_aliases (canonical_key);
	CREATE TABLE speaker_alias_log (
		seq INTEGER PRIMARY KEY,
		action TEXT NOT NULL,
		key TEXT NOT NULL,
		article_id TEXT NOT NULL,
		canonical_key TEXT NOT NULL,
		canonical_name TEXT NOT NULL,
		changed_by TEXT NOT NULL,
		changed_at TEXT NOT NULL,
		note TEXT NOT NULL
	);
	ALTER TABLE claims ADD COLUMN fts_text TEXT GENERATED ALWAYS AS (cw_fold(text)) VIRTUAL;
	ALTER TABLE claims ADD COLUMN fts_speaker TEXT GENERATED ALWAYS AS (cw_fold(speaker_name)) VIRTUAL;
	DROP TABLE claims_fts;
	CREATE VIRTUAL TABLE claims_fts USING fts5(fts_text, fts_speaker, sketch, content='claims', content_rowid='seq',
		tokenize='porter unicode61 remove_diacritics 2');
	INSERT INTO claims_fts (claims_fts) VALUES ('rebuild');`,
	// 5: watches (analysts' standing questions about claims) and the alerts
	// they fired, which are also the delivery outbox: an alert's id is
	// derived from its watch and event, so a replay inserts nothing new;
	// published and webhook_state say what is still to deliver.
	`CREATE TABLE watches (
		id TEXT PRIMARY KEY,
		kind TEXT NOT NULL,
		speaker TEXT NOT NULL,
		speaker_key TEXT NOT NULL,
		cluster_id TEXT NOT NULL,
		outlet TEXT NOT NULL,
		source_outlet TEXT NOT NULL,
		query TEXT NOT NULL,
		min_outlets INTEGER NOT NULL,
		webhook TEXT NOT NULL,
		note TEXT NOT NULL,
		created_at TEXT NOT NULL
	);
	CREATE TABLE alerts (
		seq INTEGER PRIMARY KEY,
		id TEXT NOT NULL UNIQUE,
		watch_id TEXT NOT NULL,
		kind TEXT NOT NULL,
		fired_at TEXT NOT NULL,
		article_id TEXT NOT NULL,
		claim_id TEXT NOT NULL,
		cluster_id TEXT NOT NULL,
		body TEXT NOT NULL,
		published INTEGER NOT NULL,
		webhook TEXT NOT NULL,
		webhook_state TEXT NOT NULL,
		attempts INTEGER NOT NULL,
		next_attempt TEXT NOT NULL,
		last_error TEXT NOT NULL
	);
	CREATE INDEX alerts_watch ON alerts (watch_id, seq);
	CREATE INDEX alerts_cluster ON alerts (cluster_id);
	CREATE INDEX alerts_unpublished ON alerts (seq) WHERE published = 0;
	CREATE INDEX alerts_webhook_due ON alerts (next_attempt) WHERE webhook_state = 'pending';`,

	// 6: replay reports. A replay (claimwire replay) tags the claim sets it
	// publishes with its id; applying one records what it changed against
	// the version it replaced: a row per article (counts and versions), a row
	// per claim added, removed or changed (both sides, as JSON), and running
	// totals per replay, so a report never rescans the claims.
	`CREATE TABLE replays (
		id TEXT PRIMARY KEY,
		started_at TEXT NOT NULL,
		updated_at TEXT NOT NULL,
		articles INTEGER NOT NULL,
		changed INTEGER NOT NULL,
		stale INTEGER NOT NULL,
		added INTEGER NOT NULL,
		removed INTEGER NOT NULL,
		reattributed INTEGER NOT NULL,
		rekinded INTEGER NOT NULL,
		reworded INTEGER NOT NULL,
		unchanged INTEGER NOT NULL
	);
	CREATE INDEX replays_started ON replays (started_at, id);
	CREATE TABLE replay_articles (
		replay_id TEXT NOT NULL,
		article_id TEXT NOT NULL,
		outlet TEXT NOT NULL,
		url TEXT NOT NULL,
		title TEXT NOT NULL,
		old_extractor TEXT NOT NULL,
		new_extractor TEXT NOT NULL,
		old_cleaner TEXT NOT NULL,
		new_cleaner TEXT NOT NULL,
		stale INTEGER NOT NULL,
		changed INTEGER NOT NULL,
		added INTEGER NOT NULL,
		removed INTEGER NOT NULL,
		reattributed INTEGER NOT NULL,
		rekinded INTEGER NOT NULL,
		reworded INTEGER NOT NULL,
		unchanged INTEGER NOT NULL,
		new_claims INTEGER NOT NULL,
		applied_at TEXT NOT NULL,
		PRIMARY KEY (replay_id, article_id)
	);
	CREATE INDEX replay_articles_changed ON replay_articles (replay_id, changed, article_id);
	CREATE TABLE replay_changes (
		replay_id TEXT NOT NULL,
		article_id TEXT NOT NULL,
		ord INTEGER NOT NULL,
		change_kind TEXT NOT NULL,
		reattributed INTEGER NOT NULL,
		rekinded INTEGER NOT NULL,
		reworded INTEGER NOT NULL,
		rule TEXT NOT NULL,
		outlet TEXT NOT NULL,
		old_claim TEXT NOT NULL,
		new_claim TEXT NOT NULL,
		PRIMARY KEY (replay_id, article_id, ord)
	);`,

	// 7: clusters are grown around a representative claim (group.Fit), not
	// as connected components of pairwise edges: the representative's seq is
	// kept on the cluster (the earliest member for clusters built before),
	// and the edges go.
	`ALTER TABLE clusters ADD COLUMN rep_seq INTEGER NOT NULL DEFAULT 0;
	UPDATE clusters SET rep_seq = COALESCE((SELECT min(c.seq) FROM claims c WHERE c.cluster_id = clusters.id), 0);
	DROP TABLE claim_edges;`,

	// 8: wire copies. An article whose body is near-identical to an earlier
	// article of another outlet is marked as a copy of it (syndicated_from,
	// the first article of the copies), so that "reported by N outlets"
	// counts one report once; fingerprint.Print bands find the candidates.
	`ALTER TABLE articles ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
	ALTER TABLE articles ADD COLUMN syndicated_from TEXT NOT NULL DEFAULT '';
	CREATE TABLE article_prints (
		band TEXT NOT NULL,
		article_id TEXT NOT NULL,
		PRIMARY KEY (band, article_id)
	);
	CREATE INDEX article_prints_article ON article_prints (article_id);`,

	// 9: the folds of a claim's words, stored for PostgreSQL's full-text
	// index (one insert for both dialects); SQLite's index folds through
	// cw_fold and does not read them.
	`ALTER TABLE claims ADD COLUMN folds TEXT NOT NULL DEFAULT '';`,

	// 10: the hash of the ClaimSet an article's claims came from, so that
	// the same ClaimSet delivered again (a redelivery) is acknowledged
	// without rewriting its claims and clusters. Articles stored before
	// have none and are rewritten once.
	`ALTER TABLE articles ADD COLUMN claimset_hash TEXT NOT NULL DEFAULT '';`,

	// 11: each claim's grouping features, encoded (group.EncodeFeatures),
	// so that a candidate read from the database is decoded rather than
	// tokenised again. Claims stored before have none (NULL) and are
	// tokenised as before, as are features from another version of
	// grouping.
	`ALTER TABLE claims ADD COLUMN feat BLOB;`,

	// 12: a claim of several assertions is grouped by its units, stored
	// as rows of their own (store/units.go): unit_of is the claim a unit
	// row belongs to, the claim's own id on a claim grouped by its units,
	// '' on a claim grouped whole.
	`ALTER TABLE claims ADD COLUMN unit_of TEXT NOT NULL DEFAULT '';`,

	// 13: a counter that every change to claim_keys moves, whichever
	// process (or version, or console) makes it: the store keeps the
	// blocking keys' newest claims in memory for as long as the counter is
	// where its own last commit left it (store.Dialect.KeysEpoch), as on
	// PostgreSQL. SQLite's triggers fire per row: an UPDATE of this
	// one-row table for each key row, cheaper than the lookups it spares.
	`CREATE TABLE claim_keys_epoch (n INTEGER NOT NULL);
	INSERT INTO claim_keys_epoch (n) VALUES (0);
	CREATE TRIGGER claim_keys_epoch_ins AFTER INSERT ON claim_keys BEGIN UPDATE claim_keys_epoch SET n = n + 1; END;
	CREATE TRIGGER claim_keys_epoch_upd AFTER UPDATE ON claim_keys BEGIN UPDATE claim_keys_epoch SET n = n + 1; END;
	CREATE TRIGGER claim_keys_epoch_del AFTER DELETE ON claim_keys BEGIN UPDATE claim_keys_epoch SET n = n + 1; END;`,

	// 14: the claim_keys counter also moves with every print added, so
	// that a store's filter of the stored bands (store's printFilter)
	// knows when another process added some. Deleted prints need not move
	// it: the filter may hold bands no longer stored.
	`CREATE TRIGGER article_prints_epoch_ins AFTER INSERT ON article_prints BEGIN UPDATE claim_keys_epoch SET n = n + 1; END;
	CREATE TRIGGER article_prints_epoch_upd AFTER UPDATE ON article_prints BEGIN UPDATE claim_keys_epoch SET n = n + 1; END;`,
}

func init() {
	// cw_fold is what the full-text index holds for a text: deterministic,
	// so that deleting a claim's entry recomputes exactly what was inserted.
	sqlite.MustRegisterDeterministicScalarFunction("cw_fold", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return store.FoldText(v), nil
		case []byte:
			return store.FoldText(string(v)), nil
		case nil:
			return "", nil
		default:
			return v, nil
		}
	})
}
