package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
)

func init() {
	register("dlq", "list dead letters or re-drive them into their stage (dlq ls|redrive)", runDLQ)
}

type deadLetter struct {
	seq                                  uint64
	at                                   time.Time
	stage, reason, err, deliveries, subj string
	data                                 []byte
	header                               nats.Header
}

// readDLQ reads every dead letter with an ordered consumer (no state left behind).
func readDLQ(ctx context.Context, js jetstream.JetStream, topo bus.Topology) ([]deadLetter, error) {
	s, err := js.Stream(ctx, topo.Stream(contract.StreamDLQ))
	if err != nil {
		return nil, err
	}
	total := s.CachedInfo().State.Msgs
	if total == 0 {
		return nil, nil
	}
	cons, err := js.OrderedConsumer(ctx, topo.Stream(contract.StreamDLQ), jetstream.OrderedConsumerConfig{})
	if err != nil {
		return nil, err
	}
	var out []deadLetter
	for uint64(len(out)) < total {
		batch, err := cons.Fetch(int(min(total-uint64(len(out)), 500)), jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			return nil, err
		}
		got := 0
		for m := range batch.Messages() {
			got++
			md, _ := m.Metadata()
			h := m.Headers()
			dl := deadLetter{
				stage: h.Get(contract.HeaderDLQStage), reason: h.Get(contract.HeaderDLQReason),
				err: h.Get(contract.HeaderDLQError), deliveries: h.Get(contract.HeaderDLQDeliveries),
				subj: h.Get(contract.HeaderDLQSubject), data: m.Data(), header: h,
			}
			if md != nil {
				dl.seq, dl.at = md.Sequence.Stream, md.Timestamp
			}
			out = append(out, dl)
		}
		if got == 0 {
			break
		}
	}
	return out, nil
}

func runDLQ(ctx context.Context, args []string) error {
	fs := newFlags("dlq", "ls|redrive [flags]",
		"ls lists dead letters (stage, reason, error). redrive publishes each selected dead letter's original\n"+
			"message back to the subject it came from, so its stage handles it again, and deletes it from the DLQ.\n"+
			"Fix the cause first (deploy the fixed stage), then redrive.")
	var c connFlags
	c.register(fs)
	stage := fs.String("stage", "", "only dead letters of this stage")
	reason := fs.String("reason", "", "only dead letters with this reason")
	if len(args) == 0 {
		fs.Usage()
		return errUsage
	}
	verb := args[0]
	if verb == "-h" || verb == "--help" {
		fs.Usage()
		return nil
	}
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	nc, js, topo, err := c.connect(ctx, "dlq")
	if err != nil {
		return err
	}
	defer nc.Close()
	letters, err := readDLQ(ctx, js, topo)
	if err != nil {
		return err
	}
	var sel []deadLetter
	for _, l := range letters {
		if (*stage == "" || l.stage == *stage) && (*reason == "" || l.reason == *reason) {
			sel = append(sel, l)
		}
	}
	switch verb {
	case "ls":
		for _, l := range sel {
			fmt.Printf("#%d\t%s\t%s\t%s\tdeliveries=%s\t%s\n", l.seq, l.at.Local().Format(time.DateTime), l.stage, l.reason, l.deliveries, l.err)
		}
		fmt.Fprintf(os.Stderr, "%d dead letters\n", len(sel))
		return nil
	case "redrive":
		s, err := js.Stream(ctx, topo.Stream(contract.StreamDLQ))
		if err != nil {
			return err
		}
		n := 0
		for _, l := range sel {
			if l.subj == "" {
				fmt.Fprintf(os.Stderr, "#%d: no original subject recorded; left in the DLQ\n", l.seq)
				continue
			}
			m := &nats.Msg{Subject: l.subj, Data: l.data, Header: nats.Header{}}
			for k, v := range l.header {
				if !strings.HasPrefix(k, "Claimwire-") {
					m.Header[k] = v
				}
			}
			// A fresh id: the original is likely still inside the duplicate window.
			if err := bus.PublishMsg(ctx, js, m, fmt.Sprintf("redrive:%d", l.seq)); err != nil {
				return fmt.Errorf("redrive #%d: %w", l.seq, err)
			}
			if err := s.DeleteMsg(ctx, l.seq); err != nil {
				return fmt.Errorf("redrive #%d: published, but not deleted from the DLQ: %w", l.seq, err)
			}
			n++
		}
		fmt.Fprintf(os.Stderr, "re-drove %d dead letters\n", n)
		return nil
	}
	return fmt.Errorf("unknown dlq command %q: use ls or redrive", verb)
}

func human(b uint64) string {
	switch {
	case b >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(b)/(1<<10))
	}
	return fmt.Sprintf("%d B", b)
}
