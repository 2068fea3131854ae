package main

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/natstest"
)

// Inputs the pipeline cannot carry or read are dead-lettered at the first
// attempt with their own reason, not retried five times as if they could
// pass (a page whose text is larger than a message allows was cleaned five
// times, then dead-lettered as max_deliveries), nor indexed as garbled text
// (binary data labelled text/html).
func TestUpDeadLettersOversizeAndBinaryAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pipeline on a 3 MB page")
	}
	dir := t.TempDir()
	var big strings.Builder
	big.WriteString("<html><head><title>Long record</title></head><body><article>\n")
	for i := 0; big.Len() < 3<<20; i++ {
		fmt.Fprintf(&big, "<p>Paragraph %d of the long record says the harbour committee met on day %d and adjourned.</p>\n", i, i)
	}
	big.WriteString("</article></body></html>\n")
	rnd := rand.New(rand.NewPCG(9, 9))
	noise := make([]byte, 200<<10)
	for i := range noise {
		noise[i] = byte(rnd.IntN(256))
	}
	long := filepath.Join(dir, "long.html")
	if err := os.WriteFile(long, []byte(big.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	api, natsURL := startUp(t, upConfig{})
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	if err := runIngest(ctx, []string{"--nats-url", natsURL, "--api", api, long}); err != nil {
		t.Fatalf("ingest: %v", err)
	}
	_, js := natstest.Connect(t, natsURL)
	topo := bus.Topology{MaxMsgSize: 8 << 20}
	// ingest refuses a binary file itself; another producer (a redrive, a
	// script) can still publish one, and the cleaner's input check is the
	// last line.
	p := contract.Page{Schema: contract.Schema, ID: "noise", URL: "https://news.example/noise", Source: "file", ContentType: "text/html", FetchedAt: time.Now()}
	if err := bus.PublishPage(ctx, js, topo, &p, noise, nil); err != nil {
		t.Fatal(err)
	}
	var dls []deadLetter
	for len(dls) < 2 && ctx.Err() == nil {
		var err error
		if dls, err = readDLQ(ctx, js, topo, 1); err != nil {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	got := map[string]string{}
	for _, d := range dls {
		got[d.Reason] = d.Stage + " deliveries=" + d.Deliveries
	}
	want := map[string]string{
		string(bus.ReasonTooLarge):    "cleaner deliveries=1",
		string(bus.ReasonUnsupported): "cleaner deliveries=1",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("dead letters %v, want %v", got, want)
	}
}

// `up --db postgres://user:password@…` that cannot open the store says
// which store without the password.
func TestUpStoreErrorHidesPassword(t *testing.T) {
	c := upConfig{data: t.TempDir(), httpAddr: "127.0.0.1:0", natsHost: "127.0.0.1", natsPort: -1}
	c.index.DSN = "postgres://claimwire:hunter2@127.0.0.1:1/claimwire?sslmode=disable&connect_timeout=2"
	err := up(t.Context(), c, slog.New(slog.DiscardHandler), nil)
	if err == nil {
		t.Fatal("up started on a store that does not answer")
	}
	if strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "claimwire:xxxxx@127.0.0.1:1") {
		t.Fatalf("error %q", err)
	}
}
