package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// Dialect is what differs between the SQL backends.
type Dialect struct {
	Name string
	// Numbered placeholders ($1, $2 …) instead of "?".
	Numbered bool
	// Migrations, applied in order once each; index+1 is the version.
	Migrations []string
	// WriteLock is run first in every Apply transaction ("" for none). It
	// serialises grouping across writers (several indexer replicas), so
	// clusters never see two half-applied articles.
	WriteLock string
	// MigrateLock/MigrateUnlock bracket migrations across processes.
	MigrateLock, MigrateUnlock string
	// Match is a SQL condition on claims alias c matching the full-text
	// query given as one placeholder.
	Match string
	// SearchFrom, SearchMatch and SearchOrder drive a claims search from the
	// full-text index: claims alias c, newest first by SearchOrder, so a
	// page of a common word's results costs a page of index reads, not a
	// sort of every match.
	SearchFrom, SearchMatch, SearchOrder string
	// SearchCount, when set, selects a row per match of a full-text query
	// (one placeholder) from the index alone, without reading the claims:
	// the store counts them.
	SearchCount string
	// FTSQuery turns the user's words into the placeholder's value: every
	// word must match, each through any of its alternatives (the word and
	// its spelling fold).
	FTSQuery func(words [][]string) string
	// SketchMatch selects the seqs of claims whose sketch column holds any of
	// the sketch keys given as one placeholder, newest first (a LIMIT is
	// appended); SketchQuery turns the keys into the placeholder's value.
	SketchMatch string
	SketchQuery func(keys []string) string
	// SketchTerms, when set, returns the terms under which the full-text
	// index holds each of tokens (sketch keys) in a claim's sketch column,
	// run on the transaction q; nil for a token whose terms it cannot
	// tell. SketchMatch of a token of one term alone must select the
	// claims whose sketch holds that term. The store then answers such
	// sketch lookups from lists it keeps (sketchlists.go) instead.
	SketchTerms func(ctx context.Context, q Querier, tokens []string) ([][]string, error)
	// FTSInsert and FTSDelete, when set, maintain the full-text index from
	// the store rather than by triggers, once per transaction (see fts.go):
	// format strings whose %s is a list of placeholders for claim seqs.
	FTSInsert, FTSDelete string
	// SeqsReused: a deleted claim's seq may be handed out again (SQLite's
	// INTEGER PRIMARY KEY reuses the largest), so features cached by seq
	// are checked against the stored claim before grouping links them.
	// Where seqs are never reused, a seq that a lookup returns holds the
	// claim cached for it, cluster included.
	SeqsReused bool
	// NoStmtCache disables the store's prepared-statement cache. PostgreSQL
	// needs it off: preparing takes a pooled connection, and a writer holding
	// the advisory lock must never wait for a connection that the writers
	// queued on that lock hold (pgx caches statements per connection anyway).
	NoStmtCache bool
	// Arrays: a list can be bound to one placeholder as an array (text[]),
	// so that a lookup of many keys is one statement text whatever their
	// number.
	Arrays bool
	// NextSeqs, when set, takes a count n as its one placeholder and returns
	// the seqs that the next n claims inserted would get, ascending: a
	// group commit then stores its claims with their seqs known beforehand
	// (bulk.go). Run under the write lock.
	NextSeqs string
	// CopyFrom, when set, inserts rows into table's cols with the backend's
	// bulk load (PostgreSQL's COPY) on driverConn, the driver connection of
	// the transaction (sql.Conn.Raw). Rows are bound as they are given:
	// strings, ints, floats and byte slices.
	CopyFrom func(ctx context.Context, driverConn any, table string, cols []string, rows [][]any) error
	// CopyAll, when set, does what CopyFrom does for several tables, in
	// that order, then runs then (nil for none; numbered placeholders),
	// then after (statements without parameters, as Pipe runs them,
	// returning the first column of each one's first row), all in one
	// round trip. A statement of after that fails skips the rest of them:
	// a COMMIT last commits only once everything before it succeeded.
	CopyAll func(ctx context.Context, driverConn any, sets []CopySet, then *Stmt, after []string) ([]string, error)
	// KeysEpoch, when set, reads a counter that every statement changing
	// claim_keys or adding to article_prints moves, whoever runs it (a
	// trigger's): the store then keeps the blocking keys' newest claims
	// (recentKeys) and a filter of the stored print bands (printFilter) in
	// memory between its own commits, and reads them again once another
	// writer moved it.
	KeysEpoch string

	// Pipe, when set, runs stmts (no parameters) on driverConn (a
	// *sql.Conn's driver connection) one after the other, all in one
	// round trip, and returns the first column of each statement's first
	// row, as text ("" for none). A group commit begins with it (BEGIN,
	// the write lock, the KeysEpoch counter) and ends with it (the counter,
	// COMMIT); without it, each statement is a round trip.
	Pipe func(ctx context.Context, driverConn any, stmts []string) ([]string, error)
	// Transient reports whether err is worth retrying.
	Transient func(err error) bool
}

// Querier runs a transaction's statements (a *sql.Tx, or the connection
// of one).
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// CopySet is rows to bulk-load into a table's columns (Dialect.CopyAll).
type CopySet struct {
	Table string
	Cols  []string
	Rows  [][]any
}

// Stmt is a statement and its arguments.
type Stmt struct {
	SQL  string
	Args []any
}

// rebind rewrites "?" placeholders for dialects that number them.
func (d *Dialect) rebind(q string) string {
	if !d.Numbered {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// Migrate brings db's schema up to date.
func Migrate(ctx context.Context, db *sql.DB, d *Dialect) (err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	// A schema already up to date takes no lock: the lock is database-wide
	// on PostgreSQL, and a replica (or another schema's store) starting
	// while one migrates need not wait for it.
	var have int
	if conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have) == nil && have == len(d.Migrations) {
		return nil
	}
	if d.MigrateLock != "" {
		if _, err := conn.ExecContext(ctx, d.MigrateLock); err != nil {
			return fmt.Errorf("store: migrate lock: %w", err)
		}
		defer func() {
			if _, uerr := conn.ExecContext(context.WithoutCancel(ctx), d.MigrateUnlock); uerr != nil && err == nil {
				err = fmt.Errorf("store: migrate unlock: %w", uerr)
			}
		}()
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	for v := have + 1; v <= len(d.Migrations); v++ {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("store: migrate %d: %w", v, err)
		}
		if _, err := tx.ExecContext(ctx, d.Migrations[v-1]); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migrate %d: %w", v, err)
		}
		if _, err := tx.ExecContext(ctx, d.rebind(`INSERT INTO schema_migrations (version) VALUES (?)`), v); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migrate %d: %w", v, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migrate %d: %w", v, err)
		}
	}
	return nil
}
