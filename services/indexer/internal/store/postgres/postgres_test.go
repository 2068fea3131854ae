package postgres_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claimwire/claimwire/services/indexer/internal/fingerprint"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/postgres"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
	"github.com/claimwire/claimwire/services/indexer/pgtest"
)

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
	return openN(t, 1, before, "")[0]
}

// openN opens n stores on one fresh schema (indexer replicas), with params
// ("&name=value…") added to their DSN.
func openN(t testing.TB, n int, before func(db *sql.DB), params string) []store.Store {
	t.Helper()
	dsn := pgtest.Schema(t, "cw_test")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if before != nil {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		before(db)
		db.Close()
	}
	var out []store.Store
	for range n {
		s, err := postgres.Open(ctx, dsn+params)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		out = append(out, s)
	}
	return out
}

func TestReplicas(t *testing.T) {
	rs := openN(t, 2, nil, "")
	storetest.Replicas(t, rs[0], rs[1], open(t))
}

func TestReplicaCopies(t *testing.T) {
	rs := openN(t, 2, nil, "")
	storetest.ReplicaCopies(t, rs[0], rs[1])
}

// TestReplicaKeysSeen: a replica that holds a blocking key's newest claims
// in memory reads them again once another replica stored claims under it,
// so that a quote the other replica indexed is still found: here the only
// claim the third article's quote can join.
func TestReplicaKeysSeen(t *testing.T) {
	rs := openN(t, 2, nil, "")
	ctx := context.Background()
	const speaker = "Tova Brandt"
	apply := func(s store.Store, id, outlet, text string) {
		t.Helper()
		if _, err := s.Apply(ctx, storetest.Set(storetest.Article(id, outlet, 3), "1.0", storetest.Quote(id, text, speaker))); err != nil {
			t.Fatal(err)
		}
	}
	apply(rs[0], "k1", "north-post.example", "The ferry timetable will be cut to two crossings a day from March onwards")
	apply(rs[1], "k2", "south-ledger.example", "Our orchards lost a third of their apple harvest to the late frost this spring")
	apply(rs[0], "k3", "east-herald.example", "Our orchards lost a third of their apple harvest to the late frost this spring")
	page, err := rs[0].Clusters(ctx, store.ClusterQuery{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range page.Clusters {
		if len(c.Members) == 2 {
			return
		}
	}
	t.Fatalf("the orchard quote of k3 did not join k2's (stored by the other replica): %d clusters", len(page.Clusters))
}

// TestPrintsReplaced: an article applied again with another body keeps
// only its new body's prints (they are deleted through the bands of the
// print stored with it, there being no index by article).
func TestPrintsReplaced(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	bodies := []string{
		`The county library will open on Sundays from the first week of May, its director told the council on
		Tuesday, after a survey found that two in five readers could only visit at weekends. Volunteers will staff the
		reading rooms in the mornings and the lending desk will close an hour earlier on Mondays to pay for it.`,
		`A new footbridge over the river will be built next summer so that pupils from the east bank no longer have
		to walk along the main road to school, the town engineer said. The crossing will be lit at night and wide
		enough for bicycles, and the old ford will be fenced off once the bridge is open to the public.`,
	}
	for i, body := range bodies {
		a := storetest.Article("p1", "county-news.example", 2)
		a.Text = body
		cs := storetest.Set(a, fmt.Sprintf("1.%d", i), storetest.Quote("p1", "The reading rooms will stay open on Sundays through the summer", "Edda Morrow"))
		if _, err := s.Apply(ctx, cs); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	rows, err := s.(*store.DB).SQL().QueryContext(ctx, `SELECT band FROM article_prints WHERE article_id = 'p1' ORDER BY band`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			t.Fatal(err)
		}
		got = append(got, b)
	}
	want := fingerprint.Of(bodies[1]).Bands()
	slices.Sort(want)
	want = slices.Compact(want)
	if !slices.Equal(got, want) {
		t.Errorf("prints of the article applied again: %v; want its new body's %v", got, want)
	}
}

// TestHungDatabase: while another session holds the writers' lock for
// good (a stuck replica, a hung transaction), Apply fails as transient once
// the statement timeout passes, rather than blocking the indexer and its
// drain; it succeeds once the lock is gone.
func TestHungDatabase(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Migrated first without the short timeout: the migration lock is
	// database-wide, and other tests' stores migrate their schemas too.
	dsn := pgtest.Schema(t, "cw_test")
	first, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	s, err := postgres.Open(ctx, dsn+"&statement_timeout=300")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stuck := holdWriteLock(t, ctx, dsn) // the lock is the schema's
	set := storetest.Set(storetest.Article("h1", "harbor-times.example", 1), "1.0",
		storetest.Quote("h1", "The lighthouse keeps its lamp lit through the winter storms", "Ana Lima"))
	start := time.Now()
	if _, err := s.Apply(ctx, set); !errors.Is(err, store.ErrTransient) {
		t.Fatalf("Apply with the write lock held elsewhere = %v; want a transient error", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Apply took %s to give up; the statement timeout is 300 ms", d)
	}
	stuck.Rollback()
	if ok, err := s.Apply(ctx, set); err != nil || !ok {
		t.Fatalf("Apply after the lock was released = %v, %v", ok, err)
	}
}

// TestWriteLockPerSchema: the writers' lock is the schema's: while a
// session holds it in one schema, Apply there fails as transient once the
// statement timeout passes, and Apply in another schema of the same
// database goes ahead.
func TestWriteLockPerSchema(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	held := pgtest.Schema(t, "cw_test")
	free := pgtest.Schema(t, "cw_test")
	for _, dsn := range []string{held, free} {
		s, err := postgres.Open(ctx, dsn) // migrated without the short timeout
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	stuck := holdWriteLock(t, ctx, held)
	defer stuck.Rollback()
	for _, tc := range []struct {
		name    string
		dsn     string
		blocked bool
	}{
		{"schema whose lock is held", held, true},
		{"another schema", free, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := postgres.Open(ctx, tc.dsn+"&statement_timeout=300")
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			set := storetest.Set(storetest.Article("m1", "mill-gazette.example", 1), "1.0",
				storetest.Quote("m1", "The old mill will grind grain again by the spring fair", "Oskar Vel"))
			ok, err := s.Apply(ctx, set)
			if tc.blocked {
				if !errors.Is(err, store.ErrTransient) {
					t.Fatalf("Apply with the schema's write lock held = %v, %v; want a transient error", ok, err)
				}
				return
			}
			if err != nil || !ok {
				t.Fatalf("Apply with another schema's write lock held = %v, %v; want applied", ok, err)
			}
		})
	}
}

// TestOpenWhileAnotherMigrates: the migration lock is database-wide, so a
// store opening on a schema already up to date must not wait for it (here
// held for good by another session, as a long migration elsewhere would).
func TestOpenWhileAnotherMigrates(t *testing.T) {
	dsn := pgtest.Schema(t, "cw_test")
	// The bound only turns a wait for the lock (forever) into a failure; a
	// busy machine's first migration takes seconds on its own.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	first, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	other, err := sql.Open("pgx", pgtest.BaseDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, postgres.Dialect.MigrateLock); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), postgres.Dialect.MigrateUnlock)
	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open an up-to-date schema while another session holds the migration lock: %v", err)
	}
	s.Close()
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
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			app := fmt.Sprintf("cwbench%d", os.Getpid())
			s := openN(b, 1, nil, "&application_name="+app)[0]
			storetest.BenchIngest(b, s, workers)
			// The client's CPU time is half the cost: the server's backends
			// (read from /proc, the database being local) are the other half.
			if cpu, busiest := backendCPU(b, s, app); cpu > 0 {
				b.ReportMetric(float64(b.N)/cpu.Seconds(), "claimsets/server-cpu-s")
				// The writer's backend alone: the writer and it take turns,
				// so its CPU time per ClaimSet bounds the rate whatever the
				// other backends do beside them.
				b.ReportMetric(float64(b.N)/busiest.Seconds(), "claimsets/writer-backend-cpu-s")
			}
		})
	}
}

