package sqlite_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/sqlite"
)

// TestArrivalOrders measures grouping without the pipeline's noise: which
// clusters form depends on the order articles arrive in, and a run of the
// whole pipeline draws one order by chance. It applies a folder of
// ClaimSets (one JSON file each, as `claimwire extract --url URL PAGE`
// prints them) to a fresh SQLite store in file order (order 0) and in
// CLAIMWIRE_ORDERS_N shuffled orders (seeds 1…N, default 12), and writes
// each store's clusters as GET /api/clusters would list them to
// OUT/<order>/api/clusters. Skipped unless CLAIMWIRE_ORDERS_IN and
// CLAIMWIRE_ORDERS_OUT are set. To score an order with the cluster scorer:
//
//	python3 -m http.server -d OUT/0 PORT &
//	score clusters --api http://127.0.0.1:PORT --gold GOLD --pages PAGES
//
// With CLAIMWIRE_ORDERS_TRACE set, each order's grouping decisions are
// written to OUT/<order>/trace.txt (store.Trace).
//
// (a static server answers /api/clusters?… with that file: the scorer's
// query string is ignored and the list has no next page).
func TestArrivalOrders(t *testing.T) {
	in, out := os.Getenv("CLAIMWIRE_ORDERS_IN"), os.Getenv("CLAIMWIRE_ORDERS_OUT")
	if in == "" || out == "" {
		t.Skip("CLAIMWIRE_ORDERS_IN and CLAIMWIRE_ORDERS_OUT not set")
	}
	n := 12
	if v := os.Getenv("CLAIMWIRE_ORDERS_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatalf("CLAIMWIRE_ORDERS_N: %v", err)
		}
	}
	sets := readClaimSets(t, in)
	for seed := 0; seed <= n; seed++ {
		order := append([]contract.ClaimSet(nil), sets...)
		if seed > 0 {
			r := rand.New(rand.NewSource(int64(seed)))
			r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		dir := filepath.Join(out, strconv.Itoa(seed), "api")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		var lines []string
		if os.Getenv("CLAIMWIRE_ORDERS_TRACE") != "" {
			store.Trace = func(l string) { lines = append(lines, l) }
		}
		clusters := clustersAfter(t, order)
		store.Trace = nil
		if lines != nil {
			if err := os.WriteFile(filepath.Join(out, strconv.Itoa(seed), "trace.txt"), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		b, err := json.Marshal(store.ClusterPage{Clusters: clusters, Total: len(clusters), TotalExact: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "clusters"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readClaimSets reads every *.json file of dir as a ClaimSet, in name order.
func readClaimSets(t *testing.T, dir string) []contract.ClaimSet {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no ClaimSets in %s (%v)", dir, err)
	}
	sort.Strings(files)
	sets := make([]contract.ClaimSet, 0, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var cs contract.ClaimSet
		if err := json.Unmarshal(b, &cs); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		sets = append(sets, cs)
	}
	return sets
}

// clustersAfter applies sets one by one to a fresh store and lists every
// cluster with one outlet or more.
func clustersAfter(t *testing.T, sets []contract.ClaimSet) []store.Cluster {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "orders.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, cs := range sets {
		if _, err := s.Apply(ctx, cs); err != nil {
			t.Fatalf("apply %s: %v", cs.Article.URL, err)
		}
	}
	var all []store.Cluster
	for cursor := ""; ; {
		p, err := s.Clusters(ctx, store.ClusterQuery{MinOutlets: 1, Limit: store.MaxLimit, Cursor: cursor})
		if err != nil {
			t.Fatal(fmt.Errorf("clusters: %w", err))
		}
		all = append(all, p.Clusters...)
		if p.NextCursor == nil {
			return all
		}
		cursor = *p.NextCursor
	}
}
