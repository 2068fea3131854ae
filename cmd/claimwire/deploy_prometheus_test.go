package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v4"
)

// needBinary returns the path of a tool, or skips the test with a message
// (CI's .ci/run installs Debian's prometheus package, which has both).
func needBinary(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not installed (apt-get install prometheus): %v", name, err)
	}
	return p
}

// prometheusScrapePorts maps each job of deploy/prometheus/prometheus.yml to
// the port it scrapes.
func prometheusScrapePorts(t *testing.T) map[string]string {
	t.Helper()
	var cfg struct {
		ScrapeConfigs []struct {
			JobName      string `yaml:"job_name"`
			DNSSDConfigs []struct {
				Names []string `yaml:"names"`
				Port  int      `yaml:"port"`
			} `yaml:"dns_sd_configs"`
		} `yaml:"scrape_configs"`
	}
	if err := yaml.Unmarshal([]byte(readRepoFile(t, "deploy/prometheus/prometheus.yml")), &cfg); err != nil {
		t.Fatal(err)
	}
	ports := map[string]string{}
	for _, sc := range cfg.ScrapeConfigs {
		for _, d := range sc.DNSSDConfigs {
			for _, n := range d.Names {
				if n != sc.JobName {
					t.Errorf("job %s discovers %s: job and compose service names must match (alerts group by job)", sc.JobName, n)
				}
				ports[n] = fmt.Sprint(d.Port)
			}
		}
	}
	return ports
}

func TestDeployPromtool(t *testing.T) {
	promtool := needBinary(t, "promtool")
	dir := filepath.Join(repoRoot, "deploy", "prometheus")
	tests, _ := filepath.Glob(filepath.Join(dir, "tests", "*.yml"))
	if len(tests) == 0 {
		t.Fatal("no promtool rule tests in deploy/prometheus/tests")
	}
	rules, _ := filepath.Glob(filepath.Join(dir, "rules", "*.yml"))
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"check config", []string{"check", "config", "prometheus.yml"}},
		{"check rules", append([]string{"check", "rules"}, relTo(t, dir, rules)...)},
		{"test rules", append([]string{"test", "rules"}, relTo(t, dir, tests)...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(promtool, tc.args...)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("promtool %s: %v\n%s", strings.Join(tc.args, " "), err, out)
			}
		})
	}
}

func relTo(t *testing.T, dir string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		r, err := filepath.Rel(dir, p)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = r
	}
	return out
}

// A real Prometheus scrapes a running `claimwire up`, evaluates the deploy
// rules on its metrics, and answers queries for them.
func TestDeployPrometheusScrapesPipeline(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the pipeline and prometheus")
	}
	bin := needBinary(t, "prometheus")
	api, _ := startUp(t, upConfig{})
	target := strings.TrimPrefix(api, "http://")

	rules, err := filepath.Abs(filepath.Join(repoRoot, "deploy/prometheus/rules/claimwire.yml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := fmt.Sprintf(`global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [%q]
scrape_configs:
  - job_name: indexer
    static_configs:
      - targets: [%q]
`, rules, target)
	cfgPath := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin,
		"--config.file="+cfgPath,
		"--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr,
		"--log.level=warn",
	)
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("start prometheus: %v", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		cancel()
		<-done
		if t.Failed() {
			t.Logf("prometheus output:\n%s", logs.String())
		}
	})
	base := "http://" + addr

	// claimwire_build_info, scraped from the pipeline with its labels.
	res := waitQuery(t, base, "claimwire_build_info", done, func(r []promSample) bool { return len(r) > 0 })
	if r := res[0]; r.Metric["job"] != "indexer" || r.Metric["version"] == "" || !strings.HasPrefix(r.Metric["goversion"], "go") || r.Value[1] != "1" {
		t.Errorf("claimwire_build_info = %+v", r)
	}
	// A recording rule of deploy/ computed from the pipeline's own gauges:
	// one backlog series per consuming stage.
	res = waitQuery(t, base, "claimwire:consumer_backlog_messages:max", done, func(r []promSample) bool { return len(r) >= 3 })
	stages := map[string]bool{}
	for _, r := range res {
		stages[r.Metric["stage"]] = true
	}
	for _, s := range []string{"cleaner", "extractor", "indexer"} {
		if !stages[s] {
			t.Errorf("claimwire:consumer_backlog_messages:max has no stage %s: %+v", s, res)
		}
	}
	// Every rule group evaluates without error on real data.
	var rr struct {
		Data struct {
			Groups []struct {
				Name  string `json:"name"`
				Rules []struct {
					Name      string `json:"name"`
					Health    string `json:"health"`
					LastError string `json:"lastError"`
				} `json:"rules"`
			} `json:"groups"`
		} `json:"data"`
	}
	promGet(t, base+"/api/v1/rules", &rr)
	n := 0
	for _, g := range rr.Data.Groups {
		for _, r := range g.Rules {
			n++
			if r.Health == "err" {
				t.Errorf("rule %s/%s: %s", g.Name, r.Name, r.LastError)
			}
		}
	}
	if n == 0 {
		t.Error("prometheus loaded no rules from deploy/prometheus/rules")
	}
}

type promSample struct {
	Metric map[string]string `json:"metric"`
	Value  [2]any            `json:"value"`
}

func waitQuery(t *testing.T, base, q string, exited <-chan struct{}, ok func([]promSample) bool) []promSample {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var resp struct {
			Status string `json:"status"`
			Data   struct {
				Result []promSample `json:"result"`
			} `json:"data"`
		}
		if promTryGet(base+"/api/v1/query?query="+url.QueryEscape(q), &resp) == nil && resp.Status == "success" && ok(resp.Data.Result) {
			return resp.Data.Result
		}
		select {
		case <-exited:
			t.Fatalf("prometheus exited before answering %s", q)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("query %s: no satisfying answer in 60 s (last %+v)", q, resp.Data.Result)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

func promTryGet(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func promGet(t *testing.T, u string, v any) {
	t.Helper()
	if err := promTryGet(u, v); err != nil {
		t.Fatal(err)
	}
}

// freeAddr finds a free loopback port (prometheus takes no port 0).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
