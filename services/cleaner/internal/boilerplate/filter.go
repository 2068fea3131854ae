// Package boilerplate removes what news sites put around an article body —
// menus, tickers, "Also Read" lists, promos, captions, bylines, footers —
// from a sequence of text blocks, and picks up the title, byline and date
// that some of those lines carry.
//
// It works on features of each block (length, terminal punctuation, link
// density, position relative to the prose, repetition) plus a few pattern
// families (families.go); the same filter serves plain text (one block per
// line) and the blocks an HTML extractor kept.
package boilerplate

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/claimwire/claimwire/services/cleaner/internal/dates"
)

// Block is one paragraph-like unit of a page.
type Block struct {
	Text        string
	Heading     bool    // an HTML heading (h1–h6)
	ListItem    bool    // an HTML list item
	LinkDensity float64 // share of the text inside links (0 for plain text)
}

// Options select how strict the filter is.
type Options struct {
	// Text is set for plain-text pages: blocks before the first prose
	// paragraph are a header zone (nav, title, dateline) and short lines
	// not followed by prose are dropped. An HTML extractor has already
	// removed most chrome, so HTML pages get the milder treatment.
	Text bool
	// Title, when known (from HTML metadata), is removed where it repeats
	// at the top of the body.
	Title string
	// URL of the page, whose slug helps pick a text page's title.
	URL string
}

// Result is the filtered page.
type Result struct {
	Blocks    []Block
	Title     string
	Byline    string
	Published time.Time // zero when no date was found
}

// kind is a block's class after the feature pass.
type kind uint8

const (
	kProse kind = iota // a body paragraph
	kShort             // headline-like: a heading, a menu entry, a list headline
	kJunk              // matched a boilerplate family; always dropped
	kLabel             // a list label ("Related:", "Next Article"): dropped, and it poisons the lines after it
	kDate              // a dateline/byline: dropped, its date kept
)

type info struct {
	Block
	kind  kind
	words int
	norm  string
}

// prepare classifies the blocks and, on text pages, finds the article's
// run among them: everything Filter does before the line model.
func prepare(blocks []Block, opt Options) ([]info, Result) {
	var res Result
	if len(blocks) == 0 {
		return nil, res
	}
	// A "date 2025-10-30 " prefix on the first block is metadata, not text.
	if m := datePrefix.FindStringSubmatchIndex(blocks[0].Text); m != nil {
		if t, ok := dates.Find(blocks[0].Text[m[2]:m[3]]); ok {
			res.Published = t
			b := blocks[0]
			b.Text = strings.TrimSpace(b.Text[m[1]:])
			blocks = append([]Block{b}, blocks[1:]...)
		}
	}
	infos := make([]info, 0, len(blocks))
	// Menus and tickers repeat the same lines many times over; a line is
	// classified once (classify depends only on the block, and what it
	// records in res is set by the first copy).
	type seen struct {
		kind  kind
		words int
		norm  string
	}
	known := make(map[Block]seen, len(blocks))
	for _, b := range blocks {
		b.Text = strings.TrimSpace(b.Text)
		if b.Text == "" {
			continue
		}
		if k, ok := known[b]; ok {
			infos = append(infos, info{Block: b, kind: k.kind, words: k.words, norm: k.norm})
			continue
		}
		in := info{Block: b, words: countWords(b.Text), norm: normalize(b.Text)}
		in.kind = classify(&in, opt, &res)
		known[b] = seen{in.kind, in.words, in.norm}
		infos = append(infos, in)
	}
	dropCredits(infos)
	if opt.Text {
		cutTail(infos)
		demoteTeasers(infos)
		mainRun(infos)
		dropAuthorBox(infos)
	}
	return infos, res
}

// Filter returns the body blocks of a page.
func Filter(blocks []Block, opt Options) Result {
	infos, res := prepare(blocks, opt)
	if len(infos) == 0 {
		return res
	}
	keep, titleNorm, firstProse, ok := decide(infos, opt, &res)
	if !ok {
		return res
	}
	dropRepeats(infos, keep, opt.Text)
	return finish(res, infos, keep, titleNorm, firstProse, opt.Text)
}

