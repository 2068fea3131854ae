package store

import (
	"slices"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// TestFeatureCacheSecondChance: a full cache evicts the oldest claim not
// read since the hand last passed it; a claim read keeps its place for a
// lap, and an evicted claim's slot is reused.
func TestFeatureCacheSecondChance(t *testing.T) {
	f := newFeatures(3)
	it := func(seq int64) []*group.Item { return []*group.Item{{ID: string(rune('a' + seq))}} }
	for seq := int64(1); seq <= 3; seq++ {
		f.add([]int64{seq}, it(seq), []string{""})
	}
	f.get(1)
	f.add([]int64{4}, it(4), []string{""}) // 1 was read: 2 goes
	f.add([]int64{5}, it(5), []string{""}) // then 3
	f.evict([]int64{4})
	f.add([]int64{6}, it(6), []string{"c6"}) // the hand cleared 1's mark on its last pass: 1 goes
	f.add([]int64{7}, it(7), []string{""})   // 4's slot, evicted
	for seq, want := range map[int64]bool{1: false, 2: false, 3: false, 4: false, 5: true, 6: true, 7: true} {
		if got, _ := f.get(seq); (got != nil) != want {
			t.Errorf("seq %d cached %v, want %v", seq, got != nil, want)
		}
	}
	if _, cl := f.get(6); cl != "c6" {
		t.Errorf("seq 6 cluster %q, want c6", cl)
	}
}

// TestFeatureHeadsRelevant: a candidate whose head, cached since the last
// distrust, relates to none of its claims is left out, even once its
// features were evicted; one never cached, evicted as deleted, or cached
// before a distrust is read.
func TestFeatureHeadsRelevant(t *testing.T) {
	claim := func(id, text string) *group.Item {
		it := group.NewItem("art-"+id, contract.Claim{ID: id, Kind: contract.KindQuote, Text: text})
		return &it
	}
	f := newFeatures(2)
	ferry := claim("s1", "the night ferry will stop calling at the island pier")
	bakery := claim("s2", "our bakery sold out of rye bread before noon")
	orchard := claim("s3", "apple growers expect a thin harvest in the orchards")
	f.add([]int64{2, 1, 3}, []*group.Item{bakery, ferry, orchard}, []string{"", "", ""})
	if it, _ := f.get(2); it != nil {
		t.Fatal("seq 2's features still cached")
	}
	newClaim := claim("n1", "islanders protest as the ferry stops calling at the pier")
	growers := claim("n2", "a thin harvest worries apple growers")
	ask := func() []int64 {
		a := newAskers(0)
		for _, x := range []struct {
			seq int64
			it  *group.Item
		}{{1, newClaim}, {2, newClaim}, {3, newClaim}, {3, growers}, {9, newClaim}} {
			a.add(x.seq, x.it)
		}
		out := f.relevant(a)
		slices.Sort(out)
		return out
	}
	if got, want := ask(), []int64{1, 3, 9}; !slices.Equal(got, want) {
		t.Errorf("relevant = %v, want %v", got, want)
	}
	f.evict([]int64{2})
	if got, want := ask(), []int64{1, 2, 3, 9}; !slices.Equal(got, want) {
		t.Errorf("after evicting 2: relevant = %v, want %v", got, want)
	}
	f.add([]int64{2}, []*group.Item{bakery}, []string{""})
	f.distrust()
	if got, want := ask(), []int64{1, 2, 3, 9}; !slices.Equal(got, want) {
		t.Errorf("after distrust: relevant = %v, want %v", got, want)
	}
}

// TestFeatureCacheHeadHint: get finds a claim by the slot its head names
// only while that slot holds it: a claim whose head another seq took over
// (a million seqs later) is still found, and one evicted, whose slot
// another claim took, is not.
func TestFeatureCacheHeadHint(t *testing.T) {
	f := newFeatures(2)
	it := func(id string) []*group.Item { return []*group.Item{{ID: id}} }
	far := int64(5 + maxHeads) // 5's place in the heads table
	f.add([]int64{5}, it("five"), []string{"c5"})
	f.add([]int64{far}, it("far"), []string{"cfar"})
	if got, cl := f.get(5); got == nil || got.ID != "five" || cl != "c5" {
		t.Errorf("seq 5 after its head was taken over: %v %q", got, cl)
	}
	if got, cl := f.get(far); got == nil || got.ID != "far" || cl != "cfar" {
		t.Errorf("seq %d: %v %q", far, got, cl)
	}
	// A cache of one: 4 takes 3's slot, and 3's head still names it.
	g := newFeatures(1)
	g.add([]int64{3}, it("three"), []string{""})
	g.add([]int64{4}, it("four"), []string{""})
	if got, _ := g.get(3); got != nil {
		t.Errorf("seq 3 found in the slot seq 4 took: %v", got.ID)
	}
	if got, _ := g.get(4); got == nil || got.ID != "four" {
		t.Errorf("seq 4: %v", got)
	}
}
