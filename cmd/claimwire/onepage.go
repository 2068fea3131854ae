package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/claimwire/claimwire/services/cleaner/clean"
	"github.com/claimwire/claimwire/services/extractor/extract"
)

func init() {
	register("clean", "clean one page (HTML or text) into Article JSON", runClean)
	register("extract", "clean and extract one page into ClaimSet JSON", runExtract)
}

// readPage reads FILE or - (stdin) for the one-page commands.
func readPage(fs interface {
	NArg() int
	Arg(int) string
}) ([]byte, string, error) {
	if fs.NArg() != 1 {
		return nil, "", fmt.Errorf("need exactly one FILE (or - for stdin)")
	}
	name := fs.Arg(0)
	if name == "-" {
		b, err := io.ReadAll(os.Stdin)
		if err == nil {
			b, err = gunzipped(b)
		}
		return b, "", err
	}
	b, err := readFile(name)
	if err != nil {
		return nil, "", err
	}
	return b, contentTypeFor(name), nil
}

// contentTypeFor guesses a content type from a file name; the cleaner sniffs
// when it is empty.
func contentTypeFor(name string) string {
	switch strings.ToLower(filepath.Ext(strings.TrimSuffix(name, ".gz"))) {
	case ".html", ".htm", ".xhtml":
		return "text/html"
	case ".txt", ".text":
		return "text/plain"
	}
	return ""
}

func cleanOne(ctx context.Context, name string, args []string, desc string) (clean.Input, error) {
	fs := newFlags(name, "[--url URL] FILE|-", desc)
	url := fs.String("url", "", "the page's URL (sets the article id and the outlet)")
	if err := parse(fs, args); err != nil {
		return clean.Input{}, err
	}
	body, ct, err := readPage(fs)
	if err != nil {
		return clean.Input{}, err
	}
	return clean.Input{Body: body, ContentType: ct, URL: *url}, nil
}

func runClean(ctx context.Context, args []string) error {
	in, err := cleanOne(ctx, "clean", args, "Cleans one page into an Article (JSON on stdout), with the same code as the cleaner service.")
	if err != nil {
		return err
	}
	art, err := clean.Page(in)
	if err != nil {
		return err
	}
	return printJSON(art)
}

func runExtract(ctx context.Context, args []string) error {
	in, err := cleanOne(ctx, "extract", args, "Cleans one page and extracts its claims into a ClaimSet (JSON on stdout), with the same code as the cleaner and extractor services.")
	if err != nil {
		return err
	}
	art, err := clean.Page(in)
	if err != nil {
		return err
	}
	return printJSON(extract.Extract(art))
}

func printJSON(v any) error {
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
