package clean

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/markusmobius/go-trafilatura"
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
