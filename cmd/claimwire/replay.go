package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/cleaner/clean"
	"github.com/claimwire/claimwire/services/extractor/extract"
	"github.com/claimwire/claimwire/services/indexer/index"
)

func init() {
	register("replay", "re-run extraction (or cleaning) over a stream from a time or sequence, and report what changed", runReplay)
}

func runReplay(ctx context.Context, args []string) error {
	fs := newFlags("replay", "--since TIME|--seq N [--report FILE] [flags]  |  --id ID (resume)  |  --delete ID",
		"Re-runs a stage over its input stream with the code of this binary: --stage extractor (default)\n"+
			"reads ARTICLES and publishes fresh ClaimSets to CLAIMS; --stage cleaner reads PAGES and publishes\n"+
			"fresh Articles to ARTICLES (the running extractor then picks them up). The indexer keeps exactly\n"+
			"one claim set per article, the newest extractor version's, so replay never duplicates rows; it also\n"+
			"records, under the replay's id, what each replaced claim set changed (claims added, removed,\n"+
			"re-attributed, re-kinded, re-worded): see /api/replays/ID, the UI's Replays page, or --report.\n"+
			"Run it after upgrading the extractor; the live pipeline keeps running meanwhile.\n"+
			"A replay reads through its own durable consumer: after a crash or Ctrl-C, run it again with the\n"+
			"--id it printed and it goes on where it stopped. --delete ID forgets a replay: its report, and the\n"+
			"consumer of a run left unfinished (the claims it indexed stay).\n"+
			"TIME is RFC 3339 (2025-10-30T00:00:00Z), a date (2025-10-30) or an age (72h: that long ago).")
	var c connFlags
	c.register(fs)
	since := fs.String("since", "", "replay messages stored at or after TIME")
	seq := fs.Uint64("seq", 0, "replay from this stream sequence")
	id := fs.String("id", "", "the replay's id (default: r-<UTC time>); an unfinished replay of that id is resumed")
	stage := fs.String("stage", contract.StageExtractor, "stage to re-run: extractor or cleaner")
	workers := fs.Int("workers", 16, "messages handled concurrently (each waits for its output's ack from the server: more than the cores)")
	report := fs.String("report", "", "when done, write the replay's report to FILE (.json: JSON, else Markdown); needs the indexer's --api")
	api := fs.String("api", "http://127.0.0.1:8080", "the indexer's HTTP API, for --report, --gold and --delete")
	gold := fs.String("gold", "", "score the old and the new version against gold annotations in DIR (NNN.json per page)")
	goldPages := fs.String("gold-pages", "", "folder with the gold pages' manifest.tsv (page → URL); default DIR/../pages")
	metricsAddr := fs.String("metrics-addr", "", "serve Prometheus metrics of the replay's progress at ADDR/metrics (e.g. :9109)")
	settle := fs.Duration("settle", 5*time.Minute, "with --report: how long to wait for the pipeline to index the replay's output")
	del := fs.String("delete", "", "delete replay ID's report and, if a run was left unfinished, its consumer; nothing else is replayed")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *del != "" {
		if !index.ReplayIDPattern.MatchString(*del) {
			return fmt.Errorf("--delete %q: letters, digits, '-' and '_', at most 64", *del)
		}
		return deleteReplay(ctx, c, *api, *del)
	}
	if *id == "" {
		*id = "r-" + time.Now().UTC().Format("20060102-150405")
	}
	if !index.ReplayIDPattern.MatchString(*id) {
		return fmt.Errorf("--id %q: letters, digits, '-' and '_', at most 64", *id)
	}
	if *since != "" && *seq != 0 {
		fs.Usage()
		return fmt.Errorf("give one of --since or --seq")
	}
	if *gold != "" && *report == "" {
		return fmt.Errorf("--gold scores into the report: give --report FILE too")
	}
	job := replayJob{ID: *id, Stage: *stage, Workers: *workers, Seq: *seq, Progress: true}
	if *since != "" {
		t, err := parseSince(*since, time.Now())
		if err != nil {
			return err
		}
		job.Since = &t
	}
	nc, js, topo, err := c.connect(ctx, "replay")
	if err != nil {
		return err
	}
	defer nc.Close()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	env := &service.Env{Log: log, NC: nc, JS: js, Topology: topo}
	if *metricsAddr != "" {
		reg := prometheus.NewRegistry()
		job.Metrics = newReplayMetrics(reg)
		ln, err := net.Listen("tcp", *metricsAddr)
		if err != nil {
			return fmt.Errorf("--metrics-addr: %w", err)
		}
		srv := &http.Server{Handler: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), ReadHeaderTimeout: 5 * time.Second}
		go srv.Serve(ln)
		defer srv.Close()
	}
	res, err := runReplayJob(ctx, env, job)
	fmt.Fprintf(os.Stderr, "replay %s (%s over %s): %d messages, %d claims, %d failed, %.1fs (%.0f/s)\n", job.ID, res.stage, res.stream,
		res.done, res.claims, res.failed, res.elapsed.Seconds(), float64(res.done)/max(res.elapsed.Seconds(), 1e-9))
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(os.Stderr, "interrupted: resume with 'claimwire replay --id %s'\n", job.ID)
		return err
	}
	if err != nil {
		return err
	}
	if *report == "" {
		fmt.Fprintf(os.Stderr, "report: %s/api/replays/%s (and /replays/%s in the UI) once the indexer has caught up\n", strings.TrimRight(*api, "/"), job.ID, job.ID)
		return nil
	}
	wctx, cancel := context.WithTimeout(ctx, *settle)
	defer cancel()
	if err := waitReplayIndexed(wctx, js, topo, res); err != nil {
		return fmt.Errorf("waiting for the indexer to apply the replay: %w", err)
	}
	return writeReplayReport(ctx, *api, job.ID, *report, *gold, *goldPages)
}

