// Package postgres opens the index store on PostgreSQL (pgx through
// database/sql), for deployments with several indexer replicas.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" driver

	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// Open connects to the PostgreSQL database at dsn (postgres://…; a
// search_path parameter selects the schema) and migrates it.
func Open(ctx context.Context, dsn string) (*store.DB, error) {
	db, err := sql.Open("pgx", withTimeouts(dsn))
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(8)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := store.Migrate(ctx, db, &Dialect); err != nil {
		db.Close()
		return nil, err
	}
	// Writers are serialised by the advisory lock anyway, so concurrent
	// Apply calls are group-committed as on SQLite: one lock, one commit
	// (one WAL flush) per batch instead of per ClaimSet.
	return store.NewBatched(db, &Dialect), nil
}

// sessionTimeouts are set on every connection unless the DSN sets them: a
// hung database (a lock held by a stuck session, a stalled disk) then fails
// a statement, which the indexer retries later, instead of blocking the
// writer and the drain behind it forever. They sit far above a healthy
// group commit (well under a second) and the slowest search.
var sessionTimeouts = [][2]string{
	{"statement_timeout", "30000"},                   // ms, one statement
	{"idle_in_transaction_session_timeout", "60000"}, // ms, a transaction left open by a dead client
}

// withTimeouts adds sessionTimeouts to dsn as run-time parameters (pgx
// passes unknown DSN parameters to the server), in URL or key=value form.
func withTimeouts(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		for _, kv := range sessionTimeouts {
			if !q.Has(kv[0]) {
				q.Set(kv[0], kv[1])
			}
		}
		u.RawQuery = q.Encode()
		return u.String()
	}
	for _, kv := range sessionTimeouts {
		if !strings.Contains(dsn, kv[0]+"=") {
			dsn += " " + kv[0] + "=" + kv[1]
		}
	}
	return dsn
}

// lockID is the advisory lock that serialises Apply (and migrations) across
// indexer replicas: grouping reads and rewrites whole clusters, and two
// writers regrouping the same cluster at once could each miss the other's
// claims. Reads are never blocked.
const lockID = 0x636c6d77 // "clmw"

// writeLock is lockID for the schema the store's tables are in (the first
// of the search_path that exists, where the migrations created them): the
// two-key form, whose second key hashes the schema, so that stores in two
// schemas of one database, which share no rows, do not wait for each
// other's group commits. Replicas from before it took lockID alone, which
// this does not exclude: they are not run beside these. COALESCE: with no
// schema (NULL) the strict lock function would return without locking.
const writeLock = `SELECT pg_advisory_xact_lock(%d, hashtext(COALESCE(current_schema(), '')))`

// nextSeqs takes the claims' next seqs. The sequence is looked up once (an
// InitPlan): looked up by name for every seq, as nextval(text) does, it cost
// five times the nextval calls (3 ms of server CPU for a batch's 512 seqs at
// 100,000 claims, 0.3 ms now).
const nextSeqs = `SELECT nextval((SELECT pg_get_serial_sequence('claims', 'seq')::regclass)) FROM generate_series(1, ?)`

// sketchVector is the lexemes of a claim's sketch column as the 'simple'
// configuration reads them, which claims_sketch indexes (migration 19):
// the expression of SketchMatch must be this one, for PostgreSQL to use
// the index. A sketch of tokens that each begin with an ASCII lower-case
// letter followed by such letters and digits, one space between two, is
// its tokens as they are, which the array makes without the text search
// parser (three fifths of the index's cost per claim: the parser reads
// wide characters under the database's locale). Others, and sketches too
// long for a lexeme, are parsed as before. A token beginning with a digit
// is not always one word: the parser reads "1e5x" as "1e5" and "x".
// Changing it needs a migration that rebuilds the index.
const sketchVector = `(CASE WHEN sketch ~ '^[a-z][a-z0-9]*( [a-z][a-z0-9]*)*$' AND length(sketch) < 2048
	THEN array_to_tsvector(string_to_array(sketch, ' ')) ELSE to_tsvector('simple', sketch) END)`

