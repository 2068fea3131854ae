package ui

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

func stem(w string) string { return group.Stem(w) }
func isLetter(r rune) bool { return unicode.IsLetter(r) }
func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) <= n {
		return s
	}
	return strings.Join(f[:n], " ") + "…"
}

// Chart geometry (SVG user units); the SVG scales to the page width.
const (
	chartW     = 760.0
	chartLeft  = 170.0 // room for outlet names
	chartRight = 20.0
	rowH       = 26.0
)

// dot is one member on the cluster's timeline.
type dot struct {
	X, Y    float64
	Outlet  string
	When    string
	Title   string
	Href    string
	First   bool
	Variant bool
}

// lane is one outlet's row on the timeline.
type lane struct {
	Outlet string
	Y      float64
}

type tick struct {
	X      float64
	Label  string
	Anchor string // SVG text-anchor: the end ticks stay inside the chart
}

// timeline places a cluster's dated members on a time axis, one lane per
// outlet in the order they first reported it.
type timeline struct {
	Height  float64
	AxisY   float64
	Lanes   []lane
	Dots    []dot
	Ticks   []tick
	Undated []store.Member
	Span    string
}

func newTimeline(ms []store.Member) timeline {
	var tl timeline
	var first, last time.Time
	for _, m := range ms {
		if m.Published == nil {
			tl.Undated = append(tl.Undated, m)
			continue
		}
		if first.IsZero() || m.Published.Before(first) {
			first = *m.Published
		}
		if m.Published.After(last) {
			last = *m.Published
		}
	}
	if first.IsZero() {
		return tl
	}
	dated := make([]store.Member, 0, len(ms))
	for _, m := range ms {
		if m.Published != nil {
			dated = append(dated, m)
		}
	}
	sort.SliceStable(dated, func(i, j int) bool { return dated[i].Published.Before(*dated[j].Published) })
	laneOf := map[string]int{}
	for _, m := range dated {
		o := outletName(m.Outlet)
		if _, ok := laneOf[o]; !ok {
			laneOf[o] = len(tl.Lanes)
			tl.Lanes = append(tl.Lanes, lane{Outlet: o, Y: 20 + float64(len(tl.Lanes))*rowH})
		}
	}
	span := last.Sub(first)
	// Outlets often give a date without a time: then say dates only.
	days := true
	for _, m := range dated {
		if t := m.Published.UTC(); t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 {
			days = false
		}
	}
	full := "2 Jan 2006 15:04"
	if days {
		full = "2 Jan 2006"
	}
	plot := chartW - chartLeft - chartRight
	x := func(t time.Time) float64 {
		if span <= 0 {
			return chartLeft + plot/2
		}
		return chartLeft + plot*float64(t.Sub(first))/float64(span)
	}
	for i, m := range dated {
		o := outletName(m.Outlet)
		tl.Dots = append(tl.Dots, dot{X: x(*m.Published), Y: tl.Lanes[laneOf[o]].Y, Outlet: o, When: m.Published.UTC().Format(full),
			Title: m.Title, Href: "/articles/" + url.PathEscape(m.ArticleID), First: i == 0, Variant: m.Variant})
	}
	tl.AxisY = 20 + float64(len(tl.Lanes))*rowH
	tl.Height = tl.AxisY + 30
	layout := "2 Jan 15:04"
	if span > 72*time.Hour || days {
		layout = "2 Jan 2006"
	}
	if span <= 0 {
		tl.Ticks = []tick{{X: chartLeft + plot/2, Label: first.UTC().Format(full), Anchor: "middle"}}
	} else {
		for i := 0; i <= 4; i++ {
			t := first.Add(time.Duration(float64(span) * float64(i) / 4))
			anchor := "middle"
			switch i {
			case 0:
				anchor = "start"
			case 4:
				anchor = "end"
			}
			label := t.UTC().Format(layout)
			if n := len(tl.Ticks); n > 0 && tl.Ticks[n-1].Label == label {
				continue // day-precision dates: one label per day
			}
			tl.Ticks = append(tl.Ticks, tick{X: x(t), Label: label, Anchor: anchor})
		}
	}
	tl.Span = first.UTC().Format(full) + " – " + last.UTC().Format(full)
	if !days {
		tl.Span += " UTC"
	}
	if span <= 0 {
		tl.Span = "All on " + first.UTC().Format(full)
	}
	return tl
}

