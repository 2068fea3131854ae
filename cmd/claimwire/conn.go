package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/config"
	"github.com/claimwire/claimwire/pkg/service"
)

// defaultNATSURL is where `claimwire up` listens by default. Not 4222: a
// machine that already runs a NATS server there must still be able to run
// `claimwire up` without flags.
const defaultNATSPort = 4223

var defaultNATSURL = fmt.Sprintf("nats://127.0.0.1:%d", defaultNATSPort)

// connFlags are the flags of commands that talk to a running pipeline.
type connFlags struct {
	url    string
	prefix string
	maxMsg int
	auth   bus.Auth
}

func (c *connFlags) register(fs *flag.FlagSet) {
	config.String(fs, &c.url, "nats-url", defaultNATSURL, "NATS server of the pipeline ('claimwire up' listens on "+defaultNATSURL+" unless started with --nats-port)")
	config.String(fs, &c.prefix, "stream-prefix", "", "prefix of the pipeline's stream names")
	config.Int(fs, &c.maxMsg, "max-msg-bytes", 8<<20, "largest message the streams accept")
	service.RegisterNATSAuth(fs, &c.auth)
}

func (c *connFlags) topology() bus.Topology {
	return bus.Topology{Prefix: c.prefix, MaxMsgSize: int32(c.maxMsg)}
}

// connect connects and makes sure the streams exist.
func (c *connFlags) connect(ctx context.Context, name string) (*nats.Conn, jetstream.JetStream, bus.Topology, error) {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	auth, err := c.auth.Options()
	if err != nil {
		return nil, nil, bus.Topology{}, err
	}
	nc, js, err := bus.Connect(ctx, c.url, name, log, auth...)
	if err != nil {
		return nil, nil, bus.Topology{}, fmt.Errorf("%w\n(start the pipeline with 'claimwire up', or point --nats-url at it)", err)
	}
	topo := c.topology()
	if err := topo.Ensure(ctx, js); err != nil {
		nc.Close()
		return nil, nil, topo, err
	}
	return nc, js, topo, nil
}
