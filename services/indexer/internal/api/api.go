// Package api serves the indexer's JSON API: claims, clusters, articles,
// speakers and outlets, with search, filters, cursor pagination and CSV
// export, the speaker alias table analysts correct speakers with, and the
// watches whose firings are listed as alerts. The
// OpenAPI document at /api/openapi.json describes every endpoint; each
// accepts exactly the parameters it documents.
package api

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// OpenAPI is the API's OpenAPI 3.1 document.
//
//go:embed openapi.json
var OpenAPI []byte

// New returns the API handler; it expects paths under /api/.
func New(s store.Store, log *slog.Logger) http.Handler {
	h := &handler{s: s, log: log}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/claims", h.claims)
	mux.HandleFunc("GET /api/clusters", h.clusters)
	mux.HandleFunc("GET /api/clusters/{id}", h.cluster)
	mux.HandleFunc("GET /api/articles/{id}", h.article)
	mux.HandleFunc("GET /api/speakers", h.speakers)
	mux.HandleFunc("GET /api/speakers/{key}", h.speaker)
	mux.HandleFunc("GET /api/outlets", h.outlets)
	mux.HandleFunc("GET /api/aliases", h.aliases)
	mux.HandleFunc("POST /api/aliases/merge", h.merge)
	mux.HandleFunc("POST /api/aliases/split", h.split)
	mux.HandleFunc("POST /api/aliases/remove", h.remove)
	mux.HandleFunc("GET /api/watches", h.watches)
	mux.HandleFunc("POST /api/watches", h.addWatch)
	mux.HandleFunc("DELETE /api/watches/{id}", h.removeWatch)
	mux.HandleFunc("GET /api/alerts", h.alerts)
	mux.HandleFunc("GET /api/replays", h.replays)
	mux.HandleFunc("GET /api/replays/{id}", h.replay)
	mux.HandleFunc("DELETE /api/replays/{id}", h.deleteReplay)
	mux.HandleFunc("GET /api/replays/{id}/articles/{article}", h.replayArticle)
	mux.HandleFunc("GET /api/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(OpenAPI)
	})
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.Method+" "+r.URL.Path+" (see /api/openapi.json)")
	})
	// Writes come from scripts and the analyst's tools, never from another
	// site's page: refuse cross-origin browser requests.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusForbidden, "cross-origin request refused: send changes from a script or the same site")
	}))
	return SecurityHeaders(cop.Handler(mux), apiCSP)
}

const apiCSP = "default-src 'none'; frame-ancestors 'none'"

// SecurityHeaders sets the headers every response carries: a content
// security policy, no MIME sniffing, no framing, and no referrer leaving for
// the outlets' sites.
func SecurityHeaders(next http.Handler, csp string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

type handler struct {
	s   store.Store
	log *slog.Logger
}

// errBadParam is a client error in the query string.
var errBadParam = errors.New("bad parameter")

// params reads a query string that may hold only the named parameters,
// each at most once.
type params struct {
	v   url.Values
	err error
}

func newParams(r *http.Request, allowed ...string) *params {
	p := &params{v: r.URL.Query()}
	var names []string
	for name := range p.v {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !slices.Contains(allowed, name) {
			p.fail("unknown parameter %q; %s takes %s", name, r.URL.Path, strings.Join(allowed, ", "))
		} else if len(p.v[name]) > 1 {
			p.fail("parameter %q given %d times", name, len(p.v[name]))
		}
	}
	return p
}

func (p *params) fail(format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf("%w: "+format, append([]any{errBadParam}, args...)...)
	}
}

// replayID is the request's {id} path value, which names a replay.
func (p *params) replayID(r *http.Request) string {
	id := r.PathValue("id")
	if !store.ReplayIDPattern.MatchString(id) {
		p.fail("replay id %q: letters, digits, '-' and '_' only", id)
	}
	return id
}

func (p *params) str(name string, maxLen int) string {
	s := strings.TrimSpace(p.v.Get(name))
	if len(s) > maxLen {
		p.fail("%s longer than %d bytes", name, maxLen)
		return ""
	}
	if !utf8.ValidString(s) {
		p.fail("%s is not UTF-8", name)
		return ""
	}
	return s
}

func (p *params) int(name string, lo, hi int) int {
	s := strings.TrimSpace(p.v.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		p.fail("%s must be an integer in [%d, %d]", name, lo, hi)
		return 0
	}
	return n
}

func (p *params) limit() int {
	return p.int("limit", 1, store.MaxLimit)
}

