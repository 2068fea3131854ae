package main

import (
	"bufio"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// dockerInstr is one Dockerfile instruction with its stage.
type dockerInstr struct {
	stage, cmd, args string
}

// parseDockerfile reads deploy/Dockerfile into instructions (continuation
// lines joined, comments dropped).
func parseDockerfile(t *testing.T) []dockerInstr {
	t.Helper()
	var out []dockerInstr
	stage := ""
	sc := bufio.NewScanner(strings.NewReader(readRepoFile(t, "deploy/Dockerfile")))
	var buf strings.Builder
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || (line == "" && buf.Len() == 0) {
			continue
		}
		if s, ok := strings.CutSuffix(line, "\\"); ok {
			buf.WriteString(s + " ")
			continue
		}
		buf.WriteString(line)
		full := buf.String()
		buf.Reset()
		cmd, args, _ := strings.Cut(full, " ")
		cmd = strings.ToUpper(cmd)
		if cmd == "FROM" {
			f := strings.Fields(args)
			stage = ""
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				stage = f[2]
			}
		}
		out = append(out, dockerInstr{stage: stage, cmd: cmd, args: strings.TrimSpace(args)})
	}
	return out
}

func dockerfileStages(t *testing.T) []string {
	var s []string
	for _, in := range parseDockerfile(t) {
		if in.cmd == "FROM" && in.stage != "" {
			s = append(s, in.stage)
		}
	}
	return s
}

// dockerfileEntrypoints maps a stage to the binary its ENTRYPOINT runs.
func dockerfileEntrypoints(t *testing.T) map[string]string {
	m := map[string]string{}
	re := regexp.MustCompile(`^\["([^"]+)"`)
	for _, in := range parseDockerfile(t) {
		if in.cmd == "ENTRYPOINT" {
			if sm := re.FindStringSubmatch(in.args); sm != nil {
				m[in.stage] = sm[1]
			}
		}
	}
	return m
}

func TestDeployDockerfile(t *testing.T) {
	ins := parseDockerfile(t)
	stages := dockerfileStages(t)
	parent := map[string]string{}
	byStage := map[string][]dockerInstr{}
	for _, in := range ins {
		byStage[in.stage] = append(byStage[in.stage], in)
		if in.cmd != "FROM" {
			continue
		}
		image := strings.Fields(in.args)[0]
		parent[in.stage] = image
		if image == "scratch" || slices.Contains(stages, image) {
			continue
		}
		if !pinnedImage.MatchString(image) {
			t.Errorf("FROM %s: third-party base image not pinned to a version", image)
		}
	}
	// root of a stage: follow FROM <stage> chains.
	inherits := func(stage, cmd string) []dockerInstr {
		var got []dockerInstr
		for s := stage; s != ""; s = parent[s] {
			for _, in := range byStage[s] {
				if in.cmd == cmd {
					got = append(got, in)
				}
			}
			if !slices.Contains(stages, parent[s]) {
				break
			}
		}
		return got
	}
	for _, name := range append(slices.Sorted(mapKeys(claimwireServices)), "claimwire") {
		t.Run(name, func(t *testing.T) {
			if !slices.Contains(stages, name) {
				t.Fatalf("no stage %q in deploy/Dockerfile", name)
			}
			users := inherits(name, "USER")
			if len(users) == 0 {
				t.Errorf("stage %s runs as root (no USER)", name)
			}
			for _, u := range users {
				if uid, _, _ := strings.Cut(u.args, ":"); uid == "0" || uid == "root" {
					t.Errorf("stage %s: USER %s", name, u.args)
				}
			}
			if name == "claimwire" {
				return
			}
			hc := inherits(name, "HEALTHCHECK")
			if len(hc) == 0 || !strings.Contains(hc[0].args, "--healthcheck") {
				t.Errorf("stage %s: no self-healthcheck (%v)", name, hc)
			}
		})
	}
	// Static binaries, all the workspace's modules present for `go mod download`.
	text := readRepoFile(t, "deploy/Dockerfile")
	if !strings.Contains(text, "CGO_ENABLED=0") {
		t.Error("binaries are not built with CGO_ENABLED=0 (static)")
	}
	var copied []string
	for _, in := range byStage["build"] {
		if in.cmd == "COPY" && !strings.HasPrefix(in.args, "--from") {
			f := strings.Fields(in.args)
			copied = append(copied, f[:len(f)-1]...)
		}
	}
	mods := []string{"go.work", "go.work.sum"}
	for _, dir := range workspaceModules(t) {
		mods = append(mods, filepath.ToSlash(filepath.Join(dir, "go.mod")))
	}
	for _, m := range mods {
		covered := slices.ContainsFunc(copied, func(c string) bool {
			return c == m || c == filepath.Dir(m) || (filepath.Dir(m) == "." && c == m)
		})
		if !covered {
			t.Errorf("the build stage does not COPY %s (copied %v)", m, copied)
		}
	}
	for _, src := range []string{"pkg", "services", "cmd"} {
		if !slices.Contains(copied, src) {
			t.Errorf("the build stage does not COPY %s", src)
		}
	}
	// .dockerignore must not hide what the build copies.
	for _, line := range strings.Split(readRepoFile(t, ".dockerignore"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, c := range copied {
			if ok, _ := filepath.Match(strings.TrimSuffix(line, "/"), c); ok {
				t.Errorf(".dockerignore %q excludes %s, which the build copies", line, c)
			}
		}
	}
}

// workspaceModules lists the `use` directories of go.work.
func workspaceModules(t *testing.T) []string {
	t.Helper()
	var dirs []string
	in := false
	for _, line := range strings.Split(readRepoFile(t, "go.work"), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "use ("):
			in = true
		case in && line == ")":
			in = false
		case in && line != "":
			dirs = append(dirs, filepath.Clean(line))
		case strings.HasPrefix(line, "use "):
			dirs = append(dirs, filepath.Clean(strings.TrimPrefix(line, "use ")))
		}
	}
	if len(dirs) == 0 {
		t.Fatal("go.work uses no modules")
	}
	return dirs
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