// backendCPU is the CPU time used so far by the server processes of the
// connections named app, and by the busiest of them (0 when the server is
// not on this machine).
func backendCPU(b *testing.B, s store.Store, app string) (total, busiest time.Duration) {
	rows, err := s.(*store.DB).SQL().Query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, app)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid int
		if err := rows.Scan(&pid); err != nil {
			b.Fatal(err)
		}
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return 0, 0
		}
		// Fields after the command name (which may hold spaces): utime and
		// stime are the 14th and 15th fields, in clock ticks (100 a second).
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		ut, _ := strconv.Atoi(f[11])
		st, _ := strconv.Atoi(f[12])
		cpu := time.Duration(ut+st) * 10 * time.Millisecond
		total += cpu
		busiest = max(busiest, cpu)
	}
	return total, busiest
}

// BenchmarkSearch100k fills 100,000 claims first (minutes).
func BenchmarkSearch100k(b *testing.B) { storetest.BenchSearch(b, open(b), 100_000) }

func TestAlerts(t *testing.T) {
	storetest.Alerts(t, func(t *testing.T) store.Store { return open(t) })
}

// TestNextSeqs: the seqs NextSeqs takes are the ones the claims' sequence
// hands out next, each once: n of them, ascending, after those taken
// before.
func TestNextSeqs(t *testing.T) {
	db := open(t).(*store.DB).SQL()
	q := strings.Replace(postgres.Dialect.NextSeqs, "?", "$1", 1)
	take := func(n int) []int64 {
		t.Helper()
		rows, err := db.Query(q, n)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []int64
		for rows.Next() {
			var seq int64
			if err := rows.Scan(&seq); err != nil {
				t.Fatal(err)
			}
			out = append(out, seq)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		slices.Sort(out)
		return out
	}
	for _, tc := range []struct {
		name        string
		first, then int
	}{
		{"one then many", 1, 300},
		{"many then one", 64, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := take(tc.first), take(tc.then)
			if len(a) != tc.first || len(b) != tc.then {
				t.Fatalf("took %d and %d seqs; want %d and %d", len(a), len(b), tc.first, tc.then)
			}
			all := append(slices.Clone(a), b...)
			for i := 1; i < len(all); i++ {
				if all[i] <= all[i-1] {
					t.Fatalf("seqs %v then %v: not each once, ascending", a, b)
				}
			}
		})
	}
}

