package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// sketchStream makes articles whose claims meet by sketch: people's quotes
// (which store sketch terms) and the same wording credited to a body or to
// no one (which look them up), in words that share a stem only for the
// full-text index's stemmer (a sketch token of one may find another's), and
// with figures written with separators (a token of several terms).
type sketchStream struct {
	rng   *rand.Rand
	words []string
	said  []string
}

func newSketchStream(seed uint64) *sketchStream {
	g := &sketchStream{rng: rand.New(rand.NewPCG(seed, seed+1))}
	roots := []string{"harbour", "ferry", "lantern", "quarry", "orchard", "tariff", "glacier", "pylon", "granary", "turbine", "levee", "meadow"}
	ends := []string{"", "s", "ing", "ed", "ation", "ational", "ness", "ful", "ize", "izer", "ly", "ment"}
	for _, r := range roots {
		for _, e := range ends {
			g.words = append(g.words, r+e)
		}
	}
	g.words = append(g.words, "1,250", "3.75", "40,000", "2.5", "café", "déjà")
	for range 40 {
		w := make([]string, 5+g.rng.IntN(4))
		for i := range w {
			w[i] = g.words[g.rng.IntN(len(g.words))]
		}
		g.said = append(g.said, strings.Join(w, " "))
	}
	return g
}

// set is article i: three claims, each a statement said before (reworded
// at times), by a person, a body or no one.
func (g *sketchStream) set(i int, version string) contract.ClaimSet {
	id := fmt.Sprintf("sk%05d", i)
	cs := storetest.Set(storetest.Article(id, fmt.Sprintf("outlet%d.example", g.rng.IntN(9)), 1+g.rng.IntN(28)), version)
	var text strings.Builder
	for k := range 3 {
		w := strings.Fields(g.said[g.rng.IntN(len(g.said))])
		if g.rng.IntN(2) == 0 {
			w[g.rng.IntN(len(w))] = g.words[g.rng.IntN(len(g.words))]
		}
		c := contract.Claim{Kind: contract.KindQuote, Text: strings.Join(w, " "), Confidence: 0.9}
		switch g.rng.IntN(3) {
		case 0:
			c.Speaker = &contract.Speaker{Name: fmt.Sprintf("Ona Brisk%d", g.rng.IntN(4)), Type: contract.SpeakerPerson}
		case 1:
			c.Speaker = &contract.Speaker{Name: "Port Authority", Type: contract.SpeakerOrganization}
			c.Kind = contract.KindReported
		default:
			c.Kind = contract.KindReported
		}
		c.Sentence = c.Text
		storetest.Place(&text, id, k, &c)
		cs.Claims = append(cs.Claims, c)
	}
	cs.Article.Text = text.String()
	return cs
}

// TestSketchListsAgreeWithIndex: the sketch terms' lists a store keeps
// (sketchlists.go) are, after every commit, what the full-text index reads
// for them, and the store answers exactly as one that reads every sketch
// lookup from the index: over group commits, once lists are evicted, after
// articles re-extracted in a group commit or one by one (the counter moves
// under the lists), and after a group commit that failed.
func TestSketchListsAgreeWithIndex(t *testing.T) {
	tests := []struct {
		name      string
		bound     int  // lists held (0: the store's own bound)
		reextract bool // every fifth batch re-extracts an earlier article
		oneByOne  bool // every seventh batch is applied ClaimSet by ClaimSet
		fail      bool // every ninth batch first fails as a set
	}{
		{name: "group commits"},
		{name: "lists evicted", bound: 3},
		{name: "re-extractions", reextract: true},
		{name: "one by one between group commits", oneByOne: true},
		{name: "failed group commits", fail: true},
	}
	for name, open := range backends() {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				ctx := context.Background()
				lists, index := open(t), open(t)
				index.WithoutSketchLists()
				if tt.bound > 0 {
					lists.LimitRecentKeys(tt.bound)
				}
				g := newSketchStream(7)
				const n = 240
				maxHeld, failed := 0, 0
				next, size := 0, 1
				for batch := 0; next < n; batch++ {
					var sets []contract.ClaimSet
					for ; len(sets) < size && next < n; next++ {
						sets = append(sets, g.set(next, "1.0"))
					}
					if tt.reextract && batch%5 == 4 {
						sets = append(sets, g.set(g.rng.IntN(next), fmt.Sprintf("2.%d", batch)))
					}
					size = size*5%17 + 1
					oneByOne := tt.oneByOne && batch%7 == 6
					fail := tt.fail && batch%9 == 8
					if fail {
						// A claim of its own, which founds a cluster.
						a := &sets[0]
						c := storetest.Quote(a.Article.ID, fmt.Sprintf("Nobody else will ever word batch %d quite like this, said the warden", batch), "Wren Alder")
						c.ID = contract.ClaimID(a.Article.ID, c.Kind, 90, 91)
						a.Claims = append([]contract.Claim{c}, a.Claims...)
					}
					raw, err := json.Marshal(sets)
					if err != nil {
						t.Fatal(err)
					}
					for _, s := range []*store.DB{lists, index} {
						var sets []contract.ClaimSet // each store its own copy
						if err := json.Unmarshal(raw, &sets); err != nil {
							t.Fatal(err)
						}
						if fail && !failAsSet(t, s, sets) && s == lists {
							failed++
						}
						if oneByOne {
							s.WithoutBulk()
						}
						if err := s.ApplyInOneBatch(sets...); err != nil {
							t.Fatal(err)
						}
						s.WithBulk()
					}
					held, err := lists.SketchListsAgree(ctx)
					if err != nil {
						t.Fatalf("after batch %d: %v", batch, err)
					}
					maxHeld = max(maxHeld, held)
				}
				if tt.fail && failed == 0 {
					t.Fatal("no group commit failed")
				}
				if maxHeld == 0 {
					t.Fatal("no sketch term list held: the lookups never went through them")
				}
				for i := range n {
					id := fmt.Sprintf("sk%05d", i)
					a, errA := lists.Article(ctx, id)
					b, errB := index.Article(ctx, id)
					if errA != nil || errB != nil {
						t.Fatal(errA, errB)
					}
					ja, _ := json.Marshal(a)
					jb, _ := json.Marshal(b)
					if string(ja) != string(jb) {
						t.Fatalf("article %s with sketch lists:\n%s\nreading the index:\n%s", id, ja, jb)
					}
				}
			})
		}
	}
}

