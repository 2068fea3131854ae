package main

import (
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestDeployImageBuild checks deploy/Dockerfile's build stage without
// Docker: it copies only what the Dockerfile COPYs (minus .dockerignore)
// into an empty folder, resolves the workspace with nothing but the go.mod
// files present, then loads every package the images build with all their
// files (go list -deps fails on a missing import or embed). It builds every
// binary static (CGO_ENABLED=0, in the repo so that the build cache is
// shared with the other tests) and runs each service binary the way compose
// does: env config, --healthcheck as the container healthcheck, SIGTERM to
// stop.
func TestDeployImageBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every binary")
	}
	// A cold build of five static binaries takes minutes on a small machine.
	if d, ok := t.Deadline(); ok && time.Until(d) < 5*time.Minute {
		t.Skipf("less than 5 minutes left before the test timeout (%v); run with a longer -timeout", time.Until(d).Round(time.Second))
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go tool: %v", err)
	}
	ctxDir := t.TempDir()
	ignore := dockerignore(t)
	var copies [][]string // [sources..., dest]
	for _, in := range parseDockerfile(t) {
		if in.stage == "build" && in.cmd == "COPY" && !strings.HasPrefix(in.args, "--") {
			copies = append(copies, strings.Fields(in.args))
		}
	}
	// The user's GOPROXY and GOFLAGS stay: on a fresh machine the module
	// cache lacks the go.mod files of modules no package is built from, and
	// phase 1 below fetches them as the image's `go mod download` would.
	env := append(slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "GOWORK=") || strings.HasPrefix(kv, "CGO_ENABLED=")
	}), "CGO_ENABLED=0", "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -buildvcs=false"))
	goCmd := func(dir string, args ...string) ([]byte, error) {
		cmd := exec.Command(goBin, args...)
		cmd.Dir, cmd.Env = dir, env
		return cmd.CombinedOutput()
	}
	run := func(dir string, args ...string) {
		t.Helper()
		if out, err := goCmd(dir, args...); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	// Phase 1: module files only. The image runs `go mod download` here; the
	// test resolves the same workspace module graph (go list -m all reads
	// only go.mod files) instead of fetching zips.
	srcDirs := 0
	for i, c := range copies {
		if srcDirs == 0 && slices.ContainsFunc(c[:len(c)-1], func(s string) bool { return !strings.Contains(s, "go.") }) {
			srcDirs = i
		}
	}
	if srcDirs == 0 {
		t.Fatal("cannot tell the module-file COPYs from the source COPYs")
	}
	for _, c := range copies[:srcDirs] {
		copyInto(t, ctxDir, c, ignore)
	}
	if out, err := goCmd(ctxDir, "list", "-m", "all"); err != nil {
		if moduleFetchFailed(string(out)) {
			t.Skipf("the module graph's go.mod files are neither in the module cache nor to be had from GOPROXY=%s: skipping the image build check\n%s", goEnv(goBin, "GOPROXY"), out)
		}
		t.Fatalf("go list -m all with only the module files the Dockerfile copies: %v\n%s", err, out)
	}
	// Phase 2: the sources.
	for _, c := range copies[srcDirs:] {
		copyInto(t, ctxDir, c, ignore)
	}
	pkgs := map[string]string{"claimwire": "./cmd/claimwire"}
	for name := range claimwireServices {
		pkgs[name] = "./services/" + name
	}
	names := slices.Sorted(mapKeys(pkgs))
	var all []string
	for _, name := range names {
		if !hasMainPackage(t, filepath.Join(ctxDir, pkgs[name])) {
			t.Fatalf("%s has no main package: the %s image cannot be built", pkgs[name], name)
		}
		all = append(all, pkgs[name])
	}
	run(ctxDir, append([]string{"list", "-deps", "-tags", "timetzdata"}, all...)...)

	outDir := t.TempDir()
	bins := map[string]string{}
	for _, name := range names {
		bin := filepath.Join(outDir, name)
		run(repoRoot, "build", "-tags", "timetzdata", "-ldflags", "-X github.com/claimwire/claimwire/pkg/service.Version=deploytest", "-o", bin, pkgs[name])
		assertStatic(t, bin)
		bins[name] = bin
	}

	// Every CLAIMWIRE_* variable compose sets is one the binary reads: a
	// misspelt name would be silently ignored.
	project := mustLoadCompose(t, "docker-compose.yml", "deploy/nats-cluster/compose.yml")
	for name, bin := range bins {
		if name == "claimwire" {
			continue
		}
		out, _ := exec.Command(bin, "--help").CombinedOutput()
		known := map[string]bool{}
		for _, m := range regexp.MustCompile(`env (CLAIMWIRE_[A-Z0-9_]+)`).FindAllStringSubmatch(string(out), -1) {
			known[m[1]] = true
		}
		if len(known) == 0 {
			t.Errorf("%s --help names no CLAIMWIRE_* variable:\n%s", name, out)
		}
		for k := range composeService(t, project, name).Environment {
			if strings.HasPrefix(k, "CLAIMWIRE_") && !known[k] {
				t.Errorf("compose sets %s on %s, which %s does not read", k, name, name)
			}
		}
	}

	nats := bootDeployNATS(t)
	for name, port := range claimwireServices {
		bin := bins[name]
		if bin == "" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			addr := freeAddr(t)
			env := append(os.Environ(),
				"CLAIMWIRE_NATS_URL="+nats.ClientURL(),
				"CLAIMWIRE_HTTP_ADDR="+addr,
				"CLAIMWIRE_STREAM_PREFIX="+strings.ToUpper(name)+"_",
				"CLAIMWIRE_LOG_FORMAT=json",
				"CLAIMWIRE_DB=sqlite:"+filepath.Join(t.TempDir(), "index.db"),
				// The deploy config refuses anonymous clients; the stream
				// prefix puts each binary outside its own user's
				// permissions, so they log in as admin here
				// (TestDeployNATSAuthPipeline runs them as themselves).
				"CLAIMWIRE_NATS_USER=admin",
				"CLAIMWIRE_NATS_PASSWORD="+os.Getenv(natsPasswordEnv("admin")),
			)
			probe := func() int {
				cmd := exec.Command(bin, "--healthcheck")
				cmd.Env = env
				err := cmd.Run()
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					return ee.ExitCode()
				} else if err != nil {
					t.Fatalf("%s --healthcheck: %v", name, err)
				}
				return 0
			}
			if code := probe(); code != 1 {
				t.Fatalf("--healthcheck with nothing listening exited %d, want 1", code)
			}
			var logs syncBuffer
			svc := exec.Command(bin)
			svc.Env, svc.Stdout, svc.Stderr = env, &logs, &logs
			if err := svc.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- svc.Wait() }()
			defer func() {
				if t.Failed() {
					t.Logf("%s (compose port %s) output:\n%s", name, port, logs.String())
				}
			}()
			deadline := time.Now().Add(30 * time.Second)
			for probe() != 0 {
				select {
				case err := <-exited:
					t.Fatalf("%s exited before it was healthy: %v", name, err)
				default:
				}
				if time.Now().After(deadline) {
					svc.Process.Kill()
					t.Fatalf("%s not healthy after 30 s", name)
				}
				time.Sleep(200 * time.Millisecond)
			}
			// Wait until the stage runs (consumer gauges set; the fetcher's
			// start-up log), so that the stop below drains a running stage.
			// (A SIGTERM during start-up currently exits 1, "context canceled".)
			running := func() bool { return strings.Contains(logs.String(), `"msg":"fetcher running"`) }
			want := "the fetcher's start-up log"
			if name != "fetcher" {
				want = fmt.Sprintf(`claimwire_consumer_pending_messages{stage=%q}`, name)
				running = func() bool { return strings.Contains(httpBody(t, "http://"+addr+"/metrics"), want) }
			}
			for !running() {
				if time.Now().After(deadline) {
					svc.Process.Kill()
					t.Fatalf("%s never showed %s", name, want)
				}
				time.Sleep(200 * time.Millisecond)
			}
			// docker compose stop: SIGTERM, then a clean exit well within stop_grace_period.
			if err := svc.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-exited:
				if err != nil {
					t.Errorf("%s exited with %v after SIGTERM, want 0", name, err)
				}
			case <-time.After(45 * time.Second):
				svc.Process.Kill()
				t.Fatalf("%s did not stop within 45 s of SIGTERM", name)
			}
			if !strings.Contains(logs.String(), `"version":"deploytest"`) {
				t.Errorf("%s did not log the version stamped with -ldflags (-X .../pkg/service.Version)", name)
			}
		})
	}
}

