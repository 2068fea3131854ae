package ui

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/sqlite"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

func newServer(t testing.TB) (*httptest.Server, store.Store) {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "ui.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, cs := range storetest.Corpus() {
		// Give the article a text that contains its claims, so the article
		// page can highlight them.
		var b strings.Builder
		for i := range cs.Claims {
			b.WriteString("Someone said that ")
			cs.Claims[i].Start = b.Len()
			b.WriteString(cs.Claims[i].Text)
			cs.Claims[i].End = b.Len()
			b.WriteString(".\n\n")
		}
		cs.Article.Text = b.String()
		if _, err := s.Apply(context.Background(), cs); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(New(s, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	return srv, s
}

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
	page, err := s.Clusters(context.Background(), store.ClusterQuery{MinOutlets: 3})
	if err != nil || len(page.Clusters) != 1 {
		t.Fatalf("clusters: %v, %v", page, err)
	}
	cid := page.Clusters[0].ID
	cases := []struct {
		path     string
		status   int
		contains string
	}{
		{"/", 200, "Reported by several outlets"},
		{"/?q=engineers", 200, "ignored every warning"},
		{"/?q=zeppelin", 200, "No claims match"},
		{"/?kind=bogus", 400, "kind must be"},
		{"/clusters/" + cid, 200, `<mark class="ins">`},
		{"/clusters/nope", 404, "Not found"},
		{"/articles/a1", 200, `class="hl kind-quote"`},
		{"/articles/nope", 404, "Not found"},
		{"/speakers/khalid%20rahman", 200, "bridge"},
		{"/speakers/nobody", 404, "No claims"},
		{"/static/app.js", 200, "only-variants"},
		{"/nowhere", 404, "No such page"},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			resp, err := http.Get(srv.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status || !strings.Contains(string(b), tc.contains) {
				t.Fatalf("status %d (want %d), contains %q: %v\n%s", resp.StatusCode, tc.status, tc.contains, strings.Contains(string(b), tc.contains), b)
			}
		})
	}
}
