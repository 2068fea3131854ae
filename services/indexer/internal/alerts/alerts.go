// Package alerts delivers the alerts that the store's watches fire: the
// alerts table is an outbox, written in the transaction that stored the
// claims, and this loop publishes each alert on JetStream (alerts.<watch>,
// with the alert id as Nats-Msg-Id so that a crash between publishing and
// recording it publishes nothing twice) and POSTs it to the watch's webhook,
// retrying with backoff through the SSRF guard. Nothing here runs in the
// indexing path: a slow or failing receiver never holds up a commit.
package alerts

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/config"
	"github.com/claimwire/claimwire/pkg/netguard"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// Config of the delivery loop. Zero values take the defaults RegisterFlags
// documents.
type Config struct {
	// AllowNets are networks a webhook may be on although loopback, private
	// or link-local (as the fetcher's --allow-net).
	AllowNets []netip.Prefix
	// AllowPorts are ports besides 80 and 443 allowed on public hosts.
	AllowPorts  []uint16
	Timeout     time.Duration // one POST, response included
	MaxAttempts int           // POSTs before a delivery is given up
	// Backoff is the delay after the first failed POST; it doubles after
	// each failure up to MaxBackoff.
	Backoff, MaxBackoff time.Duration
	// Poll is how often the outbox is read without being woken: alerts
	// another indexer replica committed, publications that failed.
	Poll time.Duration
}

// RegisterFlags defines the webhook flags (indexer service and `claimwire up`).
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	config.Var(fs, &netguard.NetList{P: &c.AllowNets}, "webhook-allow-net", "network a watch's webhook may be on although loopback/private/link-local, e.g. 127.0.0.0/8; repeatable or comma-separated")
	config.Var(fs, &netguard.PortList{P: &c.AllowPorts}, "webhook-allow-port", "port besides 80 and 443 a webhook may use on public hosts; repeatable or comma-separated")
	config.Duration(fs, &c.Timeout, "webhook-timeout", 10*time.Second, "time limit of one webhook POST")
	config.Int(fs, &c.MaxAttempts, "webhook-attempts", 10, "POSTs of an alert before its webhook delivery is given up")
	config.Duration(fs, &c.Backoff, "webhook-backoff", 2*time.Second, "delay after a failed webhook POST, doubled after each failure")
	config.Duration(fs, &c.MaxBackoff, "webhook-max-backoff", 10*time.Minute, "longest delay between webhook POSTs")
}

func (c *Config) defaults() {
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 10
	}
	if c.Backoff <= 0 {
		c.Backoff = 2 * time.Second
	}
	if c.MaxBackoff < c.Backoff {
		c.MaxBackoff = max(10*time.Minute, c.Backoff)
	}
	if c.Poll <= 0 {
		c.Poll = 5 * time.Second
	}
}

// Webhook results: a closed set, the metric's label.
const (
	resultDelivered = "delivered"
	resultRetry     = "retry"   // failed, tried again later
	resultFailed    = "failed"  // given up: attempts used up, or a refusal retrying cannot change
	resultBlocked   = "blocked" // the SSRF guard refused the destination
)

// Headers of a webhook POST (and of the JetStream message).
const (
	HeaderAlertID = "Claimwire-Alert-Id"
	HeaderWatch   = "Claimwire-Watch"
	HeaderKind    = "Claimwire-Alert-Kind"
)

// Outbox is the delivery loop.
type Outbox struct {
	cfg  Config
	st   store.Outbox
	js   jetstream.Publisher
	topo bus.Topology
	hc   *http.Client
	log  *slog.Logger

	published *prometheus.CounterVec
	webhooks  *prometheus.CounterVec
	pubErrors prometheus.Counter

	wakeHooks chan struct{}
	mu        sync.Mutex
	soonest   time.Time       // the earliest retry scheduled since the loop last looked
	busy      map[string]bool // webhook URLs with a POST in flight
}

