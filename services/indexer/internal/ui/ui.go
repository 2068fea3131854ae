// Package ui serves the indexer's web pages: claim search, the clusters
// index, a cluster's outlets on a timeline with who cited whom and each
// variant's differing words, an article with its claims highlighted by
// kind, speakers and outlets. Pages are rendered on the server from the
// store, work offline (no external assets) and under a strict content
// security policy; the little JavaScript there is only for convenience.
package ui

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/api"
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
	"datetime": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	},
	"short": func(s string, n int) string { return api.Truncate(s, n) },
	// speakerHref links a speaker by the key the index stores (after the
	// alias table), never by a key recomputed from the shown name.
	"speakerHref": func(sp *contract.Speaker) string {
		key := sp.Key
		if key == "" {
			key = contract.SpeakerKey(sp.Name)
		}
		return "/speakers/" + url.PathEscape(key)
	},
	"timePtr":     func(t time.Time) *time.Time { return &t },
	"articleName": articleName,
	"watchText":   watchText,
	"pathEscape":  url.PathEscape,
	"queryEscape": url.QueryEscape,
	"add":         func(a, b int) int { return a + b },
	// laneLabel fits an outlet into the timeline's label column.
	"laneLabel": func(o string) string { return api.Truncate(strings.TrimPrefix(o, "www."), 22) },
	"mark":      markTerms,
	"withQ":     func(c store.ClaimView, q string) markedClaim { return markedClaim{C: c, Q: q} },
	"kindLabel": func(k string) string {
		switch k {
		case contract.KindQuote:
			return "direct quote"
		case contract.KindReported:
			return "reported speech"
		case contract.KindStatistic:
			return "statistic"
		}
		return k
	},
}

// pages are parsed once; each page template includes the shared layout.
var pages = func() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, name := range []string{"search", "clusters", "cluster", "article", "speakers", "speaker", "outlets", "replays", "replay", "replayarticle", "alerts", "error"} {
		out[name] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html"))
	}
	return out
}()

// CSP allows only this server's own styles and scripts: pages carry no
// inline script or style, and the SVG charts use presentation attributes.
const CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// New returns the UI handler.
func New(s store.Store, log *slog.Logger) http.Handler {
	u := &server{s: s, log: log}
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", u.search)
	mux.HandleFunc("GET /clusters", u.clusters)
	mux.HandleFunc("GET /clusters/{id}", u.cluster)
	mux.HandleFunc("GET /articles/{id}", u.article)
	mux.HandleFunc("GET /speakers", u.speakers)
	mux.HandleFunc("GET /speakers/{key}", u.speaker)
	mux.HandleFunc("GET /outlets", u.outlets)
	mux.HandleFunc("GET /alerts", u.alerts)
	// The UI's only writes. No login guards the index, so at least another
	// site must not make a visitor's browser add or remove watches (CSRF):
	// cross-origin POSTs are refused by their Sec-Fetch-Site/Origin headers.
	csrf := http.NewCrossOriginProtection()
	mux.Handle("POST /alerts/watches", csrf.Handler(http.HandlerFunc(u.addWatch)))
	mux.Handle("POST /alerts/watches/{id}/remove", csrf.Handler(http.HandlerFunc(u.removeWatch)))
	mux.HandleFunc("GET /replays", u.replays)
	mux.HandleFunc("GET /replays/{id}", u.replay)
	mux.HandleFunc("GET /replays/{id}/articles/{article}", u.replayArticle)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		u.fail(w, r, http.StatusNotFound, "No such page.")
	})
	return api.SecurityHeaders(mux, CSP)
}

type server struct {
	s   store.Store
	log *slog.Logger
}

// articleName names an article for a link or heading: its title, or else
// the words of its URL's slug (stored pages of plain text often carry no
// headline, and "article 9067ee8c…" tells an analyst nothing), or else its id.
func articleName(title, rawURL, id string) string {
	if title != "" {
		return title
	}
	if u, err := url.Parse(rawURL); err == nil {
		segs := strings.Split(strings.Trim(u.Path, "/"), "/")
		for i := len(segs) - 1; i >= 0; i-- {
			seg := strings.TrimSuffix(strings.TrimSuffix(segs[i], ".html"), ".htm")
			words := strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' || r == '+' })
			letters := 0
			for _, w := range words {
				if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
					letters++
				}
			}
			if letters >= 3 { // a slug, not an id, a date or a section name
				return strings.Join(words, " ") + " (from the URL)"
			}
		}
	}
	return "article " + id
}

