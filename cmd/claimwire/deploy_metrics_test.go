package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"go.yaml.in/yaml/v4"

	"github.com/claimwire/claimwire/pkg/contract"
)

// A made-up article (not one of the shared samples) with quotes, reported
// speech and a figure, so that every stage has something to count.
const deployFixtureArticle = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour council approves new ferry schedule | Coastline Herald</title>
<meta property="og:site_name" content="Coastline Herald">
<meta property="article:published_time" content="2026-03-04T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Harbour council approves new ferry schedule</h1>
<p class="byline">By Mara Quint</p>
<p>The harbour council on Tuesday approved a ferry timetable that adds 14 crossings a day between the two piers, after months of complaints from commuters about crowded boats.</p>
<p>"We listened to the people who stand on that pier every morning, and this schedule is the answer," council chair Tomas Reyl told reporters after the vote.</p>
<p>Reyl said the extra crossings would cost the city about 2.3 million dollars a year, most of it paid from the port fees collected from cruise operators.</p>
<p>Opposition councillor Ines Korhonen said the plan ignored the evening routes. "The late boats are still a gamble for anyone working a night shift," she said.</p>
<p>According to the port authority, more than 9,000 passengers used the ferry on an average weekday last year, up from 6,500 five years earlier.</p>
<p>The new timetable takes effect on the first Monday of next month, the council said in a statement.</p>
</article>
<footer>© Coastline Herald. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>`

// startUpWithTraffic runs `claimwire up` with the fetcher polling a local
// feed (one article), plus one malformed page so that the cleaner
// dead-letters something: afterwards every metric family has samples.
func startUpWithTraffic(t *testing.T) (api string) {
	t.Helper()
	mux := http.NewServeMux()
	var srvURL string
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Coastline Herald</title><link>%[1]s/</link>
<item><title>Harbour council approves new ferry schedule</title><link>%[1]s/news/ferry-schedule</link><pubDate>Wed, 04 Mar 2026 08:00:00 GMT</pubDate></item>
</channel></rss>`, srvURL)
	})
	mux.HandleFunc("/news/ferry-schedule", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, deployFixtureArticle)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	srvURL = srv.URL
	feeds := filepath.Join(t.TempDir(), "feeds.txt")
	if err := os.WriteFile(feeds, []byte(srv.URL+"/feed.xml\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c := upConfig{}
	fetchArgs(t, &c, "--feeds", feeds, "--allow-net", "127.0.0.0/8", "--rate", "20")
	api, natsURL := startUp(t, c)

	// A page that is not a page envelope: the cleaner must dead-letter it.
	nc, err := nats.Connect(natsURL)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := js.Publish(ctx, contract.SubjectPages, []byte("{not json")); err != nil {
		t.Fatalf("publish malformed page: %v", err)
	}
	return api
}

// scrapeFamilies reads /metrics into metric families.
func scrapeFamilies(t *testing.T, api string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(api + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// seriesNames are the names a PromQL query can select: a histogram's
// _bucket, _sum and _count, a summary's _sum and _count.
func seriesNames(fams map[string]*dto.MetricFamily) map[string]bool {
	names := map[string]bool{}
	for n, f := range fams {
		switch f.GetType() {
		case dto.MetricType_HISTOGRAM:
			names[n+"_bucket"], names[n+"_sum"], names[n+"_count"] = true, true, true
		case dto.MetricType_SUMMARY:
			names[n], names[n+"_sum"], names[n+"_count"] = true, true, true
		default:
			names[n] = true
		}
	}
	return names
}

var (
	promString = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|` + "`[^`]*`")
	promIdent  = regexp.MustCompile(`[A-Za-z_:][A-Za-z0-9_:]*`)
)

// metricRefs returns the metric names an expression selects that belong to
// the services (claimwire_*, go_*, process_*) and the recording-rule names
// (claimwire:*) it reads.
func metricRefs(expr string) (exported, recorded []string) {
	for _, id := range promIdent.FindAllString(promString.ReplaceAllString(expr, `""`), -1) {
		switch {
		case strings.HasPrefix(id, "claimwire:"):
			recorded = append(recorded, id)
		case strings.HasPrefix(id, "claimwire_"), strings.HasPrefix(id, "go_"), strings.HasPrefix(id, "process_"):
			exported = append(exported, id)
		}
	}
	return exported, recorded
}

type ruleFile struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Record string `yaml:"record"`
			Alert  string `yaml:"alert"`
			Expr   string `yaml:"expr"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

// ruleExprs returns the expressions of deploy/prometheus/rules (by rule
// name) and the recording rules they define.
func ruleExprs(t *testing.T) (exprs map[string]string, records map[string]bool) {
	t.Helper()
	exprs, records = map[string]string{}, map[string]bool{}
	files, _ := filepath.Glob(filepath.Join(repoRoot, "deploy/prometheus/rules/*.yml"))
	if len(files) == 0 {
		t.Fatal("no rule files in deploy/prometheus/rules")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var rf ruleFile
		if err := yaml.Unmarshal(b, &rf); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, g := range rf.Groups {
			for _, r := range g.Rules {
				name := r.Alert
				if r.Record != "" {
					name = r.Record
					records[r.Record] = true
				}
				exprs[filepath.Base(f)+": "+name] = r.Expr
			}
		}
	}
	return exprs, records
}

type grafanaDashboard struct {
	UID        string         `json:"uid"`
	Panels     []grafanaPanel `json:"panels"`
	Templating struct {
		List []struct {
			Name  string `json:"name"`
			Query any    `json:"query"`
		} `json:"list"`
	} `json:"templating"`
}

type grafanaPanel struct {
	ID         int    `json:"id"`
	Type       string `json:"type"`
	Title      string `json:"title"`
	Datasource *struct {
		Type string `json:"type"`
		UID  string `json:"uid"`
	} `json:"datasource"`
	GridPos struct{ H, W, X, Y int } `json:"gridPos"`
	Targets []struct {
		Expr       string `json:"expr"`
		Datasource *struct {
			UID string `json:"uid"`
		} `json:"datasource"`
	} `json:"targets"`
}

func loadDashboard(t *testing.T) grafanaDashboard {
	t.Helper()
	var d grafanaDashboard
	if err := json.Unmarshal([]byte(readRepoFile(t, "deploy/grafana/dashboards/claimwire.json")), &d); err != nil {
		t.Fatalf("dashboard JSON: %v", err)
	}
	return d
}

// dashboardExprs returns every query of the dashboard by panel title.
func dashboardExprs(t *testing.T) map[string]string {
	d := loadDashboard(t)
	exprs := map[string]string{}
	for _, p := range d.Panels {
		for i, tg := range p.Targets {
			exprs[fmt.Sprintf("panel %q query %d", p.Title, i)] = tg.Expr
		}
	}
	for _, v := range d.Templating.List {
		if q, ok := v.Query.(map[string]any); ok {
			exprs["variable "+v.Name], _ = q["query"].(string)
		}
	}
	return exprs
}

// Every metric the alert rules and the dashboard query is one the running
// pipeline exports, and every claimwire metric it exports is on the dashboard.
func TestDeployMetricsExported(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the pipeline")
	}
	api := startUpWithTraffic(t)
	// Vectors only show once they have a child: wait for the traffic to reach
	// the extractor and the dead letter to be counted.
	need := []string{"claimwire_extractor_articles_total", "claimwire_extractor_claims_total", "claimwire_stage_dead_letters_total",
		"claimwire_indexer_claimsets_total", "claimwire_fetcher_request_duration_seconds", "claimwire_consumer_pending_messages", "claimwire_stream_messages"}
	var fams map[string]*dto.MetricFamily
	deadline := time.Now().Add(90 * time.Second)
	for {
		fams = scrapeFamilies(t, api)
		missing := slices.DeleteFunc(slices.Clone(need), func(n string) bool { return fams[n] != nil })
		if len(missing) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 90 s /metrics still lacks %v", missing)
		}
		time.Sleep(500 * time.Millisecond)
	}
	exported := seriesNames(fams)

	ruleQ, records := ruleExprs(t)
	dashQ := dashboardExprs(t)
	used := map[string]bool{}
	for _, src := range []map[string]string{ruleQ, dashQ} {
		for where, expr := range src {
			ex, rec := metricRefs(expr)
			if len(ex)+len(rec) == 0 && !strings.Contains(expr, "ALERTS") && !strings.Contains(expr, "up{") {
				t.Errorf("%s: %q selects no claimwire metric", where, expr)
			}
			for _, n := range ex {
				used[n] = true
				if !exported[n] {
					t.Errorf("%s uses %s, which the services do not export", where, n)
				}
			}
			for _, n := range rec {
				if !records[n] {
					t.Errorf("%s uses %s, which no recording rule defines", where, n)
				}
			}
		}
	}
	// Recording rules count as use of what they read.
	for name := range fams {
		if !strings.HasPrefix(name, "claimwire_") {
			continue
		}
		sel := []string{name}
		if fams[name].GetType() == dto.MetricType_HISTOGRAM {
			sel = []string{name + "_bucket", name + "_sum", name + "_count"}
		}
		if !slices.ContainsFunc(sel, func(s string) bool { return used[s] }) {
			t.Errorf("%s is exported but neither the dashboard nor a rule shows it", name)
		}
	}
	// The recording rules read the alerts' inputs; check each is used.
	for r := range records {
		found := false
		for _, src := range []map[string]string{ruleQ, dashQ} {
			for _, e := range src {
				if _, rec := metricRefs(e); slices.Contains(rec, r) {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("recording rule %s is used by no alert or panel", r)
		}
	}
}

// The reference extraction itself: a made-up query with every kind of token.
func TestDeployMetricRefs(t *testing.T) {
	for _, tc := range []struct {
		expr         string
		wantExported []string
		wantRecorded []string
	}{
		{`sum by (stage) (rate(claimwire_stage_messages_total{result="ok"}[5m]))`, []string{"claimwire_stage_messages_total"}, nil},
		{`histogram_quantile(0.9, sum by (le) (rate(claimwire_stage_processing_seconds_bucket[5m])))`, []string{"claimwire_stage_processing_seconds_bucket"}, nil},
		{`claimwire:extractor_yield:ratio6h < 0.3 * claimwire:extractor_yield:ratio7d and on (outlet) process_resident_memory_bytes`, []string{"process_resident_memory_bytes"}, []string{"claimwire:extractor_yield:ratio6h", "claimwire:extractor_yield:ratio7d"}},
		{`count(ALERTS{alertname=~"claimwire_fake.*"})`, nil, nil},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			ex, rec := metricRefs(tc.expr)
			if !slices.Equal(ex, tc.wantExported) || !slices.Equal(rec, tc.wantRecorded) {
				t.Errorf("metricRefs = %v, %v; want %v, %v", ex, rec, tc.wantExported, tc.wantRecorded)
			}
		})
	}
}

// The dashboard is well-formed for provisioning: a stable uid, unique panel
// ids, every query on the provisioned datasource, panels inside the grid.
func TestDeployGrafanaDashboard(t *testing.T) {
	d := loadDashboard(t)
	var ds struct {
		Datasources []struct {
			UID  string `yaml:"uid"`
			Type string `yaml:"type"`
			URL  string `yaml:"url"`
		} `yaml:"datasources"`
	}
	if err := yaml.Unmarshal([]byte(readRepoFile(t, "deploy/grafana/provisioning/datasources/prometheus.yml")), &ds); err != nil {
		t.Fatal(err)
	}
	if len(ds.Datasources) != 1 || ds.Datasources[0].Type != "prometheus" || ds.Datasources[0].URL != "http://prometheus:9090" {
		t.Fatalf("datasources = %+v, want the compose prometheus", ds.Datasources)
	}
	uid := ds.Datasources[0].UID
	if d.UID == "" {
		t.Error("dashboard has no uid")
	}
	ids := map[int]bool{}
	queries := 0
	for _, p := range d.Panels {
		if ids[p.ID] {
			t.Errorf("panel id %d repeats", p.ID)
		}
		ids[p.ID] = true
		if p.GridPos.X < 0 || p.GridPos.W <= 0 || p.GridPos.X+p.GridPos.W > 24 || p.GridPos.H <= 0 {
			t.Errorf("panel %q gridPos %+v out of the 24-column grid", p.Title, p.GridPos)
		}
		if p.Type == "row" {
			continue
		}
		if p.Datasource == nil || p.Datasource.UID != uid {
			t.Errorf("panel %q datasource %+v, want uid %s", p.Title, p.Datasource, uid)
		}
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
		for _, tg := range p.Targets {
			queries++
			if strings.TrimSpace(tg.Expr) == "" || (tg.Datasource != nil && tg.Datasource.UID != uid) {
				t.Errorf("panel %q: query %q on %+v", p.Title, tg.Expr, tg.Datasource)
			}
		}
	}
	// The provider loads the folder compose mounts the dashboards into.
	var prov struct {
		Providers []struct {
			Options struct {
				Path string `yaml:"path"`
			} `yaml:"options"`
		} `yaml:"providers"`
	}
	if err := yaml.Unmarshal([]byte(readRepoFile(t, "deploy/grafana/provisioning/dashboards/claimwire.yml")), &prov); err != nil {
		t.Fatal(err)
	}
	if len(prov.Providers) != 1 || prov.Providers[0].Options.Path != "/etc/grafana/dashboards" {
		t.Errorf("dashboard provider %+v, want path /etc/grafana/dashboards", prov.Providers)
	}
	if queries < 20 {
		t.Errorf("dashboard has only %d queries", queries)
	}
}