func outletName(o string) string {
	if o == "" {
		return "unknown outlet"
	}
	return o
}

// provenance is who cited whom: sources on the left, the outlets that cite
// them on the right, an arrow from each outlet to its source.
type provenance struct {
	Height  float64
	Sources []node
	Outlets []node
	Edges   []edge
}

type node struct {
	Label string
	X, Y  float64
}

type edge struct {
	X1, Y1, X2, Y2 float64
	Label          string
}

func newProvenance(cs []store.Citation) *provenance {
	if len(cs) == 0 {
		return nil
	}
	p := &provenance{}
	srcY, outY := map[string]float64{}, map[string]float64{}
	for _, c := range cs {
		if _, ok := srcY[c.Source]; !ok {
			srcY[c.Source] = 24 + float64(len(p.Sources))*rowH
			p.Sources = append(p.Sources, node{Label: c.Source, X: 180, Y: srcY[c.Source]})
		}
		if _, ok := outY[c.Outlet]; !ok {
			outY[c.Outlet] = 24 + float64(len(p.Outlets))*rowH
			p.Outlets = append(p.Outlets, node{Label: c.Outlet, X: 560, Y: outY[c.Outlet]})
		}
		p.Edges = append(p.Edges, edge{X1: 552, Y1: outY[c.Outlet] - 4, X2: 192, Y2: srcY[c.Source] - 4, Label: c.Outlet + " cites " + c.Source})
	}
	p.Height = 24 + float64(max(len(p.Sources), len(p.Outlets)))*rowH
	return p
}

// figure is one outlet's number in a statistic cluster.
type figure struct {
	Outlet, Figure, When, Href, URL string
	Differs                         bool
}

func figures(c store.Cluster) []figure {
	if c.Kind != contract.KindStatistic {
		return nil
	}
	var out []figure
	var base *float64 // the first member's first figure
	first := true
	for _, m := range c.Members {
		f := figure{Outlet: outletName(m.Outlet), When: "date unknown", Href: "/articles/" + url.PathEscape(m.ArticleID), URL: m.URL}
		if m.Published != nil {
			f.When = m.Published.UTC().Format("2 Jan 2006 15:04")
			if t := m.Published.UTC(); t.Hour() == 0 && t.Minute() == 0 {
				f.When = t.Format("2 Jan 2006")
			}
		}
		if len(m.Numbers) > 0 {
			n := m.Numbers[0]
			f.Figure = strings.TrimSpace(n.Text)
			if n.Unit != "" && !strings.Contains(f.Figure, n.Unit) {
				f.Figure += " (" + n.Unit + ")"
			}
			if first {
				base, first = n.Value, false
			} else {
				// A vague amount ("dozens") has no value to compare.
				f.Differs = base != nil && n.Value != nil && *n.Value != *base
			}
		}
		out = append(out, f)
	}
	return out
}

type clusterPage struct {
	base
	Cluster    store.Cluster
	Timeline   timeline
	Provenance *provenance
	Figures    []figure
	First      *store.Member
	AlsoFirst  []string // outlets that gave the same first date
	Variants   int
}

func (u *server) cluster(w http.ResponseWriter, r *http.Request) {
	c, err := u.s.Cluster(r.Context(), r.PathValue("id"))
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	p := clusterPage{base: base{Title: "Cluster: " + firstWords(c.Text, 8), Nav: "clusters"}, Cluster: c,
		Timeline: newTimeline(c.Members), Provenance: newProvenance(c.Citations), Figures: figures(c)}
	for i := range c.Members {
		m := &c.Members[i]
		if m.Variant {
			p.Variants++
		}
		if m.Published != nil && (p.First == nil || m.Published.Before(*p.First.Published)) {
			p.First = m
		}
	}
	if p.First != nil {
		seen := map[string]bool{p.First.Outlet: true}
		for _, m := range c.Members {
			if m.Published != nil && m.Published.Equal(*p.First.Published) && !seen[m.Outlet] {
				seen[m.Outlet] = true
				p.AlsoFirst = append(p.AlsoFirst, outletName(m.Outlet))
			}
		}
	}
	u.render(w, r, http.StatusOK, "cluster", p)
}

