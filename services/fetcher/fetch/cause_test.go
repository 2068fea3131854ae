package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimwire/claimwire/services/fetcher/internal/httpx"
	"github.com/claimwire/claimwire/services/fetcher/internal/robots"
)

// A page whose robots.txt cannot be fetched is refused with the request's
// own failure (SSRF guard, connection refused), counted under that class,
// not as "robots.txt unavailable".
func TestFetchPageNamesTheCause(t *testing.T) {
	forbidden := serveOn(t, "127.0.0.1", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	allowed := serveOn(t, "127.0.0.2", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	closed := allowed.URL
	allowed.Close()
	for _, tc := range []struct {
		name, url, class string
		is               error
	}{
		{"SSRF guard", forbidden.URL + "/a.html", httpx.ResultSSRFBlocked, ErrBlocked},
		{"refused", closed + "/a.html", httpx.ResultOther, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := NewFetcher(testConfig())
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = f.FetchPage(context.Background(), tc.url)
			if err == nil {
				t.Fatal("fetched")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("err %v is not %v", err, tc.is)
			}
			if !errors.Is(err, robots.ErrUnavailable) || robots.Cause(err) == nil {
				t.Errorf("err %v does not carry the robots.txt request's failure", err)
			}
			if strings.Contains(err.Error(), "robots: disallowed") {
				t.Errorf("err %q blames robots.txt", err)
			}
			if got := classify(err); got != tc.class {
				t.Errorf("classify = %s, want %s", got, tc.class)
			}
		})
	}
}

// A feed saved before its first poll (a stop during the poll) is logged
// with its saved next poll, not one counted from the zero time.
func TestNeverPolledFeedKeepsItsNextPoll(t *testing.T) {
	e := newRunEnv(t, map[string]int{"world": 1})
	feedURL := e.srv.URL + "/feeds/world"
	st, err := openStore(context.Background(), e.js, e.topo, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	next := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	if err := st.saveState(context.Background(), FeedState{URL: feedURL, Added: time.Now().UTC(), NextPoll: next}); err != nil {
		t.Fatal(err)
	}
	if err := AddFeed(context.Background(), e.js, e.topo, feedURL); err != nil {
		t.Fatal(err)
	}
	var logs syncBuf
	cfg := testConfig()
	cfg.Topology = e.topo
	cfg.Log = slog.New(slog.NewJSONHandler(&logs, nil))
	stop := runFetcher(t, cfg, e.js)
	waitFor(t, "the feed added", 10*time.Second, func() bool { return strings.Contains(logs.String(), `"msg":"feed added"`) })
	stop()
	for line := range strings.SplitSeq(logs.String(), "\n") {
		var rec struct {
			Msg      string    `json:"msg"`
			NextPoll time.Time `json:"next_poll"`
		}
		if json.Unmarshal([]byte(line), &rec) != nil || rec.Msg != "feed added" {
			continue
		}
		if !rec.NextPoll.Equal(next) {
			t.Fatalf("feed added with next_poll %s, want the saved %s", rec.NextPoll, next)
		}
	}
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