// decide marks the blocks to keep by the pattern and structure rules. ok
// is false when the page has no paragraph at all (res then holds what is
// kept of it).
func decide(infos []info, opt Options, res *Result) (keep []bool, titleNorm string, firstProse int, ok bool) {
	firstProse, lastProse := proseSpan(infos)
	if firstProse < 0 {
		// No prose at all: keep the headline-like lines of an HTML body
		// (a short page is still a page), nothing of a text page's chrome.
		if !opt.Text {
			for _, in := range infos {
				if in.kind == kShort && in.LinkDensity < 0.5 {
					res.Blocks = append(res.Blocks, in.Block)
				}
			}
		}
		return nil, "", -1, false
	}

	title := opt.Title
	titleAt := -1
	if opt.Text {
		// the page's own <title>, when it has one, says which header
		// line is the headline (a line under it is no rival)
		if titleAt = knownTitle(infos[:firstProse], opt.Title); titleAt < 0 {
			title, titleAt = pickTitle(infos[:firstProse], opt.URL)
		} else {
			title = infos[titleAt].Text
		}
		res.Title = title
	}
	titleNorm = normalize(title)

	// proseAfter[i]: bytes of prose from block i to the end.
	proseAfter := make([]int, len(infos)+1)
	for i := len(infos) - 1; i >= 0; i-- {
		proseAfter[i] = proseAfter[i+1]
		if infos[i].kind == kProse {
			proseAfter[i] += len(infos[i].Text)
		}
	}
	keep = make([]bool, len(infos))
	poisoned := false // inside a list introduced by a label
	for i := range infos {
		in := &infos[i]
		switch in.kind {
		case kJunk, kDate:
			continue
		case kLabel:
			poisoned = true
			// In an extracted HTML body, a "you may also like" label with
			// little prose after it starts the page's recirculation
			// block: everything from here on is teasers.
			if proseAfter[i]*3 < proseBefore(proseAfter, i) {
				return keep, titleNorm, firstProse, true
			}
			continue
		case kProse:
			// A list of other stories ends at a real paragraph; a
			// headline with a full stop does not end it.
			if poisoned && in.words < 25 && !strings.HasSuffix(in.Text, ".") {
				continue
			}
			poisoned = false
			keep[i] = true
		case kShort:
			if poisoned {
				continue
			}
			if i < firstProse {
				// header zone: title, nav, kickers. HTML headings here
				// that are not the title are subheads worth keeping.
				if !opt.Text && in.norm != titleNorm && (in.Heading || in.LinkDensity < 0.3) {
					keep[i] = true
				}
				continue
			}
			if i > lastProse {
				keep[i] = !opt.Text && in.LinkDensity < 0.3
				continue
			}
			keep[i] = keepShortInside(infos, i, opt)
		}
	}
	// a text page's header zone is dropped but for its title, and the
	// standfirst under the title goes with it: keep the standfirst,
	// whose summary often carries the story's main claim
	// (unless the body repeats it: the body's copy is kept, and two
	// copies in a row would read as furniture to dropRepeats)
	if sf := standfirst(infos[:firstProse], titleAt); sf >= 0 && !keptLater(infos, keep, sf) {
		keep[sf] = true
	}
	return keep, titleNorm, firstProse, true
}

// standfirst returns the index of the standfirst (dek) of a text page:
// the line right under the title (a dateline, a read time or a dropped
// line between them aside) that reads as running text — a sentence of
// six words or more, most of them lower-case, so not another headline, a
// byline or a kicker; -1 when there is none.
func standfirst(head []info, titleAt int) int {
	if titleAt < 0 {
		return -1
	}
	j := titleAt + 1
	for j < len(head) && (head[j].kind == kJunk || head[j].kind == kDate) {
		j++
	}
	if j >= len(head) {
		return -1
	}
	in := &head[j]
	if in.kind != kShort || in.words > 60 || in.LinkDensity > 0 || in.norm == head[titleAt].norm || chromeTitle.MatchString(in.Text) || !runningText(in) {
		return -1
	}
	return j
}

// keptLater reports whether a kept block after i has i's text.
func keptLater(infos []info, keep []bool, i int) bool {
	for k := i + 1; k < len(infos); k++ {
		if keep[k] && infos[k].norm == infos[i].norm {
			return true
		}
	}
	return false
}

func proseBefore(proseAfter []int, i int) int { return proseAfter[0] - proseAfter[i] }

// finish collects the kept blocks.
func finish(res Result, infos []info, keep []bool, titleNorm string, firstProse int, text bool) Result {
	// Repetition: a line seen before (a title repeated at the top, a
	// standfirst repeated as the first paragraph, the same headline listed
	// three times) is kept once at most. In an extracted HTML body lines
	// repeat legitimately (a recipe on every day of a meal plan): there
	// only repeats at the top of the article and adjacent repeats go.
	seen := make(map[string]bool, len(infos))
	last := ""
	for i := range infos {
		if !keep[i] {
			continue
		}
		n := infos[i].norm
		if n == titleNorm && n != "" && i <= firstProse+1 {
			continue
		}
		if n == last || seen[n] && (text || i <= firstProse+3) {
			continue
		}
		seen[n] = true
		last = n
		res.Blocks = append(res.Blocks, infos[i].Block)
	}
	return res
}

