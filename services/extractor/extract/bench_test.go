package extract

import (
	"os"
	"path/filepath"
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

// newsPages reads the stored news pages of ../shared/dev/news beside the
// repository (never copied into it): articles of ordinary density.
func newsPages(b *testing.B) []contract.Article {
	dir := filepath.Join("..", "..", "..", "..", "shared", "dev", "news", "pages")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		b.Skip("no ../shared/dev/news/pages beside the repository")
	}
	var out []contract.Article
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, contract.Article{Schema: contract.Schema, ID: filepath.Base(f), Text: string(text)})
	}
	return out
}

// BenchmarkExtractNews runs the extractor over real news pages (one
// article per op); the figure to report is articles/s with -cpu 1 and the
// allocations per article. The NoModel variant gives the model's share.
func BenchmarkExtractNews(b *testing.B) {
	for _, withModel := range []bool{true, false} {
		name := "model"
		if !withModel {
			name = "rules-only"
		}
		b.Run(name, func(b *testing.B) {
			arts := newsPages(b)
			size := 0
			for _, a := range arts {
				size += len(a.Text)
			}
			b.SetBytes(int64(size / len(arts)))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				x := newExtraction(arts[i%len(arts)].Text, arts[i%len(arts)].Title)
				if !withModel {
					x.model = nil
				}
				for si := range x.d.Sents {
					x.sentence(si)
				}
				x.finish("bench")
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}
