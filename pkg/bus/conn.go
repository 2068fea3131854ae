// Package bus is claimwire's JetStream plumbing: connecting, the stream
// topology, publishing with a message id, large page bodies, and the one
// consumer runner every stage uses (ack policy, retries, dead letters,
// metrics, drain).
package bus

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/redact"
)

// Connect connects to NATS and returns the JetStream handle. The client
// reconnects forever (the default gives up after about two minutes, which
// turns a broker restart into a silent outage); closed is closed when the
// connection is closed for good, so that the caller can exit and be restarted.
func Connect(ctx context.Context, url, name string, log *slog.Logger, opts ...nats.Option) (*nats.Conn, jetstream.JetStream, error) {
	nc, err := nats.Connect(url, append([]nats.Option{
		nats.Name("claimwire-" + name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
		nats.ReconnectJitter(250*time.Millisecond, time.Second),
		nats.RetryOnFailedConnect(false),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) { log.Info("nats reconnected", "url", c.ConnectedUrlRedacted()) }),
		nats.ClosedHandler(func(*nats.Conn) { log.Info("nats connection closed") }),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			// Permission violations and slow-consumer reports arrive here.
			log.Warn("nats", "err", err)
		}),
	}, opts...)...)
	if err != nil {
		return nil, nil, fmt.Errorf("connect to NATS at %s: %w (is the server running? set --nats-url)", redact.URL(url), err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, fmt.Errorf("jetstream: %w", err)
	}
	return nc, js, nil
}

// Closed returns a channel closed when nc is closed for good.
func Closed(nc *nats.Conn) <-chan struct{} {
	ch := make(chan struct{})
	go func() {
		for !nc.IsClosed() {
			time.Sleep(200 * time.Millisecond)
		}
		close(ch)
	}()
	return ch
}

// Ready is a readiness check: connected and JetStream answering.
func Ready(nc *nats.Conn, js jetstream.JetStream) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		if !nc.IsConnected() {
			return fmt.Errorf("nats %s", nc.Status())
		}
		_, err := js.AccountInfo(ctx)
		return err
	}
}

// Auth is how a client proves who it is to NATS: a user and password, an
// nkey seed file, or a credentials file (JWT and seed). A token goes in the
// URL (nats://TOKEN@host:4222). The zero value connects anonymously.
type Auth struct {
	User, Password string
	NKeyFile       string // nkey seed file (nk -gen user)
	CredsFile      string // decentralised auth: .creds file
}

// Options are the connect options for a.
func (a Auth) Options() ([]nats.Option, error) {
	var opts []nats.Option
	if a.User != "" || a.Password != "" {
		if a.User == "" || a.Password == "" {
			return nil, fmt.Errorf("NATS user and password go together (got only the %s)", map[bool]string{true: "user", false: "password"}[a.User != ""])
		}
		opts = append(opts, nats.UserInfo(a.User, a.Password))
	}
	if a.NKeyFile != "" {
		o, err := nats.NkeyOptionFromSeed(a.NKeyFile)
		if err != nil {
			return nil, fmt.Errorf("NATS nkey seed %s: %w", a.NKeyFile, err)
		}
		opts = append(opts, o)
	}
	if a.CredsFile != "" {
		if _, err := os.Stat(a.CredsFile); err != nil {
			return nil, fmt.Errorf("NATS credentials: %w", err)
		}
		opts = append(opts, nats.UserCredentials(a.CredsFile))
	}
	return opts, nil
}
