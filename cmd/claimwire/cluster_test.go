package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/cleaner/clean"
	"github.com/claimwire/claimwire/services/extractor/extract"
	"github.com/claimwire/claimwire/services/indexer/index"
	"github.com/claimwire/claimwire/services/indexer/pgtest"
)

// The scale-out story on a real cluster: three NATS servers clustered on
// loopback (the deploy configs, users included), every stream with three
// replicas, two replicas of each consuming stage as separate processes
// (each with its own NATS user), PostgreSQL as the index. While pages flow
// in, the ARTICLES stream leader (found through the JetStream API) and one
// replica of each stage are killed, then restarted. Nothing may be lost or
// indexed twice.
//
// The full 5,000-article run is BenchmarkClusterFailover:
//
//	go test ./cmd/claimwire -run '^$' -bench ClusterFailover -benchtime 1x
func TestClusterFailover(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a three-node NATS cluster and six stage processes")
	}
	r := runClusterFailover(t, 250)
	t.Logf("%s", r)
}

func BenchmarkClusterFailover(b *testing.B) {
	n := 5000
	if v, err := strconv.Atoi(os.Getenv("CLAIMWIRE_CLUSTER_ARTICLES")); err == nil && v > 0 {
		n = v
	}
	for b.Loop() {
		r := runClusterFailover(b, n)
		b.ReportMetric(float64(r.lost), "lost")
		b.ReportMetric(float64(r.duplicates), "duplicates")
		b.ReportMetric(r.longestGap.Seconds(), "longest-gap-s")
		b.ReportMetric(r.election.Seconds(), "election-s")
		b.ReportMetric(float64(r.articles)/r.elapsed.Seconds(), "articles/s")
		fmt.Println(r)
	}
}

type clusterReport struct {
	articles, claims      int
	lost, duplicates      int
	killedNode, newLeader string
	election, longestGap  time.Duration
	elapsed, nodeDown     time.Duration
	killedAt, restoredAt  time.Duration // since the first publish
	gapFrom               time.Duration // when the longest gap began, since the first publish
	deadLetters           int
	stagesKilled          []string
}

func (r clusterReport) String() string {
	return fmt.Sprintf("cluster failover: %d articles, %d claims; lost %d, duplicate claim rows %d, dead letters %d; "+
		"ARTICLES leader %s killed at %s (with one replica each of %s), new leader %s elected in %s; node down %s; "+
		"longest gap in progress %s (from %s); all indexed after %s",
		r.articles, r.claims, r.lost, r.duplicates, r.deadLetters, r.killedNode, r.killedAt.Round(time.Millisecond),
		strings.Join(r.stagesKilled, ", "), r.newLeader, r.election.Round(time.Millisecond), r.nodeDown.Round(time.Millisecond),
		r.longestGap.Round(time.Millisecond), r.gapFrom.Round(time.Millisecond), r.elapsed.Round(time.Millisecond))
}

// clusterNode is one in-process nats-server that can be killed and
// restarted on the same ports and store.
type clusterNode struct {
	opts *server.Options
	srv  *server.Server
}

