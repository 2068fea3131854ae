// Package natsembed runs a NATS server with JetStream inside the process:
// `claimwire up` uses it for the single-machine pipeline and natstest for tests.
package natsembed

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Config of an embedded server.
type Config struct {
	Host     string // default 127.0.0.1
	Port     int    // -1 picks a random free port
	StoreDir string // JetStream file store
	// MaxPayload raises the 1 MB default so that large pages fit in a message.
	MaxPayload int32
	// HTTPPort serves the monitoring endpoints (/varz, /jsz); 0 disables them.
	HTTPPort int
	// SyncAlways fsyncs every write: acked means on disk.
	SyncAlways bool
	// MaxConns bounds client connections (default 4096, well under the
	// process's file handles): the server shares the process with the
	// HTTP API in `claimwire up`, and neither may starve the other.
	MaxConns int
}

// ErrPortInUse reports that the listen address is taken.
var ErrPortInUse = errors.New("natsembed: port in use")

// Start starts a server and waits until it accepts connections.
func Start(cfg Config) (*server.Server, error) {
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	if cfg.MaxPayload == 0 {
		cfg.MaxPayload = 8 << 20
	}
	if cfg.MaxConns == 0 {
		cfg.MaxConns = 4096
	}
	if cfg.Port > 0 {
		// The server only logs a failed bind; check first so the caller can say which port.
		ln, err := net.Listen("tcp", net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)))
		if err != nil {
			return nil, fmt.Errorf("%w: %s:%d: %v", ErrPortInUse, cfg.Host, cfg.Port, err)
		}
		ln.Close()
	}
	opts := &server.Options{
		ServerName:         "claimwire-embedded",
		Host:               cfg.Host,
		Port:               cfg.Port,
		JetStream:          true,
		StoreDir:           cfg.StoreDir,
		MaxPayload:         cfg.MaxPayload,
		MaxConn:            cfg.MaxConns,
		JetStreamMaxMemory: 256 << 20,
		NoSigs:             true,
		NoLog:              true,
	}
	if cfg.HTTPPort != 0 {
		opts.HTTPHost = cfg.Host
		opts.HTTPPort = cfg.HTTPPort
	}
	if cfg.SyncAlways {
		opts.SyncAlways = true
	}
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("natsembed: %w", err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		return nil, fmt.Errorf("natsembed: server on %s:%d not ready after 10s", cfg.Host, cfg.Port)
	}
	return s, nil
}
