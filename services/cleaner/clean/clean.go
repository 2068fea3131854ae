// Package clean turns a fetched page (HTML or plain text) into an Article:
// the body text and nothing else, plus title, byline, date, outlet and
// language. Page is a pure function of its input; the service (run.go) and
// the CLI both call it.
package clean

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/cleaner/internal/boilerplate"
	"github.com/claimwire/claimwire/services/cleaner/internal/dates"
	"github.com/claimwire/claimwire/services/cleaner/internal/textutil"
)

// Version is stamped on every Article; bump it when output changes.
const Version = "0.6.0"

// Errors of Page. They mean the input itself is unusable (the service
// dead-letters them); anything recoverable is handled by a fallback.
var (
	// ErrEmpty: no article text was found in the page.
	ErrEmpty = errors.New("clean: no article text")
	// ErrNotText: the body is binary or a type the cleaner does not read.
	ErrNotText = errors.New("clean: not a text or HTML page")
	// ErrHTML: the HTML could not be parsed and no fallback produced text.
	ErrHTML = errors.New("clean: unparsable HTML")
)

// Input is one page to clean.
type Input struct {
	Body        []byte // raw page bytes, any charset
	ContentType string // from HTTP; empty means sniff
	URL         string // canonical URL, may be empty
	ID          string // article id; computed from URL/body when empty
	Item        *contract.FeedItem
	FetchedAt   time.Time
}

// Page cleans one page.
func Page(in Input) (contract.Article, error) {
	id := in.ID
	if id == "" {
		id = contract.ArticleID(in.URL, in.Body)
	}
	art := contract.Article{Schema: contract.Schema, ID: id, URL: in.URL, CleanerVersion: Version}
	kind, err := sniff(in.Body, in.ContentType)
	if err != nil {
		return art, err
	}
	var d doc
	switch kind {
	case kindHTML:
		d, err = fromHTML(in.Body, in.ContentType, in.URL)
	default:
		d, err = fromText(in.Body, in.ContentType, in.URL)
	}
	if err != nil {
		return art, err
	}
	fillFromItem(&d, in.Item)
	art.Title = textutil.Clean(d.title)
	art.Byline = textutil.Clean(d.byline)
	if t, ok := published(d.published, in.Item, in.URL, in.FetchedAt); ok {
		t = t.UTC()
		art.Published = &t
	}
	art.Outlet = outletOf(d.siteName, in.URL)
	art.Text = joinBlocks(d.blocks)
	if art.Text == "" {
		return art, fmt.Errorf("%w (%d bytes of %s)", ErrEmpty, len(in.Body), kind)
	}
	art.Lang = d.lang
	if art.Lang == "" {
		art.Lang = textutil.GuessLang(art.Text)
	}
	return art, nil
}

// doc is what a reader (HTML or text) found.
type doc struct {
	blocks    []boilerplate.Block
	title     string
	byline    string
	published time.Time
	siteName  string
	lang      string
}

// fillFromItem falls back on the feed's metadata for what the page lacked.
func fillFromItem(d *doc, it *contract.FeedItem) {
	if it == nil {
		return
	}
	if d.title == "" {
		d.title = it.Title
	}
	if d.byline == "" {
		d.byline = it.Author
	}
}

// pageClockSkew is how far a date the page states may lie past the
// fetch: a date written without its zone reads as UTC, up to 14 hours
// ahead of the writer's clock.
const pageClockSkew = 14 * time.Hour

// published picks the article's date: the page's own (metadata, a
// dateline), else the feed item's, else the one in the URL's path. A date
// after the page was fetched is wrong (a copyright year, an event to come,
// a mistyped feed), and the next source is tried; the URL's and the feed's
// dates are never taken past the fetch time.
func published(page time.Time, it *contract.FeedItem, pageURL string, fetched time.Time) (time.Time, bool) {
	notAfter := func(t time.Time, slack time.Duration) bool {
		return fetched.IsZero() || !t.After(fetched.Add(slack))
	}
	if !page.IsZero() && notAfter(page, pageClockSkew) {
		return page, true
	}
	if it != nil && it.Published != nil && !it.Published.IsZero() && notAfter(*it.Published, 0) {
		return *it.Published, true
	}
	if t, ok := dates.FromURL(pageURL); ok && notAfter(t, 0) {
		return t, true
	}
	return time.Time{}, false
}

func joinBlocks(blocks []boilerplate.Block) string {
	var b strings.Builder
	for _, bl := range blocks {
		t := textutil.Clean(bl.Text)
		if t == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(t)
	}
	return b.String()
}

// fromText reads a plain-text page: one block per line.
func fromText(body []byte, contentType, pageURL string) (doc, error) {
	blocks := textBlocks(body, contentType)
	r := boilerplate.Filter(blocks, boilerplate.Options{Text: true, URL: pageURL})
	return doc{blocks: r.Blocks, title: r.Title, byline: r.Byline, published: r.Published}, nil
}

// textBlocks splits a text page into blocks: one per line, with the lines
// of a hard-wrapped or broken paragraph joined.
func textBlocks(body []byte, contentType string) []boilerplate.Block {
	s := decode(body, contentType)
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i := range lines {
		lines[i] = textutil.Clean(lines[i])
	}
	width := wrapWidth(lines)
	blocks := make([]boilerplate.Block, 0, len(lines))
	prevLen := 0
	for _, l := range lines {
		if l == "" {
			prevLen = 0
			continue
		}
		// A hard-wrapped paragraph continues on the next line when the
		// previous line ran to (nearly) the wrap width.
		wrapped := width > 0 && prevLen >= width*3/4
		if prevLen > 0 && (wrapped || continues(blocks[len(blocks)-1].Text, l)) {
			blocks[len(blocks)-1].Text += " " + l
		} else {
			blocks = append(blocks, boilerplate.Block{Text: l})
		}
		prevLen = utf8.RuneCountInString(l)
	}
	return blocks
}

