package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
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
	for _, want := range []string{"PAGES", "ARTICLES", "CLAIMS", "DLQ", "ALERTS", "cleaner", "extractor", "indexer", "DEAD LETTERS: 0"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("status lacks %q:\n%s", want, out.String())
		}
	}
}

func waitSettled(t *testing.T, ctx context.Context, js jetstream.JetStream, topo bus.Topology) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !idle(ctx, js, topo) {
		if time.Now().After(deadline) {
			t.Fatal("pipeline did not settle")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// replayTestArticle is a short news text with two attributed quotes whose
// speakers vary with i, and the gold annotation of those quotes.
func replayTestArticle(i int) (text, gold string) {
	mayors := []string{"Elin Andersen", "Tove Lindahl", "Rasmus Holm", "Ingrid Solberg", "Pekka Virtanen", "Marit Dahl"}
	chiefs := []string{"Jonas Berg", "Kaisa Niemi", "Olle Strand", "Sanna Koski", "Henrik Falk", "Liv Aasen"}
	mayor, chief := mayors[i%len(mayors)], chiefs[i%len(chiefs)]
	text = fmt.Sprintf("Harbour council extends the winter ferries %d\n\n"+
		"The harbour council voted on Tuesday to extend the winter ferry timetable by %d weeks.\n\n"+
		"\u201cWe will keep the boats running until the ice comes,\u201d said Mayor %s.\n\n"+
		"\u201cNobody expected this many passengers in the dark months,\u201d operator chief %s told reporters.\n", i, 2+i, mayor, chief)
	gold = fmt.Sprintf(`{"claims":[{"kind":"quote","speaker":%q,"contains":"keep the boats running until the ice comes"},`+
		`{"kind":"quote","speaker":%q,"contains":"Nobody expected this many passengers"}]}`, mayor, chief)
	return text, gold
}

// A replay with a changed extractor reports what changed per article, per
// outlet and per rule, and --gold shows the new version did worse; a
// replay interrupted half-way is resumed by its id and covers every
// article once; a cleaner replay's output reaches the report through the
// live extractor; the CLI writes a Markdown report.
func TestReplayReport(t *testing.T) {
	defer func(d time.Duration) { replayAckWait = d }(replayAckWait)
	replayAckWait = time.Second // messages held by the interrupted run come back soon
	api, natsURL := startUp(t, upConfig{})
	dir, goldDir := t.TempDir(), t.TempDir()
	const n = 6
	manifest := "id\turl\n"
	for i := range n {
		text, gold := replayTestArticle(i)
		name := fmt.Sprintf("%03d", i+1)
		manifest += fmt.Sprintf("%s\thttps://ferries.example/news/%d\n", name, i)
		if err := os.WriteFile(filepath.Join(dir, name+".txt"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(goldDir, name+".json"), []byte(gold), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.tsv"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := runIngest(ctx, []string{"--nats-url", natsURL, "--wait", "--api", api, dir}); err != nil {
		t.Fatal(err)
	}
	c := connFlags{url: natsURL, maxMsg: 8 << 20}
	nc, js, topo, err := c.connect(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	env := &service.Env{Log: slog.New(slog.DiscardHandler), NC: nc, JS: js, Topology: topo}

	// The "upgrade": every claim re-attributed to one wrong speaker by a
	// rule of its own, and the last claim of each article dropped.
	worse := func(ctx context.Context, env *service.Env, data []byte) (int, []bus.Output, error) {
		var a contract.Article
		if err := bus.Decode(data, &a); err != nil {
			return 0, nil, err
		}
		cs := extract.Extract(a)
		cs.ExtractorVersion = "999.0.0"
		if len(cs.Claims) > 0 {
			cs.Claims = cs.Claims[:len(cs.Claims)-1]
		}
		for i := range cs.Claims {
			cs.Claims[i].Speaker = &contract.Speaker{Name: "Anders Wrong", Type: contract.SpeakerPerson}
			cs.Claims[i].Rule = "test.wrong"
		}
		out, _ := json.Marshal(cs)
		return len(cs.Claims), []bus.Output{{Subject: topo.Subject(contract.SubjectClaims), Data: out, MsgID: "test:" + a.ID}}, nil
	}
	// Interrupted after a few articles, then resumed by id.
	var calls atomic.Int64
	rctx, rcancel := context.WithCancel(ctx)
	interrupting := func(ctx context.Context, env *service.Env, data []byte) (int, []bus.Output, error) {
		if calls.Add(1) == 3 {
			rcancel()
		}
		return worse(ctx, env, data)
	}
	first, err := runReplayJob(rctx, env, replayJob{ID: "worse", Stage: contract.StageExtractor, Seq: 1, Workers: 1, Process: interrupting})
	if !errors.Is(err, context.Canceled) || first.done >= n {
		t.Fatalf("interrupted run: %+v, %v", first, err)
	}
	second, err := runReplayJob(ctx, env, replayJob{ID: "worse", Stage: contract.StageExtractor, Workers: 2, Process: worse})
	if err != nil || !second.resumed || first.done+second.done < n || second.total != n {
		t.Fatalf("resumed run: %+v, %v (first %+v)", second, err, first)
	}
	if err := waitReplayIndexed(ctx, js, topo, second); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(t.TempDir(), "worse.json")
	if err := writeReplayReport(ctx, api, "worse", report, goldDir, dir); err != nil {
		t.Fatal(err)
	}
	var rep replayReportFile
	b, err := os.ReadFile(report)
	if err == nil {
		err = json.Unmarshal(b, &rep)
	}
	if err != nil {
		t.Fatal(err)
	}
	if rep.Articles != n || rep.Changed != n || rep.Totals.Removed != n || rep.Totals.Reattributed < n || len(rep.ChangedArticles) != n {
		t.Errorf("report: %d articles, %d changed, %+v, %d listed", rep.Articles, rep.Changed, rep.Totals, len(rep.ChangedArticles))
	}
	rules := map[string]int{}
	for _, r := range rep.Rules {
		rules[r.Rule] = r.Reattributed
	}
	if rules["test.wrong"] < n || len(rep.Outlets) != 1 || len(rep.Examples["reattributed"]) == 0 {
		t.Errorf("rules %+v, outlets %+v", rep.Rules, rep.Outlets)
	}
	g := rep.Gold
	if g == nil || g.Pages != n || g.Old.Gold != 2*n || g.Old.SpeakerRight == 0 || g.New.SpeakerRight != 0 || g.New.Found > g.Old.Found {
		t.Errorf("gold: %+v", g)
	}

	// A cleaner replay: the live extractor re-extracts its articles, and
	// the replay's tag reaches the indexer.
	res, err := runReplayJob(ctx, env, replayJob{ID: "recleaned", Stage: contract.StageCleaner, Seq: 1, Workers: 2})
	if err != nil || res.done != n {
		t.Fatalf("cleaner replay: %+v, %v", res, err)
	}
	if err := waitReplayIndexed(ctx, js, topo, res); err != nil {
		t.Fatal(err)
	}
	var cleaned index.ReplayReport
	getJSON(t, api+"/api/replays/recleaned", &cleaned)
	// The stored version (999.0.0) is newer than this binary's extractor:
	// every article is reported, as stale.
	if cleaned.Stale != n {
		t.Errorf("cleaner replay report: %d stale, %d articles", cleaned.Stale, cleaned.Articles)
	}

	// The CLI end to end, with a Markdown report.
	md := filepath.Join(t.TempDir(), "report.md")
	if err := runReplay(ctx, []string{"--nats-url", natsURL, "--id", "cli", "--seq", "1", "--report", md, "--api", api}); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(md)
	for _, want := range []string{"# Replay cli", fmt.Sprintf("%d ignored as stale", n), "## Totals"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("Markdown report lacks %q:\n%s", want, b)
		}
	}
	if err := runReplay(ctx, []string{"--nats-url", natsURL, "--id", "cli"}); err == nil || !strings.Contains(err.Error(), "no unfinished replay") {
		t.Errorf("resuming a finished replay: %v", err)
	}

	// --delete: a finished replay loses its report; an interrupted one its
	// consumer too, so it cannot be resumed; an unknown id is an error.
	stopAtOnce := func(ctx context.Context, env *service.Env, data []byte) (int, []bus.Output, error) {
		rcancel()
		return 0, nil, ctx.Err()
	}
	rctx, rcancel = context.WithCancel(ctx)
	defer rcancel()
	if _, err := runReplayJob(rctx, env, replayJob{ID: "halfway", Stage: contract.StageExtractor, Seq: 1, Workers: 1, Process: stopAtOnce}); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v", err)
	}
	for _, id := range []string{"cli", "halfway"} {
		if err := runReplay(ctx, []string{"--nats-url", natsURL, "--api", api, "--delete", id}); err != nil {
			t.Errorf("--delete %s: %v", id, err)
		}
	}
	if code := getJSON(t, api+"/api/replays/cli", nil); code != 404 {
		t.Errorf("deleted report answers %d", code)
	}
	if err := runReplay(ctx, []string{"--nats-url", natsURL, "--id", "halfway"}); err == nil || !strings.Contains(err.Error(), "no unfinished replay") {
		t.Errorf("resuming a deleted replay: %v", err)
	}
	if err := runReplay(ctx, []string{"--nats-url", natsURL, "--api", api, "--delete", "cli"}); err == nil || !strings.Contains(err.Error(), "no replay cli") {
		t.Errorf("deleting twice: %v", err)
	}
	if code := getJSON(t, api+"/api/replays/worse", nil); code != 200 {
		t.Errorf("another replay's report answers %d after a delete", code)
	}
}
