package main

import (
	"context"
	"fmt"
	"os"
	"sort"
)

// benchCommands are the `claimwire bench` subcommands; each file that
// measures a stage adds its own entry in init.
var benchCommands = map[string]command{}

func init() {
	register("bench", "measure throughput in-process (bench clean DIR, bench pipeline …)", runBench)
}

func runBench(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintf(os.Stderr, "Usage: claimwire bench WHAT [flags] [args]\n\nMeasures throughput in-process and prints the figures.\n\n")
		names := make([]string, 0, len(benchCommands))
		for n := range benchCommands {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(os.Stderr, "  %-9s %s\n", n, benchCommands[n].summary)
		}
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	// The benchmark's name may come after its flags, as any argument may.
	for i, a := range args {
		if c, ok := benchCommands[a]; ok {
			return c.run(ctx, append(append([]string{}, args[:i]...), args[i+1:]...))
		}
	}
	return fmt.Errorf("no known benchmark in %q; run 'claimwire bench --help'", args)
}