// segment is a run of article text, highlighted when it is a claim.
type segment struct {
	Text  string
	Claim *store.ClaimView
}

type paragraph []segment

// claimGroup is the claims of one quotation split into assertions, or one
// claim alone.
type claimGroup struct {
	ID     string
	Claims []store.ClaimView
}

type articlePage struct {
	base
	Article    store.ArticleView
	Paragraphs []paragraph
	Groups     []claimGroup
	Kinds      map[string]int
}

func (u *server) article(w http.ResponseWriter, r *http.Request) {
	a, err := u.s.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	title := articleName(a.Title, a.URL, a.ID)
	p := articlePage{base: base{Title: title}, Article: a, Paragraphs: highlight(a.Text, a.Claims), Groups: groupClaims(a.Claims), Kinds: map[string]int{}}
	for _, c := range a.Claims {
		p.Kinds[c.Kind]++
	}
	u.render(w, r, http.StatusOK, "article", p)
}

// groupClaims keeps the parts of a split quotation together, in the order
// of their first part.
func groupClaims(cs []store.ClaimView) []claimGroup {
	var out []claimGroup
	at := map[string]int{}
	for _, c := range cs {
		if c.Group != "" {
			if i, ok := at[c.Group]; ok {
				out[i].Claims = append(out[i].Claims, c)
				continue
			}
			at[c.Group] = len(out)
		}
		out = append(out, claimGroup{ID: c.Group, Claims: []store.ClaimView{c}})
	}
	return out
}

