package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/metrics"
)

// Handler handles one message and returns what to publish for it (nothing
// for a stage whose effect is a store commit, which it makes before
// returning). The runner publishes the outputs, waits for the server's acks,
// and only then acks the input. An error wrapped with Permanent
// dead-letters the message; any other error is retried with backoff until
// MaxDeliver.
type Handler func(ctx context.Context, msg jetstream.Msg) ([]Output, error)

// Consumer runs a stage on a durable pull consumer. Several processes may
// run the same Consumer (same Durable): JetStream spreads messages over them.
type Consumer struct {
	JS       jetstream.JetStream
	Topology Topology
	Stage    string // metric label, DLQ subject suffix, default durable name
	Stream   string // unprefixed input stream, e.g. contract.StreamPages
	Durable  string // defaults to Stage
	Handler  Handler
	Metrics  *metrics.Pipeline
	Log      *slog.Logger

	// Workers is the number of messages handled concurrently (default 1).
	Workers int
	// Buffer is how many messages are pulled ahead of the workers (default
	// 8). They get progress acks while they wait, so a slow stage is not
	// sent its own queued messages again after AckWait.
	Buffer int
	// AckWait is how long the server waits for an ack before redelivering
	// (default 4 s): what a replica killed while holding messages delays
	// them by. A handler that runs longer is kept alive with progress acks.
	AckWait time.Duration
	// HandlerTimeout bounds one handler call, output published (default
	// 30 s, or AckWait×0.9 if longer). Then its context is cancelled and it
	// gets no more progress acks, so a hung handler's message is redelivered
	// and finally dead-lettered.
	HandlerTimeout time.Duration
	// MaxDeliver bounds deliveries of one message (default 5).
	MaxDeliver int
	// PullWait is how long one pull request stays open on the server
	// (default 2 s): it bounds a drain (which reads the open request out)
	// and sets the pace of an idle stage's requests.
	PullWait time.Duration
	// Backoff is the delay before the n-th retry (the last value repeats).
	Backoff []time.Duration
	// DrainTimeout bounds the wait for in-flight messages on shutdown (default HandlerTimeout).
	DrainTimeout time.Duration

	// status is nil while pulling, else why not (for readiness).
	status   atomic.Pointer[error]
	ackFloor atomic.Uint64 // last stream sequence known acked, to recreate the consumer from
}

func (c *Consumer) defaults() {
	if c.Durable == "" {
		c.Durable = c.Stage
	}
	if c.Workers <= 0 {
		c.Workers = 1
	}
	if c.Buffer <= 0 {
		c.Buffer = 8
	}
	if c.AckWait <= 0 {
		c.AckWait = 4 * time.Second
	}
	if c.PullWait <= 0 {
		c.PullWait = 2 * time.Second
	}
	if c.HandlerTimeout <= 0 {
		c.HandlerTimeout = max(30*time.Second, c.AckWait*9/10)
	}
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = 5
	}
	if len(c.Backoff) == 0 {
		c.Backoff = []time.Duration{time.Second, 5 * time.Second, 30 * time.Second, 2 * time.Minute}
	}
	if c.DrainTimeout <= 0 {
		c.DrainTimeout = c.HandlerTimeout
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
}

// ConsumerConfig is the durable consumer this runner uses.
func (c *Consumer) ConsumerConfig() jetstream.ConsumerConfig {
	c.defaults()
	return jetstream.ConsumerConfig{
		Durable:       c.Durable,
		Description:   "claimwire " + c.Stage,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       c.AckWait,
		MaxDeliver:    c.MaxDeliver,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		// Bound unacked messages so that a slow stage applies back-pressure
		// (each process pulls at most Buffer ahead anyway). The bound is
		// several processes' worth: a replica killed while holding its
		// messages keeps them unacked until AckWait, and if that were the
		// whole bound its restart (or the other replicas) would stall
		// that long.
		MaxAckPending: max(1024, 4*(c.Workers+c.Buffer)),
	}
}

// errNotStarted is the readiness of a runner that has not pulled yet.
var errNotStarted = errors.New("not consuming yet")

