package storetest

import (
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// Bridging (group.Merges, bridges): two desks translate one remark into
// wordings that share no word with the other desk's, and each desk's pair
// founds a cluster; a third desk's wording alike every one of the four
// merges the two clusters, whichever desk came first. A sentence that
// prints a wording of each desk whole states two things side by side and
// merges nothing. Written for these tests.
var bridgeTexts = struct {
	quay, quay2, pier, pier2, bridge, both string
}{
	quay:   "The new quay will ruin the fishermen of the old harbour",
	quay2:  "Fishermen in the old harbour will be ruined by the quay",
	pier:   "The pier project spells the end for the trawler crews of the port",
	pier2:  "The pier project means the end for trawler crews in the port",
	bridge: "The quay project spells the end for the old harbour's fishermen and trawler crews",
	both:   "The new quay will ruin the fishermen of the old harbour and the pier project spells the end for the trawler crews of the port",
}

func bridgeSets() map[string]contract.ClaimSet {
	out := map[string]contract.ClaimSet{}
	x := bridgeTexts
	for i, kv := range [][2]string{{"quay", x.quay}, {"quay2", x.quay2}, {"pier", x.pier}, {"pier2", x.pier2},
		{"bridge", x.bridge}, {"both", x.both}} {
		id := "b" + kv[0]
		out[kv[0]] = Set(Article(id, kv[0]+"-desk.example", 2+i), "1.0", Quote(id, kv[1], "Tamsin Okoro"))
	}
	return out
}

func testBridge(t *testing.T, open Opener) {
	sets := bridgeSets()
	x := bridgeTexts
	for _, tc := range []struct {
		name  string
		order []string
		merge bool
	}{
		{"alike every wording of both", []string{"quay", "quay2", "pier", "pier2", "bridge"}, true},
		{"alike every wording of both, other desk first", []string{"pier", "pier2", "quay", "quay2", "bridge"}, true},
		{"prints a wording of each whole", []string{"quay", "quay2", "pier", "pier2", "both"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			for k, name := range tc.order {
				if k == len(tc.order)-1 && clusterOf(t, s, x.quay).ID == clusterOf(t, s, x.pier).ID {
					t.Fatal("the two desks' wordings are together before the last claim: the test proves nothing")
				}
				apply(t, s, sets[name])
			}
			together := clusterOf(t, s, x.quay).ID == clusterOf(t, s, x.pier).ID
			if together != tc.merge {
				t.Fatalf("desks together = %v, want %v: %v", together, tc.merge, groups(t, s))
			}
			for _, text := range []string{x.quay2, x.pier2} {
				if c := clusterOf(t, s, text); c.ID != clusterOf(t, s, x.quay).ID && c.ID != clusterOf(t, s, x.pier).ID {
					t.Fatalf("%q left its desk's cluster: %v", text, groups(t, s))
				}
			}
			checkClaimClusters(t, s)
		})
	}
}