// replayFunc handles one message as a stage would: the number of claims
// found and the messages to publish onward.
type replayFunc func(ctx context.Context, env *service.Env, data []byte) (int, []bus.Output, error)

// stageReplay is what replaying each stage reads and runs.
func stageReplay(stage string) (stream string, process replayFunc, err error) {
	switch stage {
	case contract.StageExtractor:
		return contract.StreamArticles, func(ctx context.Context, env *service.Env, data []byte) (int, []bus.Output, error) {
			cs, out, err := extract.Process(ctx, env, data)
			return len(cs.Claims), out, err
		}, nil
	case contract.StageCleaner:
		return contract.StreamPages, func(ctx context.Context, env *service.Env, data []byte) (int, []bus.Output, error) {
			_, out, err := clean.Process(ctx, env, data)
			return 0, out, err
		}, nil
	}
	return "", nil, fmt.Errorf("--stage %q: want extractor or cleaner", stage)
}

// replayJob is one replay: its id names its durable consumer and tags what
// it publishes.
type replayJob struct {
	ID       string
	Stage    string
	Seq      uint64     // start at this stream sequence, or
	Since    *time.Time // at this time (neither: resume an existing replay)
	Workers  int
	Process  replayFunc // default: the stage's own
	Progress bool
	Metrics  *replayMetrics
}

type replayResult struct {
	stage, stream        string
	done, claims, failed int64
	total                int
	resumed              bool
	elapsed              time.Duration
	// published is the last sequence of the stream the replay published
	// to, once it finished: the indexer has applied the replay when its
	// consumer has acked that far.
	published uint64
}

// Metadata keys on a replay's durable consumer: what a resumed run must
// know about the replay it continues.
const (
	replayMetaID    = "claimwire_replay"
	replayMetaStage = "claimwire_replay_stage"
	replayMetaLast  = "claimwire_replay_last_seq"
	replayMetaTotal = "claimwire_replay_total"
)

// replayAckWait is how long a message a crashed replay held waits before
// it is delivered again to the resumed one; a handler keeps a message well
// below it.
var replayAckWait = 30 * time.Second

// replayRetries is how often a message that failed for a transient reason
// is tried again before it is counted as failed.
const replayRetries = 3

func replayDurable(id string) string { return "replay_" + id }