// Consuming is a readiness check: nil while the runner pulls messages, an
// error while it starts, recreates a lost consumer or has stopped.
func (c *Consumer) Consuming(context.Context) error {
	if p := c.status.Load(); p == nil {
		return errNotStarted
	} else if *p != nil {
		return *p
	}
	return nil
}

func (c *Consumer) setStatus(err error) { c.status.Store(&err) }

// Run consumes until ctx is done, then stops pulling, finishes the messages
// it holds and returns. It returns early only if the consumer cannot be set
// up at start. A consumer that disappears later (deleted by another client)
// is recreated from the last sequence known acked.
func (c *Consumer) Run(ctx context.Context) error {
	c.defaults()
	c.Log = c.Log.With("stage", c.Stage)
	c.setStatus(errNotStarted)
	defer c.setStatus(errors.New("stopped"))
	stream := c.Topology.Stream(c.Stream)
	cons, err := c.ensure(ctx, stream)
	if err != nil {
		return fmt.Errorf("%s: consumer %s on %s: %w", c.Stage, c.Durable, stream, err)
	}
	if c.Metrics != nil {
		c.Metrics.Stage(c.Stage)
		for _, r := range Reasons {
			c.Metrics.DeadLetters.WithLabelValues(c.Stage, string(r)) // zeros, not gaps
		}
		// Each stage reports its own backlog, so the gauges exist wherever it runs.
		go WatchStats(ctx, c.JS, c.Topology, c.Metrics, map[string]string{c.Durable: c.Stream}, 10*time.Second)
	}
	stopAdvisory := c.watchMaxDeliveries(ctx, stream)
	defer stopAdvisory()

	// Handlers run on their own context so that a shutdown signal does not
	// abort work in flight: drain means finish what we hold, then stop.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	// Do not wait forever for a handler stuck on a dead dependency.
	context.AfterFunc(ctx, func() { time.AfterFunc(c.DrainTimeout, cancelWork) })

	held := newQueue(c.Buffer)
	var wg sync.WaitGroup
	for range c.Workers {
		wg.Go(func() {
			for {
				m, ok := held.pop()
				if !ok {
					return
				}
				c.handle(work, m)
			}
		})
	}
	go func() {
		tick := time.NewTicker(c.AckWait / 3)
		defer tick.Stop()
		for {
			select {
			case <-work.Done():
				return
			case <-tick.C:
				held.touch()
			}
		}
	}()
	c.Log.Info("consuming", "stream", stream, "durable", c.Durable, "workers", c.Workers, "buffer", c.Buffer)
	for {
		err := c.pull(ctx, cons, held)
		if ctx.Err() != nil {
			break
		}
		c.setStatus(fmt.Errorf("consumer %s lost (%v); recreating", c.Durable, err))
		c.Log.Warn("consumer lost; recreating it", "durable", c.Durable, "err", err, "from_seq", c.ackFloor.Load()+1)
		if cons = c.recreate(ctx, stream); cons == nil {
			break
		}
	}
	held.close()
	wg.Wait()
	c.Log.Info("drained")
	return nil
}

// ensure creates or updates the durable. An existing durable keeps where it
// starts (it may have been recreated from a sequence); a new one starts at
// the sequence after the last known ack, or at the stream's start.
func (c *Consumer) ensure(ctx context.Context, stream string) (jetstream.Consumer, error) {
	cfg := c.ConsumerConfig()
	if cur, err := c.JS.Consumer(ctx, stream, c.Durable); err == nil {
		ci := cur.CachedInfo().Config
		cfg.DeliverPolicy, cfg.OptStartSeq, cfg.OptStartTime = ci.DeliverPolicy, ci.OptStartSeq, ci.OptStartTime
	} else if floor := c.ackFloor.Load(); floor > 0 {
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, floor+1
	}
	return c.JS.CreateOrUpdateConsumer(ctx, stream, cfg)
}