// dropCredits drops the credit under a credit label that stands on its
// own line ("Photo:" then "Jane Roe / Agency"): a few words that do not
// end a sentence, which would otherwise read as a subheading.
func dropCredits(infos []info) {
	for i := 0; i+1 < len(infos); i++ {
		if infos[i].kind != kJunk || infos[i].words > 2 || !creditLabel.MatchString(infos[i].Text) {
			continue
		}
		if n := &infos[i+1]; n.kind == kShort && n.words <= 8 && !endsSentence(n.Text) {
			n.kind = kJunk
		}
	}
}

// cutTail reads the last line of a text page as prose when the page was
// cut off in the middle of a paragraph (stores keep the first kilobytes
// of a page): a line of running text right after a paragraph, which only
// lacks its end. Headlines and labels are not running text: they have
// few lower-case words.
func cutTail(infos []info) {
	n := len(infos)
	if n < 2 || infos[n-1].kind != kShort || infos[n-1].words < 6 || infos[n-1].LinkDensity > 0 {
		return
	}
	p := n - 2
	for p >= 0 && skippable(infos[p].kind) {
		p--
	}
	if p < 0 || infos[p].kind != kProse {
		return
	}
	t := infos[n-1].Text
	r, _ := utf8.DecodeRuneInString(t)
	if unicode.IsLower(r) || strings.HasSuffix(strings.TrimSpace(t), "?") || truncated(t) {
		return
	}
	lower := 0
	for w := range strings.FieldsSeq(t) {
		c, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(c) {
			lower++
		}
	}
	if lower*2 >= infos[n-1].words {
		infos[n-1].kind = kProse
	}
}

// dropRepeats removes what a page repeats because it is furniture: a
// short line shown twice in a row (an image's alt text, then its caption)
// and a line of a few words that comes back between the paragraphs (an
// ad slot's label every few paragraphs). Text pages only: in an HTML body
// short lines repeat legitimately (table headers, recipe steps). A
// paragraph or a heading that repeats is left to finish, which keeps its
// first copy.
func dropRepeats(infos []info, keep []bool, text bool) {
	if !text {
		return
	}
	var counts map[string]int
	for i := range infos {
		if !keep[i] || infos[i].Heading || infos[i].words >= 40 {
			continue
		}
		j := i + 1
		for j < len(infos) && skippable(infos[j].kind) {
			j++
		}
		if j < len(infos) && keep[j] && infos[j].norm == infos[i].norm && infos[i].norm != "" {
			keep[i], keep[j] = false, false
			continue
		}
		if infos[i].words <= 3 && infos[i].kind == kShort {
			if counts == nil {
				counts = make(map[string]int, len(infos))
				for k := range infos {
					counts[infos[k].norm]++
				}
			}
			if counts[infos[i].norm] >= 2 {
				keep[i] = false
			}
		}
	}
}

// keepShortInside decides a headline-like block between the first and last
// prose paragraphs: a subheading (directly followed by prose) stays, a run
// of menu entries or headlines does not.
func keepShortInside(infos []info, i int, opt Options) bool {
	in := &infos[i]
	if in.LinkDensity > 0.5 {
		return false
	}
	next := nextContent(infos, i)
	if !opt.Text {
		// HTML: headings and low-link list items in the body are content.
		if in.Heading || in.ListItem || in.LinkDensity < 0.2 {
			return true
		}
		return next >= 0 && infos[next].kind == kProse
	}
	if in.words > 20 || next < 0 || infos[next].kind != kProse {
		return false
	}
	// Only the last line of a run of short lines can be a subheading; the
	// lines above it are a list.
	prev := i - 1
	for prev >= 0 && (infos[prev].kind == kJunk || infos[prev].kind == kDate) {
		prev--
	}
	return prev < 0 || infos[prev].kind == kProse || infos[prev].kind == kShort && endsSentence(infos[prev].Text)
}

// shortCost is what a headline-like line costs the run of text around
// it, in bytes of prose: a subheading above a few paragraphs is cheap, a
// long list of headlines with the odd summary does not pay for itself.
// (Measured on full-page text dumps of the aeb-dev pages: 40 sits in a
// broad plateau between 30 and 60.)
const shortCost = 40

