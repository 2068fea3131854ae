package model

import (
	"math"
	"sort"
)

// Example is a labelled candidate.
type Example struct {
	F     Features
	Label bool
}

// TrainConfig sets the training run. The same examples, in the same order,
// with the same config give the same model, bit for bit.
type TrainConfig struct {
	Epochs int
	Rate   float64 // initial learning rate
	L2     float64 // weight decay per update
	Seed   uint64
}

// DefaultTrain is the configuration the committed model was trained with.
var DefaultTrain = TrainConfig{Epochs: 12, Rate: 0.2, L2: 1e-6, Seed: 1}

// Train fits a logistic model by stochastic gradient descent over the
// examples in a seeded shuffled order, with a decaying learning rate, and
// returns the average of the weights over every step (Polyak averaging):
// the last step's weights depend on the last few examples seen, so a small
// change to the rules' readings would move scores near the threshold and
// flip decisions; the average is steady.
func Train(ex []Example, cfg TrainConfig) *Model {
	m := &Model{W: make([]float32, 1<<Bits)}
	w := make([]float64, len(m.W))
	// u accumulates step×update, so the average is w - u/steps without
	// touching every weight at every step
	u := make([]float64, len(m.W))
	var bias, ubias float64
	order := make([]int, len(ex))
	for i := range order {
		order[i] = i
	}
	// Each epoch visits the examples in the order of a hash of their
	// features, the seed and the epoch: a seeded shuffle of indices would
	// reorder every example when one is added or removed, and the model
	// (hence scores near the threshold) would move with any change to the
	// rules; a per-example key keeps the others' relative order.
	keys := make([]uint64, len(ex))
	step := 0
	for e := 0; e < cfg.Epochs; e++ {
		for i, x := range ex {
			keys[i] = exampleKey(x, cfg.Seed, e)
		}
		sort.SliceStable(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
		for _, i := range order {
			x := ex[i]
			z := bias
			for _, f := range x.F {
				z += w[f]
			}
			p := 1 / (1 + math.Exp(-z))
			y := 0.0
			if x.Label {
				y = 1
			}
			lr := cfg.Rate / (1 + float64(step)/float64(len(ex)))
			g := p - y
			bias -= lr * g
			ubias -= float64(step) * lr * g
			for _, f := range x.F {
				d := lr * (g + cfg.L2*w[f])
				w[f] -= d
				u[f] -= float64(step) * d
			}
			step++
		}
	}
	n := float64(max(1, step))
	for i, v := range w {
		m.W[i] = float32(v - u[i]/n)
	}
	m.Bias = float32(bias - ubias/n)
	// round-trip through the file format so the in-memory model scores
	// exactly as the saved one will
	q, _ := Unmarshal(m.Marshal())
	return q
}

// exampleKey hashes an example's features and label with the seed and the
// epoch (FNV-1a over 64 bits, then a final mix).
func exampleKey(x Example, seed uint64, epoch int) uint64 {
	h := uint64(14695981039346656037) ^ seed*0x9e3779b97f4a7c15 ^ uint64(epoch+1)*0xbf58476d1ce4e5b9
	for _, f := range x.F {
		h = (h ^ uint64(f)) * 1099511628211
	}
	if x.Label {
		h = (h ^ 1) * 1099511628211
	}
	h ^= h >> 31
	h *= 0x94d049bb133111eb
	h ^= h >> 29
	return h
}
