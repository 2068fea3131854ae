// Package meta reads an HTML page's metadata — title, byline, publication
// date, site name, language — from the sources news pages use, in order of
// trust: JSON-LD (NewsArticle and kin), OpenGraph and article:* properties,
// other <meta> names, <time> elements, and the page's <title>/<h1>.
package meta

import (
	"encoding/json"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/claimwire/claimwire/services/cleaner/internal/dates"
	"github.com/claimwire/claimwire/services/cleaner/internal/textutil"
)

// Meta is what the page says about itself.
type Meta struct {
	Title     string
	Byline    string
	Published time.Time
	SiteName  string
	Lang      string
}

// source ranks candidates: a lower rank wins.
type cand struct {
	val  string
	rank int
}

func (c *cand) offer(v string, rank int) {
	// CMSs often escape twice: the parser leaves "&#8217;" in a meta
	// content or JSON-LD string.
	if strings.IndexByte(v, '&') >= 0 {
		v = html.UnescapeString(v)
	}
	v = textutil.Clean(v)
	if v == "" {
		return
	}
	if c.val == "" || rank < c.rank {
		c.val, c.rank = v, rank
	}
}

// Read walks the document once and returns its metadata.
func Read(root *html.Node) Meta {
	var title, byline, date, site, lang, docTitle, h1 cand
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				lang.offer(attr(n, "lang"), 0)
			case atom.Meta:
				readMeta(n, &title, &byline, &date, &site, &lang)
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
					readJSONLD(n.FirstChild.Data, &title, &byline, &date, &site)
				}
				return
			case atom.Style, atom.Noscript, atom.Template:
				return
			case atom.Title:
				if n.FirstChild != nil && docTitle.val == "" {
					docTitle.offer(n.FirstChild.Data, 0)
				}
				return
			case atom.Time:
				if v := attr(n, "datetime"); v != "" {
					rank := 6
					if strings.Contains(strings.ToLower(attr(n, "itemprop")+attr(n, "class")+attr(n, "pubdate")), "pub") || hasAttr(n, "pubdate") {
						rank = 5
					}
					date.offer(v, rank)
				}
			case atom.H1:
				if h1.val == "" {
					h1.offer(textOf(n), 0)
				}
			case atom.A:
				if strings.Contains(attr(n, "rel"), "author") {
					byline.offer(textOf(n), 6)
				}
			}
			if ip := attr(n, "itemprop"); ip != "" && n.DataAtom != atom.Meta {
				switch ip {
				case "headline":
					title.offer(textOf(n), 4)
				case "datePublished":
					if v := attr(n, "datetime"); v != "" {
						date.offer(v, 4)
					} else {
						date.offer(attr(n, "content")+textOf(n), 4)
					}
				case "author":
					byline.offer(textOf(n), 7)
				}
			}
		}
		if depth > 600 {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(root, 0)

	m := Meta{Byline: cleanAuthor(byline.val), SiteName: site.val, Lang: normLang(lang.val)}
	m.Title = title.val
	if h1.val != "" && (m.Title == "" || title.rank > 3 && strings.Contains(docTitle.val, h1.val)) {
		m.Title = h1.val
	}
	if m.Title == "" {
		m.Title = stripSiteSuffix(docTitle.val, site.val)
	}
	if date.val != "" {
		if t, ok := dates.Find(date.val); ok {
			m.Published = t
		}
	}
	return m
}

func readMeta(n *html.Node, title, byline, date, site, lang *cand) {
	key := strings.ToLower(attr(n, "property"))
	if key == "" {
		key = strings.ToLower(attr(n, "name"))
	}
	if key == "" {
		key = strings.ToLower(attr(n, "itemprop"))
	}
	if key == "" {
		if strings.EqualFold(attr(n, "http-equiv"), "content-language") {
			lang.offer(attr(n, "content"), 1)
		}
		return
	}
	v := attr(n, "content")
	switch key {
	case "og:title":
		title.offer(v, 1)
	case "twitter:title":
		title.offer(v, 2)
	case "headline", "dc.title", "title":
		title.offer(v, 3)
	case "og:site_name", "application-name":
		site.offer(v, 1)
	case "article:published_time", "og:article:published_time":
		date.offer(v, 1)
	case "datepublished", "publishdate", "publish-date", "publish_date", "pubdate", "date", "dc.date", "dc.date.issued",
		"dcterms.created", "article.published", "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime", "citation_publication_date":
		date.offer(v, 2)
	case "article:modified_time", "og:updated_time", "lastmod", "dcterms.modified":
		date.offer(v, 8)
	case "author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author":
		if !strings.HasPrefix(v, "http") {
			byline.offer(v, 2)
		}
	case "og:locale", "language", "dc.language":
		lang.offer(v, 2)
	}
}

// readJSONLD takes headline, author, date and publisher from the first
// Article-like object (NewsArticle, BlogPosting, ReportageNewsArticle …).
func readJSONLD(src string, title, byline, date, site *cand) {
	var v any
	if json.Unmarshal([]byte(strings.TrimSpace(src)), &v) != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 8 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				visit(g, depth+1)
			}
			if !articleType(x["@type"]) {
				return
			}
			if s, ok := x["headline"].(string); ok {
				title.offer(s, 0)
			}
			if s, ok := x["datePublished"].(string); ok {
				date.offer(s, 0)
			}
			byline.offer(names(x["author"]), 0)
			if p, ok := x["publisher"].(map[string]any); ok {
				if s, ok := p["name"].(string); ok {
					site.offer(s, 2)
				}
			}
		}
	}
	visit(v, 0)
}

func articleType(t any) bool {
	switch x := t.(type) {
	case string:
		return strings.HasSuffix(x, "Article") || x == "BlogPosting" || x == "Report" || x == "LiveBlogPosting" || x == "OpinionNewsArticle"
	case []any:
		for _, e := range x {
			if articleType(e) {
				return true
			}
		}
	}
	return false
}

// names joins the names of a JSON-LD author (a string, an object or a list).
func names(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		s, _ := x["name"].(string)
		return s
	case []any:
		var out []string
		for _, e := range x {
			if s := names(e); s != "" {
				out = append(out, s)
			}
		}
		return strings.Join(out, ", ")
	}
	return ""
}

func cleanAuthor(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"By ", "by ", "BY "} {
		s = strings.TrimPrefix(s, p)
	}
	if len(s) > 200 {
		return ""
	}
	return s
}

// stripSiteSuffix turns "Headline | Site" into "Headline".
func stripSiteSuffix(t, site string) string {
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " · "} {
		if i := strings.LastIndex(t, sep); i > 0 {
			tail := strings.TrimSpace(t[i+len(sep):])
			if site != "" && strings.EqualFold(tail, site) || len(strings.Fields(tail)) <= 4 && len(strings.Fields(t[:i])) >= 3 {
				return strings.TrimSpace(t[:i])
			}
		}
	}
	return t
}

func normLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	return s
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// textOf is the text of an element, capped: metadata never needs more.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node, int)
	walk = func(n *html.Node, depth int) {
		if b.Len() > 500 || depth > 50 {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return textutil.Clean(b.String())
}
