// Package api serves the indexer's JSON API: claims, clusters, articles and
// speakers, with search, filters and cursor pagination.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// New returns the API handler; it expects paths under /api/.
func New(s store.Store, log *slog.Logger) http.Handler {
	h := &handler{s: s, log: log}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/claims", h.claims)
	mux.HandleFunc("GET /api/clusters", h.clusters)
	mux.HandleFunc("GET /api/clusters/{id}", h.cluster)
	mux.HandleFunc("GET /api/articles/{id}", h.article)
	mux.HandleFunc("GET /api/speakers", h.speakers)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: "+r.URL.Path)
	})
	return mux
}

type handler struct {
	s   store.Store
	log *slog.Logger
}

// errBadParam is a client error in the query string.
var errBadParam = errors.New("bad parameter")

type params struct {
	v   url.Values
	err error
}

func (p *params) fail(format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf("%w: "+format, append([]any{errBadParam}, args...)...)
	}
}

func (p *params) str(name string, maxLen int) string {
	s := strings.TrimSpace(p.v.Get(name))
	if len(s) > maxLen {
		p.fail("%s longer than %d bytes", name, maxLen)
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

func (p *params) kind() string {
	k := p.str("kind", 32)
	switch k {
	case "", contract.KindQuote, contract.KindReported, contract.KindStatistic:
		return k
	}
	p.fail("kind must be one of quote, reported, statistic")
	return ""
}

// time accepts RFC 3339 or a plain date (YYYY-MM-DD, midnight UTC).
func (p *params) time(name string) *time.Time {
	s := strings.TrimSpace(p.v.Get(name))
	if s == "" {
		return nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return &t
		}
	}
	p.fail("%s must be RFC 3339 or YYYY-MM-DD", name)
	return nil
}

func (h *handler) claims(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	q := store.ClaimQuery{
		Q: p.str("q", 500), Speaker: p.str("speaker", 200), Outlet: p.str("outlet", 200), Kind: p.kind(),
		Since: p.time("since"), Until: p.time("until"), Cluster: p.str("cluster", 200),
		Limit: p.limit(), Cursor: p.str("cursor", 1000),
	}
	if q.Since != nil && q.Until != nil && !q.Since.Before(*q.Until) {
		p.fail("since must be before until")
	}
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	page, err := h.s.Claims(r.Context(), q)
	h.reply(w, r, page, err)
}

func (h *handler) clusters(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	q := store.ClusterQuery{
		MinOutlets: p.int("min_outlets", 0, 1_000_000), Speaker: p.str("speaker", 200), Q: p.str("q", 500),
		Kind: p.kind(), Limit: p.limit(), Cursor: p.str("cursor", 1000),
	}
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	page, err := h.s.Clusters(r.Context(), q)
	h.reply(w, r, page, err)
}

func (h *handler) cluster(w http.ResponseWriter, r *http.Request) {
	c, err := h.s.Cluster(r.Context(), r.PathValue("id"))
	h.reply(w, r, c, err)
}

func (h *handler) article(w http.ResponseWriter, r *http.Request) {
	a, err := h.s.Article(r.Context(), r.PathValue("id"))
	h.reply(w, r, a, err)
}

func (h *handler) speakers(w http.ResponseWriter, r *http.Request) {
	p := &params{v: r.URL.Query()}
	q := store.SpeakerQuery{Q: p.str("q", 200), Limit: p.limit(), Cursor: p.str("cursor", 1000)}
	if p.err != nil {
		writeError(w, http.StatusBadRequest, p.err.Error())
		return
	}
	page, err := h.s.Speakers(r.Context(), q)
	h.reply(w, r, page, err)
}

// reply writes v, or maps err to a status: the client's fault is 4xx, a busy
// or unreachable database 503, anything else 500 (logged, never detailed).
func (h *handler) reply(w http.ResponseWriter, r *http.Request, v any, err error) {
	switch {
	case err == nil:
		w.Header().Set("Content-Type", "application/json")
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

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": msg, "status": status})
}