// Dialect is PostgreSQL's flavour of the store's SQL.
var Dialect = store.Dialect{
	Name:          "postgres",
	Numbered:      true,
	NoStmtCache:   true,
	Arrays:        true,
	NextSeqs:      nextSeqs,
	Migrations:    migrations,
	WriteLock:     fmt.Sprintf(writeLock, lockID),
	MigrateLock:   fmt.Sprintf(`SELECT pg_advisory_lock(%d)`, lockID+1),
	MigrateUnlock: fmt.Sprintf(`SELECT pg_advisory_unlock(%d)`, lockID+1),
	Match:         `c.tsv @@ to_tsquery('english', ?)`,
	SearchFrom:    `claims c`,
	SearchMatch:   `c.tsv @@ to_tsquery('english', ?)`,
	SearchOrder:   `c.seq`,
	FTSQuery:      ftsQuery,
	SketchMatch:   `SELECT seq FROM claims WHERE ` + sketchVector + ` @@ websearch_to_tsquery('simple', ?) ORDER BY seq DESC`,
	SketchQuery:   func(keys []string) string { return strings.Join(keys, " OR ") },
	SketchTerms:   sketchTerms,
	CopyFrom:      copyFrom,
	CopyAll:       copyAll,
	Pipe:          pipe,
	// FOR UPDATE: a session that writes claim_keys without the write lock
	// (a console) then waits for the transaction that read the counter;
	// otherwise its write could land between that transaction's reads of
	// the counter and be taken for one of its own.
	KeysEpoch: `SELECT n FROM claim_keys_epoch FOR UPDATE`,
	Transient: func(err error) bool {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			switch {
			// 57014: a statement cancelled by statement_timeout.
			case pe.Code == "40001", pe.Code == "40P01", pe.Code == "55P03", pe.Code == "53300", pe.Code == "57014",
				strings.HasPrefix(pe.Code, "08"), strings.HasPrefix(pe.Code, "57P"):
				return true
			}
			return false
		}
		var ne net.Error
		return errors.As(err, &ne) || pgconn.SafeToRetry(err) || errors.Is(err, sql.ErrConnDone)
	},
}

// copyFrom bulk-loads rows with COPY: per row, a few bytes of the binary
// copy format instead of an INSERT over unnest arrays, which the server
// unpacked and the client built at several times the rows' size.
func copyFrom(ctx context.Context, driverConn any, table string, cols []string, rows [][]any) error {
	c, ok := driverConn.(*stdlib.Conn)
	if !ok {
		return fmt.Errorf("postgres: copy into %s: a %T is not a pgx connection", table, driverConn)
	}
	_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	return err
}

// pipe sends stmts as one simple query: one message, one round trip, the
// statements run one after the other (in the transaction one of them
// begins, or the one open). stmts have no parameters (simple protocol).
func pipe(ctx context.Context, driverConn any, stmts []string) ([]string, error) {
	c, ok := driverConn.(*stdlib.Conn)
	if !ok {
		return nil, fmt.Errorf("postgres: pipe: a %T is not a pgx connection", driverConn)
	}
	res, err := c.Conn().PgConn().Exec(ctx, strings.Join(stmts, ";\n")).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("postgres: pipe: %w", err)
	}
	if len(res) != len(stmts) {
		return nil, fmt.Errorf("postgres: pipe: %d results for %d statements", len(res), len(stmts))
	}
	firsts := make([]string, len(stmts))
	for i, r := range res {
		if len(r.Rows) > 0 && len(r.Rows[0]) > 0 {
			firsts[i] = string(r.Rows[0][0])
		}
	}
	return firsts, nil
}

