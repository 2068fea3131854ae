package ui

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

func TestAlertsPage(t *testing.T) {
	srv, s := newServer(t)
	ctx := context.Background()
	page := func(path string) string {
		t.Helper()
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
	if body := page("/alerts"); !strings.Contains(body, "No watches yet") || !strings.Contains(body, `aria-current="page">Alerts`) {
		t.Fatalf("empty alerts page:\n%s", body)
	}
	for _, w := range []store.Watch{
		{ID: "okafor", Kind: store.WatchSpeaker, Speaker: "Chidi Okafor", Webhook: "https://hooks.example.com/a/b"},
		{ID: "tolls", Kind: store.WatchReach, Query: "toll", MinOutlets: 4, Note: "for the evening desk"},
	} {
		if _, err := s.AddWatch(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Apply(ctx, storetest.Set(storetest.Article("ok1", "river-news.example", 8), "1",
		storetest.Quote("ok1", "The toll bridge will be free for pupils <from> September", "Chidi Okafor"))); err != nil {
		t.Fatal(err)
	}
	body := page("/alerts")
	for _, want := range []string{"Chidi Okafor is quoted", "reported by 4 or more outlets", "for the evening desk", "https://hooks.example.com/…",
		"Chidi Okafor quoted by river-news.example", "webhook pending", `href="/articles/ok1"`, "&lt;from&gt;"} {
		if !strings.Contains(body, want) {
			t.Errorf("alerts page lacks %q", want)
		}
	}
	if body := page("/alerts?watch=tolls"); strings.Contains(body, "quoted by river-news.example") || !strings.Contains(body, "No alerts for this watch") {
		t.Errorf("alerts of one watch show another's:\n%s", body)
	}
}
