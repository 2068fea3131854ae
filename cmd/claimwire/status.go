package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
)

func init() {
	register("status", "show streams, consumers, pending and redelivered counts, DLQ size", runStatus)
}

func runStatus(ctx context.Context, args []string) error {
	fs := newFlags("status", "[flags]", "Shows the pipeline's streams (messages, size, last message), each stage's consumer\n(pending, waiting for ack, redelivered) and the dead letters by stage and reason.")
	var c connFlags
	c.register(fs)
	dlq := fs.Int("dlq", 5, "show the last N dead letters with their reasons (0: none)")
	if err := parse(fs, args); err != nil {
		return err
	}
	nc, js, topo, err := c.connect(ctx, "status")
	if err != nil {
		return err
	}
	defer nc.Close()
	return printStatus(ctx, os.Stdout, js, topo, *dlq)
}

// stageInputs maps each consuming stage to its input stream.
var stageInputs = map[string]string{
	contract.StageCleaner:   contract.StreamPages,
	contract.StageExtractor: contract.StreamArticles,
	contract.StageIndexer:   contract.StreamClaims,
}

func printStatus(ctx context.Context, w io.Writer, js jetstream.JetStream, topo bus.Topology, lastDLQ int) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STREAM\tMESSAGES\tBYTES\tFIRST SEQ\tLAST SEQ\tLAST MESSAGE")
	for _, name := range []string{contract.StreamPages, contract.StreamArticles, contract.StreamClaims, contract.StreamDLQ, contract.StreamAlerts} {
		s, err := js.Stream(ctx, topo.Stream(name))
		if err != nil {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\t%v\n", name, err)
			continue
		}
		st := s.CachedInfo().State
		last := "-"
		if !st.LastTime.IsZero() && st.Msgs > 0 {
			last = st.LastTime.Local().Format(time.DateTime)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%d\t%s\n", name, st.Msgs, human(st.Bytes), st.FirstSeq, st.LastSeq, last)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "STAGE\tSTREAM\tCONSUMER\tPENDING\tACK PENDING\tREDELIVERED\tDELIVERED\tACKED UP TO")
	for _, stage := range []string{contract.StageCleaner, contract.StageExtractor, contract.StageIndexer} {
		stream := stageInputs[stage]
		cons, err := js.Consumer(ctx, topo.Stream(stream), stage)
		if errors.Is(err, jetstream.ErrConsumerNotFound) {
			fmt.Fprintf(tw, "%s\t%s\t%s\t-\t-\t-\t-\tnot started yet\n", stage, stream, stage)
			continue
		} else if err != nil {
			return err
		}
		in := cons.CachedInfo()
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\n", stage, stream, in.Name, in.NumPending, in.NumAckPending, in.NumRedelivered, in.Delivered.Stream, in.AckFloor.Stream)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return printDLQ(ctx, w, js, topo, lastDLQ)
}

// printDLQ summarises dead letters by stage and reason, then the last n.
func printDLQ(ctx context.Context, w io.Writer, js jetstream.JetStream, topo bus.Topology, n int) error {
	letters, err := readDLQ(ctx, js, topo, 1)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nDEAD LETTERS: %d\n", len(letters))
	if len(letters) == 0 {
		return nil
	}
	counts := map[[2]string]int{}
	for _, l := range letters {
		counts[[2]string{l.Stage, l.Reason}]++
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STAGE\tREASON\tCOUNT")
	for k, v := range counts {
		fmt.Fprintf(tw, "%s\t%s\t%d\n", k[0], k[1], v)
	}
	tw.Flush()
	if n > 0 {
		fmt.Fprintf(w, "\nlast %d:\n", min(n, len(letters)))
		for _, l := range letters[max(0, len(letters)-n):] {
			fmt.Fprintf(w, "  #%d %s %s/%s after %s deliveries: %s: %s\n", l.Seq, l.At.Local().Format(time.DateTime), l.Stage, l.Reason, l.Deliveries, l.source(), l.Error)
		}
		fmt.Fprintf(w, "re-drive them with 'claimwire dlq redrive' once the cause is fixed\n")
	}
	return nil
}
