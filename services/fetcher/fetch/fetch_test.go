package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"golang.org/x/text/encoding/charmap"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/netguard"
)

// serveOn starts h on ip. Tests allow-list 127.0.0.2 only, so a server there
// is reachable while one on 127.0.0.1 stands for a forbidden internal host.
func serveOn(t testing.TB, ip string, h http.Handler) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", ip, err)
	}
	s := httptest.NewUnstartedServer(h)
	s.Listener.Close()
	s.Listener = ln
	s.Start()
	t.Cleanup(s.Close)
	return s
}

var testNets = []netip.Prefix{netip.MustParsePrefix("127.0.0.2/32")}

func testConfig() Config {
	return Config{AllowNets: testNets, Rate: 1000, Concurrency: 8, RequestTimeout: 2 * time.Second, Registry: prometheus.NewRegistry()}
}

func TestFetchPage(t *testing.T) {
	var internalHits atomic.Int64
	internal := serveOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		internalHits.Add(1)
	}))
	var mu sync.Mutex
	var hits []string
	latin, _ := charmap.Windows1252.NewEncoder().String("<p>Café – “naïve” résumé</p>")
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: claimwire\nDisallow: /members/\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits = append(hits, r.URL.RequestURI())
		mu.Unlock()
		switch r.URL.Path {
		case "/latin":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body>`+latin+`</body></html>`)
		case "/story":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, "<p>story</p>")
		case "/moved":
			http.Redirect(w, r, "/story", http.StatusMovedPermanently)
		case "/escape":
			http.Redirect(w, r, internal.URL+"/admin", http.StatusFound)
		case "/report.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			fmt.Fprint(w, "%PDF-1.7")
		case "/huge":
			w.Header().Set("Content-Type", "text/html")
			chunk := strings.Repeat("<p>padding</p>", 1000)
			for range 200 {
				fmt.Fprint(w, chunk)
			}
		case "/noise":
			// Binary data labelled as a page: random bytes, and a body
			// gzipped twice (the transport undoes neither layer of "gzip, gzip").
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			rnd := mrand.New(mrand.NewPCG(1, 1))
			for range 200 << 10 {
				w.Write([]byte{byte(rnd.IntN(256))})
			}
		case "/double-gzip":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "gzip, gzip")
			var inner, outer bytes.Buffer
			zw := gzip.NewWriter(&inner)
			zw.Write([]byte("<p>twice compressed</p>"))
			zw.Close()
			zw = gzip.NewWriter(&outer)
			zw.Write(inner.Bytes())
			zw.Close()
			w.Write(outer.Bytes())
		case "/members/secret":
			fmt.Fprint(w, "should not be fetched")
		default:
			http.NotFound(w, r)
		}
	})
	srv := serveOn(t, "127.0.0.2", mux)
	cfg := testConfig()
	cfg.MaxPageBytes = 1 << 20
	f, err := NewFetcher(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		path    string
		wantErr error
		check   func(t *testing.T, p contract.Page, body string)
	}{
		{name: "windows-1252 decoded", path: "/latin", check: func(t *testing.T, p contract.Page, body string) {
			if !strings.Contains(body, "Café – “naïve” résumé") || p.ContentType != "text/html; charset=utf-8" {
				t.Fatalf("body %q, type %q", body, p.ContentType)
			}
		}},
		{name: "tracking params dropped before fetching", path: "/story?utm_source=rss&utm_medium=feed#top", check: func(t *testing.T, p contract.Page, body string) {
			want := srv.URL + "/story"
			if p.URL != want || p.ID != contract.ArticleID(want, nil) || p.Source != "url" || p.Status != 200 || p.Schema != contract.Schema {
				t.Fatalf("page %+v", p)
			}
		}},
		{name: "redirect followed", path: "/moved", check: func(t *testing.T, p contract.Page, body string) {
			if p.URL != srv.URL+"/moved" || p.FinalURL != srv.URL+"/story" || body != "<p>story</p>" {
				t.Fatalf("page %+v body %q", p, body)
			}
		}},
		{name: "robots disallow honoured", path: "/members/secret", wantErr: ErrDisallowed},
		{name: "redirect to internal host refused", path: "/escape", wantErr: ErrBlocked},
		{name: "pdf refused", path: "/report.pdf", wantErr: ErrBadType},
		{name: "random bytes labelled html refused", path: "/noise", wantErr: ErrBinary},
		{name: "gzip twice refused", path: "/double-gzip", wantErr: ErrBinary},
		{name: "too large", path: "/huge", wantErr: ErrTooLarge},
		{name: "404", path: "/missing", wantErr: ErrHTTPStatus},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, body, err := f.FetchPage(context.Background(), srv.URL+tc.path)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if tc.check != nil {
				tc.check(t, p, string(body))
			}
		})
	}
	mu.Lock()
	defer mu.Unlock()
	if slices.Contains(hits, "/members/secret") {
		t.Error("robots-disallowed page was requested")
	}
	for _, h := range hits {
		if strings.Contains(h, "utm_") {
			t.Errorf("tracking parameters sent: %s", h)
		}
	}
	if internalHits.Load() != 0 {
		t.Errorf("internal host hit %d times", internalHits.Load())
	}
	reg := cfg.Registry.(*prometheus.Registry)
	for _, c := range []struct {
		result string
		want   float64
	}{{"ok", 3}, {"robots_disallowed", 1}, {"ssrf_blocked", 1}, {"bad_type", 3}, {"too_large", 1}, {"http_4xx", 1}} {
		got := testutil.ToFloat64(f.m.requests.WithLabelValues(kindPage, c.result))
		if got != c.want {
			t.Errorf("requests{kind=page,result=%s} = %v, want %v", c.result, got, c.want)
		}
	}
	if n, _ := testutil.GatherAndCount(reg, "claimwire_fetcher_requests_total"); n == 0 {
		t.Error("metrics not registered")
	}
}

// TestRateLimit measures request spacing on the server's clock: robots.txt
// and pages for one host, fetched concurrently, at most Rate per second.
func TestRateLimit(t *testing.T) {
	var mu sync.Mutex
	var stamps []time.Time
	srv := serveOn(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		stamps = append(stamps, time.Now())
		mu.Unlock()
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<p>ok</p>")
	}))
	cfg := testConfig()
	cfg.Rate = 5 // 200 ms apart
	f, err := NewFetcher(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			if _, _, err := f.FetchPage(context.Background(), fmt.Sprintf("%s/p%d", srv.URL, i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	slices.SortFunc(stamps, func(a, b time.Time) int { return a.Compare(b) })
	if len(stamps) != 6 {
		t.Fatalf("%d requests, want 6 (robots + 5 pages)", len(stamps))
	}
	// The limiter spaces the sends exactly; arrivals also carry network and
	// scheduler jitter (a new connection for the first request), so single
	// gaps get slack and the whole span must hold the full spacing.
	for i := 1; i < len(stamps); i++ {
		if gap := stamps[i].Sub(stamps[i-1]); gap < 100*time.Millisecond {
			t.Fatalf("requests %d and %d arrived %s apart, want about 200ms at 5/s", i-1, i, gap)
		}
	}
	if span := stamps[len(stamps)-1].Sub(stamps[0]); span < 5*200*time.Millisecond-50*time.Millisecond {
		t.Fatalf("6 requests within %s, want ≥ 1s at 5/s", span)
	}
}

func TestCanonicalURL(t *testing.T) {
	a, err := CanonicalURL("HTTPS://Example.com:443/x?utm_source=a&b=1#f")
	if err != nil || a != "https://example.com/x?b=1" {
		t.Fatalf("got %q %v", a, err)
	}
	if _, err := CanonicalURL("mailto:x@example.com"); !errors.Is(err, ErrBadURL) {
		t.Fatalf("err = %v", err)
	}
}

func TestAllowNetFlag(t *testing.T) {
	var n []netip.Prefix
	l := &netguard.NetList{P: &n}
	if err := l.Set("127.0.0.0/8, 10.1.2.3"); err != nil {
		t.Fatal(err)
	}
	if err := l.Set("::1"); err != nil {
		t.Fatal(err)
	}
	if l.String() != "127.0.0.0/8,10.1.2.3/32,::1/128" {
		t.Fatalf("got %s", l.String())
	}
	if err := l.Set("localhost"); err == nil {
		t.Fatal("a host name was accepted as a network")
	}
	var ports []uint16
	pl := &netguard.PortList{P: &ports}
	for _, tc := range []struct {
		in    string
		valid bool
	}{{"8080", true}, {"8443, 9000", true}, {"0", false}, {"70000", false}, {"http", false}} {
		if err := pl.Set(tc.in); (err == nil) != tc.valid {
			t.Errorf("allow-port %q: err %v", tc.in, err)
		}
	}
	if pl.String() != "8080,8443,9000" {
		t.Fatalf("ports %s", pl.String())
	}
}
