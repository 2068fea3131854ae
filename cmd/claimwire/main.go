// Command claimwire is the operator CLI and the all-in-one launcher of the
// claimwire pipeline. Each subcommand lives in its own file.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// command is one subcommand: run receives the arguments after its name.
type command struct {
	summary string
	run     func(ctx context.Context, args []string) error
}

var commands = map[string]command{}

func register(name, summary string, run func(ctx context.Context, args []string) error) {
	commands[name] = command{summary: summary, run: run}
}

func usage() {
	fmt.Fprintf(os.Stderr, "claimwire tracks who claims what across the news.\n\nUsage: claimwire COMMAND [flags] [args]\n\nCommands:\n")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(os.Stderr, "\nRun 'claimwire COMMAND --help' for a command's flags; 'claimwire --version' for the version.\n")
}

func main() {
	os.Exit(runMain(os.Args[1:]))
}

// runMain runs the command line and returns the exit code: 0 done (or
// --help), 1 failed, 2 bad usage.
func runMain(args []string) int {
	if len(args) < 1 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage()
		if len(args) < 1 {
			return 2
		}
		return 0
	}
	name := args[0]
	if name == "--version" || name == "-version" {
		name = "version"
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "claimwire: unknown command %q\n\n", name)
		usage()
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := cmd.run(ctx, args[1:])
	stop()
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	fmt.Fprintf(os.Stderr, "claimwire %s: %s\n", name, errorText(name, err))
	return 1
}

// errorText is err's message without a leading repeat of the command name
// ("claimwire feeds: feeds: …").
func errorText(name string, err error) string {
	msg := err.Error()
	return strings.TrimPrefix(msg, name+": ")
}
