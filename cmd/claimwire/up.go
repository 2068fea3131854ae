package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/config"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/logging"
	"github.com/claimwire/claimwire/pkg/natsembed"
	"github.com/claimwire/claimwire/pkg/redact"
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/cleaner/clean"
	"github.com/claimwire/claimwire/services/extractor/extract"
	"github.com/claimwire/claimwire/services/indexer/index"
)

func init() {
	register("up", "run the whole pipeline in one process (embedded NATS, SQLite, all stages, API/UI)", runUp)
}

// defaultAPI is where `claimwire up` serves the API by default.
const defaultAPI = "http://127.0.0.1:8080"

type upConfig struct {
	data       string
	natsURL    string // use this server instead of an embedded one
	natsAuth   bus.Auth
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
			"One 'up' at a time uses a --data folder (it is locked). Push pages in with 'claimwire ingest';\n"+
			"watch with 'claimwire status'.")
	var c upConfig
	config.String(fs, &c.data, "data", "./claimwire-data", "folder for the NATS store and the SQLite index")
	fs.StringVar(&c.natsURL, "nats-url", "", "use this NATS server (with JetStream) instead of starting an embedded one")
	service.RegisterNATSAuth(fs, &c.natsAuth)
	fs.StringVar(&c.prefix, "stream-prefix", "", "prefix for stream names, to run beside another pipeline on a shared server")
	fs.StringVar(&c.natsHost, "nats-host", "127.0.0.1", "address the embedded NATS server listens on")
	config.Int(fs, &c.natsPort, "nats-port", defaultNATSPort, "port of the embedded NATS server (not 4222, which a system NATS often holds)")
	fs.IntVar(&c.monitor, "nats-monitor-port", 0, "port for the NATS monitoring endpoints (/varz, /jsz); 0 disables")
	config.String(fs, &c.httpAddr, "http-addr", "127.0.0.1:8080", "address of the API, web UI and /metrics")
	config.String(fs, &c.db, "db", "", "index store (default sqlite:DATA/claimwire.db; or postgres://…)")
	config.String(fs, &c.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	config.String(fs, &c.logFormat, "log-format", "text", "log format: text or json")
	fs.BoolVar(&c.syncAlways, "sync-always", false, "fsync every JetStream write (acked means on disk; slower)")
	c.fetch.register(fs)
	c.index.Alerts.RegisterFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "claimwire up takes no arguments (got %q); feeds go in a --feeds file or 'claimwire feeds add'\n", fs.Args())
		return errUsage
	}
	if c.db == "" {
		c.db = "sqlite:" + filepath.Join(c.data, "claimwire.db")
	}
	log, err := logging.New(os.Stderr, c.logFormat, c.logLevel)
	if err != nil {
		return err
	}
	return up(ctx, c, log, func(p upPorts) { printBanner(os.Stderr, c, p) })
}

type upPorts struct {
	nats string // client URL
	http string // host:port
}

// up runs the pipeline until ctx is done; started is called once everything
// listens. Tests call it directly.
func up(ctx context.Context, c upConfig, log *slog.Logger, started func(upPorts)) error {
	c.defaults()
	if err := os.MkdirAll(c.data, 0o755); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	unlock, err := lockDataDir(c.data)
	if err != nil {
		return err
	}
	defer unlock()
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
	// The same harness as the four service binaries, running all four
	// stages on one connection, registry and HTTP server.
	common := service.Common{NATSURL: natsURL, NATSAuth: c.natsAuth, HTTPAddr: c.httpAddr, Prefix: c.prefix, Replicas: 1, MaxMsgSize: 8 << 20}
	stages := []service.Stage{
		c.fetch.stage(),
		{Name: contract.StageCleaner, Run: func(ctx context.Context, env *service.Env) error { return clean.Run(ctx, c.clean, env) }},
		{Name: contract.StageExtractor, Run: func(ctx context.Context, env *service.Env) error { return extract.Run(ctx, c.extract, env) }},
		{Name: contract.StageIndexer, Run: func(ctx context.Context, env *service.Env) error { return index.Run(ctx, c.index, env) }},
	}
	err = service.Serve(ctx, common, log, func(addr net.Addr) {
		if started != nil {
			started(upPorts{nats: natsURL, http: addr.String()})
		}
	}, stages...)
	log.Info("stopped")
	return err
}

