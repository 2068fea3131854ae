package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/lifecycle"
	"github.com/claimwire/claimwire/pkg/logging"
	"github.com/claimwire/claimwire/pkg/metrics"
	"github.com/claimwire/claimwire/pkg/natsembed"
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/cleaner/clean"
	"github.com/claimwire/claimwire/services/extractor/extract"
	"github.com/claimwire/claimwire/services/indexer/index"
)

func init() {
	register("up", "run the whole pipeline in one process (embedded NATS, SQLite, all stages, API/UI)", runUp)
}

type upConfig struct {
	data       string
	natsURL    string // use this server instead of an embedded one
	prefix     string
	natsHost   string
	natsPort   int
	monitor    int
	httpAddr   string
	db         string
	logLevel   string
	logFormat  string
	syncAlways bool
	fetch      upFetch
	clean      clean.Config
	extract    extract.Config
	index      index.Config
}

func runUp(ctx context.Context, args []string) error {
	fs := newFlags("up", "[flags]",
		"Runs the whole pipeline in one process: an embedded NATS server with JetStream (file store under\n"+
			"--data), the fetcher (polling --feeds and feeds added with 'claimwire feeds add'), the cleaner,\n"+
			"the extractor and the indexer (SQLite under --data unless --db says otherwise), and the HTTP API,\n"+
			"web UI and /metrics on --http-addr. Ctrl-C drains the messages in flight and exits.\n"+
			"Push pages in with 'claimwire ingest'; watch with 'claimwire status'.")
	var c upConfig
	fs.StringVar(&c.data, "data", envOr("CLAIMWIRE_DATA", "./claimwire-data"), "folder for the NATS store and the SQLite index (env CLAIMWIRE_DATA)")
	fs.StringVar(&c.natsURL, "nats-url", "", "use this NATS server (with JetStream) instead of starting an embedded one")
	fs.StringVar(&c.prefix, "stream-prefix", "", "prefix for stream names, to run beside another pipeline on a shared server")
	fs.StringVar(&c.natsHost, "nats-host", "127.0.0.1", "address the embedded NATS server listens on")
	fs.IntVar(&c.natsPort, "nats-port", defaultNATSPort, "port of the embedded NATS server (not 4222, which a system NATS often holds)")
	fs.IntVar(&c.monitor, "nats-monitor-port", 0, "port for the NATS monitoring endpoints (/varz, /jsz); 0 disables")
	fs.StringVar(&c.httpAddr, "http-addr", envOr("CLAIMWIRE_HTTP_ADDR", "127.0.0.1:8080"), "address of the API, web UI and /metrics (env CLAIMWIRE_HTTP_ADDR)")
	fs.StringVar(&c.db, "db", os.Getenv("CLAIMWIRE_DB"), "index store (default sqlite:DATA/claimwire.db; or postgres://…) (env CLAIMWIRE_DB)")
	fs.StringVar(&c.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	fs.StringVar(&c.logFormat, "log-format", "text", "log format: text or json")
	fs.BoolVar(&c.syncAlways, "sync-always", false, "fsync every JetStream write (acked means on disk; slower)")
	c.fetch.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	c.clean.Consumer = service.ConsumerFlags{Workers: 2, Buffer: 8, AckWait: 30 * time.Second, MaxDeliver: 5}
	c.extract.Consumer = service.ConsumerFlags{Workers: 2, Buffer: 8, AckWait: 30 * time.Second, MaxDeliver: 5}
	c.index.Consumer = service.ConsumerFlags{Workers: 256, Buffer: 64, AckWait: 30 * time.Second, MaxDeliver: 5}
	if c.db == "" {
		c.db = "sqlite:" + filepath.Join(c.data, "claimwire.db")
	}
	c.index.DSN = c.db
	log, err := logging.New(os.Stderr, c.logFormat, c.logLevel)
	if err != nil {
		return err
	}
	return up(ctx, c, log, func(p upPorts) {
		fmt.Fprintf(os.Stderr, "\nclaimwire is up.\n  web UI    http://%s/\n  API       http://%s/api/claims?q=…  (also /api/clusters, /api/articles/{id}, /api/speakers)\n  metrics   http://%s/metrics\n  NATS      %s\n  index     %s\n\nPush pages in:  claimwire ingest ../shared/seeds --wait\nWatch:          claimwire status\nStop:           Ctrl-C (drains messages in flight)\n\n",
			p.http, p.http, p.http, p.nats, c.db)
	})
}

type upPorts struct {
	nats string // client URL
	http string // host:port
}

// up runs the pipeline until ctx is done; started is called once everything
// listens. Tests call it directly.
func up(ctx context.Context, c upConfig, log *slog.Logger, started func(upPorts)) error {
	if err := os.MkdirAll(c.data, 0o755); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	ln, err := lifecycle.Listen(c.httpAddr, "http-addr")
	if err != nil {
		return err
	}
	defer ln.Close()
	natsURL := c.natsURL
	if natsURL == "" {
		ns, err := natsembed.Start(natsembed.Config{
			Host: c.natsHost, Port: c.natsPort, StoreDir: filepath.Join(c.data, "nats"),
			MaxPayload: 8 << 20, HTTPPort: c.monitor, SyncAlways: c.syncAlways,
		})
		if errors.Is(err, natsembed.ErrPortInUse) {
			return fmt.Errorf("%w\nanother process (often a system NATS server) holds that port: choose another with --nats-port N,\nand point ingest/status at it with --nats-url nats://%s:N", err, c.natsHost)
		} else if err != nil {
			return err
		}
		defer func() {
			ns.Shutdown()
			ns.WaitForShutdown()
		}()
		natsURL = ns.ClientURL()
	}

	nc, js, err := bus.Connect(ctx, natsURL, "up", log)
	if err != nil {
		return err
	}
	defer nc.Close()
	topo := bus.Topology{Prefix: c.prefix, MaxMsgSize: 8 << 20}
	if err := topo.Ensure(ctx, js); err != nil {
		return err
	}
	reg := metrics.NewRegistry(service.Version)
	pm := metrics.NewPipeline(reg)
	st, err := index.OpenStore(ctx, c.index.DSN)
	if err != nil {
		return fmt.Errorf("open index %s: %w", c.index.DSN, err)
	}
	defer st.Close()
	mux := lifecycle.Mux(reg, map[string]lifecycle.Check{"nats": bus.Ready(nc, js)})
	mux.Handle("/", index.NewHandler(st, log.With("service", "indexer")))
	env := func(stage string) *service.Env {
		return &service.Env{Log: log.With("service", stage), NC: nc, JS: js, Topology: topo, Registry: reg, Metrics: pm, Mux: mux}
	}

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errc := make(chan error, 8)
	start := func(name string, run func(context.Context) error) {
		wg.Go(func() {
			if err := run(runCtx); err != nil {
				errc <- fmt.Errorf("%s: %w", name, err)
				cancel()
			}
		})
	}
	start("http", func(ctx context.Context) error { return lifecycle.Serve(ctx, ln, mux, log) })
	start("cleaner", func(ctx context.Context) error { return clean.Run(ctx, c.clean, env(contract.StageCleaner)) })
	start("extractor", func(ctx context.Context) error { return extract.Run(ctx, c.extract, env(contract.StageExtractor)) })
	start("indexer", func(ctx context.Context) error { return index.Consume(ctx, c.index, env(contract.StageIndexer), st) })
	start("fetcher", func(ctx context.Context) error { return c.fetch.run(ctx, env(contract.StageFetcher)) })
	if started != nil {
		started(upPorts{nats: natsURL, http: ln.Addr().(*net.TCPAddr).String()})
	}
	<-runCtx.Done()
	log.Info("shutting down: draining messages in flight")
	wg.Wait()
	close(errc)
	var errs []error
	for err := range errc {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