// runReplayJob reads the stage's input stream from the start point up to
// its last message at the time the replay began (later messages are the
// live pipeline's), runs the stage on each and publishes what it outputs,
// tagged with the replay's id. Each message is acked on its durable
// consumer once its output is acked by the server, so a run interrupted at
// any point is resumed by running the same id again. The consumer is
// deleted once the replay is complete.
func runReplayJob(ctx context.Context, env *service.Env, job replayJob) (replayResult, error) {
	start := time.Now()
	res := replayResult{stage: job.Stage}
	stream, process, err := stageReplay(job.Stage)
	if err != nil {
		return res, err
	}
	if job.Process != nil {
		process = job.Process
	}
	streamName := env.Topology.Stream(stream)
	s, err := env.JS.Stream(ctx, streamName)
	if err != nil {
		return res, fmt.Errorf("replay: stream %s: %w", streamName, err)
	}
	res.stream = stream
	cons, err := s.Consumer(ctx, replayDurable(job.ID))
	switch {
	case err == nil:
		res.resumed = true
		md := cons.CachedInfo().Config.Metadata
		if st := md[replayMetaStage]; st != job.Stage {
			return res, fmt.Errorf("replay %s re-runs the %s stage, not %s: give --stage %s to resume it", job.ID, st, job.Stage, st)
		}
		if job.Seq != 0 || job.Since != nil {
			return res, fmt.Errorf("replay %s exists: resume it with --id %s alone, or start a new one with another --id", job.ID, job.ID)
		}
	case errors.Is(err, jetstream.ErrConsumerNotFound):
		if job.Seq == 0 && job.Since == nil {
			return res, fmt.Errorf("no unfinished replay %s on %s: give --since or --seq to start one", job.ID, streamName)
		}
		info, err := s.Info(ctx)
		if err != nil {
			return res, err
		}
		if info.State.Msgs == 0 || job.Seq > info.State.LastSeq {
			res.elapsed = time.Since(start)
			return res, nil // nothing to replay
		}
		cfg := jetstream.ConsumerConfig{
			Durable:     replayDurable(job.ID),
			Description: "claimwire replay " + job.ID + " (" + job.Stage + ")",
			AckPolicy:   jetstream.AckExplicitPolicy,
			AckWait:     replayAckWait,
			MaxDeliver:  -1,
			// Bounded so that a crashed run leaves few messages waiting
			// for AckWait; a few batches ahead of the workers.
			MaxAckPending: max(256, job.Workers*64),
			// An abandoned replay's consumer goes after a week.
			InactiveThreshold: 7 * 24 * time.Hour,
			Metadata: map[string]string{
				replayMetaID: job.ID, replayMetaStage: job.Stage,
				replayMetaLast: strconv.FormatUint(info.State.LastSeq, 10),
			},
		}
		if job.Seq > 0 {
			cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, job.Seq
		} else {
			cfg.DeliverPolicy, cfg.OptStartTime = jetstream.DeliverByStartTimePolicy, job.Since
		}
		if cons, err = s.CreateConsumer(ctx, cfg); err != nil {
			return res, fmt.Errorf("replay: create consumer: %w", err)
		}
		// The consumer knows how many messages lie between the start and
		// the end; keep that as the replay's total for a resumed run.
		ci := cons.CachedInfo()
		cfg.Metadata[replayMetaTotal] = strconv.FormatUint(ci.NumPending, 10)
		if cons, err = s.UpdateConsumer(ctx, cfg); err != nil {
			return res, fmt.Errorf("replay: update consumer: %w", err)
		}
	default:
		return res, fmt.Errorf("replay: consumer: %w", err)
	}
	md := cons.CachedInfo().Config.Metadata
	last, err := strconv.ParseUint(md[replayMetaLast], 10, 64)
	if err != nil {
		return res, fmt.Errorf("replay %s: consumer without its last sequence", job.ID)
	}
	total, _ := strconv.Atoi(md[replayMetaTotal])
	ci, err := cons.Info(ctx)
	if err != nil {
		return res, err
	}
	left := int(ci.NumPending) + ci.NumAckPending
	res.total = total
	already := max(0, total-left)
	if job.Metrics != nil {
		job.Metrics.stage = job.Stage
		job.Metrics.total.WithLabelValues(job.Stage).Set(float64(total))
		job.Metrics.done.WithLabelValues(job.Stage).Set(float64(already))
	}

	var prog *progress
	if job.Progress {
		label := "replay " + job.ID
		if res.resumed {
			label += " (resumed)"
		}
		prog = newProgress(label, total)
		prog.n, prog.base = already, already
	}
	var mu sync.Mutex // prog, firstErr
	var firstErr error
	var inflight atomic.Int64
	work := make(chan jetstream.Msg, max(1, job.Workers)*4)
	var wg sync.WaitGroup
	for range max(1, job.Workers) {
		wg.Go(func() {
			for m := range work {
				n, ok := replayOne(ctx, env, job, process, m)
				if ok {
					atomic.AddInt64(&res.done, 1)
					atomic.AddInt64(&res.claims, int64(n))
				} else if ctx.Err() == nil {
					atomic.AddInt64(&res.failed, 1)
				}
				if job.Metrics != nil && (ok || ctx.Err() == nil) {
					job.Metrics.observe(ok, n)
				}
				if prog != nil && (ok || ctx.Err() == nil) {
					mu.Lock()
					prog.add(0)
					mu.Unlock()
				}
				inflight.Add(-1)
			}
		})
	}
	// complete: every message up to last is acked (or terminated). Checked
	// when the consumer runs dry or delivers a message past the end.
	complete := func() (bool, error) {
		for inflight.Load() > 0 && ctx.Err() == nil {
			time.Sleep(5 * time.Millisecond)
		}
		ci, err := cons.Info(ctx)
		if err != nil {
			return false, err
		}
		return ci.AckFloor.Stream >= last || ci.NumAckPending == 0 && ci.NumPending == 0, nil
	}
	iter, err := cons.Messages(jetstream.PullMaxMessages(max(16, job.Workers*8)))
	if err != nil {
		close(work)
		wg.Wait()
		return res, fmt.Errorf("replay: consume: %w", err)
	}
	for done := false; !done && ctx.Err() == nil; {
		m, err := iter.Next(jetstream.NextMaxWait(time.Second))
		check := false
		switch {
		case errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded):
			check = true // the consumer ran dry
		case err != nil:
			if ctx.Err() == nil {
				firstErr = fmt.Errorf("replay: next: %w", err)
			}
		default:
			meta, merr := m.Metadata()
			switch {
			case merr == nil && meta.Sequence.Stream > last:
				// The live pipeline's, not the replay's: never delivered
				// to this consumer again.
				_ = m.Term()
				check = true
			default:
				inflight.Add(1)
				work <- m
				// At the end: no need to wait for the consumer to run dry.
				check = merr == nil && meta.Sequence.Stream == last
			}
		}
		if firstErr != nil {
			break
		}
		if check {
			if done, err = complete(); err != nil && ctx.Err() == nil {
				firstErr = fmt.Errorf("replay: consumer info: %w", err)
			}
		}
	}
	iter.Stop()
	close(work)
	wg.Wait()
	if prog != nil {
		prog.done()
	}
	res.elapsed = time.Since(start)
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if firstErr != nil {
		return res, firstErr
	}
	if err := s.DeleteConsumer(ctx, replayDurable(job.ID)); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
		env.Log.Warn("replay: delete consumer", "replay", job.ID, "err", err)
	}
	out, err := env.JS.Stream(ctx, env.Topology.Stream(outputStream(job.Stage)))
	if err == nil {
		if info, err := out.Info(ctx); err == nil {
			res.published = info.State.LastSeq
		}
	}
	return res, nil
}