// defaults fills what the flags would: the stage consumers' knobs and the
// index under the data folder.
func (c *upConfig) defaults() {
	if c.data == "" {
		c.data = "./claimwire-data"
	}
	if c.httpAddr == "" {
		c.httpAddr = "127.0.0.1:8080"
	}
	if c.natsHost == "" {
		c.natsHost = "127.0.0.1"
	}
	if c.natsPort == 0 {
		c.natsPort = defaultNATSPort
	}
	if c.db != "" && c.index.DSN == "" {
		c.index.DSN = c.db
	}
	if c.index.DSN == "" {
		c.index.DSN = "sqlite:" + filepath.Join(c.data, "claimwire.db")
	}
	consumer := func(cf *service.ConsumerFlags, workers, buffer int) {
		if cf.Workers == 0 {
			// AckWait zero: the runner's default (4 s, progress acks for long handlers).
			*cf = service.ConsumerFlags{Workers: workers, Buffer: buffer, MaxDeliver: 5}
		}
	}
	consumer(&c.clean.Consumer, 2, 8)
	consumer(&c.extract.Consumer, 2, 8)
	consumer(&c.index.Consumer, index.DefaultWorkers, 64)
}

// clientFlags are the flags a client command needs to reach this 'up':
// none when it runs on the defaults.
func clientFlags(c upConfig, p upPorts) (conn []string, api string) {
	if p.nats != defaultNATSURL {
		conn = append(conn, "--nats-url", p.nats)
	}
	if c.prefix != "" {
		conn = append(conn, "--stream-prefix", c.prefix)
	}
	return conn, "http://" + clientAddr(p.http)
}

// clientAddr is a listen address as a client on this machine dials it.
func clientAddr(hostport string) string {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return hostport
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// printBanner says where everything is and prints the client commands
// with the flags that reach this 'up'.
func printBanner(w io.Writer, c upConfig, p upPorts) {
	conn, api := clientFlags(c, p)
	ingest := append([]string{"claimwire", "ingest"}, conn...)
	if api != defaultAPI {
		ingest = append(ingest, "--api", api)
	}
	ingest = append(ingest, "PATH|URL...", "--wait")
	status := append([]string{"claimwire", "status"}, conn...)
	alert := []string{"claimwire", "watch", "add", "--speaker", `"NAME"`}
	if api != defaultAPI {
		alert = append(alert, "--api", api)
	}
	feeds := append(append([]string{"claimwire", "feeds", "add"}, conn...), "FEED-URL")
	db := c.db
	if db == "" {
		db = c.index.DSN
	}
	fmt.Fprintf(w, "\nclaimwire is up.\n"+
		"  web UI    %[1]s/\n"+
		"  API       %[1]s/api/claims?q=…  (also /api/clusters, /api/articles/{id}, /api/speakers)\n"+
		"  metrics   %[1]s/metrics\n"+
		"  NATS      %[2]s\n"+
		"  index     %[3]s\n"+
		"  data      %[4]s (locked by this process)\n\n"+
		"Push pages in:  %[5]s\n"+
		"Follow a feed:  %[6]s\n"+
		"Watch:          %[7]s\n"+
		"Claim alerts:   %[8]s  (listed in the UI's Alerts page)\n"+
		"Stop:           Ctrl-C (drains messages in flight)\n\n",
		api, redact.URL(p.nats), redact.URL(db), c.data, strings.Join(ingest, " "), strings.Join(feeds, " "), strings.Join(status, " "), strings.Join(alert, " "))
}
