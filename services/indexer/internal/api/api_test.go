package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/claimwire/claimwire/services/indexer/internal/api"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/sqlite"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

func server(t *testing.T) (*httptest.Server, store.Store) {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, cs := range storetest.Corpus() {
		if _, err := s.Apply(context.Background(), cs); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(api.New(s, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	return srv, s
}

func get(t *testing.T, u string, into any) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("GET %s: content type %q", u, ct)
	}
	if into != nil {
		if err := json.Unmarshal(b, into); err != nil {
			t.Fatalf("GET %s: %v: %s", u, err, b)
		}
	}
	return resp.StatusCode
}

func TestStatus(t *testing.T) {
	srv, s := server(t)
	page, err := s.Clusters(context.Background(), store.ClusterQuery{MinOutlets: 2})
	if err != nil || len(page.Clusters) == 0 {
		t.Fatal(err)
	}
	cases := []struct {
		path string
		want int
	}{
		{"/api/claims", 200},
		{"/api/claims?q=engineers&kind=quote&since=2026-03-01&until=2026-04-01T00:00:00Z&limit=1000", 200},
		{"/api/claims?limit=0", 400},
		{"/api/claims?limit=1001", 400},
		{"/api/claims?limit=abc", 400},
		{"/api/claims?kind=opinion", 400},
		{"/api/claims?since=yesterday", 400},
		{"/api/claims?since=2026-04-01&until=2026-03-01", 400},
		{"/api/claims?cursor=%21%21", 400},
		{"/api/claims?q=" + url.QueryEscape(`"unbalanced (* OR`), 200},
		{"/api/clusters?min_outlets=2", 200},
		{"/api/clusters?min_outlets=-1", 400},
		{"/api/clusters?cursor=WzFd", 400},
		{"/api/clusters/" + page.Clusters[0].ID, 200},
		{"/api/clusters/nope", 404},
		{"/api/articles/a1", 200},
		{"/api/articles/nope", 404},
		{"/api/speakers", 200},
		{"/api/speakers?limit=5000", 400},
		{"/api/nothing", 404},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			var body map[string]any
			if got := get(t, srv.URL+tc.path, &body); got != tc.want {
				t.Fatalf("status %d; want %d (%v)", got, tc.want, body)
			}
			if tc.want >= 400 && body["error"] == "" {
				t.Fatalf("error body without message: %v", body)
			}
		})
	}
}

func TestClustersShapeAndPaging(t *testing.T) {
	srv, _ := server(t)
	var all []map[string]any
	cursor := ""
	for range 50 {
		var page struct {
			Clusters   []map[string]any `json:"clusters"`
			NextCursor *string          `json:"next_cursor"`
		}
		u := srv.URL + "/api/clusters?min_outlets=1&limit=2"
		if cursor != "" {
			u += "&cursor=" + url.QueryEscape(cursor)
		}
		if code := get(t, u, &page); code != 200 {
			t.Fatalf("status %d", code)
		}
		all = append(all, page.Clusters...)
		if page.NextCursor == nil {
			break
		}
		cursor = *page.NextCursor
	}
	if len(all) < 5 {
		t.Fatalf("%d clusters", len(all))
	}
	for _, key := range []string{"id", "kind", "speaker", "text", "outlets", "articles", "first_seen", "members"} {
		if _, ok := all[0][key]; !ok {
			t.Errorf("cluster lacks %q: %v", key, all[0])
		}
	}
	m := all[0]["members"].([]any)[0].(map[string]any)
	for _, key := range []string{"claim_id", "article_id", "url", "outlet", "text", "variant"} {
		if _, ok := m[key]; !ok {
			t.Errorf("member lacks %q: %v", key, m)
		}
	}
	var one struct {
		Members []struct {
			Variant bool             `json:"variant"`
			Diff    []map[string]any `json:"diff"`
		} `json:"members"`
	}
	get(t, srv.URL+"/api/clusters/"+all[0]["id"].(string), &one)
	diffs := 0
	for _, m := range one.Members {
		if m.Variant && len(m.Diff) > 0 {
			diffs++
		}
	}
	if diffs == 0 {
		t.Fatalf("largest cluster has no variant with a diff: %+v", one)
	}
}

func TestClaimsShape(t *testing.T) {
	srv, _ := server(t)
	var page struct {
		Claims     []map[string]any `json:"claims"`
		NextCursor *string          `json:"next_cursor"`
	}
	get(t, srv.URL+"/api/claims?speaker=Khalid+Rahman", &page)
	if len(page.Claims) != 5 || page.NextCursor != nil {
		t.Fatalf("got %d claims, next %v", len(page.Claims), page.NextCursor)
	}
	for _, key := range []string{"id", "kind", "text", "sentence", "start", "end", "speaker", "article_id", "url", "outlet", "published", "cluster_id"} {
		if _, ok := page.Claims[0][key]; !ok {
			t.Errorf("claim lacks %q", key)
		}
	}
}
