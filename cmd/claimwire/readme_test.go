package main

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadmeFirstHour replays the README's "Two commands" and "Use it"
// sections in a fresh copy of the repository (its tracked and untracked
// files, with ../shared beside it) as a new user would: `go run … up`,
// then every line of "Use it" in order — build, ingest the seeds with
// --wait, each curl, the web UI, status — and Ctrl-C. Ports are moved off
// the defaults through the variables the README names, so that the test
// runs beside anything else on the machine; the URLs the README shows are
// rewritten to them. A line the test cannot replay fails it: the README
// and this test change together.
func TestReadmeFirstHour(t *testing.T) {
	if testing.Short() {
		t.Skip("builds claimwire and runs the README's commands")
	}
	readme := readRepoFile(t, "README.md")
	shared, err := filepath.Abs(filepath.Join(repoRoot, "..", "shared"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(shared, "seeds")); err != nil {
		t.Skipf("no ../shared/seeds beside the repo: the README ingests them (%v)", err)
	}
	two := shellLines(t, readmeSection(t, readme, "Two commands"))
	use := shellLines(t, readmeSection(t, readme, "Use it"))
	if len(two) != 2 || two[0] != "go run ./cmd/claimwire up" || two[1] != "go test github.com/claimwire/claimwire/..." {
		t.Fatalf("Two commands are %q: update this test with the README", two)
	}

	root := t.TempDir()
	clone := filepath.Join(root, "claimwire")
	copyRepo(t, clone)
	if err := os.Symlink(shared, filepath.Join(root, "shared")); err != nil {
		t.Fatal(err)
	}
	httpAddr := freeAddr(t)
	_, natsPort, _ := net.SplitHostPort(freeAddr(t))
	env := append(os.Environ(),
		"CLAIMWIRE_HTTP_ADDR="+httpAddr, "CLAIMWIRE_NATS_PORT="+natsPort,
		"CLAIMWIRE_NATS_URL=nats://127.0.0.1:"+natsPort, "CLAIMWIRE_API=http://"+httpAddr)

	// `go run ./cmd/claimwire up` (the second command is this test run).
	var upOut syncBuffer
	up := exec.Command("go", "run", "./cmd/claimwire", "up")
	up.Dir, up.Env, up.Stdout, up.Stderr = clone, env, &upOut, &upOut
	up.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // Ctrl-C reaches go run and claimwire
	if err := up.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- up.Wait() }()
	stopped := false
	defer func() {
		if !stopped {
			syscall.Kill(-up.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		if t.Failed() {
			t.Logf("claimwire up output:\n%s", upOut.String())
		}
	}()
	deadline := time.Now().Add(5 * time.Minute) // go run compiles first
	for !strings.Contains(upOut.String(), "claimwire is up.") {
		select {
		case err := <-exited:
			stopped = true
			t.Fatalf("up exited before it was up: %v", err)
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("up did not print its banner within 5 minutes")
		}
	}
	if !strings.Contains(upOut.String(), "--api http://"+httpAddr) {
		t.Errorf("the banner does not give ingest the API this up serves (%s)", httpAddr)
	}

	// "Use it", line by line.
	for _, line := range use {
		args := strings.Fields(line)
		t.Logf("$ %s", line)
		switch args[0] {
		case "go":
			cmd := exec.Command(args[0], args[1:]...)
			cmd.Dir, cmd.Env = clone, env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", line, err, out)
			}
		case "./claimwire":
			cmd := exec.Command(filepath.Join(clone, "claimwire"), args[1:]...)
			cmd.Dir, cmd.Env = clone, env
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", line, err, out)
			}
			if args[1] == "status" {
				for _, want := range []string{"PAGES", "indexer", "DEAD LETTERS: 0"} {
					if !strings.Contains(string(out), want) {
						t.Errorf("status lacks %q:\n%s", want, out)
					}
				}
			}
		case "curl":
			u := readmeURL(t, args[1], httpAddr)
			var body map[string]json.RawMessage
			resp := mustGet(t, u)
			if err := json.Unmarshal(resp, &body); err != nil {
				t.Fatalf("%s: not JSON: %v\n%s", line, err, resp)
			}
			// Each list the README shows has something in it after the seeds.
			for key, v := range body {
				var list []json.RawMessage
				if json.Unmarshal(v, &list) == nil && len(list) == 0 && key != "next_cursor" {
					t.Errorf("%s: %q is empty", line, key)
				}
			}
		case "open":
			if page := mustGet(t, readmeURL(t, args[1], httpAddr)); !strings.Contains(strings.ToLower(string(page)), "<html") {
				t.Errorf("%s: not a web page:\n%.300s", line, page)
			}
		default:
			t.Fatalf("README line %q: this test does not know how to replay it", line)
		}
	}

	// Ctrl-C: claimwire drains and stops cleanly. (`go run` itself exits 1
	// after an interrupt whatever its program did, so the log tells.)
	syscall.Kill(-up.Process.Pid, syscall.SIGINT)
	select {
	case <-exited:
		stopped = true
	case <-time.After(60 * time.Second):
		t.Fatal("up did not stop within 60 s of Ctrl-C")
	}
	out := upOut.String()
	if !strings.Contains(out, "msg=stopped") || strings.Contains(out, "level=ERROR") || strings.Contains(out, "claimwire up:") {
		t.Error("up did not stop cleanly after Ctrl-C")
	}
}

