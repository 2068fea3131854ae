package fetch

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// BenchmarkFetchPage measures the fetch path on loopback (robots cached,
// rate limit effectively off): client, caps, type check, charset decoding.
func BenchmarkFetchPage(b *testing.B) {
	page := "<html><head><meta charset=\"utf-8\"><title>t</title></head><body>" + strings.Repeat("<p>A paragraph of news text, with “quotes”.</p>", 400) + "</body></html>"
	srv := serveOn(b, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	}))
	cfg := testConfig()
	cfg.Rate = 1e6
	f, err := NewFetcher(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	i := 0
	for b.Loop() {
		i++
		if _, _, err := f.FetchPage(context.Background(), fmt.Sprintf("%s/a/%d", srv.URL, i)); err != nil {
			b.Fatal(err)
		}
	}
}
