package clean

import (
	"strings"
	"testing"
	"time"
)

// TestAdversarialSize: pages built to trip quadratic paths (many short
// lines, deep nesting with text at every level, one enormous line) must
// still clean in bounded time; the service would otherwise stall on them.
func TestAdversarialSize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds multi-megabyte pages")
	}
	prose := "The council said the bridge would reopen next week, after repairs that took longer than planned because of the weather."
	deep := func() string {
		var b strings.Builder
		for range 500 {
			b.WriteString("<div class=\"x\"><p>" + prose + "</p>")
		}
		for range 500 {
			b.WriteString("</div>")
		}
		return b.String()
	}
	cases := []struct {
		name, ct, body string
	}{
		{"many short lines", "text/plain", strings.Repeat("Home page link\n", 100000) + prose + "\n"},
		{"many short html blocks", "text/html", "<body>" + strings.Repeat("<p>Home page link</p>", 50000) + "<p>" + prose + "</p></body>"},
		{"deep text at every level", "text/html", "<html><body>" + deep() + "</body></html>"},
		{"one huge line", "text/plain", strings.Repeat(prose+" ", 40000)},
		{"many repeated labels", "text/plain", prose + "\n" + strings.Repeat("Related:\n"+prose+"\n", 10000)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, _ = Page(Input{Body: []byte(tc.body), ContentType: tc.ct})
			if d := time.Since(start); d > 5*time.Second {
				t.Fatalf("%d bytes took %v", len(tc.body), d)
			}
		})
	}
}
