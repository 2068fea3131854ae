package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/benchstat"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// Generator makes a synthetic news stream for benchmarks: outlets re-report
// statements of a population of speakers, truncating and rewording them, so
// grouping has the same kind of work as on real news. Deterministic per seed.
type Generator struct {
	rng      *rand.Rand
	words    []string
	speakers []string
	outlets  []string
	said     [][]string // statements per speaker
}

// NewGenerator returns a generator with nSpeakers speakers.
func NewGenerator(seed uint64, nSpeakers int) *Generator {
	g := &Generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	syl := []string{"ka", "lo", "mi", "ra", "te", "su", "von", "dar", "pel", "qui", "nor", "bas", "ti", "ger", "hal", "mun", "zer", "ol", "fin", "ast"}
	for len(g.words) < 3000 {
		n := 2 + g.rng.IntN(3)
		var b strings.Builder
		for range n {
			b.WriteString(syl[g.rng.IntN(len(syl))])
		}
		g.words = append(g.words, b.String())
	}
	for i := range nSpeakers {
		g.speakers = append(g.speakers, fmt.Sprintf("%s %s%d", strings.Title(g.words[g.rng.IntN(500)]), strings.Title(g.words[g.rng.IntN(500)]), i))
		var st []string
		for range 3 + g.rng.IntN(5) {
			st = append(st, g.sentence(8+g.rng.IntN(14)))
		}
		g.said = append(g.said, st)
	}
	for i := range 60 {
		g.outlets = append(g.outlets, fmt.Sprintf("outlet%02d.example", i))
	}
	return g
}

func (g *Generator) sentence(n int) string {
	w := make([]string, n)
	for i := range w {
		// Zipf-like: common words often, rare words rarely.
		w[i] = g.words[int(float64(len(g.words))*g.rng.Float64()*g.rng.Float64())]
	}
	return strings.Join(w, " ")
}

// reword truncates or alters a statement the way outlets do.
func (g *Generator) reword(s string) string {
	w := strings.Fields(s)
	switch g.rng.IntN(4) {
	case 0: // truncated
		w = w[:max(4, len(w)*2/3)]
	case 1: // one word changed
		w[g.rng.IntN(len(w))] = g.words[g.rng.IntN(len(g.words))]
	}
	return strings.Join(w, " ")
}

// ClaimSet returns the i-th article with claimsPer claims.
func (g *Generator) ClaimSet(i, claimsPer int) contract.ClaimSet {
	id := fmt.Sprintf("gen%08d", i)
	a := Article(id, g.outlets[g.rng.IntN(len(g.outlets))], 1+g.rng.IntN(28))
	cs := Set(a, "1.0")
	var text strings.Builder
	for k := range claimsPer {
		sp := g.rng.IntN(len(g.speakers))
		var c contract.Claim
		if k == claimsPer-1 && g.rng.IntN(3) == 0 {
			v := float64(10 * (1 + g.rng.IntN(200)))
			t := fmt.Sprintf("the %s left %g people dead in %s", g.words[g.rng.IntN(200)], v, g.words[g.rng.IntN(3000)])
			c = Stat(id, t, v, "people killed")
		} else {
			st := g.said[sp]
			t := g.reword(st[g.rng.IntN(len(st))])
			c = Quote(id, t, g.speakers[sp])
		}
		Place(&text, id, k, &c)
		cs.Claims = append(cs.Claims, c)
	}
	cs.Article.Text = text.String()
	return cs
}

// Word returns a vocabulary word for search queries.
func (g *Generator) Word() string { return g.words[g.rng.IntN(len(g.words)/3)] }

