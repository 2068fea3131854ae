package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/claimwire/claimwire/pkg/redact"
	"github.com/claimwire/claimwire/services/fetcher/fetch"
)

func init() {
	register("feeds", "add, remove or list the feeds the fetcher follows (kept in JetStream KV)", runFeeds)
}

const feedsHelp = `Manages the run-time feed list in JetStream KV; a running fetcher picks up a
change within seconds. Feeds from 'up --feeds FILE' are listed once polled.

  claimwire feeds add URL...   follow these feeds
  claimwire feeds rm URL...    stop following these (KV list only; a --feeds file
                               entry stays until removed from the file)
  claimwire feeds ls [--json]  every feed with its last poll, next poll and last error`

func runFeeds(ctx context.Context, args []string) error {
	fs := newFlags("feeds", "add|rm|ls [flags] [URL...]", feedsHelp)
	var c connFlags
	c.register(fs)
	asJSON := fs.Bool("json", false, "ls: print JSON instead of a table")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	verb, urls := fs.Arg(0), fs.Args()[1:]
	switch verb {
	case "add", "rm", "ls":
	default:
		fmt.Fprintf(fs.Output(), "unknown feeds command %q: use add, rm or ls\n", verb)
		return errUsage
	}
	if (verb == "ls") != (len(urls) == 0) {
		fs.Usage()
		return errUsage
	}
	nc, js, topo, err := c.connect(ctx, "feeds")
	if err != nil {
		return err
	}
	defer nc.Close()
	switch verb {
	case "add":
		for _, u := range urls {
			err := fetch.AddFeed(ctx, js, topo, u)
			switch {
			case errors.Is(err, fetch.ErrFeedExists):
				fmt.Printf("already followed: %s\n", redact.URL(u))
			case err != nil:
				return err
			default:
				fmt.Printf("added %s\n", redact.URL(u))
			}
		}
	case "rm":
		for _, u := range urls {
			if err := fetch.RemoveFeed(ctx, js, topo, u); err != nil {
				return err
			}
			fmt.Printf("removed %s\n", redact.URL(u))
		}
	case "ls":
		list, err := fetch.ListFeeds(ctx, js, topo)
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(os.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(list)
		}
		printFeeds(os.Stdout, list, time.Now())
	}
	return nil
}

func printFeeds(w io.Writer, list []fetch.FeedInfo, now time.Time) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FEED\tLIST\tLAST SUCCESS\tNEXT POLL\tITEMS\tFAILURES\tLAST ERROR")
	for _, f := range list {
		src := "file"
		if f.InKV {
			src = "kv"
		}
		if f.State == nil {
			fmt.Fprintf(tw, "%s\t%s\tnever\tsoon\t-\t-\t-\n", f.URL, src)
			continue
		}
		s := f.State
		lastErr := "-"
		if s.LastError != "" {
			lastErr = feedProblem(s.LastError, s.LastErrorDetail)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%s\n", f.URL, src, ago(s.LastSuccess, now), until(s.NextPoll, now), s.Items, s.Failures, lastErr)
	}
	tw.Flush()
}

// maxErrorColumn keeps the LAST ERROR column readable; --json has it whole.
const maxErrorColumn = 72

// feedProblem is a feed's last error in a few words: its class, and the
// end of the error chain (the cause), with the flag to pass for the SSRF
// guard.
func feedProblem(class, detail string) string {
	var why string
	switch {
	case class == "ssrf_blocked":
		what, flag := blocked(detail)
		why = what + "; " + flag
	case class == "dns" && strings.Contains(detail, "no such host"):
		why = "host not found"
	default:
		why = lastCause(detail)
	}
	s := class + ": " + why
	if r := []rune(s); len(r) > maxErrorColumn {
		s = string(r[:maxErrorColumn-1]) + "…"
	}
	return s
}

// lastCause is the innermost message of a wrapped error's text
// ("feed U: get U: dial tcp A: connect: connection refused" → "connection
// refused"), or the text whole when it has no such chain.
func lastCause(detail string) string {
	if i := strings.LastIndex(detail, ": "); i >= 0 && i+2 < len(detail) {
		return detail[i+2:]
	}
	return detail
}

func ago(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return now.Sub(t).Round(time.Second).String() + " ago"
}

func until(t, now time.Time) string {
	if !t.After(now) {
		return "due"
	}
	return "in " + t.Sub(now).Round(time.Second).String()
}
