// Package httpx is the fetcher's one HTTP client, hardened for fetching
// whatever URLs hundreds of feeds hand us: SSRF checks at dial time on every
// redirect hop, no proxy from the environment, http(s) only, few redirects,
// timeouts on every phase and a body cap applied after decompression.
package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/claimwire/claimwire/pkg/netguard"
)

// Errors. Callers test them with errors.Is; Classify maps them to metric labels.
var (
	ErrBlocked           = netguard.ErrBlocked
	ErrScheme            = errors.New("httpx: scheme is not http or https")
	ErrTooManyRedirects  = errors.New("httpx: too many redirects")
	ErrTooLarge          = errors.New("httpx: response body too large")
	ErrBadType           = errors.New("httpx: unacceptable content type")
	ErrUnexpectedStatus  = errors.New("httpx: unexpected HTTP status")
	errRedirectWithoutTo = errors.New("httpx: redirect without Location")
)

// StatusError is a non-2xx, non-304 response.
type StatusError struct {
	Code int
	// RetryAfter is the delay the server asked for (429, 503), or 0.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("HTTP %d (retry after %s)", e.Code, e.RetryAfter)
	}
	return fmt.Sprintf("HTTP %d", e.Code)
}

func (e *StatusError) Unwrap() error { return ErrUnexpectedStatus }

// Config configures a Client. Zero durations take the defaults.
type Config struct {
	UserAgent string
	// AllowNets are networks the operator trusts even though they are
	// loopback, private or link-local (any port is allowed inside them).
	AllowNets []netip.Prefix
	// Ports other than 80 and 443 allowed on public addresses.
	ExtraPorts     []uint16
	ConnectTimeout time.Duration // TCP connect (default 10 s)
	HeaderTimeout  time.Duration // from request sent to response headers (default 20 s)
	TotalTimeout   time.Duration // whole request including the body (default 60 s)
	MaxRedirects   int           // default 5
}

func (c *Config) defaults() {
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = 10 * time.Second
	}
	if c.HeaderTimeout <= 0 {
		c.HeaderTimeout = 20 * time.Second
	}
	if c.TotalTimeout <= 0 {
		c.TotalTimeout = 60 * time.Second
	}
	if c.MaxRedirects <= 0 {
		c.MaxRedirects = 5
	}
	if c.UserAgent == "" {
		c.UserAgent = "claimwire-fetcher/1 (news claim tracker)"
	}
}

// Client is safe for concurrent use; share one per process.
type Client struct {
	cfg Config
	hc  *http.Client
}

// New returns a Client.
func New(cfg Config) *Client {
	cfg.defaults()
	// The guard is shared with every outbound client (pkg/netguard).
	control := netguard.Control(cfg.AllowNets, cfg.ExtraPorts)
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second, Control: control}
	tr := &http.Transport{
		Proxy:                  nil, // never from the environment: a proxy would bypass the dial check
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    cfg.ConnectTimeout,
		ResponseHeaderTimeout:  cfg.HeaderTimeout,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           256,
		MaxIdleConnsPerHost:    4,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 64 << 10,
	}
	hc := &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > cfg.MaxRedirects {
				return fmt.Errorf("%w: more than %d", ErrTooManyRedirects, cfg.MaxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("%w: redirect to %q", ErrScheme, req.URL.Scheme)
			}
			return nil
		},
	}
	return &Client{cfg: cfg, hc: hc}
}

// UserAgent is the User-Agent this client sends.
func (c *Client) UserAgent() string { return c.cfg.UserAgent }

// Request is one GET.
type Request struct {
	URL    string
	Accept string
	// Validators from the previous response, for a conditional GET.
	ETag, LastModified string
	// MaxBytes caps the decoded body; a larger body fails with ErrTooLarge.
	MaxBytes int64
	// Accept reports whether a Content-Type is acceptable; nil accepts all.
	AcceptType func(mediaType string) bool
}

// Response is a completed GET. NotModified responses have no body.
type Response struct {
	Status       int
	NotModified  bool
	FinalURL     string
	ContentType  string // the header as sent
	ETag         string
	LastModified string
	Body         []byte
	Elapsed      time.Duration
}

// Get performs req. Any status other than 2xx and 304 is a *StatusError.
func (c *Client) Get(ctx context.Context, req Request) (*Response, error) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, c.cfg.TotalTimeout)
	defer cancel()
	if !strings.HasPrefix(req.URL, "http://") && !strings.HasPrefix(req.URL, "https://") {
		return nil, fmt.Errorf("%w: %q", ErrScheme, req.URL)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, req.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("request %s: %w", req.URL, err)
	}
	hreq.Header.Set("User-Agent", c.cfg.UserAgent)
	if req.Accept != "" {
		hreq.Header.Set("Accept", req.Accept)
	}
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
	// Accept-Encoding is left to the transport: it then asks for gzip and
	// decompresses transparently, and our cap applies to the decompressed bytes.
	resp, err := c.hc.Do(hreq)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", req.URL, err)
	}
	defer resp.Body.Close()
	out := &Response{
		Status:       resp.StatusCode,
		FinalURL:     resp.Request.URL.String(),
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		out.Elapsed = time.Since(start)
		return out, nil
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return nil, fmt.Errorf("get %s: %w (HTTP %d)", req.URL, errRedirectWithoutTo, resp.StatusCode)
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		// Drain a little so the connection can be reused, not a whole error page.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
		return nil, fmt.Errorf("get %s: %w", req.URL, &StatusError{Code: resp.StatusCode, RetryAfter: RetryAfter(resp.Header.Get("Retry-After"), time.Now())})
	}
	if req.AcceptType != nil {
		mt, _, _ := mime.ParseMediaType(out.ContentType)
		if !req.AcceptType(strings.ToLower(mt)) {
			return nil, fmt.Errorf("get %s: %w: %q", req.URL, ErrBadType, out.ContentType)
		}
	}
	if req.MaxBytes > 0 && resp.ContentLength > req.MaxBytes && !resp.Uncompressed {
		return nil, fmt.Errorf("get %s: %w: Content-Length %d > %d", req.URL, ErrTooLarge, resp.ContentLength, req.MaxBytes)
	}
	var r io.Reader = resp.Body
	if req.MaxBytes > 0 {
		r = io.LimitReader(resp.Body, req.MaxBytes+1)
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("get %s: read body: %w", req.URL, err)
	}
	if req.MaxBytes > 0 && int64(len(body)) > req.MaxBytes {
		return nil, fmt.Errorf("get %s: %w: more than %d bytes", req.URL, ErrTooLarge, req.MaxBytes)
	}
	out.Body = body
	out.Elapsed = time.Since(start)
	return out, nil
}

// RetryAfter parses a Retry-After header (seconds or an HTTP date); 0 if
// absent or unparsable. Absurd values are capped at a day.
func RetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.Atoi(v); err == nil {
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), 24*time.Hour)
}
