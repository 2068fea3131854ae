package linemodel

import (
	"bytes"
	"errors"
	"testing"
)

// TestFitSeparates fits a one-feature problem whose classes a threshold
// separates, and checks the model, its file and its round trip.
func TestFitSeparates(t *testing.T) {
	names := []string{"bias", "x"}
	var xs [][]float64
	var ys []bool
	for i := 0; i < 40; i++ {
		v := float64(i) / 40
		xs = append(xs, []float64{1, v})
		ys = append(ys, v > 0.6)
	}
	m, err := Fit(names, xs, ys, Options{L2: 0.001, Iterations: 50, PositiveWeight: 1, Threshold: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range xs {
		if x[1] < 0.5 || x[1] > 0.7 { // away from the boundary
			if m.Furniture(x) != ys[i] {
				t.Errorf("x=%.2f: got %v", x[1], m.Furniture(x))
			}
		}
	}
	b := m.Marshal()
	back, err := Parse(b, names)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.Marshal(), b) {
		t.Fatal("round trip changed the file")
	}
	if _, err := Parse(b, []string{"bias", "y"}); !errors.Is(err, ErrMismatch) {
		t.Fatalf("other features: got %v, want ErrMismatch", err)
	}
}

func TestFitRejectsBadInput(t *testing.T) {
	if _, err := Fit([]string{"bias"}, nil, nil, DefaultOptions()); err == nil {
		t.Fatal("no samples: want an error")
	}
	if _, err := Fit([]string{"bias", "x"}, [][]float64{{1}}, []bool{true}, DefaultOptions()); err == nil {
		t.Fatal("short sample: want an error")
	}
}
