package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// repoRoot is where docker-compose.yml, .env.example and deploy/ live.
const repoRoot = "../.."

// claimwireServices are the compose services built from services/<name>,
// with the port their /metrics listens on (CLAIMWIRE_HTTP_ADDR).
var claimwireServices = map[string]string{"fetcher": "9101", "cleaner": "9102", "extractor": "9103", "indexer": "8080"}

// loadCompose loads compose files the way `docker compose` does, with
// .env.example as the .env and every profile enabled; extra options (a
// project name, say) come after those.
func loadCompose(t *testing.T, env []string, files []string, extra ...cli.ProjectOptionsFn) (*types.Project, error) {
	t.Helper()
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = filepath.Join(repoRoot, f)
	}
	opts, err := cli.NewProjectOptions(paths, append([]cli.ProjectOptionsFn{
		cli.WithWorkingDirectory(repoRoot),
		cli.WithEnv(env),
		cli.WithEnvFiles(filepath.Join(repoRoot, ".env.example")),
		cli.WithDotEnv,
		cli.WithProfiles([]string{"*"}),
		cli.WithResolvedPaths(true),
	}, extra...)...)
	if err != nil {
		t.Fatalf("compose options: %v", err)
	}
	return cli.ProjectFromOptions(context.Background(), opts)
}

func mustLoadCompose(t *testing.T, files ...string) *types.Project {
	t.Helper()
	p, err := loadCompose(t, nil, files)
	if err != nil {
		t.Fatalf("load %v: %v", files, err)
	}
	return p
}

func composeService(t *testing.T, p *types.Project, name string) types.ServiceConfig {
	t.Helper()
	s, ok := p.Services[name]
	if !ok {
		t.Fatalf("compose: no service %q (have %v)", name, slices.Sorted(func(yield func(string) bool) {
			for n := range p.Services {
				if !yield(n) {
					return
				}
			}
		}))
	}
	return s
}

// pinnedImage: a registry image with an explicit version tag (digits in it)
// or a digest — never untagged or :latest.
var pinnedImage = regexp.MustCompile(`^[a-z0-9./_-]+(:[A-Za-z0-9._-]*[0-9][A-Za-z0-9._-]*)(@sha256:[0-9a-f]{64})?$|^[a-z0-9./_-]+@sha256:[0-9a-f]{64}$`)

func TestDeployComposeServices(t *testing.T) {
	p := mustLoadCompose(t, "docker-compose.yml")
	want := []string{"claimwire", "cleaner", "extractor", "fetcher", "grafana", "indexer", "nats", "postgres", "prometheus"}
	var got []string
	for n := range p.Services {
		got = append(got, n)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("services = %v, want %v", got, want)
	}
	stages := dockerfileStages(t)
	for name, s := range p.Services {
		t.Run(name, func(t *testing.T) {
			// Every image is built from this repo or pinned.
			if s.Build != nil {
				if s.Build.Context != mustAbs(t, repoRoot) {
					t.Errorf("build context %s, want the repo root", s.Build.Context)
				}
				df := filepath.Join(s.Build.Context, s.Build.Dockerfile)
				if _, err := os.Stat(df); err != nil {
					t.Errorf("dockerfile: %v", err)
				}
				if !slices.Contains(stages, s.Build.Target) {
					t.Errorf("build target %q is not a stage of deploy/Dockerfile %v", s.Build.Target, stages)
				}
			} else if !pinnedImage.MatchString(s.Image) {
				t.Errorf("image %q is neither built from this repo nor pinned to a version", s.Image)
			}
			if slices.Contains(s.Profiles, "tools") {
				return // run on demand: no restart policy or healthcheck needed
			}
			if s.Restart != types.RestartPolicyUnlessStopped && s.Restart != types.RestartPolicyAlways {
				t.Errorf("restart = %q, want unless-stopped or always", s.Restart)
			}
			if s.HealthCheck == nil || s.HealthCheck.Disable || len(s.HealthCheck.Test) < 2 {
				t.Errorf("no healthcheck: %+v", s.HealthCheck)
			}
			if s.HealthCheck != nil && s.HealthCheck.Interval == nil {
				t.Errorf("healthcheck without interval")
			}
			for _, v := range s.Volumes {
				if v.Type == types.VolumeTypeBind {
					if _, err := os.Stat(v.Source); err != nil {
						t.Errorf("bind mount source: %v", err)
					}
				}
			}
		})
	}
}

