package group

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/claimwire/claimwire/pkg/contract"
)

// quotedRunsOfRunes is quotedRuns as it read a text before: decoded into
// runes (each bad byte one utf8.RuneError), then read rune by rune.
func quotedRunsOfRunes(s string) [][]string {
	var out [][]string
	rs := []rune(s)
	open, closer := -1, rune(0)
	for i, r := range rs {
		prev, next := ' ', ' '
		if i > 0 {
			prev = rs[i-1]
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case open < 0 && (r == '\u201c' || r == '"' && !unicode.IsLetter(prev)):
			open, closer = i+1, '\u201d'
		case open < 0 && (r == '\u2018' || r == '\'') && !unicode.IsLetter(prev) && unicode.IsLetter(next):
			open, closer = i+1, '\u2019'
		case open >= 0 && (r == closer || closer == '\u201d' && r == '"' || closer == '\u2019' && r == '\'' && !unicode.IsLetter(next)):
			if ws := Words(string(rs[open:i])); len(ws) > 0 {
				out = append(out, ws)
			}
			open = -1
		}
	}
	return out
}

// TestQuotedRunsInPlace: quotedRuns reading a text by byte offsets finds
// the runs the rune-by-rune reading finds, with marks of several bytes
// (curly quotes, accents) before, inside and after them, and bad bytes.
func TestQuotedRunsInPlace(t *testing.T) {
	for name, tc := range map[string]struct {
		text string
		n    int // runs expected
	}{
		"curly quotes":              {"the mayor vowed to “rebuild the pier” by spring", 1},
		"straight quotes":           {`she called it "a disgrace" and "a shame"`, 2},
		"single quotes":             {"he wanted a 'fresh start' for the ferry", 1},
		"apostrophe is no quote":    {"the council's plan won't pass", 0},
		"accents inside":            {"“Élodie’s café” is closed, she said", 1},
		"unclosed":                  {"“we never agreed to this", 0},
		"quote at the very end":     {"she said “enough”", 1},
		"quote right after a word":  {`a"b" then "c d"`, 1},
		"curly single then letter":  {"‘Ørsted wins’ read the banner", 1},
		"empty run":                 {"“” and “ ”", 0},
		"mark of four bytes before": {"🎉“party time” 🎉", 1},
		"bad byte inside":           {"he said “the \xff pier” twice", 1},
		"bad byte before a quote":   {"a\xff'fresh start' then", 1},
		"bad byte before a closer":  {"“ends here\xff” now", 1},
		"cut mark of three bytes":   {"“open \xe2\x80 and “shut”", 1},
	} {
		t.Run(name, func(t *testing.T) {
			got, want := quotedRuns(tc.text), quotedRunsOfRunes(tc.text)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("quotedRuns = %q, rune by rune %q", got, want)
			}
			if len(got) != tc.n {
				t.Errorf("%d runs %q, want %d", len(got), got, tc.n)
			}
		})
	}
}

// TestSentenceCountInPlace: sentenceCount reading runes in place counts
// what a window over the text's runes counts.
func TestSentenceCountInPlace(t *testing.T) {
	byRunes := func(s string) int {
		n, rs := 1, []rune(s)
		for i := 0; i+2 < len(rs); i++ {
			if (rs[i] == '.' || rs[i] == '?' || rs[i] == '!') && unicode.IsSpace(rs[i+1]) && unicode.IsUpper(rs[i+2]) {
				n++
			}
		}
		return n
	}
	for _, tc := range []struct {
		text string
		want int
	}{
		{"", 1},
		{". A", 2},
		{"One. Two! Three? Four", 4},
		{"Dr. Émile came. Then rain.", 3},
		{"no stop. lower case next", 1},
		{"Ends here.", 1},
		{"bad \xff. Byte", 2},
		{"a stop then a bad byte.\xff Z", 1},
		{"non-breaking.\u00a0Space", 2},
		{"accented capital. Émile", 2},
		{"wide stop?\u3000Q", 2},
		{"last byte is a stop.", 1},
		{"stop and space. ", 1},
	} {
		if got := sentenceCount(tc.text); got != tc.want || got != byRunes(tc.text) {
			t.Errorf("sentenceCount(%q) = %d, want %d (by runes %d)", tc.text, got, tc.want, byRunes(tc.text))
		}
	}
}

// TestFoldRuneASCII: foldRune's inline ASCII path folds every ASCII rune as
// the full fold does.
func TestFoldRuneASCII(t *testing.T) {
	for r := rune(0); r < 0x80; r++ {
		if got, want := foldRune(r), foldRuneSlow(r); got != want {
			t.Errorf("foldRune(%q) = %q, want %q", r, got, want)
		}
	}
}

// TestMeasureClassFromTerms: measureClass reading the units' terms and the
// item's own finds the class that the terms of the units and text joined
// give, wherever the class word is (units, text, a figure's sign).
func TestMeasureClassFromTerms(t *testing.T) {
	joined := func(it *Item) string {
		terms := ContentTerms(it.Units + " " + it.Text)
		for _, mc := range measureClasses {
			for _, s := range mc.stems {
				_, a := terms[s]
				_, b := terms[Stem(s)]
				if a || b || (s == "%" || s == "$") && strings.Contains(it.Units+" "+it.Text, s) {
					return mc.class
				}
			}
		}
		return ""
	}
	for _, c := range []contract.Claim{
		{ID: "m1", Kind: contract.KindStatistic, Text: "the storm killed 14 in the valley",
			Numbers: []contract.Number{{Value: ptr(14), Unit: "people", Text: "14"}}},
		{ID: "m2", Kind: contract.KindStatistic, Text: "14 people in the valley",
			Numbers: []contract.Number{{Value: ptr(14), Unit: "people dead", Text: "14 people"}}},
		{ID: "m3", Kind: contract.KindStatistic, Text: "fares rose 12% in a year",
			Numbers: []contract.Number{{Value: ptr(12), Unit: "percent", Text: "12%"}}},
		{ID: "m4", Kind: contract.KindStatistic, Text: "the death toll reached 1,200.",
			Numbers: []contract.Number{{Value: ptr(1200), Unit: "", Text: "1,200."}}},
		{ID: "m5", Kind: contract.KindStatistic, Text: "a count of 7 ducks",
			Numbers: []contract.Number{{Value: ptr(7), Unit: "ducks", Text: "7 ducks"}}},
	} {
		it := NewItem("art", c)
		if got, want := it.measure, joined(&it); got != want {
			t.Errorf("%s: measure %q, from the joined text's terms %q", c.ID, got, want)
		}
	}
}
