package fetch

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/natstest"
	"github.com/claimwire/claimwire/services/fetcher/internal/httpx"
)

// Page links to addresses the SSRF guard refuses are settled once as
// ssrf_blocked: not reported as robots_disallowed, not retried on every
// poll, and no request reaches them (robots.txt included).
func TestBlockedLinksSettledOnce(t *testing.T) {
	var canary atomic.Int64
	count := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { canary.Add(1) })
	var blocked []string
	for _, host := range []string{"127.0.0.9", "[::1]"} {
		if ln, err := net.Listen("tcp", host+":0"); err == nil {
			ln.Close()
			s := serveOn(t, host, count)
			blocked = append(blocked, s.URL+"/story")
		}
	}
	if len(blocked) == 0 {
		t.Skip("no loopback address to block")
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<rss version="2.0"><channel><title>f</title>`)
		for i, u := range blocked {
			fmt.Fprintf(w, `<item><title>Item %d</title><link>%s</link></item>`, i, u)
		}
		fmt.Fprint(w, `</channel></rss>`)
	})
	srv := serveOn(t, "127.0.0.2", mux)

	ns := natstest.Run(t)
	_, js := natstest.Connect(t, ns.ClientURL())
	topo := bus.Topology{Prefix: natstest.UniquePrefix(t)}
	if err := topo.Ensure(context.Background(), js); err != nil {
		t.Fatal(err)
	}
	feedsFile := filepath.Join(t.TempDir(), "feeds.txt")
	os.WriteFile(feedsFile, []byte(srv.URL+"/feed\n"), 0o644)
	cfg := testConfig()
	cfg.Topology, cfg.FeedsFile = topo, feedsFile
	cfg.PollInterval = 100 * time.Millisecond
	stop := runFetcher(t, cfg, js)
	time.Sleep(1500 * time.Millisecond) // ~15 polls
	stop()

	if n := canary.Load(); n != 0 {
		t.Errorf("%d requests reached a blocked address", n)
	}
	reg := cfg.Registry.(*prometheus.Registry)
	if got := counterValue(t, reg, "claimwire_fetcher_requests_total", map[string]string{"kind": kindPage, "result": httpx.ResultSSRFBlocked}); got != float64(len(blocked)) {
		t.Errorf("page ssrf_blocked = %v, want %d (once per link, not once per poll)", got, len(blocked))
	}
	if got := counterValue(t, reg, "claimwire_fetcher_requests_total", map[string]string{"kind": kindPage, "result": httpx.ResultRobotsDisallowed}); got != 0 {
		t.Errorf("page robots_disallowed = %v, want 0", got)
	}
	st, err := openStore(context.Background(), js, topo, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range blocked {
		canon, _ := CanonicalURL(u)
		e, err := st.seen.Get(context.Background(), contract.ArticleID(canon, nil))
		if err != nil {
			t.Errorf("%s not marked seen: %v", u, err)
			continue
		}
		var se seenEntry
		json.Unmarshal(e.Value(), &se)
		if se.Result != httpx.ResultSSRFBlocked {
			t.Errorf("%s seen with result %q, want %q", u, se.Result, httpx.ResultSSRFBlocked)
		}
	}
}

// counterValue is the value of the series of name with labels (0 if absent).
func counterValue(t *testing.T, reg *prometheus.Registry, name string, labels map[string]string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if matches(m, labels) {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

func matches(m *dto.Metric, labels map[string]string) bool {
	n := 0
	for _, lp := range m.GetLabel() {
		if v, ok := labels[lp.GetName()]; ok {
			if v != lp.GetValue() {
				return false
			}
			n++
		}
	}
	return n == len(labels)
}
