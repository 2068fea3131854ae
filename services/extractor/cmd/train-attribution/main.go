// Command train-attribution trains the extractor's attribution model from
// a corpus of articles with annotated attributions (JSON lines: "text" and
// "quotes" with "byte_start"/"byte_end" content offsets, as PolNeAR's
// release in ../shared/dev/polnear), and writes the model file the
// extractor embeds.
//
// The rules propose readings of every sentence (extract.Readings); a
// reading is labelled an attribution when most of its content lies inside
// an annotated attribution. The same corpus, flags and code give the same
// file, byte for byte:
//
//	go run ./services/extractor/cmd/train-attribution \
//	    -data ../shared/dev/polnear/train.jsonl \
//	    -out services/extractor/internal/model/attribution.model
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/claimwire/claimwire/services/extractor/extract"
	"github.com/claimwire/claimwire/services/extractor/internal/model"
)

func main() {
	data := flag.String("data", "../shared/dev/polnear/train.jsonl", "annotated corpus, one JSON article a line")
	out := flag.String("out", "services/extractor/internal/model/attribution.model", "model file to write")
	epochs := flag.Int("epochs", model.DefaultTrain.Epochs, "passes over the examples")
	rate := flag.Float64("rate", model.DefaultTrain.Rate, "initial learning rate")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: train-attribution [-data FILE.jsonl] [-out FILE]\n\nTrains the extractor's attribution model from an annotated corpus.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	f, err := os.Open(*data)
	if err != nil {
		fmt.Fprintf(os.Stderr, "train-attribution: %v\n(pass -data with an annotated corpus, e.g. ../shared/dev/polnear/train.jsonl)\n", err)
		os.Exit(1)
	}
	defer f.Close()
	ex, stats, err := Examples(f)
	if err != nil {
		fmt.Fprintf(os.Stderr, "train-attribution: %s: %v\n", *data, err)
		os.Exit(1)
	}
	cfg := model.DefaultTrain
	cfg.Epochs = *epochs
	cfg.Rate = *rate
	m := model.Train(ex, cfg)
	if err := os.WriteFile(*out, m.Marshal(), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "train-attribution: %v\n", err)
		os.Exit(1)
	}
	right := 0
	for _, e := range ex {
		if (m.Score(e.F) >= 0.5) == e.Label {
			right++
		}
	}
	fmt.Printf("%d articles, %d readings (%d attributions); training accuracy %.3f (at 0.5); wrote %s\n",
		stats.Articles, len(ex), stats.Positive, float64(right)/float64(max(1, len(ex))), *out)
}

// Stats counts what Examples read.
type Stats struct{ Articles, Positive int }

type article struct {
	Text   string `json:"text"`
	Quotes []struct {
		ByteStart int `json:"byte_start"`
		ByteEnd   int `json:"byte_end"`
	} `json:"quotes"`
}

// Examples reads an annotated corpus and labels the rules' readings of it.
func Examples(r io.Reader) ([]model.Example, Stats, error) {
	var ex []model.Example
	var st Stats
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var a article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, st, fmt.Errorf("line %d: %w", st.Articles+1, err)
		}
		st.Articles++
		gold := make([][2]int, 0, len(a.Quotes))
		for _, q := range a.Quotes {
			gold = append(gold, [2]int{q.ByteStart, q.ByteEnd})
		}
		rds := extract.Readings(a.Text)
		for i := 0; i < len(rds); {
			// the readings of one cue (or of one quotation, for the
			// discourse rules) compete: the one that best matches an
			// annotated attribution is the attribution, the rest are not
			j := i + 1
			for j < len(rds) && sameChoice(rds[i], rds[j]) {
				j++
			}
			best, bestF := -1, 0.3
			for k := i; k < j; k++ {
				if f := Match(rds[k].Content, gold); f > bestF {
					best, bestF = k, f
				}
			}
			for k := i; k < j; k++ {
				// a reading with the same content as the best is the same
				// reading through another rule (it differs in its source
				// only): the extractor merges them, so they share the label
				pos := best >= 0 && sameContent(rds[k].Content, rds[best].Content)
				if pos {
					st.Positive++
				}
				ex = append(ex, model.Example{F: rds[k].Features, Label: pos})
			}
			i = j
		}
	}
	return ex, st, sc.Err()
}

func sameContent(a, b [][2]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// sameChoice reports whether two consecutive readings compete: readings
// of one cue, or discourse readings of one quotation.
func sameChoice(a, b extract.Reading) bool {
	if a.Cue != [2]int{} || b.Cue != [2]int{} {
		return a.Cue == b.Cue
	}
	return len(a.Content) > 0 && len(b.Content) > 0 && a.Content[0] == b.Content[0]
}

// Match scores how well a reading's content matches the annotated
// attribution it overlaps most: the F-measure of the overlap (the share of
// the reading inside the attribution, and of the attribution covered),
// 0 when less than half the reading lies inside.
func Match(content [][2]int, gold [][2]int) float64 {
	total := 0
	for _, c := range content {
		total += c[1] - c[0]
	}
	if total == 0 {
		return 0
	}
	best := 0.0
	for _, g := range gold {
		in := 0
		for _, c := range content {
			in += max(0, min(c[1], g[1])-max(c[0], g[0]))
		}
		if 2*in <= total || g[1] <= g[0] {
			continue
		}
		p, r := float64(in)/float64(total), float64(in)/float64(g[1]-g[0])
		if f := 2 * p * r / (p + r); f > best {
			best = f
		}
	}
	return best
}
