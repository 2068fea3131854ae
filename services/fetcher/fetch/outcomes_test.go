package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/natstest"
	"github.com/claimwire/claimwire/services/fetcher/internal/httpx"
)

// TestRunFeedOutcomes runs the fetcher over misbehaving feeds and checks
// what it remembers and how it backs off: an HTML page given as a feed, a
// 429 with Retry-After, a failing 5xx feed with growing delays, and a page
// too large for a message that goes to the Object Store.
func TestRunFeedOutcomes(t *testing.T) {
	var mu sync.Mutex
	polls := map[string][]time.Time{}
	big := make([]byte, 200<<10)
	rand.Read(big)
	bigText := "<html><body><p>" + base64.StdEncoding.EncodeToString(big) + "</p></body></html>" // incompressible
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>`))
	zw.Write(make([]byte, 8<<20))
	zw.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/feeds/{name}", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("name")
		mu.Lock()
		polls[name] = append(polls[name], time.Now())
		mu.Unlock()
		switch name {
		case "bomb":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb.Bytes())
		case "html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, "<!doctype html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>")
		case "busy":
			w.Header().Set("Retry-After", "30")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		case "broken":
			http.Error(w, "down", http.StatusServiceUnavailable)
		case "big":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<rss version="2.0"><channel><title>b</title><item><title>Big</title><link>http://%s/big-page</link></item></channel></rss>`, r.Host)
		}
	})
	mux.HandleFunc("/big-page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, bigText)
	})
	srv := serveOn(t, "127.0.0.2", mux)
	// The 429 feed lives on its own host: Retry-After pauses the whole host.
	busy := serveOn(t, "127.0.0.3", mux)

	ns := natstest.Run(t)
	_, js := natstest.Connect(t, ns.ClientURL())
	topo := bus.Topology{Prefix: natstest.UniquePrefix(t), MaxMsgSize: 128 << 10}
	if err := topo.Ensure(context.Background(), js); err != nil {
		t.Fatal(err)
	}
	var list strings.Builder
	for _, n := range []string{"html", "broken", "big", "bomb"} {
		fmt.Fprintf(&list, "%s/feeds/%s\n", srv.URL, n)
	}
	fmt.Fprintf(&list, "%s/feeds/busy\n", busy.URL)
	feedsFile := filepath.Join(t.TempDir(), "feeds.txt")
	os.WriteFile(feedsFile, []byte(list.String()), 0o644)
	cfg := testConfig()
	cfg.Topology, cfg.FeedsFile = topo, feedsFile
	cfg.AllowNets = append(cfg.AllowNets, netip.MustParsePrefix("127.0.0.3/32"))
	cfg.PollInterval, cfg.MaxBackoff = 150*time.Millisecond, time.Minute
	cfg.MaxFeedBytes = 1 << 20
	stop := runFetcher(t, cfg, js)
	time.Sleep(2 * time.Second)
	start := time.Now()
	stop()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("shutdown took %s", d)
	}

	infos, err := ListFeeds(context.Background(), js, topo)
	if err != nil {
		t.Fatal(err)
	}
	state := map[string]*FeedState{}
	for _, fi := range infos {
		state[fi.URL[strings.LastIndex(fi.URL, "/")+1:]] = fi.State
	}
	mu.Lock()
	defer mu.Unlock()
	for _, tc := range []struct {
		feed      string
		wantError string
		check     func(t *testing.T, st *FeedState, times []time.Time)
	}{
		{"html", httpx.ResultBadType, func(t *testing.T, st *FeedState, _ []time.Time) {
			if !strings.Contains(st.LastErrorDetail, "HTML page") {
				t.Errorf("detail %q does not say it is an HTML page", st.LastErrorDetail)
			}
		}},
		{"busy", httpx.ResultHTTP4xx, func(t *testing.T, st *FeedState, times []time.Time) {
			if len(times) != 1 {
				t.Errorf("polled %d times despite Retry-After: 30", len(times))
			}
			if d := time.Until(st.NextPoll); d < 25*time.Second {
				t.Errorf("next poll in %s, want ≥ Retry-After", d)
			}
		}},
		{"broken", httpx.ResultHTTP5xx, func(t *testing.T, st *FeedState, times []time.Time) {
			// Without backoff 2 s of 150 ms polls would be ~13; with it 150,
			// 300, 600, 1200 ms between polls leave 4 or 5.
			if len(times) < 3 || len(times) > 6 || st.Failures != len(times) {
				t.Fatalf("%d polls, %d failures recorded", len(times), st.Failures)
			}
			want := 150 * time.Millisecond << (st.Failures - 1)
			if gap := st.NextPoll.Sub(st.LastPoll); gap < want*9/10 || gap > want*11/10 {
				t.Errorf("after %d failures next poll is %s after the last, want %s ±10%%", st.Failures, gap, want)
			}
		}},
		{"bomb", httpx.ResultTooLarge, func(t *testing.T, st *FeedState, _ []time.Time) {}},
		{"big", "", func(t *testing.T, st *FeedState, _ []time.Time) {
			if st.LastSuccess.IsZero() || st.Items != 1 {
				t.Errorf("state %+v", st)
			}
		}},
	} {
		t.Run(tc.feed, func(t *testing.T) {
			st := state[tc.feed]
			if st == nil {
				t.Fatal("no state saved")
			}
			if st.LastError != tc.wantError {
				t.Errorf("last error %q (%s), want %q", st.LastError, st.LastErrorDetail, tc.wantError)
			}
			tc.check(t, st, polls[tc.feed])
		})
	}

	t.Run("big page in object store", func(t *testing.T) {
		s, _ := js.Stream(context.Background(), topo.Stream(contract.StreamPages))
		raw, err := s.GetMsg(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		var p contract.Page
		if err := contract.Decode(raw.Data, &p); err != nil {
			t.Fatal(err)
		}
		if p.Object == "" {
			t.Fatalf("page of %d bytes not in the object store (encoding %q, %d body bytes)", len(bigText), p.Encoding, len(p.Body))
		}
		body, err := bus.PageBody(context.Background(), js, topo, &p)
		if err != nil || string(body) != bigText {
			t.Fatalf("object body %d bytes, err %v", len(body), err)
		}
	})
}

