package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/fetcher/fetch"
)

// newsSite serves an RSS feed of n items and their pages, counting hits.
type newsSite struct {
	n         int
	mu        sync.Mutex
	pageHits  map[string]int
	feedHits  int
	feedBytes int
	srv       *httptest.Server
}

func (s *newsSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case r.URL.Path == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	case r.URL.Path == "/feed.xml":
		s.feedHits++
		const etag = `"feed-v1"`
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Example Bay News</title><link>` + s.srv.URL + `/</link>`)
		for i := range s.n {
			// Tracking parameters must not make the same story two articles.
			fmt.Fprintf(&b, `<item><title>Story %d</title><link>%s/story/%d?utm_source=rss</link><pubDate>Mon, 02 Nov 2026 10:%02d:00 GMT</pubDate></item>`, i, s.srv.URL, i, i%60)
		}
		b.WriteString(`</channel></rss>`)
		w.Header().Set("Content-Type", "application/rss+xml")
		s.feedBytes += b.Len()
		fmt.Fprint(w, b.String())
	case strings.HasPrefix(r.URL.Path, "/story/"):
		s.pageHits[r.URL.Path]++
		id := strings.TrimPrefix(r.URL.Path, "/story/")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<html><head><title>Story %s</title></head><body><nav><a href="/">Home</a></nav><article><h1>Story %s</h1>`+
			`<p>%s</p></article><footer>© 2026 Example Bay News</footer></body></html>`, id, id, strings.ReplaceAll(string(generatedArticle(len(id)*1000+len(r.URL.Path))), "\n\n", "</p><p>"))
	default:
		http.NotFound(w, r)
	}
}

func (s *newsSite) hits() (pages, feed int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.pageHits {
		pages += n
	}
	return pages, s.feedHits
}

func TestUpFeeds(t *testing.T) {
	site := &newsSite{n: 50, pageHits: map[string]int{}}
	site.srv = httptest.NewServer(site)
	defer site.srv.Close()
	data := t.TempDir()
	feeds := filepath.Join(data, "feeds.txt")
	if err := os.WriteFile(feeds, []byte("# local test feed\n"+site.srv.URL+"/feed.xml\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := func() upConfig {
		c := upConfig{data: data}
		fetchArgs(t, &c, "--feeds", feeds, "--allow-net", "127.0.0.0/8", "--rate", "200", "--poll-interval", "300ms", "--concurrency", "8")
		return c
	}

	// First run: every item is fetched once and indexed.
	api, _, stop := startUpStoppable(t, cfg())
	waitArticles(t, api, site, 50)
	pages, _ := site.hits()
	if pages != 50 {
		t.Fatalf("first run fetched %d pages, want 50", pages)
	}
	for path, n := range site.pageHits {
		if n != 1 {
			t.Errorf("%s fetched %d times", path, n)
		}
	}

	// Restart on the same data: the feed answers 304 and nothing is refetched.
	stop()
	t.Run("restart", func(t *testing.T) {
		_, feedBefore := site.hits()
		api2, _ := startUp(t, cfg())
		deadline := time.Now().Add(10 * time.Second)
		for {
			if _, f := site.hits(); f >= feedBefore+2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("feed not polled after restart")
			}
			time.Sleep(50 * time.Millisecond)
		}
		pages2, _ := site.hits()
		if pages2 != 50 {
			t.Fatalf("after restart %d page fetches in total, want still 50", pages2)
		}
		waitArticles(t, api2, site, 50)
	})
}

// waitArticles waits until each of the site's n stories is indexed.
func waitArticles(t *testing.T, api string, site *newsSite, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for i := range n {
		canon, err := fetch.CanonicalURL(fmt.Sprintf("%s/story/%d", site.srv.URL, i))
		if err != nil {
			t.Fatal(err)
		}
		id := contract.ArticleID(canon, nil)
		for {
			var art struct {
				URL string `json:"url"`
			}
			if getJSON(t, api+"/api/articles/"+id, &art) == http.StatusOK {
				break
			}
			if time.Now().After(deadline) {
				p, f := site.hits()
				t.Fatalf("story %d not indexed after 60s (%d page and %d feed requests served)", i, p, f)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}
