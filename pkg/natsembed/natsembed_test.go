package natsembed

import (
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// The server refuses clients past MaxConns with a clear error instead of
// taking file handles the rest of the process needs.
func TestMaxConns(t *testing.T) {
	s, err := Start(Config{Port: -1, StoreDir: t.TempDir(), MaxConns: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown()
	for i := range 3 {
		nc, err := nats.Connect(s.ClientURL(), nats.Timeout(2*time.Second))
		if err != nil {
			t.Fatalf("client %d: %v", i+1, err)
		}
		defer nc.Close()
	}
	nc, err := nats.Connect(s.ClientURL(), nats.Timeout(2*time.Second))
	if err == nil {
		nc.Close()
		t.Fatal("a fourth client was accepted with MaxConns 3")
	}
	// The client sees the server's "maximum connections exceeded" or the
	// connection it closed; the server counts the refusal either way.
	if n := s.NumClients(); n != 3 {
		t.Fatalf("server has %d clients after refusing one (err %v)", n, err)
	}
}
