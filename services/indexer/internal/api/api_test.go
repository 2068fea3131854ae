package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/claimwire/claimwire/services/indexer/internal/api"
	"github.com/claimwire/claimwire/services/indexer/internal/api/openapitest"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/sqlite"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// The validator sees every response of this suite; TestOpenAPICoverage
// checks at the end that each documented endpoint was seen answering.
var validator = func() *openapitest.Validator {
	v, err := openapitest.New()
	if err != nil {
		panic(err)
	}
	return v
}()

func server(t *testing.T) (*httptest.Server, store.Store) {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	// Articles dated relative to now, so that ages ("72h") select some.
	sets := append(storetest.Corpus(), storetest.QueryCorpus()...)
	now := time.Now().UTC().Truncate(time.Hour)
	for i := range sets {
		p := now.Add(-time.Duration(24*(len(sets)-i)) * time.Hour)
		sets[i].Article.Published = &p
		if _, err := s.Apply(context.Background(), sets[i]); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(api.New(s, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	return srv, s
}

// do sends a request, checks the response against the OpenAPI document and
// the security headers, and decodes a JSON body into into.
func do(t *testing.T, req *http.Request, into any) (int, http.Header, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if err := validator.Check(req.Method, req.URL.Path, resp.StatusCode, resp.Header.Get("Content-Type"), b); err != nil {
		t.Errorf("%v\n%s", err, b)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("%s %s: no %s header", req.Method, req.URL, h)
		}
	}
	if into != nil && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, into); err != nil {
			t.Fatalf("%s %s: %v: %s", req.Method, req.URL, err, b)
		}
	}
	return resp.StatusCode, resp.Header, b
}

func get(t *testing.T, u string, into any) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	code, _, _ := do(t, req, into)
	return code
}

func post(t *testing.T, u string, body any, into any) int {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, u, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	code, _, _ := do(t, req, into)
	return code
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
		{"/api/claims?q=engineers&kind=quote&since=2026-03-01&until=2099-04-01T00:00:00Z&limit=1000", 200},
		{"/api/claims?since=72h", 200},
		{"/api/claims?since=7d&until=1h", 200},
		{"/api/claims?since=2w", 200},
		{"/api/claims?since=-5h", 400},
		{"/api/claims?since=0d", 400},
		{"/api/claims?limit=0", 400},
		{"/api/claims?limit=1001", 400},
		{"/api/claims?limit=abc", 400},
		{"/api/claims?kind=opinion", 400},
		{"/api/claims?since=yesterday", 400},
		{"/api/claims?since=2026-04-01&until=2026-03-01", 400},
		{"/api/claims?cursor=%21%21", 400},
		{"/api/claims?q=" + url.QueryEscape(`"unbalanced (* OR`), 200},
		{"/api/claims?sort=size", 400},
		{"/api/claims?q=a&q=b", 400},
		{"/api/claims?speaker=123", 400},
		{"/api/claims?speaker=%25", 400},
		{"/api/claims?speaker=Berg&format=csv", 200},
		{"/api/claims?format=xml", 400},
		{"/api/clusters?min_outlets=2", 200},
		{"/api/clusters?min_outlets=-1", 400},
		{"/api/clusters?cursor=WzFd", 400},
		{"/api/clusters?sort=size", 400},
		{"/api/clusters?sort=newest&since=30d&outlet=tidewater&kind=quote&speaker=Berg&q=pier", 200},
		{"/api/clusters?format=csv", 200},
		{"/api/clusters?color=red", 400},
		{"/api/clusters/" + page.Clusters[0].ID, 200},
		{"/api/clusters/" + page.Clusters[0].ID + "?x=1", 400},
		{"/api/clusters/nope", 404},
		{"/api/articles/a1", 200},
		{"/api/articles/nope", 404},
		{"/api/speakers", 200},
		{"/api/speakers?q=berg&format=csv", 200},
		{"/api/speakers?limit=5000", 400},
		{"/api/speakers?speaker=x", 400},
		{"/api/speakers/ingrid%20berg", 200},
		{"/api/speakers/nobody", 404},
		{"/api/speakers/%2B%2B", 400},
		{"/api/outlets", 200},
		{"/api/outlets?format=csv", 200},
		{"/api/outlets?limit=abc", 400},
		{"/api/aliases", 200},
		{"/api/openapi.json", 200},
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

func TestFilters(t *testing.T) {
	srv, _ := server(t)
	total := func(path string) int {
		t.Helper()
		var page struct {
			Total int `json:"total"`
		}
		if code := get(t, srv.URL+path, &page); code != 200 {
			t.Fatalf("%s: status %d", path, code)
		}
		return page.Total
	}
	cases := []struct {
		path string
		want int
	}{
		{"/api/claims", 17},
		{"/api/claims?speaker=Berg", 4},
		{"/api/claims?speaker=Rahman", 5},
		{"/api/claims?speaker=Khalid+Rahman", 5},
		{"/api/claims?outlet=tidewater", 3},
		{"/api/claims?outlet=www.tidewater.example", 3},
		{"/api/claims?outlet=Tidewater.example", 3},
		{"/api/claims?q=Qureshi", 2},
		{"/api/claims?since=48h", 1},  // the newest article, 24 h ago
		{"/api/claims?until=48h", 16}, // all but it
		{"/api/clusters?outlet=tidewater.example", 3},
		{"/api/clusters?outlet=tidewater.example&min_outlets=2", 2},
		{"/api/clusters?since=48h", 1},
		{"/api/clusters?kind=statistic", 3},
		{"/api/clusters?speaker=Qureshi", 1},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			if got := total(tc.path); got != tc.want {
				t.Fatalf("total %d; want %d", got, tc.want)
			}
		})
	}
}

