package fetch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/netguard"
	"github.com/claimwire/claimwire/services/fetcher/internal/feeds"
	"github.com/claimwire/claimwire/services/fetcher/internal/httpx"
	"github.com/claimwire/claimwire/services/fetcher/internal/polite"
)

// Run follows the feeds of cfg.FeedsFile and of the KV list until ctx is
// done: it polls each feed on its interval, fetches every item it has not
// fetched before and publishes the page to PAGES (Nats-Msg-Id per page
// content). On ctx cancel it stops starting work, lets in-flight fetches
// finish (at most DrainTimeout) and returns nil.
//
// nc is not used yet: the caller owns the connection and exits when it
// closes for good; it is part of the signature so that Run can watch the
// connection's state without an API change.
func Run(ctx context.Context, cfg Config, nc *nats.Conn, js jetstream.JetStream) error {
	f, err := NewFetcher(cfg)
	if err != nil {
		return err
	}
	cfg = f.cfg
	st, err := openStore(ctx, js, cfg.Topology, cfg.SeenTTL)
	if err != nil {
		return err
	}
	r := &runner{cfg: cfg, f: f, st: st, js: js, log: cfg.Log.With("stage", contract.StageFetcher),
		feeds: map[string]*feed{}, kvFeeds: map[string]string{}, inflight: map[string]bool{},
		kvChanged: make(chan struct{}, 1), id: replicaID()}
	if cfg.FeedsFile != "" {
		if err := r.reloadFile(true); err != nil {
			return err
		}
	}
	// Work runs on its own context so that shutdown lets requests in flight
	// finish (and their pages be published) instead of aborting them.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	r.work, r.stopCtx = work, ctx
	kvReady := make(chan struct{})
	go r.watchKV(ctx, kvReady)
	select {
	case <-kvReady:
	case <-ctx.Done():
	}
	r.log.Info("fetcher running", "feeds_file", cfg.FeedsFile, "poll_interval", cfg.PollInterval, "rate_per_host", cfg.Rate,
		"concurrency", cfg.Concurrency, "allow_nets", (&netguard.NetList{P: &cfg.AllowNets}).String())

	tick := time.NewTicker(min(time.Second, cfg.PollInterval/4))
	defer tick.Stop()
	lastReload := time.Now()
	for ctx.Err() == nil {
		if cfg.FeedsFile != "" && time.Since(lastReload) >= cfg.ReloadInterval {
			lastReload = time.Now()
			if err := r.reloadFile(false); err != nil {
				r.log.Warn("feeds file", "err", err)
			}
		}
		r.sync(ctx)
		r.schedule(ctx)
		r.gauges()
		select {
		case <-ctx.Done():
		case <-tick.C:
		case <-r.kvChanged:
		}
	}
	r.log.Info("draining", "timeout", cfg.DrainTimeout)
	f.pool.Close() // requests not yet sent are dropped; sent ones finish
	stop := time.AfterFunc(cfg.DrainTimeout, cancelWork)
	f.pool.Wait()
	stop.Stop()
	r.log.Info("drained")
	return nil
}

// leaseFor bounds how long a replica may poll one feed (its items' pages
// included) before another may poll it too; a replica that dies mid-poll
// delays that feed by at most this.
const leaseFor = 5 * time.Minute

// replicaID names this process in feed leases.
func replicaID() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s-%d-%08x", host, os.Getpid(), rand.Uint32())
}

// maxItemsPerPoll bounds the new work one poll of one feed can queue.
const maxItemsPerPoll = 500

type runner struct {
	cfg  Config
	f    *Fetcher
	st   *store
	js   jetstream.JetStream
	log  *slog.Logger
	work context.Context // in-flight work; outlives stopCtx by DrainTimeout
	// stopCtx is Run's ctx: once done, queued work is dropped.
	stopCtx context.Context

	mu        sync.Mutex
	feeds     map[string]*feed  // active feeds by URL
	fileFeeds []string          // from --feeds
	fileStamp [2]int64          // mtime, size of the feeds file last read
	kvFeeds   map[string]string // KV key → URL
	inflight  map[string]bool   // page ids being fetched now (two feeds, one story)
	kvChanged chan struct{}
	id        string // this replica, for feed leases
}

type feed struct {
	st      FeedState
	polling bool
}

