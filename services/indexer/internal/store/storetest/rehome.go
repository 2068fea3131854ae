package storetest

import (
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// Re-homing: a short wording that arrived before its statement's other
// wordings founded a cluster of its own; once a later claim joins the
// statement's cluster, the early wording moves there if it is still alone
// and fits the statement's cluster. Written for these tests.
var rehomeTexts = struct {
	early, statement, joiner, notFit, lone, alike string
}{
	// Alike the joiner, less the statement: alone, it does not join it.
	early:     "islanders will ride the ferry at half price, she told a harbour meeting",
	statement: "Every islander will pay half the ferry fare from the first of June, because the crossing is their only road to work",
	joiner:    "islanders will pay half price for the ferry from the first of June, as the crossing is their only road to work",
	// Shares words with the joiner, but is another statement.
	notFit: "islanders will ride the ferry at half price once the fishermen's cooperative agrees to share its dock, she told a crowded harbour meeting",
	// Fits neither the statement nor, on average, its cluster once alike
	// joins it; alike that one wording.
	lone:  "islanders will ride the ferry at half price, she told a crowded harbour meeting on a stormy night",
	alike: "islanders will ride the ferry at half price from the first of June, because the crossing is their only road to work",
}

// RehomeSets are the ClaimSets of the re-homing cases, by name: the early
// wording, its copy by a second outlet, a claim that does not fit, the
// statement and a claim that joins it; a wording that fits the statement's
// cluster neither way and one alike it that joins the statement.
func RehomeSets() map[string]contract.ClaimSet {
	reported := func(articleID, text string) contract.Claim {
		return contract.Claim{ID: contract.ClaimID(articleID, "reported", 0, len(text)), Kind: contract.KindReported,
			Text: text, Sentence: text, Speaker: &contract.Speaker{Name: "Marta Quintela", Type: contract.SpeakerPerson}, Confidence: 0.8}
	}
	x := rehomeTexts
	return map[string]contract.ClaimSet{
		"early":     Set(Article("r1", "isle-courier.example", 2), "1.0", reported("r1", x.early)),
		"copy":      Set(Article("r2", "bay-herald.example", 2), "1.0", reported("r2", x.early)),
		"notFit":    Set(Article("r3", "dock-gazette.example", 2), "1.0", reported("r3", x.notFit)),
		"statement": Set(Article("r4", "mainland-daily.example", 3), "1.0", Quote("r4", x.statement, "Marta Quintela")),
		"joiner":    Set(Article("r5", "ferry-weekly.example", 4), "1.0", reported("r5", x.joiner)),
		"lone":      Set(Article("r7", "storm-times.example", 2), "1.0", reported("r7", x.lone)),
		"alike":     Set(Article("r8", "pier-post.example", 4), "1.0", reported("r8", x.alike)),
	}
}

func testRehome(t *testing.T, open Opener) {
	sets := RehomeSets()
	x := rehomeTexts
	for _, tc := range []struct {
		name  string
		order []string
		// want: texts that end in one cluster, and the outlets it counts.
		together []string
		outlets  int
		apart    []string // texts in clusters of their own
	}{
		{"early wording moves in", []string{"early", "statement", "joiner"}, []string{x.early, x.statement, x.joiner}, 3, nil},
		{"statement first needs no move", []string{"statement", "joiner", "early"}, []string{x.early, x.statement, x.joiner}, 3, nil},
		// Not moved, merged: the joiner fits both clusters, which agree
		// (group.Merges).
		{"a cluster of two merges in", []string{"early", "copy", "statement", "joiner"}, []string{x.statement, x.joiner, x.early, x.early}, 4, nil},
		{"what does not fit stays", []string{"notFit", "statement", "joiner"}, []string{x.statement, x.joiner}, 2, []string{x.notFit}},
		{"alike one wording moves in", []string{"lone", "statement", "alike"}, []string{x.lone, x.statement, x.alike}, 3, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			for _, name := range tc.order {
				apply(t, s, sets[name])
			}
			c := clusterOf(t, s, tc.together[0])
			for _, text := range tc.together[1:] {
				if clusterOf(t, s, text).ID != c.ID {
					t.Fatalf("%q is not with %q: %v", text, tc.together[0], groups(t, s))
				}
			}
			if len(c.Members) != len(tc.together) || c.NOutlets != tc.outlets || c.Articles != tc.outlets {
				t.Errorf("cluster of %d members, %d outlets, %d articles; want %d, %d, %d", len(c.Members), c.NOutlets, c.Articles,
					len(tc.together), tc.outlets, tc.outlets)
			}
			for _, text := range tc.apart {
				if clusterOf(t, s, text).ID == c.ID {
					t.Fatalf("%q moved in: %v", text, groups(t, s))
				}
			}
			checkClaimClusters(t, s)
		})
	}
}

