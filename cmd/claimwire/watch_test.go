package main

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/index"
)

func TestWatchCommand(t *testing.T) {
	ctx := context.Background()
	st, err := index.OpenStore(ctx, "sqlite:"+filepath.Join(t.TempDir(), "index.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := httptest.NewServer(index.NewHandler(st, nil))
	defer srv.Close()
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := watchCmd(ctx, append(args, "--api", srv.URL), &out)
		return out.String(), err
	}
	for _, tc := range []struct {
		name    string
		args    []string
		want    string
		wantErr error
	}{
		{"speaker", []string{"add", "--speaker", "Wanda Ferreira", "--id", "ferreira", "--webhook", "https://hooks.example.com/x/secret"}, "added watch ferreira (Wanda Ferreira quoted)", nil},
		{"reach", []string{"add", "--query", "ferry strike", "--min-outlets", "3"}, `"ferry strike" reported by 3+ outlets`, nil},
		{"two kinds", []string{"add", "--speaker", "A B", "--query", "x"}, "exactly one of", errUsage},
		{"no kind", []string{"add"}, "exactly one of", errUsage},
		{"refused by the indexer", []string{"add", "--outlet", "a.example"}, "", nil},
		{"unknown verb", []string{"list"}, "unknown watch command", errUsage},
		{"rm without id", []string{"rm"}, "Usage: claimwire watch", errUsage},
		{"help", []string{"--help"}, "--speaker \"Some Name\"", errHelp},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := run(tc.args...)
			if tc.name == "refused by the indexer" {
				if err == nil || !strings.Contains(err.Error(), "repeat watch needs") {
					t.Fatalf("err = %v, want the indexer's reason", err)
				}
				return
			}
			if !errors.Is(err, tc.wantErr) || !strings.Contains(out, tc.want) {
				t.Fatalf("watch %v: err %v (want %v), output:\n%s", tc.args, err, tc.wantErr, out)
			}
		})
	}

	p := time.Date(2026, 5, 2, 8, 0, 0, 0, time.UTC)
	if _, err := st.Apply(ctx, contract.ClaimSet{Schema: 1, ExtractorVersion: "1",
		Article: contract.Article{Schema: 1, ID: "wf1", URL: "https://harbour-post.example/wf1", Outlet: "harbour-post.example", Published: &p, Text: "x"},
		Claims: []contract.Claim{{ID: "wf1-c1", Kind: contract.KindQuote, Text: "The night ferry returns in April", Confidence: 0.9,
			Speaker: &contract.Speaker{Name: "Wanda Ferreira", Type: contract.SpeakerPerson}}}}); err != nil {
		t.Fatal(err)
	}
	out, err := run("ls", "--alerts")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ferreira", "speaker", "https://hooks.example.com/…", "reach", "Wanda Ferreira quoted by harbour-post.example", "webhook pending"} {
		if !strings.Contains(out, want) {
			t.Errorf("ls --alerts lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "secret") {
		t.Errorf("ls shows the webhook's secret path:\n%s", out)
	}
	if out, err := run("rm", "ferreira"); err != nil || !strings.Contains(out, "removed watch ferreira") {
		t.Fatalf("rm: %v %s", err, out)
	}
	if _, err := run("rm", "ferreira"); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("second rm: %v", err)
	}
	out, err = run("ls", "--json")
	if err != nil || strings.Contains(out, "ferreira") || !strings.Contains(out, `"kind": "reach"`) {
		t.Fatalf("ls --json: %v\n%s", err, out)
	}
}