// moduleFetchFailed tells a module download that failed (no network, proxy
// off) from a broken module graph, which is the test's to report.
func moduleFetchFailed(out string) bool {
	for _, s := range []string{"GOPROXY=off", "module lookup disabled", "dial tcp", "no such host", "i/o timeout", "connection refused", "TLS handshake timeout", "proxyconnect"} {
		if strings.Contains(out, s) {
			return true
		}
	}
	return false
}

func goEnv(goBin, name string) string {
	out, _ := exec.Command(goBin, "env", name).Output()
	return strings.TrimSpace(string(out))
}

// dockerignore returns the .dockerignore patterns.
func dockerignore(t *testing.T) []string {
	var pats []string
	for _, line := range strings.Split(readRepoFile(t, ".dockerignore"), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			pats = append(pats, strings.TrimSuffix(strings.TrimPrefix(line, "**/"), "/"))
		}
	}
	return pats
}

func ignored(rel string, pats []string) bool {
	for _, p := range pats {
		for _, cand := range []string{rel, filepath.Base(rel)} {
			if ok, _ := filepath.Match(p, cand); ok {
				return true
			}
		}
		if strings.HasPrefix(rel, p+"/") {
			return true
		}
	}
	return false
}

// copyInto performs one COPY (sources relative to the repo, last field the
// destination) into dst.
func copyInto(t *testing.T, dst string, c []string, ignore []string) {
	t.Helper()
	for _, src := range c[:len(c)-1] {
		matches, _ := filepath.Glob(filepath.Join(repoRoot, src))
		if len(matches) == 0 {
			t.Fatalf("COPY %s: no such file in the repo", src)
		}
		for _, m := range matches {
			rel, _ := filepath.Rel(repoRoot, m)
			err := filepath.WalkDir(m, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				r, _ := filepath.Rel(repoRoot, p)
				if ignored(filepath.ToSlash(r), ignore) {
					if d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if d.IsDir() {
					return nil
				}
				// Files keep their repo-relative place: every COPY in the
				// build stage targets the same relative path.
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				out := filepath.Join(dst, r)
				if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
					return err
				}
				return os.WriteFile(out, b, 0o644)
			})
			if err != nil {
				t.Fatalf("COPY %s: %v", rel, err)
			}
		}
	}
}

func hasMainPackage(t *testing.T, dir string) bool {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err == nil && (strings.Contains(string(b), "\npackage main\n") || strings.HasPrefix(string(b), "package main\n")) {
			return true
		}
	}
	return false
}

// assertStatic fails unless bin is a static ELF (no interpreter, no shared
// libraries): it must run on scratch.
func assertStatic(t *testing.T, bin string) {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatalf("%s: %v", bin, err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s is dynamically linked (has an ELF interpreter)", filepath.Base(bin))
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("%s needs shared libraries %v", filepath.Base(bin), libs)
	}
}

func httpBody(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// syncBuffer collects a child's output while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
