package main

import (
	"bufio"
	"encoding/json"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/cleaner/clean"
	"github.com/claimwire/claimwire/services/extractor/extract"
)

// TestWriteBenchClaimSets writes the ClaimSets of the first
// CLAIMWIRE_BENCH_N (default 20000) articles that 'bench pipeline'
// generates, cleaned and extracted as its stages would, one JSON line
// each in publishing order, to CLAIMWIRE_BENCH_CLAIMSETS: the store's
// input without the pipeline, for measuring the store alone (store/sqlite
// TestIngestCost). Skipped unless that variable is set.
func TestWriteBenchClaimSets(t *testing.T) {
	path := os.Getenv("CLAIMWIRE_BENCH_CLAIMSETS")
	if path == "" {
		t.Skip("CLAIMWIRE_BENCH_CLAIMSETS not set")
	}
	n := 20000
	if v := os.Getenv("CLAIMWIRE_BENCH_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatalf("CLAIMWIRE_BENCH_N: %v", err)
		}
	}
	lines := make([][]byte, n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range 2 {
		wg.Go(func() {
			for i := range next {
				url, ct, body := generatedLoad(i)
				a, err := clean.Page(clean.Input{Body: body, ContentType: ct, URL: url, ID: contract.ArticleID(url, nil), FetchedAt: time.Unix(1_800_000_000, 0)})
				if err != nil {
					t.Errorf("clean %s: %v", url, err)
					continue
				}
				b, err := json.Marshal(extract.Extract(a))
				if err != nil {
					t.Errorf("%s: %v", url, err)
				}
				lines[i] = b
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for _, b := range lines {
		w.Write(b)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
