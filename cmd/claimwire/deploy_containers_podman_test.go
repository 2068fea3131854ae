package main

import (
	"context"
	"crypto/rand"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
)

// The container runner of TestComposeInContainers: podman on storage of the
// run's own, images from deploy/Dockerfile's stages, and compose services
// (as compose-go reads them) turned into podman containers.

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

	// The run's time budget: the test timeout less time to clean up, so
	// that a slow machine fails the test (and cleans up) rather than
	// panicking the package's test binary.
	ctx      context.Context
	deadline time.Time

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
	p.deadline = time.Now().Add(30 * time.Minute)
	if d, ok := t.Deadline(); ok {
		p.deadline = d.Add(-time.Minute)
	}
	ctx, cancel := context.WithDeadline(context.Background(), p.deadline)
	p.ctx = ctx
	if out, err := p.run(ctx, "info", "--format", "{{.Host.OCIRuntime.Name}} {{.Store.GraphDriverName}}"); err != nil {
		cancel()
		_ = os.RemoveAll(root)
		t.Skipf("podman is installed but not usable here: %v\n%s", err, out)
	}
	sweepStaleRuns(t, p)
	t.Cleanup(func() {
		cancel()
		p.cleanup(t)
	})
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
	out, err := p.run(p.ctx, args...)
	if err != nil {
		t.Fatalf("podman %s: %v%s\n%s", strings.Join(args, " "), err, p.outOfTime(), out)
	}
	return out
}

// until is the earlier of now+d and the run's deadline.
func (p *podman) until(d time.Duration) time.Time {
	if at := time.Now().Add(d); at.Before(p.deadline) {
		return at
	}
	return p.deadline
}

