package group

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"testing"
	"unicode"

	"github.com/claimwire/claimwire/pkg/contract"
)

// wordsAsRunes is Words as it was written before it kept s's own bytes for
// words already folded: each word built rune by rune.
func wordsAsRunes(s string) []string {
	var out []string
	var cur []rune
	var sep rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
		sep = 0
	}
	for _, r := range s {
		r = foldRune(r)
		switch {
		case unicode.IsDigit(r):
			if sep != 0 {
				cur = append(cur, sep)
				sep = 0
			}
			cur = append(cur, r)
		case unicode.IsLetter(r):
			if sep != 0 {
				flush()
			}
			cur = append(cur, r)
		case (r == ',' || r == '.') && sep == 0 && len(cur) > 0 && unicode.IsDigit(cur[len(cur)-1]):
			sep = r
		default:
			flush()
		}
	}
	flush()
	return out
}

// wordCases are texts whose words are partly folded, partly as written:
// capitals and accents inside a word, figures with separators, an
// apostrophe, a separator before a letter, multi-byte letters and digits,
// and bytes that are not UTF-8.
var wordCases = []string{
	"",
	"the mayor said",
	"The Mayor SAID",
	"Zoë's café reopened",
	"prices rose 2.5% to 1,000.50 dollars, then 3.x and 4,b",
	"they won’t pay 10,000,000 in 2026.",
	"naïve résumé ÉCOLE école",
	"١٢٣ numbers and ٤,٥ more",
	"tail 12.",
	"a\xffb c\xc3",
	"mixedCase camelCase",
	"x1y2 3z",
}

// TestWordsAsRunes: Words gives what it gave when it built every word rune
// by rune.
func TestWordsAsRunes(t *testing.T) {
	for _, s := range wordCases {
		if got, want := Words(s), wordsAsRunes(s); !slices.Equal(got, want) {
			t.Errorf("Words(%q) = %q; want %q", s, got, want)
		}
	}
}

func FuzzWords(f *testing.F) {
	for _, s := range wordCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Words(s), wordsAsRunes(s); !slices.Equal(got, want) {
			t.Errorf("Words(%q) = %q; want %q", s, got, want)
		}
	})
}

// encodingCases are claims whose features are easy to get subtly wrong:
// no word at all, function words only (no term), a negation, figures,
// accents, capitals and a contraction.
var encodingCases = []contract.Claim{
	{ID: "e1", Kind: contract.KindQuote, Text: ""},
	{ID: "e2", Kind: contract.KindQuote, Text: "and the of it"},
	{ID: "e3", Kind: contract.KindQuote, Text: "The Ministry will not reopen the Quay until 2027, she said", Speaker: &contract.Speaker{Name: "Ada Fenwick", Type: contract.SpeakerPerson}},
	{ID: "e4", Kind: contract.KindStatistic, Text: "Prices at the Marché rose 4.5 percent, or 1,200 euros, and won't fall"},
	{ID: "e5", Kind: contract.KindReported, Text: "never, never again"},
}

// TestEncodingsAsBefore: NewItem derives the features it derived before
// Words kept the text's bytes and terms were read into slices, down to
// nil and empty lists, which the encoding keeps apart (the hashes were
// taken from the earlier code: a stored encoding stays valid).
func TestEncodingsAsBefore(t *testing.T) {
	want := map[string]string{
		"e1": "f88d4cfee6c12dde675a2d23a03846ff98d1c2270f44610344ddaab28da9191d",
		"e2": "85cdee28df499cd79d968a6be08904e75c3b6de54f8ffc6389a00ee66d81ec08",
		"e3": "81e78c7cf87f7f6957b882d99b1ce8a514bc9ba594c0cb26a023df30f4746b40",
		// "1,200" reads as the term "1200" since a figure's term drops its
		// separators (contentTerm)
		"e4": "3e344788223242fd11d834a33bb39f1579b8deffe5e8f38ee729a056c67739bf",
		"e5": "a34e3e16cb21bb1e7b56a35cf78ce9c67c16f4a670f2543d9c3b88ddfe0a5f67",
	}
	for _, c := range encodingCases {
		it := NewItem("a1", c)
		if got := fmt.Sprintf("%x", sha256.Sum256(encodeDerived(nil, &it))); got != want[c.ID] {
			t.Errorf("claim %s (%q): features hash %s; want %s", c.ID, c.Text, got, want[c.ID])
		}
	}
}
