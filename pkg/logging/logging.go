// Package logging builds the slog logger every service uses, so that log
// lines from all stages share keys and format.
package logging

import (
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/claimwire/claimwire/pkg/redact"
)

// New returns a logger writing text or json at the given level. Every
// message and value passes through redact.Text, so that no URL password,
// DSN password or NATS token reaches a log line whoever logs it.
func New(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lv, ReplaceAttr: Redact}
	switch strings.ToLower(format) {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text", "":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("log format %q: want text or json", format)
}

// Redact is a slog ReplaceAttr that redacts secrets from string, error and
// Stringer values (a *url.URL prints its password).
func Redact(_ []string, a slog.Attr) slog.Attr {
	var s string
	switch a.Value.Kind() {
	case slog.KindString:
		s = a.Value.String()
	case slog.KindAny:
		switch v := a.Value.Any().(type) {
		case error:
			s = v.Error()
		case fmt.Stringer:
			s = v.String()
		default:
			return a
		}
	default:
		return a
	}
	if r := redact.Text(s); r != s || a.Value.Kind() == slog.KindAny {
		a.Value = slog.StringValue(r)
	}
	return a
}
