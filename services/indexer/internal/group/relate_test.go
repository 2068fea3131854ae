package group

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestMayRelate(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b *Item
		want bool
	}{
		{"no word in common", item("a1", "art1", "quote", "Wren Halloway", "the harbour toll rises in spring"),
			item("b1", "art2", "quote", "Wren Halloway", "a bakery opened downtown on monday"), false},
		{"a shared word", item("a1", "art1", "quote", "Wren Halloway", "the harbour toll rises in spring"),
			item("b2", "art2", "quote", "Wren Halloway", "the toll was set by the council"), true},
		{"the same claim", item("a1", "art1", "quote", "Wren Halloway", "the harbour toll rises in spring"),
			item("a1", "art1", "quote", "", "a bakery opened downtown on monday"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := HeadOf(tc.b)
			if got := MayRelate(tc.a, &h); got != tc.want {
				t.Errorf("MayRelate = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestMayRelateKeepsEveryRelated: a head that says no is never wrong, on
// many random pairs of one speaker's claims sharing a small vocabulary.
func TestMayRelateKeepsEveryRelated(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	words := strings.Fields("ferry toll harbour council bridge winter budget school rail strike wages tunnel " +
		"flood levee grain price mayor vote lease depot 40 120 percent closed opened delayed")
	speakers := []string{"Wren Halloway", "Halloway", "Odile Brandt", ""}
	var items []*Item
	for i := range 300 {
		ws := make([]string, 3+r.IntN(8))
		for j := range ws {
			ws[j] = words[r.IntN(len(words))]
		}
		items = append(items, item(string(rune('a'+i%26))+strings.Repeat("x", i/26), "art"+string(rune('0'+i%7)), "quote",
			speakers[r.IntN(len(speakers))], strings.Join(ws, " ")))
	}
	told := 0
	for _, a := range items {
		for _, b := range items {
			h := HeadOf(b)
			if MayRelate(a, &h) {
				continue
			}
			told++
			if Score(a, b) > 0 || Near(a, b) {
				t.Fatalf("MayRelate(%q, %q) = false, but Score %v, Near %v", a.Text, b.Text, Score(a, b), Near(a, b))
			}
		}
	}
	if told == 0 {
		t.Fatal("no pair told apart by its head")
	}
}
