// Command fitlines fits a line model (internal/linemodel) over the
// boilerplate filter's block features from annotated pages, writes the
// model file, and reports how it does on the data set it was not fitted
// on (--fit aeb checks on news, and the reverse).
//
// Two kinds of annotated data are read:
//
//   - an article-extraction benchmark (--aeb DIR: ground-truth.json with
//     each page's articleBody, html/<id>.html.gz): a block is content when
//     its words are in the page's article body;
//   - stored news pages (--news DIR: pages/NNN.txt, pages/manifest.tsv,
//     gold/NNN.json with the page's boilerplate lines): a block is
//     furniture when it is one of the listed lines.
//
// The fit has no random state: the same data gives the same bytes.
//
//	go run ./cmd/fitlines --aeb ../../../shared/bench/aeb-dev --news ../../../shared/dev/news --fit aeb --out /tmp/lines.json
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/claimwire/claimwire/services/cleaner/clean"
	"github.com/claimwire/claimwire/services/cleaner/internal/boilerplate"
	"github.com/claimwire/claimwire/services/cleaner/internal/linemodel"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "fitlines:", err)
		os.Exit(1)
	}
}

func run(args []string, log io.Writer) error {
	fs := flag.NewFlagSet("fitlines", flag.ContinueOnError)
	fs.SetOutput(log)
	aeb := fs.String("aeb", "", "article-extraction benchmark directory (ground-truth.json, html/*.html.gz)")
	news := fs.String("news", "", "annotated news pages directory (pages/, gold/)")
	out := fs.String("out", "linemodel.json", "model file to write")
	opt := linemodel.DefaultOptions()
	fs.Float64Var(&opt.L2, "l2", opt.L2, "ridge penalty")
	fs.IntVar(&opt.Iterations, "iterations", opt.Iterations, "Newton steps at most")
	fit := fs.String("fit", "both", "data set to fit on: aeb, news or both (the other is the check)")
	dump := fs.Bool("dump", false, "print each sample's label, probability and text after fitting")
	fs.Float64Var(&opt.PositiveWeight, "positive-weight", opt.PositiveWeight, "weight of a furniture sample against a content one")
	fs.Float64Var(&opt.Threshold, "threshold", opt.Threshold, "probability from which a block is furniture")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *aeb == "" && *news == "" {
		fs.Usage()
		return errors.New("give --aeb, --news or both")
	}
	if *fit != "aeb" && *fit != "news" && *fit != "both" {
		return fmt.Errorf("--fit %q: want aeb, news or both", *fit)
	}
	sets := map[string]*dataset{}
	add := func(set, page string, s []boilerplate.Sample, label func(string) (bool, bool)) {
		d := sets[set]
		for _, smp := range s {
			furniture, ok := label(smp.Text)
			if !ok {
				continue
			}
			d.xs = append(d.xs, smp.X)
			d.ys = append(d.ys, furniture)
			d.texts = append(d.texts, page+" "+smp.Text)
		}
	}
	if *aeb != "" {
		sets["aeb"] = &dataset{}
		n, err := readAEB(*aeb, add)
		if err != nil {
			return err
		}
		sets["aeb"].pages = n
	}
	if *news != "" {
		sets["news"] = &dataset{}
		n, err := readNews(*news, add)
		if err != nil {
			return err
		}
		sets["news"].pages = n
	}
	var train dataset
	var sources []string
	for _, name := range []string{"aeb", "news"} {
		d := sets[name]
		if d == nil || *fit != "both" && *fit != name {
			continue
		}
		train.xs = append(train.xs, d.xs...)
		train.ys = append(train.ys, d.ys...)
		train.texts = append(train.texts, d.texts...)
		sources = append(sources, fmt.Sprintf("%s:%d pages", name, d.pages))
	}
	if len(train.xs) == 0 {
		return fmt.Errorf("--fit %s: no samples read", *fit)
	}
	m, err := linemodel.Fit(boilerplate.FeatureNames(), train.xs, train.ys, opt)
	if err != nil {
		return err
	}
	m.Trained.Sources = sources
	for _, name := range []string{"aeb", "news"} {
		d := sets[name]
		if d == nil {
			continue
		}
		role := "check"
		if *fit == "both" || *fit == name {
			role = "fit"
		}
		tp, fp, fn := d.confusion(&m, *dump, log)
		fmt.Fprintf(log, "fitlines: %s (%s): %d blocks, %d furniture: %d found, %d content taken, %d missed\n",
			name, role, len(d.ys), tp+fn, tp, fp, fn)
	}
	return os.WriteFile(*out, m.Marshal(), 0o644)
}

