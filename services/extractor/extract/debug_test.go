package extract

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestDebugArticle prints the cast, the units and the claims of the file
// named by EXTRACT_DEBUG (a development aid; skipped otherwise).
func TestDebugArticle(t *testing.T) {
	path := os.Getenv("EXTRACT_DEBUG")
	if path == "" {
		t.Skip("set EXTRACT_DEBUG=file")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	x := newExtraction(string(b), "")
	for _, e := range x.res.Cast.Entities() {
		fmt.Printf("cast %-40q %-12s weak=%v desc=%v titles=%v\n", e.Name, e.Type, e.Weak, e.Descriptor, e.Titles)
	}
	for si := range x.d.Sents {
		x.sentence(si)
		if sub := x.res.Subjects[si]; sub.Text != "" {
			fmt.Printf("  [%d] subject %q\n", si, sub.Text)
		}
		for _, c := range x.claims {
			if c.sent == si {
				name := ""
				if c.Speaker != nil {
					name = c.Speaker.Name + " (" + c.Speaker.Mention + ")"
				}
				fmt.Printf("  [%d] %-9s %-24s %-30s %q\n", si, c.Kind, c.Rule, name, trunc(c.Text, 70))
			}
		}
	}
}

func trunc(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// TestDebugReadings prints every reading of EXTRACT_TEXT with its model score.
func TestDebugReadings(t *testing.T) {
	text := os.Getenv("EXTRACT_TEXT")
	if text == "" {
		t.Skip("set EXTRACT_TEXT=...")
	}
	x := newExtraction(text, "")
	m := x.model
	x.recorder = func(r Reading) {
		s := 0.0
		if m != nil {
			s = m.Score(r.Features)
		}
		var parts []string
		for _, c := range r.Content {
			parts = append(parts, text[c[0]:c[1]])
		}
		fmt.Printf("reading %-24s %-8s score=%.2f %q\n", r.Rule, r.Kind, s, parts)
	}
	for si := range x.d.Sents {
		x.sentence(si)
	}
	for _, c := range x.claims {
		fmt.Printf("claim %s %s %+v %q\n", c.Kind, c.Rule, c.Speaker, c.Text)
	}
}