// New returns the delivery loop; reg receives its metrics (nil: none).
func New(cfg Config, st store.Outbox, js jetstream.Publisher, topo bus.Topology, reg prometheus.Registerer, log *slog.Logger) *Outbox {
	cfg.defaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dialer := &net.Dialer{Timeout: cfg.Timeout, Control: netguard.Control(cfg.AllowNets, cfg.AllowPorts)}
	hc := &http.Client{
		Timeout: cfg.Timeout,
		Transport: &http.Transport{
			Proxy:                 nil, // a proxy would bypass the dial-time guard
			DialContext:           dialer.DialContext,
			ResponseHeaderTimeout: cfg.Timeout,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       30 * time.Second,
		},
		// A webhook answers; it does not send the alert elsewhere.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	o := &Outbox{cfg: cfg, st: st, js: js, topo: topo, hc: hc, log: log, wakeHooks: make(chan struct{}, 1), busy: map[string]bool{},
		published: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimwire_alerts_total",
			Help: "Alerts published on JetStream (alerts.<watch>), by watch kind; a re-publication the server dropped as a duplicate is not counted.",
		}, []string{"kind"}),
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "claimwire_alert_webhooks_total",
			Help: "Webhook POSTs of alerts by result: delivered, retry (failed, tried again later), failed (given up), blocked (SSRF guard).",
		}, []string{"result"}),
		pubErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "claimwire_alert_publish_errors_total",
			Help: "Failed publications of alerts on JetStream (retried).",
		}),
	}
	for _, k := range store.WatchKinds {
		o.published.WithLabelValues(k)
	}
	for _, r := range []string{resultDelivered, resultRetry, resultFailed, resultBlocked} {
		o.webhooks.WithLabelValues(r)
	}
	if reg != nil {
		reg.MustRegister(o.published, o.webhooks, o.pubErrors)
	}
	return o
}

// Run delivers until ctx is done.
func (o *Outbox) Run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { o.publishLoop(ctx) })
	wg.Go(func() { o.webhookLoop(ctx) })
	wg.Wait()
}

func (o *Outbox) publishLoop(ctx context.Context) {
	t := time.NewTicker(o.cfg.Poll)
	defer t.Stop()
	for {
		if n, err := o.PublishPending(ctx); err != nil && ctx.Err() == nil {
			o.log.Warn("alerts: publish", "err", err)
		} else if n > 0 {
			o.wake()
		}
		select {
		case <-ctx.Done():
			return
		case <-o.st.AlertsFired():
		case <-t.C:
		}
	}
}

func (o *Outbox) wake() {
	select {
	case o.wakeHooks <- struct{}{}:
	default:
	}
}

// PublishPending publishes every alert not yet on JetStream and returns how
// many it published.
func (o *Outbox) PublishPending(ctx context.Context) (int, error) {
	total := 0
	for {
		pending, err := o.st.Unpublished(ctx, 100)
		if err != nil || len(pending) == 0 {
			return total, err
		}
		var done []int64
		for _, p := range pending {
			msg := &nats.Msg{Subject: o.topo.AlertSubject(p.Alert.Watch), Data: p.Body, Header: nats.Header{}}
			msg.Header.Set(HeaderAlertID, p.Alert.ID)
			msg.Header.Set(HeaderWatch, p.Alert.Watch)
			msg.Header.Set(HeaderKind, p.Alert.Kind)
			ack, err := o.js.PublishMsg(ctx, msg, jetstream.WithMsgID(p.Alert.ID))
			if err != nil {
				o.pubErrors.Inc()
				if len(done) > 0 {
					err = errors.Join(err, o.st.MarkPublished(ctx, done))
				}
				return total + len(done), fmt.Errorf("publish alert %s on %s: %w", p.Alert.ID, msg.Subject, err)
			}
			if !ack.Duplicate {
				o.published.WithLabelValues(p.Alert.Kind).Inc()
			}
			done = append(done, p.Seq)
		}
		if err := o.st.MarkPublished(ctx, done); err != nil {
			return total, err
		}
		total += len(done)
	}
}

func (o *Outbox) webhookLoop(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-o.wakeHooks:
		case <-timer.C:
		}
		next := o.deliverDue(ctx, &wg)
		o.mu.Lock()
		if !o.soonest.IsZero() && o.soonest.Before(next) {
			next = o.soonest
		}
		o.soonest = time.Time{}
		o.mu.Unlock()
		timer.Reset(min(max(time.Until(next), 10*time.Millisecond), o.cfg.Poll))
	}
}

// Webhook POSTs in flight: at most maxInFlight, and one per webhook URL, so
// that a receiver that hangs delays its own alerts only.
const (
	maxInFlight = 16
	dueBatch    = 256
)

