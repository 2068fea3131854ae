// Package lifecycle serves the endpoints every service exposes (/metrics,
// /healthz, /readyz) and shuts HTTP down gracefully with the service.
package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Check reports whether a dependency is usable; nil means ready.
type Check func(ctx context.Context) error

// Checks is a service's set of readiness checks. Stages add theirs as they
// start (a consumer is ready only while it consumes), so it is safe for
// concurrent use.
type Checks struct {
	mu sync.Mutex
	m  map[string]Check
}

// NewChecks returns a set holding checks.
func NewChecks(checks map[string]Check) *Checks {
	return &Checks{m: maps.Clone(checks)}
}

// Add adds or replaces the check called name.
func (c *Checks) Add(name string, check Check) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]Check{}
	}
	c.m[name] = check
}

// Run runs every check in name order and returns the first failure, named.
func (c *Checks) Run(ctx context.Context) error {
	c.mu.Lock()
	names := slices.Sorted(maps.Keys(c.m))
	checks := maps.Clone(c.m)
	c.mu.Unlock()
	for _, name := range names {
		if err := checks[name](ctx); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// Mux returns a mux with /metrics, /healthz (the process is alive) and
// /readyz (every check passes: the service can do useful work).
func Mux(reg *prometheus.Registry, checks map[string]Check) *http.ServeMux {
	return NewMux(reg, NewChecks(checks))
}

// NewMux is Mux with a check set that may grow after it is served.
func NewMux(reg *prometheus.Registry, checks *Checks) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := checks.Run(ctx); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return mux
}

// Listen binds addr now, so a taken port is reported before anything else
// starts, with the flag that changes it.
func Listen(addr, flagName string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w (the port is taken or not allowed; choose another with --%s)", addr, err, flagName)
	}
	return ln, nil
}

// Limits bound what HTTP clients can hold. Without them two clients keeping
// ~20,000 idle keep-alive connections used up the process's file handles,
// and with them the embedded NATS server's (claimwire up): the broker
// refused clients and writes while the API was flooded.
type Limits struct {
	// MaxConns bounds open connections. At the bound the longest idle one
	// is closed for a new one; if none is idle, new ones wait in the
	// kernel's accept queue (which costs this process no file handle).
	MaxConns int
	// ReadHeaderTimeout, ReadTimeout and WriteTimeout bound one request;
	// IdleTimeout closes a keep-alive connection no request uses.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
}

// DefaultLimits suit the API and the metrics endpoints: responses are
// bounded pages of JSON or HTML, produced in well under a second.
var DefaultLimits = Limits{
	MaxConns:          1024,
	ReadHeaderTimeout: 10 * time.Second,
	ReadTimeout:       30 * time.Second,
	WriteTimeout:      60 * time.Second,
	IdleTimeout:       60 * time.Second,
}

// Serve serves h on ln with DefaultLimits until ctx is done, then shuts
// down, giving requests in flight up to 10 s.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	return ServeLimited(ctx, ln, h, log, DefaultLimits)
}

// ServeLimited is Serve with explicit limits.
func ServeLimited(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger, lim Limits) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: lim.ReadHeaderTimeout,
		ReadTimeout:       lim.ReadTimeout,
		WriteTimeout:      lim.WriteTimeout,
		IdleTimeout:       lim.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
	addr := ln.Addr().String()
	if lim.MaxConns > 0 {
		cl := newConnLimit(ln, lim.MaxConns)
		srv.ConnState = cl.track
		ln = cl
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http %s: %w", addr, err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		log.Warn("http shutdown", "addr", addr, "err", err)
	}
	return nil
}

// Probe is the container healthcheck (`<service> --healthcheck`): images
// have no curl, so the binary checks its own /readyz and returns an exit code.
func Probe(addr string) int {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return 1
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	c := http.Client{Timeout: 3 * time.Second}
	resp, err := c.Get("http://" + net.JoinHostPort(host, port) + "/readyz")
	if err != nil {
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 1
	}
	return 0
}
