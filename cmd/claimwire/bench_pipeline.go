package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	dto "github.com/prometheus/client_model/go"

	"github.com/claimwire/claimwire/pkg/benchstat"
	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/metrics"
	"github.com/claimwire/claimwire/pkg/natsembed"
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/cleaner/clean"
	"github.com/claimwire/claimwire/services/extractor/extract"
	"github.com/claimwire/claimwire/services/indexer/index"
)

func init() {
	benchCommands["pipeline"] = command{summary: "push N generated articles through an embedded pipeline: articles/s, p50/p99 page→indexed latency", run: runBenchPipeline}
}

// timedStore records when each article's ClaimSet is committed.
type timedStore struct {
	index.Store
	mu   sync.Mutex
	done map[string]time.Time
	// again counts ClaimSets applied for an article already committed:
	// redeliveries the indexer handled a second time.
	again int
}

func (s *timedStore) Apply(ctx context.Context, cs contract.ClaimSet) (bool, error) {
	ok, err := s.Store.Apply(ctx, cs)
	if err == nil {
		s.mu.Lock()
		if _, seen := s.done[cs.Article.ID]; !seen {
			s.done[cs.Article.ID] = time.Now()
		} else {
			s.again++
		}
		s.mu.Unlock()
	}
	return ok, err
}

func (s *timedStore) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.done)
}