func TestBackoff(t *testing.T) {
	r := &runner{cfg: Config{PollInterval: time.Minute, MaxBackoff: 10 * time.Minute}}
	for _, tc := range []struct {
		name     string
		failures int
		err      error
		lo, hi   time.Duration
	}{
		{"first failure", 1, errors.New("x"), 54 * time.Second, 66 * time.Second},
		{"third failure doubles twice", 3, errors.New("x"), 216 * time.Second, 264 * time.Second},
		{"capped", 20, errors.New("x"), 9 * time.Minute, 10 * time.Minute},
		{"retry-after wins", 1, &httpx.StatusError{Code: 429, RetryAfter: time.Hour}, time.Hour, time.Hour},
		{"short retry-after ignored", 3, &httpx.StatusError{Code: 503, RetryAfter: time.Second}, 216 * time.Second, 264 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if d := r.backoff(tc.failures, tc.err); d < tc.lo || d > tc.hi {
				t.Fatalf("backoff = %s, want in [%s, %s]", d, tc.lo, tc.hi)
			}
		})
	}
}

// TestRunReloadsFeedsFile edits the feeds file under a running fetcher: the
// new feed is polled, the removed one no longer is; a bad line is skipped.
func TestRunReloadsFeedsFile(t *testing.T) {
	var mu sync.Mutex
	polls := map[string]int{}
	srv := serveOn(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		polls[r.URL.Path]++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/atom+xml")
		fmt.Fprint(w, `<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>`)
	}))
	count := func(p string) int {
		mu.Lock()
		defer mu.Unlock()
		return polls[p]
	}
	ns := natstest.Run(t)
	_, js := natstest.Connect(t, ns.ClientURL())
	topo := bus.Topology{Prefix: natstest.UniquePrefix(t)}
	if err := topo.Ensure(context.Background(), js); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "feeds.txt")
	os.WriteFile(file, []byte(srv.URL+"/a.xml\n"), 0o644)
	cfg := testConfig()
	cfg.Topology, cfg.FeedsFile = topo, file
	cfg.PollInterval, cfg.ReloadInterval = 100*time.Millisecond, 50*time.Millisecond
	stop := runFetcher(t, cfg, js)
	defer stop()
	waitFor(t, "feed a polled", 5*time.Second, func() bool { return count("/a.xml") > 0 })
	os.WriteFile(file, []byte("# swapped\n"+srv.URL+"/b.xml\nnot-a-url\n"), 0o644)
	waitFor(t, "feed b polled", 5*time.Second, func() bool { return count("/b.xml") > 1 })
	time.Sleep(150 * time.Millisecond) // a poll of a in flight at the swap may still land
	a := count("/a.xml")
	time.Sleep(400 * time.Millisecond)
	if count("/a.xml") != a {
		t.Fatalf("removed feed still polled: %d → %d", a, count("/a.xml"))
	}
}

func TestTruncateKeepsUTF8(t *testing.T) {
	s := strings.Repeat("é", 200) // 2 bytes each
	for n := 295; n <= 301; n++ {
		got := truncate(s, n)
		if !utf8.ValidString(got) || len(got) > n || len(got) < n-1 {
			t.Errorf("truncate(%d) = %d bytes, valid %v", n, len(got), utf8.ValidString(got))
		}
	}
}
