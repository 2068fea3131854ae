package meta

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestRead(t *testing.T) {
	cases := []struct {
		name, page                          string
		title, byline, date, site, language string
	}{
		{
			name: "json-ld graph wins over og",
			page: `<html lang="pt-BR"><head><meta property="og:title" content="OG headline">
<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":["NewsArticle"],"headline":"LD headline doesn&#8217;t lie","datePublished":"2020-01-02T03:04:05-03:00","author":[{"name":"Ana Lima"},{"name":"Rui Costa"}],"publisher":{"name":"Jornal X"}}]}</script></head><body></body></html>`,
			title: "LD headline doesn’t lie", byline: "Ana Lima, Rui Costa", date: "2020-01-02", site: "Jornal X", language: "pt",
		},
		{
			name: "opengraph and meta",
			page: `<html><head><meta property="og:title" content="OG headline"><meta property="og:site_name" content="The Site">
<meta property="article:published_time" content="2019-11-20T23:30:00Z"><meta name="author" content="By Jo Park"></head></html>`,
			title: "OG headline", byline: "Jo Park", date: "2019-11-20", site: "The Site",
		},
		{
			name:  "time element and title suffix",
			page:  `<html><head><title>River rises after storm | The Gazette</title></head><body><p><time datetime="2018-03-04">4 March</time></p></body></html>`,
			title: "River rises after storm", date: "2018-03-04",
		},
		{
			name:  "h1 when only a site-wide title",
			page:  `<html><head><title>Gazette</title></head><body><h1>Bridge reopens</h1><a rel="author" href="/a">Kim Ode</a></body></html>`,
			title: "Bridge reopens", byline: "Kim Ode",
		},
		{
			name: "broken json-ld is ignored",
			page: `<html><head><script type="application/ld+json">{"@type":"NewsArticle",</script><meta name="date" content="2017-07-07"></head></html>`,
			date: "2017-07-07",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root, err := html.Parse(strings.NewReader(tc.page))
			if err != nil {
				t.Fatal(err)
			}
			m := Read(root)
			date := ""
			if !m.Published.IsZero() {
				date = m.Published.Format("2006-01-02")
			}
			got := []string{m.Title, m.Byline, date, m.SiteName, m.Lang}
			want := []string{tc.title, tc.byline, tc.date, tc.site, tc.language}
			for i, f := range []string{"title", "byline", "date", "site", "lang"} {
				if got[i] != want[i] {
					t.Errorf("%s = %q, want %q", f, got[i], want[i])
				}
			}
		})
	}
}
