package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// claimSeqs is the seqs the article's claims are stored at: new ones each
// time its claims are rewritten.
func claimSeqs(t *testing.T, s *store.DB, articleID string) []int64 {
	t.Helper()
	seqs, err := s.ClaimSeqs(articleID)
	if err != nil {
		t.Fatal(err)
	}
	return seqs
}

// TestIdenticalRedeliveryKept: a ClaimSet delivered again as it is stored
// (same extractor version, same content) is acknowledged without rewriting
// the article's claims and clusters, alone or in a group commit with new
// articles; one whose content changed at the same version still replaces
// them.
func TestIdenticalRedeliveryKept(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			first := storetest.Set(storetest.Article("r1", "lakeside-news.example", 2), "1.0",
				storetest.Quote("r1", "The ferry timetable will not survive another winter of cuts", "Ilse Korhonen"),
				storetest.Quote("r1", "We asked for two boats and were promised half of one", "Ilse Korhonen"))
			other := storetest.Set(storetest.Article("r2", "hill-courier.example", 3), "1.0",
				storetest.Quote("r2", "The ferry timetable will not survive another winter of cuts", "Ilse Korhonen"))
			if _, err := s.Apply(ctx, first); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Apply(ctx, other); err != nil {
				t.Fatal(err)
			}
			before := claimSeqs(t, s, "r1")
			clusters := clusterIDs(t, s)

			ok, err := s.Apply(ctx, first)
			if err != nil || !ok {
				t.Fatalf("identical redelivery: applied %v, %v; want true, nil", ok, err)
			}
			if got := claimSeqs(t, s, "r1"); !slices.Equal(got, before) {
				t.Errorf("identical redelivery rewrote the claims: seqs %v, were %v", got, before)
			}
			// In a group commit behind a new article (the bulk path's
			// one-by-one tail).
			third := storetest.Set(storetest.Article("r3", "delta-radio.example", 4), "1.0",
				storetest.Quote("r3", "Nobody on the island voted for fewer crossings", "Pavel Ostrom"))
			if err := s.ApplyInOneBatch(third, first); err != nil {
				t.Fatal(err)
			}
			if got := claimSeqs(t, s, "r1"); !slices.Equal(got, before) {
				t.Errorf("identical redelivery in a batch rewrote the claims: seqs %v, were %v", got, before)
			}
			got := clusterIDs(t, s)
			for text, id := range clusters {
				if got[text] != id {
					t.Errorf("%q moved from cluster %s to %s", text, id, got[text])
				}
			}

			// Same version, changed content: replaced.
			changed := first
			changed.Claims = slices.Clone(first.Claims)
			changed.Claims[1].Text = "We asked for two boats and were promised a third of one"
			changed.Claims[1].Sentence = changed.Claims[1].Text
			if _, err := s.Apply(ctx, changed); err != nil {
				t.Fatal(err)
			}
			if after := claimSeqs(t, s, "r1"); slices.Equal(after, before) {
				t.Errorf("changed ClaimSet at the same version kept the old claims (seqs %v)", after)
			}
			page, err := s.Claims(ctx, store.ClaimQuery{Q: "third"})
			if err != nil || len(page.Claims) != 1 {
				t.Errorf("changed claim not searchable: %v, %v", page.Claims, err)
			}
		})
	}
}