// dataset is the labelled blocks of one data set.
type dataset struct {
	xs    [][]float64
	ys    []bool
	texts []string
	pages int
}

func (d *dataset) confusion(m *linemodel.Model, dump bool, log io.Writer) (tp, fp, fn int) {
	for i, x := range d.xs {
		got := m.Furniture(x)
		if dump && (got || d.ys[i]) {
			fmt.Fprintf(log, "%v %v %.2f %.100s\n", d.ys[i], got, m.Prob(x), d.texts[i])
		}
		switch {
		case got && d.ys[i]:
			tp++
		case got:
			fp++
		case d.ys[i]:
			fn++
		}
	}
	return tp, fp, fn
}

type addFunc func(set, page string, s []boilerplate.Sample, label func(string) (furniture, ok bool))

// readAEB labels the benchmark's blocks: content when the block's words
// appear in the page's article body (as a run for short blocks, as most
// of its 4-word shingles for long ones).
func readAEB(dir string, add addFunc) (int, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return 0, fmt.Errorf("aeb: %w", err)
	}
	var gt map[string]struct {
		Body string `json:"articleBody"`
		URL  string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		return 0, fmt.Errorf("aeb ground truth: %w", err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		page, err := readGz(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			return 0, err
		}
		s, err := clean.Samples(clean.Input{Body: page, ContentType: "text/html", URL: gt[id].URL})
		if err != nil {
			continue // a page the cleaner cannot read teaches nothing
		}
		body := tokens(gt[id].Body)
		joined := " " + strings.Join(body, " ") + " "
		sh := shingles(body)
		add("aeb", id, s, func(text string) (bool, bool) {
			t := tokens(text)
			if len(t) == 0 {
				return false, false
			}
			if len(t) < 6 {
				return !strings.Contains(joined, " "+strings.Join(t, " ")+" "), true
			}
			in := 0
			for k := range shingles(t) {
				if sh[k] {
					in++
				}
			}
			return in*2 < len(t)-3, true
		})
	}
	return len(ids), nil
}

// readNews labels the news pages' blocks: furniture when the block is one
// of the page's gold boilerplate lines (the title excepted: it is metadata).
func readNews(dir string, add addFunc) (int, error) {
	urls := map[string]string{}
	if m, err := os.ReadFile(filepath.Join(dir, "pages", "manifest.tsv")); err == nil {
		for i, line := range strings.Split(string(m), "\n") {
			cols := strings.Split(line, "\t")
			if i > 0 && len(cols) > 1 {
				urls[cols[0]] = cols[1]
			}
		}
	}
	golds, _ := filepath.Glob(filepath.Join(dir, "gold", "*.json"))
	slices.Sort(golds)
	n := 0
	for _, g := range golds {
		id := strings.TrimSuffix(filepath.Base(g), ".json")
		raw, err := os.ReadFile(g)
		if err != nil {
			return 0, err
		}
		var gold struct {
			Title       *string  `json:"title"`
			Boilerplate []string `json:"boilerplate"`
		}
		if err := json.Unmarshal(raw, &gold); err != nil || gold.Boilerplate == nil && gold.Title == nil {
			continue // clusters.json and the like
		}
		page, err := os.ReadFile(filepath.Join(dir, "pages", id+".txt"))
		if err != nil {
			continue
		}
		bp := map[string]bool{}
		for _, b := range gold.Boilerplate {
			if k := strings.Join(tokens(b), " "); k != "" {
				bp[k] = true
			}
		}
		if gold.Title != nil {
			delete(bp, strings.Join(tokens(*gold.Title), " "))
		}
		s, err := clean.Samples(clean.Input{Body: page, ContentType: "text/plain", URL: urls[id]})
		if err != nil {
			continue
		}
		n++
		add("news", id, s, func(text string) (bool, bool) {
			k := strings.Join(tokens(text), " ")
			if k == "" {
				return false, false
			}
			return bp[k], true
		})
	}
	return n, nil
}

func readGz(path string) ([]byte, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(zr)
}

// tokens: lower-cased runs of letters and digits.
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func shingles(t []string) map[[4]string]bool {
	m := map[[4]string]bool{}
	for i := 0; i+4 <= len(t); i++ {
		m[[4]string{t[i], t[i+1], t[i+2], t[i+3]}] = true
	}
	return m
}