// reloadFile re-reads the feeds file if it changed. At start a missing or
// unreadable file is an error; later the last good list is kept.
func (r *runner) reloadFile(first bool) error {
	fi, err := os.Stat(r.cfg.FeedsFile)
	if err != nil {
		return fmt.Errorf("feeds file: %w", err)
	}
	stamp := [2]int64{fi.ModTime().UnixNano(), fi.Size()}
	r.mu.Lock()
	same := stamp == r.fileStamp
	r.mu.Unlock()
	if same && !first {
		return nil
	}
	fh, err := os.Open(r.cfg.FeedsFile)
	if err != nil {
		return fmt.Errorf("feeds file: %w", err)
	}
	defer fh.Close()
	list, perr := feeds.ParseList(fh)
	if perr != nil {
		r.log.Warn("feeds file has bad lines; they are skipped", "file", r.cfg.FeedsFile, "err", perr)
	}
	r.mu.Lock()
	r.fileFeeds, r.fileStamp = list, stamp
	r.mu.Unlock()
	r.log.Info("feeds file read", "file", r.cfg.FeedsFile, "feeds", len(list))
	return nil
}

// watchKV mirrors the run-time feed list; ready is closed once the current
// entries are in.
func (r *runner) watchKV(ctx context.Context, ready chan struct{}) {
	var once sync.Once
	defer once.Do(func() { close(ready) })
	for ctx.Err() == nil {
		w, err := r.st.list.WatchAll(ctx)
		if err != nil {
			r.log.Warn("watch feed list", "err", err)
			once.Do(func() { close(ready) })
			select {
			case <-ctx.Done():
				return
			case <-time.After(5 * time.Second):
				continue
			}
		}
		r.applyKV(ctx, w, func() { once.Do(func() { close(ready) }) })
		_ = w.Stop()
	}
}

// applyKV applies watch updates until ctx is done or the watch ends. The
// current values are collected first and replace the list whole, so that a
// feed deleted while a previous watch was down does not linger.
func (r *runner) applyKV(ctx context.Context, w jetstream.KeyWatcher, initialDone func()) {
	initial := map[string]string{}
	for {
		var e jetstream.KeyValueEntry
		var ok bool
		select {
		case <-ctx.Done():
			return
		case e, ok = <-w.Updates():
			if !ok {
				return
			}
		}
		r.mu.Lock()
		switch {
		case e == nil:
			r.kvFeeds, initial = initial, nil
		case initial != nil:
			if e.Operation() == jetstream.KeyValuePut {
				initial[e.Key()] = string(e.Value())
			}
		case e.Operation() == jetstream.KeyValuePut:
			r.kvFeeds[e.Key()] = string(e.Value())
		default:
			delete(r.kvFeeds, e.Key())
		}
		r.mu.Unlock()
		if e == nil {
			initialDone()
		}
		select {
		case r.kvChanged <- struct{}{}:
		default:
		}
	}
}

// sync makes the active set the union of the file and KV lists, loading
// the saved state of feeds that join it.
func (r *runner) sync(ctx context.Context) {
	r.mu.Lock()
	want := make(map[string]bool, len(r.fileFeeds)+len(r.kvFeeds))
	for _, u := range r.fileFeeds {
		want[u] = true
	}
	for _, u := range r.kvFeeds {
		if feeds.CheckURL(u) == nil {
			want[u] = true
		}
	}
	for u := range r.feeds {
		if !want[u] {
			delete(r.feeds, u)
			r.log.Info("feed removed", "feed", u)
		}
	}
	var added []string
	for u := range want {
		if r.feeds[u] == nil {
			added = append(added, u)
		}
	}
	r.mu.Unlock()
	for _, u := range added {
		st, err := r.st.loadState(ctx, u)
		if err != nil {
			r.log.Warn("load feed state", "feed", u, "err", err)
			continue // try again next tick rather than refetch everything
		}
		if st == nil {
			now := time.Now().UTC()
			st = &FeedState{URL: u, Added: now, NextPoll: now}
		}
		// A shorter --poll-interval than the last run's takes effect now,
		// not after the old, longer wait.
		// (A feed never polled has no last poll to count from: its saved
		// next poll stands.)
		if next := st.LastPoll.Add(jitter(r.cfg.PollInterval)); !st.LastPoll.IsZero() && st.Failures == 0 && st.NextPoll.After(next) {
			st.NextPoll = next
		}
		r.mu.Lock()
		r.feeds[u] = &feed{st: *st}
		r.mu.Unlock()
		r.log.Info("feed added", "feed", u, "next_poll", st.NextPoll)
	}
}