// mainRun finds the article in a text page as the run of blocks with the
// most prose net of the headline-like lines inside it (a maximum-sum
// segment), and demotes prose outside that run — teaser summaries,
// comment threads, author boxes — to headline-like lines, which the
// trailing and header rules then drop.
func mainRun(infos []info) {
	bestSum, bestA, bestB := 0, -1, -1
	sum, a := 0, 0
	for i := range infos {
		v := 0
		switch infos[i].kind {
		case kProse:
			v = len(infos[i].Text)
		case kShort:
			v = -shortCost
		case kLabel:
			v = -3 * shortCost
		}
		if sum <= 0 {
			sum, a = 0, i
		}
		sum += v
		if sum > bestSum {
			bestSum, bestA, bestB = sum, a, i
		}
	}
	if bestA < 0 {
		return
	}
	for i := range infos {
		if (i < bestA || i > bestB) && infos[i].kind == kProse {
			infos[i].kind = kShort
		}
	}
}

// dropAuthorBox removes the author box that closes many pages: a short
// paragraph about the writer ("Ana Berg joined the Courier in 2019 …"),
// often under the writer's name. It is prose, so without this rule it
// reads as the article's last paragraph. Only the tail of the page is
// searched — a story may well describe a person the same way.
func dropAuthorBox(infos []info) {
	total := 0
	for i := range infos {
		if infos[i].kind == kProse {
			total += len(infos[i].Text)
		}
	}
	before := 0
	for j := range infos {
		in := &infos[j]
		if in.kind != kProse {
			continue
		}
		before += len(in.Text)
		if in.words > 90 || (before-len(in.Text))*10 < total*6 {
			continue
		}
		h := j - 1
		for h >= 0 && skippable(infos[h].kind) {
			h--
		}
		if bioOpening.MatchString(in.Text) || h >= 0 && infos[h].kind == kShort && namesWriter(infos[h].Text, in.Text) {
			in.kind = kJunk
			if h >= 0 && infos[h].kind == kShort {
				infos[h].kind = kJunk
			}
		}
	}
}

// namesWriter: line name is a name (one to four capitalised words, after
// an optional "About") that the paragraph bio repeats in its first words.
func namesWriter(name, bio string) bool {
	words := strings.Fields(name)
	if len(words) == 0 || len(words) > 4 || len(words) == 4 && unicode.IsUpper([]rune(words[0])[0]) {
		return false
	}
	head := strings.Fields(bio)
	if len(head) > 12 {
		head = head[:12]
	}
	hit := false
	for k, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			if k == 0 {
				continue // "über", "sobre" and the like
			}
			return false
		}
		if strings.ContainsAny(w, "0123456789") {
			return false // a model or a product ("RAV4"), not a person
		}
		if len(w) < 3 {
			continue
		}
		for _, b := range head {
			if strings.TrimRight(b, ",.;:'’s") == w || strings.TrimRight(b, ",.;:") == w {
				hit = true
			}
		}
	}
	return hit
}

// minTeasers is how many headline + summary pairs in a row make a list of
// other stories rather than an article with subheadings.
const minTeasers = 3

// demoteTeasers finds runs of teaser blocks — a headline followed by a
// one-paragraph summary, repeated — and demotes their summaries to
// headline-like lines, so the main-run search does not count them as the
// article. An article with a subheading over each short paragraph has the
// same shape, so a run only counts as teasers when the site has cut the
// summaries — most end in an ellipsis, or they all have (nearly) the same
// length because a template truncated them at a fixed width — or marks
// the headlines as links with an arrow ("» Headline").
func demoteTeasers(infos []info) {
	for i := 0; i < len(infos); {
		var summaries []int
		bullets := 0 // headlines marked as links ("» Headline")
		j := i
		for {
			h := j
			for h < len(infos) && skippable(infos[h].kind) {
				h++
			}
			if h >= len(infos) || infos[h].kind != kShort {
				break
			}
			s := nextContent(infos, h)
			if s < 0 || infos[s].kind != kProse || infos[s].words > 80 {
				break
			}
			summaries = append(summaries, s)
			if strings.HasPrefix(infos[h].Text, "»") || strings.HasPrefix(infos[h].Text, "›") || strings.HasPrefix(infos[h].Text, "→") || strings.HasPrefix(infos[h].Text, "▶") {
				bullets++
			}
			j = s + 1
		}
		if len(summaries) >= minTeasers && (bullets*2 >= len(summaries) || cutSummaries(infos, summaries)) {
			for _, s := range summaries {
				infos[s].kind = kShort
			}
		}
		if j > i {
			i = j
		} else {
			i++
		}
	}
}

// truncated: the line ends in an ellipsis, the mark templates put where
// they cut a headline or a summary ("… [...]" too).
func truncated(s string) bool {
	s = strings.TrimRight(s, " ]")
	// An expandable caption or teaser pastes as "… more".
	if t := strings.TrimSuffix(s, "more"); len(t) < len(s) {
		s = strings.TrimRight(t, " ")
	}
	return strings.HasSuffix(s, "...") || strings.HasSuffix(s, "…")
}

