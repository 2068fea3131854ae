package service

import (
	"flag"
	"time"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/config"
)

// ConsumerFlags are the knobs of a stage's consumer runner (bus.Consumer).
type ConsumerFlags struct {
	Workers    int
	Buffer     int
	AckWait    time.Duration
	MaxDeliver int
	PullWait   time.Duration
}

// RegisterFlags defines the consumer flags with the stage's defaults.
func (c *ConsumerFlags) RegisterFlags(fs *flag.FlagSet, workers int) {
	config.Int(fs, &c.Workers, "workers", workers, "messages handled concurrently")
	config.Int(fs, &c.Buffer, "buffer", 8, "messages pulled ahead; keep buffer × handling time well under --ack-wait")
	config.Duration(fs, &c.AckWait, "ack-wait", 4*time.Second, "time before an unacknowledged message is redelivered (what a killed replica's messages wait; a long handler sends progress acks)")
	config.Int(fs, &c.MaxDeliver, "max-deliver", 5, "deliveries of one message before it is dead-lettered")
	config.Duration(fs, &c.PullWait, "pull-wait", 2*time.Second, "how long one pull request waits on the server for messages (a drain reads the open request out, so it also bounds a drain's wait)")
}

// Consumer is the runner for a stage consuming stream with these flags.
// It is ready (/readyz) only while it consumes.
func (c ConsumerFlags) Consumer(env *Env, stage, stream string, h bus.Handler) *bus.Consumer {
	bc := &bus.Consumer{
		JS: env.JS, Topology: env.Topology, Stage: stage, Stream: stream,
		Metrics: env.Metrics, Log: env.Log, Handler: h,
		Workers: c.Workers, Buffer: c.Buffer, AckWait: c.AckWait, MaxDeliver: c.MaxDeliver, PullWait: c.PullWait,
	}
	if env.Ready != nil {
		env.Ready.Add(stage, bc.Consuming)
	}
	return bc
}
