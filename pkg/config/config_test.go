package config

import (
	"flag"
	"testing"
	"time"
)

func TestEnvFallbackAndFlagPrecedence(t *testing.T) {
	t.Setenv("CLAIMWIRE_NATS_URL", "nats://env:4222")
	t.Setenv("CLAIMWIRE_ACK_WAIT", "45s")
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	var url, addr string
	var wait time.Duration
	String(fs, &url, "nats-url", "nats://default:4222", "")
	String(fs, &addr, "http-addr", ":8080", "")
	Duration(fs, &wait, "ack-wait", time.Second, "")
	if err := fs.Parse([]string{"--http-addr", ":9"}); err != nil {
		t.Fatal(err)
	}
	if url != "nats://env:4222" || addr != ":9" || wait != 45*time.Second {
		t.Fatalf("got url=%s addr=%s wait=%s", url, addr, wait)
	}
	if err := fs.Parse([]string{"--nats-url", "nats://flag:1"}); err != nil || url != "nats://flag:1" {
		t.Fatalf("flag must win over env: %s %v", url, err)
	}
}

func TestBadEnvReported(t *testing.T) {
	bad = nil
	t.Cleanup(func() { bad = nil })
	t.Setenv("CLAIMWIRE_WORKERS", "many")
	var n int
	Int(flag.NewFlagSet("x", flag.ContinueOnError), &n, "workers", 2, "")
	if err := Check(); err == nil || n != 2 {
		t.Fatalf("Check() = %v, n = %d; want an error and the default", err, n)
	}
}
