package store

import (
	"testing"
	"time"
)

// TestGather: the writer waits for ClaimSets still being prepared, so that
// they share the commit, up to a delay; and never for a caller that is not
// coming.
func TestGather(t *testing.T) {
	const long = time.Minute
	cases := []struct {
		name    string
		pending int  // callers preparing besides the one queued
		arrive  bool // whether they queue
		delay   time.Duration
		want    int
		fast    bool // answered well before the delay
	}{
		{"alone", 0, false, long, 1, true},
		{"one on its way", 1, true, long, 2, true},
		{"three on their way", 3, true, long, 4, true},
		{"one that does not come", 1, false, 20 * time.Millisecond, 1, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := &DB{batch: &batcher{jobs: make(chan job), quit: make(chan struct{})}}
			s.batch.pending.Add(int64(tc.pending))
			if tc.arrive {
				for range tc.pending {
					go func() {
						time.Sleep(time.Millisecond)
						s.batch.jobs <- job{}
					}()
				}
			}
			start := time.Now()
			got := s.gather([]job{{}}, tc.delay)
			if len(got) != tc.want {
				t.Fatalf("gathered %d jobs; want %d", len(got), tc.want)
			}
			if took := time.Since(start); tc.fast && took > tc.delay/2 {
				t.Fatalf("gathering took %v", took)
			}
		})
	}
}