// checkClaimClusters: every claim's cluster is listed (none points at a
// cluster a move emptied), and no cluster lists a claim twice.
func checkClaimClusters(t *testing.T, s store.Store) {
	t.Helper()
	page, err := s.Clusters(t.Context(), store.ClusterQuery{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, c := range page.Clusters {
		listed[c.ID] = true
		type member struct {
			claim string
			unit  int
		}
		seen := map[member]bool{}
		for _, m := range c.Members {
			if seen[member{m.ClaimID, m.Unit}] {
				t.Fatalf("cluster %s lists %s twice", c.ID, m.ClaimID)
			}
			seen[member{m.ClaimID, m.Unit}] = true
		}
	}
	claims, err := s.Claims(t.Context(), store.ClaimQuery{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range claims.Claims {
		if !listed[c.ClusterID] {
			t.Fatalf("claim %s is in cluster %q, which is not listed", c.ID, c.ClusterID)
		}
	}
}

// A unit re-homes too: a quotation of two sentences whose first is an
// early wording of a statement founds a cluster with that sentence, and
// it moves to the statement's cluster once a claim alike it joins there.
// It never moves to a cluster that holds the other sentence of its
// quotation: a claim's sentences are its several assertions. Written for
// these tests.
var unitRehomeTexts = struct {
	early, other, statement, joiner string
}{
	early:     "Every pensioner on the island will travel on the night buses without paying a fare, whatever the council decides about the depot.",
	other:     "The depot at the quarry will close before the winter storms arrive.",
	statement: "Pensioners on the island will ride the late buses free of charge from the spring, because the last ferry leaves before dusk",
	joiner:    "pensioners on the island will travel on the night buses without paying a fare from the spring, because the last ferry leaves before dusk",
}

func testUnitRehome(t *testing.T, open Opener) {
	x := unitRehomeTexts
	const who = "Ines Rocha"
	quotation := func(id string, sentences ...string) contract.Claim {
		text := sentences[0]
		for _, s := range sentences[1:] {
			text += " " + s
		}
		return Quote(id, text, who)
	}
	joiner := func(id string) contract.Claim {
		return contract.Claim{ID: contract.ClaimID(id, "reported", 0, len(x.joiner)), Kind: contract.KindReported,
			Text: x.joiner, Sentence: x.joiner, Speaker: &contract.Speaker{Name: who, Type: contract.SpeakerPerson}, Confidence: 0.8}
	}
	for _, tc := range []struct {
		name string
		sets []contract.ClaimSet
		// moves: whether the early sentence ends in the statement's cluster.
		moves bool
	}{
		{"an early sentence moves to its statement", []contract.ClaimSet{
			Set(Article("u1", "bus-gazette.example", 2), "1.0", quotation("u1", x.early, x.other)),
			Set(Article("u2", "island-post.example", 3), "1.0", Quote("u2", x.statement, who)),
			Set(Article("u5", "depot-news.example", 4), "1.0", joiner("u5")),
		}, true},
		{"not where its quotation's other sentence is", []contract.ClaimSet{
			Set(Article("u2", "island-post.example", 2), "1.0", Quote("u2", x.statement, who)),
			// The second sentence, another wording of the statement, joins
			// it; the outlets after it make the statement's cluster one the
			// first sentence would fit but for that.
			Set(Article("u1", "bus-gazette.example", 3), "1.0", quotation("u1", x.early, "P"+x.joiner[1:]+".")),
			Set(Article("u5", "depot-news.example", 4), "1.0", joiner("u5")),
			Set(Article("u6", "quarry-times.example", 4), "1.0", joiner("u6")),
			Set(Article("u7", "night-owl.example", 5), "1.0", joiner("u7")),
			Set(Article("u8", "shore-line.example", 5), "1.0", joiner("u8")),
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			apply(t, s, tc.sets...)
			c := clusterOf(t, s, x.statement)
			if clusterOf(t, s, x.joiner).ID != c.ID {
				t.Fatalf("the joiner is not with the statement: %v", groups(t, s))
			}
			if moved := clusterOf(t, s, x.early).ID == c.ID; moved != tc.moves {
				t.Fatalf("early sentence with the statement: %v; want %v (%v)", moved, tc.moves, groups(t, s))
			}
			checkClaimClusters(t, s)
		})
	}
}
