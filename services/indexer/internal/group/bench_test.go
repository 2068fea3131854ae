package group

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
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

// BenchmarkScoreIndex scores a claim against a full candidate budget drawn
// at random from 100,000 stored claims, as the store's feature cache holds
// them (decoded): unlike BenchmarkScore, whose hundred candidates stay in
// the processor's cache, each candidate is a cache miss, as at scale.
func BenchmarkScoreIndex(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields(`harbour cranes sold foreign buyer secret winter ferry route review close northern council explain
		dockers jobs spring families bridge shut June port cargo year budget tax rise fall water school clinic open keep
		every promise vote members strike wages rail tunnel flood river bank loan fund hospital ward nurses beds`)
	names := strings.Fields("Lima Costa Brennan Vale Marwick Quint Verrin Ferreira Okoro Lund Pike Varga")
	claim := func(i int) *Item {
		ws := make([]string, 6+r.IntN(20))
		for k := range ws {
			ws[k] = words[r.IntN(len(words))]
			if r.IntN(8) == 0 {
				ws[k] = names[r.IntN(len(names))]
			}
		}
		speaker := names[r.IntN(len(names))] + " " + names[r.IntN(len(names))]
		c := contract.Claim{ID: fmt.Sprint("c", i), Kind: contract.KindQuote, Text: "and " + strings.Join(ws, " "),
			Speaker: &contract.Speaker{Name: speaker, Type: contract.SpeakerPerson}}
		it := NewItem(fmt.Sprint("a", i), c)
		d, err := DecodeFeatures(it.ID, it.ArticleID, it.Kind, it.SpeakerKey, it.SpeakerType, it.Text, EncodeFeatures(nil, &it))
		if err != nil {
			b.Fatal(err)
		}
		return &d
	}
	stored := make([]*Item, 100_000)
	for i := range stored {
		stored[i] = claim(i)
	}
	news := make([]*Item, 64)
	for i := range news {
		news[i] = claim(len(stored) + i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		it := news[i%len(news)]
		for range 150 {
			Score(it, stored[r.IntN(len(stored))])
		}
	}
}

// BenchmarkFit fits a claim to clusters of one speaker's wordings of one
// statement, as a popular quote's cluster grows: Fit compares it with the
// representative and every member it was given, and the neighbourhood rule
// judges from the same comparisons.
func BenchmarkFit(b *testing.B) {
	wordings := []string{
		"the harbour cranes were sold to a foreign buyer in secret",
		"cranes from the harbour went to a foreign buyer, secretly",
		"a foreign buyer got the harbour cranes in a secret sale",
		"the port's cranes were quietly sold abroad",
	}
	var cands []*Candidate
	for size := 3; size <= 24; size += 3 {
		c := &Candidate{ID: fmt.Sprint("c", size), Size: size}
		for i := range size {
			m := item(fmt.Sprint("c", size, "-", i), fmt.Sprint("a", i), "quote", "Ana Lima", wordings[i%len(wordings)])
			if i == 0 {
				c.Rep = m
			}
			c.Members = append(c.Members, m)
		}
		cands = append(cands, c)
	}
	it := item("new", "z", "quote", "Ana Lima", "The harbour's cranes were sold in secret to a buyer abroad")
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cands {
			Fit(it, c)
		}
	}
}

// BenchmarkScoreCandidates scores new claims against their candidates as
// a store draws them at scale: claims shaped like the pipeline benchmark's
// generated articles (words of syllables, a few hundred people sharing
// sixteen surnames, outlets as sources, figures), indexed under their
// blocking keys (Keys), each new claim compared, as the store's writer
// does, with the newest claims under each of its QueryKeys (at most 100 a
// key, 150 in all) by ScoreNear. One op is one new claim.
func BenchmarkScoreCandidates(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	syllables := strings.Fields("ka lo mi ver dan sol tri por nel gua ber zon fi ru tes mar ol ven si da pre lun cor by")
	firsts := strings.Fields("Ilse Bo Tamsin Oren Rui Ada Petra Odile Ines Tomas Lea Jun Mira Pavel Noor Sami")
	lasts := strings.Fields("Varga Okoro Lund Pike Brenner Quint Verrin Marwick Costa Vale Lima Ferreira Holm Ruiz Adler Kato")
	outlets := strings.Fields("Ledger Clarion Beacon Dispatch Observer Wire")
	word := func() string {
		w := ""
		for range 2 + r.IntN(2) {
			w += syllables[r.IntN(len(syllables))]
		}
		return w
	}
	words := func(n int) string {
		ws := make([]string, n)
		for k := range ws {
			ws[k] = word()
		}
		return strings.Join(ws, " ")
	}
	claim := func(i int) *Item {
		c := contract.Claim{ID: fmt.Sprint("c", i), Kind: contract.KindQuote}
		person := &contract.Speaker{Name: firsts[r.IntN(len(firsts))] + " " + lasts[r.IntN(len(lasts))], Type: contract.SpeakerPerson}
		switch r.IntN(5) {
		case 0, 1:
			c.Text, c.Speaker = words(6+r.IntN(8)), person
		case 2:
			c.Kind, c.Text = contract.KindReported, words(4+r.IntN(6))
			c.Speaker = &contract.Speaker{Name: lasts[r.IntN(len(lasts))], Type: contract.SpeakerPerson}
		case 3:
			c.Kind, c.Text = contract.KindReported, words(5+r.IntN(5))
			c.Speaker = &contract.Speaker{Name: lasts[r.IntN(len(lasts))] + " " + outlets[r.IntN(len(outlets))], Type: contract.SpeakerOrganization}
		default:
			v := float64(20 + r.IntN(2000))
			c.Kind, c.Text = contract.KindStatistic, fmt.Sprintf("more than %v %s were %s near the %s", v, words(2), word(), words(2))
			c.Numbers = []contract.Number{{Value: &v, Unit: "people killed", Text: fmt.Sprint(v)}}
		}
		it := NewItem(fmt.Sprint("a", i/10), c)
		d, err := DecodeFeatures(it.ID, it.ArticleID, it.Kind, it.SpeakerKey, it.SpeakerType, it.Text, EncodeFeatures(nil, &it))
		if err != nil {
			b.Fatal(err)
		}
		return &d
	}
	const stored = 40_000
	byKey := map[string][]*Item{}
	for i := range stored {
		it := claim(i)
		for _, k := range Keys(it) {
			byKey[k] = append(byKey[k], it)
		}
	}
	type task struct {
		it    *Item
		cands []*Item
	}
	tasks := make([]task, 256)
	pairs := 0
	for i := range tasks {
		it := claim(stored + i)
		seen := map[*Item]bool{}
		var cands []*Item
		for _, k := range QueryKeys(it) {
			l := byKey[k]
			for x := len(l) - 1; x >= 0 && x >= len(l)-100 && len(cands) < 150; x-- {
				if !seen[l[x]] {
					seen[l[x]] = true
					cands = append(cands, l[x])
				}
			}
		}
		tasks[i] = task{it, cands}
		pairs += len(cands)
	}
	runtime.GC() // the garbage of the setup is not the loop's
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; b.Loop(); i++ {
		t := tasks[i%len(tasks)]
		for _, c := range t.cands {
			ScoreNear(t.it, c)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(pairs)/float64(len(tasks)), "candidates/op")
}

// cpuTime is the CPU time the process has used, user and system, in ns:
// on a loaded machine a benchmark's wall time says more of the others.
func cpuTime() int64 {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return u.Utime.Nano() + u.Stime.Nano()
}
