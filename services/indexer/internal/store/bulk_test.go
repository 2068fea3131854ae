package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/postgres"
	"github.com/claimwire/claimwire/services/indexer/internal/store/sqlite"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
	"github.com/claimwire/claimwire/services/indexer/pgtest"
)

// TestBulkMatchesOneByOne: a batch applied as a set (bulk.go) stores
// exactly what applying its ClaimSets one after the other in the same
// transaction stores: the same seqs, clusters, cluster rows, keys and
// wire-copy marks. The stream has few speakers (so blocking keys overflow
// their candidate bound), unattributed copies (found through sketches) and
// reprinted bodies (wire copies); each batch ends with a redelivery and a
// re-extraction, which take the one-by-one way within the bulk.
func TestBulkMatchesOneByOne(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			bulk, oneByOne := open(t), open(t)
			oneByOne.WithoutBulk()
			g := storetest.NewGenerator(7, 8)
			const n, per = 360, 40
			var batch []contract.ClaimSet
			var prev contract.ClaimSet
			for i := range n {
				cs := g.ClaimSet(i, 4)
				if i%5 == 2 {
					cs.Claims[0].Speaker = nil // an outlet that left the quote unattributed
				}
				if i%7 == 6 {
					cs.Article.Text = batchText(g, i-3) // a wire copy of an earlier body
				}
				batch = append(batch, cs)
				if len(batch) == per || i == n-1 {
					// Then, as the batch's last: a redelivery of its first
					// set, and a re-extraction of an article stored before
					// (these go one by one after the new articles).
					batch = append(batch, batch[0])
					if prev.Article.ID != "" {
						again := prev
						again.ExtractorVersion = "1.1"
						again.Claims = append([]contract.Claim(nil), prev.Claims[:2]...)
						again.Claims[1].Text += " again"
						batch = append(batch, again)
					}
					prev = batch[1]
					for _, s := range []*store.DB{bulk, oneByOne} {
						if err := s.ApplyInOneBatch(batch...); err != nil {
							t.Fatal(err)
						}
					}
					batch = nil
				}
			}
			for _, q := range []string{
				`SELECT seq, id, cluster_id FROM claims ORDER BY seq`,
				`SELECT id, kind, speaker, speaker_type, speaker_key, text, n_outlets, n_articles, n_members, first_seen, outlets, citations, rep_seq FROM clusters ORDER BY id`,
				`SELECT key, seq FROM claim_keys ORDER BY key, seq`,
				`SELECT id, fingerprint, syndicated_from FROM articles ORDER BY id`,
				`SELECT band, article_id FROM article_prints ORDER BY band, article_id`,
			} {
				want, got := rows(t, oneByOne.SQL(), q), rows(t, bulk.SQL(), q)
				if !reflect.DeepEqual(got, want) {
					for i := range min(len(got), len(want)) {
						if !reflect.DeepEqual(got[i], want[i]) {
							t.Fatalf("%s: row %d = %v; one by one %v", q, i, got[i], want[i])
						}
					}
					t.Fatalf("%s: %d rows; one by one %d", q, len(got), len(want))
				}
			}
			var copies int
			if err := bulk.SQL().QueryRow(`SELECT COUNT(*) FROM articles WHERE syndicated_from <> ''`).Scan(&copies); err != nil || copies == 0 {
				t.Fatalf("wire copies = %d, %v; the stream has some", copies, err)
			}
		})
	}
}

// batchText is the body of the generator's i-th article (regenerated: the
// generator is deterministic per seed, so a fresh one replays the stream).
func batchText(_ *storetest.Generator, i int) string {
	g := storetest.NewGenerator(7, 8)
	var cs contract.ClaimSet
	for k := 0; k <= i; k++ {
		cs = g.ClaimSet(k, 4)
	}
	return cs.Article.Text
}

func rows(t *testing.T, db *sql.DB, q string) [][]string {
	t.Helper()
	r, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cols, _ := r.Columns()
	var out [][]string
	for r.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := r.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		out = append(out, row)
	}
	return out
}

// backends opens a fresh store of each kind the tests run on.
func backends() map[string]func(t *testing.T) *store.DB {
	return map[string]func(t *testing.T) *store.DB{"sqlite": openSQLite, "postgres": openPostgres}
}

