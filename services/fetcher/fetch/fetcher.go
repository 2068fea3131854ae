package fetch

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/fetcher/internal/feeds"
	"github.com/claimwire/claimwire/services/fetcher/internal/httpx"
	"github.com/claimwire/claimwire/services/fetcher/internal/polite"
	"github.com/claimwire/claimwire/services/fetcher/internal/robots"
	"github.com/claimwire/claimwire/services/fetcher/internal/textenc"
	"github.com/claimwire/claimwire/services/fetcher/internal/urlnorm"
)

// Errors. Network and HTTP failures wrap the httpx sentinels
// (httpx.ErrBlocked, httpx.ErrTooLarge, httpx.ErrBadType …), robots refusals
// wrap robots.ErrDisallowed, feed documents wrap feeds.ErrNotAFeed.
var (
	ErrBadURL = errors.New("fetch: bad URL")
	// Re-exported so callers outside this module can test for them.
	ErrBlocked  = httpx.ErrBlocked
	ErrTooLarge = httpx.ErrTooLarge
	ErrBadType  = httpx.ErrBadType
	// ErrBinary is a body that is not text whatever its declared type
	// (classed bad_type: the fetcher does not read it).
	ErrBinary      = fmt.Errorf("%w: binary body", httpx.ErrBadType)
	ErrDisallowed  = robots.ErrDisallowed
	ErrNotAFeed    = feeds.ErrNotAFeed
	ErrHTTPStatus  = httpx.ErrUnexpectedStatus
	ErrTooManyHops = httpx.ErrTooManyRedirects
	// ErrBadFeedURL: AddFeed was given something other than an absolute http(s) URL.
	ErrBadFeedURL = feeds.ErrBadURL
)

// CanonicalURL is the form of a URL the pipeline identifies pages by:
// lower-case scheme and host, no default port, fragment or tracking
// parameters (utm_*, fbclid …), sorted query.
func CanonicalURL(raw string) (string, error) {
	c, err := urlnorm.Canonical(raw)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrBadURL, err)
	}
	return c, nil
}

// Fetcher fetches pages and feeds: one shared SSRF-safe client, robots.txt,
// per-host rate limits and a global concurrency bound. Safe for concurrent use.
type Fetcher struct {
	cfg    Config
	client *httpx.Client
	robots *robots.Cache
	pool   *polite.Pool
	m      *metrics
}

// NewFetcher returns a Fetcher for cfg.
func NewFetcher(cfg Config) (*Fetcher, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	f := &Fetcher{
		cfg: cfg,
		client: httpx.New(httpx.Config{
			UserAgent: cfg.UserAgent, AllowNets: cfg.AllowNets, ExtraPorts: cfg.AllowPorts,
			ConnectTimeout: cfg.ConnectTimeout, HeaderTimeout: cfg.HeaderTimeout, TotalTimeout: cfg.RequestTimeout,
		}),
		pool: polite.New(cfg.Rate, cfg.Concurrency),
		m:    newMetrics(cfg.Registry),
	}
	f.robots = robots.New(f.fetchRobots, robotsAgent)
	f.robots.TTL = cfg.RobotsTTL
	return f, nil
}

// observe counts one request outcome.
func (f *Fetcher) observe(kind string, err error, notModified bool, elapsed time.Duration, n int) {
	result := classify(err)
	if err == nil && notModified {
		result = httpx.ResultNotModified
	}
	f.m.requests.WithLabelValues(kind, result).Inc()
	f.m.duration.WithLabelValues(kind).Observe(elapsed.Seconds())
	if n > 0 {
		f.m.bytes.WithLabelValues(kind).Add(float64(n))
	}
}

// classify maps any fetcher error to its result class.
func classify(err error) string {
	switch {
	case err == nil:
		return httpx.ResultOK
	case robots.Cause(err) != nil:
		// The robots.txt request failed: count what failed (SSRF guard,
		// DNS, timeout), not a robots rule.
		return httpx.Classify(robots.Cause(err))
	case errors.Is(err, robots.ErrDisallowed):
		return httpx.ResultRobotsDisallowed
	case errors.Is(err, feeds.ErrNotAFeed):
		return httpx.ResultBadType
	}
	return httpx.Classify(err)
}

// transient reports a failure worth retrying later (the URL is not marked
// seen, so the next feed poll offers it again).
func transient(err error) bool {
	if errors.Is(err, httpx.ErrBlocked) {
		return false // an address the guard refuses stays refused, robots.txt included
	}
	if errors.Is(err, robots.ErrUnavailable) || errors.Is(err, polite.ErrClosed) {
		return true
	}
	if errors.Is(err, robots.ErrDisallowed) || errors.Is(err, ErrBadURL) || errors.Is(err, feeds.ErrNotAFeed) {
		return false
	}
	return httpx.Transient(err)
}

