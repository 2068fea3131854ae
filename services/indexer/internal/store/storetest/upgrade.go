package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// The upgrade test: WriteV1 writes into a database migrated to schema
// version 1 only the rows version 1 of the store wrote for one attributed
// quote; the backend's test then opens it as a store, which migrates it to
// the current schema, and passes that to CheckUpgradedV1. The old claim must
// still be found by search, and still be grouped with a new attributed copy
// (through its blocking key) and a new unattributed copy (through its
// MinHash keys, since moved).
const upgradeQuote = "Nobody in the ministry read the flood report before the rains came and that is the scandal here"

// WriteV1 writes the version 1 rows.
func WriteV1(t *testing.T, db *sql.DB) {
	t.Helper()
	quote := upgradeQuote
	a := Article("old1", "harbor-times.example", 3)
	c := Quote("old1", quote, "Mira Okafor")
	lit := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	it := group.NewItem(a.ID, c)
	key := group.ClaimSpeakerKey(c.Speaker)
	stmts := []string{
		fmt.Sprintf(`INSERT INTO articles (id, url, outlet, title, byline, published, lang, text, cleaner_version, extractor_version, indexed_at)
			VALUES (%s, %s, %s, 'Old story', '', '2026-03-03T09:00:00Z', 'en', %s, '1', '1.0', '2026-03-03T10:00:00Z')`,
			lit(a.ID), lit(a.URL), lit(a.Outlet), lit(quote)),
		fmt.Sprintf(`INSERT INTO claims (id, article_id, ord, kind, text, sentence, start_off, end_off, speaker_name, speaker_mention,
			speaker_type, speaker_key, cue, via, numbers, confidence, outlet, published, cluster_id)
			VALUES (%s, %s, 0, 'quote', %s, %s, 0, 10, 'Mira Okafor', '', 'person', %s, 'said', '', '', 0.9, %s, '2026-03-03T09:00:00Z', %s)`,
			lit(c.ID), lit(a.ID), lit(quote), lit(quote), lit(key), lit(a.Outlet), lit(c.ID)),
		fmt.Sprintf(`INSERT INTO clusters (id, kind, speaker, speaker_type, speaker_key, text, n_outlets, n_articles, n_members, first_seen, outlets, citations)
			VALUES (%s, 'quote', 'Mira Okafor', 'person', %s, %s, 1, 1, 1, '2026-03-03T09:00:00Z', %s, '[]')`,
			lit(c.ID), lit(key), lit(quote), lit(`["`+a.Outlet+`"]`)),
	}
	sketch := 0
	for _, k := range group.Keys(&it) {
		if group.IsSketch(k) {
			sketch++
		}
		stmts = append(stmts, fmt.Sprintf(`INSERT INTO claim_keys (key, claim_id) VALUES (%s, %s)`, lit(k), lit(c.ID)))
	}
	if sketch == 0 {
		t.Fatal("the old quote has no MinHash keys: the test needs a longer quote")
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("writing version 1 rows: %v\n%s", err, q)
		}
	}
}

// CheckUpgradedV1 checks the store opened on WriteV1's database.
func CheckUpgradedV1(t *testing.T, s store.Store) {
	t.Helper()
	quote := upgradeQuote
	ctx := context.Background()
	if page, err := s.Claims(ctx, store.ClaimQuery{Q: "scandal"}); err != nil || len(page.Claims) != 1 {
		t.Fatalf("search after upgrade = %+v, %v; want the old claim", page.Claims, err)
	}
	copyText := "Nobody in the ministry read the flood report before the rains came"
	// The unattributed copy first: it can only meet the old quote through
	// the old quote's own MinHash keys.
	apply(t, s, Set(Article("new2", "river-news.example", 5), "1.0",
		contract.Claim{ID: "new2-copy", Kind: contract.KindQuote, Text: copyText, Sentence: copyText}))
	if clusterOf(t, s, quote).ID != clusterOf(t, s, copyText).ID {
		t.Fatal("the unattributed copy did not meet the upgraded quote")
	}
	apply(t, s, Set(Article("new1", "valley-post.example", 4), "1.0",
		Quote("new1", "Nobody in the ministry read the flood report before the rains came and that is the scandal", "Mira Okafor")))
	if cl := clusterOf(t, s, quote); len(cl.Members) != 3 {
		t.Fatalf("cluster of the old quote has %d members; want 3 (old, unattributed copy, attributed copy)", len(cl.Members))
	}
}
