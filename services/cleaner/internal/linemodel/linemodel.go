// Package linemodel is a small logistic model over the features of one
// line or block of a page: it weighs them together into the probability
// that the block is furniture (a caption, a widget's text, an ad slot's
// name) rather than part of the article. The weights are fitted from
// annotated pages by Fit (cmd/fitlines regenerates the model file); the
// file holds feature names and numbers, never text.
package linemodel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Model is a fitted logistic model.
type Model struct {
	// Features names each input, in order; a model only applies to the
	// feature vector it was fitted on.
	Features []string `json:"features"`
	// Weights has one weight per feature; the bias is Weights[0] when
	// Features[0] is "bias" (the feature that is always 1).
	Weights []float64 `json:"weights"`
	// Threshold: a block scoring at or above it is furniture.
	Threshold float64 `json:"threshold"`
	// Trained records what the model was fitted on (counts only).
	Trained Summary `json:"trained"`
}

// Summary describes the fitting data.
type Summary struct {
	Sources   []string `json:"sources"`
	Samples   int      `json:"samples"`
	Furniture int      `json:"furniture"`
}

// ErrMismatch: the model was fitted on other features than the caller's.
var ErrMismatch = errors.New("linemodel: feature names differ")

// Parse reads a model file and checks it against the caller's features.
func Parse(b []byte, features []string) (Model, error) {
	var m Model
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("linemodel: %w", err)
	}
	if !slices.Equal(m.Features, features) || len(m.Weights) != len(features) {
		return m, fmt.Errorf("%w: model has %v, code has %v", ErrMismatch, m.Features, features)
	}
	return m, nil
}

// Prob is the probability that x is furniture.
func (m *Model) Prob(x []float64) float64 {
	z := 0.0
	for i, w := range m.Weights {
		z += w * x[i]
	}
	return 1 / (1 + math.Exp(-z))
}

// Furniture reports whether x scores at or above the threshold.
func (m *Model) Furniture(x []float64) bool {
	if len(m.Weights) == 0 || len(x) != len(m.Weights) {
		return false
	}
	return m.Prob(x) >= m.Threshold
}

// Options of Fit.
type Options struct {
	L2         float64 // ridge penalty on every weight but the bias
	Iterations int     // Newton steps at most
	// PositiveWeight scales the loss of furniture samples; furniture is
	// rare, and a missed caption costs less than a lost paragraph, so the
	// fitter can be told how to trade the two.
	PositiveWeight float64
	Threshold      float64
}

// DefaultOptions are the settings cmd/fitlines uses.
func DefaultOptions() Options {
	return Options{L2: 0.001, Iterations: 50, PositiveWeight: 4, Threshold: 0.5}
}

// Fit fits a logistic model by Newton's method (iteratively reweighted
// least squares) with a ridge penalty. It has no random state: the same
// samples in the same order give the same weights.
func Fit(features []string, xs [][]float64, ys []bool, opt Options) (Model, error) {
	m := Model{Features: features, Threshold: opt.Threshold}
	if len(xs) == 0 || len(xs) != len(ys) {
		return m, fmt.Errorf("linemodel: %d samples, %d labels", len(xs), len(ys))
	}
	d := len(features)
	for i, x := range xs {
		if len(x) != d {
			return m, fmt.Errorf("linemodel: sample %d has %d features, want %d", i, len(x), d)
		}
	}
	w := make([]float64, d)
	grad := make([]float64, d)
	hess := make([][]float64, d)
	for j := range hess {
		hess[j] = make([]float64, d)
	}
	total := 0.0
	for _, y := range ys {
		if y {
			total += opt.PositiveWeight
		} else {
			total++
		}
	}
	for it := 0; it < opt.Iterations; it++ {
		clear(grad)
		for j := range hess {
			clear(hess[j])
		}
		for i, x := range xs {
			z := 0.0
			for j := range w {
				z += w[j] * x[j]
			}
			p := 1 / (1 + math.Exp(-z))
			c, target := 1.0, 0.0
			if ys[i] {
				c, target = opt.PositiveWeight, 1
			}
			g := c * (p - target) / total
			h := c * p * (1 - p) / total
			for j := range w {
				grad[j] += g * x[j]
				if x[j] == 0 {
					continue
				}
				for k := range w {
					hess[j][k] += h * x[j] * x[k]
				}
			}
		}
		for j := range w {
			if j > 0 {
				grad[j] += opt.L2 * w[j]
			}
			hess[j][j] += opt.L2 + 1e-9
		}
		step, ok := solve(hess, grad)
		if !ok {
			return m, errors.New("linemodel: singular system")
		}
		change := 0.0
		for j := range w {
			w[j] -= step[j]
			change = max(change, math.Abs(step[j]))
		}
		if change < 1e-7 {
			break
		}
	}
	// Rounded, so the file is the same bytes on every platform (fused
	// multiply-add may differ in the last bits).
	for j := range w {
		w[j] = math.Round(w[j]*1e4) / 1e4
	}
	m.Weights = w
	for _, y := range ys {
		if y {
			m.Trained.Furniture++
		}
	}
	m.Trained.Samples = len(ys)
	return m, nil
}

// solve solves a·x = b by Gaussian elimination with partial pivoting; a
// and b are copied.
func solve(a [][]float64, b []float64) ([]float64, bool) {
	n := len(b)
	m := make([][]float64, n)
	for i := range a {
		m[i] = append(append(make([]float64, 0, n+1), a[i]...), b[i])
	}
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		if math.Abs(m[p][c]) < 1e-15 {
			return nil, false
		}
		m[c], m[p] = m[p], m[c]
		for r := c + 1; r < n; r++ {
			f := m[r][c] / m[c][c]
			for k := c; k <= n; k++ {
				m[r][k] -= f * m[c][k]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := m[r][n]
		for k := r + 1; k < n; k++ {
			s -= m[r][k] * x[k]
		}
		x[r] = s / m[r][r]
	}
	return x, true
}

// Marshal writes the model file: indented JSON, one weight per line
// beside its feature name, so a diff of two fits reads.
func (m *Model) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("{\n  \"features\": [\n")
	for i, f := range m.Features {
		fmt.Fprintf(&b, "    %q", f)
		if i < len(m.Features)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("  ],\n  \"weights\": [\n")
	for i, w := range m.Weights {
		fmt.Fprintf(&b, "    %s", strconv.FormatFloat(w, 'f', 4, 64))
		if i < len(m.Weights)-1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "\n")
	}
	b.WriteString("  ],\n")
	fmt.Fprintf(&b, "  \"threshold\": %s,\n", strconv.FormatFloat(m.Threshold, 'f', 4, 64))
	src, _ := json.Marshal(m.Trained.Sources)
	if m.Trained.Sources == nil {
		src = []byte("[]")
	}
	fmt.Fprintf(&b, "  \"trained\": {\"sources\": %s, \"samples\": %d, \"furniture\": %d}\n}\n", src, m.Trained.Samples, m.Trained.Furniture)
	return b.Bytes()
}
