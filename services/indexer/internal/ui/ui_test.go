package ui

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

func TestHighlight(t *testing.T) {
	text := "Alpha said “one”.\n\nBeta said two. Gamma: three"
	one := strings.Index(text, "one")
	cases := []struct {
		name   string
		claims []store.ClaimView
		want   []string // paragraphs, claims in [brackets]
	}{
		{"none", nil, []string{"Alpha said “one”.", "Beta said two. Gamma: three"}},
		{"one claim", []store.ClaimView{{Claim: claim(one, one+3)}}, []string{"Alpha said “[one]”.", "Beta said two. Gamma: three"}},
		{"at the end", []store.ClaimView{{Claim: claim(len(text)-5, len(text))}}, []string{"Alpha said “one”.", "Beta said two. Gamma: [three]"}},
		{"out of range and overlapping ignored", []store.ClaimView{{Claim: claim(one, one+3)}, {Claim: claim(one+1, one+2)}, {Claim: claim(5, 500)}, {Claim: claim(-1, 3)}},
			[]string{"Alpha said “[one]”.", "Beta said two. Gamma: three"}},
		{"inside a rune ignored", []store.ClaimView{{Claim: claim(one-2, one+3)}}, []string{"Alpha said “one”.", "Beta said two. Gamma: three"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, p := range highlight(text, tc.claims) {
				var b strings.Builder
				for _, s := range p {
					if s.Claim != nil {
						b.WriteString("[" + s.Text + "]")
					} else {
						b.WriteString(s.Text)
					}
				}
				got = append(got, b.String())
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("got %q; want %q", got, tc.want)
			}
		})
	}
}

func claim(start, end int) contract.Claim {
	return contract.Claim{ID: "x", Kind: "quote", Start: start, End: end}
}

