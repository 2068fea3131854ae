package clean

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"unicode"

	"github.com/markusmobius/go-trafilatura"
)

var aebReference = flag.Bool("aeb-reference", false, "TestAEBQuality: also score go-trafilatura on the same pages")

// TestAEBQuality runs the cleaner over the shared article-extraction
// benchmark (when present) with the benchmark's metric — bags of 4-token
// shingles, per-page precision and recall averaged, F1 of the averages — and
// fails if it drops below the level this version reaches, so a change that
// helps one page and hurts many shows up here.
func TestAEBQuality(t *testing.T) {
	if testing.Short() {
		t.Skip("benchmark pages are slow-ish")
	}
	gtPath := filepath.Join(benchDir, "..", "ground-truth.json")
	raw, err := os.ReadFile(gtPath)
	if err != nil {
		t.Skip("no benchmark ground truth: ", err)
	}
	var gt map[string]struct {
		Body string `json:"articleBody"`
		URL  string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		t.Fatal(err)
	}
	pages := loadBenchPagesByID(t)
	score := func(extract func(body []byte, url string) string) (f1, P, R float64) {
		var sumP, sumR float64
		nP := 0
		for id, g := range gt {
			body, ok := pages[id]
			if !ok {
				t.Fatalf("page %s missing", id)
			}
			truth, pred := shingles(art2tokens(g.Body)), shingles(art2tokens(extract(body, g.URL)))
			p, r := prf(truth, pred)
			if len(pred) > 0 {
				sumP += p
				nP++
			}
			sumR += r
		}
		P, R = sumP/float64(max(nP, 1)), sumR/float64(len(gt))
		return 2 * P * R / (P + R), P, R
	}
	f1, P, R := score(func(body []byte, url string) string {
		art, _ := Page(Input{Body: body, ContentType: "text/html", URL: url})
		return art.Text
	})
	t.Logf("aeb-dev claimwire:      f1=%.3f precision=%.3f recall=%.3f pages=%d", f1, P, R, len(gt))
	if *aebReference {
		f1t, Pt, Rt := score(func(body []byte, _ string) string {
			r, err := trafilatura.Extract(bytes.NewReader(body), trafilatura.Options{EnableFallback: true, ExcludeComments: true})
			if err != nil || r == nil {
				return ""
			}
			return r.ContentText
		})
		t.Logf("aeb-dev go-trafilatura: f1=%.3f precision=%.3f recall=%.3f pages=%d", f1t, Pt, Rt, len(gt))
	}
	if f1 < 0.98 {
		t.Errorf("F1 %.3f below 0.98", f1)
	}
}

func loadBenchPagesByID(t *testing.T) map[string][]byte {
	files, _ := filepath.Glob(filepath.Join(benchDir, "*.html.gz"))
	all := loadBenchPages(t)
	out := make(map[string][]byte, len(files))
	for i, f := range files {
		out[filepath.Base(f[:len(f)-len(".html.gz")])] = all[i]
	}
	return out
}

// art2tokens splits like Python's \w+ (Unicode letters, digits, underscore).
func art2tokens(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || unicode.Is(unicode.Mn, r)
		if w && start < 0 {
			start = i
		} else if !w && start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

func shingles(toks []string) map[[4]string]int {
	m := map[[4]string]int{}
	if len(toks) == 0 {
		return m
	}
	if len(toks) < 4 {
		var k [4]string
		copy(k[:], toks)
		m[k]++
		return m
	}
	for i := 0; i+4 <= len(toks); i++ {
		m[[4]string{toks[i], toks[i+1], toks[i+2], toks[i+3]}]++
	}
	return m
}

func prf(truth, pred map[[4]string]int) (float64, float64) {
	tp, fp, fn := 0, 0, 0
	for k, n := range pred {
		c := min(n, truth[k])
		tp += c
		fp += n - c
	}
	for k, n := range truth {
		fn += max(0, n-pred[k])
	}
	if fp == 0 && fn == 0 {
		return 1, 1
	}
	var p, r float64
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	return p, r
}
