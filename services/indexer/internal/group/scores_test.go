package group

import "testing"

// TestScoresKept: Best, Fit and Merges give the same with the scores a
// store scored beforehand (ScoreNear, kept with Add) as without, and a
// kept score is read rather than scored again.
func TestScoresKept(t *testing.T) {
	it := item("n", "C", "quote", "Ana Lima", "The inquiry started when the harbour master admitted the cranes were sold")
	near := item("m3", "G", "quote", "Ana Lima", "The inquiry into the harbour closed")
	older := &Candidate{ID: "b-older", Size: 6,
		Rep: item("r1", "A", "quote", "Ana Lima", "The inquiry began after the harbour master said the cranes had been sold"),
		Members: []*Item{
			item("m1", "E", "quote", "Ana Lima", "The inquiry began after the harbour master said the cranes had been sold"),
			item("m2", "F", "reported", "Ana Lima", "the inquiry began when the harbour master admitted the cranes were sold"),
			near,
		}}
	newer := &Candidate{ID: "a-newer", Size: 1,
		Rep: item("r2", "B", "reported", "Ana Lima", "the inquiry started once the harbour master admitted that the cranes were sold off")}
	other := &Candidate{ID: "c-other", Size: 40,
		Rep: item("r3", "D", "quote", "Ana Lima", "The harbour will reopen to ferries next week")}
	cs := []*Candidate{newer, older, other}
	kept := NewScores(it)
	for _, c := range cs {
		for _, m := range append([]*Item{c.Rep}, c.Members...) {
			s, n := ScoreNear(it, m)
			kept.Add(m, s, n)
		}
	}
	if got, want := kept.Best(cs), Best(it, cs); got != want {
		t.Errorf("Best with kept scores = %d; want %d", got, want)
	}
	for _, c := range cs {
		if got, want := kept.Fit(c), Fit(it, c); got != want {
			t.Errorf("Fit(%s) with kept scores = %v; want %v", c.ID, got, want)
		}
		if got, want := kept.Merges(older, c), Merges(it, older, c); got != want {
			t.Errorf("Merges(%s) with kept scores = %v; want %v", c.ID, got, want)
		}
	}
	// Read, not scored: a score kept on purpose wrong is what Fit sees.
	wrong := NewScores(it)
	wrong.Add(other.Rep, 0.9, false)
	if f := wrong.Fit(other); f != 0.9 {
		t.Errorf("Fit with a kept score of 0.9 = %v; want the kept score", f)
	}
	// Reset forgets them.
	wrong.Reset(it)
	if got, want := wrong.Fit(other), Fit(it, other); got != want {
		t.Errorf("Fit after Reset = %v; want %v", got, want)
	}
}