func TestDeployComposeClaimwireServices(t *testing.T) {
	p := mustLoadCompose(t, "docker-compose.yml")
	entrypoints := dockerfileEntrypoints(t)
	scrape := prometheusScrapePorts(t)
	for name, port := range claimwireServices {
		t.Run(name, func(t *testing.T) {
			s := composeService(t, p, name)
			if s.Build == nil || s.Build.Target != name {
				t.Fatalf("build = %+v, want target %s", s.Build, name)
			}
			// The image has no curl: the healthcheck runs the binary's own probe.
			wantHC := []string{"CMD", entrypoints[name], "--healthcheck"}
			if s.HealthCheck == nil || !slices.Equal([]string(s.HealthCheck.Test), wantHC) {
				t.Errorf("healthcheck %v, want %v", s.HealthCheck, wantHC)
			}
			env := func(k string) string {
				v := s.Environment[k]
				if v == nil {
					t.Errorf("environment has no %s", k)
					return ""
				}
				return *v
			}
			if got := env("CLAIMWIRE_HTTP_ADDR"); got != ":"+port {
				t.Errorf("CLAIMWIRE_HTTP_ADDR = %q, want :%s", got, port)
			}
			if scrape[name] != port {
				t.Errorf("prometheus scrapes %s on port %q, the service listens on %s", name, scrape[name], port)
			}
			if got := env("CLAIMWIRE_NATS_URL"); got != "nats://nats:4222" {
				t.Errorf("CLAIMWIRE_NATS_URL = %q", got)
			}
			// Drain: in-flight messages finish within the ack wait, so the
			// grace period must outlast it (plus shutdown slack). The
			// fetcher's requests are bounded by their 30 s timeout.
			ackWait := 30 * time.Second
			if name != "fetcher" {
				var err error
				if ackWait, err = time.ParseDuration(env("CLAIMWIRE_ACK_WAIT")); err != nil {
					t.Fatalf("CLAIMWIRE_ACK_WAIT: %v", err)
				}
			}
			if s.StopGracePeriod == nil || time.Duration(*s.StopGracePeriod) < max(45*time.Second, ackWait+15*time.Second) {
				t.Errorf("stop_grace_period %v too short for ack wait %v", s.StopGracePeriod, ackWait)
			}
			maxMsg, err := strconv.Atoi(env("CLAIMWIRE_MAX_MSG_BYTES"))
			if err != nil {
				t.Fatalf("CLAIMWIRE_MAX_MSG_BYTES: %v", err)
			}
			if mp := natsMaxPayload(t, "deploy/nats/nats.conf"); int64(maxMsg) > int64(mp) {
				t.Errorf("CLAIMWIRE_MAX_MSG_BYTES %d exceeds the server's max_payload %d", maxMsg, mp)
			}
			if d, ok := s.DependsOn["nats"]; !ok || d.Condition != types.ServiceConditionHealthy {
				t.Errorf("depends_on nats = %+v, want service_healthy", d)
			}
		})
	}
	idx := composeService(t, p, "indexer")
	if d, ok := idx.DependsOn["postgres"]; !ok || d.Condition != types.ServiceConditionHealthy {
		t.Errorf("indexer depends_on postgres = %+v, want service_healthy", d)
	}
	if db := idx.Environment["CLAIMWIRE_DB"]; db == nil || !strings.HasPrefix(*db, "postgres://") || !strings.Contains(*db, "@postgres:5432/") {
		t.Errorf("indexer CLAIMWIRE_DB = %v, want the compose postgres", db)
	}
}