// schedule queues a poll of every due feed on its host's queue.
func (r *runner) schedule(ctx context.Context) {
	now := time.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, fd := range r.feeds {
		if fd.polling || now.Before(fd.st.NextPoll) {
			continue
		}
		u, err := url.Parse(fd.st.URL)
		if err != nil {
			continue
		}
		fd.polling = true
		if !r.f.pool.SubmitFirst(ctx, u.Host, func() { r.poll(fd) }) {
			fd.polling = false
		}
	}
}

func (r *runner) gauges() {
	now := time.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	overdue, oldest := 0, time.Duration(0)
	for _, fd := range r.feeds {
		if now.Sub(fd.st.NextPoll) > time.Minute {
			overdue++
		}
		since := fd.st.LastSuccess
		if since.IsZero() {
			since = fd.st.Added
		}
		if !since.IsZero() {
			oldest = max(oldest, now.Sub(since))
		}
	}
	r.f.m.feeds.Set(float64(len(r.feeds)))
	r.f.m.overdue.Set(float64(overdue))
	r.f.m.oldestAge.Set(oldest.Seconds())
	r.f.m.queuedJobs.Set(float64(r.f.pool.Queued()))
}

// jitter spreads polls ±10 % so that feeds added together do not stay in step.
func jitter(d time.Duration) time.Duration {
	return d + time.Duration((rand.Float64()*0.2-0.1)*float64(d))
}

// backoff is the wait after the n-th consecutive failure.
func (r *runner) backoff(failures int, err error) time.Duration {
	d := r.cfg.PollInterval
	for i := 1; i < failures && d < r.cfg.MaxBackoff; i++ {
		d *= 2
	}
	d = min(jitter(d), r.cfg.MaxBackoff)
	var se *httpx.StatusError
	if errors.As(err, &se) && se.RetryAfter > d {
		d = se.RetryAfter
	}
	return d
}

// finish records a poll's outcome and makes the feed schedulable again.
func (r *runner) finish(fd *feed, st FeedState) {
	st.LeaseOwner, st.LeaseUntil = "", time.Time{}
	r.mu.Lock()
	fd.st, fd.polling = st, false
	removed := r.feeds[st.URL] != fd
	r.mu.Unlock()
	if removed {
		return // 'feeds rm' while it was polled: its state went with it
	}
	if err := r.st.saveState(r.work, st); err != nil {
		r.log.Warn("save feed state", "feed", st.URL, "err", err)
	}
}

