// Package htmlbody finds the main content of an HTML page: it drops chrome
// (scripts, navigation, hidden and boilerplate-named elements), splits the
// rest into text blocks, scores containers by the prose they hold
// (length, commas, link density, class names) and returns the blocks of the
// best container and of its siblings that look like it.
package htmlbody

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/claimwire/claimwire/services/cleaner/internal/boilerplate"
	"github.com/claimwire/claimwire/services/cleaner/internal/textutil"
)

// skipTags never hold article text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true, atom.Svg: true,
	atom.Math: true, atom.Canvas: true, atom.Template: true, atom.Button: true, atom.Select: true,
	atom.Textarea: true, atom.Input: true, atom.Nav: true, atom.Footer: true, atom.Aside: true,
	atom.Head: true, atom.Object: true, atom.Embed: true, atom.Video: true,
	atom.Audio: true, atom.Picture: true, atom.Img: true, atom.Figcaption: true, atom.Label: true,
	atom.Menu: true, atom.Dialog: true, atom.Map: true,
}

// blockTags start and end a text block.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dd: true, atom.Dt: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true,
	atom.Header: true, atom.Figure: true, atom.Center: true, atom.Address: true, atom.Hr: true,
	atom.Br: true, atom.Body: true, atom.Html: true, atom.Tbody: true, atom.Thead: true, atom.Caption: true,
	atom.Details: true, atom.Summary: true, atom.Fieldset: true, atom.Form: true,
}

var (
	// hiddenStyle: inline styles that hide an element.
	hiddenStyle = regexp.MustCompile(`(?i)display\s*:\s*none|visibility\s*:\s*hidden`)
)

// chromeWords are class and id words of containers that hold chrome rather
// than the story, matched as whole tokens (split on space, "-" and "_",
// and as runs of two or three tokens) so "headline" does not hit "ad".
var chromeWords = map[string]bool{
	"comment": true, "comments": true, "comment-list": true, "disqus": true, "respond": true, "replies": true,
	"sidebar": true, "side-bar": true, "widget": true, "footer": true, "foot": true, "masthead": true,
	"menu": true, "navbar": true, "nav": true, "navigation": true, "breadcrumb": true, "breadcrumbs": true,
	"share": true, "sharing": true, "social": true, "shares": true, "share-bar": true, "sharebar": true,
	"related": true, "recommended": true, "recirc": true, "more-stories": true, "read-more": true,
	"readmore": true, "also-read": true, "trending": true, "popular": true, "most-read": true,
	"newsletter": true, "subscribe": true, "subscription": true, "signup": true, "promo": true,
	"promotion": true, "sponsor": true, "sponsored": true, "advert": true, "advertisement": true, "ads": true,
	"ad": true, "ad-slot": true, "adslot": true, "dfp": true, "banner": true, "cookie": true, "cookies": true,
	"consent": true, "gdpr": true, "popup": true, "modal": true, "overlay": true, "paywall": true,
	"outbrain": true, "taboola": true, "tags": true, "tag-list": true, "taglist": true, "topics": true,
	"byline": true, "author-bio": true, "author-box": true, "authorbox": true, "bio": true, "caption": true,
	"credit": true, "wp-caption-text": true, "skip": true, "print": true, "hidden": true,
	"visually-hidden": true, "sr-only": true, "screen-reader-text": true, "toolbar": true, "pagination": true,
	"pager": true, "next-prev": true, "prev-next": true, "jump": true, "login": true, "rating": true,
	"meta": true, "post-meta": true, "entry-meta": true, "article-meta": true, "timestamp": true,
	"dateline": true, "date": true, "published": true,
}

