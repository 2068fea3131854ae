package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
)

// clusterNodes are the compose services of the three-node variant, in the
// order of their configs (deploy/nats-cluster/nats-1.conf …).
var clusterNodes = []string{"nats", "nats-2", "nats-3"}

// The cluster configs form a JetStream cluster as written (only addresses
// rewritten from compose host names to loopback ports): the pipeline's
// topology is created with three replicas through the same comma-separated
// URL list compose gives the services, and the pipeline keeps publishing
// after the stream leader is lost.
func TestDeployNATSClusterReplicates(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three NATS servers")
	}
	routePort := map[string]int{}
	for _, n := range clusterNodes {
		_, p, _ := net.SplitHostPort(freeAddr(t))
		routePort[n], _ = strconv.Atoi(p)
	}
	servers := make([]*server.Server, len(clusterNodes))
	var urls []string
	for i, n := range clusterNodes {
		o := natsOpts(t, fmt.Sprintf("deploy/nats-cluster/nats-%d.conf", i+1))
		o.Host, o.Port, o.HTTPPort = "127.0.0.1", -1, 0
		o.StoreDir = t.TempDir()
		o.NoSigs, o.NoLog = true, true
		o.Cluster.Host, o.Cluster.Port = "127.0.0.1", routePort[n]
		var routes []*url.URL
		for _, r := range o.Routes {
			p, ok := routePort[r.Hostname()]
			if !ok {
				t.Fatalf("node %s routes to %s, which is not a cluster node %v", n, r.Host, clusterNodes)
			}
			routes = append(routes, &url.URL{Scheme: r.Scheme, Host: fmt.Sprintf("127.0.0.1:%d", p)})
		}
		o.Routes = routes
		s, err := server.NewServer(o)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		go s.Start()
		t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
		servers[i] = s
	}
	for i, s := range servers {
		if !s.ReadyForConnections(15 * time.Second) {
			t.Fatalf("%s did not start", clusterNodes[i])
		}
		urls = append(urls, s.ClientURL())
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	nc, js, err := bus.Connect(ctx, strings.Join(urls, ","), "deploy-cluster-test", log, natsLogin(t, "admin")...)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	topo := bus.Topology{Replicas: 3, MaxMsgSize: 8 << 20}
	// The compose healthcheck of a cluster node is the full /healthz: once
	// every node passes it (the services wait for that), the services'
	// first stream requests must be answered.
	for i, s := range servers {
		for {
			h := s.Healthz(nil)
			if h.Status == "ok" {
				break
			}
			if ctx.Err() != nil {
				t.Fatalf("%s /healthz never ok: %+v", clusterNodes[i], h)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	if h := natsOpts(t, "deploy/nats-cluster/nats-1.conf"); h.HTTPPort != 8222 {
		t.Fatalf("cluster monitoring port %d, the compose healthcheck probes 8222", h.HTTPPort)
	}
	// Answered, not fast: five replicated assets each elect a leader on
	// three servers in this process, and a clean-clone CI run on two busy
	// cores once took more than 10 s for them (the object store, last).
	attempt, cancelAttempt := context.WithTimeout(ctx, 30*time.Second)
	err = topo.Ensure(attempt, js)
	cancelAttempt()
	if err != nil {
		t.Fatalf("topology with 3 replicas right after every node is healthy: %v", err)
	}
	for _, name := range []string{contract.StreamPages, contract.StreamArticles, contract.StreamClaims, contract.StreamDLQ} {
		st, err := js.Stream(ctx, topo.Stream(name))
		if err != nil {
			t.Fatal(err)
		}
		info := st.CachedInfo()
		if info.Config.Replicas != 3 || info.Cluster == nil || info.Cluster.Name != "claimwire" {
			t.Errorf("%s: replicas %d, cluster %+v", name, info.Config.Replicas, info.Cluster)
		}
	}

	// Lose the ARTICLES leader: the other two still hold a quorum.
	publish := func(i int) error {
		attempt, cancelAttempt := context.WithTimeout(ctx, 3*time.Second)
		defer cancelAttempt()
		_, err := js.Publish(attempt, topo.Subject(contract.SubjectArticles), []byte(fmt.Sprintf(`{"n":%d}`, i)), jetstream.WithMsgID(fmt.Sprint("deploy-test-", i)))
		return err
	}
	if err := publish(1); err != nil {
		t.Fatal(err)
	}
	st, err := js.Stream(ctx, topo.Stream(contract.StreamArticles))
	if err != nil {
		t.Fatal(err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	leader := info.Cluster.Leader
	stopped := false
	for _, s := range servers {
		if s.Name() == leader {
			s.Shutdown()
			stopped = true
		}
	}
	if !stopped {
		t.Fatalf("ARTICLES leader %q is none of the nodes", leader)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := publish(2)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("publish after losing leader %s: %v", leader, err)
		}
		time.Sleep(250 * time.Millisecond)
	}
	info, err = st.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 2 {
		t.Errorf("ARTICLES holds %d messages after the failover, want 2", info.State.Msgs)
	}
}
