package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/extractor/extract"
	"github.com/claimwire/claimwire/services/indexer/index"
)

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
		err  bool
	}{
		{"2025-10-30T00:00:00Z", time.Date(2025, 10, 30, 0, 0, 0, 0, time.UTC), false},
		{"2025-10-30", time.Date(2025, 10, 30, 0, 0, 0, 0, time.UTC), false},
		{"72h", now.Add(-72 * time.Hour), false},
		{"7d", now.AddDate(0, 0, -7), false},
		{"yesterday", time.Time{}, true},
		{"-5h", time.Time{}, true},
	} {
		got, err := parseSince(tc.in, now)
		if (err != nil) != tc.err || !got.Equal(tc.want) {
			t.Errorf("parseSince(%q) = %v, %v", tc.in, got, err)
		}
	}
}

// Replay over ARTICLES re-publishes every article's claims; the index still
// holds one claim set per article. status reports the stages.
func TestReplayAndStatus(t *testing.T) {
	api, natsURL := startUp(t, upConfig{})
	dir := t.TempDir()
	const n = 20
	for i := range n {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("story-%02d.txt", i)), generatedArticle(i), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := runIngest(ctx, []string{"--nats-url", natsURL, "--wait", "--api", api, dir}); err != nil {
		t.Fatal(err)
	}
	var before claimsPage
	getJSON(t, api+"/api/claims?limit=1000", &before)
	if len(before.Claims) == 0 {
		t.Fatal("no claims indexed")
	}

	c := connFlags{url: natsURL, maxMsg: 8 << 20}
	nc, js, topo, err := c.connect(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	env := &service.Env{Log: slog.New(slog.DiscardHandler), NC: nc, JS: js, Topology: topo}
	// republish re-extracts each stored article as extractor version v
	// (keep: whether to keep the claims) — what replay after an upgrade does.
	republish := func(v string, keep bool) replayFunc {
		return func(ctx context.Context, env *service.Env, data []byte) (int, []bus.Output, error) {
			var a contract.Article
			if err := bus.Decode(data, &a); err != nil {
				return 0, nil, err
			}
			cs := extract.Extract(a)
			cs.ExtractorVersion = v
			if !keep {
				cs.Claims = nil
			}
			out, _ := json.Marshal(cs)
			return len(cs.Claims), []bus.Output{{Subject: topo.Subject(contract.SubjectClaims), Data: out, MsgID: "test:" + v + ":" + a.ID}}, nil
		}
	}
	for _, step := range []struct {
		id, version string
		keep        bool
	}{{"up-999", "999.0.0", true}, {"down-001", "0.0.1", false}} {
		res, err := runReplayJob(ctx, env, replayJob{ID: step.id, Stage: contract.StageExtractor, Seq: 1, Workers: 2, Process: republish(step.version, step.keep)})
		if err != nil {
			t.Fatal(err)
		}
		if res.done != n || res.failed != 0 || res.total != n {
			t.Fatalf("replay %s: %+v, want %d done", step.version, res, n)
		}
		waitSettled(t, ctx, js, topo)
		var after claimsPage
		getJSON(t, api+"/api/claims?limit=1000", &after)
		if len(after.Claims) != len(before.Claims) {
			t.Fatalf("after replay as %s: %d claims, before %d (a newer version must replace, an older one be ignored)", step.version, len(after.Claims), len(before.Claims))
		}
		// The report: the same claims under a newer version change
		// nothing; an older version is ignored as stale.
		var rep index.ReplayReport
		getJSON(t, api+"/api/replays/"+step.id, &rep)
		if step.keep && (rep.Articles != n || rep.Changed != 0 || rep.Totals.Unchanged != len(before.Claims)) {
			t.Errorf("report of %s: %d articles, %d changed, %+v", step.id, rep.Articles, rep.Changed, rep.Totals)
		}
		if !step.keep && (rep.Stale != n || rep.Articles != 0) {
			t.Errorf("report of %s: %d stale, %d articles", step.id, rep.Stale, rep.Articles)
		}
	}
	var art struct {
		ExtractorVersion string `json:"extractor_version"`
	}
	getJSON(t, api+"/api/articles/"+before.Claims[0].ArticleID, &art)
	if art.ExtractorVersion != "999.0.0" {
		t.Fatalf("article holds extractor version %q, want the newest, 999.0.0", art.ExtractorVersion)
	}

	var out bytes.Buffer
	if err := printStatus(ctx, &out, js, topo, 5); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"PAGES", "ARTICLES", "CLAIMS", "DLQ", "cleaner", "extractor", "indexer", "DEAD LETTERS: 0"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("status lacks %q:\n%s", want, out.String())
		}
	}
}

func waitSettled(t *testing.T, ctx context.Context, js jetstream.JetStream, topo bus.Topology) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !settled(ctx, js, topo) {
		if time.Now().After(deadline) {
			t.Fatal("pipeline did not settle")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
