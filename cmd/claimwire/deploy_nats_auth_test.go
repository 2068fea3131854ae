package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/index"
)

// natsUsers are the users of deploy/nats/auth.conf.
var natsUsers = []string{"admin", contract.StageFetcher, contract.StageCleaner, contract.StageExtractor, contract.StageIndexer}

func natsPasswordEnv(user string) string { return "NATS_" + strings.ToUpper(user) + "_PASSWORD" }

// natsLogin is user's login on a server booted from the deploy config.
func natsLogin(t testing.TB, user string) []nats.Option {
	t.Helper()
	opts, err := bus.Auth{User: user, Password: os.Getenv(natsPasswordEnv(user))}.Options()
	if err != nil {
		t.Fatal(err)
	}
	return opts
}

// The cluster nodes mount their own folder: its auth.conf must be the
// single server's.
func TestDeployNATSAuthCopiesAgree(t *testing.T) {
	single, cluster := readRepoFile(t, "deploy/nats/auth.conf"), readRepoFile(t, "deploy/nats-cluster/auth.conf")
	_, body, _ := strings.Cut(cluster, "# Who may connect")
	if "# Who may connect"+body != single {
		t.Fatal("deploy/nats-cluster/auth.conf is not deploy/nats/auth.conf with its header: edit both")
	}
}

// The deployed NATS refuses anonymous clients; each service runs the whole
// pipeline with its own user (as separate processes, through the service
// flags), and a stage may publish only its output and its DLQ subject and
// delete nothing.
func TestDeployNATSAuthPipeline(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the four stages as processes")
	}
	s := bootDeployNATS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if nc, err := nats.Connect(s.ClientURL()); err == nil {
		nc.Close()
		t.Fatal("an anonymous client was let in")
	}
	if nc, err := nats.Connect(s.ClientURL(), nats.UserInfo("cleaner", "guess")); err == nil {
		nc.Close()
		t.Fatal("a wrong password was let in")
	}

	// A news site with one feed and one article.
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>t</title><item><title>Harbour</title><link>http://%s/harbour</link></item></channel></rss>`, r.Host)
	})
	mux.HandleFunc("/harbour", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>`+
			`<p>The harbour reopened on Monday after a week of repairs to the outer wall.</p>`+
			`<p>"We expect the first ferries by noon," said Mara Lindqvist, the harbour master.</p>`+
			`<p>Engineers said the wall would be inspected again in the spring.</p></article></body></html>`)
	})
	site := serveOn(t, "127.0.0.2", mux)
	dir := t.TempDir()
	feeds := filepath.Join(dir, "feeds.txt")
	os.WriteFile(feeds, []byte(site.URL+"/feed\n"), 0o644)
	dsn := "sqlite:" + filepath.Join(dir, "index.db")
	logFile, _ := os.Create(filepath.Join(dir, "stages.log"))
	defer logFile.Close()
	stageArgs := map[string][]string{
		contract.StageFetcher:   {"--feeds", feeds, "--allow-net", "127.0.0.2/32", "--poll-interval", "1s"},
		contract.StageCleaner:   nil,
		contract.StageExtractor: nil,
		contract.StageIndexer:   {"--db", dsn},
	}
	var procs []*stageProc
	for _, stage := range []string{contract.StageFetcher, contract.StageCleaner, contract.StageExtractor, contract.StageIndexer} {
		args := append([]string{"--nats-url", s.ClientURL(), "--http-addr", "127.0.0.1:0", "--log-level", "warn",
			"--nats-user", stage, "--nats-password", os.Getenv(natsPasswordEnv(stage))}, stageArgs[stage]...)
		p := &stageProc{name: stage, args: args, logs: logFile}
		p.start(t)
		procs = append(procs, p)
	}
	t.Cleanup(func() {
		for _, p := range procs {
			p.stop()
		}
	})
	st, err := index.OpenStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for {
		a, c, err := st.Counts(ctx)
		if err == nil && a == 1 && c > 0 {
			break
		}
		if ctx.Err() != nil {
			b, _ := os.ReadFile(filepath.Join(dir, "stages.log"))
			t.Fatalf("article not indexed through the authenticated pipeline (articles %d, claims %d, %v); stage logs:\n%s", a, c, err, b)
		}
		time.Sleep(200 * time.Millisecond)
	}

	// A stage's permissions: its output and DLQ subjects, nothing else.
	topo := bus.Topology{MaxMsgSize: 8 << 20}
	nc, js, err := bus.Connect(ctx, s.ClientURL(), "auth-test", log, natsLogin(t, contract.StageCleaner)...)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	try := func(what string, err error, allowed bool) {
		t.Helper()
		if allowed && err != nil {
			t.Errorf("cleaner: %s refused: %v", what, err)
		}
		if !allowed && err == nil {
			t.Errorf("cleaner: %s allowed", what)
		}
	}
	pub := func(subject string) error {
		c, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		return bus.Publish(c, js, topo.Subject(subject), []byte(`{}`), "")
	}
	try("publish to its output", pub(contract.SubjectArticles), true)
	try("publish to its DLQ subject", pub(contract.SubjectDLQ+".cleaner"), true)
	try("publish to CLAIMS", pub(contract.SubjectClaims), false)
	try("publish to PAGES", pub(contract.SubjectPages), false)
	try("publish to another stage's DLQ subject", pub(contract.SubjectDLQ+".indexer"), false)
	// Its site-furniture bucket: created if missing, read and written.
	kctx, kcancel := context.WithTimeout(ctx, 5*time.Second)
	kv, kerr := js.CreateOrUpdateKeyValue(kctx, jetstream.KeyValueConfig{Bucket: topo.Bucket(contract.BucketFurniture)})
	if kerr == nil {
		_, kerr = kv.Put(kctx, "example_org", []byte(`{}`))
	}
	kcancel()
	try("create and write its furniture bucket", kerr, true)
	dctx, dcancel := context.WithTimeout(ctx, 3*time.Second)
	derr := js.DeleteStream(dctx, topo.Stream(contract.StreamClaims))
	dcancel()
	try("delete a stream", derr, false)
	if _, err := js.Stream(ctx, topo.Stream(contract.StreamClaims)); err != nil {
		t.Errorf("CLAIMS after the refused delete: %v", err)
	}
	// The operator CLI logs in as admin.
	c := connFlags{url: s.ClientURL(), maxMsg: 8 << 20, auth: bus.Auth{User: "admin", Password: os.Getenv(natsPasswordEnv("admin"))}}
	anc, _, _, err := c.connect(ctx, "auth-test-admin")
	if err != nil {
		t.Fatalf("admin: %v", err)
	}
	anc.Close()
	c.auth = bus.Auth{}
	if anc, _, _, err := c.connect(ctx, "auth-test-anonymous"); err == nil {
		anc.Close()
		t.Error("the CLI connected without credentials")
	} else if !errors.Is(err, nats.ErrAuthorization) && !strings.Contains(strings.ToLower(err.Error()), "authorization") {
		t.Errorf("anonymous CLI error %v does not say authorization", err)
	}
}

// serveOn serves h on ip (the fetcher allow-lists only what a test names).
func serveOn(t *testing.T, ip string, h http.Handler) *httptest.Server {
	t.Helper()
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", ip, err)
	}
	s := httptest.NewUnstartedServer(h)
	s.Listener.Close()
	s.Listener = ln
	s.Start()
	t.Cleanup(s.Close)
	return s
}