// BenchIngest reports ClaimSets/s (4 claims each) applied to s by workers
// concurrent callers, as the indexer's consumer workers call Apply.
func BenchIngest(b *testing.B, s store.Store, workers int) {
	g := NewGenerator(1, 5000)
	ctx := context.Background()
	work := make(chan contract.ClaimSet, workers)
	var wg sync.WaitGroup
	var failed atomic.Value
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for cs := range work {
				if _, err := s.Apply(ctx, cs); err != nil {
					failed.Store(err)
				}
			}
		}()
	}
	i := 0
	start, cpu0 := time.Now(), benchstat.CPU()
	// The last fifth of the run is also measured alone: the rate once the
	// index holds most of its claims (-benchtime 250000x: the rate between
	// 800,000 and 1,000,000 claims). It is below the overall rate by
	// design until the candidate lists fill: a key keeps its newest 100
	// claims (maxCandidatesPerKey), and the generator's 5,000 speakers
	// reach that only near 550,000 claims, so each ClaimSet meets more
	// candidates (8 a ClaimSet in the first fifth of 100,000 claims, 73 in
	// the last) while the cost of each stays flat. b.N is not known inside b.Loop: marks are taken
	// every 500 ClaimSets and the one at four fifths picked afterwards.
	type mark struct {
		at  time.Time
		cpu time.Duration
	}
	var marks []mark
	for b.Loop() {
		if i%500 == 0 {
			marks = append(marks, mark{time.Now(), benchstat.CPU()})
		}
		work <- g.ClaimSet(i, 4)
		i++
	}
	close(work)
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(i)/time.Since(start).Seconds(), "claimsets/s")
	// On a shared machine wall time depends on the neighbours; the process
	// CPU time per ClaimSet does not (it includes the generator's share).
	b.ReportMetric(float64(i)/(benchstat.CPU()-cpu0).Seconds(), "claimsets/cpu-s")
	if k := (i - i/5) / 500; i >= 5000 && k < len(marks) {
		n := i - k*500
		b.ReportMetric(float64(n)/(benchstat.CPU()-marks[k].cpu).Seconds(), "last-fifth-claimsets/cpu-s")
		b.ReportMetric(float64(n)/time.Since(marks[k].at).Seconds(), "last-fifth-claimsets/s")
	}
}

// BenchSearch fills s with nClaims claims (4 per ClaimSet), then measures
// full-text search latency through Claims, reporting p50 and p99.
func BenchSearch(b *testing.B, s store.Store, nClaims int) {
	g := NewGenerator(2, 5000)
	ctx := context.Background()
	start := time.Now()
	for i := range nClaims / 4 {
		if _, err := s.Apply(ctx, g.ClaimSet(i, 4)); err != nil {
			b.Fatal(err)
		}
	}
	fill := time.Since(start)
	var lat []time.Duration
	b.ResetTimer()
	for b.Loop() {
		q := store.ClaimQuery{Q: g.Word(), Limit: 50}
		if len(lat)%3 == 1 {
			q.Q += " " + g.Word()
		}
		t0 := time.Now()
		if _, err := s.Claims(ctx, q); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	// After the loop: metrics reported before ResetTimer are dropped.
	b.ReportMetric(float64(nClaims/4)/fill.Seconds(), "fill-claimsets/s")
}

// BenchPopularQuote reports the cost of one more outlet reprinting a quote
// that copies outlets already carry (every copy joins one cluster): it must
// not grow with copies.
func BenchPopularQuote(b *testing.B, s store.Store, copies int) {
	ctx := context.Background()
	const text = "The tide gauges on the north pier have been broken for three years and nobody in the ministry cared"
	add := func(i int) {
		id := fmt.Sprintf("pq%07d", i)
		a := Article(id, fmt.Sprintf("outlet%07d.example", i), 1+i%28)
		if _, err := s.Apply(ctx, Set(a, "1.0", Quote(id, text, "Lena Ortiz"))); err != nil {
			b.Fatal(err)
		}
	}
	for i := range copies {
		add(i)
	}
	i := copies
	cpu0 := benchstat.CPU()
	for b.Loop() {
		add(i)
		i++
	}
	b.ReportMetric(float64((benchstat.CPU()-cpu0).Microseconds())/float64(i-copies), "cpu-µs/op")
}