// deliverDue starts the POSTs that are due and returns when to look again.
func (o *Outbox) deliverDue(ctx context.Context, wg *sync.WaitGroup) time.Time {
	now := time.Now()
	next := now.Add(o.cfg.Poll)
	due, err := o.st.DueWebhooks(ctx, now, dueBatch)
	if err != nil {
		if ctx.Err() == nil {
			o.log.Warn("alerts: webhooks due", "err", err)
		}
		return next
	}
	for _, a := range due {
		o.mu.Lock()
		full, busy := len(o.busy) >= maxInFlight, o.busy[a.Webhook]
		o.mu.Unlock()
		if full {
			break // a POST that ends wakes the loop
		}
		if busy {
			continue
		}
		lease := time.Now().Add(o.cfg.Timeout + 5*time.Second)
		ok, err := o.st.ClaimWebhook(ctx, a, lease)
		if err != nil || !ok {
			continue // another replica has it, or the store is busy: next round
		}
		o.mu.Lock()
		o.busy[a.Webhook] = true
		o.mu.Unlock()
		wg.Go(func() {
			at := o.deliver(ctx, a)
			o.mu.Lock()
			delete(o.busy, a.Webhook)
			if !at.IsZero() && (o.soonest.IsZero() || at.Before(o.soonest)) {
				o.soonest = at
			}
			o.mu.Unlock()
			o.wake() // the next alert for this webhook, or the retry's timer
		})
	}
	return next
}

// deliver POSTs one alert and records the outcome; it returns the next
// attempt's time for a retry.
func (o *Outbox) deliver(ctx context.Context, a store.PendingAlert) time.Time {
	attempt := a.Attempts + 1 // ClaimWebhook counted it
	err := o.post(ctx, a)
	if ctx.Err() != nil {
		return time.Time{} // shutting down: the lease expires and the next run retries
	}
	state, result, next := store.WebhookDelivered, resultDelivered, time.Now()
	var perm *permanentError
	switch {
	case err == nil:
	case errors.Is(err, netguard.ErrBlocked):
		state, result = store.WebhookFailed, resultBlocked
		err = fmt.Errorf("%w (allow the webhook's network with --webhook-allow-net)", err)
	case errors.As(err, &perm), attempt >= o.cfg.MaxAttempts:
		state, result = store.WebhookFailed, resultFailed
	default:
		state, result, next = store.WebhookPending, resultRetry, time.Now().Add(o.backoff(attempt))
	}
	errText := ""
	if err != nil {
		errText = err.Error()
		o.log.Warn("alerts: webhook", "alert", a.Alert.ID, "watch", a.Alert.Watch, "attempt", attempt, "result", result, "err", err)
	}
	// A result that cannot be recorded leaves the lease to expire: the
	// alert is POSTed again (the receiver dedups by Claimwire-Alert-Id).
	if rerr := o.st.WebhookResult(context.WithoutCancel(ctx), a.Seq, state, next, errText); rerr != nil {
		o.log.Warn("alerts: record webhook result", "alert", a.Alert.ID, "err", rerr)
	}
	// Counted once recorded, so a reader of the metric finds the outcome
	// in the store too.
	o.webhooks.WithLabelValues(result).Inc()
	if state == store.WebhookPending {
		return next
	}
	return time.Time{}
}

// backoff is the delay after the n-th failed POST, ±10 % so that many
// alerts to one dead receiver do not retry in step.
func (o *Outbox) backoff(n int) time.Duration {
	d := o.cfg.Backoff
	for i := 1; i < n && d < o.cfg.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, o.cfg.MaxBackoff)
	return d + time.Duration((rand.Float64()-0.5)*0.2*float64(d))
}

// permanentError is a receiver's answer that retrying cannot change.
type permanentError struct{ msg string }

func (e *permanentError) Error() string { return e.msg }

func (o *Outbox) post(ctx context.Context, a store.PendingAlert) error {
	ctx, cancel := context.WithTimeout(ctx, o.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.Webhook, bytes.NewReader(a.Body))
	if err != nil {
		return &permanentError{msg: fmt.Sprintf("webhook %s: %v", store.ShownWebhook(a.Webhook), err)}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "claimwire-alerts/1")
	// The same id on every attempt: a receiver that got an alert whose
	// success we could not record recognises the second POST.
	req.Header.Set("Idempotency-Key", a.Alert.ID)
	req.Header.Set(HeaderAlertID, a.Alert.ID)
	req.Header.Set(HeaderWatch, a.Alert.Watch)
	req.Header.Set(HeaderKind, a.Alert.Kind)
	resp, err := o.hc.Do(req)
	if err != nil {
		return fmt.Errorf("post to %s: %w", store.ShownWebhook(a.Webhook), err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		return nil
	case c == http.StatusRequestTimeout, c == http.StatusTooEarly, c == http.StatusTooManyRequests, c >= 500:
		return fmt.Errorf("post to %s: HTTP %d", store.ShownWebhook(a.Webhook), c)
	default:
		return &permanentError{msg: fmt.Sprintf("webhook %s refused the alert: HTTP %d", store.ShownWebhook(a.Webhook), c)}
	}
}