func skippable(k kind) bool { return k == kJunk || k == kDate }

// cutSummaries reports whether teaser summaries were truncated by the
// site: at least half end in an ellipsis, or their lengths spread by less
// than a tenth of the longest.
func cutSummaries(infos []info, summaries []int) bool {
	cut, lo, hi := 0, -1, 0
	for _, s := range summaries {
		if truncated(infos[s].Text) {
			cut++
		}
		n := utf8.RuneCountInString(infos[s].Text)
		if lo < 0 || n < lo {
			lo = n
		}
		hi = max(hi, n)
	}
	return cut*2 >= len(summaries) || hi-lo <= hi/10
}

func nextContent(infos []info, i int) int {
	for j := i + 1; j < len(infos); j++ {
		if infos[j].kind != kJunk && infos[j].kind != kDate {
			return j
		}
	}
	return -1
}

// knownTitle returns the last header line that is the page's known
// title, or the title without the site name it carries ("Headline |
// Site", "Headline - Site"); -1 when none is.
func knownTitle(head []info, title string) int {
	tn := normalize(title)
	if tn == "" {
		return -1
	}
	for i := len(head) - 1; i >= 0; i-- {
		if n := head[i].norm; n != "" && (n == tn || head[i].words >= 3 && strings.HasPrefix(tn, n+" ")) {
			return i
		}
	}
	return -1
}

// pickTitle chooses the title among the header lines of a text page. Each
// headline-shaped line is scored: repeated in the header (pages print the
// headline twice, or once more with "| Site"), sharing words with the URL
// or a breadcrumb slug, headline length, closeness to the body; lines that
// read like chrome (interface words, a byline, a handle) lose.
func pickTitle(head []info, pageURL string) (string, int) {
	// The headline sits just above the body: looking at the last lines
	// of the header keeps this linear on pages with endless menus.
	off := 0
	if len(head) > 60 {
		off = len(head) - 60
		head = head[off:]
	}
	slugWords := map[string]bool{}
	addSlug := func(s string) {
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len(w) > 2 {
				slugWords[w] = true
			}
		}
	}
	// The slug is the path segment whose words are joined by hyphens
	// ("/news/council-votes-on-budget/story"); failing that, the last one.
	path := pageURL
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	if i := strings.Index(path, "://"); i >= 0 {
		path = path[i+3:]
		if j := strings.IndexByte(path, '/'); j >= 0 {
			path = path[j:]
		} else {
			path = ""
		}
	}
	found := false
	for seg := range strings.SplitSeq(path, "/") {
		if strings.Count(seg, "-")+strings.Count(seg, "_") >= 2 {
			addSlug(seg)
			found = true
		}
	}
	if !found {
		if i := strings.LastIndexByte(strings.TrimRight(path, "/"), '/'); i >= 0 {
			addSlug(strings.TrimRight(path, "/")[i+1:])
		}
	}
	for _, in := range head {
		if !strings.ContainsRune(in.Text, ' ') && slug.MatchString(in.Text) {
			addSlug(in.Text)
		}
	}
	best, bestAt, bestScore := "", -1, 0.0
	scores := make([]float64, len(head))
	for i := range head {
		in := &head[i]
		if in.kind != kShort || !titleShaped(in) {
			continue
		}
		score := 1.0
		for j := range head {
			if j != i && head[j].norm != "" && (head[j].norm == in.norm || strings.HasPrefix(head[j].norm, in.norm+" ")) {
				score += 3
				break
			}
		}
		if len(slugWords) > 0 {
			hit, n := 0, 0
			for _, w := range strings.Fields(in.norm) {
				if len(w) > 2 {
					n++
					if slugWords[w] {
						hit++
					}
				}
			}
			if n > 0 {
				score += 3 * float64(hit) / float64(n)
			}
		}
		if in.words >= 5 && in.words <= 20 {
			score += 1
		}
		if chromeTitle.MatchString(in.Text) {
			score -= 2.5
		}
		score += 0.5 * float64(i+1) / float64(len(head)) // the last headline before the body, other things equal
		scores[i] = score
		if score > bestScore {
			best, bestAt, bestScore = in.Text, i, score
		}
	}
	if bestScore < 1 {
		return "", -1
	}
	// a headline and its standfirst: two headline-shaped lines alone
	// together (not the end of a list of headlines), the lower one running
	// text about the same thing (a word in common), that only closeness
	// to the body tells apart — the upper is the headline, the lower its
	// summary
	if u := prevLine(head, bestAt); u >= 0 && scores[u] >= bestScore-0.5 && runningText(&head[bestAt]) && commonWord(head[u].norm, head[bestAt].norm) {
		if above := prevLine(head, u); above < 0 || scores[above] == 0 {
			best, bestAt = head[u].Text, u
		}
	}
	return best, off + bestAt
}

