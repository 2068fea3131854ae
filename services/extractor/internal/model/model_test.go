package model

import (
	"bytes"
	"hash/fnv"
	"testing"
)

func examples() []Example {
	var b Builder
	var ex []Example
	for i := 0; i < 200; i++ {
		b.Reset()
		label := i%3 != 0
		if label {
			b.Add("cue", "said")
		} else {
			b.Add("cue", "reported-as-adjective")
		}
		b.Add("parity", string(rune('a'+i%2)))
		ex = append(ex, Example{F: b.Features(), Label: label})
	}
	return ex
}

func TestTrainLearnsAndIsDeterministic(t *testing.T) {
	ex := examples()
	a := Train(ex, DefaultTrain)
	b := Train(ex, DefaultTrain)
	if !bytes.Equal(a.Marshal(), b.Marshal()) {
		t.Fatal("two runs with the same data and seed differ")
	}
	var pos, neg Builder
	pos.Add("cue", "said")
	neg.Add("cue", "reported-as-adjective")
	if p, n := a.Score(pos.Features()), a.Score(neg.Features()); p < 0.8 || n > 0.2 {
		t.Fatalf("scores %v (positive) and %v (negative) not separated", p, n)
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	m := Train(examples(), DefaultTrain)
	got, err := Unmarshal(m.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Marshal(), m.Marshal()) {
		t.Fatal("round trip changed the model")
	}
	if _, err := Unmarshal([]byte("nonsense")); err == nil {
		t.Fatal("garbage accepted as a model")
	}
}

func TestHashIsFNV1a(t *testing.T) {
	// the feature hash is FNV-1a of "name=value": a change would silently
	// detach every trained weight from its feature
	h := fnv.New32a()
	h.Write([]byte("rule=quote-source-cue"))
	var b Builder
	b.Add("rule", "quote-source-cue")
	if got, want := b.Features()[0], h.Sum32()&(1<<Bits-1); got != want {
		t.Fatalf("hash %d, want %d", got, want)
	}
}

func BenchmarkBuilder(b *testing.B) {
	var fb Builder
	b.ReportAllocs()
	for b.Loop() {
		fb.Reset()
		for i := 0; i < 40; i++ {
			fb.Add2("rule×lemma", "quote-source-cue", "say")
		}
	}
}
