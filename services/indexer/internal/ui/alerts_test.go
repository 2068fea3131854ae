package ui

import (
	"context"
	"io"
	"net/http"
	"net/url"
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

// TestAlertsPageManagesWatches: the form adds a watch (then shows its
// alerts), says what is wrong with a refused one and keeps what was typed,
// refuses a POST from another site, and removes a watch.
func TestAlertsPageManagesWatches(t *testing.T) {
	srv, s := newServer(t)
	ctx := context.Background()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(path string, form url.Values, header http.Header) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for k, v := range header {
			req.Header[k] = v
		}
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	sameSite := http.Header{"Sec-Fetch-Site": {"same-origin"}}

	resp, _ := post("/alerts/watches", url.Values{"kind": {"speaker"}, "speaker": {"Ines Duarte"}, "note": {"ferry strike"}}, sameSite)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/alerts?watch=") {
		t.Fatalf("add: %d, Location %q; want 303 to the watch's alerts", resp.StatusCode, resp.Header.Get("Location"))
	}
	ws, err := s.Watches(ctx)
	if err != nil || len(ws.Watches) != 1 || ws.Watches[0].Speaker != "Ines Duarte" || ws.Watches[0].Note != "ferry strike" {
		t.Fatalf("watches after the form = %+v, %v", ws.Watches, err)
	}
	id := ws.Watches[0].ID

	resp, body := post("/alerts/watches", url.Values{"kind": {"reach"}, "query": {"ferry fares"}, "min_outlets": {"many"}}, sameSite)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "whole number") || !strings.Contains(body, `value="ferry fares"`) {
		t.Errorf("a bad count: %d; want 400 saying why, the words kept:\n%s", resp.StatusCode, body)
	}
	resp, body = post("/alerts/watches", url.Values{"kind": {"variant"}}, sameSite)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="watch-problem"`) {
		t.Errorf("a variant watch without its cluster: %d; want 400 with the problem shown:\n%s", resp.StatusCode, body)
	}

	resp, _ = post("/alerts/watches/"+id+"/remove", nil, http.Header{"Sec-Fetch-Site": {"cross-site"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a cross-site remove: %d; want 403", resp.StatusCode)
	}
	if ws, _ := s.Watches(ctx); len(ws.Watches) != 1 {
		t.Fatalf("a cross-site POST removed the watch")
	}
	resp, _ = post("/alerts/watches/"+id+"/remove", nil, sameSite)
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("remove: %d; want 303", resp.StatusCode)
	}
	if ws, _ := s.Watches(ctx); len(ws.Watches) != 0 {
		t.Errorf("watches after remove = %+v", ws.Watches)
	}
}