// prevLine returns the index of the line before i in the header, a
// dropped line or a dateline aside; -1 when there is none.
func prevLine(head []info, i int) int {
	for k := i - 1; k >= 0; k-- {
		if head[k].kind != kJunk && head[k].kind != kDate {
			return k
		}
	}
	return -1
}

// commonWord reports whether two normalized lines have a word of four
// letters or more in common.
func commonWord(a, b string) bool {
	for w := range strings.FieldsSeq(a) {
		if len(w) >= 4 && slices.Contains(strings.Fields(b), w) {
			return true
		}
	}
	return false
}

// runningText: a line of six words or more, most of them lower-case, as
// a sentence is — not a title-case headline, a byline or a kicker.
func runningText(in *info) bool {
	if in.words < 6 {
		return false
	}
	lower := 0
	for w := range strings.FieldsSeq(in.Text) {
		if c, _ := utf8.DecodeRuneInString(w); unicode.IsLower(c) {
			lower++
		}
	}
	return lower*2 >= in.words
}

// titleShaped: a headline has a few words, mostly letters, and is not a
// sentence ending in a full stop.
func titleShaped(in *info) bool {
	if in.words < 3 || in.words > 30 || strings.HasSuffix(in.Text, ".") {
		return false
	}
	return letterShare(in.Text) > 0.6 && in.LinkDensity < 0.5
}

// classify assigns a block its kind, collecting dates and bylines.
func classify(in *info, opt Options, res *Result) kind {
	t := in.Text
	if in.words == 0 {
		return kJunk // separators: "-", "/", "•", "***"
	}
	if len(t) > 2000 {
		if endsSentence(t) || in.words > 40 {
			return kProse
		}
	}
	short := in.words <= 40
	// The families are regexps; each is tried only when a cheap test on
	// the line says it could match (families.go: prefilters), which
	// spares most lines of running text all of them.
	var low string
	if in.words <= 80 {
		low = strings.ToLower(t)
	}
	switch {
	case in.words <= 4 && chromeWord.MatchString(t):
		return kJunk
	case short && mayListLabel(in, low) && listLabel.MatchString(t):
		return kLabel
	case in.words <= 8 && interfaceLines[in.norm]:
		return kJunk
	case in.words <= 6 && strings.Contains(t, "/") && nameCredit.MatchString(t):
		return kJunk
	case in.words <= 20 && tagLine(t):
		return kJunk
	case in.words <= 25 && mayInlineLabel(t) && inlineLabel.MatchString(t) && !endsSentence(t):
		return kJunk
	case in.words <= 60 && isProvenance(t, low):
		return kJunk
	case in.words <= 60 && isWireCredit(t, in.words):
		return kJunk
	case in.words <= 12 && ad.MatchString(t):
		return kJunk
	case short && holdsAny(low, promoLiterals) && promo.MatchString(t):
		return kJunk
	case short && holdsAny(low, consentLiterals) && consentNewsletter.MatchString(t):
		return kJunk
	case in.words <= 12 && playerLine(t):
		return kJunk
	case in.words <= 12 && allShareWords(t):
		return kJunk
	case in.words <= 30 && mayCaption(low) && caption.MatchString(t):
		return kJunk
	case in.words <= 80 && strings.Contains(t, "/") && photoCredit.MatchString(t):
		return kJunk
	case in.words <= 12 && !endsSentence(strings.TrimRight(t, ".")) && contact.MatchString(t):
		return kJunk
	case mayExpander(t) && expander.MatchString(t):
		return kJunk
	case galleryCounter.MatchString(t):
		return kJunk
	case in.words <= 40 && mayCopyright(low) && copyright.MatchString(t):
		return kJunk
	case readTime.MatchString(t) || updatedLine.MatchString(t) || in.words <= 4 && (strings.ContainsAny(t, "0123456789") || strings.Contains(low, "ago")) && relativeTime.MatchString(t):
		return kDate
	case in.words <= 8 && holdsAny(low, readTimeLiterals) && readTimeLabel.MatchString(t):
		return kDate
	case !strings.ContainsRune(t, ' ') && (slug.MatchString(t) || identifier(t)):
		// A slug, or an ad slot's or a file's name ("Home-Top-300x250").
		return kJunk
	case in.words <= 12 && callToAction(t):
		return kJunk
	case in.words <= 60 && credit(t):
		// A caption closed by its credit: "… on Saturday. (Photo: Agency)".
		return kJunk
	}
	// "— Name (@handle) November 19, 2019" closes an embedded post that the
	// story quotes: content, not a dateline.
	if in.words <= 30 && hasYear(t) && !strings.Contains(t, "(@") {
		if d, span, ok := dates.FindIndex(t); ok {
			strong := datelineMarker.MatchString(t)
			// The date dominates the line: a dateline, not a sentence.
			dominant := countWords(t[:span[0]])+countWords(t[span[1]:]) <= 8 && !strings.HasSuffix(t, ".")
			if strong || dominant || in.words <= 12 && bylineMarker.MatchString(t) {
				if res.Published.IsZero() {
					res.Published = d
				}
				if res.Byline == "" {
					res.Byline = bylineFrom(t)
				}
				return kDate
			}
		}
	}
	// "By Friday, the council had voted." opens a sentence, not a byline.
	if m := handleByline.FindStringSubmatch(t); m != nil {
		if res.Byline == "" {
			res.Byline = strings.TrimSpace(m[1])
		}
		return kDate
	}
	if m := byline.FindStringSubmatch(t); m != nil && in.words <= 10 && !(in.words >= 5 && strings.HasSuffix(t, ".")) {
		if res.Byline == "" {
			res.Byline = cleanByline(m[1])
		}
		return kDate
	}
	if isProse(in) {
		return kProse
	}
	return kShort
}