// failAsSet tries sets as a set with a cluster under the id their first
// claim founds, if it founds one, which fails them after their lookups,
// and reports whether they were taken; the cluster then goes.
func failAsSet(t *testing.T, s *store.DB, sets []contract.ClaimSet) bool {
	t.Helper()
	id := sets[0].Claims[0].ID
	if _, err := s.SQL().Exec(`INSERT INTO clusters (id, kind, speaker, speaker_type, speaker_key, text, n_outlets, n_articles, n_members,
		first_seen, outlets, citations, rep_seq) VALUES ('` + id + `', 'quote', '', '', '', '', 1, 1, 1, '', '', '', 0)`); err != nil {
		t.Fatal(err)
	}
	took, _ := s.ApplyAsSet(sets...)
	if _, err := s.SQL().Exec(`DELETE FROM clusters WHERE id = '` + id + `'`); err != nil {
		t.Fatal(err)
	}
	return took
}

// TestSketchListsKeptOverFigures: a commit that stores a claim whose
// sketch holds a token of several terms, or of a letter outside ASCII (a
// figure written with separators, an accented word), keeps the term lists
// held, extended with it, rather than forgetting them all: the lookups
// after it need not read them again from the index.
func TestSketchListsKeptOverFigures(t *testing.T) {
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			g := newSketchStream(11)
			next, size := 0, 1
			for next < 120 {
				var sets []contract.ClaimSet
				for ; len(sets) < size && next < 120; next++ {
					sets = append(sets, g.set(next, "1.0"))
				}
				size = size*5%17 + 1
				if err := s.ApplyInOneBatch(sets...); err != nil {
					t.Fatal(err)
				}
			}
			before, err := s.SketchListsAgree(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if before == 0 {
				t.Fatal("no sketch term list held")
			}
			// A person's words that are mostly figures and accented words:
			// its sketch's tokens are mostly of several terms (a decimal
			// figure; a figure's term drops the separators of thousands).
			const id = "figures1"
			var text strings.Builder
			c := contract.Claim{Kind: contract.KindQuote, Confidence: 0.9,
				Text:    "tolls of 21.05 and 34.55 then 12.75 with 9.85 over 61.25 beside 47.35 near 88.15 under 3.75 café déjà",
				Speaker: &contract.Speaker{Name: "Ona Brisk1", Type: contract.SpeakerPerson}}
			c.Sentence = c.Text
			cs := storetest.Set(storetest.Article(id, "outlet1.example", 3), "1.0")
			storetest.Place(&text, id, 0, &c)
			cs.Claims = append(cs.Claims, c)
			cs.Article.Text = text.String()
			if err := s.ApplyInOneBatch(cs); err != nil {
				t.Fatal(err)
			}
			var sketch string
			if err := s.SQL().QueryRow(`SELECT sketch FROM claims WHERE article_id = '` + id + `'`).Scan(&sketch); err != nil {
				t.Fatal(err)
			}
			if !strings.ContainsAny(sketch, ",.é") {
				t.Fatalf("sketch %q holds no token of several terms", sketch)
			}
			after, err := s.SketchListsAgree(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if after < before {
				t.Errorf("%d term lists held after the commit, %d before", after, before)
			}
		})
	}
}
