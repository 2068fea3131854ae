package ui

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// A cluster counts its independent reports: a wire copy is the report of
// the article it copies, and an article without a URL is its own source.
func TestReportCounts(t *testing.T) {
	srv, s := newServer(t)
	body := `The island council voted on Thursday to close the old lighthouse road to cars from the first of June, after a
	winter of rockfalls that twice cut the village off from the ferry. Walkers and cyclists will still be allowed on the road,
	and a shuttle bus will run from the harbour every hour during the summer, the council said in a statement. Residents of the
	north end, who depend on the road for deliveries, asked for a permit scheme that the council promised to study.`
	quote := "We cannot keep sending cars along a road that the cliff is taking back piece by piece"
	art := func(id, outlet, text string) contract.Article {
		a := storetest.Article(id, outlet, 9)
		a.Text = text
		if outlet == "" {
			a.URL = ""
		}
		return a
	}
	other := "The shuttle from the harbour will be free for residents of the north end all summer long"
	for _, cs := range []contract.ClaimSet{
		storetest.Set(art("l1", "isle-wire.example", "PORTHAVEN (Wire) — "+body), "1.0", storetest.Quote("l1", quote, "Tomas Rell")),
		storetest.Set(art("l2", "mainland-post.example", body), "1.0", storetest.Quote("l2", quote, "Tomas Rell")),
		storetest.Set(art("l3", "", "A file without a URL."), "1.0", storetest.Quote("l3", other, "Tomas Rell")),
		storetest.Set(art("l4", "", "Another file without a URL."), "1.0", storetest.Quote("l4", other, "Tomas Rell")),
	} {
		if ok, err := s.Apply(context.Background(), cs); err != nil || !ok {
			t.Fatalf("apply %s: %v, %v", cs.Article.ID, ok, err)
		}
	}
	find := func(q string) string {
		page, err := s.Clusters(context.Background(), store.ClusterQuery{Q: q, MinOutlets: 1})
		if err != nil || len(page.Clusters) != 1 {
			t.Fatalf("clusters %q: %+v, %v", q, page, err)
		}
		return page.Clusters[0].ID
	}
	get := func(path string) string {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return string(b)
	}
	for _, tc := range []struct {
		path     string
		contains []string
		lacks    []string
	}{
		{"/clusters/" + find("cliff"), []string{"1 outlet (and 1 wire copy)", "wire copy of isle-wire.example"}, []string{"2 outlets"}},
		{"/clusters/" + find("shuttle"), []string{"2 outlets"}, []string{"0 outlets", "wire copy"}},
		{"/clusters?min_outlets=2&q=shuttle", []string{"2 outlets"}, []string{"0 outlets"}},
	} {
		page := get(tc.path)
		for _, want := range tc.contains {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %q", tc.path, want)
			}
		}
		for _, bad := range tc.lacks {
			if strings.Contains(page, bad) {
				t.Errorf("%s shows %q", tc.path, bad)
			}
		}
	}
}
