package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
)

func init() {
	register("dlq", "list, re-drive or purge dead letters (dlq ls|redrive|purge)", runDLQ)
}

// headerIngestFile names the local file a page was ingested from, so that
// its dead letter can say so. (Not "Claimwire-": redrive keeps it.)
const headerIngestFile = "Ingest-File"

type deadLetter struct {
	Seq        uint64    `json:"seq"`
	At         time.Time `json:"at"`
	Stage      string    `json:"stage"`
	Reason     string    `json:"reason"`
	Error      string    `json:"error"`
	Deliveries string    `json:"deliveries"`
	Subject    string    `json:"subject"`
	// Where the message came from, read from it: the article id, its URL,
	// and the local file for a page ingested from one.
	ArticleID string `json:"article_id,omitempty"`
	URL       string `json:"url,omitempty"`
	File      string `json:"file,omitempty"`

	data   []byte
	header nats.Header
}

// origin is the page, article or claim set a dead letter holds: a Page or
// an Article has id and url at the top, a ClaimSet under "article".
func (dl *deadLetter) origin() {
	var m struct {
		ID      string `json:"id"`
		URL     string `json:"url"`
		Article *struct {
			ID  string `json:"id"`
			URL string `json:"url"`
		} `json:"article"`
	}
	if json.Unmarshal(dl.data, &m) != nil {
		return // malformed: nothing to say
	}
	dl.ArticleID, dl.URL = m.ID, m.URL
	if m.Article != nil {
		dl.ArticleID, dl.URL = m.Article.ID, m.Article.URL
	}
	dl.File = dl.header.Get(headerIngestFile)
}

// source is what a person recognises the dead letter by.
func (dl *deadLetter) source() string {
	var s []string
	switch {
	case dl.File != "":
		s = append(s, dl.File)
	case dl.URL != "":
		s = append(s, dl.URL)
	}
	if dl.ArticleID != "" {
		s = append(s, "article "+dl.ArticleID)
	}
	if len(s) == 0 {
		return "(unreadable message)"
	}
	return strings.Join(s, ", ")
}

// readDLQ reads the dead letters from stream sequence from (1: all) with an
// ordered consumer (no state left behind).
func readDLQ(ctx context.Context, js jetstream.JetStream, topo bus.Topology, from uint64) ([]deadLetter, error) {
	s, err := js.Stream(ctx, topo.Stream(contract.StreamDLQ))
	if err != nil {
		return nil, err
	}
	st := s.CachedInfo().State
	if st.Msgs == 0 || from > st.LastSeq {
		return nil, nil
	}
	cfg := jetstream.OrderedConsumerConfig{}
	if from > 1 {
		cfg.DeliverPolicy, cfg.OptStartSeq = jetstream.DeliverByStartSequencePolicy, from
	}
	cons, err := js.OrderedConsumer(ctx, topo.Stream(contract.StreamDLQ), cfg)
	if err != nil {
		return nil, err
	}
	var out []deadLetter
	for {
		batch, err := cons.FetchNoWait(500)
		if err != nil {
			return nil, err
		}
		got, last := 0, uint64(0)
		for m := range batch.Messages() {
			got++
			h := m.Headers()
			dl := deadLetter{
				Stage: h.Get(contract.HeaderDLQStage), Reason: h.Get(contract.HeaderDLQReason),
				Error: h.Get(contract.HeaderDLQError), Deliveries: h.Get(contract.HeaderDLQDeliveries),
				Subject: h.Get(contract.HeaderDLQSubject), data: m.Data(), header: h,
			}
			if md, _ := m.Metadata(); md != nil {
				dl.Seq, dl.At = md.Sequence.Stream, md.Timestamp
				last = dl.Seq
			}
			dl.origin()
			out = append(out, dl)
		}
		if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) {
			return nil, err
		}
		if got == 0 || last >= st.LastSeq {
			return out, nil
		}
	}
}

const dlqHelp = `Dead letters are messages a stage could not handle (bad input, or failures
until --max-deliver ran out), kept in the DLQ stream with the reason.

  claimwire dlq ls [--json]   each dead letter: sequence, time, stage, reason,
                              the file or URL and article id it came from, error
  claimwire dlq redrive       publish each selected dead letter back to the
                              subject it came from (its stage handles it again)
                              and delete it from the DLQ; fix the cause first
  claimwire dlq purge         delete the selected dead letters for good

--stage, --reason and --seq select dead letters; purge needs one of them or --all.`

