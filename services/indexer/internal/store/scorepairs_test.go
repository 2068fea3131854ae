package store

import (
	"fmt"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// TestScorePairs: scoring a batch's pairs on several goroutines gives each
// pair what group.Score and group.Near give it alone, below the size that
// is split and above it (pairs that join, pairs of one speaker that are
// near and that are not, strangers).
func TestScorePairs(t *testing.T) {
	claims := []contract.Claim{
		{ID: "a", Kind: "quote", Text: "The harbour in Porto Vell will reopen to ferries before the winter storms", Speaker: &contract.Speaker{Name: "Ana Lima", Type: "person", Key: "ana lima"}},
		{ID: "b", Kind: "quote", Text: "the harbour in Porto Vell will reopen to ferries before the storms", Speaker: &contract.Speaker{Name: "Ana Lima", Type: "person", Key: "ana lima"}},
		{ID: "c", Kind: "quote", Text: "Our bakery sold 4,200 loaves on the first morning", Speaker: &contract.Speaker{Name: "Ana Lima", Type: "person", Key: "ana lima"}},
		{ID: "d", Kind: "statistic", Text: "More than 4,200 loaves were sold on the first morning"},
		{ID: "f", Kind: "quote", Text: "Ferries are what keep this harbour alive", Speaker: &contract.Speaker{Name: "Ana Lima", Type: "person", Key: "ana lima"}},
		{ID: "e", Kind: "reported", Text: "Tomas Berg said the council would vote on the bridge in May", Speaker: &contract.Speaker{Name: "Tomas Berg", Type: "person", Key: "tomas berg"}},
	}
	items := make([]group.Item, len(claims))
	for i, c := range claims {
		items[i] = group.NewItem(fmt.Sprintf("art-%d", i), c)
	}
	for _, n := range []int{0, 1, 7, 2*minPairsPerScorer - 1, 3*minPairsPerScorer + 5} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			pairs := make([]scorePair, n)
			for x := range pairs {
				a, b := &items[x%len(items)], &items[(x/len(items))%len(items)]
				pairs[x] = scorePair{k: int32(x), seq: int64(x), a: a, b: b, score: -1}
			}
			scorePairs(pairs)
			joined, near := 0, 0
			for x, pr := range pairs {
				if want := group.Score(pr.a, pr.b); pr.score != want {
					t.Fatalf("pair %d (%s, %s): score %v, alone %v", x, pr.a.ID, pr.b.ID, pr.score, want)
				}
				if want := pr.score <= 0 && group.Near(pr.a, pr.b); pr.near != want {
					t.Fatalf("pair %d (%s, %s): near %v, alone %v", x, pr.a.ID, pr.b.ID, pr.near, want)
				}
				if pr.score > 0 {
					joined++
				}
				if pr.near {
					near++
				}
			}
			if n >= 2*minPairsPerScorer && (joined == 0 || joined == n || near == 0) {
				t.Fatalf("%d of %d pairs score, %d are near: the test needs all three kinds", joined, n, near)
			}
		})
	}
}
