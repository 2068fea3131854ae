package alerts

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/natstest"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/postgres"
	"github.com/claimwire/claimwire/services/indexer/internal/store/sqlite"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
	"github.com/claimwire/claimwire/services/indexer/pgtest"
)

// receiver is a webhook that fails its first fails POSTs (HTTP 503) and
// records every alert id it was sent and those it accepted.
type receiver struct {
	mu       sync.Mutex
	fails    int
	posts    []string
	accepted []string
	srv      *httptest.Server
}

func newReceiver(t *testing.T, fails int) *receiver {
	r := &receiver{fails: fails}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		var a store.Alert
		if req.Method != http.MethodPost || json.Unmarshal(body, &a) != nil || a.ID != req.Header.Get(HeaderAlertID) || a.ID != req.Header.Get("Idempotency-Key") {
			http.Error(w, "bad alert", http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		r.posts = append(r.posts, a.ID)
		if len(r.posts) <= r.fails {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		r.accepted = append(r.accepted, a.ID)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) counts() (posts, accepted int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.posts), len(r.accepted)
}

type fixture struct {
	t    *testing.T
	js   jetstream.JetStream
	topo bus.Topology
	cfg  Config
	// open opens the fixture's store: the same data each time, as an
	// indexer restarted on its database.
	open func() *store.DB
}

// forEachStore runs test on a fixture over SQLite and over PostgreSQL
// (skipped when the test database is unreachable): the outbox's delivery
// state lives in the store, so both must keep it alike.
func forEachStore(t *testing.T, test func(*testing.T, *fixture)) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) { test(t, newFixture(t, kind)) })
	}
}

func newFixture(t *testing.T, kind string) *fixture {
	srv := natstest.Run(t)
	_, js := natstest.Connect(t, srv.ClientURL())
	topo := bus.Topology{Prefix: "T_"}
	ctx := context.Background()
	if err := topo.Ensure(ctx, js); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, js: js, topo: topo, cfg: Config{
		AllowNets: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
		Backoff:   20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond, Poll: 100 * time.Millisecond, Timeout: 2 * time.Second,
	}}
	var open func() (*store.DB, error)
	switch kind {
	case "sqlite":
		path := filepath.Join(t.TempDir(), "index.db")
		open = func() (*store.DB, error) { return sqlite.Open(ctx, path) }
	case "postgres":
		dsn := pgtest.Schema(t, "cw_alerts")
		open = func() (*store.DB, error) { return postgres.Open(ctx, dsn) }
	}
	f.open = func() *store.DB {
		st, err := open()
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	return f
}

