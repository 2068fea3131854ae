package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// headingAnchor is GitHub's anchor for a Markdown heading.
func headingAnchor(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	var b strings.Builder
	for _, r := range h {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || ('a' <= r && r <= 'z') || ('0' <= r && r <= '9'):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Every alert links to a section of deploy/README.md that exists, and the
// runbook names the images compose pins (so the two cannot drift apart).
func TestDeployRunbook(t *testing.T) {
	readme := readRepoFile(t, "deploy/README.md")
	anchors := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^#{1,6} (.+)$`).FindAllStringSubmatch(readme, -1) {
		anchors[headingAnchor(m[1])] = true
	}
	files, _ := filepath.Glob(filepath.Join(repoRoot, "deploy/prometheus/rules/*.yml"))
	alerts := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var rf struct {
			Groups []struct {
				Rules []struct {
					Alert       string            `yaml:"alert"`
					Annotations map[string]string `yaml:"annotations"`
				} `yaml:"rules"`
			} `yaml:"groups"`
		}
		if err := yaml.Unmarshal(b, &rf); err != nil {
			t.Fatal(err)
		}
		for _, g := range rf.Groups {
			for _, r := range g.Rules {
				if r.Alert == "" {
					continue
				}
				alerts++
				link := r.Annotations["runbook"]
				file, anchor, _ := strings.Cut(link, "#")
				if file != "deploy/README.md" || !anchors[anchor] {
					t.Errorf("alert %s: runbook %q is not a section of deploy/README.md", r.Alert, link)
				}
				if r.Annotations["summary"] == "" {
					t.Errorf("alert %s has no summary", r.Alert)
				}
			}
		}
	}
	if alerts == 0 {
		t.Fatal("no alerts found")
	}
	p := mustLoadCompose(t, "docker-compose.yml", "deploy/nats-cluster/compose.yml")
	for name, s := range p.Services {
		if s.Build == nil && !strings.Contains(readme, "`"+s.Image+"`") {
			t.Errorf("deploy/README.md does not name %s's image %s", name, s.Image)
		}
	}
}

func TestHeadingAnchor(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"A stage is stalled", "a-stage-is-stalled"},
		{"Fetch errors and silent feeds", "fetch-errors-and-silent-feeds"},
		{"Replay after an extractor upgrade", "replay-after-an-extractor-upgrade"},
		{"Back up (and restore)", "back-up-and-restore"},
	} {
		if got := headingAnchor(tc.in); got != tc.want {
			t.Errorf("headingAnchor(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
