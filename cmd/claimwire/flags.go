package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/claimwire/claimwire/pkg/config"
)

var (
	// errUsage reports a usage error already printed to stderr (exit 2).
	errUsage = errors.New("usage")
	// errHelp reports that --help was printed (exit 0).
	errHelp = errors.New("help")
)

// newFlags returns a FlagSet whose --help prints the command's synopsis and
// description before its flags.
func newFlags(name, synopsis, description string) *flag.FlagSet {
	fs := flag.NewFlagSet("claimwire "+name, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: claimwire %s %s\n\n%s\n\nFlags (before or after the arguments):\n", name, synopsis, description)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args with config.Parse, the one configuration path of every
// binary and subcommand: flags anywhere on the line, env behind the flags
// whose help names a variable. --help returns errHelp; a bad flag or env
// value, already reported, returns errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := config.Parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return errUsage
	}
	return nil
}
