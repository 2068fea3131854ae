package service

import (
	"flag"
	"time"

	"github.com/claimwire/claimwire/pkg/config"
)

// ConsumerFlags are the knobs of a stage's consumer runner (bus.Consumer).
type ConsumerFlags struct {
	Workers    int
	Buffer     int
	AckWait    time.Duration
	MaxDeliver int
}

// RegisterFlags defines the consumer flags with the stage's defaults.
func (c *ConsumerFlags) RegisterFlags(fs *flag.FlagSet, workers int) {
	config.Int(fs, &c.Workers, "workers", workers, "messages handled concurrently")
	config.Int(fs, &c.Buffer, "buffer", 8, "messages pulled ahead; keep buffer × handling time well under --ack-wait")
	config.Duration(fs, &c.AckWait, "ack-wait", 30*time.Second, "time before an unacknowledged message is redelivered")
	config.Int(fs, &c.MaxDeliver, "max-deliver", 5, "deliveries of one message before it is dead-lettered")
}
