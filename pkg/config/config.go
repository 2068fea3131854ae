// Package config reads settings from the command line and the environment,
// so that one binary is configured by flags on a laptop and by env in docker
// compose. Every claimwire binary and subcommand parses with Parse: flags may
// stand anywhere on the line, a flag given on the line wins over its env
// variable, and a malformed value from either is an error, never a silent
// default.
//
// A flag is backed by an env variable when its help names it: the helpers
// (String, Int, Duration …) append "(env CLAIMWIRE_NAME)" to the usage, and
// Parse reads exactly the variables that --help shows. The flag set itself is
// the only state.
package config

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"
)

// EnvName is the variable that backs a flag: "nats-url" → "CLAIMWIRE_NATS_URL".
func EnvName(flagName string) string {
	return "CLAIMWIRE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// describe appends the env marker that Parse looks for.
func describe(name, usage string) string {
	return fmt.Sprintf("%s (env %s)", usage, EnvName(name))
}

// String defines a string flag backed by its env variable.
func String(fs *flag.FlagSet, p *string, name, def, usage string) {
	fs.StringVar(p, name, def, describe(name, usage))
}

// Int defines an int flag backed by its env variable.
func Int(fs *flag.FlagSet, p *int, name string, def int, usage string) {
	fs.IntVar(p, name, def, describe(name, usage))
}

// Float defines a float64 flag backed by its env variable.
func Float(fs *flag.FlagSet, p *float64, name string, def float64, usage string) {
	fs.Float64Var(p, name, def, describe(name, usage))
}

// Duration defines a duration flag backed by its env variable.
func Duration(fs *flag.FlagSet, p *time.Duration, name string, def time.Duration, usage string) {
	fs.DurationVar(p, name, def, describe(name, usage))
}

// Bool defines a bool flag backed by its env variable.
func Bool(fs *flag.FlagSet, p *bool, name string, def bool, usage string) {
	fs.BoolVar(p, name, def, describe(name, usage))
}

// Var defines a flag of any flag.Value backed by its env variable; the env
// value is passed to Set once, as one command-line occurrence would be.
func Var(fs *flag.FlagSet, v flag.Value, name, usage string) {
	fs.Var(v, name, describe(name, usage))
}

// hasEnv reports whether f's help names its env variable.
func hasEnv(f *flag.Flag) bool {
	marker := "(env " + EnvName(f.Name)
	i := strings.Index(f.Usage, marker)
	if i < 0 {
		return false
	}
	rest := f.Usage[i+len(marker):]
	return rest == "" || strings.ContainsRune(");,", rune(rest[0]))
}

// Parse parses args into fs, then fills each flag not given on the line from
// its env variable. Flags may come before, between or after the positional
// arguments ("ingest DIR --wait"); "--" ends the flags. After Parse,
// fs.Args() lists every positional argument in order.
//
// Every error has already been reported on fs.Output() (a bad flag with the
// usage, as the flag package does); --help returns flag.ErrHelp.
func Parse(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	onLine := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { onLine[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if onLine[f.Name] || !hasEnv(f) {
			return
		}
		v, ok := os.LookupEnv(EnvName(f.Name))
		if !ok {
			return
		}
		if err := f.Value.Set(v); err != nil {
			errs = append(errs, &EnvError{Var: EnvName(f.Name), Flag: f.Name, Value: v, Err: err})
		}
	})
	if err := errors.Join(errs...); err != nil {
		fmt.Fprintln(fs.Output(), err)
		return err
	}
	// Leave exactly the positional arguments in fs.Args().
	return fs.Parse(append([]string{"--"}, positional...))
}

// EnvError is a malformed env value: a typo in a compose file must stop the
// service with this message, not leave it running on a default.
type EnvError struct {
	Var, Flag, Value string
	Err              error
}

func (e *EnvError) Error() string {
	return fmt.Sprintf("invalid value %q for %s (the env of --%s): %v", e.Value, e.Var, e.Flag, e.Err)
}

func (e *EnvError) Unwrap() error { return e.Err }