// holdWriteLock takes the writers' lock of dsn's schema in a transaction of
// another connection, as a stuck writer would hold it; the caller ends it.
func holdWriteLock(t *testing.T, ctx context.Context, dsn string) *sql.Tx {
	t.Helper()
	other, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	stuck, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stuck.ExecContext(ctx, postgres.Dialect.WriteLock); err != nil {
		t.Fatal(err)
	}
	return stuck
}

// TestPipe checks Dialect.Pipe: every statement runs, in order, in the one
// round trip, and each answers its first row's first column ("" for none);
// a transaction one of them begins stays open after it.
func TestPipe(t *testing.T) {
	db := open(t).(*store.DB).SQL()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var got []string
	pipe := func(stmts ...string) error {
		return conn.Raw(func(dc any) error {
			var err error
			got, err = postgres.Dialect.Pipe(ctx, dc, stmts)
			return err
		})
	}
	if err := pipe(`BEGIN`, `CREATE TEMP TABLE piped (n INT)`, `INSERT INTO piped VALUES (4), (5)`, `SELECT sum(n) FROM piped`, `SELECT 1 WHERE false`); err != nil {
		t.Fatal(err)
	}
	if want := []string{"", "", "", "9", ""}; !slices.Equal(got, want) {
		t.Errorf("answers %q, want %q", got, want)
	}
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM piped`).Scan(&n); err != nil || n != 2 {
		t.Errorf("in the open transaction: %d rows, %v; want 2", n, err)
	}
	if err := pipe(`SELECT count(*) FROM piped`, `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	if want := []string{"2", ""}; !slices.Equal(got, want) {
		t.Errorf("answers %q, want %q", got, want)
	}
	if err := pipe(`SELECT count(*) FROM piped`); err == nil {
		t.Error("the table created in the rolled back transaction is still there")
	}
}

