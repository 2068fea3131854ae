package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
)

// natsOpts parses a deploy/ NATS config with the server's own parser.
func natsOpts(t testing.TB, name string) *server.Options {
	t.Helper()
	// The config reads the service passwords from the environment.
	for _, u := range natsUsers {
		if os.Getenv(natsPasswordEnv(u)) == "" {
			t.Setenv(natsPasswordEnv(u), "test-"+u+"-password")
		}
	}
	o, err := server.ProcessConfigFile(filepath.Join(repoRoot, name))
	if err != nil {
		t.Fatalf("nats config %s: %v", name, err)
	}
	return o
}

func natsMaxPayload(t *testing.T, name string) int32 { return natsOpts(t, name).MaxPayload }
func natsStoreDir(t *testing.T, name string) string  { return natsOpts(t, name).StoreDir }

// natsRoutes are the host names a cluster node routes to.
func natsRoutes(t *testing.T, name string) []string {
	var hosts []string
	for _, r := range natsOpts(t, name).Routes {
		hosts = append(hosts, r.Hostname())
	}
	return hosts
}

// The settings the pipeline relies on, for the single server and each node.
func TestDeployNATSConfigs(t *testing.T) {
	for _, name := range []string{"deploy/nats/nats.conf", "deploy/nats-cluster/nats-1.conf", "deploy/nats-cluster/nats-2.conf", "deploy/nats-cluster/nats-3.conf"} {
		t.Run(name, func(t *testing.T) {
			o := natsOpts(t, name)
			if !o.JetStream {
				t.Error("JetStream is off")
			}
			if !o.SyncAlways {
				t.Error("sync_interval is not always: an ack would not mean on disk")
			}
			if o.StoreDir != "/data" {
				t.Errorf("store_dir %q, want /data (the compose volume)", o.StoreDir)
			}
			if o.MaxPayload < 8<<20 {
				t.Errorf("max_payload %d < 8 MiB, the services' CLAIMWIRE_MAX_MSG_BYTES", o.MaxPayload)
			}
			if o.HTTPPort != 8222 {
				t.Errorf("monitoring port %d, want 8222 (compose healthcheck)", o.HTTPPort)
			}
			if o.Port != 4222 {
				t.Errorf("client port %d, want 4222", o.Port)
			}
			if o.ServerName == "" {
				t.Error("no server_name")
			}
		})
	}
	names := map[string]bool{}
	for i := 1; i <= 3; i++ {
		o := natsOpts(t, "deploy/nats-cluster/nats-"+string(rune('0'+i))+".conf")
		if o.Cluster.Name != "claimwire" || o.Cluster.Port != 6222 {
			t.Errorf("node %d: cluster %q port %d", i, o.Cluster.Name, o.Cluster.Port)
		}
		if len(o.Routes) != 3 {
			t.Errorf("node %d: %d routes, want 3", i, len(o.Routes))
		}
		if names[o.ServerName] {
			t.Errorf("node %d: server_name %q is not unique", i, o.ServerName)
		}
		names[o.ServerName] = true
	}
}

// bootDeployNATS starts a server from deploy/nats/nats.conf as is, with only
// the ports and the store moved aside.
func bootDeployNATS(t *testing.T) *server.Server {
	t.Helper()
	o := natsOpts(t, "deploy/nats/nats.conf")
	o.Host, o.Port, o.HTTPPort = "127.0.0.1", -1, -1
	o.StoreDir = t.TempDir()
	o.NoSigs, o.NoLog = true, true
	s, err := server.NewServer(o)
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats server from deploy/nats/nats.conf did not start")
	}
	return s
}

// The single-server config boots and stores a message as large as the
// services allow.
func TestDeployNATSConfigBoots(t *testing.T) {
	s := bootDeployNATS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	nc, js, err := bus.Connect(ctx, s.ClientURL(), "deploy-test", slog.New(slog.NewTextHandler(io.Discard, nil)), natsLogin(t, "admin")...)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	topo := bus.Topology{MaxMsgSize: 8 << 20}
	if err := topo.Ensure(ctx, js); err != nil {
		t.Fatalf("topology on the deploy config: %v", err)
	}
	big := make([]byte, 8<<20-4096) // headroom for headers
	ack, err := js.Publish(ctx, topo.Subject(contract.SubjectArticles), big)
	if err != nil {
		t.Fatalf("publish %d bytes: %v", len(big), err)
	}
	if ack.Stream != topo.Stream(contract.StreamArticles) {
		t.Errorf("stored in %s", ack.Stream)
	}
}