func TestDeployComposeVolumes(t *testing.T) {
	p := mustLoadCompose(t, "docker-compose.yml")
	for _, tc := range []struct{ service, target string }{
		{"nats", natsStoreDir(t, "deploy/nats/nats.conf")},
		{"postgres", "/var/lib/postgresql/data"},
		{"prometheus", "/prometheus"},
		{"grafana", "/var/lib/grafana"},
	} {
		t.Run(tc.service, func(t *testing.T) {
			s := composeService(t, p, tc.service)
			i := slices.IndexFunc(s.Volumes, func(v types.ServiceVolumeConfig) bool { return v.Target == tc.target })
			if i < 0 {
				t.Fatalf("no volume at %s: %+v", tc.target, s.Volumes)
			}
			v := s.Volumes[i]
			if v.Type != types.VolumeTypeVolume {
				t.Fatalf("%s is a %s mount, want a named volume", tc.target, v.Type)
			}
			if _, ok := p.Volumes[v.Source]; !ok {
				t.Errorf("volume %q is not declared", v.Source)
			}
		})
	}
	// The config files the containers read are the ones in deploy/.
	for _, tc := range []struct{ service, target, source string }{
		{"nats", "/etc/nats", "deploy/nats"}, // nats.conf and the auth.conf it includes
		{"prometheus", "/etc/prometheus", "deploy/prometheus"},
		{"grafana", "/etc/grafana/provisioning", "deploy/grafana/provisioning"},
		{"grafana", "/etc/grafana/dashboards", "deploy/grafana/dashboards"},
	} {
		s := composeService(t, p, tc.service)
		i := slices.IndexFunc(s.Volumes, func(v types.ServiceVolumeConfig) bool { return v.Target == tc.target })
		if i < 0 || s.Volumes[i].Source != mustAbs(t, filepath.Join(repoRoot, tc.source)) || !s.Volumes[i].ReadOnly {
			t.Errorf("%s: want %s mounted read-only at %s, have %+v", tc.service, tc.source, tc.target, s.Volumes)
		}
	}
	// nats runs with the mounted config.
	if cmd := composeService(t, p, "nats").Command; !slices.Contains([]string(cmd), "/etc/nats/nats.conf") {
		t.Errorf("nats command %v does not load /etc/nats/nats.conf", cmd)
	}
}

