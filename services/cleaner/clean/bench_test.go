package clean

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// benchDir is the shared article-extraction benchmark, beside the repo.
const benchDir = "../../../../shared/bench/aeb-dev/html"

func loadBenchPages(tb testing.TB) [][]byte {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(benchDir, "*.html.gz"))
	if len(files) == 0 {
		tb.Skip("no benchmark pages in " + benchDir)
	}
	pages := make([][]byte, 0, len(files))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			tb.Fatal(err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			tb.Fatal(err)
		}
		pages = append(pages, b)
	}
	return pages
}

// BenchmarkPage cleans the aeb-dev pages one per iteration, with this
// cleaner and with go-trafilatura (its fallback extractors on, the setting
// whose F1 is quoted for aeb-dev), so one run gives the speed ratio. Run
// with -cpu 1 for the single-core figure.
func BenchmarkPage(b *testing.B) {
	pages := loadBenchPages(b)
	total := 0
	for _, p := range pages {
		total += len(p)
	}
	run := func(b *testing.B, f func([]byte) error) {
		b.SetBytes(int64(total / len(pages)))
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if err := f(pages[i%len(pages)]); err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	}
	b.Run("claimwire", func(b *testing.B) {
		run(b, func(p []byte) error {
			_, err := Page(Input{Body: p, ContentType: "text/html", URL: "https://example.com/a"})
			return err
		})
	})
	b.Run("trafilatura-nofallback", func(b *testing.B) {
		run(b, func(p []byte) error {
			_, _ = trafilatura.Extract(bytes.NewReader(p), trafilatura.Options{ExcludeComments: true})
			return nil
		})
	})
	b.Run("trafilatura", func(b *testing.B) {
		run(b, func(p []byte) error {
			_, err := trafilatura.Extract(bytes.NewReader(p), trafilatura.Options{EnableFallback: true, ExcludeComments: true})
			if err != nil {
				return nil // a page it cannot extract still cost the time
			}
			return nil
		})
	})
}

// BenchmarkSpeedRatio alternates whole passes over the pages — this
// cleaner, go-trafilatura, and x/net/html's parse alone — and reports each
// one's pages/s, the ratio to go-trafilatura, the share of the parse floor
// reached and this cleaner's allocations per page. On a shared machine
// whose load drifts during a run, alternating keeps the comparison fair;
// a GC before each pass (untimed) makes each side pay only for its own
// garbage. (cleanbench cannot be used here: it imports this package.)
func BenchmarkSpeedRatio(b *testing.B) {
	pages := loadBenchPages(b)
	sides := []struct {
		name string
		run  func([]byte)
	}{
		{"claimwire", func(p []byte) {
			if _, err := Page(Input{Body: p, ContentType: "text/html"}); err != nil {
				b.Fatal(err)
			}
		}},
		{"trafilatura", func(p []byte) {
			_, _ = trafilatura.Extract(bytes.NewReader(p), trafilatura.Options{EnableFallback: true, ExcludeComments: true})
		}},
		{"parse", func(p []byte) { _, _ = html.Parse(bytes.NewReader(p)) }},
	}
	secs := make([]time.Duration, len(sides))
	var mallocs, alloced uint64
	var before, after runtime.MemStats
	n := 0
	for b.Loop() {
		for i, s := range sides {
			b.StopTimer()
			runtime.GC()
			runtime.ReadMemStats(&before)
			b.StartTimer()
			t0 := time.Now()
			for _, p := range pages {
				s.run(p)
			}
			secs[i] += time.Since(t0)
			if i == 0 {
				runtime.ReadMemStats(&after)
				mallocs += after.Mallocs - before.Mallocs
				alloced += after.TotalAlloc - before.TotalAlloc
			}
		}
		n += len(pages)
	}
	b.ReportMetric(float64(n)/secs[0].Seconds(), "claimwire-pages/s")
	b.ReportMetric(float64(n)/secs[1].Seconds(), "trafilatura-pages/s")
	b.ReportMetric(float64(n)/secs[2].Seconds(), "parse-pages/s")
	b.ReportMetric(secs[1].Seconds()/secs[0].Seconds(), "speedup")
	b.ReportMetric(secs[2].Seconds()/secs[0].Seconds(), "parse-floor-share")
	b.ReportMetric(float64(mallocs)/float64(n), "claimwire-allocs/page")
	b.ReportMetric(float64(alloced)/float64(n), "claimwire-B/page")
}
