package store

import (
	"strings"
	"testing"
)

// TestFoldsOfJoinedTexts: the folds column prepare writes from a claim's
// text and speaker separately is what folding the two joined gives, and a
// FoldText value kept for the writer is the one it would compute.
func TestFoldsOfJoinedTexts(t *testing.T) {
	for _, tc := range []struct{ name, text, speaker string }{
		{"plain", "The harbour council will honour the phone deal", "Philippa Quist"},
		{"shared folds", "Colour and labour, said the neighbour", "Ms Colour Labour"},
		{"accents and quotes", "\u201cWe réached Zoë’s café at 10.30,\u201d she said.", "Zoë Quéllard"},
		{"numbers at the join", "Sales rose to 1,000.", "2.5 Analytics"},
		{"apostrophes", "Kabul's mayor and O'Brien's aide", "O\u2019Brien"},
		{"no speaker", "Sheep keep feeding on the green", ""},
		{"empty text", "", "Phoebe Mucklow"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seen := map[string]bool{}
			text := foldList(tc.text, seen, nil)
			n := len(text)
			both := strings.Join(foldList(tc.speaker, seen, text), " ")
			if want := folds(tc.text + " " + tc.speaker); both != want {
				t.Errorf("folds in two parts %q; joined %q", both, want)
			}
			want := FoldText(tc.text)
			foldMemo.put(tc.text, foldedText(tc.text, text[:n]))
			if got := FoldText(tc.text); got != want {
				t.Errorf("kept FoldText %q; computed %q", got, want)
			}
		})
	}
}
