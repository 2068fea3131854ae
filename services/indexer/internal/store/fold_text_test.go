package store_test

import (
	"testing"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// TestFoldTextOrder: the text is followed by the folds of its words that differ
// from the word, once each, in the order the words come; words that fold
// to themselves (or to nothing) add none.
func TestFoldTextOrder(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
	}{
		{"nothing to fold", "the mayor said so", "the mayor said so"},
		{"one fold", "Harbour fees rise", "Harbour fees rise\nharbor fis"},
		{"a fold once", "harbour and Harbour and harbour", "harbour and Harbour and harbour\nharbor"},
		{"single letters", "a b c harbour", "a b c harbour\nharbor"},
		{
			"more folds than the short list holds",
			"colour flavour labour honour rumour vapour odour arbour savour fervour vigour armour clamour candour rigour tumour valour splendour colour labour",
			"colour flavour labour honour rumour vapour odour arbour savour fervour vigour armour clamour candour rigour tumour valour splendour colour labour\n" +
				"color flavor labor honor rumor vapor odor arbor savor fervor vigor armor clamor candor rigor tumor valor splendor",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := store.FoldText(tc.text); got != tc.want {
				t.Errorf("FoldText(%q) = %q; want %q", tc.text, got, tc.want)
			}
		})
	}
}
