package bus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/metrics"
	"github.com/claimwire/claimwire/pkg/natstest"
)

func setup(t *testing.T) (*natstest.Server, jetstream.JetStream, Topology) {
	t.Helper()
	s := natstest.Run(t)
	_, js := natstest.Connect(t, s.ClientURL())
	topo := Topology{Prefix: "T_", MaxMsgSize: 256 << 10}
	ctx := t.Context()
	if err := topo.Ensure(ctx, js); err != nil {
		t.Fatal(err)
	}
	if err := topo.Ensure(ctx, js); err != nil {
		t.Fatalf("Ensure must be idempotent: %v", err)
	}
	return s, js, topo
}

func publishN(t *testing.T, js jetstream.JetStream, topo Topology, n int, body func(i int) string) {
	t.Helper()
	for i := range n {
		if err := Publish(t.Context(), js, topo.Subject(contract.SubjectArticles), []byte(body(i)), fmt.Sprintf("m%d", i)); err != nil {
			t.Fatal(err)
		}
	}
}

func dlqMessages(t *testing.T, js jetstream.JetStream, topo Topology) []jetstream.Msg {
	t.Helper()
	cons, err := js.OrderedConsumer(t.Context(), topo.Stream(contract.StreamDLQ), jetstream.OrderedConsumerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	batch, err := cons.FetchNoWait(1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []jetstream.Msg
	for m := range batch.Messages() {
		out = append(out, m)
	}
	return out
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// runConsumer starts c and returns a stop function that cancels and waits.
func runConsumer(t *testing.T, c *Consumer) func() {
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}
}

func TestConsumerOutcomes(t *testing.T) {
	_, js, topo := setup(t)
	reg := prometheus.NewRegistry()
	pm := metrics.NewPipeline(reg)
	// Messages: "ok", "flaky" (fails twice), "bad" (permanent), "panic", "always" (transient forever).
	bodies := []string{"ok", "flaky", "bad", "panic", "always", "ok2"}
	publishN(t, js, topo, len(bodies), func(i int) string { return bodies[i] })

	var mu sync.Mutex
	seen := map[string]int{}
	handled := map[string]bool{}
	c := &Consumer{
		JS: js, Topology: topo, Stage: "test", Stream: contract.StreamArticles, Metrics: pm,
		Log: slog.New(slog.DiscardHandler), MaxDeliver: 3, Backoff: []time.Duration{10 * time.Millisecond}, AckWait: 5 * time.Second,
		Handler: noOutput(func(ctx context.Context, m jetstream.Msg) error {
			mu.Lock()
			defer mu.Unlock()
			b := string(m.Data())
			seen[b]++
			switch b {
			case "flaky":
				if seen[b] < 3 {
					return errors.New("temporarily down")
				}
			case "bad":
				return Permanent(ReasonInvalid, errors.New("no text"))
			case "panic":
				var p *int
				_ = *p
			case "always":
				return errors.New("still down")
			}
			handled[b] = true
			return nil
		}),
	}
	stop := runConsumer(t, c)
	waitFor(t, "outcomes", func() bool {
		return testutil.ToFloat64(pm.Messages.WithLabelValues("test", metrics.ResultOK)) == 3 &&
			testutil.ToFloat64(pm.Messages.WithLabelValues("test", metrics.ResultDeadLetter)) == 3
	})
	stop()

	mu.Lock()
	defer mu.Unlock()
	if !handled["ok"] || !handled["ok2"] || !handled["flaky"] {
		t.Fatalf("handled = %v", handled)
	}
	if seen["bad"] != 1 || seen["panic"] != 1 {
		t.Errorf("permanent failures must not be retried: %v", seen)
	}
	if seen["always"] != 3 {
		t.Errorf("transient failure delivered %d times, want MaxDeliver=3", seen["always"])
	}
	reasons := map[string]string{}
	for _, m := range dlqMessages(t, js, topo) {
		reasons[string(m.Data())] = m.Headers().Get(contract.HeaderDLQReason)
		if m.Headers().Get(contract.HeaderDLQStage) != "test" || m.Headers().Get(contract.HeaderDLQError) == "" {
			t.Errorf("dead letter headers: %v", m.Headers())
		}
	}
	want := map[string]string{"bad": string(ReasonInvalid), "panic": string(ReasonPanic), "always": string(ReasonMaxDeliveries)}
	if fmt.Sprint(reasons) != fmt.Sprint(want) {
		t.Fatalf("DLQ reasons = %v, want %v", reasons, want)
	}
}

// A poison message must not stall the messages behind it.
func TestPoisonDoesNotStall(t *testing.T) {
	_, js, topo := setup(t)
	publishN(t, js, topo, 50, func(i int) string {
		if i == 0 {
			return "poison"
		}
		return fmt.Sprintf("good-%d", i)
	})
	var good atomic.Int64
	c := &Consumer{
		JS: js, Topology: topo, Stage: "stall", Stream: contract.StreamArticles, Log: slog.New(slog.DiscardHandler),
		MaxDeliver: 4, Backoff: []time.Duration{50 * time.Millisecond}, Buffer: 4,
		Handler: noOutput(func(ctx context.Context, m jetstream.Msg) error {
			if string(m.Data()) == "poison" {
				return errors.New("cannot parse")
			}
			good.Add(1)
			return nil
		}),
	}
	stop := runConsumer(t, c)
	waitFor(t, "all good messages", func() bool { return good.Load() == 49 })
	waitFor(t, "poison in DLQ", func() bool { return len(dlqMessages(t, js, topo)) == 1 })
	stop()
}

// A handler that never returns in time is dead-lettered through the server's
// MAX_DELIVERIES advisory.
func TestHungHandlerDeadLettered(t *testing.T) {
	_, js, topo := setup(t)
	publishN(t, js, topo, 1, func(int) string { return "hang" })
	c := &Consumer{
		JS: js, Topology: topo, Stage: "hung", Stream: contract.StreamArticles, Log: slog.New(slog.DiscardHandler),
		MaxDeliver: 2, AckWait: 300 * time.Millisecond, HandlerTimeout: 250 * time.Millisecond,
		Handler: noOutput(func(ctx context.Context, m jetstream.Msg) error {
			<-ctx.Done()
			time.Sleep(400 * time.Millisecond) // ignore cancellation, like a stuck call would
			return ctx.Err()
		}),
	}
	stop := runConsumer(t, c)
	waitFor(t, "dead letter", func() bool { return len(dlqMessages(t, js, topo)) >= 1 })
	stop()
	m := dlqMessages(t, js, topo)[0]
	if r := m.Headers().Get(contract.HeaderDLQReason); r != string(ReasonMaxDeliveries) {
		t.Fatalf("reason = %q", r)
	}
}

// Cancelling Run lets the message in flight finish and be acked.
func TestDrainFinishesInFlight(t *testing.T) {
	_, js, topo := setup(t)
	publishN(t, js, topo, 1, func(int) string { return "slow" })
	started := make(chan struct{})
	var finished atomic.Bool
	c := &Consumer{
		JS: js, Topology: topo, Stage: "drain", Stream: contract.StreamArticles, Log: slog.New(slog.DiscardHandler),
		Handler: noOutput(func(ctx context.Context, m jetstream.Msg) error {
			close(started)
			time.Sleep(300 * time.Millisecond)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			finished.Store(true)
			return nil
		}),
	}
	stop := runConsumer(t, c)
	<-started
	stop()
	if !finished.Load() {
		t.Fatal("in-flight handler was cancelled by shutdown")
	}
	ci, err := js.Consumer(t.Context(), topo.Stream(contract.StreamArticles), "drain")
	if err != nil {
		t.Fatal(err)
	}
	info, _ := ci.Info(t.Context())
	if info.NumAckPending != 0 || info.AckFloor.Stream != 1 {
		t.Fatalf("after drain: ack pending %d, ack floor %d", info.NumAckPending, info.AckFloor.Stream)
	}
}

// The consumer keeps going across a broker restart; nothing is lost.
func TestBrokerRestart(t *testing.T) {
	s, js, topo := setup(t)
	var got sync.Map
	var n atomic.Int64
	c := &Consumer{
		JS: js, Topology: topo, Stage: "restart", Stream: contract.StreamArticles, Log: slog.New(slog.DiscardHandler),
		Handler: noOutput(func(ctx context.Context, m jetstream.Msg) error {
			if _, dup := got.LoadOrStore(string(m.Data()), true); !dup {
				n.Add(1)
			}
			return nil
		}),
	}
	stop := runConsumer(t, c)
	publishN(t, js, topo, 20, func(i int) string { return fmt.Sprint("a", i) })
	waitFor(t, "first batch", func() bool { return n.Load() == 20 })
	s.Restart()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	for i := range 20 {
		for { // publishes fail until the client has reconnected
			if err := Publish(ctx, js, topo.Subject(contract.SubjectArticles), []byte(fmt.Sprint("b", i)), fmt.Sprint("b", i)); err == nil {
				break
			} else if ctx.Err() != nil {
				t.Fatalf("publish after restart: %v", err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitFor(t, "second batch after restart", func() bool { return n.Load() == 40 })
	stop()
}

func TestPackPage(t *testing.T) {
	_, js, topo := setup(t)
	rnd := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 400<<10) // incompressible, over the 256 KiB message limit
	for i := range random {
		random[i] = byte(rnd.IntN(256))
	}
	for _, tc := range []struct {
		name     string
		body     []byte
		encoding string
		object   bool
	}{
		{"small", []byte("<p>hello</p>"), contract.BodyPlain, false},
		{"compressible", bytes.Repeat([]byte("<p>the same paragraph again</p>\n"), 20000), contract.BodyS2, false},
		{"incompressible", random, contract.BodyPlain, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &contract.Page{Schema: contract.Schema, ID: "p-" + tc.name}
			if err := PackPage(t.Context(), js, topo, p, tc.body, 0); err != nil {
				t.Fatal(err)
			}
			if p.Encoding != tc.encoding || (p.Object != "") != tc.object {
				t.Fatalf("encoding %q object %q", p.Encoding, p.Object)
			}
			got, err := PageBody(t.Context(), js, topo, p)
			if err != nil || !bytes.Equal(got, tc.body) {
				t.Fatalf("round trip: %v (len %d vs %d)", err, len(got), len(tc.body))
			}
		})
	}
	if _, err := PageBody(t.Context(), js, topo, &contract.Page{Encoding: contract.BodyS2, Body: []byte("junk")}); !errors.Is(err, ErrPageBody) {
		t.Fatalf("bad s2 body: %v", err)
	}
	if _, err := PageBody(t.Context(), js, topo, &contract.Page{Object: "nope"}); !errors.Is(err, ErrPageBody) {
		t.Fatalf("missing object: %v", err)
	}
}

func TestServerAtLeast(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want bool
	}{{"2.10.4", true}, {"2.9.10", false}, {"2.15.2", true}, {"2.10.3", false}, {"3.0.0-beta", true}, {"", false}} {
		if got := serverAtLeast(tc.v, 2, 10, 4); got != tc.want {
			t.Errorf("serverAtLeast(%q) = %v", tc.v, got)
		}
	}
}

// noOutput adapts a handler that publishes nothing.
func noOutput(h func(ctx context.Context, m jetstream.Msg) error) Handler {
	return func(ctx context.Context, m jetstream.Msg) ([]Output, error) { return nil, h(ctx, m) }
}