// recreate retries ensure until it succeeds or ctx is done (nil then).
func (c *Consumer) recreate(ctx context.Context, stream string) jetstream.Consumer {
	delay := 250 * time.Millisecond
	for {
		cons, err := c.ensure(ctx, stream)
		if err == nil {
			return cons
		}
		c.setStatus(fmt.Errorf("recreate consumer %s: %w", c.Durable, err))
		c.Log.Warn("recreate consumer", "durable", c.Durable, "err", err, "retry_in", delay)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(delay):
		}
		delay = min(2*delay, 5*time.Second)
	}
}

// pull hands messages to the workers until ctx is done or the consumer is
// gone. It asks the server only for as many messages as the queue has room
// for, so that every message this process holds is in the queue or in a
// handler, both kept alive with progress acks. (The client library's
// iterator pulls ahead into a buffer of its own that gets none: with the
// queue full, a message waited there about one handler time, and a stage
// whose handler takes longer than AckWait — the indexer behind a slow group
// commit — had those messages redelivered and handled twice.)
//
// The requests ask for no idle heartbeats: a client that misses them
// (a busy machine) ends its request while the server may still send to it,
// and what it sends then is lost until AckWait. A deleted consumer is
// noticed by the Info poll below instead.
func (c *Consumer) pull(ctx context.Context, cons jetstream.Consumer, held *queue) error {
	// Remember how far the consumer got, to recreate it from there.
	watch, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	var gone atomic.Pointer[error]
	go func() {
		tick := time.NewTicker(2 * time.Second)
		defer tick.Stop()
		for {
			ci, err := cons.Info(watch)
			switch {
			case err == nil:
				c.ackFloor.Store(ci.AckFloor.Stream)
			case errors.Is(err, jetstream.ErrConsumerNotFound):
				gone.Store(&err)
				return
			}
			select {
			case <-watch.Done():
				return
			case <-tick.C:
			}
		}
	}()
	c.setStatus(nil)
	for {
		if err := gone.Load(); err != nil {
			return *err
		}
		room := held.room(ctx)
		if room == 0 {
			return ctx.Err()
		}
		batch, err := cons.Fetch(room, jetstream.FetchMaxWait(c.PullWait))
		if err != nil {
			c.Log.Debug("pull", "err", err)
			if !sleepCtx(ctx, 250*time.Millisecond) {
				return ctx.Err()
			}
			continue
		}
		// Read the request out even on drain: what it brings is ours, and
		// is handled rather than left to time out.
		got := 0
		for m := range batch.Messages() {
			held.push(m)
			got++
		}
		switch err := batch.Error(); {
		case err == nil:
		case errors.Is(err, jetstream.ErrConsumerDeleted):
			return err
		default:
			// Transient pull errors: pull again, not in a tight loop.
			c.Log.Debug("pull", "err", err)
			if got == 0 && !sleepCtx(ctx, 250*time.Millisecond) {
				return ctx.Err()
			}
		}
	}
}

// sleepCtx waits d, false if ctx ended first.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// handle runs the handler on one message and settles it.
func (c *Consumer) handle(ctx context.Context, m jetstream.Msg) {
	start := time.Now()
	if c.Metrics != nil {
		c.Metrics.InFlight.WithLabelValues(c.Stage).Inc()
		defer c.Metrics.InFlight.WithLabelValues(c.Stage).Dec()
	}
	delivered := uint64(1)
	if md, err := m.Metadata(); err == nil {
		delivered = md.NumDelivered
	}
	if delivered > 1 && c.Metrics != nil {
		c.Metrics.Redeliveries.WithLabelValues(c.Stage).Inc()
	}
	hctx, cancel := context.WithTimeout(ctx, c.HandlerTimeout)
	// Progress acks while the handler runs: the server redelivers only a
	// message whose holder stopped answering, after one short AckWait,
	// never one that is still being worked on.
	go func() {
		tick := time.NewTicker(c.AckWait / 3)
		defer tick.Stop()
		for {
			select {
			case <-hctx.Done():
				return
			case <-tick.C:
				_ = m.InProgress()
			}
		}
	}()
	outs, err := c.safeHandle(hctx, m)
	if err == nil {
		if h := m.Headers(); h != nil {
			TagReplay(h.Get(contract.HeaderReplay), outs)
		}
		err = PublishAll(hctx, c.JS, outs...)
	}
	cancel()
	if c.Metrics != nil {
		c.Metrics.Duration.WithLabelValues(c.Stage).Observe(time.Since(start).Seconds())
	}
	switch reason, permanent := PermanentReason(err); {
	case err == nil:
		if aerr := m.DoubleAck(ctx); aerr != nil {
			// The output is published; a redelivery will be deduplicated downstream.
			c.Log.Warn("ack", "err", aerr)
		}
		c.count(metrics.ResultOK)
	case permanent:
		// The reason has its own header: the detail is the cause alone.
		cause := err
		if pe, ok := err.(*PermanentError); ok && pe.Err != nil {
			cause = pe.Err
		}
		c.deadLetter(ctx, m, reason, cause, delivered)
	case delivered >= uint64(c.MaxDeliver):
		c.deadLetter(ctx, m, ReasonMaxDeliveries, err, delivered)
	default:
		delay := c.Backoff[min(int(delivered)-1, len(c.Backoff)-1)]
		c.Log.Warn("retry", "err", err, "delivery", delivered, "delay", delay)
		if nerr := m.NakWithDelay(delay); nerr != nil {
			c.Log.Warn("nak", "err", nerr)
		}
		c.count(metrics.ResultRetry)
	}
}