// poll fetches one feed and queues its new items. The new validators are
// saved only once every new item is published or finally refused, so that a
// crash or a transient page failure makes the next poll offer the items again.
func (r *runner) poll(fd *feed) {
	ctx := r.work
	r.mu.Lock()
	st := fd.st
	r.mu.Unlock()
	st, leased, err := r.st.lease(ctx, st, r.id, time.Now().Add(leaseFor))
	if err != nil || !leased {
		if err != nil {
			r.log.Warn("feed lease", "feed", st.URL, "err", err)
			st.NextPoll = time.Now().Add(min(r.cfg.PollInterval, time.Minute))
		} else if st.LeaseUntil.After(st.NextPoll) {
			st.NextPoll = st.LeaseUntil // being polled elsewhere: look again once that lease ends
		}
		r.mu.Lock()
		fd.st, fd.polling = st, false
		r.mu.Unlock()
		return
	}
	res, err := r.f.fetchFeed(ctx, st.URL, st.ETag, st.LastModified)
	now := time.Now().UTC()
	if errors.Is(err, polite.ErrClosed) {
		// Shutting down before the request was sent: nothing to record
		// but the lease, given back.
		r.finish(fd, st)
		return
	}
	st.LastPoll = now
	if err != nil {
		st.Failures++
		st.LastError = classify(err)
		st.LastErrorDetail = truncate(err.Error(), 300)
		st.NextPoll = now.Add(r.backoff(st.Failures, err))
		r.log.Warn("feed poll failed", "feed", st.URL, "result", st.LastError, "failures", st.Failures, "next_poll", st.NextPoll, "err", err)
		r.finish(fd, st)
		return
	}
	st.Failures, st.LastError, st.LastErrorDetail = 0, "", ""
	st.LastSuccess = now
	st.NextPoll = now.Add(jitter(r.cfg.PollInterval))
	if res.notModified {
		r.log.Debug("feed not modified", "feed", st.URL)
		r.finish(fd, st)
		return
	}
	oldETag, oldLM := st.ETag, st.LastModified
	if res.etag != "" || res.lastModified != "" {
		st.ETag, st.LastModified = res.etag, res.lastModified
	}
	st.Items = len(res.items)

	type job struct {
		item      feeds.Item
		canon, id string
	}
	var todo []job
	incomplete := atomic.Bool{}
	items := res.items
	if len(items) > maxItemsPerPoll {
		// A feed that lists its whole archive would otherwise queue
		// thousands of fetches on one host; feeds list newest first, and
		// the archive's tail is not news.
		items = items[:maxItemsPerPoll]
	}
	for _, it := range items {
		canon, err := CanonicalURL(it.Link)
		if err != nil {
			continue
		}
		id := contract.ArticleID(canon, nil)
		if !r.claim(id) {
			continue // another feed is fetching the same story right now
		}
		seen, err := r.st.isSeen(ctx, id)
		if err != nil {
			r.release(id)
			incomplete.Store(true)
			r.log.Warn("seen check", "url", canon, "err", err)
			continue
		}
		if seen {
			r.release(id)
			r.f.m.skippedSeen.Inc()
			continue
		}
		todo = append(todo, job{it, canon, id})
	}
	r.log.Info("feed polled", "feed", st.URL, "items", len(res.items), "new", len(todo))
	if len(todo) == 0 {
		if incomplete.Load() {
			st.ETag, st.LastModified = oldETag, oldLM
		}
		r.finish(fd, st)
		return
	}
	remaining := atomic.Int64{}
	remaining.Store(int64(len(todo)))
	done := func(ok bool) {
		if !ok {
			incomplete.Store(true)
		}
		if remaining.Add(-1) == 0 {
			if incomplete.Load() {
				st.ETag, st.LastModified = oldETag, oldLM
			}
			r.finish(fd, st)
		}
	}
	for _, j := range todo {
		u, _ := url.Parse(j.canon)
		accepted := r.f.pool.Submit(r.queueCtx(), u.Host, func() {
			done(r.fetchItem(ctx, st.URL, j.item, j.canon, j.id))
		})
		if !accepted { // shutting down: the item is offered again after restart
			r.release(j.id)
			done(false)
		}
	}
}

// queueCtx is done when Run is asked to stop: queued work is then dropped.
func (r *runner) queueCtx() context.Context { return r.stopCtx }

// claim marks a page id in flight; false if it already is.
func (r *runner) claim(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.inflight[id] {
		return false
	}
	r.inflight[id] = true
	return true
}

func (r *runner) release(id string) {
	r.mu.Lock()
	delete(r.inflight, id)
	r.mu.Unlock()
}

// fetchItem fetches and publishes one item's page. It reports whether the
// item is settled (published, or refused for good and marked seen);
// false means try again on a later poll.
func (r *runner) fetchItem(ctx context.Context, feedURL string, it feeds.Item, canon, id string) bool {
	defer r.release(id)
	page, body, err := r.f.FetchPage(ctx, canon)
	if err != nil {
		result := classify(err)
		if transient(err) {
			r.log.Info("page fetch failed; retried on a later poll", "url", canon, "result", result, "err", err)
			return false
		}
		r.log.Info("page refused", "url", canon, "result", result, "err", err)
		if err := r.st.markSeen(ctx, id, canon, result); err != nil {
			r.log.Warn("mark seen", "err", err)
			return false
		}
		return true
	}
	page.Source = "feed"
	page.Item = &contract.FeedItem{Feed: feedURL, Title: it.Title, Published: it.Published, Author: it.Author}
	if err := r.publish(ctx, &page, body); err != nil {
		r.log.Warn("publish page", "url", canon, "err", err)
		return false
	}
	if err := r.st.markSeen(ctx, id, canon, httpx.ResultOK); err != nil {
		// Published but not remembered: a refetch is deduplicated by the
		// stream's Nats-Msg-Id window, so this is not worth failing for.
		r.log.Warn("mark seen", "url", canon, "err", err)
	}
	return true
}

// publish publishes the page, waiting for the server's ack.
func (r *runner) publish(ctx context.Context, page *contract.Page, body []byte) error {
	if err := bus.PublishPage(ctx, r.js, r.cfg.Topology, page, body, nil); err != nil {
		return err
	}
	r.f.m.published.Inc()
	return nil
}

// truncate cuts s to at most n bytes without splitting a UTF-8 character
// (an error detail is stored as JSON and shown by `feeds ls`).
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
