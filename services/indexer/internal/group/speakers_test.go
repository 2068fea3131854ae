package group

import (
	"slices"
	"strings"
	"testing"
)

// keyWithin and wordsWithin read keys in place; they must answer as the
// plain reading of their words does, for every pair of keys built from a
// few words (titles, repeated words, a surname alone, empty keys).
func TestKeyWordsInPlace(t *testing.T) {
	within := func(short, long string) bool {
		wl := strings.Fields(long)
		for _, w := range strings.Fields(short) {
			if !slices.Contains(wl, w) {
				return false
			}
		}
		return true
	}
	keyed := func(short, long string) bool {
		ws, wl := strings.Fields(short), strings.Fields(long)
		if len(ws) >= len(wl) || len(ws) == 0 || ws[len(ws)-1] != wl[len(wl)-1] {
			return false
		}
		return within(short, long)
	}
	words := []string{"ana", "lima", "senator", "da", "silva", "an"}
	var keys []string
	var build func(prefix []string, n int)
	build = func(prefix []string, n int) {
		keys = append(keys, strings.Join(prefix, " "))
		if n == 0 {
			return
		}
		for _, w := range words {
			build(append(slices.Clone(prefix), w), n-1)
		}
	}
	build(nil, 3)
	for _, a := range keys {
		for _, b := range keys {
			if got, want := keyWithin(a, b), keyed(a, b); got != want {
				t.Fatalf("keyWithin(%q, %q) = %v, want %v", a, b, got, want)
			}
			if got, want := wordsWithin(a, b), within(a, b); got != want {
				t.Fatalf("wordsWithin(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
	}
}
