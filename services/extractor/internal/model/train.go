package model

import (
	"math"
	"math/rand/v2"
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
	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
	step := 0
	for e := 0; e < cfg.Epochs; e++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
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