// isProse: a paragraph of running text rather than a label or headline.
func isProse(in *info) bool {
	if in.LinkDensity > 0.6 && in.words < 60 {
		return false
	}
	if in.Heading {
		return false
	}
	if in.words >= 25 {
		// A long line without any punctuation is a word list (a tag
		// cloud, a select box, a menu flattened into one line).
		return strings.ContainsAny(in.Text, ".,;:!?。，、")
	}
	// A short line cut off with an ellipsis is a truncated headline or
	// teaser, not a sentence.
	if in.words < 15 && truncated(in.Text) {
		return false
	}
	// A short question is a headline or a subheading, not running text.
	if in.words < 15 && strings.HasSuffix(strings.TrimRight(in.Text, " \"”’'"), "?") {
		return false
	}
	if in.words >= 5 && endsSentence(in.Text) {
		return true
	}
	// A sentence break inside a medium line ("… said. He …").
	return in.words >= 12 && strings.Contains(in.Text, ". ")
}

// tagLine: a line of hashtags ("#harbour #ferry"), or of three or more
// short items between bars ("Harbour | Ferries | Council") — a tag list
// or a menu, never a sentence.
func tagLine(t string) bool {
	if strings.HasPrefix(t, "#") {
		f := strings.Fields(t)
		return len(f) >= 2 && !slices.ContainsFunc(f, func(w string) bool { return !strings.HasPrefix(w, "#") || len(w) < 2 })
	}
	if strings.Count(t, "|") < 2 || endsSentence(t) {
		return false
	}
	for item := range strings.SplitSeq(t, "|") {
		if n := countWords(item); n == 0 || n > 3 {
			return false
		}
	}
	return true
}

// isWireCredit: a staff credit line — the opener ("Reporting by",
// "Editing by" …) and then a list of names: several credits joined by
// semicolons, the whole in brackets, or a line too short for a sentence.
// "Contributed to this report" closes the sentence form.
func isWireCredit(t string, words int) bool {
	if words <= 30 && strings.Contains(t, "contributed") && contributorLine.MatchString(t) {
		return true
	}
	if !strings.Contains(t, " by ") || !creditOpening(t) || !wireCredit.MatchString(t) {
		return false
	}
	s := strings.TrimSpace(t)
	return strings.Contains(s, ";") || strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") || words <= 12 && !strings.HasSuffix(s, ".")
}

// creditOpenings are the first words a wireCredit match can have.
var creditOpenings = []string{"reporting", "writing", "editing", "research", "compiled", "graphic", "production",
	"translat", "fact-checking", "additional", "further"}

// creditOpening: the line, its leading punctuation aside, opens with one
// of creditOpenings — a cheap test that spares wireCredit the many lines
// of prose that hold " by ".
func creditOpening(t string) bool {
	t = strings.TrimLeftFunc(t, func(r rune) bool { return !unicode.IsLetter(r) })
	if len(t) > 14 {
		t = t[:14]
	}
	t = strings.ToLower(t)
	for _, o := range creditOpenings {
		if strings.HasPrefix(t, o) {
			return true
		}
	}
	return false
}

