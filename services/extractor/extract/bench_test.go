package extract

import (
	"os"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// benchArticle is a 5 KB article of our own: testdata/talks.txt topped up
// with paragraphs of testdata/flood.txt.
func benchArticle(b *testing.B) string {
	talks, err := os.ReadFile("testdata/talks.txt")
	if err != nil {
		b.Skip("testdata/talks.txt missing")
	}
	flood, _ := os.ReadFile("testdata/flood.txt")
	text := string(talks)
	for _, p := range strings.Split(string(flood), "\n\n") {
		if len(text) >= 5*1024 {
			break
		}
		text += "\n" + p
	}
	return text
}

// BenchmarkExtract measures one 5 KB article; the figure to report is the
// articles/s metric (one core: run with -cpu 1).
func BenchmarkExtract(b *testing.B) {
	text := benchArticle(b)
	a := contract.Article{Schema: contract.Schema, ID: "bench", Text: text}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Extract(a)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
