package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/natstest"
)

// startUp runs `claimwire up` in-process on random ports and returns the
// API base URL and the NATS URL; it stops when the test ends.
func startUp(t *testing.T, c upConfig) (api, natsURL string) {
	t.Helper()
	api, natsURL, _ = startUpStoppable(t, c)
	return api, natsURL
}

// startUpStoppable is startUp with a stop function, for restart tests.
func startUpStoppable(t *testing.T, c upConfig) (api, natsURL string, stop func()) {
	t.Helper()
	if c.data == "" {
		c.data = t.TempDir()
	}
	c.httpAddr = "127.0.0.1:0"
	c.natsHost, c.natsPort = "127.0.0.1", -1
	if c.index.DSN == "" {
		c.index.DSN = "sqlite:" + filepath.Join(c.data, "index.db")
	}
	ctx, cancel := context.WithCancel(context.Background())
	ports := make(chan upPorts, 1)
	done := make(chan error, 1)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	go func() { done <- up(ctx, c, log, func(p upPorts) { ports <- p }) }()
	select {
	case p := <-ports:
		api, natsURL = "http://"+p.http, p.nats
	case err := <-done:
		cancel()
		t.Fatalf("up: %v", err)
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("up did not start in 30s")
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("up exited with %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return api, natsURL, stop
}

func getJSON(t *testing.T, u string, v any) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	if v != nil && resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			t.Fatalf("GET %s: decode: %v", u, err)
		}
	}
	return resp.StatusCode
}

// seedsDir is the sample articles beside the repo, when present.
func seedsDir(t *testing.T) string {
	dir := filepath.Join("..", "..", "..", "shared", "seeds")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no ../shared/seeds beside the repo (%v)", err)
	}
	return dir
}

type claimsPage struct {
	Claims []struct {
		contract.Claim
		ArticleID string `json:"article_id"`
		Outlet    string `json:"outlet"`
	} `json:"claims"`
	NextCursor *string `json:"next_cursor"`
}

// ingestAndCheck ingests the seeds twice and checks the index.
func ingestAndCheck(t *testing.T, api, natsURL, prefix string) {
	dir := seedsDir(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := []string{"--nats-url", natsURL, "--stream-prefix", prefix, "--wait", "--api", api, "--timeout", "90s", dir}
	if err := runIngest(ctx, args); err != nil {
		t.Fatalf("ingest: %v", err)
	}
	items, _, err := collect([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 5 {
		t.Fatalf("seeds: %d files, want 5", len(items))
	}
	total := 0
	for _, it := range items {
		body, err := readFile(it.path)
		if err != nil {
			t.Fatal(err)
		}
		id := contract.ArticleID("", body)
		var art struct {
			ID     string           `json:"id"`
			Text   string           `json:"text"`
			Claims []contract.Claim `json:"claims"`
		}
		if code := getJSON(t, api+"/api/articles/"+id, &art); code != http.StatusOK {
			t.Fatalf("/api/articles/%s: %d", id, code)
		}
		if art.Text == "" || len(art.Claims) == 0 {
			t.Errorf("article %s (%s): %d bytes of text, %d claims", id, it.path, len(art.Text), len(art.Claims))
		}
		total += len(art.Claims)
	}
	// Every claim is searchable through /api/claims.
	var all claimsPage
	getJSON(t, api+"/api/claims?limit=1000", &all)
	if len(all.Claims) != total {
		t.Fatalf("/api/claims lists %d claims, articles hold %d", len(all.Claims), total)
	}
	var hits claimsPage
	getJSON(t, api+"/api/claims?q="+url.QueryEscape("Kabul"), &hits)
	if len(hits.Claims) == 0 {
		t.Fatal("search for Kabul found nothing")
	}

	// Re-ingesting the same files adds nothing.
	if err := runIngest(ctx, args); err != nil {
		t.Fatalf("re-ingest: %v", err)
	}
	time.Sleep(2 * time.Second) // give any (wrongly) re-processed message time to land
	var again claimsPage
	getJSON(t, api+"/api/claims?limit=1000", &again)
	if len(again.Claims) != total {
		t.Fatalf("after re-ingest /api/claims lists %d claims, want %d", len(again.Claims), total)
	}
	fmt.Printf("e2e: %d seed articles indexed with %d claims; re-ingest added none\n", len(items), total)
}

func TestUpIngestSeeds(t *testing.T) {
	api, natsURL := startUp(t, upConfig{})
	ingestAndCheck(t, api, natsURL, "")
}

// The same flow against the machine's NATS server (unique stream names).
func TestUpOnMachineNATS(t *testing.T) {
	url := natstest.RequireMachine(t)
	prefix := natstest.UniquePrefix(t)
	api, _ := startUp(t, upConfig{natsURL: url, prefix: prefix})
	t.Cleanup(func() { natstest.DeletePrefixed(t, url, prefix) })
	ingestAndCheck(t, api, url, prefix)
}

// A taken port is reported with the flag that changes it.
func TestUpPortTaken(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  func(port int) upConfig
		want string
	}{
		{"nats", func(p int) upConfig { return upConfig{natsHost: "127.0.0.1", natsPort: p, httpAddr: "127.0.0.1:0"} }, "--nats-port"},
		{"http", func(p int) upConfig {
			return upConfig{natsHost: "127.0.0.1", natsPort: -1, httpAddr: fmt.Sprintf("127.0.0.1:%d", p)}
		}, "--http-addr"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			c := tc.cfg(ln.Addr().(*net.TCPAddr).Port)
			c.data = t.TempDir()
			c.index.DSN = "sqlite:" + filepath.Join(c.data, "index.db")
			err = up(t.Context(), c, slog.New(slog.DiscardHandler), nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("up on a taken port: %v; want a message naming %s", err, tc.want)
			}
		})
	}
}

// fetchArgs configures the fetcher of c as `claimwire up FLAGS` would.
func fetchArgs(t *testing.T, c *upConfig, args ...string) {
	t.Helper()
	fs := flag.NewFlagSet("up", flag.ContinueOnError)
	c.fetch.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("fetcher flags %v: %v", args, err)
	}
}