// outputStream is the stream a replayed stage publishes to.
func outputStream(stage string) string {
	if stage == contract.StageCleaner {
		return contract.StreamArticles
	}
	return contract.StreamClaims
}

// replayOne handles one message: run the stage, publish its output tagged
// with the replay, then ack. A transient failure is tried again a few
// times; a message that still fails (or can never succeed) is terminated
// on the replay's consumer, counted and logged: the replay goes on.
func replayOne(ctx context.Context, env *service.Env, job replayJob, process replayFunc, m jetstream.Msg) (int, bool) {
	var err error
	for attempt := range replayRetries {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return 0, false
			case <-time.After(time.Duration(attempt) * 200 * time.Millisecond):
			}
		}
		var n int
		var outs []bus.Output
		n, outs, err = process(ctx, env, m.Data())
		if err == nil {
			bus.TagReplay(job.ID, outs)
			err = bus.PublishAll(ctx, env.JS, outs...)
		}
		if err == nil {
			if aerr := m.Ack(); aerr != nil {
				env.Log.Warn("replay: ack", "err", aerr) // redelivered on resume, deduplicated by message id
			}
			return n, true
		}
		if ctx.Err() != nil {
			return 0, false // not acked: the resumed run handles it
		}
		var pe *bus.PermanentError
		if errors.As(err, &pe) {
			break
		}
	}
	env.Log.Warn("replay: message failed", "subject", m.Subject(), "err", err)
	_ = m.Term()
	return 0, false
}