// chromeName reports whether a class/id string names chrome. A set lookup
// per token: the equivalent regexp was a fifth of the cleaner's time.
func chromeName(s string) bool {
	var toks [24]string
	n := 0
	start := -1
	for i := 0; i <= len(s) && n < len(toks); i++ {
		sep := i == len(s) || s[i] == ' ' || s[i] == '-' || s[i] == '_' || s[i] == '\t' || s[i] == '\n'
		if !sep && start < 0 {
			start = i
		}
		if sep && start >= 0 {
			toks[n] = strings.ToLower(s[start:i])
			n++
			start = -1
		}
	}
	for i := 0; i < n; i++ {
		if chromeWords[toks[i]] {
			return true
		}
		if i+1 < n && chromeWords[toks[i]+"-"+toks[i+1]] {
			return true
		}
		if i+2 < n && chromeWords[toks[i]+"-"+toks[i+1]+"-"+toks[i+2]] {
			return true
		}
	}
	return false
}

type block struct {
	text      string
	linkChars int
	owner     *html.Node
	tag       atom.Atom
	neg       *negChain // chrome-named ancestors, innermost first
	quoted    bool      // inside an embedded post (embeddedPost)
}

// negChain is an immutable list of the ancestors whose class or id names
// chrome; blocks share its tails.
type negChain struct {
	n    *html.Node
	next *negChain
}

type nodeStat struct {
	score     float64
	chars     int
	linkChars int
}

// Extract returns the content blocks of the page rooted at root.
func Extract(root *html.Node) []boilerplate.Block {
	w := &walker{}
	w.walk(root, 0)
	w.flush()
	if len(w.blocks) == 0 {
		return nil
	}
	w.blocks = dropChrome(w.blocks)
	if len(w.blocks) == 0 {
		return nil
	}
	stats := make(map[*html.Node]*nodeStat, len(w.blocks))
	// order lists the nodes in first-seen (document) order, so ties and
	// the output never depend on map iteration: the same page must always
	// clean to the same bytes (message ids are derived from them).
	var order []*html.Node
	stat := func(n *html.Node) *nodeStat {
		s := stats[n]
		if s == nil {
			s = &nodeStat{}
			stats[n] = s
			order = append(order, n)
		}
		return s
	}
	// Text and link totals per ancestor, for link density.
	for i := range w.blocks {
		b := &w.blocks[i]
		n := len(b.text)
		for a, d := b.owner, 0; a != nil && d < 12; a, d = a.Parent, d+1 {
			s := stat(a)
			s.chars += n
			s.linkChars += b.linkChars
		}
	}
	// Score: each prose block votes for its container and, less, for the
	// container's ancestors.
	for i := range w.blocks {
		b := &w.blocks[i]
		n := len(b.text)
		if n < 25 {
			continue
		}
		ld := float64(b.linkChars) / float64(n)
		if ld > 0.5 {
			continue
		}
		v := 1 + float64(strings.Count(b.text, ",")+strings.Count(b.text, "، ")) + min(float64(n)/100, 3)
		v *= 1 - ld
		start := b.owner
		if isLeafBlock(b.tag) && start.Parent != nil {
			start = start.Parent
		}
		weights := [...]float64{1, 0.5, 0.25}
		for a, d := start, 0; a != nil && d < len(weights); a, d = a.Parent, d+1 {
			stat(a).score += v * weights[d]
		}
	}
	var top *html.Node
	best := 0.0
	for _, n := range order {
		s := stats[n]
		if s.score == 0 || n.Type != html.ElementNode || n.DataAtom == atom.Body || n.DataAtom == atom.Html {
			continue
		}
		ld := 0.0
		if s.chars > 0 {
			ld = float64(s.linkChars) / float64(s.chars)
		}
		sc := s.score * classWeight(n) * (1 - ld)
		s.score = sc
		if sc > best {
			top, best = n, sc
		}
	}
	if top == nil {
		// No prose container: every low-link block is the body.
		out := make([]boilerplate.Block, 0, len(w.blocks))
		for i := range w.blocks {
			out = append(out, toBlock(&w.blocks[i]))
		}
		return out
	}
	// A container whose parent holds much more prose is a fragment of a
	// split body (paragraphs in sibling wrappers): climb while the parent
	// adds prose without adding links.
	for top.Parent != nil && top.Parent.DataAtom != atom.Body && top.Parent.DataAtom != atom.Html {
		p := stats[top.Parent]
		s := stats[top]
		if p == nil || s == nil {
			break
		}
		pld := float64(p.linkChars) / float64(max(p.chars, 1))
		if p.score > s.score*1.35 && pld < 0.25 && proseChars(w.blocks, top.Parent) > proseChars(w.blocks, top)*13/10 {
			top = top.Parent
			continue
		}
		break
	}
	selected := map[*html.Node]bool{top: true}
	threshold := max(10, best*0.2)
	if top.Parent != nil {
		for sib := top.Parent.FirstChild; sib != nil; sib = sib.NextSibling {
			if sib == top || sib.Type != html.ElementNode {
				continue
			}
			s := stats[sib]
			if s == nil {
				continue
			}
			ld := float64(s.linkChars) / float64(max(s.chars, 1))
			if s.score >= threshold && ld < 0.3 || sib.DataAtom == atom.P && s.chars > 80 && ld < 0.25 {
				selected[sib] = true
			}
		}
	}
	// Split bodies: many templates cut the story into repeated wrappers of
	// one class (a "component" per paragraph group, a section per ad
	// break). Containers with the winner's tag and class join it.
	// The first class token is the component's name; modifiers after it
	// ("block-text block-text_initial-letter") vary between the pieces.
	if cls := firstClass(top); cls != "" {
		for _, n := range order {
			s := stats[n]
			if n == top || n.DataAtom != top.DataAtom || firstClass(n) != cls || s.score < max(2, best*0.05) {
				continue
			}
			if float64(s.linkChars) < 0.3*float64(max(s.chars, 1)) {
				selected[n] = true
			}
		}
	}
	out := make([]boilerplate.Block, 0, 32)
	for i := range w.blocks {
		b := &w.blocks[i]
		if within(b.owner, selected) {
			out = append(out, toBlock(b))
		}
	}
	return out
}

