package main

import (
	"context"
	"fmt"
	"os"

	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/cleaner/clean"
	"github.com/claimwire/claimwire/services/extractor/extract"
)

func init() {
	register("version", "print the version of this binary and of its cleaner and extractor (also --version)", runVersion)
}

func runVersion(ctx context.Context, args []string) error {
	fs := newFlags("version", "", "Prints the claimwire version and Go version (the labels of the claimwire_build_info metric),\n"+
		"the VCS revision when the build recorded one, and the cleaner and extractor versions that\n"+
		"articles and claim sets are stamped with.")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(os.Stdout, versionText())
	return nil
}

func versionText() string {
	return fmt.Sprintf("%s\ncleaner %s, extractor %s", service.BuildInfo("claimwire"), clean.Version, extract.Version)
}