func TestClustersShapeAndPaging(t *testing.T) {
	srv, _ := server(t)
	for _, sort := range []string{"", "outlets", "newest", "first_seen"} {
		var all []map[string]any
		cursor := ""
		for range 50 {
			var page struct {
				Clusters   []map[string]any `json:"clusters"`
				Total      int              `json:"total"`
				NextCursor *string          `json:"next_cursor"`
			}
			u := srv.URL + "/api/clusters?min_outlets=1&limit=2&sort=" + sort
			if cursor != "" {
				u += "&cursor=" + url.QueryEscape(cursor)
			}
			if code := get(t, u, &page); code != 200 {
				t.Fatalf("status %d", code)
			}
			all = append(all, page.Clusters...)
			if page.NextCursor == nil {
				if len(all) != page.Total {
					t.Fatalf("sort %q: paged %d clusters, total says %d", sort, len(all), page.Total)
				}
				break
			}
			cursor = *page.NextCursor
		}
		if len(all) < 5 {
			t.Fatalf("%d clusters", len(all))
		}
	}
	var page struct {
		Clusters []struct {
			ID      string `json:"id"`
			Speaker *struct {
				Name, Key string
			} `json:"speaker"`
		} `json:"clusters"`
	}
	get(t, srv.URL+"/api/clusters?min_outlets=3", &page)
	if len(page.Clusters) != 1 || page.Clusters[0].Speaker == nil || page.Clusters[0].Speaker.Key != "khalid rahman" {
		t.Fatalf("largest cluster = %+v", page.Clusters)
	}
	var one struct {
		Members []struct {
			Variant bool             `json:"variant"`
			Diff    []map[string]any `json:"diff"`
		} `json:"members"`
	}
	get(t, srv.URL+"/api/clusters/"+page.Clusters[0].ID, &one)
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

func TestCSV(t *testing.T) {
	srv, _ := server(t)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/claims?speaker=Berg&limit=3&format=csv", nil)
	code, h, body := do(t, req, nil)
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || h.Get("X-Next-Cursor") == "" {
		t.Fatalf("status %d, headers %v", code, h)
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 4 || rows[0][0] != "id" || rows[1][3] == "" {
		t.Fatalf("csv = %v, %v", rows, err)
	}
}

func TestAliases(t *testing.T) {
	srv, _ := server(t)
	count := func(speaker string) int {
		var page struct {
			Total int `json:"total"`
		}
		get(t, srv.URL+"/api/claims?speaker="+url.QueryEscape(speaker), &page)
		return page.Total
	}
	if code := post(t, srv.URL+"/api/aliases/merge", map[string]string{"from": "Tomas Berg", "into": "Ingrid Berg"}, nil); code != 400 {
		t.Fatalf("merge without by: %d", code)
	}
	if code := post(t, srv.URL+"/api/aliases/merge", map[string]string{"from": "Tomas Berg", "into": "Ingrid Berg", "by": "desk", "colour": "x"}, nil); code != 400 {
		t.Fatalf("merge with an unknown field: %d", code)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/aliases/merge", strings.NewReader(`{"from":"a","into":"b","by":"c"}`))
	if code, _, _ := do(t, req, nil); code != 415 {
		t.Fatalf("merge without a JSON content type: %d", code)
	}
	req, _ = http.NewRequest(http.MethodPost, srv.URL+"/api/aliases/merge", strings.NewReader(`{"from":"a","into":"b","by":"c"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if code, _, _ := do(t, req, nil); code != 403 {
		t.Fatalf("cross-site merge: %d", code)
	}
	var a store.Alias
	if code := post(t, srv.URL+"/api/aliases/merge", map[string]string{"from": "Tomas Berg", "into": "Ingrid Berg", "by": "desk", "note": "same person"}, &a); code != 201 || a.By != "desk" {
		t.Fatalf("merge: %d %+v", code, a)
	}
	if n := count("Ingrid Berg"); n != 4 {
		t.Fatalf("Ingrid Berg after merge: %d", n)
	}
	var split struct{ Aliases []store.Alias }
	if code := post(t, srv.URL+"/api/aliases/split", map[string]any{"key": "ingrid berg", "articles": []string{"q3"}, "name": "Inga Berg", "by": "desk"}, &split); code != 201 || len(split.Aliases) != 1 {
		t.Fatalf("split: %d %+v", code, split)
	}
	if code := post(t, srv.URL+"/api/aliases/split", map[string]any{"key": "ingrid berg", "articles": []string{"a1"}, "name": "Inga Berg", "by": "desk"}, nil); code != 400 {
		t.Fatalf("split of an article without the speaker: %d", code)
	}
	if n := count("Ingrid Berg"); n != 3 {
		t.Fatalf("Ingrid Berg after split: %d", n)
	}
	if code := post(t, srv.URL+"/api/aliases/remove", map[string]string{"key": "tomas berg", "by": "desk"}, nil); code != 200 {
		t.Fatalf("remove: %d", code)
	}
	if code := post(t, srv.URL+"/api/aliases/remove", map[string]string{"key": "tomas berg", "by": "desk"}, nil); code != 404 {
		t.Fatalf("remove again: %d", code)
	}
	var list store.AliasList
	get(t, srv.URL+"/api/aliases", &list)
	if len(list.Aliases) != 1 || len(list.History) != 3 || list.History[0].Action != "remove" || list.History[0].By != "desk" {
		t.Fatalf("aliases = %+v", list)
	}
	var sp store.SpeakerDetail
	if code := get(t, srv.URL+"/api/speakers/inga%20berg", &sp); code != 200 || sp.Claims != 1 || len(sp.Aliases) != 1 {
		t.Fatalf("split speaker: %d %+v", code, sp)
	}
}

func TestErrorTextTruncatedOnRuneBoundary(t *testing.T) {
	srv, _ := server(t)
	long := strings.Repeat("é", 90) // 180 bytes: under the speaker limit, over the message bound once quoted twice
	var body struct {
		Error string `json:"error"`
	}
	get(t, srv.URL+"/api/claims?"+url.Values{"speaker": {strings.Repeat("€", 66)}, "zzz": {long}}.Encode(), &body)
	if !utf8.ValidString(body.Error) || body.Error == "" {
		t.Fatalf("error text %q", body.Error)
	}
	for _, n := range []int{0, 1, 2, 3, 10} {
		s := api.Truncate(strings.Repeat("€", 10), n)
		if !utf8.ValidString(s) || len(s) > n+len("…") {
			t.Errorf("Truncate(%d) = %q", n, s)
		}
	}
}

func TestParseAge(t *testing.T) {
	now := time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"72h":                  now.Add(-72 * time.Hour),
		"90m":                  now.Add(-90 * time.Minute),
		"7d":                   now.AddDate(0, 0, -7),
		"2w":                   now.AddDate(0, 0, -14),
		"2026-05-01":           time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC),
		"2026-05-01T10:00:00Z": time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC),
	} {
		got, err := api.ParseTime(in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "h", "3x", "-2d", "0h", "d", "yesterday"} {
		if _, err := api.ParseTime(bad, now); err == nil {
			t.Errorf("ParseTime(%q) accepted", bad)
		}
	}
}

func TestWatches(t *testing.T) {
	srv, s := server(t)
	page, err := s.Clusters(context.Background(), store.ClusterQuery{MinOutlets: 2, Kind: "quote"})
	if err != nil || len(page.Clusters) == 0 {
		t.Fatal(err)
	}
	var w store.Watch
	if code := post(t, srv.URL+"/api/watches", map[string]any{"id": "rahman", "kind": "speaker", "speaker": "Khaleed Rahman",
		"webhook": "https://hooks.example.com/services/T0/secret"}, &w); code != 201 || w.SpeakerKey != "khalid rahman" || w.Webhook != "https://hooks.example.com/…" {
		t.Fatalf("POST speaker watch: %d %+v", code, w)
	}
	if code := post(t, srv.URL+"/api/watches", map[string]any{"kind": "variant", "cluster": page.Clusters[0].ID}, &w); code != 201 || w.ID == "" {
		t.Fatalf("POST variant watch: %d %+v", code, w)
	}
	for _, bad := range []map[string]any{
		{"kind": "speaker"},
		{"kind": "variant", "cluster": "nope"},
		{"kind": "reach", "query": "dam", "min_outlets": 1},
		{"kind": "speaker", "speaker": "X Y", "colour": "red"},
		{"id": "rahman", "kind": "speaker", "speaker": "Khalid Rahman"},
	} {
		if code := post(t, srv.URL+"/api/watches", bad, nil); code != 400 {
			t.Errorf("POST %v: %d, want 400", bad, code)
		}
	}
	var list store.WatchList
	if code := get(t, srv.URL+"/api/watches", &list); code != 200 || len(list.Watches) != 2 {
		t.Fatalf("GET /api/watches: %d %+v", code, list)
	}

	a := storetest.Article("w1", "delta-news.example", 9)
	if _, err := s.Apply(context.Background(), storetest.Set(a, "1",
		storetest.Quote("w1", "The flood barrier on the east bank will be raised by a metre", "Khalid Rahman"))); err != nil {
		t.Fatal(err)
	}
	var alerts store.AlertPage
	if code := get(t, srv.URL+"/api/alerts?watch=rahman&kind=speaker&limit=10", &alerts); code != 200 || len(alerts.Alerts) != 1 ||
		alerts.Alerts[0].ArticleID != "w1" || alerts.Alerts[0].Delivery == nil || alerts.Alerts[0].Delivery.Webhook != store.WebhookPending {
		t.Fatalf("GET /api/alerts: %d %+v", code, alerts)
	}
	for _, u := range []string{"/api/alerts?kind=keyword", "/api/alerts?limit=0", "/api/alerts?colour=red", "/api/alerts?cursor=bm90IGpzb24"} {
		if code := get(t, srv.URL+u, nil); code != 400 {
			t.Errorf("GET %s: %d, want 400", u, code)
		}
	}

	del := func(id string) int {
		req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/api/watches/"+id, nil)
		code, _, _ := do(t, req, nil)
		return code
	}
	if code := del("rahman"); code != 200 {
		t.Fatalf("DELETE: %d", code)
	}
	if code := del("rahman"); code != 404 {
		t.Fatalf("second DELETE: %d, want 404", code)
	}
	if code := get(t, srv.URL+"/api/alerts", &alerts); code != 200 || len(alerts.Alerts) != 1 {
		t.Fatalf("alerts after the watch went: %d %+v", code, alerts)
	}
}

// TestOpenAPICoverage runs last in this file's order: every documented
// path answered 200 (or 201) at least once and was validated.
func TestOpenAPICoverage(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	seen := validator.Seen()
	for path, ops := range doc.Paths {
		for method := range ops {
			m := strings.ToUpper(method)
			if seen[m+" "+path+" 200"] == 0 && seen[m+" "+path+" 201"] == 0 {
				t.Errorf("%s %s: no successful response checked against the document", m, path)
			}
		}
	}
}