// proseChars sums the long low-link blocks under n.
func proseChars(blocks []block, n *html.Node) int {
	total := 0
	for i := range blocks {
		b := &blocks[i]
		if len(b.text) >= 80 && b.linkChars*4 < len(b.text) && under(b.owner, n) {
			total += len(b.text)
		}
	}
	return total
}

func under(n, anc *html.Node) bool {
	for d := 0; n != nil && d < 1024; n, d = n.Parent, d+1 {
		if n == anc {
			return true
		}
	}
	return false
}

func within(n *html.Node, set map[*html.Node]bool) bool {
	for d := 0; n != nil && d < 1024; n, d = n.Parent, d+1 {
		if set[n] {
			return true
		}
	}
	return false
}

func toBlock(b *block) boilerplate.Block {
	out := boilerplate.Block{Text: b.text}
	switch b.tag {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		out.Heading = true
	case atom.Li, atom.Dd, atom.Dt:
		out.ListItem = true
	}
	if n := len(b.text); n > 0 {
		out.LinkDensity = float64(b.linkChars) / float64(n)
	}
	return out
}

func isLeafBlock(t atom.Atom) bool {
	switch t {
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Blockquote, atom.Pre, atom.Td, atom.Dd, atom.Dt, atom.Br:
		return true
	}
	return false
}

func classWeight(n *html.Node) float64 {
	w := 1.0
	if n.DataAtom == atom.Article || n.DataAtom == atom.Main {
		w = 1.1
	}
	cls := attrOf(n, "class") + " " + attrOf(n, "id")
	if len(cls) < 3 {
		return w
	}
	if chromeName(cls) {
		w *= 0.6
	}
	if containsAny(strings.ToLower(cls), positiveNames) {
		w *= 1.25
	}
	return w
}

