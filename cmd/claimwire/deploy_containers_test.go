package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/cleaner/clean"
	"github.com/claimwire/claimwire/services/extractor/extract"
)

// TestComposeInContainers runs the compose deployment for real: images built
// with podman, containers started from docker-compose.yml as compose-go reads
// it, pages through the containerised pipeline, one stage SIGKILLed mid-run,
// then everything stopped with its stop signal.
//
// No registry is reachable here, so no base image can be pulled: the images
// are FROM scratch with static binaries this test compiles (CGO_ENABLED=0).
// The claimwire images come from deploy/Dockerfile itself with its build
// stage swapped for testdata/containers/build.Containerfile; NATS is built
// from the nats-server/v2 module in go.mod. Services whose images cannot be
// had (postgres, prometheus, grafana) are not started: the index is on
// SQLite in a volume (testdata/containers/compose.sqlite.yml, loaded over
// the compose file).
//
// It needs root, podman with runc, the CNI dnsname plugin and busybox-static
// (the NATS healthcheck's wget and the news site's httpd); .ci/run installs
// them. Without them it skips and says what is missing.
func TestComposeInContainers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds images and runs the compose deployment in containers (about two minutes)")
	}
	// Mostly waiting on podman: it runs after the package's other tests
	// (which warm the static build cache it shares with TestDeployImageBuild).
	t.Parallel()
	if d, ok := t.Deadline(); ok && time.Until(d) < 6*time.Minute {
		t.Skipf("less than 6 minutes left before the test timeout (%v); run with a longer -timeout", time.Until(d).Round(time.Second))
	}
	began := time.Now()
	pm := newPodman(t)
	ctx := t.Context()

	// The project as `docker compose -p NAME -f docker-compose.yml -f
	// compose.sqlite.yml` reads it, with an .env that points at this run's
	// files. The default network exists first: the fetcher is allowed to
	// fetch from its subnet, where the news site is.
	site := pm.mkdir(t, "site")
	feedsFile := filepath.Join(pm.root, "feeds.txt")
	netName := pm.project + "_default"
	subnet := pm.createNetwork(t, netName)
	env := []string{
		"CLAIMWIRE_VERSION=containers-test",
		"CLAIMWIRE_FEEDS_FILE=" + feedsFile,
		"CLAIMWIRE_TEST_SITE=" + site,
		"CLAIMWIRE_TEST_ALLOW_NET=" + subnet,
		// The test site's pages at the default 1/s would take most of the run.
		"CLAIMWIRE_FETCH_RATE=20",
		// The SIGKILLed stage's unacked messages come back after the ack
		// wait: 10 s instead of 30 s keeps the run short.
		"CLAIMWIRE_ACK_WAIT=10s",
	}
	project := loadContainerProject(t, pm.project, env)
	for key, n := range project.Networks {
		if n.Name != netName {
			pm.createNetwork(t, n.Name) // a network the compose file adds
		} else if key != "default" {
			t.Fatalf("network %s is %q, want the default network", n.Name, key)
		}
	}

	// Images: what compose would build, plus the NATS and news site images.
	buildStart := time.Now()
	images := pm.buildImages(t, project)
	buildTime := time.Since(buildStart)

	// The news site: a feed of articles the fetcher finds on its own.
	var want []expectedArticle
	feedPages := writeNewsSite(t, site, 8)
	want = append(want, feedPages...)
	if err := os.WriteFile(feedsFile, []byte("# the news site container\nhttp://news/feed.xml\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	// Up: every service whose image we have, in dependency order.
	up := time.Now()
	run := pm.up(t, project, images)
	healthyAfter := time.Since(up)
	t.Logf("all %d services healthy %.1fs after the first container started", len(run.containers), healthyAfter.Seconds())
	api := "http://" + run.port(t, "indexer", 8080)
	monitor := "http://" + run.port(t, "nats", 8222)

	// The fetcher polls the feed when it starts; its pages must all arrive.
	waitIndexedArticles(t, api, feedPages, 90*time.Second)
	t.Logf("feed: %d pages indexed %.1fs after all were healthy", len(feedPages), time.Since(up.Add(healthyAfter)).Seconds())

	// `docker compose run --rm claimwire ingest`: files mounted into the CLI
	// container, published to the NATS container, --wait polling the
	// indexer container by its service name.
	batchA := writeIngestBatch(t, pm.mkdir(t, "ingest-a"), "a", 8)
	want = append(want, batchA...)
	out, err := run.tool(ctx, t, "claimwire", []string{"-v", filepath.Dir(batchA[0].file) + ":/in:ro"},
		"ingest", "--wait", "--api", "http://indexer:8080", "--timeout", "90s", "/in")
	if err != nil {
		t.Fatalf("claimwire ingest: %v\n%s", err, out)
	}
	waitIndexedArticles(t, api, batchA, 30*time.Second)
	t.Logf("ingest: %d files indexed (claimwire ingest --wait: %s)", len(batchA), lastLine(out))

	// SIGKILL one stage with messages in flight: the extractor is frozen,
	// a batch is ingested, and once the server has handed it messages it
	// cannot ack, it is killed (as the OOM killer would) and left to its
	// restart policy.
	victim := run.containers["extractor"]
	stageStream := run.topology.Stream(contract.StreamArticles)
	before := consumerState(t, monitor, stageStream, contract.StageExtractor)
	pm.must(t, "pause", victim.name)
	batchB := writeIngestBatch(t, pm.mkdir(t, "ingest-b"), "b", 12)
	want = append(want, batchB...)
	if out, err := run.tool(ctx, t, "claimwire", []string{"-v", filepath.Dir(batchB[0].file) + ":/in:ro"}, "ingest", "/in"); err != nil {
		t.Fatalf("claimwire ingest (stage frozen): %v\n%s", err, out)
	}
	var inFlight consumerInfo
	deadline := time.Now().Add(30 * time.Second)
	for {
		inFlight = consumerState(t, monitor, stageStream, contract.StageExtractor)
		if inFlight.NumAckPending > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the frozen extractor was handed no messages in 30 s: %+v", inFlight)
		}
		time.Sleep(200 * time.Millisecond)
	}
	pid, _ := strconv.Atoi(pm.inspect(t, victim.name, "{{.State.Pid}}"))
	if pid <= 1 {
		t.Fatalf("extractor pid %d", pid)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL extractor (pid %d): %v", pid, err)
	}
	killed := time.Now()
	pm.must(t, "unpause", victim.name) // the pending SIGKILL lands as it thaws
	for {
		restarts, state, _ := strings.Cut(pm.inspect(t, victim.name, "{{.RestartCount}} {{.State.Status}}"), " ")
		if restarts != "0" && state == "running" {
			break
		}
		if time.Since(killed) > 30*time.Second {
			t.Fatalf("extractor not restarted by its restart policy (%s) 30 s after SIGKILL: %s", victim.cfg.Restart,
				pm.inspect(t, victim.name, "{{.State.Status}} restarts={{.RestartCount}} exit={{.State.ExitCode}}"))
		}
		time.Sleep(250 * time.Millisecond)
	}
	restartedAfter := time.Since(killed)
	run.setHealth(victim.name, "starting") // a restarted container is healthy again only once checked
	waitIndexedArticles(t, api, batchB, 90*time.Second)
	recoveredAfter := time.Since(killed)
	run.waitHealthy(t, []string{"extractor"}, 90*time.Second)

	// Nothing lost, nothing twice: every article with exactly the claims the
	// same code finds in-process, the API listing each claim once, every
	// consumer caught up and no dead letters.
	ic := checkIndex(t, api, want)
	deadline = time.Now().Add(30 * time.Second)
	for !run.settled(t, monitor) {
		if time.Now().After(deadline) {
			t.Fatalf("consumers not caught up 30 s after everything was indexed: %s", httpBody(t, monitor+"/jsz?accounts=true&consumers=true"))
		}
		time.Sleep(250 * time.Millisecond)
	}
	after := consumerState(t, monitor, stageStream, contract.StageExtractor)
	redelivered := after.redeliveries() - before.redeliveries()
	if redelivered <= 0 {
		t.Errorf("the extractor's consumer redelivered nothing after the SIGKILL (%d in flight): the kill did not land mid-run", inFlight.NumAckPending)
	}
	if n := streamMessages(t, monitor, run.topology.Stream(contract.StreamDLQ)); n != 0 {
		t.Errorf("%d dead letters after the run", n)
	}

	// docker compose stop: dependents first, each with its stop signal; each
	// must drain and exit 0 within its stop_grace_period.
	run.stopHealthchecks()
	drains := run.stopAll(t)

	var sizes []string
	for _, svc := range slices.Sorted(mapKeys(images)) {
		sizes = append(sizes, fmt.Sprintf("%s %.1f MB", svc, float64(pm.imageSize(t, images[svc]))/1e6))
	}
	t.Logf("images (built in %.1fs): %s", buildTime.Seconds(), strings.Join(sizes, ", "))
	t.Logf("start to all healthy: %.1fs", healthyAfter.Seconds())
	t.Logf("articles: %d (feed %d, ingest %d+%d), claims %d: lost %d, unexpected %d, duplicates %d",
		len(want), len(feedPages), len(batchA), len(batchB), ic.claims, ic.lost, ic.unexpected, ic.duplicates)
	t.Logf("SIGKILL: extractor killed with %d messages in flight, restarted by its policy after %.1fs, %d redelivered, its batch indexed %.1fs after the kill",
		inFlight.NumAckPending, restartedAfter.Seconds(), redelivered, recoveredAfter.Seconds())
	t.Logf("drain on %s: %s", "SIGTERM", strings.Join(drains, ", "))
	t.Logf("wall time %.1fs (cleanup follows)", time.Since(began).Seconds())
}

