package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/natstest"
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/cleaner/clean"
	"github.com/claimwire/claimwire/services/extractor/extract"
	"github.com/claimwire/claimwire/services/fetcher/fetch"
	"github.com/claimwire/claimwire/services/indexer/index"
)

// The test binary doubles as each stage's service binary: a test starts
// os.Args[0] with CLAIMWIRE_TEST_STAGE set, and TestMain runs that stage
// instead of the tests, exactly as its main.go would…
func TestMain(m *testing.M) {
	if stage := os.Getenv("CLAIMWIRE_TEST_STAGE"); stage != "" {
		os.Exit(runStageProcess(stage, strings.Fields(os.Getenv("CLAIMWIRE_TEST_ARGS"))))
	}
	// …and as the claimwire command itself (see runCLI).
	if os.Getenv("CLAIMWIRE_TEST_CLI") != "" {
		os.Exit(runMain(os.Args[1:]))
	}
	os.Exit(m.Run())
}

func runStageProcess(stage string, args []string) int {
	stages := map[string]func() service.Stage{
		contract.StageCleaner: clean.Stage, contract.StageExtractor: extract.Stage, contract.StageIndexer: index.Stage,
		contract.StageFetcher: fetch.Stage,
	}
	newStage, ok := stages[stage]
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown stage %q\n", stage)
		return 2
	}
	return service.Run(newStage(), args, os.Stderr)
}

// stageProc is one running stage process that the test can kill and restart.
type stageProc struct {
	name   string
	args   []string
	mu     sync.Mutex
	cmd    *exec.Cmd
	exited bool
	logs   *os.File
}

func (p *stageProc) start(t testing.TB) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CLAIMWIRE_TEST_STAGE="+p.name, "CLAIMWIRE_TEST_ARGS="+strings.Join(p.args, " "))
	cmd.Stdout, cmd.Stderr = p.logs, p.logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", p.name, err)
	}
	p.mu.Lock()
	p.cmd, p.exited = cmd, false
	p.mu.Unlock()
}

func (p *stageProc) kill() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.exited {
		return
	}
	_ = p.cmd.Process.Kill()
	_ = p.cmd.Wait()
	p.exited = true
}

func (p *stageProc) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.exited {
		return
	}
	p.exited = true
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
}