// Secrets have no defaults: without them the project does not load.
func TestDeployComposeRequiresSecrets(t *testing.T) {
	opts, err := cli.NewProjectOptions([]string{filepath.Join(repoRoot, "docker-compose.yml")},
		cli.WithWorkingDirectory(repoRoot), cli.WithEnv(nil), cli.WithProfiles([]string{"*"}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cli.ProjectFromOptions(context.Background(), opts); err == nil || !strings.Contains(err.Error(), "POSTGRES_PASSWORD") {
		t.Fatalf("load without .env: err = %v, want a missing POSTGRES_PASSWORD", err)
	}
}

// Every variable docker-compose.yml reads is documented in .env.example.
func TestDeployEnvExampleCoversCompose(t *testing.T) {
	example := readRepoFile(t, ".env.example")
	documented := map[string]bool{}
	for _, line := range strings.Split(example, "\n") {
		if k, _, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(k, "#") {
			documented[strings.TrimSpace(k)] = true
		}
	}
	ref := regexp.MustCompile(`\$\{([A-Z0-9_]+)`)
	for _, f := range []string{"docker-compose.yml", "deploy/nats-cluster/compose.yml"} {
		for _, m := range ref.FindAllStringSubmatch(readRepoFile(t, f), -1) {
			if !documented[m[1]] {
				t.Errorf("%s reads ${%s}, which .env.example does not document", f, m[1])
			}
		}
	}
}

// The three-node variant: replicated streams, replicas per stage.
func TestDeployComposeCluster(t *testing.T) {
	p := mustLoadCompose(t, "docker-compose.yml", "deploy/nats-cluster/compose.yml")
	nodes := []string{"nats", "nats-2", "nats-3"}
	routes := natsRoutes(t, "deploy/nats-cluster/nats-1.conf")
	for i, n := range nodes {
		s := composeService(t, p, n)
		conf := "/etc/nats/nats-" + strconv.Itoa(i+1) + ".conf"
		if !slices.Contains([]string(s.Command), conf) {
			t.Errorf("%s command %v, want %s", n, s.Command, conf)
		}
		if s.HealthCheck == nil || len(s.HealthCheck.Test) < 2 || s.Restart != types.RestartPolicyUnlessStopped {
			t.Errorf("%s: healthcheck %v restart %q", n, s.HealthCheck, s.Restart)
		}
		store := slices.IndexFunc(s.Volumes, func(v types.ServiceVolumeConfig) bool { return v.Target == "/data" && v.Type == types.VolumeTypeVolume })
		if store < 0 {
			t.Errorf("%s has no named volume at /data: %+v", n, s.Volumes)
		}
		if !slices.Contains(routes, n) {
			t.Errorf("cluster routes %v do not reach compose service %s", routes, n)
		}
	}
	// All nodes share one healthcheck, the full /healthz (meta leader known):
	// js-enabled-only would let services start before the cluster answers.
	hc := composeService(t, p, "nats").HealthCheck
	for _, n := range nodes {
		got := composeService(t, p, n).HealthCheck
		if got == nil || !slices.Equal(got.Test, hc.Test) || !strings.HasSuffix(got.Test[len(got.Test)-1], ":8222/healthz") {
			t.Errorf("%s healthcheck %v, want the full /healthz like node 1 (%v)", n, got, hc.Test)
		}
	}
	// Each node has its own store.
	seen := map[string]string{}
	for _, n := range nodes {
		for _, v := range composeService(t, p, n).Volumes {
			if v.Type == types.VolumeTypeVolume {
				if other, dup := seen[v.Source]; dup {
					t.Errorf("%s and %s share volume %s", other, n, v.Source)
				}
				seen[v.Source] = n
			}
		}
	}
	minReplicas := map[string]int{"fetcher": 1, "cleaner": 2, "extractor": 2, "indexer": 2}
	for name := range claimwireServices {
		s := composeService(t, p, name)
		if v := s.Environment["CLAIMWIRE_STREAM_REPLICAS"]; v == nil || *v != "3" {
			t.Errorf("%s CLAIMWIRE_STREAM_REPLICAS = %v, want 3", name, v)
		}
		if v := s.Environment["CLAIMWIRE_NATS_URL"]; v == nil || len(strings.Split(*v, ",")) != 3 {
			t.Errorf("%s CLAIMWIRE_NATS_URL = %v, want all three servers", name, v)
		}
		for _, n := range nodes {
			if d, ok := s.DependsOn[n]; !ok || d.Condition != types.ServiceConditionHealthy {
				t.Errorf("%s does not wait for %s to be healthy", name, n)
			}
		}
		replicas := 1
		if s.Deploy != nil && s.Deploy.Replicas != nil {
			replicas = *s.Deploy.Replicas
		}
		if replicas < minReplicas[name] {
			t.Errorf("%s: %d replicas, want ≥ %d", name, replicas, minReplicas[name])
		}
		// Replicas cannot share one host port: a published port needs a range.
		for _, port := range s.Ports {
			lo, hi, _ := strings.Cut(port.Published, "-")
			if hi == "" {
				hi = lo
			}
			a, _ := strconv.Atoi(lo)
			b, _ := strconv.Atoi(hi)
			if b-a+1 < replicas {
				t.Errorf("%s: %d replicas but host ports %q", name, replicas, port.Published)
			}
		}
	}
	if db := composeService(t, p, "indexer").Environment["CLAIMWIRE_DB"]; db == nil || !strings.HasPrefix(*db, "postgres://") {
		t.Errorf("cluster indexer CLAIMWIRE_DB = %v, want postgres", db)
	}
}

// With one replica each (the base file), the published ports must not collide.
func TestDeployComposeHostPortsUnique(t *testing.T) {
	p := mustLoadCompose(t, "docker-compose.yml")
	seen := map[string]string{}
	for name, s := range p.Services {
		for _, port := range s.Ports {
			k := port.HostIP + ":" + port.Published
			if other, dup := seen[k]; dup {
				t.Errorf("%s and %s both publish %s", other, name, k)
			}
			seen[k] = name
		}
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
