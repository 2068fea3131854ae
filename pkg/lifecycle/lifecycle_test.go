package lifecycle

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// countingListener counts connections open on the server side.
type countingListener struct {
	net.Listener
	open, peak atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	n := l.open.Add(1)
	for p := l.peak.Load(); n > p && !l.peak.CompareAndSwap(p, n); p = l.peak.Load() {
	}
	return &countedConn{Conn: c, l: l}, nil
}

type countedConn struct {
	net.Conn
	l    *countingListener
	once sync.Once
}

func (c *countedConn) Close() error {
	c.once.Do(func() { c.l.open.Add(-1) })
	return c.Conn.Close()
}

func serve(t *testing.T, lim Limits) (*countingListener, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cl := &countingListener{Listener: ln}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	mux := Mux(prometheus.NewRegistry(), nil)
	go func() { done <- ServeLimited(ctx, cl, mux, slog.New(slog.DiscardHandler), lim) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return cl, ln.Addr().String()
}

// keepAlive sends one request on a new connection, reads the answer and
// leaves the connection open and idle, as a keep-alive client does.
func keepAlive(addr string) (net.Conn, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return nil, err
	}
	c.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		c.Close()
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return c, nil
}

func TestIdleConnectionClosed(t *testing.T) {
	lim := DefaultLimits
	lim.IdleTimeout = 200 * time.Millisecond
	cl, addr := serve(t, lim)
	c, err := keepAlive(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Fatalf("idle connection: read %v, want EOF from the server closing it", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("closed after %s, idle timeout 200ms", d)
	}
	waitOpen(t, cl, 0)
}

// A flood of idle keep-alive clients holds at most MaxConns connections of
// the server, and a new client is still answered at once.
func TestConnectionFloodBounded(t *testing.T) {
	lim := DefaultLimits
	lim.MaxConns = 32
	cl, addr := serve(t, lim)
	const flood = 300
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range flood {
		c, err := keepAlive(addr)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	if p := cl.peak.Load(); p > int64(lim.MaxConns) {
		t.Errorf("server held %d connections at once, limit %d", p, lim.MaxConns)
	}
	client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	start := time.Now()
	resp, err := client.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatalf("new client during the flood: %v", err)
	}
	resp.Body.Close()
	if d := time.Since(start); d > time.Second || resp.StatusCode != http.StatusOK {
		t.Errorf("new client answered %d after %s", resp.StatusCode, d)
	}
}

func waitOpen(t *testing.T, cl *countingListener, want int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for cl.open.Load() != want {
		if time.Now().After(deadline) {
			t.Fatalf("server has %d connections open, want %d", cl.open.Load(), want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestReadyzChecks(t *testing.T) {
	checks := NewChecks(map[string]Check{"nats": func(context.Context) error { return nil }})
	mux := NewMux(prometheus.NewRegistry(), checks)
	get := func() (int, string) {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		srv := &http.Server{Handler: mux}
		go srv.Serve(ln)
		defer srv.Close()
		resp, err := http.Get("http://" + ln.Addr().String() + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := get(); code != http.StatusOK {
		t.Fatalf("readyz %d with passing checks", code)
	}
	checks.Add("cleaner", func(context.Context) error { return errors.New("not consuming") })
	if code, body := get(); code != http.StatusServiceUnavailable || body != "cleaner: not consuming\n" {
		t.Fatalf("readyz %d %q after a failing check was added", code, body)
	}
}