// dropChrome removes blocks under chrome-named containers ("sidebar",
// "related", "share" …). A name is only trusted when the container holds a
// minor share of the page's prose: themes put words like "sidebar" on the
// wrapper of the whole layout.
func dropChrome(blocks []block) []block {
	total := 0
	prose := map[*html.Node]int{}
	for i := range blocks {
		b := &blocks[i]
		if len(b.text) < 80 || b.linkChars*4 > len(b.text) {
			continue
		}
		total += len(b.text)
		for c := b.neg; c != nil; c = c.next {
			prose[c.n] += len(b.text)
		}
	}
	out := blocks[:0]
	for i := range blocks {
		b := blocks[i]
		drop := false
		// An embedded post (a tweet in a "widget" box) is what the story
		// quotes, whatever its box is called.
		for c := b.neg; c != nil && !b.quoted; c = c.next {
			if prose[c.n]*10 < total*4 {
				drop = true
				break
			}
		}
		if !drop {
			out = append(out, b)
		}
	}
	return out
}

type walker struct {
	names      map[string]bool // chromeNamed verdicts by class and id
	neg        *negChain
	blocks     []block
	buf        strings.Builder
	linkChars  int
	linkDepth  int
	quoteDepth int
	owners     []*html.Node
}

func (w *walker) owner() (*html.Node, atom.Atom) {
	if len(w.owners) == 0 {
		return nil, 0
	}
	o := w.owners[len(w.owners)-1]
	return o, o.DataAtom
}

func (w *walker) flush() {
	if w.buf.Len() == 0 {
		return
	}
	raw := w.buf.String()
	w.buf.Reset()
	t := textutil.Clean(raw)
	lc := w.linkChars
	w.linkChars = 0
	if t == "" {
		return
	}
	o, tag := w.owner()
	if o == nil {
		return
	}
	if lc > len(t) {
		lc = len(t)
	}
	w.blocks = append(w.blocks, block{text: t, linkChars: lc, owner: o, tag: tag, neg: w.neg, quoted: w.quoteDepth > 0})
}

func (w *walker) walk(n *html.Node, depth int) {
	switch n.Type {
	case html.TextNode:
		w.buf.WriteString(n.Data)
		if w.linkDepth > 0 {
			w.linkChars += len(strings.TrimSpace(n.Data))
		}
		return
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c, depth+1)
		}
		return
	case html.ElementNode:
	default:
		return
	}
	if hoverCard(n) {
		return // inside a sentence: the text around it runs on
	}
	if skipTags[n.DataAtom] || hidden(n) {
		if n.DataAtom == atom.Br || n.DataAtom == atom.Img {
			return
		}
		// A skipped element still separates the text around it.
		if !inlineTag(n.DataAtom) {
			w.flush()
		}
		return
	}
	isBlock := blockTags[n.DataAtom]
	if n.DataAtom == atom.Br {
		w.flush()
		return
	}
	if isBlock {
		w.flush()
		w.owners = append(w.owners, n)
	}
	saved := w.neg
	if w.chromeNamed(n) {
		w.flush()
		w.neg = &negChain{n, w.neg}
	}
	if n.DataAtom == atom.A {
		w.linkDepth++
	}
	embed := n.DataAtom == atom.Blockquote && embeddedPost(n)
	if embed {
		w.quoteDepth++
	}
	if depth < 1000 {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c, depth+1)
		}
	}
	if n.DataAtom == atom.A {
		w.linkDepth--
	}
	if w.neg != saved {
		w.flush()
		w.neg = saved
	}
	if isBlock {
		w.flush()
		w.owners = w.owners[:len(w.owners)-1]
		if embed {
			w.quoteDepth--
		}
	} else if n.DataAtom == atom.Span || n.DataAtom == atom.A || n.DataAtom == atom.Strong || n.DataAtom == atom.Em || n.DataAtom == atom.B || n.DataAtom == atom.I {
		// inline: no separator
	} else {
		w.buf.WriteByte(' ')
	}
}

// embedPlatforms name the blockquotes that social platforms' embed codes
// write (class="twitter-tweet", "instagram-media" …). An embedded post is
// what the story quotes, even when the site's box around it is called a
// widget; a blockquote in a comment thread has no such class.
var embedPlatforms = []string{"tweet", "twitter", "instagram", "tiktok", "facebook", "bluesky", "threads", "mastodon", "reddit", "embed"}

