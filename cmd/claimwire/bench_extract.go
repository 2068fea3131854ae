package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/claimwire/claimwire/pkg/benchstat"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/cleaner/clean"
	"github.com/claimwire/claimwire/services/extractor/extract"
)

func init() {
	benchCommands["extract"] = command{
		summary: "extractor throughput on pages (FILE or DIR): articles/s, claims/article",
		run:     runBenchExtract,
	}
}

// runBenchExtract cleans the pages once, then times extract.Extract alone
// over them for at least --time, on one goroutine.
func runBenchExtract(ctx context.Context, args []string) error {
	fs := newFlags("bench extract", "[--time D] FILE|DIR…",
		"Measures the extractor in-process: each page is cleaned once, then extract.Extract runs over the articles repeatedly on one goroutine. Prints articles/s, MB/s and claims per article.")
	dur := fs.Duration("time", 3*time.Second, "how long to run")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	var files []string
	for _, arg := range fs.Args() {
		st, err := os.Stat(arg)
		if err != nil {
			return fmt.Errorf("bench extract: %w", err)
		}
		if !st.IsDir() {
			files = append(files, arg)
			continue
		}
		ents, err := os.ReadDir(arg)
		if err != nil {
			return fmt.Errorf("bench extract: %w", err)
		}
		for _, e := range ents {
			if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") && !strings.HasSuffix(e.Name(), ".json") {
				files = append(files, filepath.Join(arg, e.Name()))
			}
		}
	}
	sort.Strings(files)
	var arts []contract.Article
	bytes := 0
	for _, f := range files {
		body, err := readFile(f)
		if err != nil {
			return fmt.Errorf("bench extract: %w", err)
		}
		art, err := clean.Page(clean.Input{Body: body, ContentType: contentTypeFor(f)})
		if err != nil {
			fmt.Fprintf(os.Stderr, "skip %s: %v\n", f, err)
			continue
		}
		arts = append(arts, art)
		bytes += len(art.Text)
	}
	if len(arts) == 0 {
		return fmt.Errorf("bench extract: no articles")
	}
	claims := 0
	for _, a := range arts {
		claims += len(extract.Extract(a).Claims)
	}
	n, textBytes := 0, 0
	cpu0 := benchstat.CPU()
	start := time.Now()
	for time.Since(start) < *dur && ctx.Err() == nil {
		for _, a := range arts {
			extract.Extract(a)
			n++
			textBytes += len(a.Text)
		}
	}
	secs := time.Since(start).Seconds()
	cpu := (benchstat.CPU() - cpu0).Seconds()
	fmt.Printf("articles %d, mean text %.1f KB, extractor %s\n", len(arts), float64(bytes)/float64(len(arts))/1024, extract.Version)
	// per CPU-second as well: on a shared machine wall time understates
	// what one core does (the loop is single-goroutine; GC adds a little)
	fmt.Printf("bench-extract: articles_per_s=%.0f articles_per_cpu_s=%.0f mb_per_s=%.2f claims_per_article=%.1f runs=%d\n",
		float64(n)/secs, float64(n)/cpu, float64(textBytes)/secs/1e6, float64(claims)/float64(len(arts)), n)
	return nil
}
