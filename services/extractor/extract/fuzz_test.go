package extract

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claimwire/claimwire/pkg/contract"
)

// FuzzExtract checks that Extract never panics and that every claim's
// offsets slice Article.Text on rune boundaries, the claim's text being
// exactly that slice, its sentence from the article and its rule named.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"“We will stay,” Mayor Ana Ruiz said. “And we will win.”",
		"According to Radio Nord, 40 people died, officials said.",
		"He said: \"unclosed quote\n\n\"continued here.\"",
		"‘single’ quotes, 'straight' ones and ’ stray marks ” everywhere “",
		"U.S. Sen. J. R. Doe told Fox News that 3.5% of $2 million was lost.",
		"On X, the port wrote, \"Gates shut.\" Gates shut at 6 pm. https://t.co/a1 — Port Ryde (@portryde) May 3, 2024",
		"— A (@b) May 3, 2024", " pic.twitter.com/x — Ana Lima (@al) Jan 1, 2020",
		"", "\"", "“”", ", said.", "According to", "\n\n\n",
	} {
		f.Add(s)
	}
	if b, err := readTestdata("talks.txt"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, text string) {
		cs := Extract(contract.Article{Schema: contract.Schema, ID: "f", Text: text})
		if cs.ExtractorVersion != Version || cs.Claims == nil {
			t.Fatalf("bad claim set header")
		}
		valid := utf8.ValidString(text)
		for _, c := range cs.Claims {
			if c.Start < 0 || c.End > len(text) || c.Start > c.End {
				t.Fatalf("offsets %d:%d out of range %d", c.Start, c.End, len(text))
			}
			if valid && (!utf8.RuneStart(byteAt(text, c.Start)) || !utf8.RuneStart(byteAt(text, c.End))) {
				t.Fatalf("offsets %d:%d not on rune boundaries", c.Start, c.End)
			}
			if c.Text != text[c.Start:c.End] {
				t.Fatalf("claim text %q is not Article.Text[%d:%d] %q", c.Text, c.Start, c.End, text[c.Start:c.End])
			}
			if c.Rule == "" {
				t.Fatalf("claim %q has no rule", c.Text)
			}
			if !strings.Contains(text, c.Sentence) || !strings.Contains(c.Sentence, strings.TrimSpace(firstField(c.Text))) {
				t.Fatalf("sentence %q inconsistent with text %q", c.Sentence, c.Text)
			}
			if c.Kind != contract.KindQuote && c.Kind != contract.KindReported && c.Kind != contract.KindStatistic {
				t.Fatalf("kind %q", c.Kind)
			}
			if c.Confidence <= 0 || c.Confidence > 1 {
				t.Fatalf("confidence %v", c.Confidence)
			}
		}
	})
}

func byteAt(s string, i int) byte {
	if i >= len(s) {
		return 0 // end of text is a boundary
	}
	return s[i]
}

func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}