func TestPages(t *testing.T) {
	srv, s := newServer(t)
	page, err := s.Clusters(context.Background(), store.ClusterQuery{MinOutlets: 3, Q: "engineers"})
	if err != nil || len(page.Clusters) != 1 {
		t.Fatalf("clusters: %v, %v", page, err)
	}
	cid := page.Clusters[0].ID
	stat, err := s.Clusters(context.Background(), store.ClusterQuery{Kind: "statistic", Q: "workers", MinOutlets: 2})
	if err != nil || len(stat.Clusters) != 1 {
		t.Fatalf("statistic clusters: %+v, %v", stat, err)
	}
	cases := []struct {
		path     string
		status   int
		contains []string
		lacks    []string
	}{
		{"/", 200, []string{"Reported by several outlets", `aria-current="page">Search`}, nil},
		{"/?q=engineers", 200, []string{"ignored every warning", `<mark class="term">engineers</mark>`, "Showing 1–"}, nil},
		{"/?q=zeppelin", 200, []string{"No claims match"}, nil},
		{"/?kind=bogus", 400, []string{"kind must be"}, nil},
		{"/?speaker=123", 400, []string{"must contain a letter"}, nil},
		{"/?since=72h", 200, []string{"Claims"}, nil},
		{"/?since=soon", 400, []string{"since"}, nil},
		{"/?speaker=Velde", 200, []string{"Showing 1–50 of", `rel="next"`, "format=csv"}, nil},
		{"/clusters", 200, []string{"Showing 1–", `id="cluster-list"`, `aria-current="page">Clusters`}, nil},
		{"/clusters?outlet=coastline-daily.example&sort=newest", 200, []string{"load a single ship"}, []string{"engineers"}},
		{"/clusters?min_outlets=abc", 400, []string{"min_outlets"}, nil},
		{"/clusters?sort=size", 400, []string{"sort must be"}, nil},
		{"/clusters/" + cid, 200, []string{`<mark class="ins">`, "<svg class=\"timeline\"", "First reported by", "original ↗"}, nil},
		{"/clusters/" + stat.Clusters[0].ID, 200, []string{"The figure each outlet gave", "4,000 workers", "differs", "Who cited whom", "Harbour Radio"}, nil},
		{"/clusters/nope", 404, []string{"Not found"}, nil},
		{"/articles/a1", 200, []string{`class="hl kind-quote"`}, nil},
		{"/articles/h3", 200, []string{`class="hl kind-reported"`, `<span class="text reported">`, "read the original", `id="legend"`}, []string{`<q class="text">the union would not`}},
		{"/articles/h1", 200, []string{"One quotation in 2 parts", "rule fixture.quote", `href="/speakers/sean%20obrien"`}, nil},
		{"/articles/nope", 404, []string{"Not found"}, nil},
		{"/speakers", 200, []string{"Amara Velde", `id="speaker-list"`}, nil},
		{"/speakers?q=o%27brien", 200, []string{"Sean O"}, []string{"Amara"}},
		{"/speakers?q=%25", 200, []string{"No speaker matches"}, nil},
		{"/speakers/khalid%20rahman", 200, []string{"bridge", "Claims over time", "<svg class=\"bars\""}, nil},
		{"/speakers/sean%20obrien", 200, []string{"Sean O", "Outlets that quote", "tideline.example", "harbour-herald.example"}, nil},
		{"/speakers/Sean%20O%27Brien", 302, nil, nil},
		{"/speakers/nobody", 404, []string{"Not found"}, nil},
		{"/speakers/%2B%2B", 400, []string{"letter"}, nil},
		{"/outlets", 200, []string{"port-bulletin.example", `id="outlet-list"`}, nil},
		{"/static/app.js", 200, []string{"only-variants"}, nil},
		{"/nowhere", 404, []string{"No such page"}, nil},
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			resp, err := client.Get(srv.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d; want %d\n%s", resp.StatusCode, tc.status, b)
			}
			for _, c := range tc.contains {
				if !strings.Contains(string(b), c) {
					t.Errorf("lacks %q", c)
				}
			}
			for _, c := range tc.lacks {
				if strings.Contains(string(b), c) {
					t.Errorf("contains %q", c)
				}
			}
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
				if resp.Header.Get(h) == "" {
					t.Errorf("no %s header", h)
				}
			}
			if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") && strings.Contains(string(b), ` style="`) {
				t.Errorf("inline style attribute: the CSP blocks it")
			}
		})
	}
}

func TestMarkTerms(t *testing.T) {
	for _, tc := range []struct{ text, q, want string }{
		{"Khwaja Asif warned", "Khawaja", `<mark class="term">Khwaja</mark> Asif warned`},
		{"ships were loading", "load ship", `<mark class="term">ships</mark> were <mark class="term">loading</mark>`},
		{"<b>bold</b> claim", "claim", `&lt;b&gt;bold&lt;/b&gt; <mark class="term">claim</mark>`},
		{"no match here", "", "no match here"},
	} {
		if got := string(markTerms(tc.text, tc.q)); got != tc.want {
			t.Errorf("markTerms(%q, %q) = %q; want %q", tc.text, tc.q, got, tc.want)
		}
	}
}

func TestArticleName(t *testing.T) {
	for _, tc := range []struct{ title, url, want string }{
		{"Harbour reopens", "https://news.example/a/harbour", "Harbour reopens"},
		{"", "https://news.example/world/harbour-reopens-after-repairs-2025/", "harbour reopens after repairs 2025 (from the URL)"},
		{"", "https://news.example/story/harbour_wall_rebuilt.html", "harbour wall rebuilt (from the URL)"},
		// An id or a date is no name: the slug before it is used.
		{"", "https://news.example/ferry-fares-go-up-again/1809883", "ferry fares go up again (from the URL)"},
		{"", "https://news.example/2025/11/05/", "article a1"},
		{"", "", "article a1"},
	} {
		if got := articleName(tc.title, tc.url, "a1"); got != tc.want {
			t.Errorf("articleName(%q, %q) = %q; want %q", tc.title, tc.url, got, tc.want)
		}
	}
}
