package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/cleaner/clean"
	"github.com/claimwire/claimwire/services/extractor/extract"
)

func init() {
	register("replay", "re-run extraction (or cleaning) over a stream from a time or sequence, with progress", runReplay)
}

func runReplay(ctx context.Context, args []string) error {
	fs := newFlags("replay", "--since TIME|--seq N [flags]",
		"Re-runs a stage over its input stream with the code of this binary: --stage extractor (default)\n"+
			"reads ARTICLES and publishes fresh ClaimSets to CLAIMS; --stage cleaner reads PAGES and publishes\n"+
			"fresh Articles to ARTICLES (the running extractor then picks them up). The indexer keeps exactly\n"+
			"one claim set per article, the newest extractor version's, so replay never duplicates rows.\n"+
			"Run it after upgrading the extractor; the live pipeline keeps running meanwhile.\n"+
			"TIME is RFC 3339 (2025-10-30T00:00:00Z), a date (2025-10-30) or an age (72h: that long ago).")
	var c connFlags
	c.register(fs)
	since := fs.String("since", "", "replay messages stored at or after TIME")
	seq := fs.Uint64("seq", 0, "replay from this stream sequence")
	stage := fs.String("stage", contract.StageExtractor, "stage to re-run: extractor or cleaner")
	workers := fs.Int("workers", 2, "messages handled concurrently")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (*since == "") == (*seq == 0) {
		fs.Usage()
		return fmt.Errorf("give exactly one of --since or --seq")
	}
	var stream string
	var process replayFunc
	switch *stage {
	case contract.StageExtractor:
		stream = contract.StreamArticles
		process = func(ctx context.Context, env *service.Env, data []byte) (int, []bus.Output, error) {
			cs, out, err := extract.Process(ctx, env, data)
			return len(cs.Claims), out, err
		}
	case contract.StageCleaner:
		stream = contract.StreamPages
		process = func(ctx context.Context, env *service.Env, data []byte) (int, []bus.Output, error) {
			_, out, err := clean.Process(ctx, env, data)
			return 0, out, err
		}
	default:
		return fmt.Errorf("--stage %q: want extractor or cleaner", *stage)
	}
	cfg := jetstream.OrderedConsumerConfig{}
	if *seq > 0 {
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, *seq
	} else {
		t, err := parseSince(*since, time.Now())
		if err != nil {
			return err
		}
		cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, &t
	}
	nc, js, topo, err := c.connect(ctx, "replay")
	if err != nil {
		return err
	}
	defer nc.Close()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	env := &service.Env{Log: log, NC: nc, JS: js, Topology: topo}
	res, err := replay(ctx, env, stream, cfg, *workers, process)
	fmt.Fprintf(os.Stderr, "replay %s over %s: %d messages, %d claims, %d failed, %.1fs\n", *stage, stream, res.done, res.claims, res.failed, res.elapsed.Seconds())
	return err
}

// replayFunc handles one message as a stage would: the number of claims
// found and the messages to publish onward.
type replayFunc func(ctx context.Context, env *service.Env, data []byte) (int, []bus.Output, error)

type replayResult struct {
	done, claims, failed int64
	elapsed              time.Duration
}

// replay reads stream from the configured start up to its last message at
// the time replay began (new messages are the live pipeline's), handling each
// with process.
func replay(ctx context.Context, env *service.Env, stream string, cfg jetstream.OrderedConsumerConfig, workers int,
	process replayFunc) (replayResult, error) {
	start := time.Now()
	var res replayResult
	s, err := env.JS.Stream(ctx, env.Topology.Stream(stream))
	if err != nil {
		return res, err
	}
	info := s.CachedInfo().State
	last := info.LastSeq
	first := max(info.FirstSeq, cfg.OptStartSeq)
	total := int(last - min(last, first) + 1)
	if info.Msgs == 0 || (cfg.OptStartSeq > last) {
		return res, nil
	}
	cons, err := env.JS.OrderedConsumer(ctx, env.Topology.Stream(stream), cfg)
	if err != nil {
		return res, err
	}
	prog := newProgress("replay", total)
	msgs := make(chan jetstream.Msg, workers*4)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range max(1, workers) {
		wg.Go(func() {
			for m := range msgs {
				n, outs, err := process(ctx, env, m.Data())
				if err == nil {
					err = bus.PublishAll(ctx, env.JS, outs...)
				}
				var pe *bus.PermanentError
				if err != nil {
					atomic.AddInt64(&res.failed, 1)
					if !errors.As(err, &pe) {
						mu.Lock()
						if firstErr == nil {
							firstErr = err
						}
						mu.Unlock()
					}
					env.Log.Warn("replay", "subject", m.Subject(), "err", err)
				}
				atomic.AddInt64(&res.claims, int64(n))
				atomic.AddInt64(&res.done, 1)
				mu.Lock()
				prog.add(0)
				mu.Unlock()
			}
		})
	}
	func() {
		defer close(msgs)
		for ctx.Err() == nil {
			m, err := cons.Next(jetstream.FetchMaxWait(2 * time.Second))
			if errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) {
				return // nothing more at or after the start point
			}
			if err != nil {
				mu.Lock()
				firstErr = err
				mu.Unlock()
				return
			}
			md, _ := m.Metadata()
			msgs <- m
			if md != nil && md.Sequence.Stream >= last {
				return
			}
		}
	}()
	wg.Wait()
	prog.total = int(res.done)
	prog.done()
	res.elapsed = time.Since(start)
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	return res, firstErr
}

// parseSince reads RFC 3339, a date, or an age ("72h").
func parseSince(s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	if n, err := strconv.Atoi(strings.TrimSuffix(s, "d")); err == nil && strings.HasSuffix(s, "d") && n > 0 {
		return now.AddDate(0, 0, -n), nil
	}
	return time.Time{}, fmt.Errorf("--since %q: want RFC 3339 (2025-10-30T00:00:00Z), a date (2025-10-30) or an age (72h, 7d)", s)
}