// TestReadmeManifestExample checks the README's manifest.tsv example: the
// files it names get its URLs.
func TestReadmeManifestExample(t *testing.T) {
	readme := readRepoFile(t, "README.md")
	m := regexp.MustCompile("(?s)```tsv\n(.*?)```").FindStringSubmatch(readme)
	if m == nil {
		t.Fatal("README has no ```tsv manifest example")
	}
	dir := t.TempDir()
	lines := strings.Split(strings.TrimSpace(m[1]), "\n")
	if err := os.WriteFile(filepath.Join(dir, "manifest.tsv"), []byte(m[1]), 0o644); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for i, l := range lines[1:] {
		cols := strings.Split(l, "\t")
		if len(cols) < 2 {
			t.Fatalf("manifest line %q is not tab-separated", l)
		}
		ext := []string{".html", ".txt"}[i%2]
		path := filepath.Join(dir, cols[0]+ext)
		if err := os.WriteFile(path, []byte("text"), 0o644); err != nil {
			t.Fatal(err)
		}
		want[path] = cols[1]
	}
	items, _, err := collect([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != len(want) {
		t.Fatalf("collected %d files, want %d", len(items), len(want))
	}
	for _, it := range items {
		if it.url != want[it.path] || it.url == "" {
			t.Errorf("%s: URL %q, want %q", it.path, it.url, want[it.path])
		}
	}
}

// readmeSection is the text under "## name" up to the next "## ".
func readmeSection(t *testing.T, readme, name string) string {
	t.Helper()
	i := strings.Index(readme, "\n## "+name+"\n")
	if i < 0 {
		t.Fatalf("README has no section %q", name)
	}
	rest := readme[i+len(name)+5:]
	if j := strings.Index(rest, "\n## "); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// shellLines are the commands of a section's ```sh blocks, comments dropped.
func shellLines(t *testing.T, section string) []string {
	var out []string
	for _, m := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(section, -1) {
		for _, l := range strings.Split(m[1], "\n") {
			if i := strings.Index(l, " #"); i >= 0 {
				l = l[:i]
			}
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("section has no ```sh commands")
	}
	return out
}

// readmeURL is a URL the README shows, on the test's port.
func readmeURL(t *testing.T, quoted, httpAddr string) string {
	u := strings.Trim(quoted, `'"`)
	if !strings.HasPrefix(u, "http://127.0.0.1:8080") {
		t.Fatalf("README URL %q is not on up's default address", u)
	}
	return "http://" + httpAddr + strings.TrimPrefix(u, "http://127.0.0.1:8080")
}

func mustGet(t *testing.T, u string) []byte {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", u, resp.Status, b)
	}
	return b
}

// copyRepo copies the repository's tracked and untracked (not ignored)
// files to dst: a fresh clone, with the work not committed yet.
func copyRepo(t *testing.T, dst string) {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = repoRoot
	out, err := cmd.Output()
	var ee *exec.ExitError
	if errors.As(err, &ee) || errors.Is(err, exec.ErrNotFound) {
		t.Skipf("git ls-files: %v: cannot copy the repository", err)
	} else if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		src := filepath.Join(repoRoot, name)
		b, err := os.ReadFile(src)
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted, not yet committed
		} else if err != nil {
			t.Fatal(err)
		}
		fi, _ := os.Stat(src)
		p := filepath.Join(dst, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n == 0 {
		t.Fatal("git ls-files listed no file")
	}
	t.Logf("copied %d files of the repository", n)
}
