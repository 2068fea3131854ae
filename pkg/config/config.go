// Package config reads service settings from flags with environment-variable
// fallbacks, so the same binary is configured by flags on a laptop and by env
// in docker compose. A flag set on the command line wins over the env.
package config

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// EnvName is the variable that backs a flag: "nats-url" → "CLAIMWIRE_NATS_URL".
func EnvName(flagName string) string {
	return "CLAIMWIRE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func env(name string) (string, bool) {
	return os.LookupEnv(EnvName(name))
}

func describe(name, usage string) string {
	return fmt.Sprintf("%s (env %s)", usage, EnvName(name))
}

// String defines a string flag whose default comes from the env when set.
func String(fs *flag.FlagSet, p *string, name, def, usage string) {
	if v, ok := env(name); ok {
		def = v
	}
	fs.StringVar(p, name, def, describe(name, usage))
}

// Int defines an int flag with an env fallback; a malformed env value is
// reported when the flags are validated (see Check).
func Int(fs *flag.FlagSet, p *int, name string, def int, usage string) {
	if v, ok := env(name); ok {
		if n, err := strconv.Atoi(v); err == nil {
			def = n
		} else {
			bad = append(bad, fmt.Errorf("%s=%q: not an integer", EnvName(name), v))
		}
	}
	fs.IntVar(p, name, def, describe(name, usage))
}

// Float defines a float64 flag with an env fallback.
func Float(fs *flag.FlagSet, p *float64, name string, def float64, usage string) {
	if v, ok := env(name); ok {
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			def = n
		} else {
			bad = append(bad, fmt.Errorf("%s=%q: not a number", EnvName(name), v))
		}
	}
	fs.Float64Var(p, name, def, describe(name, usage))
}

// Duration defines a duration flag with an env fallback.
func Duration(fs *flag.FlagSet, p *time.Duration, name string, def time.Duration, usage string) {
	if v, ok := env(name); ok {
		if d, err := time.ParseDuration(v); err == nil {
			def = d
		} else {
			bad = append(bad, fmt.Errorf("%s=%q: not a duration (e.g. 30s, 5m)", EnvName(name), v))
		}
	}
	fs.DurationVar(p, name, def, describe(name, usage))
}

// Bool defines a bool flag with an env fallback.
func Bool(fs *flag.FlagSet, p *bool, name string, def bool, usage string) {
	if v, ok := env(name); ok {
		if b, err := strconv.ParseBool(v); err == nil {
			def = b
		} else {
			bad = append(bad, fmt.Errorf("%s=%q: not a boolean", EnvName(name), v))
		}
	}
	fs.BoolVar(p, name, def, describe(name, usage))
}

// bad collects malformed env values seen while defining flags; flag
// definition happens once at start-up, before any goroutine runs.
var bad []error

// Check returns the first malformed env value, so that a typo in a compose
// file stops the service with a clear message instead of being ignored.
func Check() error {
	if len(bad) > 0 {
		return bad[0]
	}
	return nil
}
