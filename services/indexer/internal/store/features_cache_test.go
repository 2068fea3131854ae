package store

import (
	"testing"

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
