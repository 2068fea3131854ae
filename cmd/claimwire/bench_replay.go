package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/claimwire/claimwire/pkg/benchstat"
	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/natsembed"
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/extractor/extract"
)

func init() {
	benchCommands["replay"] = command{summary: "replay N generated articles through the extractor on an embedded server: articles/s re-extracted and published", run: runBenchReplay}
}

func runBenchReplay(ctx context.Context, args []string) error {
	fs := newFlags("bench replay", "[-n N] [--workers W] [--sync]",
		"Starts an embedded NATS server, stores N generated ~2 KB articles in ARTICLES, then times\n"+
			"'claimwire replay' over them: each article read from its durable consumer, re-extracted,\n"+
			"its ClaimSet published to CLAIMS (acked by the server) and the article acked. The indexer is\n"+
			"not running: this is the replay's own rate (the indexer's is 'bench pipeline').")
	n := fs.Int("n", 20000, "articles")
	workers := fs.Int("workers", 16, "messages handled concurrently")
	sync := fs.Bool("sync", false, "fsync every write on the server (sync_interval: always), as deployments do")
	if err := parse(fs, args); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "claimwire-bench-replay-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ns, err := natsembed.Start(natsembed.Config{Port: -1, StoreDir: filepath.Join(dir, "nats"), SyncAlways: *sync})
	if err != nil {
		return err
	}
	defer ns.Shutdown()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	nc, js, err := bus.Connect(ctx, ns.ClientURL(), "bench", log)
	if err != nil {
		return err
	}
	defer nc.Close()
	topo := bus.Topology{MaxMsgSize: 8 << 20}
	if err := topo.Ensure(ctx, js); err != nil {
		return err
	}
	// Stored with asynchronous publishes: filling the stream is not what
	// is measured.
	for i := range *n {
		url := fmt.Sprintf("https://bench.example/story/%d", i)
		a := contract.Article{Schema: contract.Schema, ID: contract.ArticleID(url, nil), URL: url, Outlet: "bench.example",
			Title: fmt.Sprintf("Story %d", i), Lang: "en", Text: string(generatedArticle(i)), CleanerVersion: "bench"}
		b, _ := json.Marshal(a)
		if _, err := js.PublishAsync(topo.Subject(contract.SubjectArticles), b); err != nil {
			return err
		}
	}
	select {
	case <-js.PublishAsyncComplete():
	case <-ctx.Done():
		return ctx.Err()
	}
	env := &service.Env{Log: log, NC: nc, JS: js, Topology: topo}
	cpu0 := benchstat.CPU()
	res, err := runReplayJob(ctx, env, replayJob{ID: "bench", Stage: contract.StageExtractor, Seq: 1, Workers: *workers, Progress: true})
	if err != nil {
		return err
	}
	cpu := (benchstat.CPU() - cpu0).Seconds()
	secs := res.elapsed.Seconds()
	fmt.Printf("articles %d, extractor %s, workers %d, cores used %.1f of %d\n", res.done, extract.Version, *workers, cpu/secs, runtime.GOMAXPROCS(0))
	// per CPU-second as well (the embedded server's work included): on a
	// shared machine wall time understates what the cores do.
	fmt.Printf("bench-replay: articles_per_s=%.0f articles_per_cpu_s=%.0f claims_per_article=%.1f elapsed=%s failed=%d\n",
		float64(res.done)/secs, float64(res.done)/cpu, float64(res.claims)/float64(max(res.done, 1)), res.elapsed.Round(time.Millisecond), res.failed)
	return nil
}
