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
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/metrics"
)

// Handler handles one message. It publishes its output (and waits for the
// server's ack) before returning nil; the runner then acks the input. An
// error wrapped with Permanent dead-letters the message; any other error is
// retried with backoff until MaxDeliver.
type Handler func(ctx context.Context, msg jetstream.Msg) error

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
	// Buffer is how many messages the client pulls ahead. Keep
	// Buffer × handler time well under AckWait, or buffered messages are
	// redelivered while still queued (default 8).
	Buffer int
	// AckWait is how long the server waits for an ack before redelivering
	// (default 30 s). A handler is cancelled before it runs out.
	AckWait time.Duration
	// MaxDeliver bounds deliveries of one message (default 5).
	MaxDeliver int
	// Backoff is the delay before the n-th retry (the last value repeats).
	Backoff []time.Duration
	// DrainTimeout bounds the wait for in-flight messages on shutdown (default AckWait).
	DrainTimeout time.Duration
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
		c.AckWait = 30 * time.Second
	}
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = 5
	}
	if len(c.Backoff) == 0 {
		c.Backoff = []time.Duration{time.Second, 5 * time.Second, 30 * time.Second, 2 * time.Minute}
	}
	if c.DrainTimeout <= 0 {
		c.DrainTimeout = c.AckWait
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
		// instead of letting them time out in client buffers: what the
		// workers hold and the buffer, with room for the pulls in flight.
		MaxAckPending: max(64, 2*(c.Workers+c.Buffer)),
	}
}

// Run consumes until ctx is done, then stops pulling, finishes the messages
// it holds and returns. It returns early only if the consumer cannot be set up.
func (c *Consumer) Run(ctx context.Context) error {
	c.defaults()
	c.Log = c.Log.With("stage", c.Stage)
	stream := c.Topology.Stream(c.Stream)
	cons, err := c.JS.CreateOrUpdateConsumer(ctx, stream, c.ConsumerConfig())
	if err != nil {
		return fmt.Errorf("%s: consumer %s on %s: %w", c.Stage, c.Durable, stream, err)
	}
	if c.Metrics != nil {
		c.Metrics.Stage(c.Stage)
		// Each stage reports its own backlog, so the gauges exist wherever it runs.
		go WatchStats(ctx, c.JS, c.Topology, c.Metrics, map[string]string{c.Durable: c.Stream}, 10*time.Second)
	}
	stopAdvisory := c.watchMaxDeliveries(ctx, stream)
	defer stopAdvisory()

	it, err := cons.Messages(jetstream.PullMaxMessages(c.Buffer))
	if err != nil {
		return fmt.Errorf("%s: pull from %s: %w", c.Stage, stream, err)
	}
	// Handlers run on their own context so that a shutdown signal does not
	// abort work in flight: drain means finish what we hold, then stop.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()

	msgs := make(chan jetstream.Msg)
	var wg sync.WaitGroup
	for range c.Workers {
		wg.Go(func() {
			for m := range msgs {
				c.handle(work, m)
			}
		})
	}
	go func() {
		<-ctx.Done()
		it.Drain()
		// Do not wait forever for a handler stuck on a dead dependency.
		t := time.AfterFunc(c.DrainTimeout, cancelWork)
		<-work.Done()
		t.Stop()
	}()
	c.Log.Info("consuming", "stream", stream, "durable", c.Durable, "workers", c.Workers, "buffer", c.Buffer)
	for {
		m, err := it.Next()
		if err != nil {
			if errors.Is(err, jetstream.ErrMsgIteratorClosed) {
				break
			}
			// Heartbeat and transient pull errors: the iterator keeps going.
			c.Log.Debug("pull", "err", err)
			continue
		}
		msgs <- m
	}
	close(msgs)
	wg.Wait()
	c.Log.Info("drained")
	return nil
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
	// Stop before the server would redeliver, so that a slow handler does
	// not race its own redelivery.
	hctx, cancel := context.WithTimeout(ctx, c.AckWait*9/10)
	err := c.safeHandle(hctx, m)
	cancel()
	if c.Metrics != nil {
		c.Metrics.Duration.WithLabelValues(c.Stage).Observe(time.Since(start).Seconds())
	}
	switch reason, permanent := permanentReason(err); {
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
func (c *Consumer) safeHandle(ctx context.Context, m jetstream.Msg) (err error) {
	defer func() {
		if r := recover(); r != nil {
			c.Log.Error("handler panic", "panic", r, "stack", string(debug.Stack()))
			err = Permanent(ReasonPanic, fmt.Errorf("panic: %v", r))
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
func (c *Consumer) deadLetter(ctx context.Context, m jetstream.Msg, reason string, cause error, delivered uint64) {
	dl := &nats.Msg{Subject: c.Topology.DLQSubject(c.Stage), Data: m.Data(), Header: nats.Header{}}
	for k, v := range m.Headers() {
		if k != jetstream.MsgIDHeader {
			dl.Header[k] = v
		}
	}
	detail := cause.Error()
	if len(detail) > 1024 {
		detail = detail[:1024]
	}
	dl.Header.Set(contract.HeaderDLQStage, c.Stage)
	dl.Header.Set(contract.HeaderDLQReason, reason)
	dl.Header.Set(contract.HeaderDLQError, detail)
	dl.Header.Set(contract.HeaderDLQDeliveries, strconv.FormatUint(delivered, 10))
	dl.Header.Set(contract.HeaderDLQSubject, m.Subject())
	msgID := ""
	if md, err := m.Metadata(); err == nil {
		dl.Header.Set(contract.HeaderDLQStream, md.Stream)
		dl.Header.Set(contract.HeaderDLQSequence, strconv.FormatUint(md.Sequence.Stream, 10))
		msgID = fmt.Sprintf("dlq:%s:%s:%d", c.Stage, md.Stream, md.Sequence.Stream)
	}
	if err := PublishMsg(ctx, c.JS, dl, msgID); err != nil {
		c.Log.Error("dead-letter publish failed; will retry the message", "err", err, "reason", reason)
		_ = m.NakWithDelay(c.Backoff[0])
		c.count(metrics.ResultRetry)
		return
	}
	c.Log.Warn("dead-lettered", "reason", reason, "err", detail, "deliveries", delivered)
	if err := term(c.JS, m, reason); err != nil {
		c.Log.Warn("term", "err", err)
	}
	c.count(metrics.ResultDeadLetter)
	if c.Metrics != nil {
		c.Metrics.DeadLetters.WithLabelValues(c.Stage, reason).Inc()
	}
}

// term terminates m, with the reason where the server knows TermWithReason
// (2.10.4+); older servers ignore that request and would redeliver.
func term(js jetstream.JetStream, m jetstream.Msg, reason string) error {
	if serverAtLeast(js.Conn().ConnectedServerVersion(), 2, 10, 4) {
		return m.TermWithReason(reason)
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
