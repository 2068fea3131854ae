package api_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// A replay's report, list and side-by-side article answer as documented;
// the report counts what the replayed version changed.
func TestReplays(t *testing.T) {
	srv, s := server(t)
	ctx := context.Background()
	art, err := s.Article(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	claims := make([]contract.Claim, len(art.Claims))
	for i, c := range art.Claims {
		claims[i] = c.Claim
	}
	// The new version re-attributes the first claim and drops the last.
	sp := *claims[0].Speaker
	sp.Name, sp.Key = "Oskar Lind", ""
	claims[0].Speaker, claims[0].Rule = &sp, "test.rule"
	cs := storetest.Set(art.Article, "9.0", claims[:len(claims)-1]...)
	if _, err := s.ApplyReplay(ctx, "r-api", cs); err != nil {
		t.Fatal(err)
	}
	var list store.ReplayList
	if code := get(t, srv.URL+"/api/replays", &list); code != 200 || len(list.Replays) != 1 || list.Replays[0].ID != "r-api" {
		t.Fatalf("list: %d %+v", code, list)
	}
	var rep store.ReplayReport
	if code := get(t, srv.URL+"/api/replays/r-api", &rep); code != 200 {
		t.Fatalf("report: %d", code)
	}
	if rep.Totals.Reattributed != 1 || rep.Totals.Removed != 1 || len(rep.ChangedArticles) != 1 || len(rep.ChangedArticles[0].Changes) != 2 {
		t.Errorf("report %+v", rep)
	}
	if len(rep.Rules) == 0 || len(rep.Examples["reattributed"]) != 1 {
		t.Errorf("rules %+v, examples %+v", rep.Rules, rep.Examples)
	}
	var side store.ReplayArticleView
	if code := get(t, srv.URL+"/api/replays/r-api/articles/a1", &side); code != 200 || !side.Current ||
		len(side.Old) != len(art.Claims) || len(side.New) != len(art.Claims)-1 {
		t.Errorf("side by side: %d current %v, %d old, %d new", code, side.Current, len(side.Old), len(side.New))
	}
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/api/replays?limit=1", 200},
		{"/api/replays?limit=0", 400},
		{"/api/replays?cursor=%21", 400},
		{"/api/replays?q=x", 400},
		{"/api/replays/r-api?limit=1&outlet=" + url.QueryEscape(art.Outlet), 200},
		{"/api/replays/r-api?cursor=%21", 400},
		{"/api/replays/r-api?kind=quote", 400},
		{"/api/replays/nope", 404},
		{"/api/replays/bad%20id", 400},
		{"/api/replays/r-api/articles/nope", 404},
		{"/api/replays/r-api/articles/a1?x=1", 400},
	} {
		var body map[string]any
		if got := get(t, srv.URL+tc.path, &body); got != tc.want {
			t.Errorf("%s: status %d, want %d (%v)", tc.path, got, tc.want, body)
		}
	}

	del := func(path string) int {
		req, _ := http.NewRequest(http.MethodDelete, srv.URL+path, nil)
		code, _, _ := do(t, req, nil)
		return code
	}
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/api/replays/bad%20id", 400},
		{"/api/replays/r-api?limit=1", 400},
		{"/api/replays/r-api", 200},
		{"/api/replays/r-api", 404},
	} {
		if got := del(tc.path); got != tc.want {
			t.Errorf("DELETE %s: status %d, want %d", tc.path, got, tc.want)
		}
	}
	if code := get(t, srv.URL+"/api/replays", &list); code != 200 || len(list.Replays) != 0 {
		t.Errorf("list after the delete: %d %+v", code, list)
	}
}