func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test runs several processes for about a minute")
	}
	const articles, minKills = 2000, 20
	s := natstest.Run(t)
	_, js := natstest.Connect(t, s.ClientURL())
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	topo := bus.Topology{MaxMsgSize: 8 << 20}
	if err := topo.Ensure(ctx, js); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "index.db")
	logs, err := os.Create(filepath.Join(dir, "stages.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logs.Close()
	common := []string{"--nats-url", s.ClientURL(), "--http-addr", "127.0.0.1:0", "--ack-wait", "2s", "--max-deliver", "20", "--log-level", "warn"}
	procs := []*stageProc{
		// The expected claims come from clean.Page in-process, which knows
		// no host's furniture: 2,000 pages of one made-up host would teach
		// the service its template lines and change the texts.
		{name: contract.StageCleaner, args: append(append([]string{}, common...), "--no-furniture"), logs: logs},
		{name: contract.StageExtractor, args: common, logs: logs},
		{name: contract.StageIndexer, args: append(append([]string{}, common...), "--db", dsn), logs: logs},
	}
	for _, p := range procs {
		p.start(t)
	}
	// Stop them on every exit path: a failing test must not leave stage
	// processes running.
	t.Cleanup(func() {
		for _, p := range procs {
			p.stop()
		}
	})

	// What the index must hold: each article once, with the claims the
	// same code finds in-process.
	wantClaims := 0
	pages := make([][]byte, articles)
	for i := range articles {
		pages[i] = generatedArticle(i)
		art, err := clean.Page(clean.Input{Body: pages[i], ContentType: "text/plain", URL: fmt.Sprintf("https://news.example/harbour/%d", i)})
		if err != nil {
			t.Fatalf("clean article %d: %v", i, err)
		}
		wantClaims += len(extract.Extract(art).Claims)
	}

	// Publish in the background while the killer works, plus three poison messages.
	pubDone := make(chan error, 1)
	go func() {
		for i, body := range pages {
			url := fmt.Sprintf("https://news.example/harbour/%d", i)
			p := contract.Page{Schema: contract.Schema, ID: contract.ArticleID(url, nil), URL: url, Source: "file", ContentType: "text/plain", FetchedAt: time.Now()}
			if err := bus.PackPage(ctx, js, topo, &p, body, 0); err != nil {
				pubDone <- err
				return
			}
			data, _ := json.Marshal(p)
			if err := bus.Publish(ctx, js, topo.Subject(contract.SubjectPages), data, contract.MsgID("page", p.ID, "1")); err != nil {
				pubDone <- err
				return
			}
			if i%200 == 0 {
				time.Sleep(300 * time.Millisecond) // spread the run so kills land mid-stream
			}
		}
		for i, poison := range []string{`not json at all`, `{"schema":99,"id":"future"}`, `{"schema":1,"id":"x","encoding":"s2","body":"AAAA"}`} {
			if err := bus.Publish(ctx, js, topo.Subject(contract.SubjectPages), []byte(poison), fmt.Sprint("poison", i)); err != nil {
				pubDone <- err
				return
			}
		}
		pubDone <- nil
	}()

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	kills := map[string]int{}
	total := 0
	st, err := index.OpenStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	indexed := func() (int, int) {
		a, c, err := st.Counts(ctx)
		if err != nil {
			return -1, -1
		}
		return a, c
	}
	for total < minKills {
		time.Sleep(time.Duration(150+rng.IntN(500)) * time.Millisecond)
		p := procs[rng.IntN(len(procs))]
		p.kill()
		kills[p.name]++
		total++
		time.Sleep(time.Duration(rng.IntN(200)) * time.Millisecond)
		p.start(t)
	}
	if err := <-pubDone; err != nil {
		t.Fatalf("publish: %v", err)
	}
	a0, _ := indexed()
	t.Logf("after %d kills: %d articles indexed so far", total, a0)

	// Let the pipeline settle: every consumer caught up and nothing awaiting ack.
	deadline := time.Now().Add(3 * time.Minute)
	for {
		a, c := indexed()
		if a == articles && idle(ctx, js, topo) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not settled: %d/%d articles, %d/%d claims indexed (stage logs: %s)", a, articles, c, wantClaims, logs.Name())
		}
		time.Sleep(250 * time.Millisecond)
	}
	for _, p := range procs {
		p.stop()
	}
	gotArticles, gotClaims := indexed()
	dlq, err := readDLQ(ctx, js, topo, 1)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]int{}
	for _, l := range dlq {
		reasons[l.Stage+"/"+l.Reason]++
	}
	lost := articles - gotArticles
	fmt.Printf("crash test: %d articles, %d kills (cleaner %d, extractor %d, indexer %d); indexed %d articles, %d/%d claims; lost %d, duplicate claim rows %d; DLQ %v\n",
		articles, total, kills[contract.StageCleaner], kills[contract.StageExtractor], kills[contract.StageIndexer],
		gotArticles, gotClaims, wantClaims, lost, gotClaims-wantClaims, reasons)
	if gotArticles != articles || gotClaims != wantClaims {
		t.Fatalf("index holds %d articles and %d claims, want %d and %d", gotArticles, gotClaims, articles, wantClaims)
	}
	want := map[string]int{"cleaner/malformed": 1, "cleaner/schema": 1, "cleaner/invalid": 1}
	if fmt.Sprint(reasons) != fmt.Sprint(want) {
		t.Fatalf("dead letters %v, want %v", reasons, want)
	}
}
