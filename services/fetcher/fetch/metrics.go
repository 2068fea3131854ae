package fetch

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/claimwire/claimwire/services/fetcher/internal/httpx"
)

// Request kinds: the `kind` label.
const (
	kindFeed   = "feed"
	kindPage   = "page"
	kindRobots = "robots"
)

type metrics struct {
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	bytes       *prometheus.CounterVec
	feeds       prometheus.Gauge
	overdue     prometheus.Gauge
	oldestAge   prometheus.Gauge
	published   prometheus.Counter
	skippedSeen prometheus.Counter
	queuedJobs  prometheus.Gauge
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimwire_fetcher_requests_total",
			Help: "HTTP requests by kind (feed, page, robots) and result class (ok, not_modified, http_4xx, http_5xx, timeout, too_large, bad_type, ssrf_blocked, robots_disallowed, dns, tls, other).",
		}, []string{"kind", "result"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "claimwire_fetcher_request_duration_seconds",
			Help:    "Time of one HTTP request, body included, by kind.",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"kind"}),
		bytes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimwire_fetcher_response_bytes_total",
			Help: "Response body bytes read (after decompression), by kind.",
		}, []string{"kind"}),
		feeds: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "claimwire_fetcher_feeds",
			Help: "Feeds being followed (file and KV list).",
		}),
		overdue: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "claimwire_fetcher_feeds_overdue",
			Help: "Feeds whose poll is more than a minute late (the fetcher cannot keep up).",
		}),
		oldestAge: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "claimwire_fetcher_feed_oldest_success_age_seconds",
			Help: "Age of the oldest last successful poll over all feeds (since being added for a feed that never succeeded).",
		}),
		published: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "claimwire_fetcher_pages_published_total",
			Help: "Pages published to the PAGES stream.",
		}),
		skippedSeen: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "claimwire_fetcher_items_seen_total",
			Help: "Feed items skipped because their canonical URL was fetched before.",
		}),
		queuedJobs: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "claimwire_fetcher_queued_jobs",
			Help: "Feed polls and page fetches waiting for their host's turn.",
		}),
	}
	m.requests = register(reg, m.requests)
	m.duration = register(reg, m.duration)
	m.bytes = register(reg, m.bytes)
	m.feeds = register(reg, m.feeds)
	m.overdue = register(reg, m.overdue)
	m.oldestAge = register(reg, m.oldestAge)
	m.published = register(reg, m.published)
	m.skippedSeen = register(reg, m.skippedSeen)
	m.queuedJobs = register(reg, m.queuedJobs)
	// Pre-create the series so that dashboards and alerts see zeros, not gaps.
	for _, k := range []string{kindFeed, kindPage, kindRobots} {
		for _, r := range httpx.Results {
			m.requests.WithLabelValues(k, r)
		}
		m.duration.WithLabelValues(k)
		m.bytes.WithLabelValues(k)
	}
	return m
}

// register registers c, or returns the collector already registered under
// the same name (a Fetcher and Run sharing one registry in `claimwire up`).
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	if reg == nil {
		return c
	}
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing
			}
		}
		// Another metric of the same name with other labels: a programming
		// error, but not one worth crashing a fetcher for; it goes unexported.
	}
	return c
}