// openSQLite opens a store in a file of the test's temporary folder.
func openSQLite(t *testing.T) *store.DB {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// openPostgres opens a store in a fresh schema of the test database, or
// skips when there is none.
func openPostgres(t *testing.T) *store.DB {
	s, err := postgres.Open(context.Background(), pgtest.Schema(t, "cw_bulk"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestBulkFoundsClusters: clusters founded by a batch's new claims are
// inserted with the batch, also when a later ClaimSet of the batch joins
// one, and a batch whose founded cluster's id is taken is not applied as a
// set (the writer then applies it one by one).
func TestBulkFoundsClusters(t *testing.T) {
	const speaker = "Ilse Varga"
	batch := func(prefix, first, second string) []contract.ClaimSet {
		return []contract.ClaimSet{
			storetest.Set(storetest.Article(prefix+"a1", "gull-post.example", 3), "1.0",
				storetest.Quote(prefix+"a1", first, speaker), storetest.Quote(prefix+"a1", second, speaker)),
			storetest.Set(storetest.Article(prefix+"a2", "pier-daily.example", 4), "1.0", storetest.Quote(prefix+"a2", first, speaker)),
		}
	}
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			took, err := s.ApplyAsSet(batch("x", "The tidal gates at the north harbour will stay closed for the whole winter season",
				"Every ferry that runs to the outer islands will sail from the southern quay instead")...)
			if err != nil || !took {
				t.Fatalf("a batch of new articles: taken as a set %v, error %v; want taken", took, err)
			}
			got := rows(t, s.SQL(), `SELECT n_members, n_outlets FROM clusters ORDER BY n_members, id`)
			want := [][]string{{"1", "1"}, {"2", "2"}}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("clusters (members, outlets) = %v; want %v", got, want)
			}
			// A cluster left under the id the next batch's first claim
			// founds.
			next := batch("y", "Our lighthouse keepers have not been paid since the storm tore the roof away",
				"The council plans to sell the old salt warehouse to a hotel group from the mainland")
			id := next[0].Claims[0].ID
			if _, err := s.SQL().Exec(`INSERT INTO clusters (id, kind, speaker, speaker_type, speaker_key, text, n_outlets, n_articles, n_members,
				first_seen, outlets, citations, rep_seq) SELECT '` + id + `', kind, speaker, speaker_type, speaker_key, text, n_outlets, n_articles, n_members,
				first_seen, outlets, citations, rep_seq FROM clusters WHERE n_members = 1`); err != nil {
				t.Fatal(err)
			}
			if took, _ := s.ApplyAsSet(next...); took {
				t.Fatalf("a batch founding cluster %s, which is taken: taken as a set; want not", id)
			}
			if n := rows(t, s.SQL(), `SELECT COUNT(*) FROM articles`); n[0][0] != "2" {
				t.Fatalf("%s articles after a batch not taken; want the 2 before", n[0][0])
			}
		})
	}
}

// TestBulkArticleIDsQuoted: a bulk commit reads which of its articles are
// stored, and takes its claims' seqs, in the round trip that begins it,
// with the ids written into the statements (bulkahead.go); ids holding a
// quote, a backslash or non-ASCII letters store what applying the
// ClaimSets one by one stores, redeliveries included.
func TestBulkArticleIDsQuoted(t *testing.T) {
	for _, tc := range []struct{ name, prefix string }{
		{"quote", "o'neil-"},
		{"two quotes", "''x'-"},
		{"backslash", `back\slash'-`},
		{"accents", "café-é-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bulk, oneByOne := openPostgres(t), openPostgres(t)
			oneByOne.WithoutBulk()
			g := storetest.NewGenerator(3, 8)
			var batch []contract.ClaimSet
			for i := range 30 {
				cs := g.ClaimSet(i, 3)
				cs.Article.ID = tc.prefix + cs.Article.ID
				batch = append(batch, cs)
				if len(batch) == 10 {
					batch = append(batch, batch[0]) // a redelivery within the batch
					if ok, err := bulk.ApplyAsSet(batch...); !ok || err != nil {
						t.Fatalf("applied as a set: %v, %v", ok, err)
					}
					if err := oneByOne.ApplyInOneBatch(batch...); err != nil {
						t.Fatal(err)
					}
					// And again, all of them stored.
					if err := bulk.ApplyInOneBatch(batch[:3]...); err != nil {
						t.Fatal(err)
					}
					batch = nil
				}
			}
			for _, q := range []string{
				`SELECT seq, id, article_id, cluster_id FROM claims ORDER BY seq`,
				`SELECT id FROM articles ORDER BY id`,
			} {
				if want, got := rows(t, oneByOne.SQL(), q), rows(t, bulk.SQL(), q); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s:\n%v\none by one:\n%v", q, got, want)
				}
			}
		})
	}
}