func embeddedPost(n *html.Node) bool {
	cls := strings.ToLower(attrOf(n, "class"))
	return cls != "" && containsAny(cls, embedPlatforms)
}

// hoverCard: an inline box right after a link, inside running text, that
// holds a picture and links — the card a site shows when the pointer rests
// on a name, with the person's photo and latest headlines. Read as text, it
// splices those headlines into the middle of the sentence. Cards are small:
// a span with more than a few dozen nodes is not looked into.
func hoverCard(n *html.Node) bool {
	if n.DataAtom != atom.Span || n.FirstChild == nil {
		return false
	}
	prev := n.PrevSibling
	for prev != nil && prev.Type == html.TextNode && strings.TrimSpace(prev.Data) == "" {
		prev = prev.PrevSibling
	}
	if prev == nil || prev.Type != html.ElementNode || prev.DataAtom != atom.A {
		return false
	}
	img, links, linkText, text, seen := false, 0, 0, 0, 0
	var visit func(c *html.Node, inLink bool)
	visit = func(c *html.Node, inLink bool) {
		for ; c != nil && seen < 80; c = c.NextSibling {
			seen++
			switch c.Type {
			case html.TextNode:
				l := len(strings.TrimSpace(c.Data))
				text += l
				if inLink {
					linkText += l
				}
			case html.ElementNode:
				switch c.DataAtom {
				case atom.Img, atom.Picture:
					img = true
				case atom.A:
					links++
				}
				visit(c.FirstChild, inLink || c.DataAtom == atom.A)
			}
		}
	}
	visit(n.FirstChild, false)
	return seen < 80 && img && links >= 2 && linkText*10 >= text*8
}

func inlineTag(a atom.Atom) bool {
	switch a {
	case atom.Img, atom.Input, atom.Button, atom.Label, atom.Svg, atom.Picture, atom.Video, atom.Audio, atom.Canvas, atom.Embed, atom.Object, atom.Select, atom.Textarea:
		return true
	}
	return false
}

// hidden: elements a reader never sees, and landmark roles of chrome.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		case "style":
			if hiddenStyle.MatchString(a.Val) {
				return true
			}
		case "role":
			switch a.Val {
			case "navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "dialog", "search", "toolbar":
				return true
			}
		}
	}
	return false
}

// chromeNamed: a container whose class or id names chrome. The body,
// article and main elements are never judged by name.
// Pages repeat the same class names on many elements: the verdict is
// cached per class and id pair (the regexps are the cleaner's main cost).
func (w *walker) chromeNamed(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Body, atom.Html, atom.Article, atom.Main, atom.P, atom.H1, atom.H2, atom.H3:
		return false
	}
	cls, id := attrOf(n, "class"), attrOf(n, "id")
	if len(cls)+len(id) < 2 {
		return false
	}
	key := cls + " " + id
	if v, ok := w.names[key]; ok {
		return v
	}
	v := chromeName(key) && !positiveStrong(key)
	if w.names == nil {
		w.names = make(map[string]bool, 64)
	}
	w.names[key] = v
	return v
}

// positiveStrong: names that say "this is the story" outweigh a negative
// word in the same attribute ("article-body share-enabled").
var positiveStrongNames = []string{"articlebody", "article-body", "storybody", "story-body", "entry-content", "post-content",
	"post-body", "article-content", "article-text", "story-content", "main-content", "content-body", "body-text",
	"articletext", "article__body", "story__body", "rich-text"}

func positiveStrong(cls string) bool { return containsAny(strings.ToLower(cls), positiveStrongNames) }

// positiveNames are the words of class names that mark content.
var positiveNames = []string{"article", "body", "content", "entry", "main", "post", "story", "text", "blog", "news",
	"column", "prose", "rich-text", "richtext"}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func firstClass(n *html.Node) string {
	f := strings.Fields(attrOf(n, "class"))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
