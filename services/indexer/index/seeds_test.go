package index_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/index"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// sharedDir finds ../shared above the repository.
func sharedDir(t *testing.T) string {
	dir, _ := filepath.Abs(".")
	for range 8 {
		if st, err := os.Stat(filepath.Join(dir, "shared", "eval", "score")); err == nil && !st.IsDir() {
			return filepath.Join(dir, "shared")
		}
		dir = filepath.Dir(dir)
	}
	t.Skip("../shared (seeds and scorer) not found: skipping the seed measurement")
	return ""
}

// TestSeedClusters measures grouping end to end: `claimwire extract` over the
// shared seed pages, Apply into a SQLite store, serve the API and run the
// shared cluster scorer against it. It needs a built binary:
//
//	go build -o /tmp/cw-index ./cmd/claimwire && CLAIMWIRE_BIN=/tmp/cw-index go test -run SeedClusters -v ./services/indexer/index
func TestSeedClusters(t *testing.T) {
	bin := os.Getenv("CLAIMWIRE_BIN")
	if bin == "" {
		t.Skip("CLAIMWIRE_BIN not set: skipping the seed cluster measurement")
	}
	shared := sharedDir(t)
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 not found: skipping the seed cluster measurement")
	}
	ctx := context.Background()
	st, err := index.OpenStore(ctx, "sqlite:"+filepath.Join(t.TempDir(), "seeds.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pages, _ := filepath.Glob(filepath.Join(shared, "seeds", "*.txt"))
	for _, p := range pages {
		out, err := exec.Command(bin, "extract", p).Output()
		if err != nil {
			t.Fatalf("extract %s: %v", p, err)
		}
		var cs contract.ClaimSet
		if err := json.Unmarshal(out, &cs); err != nil {
			t.Fatalf("extract %s: %v", p, err)
		}
		if _, err := st.Apply(ctx, cs); err != nil {
			t.Fatalf("apply %s: %v", p, err)
		}
	}
	srv := httptest.NewServer(index.NewHandler(st, slog.New(slog.DiscardHandler)))
	defer srv.Close()
	out, err := exec.Command("python3", filepath.Join(shared, "eval", "score"), "clusters", "--api", srv.URL).CombinedOutput()
	if err != nil {
		t.Fatalf("score: %v\n%s", err, out)
	}
	t.Logf("%d pages\n%s", len(pages), strings.TrimSpace(string(out)))
	if os.Getenv("CLAIMWIRE_DUMP") != "" {
		page, err := st.Clusters(ctx, store.ClusterQuery{Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Clusters {
			if len(c.Members) < 2 {
				continue
			}
			var b strings.Builder
			for _, m := range c.Members {
				fmt.Fprintf(&b, "\n   %s %v %.100s", m.ArticleID[:4], m.Variant, m.Text)
			}
			t.Logf("cluster %s %s%s", c.ID, c.Kind, b.String())
		}
	}
}
