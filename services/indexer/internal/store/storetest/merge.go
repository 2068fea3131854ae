package storetest

import (
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// Merging (group.Merges): two wordings of one statement that are not alike
// enough to join found two clusters; a later wording that fits both joins
// one and the other merges into it, whichever came first. A claim that
// fits two statements of one speaker on one topic (a summary of both)
// joins one of them, and the two stay apart; so does a fragment of a few
// words that both print. Written for these tests.
var mergeTexts = struct {
	drivers, firstCars, joiner, opens, lorries, summary, fragment string
}{
	// One statement: drivers and firstCars are alike (about a third of
	// their terms), not enough to join; joiner is alike both.
	drivers:   "Drivers can use the crossing beneath the river from next spring onwards, years late",
	firstCars: "The river tunnel takes its first cars next spring, the minister promised the council",
	joiner:    "Drivers will use the tunnel under the river from next spring",
	// Two statements on the tunnel, and a claim that states both.
	opens:   "The tunnel under the river will open to traffic next spring",
	lorries: "Lorries will be barred from the river tunnel at night",
	summary: "The tunnel under the river opens next spring, but lorries will be barred from it at night",
	// A quotation of three words that drivers and firstCars both print: it
	// fits both, as it fits whatever prints them, and is no evidence that
	// they are one statement.
	fragment: "from next spring",
}

// MergeSets are the ClaimSets of the merge cases, by name, one outlet
// each, all quoting one speaker (a name ending in Copy prints the same
// wording as the one without).
func MergeSets() map[string]contract.ClaimSet {
	out := map[string]contract.ClaimSet{}
	x := mergeTexts
	for i, kv := range [][2]string{{"drivers", x.drivers}, {"driversCopy", x.drivers}, {"firstCars", x.firstCars},
		{"firstCarsCopy", x.firstCars}, {"joiner", x.joiner},
		{"opens", x.opens}, {"opensCopy", x.opens}, {"lorries", x.lorries}, {"lorriesCopy", x.lorries}, {"summary", x.summary},
		{"fragment", x.fragment}} {
		id := "m" + kv[0]
		out[kv[0]] = Set(Article(id, kv[0]+"-news.example", 2+i), "1.0", Quote(id, kv[1], "Oksana Brill"))
	}
	return out
}

func testMerge(t *testing.T, open Opener) {
	sets := MergeSets()
	x := mergeTexts
	for _, tc := range []struct {
		name     string
		order    []string
		together []string // texts that end in one cluster, each of its members once
		apart    []string // texts each in a cluster without the others
		proof    bool     // drivers and firstCars are apart before the last claim
	}{
		// Each wording printed by two outlets: a lone one would move
		// (rehome.go), a cluster of two merges.
		{"apart wordings merge", []string{"drivers", "driversCopy", "firstCars", "firstCarsCopy", "joiner"},
			[]string{x.drivers, x.firstCars, x.joiner, x.drivers, x.firstCars}, nil, true},
		{"apart wordings merge, other order", []string{"firstCars", "firstCarsCopy", "drivers", "driversCopy", "joiner"},
			[]string{x.drivers, x.firstCars, x.joiner, x.drivers, x.firstCars}, nil, true},
		{"joiner first", []string{"joiner", "drivers", "driversCopy", "firstCars", "firstCarsCopy"},
			[]string{x.drivers, x.firstCars, x.joiner, x.drivers, x.firstCars}, nil, false},
		// Each statement printed by two outlets, so that neither is a
		// lone claim re-homing moves (rehome.go); copies of a wording are
		// one wording, never a neighbourhood.
		{"two statements stay apart", []string{"opens", "opensCopy", "lorries", "lorriesCopy", "summary"}, nil, []string{x.opens, x.lorries}, false},
		{"a fragment does not merge", []string{"drivers", "driversCopy", "firstCars", "firstCarsCopy", "fragment"}, nil, []string{x.drivers, x.firstCars}, false},
		{"two statements stay apart, other order", []string{"lorries", "lorriesCopy", "opens", "opensCopy", "summary"}, nil, []string{x.opens, x.lorries}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			for k, name := range tc.order {
				if k == len(tc.order)-1 && tc.proof && clusterOf(t, s, x.drivers).ID == clusterOf(t, s, x.firstCars).ID {
					t.Fatal("the two wordings are together before the joiner: the test proves nothing")
				}
				apply(t, s, sets[name])
			}
			if len(tc.together) > 0 {
				c := clusterOf(t, s, tc.together[0])
				for _, text := range tc.together[1:] {
					if clusterOf(t, s, text).ID != c.ID {
						t.Fatalf("%q is not with %q: %v", text, tc.together[0], groups(t, s))
					}
				}
				if n := len(tc.together); len(c.Members) != n || c.NOutlets != n || c.Articles != n {
					t.Errorf("cluster of %d members, %d outlets, %d articles; want %d each", len(c.Members), c.NOutlets, c.Articles, n)
				}
			}
			seen := map[string]bool{}
			for _, text := range tc.apart {
				id := clusterOf(t, s, text).ID
				if seen[id] {
					t.Fatalf("%q is with another statement: %v", text, groups(t, s))
				}
				seen[id] = true
			}
			checkClaimClusters(t, s)
		})
	}
}