func (n *clusterNode) start(t testing.TB) {
	t.Helper()
	var err error
	for range 50 { // the ports may take a moment to be released after a kill
		o := n.opts.Clone()
		if n.srv, err = server.NewServer(o); err == nil {
			go n.srv.Start()
			if n.srv.ReadyForConnections(15 * time.Second) {
				return
			}
			n.srv.Shutdown()
			err = fmt.Errorf("%s not ready", o.ServerName)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("start %s: %v", n.opts.ServerName, err)
}

func (n *clusterNode) kill() {
	n.srv.Shutdown()
	n.srv.WaitForShutdown()
}

// startCluster starts the three nodes of deploy/nats-cluster on loopback.
func startCluster(t testing.TB) ([]*clusterNode, []string) {
	t.Helper()
	free := func() int {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		return ln.Addr().(*net.TCPAddr).Port
	}
	routePort, clientPort := map[string]int{}, map[string]int{}
	for _, n := range clusterNodes {
		routePort[n], clientPort[n] = free(), free()
	}
	var nodes []*clusterNode
	var urls []string
	for i, name := range clusterNodes {
		o := natsOpts(t, fmt.Sprintf("deploy/nats-cluster/nats-%d.conf", i+1))
		o.Host, o.Port, o.HTTPPort = "127.0.0.1", clientPort[name], 0
		o.StoreDir = filepath.Join(tempDir(t), name)
		o.NoSigs, o.NoLog = true, true
		o.Cluster.Host, o.Cluster.Port = "127.0.0.1", routePort[name]
		var routes []*url.URL
		for _, r := range o.Routes {
			routes = append(routes, &url.URL{Scheme: r.Scheme, Host: fmt.Sprintf("127.0.0.1:%d", routePort[r.Hostname()])})
		}
		o.Routes = routes
		n := &clusterNode{opts: o}
		n.start(t)
		nodes = append(nodes, n)
		urls = append(urls, fmt.Sprintf("nats://127.0.0.1:%d", clientPort[name]))
	}
	t.Cleanup(func() {
		for _, n := range nodes {
			n.kill()
		}
	})
	for _, n := range nodes {
		deadline := time.Now().Add(60 * time.Second)
		for n.srv.Healthz(nil).Status != "ok" {
			if time.Now().After(deadline) {
				t.Fatalf("%s never healthy: %+v", n.opts.ServerName, n.srv.Healthz(nil))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	return nodes, urls
}

func runClusterFailover(t testing.TB, articles int) clusterReport {
	pgDSN := pgtest.Schema(t, "cw_cluster")
	nodes, urls := startCluster(t)
	natsURL := strings.Join(urls, ",")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	nc, js, err := bus.Connect(ctx, natsURL, "cluster-test", log, natsLogin(t, "admin")...)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	topo := bus.Topology{Replicas: 3, MaxMsgSize: 8 << 20}
	if err := ensureRetry(ctx, topo, js); err != nil {
		t.Fatalf("topology with 3 replicas: %v", err)
	}
	st, err := index.OpenStore(ctx, pgDSN) // migrates the schema before the indexers start
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	// What the index must hold: the same code in-process.
	pages := make([][]byte, articles)
	wantClaims := 0
	for i := range articles {
		pages[i] = generatedArticle(i)
		art, err := clean.Page(clean.Input{Body: pages[i], ContentType: "text/plain", URL: clusterURL(i)})
		if err != nil {
			t.Fatal(err)
		}
		wantClaims += len(extract.Extract(art).Claims)
	}

	dir := tempDir(t)
	logs, err := os.Create(filepath.Join(dir, "stages.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logs.Close()
	var procs []*stageProc
	for _, stage := range []string{contract.StageCleaner, contract.StageExtractor, contract.StageIndexer} {
		for range 2 {
			args := []string{"--nats-url", natsURL, "--http-addr", "127.0.0.1:0", "--log-level", "warn",
				"--stream-replicas", "3", "--nats-user", stage, "--nats-password", os.Getenv(natsPasswordEnv(stage))}
			if stage == contract.StageIndexer {
				// Fewer than the default 256 in flight: on a loaded 2-core
				// machine two replicas × 256 ClaimSets queued for one
				// PostgreSQL writer wait past the 30 s handler timeout, and
				// the retries only add work.
				args = append(args, "--db", pgDSN, "--workers", "64")
			}
			p := &stageProc{name: stage, args: args, logs: logs}
			p.start(t)
			procs = append(procs, p)
		}
	}
	defer func() {
		for _, p := range procs {
			p.stop()
		}
	}()

	// Progress: the indexed count, sampled; the longest time it stood still
	// while work remained.
	var progMu sync.Mutex
	var lastChange time.Time
	var longestGap, gapFrom time.Duration
	indexed := func() (int, int) {
		a, c, err := st.Counts(ctx)
		if err != nil {
			return -1, -1
		}
		return a, c
	}
	start := time.Now()
	stopSampling := make(chan struct{})
	samplerDone := make(chan struct{})
	go func() {
		defer close(samplerDone)
		last := 0
		for {
			select {
			case <-stopSampling:
				return
			case <-time.After(50 * time.Millisecond):
			}
			a, _ := indexed()
			now := time.Now()
			progMu.Lock()
			if a > last {
				if gap := now.Sub(lastChange); last > 0 && gap > longestGap {
					longestGap, gapFrom = gap, lastChange.Sub(start)
				}
				last, lastChange = a, now
			}
			progMu.Unlock()
			if a == articles {
				return
			}
		}
	}()

	// Pages flow in at a steady pace, as the fetcher would publish them.
	pubDone := make(chan error, 1)
	go func() {
		pub, pjs, err := bus.Connect(ctx, natsURL, "cluster-test-publisher", log, natsLogin(t, "admin")...)
		if err != nil {
			pubDone <- err
			return
		}
		defer pub.Close()
		for i, body := range pages {
			p := contract.Page{Schema: contract.Schema, ID: contract.ArticleID(clusterURL(i), nil), URL: clusterURL(i), Source: "file", ContentType: "text/plain", FetchedAt: time.Now()}
			for { // a publish in flight when the leader dies fails; the same id is deduplicated
				pctx, pcancel := context.WithTimeout(ctx, 5*time.Second)
				err := bus.PublishPage(pctx, pjs, topo, &p, body, nil)
				pcancel()
				if err == nil {
					break
				}
				if ctx.Err() != nil {
					pubDone <- err
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
			if i%50 == 49 {
				time.Sleep(50 * time.Millisecond)
			}
		}
		pubDone <- nil
	}()

	// Mid-run: kill the ARTICLES leader and one replica of each stage.
	// A stage that cannot work at all (a permission missing from the deploy
	// config, say) shows here: fail with its logs rather than wait out ctx.
	firstThird := time.Now().Add(2*time.Minute + time.Duration(articles)*20*time.Millisecond)
	for a, c := indexed(); a < articles/3; a, c = indexed() {
		if ctx.Err() != nil || time.Now().After(firstThird) {
			t.Fatalf("no progress before the kill: %d/%d articles, %d claims indexed; consumers: %s; stage logs kept in %s",
				a, articles, c, consumerStates(ctx, js, topo), keepLogs(logs.Name()))
		}
		time.Sleep(50 * time.Millisecond)
	}
	var r clusterReport
	r.articles = articles
	leaderOf := func(stream string) string {
		ictx, icancel := context.WithTimeout(ctx, 2*time.Second)
		defer icancel()
		s, err := js.Stream(ictx, topo.Stream(stream))
		if err != nil {
			return ""
		}
		info, err := s.Info(ictx)
		if err != nil || info.Cluster == nil {
			return ""
		}
		return info.Cluster.Leader
	}
	r.killedNode = leaderOf(contract.StreamArticles)
	var victim *clusterNode
	for _, n := range nodes {
		if n.opts.ServerName == r.killedNode {
			victim = n
		}
	}
	if victim == nil {
		t.Fatalf("ARTICLES leader %q is none of the nodes", r.killedNode)
	}
	killed := time.Now()
	r.killedAt = killed.Sub(start)
	victim.kill()
	for i := 0; i < len(procs); i += 2 {
		procs[i].kill()
		r.stagesKilled = append(r.stagesKilled, procs[i].name)
	}
	for {
		if l := leaderOf(contract.StreamArticles); l != "" && l != r.killedNode {
			r.newLeader, r.election = l, time.Since(killed)
			break
		}
		if time.Since(killed) > time.Minute {
			t.Fatal("no new ARTICLES leader within a minute")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(3 * time.Second) // the pipeline runs on two nodes and one replica per stage
	victim.start(t)
	r.nodeDown = time.Since(killed)
	r.restoredAt = time.Since(start)
	for i := 0; i < len(procs); i += 2 {
		procs[i].start(t)
	}

	if err := <-pubDone; err != nil {
		t.Fatalf("publish: %v", err)
	}
	deadline := time.Now().Add(5*time.Minute + time.Duration(articles)*200*time.Millisecond)
	for {
		a, _ := indexed()
		if a == articles && idle(ctx, js, topo) {
			break
		}
		if time.Now().After(deadline) {
			a, c := indexed()
			progMu.Lock()
			still := time.Since(lastChange)
			progMu.Unlock()
			t.Fatalf("not settled: %d/%d articles, %d/%d claims, no progress for %s; consumers: %s; stage logs kept in %s",
				a, articles, c, wantClaims, still.Round(time.Second), consumerStates(ctx, js, topo), keepLogs(logs.Name()))
		}
		time.Sleep(250 * time.Millisecond)
	}
	r.elapsed = time.Since(start)
	close(stopSampling)
	<-samplerDone
	progMu.Lock()
	r.longestGap, r.gapFrom = longestGap, gapFrom
	progMu.Unlock()
	gotArticles, gotClaims := indexed()
	r.claims = gotClaims
	r.lost = articles - gotArticles
	r.duplicates = gotClaims - wantClaims
	dups, err := duplicateClaimRows(ctx, pgDSN)
	if err != nil {
		t.Fatal(err)
	}
	r.duplicates = max(r.duplicates, dups)
	dlq, err := readDLQ(ctx, js, topo, 1)
	if err != nil {
		t.Fatal(err)
	}
	r.deadLetters = len(dlq)
	if r.lost != 0 || gotClaims != wantClaims || dups != 0 || r.deadLetters != 0 {
		t.Errorf("%s\nwant every article once with its %d claims and no dead letter", r, wantClaims)
	}
	return r
}

// duplicateClaimRows counts claims stored more than once for one article
// (same position in its article).
func duplicateClaimRows(ctx context.Context, dsn string) (int, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT COALESCE(SUM(n - 1), 0) FROM (
		SELECT COUNT(*) AS n FROM claims GROUP BY article_id, ord HAVING COUNT(*) > 1) d`).Scan(&n)
	return n, err
}

func clusterURL(i int) string { return fmt.Sprintf("https://cluster.example/story/%d", i) }

// ensureRetry creates the topology, retrying while the new cluster elects
// its stream leaders.
func ensureRetry(ctx context.Context, topo bus.Topology, js jetstream.JetStream) error {
	var err error
	for range 30 {
		actx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err = topo.Ensure(actx, js)
		cancel()
		if err == nil {
			return nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	return err
}

// tempDir is t.TempDir for tests and benchmarks alike.
func tempDir(t testing.TB) string { return t.TempDir() }

// consumerStates describes each stage consumer, for a failure message.
func consumerStates(ctx context.Context, js jetstream.JetStream, topo bus.Topology) string {
	var out []string
	for stage, stream := range stageInputs {
		c, err := js.Consumer(ctx, topo.Stream(stream), stage)
		if err != nil {
			out = append(out, fmt.Sprintf("%s: %v", stage, err))
			continue
		}
		in := c.CachedInfo()
		out = append(out, fmt.Sprintf("%s: pending %d, ack pending %d, redelivered %d, waiting pulls %d", stage, in.NumPending, in.NumAckPending, in.NumRedelivered, in.NumWaiting))
	}
	return strings.Join(out, "; ")
}

// keepLogs copies a failed run's stage logs out of the test's temp dir.
func keepLogs(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return path
	}
	kept := filepath.Join(os.TempDir(), fmt.Sprintf("claimwire-cluster-%d.log", os.Getpid()))
	if os.WriteFile(kept, b, 0o644) != nil {
		return path
	}
	return kept
}
