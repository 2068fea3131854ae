package feeds

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		file, contentType string
		want              []Item
	}{
		{"rss.xml", "application/rss+xml", []Item{
			{Link: "https://news.example/world/harbour-reopens?id=4", GUID: "n-4", Title: "Harbour reopens after storm", Author: "Mira Holt",
				Published: ptime("2026-03-02T08:30:00Z")},
			{Link: "https://news.example/local/council-vote", GUID: "https://news.example/local/council-vote", Title: "Council vote delayed",
				Published: ptime("2026-03-01T17:00:00Z")},
		}},
		{"atom.xml", "application/atom+xml", []Item{
			{Link: "https://blog.example/posts/budget-talks", GUID: "tag:blog.example,2026:1", Title: "Budget talks resume", Author: "Ana Ruiz",
				Published: ptime("2026-02-10T12:00:00Z")},
		}},
		{"feed.json", "application/feed+json", []Item{
			{Link: "https://json.example/a/rail-strike", GUID: "1", Title: "Rail strike called off", Author: "Desk",
				Published: ptime("2026-01-05T09:15:00Z")},
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(body, tc.contentType, "https://"+strings.Split(tc.want[0].Link, "/")[2]+"/feed")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("%d items, want %d: %+v", len(got), len(tc.want), got)
			}
			for i, w := range tc.want {
				g := got[i]
				if g.Link != w.Link || g.GUID != w.GUID || g.Title != w.Title || g.Author != w.Author ||
					(g.Published == nil) != (w.Published == nil) || (g.Published != nil && !g.Published.Equal(*w.Published)) {
					t.Errorf("item %d:\n got %+v\nwant %+v", i, g, w)
				}
			}
		})
	}
}

func TestParseHostile(t *testing.T) {
	for _, tc := range []struct {
		name, file, contentType string
		wantErr                 error
		maxText                 int // longest title allowed: entities must not expand
	}{
		{name: "html served as feed", file: "page.html", contentType: "text/html; charset=utf-8", wantErr: ErrNotAFeed},
		{name: "html with xml type", file: "page.html", contentType: "text/xml", wantErr: ErrNotAFeed},
		{name: "plain text", file: "notes.txt", contentType: "text/plain", wantErr: ErrNotAFeed},
		{name: "billion laughs", file: "laughs.xml", contentType: "application/rss+xml", maxText: 200},
		{name: "xxe", file: "xxe.xml", contentType: "application/rss+xml", maxText: 200},
		{name: "truncated", file: "truncated.xml", contentType: "application/rss+xml", wantErr: ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			items, err := Parse(body, tc.contentType, "https://news.example/feed")
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			// The document parses, and its text stays small and never
			// contains the local file's content.
			if err != nil || len(items) != 1 {
				t.Fatalf("want the one item parsed, got %d items, err %v", len(items), err)
			}
			for _, it := range items {
				if len(it.Title) > tc.maxText || strings.Contains(it.Title, "root:") {
					t.Fatalf("entity expanded: title of %d bytes: %.80q", len(it.Title), it.Title)
				}
			}
		})
	}
}

func TestParseList(t *testing.T) {
	in := "# my feeds\nhttps://a.example/rss\n\n  https://b.example/atom.xml  # tech\nftp://c.example/x\nhttps://a.example/rss\nnot a url\n"
	got, err := ParseList(strings.NewReader(in))
	if !errors.Is(err, ErrBadURL) {
		t.Fatalf("err = %v, want ErrBadURL", err)
	}
	if strings.Count(err.Error(), "line ") != 2 {
		t.Fatalf("want both bad lines reported: %v", err)
	}
	want := []string{"https://a.example/rss", "https://b.example/atom.xml"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range []string{"rss.xml", "atom.xml", "feed.json", "laughs.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		items, err := Parse(b, "", "https://f.example/feed")
		if err != nil {
			return
		}
		for _, it := range items {
			if !strings.HasPrefix(it.Link, "http://") && !strings.HasPrefix(it.Link, "https://") {
				t.Fatalf("non-http link %q", it.Link)
			}
		}
	})
}

func BenchmarkParse(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://n.example/</link>`)
	for i := range 200 {
		sb.WriteString("<item><title>Story number ")
		sb.WriteString(strings.Repeat("x", i%40))
		sb.WriteString("</title><link>https://n.example/s/")
		sb.WriteString(strings.Repeat("y", i%30+1))
		sb.WriteString("</link><pubDate>Mon, 02 Mar 2026 08:30:00 GMT</pubDate><description>Some summary text here.</description></item>")
	}
	sb.WriteString("</channel></rss>")
	body := []byte(sb.String())
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := Parse(body, "application/rss+xml", "https://n.example/feed"); err != nil {
			b.Fatal(err)
		}
	}
}

func ptime(s string) *time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return &t
}
