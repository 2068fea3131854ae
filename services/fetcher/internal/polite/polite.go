// Package polite spaces requests per host and bounds them overall, without
// letting a slow or rate-limited host hold up the others: each host has its
// own queue and worker, and a global slot is taken only for the request
// itself, never while waiting for a host's turn.
package polite

import (
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// ErrClosed is returned by Do when the pool closed while the request was
// still waiting for its turn: it was never sent.
var ErrClosed = errors.New("polite: pool closed")

// Job is one unit of work for a host (a feed poll, a page fetch). It calls
// Pool.Do for each request it makes.
type Job func()

type queued struct {
	ctx context.Context
	job Job
}

// Pool schedules jobs per host.
type Pool struct {
	perHost rate.Limit
	sem     chan struct{}

	mu      sync.Mutex
	hosts   map[string]*host
	wg      sync.WaitGroup
	closing chan struct{}
	once    sync.Once
}

type host struct {
	lim       *rate.Limiter
	notBefore time.Time // a server's Retry-After
	// lastStart is when the host's last request was sent: the next one
	// waits a full interval from it, however long that request waited for
	// a global slot after its turn came (a token alone would let two
	// requests go out closer together than the rate allows).
	lastStart time.Time
	queue     []queued
	running   bool
	lastUsed  time.Time
}

// New returns a pool allowing perSecond requests per host (≤ 0 means 1)
// and at most concurrency requests in flight overall.
func New(perSecond float64, concurrency int) *Pool {
	if perSecond <= 0 {
		perSecond = 1
	}
	if concurrency <= 0 {
		concurrency = 16
	}
	return &Pool{perHost: rate.Limit(perSecond), sem: make(chan struct{}, concurrency), hosts: map[string]*host{}, closing: make(chan struct{})}
}

func (p *Pool) hostLocked(name string) *host {
	h := p.hosts[name]
	if h == nil {
		h = &host{lim: rate.NewLimiter(p.perHost, 1)}
		p.hosts[name] = h
	}
	h.lastUsed = time.Now()
	return h
}

// Submit queues job for hostName; jobs for one host run one at a time, in
// order. A job whose ctx is done before it starts is dropped (shutdown):
// the job itself decides which context its work runs under. Submit returns
// false if ctx is already done.
func (p *Pool) Submit(ctx context.Context, hostName string, job Job) bool {
	return p.submit(ctx, hostName, job, false)
}

// SubmitFirst is Submit to the front of the host's queue: a feed poll must
// not wait behind the hundreds of page fetches an earlier poll queued.
func (p *Pool) SubmitFirst(ctx context.Context, hostName string, job Job) bool {
	return p.submit(ctx, hostName, job, true)
}

func (p *Pool) submit(ctx context.Context, hostName string, job Job, first bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if ctx.Err() != nil || p.isClosed() {
		return false
	}
	h := p.hostLocked(hostName)
	if first {
		h.queue = append([]queued{{ctx, job}}, h.queue...)
	} else {
		h.queue = append(h.queue, queued{ctx, job})
	}
	if !h.running {
		h.running = true
		p.wg.Add(1)
		go p.work(hostName, h)
	}
	return true
}

// Queued is the number of jobs waiting for a host's worker.
func (p *Pool) Queued() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, h := range p.hosts {
		n += len(h.queue)
	}
	return n
}

func (p *Pool) work(name string, h *host) {
	defer p.wg.Done()
	for {
		p.mu.Lock()
		for len(h.queue) > 0 && (h.queue[0].ctx.Err() != nil || p.isClosed()) {
			h.queue[0] = queued{}
			h.queue = h.queue[1:]
		}
		if len(h.queue) == 0 {
			h.queue = nil
			h.running = false
			p.gcLocked()
			p.mu.Unlock()
			return
		}
		q := h.queue[0]
		h.queue[0] = queued{}
		h.queue = h.queue[1:]
		p.mu.Unlock()
		q.job()
	}
}

// gcLocked forgets hosts idle for a while so memory stays bounded with
// thousands of article hosts.
func (p *Pool) gcLocked() {
	if len(p.hosts) < 1024 {
		return
	}
	cut := time.Now().Add(-10 * time.Minute)
	for k, h := range p.hosts {
		if !h.running && h.lastUsed.Before(cut) && time.Now().After(h.notBefore) {
			delete(p.hosts, k)
		}
	}
}

// Do waits for hostName's turn (rate limit, Retry-After pause), then for a
// global slot, and runs fn. Call it for every request, from inside a job.
func (p *Pool) Do(ctx context.Context, hostName string, fn func(ctx context.Context) error) error {
	p.mu.Lock()
	h := p.hostLocked(hostName)
	wait := max(time.Until(h.notBefore), time.Until(h.lastStart.Add(p.interval())))
	lim := h.lim
	p.mu.Unlock()
	// Waiting for a turn ends early when the pool closes: nothing was sent
	// yet, so shutdown need not wait out a long Retry-After.
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-p.closing:
			cancel()
		case <-wctx.Done():
		}
	}()
	waitErr := func() error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return ErrClosed
	}
	if wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-wctx.Done():
			t.Stop()
			return waitErr()
		case <-t.C:
		}
	}
	if err := lim.Wait(wctx); err != nil {
		if wctx.Err() != nil {
			return waitErr()
		}
		return err
	}
	select {
	case p.sem <- struct{}{}:
	case <-wctx.Done():
		return waitErr()
	}
	defer func() { <-p.sem }()
	p.mu.Lock()
	h.lastStart = time.Now()
	p.mu.Unlock()
	return fn(ctx)
}

// interval is the least time between the starts of two requests to a host.
func (p *Pool) interval() time.Duration {
	return time.Duration(float64(time.Second) / float64(p.perHost))
}

// Pause keeps hostName idle for d (a server's Retry-After).
func (p *Pool) Pause(hostName string, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	h := p.hostLocked(hostName)
	if t := time.Now().Add(d); t.After(h.notBefore) {
		h.notBefore = t
	}
}

// SlowDown lowers hostName's rate to one request per d if that is slower
// than the pool's rate (robots.txt Crawl-delay; capped at one a minute).
func (p *Pool) SlowDown(hostName string, d time.Duration) {
	if d <= 0 {
		return
	}
	d = min(d, time.Minute)
	p.mu.Lock()
	defer p.mu.Unlock()
	h := p.hostLocked(hostName)
	if l := rate.Every(d); l < h.lim.Limit() {
		h.lim.SetLimit(l)
	}
}

// Close makes waiting requests return ErrClosed and drops queued jobs;
// requests already sent finish. It does not wait: call Wait for that.
func (p *Pool) Close() { p.once.Do(func() { close(p.closing) }) }

func (p *Pool) isClosed() bool {
	select {
	case <-p.closing:
		return true
	default:
		return false
	}
}

// Wait blocks until every host worker has returned. Call it after the
// jobs' contexts are done to drain: queued jobs are dropped, running ones
// finish.
func (p *Pool) Wait() {
	p.wg.Wait()
}