func (p *params) oneOf(name string, values ...string) string {
	v := p.str(name, 32)
	if v == "" || slices.Contains(values, v) {
		return v
	}
	p.fail("%s must be one of %s", name, strings.Join(values, ", "))
	return ""
}

func (p *params) kind() string {
	return p.oneOf("kind", contract.KindQuote, contract.KindReported, contract.KindStatistic)
}

// speaker is a speaker filter: it must name someone (a filter of digits or
// punctuation would match the claims without a speaker).
func (p *params) speaker() string {
	s := p.str("speaker", 200)
	if s != "" && !store.HasLetter(s) {
		p.fail("speaker %q has no letters", s)
		return ""
	}
	return s
}

// time accepts RFC 3339, a plain date (YYYY-MM-DD, midnight UTC) or an age
// before now as replay --since takes it ("72h", "90m", "7d", "2w").
func (p *params) time(name string, now time.Time) *time.Time {
	s := strings.TrimSpace(p.v.Get(name))
	if s == "" {
		return nil
	}
	t, err := ParseTime(s, now)
	if err != nil {
		p.fail("%s: %v", name, err)
		return nil
	}
	return &t
}

// ParseTime reads a time as the API's since and until take it.
func ParseTime(s string, now time.Time) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if age, err := ParseAge(s); err == nil {
		return now.Add(-age).Truncate(time.Second), nil
	}
	return time.Time{}, fmt.Errorf("%q is not RFC 3339, YYYY-MM-DD or an age (72h, 90m, 7d, 2w)", s)
}

// ParseAge reads a positive age: a Go duration ("72h", "1h30m") or a number
// of days or weeks ("7d", "2w").
func ParseAge(s string) (time.Duration, error) {
	if n := len(s); n > 1 && (s[n-1] == 'd' || s[n-1] == 'w') {
		v, err := strconv.Atoi(s[:n-1])
		if err != nil || v <= 0 || v > 100*365 {
			return 0, fmt.Errorf("bad age %q", s)
		}
		day := 24 * time.Hour
		if s[n-1] == 'w' {
			day *= 7
		}
		return time.Duration(v) * day, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("bad age %q", s)
	}
	return d, nil
}

func (p *params) window(now time.Time) (since, until *time.Time) {
	since, until = p.time("since", now), p.time("until", now)
	if since != nil && until != nil && !since.Before(*until) {
		p.fail("since must be before until")
	}
	return since, until
}

// format is the list's output: json (default) or csv.
func (p *params) format() string {
	return p.oneOf("format", "json", "csv")
}

func (h *handler) claims(w http.ResponseWriter, r *http.Request) {
	p := newParams(r, "q", "speaker", "outlet", "kind", "since", "until", "cluster", "limit", "cursor", "format")
	since, until := p.window(time.Now())
	q := store.ClaimQuery{
		Q: p.str("q", 500), Speaker: p.speaker(), Outlet: p.str("outlet", 200), Kind: p.kind(),
		Since: since, Until: until, Cluster: p.str("cluster", 200),
		Limit: p.limit(), Cursor: p.str("cursor", 1000),
	}
	format := p.format()
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	page, err := h.s.Claims(r.Context(), q)
	if err == nil && format == "csv" {
		writeCSV(w, "claims", claimsCSV(page.Claims), page.NextCursor)
		return
	}
	h.reply(w, r, page, err)
}

func (h *handler) clusters(w http.ResponseWriter, r *http.Request) {
	p := newParams(r, "min_outlets", "speaker", "outlet", "kind", "since", "until", "sort", "q", "limit", "cursor", "format")
	since, until := p.window(time.Now())
	q := store.ClusterQuery{
		MinOutlets: p.int("min_outlets", 0, 1_000_000), Speaker: p.speaker(), Outlet: p.str("outlet", 200), Q: p.str("q", 500),
		Kind: p.kind(), Since: since, Until: until, Sort: p.oneOf("sort", store.SortOutlets, store.SortNewest, store.SortFirstSeen),
		Limit: p.limit(), Cursor: p.str("cursor", 1000),
	}
	format := p.format()
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	page, err := h.s.Clusters(r.Context(), q)
	if err == nil && format == "csv" {
		writeCSV(w, "clusters", clustersCSV(page.Clusters), page.NextCursor)
		return
	}
	h.reply(w, r, page, err)
}