// fetchRobots gets one robots.txt for the cache, politely and counted.
func (f *Fetcher) fetchRobots(ctx context.Context, robotsURL string) (int, []byte, error) {
	u, err := url.Parse(robotsURL)
	if err != nil {
		return 0, nil, err
	}
	var status int
	var body []byte
	err = f.pool.Do(ctx, u.Host, func(ctx context.Context) error {
		start := time.Now()
		resp, err := f.client.Get(ctx, httpx.Request{URL: robotsURL, Accept: "text/plain", MaxBytes: 512 << 10})
		var se *httpx.StatusError
		switch {
		case err == nil:
			status, body = resp.Status, resp.Body
		case errors.As(err, &se):
			status, err = se.Code, nil
		}
		f.observe(kindRobots, errOrStatus(err, status), false, time.Since(start), len(body))
		return err
	})
	return status, body, err
}

// errOrStatus turns a robots.txt error status back into an error for counting.
func errOrStatus(err error, status int) error {
	if err == nil && (status < 200 || status > 299) {
		return &httpx.StatusError{Code: status}
	}
	return err
}

// FetchPage fetches one page: canonical URL, robots.txt, the host's rate
// limit, the SSRF-safe client with its caps, and a content-type check. It
// returns the page metadata (Source "url"; Body not set) and the body
// decoded to UTF-8.
func (f *Fetcher) FetchPage(ctx context.Context, rawURL string) (contract.Page, []byte, error) {
	canon, err := CanonicalURL(rawURL)
	if err != nil {
		f.observe(kindPage, err, false, 0, 0)
		return contract.Page{}, nil, err
	}
	u, _ := url.Parse(canon)
	if err := f.robots.Check(ctx, u); err != nil {
		f.observe(kindPage, err, false, 0, 0)
		return contract.Page{}, nil, fmt.Errorf("fetch %s: %w", canon, err)
	}
	f.pool.SlowDown(u.Host, f.robots.CrawlDelay(u))
	var resp *httpx.Response
	err = f.pool.Do(ctx, u.Host, func(ctx context.Context) error {
		start := time.Now()
		var err error
		resp, err = f.client.Get(ctx, httpx.Request{
			URL:        canon,
			Accept:     "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5",
			MaxBytes:   int64(f.cfg.MaxPageBytes),
			AcceptType: httpx.IsPageType,
		})
		if err == nil && textenc.Binary(resp.Body) {
			// Labelled a page, but no text in any charset: it would be
			// indexed as garbled "text".
			err = fmt.Errorf("get %s: %w (labelled %q)", canon, ErrBinary, resp.ContentType)
		}
		n := 0
		if resp != nil {
			n = len(resp.Body)
		}
		f.observe(kindPage, err, false, time.Since(start), n)
		return err
	})
	if err != nil {
		f.pauseOnRetryAfter(u.Host, err)
		return contract.Page{}, nil, err
	}
	body, _, _ := textenc.ToUTF8(resp.Body, resp.ContentType)
	mt, _, _ := mime.ParseMediaType(resp.ContentType)
	if mt == "" {
		mt = "text/html"
	}
	page := contract.Page{
		Schema:      contract.Schema,
		ID:          contract.ArticleID(canon, nil),
		URL:         canon,
		FinalURL:    resp.FinalURL,
		Source:      "url",
		Status:      resp.Status,
		ContentType: mt + "; charset=utf-8", // the body is UTF-8 now, whatever the server sent
		FetchedAt:   time.Now().UTC(),
	}
	return page, body, nil
}

// pauseOnRetryAfter keeps a host idle when it asked us to (429/503).
func (f *Fetcher) pauseOnRetryAfter(host string, err error) {
	var se *httpx.StatusError
	if errors.As(err, &se) && se.RetryAfter > 0 {
		f.pool.Pause(host, se.RetryAfter)
	}
}

// feedResult is one poll of a feed.
type feedResult struct {
	notModified        bool
	etag, lastModified string
	items              []feeds.Item
}

// fetchFeed polls a feed with a conditional GET and parses it.
func (f *Fetcher) fetchFeed(ctx context.Context, feedURL, etag, lastModified string) (*feedResult, error) {
	u, err := url.Parse(feedURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	var res *feedResult
	err = f.pool.Do(ctx, u.Host, func(ctx context.Context) error {
		start := time.Now()
		resp, err := f.client.Get(ctx, httpx.Request{
			URL:    feedURL,
			Accept: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1",
			ETag:   etag, LastModified: lastModified,
			MaxBytes: int64(f.cfg.MaxFeedBytes),
		})
		if err != nil {
			f.observe(kindFeed, err, false, time.Since(start), 0)
			return err
		}
		res = &feedResult{notModified: resp.NotModified, etag: resp.ETag, lastModified: resp.LastModified}
		if !resp.NotModified {
			res.items, err = feeds.Parse(resp.Body, resp.ContentType, resp.FinalURL)
		}
		f.observe(kindFeed, err, resp.NotModified, time.Since(start), len(resp.Body))
		return err
	})
	if err != nil {
		f.pauseOnRetryAfter(u.Host, err)
		return nil, fmt.Errorf("feed %s: %w", feedURL, err)
	}
	return res, nil
}
