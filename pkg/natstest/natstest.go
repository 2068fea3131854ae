// Package natstest runs a real NATS server with JetStream for tests: an
// embedded server on a random port with a temporary file store, or the
// machine's own server when a test asks for it.
package natstest

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/natsembed"
)

// Server is an embedded test server that can be restarted on the same port
// and store, to test a broker restart.
type Server struct {
	*server.Server
	Dir  string
	Port int
	t    testing.TB
}

// Run starts an embedded JetStream server; it is shut down when the test ends.
func Run(t testing.TB) *Server {
	t.Helper()
	dir := t.TempDir()
	s, err := natsembed.Start(natsembed.Config{Port: -1, StoreDir: dir})
	if err != nil {
		t.Fatalf("natstest: %v", err)
	}
	ts := &Server{Server: s, Dir: dir, Port: s.Addr().(*net.TCPAddr).Port, t: t}
	t.Cleanup(func() { ts.Shutdown() })
	return ts
}

// Restart shuts the server down and starts it again on the same port and store.
func (s *Server) Restart() {
	s.t.Helper()
	s.Server.Shutdown()
	s.Server.WaitForShutdown()
	var err error
	for range 50 { // the port can take a moment to be released
		var ns *server.Server
		ns, err = natsembed.Start(natsembed.Config{Port: s.Port, StoreDir: s.Dir})
		if err == nil {
			s.Server = ns
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.t.Fatalf("natstest: restart: %v", err)
}

// Connect returns a client connection and JetStream handle, closed at cleanup.
func Connect(t testing.TB, url string) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := nats.Connect(url, nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond))
	if err != nil {
		t.Fatalf("natstest: connect %s: %v", url, err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatalf("natstest: jetstream: %v", err)
	}
	return nc, js
}

// MachineURL is the machine's NATS server (override with CLAIMWIRE_TEST_NATS).
func MachineURL() string {
	if u := os.Getenv("CLAIMWIRE_TEST_NATS"); u != "" {
		return u
	}
	return "nats://127.0.0.1:4222"
}

// RequireMachine skips the test with a clear message when no JetStream-enabled
// server runs at MachineURL.
func RequireMachine(t testing.TB) string {
	t.Helper()
	url := MachineURL()
	nc, err := nats.Connect(url, nats.Timeout(2*time.Second))
	if err != nil {
		t.Skipf("natstest: no NATS server at %s (%v); start one with `nats-server -js` or set CLAIMWIRE_TEST_NATS", url, err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := js.AccountInfo(ctx); err != nil {
		t.Skipf("natstest: NATS at %s has no JetStream (%v); start it with -js", url, err)
	}
	return url
}

var uniq atomic.Int64

// UniquePrefix is a stream/subject prefix no other test run uses, for tests
// that share the machine's server.
func UniquePrefix(t testing.TB) string {
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, t.Name())
	if len(name) > 20 {
		name = name[:20]
	}
	return fmt.Sprintf("T%s_%d_%d_", name, time.Now().UnixNano()%1e9, uniq.Add(1))
}

// DeletePrefixed removes every stream (KV and Object Store buckets included,
// whose streams are KV_<name> and OBJ_<name>) that a test created with prefix
// on a shared server.
func DeletePrefixed(t testing.TB, url, prefix string) {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Logf("natstest: cleanup: %v", err)
		return
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	names := js.StreamNames(ctx)
	var doomed []string
	for n := range names.Name() {
		if strings.HasPrefix(n, prefix) || strings.HasPrefix(n, "KV_"+prefix) || strings.HasPrefix(n, "OBJ_"+prefix) {
			doomed = append(doomed, n)
		}
	}
	for _, n := range doomed {
		if err := js.DeleteStream(ctx, n); err != nil {
			t.Logf("natstest: delete stream %s: %v", n, err)
		}
	}
}
