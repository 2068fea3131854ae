package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/postgres"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// baseDSN is the CI database; CLAIMWIRE_TEST_PG overrides it.
func baseDSN() string {
	if v := os.Getenv("CLAIMWIRE_TEST_PG"); v != "" {
		return v
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// Open gives each call its own schema, dropped at cleanup, so test runs
// (and parallel engineers) never see each other's rows.
func open(t testing.TB) store.Store {
	t.Helper()
	return openWith(t, nil)
}

// openWith opens a store in a fresh schema; before, when given, runs first
// on a connection to that (empty) schema.
func openWith(t testing.TB, before func(db *sql.DB)) store.Store {
	t.Helper()
	return openN(t, 1, before)[0]
}

// openN opens n stores on one fresh schema (indexer replicas).
func openN(t testing.TB, n int, before func(db *sql.DB)) []store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", baseDSN())
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		t.Skipf("PostgreSQL unreachable at %s (%v): skipping the PostgreSQL store tests", baseDSN(), err)
	}
	schema := fmt.Sprintf("cw_test_%d_%d", os.Getpid(), time.Now().UnixNano())
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	if before != nil {
		db, err := sql.Open("pgx", baseDSN()+"&search_path="+schema)
		if err != nil {
			t.Fatal(err)
		}
		before(db)
		db.Close()
	}
	var out []store.Store
	for range n {
		s, err := postgres.Open(ctx, baseDSN()+"&search_path="+schema)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		out = append(out, s)
	}
	return out
}

func TestReplicas(t *testing.T) {
	rs := openN(t, 2, nil)
	storetest.Replicas(t, rs[0], rs[1], open(t))
}

func TestStore(t *testing.T) { storetest.Run(t, func(t *testing.T) store.Store { return open(t) }) }

func TestQueries(t *testing.T) {
	storetest.Queries(t, func(t *testing.T) store.Store { return open(t) })
}

func TestUpgradeFromV1(t *testing.T) {
	s := openWith(t, func(db *sql.DB) {
		v1 := postgres.Dialect
		v1.Migrations = v1.Migrations[:1]
		if err := store.Migrate(context.Background(), db, &v1); err != nil {
			t.Fatal(err)
		}
		storetest.WriteV1(t, db)
	})
	storetest.CheckUpgradedV1(t, s)
}

func BenchmarkIngest(b *testing.B) {
	for _, workers := range []int{1, 16, 64, 256} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) { storetest.BenchIngest(b, open(b), workers) })
	}
}

// BenchmarkSearch100k fills 100,000 claims first (minutes).
func BenchmarkSearch100k(b *testing.B) { storetest.BenchSearch(b, open(b), 100_000) }

func TestAlerts(t *testing.T) {
	storetest.Alerts(t, func(t *testing.T) store.Store { return open(t) })
}