// run starts the delivery loop on st; the returned func stops it.
func (f *fixture) run(st *store.DB, reg prometheus.Registerer) (*Outbox, func()) {
	o := New(f.cfg, st, f.js, f.topo, reg, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { o.Run(ctx); close(done) }()
	return o, func() { cancel(); <-done }
}

// published returns the alert ids on the watch's subject.
func (f *fixture) published(watch string) []string {
	f.t.Helper()
	ctx := context.Background()
	c, err := f.js.OrderedConsumer(ctx, f.topo.Stream(contract.StreamAlerts), jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{f.topo.AlertSubject(watch)}})
	if err != nil {
		f.t.Fatal(err)
	}
	info, err := c.Info(ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	var ids []string
	for range info.NumPending {
		m, err := c.Next(jetstream.FetchMaxWait(time.Second))
		if err != nil {
			f.t.Fatal(err)
		}
		ids = append(ids, m.Headers().Get(HeaderAlertID))
	}
	return ids
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func quoteSet(id, outlet, speaker string) contract.ClaimSet {
	return storetest.Set(storetest.Article(id, outlet, 3), "1",
		storetest.Quote(id, "The tunnel under the river will open to cyclists in June", speaker))
}

func apply(t *testing.T, st store.Store, sets ...contract.ClaimSet) {
	t.Helper()
	for _, cs := range sets {
		if _, err := st.Apply(context.Background(), cs); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDeliveredOnceDespiteFailingWebhook(t *testing.T) {
	forEachStore(t, testDeliveredOnceDespiteFailingWebhook)
}

func testDeliveredOnceDespiteFailingWebhook(t *testing.T, f *fixture) {
	st := f.open()
	defer st.Close()
	hook := newReceiver(t, 3)
	w, err := st.AddWatch(context.Background(), store.Watch{ID: "tunnel", Kind: store.WatchSpeaker, Speaker: "Ida Kowalczyk", Webhook: hook.srv.URL + "/hook"})
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	o, stop := f.run(st, reg)
	defer stop()

	set := quoteSet("t1", "lake-courier.example", "Ida Kowalczyk")
	apply(t, st, set, quoteSet("t2", "lake-courier.example", "Someone Else"))
	waitFor(t, "the webhook to accept the alert", func() bool { _, acc := hook.counts(); return acc > 0 })
	posts, accepted := hook.counts()
	if posts != 4 || accepted != 1 {
		t.Fatalf("webhook saw %d POSTs, accepted %d; want 3 failures then 1 success", posts, accepted)
	}
	waitFor(t, "the alert on JetStream", func() bool { return len(f.published(w.ID)) == 1 })
	// The webhook's 200 reaches the receiver before the outbox records it,
	// so the stored delivery is read once it has settled.
	var a store.Alert
	waitFor(t, "the delivery to be recorded", func() bool {
		page, err := st.Alerts(context.Background(), store.AlertQuery{})
		if err != nil || len(page.Alerts) != 1 {
			t.Fatalf("alerts %+v, %v", page, err)
		}
		a = page.Alerts[0]
		return a.Delivery != nil && a.Delivery.Published && a.Delivery.Webhook == store.WebhookDelivered
	})
	if d := a.Delivery; !d.Published || d.Webhook != store.WebhookDelivered || d.Attempts != 4 {
		t.Fatalf("delivery %+v", *d)
	}
	if got := f.published(w.ID); got[0] != a.ID {
		t.Fatalf("published %v, want %s", got, a.ID)
	}
	if n := testutil.ToFloat64(o.published.WithLabelValues(store.WatchSpeaker)); n != 1 {
		t.Fatalf("claimwire_alerts_total{kind=speaker} = %v", n)
	}
	if n := testutil.ToFloat64(o.webhooks.WithLabelValues(resultRetry)); n != 3 {
		t.Fatalf("webhook retries = %v", n)
	}

	// A replay of the same stream, then with a newer extractor: nothing new.
	set.ExtractorVersion = "2"
	apply(t, st, quoteSet("t1", "lake-courier.example", "Ida Kowalczyk"), set)
	if n, err := o.PublishPending(context.Background()); n != 0 || err != nil {
		t.Fatalf("after replay: published %d (%v)", n, err)
	}
	if due, _ := st.DueWebhooks(context.Background(), time.Now().Add(time.Hour), 10); len(due) != 0 {
		t.Fatalf("after replay: %d webhooks due", len(due))
	}
	if posts2, _ := hook.counts(); posts2 != posts || len(f.published(w.ID)) != 1 {
		t.Fatalf("after replay: %d POSTs, %d published", posts2, len(f.published(w.ID)))
	}
}

func TestCrashBetweenCommitAndDelivery(t *testing.T) {
	forEachStore(t, testCrashBetweenCommitAndDelivery)
}

func testCrashBetweenCommitAndDelivery(t *testing.T, f *fixture) {
	hook := newReceiver(t, 0)
	ctx := context.Background()

	// The indexer commits two alerts and stops before its outbox runs; it
	// had even published the second one (its record of that was lost).
	st := f.open()
	if _, err := st.AddWatch(ctx, store.Watch{ID: "kowalczyk", Kind: store.WatchSpeaker, Speaker: "Ida Kowalczyk", Webhook: hook.srv.URL}); err != nil {
		t.Fatal(err)
	}
	apply(t, st, quoteSet("c1", "lake-courier.example", "Ida Kowalczyk"), quoteSet("c2", "hill-times.example", "Ida Kowalczyk"))
	pending, err := st.Unpublished(ctx, 10)
	if err != nil || len(pending) != 2 {
		t.Fatalf("pending %d, %v", len(pending), err)
	}
	second := pending[1]
	if _, err := f.js.PublishMsg(ctx, &nats.Msg{Subject: f.topo.AlertSubject("kowalczyk"), Data: second.Body,
		Header: nats.Header{HeaderAlertID: []string{second.Alert.ID}}}, jetstream.WithMsgID(second.Alert.ID)); err != nil {
		t.Fatal(err)
	}
	st.Close()

	// Restarted: each alert is delivered once.
	st = f.open()
	defer st.Close()
	_, stop := f.run(st, nil)
	defer stop()
	waitFor(t, "both alerts at the webhook", func() bool { _, acc := hook.counts(); return acc == 2 })
	waitFor(t, "both alerts published", func() bool {
		p, _ := st.Unpublished(ctx, 10)
		return len(p) == 0
	})
	if got := f.published("kowalczyk"); len(got) != 2 || got[0] == got[1] {
		t.Fatalf("published %v, want the two alerts once each", got)
	}
	if posts, _ := hook.counts(); posts != 2 {
		t.Fatalf("%d POSTs, want 2", posts)
	}
}

func TestWebhookGuardAndSlowReceiver(t *testing.T) { forEachStore(t, testWebhookGuardAndSlowReceiver) }

func testWebhookGuardAndSlowReceiver(t *testing.T, f *fixture) {
	ctx := context.Background()
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer slow.Close()
	defer close(release)
	st := f.open()
	defer st.Close()
	for _, w := range []store.Watch{
		{ID: "slow", Kind: store.WatchSpeaker, Speaker: "Ida Kowalczyk", Webhook: slow.URL},
		{ID: "metadata", Kind: store.WatchSpeaker, Speaker: "Ida Kowalczyk", Webhook: "http://169.254.169.254/latest"},
	} {
		if _, err := st.AddWatch(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	reg := prometheus.NewRegistry()
	o, stop := f.run(st, reg)
	defer stop()
	// A receiver that never answers holds up nothing: every ClaimSet commits.
	// Indexing that waited for the POSTs would take 20 webhook timeouts
	// (2 s each here); the bound is far below that and leaves room for a
	// busy machine.
	start := time.Now()
	for i := range 20 {
		apply(t, st, quoteSet("g"+string(rune('a'+i)), "lake-courier.example", "Ida Kowalczyk"))
	}
	if d := time.Since(start); d > 8*time.Second {
		t.Fatalf("indexing took %v with a stuck webhook", d)
	}
	waitFor(t, "the alerts on JetStream", func() bool { return len(f.published("slow")) == 20 })
	// The guard refuses the link-local webhook once, for good.
	waitFor(t, "the guard's refusal", func() bool { return testutil.ToFloat64(o.webhooks.WithLabelValues(resultBlocked)) == 20 })
	page, err := st.Alerts(ctx, store.AlertQuery{Watch: "metadata", Limit: 1})
	if err != nil || page.Alerts[0].Delivery.Webhook != store.WebhookFailed || page.Alerts[0].Delivery.Attempts != 1 {
		t.Fatalf("refused delivery %+v, %v", page.Alerts[0].Delivery, err)
	}
}
