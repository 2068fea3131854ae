// Package cleanbench measures the cleaner's speed against references in
// one run (cmd/cleanbench; nothing linked into claimwire imports it, as
// go-trafilatura takes seconds to initialise): go-trafilatura (the open extractor the cleaner is compared
// with) and x/net/html's parse alone (the floor: every HTML page is
// parsed once). Passes over the pages alternate between the sides, with
// a GC before each, so that load drifting on a shared machine hits all
// sides alike and each pays only for its own garbage.
package cleanbench

import (
	"bytes"
	"context"
	"runtime"
	"time"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/claimwire/claimwire/services/cleaner/clean"
)

// Page is one page to clean.
type Page struct {
	Body        []byte
	ContentType string
}

// Side is one thing measured.
type Side struct {
	Name string
	Run  func(Page) error
}

// Figures are one side's results.
type Figures struct {
	Name          string
	Pages         int
	Seconds       float64
	Failed        int
	AllocsPerPage float64
	BytesPerPage  float64
}

// PagesPerSec is the throughput.
func (f Figures) PagesPerSec() float64 { return float64(f.Pages) / f.Seconds }

// Cleaner is claimwire's cleaner (clean.Page).
var Cleaner = Side{"claimwire", func(p Page) error {
	_, err := clean.Page(clean.Input{Body: p.Body, ContentType: p.ContentType})
	return err
}}

// Trafilatura is go-trafilatura with its fallback extractors on and
// comments excluded: the setting whose F1 is quoted for the benchmark.
var Trafilatura = Side{"go-trafilatura", func(p Page) error {
	_, err := trafilatura.Extract(bytes.NewReader(p.Body), trafilatura.Options{EnableFallback: true, ExcludeComments: true})
	return err
}}

// ParseFloor parses the page with x/net/html and nothing else.
var ParseFloor = Side{"x/net/html parse", func(p Page) error {
	_, err := html.Parse(bytes.NewReader(p.Body))
	return err
}}

// Alternate runs rounds passes of each side over the pages, in turn,
// after one untimed warm-up pass each.
func Alternate(ctx context.Context, pages []Page, rounds int, sides ...Side) []Figures {
	out := make([]Figures, len(sides))
	for i, s := range sides {
		out[i].Name = s.Name
		for _, p := range pages {
			_ = s.Run(p) // warm-up: regexps compiled, caches filled
		}
	}
	var before, after runtime.MemStats
	for r := 0; r < rounds && ctx.Err() == nil; r++ {
		for i, s := range sides {
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			for _, p := range pages {
				if err := s.Run(p); err != nil {
					out[i].Failed++
				}
			}
			out[i].Seconds += time.Since(start).Seconds()
			runtime.ReadMemStats(&after)
			out[i].Pages += len(pages)
			out[i].AllocsPerPage += float64(after.Mallocs - before.Mallocs)
			out[i].BytesPerPage += float64(after.TotalAlloc - before.TotalAlloc)
		}
	}
	for i := range out {
		if out[i].Pages > 0 {
			out[i].AllocsPerPage /= float64(out[i].Pages)
			out[i].BytesPerPage /= float64(out[i].Pages)
		}
	}
	return out
}
