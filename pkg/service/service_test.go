package service

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/natstest"
)

func TestRunExitCodes(t *testing.T) {
	s := natstest.Run(t)
	base := []string{"--nats-url", s.ClientURL(), "--http-addr", "127.0.0.1:0", "--log-level", "error"}
	for _, tc := range []struct {
		name string
		args []string
		run  func(ctx context.Context, env *Env) error
		want int
	}{
		{"clean drain", base, func(ctx context.Context, env *Env) error { <-ctx.Done(); return nil }, 0},
		{"runtime failure", base, func(ctx context.Context, env *Env) error { return errors.New("store unreachable") }, 1},
		{"bad flag", []string{"--no-such-flag"}, nil, 2},
		{"help", []string{"--help"}, nil, 0},
		{"version", []string{"--version"}, nil, 0},
		{"an argument", []string{"fetcher"}, nil, 2},
		// A SIGTERM while the stage is still starting is a clean stop.
		{"stopped while starting", base, func(ctx context.Context, env *Env) error {
			<-ctx.Done()
			return ctx.Err()
		}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := Stage{Name: "test", HTTPAddr: "127.0.0.1:0", Flags: func(*flag.FlagSet) {}, Run: tc.run}
			if tc.run != nil && tc.want == 0 {
				// Deliver SIGTERM to ourselves once Run is waiting on ctx.
				go func() {
					time.Sleep(300 * time.Millisecond)
					_ = syscall.Kill(syscall.Getpid(), syscall.SIGTERM)
				}()
			}
			var stderr bytes.Buffer
			if got := Run(st, tc.args, &stderr); got != tc.want {
				t.Fatalf("exit code %d, want %d; stderr:\n%s", got, tc.want, stderr.String())
			}
		})
	}
}

// A malformed env value stops the service before it starts (exit 2), as a
// bad flag does; the same value on the line is overridden by nothing.
func TestRunBadEnv(t *testing.T) {
	t.Setenv("CLAIMWIRE_STREAM_REPLICAS", "three")
	var stderr bytes.Buffer
	st := Stage{Name: "test", HTTPAddr: "127.0.0.1:0", Run: func(ctx context.Context, env *Env) error {
		t.Error("the stage ran despite a bad env value")
		return nil
	}}
	if got := Run(st, []string{"--nats-url", "nats://127.0.0.1:1"}, &stderr); got != 2 {
		t.Fatalf("exit code %d, want 2; stderr:\n%s", got, stderr.String())
	}
	if !strings.Contains(stderr.String(), "CLAIMWIRE_STREAM_REPLICAS") {
		t.Errorf("stderr does not name the variable:\n%s", stderr.String())
	}
}

// Serve runs several stages on one connection and HTTP server (as
// `claimwire up` does): a route a stage adds is served, and a NATS
// connection closed for good stops every stage with an error.
func TestServeStagesShareAndStopOnClosedConnection(t *testing.T) {
	s := natstest.Run(t)
	c := Common{NATSURL: s.ClientURL(), HTTPAddr: "127.0.0.1:0", MaxMsgSize: 1 << 20, Replicas: 1}
	addr := make(chan net.Addr, 1)
	closeConn := make(chan struct{})
	var conns sync.Map
	stages := []Stage{
		{Name: "a", Run: func(ctx context.Context, env *Env) error {
			conns.Store("a", env.NC)
			env.Mux.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("from a")) })
			select {
			case <-closeConn:
				env.NC.Close() // as after the server is gone for good
			case <-ctx.Done():
			}
			<-ctx.Done()
			return nil
		}},
		{Name: "b", Run: func(ctx context.Context, env *Env) error {
			conns.Store("b", env.NC)
			<-ctx.Done() // stopped by the closed connection, not by the test
			return nil
		}},
	}
	done := make(chan error, 1)
	log := slog.New(slog.DiscardHandler)
	go func() { done <- Serve(context.Background(), c, log, func(a net.Addr) { addr <- a }, stages...) }()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a.String()
	case err := <-done:
		t.Fatalf("Serve: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not start")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := http.Get(base + "/hello")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(b) == "from a" {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the route stage a added is not served: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if resp, err := http.Get(base + "/metrics"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %v", err)
	}
	a, _ := conns.Load("a")
	b, _ := conns.Load("b")
	if a != b {
		t.Error("the stages got different NATS connections")
	}
	close(closeConn)
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "NATS connection closed") {
			t.Fatalf("Serve returned %v, want the closed connection reported", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not stop after its NATS connection closed for good")
	}
}
