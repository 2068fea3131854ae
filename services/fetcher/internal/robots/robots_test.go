package robots

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	const file = "User-agent: *\nDisallow: /private/\n\nUser-agent: claimwire\nDisallow: /no-bots/\nCrawl-delay: 3\n"
	errDown := errors.New("connection refused")
	for _, tc := range []struct {
		name   string
		status int
		body   string
		err    error
		path   string
		want   error
	}{
		{"allowed", 200, file, nil, "/news/a", nil},
		{"agent group disallows", 200, file, nil, "/no-bots/x", ErrDisallowed},
		{"star group not used when ours exists", 200, file, nil, "/private/x", nil},
		{"query is part of the path", 200, "User-agent: *\nDisallow: /search?\n", nil, "/search?q=x", ErrDisallowed},
		{"404 allows all", 404, "", nil, "/no-bots/x", nil},
		{"403 allows all", 403, "", nil, "/anything", nil},
		{"5xx disallows all", 503, "", nil, "/news/a", ErrUnavailable},
		{"unreachable disallows all", 0, "", errDown, "/news/a", ErrUnavailable},
		{"garbage allows", 200, "\x00\x01 not robots", nil, "/news/a", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := New(func(ctx context.Context, u string) (int, []byte, error) {
				if u != "https://news.example/robots.txt" {
					t.Errorf("fetched %s", u)
				}
				return tc.status, []byte(tc.body), tc.err
			}, "claimwire")
			u, _ := url.Parse("https://news.example" + tc.path)
			if err := c.Check(context.Background(), u); !errors.Is(err, tc.want) {
				t.Fatalf("Check(%s) = %v, want %v", tc.path, err, tc.want)
			}
		})
	}
}

func TestCacheTTL(t *testing.T) {
	var fetches atomic.Int64
	status := 503
	c := New(func(ctx context.Context, u string) (int, []byte, error) {
		fetches.Add(1)
		return status, []byte("User-agent: *\nCrawl-delay: 2\n"), nil
	}, "claimwire")
	now := time.Unix(1000, 0)
	c.now = func() time.Time { return now }
	u, _ := url.Parse("http://h.example/a")
	if err := c.Check(context.Background(), u); !errors.Is(err, ErrDisallowed) {
		t.Fatalf("5xx: %v", err)
	}
	status = 200
	if err := c.Check(context.Background(), u); !errors.Is(err, ErrDisallowed) || fetches.Load() != 1 {
		t.Fatalf("within error TTL: %v, %d fetches", err, fetches.Load())
	}
	now = now.Add(c.ErrorTTL + time.Second)
	if err := c.Check(context.Background(), u); err != nil || fetches.Load() != 2 {
		t.Fatalf("after error TTL: %v, %d fetches", err, fetches.Load())
	}
	if d := c.CrawlDelay(u); d != 2*time.Second {
		t.Fatalf("crawl delay %s", d)
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() { _ = c.Check(context.Background(), u) })
	}
	wg.Wait()
	if fetches.Load() != 2 {
		t.Fatalf("cached entry refetched: %d", fetches.Load())
	}
}

func TestConcurrentFirstFetchOnce(t *testing.T) {
	var fetches atomic.Int64
	release := make(chan struct{})
	c := New(func(ctx context.Context, u string) (int, []byte, error) {
		fetches.Add(1)
		<-release
		return 404, nil, nil
	}, "claimwire")
	u, _ := url.Parse("http://h.example/a")
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if err := c.Check(context.Background(), u); err != nil {
				t.Error(err)
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if fetches.Load() != 1 {
		t.Fatalf("%d fetches, want 1", fetches.Load())
	}
}
