package service

import (
	"bytes"
	"context"
	"errors"
	"flag"
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