func (h *handler) cluster(w http.ResponseWriter, r *http.Request) {
	if p := newParams(r); p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	c, err := h.s.Cluster(r.Context(), r.PathValue("id"))
	h.reply(w, r, c, err)
}

func (h *handler) article(w http.ResponseWriter, r *http.Request) {
	if p := newParams(r); p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	a, err := h.s.Article(r.Context(), r.PathValue("id"))
	h.reply(w, r, a, err)
}

func (h *handler) speakers(w http.ResponseWriter, r *http.Request) {
	p := newParams(r, "q", "limit", "cursor", "format")
	q := store.SpeakerQuery{Q: p.str("q", 200), Limit: p.limit(), Cursor: p.str("cursor", 1000)}
	format := p.format()
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	page, err := h.s.Speakers(r.Context(), q)
	if err == nil && format == "csv" {
		writeCSV(w, "speakers", speakersCSV(page.Speakers), page.NextCursor)
		return
	}
	h.reply(w, r, page, err)
}

func (h *handler) speaker(w http.ResponseWriter, r *http.Request) {
	if p := newParams(r); p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	key := r.PathValue("key")
	if !store.HasLetter(key) {
		writeError(w, http.StatusBadRequest, "speaker key has no letters")
		return
	}
	d, err := h.s.Speaker(r.Context(), key)
	h.reply(w, r, d, err)
}

func (h *handler) outlets(w http.ResponseWriter, r *http.Request) {
	p := newParams(r, "q", "limit", "cursor", "format")
	q := store.OutletQuery{Q: p.str("q", 200), Limit: p.limit(), Cursor: p.str("cursor", 1000)}
	format := p.format()
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	page, err := h.s.Outlets(r.Context(), q)
	if err == nil && format == "csv" {
		writeCSV(w, "outlets", outletsCSV(page.Outlets), page.NextCursor)
		return
	}
	h.reply(w, r, page, err)
}

func (h *handler) aliases(w http.ResponseWriter, r *http.Request) {
	if p := newParams(r); p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	l, err := h.s.Aliases(r.Context())
	h.reply(w, r, l, err)
}

func (h *handler) replays(w http.ResponseWriter, r *http.Request) {
	p := newParams(r, "limit", "cursor")
	q := store.ReplayListQuery{Limit: p.limit(), Cursor: p.str("cursor", 1000)}
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	l, err := h.s.Replays(r.Context(), q)
	h.reply(w, r, l, err)
}

func (h *handler) replay(w http.ResponseWriter, r *http.Request) {
	p := newParams(r, "outlet", "limit", "cursor")
	q := store.ReplayQuery{ID: p.replayID(r), Outlet: p.str("outlet", 200), Limit: p.limit(), Cursor: p.str("cursor", 1000)}
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	rep, err := h.s.Replay(r.Context(), q)
	h.reply(w, r, rep, err)
}

func (h *handler) deleteReplay(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	id := p.replayID(r)
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	err := h.s.DeleteReplay(r.Context(), id)
	if err == nil {
		h.log.Info("api: replay report deleted", "id", id)
	}
	h.reply(w, r, map[string]any{"removed": true}, err)
}

func (h *handler) replayArticle(w http.ResponseWriter, r *http.Request) {
	p := newParams(r)
	id := p.replayID(r)
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	v, err := h.s.ReplayArticle(r.Context(), id, r.PathValue("article"))
	h.reply(w, r, v, err)
}

// readBody decodes a JSON request body into v, refusing unknown fields.
func readBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		writeError(w, http.StatusUnsupportedMediaType, "send the body as application/json")
		return false
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "body: "+err.Error())
		return false
	}
	return true
}

type mergeBody struct {
	From string `json:"from"`
	Into string `json:"into"`
	By   string `json:"by"`
	Note string `json:"note"`
}

func (h *handler) merge(w http.ResponseWriter, r *http.Request) {
	var b mergeBody
	if !readBody(w, r, &b) {
		return
	}
	a, err := h.s.MergeSpeakers(r.Context(), store.Merge{From: b.From, Into: b.Into, By: b.By, Note: b.Note})
	if err == nil {
		h.log.Info("api: speakers merged", "from", a.Key, "into", a.Canonical, "by", a.By)
	}
	h.replyStatus(w, r, http.StatusCreated, a, err)
}

type splitBody struct {
	Key      string   `json:"key"`
	Articles []string `json:"articles"`
	Outlet   string   `json:"outlet"`
	Name     string   `json:"name"`
	By       string   `json:"by"`
	Note     string   `json:"note"`
}