// replayMetrics are a replay's progress in Prometheus form, served with
// --metrics-addr. Labels are bounded: the stage, and a closed result set.
type replayMetrics struct {
	stage    string
	messages *prometheus.CounterVec
	claims   *prometheus.CounterVec
	total    *prometheus.GaugeVec
	done     *prometheus.GaugeVec
}

func newReplayMetrics(reg prometheus.Registerer) *replayMetrics {
	m := &replayMetrics{
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimwire_replay_messages_total",
			Help: "Messages this replay handled, by stage and result (ok: output published and acked; failed: given up on).",
		}, []string{"stage", "result"}),
		claims: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimwire_replay_claims_total",
			Help: "Claims the replayed extractor found.",
		}, []string{"stage"}),
		total: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "claimwire_replay_messages",
			Help: "Messages the replay covers, from its start point to the end of the stream when it began.",
		}, []string{"stage"}),
		done: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "claimwire_replay_messages_done",
			Help: "Messages of the replay handled so far, earlier runs of a resumed replay included.",
		}, []string{"stage"}),
	}
	reg.MustRegister(m.messages, m.claims, m.total, m.done)
	return m
}

func (m *replayMetrics) observe(ok bool, claims int) {
	result := "ok"
	if !ok {
		result = "failed"
	}
	m.messages.WithLabelValues(m.stage, result).Inc()
	m.claims.WithLabelValues(m.stage).Add(float64(claims))
	m.done.WithLabelValues(m.stage).Inc()
}

// waitReplayIndexed waits until the indexer (and, for a cleaner replay,
// the extractor before it) has acked everything the replay published, so
// that its report is complete. The live pipeline may go on publishing
// meanwhile: this waits for sequences, not for an idle pipeline.
func waitReplayIndexed(ctx context.Context, js jetstream.JetStream, topo bus.Topology, res replayResult) error {
	if res.published == 0 {
		return nil
	}
	waitAcked := func(stream, durable string, seq uint64) error {
		for {
			c, err := js.Consumer(ctx, topo.Stream(stream), durable)
			if err == nil && c.CachedInfo().AckFloor.Stream >= seq {
				return nil
			}
			select {
			case <-ctx.Done():
				if err != nil {
					return fmt.Errorf("%s on %s: %w", durable, stream, err)
				}
				return fmt.Errorf("%s has acked %s up to %d of %d: %w", durable, stream, c.CachedInfo().AckFloor.Stream, seq, ctx.Err())
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	seq := res.published
	if res.stage == contract.StageCleaner {
		if err := waitAcked(contract.StreamArticles, contract.StageExtractor, seq); err != nil {
			return err
		}
		s, err := js.Stream(ctx, topo.Stream(contract.StreamClaims))
		if err != nil {
			return err
		}
		info, err := s.Info(ctx)
		if err != nil {
			return err
		}
		seq = info.State.LastSeq
	}
	return waitAcked(contract.StreamClaims, contract.StageIndexer, seq)
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
