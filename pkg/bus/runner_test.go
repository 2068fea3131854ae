package bus

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/natstest"
)

// The runner publishes what the handler returns before it acks the input;
// an output too large for a message is dead-lettered as too_large at the
// first delivery instead of being retried until MaxDeliver.
func TestOutputsPublishedThenAcked(t *testing.T) {
	_, js, topo := setup(t)
	publishN(t, js, topo, 3, func(i int) string { return []string{"small", "huge", "small2"}[i] })
	var mu sync.Mutex
	calls := map[string]int{}
	c := &Consumer{
		JS: js, Topology: topo, Stage: "out", Stream: contract.StreamArticles, Log: slog.New(slog.DiscardHandler),
		MaxDeliver: 5, Backoff: []time.Duration{10 * time.Millisecond},
		Handler: func(ctx context.Context, m jetstream.Msg) ([]Output, error) {
			mu.Lock()
			calls[string(m.Data())]++
			mu.Unlock()
			data := []byte("out:" + string(m.Data()))
			if string(m.Data()) == "huge" {
				data = bytes.Repeat([]byte("x"), int(topo.MaxMsgSize)+1)
			}
			return []Output{{Subject: topo.Subject(contract.SubjectClaims), Data: data, MsgID: "out:" + string(m.Data())}}, nil
		},
	}
	stop := runConsumer(t, c)
	waitFor(t, "dead letter", func() bool { return len(dlqMessages(t, js, topo)) == 1 })
	waitFor(t, "acks", func() bool {
		ci, err := js.Consumer(t.Context(), topo.Stream(contract.StreamArticles), "out")
		if err != nil {
			return false
		}
		info, err := ci.Info(t.Context())
		return err == nil && info.AckFloor.Stream == 3
	})
	stop()
	if r := dlqMessages(t, js, topo)[0].Headers().Get(contract.HeaderDLQReason); r != string(ReasonTooLarge) {
		t.Errorf("reason %q, want %q", r, ReasonTooLarge)
	}
	mu.Lock()
	defer mu.Unlock()
	if calls["huge"] != 1 {
		t.Errorf("oversize output handled %d times, want 1 (permanent at the first attempt)", calls["huge"])
	}
	s, _ := js.Stream(t.Context(), topo.Stream(contract.StreamClaims))
	info, _ := s.Info(t.Context())
	if info.State.Msgs != 2 {
		t.Errorf("CLAIMS holds %d messages, want the 2 small outputs", info.State.Msgs)
	}
}

// A durable deleted by another client is recreated where it was: the stage
// keeps consuming (before, it logged "drained" and stopped while /readyz
// said ready), handles nothing twice, and is not ready while it has no
// consumer.
func TestDeletedConsumerRecreated(t *testing.T) {
	_, js, topo := setup(t)
	var handled sync.Map
	var n, dups atomic.Int64
	c := &Consumer{
		JS: js, Topology: topo, Stage: "victim", Stream: contract.StreamArticles, Log: slog.New(slog.DiscardHandler),
		Handler: noOutput(func(ctx context.Context, m jetstream.Msg) error {
			if _, dup := handled.LoadOrStore(string(m.Data()), true); dup {
				dups.Add(1)
			}
			n.Add(1)
			return nil
		}),
	}
	if c.Consuming(t.Context()) == nil {
		t.Fatal("ready before Run")
	}
	stop := runConsumer(t, c)
	publishN(t, js, topo, 10, func(i int) string { return fmt.Sprint("a", i) })
	waitFor(t, "first batch", func() bool { return n.Load() == 10 })
	waitFor(t, "ready", func() bool { return c.Consuming(t.Context()) == nil })
	time.Sleep(2500 * time.Millisecond) // let the runner learn the ack floor
	if err := js.DeleteConsumer(t.Context(), topo.Stream(contract.StreamArticles), "victim"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "consumer recreated", func() bool {
		_, err := js.Consumer(t.Context(), topo.Stream(contract.StreamArticles), "victim")
		return err == nil
	})
	for i := 10; i < 20; i++ {
		if err := Publish(t.Context(), js, topo.Subject(contract.SubjectArticles), []byte(fmt.Sprint("a", i)), fmt.Sprint("m", i)); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "second batch after the deletion", func() bool { return n.Load() >= 20 })
	if c.Consuming(t.Context()) != nil {
		t.Errorf("not ready after recreation: %v", c.Consuming(t.Context()))
	}
	stop()
	if d := dups.Load(); d != 0 {
		t.Errorf("%d messages handled twice after recreation", d)
	}
	if c.Consuming(t.Context()) == nil {
		t.Error("ready after Run returned")
	}
}