func (h *handler) split(w http.ResponseWriter, r *http.Request) {
	var b splitBody
	if !readBody(w, r, &b) {
		return
	}
	as, err := h.s.SplitSpeaker(r.Context(), store.Split{Key: b.Key, Articles: b.Articles, Outlet: b.Outlet, Name: b.Name, By: b.By, Note: b.Note})
	if err == nil {
		h.log.Info("api: speaker split", "key", b.Key, "name", b.Name, "articles", len(as), "by", b.By)
	}
	h.replyStatus(w, r, http.StatusCreated, map[string]any{"aliases": as}, err)
}

type removeBody struct {
	Key       string `json:"key"`
	ArticleID string `json:"article_id"`
	By        string `json:"by"`
}

func (h *handler) remove(w http.ResponseWriter, r *http.Request) {
	var b removeBody
	if !readBody(w, r, &b) {
		return
	}
	err := h.s.RemoveAlias(r.Context(), b.Key, b.ArticleID, b.By)
	if err == nil {
		h.log.Info("api: alias removed", "key", b.Key, "article_id", b.ArticleID, "by", b.By)
	}
	h.reply(w, r, map[string]any{"removed": true}, err)
}

func (h *handler) watches(w http.ResponseWriter, r *http.Request) {
	if p := newParams(r); p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	l, err := h.s.Watches(r.Context())
	h.reply(w, r, l, err)
}

type watchBody struct {
	ID         string `json:"id"`
	Kind       string `json:"kind"`
	Speaker    string `json:"speaker"`
	Cluster    string `json:"cluster"`
	Outlet     string `json:"outlet"`
	Source     string `json:"source"`
	Query      string `json:"query"`
	MinOutlets int    `json:"min_outlets"`
	Webhook    string `json:"webhook"`
	Note       string `json:"note"`
}

func (h *handler) addWatch(w http.ResponseWriter, r *http.Request) {
	var b watchBody
	if !readBody(w, r, &b) {
		return
	}
	wt, err := h.s.AddWatch(r.Context(), store.Watch{ID: b.ID, Kind: b.Kind, Speaker: b.Speaker, Cluster: b.Cluster,
		Outlet: b.Outlet, Source: b.Source, Query: b.Query, MinOutlets: b.MinOutlets, Webhook: b.Webhook, Note: b.Note})
	if err == nil {
		h.log.Info("api: watch added", "id", wt.ID, "kind", wt.Kind)
	}
	h.replyStatus(w, r, http.StatusCreated, wt, err)
}

func (h *handler) removeWatch(w http.ResponseWriter, r *http.Request) {
	if p := newParams(r); p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	id := r.PathValue("id")
	err := h.s.RemoveWatch(r.Context(), id)
	if err == nil {
		h.log.Info("api: watch removed", "id", id)
	}
	h.reply(w, r, map[string]any{"removed": true}, err)
}

func (h *handler) alerts(w http.ResponseWriter, r *http.Request) {
	p := newParams(r, "watch", "kind", "limit", "cursor")
	q := store.AlertQuery{Watch: p.str("watch", 64), Kind: p.oneOf("kind", store.WatchKinds...), Limit: p.limit(), Cursor: p.str("cursor", 1000)}
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	page, err := h.s.Alerts(r.Context(), q)
	h.reply(w, r, page, err)
}

func (h *handler) reply(w http.ResponseWriter, r *http.Request, v any, err error) {
	h.replyStatus(w, r, http.StatusOK, v, err)
}

// replyStatus writes v, or maps err to a status: the client's fault is 4xx,
// a busy or unreachable database 503, anything else 500 (logged, never
// detailed).
func (h *handler) replyStatus(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	switch {
	case err == nil:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			h.log.Debug("api: write", "path", r.URL.Path, "err", err)
		}
	case errors.Is(err, store.ErrBadRequest):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, store.ErrTransient):
		h.log.Warn("api: store busy", "path", r.URL.Path, "err", err)
		writeError(w, http.StatusServiceUnavailable, "store busy, retry")
	case r.Context().Err() != nil:
		// The client went away; nobody reads the answer.
	default:
		h.log.Error("api: store", "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal error")
	}
}

// maxErrorText bounds error messages, which may quote what the client sent.
const maxErrorText = 500

// Truncate cuts s to at most n bytes on a UTF-8 boundary, marking the cut.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": Truncate(strings.ToValidUTF8(msg, "\uFFFD"), maxErrorText), "status": status})
}
