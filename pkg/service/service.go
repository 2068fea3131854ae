// Package service is the harness every claimwire binary shares: flags with
// env fallbacks, logger, NATS connection, topology, metrics registry, the
// /metrics /healthz /readyz server, signal handling and exit codes. A
// service's main.go only names itself and hands over its Run function.
package service

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/config"
	"github.com/claimwire/claimwire/pkg/lifecycle"
	"github.com/claimwire/claimwire/pkg/logging"
	"github.com/claimwire/claimwire/pkg/metrics"
)

// Version of the binaries; set with -ldflags "-X .../pkg/service.Version=…".
var Version = "dev"

// Common are the settings every service has.
type Common struct {
	NATSURL     string
	HTTPAddr    string
	LogFormat   string
	LogLevel    string
	Prefix      string
	Replicas    int
	MaxMsgSize  int
	Healthcheck bool
}

// RegisterFlags defines the common flags; httpAddr is the service's default
// listen address.
func (c *Common) RegisterFlags(fs *flag.FlagSet, httpAddr string) {
	config.String(fs, &c.NATSURL, "nats-url", nats.DefaultURL, "NATS server URL")
	config.String(fs, &c.HTTPAddr, "http-addr", httpAddr, "listen address for /metrics, /healthz, /readyz")
	config.String(fs, &c.LogFormat, "log-format", "text", "log format: text or json")
	config.String(fs, &c.LogLevel, "log-level", "info", "log level: debug, info, warn, error")
	config.String(fs, &c.Prefix, "stream-prefix", "", "prefix for stream, subject and bucket names (to run two pipelines on one server)")
	config.Int(fs, &c.Replicas, "stream-replicas", 1, "stream replicas (3 on a NATS cluster)")
	config.Int(fs, &c.MaxMsgSize, "max-msg-bytes", 8<<20, "largest message a stream accepts; must not exceed the server's max_payload")
	fs.BoolVar(&c.Healthcheck, "healthcheck", false, "check this service's /readyz on --http-addr and exit 0 if ready (for container healthchecks)")
}

// Topology is the stream topology the flags describe.
func (c *Common) Topology() bus.Topology {
	return bus.Topology{Prefix: c.Prefix, Replicas: c.Replicas, MaxMsgSize: int32(c.MaxMsgSize)}
}

// Env is what a stage's Run gets from the harness. `claimwire up` builds one
// per stage, sharing the connection, registry and metrics.
type Env struct {
	Log      *slog.Logger
	NC       *nats.Conn
	JS       jetstream.JetStream
	Topology bus.Topology
	Registry *prometheus.Registry
	Metrics  *metrics.Pipeline
	// Mux is the service's HTTP mux (/metrics …); a stage may add routes.
	Mux *http.ServeMux
}

// Stage is what a service's main hands to Main.
type Stage struct {
	Name     string // fetcher, cleaner, extractor, indexer
	HTTPAddr string // default listen address
	// Flags defines the stage's own flags.
	Flags func(fs *flag.FlagSet)
	// Run runs the stage until ctx is done, then drains and returns.
	Run func(ctx context.Context, env *Env) error
}

// Main runs a stage as a process and exits. Exit codes: 0 after a clean
// drain, 1 on a runtime failure (including a NATS connection closed for
// good, so that the supervisor restarts the service), 2 on bad flags.
func Main(st Stage) {
	os.Exit(Run(st, os.Args[1:], os.Stderr))
}

// Run is Main without the exit: it returns the exit code. Tests that re-exec
// their binary as a service call it.
func Run(st Stage, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet(st.Name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s [flags]\n\nThe claimwire %s service. Every flag can also be set by the environment variable named beside it.\n\nFlags:\n", st.Name, st.Name)
		fs.PrintDefaults()
	}
	var c Common
	c.RegisterFlags(fs, st.HTTPAddr)
	if st.Flags != nil {
		st.Flags(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := config.Check(); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", st.Name, err)
		return 2
	}
	if c.Healthcheck {
		return lifecycle.Probe(c.HTTPAddr)
	}
	log, err := logging.New(stderr, c.LogFormat, c.LogLevel)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", st.Name, err)
		return 2
	}
	log = log.With("service", st.Name)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, st, c, log); err != nil {
		// A stop requested while still starting is a clean stop, not a failure.
		if ctx.Err() != nil {
			log.Info("stopped during start-up")
			return 0
		}
		log.Error("exit", "err", err)
		return 1
	}
	log.Info("stopped")
	return 0
}

func serve(ctx context.Context, st Stage, c Common, log *slog.Logger) error {
	ln, err := lifecycle.Listen(c.HTTPAddr, "http-addr")
	if err != nil {
		return err
	}
	defer ln.Close()
	nc, js, err := connectRetry(ctx, c.NATSURL, st.Name, log)
	if err != nil {
		return err
	}
	defer nc.Close()
	topo := c.Topology()
	if err := topo.Ensure(ctx, js); err != nil {
		return err
	}
	reg := metrics.NewRegistry(Version)
	env := &Env{Log: log, NC: nc, JS: js, Topology: topo, Registry: reg, Metrics: metrics.NewPipeline(reg)}
	env.Mux = lifecycle.Mux(reg, map[string]lifecycle.Check{"nats": bus.Ready(nc, js)})

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-bus.Closed(nc):
			log.Error("NATS connection closed for good; exiting so the supervisor restarts us")
			cancel()
		case <-ctx.Done():
		}
	}()
	httpDone := make(chan error, 1)
	go func() { httpDone <- lifecycle.Serve(ctx, ln, env.Mux, log) }()
	log.Info("started", "version", Version, "nats", c.NATSURL, "http", ln.Addr().String())
	runErr := st.Run(ctx, env)
	cancel()
	<-httpDone
	if runErr == nil && nc.IsClosed() {
		return errors.New("NATS connection closed")
	}
	return runErr
}

// connectRetry connects, retrying while the server is not up yet: in
// compose, services may start before NATS accepts connections.
func connectRetry(ctx context.Context, url, name string, log *slog.Logger) (*nats.Conn, jetstream.JetStream, error) {
	delay := 250 * time.Millisecond
	for {
		nc, js, err := bus.Connect(ctx, url, name, log)
		if err == nil {
			return nc, js, nil
		}
		log.Warn("waiting for NATS", "err", err, "retry_in", delay)
		select {
		case <-ctx.Done():
			return nil, nil, err
		case <-time.After(delay):
		}
		delay = min(delay*2, 5*time.Second)
	}
}
