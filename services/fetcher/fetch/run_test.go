package fetch

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/natstest"
)

// newsSite serves feeds of n items and their pages, counting every request.
type newsSite struct {
	mu        sync.Mutex
	pageHits  map[string]int
	feedOK    atomic.Int64 // 200 responses to feed polls
	feed304   atomic.Int64
	etags     atomic.Bool // honour If-None-Match
	feedItems map[string]int
}

func (s *newsSite) handler(t *testing.T) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/feeds/{name}", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		n, ok := s.feedItems[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		const etag = `"v1"`
		if s.etags.Load() {
			w.Header().Set("ETag", etag)
			if r.Header.Get("If-None-Match") == etag {
				s.feed304.Add(1)
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		s.feedOK.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>http://%s/</link>`, name, r.Host)
		for i := range n {
			// Tracking tags and fragments vary per feed: the page is still one URL.
			fmt.Fprintf(&b, `<item><title>%s story %d</title><link>/news/%s-%d?utm_source=%s#x</link><author>desk@%s (Desk %d)</author><pubDate>Mon, 02 Mar 2026 08:%02d:00 GMT</pubDate></item>`,
				name, i, name, i, name, "example", i, i%60)
		}
		b.WriteString(`</channel></rss>`)
		fmt.Fprint(w, b.String())
	})
	mux.HandleFunc("/news/{slug}", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "" {
			t.Errorf("page fetched with query %q", r.URL.RawQuery)
		}
		s.mu.Lock()
		s.pageHits[r.PathValue("slug")]++
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head><title>%s</title></head><body><p>Body of %s.</p></body></html>", r.PathValue("slug"), r.PathValue("slug"))
	})
	return mux
}

func (s *newsSite) hits() (pages, total int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, n := range s.pageHits {
		total += n
	}
	return len(s.pageHits), total
}

// runEnv is a news site (feeds honouring ETags), an embedded JetStream with
// the topology, and a feeds file listing some of the site's feeds.
type runEnv struct {
	site      *newsSite
	srv       *httptest.Server
	js        jetstream.JetStream
	topo      bus.Topology
	feedsFile string
}

func newRunEnv(t *testing.T, feedItems map[string]int, listed ...string) runEnv {
	t.Helper()
	e := runEnv{site: &newsSite{pageHits: map[string]int{}, feedItems: feedItems}}
	e.site.etags.Store(true)
	e.srv = serveOn(t, "127.0.0.2", e.site.handler(t))
	ns := natstest.Run(t)
	_, e.js = natstest.Connect(t, ns.ClientURL())
	e.topo = bus.Topology{Prefix: natstest.UniquePrefix(t)}
	if err := e.topo.Ensure(context.Background(), e.js); err != nil {
		t.Fatal(err)
	}
	list := "# test feeds\n"
	for _, name := range listed {
		list += e.srv.URL + "/feeds/" + name + "\n"
	}
	e.feedsFile = filepath.Join(t.TempDir(), "feeds.txt")
	if err := os.WriteFile(e.feedsFile, []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	return e
}

// runFetcher starts Run and returns a stop function that cancels it and
// waits for it to return.
func runFetcher(t *testing.T, cfg Config, js jetstream.JetStream) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, cfg, nil, js) }()
	return func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not return after cancel")
		}
	}
}

