// Package robots answers "may we fetch this URL?" from each host's
// robots.txt, fetched once per host and cached, so that following hundreds
// of feeds does not crawl against publishers' wishes.
package robots

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// ErrDisallowed is returned for a URL the host's robots.txt forbids us, or
// for any URL of a host whose robots.txt failed with a server error.
var ErrDisallowed = errors.New("robots: disallowed")

// ErrUnavailable is the ErrDisallowed of a host whose robots.txt answered
// with a server error or not at all: unlike a rule, it is worth retrying later.
var ErrUnavailable = fmt.Errorf("%w: robots.txt unavailable", ErrDisallowed)

// UnavailableError is ErrUnavailable with its cause, so that a refusal by
// the SSRF guard, a host not found or a timeout is reported as what it is.
type UnavailableError struct {
	Host   string // scheme://host
	Err    error  // the request's failure; nil when the server answered Status
	Status int
}

func (e *UnavailableError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("robots.txt of %s: %v", e.Host, e.Err)
	}
	return fmt.Sprintf("%v: %s answered HTTP %d", ErrUnavailable, e.Host, e.Status)
}

func (e *UnavailableError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrUnavailable}
	}
	return []error{ErrUnavailable, e.Err}
}

// Cause is the request failure behind an UnavailableError in err's chain,
// or nil.
func Cause(err error) error {
	var ue *UnavailableError
	if errors.As(err, &ue) {
		return ue.Err
	}
	return nil
}

// Fetch gets a robots.txt URL and returns the final status and body. err is
// a transport failure (timeout, DNS, refused) – a non-2xx status is not.
type Fetch func(ctx context.Context, robotsURL string) (status int, body []byte, err error)

// Cache holds each host's parsed robots.txt. Safe for concurrent use.
type Cache struct {
	fetch Fetch
	agent string
	// TTL is how long a fetched robots.txt is trusted; ErrorTTL how long a
	// 5xx or unreachable robots.txt keeps the host disallowed before we retry.
	TTL, ErrorTTL time.Duration
	// MaxHosts bounds the cache; the oldest entries are dropped past it.
	MaxHosts int
	now      func() time.Time

	mu    sync.Mutex
	hosts map[string]*entry
}

type entry struct {
	ready       chan struct{} // closed once data is set
	data        *robotstxt.RobotsData
	unavailable *UnavailableError // why the host is disallowed for a while
	expires     time.Time
}

// New returns a cache for the given User-Agent product token.
func New(fetch Fetch, agent string) *Cache {
	return &Cache{fetch: fetch, agent: agent, TTL: 24 * time.Hour, ErrorTTL: 10 * time.Minute,
		MaxHosts: 10000, now: time.Now, hosts: map[string]*entry{}}
}

// Check returns nil if u may be fetched, ErrDisallowed if not, or the
// context's error.
func (c *Cache) Check(ctx context.Context, u *url.URL) error {
	e, err := c.get(ctx, u)
	if err != nil {
		return err
	}
	if e.unavailable != nil {
		return e.unavailable
	}
	data := e.data
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !data.TestAgent(path, c.agent) {
		return fmt.Errorf("%w: %s for %q", ErrDisallowed, u.Redacted(), c.agent)
	}
	return nil
}

// CrawlDelay is the delay the host's robots.txt asks of us (0 if none or
// not fetched yet).
func (c *Cache) CrawlDelay(u *url.URL) time.Duration {
	c.mu.Lock()
	e := c.hosts[key(u)]
	c.mu.Unlock()
	if e == nil {
		return 0
	}
	select {
	case <-e.ready:
	default:
		return 0
	}
	if g := e.data.FindGroup(c.agent); g != nil {
		return g.CrawlDelay
	}
	return 0
}

func key(u *url.URL) string { return u.Scheme + "://" + u.Host }

func (c *Cache) get(ctx context.Context, u *url.URL) (*entry, error) {
	k := key(u)
	c.mu.Lock()
	e := c.hosts[k]
	if e != nil {
		select {
		case <-e.ready:
			if c.now().After(e.expires) {
				e = nil // expired: refetch below
			}
		default: // another goroutine is fetching it: wait below
		}
	}
	if e == nil {
		e = &entry{ready: make(chan struct{})}
		c.evictLocked()
		c.hosts[k] = e
		c.mu.Unlock()
		e.data, e.unavailable, e.expires = c.load(ctx, k)
		if ctx.Err() != nil {
			// Our caller gave up, the host did not fail: do not keep a
			// "disallow" verdict that others would inherit.
			e.expires = time.Time{}
		}
		close(e.ready)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return e, nil
	}
	c.mu.Unlock()
	select {
	case <-e.ready:
		return e, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// load fetches and parses one robots.txt, following Google's rules: 2xx is
// parsed, 4xx means no restrictions, 5xx or no answer means "stay away for
// a while".
func (c *Cache) load(ctx context.Context, host string) (data *robotstxt.RobotsData, unavailable *UnavailableError, expires time.Time) {
	now := c.now()
	status, body, err := c.fetch(ctx, host+"/robots.txt")
	if err != nil || status >= 500 {
		d, _ := robotstxt.FromStatusAndBytes(503, nil)
		return d, &UnavailableError{Host: host, Err: err, Status: status}, now.Add(c.ErrorTTL)
	}
	switch {
	case status >= 200 && status < 300:
		d, perr := robotstxt.FromBytes(body)
		if perr != nil {
			// An unparsable file states no rules we could honour.
			d, _ = robotstxt.FromStatusAndBytes(404, nil)
		}
		return d, nil, now.Add(c.TTL)
	default: // 4xx, and anything odd that is not a server error
		d, _ := robotstxt.FromStatusAndBytes(404, nil)
		return d, nil, now.Add(c.TTL)
	}
}

// evictLocked drops expired entries, and if still full an arbitrary ready one.
func (c *Cache) evictLocked() {
	if len(c.hosts) < c.MaxHosts {
		return
	}
	now := c.now()
	for k, e := range c.hosts {
		select {
		case <-e.ready:
			if now.After(e.expires) {
				delete(c.hosts, k)
			}
		default:
		}
	}
	for k, e := range c.hosts {
		if len(c.hosts) < c.MaxHosts {
			return
		}
		select {
		case <-e.ready:
			delete(c.hosts, k)
		default:
		}
	}
}
