package extract

import (
	"os"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// BenchmarkExtract measures one ~5 KB article of our own (testdata); the
// figure to report is articles/s = 1e9 / ns/op.
func BenchmarkExtract(b *testing.B) {
	text, err := os.ReadFile("testdata/talks.txt")
	if err != nil {
		b.Skip("testdata/talks.txt missing")
	}
	a := contract.Article{Schema: contract.Schema, ID: "bench", Text: string(text)}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Extract(a)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