// highlight cuts text into paragraphs of plain and claim segments. Claim
// offsets come from the extractor: spans out of range, off a character
// boundary or overlapping an earlier claim are left unhighlighted rather
// than trusted.
func highlight(text string, claims []store.ClaimView) []paragraph {
	idx := make([]int, 0, len(claims))
	for i, c := range claims {
		if c.Start >= 0 && c.End > c.Start && c.End <= len(text) && utf8.RuneStart(text[c.Start]) && (c.End == len(text) || utf8.RuneStart(text[c.End])) {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(i, j int) bool { return claims[idx[i]].Start < claims[idx[j]].Start })
	var segs []segment
	pos := 0
	for _, i := range idx {
		c := &claims[i]
		if c.Start < pos {
			continue
		}
		segs = append(segs, segment{Text: text[pos:c.Start]}, segment{Text: text[c.Start:c.End], Claim: c})
		pos = c.End
	}
	segs = append(segs, segment{Text: text[pos:]})
	// Split plain segments at blank lines into paragraphs.
	var paras []paragraph
	cur := paragraph{}
	for _, s := range segs {
		if s.Claim != nil {
			cur = append(cur, s)
			continue
		}
		parts := strings.Split(s.Text, "\n\n")
		for k, part := range parts {
			if k > 0 {
				paras = append(paras, cur)
				cur = paragraph{}
			}
			if part != "" {
				cur = append(cur, segment{Text: part})
			}
		}
	}
	paras = append(paras, cur)
	out := paras[:0]
	for _, p := range paras {
		if len(p) > 0 {
			out = append(out, p)
		}
	}
	return out
}

type speakersPage struct {
	base
	Form     form
	Speakers []store.Speaker
	Pager    pager
}

func (u *server) speakers(w http.ResponseWriter, r *http.Request) {
	f := readForm(r, "q")
	page, err := u.s.Speakers(r.Context(), store.SpeakerQuery{Q: f.Get("q"), Limit: pageSize, Cursor: trim(r.URL.Query().Get("cursor"))})
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	p := speakersPage{base: base{Title: "Speakers", Nav: "speakers"}, Form: f, Speakers: page.Speakers,
		Pager: newPager("/speakers", f, r, page.Total, len(page.Speakers), pageSize, page.NextCursor, "/api/speakers")}
	u.render(w, r, http.StatusOK, "speakers", p)
}

// bar is one day of a speaker's claims-over-time chart.
type bar struct {
	X, Y, W, H float64
	Label      string
	Claims     int
}

type barChart struct {
	Bars   []bar
	Ticks  []tick
	Height float64
	BaseY  float64
	Max    int
}

func newBarChart(days []store.DayCount) *barChart {
	if len(days) == 0 {
		return nil
	}
	first, err1 := time.Parse("2006-01-02", days[0].Day)
	last, err2 := time.Parse("2006-01-02", days[len(days)-1].Day)
	if err1 != nil || err2 != nil {
		return nil
	}
	n := int(last.Sub(first).Hours()/24) + 1
	if n > 366 {
		n = 366 // a longer record is cut to its first year on the chart; the API has it all
	}
	bc := &barChart{Height: 150, BaseY: 120}
	for _, d := range days {
		bc.Max = max(bc.Max, d.Claims)
	}
	plot := chartW - 60 - chartRight
	w := plot / float64(n)
	for _, d := range days {
		t, err := time.Parse("2006-01-02", d.Day)
		if err != nil {
			continue
		}
		i := int(t.Sub(first).Hours() / 24)
		if i >= n {
			break
		}
		h := 100 * float64(d.Claims) / float64(bc.Max)
		bc.Bars = append(bc.Bars, bar{X: 60 + float64(i)*w + w*0.1, W: max(w*0.8, 1), Y: bc.BaseY - h, H: h, Label: t.Format("2 Jan 2006"), Claims: d.Claims})
	}
	bc.Ticks = []tick{{X: 60, Label: first.Format("2 Jan 2006"), Anchor: "start"}}
	if n > 1 {
		bc.Ticks = append(bc.Ticks, tick{X: 60 + plot, Label: first.AddDate(0, 0, n-1).Format("2 Jan 2006"), Anchor: "end"})
	}
	return bc
}

type speakerPage struct {
	base
	Speaker store.SpeakerDetail
	Groups  []claimGroup // claims by cluster
	Chart   *barChart
	Pager   pager
	Merged  []store.Alias
	Split   []store.Alias
}

func (u *server) speaker(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	if !store.HasLetter(key) {
		u.fail(w, r, http.StatusBadRequest, "A speaker's name or key must contain a letter.")
		return
	}
	d, err := u.s.Speaker(r.Context(), key)
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	if d.Key != key {
		// A name, an old spelling or a merged key: go to the stored key.
		http.Redirect(w, r, "/speakers/"+url.PathEscape(d.Key), http.StatusFound)
		return
	}
	f := form{v: url.Values{}}
	page, err := u.s.Claims(r.Context(), store.ClaimQuery{SpeakerKey: key, Limit: 200, Cursor: trim(r.URL.Query().Get("cursor"))})
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	p := speakerPage{base: base{Title: d.Name, Nav: "speakers"}, Speaker: d, Chart: newBarChart(d.Timeline),
		Pager: newPager("/speakers/"+url.PathEscape(key), f, r, page.Total, len(page.Claims), 200, page.NextCursor, "/api/claims")}
	p.Pager.JSON = "/api/claims?" + url.Values{"speaker": {d.Name}, "limit": {"1000"}}.Encode()
	p.Pager.CSV = p.Pager.JSON + "&format=csv"
	at := map[string]int{}
	for _, c := range page.Claims {
		if i, ok := at[c.ClusterID]; ok && c.ClusterID != "" {
			p.Groups[i].Claims = append(p.Groups[i].Claims, c)
			continue
		}
		at[c.ClusterID] = len(p.Groups)
		p.Groups = append(p.Groups, claimGroup{ID: c.ClusterID, Claims: []store.ClaimView{c}})
	}
	for _, a := range d.Aliases {
		if a.ArticleID == "" {
			p.Merged = append(p.Merged, a)
		} else {
			p.Split = append(p.Split, a)
		}
	}
	u.render(w, r, http.StatusOK, "speaker", p)
}

type outletsPage struct {
	base
	Form    form
	Outlets []store.Outlet
	Pager   pager
}

func (u *server) outlets(w http.ResponseWriter, r *http.Request) {
	f := readForm(r, "q")
	page, err := u.s.Outlets(r.Context(), store.OutletQuery{Q: f.Get("q"), Limit: pageSize, Cursor: trim(r.URL.Query().Get("cursor"))})
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	p := outletsPage{base: base{Title: "Outlets", Nav: "outlets"}, Form: f, Outlets: page.Outlets,
		Pager: newPager("/outlets", f, r, page.Total, len(page.Outlets), pageSize, page.NextCursor, "/api/outlets")}
	u.render(w, r, http.StatusOK, "outlets", p)
}

type alertsPage struct {
	base
	Watches []store.Watch
	Alerts  []store.Alert
	Watch   string
	Next    string
	Kinds   []string
	// Form and Problem refill the add-watch form after a refused entry.
	Form    store.Watch
	Problem string
}

func (u *server) alerts(w http.ResponseWriter, r *http.Request) {
	u.alertsWith(w, r, http.StatusOK, store.Watch{Kind: store.WatchSpeaker}, "")
}

// addWatch adds the watch the form describes and shows its alerts, or shows
// the form again with what was wrong.
func (u *server) addWatch(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		u.fail(w, r, http.StatusBadRequest, "The form could not be read.")
		return
	}
	f := r.PostForm
	wt := store.Watch{Kind: trim(f.Get("kind")), Speaker: trim(f.Get("speaker")), Cluster: trim(f.Get("cluster")),
		Outlet: trim(f.Get("outlet")), Source: trim(f.Get("first_by")), Query: trim(f.Get("query")),
		Webhook: trim(f.Get("webhook")), Note: trim(f.Get("note"))}
	if v := trim(f.Get("min_outlets")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			u.alertsWith(w, r, http.StatusBadRequest, wt, "Outlets must be a whole number.")
			return
		}
		wt.MinOutlets = n
	}
	added, err := u.s.AddWatch(r.Context(), wt)
	if errors.Is(err, store.ErrBadRequest) {
		u.alertsWith(w, r, http.StatusBadRequest, wt, strings.TrimPrefix(err.Error(), store.ErrBadRequest.Error()+": "))
		return
	}
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	u.log.Info("ui: watch added", "id", added.ID, "kind", added.Kind)
	http.Redirect(w, r, "/alerts?watch="+url.QueryEscape(added.ID), http.StatusSeeOther)
}