// ftsQuery is a to_tsquery string: every word, each as written or folded,
// quoted so that nothing the user typed is query syntax (words hold only
// letters, digits and a number's separators). The index holds the words as
// written, so a folded query word finds the folded spelling ("Khawaja"
// finds "Khwaja") but not the other way round.
func ftsQuery(words [][]string) string {
	parts := make([]string, len(words))
	for i, alts := range words {
		q := make([]string, len(alts))
		for j, w := range alts {
			q[j] = "'" + strings.ReplaceAll(w, "'", "") + "'"
		}
		parts[i] = "(" + strings.Join(q, " | ") + ")"
	}
	return strings.Join(parts, " & ")
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
		seq BIGSERIAL PRIMARY KEY,
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
		confidence DOUBLE PRECISION NOT NULL,
		outlet TEXT NOT NULL,
		published TEXT NOT NULL,
		cluster_id TEXT NOT NULL,
		tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text || ' ' || speaker_name)) STORED
	);
	CREATE INDEX claims_article ON claims (article_id);
	CREATE INDEX claims_cluster ON claims (cluster_id);
	CREATE INDEX claims_speaker ON claims (speaker_key);
	CREATE INDEX claims_outlet ON claims (outlet, published);
	CREATE INDEX claims_published ON claims (published, id);
	CREATE INDEX claims_tsv ON claims USING GIN (tsv);
	CREATE TABLE claim_keys (key TEXT NOT NULL, claim_id TEXT NOT NULL, PRIMARY KEY (key, claim_id));
	CREATE INDEX claim_keys_claim ON claim_keys (claim_id);
	CREATE TABLE claim_edges (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b));
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
	CREATE INDEX clusters_rank ON clusters (n_outlets DESC, id);`,
	// 2: blocking keys point at the claim's seq, not its id. The index by
	// seq only ever appends, the candidate lookup reads one key's newest
	// entries without a join, and rows are smaller.
	`DROP INDEX claim_keys_claim;
	ALTER TABLE claim_keys RENAME TO claim_keys_v1;
	CREATE TABLE claim_keys (key TEXT NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (key, seq));
	INSERT INTO claim_keys (key, seq) SELECT k.key, c.seq FROM claim_keys_v1 k JOIN claims c ON c.id = k.claim_id;
	DROP TABLE claim_keys_v1;
	CREATE INDEX claim_keys_seq ON claim_keys (seq);`,
	// 3: attributed claims' MinHash keys (group.IsSketch) move from
	// claim_keys to a sketch column under a GIN index, whose pending list
	// batches the writes: every attributed claim writes them, only
	// unattributed claims read them.
	`ALTER TABLE claims ADD COLUMN sketch TEXT NOT NULL DEFAULT '';
	UPDATE claims c SET sketch = k.sketch FROM (
		SELECT seq, string_agg(substr(key, 1, 3) || substr(key, 5), ' ') AS sketch
		FROM claim_keys WHERE key >= 'ha' AND key < 'hb' GROUP BY seq) k
	WHERE k.seq = c.seq;
	DELETE FROM claim_keys WHERE key >= 'ha' AND key < 'hb';
	CREATE INDEX claims_sketch ON claims USING GIN (to_tsvector('simple', sketch));`,
	// 4: the speaker alias table and its history (analysts' corrections,
	// applied when reading), and a claim's rule and quotation group.
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
		seq BIGSERIAL PRIMARY KEY,
		action TEXT NOT NULL,
		key TEXT NOT NULL,
		article_id TEXT NOT NULL,
		canonical_key TEXT NOT NULL,
		canonical_name TEXT NOT NULL,
		changed_by TEXT NOT NULL,
		changed_at TEXT NOT NULL,
		note TEXT NOT NULL
	);`,
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
		seq BIGSERIAL PRIMARY KEY,
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
	`ALTER TABLE clusters ADD COLUMN rep_seq BIGINT NOT NULL DEFAULT 0;
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

	// 9: full-text search folds spellings on both sides, as on SQLite: the
	// folds of a claim's words (computed in Go, store.FoldText) are indexed
	// with its text, so "Khwaja" finds "Khawaja" as well as the reverse.
	// Claims stored before keep an empty folds column until re-indexed.
	`ALTER TABLE claims ADD COLUMN folds TEXT NOT NULL DEFAULT '';
	ALTER TABLE claims DROP COLUMN tsv;
	ALTER TABLE claims ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text || ' ' || speaker_name || ' ' || folds)) STORED;
	CREATE INDEX claims_tsv ON claims USING GIN (tsv);`,

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
	`ALTER TABLE claims ADD COLUMN feat BYTEA;`,

	// 12: a claim of several assertions is grouped by its units, stored
	// as rows of their own (store/units.go): unit_of is the claim a unit
	// row belongs to, the claim's own id on a claim grouped by its units,
	// '' on a claim grouped whole.
	`ALTER TABLE claims ADD COLUMN unit_of TEXT NOT NULL DEFAULT '';`,

	// 13: a counter that every statement changing claim_keys moves,
	// whichever replica (or version, or console) runs it: a replica keeps
	// the blocking keys' newest claims in memory for as long as the counter
	// is where its own last commit left it (Dialect.KeysEpoch). The
	// function keeps the schema it was made in, so that a session with
	// another search_path changing claim_keys still finds the counter.
	`CREATE TABLE claim_keys_epoch (n BIGINT NOT NULL);
	INSERT INTO claim_keys_epoch (n) VALUES (0);
	CREATE FUNCTION claim_keys_epoch_bump() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
	BEGIN
		UPDATE claim_keys_epoch SET n = n + 1;
		RETURN NULL;
	END $$;
	CREATE TRIGGER claim_keys_epoch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON claim_keys
		FOR EACH STATEMENT EXECUTE FUNCTION claim_keys_epoch_bump();`,

	// 14: an article's prints are deleted under their bands (read from its
	// fingerprint, store.deletePrints), so the index by article, which
	// every print row paid an insert for, goes.
	`DROP INDEX article_prints_article;`,

	// 15: cluster rows are rewritten whenever a claim joins them (counts,
	// outlets), most of them many times: room left on each page lets the
	// new version go beside the old one (a heap-only update, no new index
	// entries) when the indexed columns stay as they were, and the old
	// versions are pruned from the page as it fills.
	`ALTER TABLE clusters SET (fillfactor = 70);`,

	// 16: the claim_keys counter also moves with every statement that adds
	// prints, so that a store's filter of the stored bands (store's
	// printFilter) knows when another writer added some. Deleted prints
	// need not move it: the filter may hold bands no longer stored.
	`CREATE TRIGGER article_prints_epoch AFTER INSERT OR UPDATE ON article_prints
		FOR EACH STATEMENT EXECUTE FUNCTION claim_keys_epoch_bump();`,

	// 17: the indexed text columns (ids, keys, bands, outlets, dates)
	// compare bytewise (COLLATE "C"), as SQLite's do. Under a database's
	// locale every comparison of an index insert or lookup went through
	// strcoll on copies of both strings, even under C.UTF-8, whose order is
	// the bytes' own: a tenth of the server's work per ClaimSet at 100,000
	// claims, the claims, keys and prints being a few dozen index inserts
	// each. The columns they are joined with (the speaker aliases') change
	// with them, so that those joins keep their indexes. Only the indexes
	// are rebuilt: the values stay as they are.
	`ALTER TABLE articles ALTER COLUMN id TYPE TEXT COLLATE "C";
	ALTER TABLE article_prints ALTER COLUMN band TYPE TEXT COLLATE "C", ALTER COLUMN article_id TYPE TEXT COLLATE "C";
	ALTER TABLE claims ALTER COLUMN id TYPE TEXT COLLATE "C", ALTER COLUMN article_id TYPE TEXT COLLATE "C",
		ALTER COLUMN cluster_id TYPE TEXT COLLATE "C", ALTER COLUMN speaker_key TYPE TEXT COLLATE "C",
		ALTER COLUMN outlet TYPE TEXT COLLATE "C", ALTER COLUMN published TYPE TEXT COLLATE "C";
	ALTER TABLE claim_keys ALTER COLUMN key TYPE TEXT COLLATE "C";
	ALTER TABLE clusters ALTER COLUMN id TYPE TEXT COLLATE "C";
	ALTER TABLE speaker_aliases ALTER COLUMN key TYPE TEXT COLLATE "C", ALTER COLUMN article_id TYPE TEXT COLLATE "C",
		ALTER COLUMN canonical_key TYPE TEXT COLLATE "C";`,

	// 18: the claims' index by date holds the date alone. With the claim
	// id after it, every claim was inserted at a random place of the
	// index (ids are hashes), the largest of the claims' indexes; by the
	// date alone, a day's claims are one run of duplicates, which the new
	// ones (later row addresses) extend at its end, a page already in
	// memory: a twentieth of the server's work per ClaimSet at 100,000
	// claims. No query reads the ids from it: the date ranges (since,
	// until) are all it is used for.
	`DROP INDEX claims_published;
	CREATE INDEX claims_published ON claims (published);`,

	// 19: the sketch index reads a plain sketch's tokens without the text
	// search parser (sketchVector), its lexemes being the same: parsing a
	// claim's four tokens was 2-3 % of the writer's backend's work per
	// ClaimSet at 100,000 claims. Not a partial index (of the claims with
	// a sketch): the planner keeps no statistics of a partial index's
	// expression, and without them took a lookup of a rare token for a
	// common one's, scanning the claims newest first instead of reading
	// the index.
	`DROP INDEX claims_sketch;
	CREATE INDEX claims_sketch ON claims USING GIN (` + sketchVector + `);`,
}