// TestCopyAll checks Dialect.CopyAll: every set's rows land in its table,
// values of each column type as given (NULL for nil), empty sets are
// skipped, and the statement after runs once they are in; a set or the
// statement that fails fails the call, and the connection is left ready
// for the next statement (the ROLLBACK).
func TestCopyAll(t *testing.T) {
	db := open(t).(*store.DB).SQL()
	ctx := context.Background()
	if _, err := db.Exec(`CREATE TABLE ca (id TEXT PRIMARY KEY, n INTEGER, big BIGINT, x DOUBLE PRECISION, b BYTEA);
		CREATE TABLE cb (k TEXT NOT NULL CHECK (k <> ''))`); err != nil {
		t.Fatal(err)
	}
	ca := []string{"id", "n", "big", "x", "b"}
	for _, tc := range []struct {
		name    string
		sets    []store.CopySet
		then    *store.Stmt
		fails   bool
		wantA   string // ca's rows, as text
		wantBCt int
	}{
		{"two tables", []store.CopySet{
			{Table: "ca", Cols: ca, Rows: [][]any{{"a", 1, int64(1) << 40, 0.5, []byte{0, 1}}, {"it's", -2, int64(0), -1.25, nil}}},
			{Table: "cb", Cols: []string{"k"}, Rows: [][]any{{"x"}, {"y"}, {"z"}}},
		}, nil, false, "a 1 1099511627776 0.5 \\x0001|it's -2 0 -1.25 <nil>", 3},
		{"an empty set", []store.CopySet{
			{Table: "ca", Cols: ca},
			{Table: "cb", Cols: []string{"k"}, Rows: [][]any{{"w"}}},
		}, nil, false, "", 1},
		{"a statement after, seeing the rows", []store.CopySet{
			{Table: "ca", Cols: ca, Rows: [][]any{{"f", 1, int64(1), 1.0, nil}, {"g", 2, int64(2), 2.0, nil}}},
		}, &store.Stmt{SQL: `UPDATE ca SET n = v.n, x = v.x, b = v.b FROM unnest($1::text[], $2::int8[], $3::float8[], $4::bytea[]) AS v(id, n, x, b) WHERE ca.id = v.id`,
			Args: []any{[]string{"g"}, []int64{7}, []float64{0.25}, [][]byte{{9}}}}, false, "f 1 1 1 <nil>|g 7 2 0.25 \\x09", 0},
		{"a statement alone", nil, &store.Stmt{SQL: `INSERT INTO cb SELECT unnest($1::text[])`, Args: []any{[]string{"p", "q"}}}, false, "", 2},
		{"a duplicate key in the first", []store.CopySet{
			{Table: "ca", Cols: ca, Rows: [][]any{{"d", 1, int64(1), 1.0, nil}, {"d", 2, int64(2), 2.0, nil}}},
			{Table: "cb", Cols: []string{"k"}, Rows: [][]any{{"v"}}},
		}, &store.Stmt{SQL: `INSERT INTO cb SELECT unnest($1::text[])`, Args: []any{[]string{"p"}}}, true, "", 0},
		{"a NULL where none may be, in the last", []store.CopySet{
			{Table: "ca", Cols: ca, Rows: [][]any{{"e", 1, int64(1), 1.0, nil}}},
			{Table: "cb", Cols: []string{"k"}, Rows: [][]any{{nil}}},
		}, nil, true, "", 0},
		{"a statement that fails", []store.CopySet{
			{Table: "cb", Cols: []string{"k"}, Rows: [][]any{{"v"}}},
		}, &store.Stmt{SQL: `INSERT INTO cb SELECT unnest($1::text[])`, Args: []any{[]string{"p", ""}}}, true, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, _ := copyAllInTx(t, db, tc.sets, tc.then, nil, tc.fails)
			if tc.fails {
				return
			}
			var a []string
			rows, err := conn.QueryContext(ctx, `SELECT id, n, big, x, b FROM ca ORDER BY id`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id string
				var n int
				var big int64
				var x float64
				var b []byte
				if err := rows.Scan(&id, &n, &big, &x, &b); err != nil {
					t.Fatal(err)
				}
				bs := "<nil>"
				if b != nil {
					bs = fmt.Sprintf("\\x%x", b)
				}
				a = append(a, fmt.Sprintf("%s %d %d %g %s", id, n, big, x, bs))
			}
			rows.Close()
			var nb int
			if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM cb`).Scan(&nb); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(a, "|"); got != tc.wantA || nb != tc.wantBCt {
				t.Errorf("ca %q, %d rows in cb; want %q, %d", got, nb, tc.wantA, tc.wantBCt)
			}
			if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// copyAllInTx runs Dialect.CopyAll of sets, then and after on a connection
// of its own in a begun transaction, and fails t unless it fails exactly
// when fails says. A failed one leaves the connection ready for the
// caller's ROLLBACK, which it sends. It returns the connection (closed
// with t) and the answers of after.
func copyAllInTx(t *testing.T, db *sql.DB, sets []store.CopySet, then *store.Stmt, after []string, fails bool) (*sql.Conn, []string) {
	t.Helper()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(ctx, `BEGIN`); err != nil {
		t.Fatal(err)
	}
	var firsts []string
	err = conn.Raw(func(dc any) error {
		var err error
		firsts, err = postgres.Dialect.CopyAll(ctx, dc, sets, then, after)
		return err
	})
	if (err != nil) != fails {
		t.Fatalf("error %v; want one: %v", err, fails)
	}
	if fails {
		if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
			t.Fatalf("rollback after a failed copy: %v", err)
		}
	}
	return conn, firsts
}

// TestCopyAllCommits checks the statements CopyAll runs after the rows
// (a group commit's counter read and COMMIT): they answer their first
// columns and commit once everything before them succeeded; when a set
// or the statement before them fails, nothing is committed. Rows over
// several copy data messages (copyChunk) land whole.
func TestCopyAllCommits(t *testing.T) {
	db := open(t).(*store.DB).SQL()
	ctx := context.Background()
	if _, err := db.Exec(`CREATE TABLE cc (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	rows := func(from, n, size int) [][]any {
		var out [][]any
		for i := range n {
			out = append(out, []any{from + i, strings.Repeat("x", size)})
		}
		return out
	}
	fails := &store.Stmt{SQL: `INSERT INTO cc SELECT unnest($1::int8[]), ''`, Args: []any{[]int64{1}}}
	for _, tc := range []struct {
		name    string
		rows    [][]any
		then    *store.Stmt
		fails   bool
		wantAll int // rows in cc after
	}{
		{"committed", rows(1, 3, 10), nil, false, 3},
		{"over several messages", rows(100, 3000, 300), nil, false, 3003},
		{"a duplicate key", rows(1, 2, 10), nil, true, 3003},
		{"the statement before fails", rows(5000, 2, 10), fails, true, 3003},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, firsts := copyAllInTx(t, db, []store.CopySet{{Table: "cc", Cols: []string{"id", "body"}, Rows: tc.rows}},
				tc.then, []string{`SELECT count(*) FROM cc`, `COMMIT`}, tc.fails)
			if want := []string{strconv.Itoa(tc.wantAll), ""}; !tc.fails && !slices.Equal(firsts, want) {
				t.Errorf("answers %q, want %q", firsts, want)
			}
			var n int
			if err := db.QueryRowContext(ctx, `SELECT count(*) FROM cc`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != tc.wantAll {
				t.Errorf("%d rows committed, want %d", n, tc.wantAll)
			}
		})
	}
}

// TestSketchTerms: the lexemes of sketch tokens as the sketch column's
// full-text index holds them, told without the server for a plain word
// and asked of it otherwise (a figure with separators is several, a
// letter outside ASCII is lower-cased); a token the query would read
// otherwise than the column (a double quote) is not known.
func TestSketchTerms(t *testing.T) {
	db := open(t).(*store.DB).SQL()
	ctx := context.Background()
	tokens := []string{"ha3harbour", "ha21,000", "ha0café", "ha4Über", "ha13.75", "ha21,000,000", "ha5\"quoted", "ha6£40", "ha7€"}
	want := [][]string{{"ha3harbour"}, {"000", "ha21"}, {"ha0café"}, {"ha4über"}, {"ha13.75"}, {"000", "ha21"}, nil, {"40", "ha6"}, {"ha7"}}
	got, err := postgres.Dialect.SketchTerms(ctx, db, tokens)
	if err != nil {
		t.Fatal(err)
	}
	for i, tok := range tokens {
		if !slices.Equal(got[i], want[i]) || (got[i] == nil) != (want[i] == nil) {
			t.Errorf("%q: terms %q, want %q", tok, got[i], want[i])
		}
		if len(want[i]) != 1 {
			continue
		}
		// A token of one term: the query of it alone reads that term.
		var q string
		if err := db.QueryRowContext(ctx, `SELECT websearch_to_tsquery('simple', $1)::text`, tok).Scan(&q); err != nil {
			t.Fatal(err)
		}
		if q != "'"+want[i][0]+"'" {
			t.Errorf("%q: query %s, want the term %q alone", tok, q, want[i][0])
		}
	}
}