func (u *server) removeWatch(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := u.s.RemoveWatch(r.Context(), id); err != nil {
		u.storeError(w, r, err)
		return
	}
	u.log.Info("ui: watch removed", "id", id)
	http.Redirect(w, r, "/alerts", http.StatusSeeOther)
}

func (u *server) alertsWith(w http.ResponseWriter, r *http.Request, status int, form store.Watch, problem string) {
	f := readForm(r, "watch")
	ctx := r.Context()
	watches, err := u.s.Watches(ctx)
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	page, err := u.s.Alerts(ctx, store.AlertQuery{Watch: f.Get("watch"), Limit: pageSize, Cursor: trim(r.URL.Query().Get("cursor"))})
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	p := alertsPage{base: base{Title: "Alerts", Nav: "alerts"}, Watches: watches.Watches, Alerts: page.Alerts, Watch: f.Get("watch"),
		Kinds: store.WatchKinds, Form: form, Problem: problem}
	if page.NextCursor != nil {
		q := url.Values{"cursor": {*page.NextCursor}}
		if p.Watch != "" {
			q.Set("watch", p.Watch)
		}
		p.Next = "/alerts?" + q.Encode()
	}
	u.render(w, r, status, "alerts", p)
}

// watchText says what a watch fires on.
func watchText(wt store.Watch) string {
	switch wt.Kind {
	case store.WatchSpeaker:
		return wt.Speaker + " is quoted"
	case store.WatchVariant:
		return "a new wording of cluster " + wt.Cluster + " appears"
	case store.WatchFigure:
		return "the figure of cluster " + wt.Cluster + " changes"
	case store.WatchRepeat:
		return wt.Outlet + " repeats a claim " + wt.Source + " reported first"
	case store.WatchReach:
		return fmt.Sprintf("a claim with “%s” is reported by %d or more outlets", wt.Query, wt.MinOutlets)
	}
	return wt.Kind
}
