package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/services/cleaner/internal/boilerplate"
	"github.com/claimwire/claimwire/services/cleaner/internal/linemodel"
)

// para is a made-up paragraph; pages below are built from it.
var para = []string{
	"The harbour board met on Tuesday evening and agreed, after a long debate, to repair the old sea wall before the winter storms arrive.",
	"Engineers said the repairs would take about six weeks and that the fishing fleet could keep using the inner basin while they worked.",
	"Residents who live along the front asked the board to publish the full survey, which found cracks in three of the wall's sections.",
	"The chair said the survey would go online next week, together with the costs of each option the board had looked at.",
}

// writeFixture lays out one benchmark page and one annotated text page in
// the layouts fitlines reads.
func writeFixture(t *testing.T) (aeb, news string) {
	t.Helper()
	dir := t.TempDir()
	aeb, news = filepath.Join(dir, "aeb"), filepath.Join(dir, "news")
	for _, d := range []string{filepath.Join(aeb, "html"), filepath.Join(news, "pages"), filepath.Join(news, "gold")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	html := "<html><head><title>Sea wall to be repaired</title></head><body><article><h1>Sea wall to be repaired</h1>" +
		"<p>" + para[0] + "</p><p>" + para[1] + "</p><p>Quay-Side-Banner-300x250</p><p>" + para[2] + "</p><p>Text size</p><p>" + para[3] + "</p></article></body></html>"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(html))
	zw.Close()
	write(t, filepath.Join(aeb, "html", "p1.html.gz"), gz.String())
	write(t, filepath.Join(aeb, "ground-truth.json"), `{"p1":{"articleBody":"`+strings.Join(para, "\\n")+`","url":"https://harbour.example/sea-wall"}}`)
	text := "Sea wall to be repaired\n\n" + para[0] + "\n\nPhoto desk\n\n" + para[1] + "\n\nPhoto desk\n\n" + para[2] + "\n\n" + para[3] + "\n"
	write(t, filepath.Join(news, "pages", "001.txt"), text)
	write(t, filepath.Join(news, "pages", "manifest.tsv"), "id\turl\n001\thttps://harbour.example/news/sea-wall-to-be-repaired\n")
	write(t, filepath.Join(news, "gold", "001.json"), `{"title":"Sea wall to be repaired","boilerplate":["Photo desk"]}`)
	return aeb, news
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFitDeterministic fits twice on the same fixture: the model files
// must be the same bytes, hold the filter's feature names and numbers
// only, and load back.
func TestFitDeterministic(t *testing.T) {
	aeb, news := writeFixture(t)
	var files [2][]byte
	for i := range files {
		out := filepath.Join(t.TempDir(), "m.json")
		var log bytes.Buffer
		if err := run([]string{"--aeb", aeb, "--news", news, "--fit", "aeb", "--out", out}, &log); err != nil {
			t.Fatalf("run: %v\n%s", err, log.String())
		}
		if !strings.Contains(log.String(), "news (check)") || !strings.Contains(log.String(), "aeb (fit)") {
			t.Fatalf("report lacks the fit and check lines:\n%s", log.String())
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		files[i] = b
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatalf("two fits differ:\n%s\n---\n%s", files[0], files[1])
	}
	m, err := linemodel.Parse(files[0], boilerplate.FeatureNames())
	if err != nil {
		t.Fatal(err)
	}
	if m.Trained.Samples == 0 {
		t.Fatal("no samples read from the fixture")
	}
	for _, s := range []string{"sea wall", "harbour", "Photo desk"} {
		if bytes.Contains(bytes.ToLower(files[0]), []byte(strings.ToLower(s))) {
			t.Fatalf("model file holds page text %q", s)
		}
	}
}

func TestFitNeedsData(t *testing.T) {
	if err := run([]string{"--out", filepath.Join(t.TempDir(), "m.json")}, &bytes.Buffer{}); err == nil {
		t.Fatal("no data sets: want an error")
	}
	aeb, _ := writeFixture(t)
	if err := run([]string{"--aeb", aeb, "--fit", "news", "--out", filepath.Join(t.TempDir(), "m.json")}, &bytes.Buffer{}); err == nil {
		t.Fatal("fit on a set not given: want an error")
	}
}
