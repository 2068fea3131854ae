package clean

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/claimwire/claimwire/services/cleaner/internal/boilerplate"
	"github.com/claimwire/claimwire/services/cleaner/internal/htmlbody"
	"github.com/claimwire/claimwire/services/cleaner/internal/meta"
	"github.com/claimwire/claimwire/services/cleaner/internal/textutil"
)

// fromHTML reads an HTML page: metadata, main content, then the
// boilerplate filter over the content blocks.
func fromHTML(body []byte, contentType, pageURL string) (doc, error) {
	// Valid UTF-8 is parsed in place; only other charsets are converted
	// (a copy of the whole page otherwise).
	var s string
	var src io.Reader
	if utf8.Valid(body) {
		src = bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))
	} else {
		s = decode(body, contentType)
		src = strings.NewReader(s)
	}
	root, err := html.Parse(src)
	if err != nil {
		if s == "" {
			s = decode(body, contentType)
		}
		// x/net/html refuses documents nested deeper than it supports
		// (and, rarely, other inputs): read the text between the tags
		// instead of losing the page.
		d := fromTokens(s)
		if len(d.blocks) == 0 {
			return d, fmt.Errorf("%w: %v", ErrHTML, err)
		}
		return d, nil
	}
	m := meta.Read(root)
	blocks := htmlbody.Extract(root)
	r := boilerplate.Filter(blocks, boilerplate.Options{Title: m.Title})
	d := doc{blocks: r.Blocks, title: m.Title, byline: m.Byline, published: m.Published, siteName: m.SiteName, lang: m.Lang}
	if d.published.IsZero() {
		d.published = r.Published
	}
	if d.byline == "" {
		d.byline = r.Byline
	}
	return d, nil
}

// fromTokens is the fallback reader for HTML the parser rejects: the
// tokenizer has no depth limit, so it walks the tags, keeps the text
// outside script/style, breaks blocks at block-level tags and runs the
// text filter over the result.
func fromTokens(s string) doc {
	z := html.NewTokenizer(strings.NewReader(s))
	z.SetMaxBuf(16 << 20)
	var blocks []boilerplate.Block
	var buf bytes.Buffer
	skip := 0
	title := ""
	inTitle := false
	flush := func() {
		t := textutil.Clean(buf.String())
		buf.Reset()
		if t != "" {
			blocks = append(blocks, boilerplate.Block{Text: t})
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			if !errors.Is(z.Err(), io.EOF) && len(blocks) == 0 {
				return doc{}
			}
			r := boilerplate.Filter(blocks, boilerplate.Options{Text: true, Title: title})
			if title == "" {
				title = r.Title
			}
			return doc{blocks: r.Blocks, title: title, byline: r.Byline, published: r.Published}
		case html.TextToken:
			if skip == 0 {
				if inTitle {
					title += string(z.Text())
				} else {
					buf.Write(z.Text())
				}
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "noscript", "template", "svg":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case "title":
				inTitle = tt == html.StartTagToken
			case "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "section", "article", "blockquote", "ul", "ol", "table", "header", "footer", "nav":
				flush()
			}
		}
	}
}