func runBenchPipeline(ctx context.Context, args []string) error {
	fs := newFlags("bench pipeline", "[-n N] [--pages DIR] [--rate R] [--db DSN]",
		"Starts an embedded NATS server and the cleaner, extractor and indexer in this process, publishes N\n"+
			"articles to PAGES (generated ~3 KB texts, or the pages of --pages repeated with distinct URLs), at\n"+
			"once or paced at --rate, and prints articles/s end to end and the p50/p99 latency from publishing a\n"+
			"page to its claims being committed in the index.")
	n := fs.Int("n", 2000, "articles to push")
	pagesDir := fs.String("pages", "", "folder of real pages (HTML or text, manifest.tsv for their URLs) to publish in turn, each copy under its own URL and outlet, instead of generated text")
	rate := fs.Float64("rate", 0, "articles published per second (0: all at once); a paced run measures latency at a steady load")
	db := fs.String("db", "", "index store (default: SQLite in a temp folder)")
	workers := fs.Int("workers", 2, "workers per stage for cleaner and extractor")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file")
	memprofile := fs.String("memprofile", "", "write a heap profile at the end of the run to this file (alloc_space: where the run allocated, which is what the garbage collector pays for)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	dir, err := os.MkdirTemp("", "claimwire-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if *db == "" {
		*db = "sqlite:" + filepath.Join(dir, "index.db")
	}
	load := generatedLoad
	if *pagesDir != "" {
		if load, err = pagesLoad(*pagesDir); err != nil {
			return err
		}
	}
	cpu0 := benchstat.CPU()
	res, err := benchPipeline(ctx, dir, *db, *n, *workers, *rate, load)
	if err != nil {
		return err
	}
	cpu := benchstat.CPU() - cpu0
	if *memprofile != "" {
		if err := writeHeapProfile(*memprofile); err != nil {
			return err
		}
	}
	fmt.Printf("pipeline: %d articles in %.2fs = %.0f articles/s; page→indexed latency p50 %s p99 %s; %d claims\n",
		res.n, res.elapsed.Seconds(), float64(res.n)/res.elapsed.Seconds(), res.p50.Round(time.Millisecond), res.p99.Round(time.Millisecond), res.claims)
	// On a shared machine the wall figures depend on the neighbours: the
	// CPU time the pipeline used (every stage and, on SQLite, the index)
	// and the load average say how much.
	fmt.Printf("dead-lettered: %d %s\n", res.dead, res.firstDead)
	fmt.Printf("redelivered: cleaner %d, extractor %d, indexer %d; ClaimSets applied again %d\n",
		res.redelivered[0], res.redelivered[1], res.redelivered[2], res.again)
	fmt.Printf("cpu: %.2fs = %.0f articles/cpu-s; load average %s\n", cpu.Seconds(), float64(res.n)/cpu.Seconds(), benchstat.LoadAverage())
	return nil
}

// writeHeapProfile writes the heap profile (allocations since the start
// with their call stacks) to path.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

type pipelineResult struct {
	n        int
	elapsed  time.Duration
	p50, p99 time.Duration
	claims   int
	// redelivered is each stage's (cleaner, extractor, indexer) count of
	// messages JetStream delivered more than once; again the ClaimSets the
	// indexer applied for an article it had already committed.
	redelivered [3]int
	// dead is what the DLQ holds at the end, firstDead the stage and
	// reason of the first.
	dead      int
	firstDead string
	again     int
}

// benchLoad gives the i-th article to publish: its URL, content type and body.
type benchLoad func(i int) (url, contentType string, body []byte)

func generatedLoad(i int) (string, string, []byte) {
	return fmt.Sprintf("https://bench.example/story/%d", i), "text/plain", generatedArticle(i)
}

// pagesLoad publishes the pages of dir in turn. Copy k of a page gets its
// own host (k.bench.example, or k. before the manifest URL's host), so
// that repeated real news loads the index as many outlets reporting the
// same quotes would: the hard case for grouping cost.
func pagesLoad(dir string) (benchLoad, error) {
	items, _, err := collect([]string{dir})
	if err != nil {
		return nil, err
	}
	type page struct {
		host, path, ct string
		body           []byte
	}
	var pages []page
	for i, it := range items {
		body, err := readFile(it.path)
		if err != nil {
			return nil, err
		}
		p := page{host: "bench.example", path: fmt.Sprintf("/page/%d", i), ct: contentTypeFor(it.path), body: body}
		if u, err := url.Parse(it.url); err == nil && u.Host != "" {
			p.host, p.path = u.Host, u.EscapedPath()
		}
		pages = append(pages, p)
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("bench pipeline: no HTML or text pages in %s", dir)
	}
	return func(i int) (string, string, []byte) {
		p := pages[i%len(pages)]
		return fmt.Sprintf("https://c%d.%s%s", i/len(pages), p.host, p.path), p.ct, p.body
	}, nil
}

func benchPipeline(ctx context.Context, dir, dsn string, n, workers int, rate float64, load benchLoad) (pipelineResult, error) {
	var res pipelineResult
	ns, err := natsembed.Start(natsembed.Config{Port: -1, StoreDir: filepath.Join(dir, "nats")})
	if err != nil {
		return res, err
	}
	defer ns.Shutdown()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	nc, js, err := bus.Connect(ctx, ns.ClientURL(), "bench", log)
	if err != nil {
		return res, err
	}
	defer nc.Close()
	topo := bus.Topology{MaxMsgSize: 8 << 20}
	if err := topo.Ensure(ctx, js); err != nil {
		return res, err
	}
	inner, err := index.OpenStore(ctx, dsn)
	if err != nil {
		return res, err
	}
	defer inner.Close()
	st := &timedStore{Store: inner, done: map[string]time.Time{}}
	reg := metrics.NewRegistry(service.Version)
	env := &service.Env{Log: log, NC: nc, JS: js, Topology: topo, Registry: reg, Metrics: metrics.NewPipeline(reg)}
	cf := service.ConsumerFlags{Workers: workers, Buffer: 16, MaxDeliver: 5}

	runCtx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { _ = clean.Run(runCtx, clean.Config{Consumer: cf}, env) })
	wg.Go(func() { _ = extract.Run(runCtx, extract.Config{Consumer: cf}, env) })
	wg.Go(func() {
		_ = index.Consume(runCtx, index.Config{Consumer: service.ConsumerFlags{Workers: index.DefaultWorkers, Buffer: 64, MaxDeliver: 5}}, env, st)
	})
	defer func() { cancel(); wg.Wait() }()

	sent := make(map[string]time.Time, n)
	start := time.Now()
	for i := range n {
		if rate > 0 {
			if wait := time.Until(start.Add(time.Duration(float64(i) / rate * float64(time.Second)))); wait > 0 {
				select {
				case <-ctx.Done():
					return res, ctx.Err()
				case <-time.After(wait):
				}
			}
		}
		url, ct, body := load(i)
		p := contract.Page{Schema: contract.Schema, ID: contract.ArticleID(url, nil), URL: url, Source: "file", ContentType: ct, FetchedAt: time.Now()}
		sent[p.ID] = time.Now()
		// On a loaded machine the server's ack can take longer than the
		// client waits (5 s); the page's message id makes a second try
		// safe: the server drops a copy it already stored.
		for try := 1; ; try++ {
			err := bus.PublishPage(ctx, js, topo, &p, body, nil)
			if err == nil {
				break
			}
			if try == 5 || ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
				return res, err
			}
		}
	}
	prog := newProgress("indexed", n)
	var lastDLQCheck time.Time
	for last := 0; ; {
		c := st.count()
		for ; last < c; last++ {
			prog.add(0)
		}
		if c >= n {
			break
		}
		// An article dead-lettered on the way is never indexed: without
		// this check the run would wait for it forever.
		if time.Since(lastDLQCheck) > 500*time.Millisecond {
			lastDLQCheck = time.Now()
			if dead, first := deadLettered(ctx, js, topo); dead > 0 && c+dead >= n {
				return res, fmt.Errorf("bench pipeline: %d of %d articles indexed and %d dead-lettered (the first by %s), so the run measures nothing; max_deliveries means a stage did not ack within its ack wait %d times, as on a machine too loaded to run the benchmark", c, n, dead, first, cf.MaxDeliver)
			}
		}
		select {
		case <-ctx.Done():
			return res, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	prog.done()
	res.elapsed = time.Since(start)
	res.n = n
	lat := make([]time.Duration, 0, n)
	st.mu.Lock()
	for id, t := range st.done {
		lat = append(lat, t.Sub(sent[id]))
	}
	st.mu.Unlock()
	res.again = st.again
	slices.Sort(lat)
	for i, stage := range []string{contract.StageCleaner, contract.StageExtractor, contract.StageIndexer} {
		var m dto.Metric
		if env.Metrics.Redeliveries.WithLabelValues(stage).Write(&m) == nil {
			res.redelivered[i] = int(m.GetCounter().GetValue())
		}
	}
	res.p50, res.p99 = lat[len(lat)/2], lat[min(len(lat)-1, len(lat)*99/100)]
	_, res.claims, _ = inner.Counts(ctx)
	// An article can be indexed and dead-lettered too (the server gave up
	// on a message a handler then committed): count them.
	res.dead, res.firstDead = deadLettered(ctx, js, topo)
	return res, nil
}

// deadLettered is how many messages the DLQ stream holds (0 if it cannot
// be read) and the stage and reason of the first.
func deadLettered(ctx context.Context, js jetstream.StreamManager, topo bus.Topology) (int, string) {
	st, err := js.Stream(ctx, topo.Stream(contract.StreamDLQ))
	if err != nil {
		return 0, ""
	}
	info, err := st.Info(ctx)
	if err != nil || info.State.Msgs == 0 {
		return 0, ""
	}
	first := "unknown"
	if m, err := st.GetMsg(ctx, info.State.FirstSeq); err == nil {
		first = m.Header.Get(contract.HeaderDLQStage) + ": " + m.Header.Get(contract.HeaderDLQReason)
	}
	return int(info.State.Msgs), first
}

// generatedArticle is a ~2 KB news text with quotes, reported speech and
// figures. Speakers, outlets and wording vary with i, as across real
// articles, so that only articles about the same story share quotes.
func generatedArticle(i int) []byte {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	// Words built from syllables give a vocabulary of thousands, like real
	// news; a few dozen words would make every quote resemble every other.
	word := func() string {
		w := ""
		for range 2 + r.IntN(2) {
			w += pick(genSyllables)
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
	title := func(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
	first, last := pick(genFirst), pick(genLast)
	paper := pick(genLast) + " " + pick(genPapers)
	b := fmt.Appendf(nil, "%s %s report %d\n\n", title(word()), word(), i)
	// Each paragraph draws its shape and its content words afresh, as real
	// articles do: template-like sentences would all look alike to the indexer.
	for p := range 4 {
		switch r.IntN(4) {
		case 0:
			b = fmt.Appendf(b, "The %s %s approved %d million dollars for %s %s, after %d hours of debate.\n\n", word(), word(), 10+r.IntN(900), word(), word(), 2+r.IntN(9))
		case 1:
			b = fmt.Appendf(b, "More than %d %s %s were %s near the %s %s on %s.\n\n", 20+r.IntN(2000), word(), word(), word(), word(), word(), word())
		case 2:
			b = fmt.Appendf(b, "A %s %s found that %d%% of %s %s %s the %s.\n\n", word(), word(), 5+r.IntN(90), word(), word(), word(), word())
		default:
			b = fmt.Appendf(b, "%s %s %s %s in %s.\n\n", title(word()), word(), word(), word(), word())
		}
		switch r.IntN(3) {
		case 0:
			b = fmt.Appendf(b, "\u201c%s,\u201d said %s %s %s.\n\n", title(words(6+r.IntN(8))), pick(genRoles), first, last)
		case 1:
			b = fmt.Appendf(b, "\"%s,\" %s told %s, adding that \"%s.\"\n\n", title(words(5+r.IntN(6))), last, paper, words(4+r.IntN(6)))
		default:
			b = fmt.Appendf(b, "According to the %s, %s %s %s %s %s.\n\n", paper, word(), word(), word(), word(), words(3+r.IntN(5)))
		}
		if p == 2 {
			b = fmt.Appendf(b, "%s %s warned that the %s %s could %s %s.\n\n", first, last, word(), word(), word(), words(3))
		}
	}
	return b
}

var (
	genFirst     = []string{"Ana", "Tomas", "Lena", "Omar", "Priya", "Kenji", "Sofia", "Diego", "Amara", "Ivan", "Chen", "Fatima", "Lars", "Nadia", "Pedro", "Yusuf"}
	genLast      = []string{"Lindqvist", "Reyes", "Okafor", "Haddad", "Sharma", "Tanaka", "Rossi", "Moreno", "Diallo", "Petrov", "Wei", "Rahman", "Berg", "Novak", "Costa", "Aydin"}
	genRoles     = []string{"Mayor", "council member", "harbour master", "Minister", "union leader", "spokesperson"}
	genPapers    = []string{"Herald", "Gazette", "Tribune", "Courier", "Post", "Radio"}
	genSyllables = []string{"ka", "lo", "mi", "ver", "dan", "sol", "tri", "por", "nel", "gua", "ber", "zon", "fi", "ru", "tes", "mar", "ol", "ven", "si", "da", "pre", "lun", "cor", "by"}
)
