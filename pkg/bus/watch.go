package bus

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/metrics"
)

// watchMaxDeliveries dead-letters messages the server gave up on: a handler
// that never returns (or a process that dies on a message every time) never
// gets to publish the dead letter itself, and JetStream has no DLQ of its own.
func (c *Consumer) watchMaxDeliveries(ctx context.Context, stream string) func() {
	nc := c.JS.Conn()
	subj := fmt.Sprintf("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.%s.%s", stream, c.Durable)
	sub, err := nc.Subscribe(subj, func(am *nats.Msg) {
		var adv struct {
			StreamSeq  uint64 `json:"stream_seq"`
			Deliveries uint64 `json:"deliveries"`
		}
		if err := json.Unmarshal(am.Data, &adv); err != nil || adv.StreamSeq == 0 {
			return
		}
		c.deadLetterBySeq(ctx, stream, adv.StreamSeq, adv.Deliveries)
	})
	if err != nil {
		c.Log.Warn("max-deliveries advisory subscription", "err", err)
		return func() {}
	}
	return func() { _ = sub.Unsubscribe() }
}

func (c *Consumer) deadLetterBySeq(ctx context.Context, stream string, seq, deliveries uint64) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	s, err := c.JS.Stream(ctx, stream)
	if err != nil {
		c.Log.Warn("max deliveries: stream", "err", err)
		return
	}
	raw, err := s.GetMsg(ctx, seq)
	if err != nil {
		c.Log.Warn("max deliveries: get message", "seq", seq, "err", err)
		return
	}
	d := deadLetter{Stage: c.Stage, Reason: ReasonMaxDeliveries, Deliveries: deliveries,
		Detail:  "not acknowledged after the maximum number of deliveries (handler hung or the process died on it)",
		Subject: raw.Subject, Stream: stream, Seq: seq, Data: raw.Data, Header: raw.Header}
	// Same id as the handler's own dead letter: replicas and races store one copy.
	if err := PublishAll(ctx, c.JS, d.output(c.Topology)); err != nil {
		c.Log.Error("max deliveries: dead-letter publish", "seq", seq, "err", err)
		return
	}
	c.count(metrics.ResultDeadLetter)
	if c.Metrics != nil {
		c.Metrics.DeadLetters.WithLabelValues(c.Stage, string(ReasonMaxDeliveries)).Inc()
	}
	c.Log.Warn("dead-lettered after max deliveries", "seq", seq, "deliveries", deliveries)
}

// WatchStats updates the stream and consumer gauges every interval until ctx
// is done. stages maps a stage name to its input stream (unprefixed).
func WatchStats(ctx context.Context, js jetstream.JetStream, t Topology, m *metrics.Pipeline, stages map[string]string, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		UpdateStats(ctx, js, t, m, stages)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// UpdateStats reads stream and consumer info once into the gauges.
func UpdateStats(ctx context.Context, js jetstream.JetStream, t Topology, m *metrics.Pipeline, stages map[string]string) {
	for _, name := range []string{contract.StreamPages, contract.StreamArticles, contract.StreamClaims, contract.StreamDLQ} {
		s, err := js.Stream(ctx, t.Stream(name))
		if err != nil {
			continue
		}
		n := float64(s.CachedInfo().State.Msgs)
		m.StreamMessages.WithLabelValues(name).Set(n)
		if name == contract.StreamDLQ {
			m.DLQMessages.Set(n)
		}
	}
	for stage, stream := range stages {
		ci, err := js.Consumer(ctx, t.Stream(stream), stage)
		if err != nil {
			continue
		}
		info := ci.CachedInfo()
		m.Pending.WithLabelValues(stage).Set(float64(info.NumPending))
		m.AckPending.WithLabelValues(stage).Set(float64(info.NumAckPending))
		m.Redelivered.WithLabelValues(stage).Set(float64(info.NumRedelivered))
	}
}