func runDLQ(ctx context.Context, args []string) error {
	fs := newFlags("dlq", "ls|redrive|purge [flags]", dlqHelp)
	var c connFlags
	c.register(fs)
	stage := fs.String("stage", "", "only dead letters of this stage (cleaner, extractor, indexer)")
	reason := fs.String("reason", "", "only dead letters with this reason (invalid, malformed, schema, unsupported, panic, max_deliveries)")
	var seqs seqList
	fs.Var(&seqs, "seq", "only the dead letter with DLQ sequence `N` (repeatable, comma-separated)")
	all := fs.Bool("all", false, "purge: every dead letter")
	asJSON := fs.Bool("json", false, "ls: print a JSON array")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	verb := fs.Arg(0)
	switch verb {
	case "ls", "redrive", "purge":
	default:
		fmt.Fprintf(fs.Output(), "unknown dlq command %q: use ls, redrive or purge\n", verb)
		return errUsage
	}
	filtered := *stage != "" || *reason != "" || len(seqs) > 0
	if verb == "purge" && !filtered && !*all {
		fmt.Fprintln(fs.Output(), "dlq purge deletes dead letters for good: select them with --stage, --reason or --seq, or pass --all")
		return errUsage
	}
	if fs.NArg() > 1 {
		fmt.Fprintf(fs.Output(), "dlq %s takes no arguments (got %q); select with --stage, --reason, --seq\n", verb, fs.Args()[1:])
		return errUsage
	}
	nc, js, topo, err := c.connect(ctx, "dlq")
	if err != nil {
		return err
	}
	defer nc.Close()
	letters, err := readDLQ(ctx, js, topo, 1)
	if err != nil {
		return err
	}
	var sel []deadLetter
	for _, l := range letters {
		if (*stage == "" || l.Stage == *stage) && (*reason == "" || l.Reason == *reason) && (len(seqs) == 0 || slices.Contains(seqs, l.Seq)) {
			sel = append(sel, l)
		}
	}
	switch verb {
	case "ls":
		if *asJSON {
			if sel == nil {
				sel = []deadLetter{}
			}
			enc := json.NewEncoder(os.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(sel)
		}
		printDeadLetters(os.Stdout, sel)
		fmt.Fprintf(os.Stderr, "%d dead letters\n", len(sel))
		return nil
	case "redrive":
		return redrive(ctx, js, topo, sel)
	default:
		return purge(ctx, js, topo, sel)
	}
}

func printDeadLetters(w io.Writer, sel []deadLetter) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tTIME\tSTAGE\tREASON\tDELIVERIES\tFROM\tERROR")
	for _, l := range sel {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", l.Seq, l.At.Local().Format(time.DateTime), l.Stage, l.Reason, l.Deliveries, l.source(), l.Error)
	}
	tw.Flush()
}

func redrive(ctx context.Context, js jetstream.JetStream, topo bus.Topology, sel []deadLetter) error {
	s, err := js.Stream(ctx, topo.Stream(contract.StreamDLQ))
	if err != nil {
		return err
	}
	n := 0
	for _, l := range sel {
		if l.Subject == "" {
			fmt.Fprintf(os.Stderr, "#%d: no original subject recorded; left in the DLQ\n", l.Seq)
			continue
		}
		m := &nats.Msg{Subject: l.Subject, Data: l.data, Header: nats.Header{}}
		for k, v := range l.header {
			if !strings.HasPrefix(k, "Claimwire-") {
				m.Header[k] = v
			}
		}
		// A fresh id: the original is likely still inside the duplicate window.
		if err := bus.PublishMsg(ctx, js, m, fmt.Sprintf("redrive:%d", l.Seq)); err != nil {
			return fmt.Errorf("redrive #%d: %w", l.Seq, err)
		}
		if err := s.DeleteMsg(ctx, l.Seq); err != nil {
			return fmt.Errorf("redrive #%d: published, but not deleted from the DLQ: %w", l.Seq, err)
		}
		n++
	}
	fmt.Fprintf(os.Stderr, "re-drove %d dead letters\n", n)
	return nil
}

func purge(ctx context.Context, js jetstream.JetStream, topo bus.Topology, sel []deadLetter) error {
	s, err := js.Stream(ctx, topo.Stream(contract.StreamDLQ))
	if err != nil {
		return err
	}
	n := 0
	for _, l := range sel {
		if err := s.DeleteMsg(ctx, l.Seq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
			return fmt.Errorf("purge #%d: %w (purged %d before it)", l.Seq, err, n)
		}
		n++
	}
	fmt.Fprintf(os.Stderr, "purged %d dead letters\n", n)
	return nil
}

// seqList is a repeatable, comma-separated list of DLQ sequences.
type seqList []uint64

var _ flag.Value = (*seqList)(nil)

func (l *seqList) String() string { return fmt.Sprint([]uint64(*l)) }

func (l *seqList) Set(v string) error {
	for part := range strings.SplitSeq(v, ",") {
		var n uint64
		if _, err := fmt.Sscan(strings.TrimPrefix(strings.TrimSpace(part), "#"), &n); err != nil || n == 0 {
			return fmt.Errorf("%q is not a DLQ sequence number", part)
		}
		*l = append(*l, n)
	}
	return nil
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
