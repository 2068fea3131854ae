package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
)

// errUsage reports a usage error already printed to stderr.
var errUsage = errors.New("usage")

// newFlags returns a FlagSet whose --help prints the command's synopsis and
// description before its flags.
func newFlags(name, synopsis, description string) *flag.FlagSet {
	fs := flag.NewFlagSet("claimwire "+name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "Usage: claimwire %s %s\n\n%s\n\nFlags:\n", name, synopsis, description)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args; --help exits 0, a bad flag returns errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		return errUsage
	}
	return nil
}
