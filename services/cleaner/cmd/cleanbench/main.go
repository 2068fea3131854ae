// Command cleanbench times the cleaner against go-trafilatura and
// x/net/html's parse alone on the same pages, passes alternating, and
// prints pages/s, allocations per page and the ratios. It is its own
// binary so that claimwire does not link go-trafilatura, whose
// initialisation alone costs seconds on every claimwire command.
//
//	GOMAXPROCS=1 go run ./cmd/cleanbench --rounds 3 ../../../shared/bench/aeb-dev/html
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/claimwire/claimwire/services/cleaner/cleanbench"
)

func main() {
	rounds := flag.Int("rounds", 3, "timed passes of each side over the pages")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: cleanbench [--rounds N] DIR   (.html, .html.gz and .txt files; GOMAXPROCS=1 for one core)")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	pages, err := load(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "cleanbench:", err)
		os.Exit(1)
	}
	fs := cleanbench.Alternate(ctx, pages, *rounds, cleanbench.Cleaner, cleanbench.Trafilatura, cleanbench.ParseFloor)
	for _, f := range fs {
		fmt.Printf("%-18s pages/s=%.1f allocs/page=%.0f bytes/page=%.0f failed=%d\n", f.Name, f.PagesPerSec(), f.AllocsPerPage, f.BytesPerPage, f.Failed/max(*rounds, 1))
	}
	fmt.Printf("cleanbench: pages %d x %d rounds, GOMAXPROCS %d: claimwire %.1f pages/s = %.2fx go-trafilatura, %.2f of the parse floor, %.0f allocs/page\n",
		len(pages), *rounds, runtime.GOMAXPROCS(0), fs[0].PagesPerSec(), fs[0].PagesPerSec()/fs[1].PagesPerSec(), fs[0].PagesPerSec()/fs[2].PagesPerSec(), fs[0].AllocsPerPage)
}

func load(dir string) ([]cleanbench.Page, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var pages []cleanbench.Page
	for _, e := range entries {
		name := e.Name()
		ct := ""
		switch {
		case strings.HasSuffix(name, ".html"), strings.HasSuffix(name, ".html.gz"), strings.HasSuffix(name, ".htm"):
			ct = "text/html"
		case strings.HasSuffix(name, ".txt"):
			ct = "text/plain"
		default:
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(name, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			if b, err = io.ReadAll(io.LimitReader(zr, 64<<20)); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		pages = append(pages, cleanbench.Page{Body: b, ContentType: ct})
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("no .html, .html.gz or .txt files in %s", dir)
	}
	return pages, nil
}