// ---- podman ------------------------------------------------------------------

// testLabel marks what this test makes, so that a later run can find and
// remove what a killed run left behind.
const testLabel = "io.claimwire.test"

// podman runs the podman CLI on storage of this run's own (a temporary
// folder: images, containers and volumes go when it goes), with the
// settings the machine needs: vfs storage, runc, cgroupfs, no default
// ulimits (containers.conf), events in a file. Networks are the machine's
// CNI networks, so that concurrent runs get distinct subnets and bridges.
type podman struct {
	root    string   // storage, run state and this run's files
	project string   // compose project name: claimwire-ct<id>
	global  []string // podman's global flags
	env     []string

	mu       sync.Mutex
	networks []string
}

func newPodman(t *testing.T) *podman {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("podman containers need Linux")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root: runs rootful podman (runc, CNI bridge network, port maps); run as root as CI does")
	}
	install := "apt-get install podman runc golang-github-containernetworking-plugin-dnsname busybox-static (.ci/run does)"
	for _, bin := range []string{"podman", "runc"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("no %s: %s", bin, install)
		}
	}
	if !slices.ContainsFunc([]string{"/usr/lib/cni/dnsname", "/opt/cni/bin/dnsname", "/usr/libexec/cni/dnsname"}, fileExists) {
		t.Skipf("no CNI dnsname plugin (containers could not find each other by name): %s", install)
	}
	if err := staticELF("/bin/busybox"); err != nil {
		t.Skipf("no static busybox for the NATS healthcheck's wget and the news site (%v): %s", err, install)
	}
	root, err := os.MkdirTemp("", "claimwire-containers-")
	if err != nil {
		t.Fatal(err)
	}
	// Containers run as a non-root user and read files under root.
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(root, "containers.conf")
	err = os.WriteFile(conf, []byte("[containers]\ndefault_ulimits = []\n\n[engine]\ncgroup_manager = \"cgroupfs\"\n"), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	id := make([]byte, 3)
	_, _ = rand.Read(id)
	p := &podman{
		root:    root,
		project: "claimwire-ct" + hex.EncodeToString(id),
		global: []string{
			"--root", filepath.Join(root, "storage"), "--runroot", filepath.Join(root, "run"), "--tmpdir", filepath.Join(root, "tmp"),
			"--storage-driver", "vfs", "--runtime", "runc", "--cgroup-manager", "cgroupfs", "--events-backend", "file",
		},
		env: append(slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "CONTAINERS_") }), "CONTAINERS_CONF="+conf),
	}
	if out, err := p.run(t.Context(), "info", "--format", "{{.Host.OCIRuntime.Name}} {{.Store.GraphDriverName}}"); err != nil {
		_ = os.RemoveAll(root)
		t.Skipf("podman is installed but not usable here: %v\n%s", err, out)
	}
	sweepStaleRuns(t, p)
	t.Cleanup(func() { p.cleanup(t) })
	return p
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// staticELF fails unless path is a static executable (it must run on scratch).
func staticELF(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return fmt.Errorf("%s is dynamically linked", path)
		}
	}
	return nil
}