func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func streamMsgs(t *testing.T, js jetstream.JetStream, name string) uint64 {
	t.Helper()
	s, err := js.Stream(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}

// TestRunPublishesOnceAndSurvivesRestart polls a 50-item feed against an
// embedded JetStream: each page is published once with its feed item; a
// restarted Run gets 304s and fetches nothing again; with validators gone
// the seen-URL set still prevents refetching.
func TestRunPublishesOnceAndSurvivesRestart(t *testing.T) {
	e := newRunEnv(t, map[string]int{"world": 50, "extra": 3}, "world")
	site, srv, js, topo, feedsFile := e.site, e.srv, e.js, e.topo, e.feedsFile
	feedURL := srv.URL + "/feeds/world"
	newCfg := func() Config {
		cfg := testConfig()
		cfg.Topology, cfg.FeedsFile = topo, feedsFile
		cfg.PollInterval = 300 * time.Millisecond
		return cfg
	}
	pages := topo.Stream(contract.StreamPages)

	// Phase 1: first run publishes all 50, then a KV-added feed's 3.
	cfg := newCfg()
	stop := runFetcher(t, cfg, js)
	waitFor(t, "50 pages", 20*time.Second, func() bool { return streamMsgs(t, js, pages) >= 50 })
	waitFor(t, "a 304 on a later poll", 5*time.Second, func() bool { return site.feed304.Load() > 0 })
	if err := AddFeed(context.Background(), js, topo, srv.URL+"/feeds/extra"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "53 pages", 10*time.Second, func() bool { return streamMsgs(t, js, pages) >= 53 })
	stop()
	if got := testutil.ToFloat64(prometheus.Collector(counterOf(cfg, kindPage, "ok"))); got != 53 {
		t.Errorf("page ok requests = %v, want 53", got)
	}
	if got := testutil.ToFloat64(counterOf(cfg, kindFeed, "not_modified")); got < 1 {
		t.Errorf("feed not_modified requests = %v", got)
	}

	checkPages(t, js, pages, srv.URL, feedURL)
	if n, total := site.hits(); n != 53 || total != 53 {
		t.Fatalf("pages fetched: %d distinct, %d requests; want 53 and 53", n, total)
	}
	list, err := ListFeeds(context.Background(), js, topo)
	if err != nil || len(list) != 2 || list[0].State == nil || list[0].State.LastSuccess.IsZero() {
		t.Fatalf("ListFeeds = %+v, %v", list, err)
	}

	// Phase 2: restart; the saved validators make every poll a 304.
	ok200 := site.feedOK.Load()
	before304 := site.feed304.Load()
	stop = runFetcher(t, newCfg(), js)
	waitFor(t, "304s after restart", 5*time.Second, func() bool { return site.feed304.Load() >= before304+2 })
	stop()
	if site.feedOK.Load() != ok200 {
		t.Errorf("feeds fully refetched after restart: %d → %d", ok200, site.feedOK.Load())
	}

	// Phase 3: the server forgets ETags; feeds come back in full, the seen set
	// keeps their pages from being fetched again.
	site.etags.Store(false)
	stop = runFetcher(t, newCfg(), js)
	waitFor(t, "full feed polls", 5*time.Second, func() bool { return site.feedOK.Load() >= ok200+2 })
	time.Sleep(300 * time.Millisecond)
	stop()
	if n, total := site.hits(); total != 53 {
		t.Fatalf("pages refetched after restart: %d distinct, %d requests", n, total)
	}
	if got := streamMsgs(t, js, pages); got != 53 {
		t.Fatalf("PAGES holds %d messages, want 53", got)
	}

	// Removing the KV feed works, and an unknown one is reported.
	if err := RemoveFeed(context.Background(), js, topo, srv.URL+"/feeds/extra"); err != nil {
		t.Fatal(err)
	}
	if err := RemoveFeed(context.Background(), js, topo, srv.URL+"/feeds/extra"); err == nil {
		t.Fatal("removing an unknown feed succeeded")
	}
}

func counterOf(cfg Config, kind, result string) prometheus.Collector {
	m := newMetrics(cfg.Registry) // returns the registered collectors
	return m.requests.WithLabelValues(kind, result)
}

// checkPages reads PAGES and checks each page: once per URL, canonical
// URL, feed item metadata, body readable.
func checkPages(t *testing.T, js jetstream.JetStream, stream, site, feedURL string) {
	t.Helper()
	ctx := context.Background()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := s.Info(ctx)
	seen := map[string]bool{}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		raw, err := s.GetMsg(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		var p contract.Page
		if err := contract.Decode(raw.Data, &p); err != nil {
			t.Fatal(err)
		}
		if seen[p.URL] {
			t.Errorf("page %s published twice", p.URL)
		}
		seen[p.URL] = true
		if raw.Header.Get(jetstream.MsgIDHeader) == "" {
			t.Errorf("page %s published without Nats-Msg-Id", p.URL)
		}
		if strings.Contains(p.URL, "utm_") || strings.Contains(p.URL, "#") || p.ID != contract.ArticleID(p.URL, nil) {
			t.Errorf("page URL/id not canonical: %s %s", p.URL, p.ID)
		}
		if p.Source != "feed" || p.Item == nil || p.Item.Title == "" || p.Item.Published == nil || p.Item.Author == "" {
			t.Errorf("page %s: missing feed item metadata: %+v", p.URL, p.Item)
			continue
		}
		if strings.HasPrefix(p.URL, site+"/news/world-") && p.Item.Feed != feedURL {
			t.Errorf("page %s: feed %s, want %s", p.URL, p.Item.Feed, feedURL)
		}
		body, err := bus.PageBody(ctx, js, bus.Topology{}, &p)
		if err != nil || !strings.Contains(string(body), "Body of ") {
			t.Errorf("page %s body %q: %v", p.URL, body, err)
		}
	}
	if len(seen) != 53 {
		t.Errorf("%d distinct pages, want 53", len(seen))
	}
}

// TestReplicasShareFeeds runs two fetchers on one state bucket: each feed is
// polled once per interval between them (a lease in its state), and each
// page is fetched once.
func TestReplicasShareFeeds(t *testing.T) {
	e := newRunEnv(t, map[string]int{"world": 30}, "world")
	site, js, topo, feedsFile := e.site, e.js, e.topo, e.feedsFile
	const interval, run = 200 * time.Millisecond, 3 * time.Second
	var stops []func()
	for range 2 {
		cfg := testConfig()
		cfg.Topology, cfg.FeedsFile, cfg.PollInterval = topo, feedsFile, interval
		stops = append(stops, runFetcher(t, cfg, js))
	}
	waitFor(t, "30 pages", 20*time.Second, func() bool { return streamMsgs(t, js, topo.Stream(contract.StreamPages)) >= 30 })
	polls0, start := site.feedOK.Load()+site.feed304.Load(), time.Now()
	time.Sleep(run)
	polls := site.feedOK.Load() + site.feed304.Load() - polls0
	elapsed := time.Since(start)
	for _, stop := range stops {
		stop()
	}
	if n, total := site.hits(); n != 30 || total != 30 {
		t.Errorf("pages fetched: %d distinct, %d requests; want 30 and 30", n, total)
	}
	// One replica alone polls about elapsed/interval times (±10% jitter);
	// two without a lease, twice that.
	if most := int64(float64(elapsed)/(0.9*float64(interval))) + 2; polls > most {
		t.Errorf("feed polled %d times in %v by two replicas; want at most %d (once per interval)", polls, elapsed.Round(time.Millisecond), most)
	}
	if polls == 0 {
		t.Error("feed not polled at all after the first poll")
	}
}