// outOfTime says so when the run's time budget is spent.
func (p *podman) outOfTime() string {
	if time.Now().After(p.deadline) {
		return " (out of time before the test timeout: run with a longer -timeout)"
	}
	return ""
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
	out, err := p.run(p.ctx, "network", "ls", "--filter", "label="+testLabel, "--format", "{{.Name}}")
	if err != nil {
		t.Logf("cannot list earlier runs' networks: %v\n%s", err, out)
		return
	}
	for _, name := range strings.Fields(out) {
		labels, err := p.run(p.ctx, "network", "inspect", "--format", `{{index .Labels "`+testLabel+`.pid"}} {{index .Labels "`+testLabel+`.root"}}`, name)
		pidText, root, _ := strings.Cut(labels, " ")
		pid, perr := strconv.Atoi(pidText)
		if err != nil || perr != nil || syscall.Kill(pid, 0) != syscall.ESRCH {
			continue // a run still going
		}
		// The dead run's storage, with the same settings as this run's.
		stale := &podman{root: root, env: p.env}
		for _, g := range p.global {
			if rest, ok := strings.CutPrefix(g, p.root); ok {
				g = root + rest
			}
			stale.global = append(stale.global, g)
		}
		if strings.HasPrefix(filepath.Base(root), "claimwire-containers-") && fileExists(root) {
			if out, err := stale.run(p.ctx, "rm", "--all", "--force", "--time", "0"); err != nil {
				t.Logf("removing the containers of an earlier run: %v\n%s", err, out)
			}
			removeNetwork(p.ctx, t, stale, name)
			_ = os.RemoveAll(root)
		} else {
			removeNetwork(p.ctx, t, stale, name)
		}
		t.Logf("removed the leftovers of an earlier run (pid %d, killed before its cleanup): network %s, storage %s", pid, name, root)
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
	p, err := loadCompose(t, env, []string{"docker-compose.yml", filepath.Join("cmd", "claimwire", "testdata", "containers", "compose.sqlite.yml")}, cli.WithName(name))
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
// stages, NATS from nats-server/v2, and the news site. It returns service
// → image.
//
// Each Dockerfile stage is built once per run: the build stage (replaced
// by testdata/containers/build.Containerfile) and the stages the targets
// are FROM become images of their own, and each target's stage is built
// on them with its FROM and COPY --from naming those images. On vfs every
// layer is a full copy of the tree: measured here, building each target
// from the whole Dockerfile cost 5.2 s of CPU, a target on the shared stage
// images 1.7 s (layers are not kept either: a cached layered build was
// slower than a flat one).
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
	cmd := exec.CommandContext(p.ctx, goBin, args...)
	cmd.Dir = repoRoot
	cmd.Env = append(slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "CGO_ENABLED=") || strings.HasPrefix(kv, "GOFLAGS=")
	}), "CGO_ENABLED=0", "GOFLAGS=-buildvcs=false")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v%s\n%s", strings.Join(args, " "), err, p.outOfTime(), b)
	}
	for _, f := range mustGlob(t, filepath.Join(bin, "*")) {
		if err := staticELF(f); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("static binaries (CGO_ENABLED=0) built in %.1fs", time.Since(start).Seconds())

	// context lays out one build's context: files linked from src → dst.
	context := func(name string, files map[string]string) string {
		dir := filepath.Join(ctxDir, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
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
	var built []string
	build := func(dir, containerfile, image string) {
		t.Helper()
		start := time.Now()
		file := filepath.Join(ctxDir, strings.NewReplacer("/", "_", ":", "_").Replace(image)+".Containerfile")
		if err := os.WriteFile(file, []byte(containerfile), 0o644); err != nil {
			t.Fatal(err)
		}
		p.must(t, append(append([]string{"build", "--format", "docker", "--layers=false", "--pull=never", "-f", file, "-t", image}, p.labels()...), dir)...)
		built = append(built, fmt.Sprintf("%s %.1fs", image, time.Since(start).Seconds()))
	}

	// The build stage's context: every binary, the CA bundle, and what its
	// RUN makes with mkdir, chown and chmod (the base stage's COPY --chown
	// gives data/ to the user).
	files := map[string]string{"ca-certificates.crt": "/etc/ssl/certs/ca-certificates.crt"}
	for _, target := range targets {
		files["out/"+target] = filepath.Join(bin, target)
	}
	buildCtx := context("build", files)
	for d, mode := range map[string]os.FileMode{"rootfs/data": 0o755, "rootfs/tmp": 0o777 | os.ModeSticky} {
		if err := os.MkdirAll(filepath.Join(buildCtx, d), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(buildCtx, d), mode); err != nil {
			t.Fatal(err)
		}
	}
	buildStage, err := os.ReadFile(filepath.Join("testdata", "containers", "build.Containerfile"))
	if err != nil {
		t.Fatal(err)
	}
	preamble, stages := dockerfileStageTexts(t)
	if _, ok := stages["build"]; !ok {
		t.Fatal("deploy/Dockerfile has no stage named build to replace")
	}
	stages["build"] = dockerfileStage{name: "build", from: "scratch", text: string(buildStage)}

	// Stage images in dependency order: a stage after the stages it is FROM
	// or copies --from; targets get the compose file's image names.
	images := map[string]string{}
	stageImage := map[string]string{}
	emptyCtx := context("empty", nil)
	var buildStageImage func(name string, chain []string)
	buildStageImage = func(name string, chain []string) {
		if stageImage[name] != "" {
			return
		}
		if slices.Contains(chain, name) {
			t.Fatalf("deploy/Dockerfile stages form a cycle: %v", append(chain, name))
		}
		st := stages[name]
		for _, dep := range st.deps() {
			if _, ok := stages[dep]; ok {
				buildStageImage(dep, append(chain, name))
			}
		}
		image := fmt.Sprintf("localhost/%s-stage-%s:%s", p.project, name, version)
		for svc, target := range targets {
			if target == name {
				image = project.Services[svc].Image
			}
		}
		dir := emptyCtx
		if name == "build" {
			dir = buildCtx
		}
		build(dir, preamble+st.resolved(stageImage), image)
		stageImage[name] = image
	}
	for _, name := range slices.Sorted(mapKeys(targets)) {
		target := targets[name]
		if _, ok := stages[target]; !ok {
			t.Fatalf("compose builds %s from target %q, which deploy/Dockerfile lacks", name, target)
		}
		buildStageImage(target, nil)
		images[name] = project.Services[name].Image
		checkImageConfig(t, p, images[name], target)
	}

	testdata := mustAbs(t, filepath.Join("testdata", "containers"))
	readTestdata := func(name string) string {
		b, err := os.ReadFile(filepath.Join(testdata, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if s, ok := project.Services["nats"]; ok {
		checkNATSVersion(t, s.Image)
		dir := context("nats", map[string]string{
			"nats-server": filepath.Join(bin, "nats-server"),
			"busybox":     "/bin/busybox",
			"nats.conf":   filepath.Join(repoRoot, "deploy", "nats", "nats.conf"),
		})
		build(dir, readTestdata("nats.Containerfile"), s.Image)
		images["nats"] = s.Image
	}
	dir := context("news", map[string]string{"busybox": "/bin/busybox"})
	build(dir, readTestdata("news.Containerfile"), project.Services["news"].Image)
	images["news"] = project.Services["news"].Image
	t.Logf("images built: %s", strings.Join(built, ", "))
	return images
}

// dockerfileStage is one stage of deploy/Dockerfile as text.
type dockerfileStage struct {
	name, from string
	text       string // from its FROM line to the next stage's
}

var (
	fromLine = regexp.MustCompile(`(?im)^(\s*FROM\s+)(\S+)`)
	copyFrom = regexp.MustCompile(`--from=(\S+)`)
)

// deps are the stages or images a stage is FROM or copies --from.
func (s dockerfileStage) deps() []string {
	deps := []string{s.from}
	for _, m := range copyFrom.FindAllStringSubmatch(s.text, -1) {
		deps = append(deps, m[1])
	}
	return deps
}

// resolved is the stage's text with the stages it names replaced by their
// images.
func (s dockerfileStage) resolved(images map[string]string) string {
	text := fromLine.ReplaceAllStringFunc(s.text, func(m string) string {
		sm := fromLine.FindStringSubmatch(m)
		if img, ok := images[sm[2]]; ok {
			return sm[1] + img
		}
		return m
	})
	return copyFrom.ReplaceAllStringFunc(text, func(m string) string {
		if img, ok := images[strings.TrimPrefix(m, "--from=")]; ok {
			return "--from=" + img
		}
		return m
	})
}

// dockerfileStageTexts splits deploy/Dockerfile into what precedes the
// first stage (parser directives, comments) and its named stages.
func dockerfileStageTexts(t *testing.T) (string, map[string]dockerfileStage) {
	t.Helper()
	var preamble strings.Builder
	stages := map[string]dockerfileStage{}
	var cur *dockerfileStage
	var text strings.Builder
	flush := func() {
		if cur != nil {
			cur.text = text.String()
			stages[cur.name] = *cur
		}
		text.Reset()
	}
	for _, line := range strings.SplitAfter(readRepoFile(t, "deploy/Dockerfile"), "\n") {
		if f := strings.Fields(line); len(f) > 0 && strings.EqualFold(f[0], "FROM") {
			flush()
			if len(f) != 4 || !strings.EqualFold(f[2], "AS") {
				t.Fatalf("deploy/Dockerfile: unnamed stage %q", strings.TrimSpace(line))
			}
			cur = &dockerfileStage{name: f[3], from: f[1]}
		}
		if cur == nil {
			preamble.WriteString(line)
		} else {
			text.WriteString(line)
		}
	}
	flush()
	return preamble.String(), stages
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
	notes     []string             // compose features reproduced only in part
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
				if _, err := p.run(p.ctx, "volume", "exists", vol); err != nil {
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
			if s.Deploy != nil {
				b, _ := json.Marshal(s.Deploy)
				var m map[string]json.RawMessage
				_ = json.Unmarshal(b, &m)
				for k, v := range m {
					if k != "replicas" && !slices.Contains([]string{"{}", "[]", "null"}, string(v)) {
						t.Errorf("compose service %s sets deploy.%s, which this test does not reproduce", name, k)
					}
				}
			}
			if hc := s.HealthCheck; hc != nil && hc.StartInterval != nil {
				r.note("healthcheck start_interval of %s (checks run every interval)", name)
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
				if out, err := p.run(p.ctx, args...); err != nil {
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
	for _, n := range project.Networks {
		if (n.Driver != "" && n.Driver != "bridge") || len(n.Ipam.Config) > 0 || n.Internal || bool(n.External) {
			t.Errorf("network %s: driver, IPAM, internal or external settings are not reproduced", n.Name)
		}
	}
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
		for k, v := range l.Options {
			if k == "max-size" {
				args = append(args, "--log-opt", k+"="+v)
			} else {
				r.note("logging option %s (podman 4.3's json-file driver keeps one file of max-size)", k)
			}
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
		r.note("published ports on free host ports, not the compose file's (the machine's own NATS holds 4222; runs may be concurrent)")
	}
	return args
}

// note records a compose feature reproduced only in part, for the report.
func (r *composeRun) note(format string, args ...any) {
	n := fmt.Sprintf(format, args...)
	r.mu.Lock()
	defer r.mu.Unlock()
	if !slices.Contains(r.notes, n) {
		r.notes = append(r.notes, n)
	}
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
	deadline := r.pm.until(timeout)
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
				t.Fatalf("%s not healthy after %v (%s)%s: %s", svc, timeout, st, r.pm.outOfTime(), r.logs(c.name, 30))
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
