package extract

import (
	"github.com/claimwire/claimwire/services/extractor/internal/attrib"
	"github.com/claimwire/claimwire/services/extractor/internal/model"
)

// Threshold is the least model score a reading needs to make a claim.
// The model is trained to pick the best of a cue's competing readings, so
// a valid reading that is not the best scores low; the threshold only
// vetoes readings the model finds clearly wrong (measured on PolNeAR dev
// and the news dev set: 0.1 helps both, higher thresholds cost recall).
const Threshold = 0.1

// Reading is a candidate attribution as the model sees it: what
// cmd/train-attribution labels against a corpus.
type Reading struct {
	Rule     string
	Kind     string
	Cue      [2]int // byte span of the cue, {0, 0} for discourse rules
	Content  [][2]int
	Features model.Features
	Score    float64
}

// Readings runs the rules alone (no model) over text and returns every
// reading they considered, in order, with its features.
func Readings(text string) []Reading {
	x := newExtraction(text, "")
	x.model = nil
	var out []Reading
	x.recorder = func(r Reading) { out = append(out, r) }
	for si := range x.d.Sents {
		x.sentence(si)
	}
	return out
}

// record passes a reading to the recorder, when there is one; features is
// only called then.
func (x *extraction) record(si int, rule, kind string, cue attrib.Span, content []attrib.ByteSpan, score float64, features func() model.Features) {
	if x.recorder == nil {
		return
	}
	r := Reading{Rule: rule, Kind: kind, Score: score, Features: features()}
	if !cue.Empty() {
		ts := x.d.Sents[si].Toks
		r.Cue = [2]int{ts[cue.A].Start, ts[cue.B-1].End}
	}
	for _, c := range content {
		r.Content = append(r.Content, [2]int{c.Start, c.End})
	}
	x.recorder(r)
}
