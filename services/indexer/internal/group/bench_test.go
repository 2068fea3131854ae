package group

import (
	"fmt"
	"testing"
)

// BenchmarkScore compares one new claim with a full candidate list (the
// store's cap per key) of stored claims by many speakers, the inner loop
// of grouping at scale.
func BenchmarkScore(b *testing.B) {
	surnames := []string{"Lima", "Costa", "Brennan", "Vale", "Marwick", "Quint", "Verrin", "Ferreira"}
	firsts := []string{"Ana", "Rui", "Ada", "Ines", "Ilse", "Tomas", "Petra", "Odile"}
	texts := []string{
		"the harbour cranes were sold to a foreign buyer in secret last winter",
		"we will not close the northern ferry route before the review is done",
		"the council must explain why 40 dockers lost their jobs this spring",
		"nobody told the families that the bridge would stay shut until June",
		"our port handled more cargo this year than in any year since 1998",
	}
	var cands []*Item
	for i := range 100 {
		speaker := firsts[i%len(firsts)] + " " + surnames[(i/len(firsts))%len(surnames)]
		cands = append(cands, item(fmt.Sprint(i), fmt.Sprint("a", i), "quote", speaker, texts[i%len(texts)]+fmt.Sprintf(", she said on day %d", i)))
	}
	it := item("new", "z", "quote", "Ana Lima", "The harbour cranes were sold in secret to a foreign buyer last winter")
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cands {
			Score(it, c)
		}
	}
}
