// Package fetch is the fetcher stage: it polls news feeds, fetches each new
// item's page politely and safely, and publishes it to PAGES. Run is the
// service; Fetcher.FetchPage is the one-page API that `claimwire ingest URL`
// uses.
package fetch

import (
	"flag"
	"log/slog"
	"net/netip"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/config"
	"github.com/claimwire/claimwire/pkg/netguard"
)

// Config configures the fetcher. Zero values take the defaults that
// RegisterFlags documents.
type Config struct {
	Topology bus.Topology
	// FeedsFile lists feed URLs, one a line (# comments); re-read on change.
	FeedsFile string
	// AllowNets are networks fetched even though loopback, private or
	// link-local (tests and local demos: 127.0.0.0/8).
	AllowNets []netip.Prefix
	// AllowPorts are ports besides 80 and 443 allowed on public addresses
	// (inside AllowNets any port is allowed).
	AllowPorts  []uint16
	UserAgent   string
	Rate        float64 // requests per second per host
	Concurrency int     // requests in flight overall

	MaxPageBytes int // decoded page body cap
	MaxFeedBytes int // decoded feed body cap

	PollInterval time.Duration // per feed, ±10 % jitter
	MaxBackoff   time.Duration // longest delay after repeated feed failures
	SeenTTL      time.Duration // how long a fetched URL is remembered
	// ReloadInterval is how often the feeds file is checked for changes.
	ReloadInterval time.Duration
	RobotsTTL      time.Duration

	ConnectTimeout time.Duration
	HeaderTimeout  time.Duration
	RequestTimeout time.Duration // whole request, body included
	// DrainTimeout bounds how long Run waits for in-flight fetches on shutdown.
	DrainTimeout time.Duration

	// Registry receives the fetcher's metrics (nil: not exported).
	Registry prometheus.Registerer
	Log      *slog.Logger
}

// DefaultUserAgent names the bot and says what it is for, as robots.txt
// authors expect; operators should add a contact URL with --user-agent.
const DefaultUserAgent = "claimwire-fetcher/1.0 (+news claim tracker; respects robots.txt)"

// robotsAgent is the product token matched against robots.txt groups.
const robotsAgent = "claimwire"

// RegisterFlags defines the fetcher's flags, each with a CLAIMWIRE_* env
// fallback, so that the service binary and `claimwire up` share them.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	config.String(fs, &c.FeedsFile, "feeds", "", "file of feed URLs, one per line (# comments); re-read when it changes")
	config.Var(fs, &netguard.NetList{P: &c.AllowNets}, "allow-net", "network to allow although loopback/private/link-local, e.g. 127.0.0.0/8; repeatable or comma-separated")
	config.Var(fs, &netguard.PortList{P: &c.AllowPorts}, "allow-port", "port besides 80 and 443 to allow on public hosts; repeatable or comma-separated")
	config.String(fs, &c.UserAgent, "user-agent", DefaultUserAgent, "User-Agent header; include a contact URL")
	config.Float(fs, &c.Rate, "rate", 1, "requests per second per host")
	config.Int(fs, &c.Concurrency, "concurrency", 16, "HTTP requests in flight overall")
	config.Int(fs, &c.MaxPageBytes, "max-page-bytes", 5<<20, "largest page accepted (after decompression)")
	config.Int(fs, &c.MaxFeedBytes, "max-feed-bytes", 10<<20, "largest feed document accepted (after decompression)")
	config.Duration(fs, &c.PollInterval, "poll-interval", 15*time.Minute, "how often each feed is polled (±10% jitter)")
	config.Duration(fs, &c.MaxBackoff, "max-backoff", 6*time.Hour, "longest wait after repeated failures of a feed")
	config.Duration(fs, &c.SeenTTL, "seen-ttl", 30*24*time.Hour, "how long a fetched URL is remembered and not fetched again")
	config.Duration(fs, &c.ReloadInterval, "feeds-reload", 10*time.Second, "how often the feeds file is checked for changes")
	config.Duration(fs, &c.RobotsTTL, "robots-ttl", 24*time.Hour, "how long a robots.txt is cached")
	config.Duration(fs, &c.RequestTimeout, "request-timeout", 30*time.Second, "time limit of one HTTP request, body included")
}

// Validate checks the settings after flag parsing and fills defaults.
func (c *Config) Validate() error {
	c.defaults()
	return nil
}

func (c *Config) defaults() {
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.Rate <= 0 {
		c.Rate = 1
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 16
	}
	if c.MaxPageBytes <= 0 {
		c.MaxPageBytes = 5 << 20
	}
	if c.MaxFeedBytes <= 0 {
		c.MaxFeedBytes = 10 << 20
	}
	if c.PollInterval <= 0 {
		c.PollInterval = 15 * time.Minute
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 6 * time.Hour
	}
	if c.SeenTTL <= 0 {
		c.SeenTTL = 30 * 24 * time.Hour
	}
	if c.ReloadInterval <= 0 {
		c.ReloadInterval = 10 * time.Second
	}
	if c.RobotsTTL <= 0 {
		c.RobotsTTL = 24 * time.Hour
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = 10 * time.Second
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 30 * time.Second
	}
	if c.HeaderTimeout <= 0 || c.HeaderTimeout > c.RequestTimeout {
		c.HeaderTimeout = min(20*time.Second, c.RequestTimeout)
	}
	if c.DrainTimeout <= 0 {
		c.DrainTimeout = c.RequestTimeout + 5*time.Second
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
}

// ParseNet parses a CIDR prefix or a single address (as a /32 or /128).
func ParseNet(s string) (netip.Prefix, error) { return netguard.ParseNet(s) }
