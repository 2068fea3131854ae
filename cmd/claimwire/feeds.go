package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/claimwire/claimwire/services/fetcher/fetch"
)

func init() {
	register("feeds", "add, remove or list the feeds the fetcher follows (kept in JetStream KV)", runFeeds)
}

const feedsHelp = `Manages the run-time feed list in JetStream KV; a running fetcher picks up a
change within seconds. Feeds from 'up --feeds FILE' are listed once polled.

  claimwire feeds add URL...   follow these feeds
  claimwire feeds rm URL...    stop following these (KV list only)
  claimwire feeds ls [--json]  every feed with its last poll, next poll and last error`

func runFeeds(ctx context.Context, args []string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "rm" && args[0] != "ls") {
		fmt.Fprintf(os.Stderr, "Usage: claimwire feeds add|rm|ls [flags] [URL...]\n\n%s\n", feedsHelp)
		return errUsage
	}
	verb := args[0]
	fs := newFlags("feeds "+verb, "[flags] [URL...]", feedsHelp)
	var c connFlags
	c.register(fs)
	asJSON := fs.Bool("json", false, "ls: print JSON instead of a table")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	urls := fs.Args()
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
			if err := fetch.AddFeed(ctx, js, topo, u); err != nil {
				return err
			}
			fmt.Printf("added %s\n", u)
		}
	case "rm":
		for _, u := range urls {
			if err := fetch.RemoveFeed(ctx, js, topo, u); err != nil {
				return err
			}
			fmt.Printf("removed %s\n", u)
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
			lastErr = s.LastError + ": " + s.LastErrorDetail
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%s\n", f.URL, src, ago(s.LastSuccess, now), until(s.NextPoll, now), s.Items, s.Failures, lastErr)
	}
	tw.Flush()
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
