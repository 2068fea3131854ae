package ui

import (
	"net/http"
	"net/url"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// replayListSize is the number of replays per page.
const replayListSize = 50

type replaysPage struct {
	base
	Replays []store.Replay
	Next    string
}

func (u *server) replays(w http.ResponseWriter, r *http.Request) {
	l, err := u.s.Replays(r.Context(), store.ReplayListQuery{Limit: replayListSize, Cursor: trim(r.URL.Query().Get("cursor"))})
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	p := replaysPage{base: base{Title: "Replays", Nav: "replays"}, Replays: l.Replays}
	if l.NextCursor != nil {
		p.Next = "/replays?cursor=" + url.QueryEscape(*l.NextCursor)
	}
	u.render(w, r, http.StatusOK, "replays", p)
}

// exampleGroup is one category's examples with its heading.
type exampleGroup struct {
	Label   string
	Changes []store.ArticleChange
}

// exampleLabels are the report's categories in reading order.
var exampleLabels = []struct{ cat, label string }{
	{"reattributed", "Re-attributed (speaker changed)"},
	{"rekinded", "Re-kinded"},
	{"reworded", "Re-worded"},
	{"added", "Added"},
	{"removed", "Removed"},
}

type replayPage struct {
	base
	R        store.ReplayReport
	Outlet   string
	Examples []exampleGroup
	Next     string
}

func (u *server) replay(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !store.ReplayIDPattern.MatchString(id) {
		u.fail(w, r, http.StatusNotFound, "No such replay.")
		return
	}
	f := readForm(r, "outlet")
	rep, err := u.s.Replay(r.Context(), store.ReplayQuery{ID: id, Outlet: f.Get("outlet"), Limit: pageSize, Cursor: trim(r.URL.Query().Get("cursor"))})
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	p := replayPage{base: base{Title: "Replay " + id, Nav: "replays"}, R: rep, Outlet: f.Get("outlet")}
	for _, l := range exampleLabels {
		if ex := rep.Examples[l.cat]; len(ex) > 0 {
			p.Examples = append(p.Examples, exampleGroup{Label: l.label, Changes: ex})
		}
	}
	if rep.NextCursor != nil {
		q := url.Values{"cursor": {*rep.NextCursor}}
		if p.Outlet != "" {
			q.Set("outlet", p.Outlet)
		}
		p.Next = "/replays/" + url.PathEscape(id) + "?" + q.Encode() + "#changed"
	}
	u.render(w, r, http.StatusOK, "replay", p)
}

type replayArticlePage struct {
	base
	ReplayID string
	V        store.ReplayArticleView
}

func (u *server) replayArticle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !store.ReplayIDPattern.MatchString(id) {
		u.fail(w, r, http.StatusNotFound, "No such replay.")
		return
	}
	v, err := u.s.ReplayArticle(r.Context(), id, r.PathValue("article"))
	if err != nil {
		u.storeError(w, r, err)
		return
	}
	title := v.Title
	if title == "" {
		title = v.ArticleID
	}
	u.render(w, r, http.StatusOK, "replayarticle", replayArticlePage{base: base{Title: title + " · replay " + id, Nav: "replays"}, ReplayID: id, V: v})
}