func (p *podman) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "podman", append(slices.Clone(p.global), args...)...)
	cmd.Env = p.env
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// run runs podman and returns its combined output.
func (p *podman) run(ctx context.Context, args ...string) (string, error) {
	out, err := p.command(ctx, args...).CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

func (p *podman) must(t *testing.T, args ...string) string {
	t.Helper()
	out, err := p.run(t.Context(), args...)
	if err != nil {
		t.Fatalf("podman %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func (p *podman) inspect(t *testing.T, name, format string) string {
	t.Helper()
	return p.must(t, "inspect", "--type", "container", "--format", format, name)
}

func (p *podman) mkdir(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(p.root, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func (p *podman) labels() []string {
	return []string{"--label", testLabel + "=" + p.project, "--label", testLabel + ".pid=" + strconv.Itoa(os.Getpid()), "--label", testLabel + ".root=" + p.root}
}

// createNetwork creates a bridge network with name resolution (dnsname)
// and returns its subnet.
func (p *podman) createNetwork(t *testing.T, name string) string {
	t.Helper()
	p.must(t, append(append([]string{"network", "create"}, p.labels()...), name)...)
	p.mu.Lock()
	p.networks = append(p.networks, name)
	p.mu.Unlock()
	subnet := p.must(t, "network", "inspect", "--format", "{{range .Subnets}}{{.Subnet}} {{end}}", name)
	if f := strings.Fields(subnet); len(f) > 0 {
		return f[0]
	}
	t.Fatalf("network %s has no subnet", name)
	return ""
}

// cleanup removes every container, network, volume and image of this run,
// also after a failure. Images and volumes live in the run's own storage.
func (p *podman) cleanup(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	if out, err := p.run(ctx, "rm", "--all", "--force", "--time", "0"); err != nil {
		t.Errorf("cleanup: podman rm: %v\n%s", err, out)
	}
	if out, err := p.run(ctx, "volume", "rm", "--all", "--force"); err != nil {
		t.Errorf("cleanup: podman volume rm: %v\n%s", err, out)
	}
	p.mu.Lock()
	nets := slices.Clone(p.networks)
	p.mu.Unlock()
	for _, n := range nets {
		removeNetwork(ctx, t, p, n)
	}
	if out, err := p.run(ctx, "rmi", "--all", "--force"); err != nil {
		t.Errorf("cleanup: podman rmi: %v\n%s", err, out)
	}
	if out, _ := p.run(ctx, "ps", "--all", "--quiet"); out != "" {
		t.Errorf("cleanup: containers left: %s", out)
	}
	if err := os.RemoveAll(p.root); err != nil {
		t.Errorf("cleanup: %v", err)
	}
	t.Logf("cleanup took %.1fs", time.Since(start).Seconds())
}

// removeNetwork removes a network and what podman 4.3 leaves of it: the
// host-local IPAM folder and the DNS accept rule on its bridge.
func removeNetwork(ctx context.Context, t *testing.T, p *podman, name string) {
	bridge, _ := p.run(ctx, "network", "inspect", "--format", "{{.NetworkInterface}}", name)
	if out, err := p.run(ctx, "network", "rm", "--force", name); err != nil {
		t.Errorf("cleanup: network rm %s: %v\n%s", name, err, out)
		return
	}
	_ = os.RemoveAll(filepath.Join("/var/lib/cni/networks", name))
	if bridge != "" && !strings.ContainsAny(bridge, " \n") {
		rule := []string{"INPUT", "-i", bridge, "-p", "udp", "-m", "udp", "--dport", "53", "-j", "ACCEPT"}
		if exec.CommandContext(ctx, "iptables", append([]string{"-C"}, rule...)...).Run() == nil {
			_ = exec.CommandContext(ctx, "iptables", append([]string{"-D"}, rule...)...).Run()
		}
	}
}

// sweepStaleRuns removes what runs of this test left when their process was
// killed (a test timeout runs no cleanup): their networks carry the run's
// pid and storage folder.
func sweepStaleRuns(t *testing.T, p *podman) {
	out, err := p.run(t.Context(), "network", "ls", "--filter", "label="+testLabel, "--format",
		`{{.Name}}	{{index .Labels "`+testLabel+`.pid"}}	{{index .Labels "`+testLabel+`.root"}}`)
	if err != nil {
		return
	}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			continue
		}
		pid, err := strconv.Atoi(f[1])
		if err != nil || syscall.Kill(pid, 0) != syscall.ESRCH {
			continue // a run still going
		}
		stale := &podman{root: f[2], global: slices.Clone(p.global), env: p.env}
		for i, g := range stale.global {
			if i > 0 && strings.HasPrefix(stale.global[i-1], "--") && strings.HasPrefix(g, p.root) {
				stale.global[i] = f[2] + strings.TrimPrefix(g, p.root)
			}
		}
		if f[2] != "" && fileExists(f[2]) {
			_, _ = stale.run(t.Context(), "rm", "--all", "--force", "--time", "0")
		}
		removeNetwork(t.Context(), t, stale, f[0])
		if strings.HasPrefix(filepath.Base(f[2]), "claimwire-containers-") {
			_ = os.RemoveAll(f[2])
		}
		t.Logf("removed the leftovers of an earlier run (pid %d): network %s, storage %s", pid, f[0], f[2])
	}
}

func (p *podman) imageSize(t *testing.T, image string) int64 {
	n, _ := strconv.ParseInt(p.must(t, "image", "inspect", "--format", "{{.Size}}", image), 10, 64)
	return n
}

// ---- compose project -----------------------------------------------------------

// loadContainerProject loads docker-compose.yml with the test's override,
// as `docker compose -p NAME` would with env as its .env (over .env.example).
func loadContainerProject(t *testing.T, name string, env []string) *types.Project {
	t.Helper()
	opts, err := cli.NewProjectOptions(
		[]string{filepath.Join(repoRoot, "docker-compose.yml"), filepath.Join("testdata", "containers", "compose.sqlite.yml")},
		cli.WithName(name),
		cli.WithWorkingDirectory(repoRoot),
		cli.WithEnv(env),
		cli.WithEnvFiles(filepath.Join(repoRoot, ".env.example")),
		cli.WithDotEnv,
		cli.WithProfiles([]string{"*"}),
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		t.Fatalf("compose options: %v", err)
	}
	p, err := cli.ProjectFromOptions(context.Background(), opts)
	if err != nil {
		t.Fatalf("load docker-compose.yml: %v", err)
	}
	return p
}

// composeKeysHandled are the service attributes the container runner
// reproduces (see runArgs); a service using any other makes the test fail
// rather than run something other than what compose would.
var composeKeysHandled = map[string]string{
	"build": "images built from deploy/Dockerfile's stages", "image": "", "command": "", "entrypoint": "",
	"environment": "", "env_file": "merged into environment by compose-go", "healthcheck": "run by the test at the interval",
	"volumes": "", "depends_on": "", "stop_grace_period": "", "stop_signal": "", "restart": "", "ports": "",
	"networks": "", "deploy": "replicas", "logging": "", "profiles": "", "labels": "", "user": "", "working_dir": "",
	"tmpfs": "", "secrets": "", "configs": "", "expose": "", "extra_hosts": "", "read_only": "", "init": "",
}

func usedComposeKeys(t *testing.T, s types.ServiceConfig) []string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k, v := range m {
		if string(v) != "null" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// ---- images --------------------------------------------------------------------

// buildImages compiles the static binaries and builds the image of every
// service it can: the compose build targets from deploy/Dockerfile's
// runtime stages, NATS from nats-server/v2, and the news site. It returns
// service → image.
//
// Each image has a context of its own holding only what it copies (files
// hard-linked), and is built without intermediate layers: on vfs every
// committed layer is a full copy of the tree, and measured here a cached
// layered build of a service image took longer than an uncached flat one.
func (p *podman) buildImages(t *testing.T, project *types.Project) map[string]string {
	t.Helper()
	ctxDir := p.mkdir(t, "context")
	bin := filepath.Join(ctxDir, "bin")
	// The version the compose file stamps into the images (build args).
	version := "dev"
	targets := map[string]string{} // service → Dockerfile target
	for name, s := range project.Services {
		if s.Build == nil {
			continue
		}
		if df := filepath.Clean(s.Build.Dockerfile); df != filepath.Join("deploy", "Dockerfile") && df != filepath.Join(mustAbs(t, repoRoot), "deploy", "Dockerfile") {
			t.Fatalf("%s is built from %s; the test builds deploy/Dockerfile's stages only", name, s.Build.Dockerfile)
		}
		targets[name] = s.Build.Target
		if v := s.Build.Args["VERSION"]; v != nil {
			version = *v
		}
	}
	pkgs := []string{"github.com/nats-io/nats-server/v2"}
	for _, target := range targets {
		pkg := "./services/" + target
		if target == "claimwire" {
			pkg = "./cmd/claimwire"
		}
		pkgs = append(pkgs, pkg)
	}
	slices.Sort(pkgs)
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go tool: %v", err)
	}
	start := time.Now()
	args := append([]string{"build", "-tags", "timetzdata", "-ldflags", "-s -w -X github.com/claimwire/claimwire/pkg/service.Version=" + version, "-o", bin + "/"}, pkgs...)
	cmd := exec.CommandContext(t.Context(), goBin, args...)
	cmd.Dir = repoRoot
	cmd.Env = append(slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "CGO_ENABLED=") || strings.HasPrefix(kv, "GOFLAGS=")
	}), "CGO_ENABLED=0", "GOFLAGS=-buildvcs=false")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	for _, f := range mustGlob(t, filepath.Join(bin, "*")) {
		if err := staticELF(f); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("static binaries (CGO_ENABLED=0) built in %.1fs", time.Since(start).Seconds())

	// context lays out one image's context: files linked from src → dst.
	context := func(name string, files map[string]string) string {
		dir := filepath.Join(ctxDir, name)
		for dst, src := range files {
			dst = filepath.Join(dir, dst)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Link(src, dst); err != nil {
				copyFile(t, src, dst, 0o755)
			}
		}
		return dir
	}
	containerfile := filepath.Join(ctxDir, "Containerfile")
	if err := os.WriteFile(containerfile, []byte(testContainerfile(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	images := map[string]string{}
	build := func(service, dir, file, target, image string) {
		t.Helper()
		start := time.Now()
		args := append([]string{"build", "--format", "docker", "--layers=false", "--pull=never", "-f", file, "-t", image}, p.labels()...)
		if target != "" {
			args = append(args, "--target", target)
		}
		p.must(t, append(args, dir)...)
		images[service] = image
		t.Logf("image %s built in %.1fs", image, time.Since(start).Seconds())
	}
	for _, name := range slices.Sorted(mapKeys(targets)) {
		dir := context(name, map[string]string{
			"out/" + targets[name]: filepath.Join(bin, targets[name]),
			"ca-certificates.crt":  "/etc/ssl/certs/ca-certificates.crt",
		})
		// What the Dockerfile's build stage makes with mkdir, chown and chmod
		// (the base stage's COPY --chown gives data/ to the user).
		for d, mode := range map[string]os.FileMode{"rootfs/data": 0o755, "rootfs/tmp": 0o777 | os.ModeSticky} {
			if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(filepath.Join(dir, d), mode); err != nil {
				t.Fatal(err)
			}
		}
		build(name, dir, containerfile, targets[name], project.Services[name].Image)
		checkImageConfig(t, p, project.Services[name].Image, targets[name])
	}
	testdata := mustAbs(t, filepath.Join("testdata", "containers"))
	if s, ok := project.Services["nats"]; ok {
		checkNATSVersion(t, s.Image)
		dir := context("nats", map[string]string{
			"nats-server": filepath.Join(bin, "nats-server"),
			"busybox":     "/bin/busybox",
			"nats.conf":   filepath.Join(repoRoot, "deploy", "nats", "nats.conf"),
		})
		build("nats", dir, filepath.Join(testdata, "nats.Containerfile"), "", s.Image)
	}
	dir := context("news", map[string]string{"busybox": "/bin/busybox"})
	build("news", dir, filepath.Join(testdata, "news.Containerfile"), "", project.Services["news"].Image)
	return images
}

// testContainerfile is deploy/Dockerfile with its build stage replaced by
// testdata/containers/build.Containerfile; every other stage is verbatim.
func testContainerfile(t *testing.T) string {
	t.Helper()
	stage, err := os.ReadFile(filepath.Join("testdata", "containers", "build.Containerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	replaced, skipping := false, false
	for _, line := range strings.SplitAfter(readRepoFile(t, "deploy/Dockerfile"), "\n") {
		if f := strings.Fields(line); len(f) > 0 && strings.EqualFold(f[0], "FROM") {
			skipping = len(f) == 4 && strings.EqualFold(f[2], "AS") && f[3] == "build"
			if skipping {
				b.Write(stage)
				replaced = true
			}
		}
		if !skipping {
			b.WriteString(line)
		}
	}
	if !replaced {
		t.Fatal("deploy/Dockerfile has no stage named build to replace")
	}
	return b.String()
}

// checkImageConfig compares an image with what deploy/Dockerfile says of
// its stage (and the stages it is FROM): entrypoint, user, exposed ports,
// healthcheck command and stop signal.
func checkImageConfig(t *testing.T, p *podman, image, target string) {
	t.Helper()
	parent := map[string]string{}
	byStage := map[string]map[string]string{}
	for _, in := range parseDockerfile(t) {
		if in.cmd == "FROM" {
			parent[in.stage] = strings.Fields(in.args)[0]
			continue
		}
		if byStage[in.stage] == nil {
			byStage[in.stage] = map[string]string{}
		}
		byStage[in.stage][in.cmd] = in.args
	}
	want := func(cmd string) string {
		for s := target; s != ""; s = parent[s] {
			if v, ok := byStage[s][cmd]; ok {
				return v
			}
		}
		return ""
	}
	var got []struct {
		Config struct {
			User         string
			Entrypoint   []string
			ExposedPorts map[string]struct{}
			StopSignal   string
		}
		HealthCheck *struct{ Test []string }
	}
	if err := json.Unmarshal([]byte(p.must(t, "image", "inspect", image)), &got); err != nil || len(got) != 1 {
		t.Fatalf("image inspect %s: %v", image, err)
	}
	c := got[0].Config
	if u := strings.Split(c.User, ":")[0]; u == "" || u == "0" || u == "root" || c.User != want("USER") {
		t.Errorf("%s: user %q, want the Dockerfile's non-root %q", image, c.User, want("USER"))
	}
	if ep, _ := json.Marshal(c.Entrypoint); string(ep) != strings.ReplaceAll(want("ENTRYPOINT"), ", ", ",") {
		t.Errorf("%s: entrypoint %s, want %s", image, ep, want("ENTRYPOINT"))
	}
	for _, port := range strings.Fields(want("EXPOSE")) {
		if !strings.Contains(port, "/") {
			port += "/tcp"
		}
		if _, ok := c.ExposedPorts[port]; !ok {
			t.Errorf("%s: exposes %v, want %s", image, mapKeysSlice(c.ExposedPorts), port)
		}
	}
	if hc := want("HEALTHCHECK"); hc != "" {
		_, cmdJSON, _ := strings.Cut(hc, "CMD ")
		var wantTest []string
		if err := json.Unmarshal([]byte(cmdJSON), &wantTest); err != nil {
			t.Fatalf("HEALTHCHECK of %s: %v", target, err)
		}
		if got[0].HealthCheck == nil || !slices.Equal(got[0].HealthCheck.Test, append([]string{"CMD"}, wantTest...)) {
			t.Errorf("%s: healthcheck %+v, want CMD %v", image, got[0].HealthCheck, wantTest)
		}
	}
	// No STOPSIGNAL in the Dockerfile means SIGTERM, which compose names.
	if sig := want("STOPSIGNAL"); c.StopSignal != sig {
		t.Errorf("%s: stop signal %q, want %q", image, c.StopSignal, sig)
	}
}

// checkNATSVersion logs whether the compose file's NATS image is the
// version of the nats-server module the test builds it from.
func checkNATSVersion(t *testing.T, image string) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", "github.com/nats-io/nats-server/v2").Output()
	mod := strings.TrimPrefix(strings.TrimSpace(string(out)), "v")
	_, tag, _ := strings.Cut(image, ":")
	if err != nil || !strings.HasPrefix(tag, mod) {
		t.Logf("note: compose runs %s; the stand-in is nats-server %s from go.mod (%v)", image, mod, err)
	}
}

func mapKeysSlice[V any](m map[string]V) []string { return slices.Sorted(mapKeys(m)) }

func mustGlob(t *testing.T, pattern string) []string {
	m, err := filepath.Glob(pattern)
	if err != nil || len(m) == 0 {
		t.Fatalf("glob %s: %v (%d matches)", pattern, err, len(m))
	}
	return m
}

func copyFile(t *testing.T, src, dst string, mode os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, mode); err != nil {
		t.Fatal(err)
	}
}

// ---- up ----------------------------------------------------------------------

// composeRun is the running deployment.
type composeRun struct {
	pm         *podman
	project    *types.Project
	containers map[string]*serviceContainer // service → its (first) container
	topology   bus.Topology
	runs       int // tool containers run so far

	mu        sync.Mutex
	health    map[string]string    // container → starting|healthy|unhealthy
	healthyAt map[string]time.Time // when it last became healthy
	stop      context.CancelFunc
	wg        sync.WaitGroup
}

type serviceContainer struct {
	service string
	name    string
	cfg     types.ServiceConfig
	started time.Time
}

// up starts every service that is not behind a profile and whose image the
// test has, in depends_on order, each after its dependencies meet their
// condition; it returns once all are healthy.
func (p *podman) up(t *testing.T, project *types.Project, images map[string]string) *composeRun {
	t.Helper()
	began := time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	r := &composeRun{pm: p, project: project, containers: map[string]*serviceContainer{}, health: map[string]string{}, healthyAt: map[string]time.Time{}, stop: cancel}
	t.Cleanup(func() {
		cancel()
		r.wg.Wait()
		if t.Failed() {
			r.dumpLogs(t)
		}
	})
	prefix := ""
	if v := project.Services["indexer"].Environment["CLAIMWIRE_STREAM_PREFIX"]; v != nil {
		prefix = *v
	}
	r.topology = bus.Topology{Prefix: prefix}

	// What runs: no profile, an image we built, and dependencies that run.
	runs := map[string]bool{}
	var skipped []string
	for changed := true; changed; {
		changed = false
		for name, s := range project.Services {
			if runs[name] || len(s.Profiles) > 0 || images[name] == "" {
				continue
			}
			ok := true
			for dep := range s.DependsOn {
				ok = ok && runs[dep]
			}
			if ok {
				runs[name], changed = true, true
			}
		}
	}
	for name, s := range project.Services {
		if !runs[name] && len(s.Profiles) == 0 {
			why := "image " + s.Image + " cannot be pulled here"
			if images[name] != "" {
				why = "depends on a service that cannot run"
			}
			skipped = append(skipped, name+" ("+why+")")
		}
	}
	slices.Sort(skipped)
	t.Logf("not started: %s", strings.Join(skipped, ", "))
	for _, want := range []string{"nats", "fetcher", "cleaner", "extractor", "indexer", "news"} {
		if !runs[want] {
			t.Fatalf("service %s cannot run (images %v)", want, mapKeysSlice(images))
		}
	}

	// Volumes the running services use.
	for _, name := range slices.Sorted(mapKeys(runs)) {
		for _, v := range project.Services[name].Volumes {
			if v.Type == types.VolumeTypeVolume {
				vol := project.Volumes[v.Source].Name
				if _, err := p.run(t.Context(), "volume", "exists", vol); err != nil {
					p.must(t, append(append([]string{"volume", "create"}, p.labels()...), vol)...)
				}
			}
		}
	}

	// Waves, as compose starts them: the services whose dependencies have
	// met their conditions start together.
	started := map[string]bool{}
	for len(started) < len(runs) {
		var wave []*serviceContainer
		for _, name := range slices.Sorted(mapKeys(runs)) {
			s := project.Services[name]
			ready := !started[name]
			for dep := range s.DependsOn {
				ready = ready && started[dep]
			}
			if !ready {
				continue
			}
			for dep, d := range s.DependsOn {
				r.waitCondition(t, dep, d.Condition)
			}
			for _, k := range usedComposeKeys(t, s) {
				if _, ok := composeKeysHandled[k]; !ok {
					t.Errorf("compose service %s uses %q, which this test does not reproduce", name, k)
				}
			}
			replicas := 1
			if s.Deploy != nil && s.Deploy.Replicas != nil {
				replicas = *s.Deploy.Replicas
			}
			for i := 1; i <= replicas; i++ {
				c := &serviceContainer{service: name, name: fmt.Sprintf("%s-%s-%d", project.Name, name, i), cfg: s}
				if i == 1 {
					r.containers[name] = c
				}
				wave = append(wave, c)
			}
		}
		if len(wave) == 0 {
			t.Fatalf("depends_on cycle among %v", mapKeysSlice(runs))
		}
		errs := make([]error, len(wave))
		var wg sync.WaitGroup
		for i, c := range wave {
			args := append([]string{"run", "--detach", "--name", c.name}, r.runArgs(t, c.cfg, false)...)
			args = append(append(args, images[c.service]), c.cfg.Command...)
			wg.Go(func() {
				if out, err := p.run(t.Context(), args...); err != nil {
					errs[i] = fmt.Errorf("podman %s: %v\n%s", strings.Join(args, " "), err, out)
				}
			})
		}
		wg.Wait()
		for i, c := range wave {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			c.started = time.Now()
			r.watchHealth(ctx, c)
			started[c.service] = true
		}
	}
	all := mapKeysSlice(r.containers)
	r.waitHealthy(t, all, 2*time.Minute)
	var at []string
	r.mu.Lock()
	for _, svc := range all {
		c := r.containers[svc]
		at = append(at, fmt.Sprintf("%s %.1fs (started %.1fs)", svc, r.healthyAt[c.name].Sub(began).Seconds(), c.started.Sub(began).Seconds()))
	}
	r.mu.Unlock()
	t.Logf("healthy after: %s", strings.Join(at, ", "))
	return r
}

// runArgs turns a compose service into podman run flags (not the image or
// command). tool is `compose run`: no restart policy and no published ports.
func (r *composeRun) runArgs(t *testing.T, s types.ServiceConfig, tool bool) []string {
	t.Helper()
	p, project := r.pm, r.project
	args := append([]string{"--pull", "never"}, p.labels()...)
	args = append(args, "--label", "com.docker.compose.project="+project.Name, "--label", "com.docker.compose.service="+s.Name)
	for k, v := range s.Labels {
		args = append(args, "--label", k+"="+v)
	}
	nets := mapKeysSlice(s.Networks)
	if len(nets) == 0 {
		nets = []string{"default"}
	}
	for _, n := range nets {
		args = append(args, "--network", project.Networks[n].Name)
	}
	args = append(args, "--network-alias", s.Name)
	for _, n := range s.Networks {
		if n != nil {
			for _, a := range n.Aliases {
				args = append(args, "--network-alias", a)
			}
		}
	}
	for _, k := range slices.Sorted(mapKeys(s.Environment)) {
		if v := s.Environment[k]; v != nil {
			args = append(args, "--env", k+"="+*v)
		}
	}
	if s.Entrypoint != nil {
		ep, _ := json.Marshal([]string(s.Entrypoint))
		args = append(args, "--entrypoint", string(ep))
	}
	if s.User != "" {
		args = append(args, "--user", s.User)
	}
	if s.WorkingDir != "" {
		args = append(args, "--workdir", s.WorkingDir)
	}
	if s.ReadOnly {
		args = append(args, "--read-only")
	}
	if s.Init != nil && *s.Init {
		args = append(args, "--init")
	}
	for _, tmp := range s.Tmpfs {
		args = append(args, "--tmpfs", tmp)
	}
	for _, h := range s.ExtraHosts.AsList(":") {
		args = append(args, "--add-host", h)
	}
	for _, v := range s.Volumes {
		opt := ""
		if v.ReadOnly {
			opt = ":ro"
		}
		switch v.Type {
		case types.VolumeTypeBind:
			args = append(args, "--volume", v.Source+":"+v.Target+opt)
		case types.VolumeTypeVolume:
			args = append(args, "--volume", project.Volumes[v.Source].Name+":"+v.Target+opt)
		case types.VolumeTypeTmpfs:
			args = append(args, "--tmpfs", v.Target)
		default:
			t.Errorf("service %s: volume type %q is not reproduced", s.Name, v.Type)
		}
	}
	// Secrets and configs from files: mounted read-only where compose puts them.
	for _, sec := range s.Secrets {
		target := sec.Target
		if target == "" {
			target = sec.Source
		}
		if !strings.HasPrefix(target, "/") {
			target = "/run/secrets/" + target
		}
		args = append(args, "--volume", r.fileOf(t, project.Secrets[sec.Source].File, project.Secrets[sec.Source].Environment, project.Secrets[sec.Source].Content, sec.Source)+":"+target+":ro")
	}
	for _, cfg := range s.Configs {
		target := cfg.Target
		if target == "" {
			target = "/" + cfg.Source
		}
		args = append(args, "--volume", r.fileOf(t, project.Configs[cfg.Source].File, project.Configs[cfg.Source].Environment, project.Configs[cfg.Source].Content, cfg.Source)+":"+target+":ro")
	}
	if s.StopSignal != "" {
		args = append(args, "--stop-signal", s.StopSignal)
	}
	if s.StopGracePeriod != nil {
		args = append(args, "--stop-timeout", strconv.Itoa(int(time.Duration(*s.StopGracePeriod).Seconds())))
	}
	if hc := s.HealthCheck; hc != nil {
		switch {
		case hc.Disable || (len(hc.Test) > 0 && hc.Test[0] == "NONE"):
			args = append(args, "--no-healthcheck")
		case len(hc.Test) > 1 && hc.Test[0] == "CMD":
			cmd, _ := json.Marshal([]string(hc.Test[1:]))
			args = append(args, "--health-cmd", string(cmd))
		case len(hc.Test) > 1 && hc.Test[0] == "CMD-SHELL":
			args = append(args, "--health-cmd", hc.Test[1])
		}
		// No systemd here to time the checks: the test runs them (watchHealth).
		args = append(args, "--health-interval", "disable")
		if hc.Timeout != nil {
			args = append(args, "--health-timeout", time.Duration(*hc.Timeout).String())
		}
		if hc.Retries != nil {
			args = append(args, "--health-retries", strconv.FormatUint(*hc.Retries, 10))
		}
		if hc.StartPeriod != nil {
			args = append(args, "--health-start-period", time.Duration(*hc.StartPeriod).String())
		}
	}
	if tool {
		return append(args, "--rm")
	}
	if s.Restart != "" {
		args = append(args, "--restart", s.Restart)
	}
	if l := s.Logging; l != nil && l.Driver != "" {
		args = append(args, "--log-driver", l.Driver)
		if v := l.Options["max-size"]; v != "" {
			args = append(args, "--log-opt", "max-size="+v)
		}
	}
	// Published ports on their host address, on a free host port: the
	// machine's own NATS holds 4222, and runs may be concurrent.
	for _, port := range s.Ports {
		proto := port.Protocol
		if proto == "" {
			proto = "tcp"
		}
		args = append(args, "--publish", fmt.Sprintf("%s::%d/%s", port.HostIP, port.Target, proto))
	}
	return args
}

// fileOf is the host file of a secret or config.
func (r *composeRun) fileOf(t *testing.T, file, env, content, name string) string {
	t.Helper()
	if file != "" {
		return file
	}
	if env != "" {
		if v := r.project.Environment[env]; v != "" {
			content = v
		}
	}
	path := filepath.Join(r.pm.mkdir(t, "secrets"), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// watchHealth runs a container's compose healthcheck every interval, as
// the engine would (podman times its checks with systemd, which this
// machine does not run); podman applies retries and start_period.
func (r *composeRun) watchHealth(ctx context.Context, c *serviceContainer) {
	hc := c.cfg.HealthCheck
	if hc == nil || hc.Disable || len(hc.Test) == 0 || hc.Test[0] == "NONE" {
		return
	}
	interval := 30 * time.Second // the engine's default
	if hc.Interval != nil {
		interval = time.Duration(*hc.Interval)
	}
	r.setHealth(c.name, "starting")
	r.wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(interval):
			}
			state, err := r.pm.run(ctx, "inspect", "--type", "container", "--format", "{{.State.Status}}", c.name)
			if err != nil || state != "running" {
				continue // paused, restarting or gone: no probe, as the engine does
			}
			_, _ = r.pm.run(ctx, "healthcheck", "run", c.name)
			if st, err := r.pm.run(ctx, "inspect", "--type", "container", "--format", "{{.State.Health.Status}}", c.name); err == nil && st != "" {
				r.setHealth(c.name, st)
			}
		}
	})
}

// stopHealthchecks ends the checks (before the stop: they would compete
// with it for the engine).
func (r *composeRun) stopHealthchecks() {
	r.stop()
	r.wg.Wait()
}

func (r *composeRun) setHealth(name, st string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if st == "healthy" && r.health[name] != "healthy" {
		r.healthyAt[name] = time.Now()
	}
	r.health[name] = st
}

func (r *composeRun) healthOf(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.health[name]
}

// waitCondition waits until a dependency meets a depends_on condition.
func (r *composeRun) waitCondition(t *testing.T, service, condition string) {
	t.Helper()
	switch condition {
	case types.ServiceConditionHealthy:
		r.waitHealthy(t, []string{service}, 2*time.Minute)
	case types.ServiceConditionStarted, "":
	case types.ServiceConditionCompletedSuccessfully:
		if code := r.pm.must(t, "wait", r.containers[service].name); code != "0" {
			t.Fatalf("%s exited %s; %s", service, code, condition)
		}
	default:
		t.Fatalf("depends_on condition %q is not reproduced", condition)
	}
}

// waitHealthy waits until the services' containers report healthy (a
// service without a healthcheck counts once running).
func (r *composeRun) waitHealthy(t *testing.T, services []string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for _, svc := range services {
		c := r.containers[svc]
		lastState := time.Now()
		for {
			st := r.healthOf(c.name)
			if st == "healthy" || (st == "" && r.pm.inspect(t, c.name, "{{.State.Status}}") == "running") {
				break
			}
			if st == "unhealthy" {
				t.Fatalf("%s is unhealthy: %s\n%s", svc, r.pm.inspect(t, c.name, "{{json .State.Health}}"), r.logs(c.name, 30))
			}
			// A container that exited for good never gets healthy.
			if time.Since(lastState) > 2*time.Second {
				lastState = time.Now()
				if state := r.pm.inspect(t, c.name, "{{.State.Status}}"); state == "exited" && c.cfg.Restart == "" {
					t.Fatalf("%s exited: %s", svc, r.logs(c.name, 30))
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s not healthy after %v (%s): %s", svc, timeout, st, r.logs(c.name, 30))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// port is the host address where a service's container port is published.
func (r *composeRun) port(t *testing.T, service string, target int) string {
	t.Helper()
	addr := r.pm.must(t, "port", r.containers[service].name, fmt.Sprintf("%d/tcp", target))
	if strings.HasPrefix(addr, "0.0.0.0:") {
		addr = "127.0.0.1:" + strings.TrimPrefix(addr, "0.0.0.0:")
	}
	return strings.Fields(addr)[0]
}

// tool runs a one-off container of a service, as `docker compose run --rm
// SERVICE ARGS...` does, with extra podman flags (mounts).
func (r *composeRun) tool(ctx context.Context, t *testing.T, service string, extra []string, command ...string) (string, error) {
	t.Helper()
	s, ok := r.project.Services[service]
	if !ok {
		t.Fatalf("no compose service %s", service)
	}
	for dep, d := range s.DependsOn {
		if d.Condition == types.ServiceConditionHealthy {
			r.waitHealthy(t, []string{dep}, time.Minute)
		}
	}
	r.runs++
	name := fmt.Sprintf("%s-%s-run-%d", r.project.Name, service, r.runs)
	args := append(append([]string{"run", "--name", name}, r.runArgs(t, s, true)...), extra...)
	if len(command) == 0 {
		command = s.Command
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	return r.pm.run(ctx, append(append(args, s.Image), command...)...)
}

func (r *composeRun) logs(name string, tail int) string {
	out, _ := r.pm.run(context.Background(), "logs", "--tail", strconv.Itoa(tail), name)
	return out
}

func (r *composeRun) dumpLogs(t *testing.T) {
	for _, svc := range slices.Sorted(mapKeys(r.containers)) {
		c := r.containers[svc]
		state, _ := r.pm.run(context.Background(), "inspect", "--type", "container", "--format", "{{.State.Status}} exit={{.State.ExitCode}} restarts={{.RestartCount}}", c.name)
		t.Logf("---- %s (%s), last log lines:\n%s", c.name, state, r.logs(c.name, 40))
	}
}

// stopAll stops the deployment as `docker compose stop` does: a service
// after everything that depends on it, each container with its stop signal
// and stop_grace_period. Each must exit 0 within the grace period, and a
// claimwire service must log that it drained. It returns the drain times.
func (r *composeRun) stopAll(t *testing.T) []string {
	t.Helper()
	left := map[string]bool{}
	for svc := range r.containers {
		// The news site is the test's, not the deployment's: cleanup removes it.
		if svc != "news" {
			left[svc] = true
		}
	}
	var drains []string
	var mu sync.Mutex
	for len(left) > 0 {
		// Services nothing still running depends on stop together.
		var wave []string
		for svc := range left {
			needed := false
			for other := range left {
				if _, ok := r.project.Services[other].DependsOn[svc]; ok {
					needed = true
				}
			}
			if !needed {
				wave = append(wave, svc)
			}
		}
		if len(wave) == 0 {
			t.Fatalf("cannot order the stop of %v", mapKeysSlice(left))
		}
		slices.Sort(wave)
		var wg sync.WaitGroup
		for _, svc := range wave {
			delete(left, svc)
			c := r.containers[svc]
			grace := 10 * time.Second // the engine's default
			if c.cfg.StopGracePeriod != nil {
				grace = time.Duration(*c.cfg.StopGracePeriod)
			}
			wg.Go(func() {
				start := time.Now()
				out, err := r.pm.run(context.Background(), "stop", "--time", strconv.Itoa(int(grace.Seconds())), c.name)
				stop := time.Since(start)
				if err != nil {
					t.Errorf("stop %s: %v\n%s", svc, err, out)
					return
				}
				code, _ := r.pm.run(context.Background(), "inspect", "--type", "container", "--format", "{{.State.ExitCode}}", c.name)
				// The service's drain, without podman's work after the exit: from
				// the stop request to its last log line (as the engine stamped it).
				drain := "?"
				if last, ok := r.lastLogAt(c.name); ok {
					drain = fmt.Sprintf("%.2fs", max(last.Sub(start), 0).Seconds())
				}
				logs := r.logs(c.name, 50)
				mu.Lock()
				drains = append(drains, fmt.Sprintf("%s %s (podman stop %.1fs; grace %v; exit %s)", svc, drain, stop.Seconds(), grace, code))
				mu.Unlock()
				if code != "0" {
					t.Errorf("%s exited %s after %s, want 0:\n%s", svc, code, signalName(c.cfg.StopSignal), logs)
				}
				if stop >= grace {
					t.Errorf("%s took %v to stop, not within its stop_grace_period %v", svc, stop.Round(time.Millisecond), grace)
				}
				if _, ok := claimwireServices[svc]; ok && (!strings.Contains(logs, `"msg":"drained"`) || !strings.Contains(logs, `"msg":"stopped"`)) {
					t.Errorf("%s did not log drained and stopped on %s:\n%s", svc, signalName(c.cfg.StopSignal), logs)
				}
			})
		}
		wg.Wait()
	}
	slices.Sort(drains)
	return drains
}

// lastLogAt is when the engine received a container's last log line.
func (r *composeRun) lastLogAt(name string) (time.Time, bool) {
	out, err := r.pm.run(context.Background(), "logs", "--timestamps", "--tail", "1", name)
	if err != nil {
		return time.Time{}, false
	}
	stamp, _, _ := strings.Cut(lastLine(out), " ")
	at, err := time.Parse(time.RFC3339Nano, stamp)
	return at, err == nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndexAny(s, "\r\n")+1:]
}

func signalName(s string) string {
	if s == "" {
		return "SIGTERM"
	}
	return s
}

// ---- NATS monitoring (the published 8222) -----------------------------------------

type consumerInfo struct {
	Name          string `json:"name"`
	NumAckPending int    `json:"num_ack_pending"`
	NumPending    uint64 `json:"num_pending"`
	Delivered     struct {
		Consumer uint64 `json:"consumer_seq"`
		Stream   uint64 `json:"stream_seq"`
	} `json:"delivered"`
}

// redeliveries: the consumer delivers its stream from the first message,
// so deliveries beyond the last stream sequence were redeliveries.
func (c consumerInfo) redeliveries() int { return int(c.Delivered.Consumer) - int(c.Delivered.Stream) }

type streamDetail struct {
	Name  string `json:"name"`
	State struct {
		Messages uint64 `json:"messages"`
	} `json:"state"`
	Consumers []consumerInfo `json:"consumer_detail"`
}

func jszStreams(t *testing.T, monitor string) []streamDetail {
	t.Helper()
	var reply struct {
		Accounts []struct {
			Streams []streamDetail `json:"stream_detail"`
		} `json:"account_details"`
	}
	if code := getJSON(t, monitor+"/jsz?accounts=true&streams=true&consumers=true", &reply); code != http.StatusOK {
		t.Fatalf("/jsz: HTTP %d", code)
	}
	var all []streamDetail
	for _, a := range reply.Accounts {
		all = append(all, a.Streams...)
	}
	return all
}

func consumerState(t *testing.T, monitor, stream, consumer string) consumerInfo {
	t.Helper()
	for _, s := range jszStreams(t, monitor) {
		if s.Name == stream {
			for _, c := range s.Consumers {
				if c.Name == consumer {
					return c
				}
			}
		}
	}
	t.Fatalf("no consumer %s on stream %s", consumer, stream)
	return consumerInfo{}
}

func streamMessages(t *testing.T, monitor, stream string) uint64 {
	for _, s := range jszStreams(t, monitor) {
		if s.Name == stream {
			return s.State.Messages
		}
	}
	return 0
}

// settled: every stage's consumer has delivered and had acked everything.
func (r *composeRun) settled(t *testing.T, monitor string) bool {
	for stage, stream := range stageInputs {
		c := consumerState(t, monitor, r.topology.Stream(stream), stage)
		if c.NumPending != 0 || c.NumAckPending != 0 {
			return false
		}
	}
	return true
}

// ---- pages and the index -----------------------------------------------------------

// expectedArticle is a page the pipeline must index, with the claims the
// same cleaner and extractor find in-process.
type expectedArticle struct {
	id     string
	url    string
	file   string // for ingested files
	claims []string
}

// containerPage is an HTML page around generated article text (quotes,
// reported speech and figures of invented people).
func containerPage(seed int) ([]byte, string) {
	paras := strings.Split(strings.TrimSpace(string(generatedArticle(seed))), "\n\n")
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title></head>\n<body><header><nav><a href=\"/\">Home</a></nav></header>\n<article><h1>%s</h1>\n",
		html.EscapeString(paras[0]), html.EscapeString(paras[0]))
	for _, p := range paras[1:] {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString("</article><footer>All rights reserved.</footer></body></html>\n")
	return b.Bytes(), paras[0]
}

func expect(t *testing.T, body []byte, url, contentType string) expectedArticle {
	t.Helper()
	url = canonical(url)
	art, err := clean.Page(clean.Input{Body: body, ContentType: contentType, URL: url})
	if err != nil {
		t.Fatalf("clean %s: %v", url, err)
	}
	e := expectedArticle{id: art.ID, url: url}
	for _, c := range extract.Extract(art).Claims {
		e.claims = append(e.claims, c.ID)
	}
	slices.Sort(e.claims)
	return e
}

// writeNewsSite writes an RSS feed of n pages into dir (the news
// container's /www).
func writeNewsSite(t *testing.T, dir string, n int) []expectedArticle {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "news"), 0o755); err != nil {
		t.Fatal(err)
	}
	var items strings.Builder
	var want []expectedArticle
	for i := range n {
		body, title := containerPage(7000 + i)
		path := fmt.Sprintf("/news/%d.html", i)
		if err := os.WriteFile(filepath.Join(dir, path), body, 0o644); err != nil {
			t.Fatal(err)
		}
		url := "http://news" + path
		fmt.Fprintf(&items, "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate></item>\n",
			html.EscapeString(title), url, url, time.Now().Add(-time.Duration(i)*time.Hour).UTC().Format(time.RFC1123Z))
		// The fetcher hands the cleaner UTF-8 with its charset.
		want = append(want, expect(t, body, url, "text/html; charset=utf-8"))
	}
	feed := fmt.Sprintf("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Harbour Courier</title><link>http://news/</link><description>Test site</description>\n%s</channel></rss>\n", items.String())
	if err := os.WriteFile(filepath.Join(dir, "feed.xml"), []byte(feed), 0o644); err != nil {
		t.Fatal(err)
	}
	return want
}

// writeIngestBatch writes n HTML files and the manifest.tsv that gives
// them their URLs, for `claimwire ingest DIR`.
func writeIngestBatch(t *testing.T, dir, batch string, n int) []expectedArticle {
	t.Helper()
	manifest := "id\turl\n"
	var want []expectedArticle
	for i := range n {
		body, _ := containerPage(8000 + 100*int(batch[0]) + i)
		name := fmt.Sprintf("%s%02d", batch, i)
		file := filepath.Join(dir, name+".html")
		if err := os.WriteFile(file, body, 0o644); err != nil {
			t.Fatal(err)
		}
		url := fmt.Sprintf("https://wire.example/%s/%d.html", batch, i)
		manifest += name + "\t" + url + "\n"
		e := expect(t, body, url, "text/html")
		e.file = file
		want = append(want, e)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.tsv"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	return want
}

// waitIndexedArticles waits until the indexer's API has every article.
func waitIndexedArticles(t *testing.T, api string, want []expectedArticle, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for _, a := range want {
		for {
			resp, err := http.Get(api + "/api/articles/" + a.id)
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("article %s (%s) not indexed after %v", a.id, a.url, timeout)
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
}

// indexCheck is what checkIndex found.
type indexCheck struct {
	claims     int // claims the pages hold
	lost       int // of those, not in the index
	unexpected int // claims in the index no page holds
	duplicates int // claims /api/claims lists more than once
}

// checkIndex compares the index with what the pages hold: each article
// with exactly its claims, and /api/claims listing every claim once.
func checkIndex(t *testing.T, api string, want []expectedArticle) indexCheck {
	t.Helper()
	var ic indexCheck
	for _, a := range want {
		var art struct {
			ID     string           `json:"id"`
			URL    string           `json:"url"`
			Claims []contract.Claim `json:"claims"`
		}
		if code := getJSON(t, api+"/api/articles/"+a.id, &art); code != http.StatusOK {
			t.Fatalf("/api/articles/%s: HTTP %d", a.id, code)
		}
		var got []string
		for _, c := range art.Claims {
			got = append(got, c.ID)
		}
		slices.Sort(got)
		for _, id := range a.claims {
			if _, ok := slices.BinarySearch(got, id); !ok {
				ic.lost++
			}
		}
		for _, id := range got {
			if _, ok := slices.BinarySearch(a.claims, id); !ok {
				ic.unexpected++
			}
		}
		if !slices.Equal(got, a.claims) {
			t.Errorf("article %s (%s): claims %v, want %v", a.id, a.url, got, a.claims)
		}
		if len(a.claims) == 0 {
			t.Errorf("article %s (%s) has no claims: the page generator is off", a.id, a.url)
		}
		ic.claims += len(a.claims)
	}
	seen := map[string]int{}
	next := ""
	for {
		var page claimsPage
		u := api + "/api/claims?limit=1000"
		if next != "" {
			u += "&cursor=" + next
		}
		getJSON(t, u, &page)
		for _, c := range page.Claims {
			seen[c.ID]++
		}
		if page.NextCursor == nil || *page.NextCursor == "" {
			break
		}
		next = *page.NextCursor
	}
	for _, n := range seen {
		ic.duplicates += n - 1
	}
	if len(seen) != ic.claims || ic.duplicates != 0 {
		t.Errorf("/api/claims lists %d distinct claims (%d duplicates), want %d", len(seen), ic.duplicates, ic.claims)
	}
	return ic
}
