// Package feeds reads feed documents (RSS, Atom, JSON Feed) into the items
// the fetcher follows, and the operator's feed list file.
package feeds

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// Errors of Parse and ParseList.
var (
	// ErrNotAFeed: the document is no RSS, Atom or JSON feed. An HTML page
	// (a site's home page given instead of its feed URL) is the usual cause.
	ErrNotAFeed = errors.New("feeds: not a feed")
	// ErrMalformed: a feed type was recognised but the document is broken.
	ErrMalformed = errors.New("feeds: malformed feed")
	// ErrBadURL: a feed list line is not an absolute http(s) URL.
	ErrBadURL = errors.New("feeds: bad feed URL")
)

// Item is one entry of a feed.
type Item struct {
	Link      string // absolute; resolved against the feed URL when relative
	GUID      string
	Title     string
	Published *time.Time
	Author    string
}

// Parse reads a feed document fetched from feedURL. The body must already be
// size-capped by the caller. External and custom XML entities are never
// expanded (Go's XML decoder does not process DTDs), so XXE and
// billion-laughs documents parse as plain text or fail.
func Parse(body []byte, contentType, feedURL string) ([]Item, error) {
	base, err := url.Parse(feedURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %v", ErrBadURL, feedURL, err)
	}
	if looksLikeHTML(body, contentType) {
		return nil, fmt.Errorf("%w: %s returned an HTML page (is this the site's page rather than its feed URL?)", ErrNotAFeed, feedURL)
	}
	p := gofeed.NewParser()
	// We never use item images; gofeed would otherwise parse every item's
	// HTML to look for one, which dominated RSS parse time.
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	f, err := p.Parse(bytes.NewReader(body))
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return nil, fmt.Errorf("%w: %s: no RSS, Atom or JSON Feed root", ErrNotAFeed, feedURL)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, feedURL, err)
	}
	if f.Link != "" {
		// Relative item links resolve against the site link when the feed gives one.
		if l, err := base.Parse(f.Link); err == nil && (l.Scheme == "http" || l.Scheme == "https") {
			base = l
		}
	}
	items := make([]Item, 0, len(f.Items))
	for _, it := range f.Items {
		if it == nil {
			continue
		}
		link := strings.TrimSpace(it.Link)
		if link == "" && len(it.Links) > 0 {
			link = strings.TrimSpace(it.Links[0])
		}
		if link == "" && (strings.HasPrefix(it.GUID, "http://") || strings.HasPrefix(it.GUID, "https://")) {
			link = it.GUID // RSS permalink GUIDs
		}
		if link == "" {
			continue
		}
		abs, err := base.Parse(link)
		if err != nil || (abs.Scheme != "http" && abs.Scheme != "https") {
			continue
		}
		item := Item{Link: abs.String(), GUID: it.GUID, Title: strings.TrimSpace(it.Title)}
		switch {
		case it.PublishedParsed != nil:
			t := it.PublishedParsed.UTC()
			item.Published = &t
		case it.UpdatedParsed != nil:
			t := it.UpdatedParsed.UTC()
			item.Published = &t
		}
		switch {
		case it.Author != nil && it.Author.Name != "":
			item.Author = it.Author.Name
		case len(it.Authors) > 0 && it.Authors[0] != nil:
			item.Author = it.Authors[0].Name
		}
		items = append(items, item)
	}
	return items, nil
}

// looksLikeHTML reports an HTML document: by its declared type, or by its
// first tag when the server calls everything text/xml or octet-stream.
func looksLikeHTML(body []byte, contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt == "text/html" || mt == "application/xhtml+xml" {
		// Some servers send real feeds as text/html: trust the content if it
		// starts like XML or JSON.
		head := bytes.TrimSpace(body[:min(len(body), 512)])
		return !bytes.HasPrefix(head, []byte("<?xml")) && !bytes.HasPrefix(head, []byte("<rss")) &&
			!bytes.HasPrefix(head, []byte("<feed")) && !bytes.HasPrefix(head, []byte("{"))
	}
	head := bytes.ToLower(bytes.TrimSpace(body[:min(len(body), 512)]))
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
}

// ParseList reads a feed list: one URL per line; blank lines and lines
// starting with # are ignored, as is anything after " #" on a line. Bad
// lines are reported together so the operator fixes them in one go; the
// good ones are returned regardless.
func ParseList(r io.Reader) ([]string, error) {
	var out []string
	var bad []error
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, " #"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := CheckURL(line); err != nil {
			bad = append(bad, fmt.Errorf("line %d: %w", n, err))
			continue
		}
		if !seen[line] {
			seen[line] = true
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		bad = append(bad, err)
	}
	return out, errors.Join(bad...)
}

// CheckURL accepts an absolute http(s) URL with a host.
func CheckURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%w: %q (want an absolute http:// or https:// URL)", ErrBadURL, s)
	}
	return nil
}