// base is what every page's layout reads.
type base struct {
	Title string
	Nav   string // the section highlighted in the navigation
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

type errorPage struct {
	base
	Status  int
	Message string
}

func (u *server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	u.render(w, r, status, "error", errorPage{base: base{Title: http.StatusText(status)}, Status: status, Message: api.Truncate(msg, 500)})
}

func (u *server) storeError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		u.fail(w, r, http.StatusNotFound, "Not found.")
	case errors.Is(err, store.ErrBadRequest):
		u.fail(w, r, http.StatusBadRequest, strings.TrimPrefix(err.Error(), store.ErrBadRequest.Error()+": "))
	default:
		u.log.Error("ui: store", "path", r.URL.Path, "err", err)
		u.fail(w, r, http.StatusInternalServerError, "The index is not available right now.")
	}
}

func trim(s string) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, ""))
	return api.Truncate(s, 500)
}

// form is a list page's filters as the user typed them; the page links
// (next page, exports) carry them on.
type form struct {
	v url.Values
}

func readForm(r *http.Request, names ...string) form {
	q := r.URL.Query()
	f := form{v: url.Values{}}
	for _, n := range names {
		if s := trim(q.Get(n)); s != "" {
			f.v.Set(n, s)
		}
	}
	return f
}

func (f form) Get(name string) string { return f.v.Get(name) }

// with is the query string of the form with extra parameters set.
func (f form) with(kv ...string) string {
	v := url.Values{}
	for k, vs := range f.v {
		v[k] = vs
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
	}
	return v.Encode()
}

// Filtered reports whether any filter is set.
func (f form) Filtered() bool { return len(f.v) > 0 }

// pager is a list page's position: the cursor-paged results with their
// offset (p, the page number, carried in the URL so that counts show).
type pager struct {
	Total, From, To int
	More            bool // the total is a lower bound
	Next, First     string
	CSV, JSON       string
}

func newPager(path string, f form, r *http.Request, total, n, limit int, next *string, apiPath string, apiDrop ...string) pager {
	page, _ := strconv.Atoi(r.URL.Query().Get("p"))
	if page < 1 {
		page = 1
	}
	pg := pager{Total: total, From: (page-1)*limit + 1, To: (page-1)*limit + n, More: total >= store.MaxTotal}
	if n == 0 {
		pg.From = 0
	}
	if next != nil {
		pg.Next = path + "?" + f.with("cursor", *next, "p", strconv.Itoa(page+1))
	}
	if page > 1 {
		pg.First = path + "?" + f.with()
	}
	// Exports: the same filters through the API, as many rows as it gives.
	av := url.Values{}
	for k, vs := range f.v {
		av[k] = vs
	}
	for _, d := range apiDrop {
		av.Del(d)
	}
	av.Set("limit", strconv.Itoa(store.MaxLimit))
	pg.JSON = apiPath + "?" + av.Encode()
	av.Set("format", "csv")
	pg.CSV = apiPath + "?" + av.Encode()
	return pg
}

// parseWindow reads since and until as the API does.
func parseWindow(f form) (since, until *time.Time, err error) {
	now := time.Now()
	for _, x := range []struct {
		name string
		into **time.Time
	}{{"since", &since}, {"until", &until}} {
		if s := f.Get(x.name); s != "" {
			t, perr := api.ParseTime(s, now)
			if perr != nil {
				return nil, nil, fmt.Errorf("%s: %v", x.name, perr)
			}
			*x.into = &t
		}
	}
	return since, until, nil
}

func validKind(k string) bool {
	switch k {
	case "", contract.KindQuote, contract.KindReported, contract.KindStatistic:
		return true
	}
	return false
}

const pageSize = 50

// markedClaim is a claim shown with the search's words marked.
type markedClaim struct {
	C store.ClaimView
	Q string
}

type searchPage struct {
	base
	ClustersHref         string
	Form                 form
	Claims               []store.ClaimView
	Clusters             []store.Cluster
	Pager                pager
	Searched             bool
	Articles, ClaimCount int
}