// continues reports whether line next carries on the sentence of line
// prev: prev stops without punctuation and next starts in lower case
// ("Police closed the bridge" / "after a lorry shed its load …"). Pasted
// text breaks lines mid-sentence like this; read apart, the first half
// would pass for a headline and the second for a fragment.
func continues(prev, next string) bool {
	r, _ := utf8.DecodeRuneInString(next)
	if !unicode.IsLower(r) || len(strings.Fields(prev)) < 3 || len(strings.Fields(next)) < 3 {
		return false
	}
	// The first word of a continuation is a word, not a URL or a code.
	if strings.IndexFunc(strings.TrimRight(strings.Fields(next)[0], ",;"), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\'' }) >= 0 {
		return false
	}
	// A byline under a headline ("by Ana Berg · Site") is not the rest of
	// the headline, and a headline in title case is not half a sentence.
	if strings.HasPrefix(next, "by ") && len(next) > 3 && unicode.IsUpper([]rune(next[3:4])[0]) || titleCase(prev) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(prev)
	end, _ := utf8.DecodeLastRuneInString(strings.TrimRight(next, `"”’') `))
	// Only a fragment that completes a sentence is joined: lower-case
	// chrome (class names, a menu) stays on its own line.
	return (unicode.IsLetter(last) || last == ',') && strings.ContainsRune(".!?", end)
}

// titleCase: most words of s start with a capital, as headlines are
// written in English; running text has lower-case words.
func titleCase(s string) bool {
	n, caps := 0, 0
	for _, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLetter(r) {
			continue
		}
		n++
		if unicode.IsUpper(r) {
			caps++
		}
	}
	return n >= 4 && caps*10 >= n*7
}

// wrapWidth detects text hard-wrapped at a fixed width (mail, pasted
// terminal output): most lines end within a narrow band below a short
// maximum. It returns that width, or 0 for text with one paragraph per line.
func wrapWidth(lines []string) int {
	var lens []int
	for _, l := range lines {
		if l != "" {
			lens = append(lens, utf8.RuneCountInString(l))
		}
	}
	if len(lens) < 8 {
		return 0
	}
	sorted := slices.Clone(lens)
	slices.Sort(sorted)
	p90 := sorted[len(sorted)*9/10]
	if p90 < 40 || p90 > 100 {
		return 0
	}
	near := 0
	for _, n := range lens {
		if n >= p90*3/4 && n <= p90+5 {
			near++
		}
	}
	if near*2 < len(lens) {
		return 0
	}
	return p90
}

type pageKind string

const (
	kindHTML pageKind = "html"
	kindText pageKind = "text"
)

// sniff decides between HTML and text, and refuses binary bodies.
func sniff(body []byte, contentType string) (pageKind, error) {
	ct := strings.ToLower(contentType)
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	ct = strings.TrimSpace(ct)
	// Whatever the label: random bytes called text/html parse as HTML full
	// of '<' and would be indexed as garbled text.
	if binary(body) {
		return "", fmt.Errorf("%w: binary body labelled %q", ErrNotText, ct)
	}
	switch {
	case ct == "text/html" || ct == "application/xhtml+xml":
		// Servers label pasted text and text dumps as HTML too; a body
		// with no markup at all is read as text so its lines survive.
		if !bytes.Contains(body, []byte("<")) {
			return kindText, nil
		}
		return kindHTML, nil
	case ct == "text/plain":
		return kindText, nil
	case ct != "" && !strings.HasPrefix(ct, "text/") && !strings.Contains(ct, "xml") && ct != "application/octet-stream":
		return "", fmt.Errorf("%w: content type %s", ErrNotText, ct)
	}
	if looksHTML(body) {
		return kindHTML, nil
	}
	return kindText, nil
}

// binary reports bodies that are not text in any charset: NUL bytes or a
// known binary signature in the first kilobytes.
func binary(b []byte) bool {
	head := b
	if len(head) > 4096 {
		head = head[:4096]
	}
	for _, sig := range [][]byte{[]byte("%PDF-"), []byte("\x89PNG"), []byte("GIF8"), []byte("\xff\xd8\xff"), []byte("PK\x03\x04"), []byte("\x1f\x8b")} {
		if bytes.HasPrefix(head, sig) {
			return true
		}
	}
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return false // UTF-16 text has NULs too; x/net/html/charset handles its BOM
	}
	// Text in any charset has no control characters but tab, newlines,
	// form feed and ESC (ISO-2022); random bytes have about 11 %.
	controls := 0
	for _, c := range head {
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b {
			controls++
		}
	}
	return controls*100 > len(head)
}

func looksHTML(b []byte) bool {
	head := b
	if len(head) > 1024 {
		head = head[:1024]
	}
	head = bytes.ToLower(bytes.TrimLeft(head, " \t\r\n\ufeff"))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<!--", "<meta", "<div", "<p>", "<article", "<title", "<?xml"} {
		if bytes.Contains(head, []byte(p)) {
			return true
		}
	}
	return false
}

// decode returns valid UTF-8 for a text body.
func decode(body []byte, contentType string) string {
	if utf8.Valid(body) {
		return strings.TrimPrefix(string(body), "\ufeff")
	}
	return textutil.Decode(body, contentType)
}