// holdsAny reports whether the lower-cased line holds one of literals: the
// cheap test before a pattern every match of which holds one of them
// (promoLiterals, consentLiterals, readTimeLiterals).
func holdsAny(low string, literals []string) bool {
	for _, l := range literals {
		if strings.Contains(low, l) {
			return true
		}
	}
	return false
}

// isProvenance: the line is a note about the copy (provenance*, in
// families.go); the cheap word tests go first.
func isProvenance(t, low string) bool {
	for _, w := range provenanceWords {
		if strings.Contains(low, w) {
			if provenanceAny.MatchString(t) {
				return true
			}
			break
		}
	}
	head := strings.TrimLeftFunc(low, func(r rune) bool { return !unicode.IsLetter(r) })
	for _, o := range provenanceOpenings {
		if strings.HasPrefix(head, o) {
			return provenanceStart.MatchString(t)
		}
	}
	return false
}

// mayListLabel: listLabel matches a whole line made of a label, and the
// labels have at most six words, except "more …" and "in …" ones.
func mayListLabel(in *info, low string) bool {
	if in.words <= 6 {
		return true
	}
	w := strings.TrimLeftFunc(low, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.HasPrefix(w, "more") || strings.HasPrefix(w, "in")
}

// mayInlineLabel: inlineLabel needs a separator after a label of at most
// three words, so one in the first bytes of the line.
func mayInlineLabel(t string) bool {
	head := t
	if len(head) > 48 {
		head = head[:48]
	}
	return strings.ContainsAny(head, ":|»›>-")
}

// mayCaption: every caption alternative holds one of these.
func mayCaption(low string) bool {
	for _, l := range captionLiterals {
		if strings.Contains(low, l) {
			return true
		}
	}
	// "3 / 12" at the end of the line.
	end := strings.TrimRightFunc(low, unicode.IsSpace)
	return end != "" && end[len(end)-1] >= '0' && end[len(end)-1] <= '9'
}

// mayExpander: expander anchors "more" or "less" at the end of the line.
func mayExpander(t string) bool {
	t = strings.TrimRightFunc(t, unicode.IsSpace)
	return strings.HasSuffix(t, "more") || strings.HasSuffix(t, "less")
}

func mayCopyright(low string) bool {
	return strings.Contains(low, "©") || strings.Contains(low, "(c)") || strings.Contains(low, "&copy;") ||
		strings.Contains(low, "copyright") || strings.Contains(low, "all right")
}

// hasYear: every date form the cleaner reads has a four-digit year; this
// cheap check spares the date regexps on most lines.
func hasYear(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			run++
			if run == 4 && (i+1 == len(s) || s[i+1] < '0' || s[i+1] > '9') {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', '…', '"', '”', '’', '»', ')', ';', ':', '\'', '。', '！', '？', '」', '』', '）':
		return true
	}
	return false
}

// bylineFrom takes the author part of a dateline: "By Jane Roe | Oct 3"
// or "X Network - City - UPDATED: …".
func bylineFrom(s string) string {
	if m := byline.FindStringSubmatch(s); m != nil {
		return cleanByline(m[1])
	}
	for _, sep := range []string{" - ", " | ", " – ", " — ", " · "} {
		if i := strings.Index(s, sep); i > 0 {
			head := strings.TrimSpace(s[:i])
			if n := countWords(head); n >= 1 && n <= 6 && !datelineMarker.MatchString(head) {
				if _, ok := dates.Find(head); !ok {
					return head
				}
			}
			break
		}
	}
	return ""
}

func cleanByline(s string) string {
	for _, sep := range []string{" | ", " - ", " – ", " — ", ",", " · ", " on ", " Updated", " Published", " UPDATED", " PUBLISHED"} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	s = strings.TrimSpace(s)
	if countWords(s) > 8 {
		return ""
	}
	return s
}

func allShareWords(s string) bool {
	any := false
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }) {
		if !shareWord.MatchString(w) {
			return false
		}
		any = true
	}
	return any
}

// countWords counts runs of letters or digits. Scripts written without
// spaces (Chinese, Japanese, Thai) count one word per two characters, so
// their paragraphs are measured like everyone else's.
func countWords(s string) int {
	n, in, dense := 0, false, 0
	for _, r := range s {
		if r >= 0x0e00 && (unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai)) {
			dense++
			in = false
			continue
		}
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n + (dense+1)/2
}

func letterShare(s string) float64 {
	var l, all int
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		all++
		if unicode.IsLetter(r) {
			l++
		}
	}
	if all == 0 {
		return 0
	}
	return float64(l) / float64(all)
}

// normalize folds case, quotes and spacing so repeated lines compare equal.
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}
