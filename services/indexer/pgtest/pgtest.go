// Package pgtest gives a test a schema of its own in the test PostgreSQL
// database, so that test runs (and engineers sharing the database) never
// see each other's rows. The database is CLAIMWIRE_TEST_PG, else
// postgres://postgres@127.0.0.1:5432/test; a test skips when it is
// unreachable.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// BaseDSN is the test database's DSN, without a schema.
func BaseDSN() string {
	if v := os.Getenv("CLAIMWIRE_TEST_PG"); v != "" {
		return v
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

var seq atomic.Int64

// Schema creates a fresh schema named after prefix, drops it when t and
// its cleanups are done (so after every store opened later is closed), and
// returns a DSN whose search_path is that schema.
func Schema(t testing.TB, prefix string) string {
	t.Helper()
	base := BaseDSN()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", base)
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		t.Skipf("PostgreSQL unreachable at %s (%v): skipping (set CLAIMWIRE_TEST_PG to run it)", base, err)
	}
	schema := fmt.Sprintf("%s_%d_%d_%d", prefix, os.Getpid(), time.Now().UnixNano(), seq.Add(1))
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	return base + "&search_path=" + schema
}