// safeHandle turns a handler panic into a permanent error: a message that
// crashes the handler would crash it again.
func (c *Consumer) safeHandle(ctx context.Context, m jetstream.Msg) (outs []Output, err error) {
	defer func() {
		if r := recover(); r != nil {
			c.Log.Error("handler panic", "panic", r, "stack", string(debug.Stack()))
			outs, err = nil, Permanent(ReasonPanic, fmt.Errorf("panic: %v", r))
		}
	}()
	return c.Handler(ctx, m)
}

func (c *Consumer) count(result string) {
	if c.Metrics != nil {
		c.Metrics.Messages.WithLabelValues(c.Stage, result).Inc()
	}
}

// deadLetter copies m to the DLQ with the reason, then terminates it. If the
// DLQ publish fails the message is retried instead, so nothing is lost.
func (c *Consumer) deadLetter(ctx context.Context, m jetstream.Msg, reason Reason, cause error, delivered uint64) {
	d := deadLetter{Stage: c.Stage, Reason: reason, Detail: cause.Error(), Deliveries: delivered,
		Subject: m.Subject(), Data: m.Data(), Header: m.Headers()}
	if md, err := m.Metadata(); err == nil {
		d.Stream, d.Seq = md.Stream, md.Sequence.Stream
	}
	if err := PublishAll(ctx, c.JS, d.output(c.Topology)); err != nil {
		c.Log.Error("dead-letter publish failed; will retry the message", "err", err, "reason", reason)
		_ = m.NakWithDelay(c.Backoff[0])
		c.count(metrics.ResultRetry)
		return
	}
	c.Log.Warn("dead-lettered", "reason", reason, "err", truncateUTF8(d.Detail, 1024), "deliveries", delivered)
	if err := term(c.JS, m, reason); err != nil {
		c.Log.Warn("term", "err", err)
	}
	c.count(metrics.ResultDeadLetter)
	if c.Metrics != nil {
		c.Metrics.DeadLetters.WithLabelValues(c.Stage, string(reason)).Inc()
	}
}

// term terminates m, with the reason where the server knows TermWithReason
// (2.10.4+); older servers ignore that request and would redeliver.
func term(js jetstream.JetStream, m jetstream.Msg, reason Reason) error {
	if serverAtLeast(js.Conn().ConnectedServerVersion(), 2, 10, 4) {
		return m.TermWithReason(string(reason))
	}
	return m.Term()
}

func serverAtLeast(version string, want ...int) bool {
	parts := strings.SplitN(strings.SplitN(version, "-", 2)[0], ".", 3)
	for i, w := range want {
		if i >= len(parts) {
			return false
		}
		n, err := strconv.Atoi(parts[i])
		if err != nil {
			return false
		}
		if n != w {
			return n > w
		}
	}
	return true
}
