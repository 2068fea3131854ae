package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/claimwire/claimwire/services/cleaner/clean"
)

func init() {
	benchCommands["clean"] = command{summary: "clean every page in DIR in-process: pages/s, MB/s, allocs/page", run: runBenchClean}
}

func runBenchClean(ctx context.Context, args []string) error {
	fs := newFlags("bench clean", "[--rounds N] DIR", "Cleans every .html, .html.gz and .txt file in DIR in-process, N rounds after one warm-up, and prints pages/s, MB/s and allocations per page. Set GOMAXPROCS=1 for the single-core figure.")
	rounds := fs.Int("rounds", 3, "timed passes over the pages")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	type page struct {
		body []byte
		ct   string
	}
	entries, err := os.ReadDir(fs.Arg(0))
	if err != nil {
		return err
	}
	var pages []page
	var total int64
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() {
			continue
		}
		ct := contentTypeFor(name)
		if ct == "" {
			continue
		}
		b, err := readFile(filepath.Join(fs.Arg(0), name))
		if err != nil {
			return err
		}
		pages = append(pages, page{b, ct})
		total += int64(len(b))
	}
	if len(pages) == 0 {
		return fmt.Errorf("no .html, .html.gz or .txt files in %s", fs.Arg(0))
	}
	failed := 0
	pass := func() {
		for _, p := range pages {
			if _, err := clean.Page(clean.Input{Body: p.body, ContentType: p.ct}); err != nil {
				failed++
			}
		}
	}
	pass() // warm-up: regexps compiled, caches filled
	failed = 0
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	for r := 0; r < *rounds && ctx.Err() == nil; r++ {
		pass()
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	n := float64(len(pages) * *rounds)
	fmt.Printf("pages %d x %d rounds, %.1f MB per round, GOMAXPROCS %d, failed %d per round\n",
		len(pages), *rounds, float64(total)/1e6, runtime.GOMAXPROCS(0), failed / *rounds)
	fmt.Printf("bench clean: pages/s=%.1f MB/s=%.2f allocs/page=%.0f bytes/page=%.0f\n",
		n/elapsed.Seconds(), float64(total)*float64(*rounds)/1e6/elapsed.Seconds(),
		float64(after.Mallocs-before.Mallocs)/n, float64(after.TotalAlloc-before.TotalAlloc)/n)
	return nil
}
