package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/claimwire/claimwire/pkg/config"
)

func init() {
	register("watch", "add, remove or list claim alerts (a speaker quoted, a new variant, a figure changed …)", runWatch)
}

const watchHelp = `Watches are standing questions about claims. The indexer evaluates them as it
commits each article's claims (not by polling) and fires an alert once per
watch and event: listed at /api/alerts and in the web UI (Alerts), published on
the JetStream subject alerts.<watch id> (stream ALERTS), and POSTed as JSON to
the watch's --webhook if it has one (retried with backoff; a webhook on a
private or loopback address needs the indexer's --webhook-allow-net).
A replay never fires an alert again.

  claimwire watch add --speaker "Some Name"        the speaker is quoted (spelling
                                                   variants of the name count)
  claimwire watch add --variant CLUSTER            a new wording of that cluster appears
  claimwire watch add --figure CLUSTER             the figure of that statistic cluster
                                                   changes (the alert has both figures)
  claimwire watch add --outlet A --first-by B      outlet A repeats a claim that
                                                   outlet B reported first
  claimwire watch add --query WORDS --min-outlets N
                                                   a claim with these words is reported
                                                   by N or more outlets
  claimwire watch ls [--alerts] [--json]           the watches (and their latest alerts)
  claimwire watch rm ID...                         remove watches (their alerts stay)

Cluster ids are in the web UI's cluster pages and in /api/clusters. add takes
--id NAME (lower-case letters, digits, - and _) to choose the subject
alerts.NAME; otherwise an id is generated and printed.`

// watchReq is the body of POST /api/watches.
type watchReq struct {
	ID         string `json:"id,omitempty"`
	Kind       string `json:"kind"`
	Speaker    string `json:"speaker,omitempty"`
	Cluster    string `json:"cluster,omitempty"`
	Outlet     string `json:"outlet,omitempty"`
	Source     string `json:"source,omitempty"`
	Query      string `json:"query,omitempty"`
	MinOutlets int    `json:"min_outlets,omitempty"`
	Webhook    string `json:"webhook,omitempty"`
	Note       string `json:"note,omitempty"`
}

// watchInfo is a watch as the API lists it.
type watchInfo struct {
	watchReq
	SpeakerKey string    `json:"speaker_key"`
	CreatedAt  time.Time `json:"created_at"`
}

type alertInfo struct {
	ID       string    `json:"id"`
	Watch    string    `json:"watch"`
	Kind     string    `json:"kind"`
	FiredAt  time.Time `json:"fired_at"`
	Summary  string    `json:"summary"`
	URL      string    `json:"url"`
	Delivery *struct {
		Published bool   `json:"published"`
		Webhook   string `json:"webhook"`
		Attempts  int    `json:"attempts"`
		LastError string `json:"last_error"`
	} `json:"delivery"`
}

func runWatch(ctx context.Context, args []string) error {
	return watchCmd(ctx, args, os.Stdout)
}

func watchCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("watch", "add|ls|rm [flags] [ID...]", watchHelp)
	var api string
	var req watchReq
	var figure, variant string
	config.String(fs, &api, "api", defaultAPI, "indexer API")
	fs.StringVar(&req.ID, "id", "", "add: the watch's id (alerts.ID); generated when absent")
	fs.StringVar(&req.Speaker, "speaker", "", "add: alert when this speaker is quoted")
	fs.StringVar(&variant, "variant", "", "add: alert when a new wording of this cluster appears")
	fs.StringVar(&figure, "figure", "", "add: alert when the figure of this statistic cluster changes")
	fs.StringVar(&req.Outlet, "outlet", "", "add: with --first-by, alert when this outlet repeats a claim")
	fs.StringVar(&req.Source, "first-by", "", "add: with --outlet, the outlet that reported the claim first")
	fs.StringVar(&req.Query, "query", "", "add: with --min-outlets, alert when a claim with these words …")
	fs.IntVar(&req.MinOutlets, "min-outlets", 0, "add: … is reported by this many outlets or more (at least 2)")
	fs.StringVar(&req.Webhook, "webhook", "", "add: POST each alert as JSON to this http(s) URL")
	fs.StringVar(&req.Note, "note", "", "add: a note shown with the watch")
	withAlerts := fs.Bool("alerts", false, "ls: also list the latest alerts")
	asJSON := fs.Bool("json", false, "ls: print JSON instead of tables")
	fs.SetOutput(out)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	verb, ids := fs.Arg(0), fs.Args()[1:]
	c := apiClient{base: strings.TrimRight(api, "/"), hc: &http.Client{Timeout: 10 * time.Second}}
	switch verb {
	case "add":
		if len(ids) > 0 {
			fmt.Fprintf(out, "watch add takes flags, not arguments (got %q)\n", ids)
			return errUsage
		}
		var kinds []string
		if req.Speaker != "" {
			req.Kind, kinds = "speaker", append(kinds, "--speaker")
		}
		if variant != "" {
			req.Kind, req.Cluster, kinds = "variant", variant, append(kinds, "--variant")
		}
		if figure != "" {
			req.Kind, req.Cluster, kinds = "figure", figure, append(kinds, "--figure")
		}
		if req.Outlet != "" || req.Source != "" {
			req.Kind, kinds = "repeat", append(kinds, "--outlet/--first-by")
		}
		if req.Query != "" || req.MinOutlets != 0 {
			req.Kind, kinds = "reach", append(kinds, "--query/--min-outlets")
		}
		if len(kinds) != 1 {
			fmt.Fprintf(out, "watch add needs exactly one of --speaker, --variant, --figure, --outlet with --first-by, --query with --min-outlets (got %d)\n", len(kinds))
			return errUsage
		}
		var w watchInfo
		if err := c.do(ctx, http.MethodPost, "/api/watches", req, &w); err != nil {
			return err
		}
		fmt.Fprintf(out, "added watch %s (%s): alerts at %s/api/alerts?watch=%s and on NATS subject alerts.%s\n",
			w.ID, describeWatch(w), c.base, url.QueryEscape(w.ID), w.ID)
	case "rm":
		if len(ids) == 0 {
			fs.Usage()
			return errUsage
		}
		for _, id := range ids {
			if err := c.do(ctx, http.MethodDelete, "/api/watches/"+url.PathEscape(id), nil, nil); err != nil {
				return err
			}
			fmt.Fprintf(out, "removed watch %s\n", id)
		}
	case "ls":
		if len(ids) > 0 {
			fs.Usage()
			return errUsage
		}
		var list struct {
			Watches []watchInfo `json:"watches"`
		}
		if err := c.do(ctx, http.MethodGet, "/api/watches", nil, &list); err != nil {
			return err
		}
		var alerts struct {
			Alerts []alertInfo `json:"alerts"`
		}
		if *withAlerts {
			if err := c.do(ctx, http.MethodGet, "/api/alerts?limit=20", nil, &alerts); err != nil {
				return err
			}
		}
		if *asJSON {
			enc := json.NewEncoder(out)
			enc.SetIndent("", "  ")
			if *withAlerts {
				return enc.Encode(map[string]any{"watches": list.Watches, "alerts": alerts.Alerts})
			}
			return enc.Encode(list)
		}
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tKIND\tWATCHES FOR\tWEBHOOK\tCREATED")
		for _, w := range list.Watches {
			hook := w.Webhook
			if hook == "" {
				hook = "-"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", w.ID, w.Kind, describeWatch(w), hook, w.CreatedAt.Format("2006-01-02 15:04"))
		}
		tw.Flush()
		if *withAlerts {
			fmt.Fprintln(out)
			tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "FIRED\tWATCH\tDELIVERY\tALERT")
			for _, a := range alerts.Alerts {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.FiredAt.Format("2006-01-02 15:04"), a.Watch, delivery(a), a.Summary)
			}
			tw.Flush()
		}
	default:
		fmt.Fprintf(out, "unknown watch command %q: use add, ls or rm\n", verb)
		return errUsage
	}
	return nil
}

// describeWatch says what a watch waits for, in a few words.
func describeWatch(w watchInfo) string {
	switch w.Kind {
	case "speaker":
		return fmt.Sprintf("%s quoted", w.Speaker)
	case "variant":
		return "new wording of cluster " + w.Cluster
	case "figure":
		return "figure of cluster " + w.Cluster + " changes"
	case "repeat":
		return fmt.Sprintf("%s repeats what %s reported first", w.Outlet, w.Source)
	case "reach":
		return fmt.Sprintf("%q reported by %d+ outlets", w.Query, w.MinOutlets)
	}
	return w.Kind
}

func delivery(a alertInfo) string {
	if a.Delivery == nil {
		return "-"
	}
	s := "pending"
	if a.Delivery.Published {
		s = "published"
	}
	if a.Delivery.Webhook != "" {
		s += ", webhook " + a.Delivery.Webhook
		if a.Delivery.Attempts > 1 {
			s += fmt.Sprintf(" (%d attempts)", a.Delivery.Attempts)
		}
	}
	return s
}

// apiClient calls the indexer's JSON API.
type apiClient struct {
	base string
	hc   *http.Client
}

func (c apiClient) do(ctx context.Context, method, path string, body, into any) error {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, r)
	if err != nil {
		return fmt.Errorf("api %s: %w", c.base, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("%w\n(is the indexer running? start it with 'claimwire up', or point --api at it)", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode >= 300 {
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(b, &e) == nil && e.Error != "" {
			return fmt.Errorf("%s", strings.TrimPrefix(strings.TrimPrefix(e.Error, "store: bad query: "), "store: "))
		}
		return fmt.Errorf("%s %s: HTTP %d", method, path, resp.StatusCode)
	}
	if into != nil {
		if err := json.Unmarshal(b, into); err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	return nil
}
