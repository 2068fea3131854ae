package boilerplate

import (
	"strings"
	"testing"
)

// body is a made-up prose paragraph used to frame the line under test.
const body = "The committee met for six hours on Tuesday and agreed, after a long debate, to publish its findings before the end of the month."

func lines(ls ...string) []Block {
	out := make([]Block, len(ls))
	for i, l := range ls {
		out[i] = Block{Text: l}
	}
	return out
}

func text(r Result) string {
	var parts []string
	for _, b := range r.Blocks {
		parts = append(parts, b.Text)
	}
	return strings.Join(parts, "\n")
}

// TestFamilies puts one line of each boilerplate family between two prose
// paragraphs of a text page and checks that it goes and the prose stays.
func TestFamilies(t *testing.T) {
	cases := []struct{ family, line string }{
		{"list label", "Trending:"},
		{"inline also-read", "Also Read: Minister opens new school in the north"},
		{"ad placeholder", "Story continues below Advertisement"},
		{"app promo", "Download the Daily Ledger App to stay updated with breaking news!"},
		{"newsletter promo", "Subscribe to our newsletter for the best stories every morning."},
		{"share labels", "Share Tweet WhatsApp Email"},
		{"photo credit", "File Photo | Reuters"},
		{"representational caption", "Representational Image."},
		{"dateline", "Ledger Network - Oslo - UPDATED: June 2, 2024, 10:00 AM - 4 min read"},
		{"read time", "5 min read"},
		{"copyright", "© 2024 Ledger Media Group. All rights reserved."},
		{"separator", "* * *"},
		{"slug", "committee-agrees-to-publish-findings"},
		{"byline", "By Karin Holm"},
		{"portuguese label", "Você pode gostar..."},
	}
	for _, tc := range cases {
		t.Run(tc.family, func(t *testing.T) {
			r := Filter(lines(body, tc.line, body+" Then it adjourned."), Options{Text: true})
			got := text(r)
			if strings.Contains(got, tc.line) {
				t.Fatalf("kept %q", tc.line)
			}
			if !strings.Contains(got, "Then it adjourned.") || !strings.HasPrefix(got, body) {
				t.Fatalf("lost prose: %q", got)
			}
		})
	}
}

func TestStructure(t *testing.T) {
	cases := []struct {
		name      string
		in        []string
		title     string
		wantLines []string
	}{
		{
			name:      "nav then title",
			in:        []string{"Home", "World", "Sport", "Harbour wall repaired after storm", body},
			title:     "Harbour wall repaired after storm",
			wantLines: []string{body},
		},
		{
			name:      "repeated title",
			in:        []string{"Harbour wall repaired after storm", "Harbour wall repaired after storm", body},
			title:     "Harbour wall repaired after storm",
			wantLines: []string{body},
		},
		{
			name:      "no title",
			in:        []string{body, "A second paragraph follows here, and it is also long enough to count as prose for the filter."},
			wantLines: []string{body, "A second paragraph follows here, and it is also long enough to count as prose for the filter."},
		},
		{
			name:      "subheading kept, headline list dropped",
			in:        []string{body, "What happens next", body + " Again.", "Prev Article", "Council tax to rise by two per cent", "Next Article", "Ferry strike called off"},
			wantLines: []string{body, "What happens next", body + " Again."},
		},
		{
			name:      "trailing repeated headlines",
			in:        []string{body, "-", "Ferry strike called off", "-", "Ferry strike called off"},
			wantLines: []string{body},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Filter(lines(tc.in...), Options{Text: true})
			if r.Title != tc.title {
				t.Errorf("title %q, want %q", r.Title, tc.title)
			}
			if got, want := text(r), strings.Join(tc.wantLines, "\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestDatePrefix(t *testing.T) {
	r := Filter(lines("date 2025-01-30 "+body), Options{Text: true})
	if r.Published.Format("2006-01-02") != "2025-01-30" || text(r) != body {
		t.Fatalf("published %v text %q", r.Published, text(r))
	}
}