func (u *server) search(w http.ResponseWriter, r *http.Request) {
	f := readForm(r, "q", "speaker", "outlet", "kind", "since", "until")
	p := searchPage{base: base{Title: "Search claims", Nav: "search"}, Form: f}
	if !validKind(f.Get("kind")) {
		u.fail(w, r, http.StatusBadRequest, "kind must be quote, reported or statistic")
		return
	}
	if sp := f.Get("speaker"); sp != "" && !store.HasLetter(sp) {
		u.fail(w, r, http.StatusBadRequest, "A speaker filter must contain a letter.")
		return
	}
	since, until, err := parseWindow(f)
	if err != nil {
		u.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	p.Searched = f.Filtered()
	if p.Searched {
		page, err := u.s.Claims(r.Context(), store.ClaimQuery{Q: f.Get("q"), Speaker: f.Get("speaker"), Outlet: f.Get("outlet"), Kind: f.Get("kind"),
			Since: since, Until: until, Limit: pageSize, Cursor: trim(r.URL.Query().Get("cursor"))})
		if err != nil {
			u.storeError(w, r, err)
			return
		}
		p.Claims = page.Claims
		p.Pager = newPager("/", f, r, page.Total, len(page.Claims), pageSize, page.NextCursor, "/api/claims")
	}
	cl, err := u.s.Clusters(r.Context(), store.ClusterQuery{MinOutlets: 2, Q: f.Get("q"), Speaker: f.Get("speaker"), Outlet: f.Get("outlet"),
		Kind: f.Get("kind"), Since: since, Until: until, Limit: 10})
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	p.Clusters = cl.Clusters
	p.ClustersHref = "/clusters?" + f.with()
	if p.Articles, p.ClaimCount, err = u.s.Counts(r.Context()); err != nil {
		u.storeError(w, r, err)
		return
	}
	u.render(w, r, http.StatusOK, "search", p)
}

type clustersPage struct {
	base
	Form     form
	Clusters []store.Cluster
	Pager    pager
	Sorts    []option
}

type option struct {
	Value, Label string
}

func (u *server) clusters(w http.ResponseWriter, r *http.Request) {
	f := readForm(r, "q", "speaker", "outlet", "kind", "since", "until", "min_outlets", "sort")
	p := clustersPage{base: base{Title: "Clusters", Nav: "clusters"}, Form: f,
		Sorts: []option{{store.SortOutlets, "most outlets"}, {store.SortNewest, "newest"}, {store.SortFirstSeen, "first seen (oldest first)"}}}
	if !validKind(f.Get("kind")) {
		u.fail(w, r, http.StatusBadRequest, "kind must be quote, reported or statistic")
		return
	}
	if sp := f.Get("speaker"); sp != "" && !store.HasLetter(sp) {
		u.fail(w, r, http.StatusBadRequest, "A speaker filter must contain a letter.")
		return
	}
	since, until, err := parseWindow(f)
	if err != nil {
		u.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	minOutlets := 2
	if s := f.Get("min_outlets"); s != "" {
		if minOutlets, err = strconv.Atoi(s); err != nil || minOutlets < 0 {
			u.fail(w, r, http.StatusBadRequest, "min_outlets must be a whole number.")
			return
		}
	}
	page, err := u.s.Clusters(r.Context(), store.ClusterQuery{Q: f.Get("q"), Speaker: f.Get("speaker"), Outlet: f.Get("outlet"), Kind: f.Get("kind"),
		Since: since, Until: until, MinOutlets: minOutlets, Sort: f.Get("sort"), Limit: pageSize, Cursor: trim(r.URL.Query().Get("cursor"))})
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	p.Clusters = page.Clusters
	if f.Get("min_outlets") == "" {
		f.v.Set("min_outlets", "2") // the exports say what the page shows
	}
	p.Pager = newPager("/clusters", f, r, page.Total, len(page.Clusters), pageSize, page.NextCursor, "/api/clusters")
	u.render(w, r, http.StatusOK, "clusters", p)
}

// markTerms escapes text and marks the words that match the search q (as
// written, folded like speaker keys, or sharing a stem).
func markTerms(text, q string) template.HTML {
	terms := queryTerms(q)
	if len(terms) == 0 {
		return template.HTML(template.HTMLEscapeString(text))
	}
	var b strings.Builder
	start := -1
	flush := func(end int) {
		w := text[start:end]
		if terms[termOf(w)] {
			b.WriteString(`<mark class="term">` + template.HTMLEscapeString(w) + `</mark>`)
		} else {
			b.WriteString(template.HTMLEscapeString(w))
		}
		start = -1
	}
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			flush(i)
		}
		b.WriteString(template.HTMLEscapeString(string(r)))
	}
	if start >= 0 {
		flush(len(text))
	}
	return template.HTML(b.String())
}

func isWordRune(r rune) bool {
	return r == '\'' || r == '’' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f && r != utf8.RuneError && isLetter(r)
}

// termOf is how a word is compared with the search terms.
func termOf(w string) string { return stem(store.FoldWord(w)) }

func queryTerms(q string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !isWordRune(r) }) {
		if t := termOf(w); len(t) > 1 {
			out[t] = true
		}
	}
	return out
}