// A replica killed while holding messages delays them by one AckWait, not
// 30 s: the restarted indexer resumed only after the old AckWait freed the
// messages the dead process held (all of a short backlog). The default
// AckWait is short, and long handlers are kept alive with progress acks.
func TestResumeAfterKilledReplica(t *testing.T) {
	s, _, topo := setup(t)
	_, js := natstest.Connect(t, s.ClientURL())
	const total = 200
	publishN(t, js, topo, total, func(i int) string { return fmt.Sprint("m", i) })

	ncA, jsA := natstest.Connect(t, s.ClientURL())
	release := make(chan struct{})
	defer close(release)
	var holding atomic.Int64
	a := &Consumer{
		JS: jsA, Topology: topo, Stage: "idx", Stream: contract.StreamArticles, Log: slog.New(slog.DiscardHandler),
		Workers: 256, Buffer: 64,
		Handler: noOutput(func(ctx context.Context, m jetstream.Msg) error {
			holding.Add(1)
			<-release // a process that dies holding its messages
			return nil
		}),
	}
	ctxA, cancelA := context.WithCancel(t.Context())
	defer cancelA()
	go a.Run(ctxA)
	waitFor(t, "replica A holding the whole backlog", func() bool { return holding.Load() == total })
	ncA.Close() // kill -9: no acks, no drain

	start := time.Now()
	var handled atomic.Int64
	var first atomic.Int64
	b := &Consumer{
		JS: js, Topology: topo, Stage: "idx", Stream: contract.StreamArticles, Log: slog.New(slog.DiscardHandler),
		Workers: 256, Buffer: 64,
		Handler: noOutput(func(ctx context.Context, m jetstream.Msg) error {
			first.CompareAndSwap(0, int64(time.Since(start)))
			handled.Add(1)
			return nil
		}),
	}
	stop := runConsumer(t, b)
	defer stop()
	waitFor(t, "backlog handled after the kill", func() bool { return handled.Load() >= total })
	resumed := time.Duration(first.Load())
	t.Logf("resumed %s after the restart", resumed.Round(time.Millisecond))
	if resumed > 5*time.Second {
		t.Errorf("resumed after %s, want within 5 s", resumed)
	}
}

// A handler that runs several AckWaits is not redelivered meanwhile: the
// runner sends progress acks while it works.
func TestLongHandlerKeptAlive(t *testing.T) {
	_, js, topo := setup(t)
	publishN(t, js, topo, 1, func(int) string { return "slow" })
	var calls atomic.Int64
	c := &Consumer{
		JS: js, Topology: topo, Stage: "slow", Stream: contract.StreamArticles, Log: slog.New(slog.DiscardHandler),
		AckWait: time.Second, Workers: 2,
		Handler: noOutput(func(ctx context.Context, m jetstream.Msg) error {
			calls.Add(1)
			time.Sleep(3 * time.Second) // three AckWaits
			return nil
		}),
	}
	stop := runConsumer(t, c)
	time.Sleep(4500 * time.Millisecond)
	stop()
	if n := calls.Load(); n != 1 {
		t.Fatalf("handled %d times, want 1", n)
	}
}

