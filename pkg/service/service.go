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
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"sync"
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

// BuildInfo is a binary's version line: the claimwire version and the Go
// version, as the claimwire_build_info metric labels them, then the
// platform and the VCS revision when the build recorded one.
func BuildInfo(name string) string {
	s := fmt.Sprintf("%s %s (%s %s/%s", name, Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, dirty string
		for _, kv := range bi.Settings {
			switch kv.Key {
			case "vcs.revision":
				rev = kv.Value
			case "vcs.modified":
				if kv.Value == "true" {
					dirty = "+changes"
				}
			}
		}
		if rev != "" {
			s += ", revision " + rev[:min(12, len(rev))] + dirty
		}
	}
	return s + ")"
}

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
	NATSAuth    bus.Auth
}

// RegisterFlags defines the common flags; httpAddr is the service's default
// listen address.
func (c *Common) RegisterFlags(fs *flag.FlagSet, httpAddr string) {
	config.String(fs, &c.NATSURL, "nats-url", nats.DefaultURL, "NATS server URL")
	RegisterNATSAuth(fs, &c.NATSAuth)
	config.String(fs, &c.HTTPAddr, "http-addr", httpAddr, "listen address for /metrics, /healthz, /readyz")
	config.String(fs, &c.LogFormat, "log-format", "text", "log format: text or json")
	config.String(fs, &c.LogLevel, "log-level", "info", "log level: debug, info, warn, error")
	config.String(fs, &c.Prefix, "stream-prefix", "", "prefix for stream, subject and bucket names (to run two pipelines on one server)")
	config.Int(fs, &c.Replicas, "stream-replicas", 1, "stream replicas (3 on a NATS cluster)")
	config.Int(fs, &c.MaxMsgSize, "max-msg-bytes", 8<<20, "largest message a stream accepts; must not exceed the server's max_payload")
	fs.BoolVar(&c.Healthcheck, "healthcheck", false, "check this service's /readyz on --http-addr and exit 0 if ready (for container healthchecks)")
}

// RegisterNATSAuth defines the NATS credential flags (services and CLI).
func RegisterNATSAuth(fs *flag.FlagSet, a *bus.Auth) {
	config.String(fs, &a.User, "nats-user", "", "NATS user (deploy/nats/auth.conf has one per service)")
	config.String(fs, &a.Password, "nats-password", "", "NATS password; prefer the env variable (a flag shows in ps)")
	config.String(fs, &a.NKeyFile, "nats-nkey", "", "NATS nkey seed file")
	config.String(fs, &a.CredsFile, "nats-creds", "", "NATS credentials file (JWT and seed)")
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
	// Ready is what /readyz checks; a stage may add its own checks.
	Ready *lifecycle.Checks
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
// good, so that the supervisor restarts the service), 2 on bad flags or env.
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
	version := fs.Bool("version", false, "print the version and exit")
	if st.Flags != nil {
		st.Flags(fs)
	}
	if err := config.Parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *version {
		fmt.Fprintln(stderr, BuildInfo(st.Name))
		return 0
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "%s: unexpected arguments %q (this service takes flags only; see --help)\n", st.Name, fs.Args())
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Serve(ctx, c, log, nil, st); err != nil {
		log = log.With("service", st.Name)
		// A stop requested while still starting is a clean stop, not a failure.
		if ctx.Err() != nil {
			log.Info("stopped during start-up")
			return 0
		}
		log.Error("exit", "err", err)
		return 1
	}
	log.With("service", st.Name).Info("stopped")
	return 0
}

// Serve runs stages in this process until ctx is done or one of them fails,
// then stops the others and waits for them to drain. The stages share one
// NATS connection, one metrics registry and one HTTP server (/metrics,
// /healthz, /readyz, and the routes stages add) on c.HTTPAddr: a service
// binary runs one stage, `claimwire up` all four. A NATS connection closed
// for good stops every stage and is an error, so that a supervisor restarts
// the process. started, when not nil, is called with the HTTP server's
// address once it listens and every stage has been started.
func Serve(ctx context.Context, c Common, log *slog.Logger, started func(http net.Addr), stages ...Stage) error {
	stop := ctx
	if len(stages) == 1 {
		log = log.With("service", stages[0].Name)
	}
	ln, err := lifecycle.Listen(c.HTTPAddr, "http-addr")
	if err != nil {
		return err
	}
	defer ln.Close()
	name := "up"
	if len(stages) == 1 {
		name = stages[0].Name
	}
	auth, err := c.NATSAuth.Options()
	if err != nil {
		return err
	}
	nc, js, err := connectRetry(ctx, c.NATSURL, name, log, auth...)
	if err != nil {
		return err
	}
	defer nc.Close()
	topo := c.Topology()
	if err := topo.Ensure(ctx, js); err != nil {
		return err
	}
	reg := metrics.NewRegistry(Version)
	pm := metrics.NewPipeline(reg)
	ready := lifecycle.NewChecks(map[string]lifecycle.Check{"nats": bus.Ready(nc, js)})
	mux := lifecycle.NewMux(reg, ready)

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
	go func() {
		err := lifecycle.Serve(ctx, ln, mux, log)
		if err != nil {
			cancel()
		}
		httpDone <- err
	}()
	log.Info("started", "version", Version, "nats", nc.ConnectedUrlRedacted(), "http", ln.Addr().String())

	var wg sync.WaitGroup
	errs := make([]error, len(stages))
	for i, st := range stages {
		env := &Env{Log: log, NC: nc, JS: js, Topology: topo, Registry: reg, Metrics: pm, Mux: mux, Ready: ready}
		if len(stages) > 1 {
			env.Log = log.With("service", st.Name)
		}
		wg.Go(func() {
			if err := st.Run(ctx, env); err != nil {
				if len(stages) > 1 {
					err = fmt.Errorf("%s: %w", st.Name, err)
				}
				errs[i] = err
				cancel() // one stage failing stops the process: its supervisor restarts it whole
			}
		})
	}
	if started != nil {
		started(ln.Addr())
	}
	wg.Wait()
	cancel()
	if err := <-httpDone; err != nil {
		errs = append(errs, fmt.Errorf("http: %w", err))
	}
	if err := errors.Join(errs...); err != nil {
		if stop.Err() != nil {
			// Stopped (SIGTERM, Ctrl-C) while starting or draining: stages
			// cut short say "context canceled"; that is the stop, not a failure.
			log.Warn("stopped with errors", "err", err)
			return nil
		}
		return err
	}
	if nc.IsClosed() {
		return errors.New("NATS connection closed")
	}
	return nil
}

// connectRetry connects, retrying while the server is not up yet: in
// compose, services may start before NATS accepts connections.
func connectRetry(ctx context.Context, url, name string, log *slog.Logger, opts ...nats.Option) (*nats.Conn, jetstream.JetStream, error) {
	delay := 250 * time.Millisecond
	for {
		nc, js, err := bus.Connect(ctx, url, name, log, opts...)
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
