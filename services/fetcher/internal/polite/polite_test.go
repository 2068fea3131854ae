package polite

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestPerHostRate checks spacing of one host's requests and that a slow
// host does not delay another (no head-of-line blocking).
func TestPerHostRate(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := New(10, 2) // 10/s per host: 100 ms apart
	var mu sync.Mutex
	times := map[string][]time.Time{}
	var wg sync.WaitGroup
	record := func(h string) Job {
		wg.Add(1)
		return func() {
			defer wg.Done()
			_ = p.Do(ctx, h, func(context.Context) error {
				mu.Lock()
				times[h] = append(times[h], time.Now())
				mu.Unlock()
				return nil
			})
		}
	}
	start := time.Now()
	for range 5 {
		p.Submit(ctx, "slow.example", record("slow.example"))
	}
	for i := range 5 {
		p.Submit(ctx, "h"+string(rune('a'+i)), record("h"+string(rune('a'+i))))
	}
	wg.Wait()
	ts := times["slow.example"]
	for i := 1; i < len(ts); i++ {
		if gap := ts[i].Sub(ts[i-1]); gap < 90*time.Millisecond {
			t.Fatalf("requests %d and %d to one host %s apart, want ≥ 100ms", i-1, i, gap)
		}
	}
	for i := range 5 {
		h := "h" + string(rune('a'+i))
		if d := times[h][0].Sub(start); d > 80*time.Millisecond {
			t.Fatalf("host %s waited %s behind another host", h, d)
		}
	}
}

func TestConcurrencyBound(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := New(1000, 3)
	var cur, peak atomic.Int64
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		h := string(rune('a' + i))
		p.Submit(ctx, h, func() {
			defer wg.Done()
			_ = p.Do(ctx, h, func(context.Context) error {
				n := cur.Add(1)
				for {
					old := peak.Load()
					if n <= old || peak.CompareAndSwap(old, n) {
						break
					}
				}
				time.Sleep(20 * time.Millisecond)
				cur.Add(-1)
				return nil
			})
		})
	}
	wg.Wait()
	if peak.Load() != 3 {
		t.Fatalf("peak concurrency %d, want 3", peak.Load())
	}
}

func TestPauseAndDrain(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := New(1000, 4)
	p.Pause("h", 150*time.Millisecond)
	var ran atomic.Int64
	start := time.Now()
	done := make(chan time.Duration, 1)
	p.Submit(ctx, "h", func() {
		_ = p.Do(ctx, "h", func(context.Context) error { ran.Add(1); done <- time.Since(start); return nil })
	})
	if d := <-done; d < 140*time.Millisecond {
		t.Fatalf("paused host ran after %s", d)
	}
	// A job queued behind a long one is dropped on shutdown; the running one finishes.
	release, started := make(chan struct{}), make(chan struct{})
	var finished atomic.Bool
	p.Submit(ctx, "h", func() { close(started); <-release; finished.Store(true) })
	p.Submit(ctx, "h", func() { ran.Add(1) })
	<-started
	cancel()
	close(release)
	p.Wait()
	if !finished.Load() || ran.Load() != 1 {
		t.Fatalf("finished=%v ran=%d", finished.Load(), ran.Load())
	}
	if p.Submit(ctx, "h", func() {}) {
		t.Fatal("submit after shutdown accepted")
	}
}

func TestCloseEndsWaits(t *testing.T) {
	ctx := context.Background()
	p := New(1000, 1)
	p.Pause("h", time.Hour)
	errc := make(chan error, 1)
	var sent atomic.Bool
	p.Submit(ctx, "h", func() {
		errc <- p.Do(ctx, "h", func(context.Context) error { sent.Store(true); return nil })
	})
	time.Sleep(20 * time.Millisecond)
	p.Close()
	select {
	case err := <-errc:
		if !errors.Is(err, ErrClosed) || sent.Load() {
			t.Fatalf("err = %v, sent = %v", err, sent.Load())
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Close did not end the wait for a paused host")
	}
	p.Wait()
	if p.Submit(ctx, "x", func() {}) {
		t.Fatal("submit accepted after Close")
	}
}

func TestSubmitFirst(t *testing.T) {
	ctx := context.Background()
	p := New(1000, 1)
	release := make(chan struct{})
	var mu sync.Mutex
	var order []string
	add := func(name string) Job {
		return func() { mu.Lock(); order = append(order, name); mu.Unlock() }
	}
	started := make(chan struct{})
	p.Submit(ctx, "h", func() { close(started); <-release })
	<-started
	p.Submit(ctx, "h", add("page1"))
	p.Submit(ctx, "h", add("page2"))
	p.SubmitFirst(ctx, "h", add("feed"))
	close(release)
	p.Wait()
	if got := strings.Join(order, ","); got != "feed,page1,page2" {
		t.Fatalf("order %s", got)
	}
}

// TestSpacingCountsFromStart checks that a host's requests are spaced from
// when they were actually sent: a request that got its turn but then waited
// for a global slot must not let the next one follow it sooner than the rate
// allows.
func TestSpacingCountsFromStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := New(10, 1) // 100 ms apart per host, one request in flight overall
	var mu sync.Mutex
	var sent []time.Time
	var wg sync.WaitGroup
	wg.Add(3)
	held := make(chan struct{})
	p.Submit(ctx, "busy.example", func() {
		defer wg.Done()
		_ = p.Do(ctx, "busy.example", func(context.Context) error {
			close(held)
			time.Sleep(60 * time.Millisecond) // holds the only slot
			return nil
		})
	})
	<-held
	for range 2 {
		p.Submit(ctx, "paced.example", func() {
			defer wg.Done()
			_ = p.Do(ctx, "paced.example", func(context.Context) error {
				mu.Lock()
				sent = append(sent, time.Now())
				mu.Unlock()
				return nil
			})
		})
	}
	wg.Wait()
	if gap := sent[1].Sub(sent[0]); gap < 90*time.Millisecond {
		t.Fatalf("second request to one host %s after the first, want ≥ 100ms", gap)
	}
}