// Messages waiting in the buffer for a busy worker are not redelivered:
// the runner sends them progress acks too.
func TestQueuedMessagesKeptAlive(t *testing.T) {
	// the last of six waits 3 s for the one worker, three AckWaits
	handledOnce(t, "queued", 6, 8, 600*time.Millisecond)
}

// A stage passes a replay's tag on: the output of a message published by a
// replay carries the replay header and a message id of the replay's own,
// so the live pipeline's earlier copy does not make the server drop it.
func TestReplayTagPassedOn(t *testing.T) {
	_, js, topo := setup(t)
	// The live pipeline's output for the same input, already in CLAIMS.
	if err := Publish(t.Context(), js, topo.Subject(contract.SubjectClaims), []byte("out"), "out:a"); err != nil {
		t.Fatal(err)
	}
	outs := []Output{{Subject: topo.Subject(contract.SubjectArticles), Data: []byte("a"), MsgID: "in:a"}}
	TagReplay("r7", outs)
	if err := PublishAll(t.Context(), js, outs...); err != nil {
		t.Fatal(err)
	}
	c := &Consumer{
		JS: js, Topology: topo, Stage: "tag", Stream: contract.StreamArticles, Log: slog.New(slog.DiscardHandler),
		Handler: func(ctx context.Context, m jetstream.Msg) ([]Output, error) {
			return []Output{{Subject: topo.Subject(contract.SubjectClaims), Data: []byte("out"), MsgID: "out:" + string(m.Data())}}, nil
		},
	}
	stop := runConsumer(t, c)
	var last *jetstream.RawStreamMsg
	waitFor(t, "the replay's output", func() bool {
		s, err := js.Stream(t.Context(), topo.Stream(contract.StreamClaims))
		if err != nil {
			return false
		}
		last, err = s.GetMsg(t.Context(), 2)
		return err == nil
	})
	stop()
	if got := last.Header.Get(contract.HeaderReplay); got != "r7" {
		t.Errorf("replay header %q, want r7", got)
	}
	if got := last.Header.Get(jetstream.MsgIDHeader); got != "replay:r7:out:a" {
		t.Errorf("message id %q", got)
	}
}

// A stage whose handler runs longer than AckWait does not get its next
// messages again: nothing it has pulled waits outside the runner's reach
// of progress acks (before, the client's pull buffer held one handler
// time's worth of messages, which were redelivered after AckWait).
func TestPulledAheadKeptAlive(t *testing.T) {
	handledOnce(t, "ahead", 4, 1, 1300*time.Millisecond) // longer than AckWait
}

// handledOnce runs n messages through one worker with a buffer of buffer,
// AckWait 1 s and a handler taking each, and fails unless every message is
// handled exactly once (a redelivered copy is given time to show).
func handledOnce(t *testing.T, stage string, n, buffer int, each time.Duration) {
	t.Helper()
	_, js, topo := setup(t)
	publishN(t, js, topo, n, func(i int) string { return fmt.Sprint(stage, i) })
	var mu sync.Mutex
	seen := map[string]int{}
	c := &Consumer{
		JS: js, Topology: topo, Stage: stage, Stream: contract.StreamArticles, Log: slog.New(slog.DiscardHandler),
		AckWait: time.Second, Workers: 1, Buffer: buffer,
		Handler: noOutput(func(ctx context.Context, m jetstream.Msg) error {
			mu.Lock()
			seen[string(m.Data())]++
			mu.Unlock()
			time.Sleep(each)
			return nil
		}),
	}
	stop := runConsumer(t, c)
	waitFor(t, "all handled", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(seen) == n
	})
	time.Sleep(1500 * time.Millisecond) // let a redelivered copy reach the handler
	stop()
	mu.Lock()
	defer mu.Unlock()
	for k, v := range seen {
		if v != 1 {
			t.Errorf("%s handled %d times", k, v)
		}
	}
}
