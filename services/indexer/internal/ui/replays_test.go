package ui

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// The replay pages show a replay's totals, its rules and outlets, examples
// with old and new side by side, and one article's two versions.
func TestReplayPages(t *testing.T) {
	srv, s := newServer(t)
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/replays"); code != 200 || !strings.Contains(body, "No replay yet") {
		t.Fatalf("empty list: %d", code)
	}
	ctx := context.Background()
	art, err := s.Article(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	cs := contract.ClaimSet{Schema: 1, Article: art.Article, ExtractorVersion: "7.0"}
	for _, c := range art.Claims {
		cs.Claims = append(cs.Claims, c.Claim)
	}
	sp := *cs.Claims[0].Speaker
	sp.Name, sp.Key = "Oskar Lind", ""
	cs.Claims[0].Speaker, cs.Claims[0].Rule = &sp, "fixture.colon"
	if _, err := s.ApplyReplay(ctx, "ui-r1", cs); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path     string
		status   int
		contains []string
	}{
		{"/replays", 200, []string{`href="/replays/ui-r1"`, `aria-current="page">Replays`}},
		{"/replays/ui-r1", 200, []string{"1 articles re-extracted, 1 changed", "1 re-attributed", "fixture.colon", "Re-attributed (speaker changed)",
			"Khalid Rahman", "Oskar Lind", `href="/replays/ui-r1/articles/a1"`, "harbor-times.example"}},
		{"/replays/ui-r1?outlet=nowhere.example", 200, []string{"No article changed"}},
		{"/replays/ui-r1/articles/a1", 200, []string{"extractor 1.0 → 7.0", "Both versions", "Oskar Lind", "Khalid Rahman", `<span class="tag">re-attributed</span>`}},
		{"/replays/nope", 404, []string{"Not found"}},
		{"/replays/bad%20id", 404, []string{"No such replay"}},
		{"/replays/ui-r1/articles/nope", 404, []string{"Not found"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			code, body := get(tc.path)
			if code != tc.status {
				t.Fatalf("status %d, want %d\n%s", code, tc.status, body)
			}
			for _, c := range tc.contains {
				if !strings.Contains(body, c) {
					t.Errorf("lacks %q", c)
				}
			}
			if strings.Contains(body, ` style="`) {
				t.Errorf("inline style attribute: the CSP blocks it")
			}
		})
	}
}
