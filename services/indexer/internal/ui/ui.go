// Package ui serves the indexer's web pages: search, a cluster's variants
// side by side with their differing words marked and its outlets on a
// timeline, an article with its claims highlighted in the text, and a
// speaker's claims. Pages are rendered on the server from the store; the
// little JavaScript there is only for convenience.
package ui

import (
	"embed"
	"errors"
	"github.com/claimwire/claimwire/pkg/contract"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

var funcs = template.FuncMap{
	"date": func(t *time.Time) string {
		if t == nil {
			return "date unknown"
		}
		return t.Format("2 Jan 2006")
	},
	"short": func(s string, n int) string {
		if len(s) <= n {
			return s
		}
		cut := n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return s[:cut] + "…"
	},
	"speakerKey": contract.SpeakerKey,
	"pathEscape": url.PathEscape,
	"deref": func(s *string) string {
		if s == nil {
			return ""
		}
		return *s
	},
}

// pages are parsed once; each page template includes the shared layout.
var pages = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, name := range []string{"search", "cluster", "article", "speaker", "error"} {
		out[name] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html"))
	}
	return out
}()

// New returns the UI handler.
func New(s store.Store, log *slog.Logger) http.Handler {
	u := &server{s: s, log: log}
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", u.search)
	mux.HandleFunc("GET /clusters/{id}", u.cluster)
	mux.HandleFunc("GET /articles/{id}", u.article)
	mux.HandleFunc("GET /speakers/{key}", u.speaker)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		u.fail(w, r, http.StatusNotFound, "No such page.")
	})
	return mux
}

type server struct {
	s   store.Store
	log *slog.Logger
}

func (u *server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var b strings.Builder
	if err := pages[name].Execute(&b, data); err != nil {
		u.log.Error("ui: render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(b.String()))
}

func (u *server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	u.render(w, r, status, "error", map[string]any{"Title": http.StatusText(status), "Status": status, "Message": msg})
}

func (u *server) storeError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		u.fail(w, r, http.StatusNotFound, "Not found.")
	case errors.Is(err, store.ErrBadRequest):
		u.fail(w, r, http.StatusBadRequest, err.Error())
	default:
		u.log.Error("ui: store", "path", r.URL.Path, "err", err)
		u.fail(w, r, http.StatusInternalServerError, "The index is not available right now.")
	}
}

type searchPage struct {
	Title                string
	Q, Speaker, Outlet   string
	Kind                 string
	Claims               []store.ClaimView
	Clusters             []store.Cluster
	Next                 string
	Searched             bool
	Articles, ClaimCount int
}

func (u *server) search(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	p := searchPage{Title: "Search claims", Q: trim(v.Get("q")), Speaker: trim(v.Get("speaker")), Outlet: trim(v.Get("outlet")), Kind: v.Get("kind")}
	switch p.Kind {
	case "", "quote", "reported", "statistic":
	default:
		u.fail(w, r, http.StatusBadRequest, "kind must be quote, reported or statistic")
		return
	}
	p.Searched = p.Q != "" || p.Speaker != "" || p.Outlet != "" || p.Kind != ""
	if p.Searched {
		page, err := u.s.Claims(r.Context(), store.ClaimQuery{Q: p.Q, Speaker: p.Speaker, Outlet: p.Outlet, Kind: p.Kind, Limit: 50, Cursor: trim(v.Get("cursor"))})
		if err != nil {
			u.storeError(w, r, err)
			return
		}
		p.Claims = page.Claims
		if page.NextCursor != nil {
			nv := url.Values{"q": {p.Q}, "speaker": {p.Speaker}, "outlet": {p.Outlet}, "kind": {p.Kind}, "cursor": {*page.NextCursor}}
			p.Next = "/?" + nv.Encode()
		}
	}
	cl, err := u.s.Clusters(r.Context(), store.ClusterQuery{MinOutlets: 2, Q: p.Q, Speaker: p.Speaker, Kind: p.Kind, Limit: 20})
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	p.Clusters = cl.Clusters
	if p.Articles, p.ClaimCount, err = u.s.Counts(r.Context()); err != nil {
		u.storeError(w, r, err)
		return
	}
	u.render(w, r, http.StatusOK, "search", p)
}

func trim(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 500 {
		s = s[:500]
	}
	return strings.ToValidUTF8(s, "")
}

// timelineItem places one member on the cluster's timeline.
type timelineItem struct {
	store.Member
	Offset float64 // percent of the timeline's span
}

type clusterPage struct {
	Title    string
	Cluster  store.Cluster
	Timeline []timelineItem
	Span     string
}

func (u *server) cluster(w http.ResponseWriter, r *http.Request) {
	c, err := u.s.Cluster(r.Context(), r.PathValue("id"))
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	p := clusterPage{Title: "Cluster: " + firstWords(c.Text, 8), Cluster: c}
	// The timeline: dated members by publication, spread over the span
	// between the first and the last; undated ones at the end.
	var first, last time.Time
	for _, m := range c.Members {
		if m.Published == nil {
			continue
		}
		if first.IsZero() || m.Published.Before(first) {
			first = *m.Published
		}
		if m.Published.After(last) {
			last = *m.Published
		}
	}
	span := last.Sub(first)
	for _, m := range c.Members {
		it := timelineItem{Member: m, Offset: 100}
		if m.Published != nil && span > 0 {
			it.Offset = 100 * float64(m.Published.Sub(first)) / float64(span)
		} else if m.Published != nil {
			it.Offset = 0
		}
		p.Timeline = append(p.Timeline, it)
	}
	sort.SliceStable(p.Timeline, func(i, j int) bool { return p.Timeline[i].Offset < p.Timeline[j].Offset })
	if !first.IsZero() {
		p.Span = first.Format("2 Jan 2006 15:04") + " → " + last.Format("2 Jan 2006 15:04")
	}
	u.render(w, r, http.StatusOK, "cluster", p)
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) <= n {
		return s
	}
	return strings.Join(f[:n], " ") + "…"
}

// segment is a run of article text, highlighted when it is a claim.
type segment struct {
	Text  string
	Claim *store.ClaimView
}

type paragraph []segment

type articlePage struct {
	Title      string
	Article    store.ArticleView
	Paragraphs []paragraph
}

func (u *server) article(w http.ResponseWriter, r *http.Request) {
	a, err := u.s.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	title := a.Title
	if title == "" {
		title = "Article " + a.ID
	}
	u.render(w, r, http.StatusOK, "article", articlePage{Title: title, Article: a, Paragraphs: highlight(a.Text, a.Claims)})
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

type speakerPage struct {
	Title    string
	Key      string
	Name     string
	Claims   []store.ClaimView
	Clusters []store.Cluster
	Next     string
}

func (u *server) speaker(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("key")
	page, err := u.s.Claims(r.Context(), store.ClaimQuery{Speaker: key, Limit: 100, Cursor: trim(r.URL.Query().Get("cursor"))})
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	if len(page.Claims) == 0 {
		u.fail(w, r, http.StatusNotFound, "No claims by this speaker.")
		return
	}
	cl, err := u.s.Clusters(r.Context(), store.ClusterQuery{Speaker: key, MinOutlets: 2, Limit: 50})
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	name := key
	if sp := page.Claims[0].Speaker; sp != nil {
		name = sp.Name
	}
	p := speakerPage{Title: name, Key: key, Name: name, Claims: page.Claims, Clusters: cl.Clusters}
	if page.NextCursor != nil {
		p.Next = "/speakers/" + url.PathEscape(key) + "?cursor=" + url.QueryEscape(*page.NextCursor)
	}
	u.render(w, r, http.StatusOK, "speaker", p)
}
