package ui

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/api"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
	"github.com/claimwire/claimwire/services/indexer/internal/store/sqlite"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// The fixture is a story written for these tests: a harbour strike told
// by four outlets, with a quote that drifts, a quotation split in two parts,
// reported speech, a strike-day figure that one outlet gives differently, a
// radio station cited as the source, and a speaker whose name has an
// apostrophe. Sixty short briefs by one speaker make the lists page.

type fxClaim struct {
	kind, text, speaker, typ, via, group string
	value, extra                         float64
	unit                                 string
}

type fxArticle struct {
	id, outlet, title string
	hours             int // after the first article
	text              string
	claims            []fxClaim
}

var fxStart = time.Date(2026, 4, 2, 7, 30, 0, 0, time.UTC)

func q(text, speaker string) fxClaim {
	return fxClaim{kind: "quote", text: text, speaker: speaker, typ: "person"}
}
func rep(text, speaker, typ string) fxClaim {
	return fxClaim{kind: "reported", text: text, speaker: speaker, typ: typ}
}
func stat(text string, v float64, unit string) fxClaim {
	return fxClaim{kind: "statistic", text: text, value: v, unit: unit}
}

var fxArticles = []fxArticle{
	{id: "h1", outlet: "harbour-herald.example", title: "Dockworkers walk out at Port Alder", hours: 0,
		text: "Dockworkers at Port Alder walked out on Tuesday.\n\n" +
			"“We will not load a single ship until the night shifts are paid properly,” said union leader Sean O'Brien.\n\n" +
			"Port director Amara Velde said the strike would cost the port dearly. “The port will stay open. Every contract will be honoured,” Velde told reporters.\n\n" +
			"About 3,400 dock workers joined the strike, the union said.",
		claims: []fxClaim{
			q("We will not load a single ship until the night shifts are paid properly", "Sean O'Brien"),
			rep("the strike would cost the port dearly", "Amara Velde", "person"),
			{kind: "quote", text: "The port will stay open.", speaker: "Amara Velde", typ: "person", group: "g-velde"},
			{kind: "quote", text: "Every contract will be honoured,", speaker: "Amara Velde", typ: "person", group: "g-velde"},
			stat("About 3,400 dock workers joined the strike", 3400, "workers"),
		}},
	{id: "h2", outlet: "www.coastline-daily.example", title: "Port Alder strike: union vows to halt ships", hours: 3,
		text: "The union at Port Alder vowed to halt all loading.\n\n" +
			"“We will not load a single ship until night shifts are paid,” Sean O’Brien said.\n\n" +
			"Some 3,400 dock workers joined the strike, according to Harbour Radio.",
		claims: []fxClaim{
			q("We will not load a single ship until night shifts are paid", "Sean O’Brien"),
			{kind: "statistic", text: "Some 3,400 dock workers joined the strike", value: 3400, unit: "workers", via: "Harbour Radio"},
		}},
	{id: "h3", outlet: "tideline.example", title: "Strike halts Port Alder", hours: 20,
		text: "Loading stopped at Port Alder for a second day.\n\n" +
			"According to Harbour Radio, O'Brien said the union would not load a single ship until the night shifts are paid properly.\n\n" +
			"Nearly 4,000 dock workers joined the strike, up from 3,400 on its first day, the station reported.",
		claims: []fxClaim{
			{kind: "reported", text: "the union would not load a single ship until the night shifts are paid properly", speaker: "Sean O'Brien", typ: "person", via: "Harbour Radio"},
			{kind: "statistic", text: "Nearly 4,000 dock workers joined the strike, up from 3,400 on its first day", value: 4000, unit: "workers", extra: 3400},
		}},
	{id: "h4", outlet: "harbour-herald.example", title: "Port Alder director: contracts will be honoured", hours: 30,
		text:   "Amara Velde repeated her promise.\n\n“The port will stay open,” she said.",
		claims: []fxClaim{q("The port will stay open", "Amara Velde")}},
}

// fxSets builds the ClaimSets, offsets found in the text.
func fxSets(t testing.TB) []contract.ClaimSet {
	var out []contract.ClaimSet
	for _, a := range fxArticles {
		p := fxStart.Add(time.Duration(a.hours) * time.Hour)
		art := contract.Article{Schema: 1, ID: a.id, URL: "https://" + strings.TrimPrefix(a.outlet, "www.") + "/news/" + a.id, Outlet: a.outlet,
			Title: a.title, Published: &p, Lang: "en", Text: a.text, CleanerVersion: "1"}
		var cs []contract.Claim
		for i, c := range a.claims {
			start := strings.Index(a.text, c.text)
			if start < 0 {
				t.Fatalf("fixture %s: %q not in the text", a.id, c.text)
			}
			cl := contract.Claim{ID: fmt.Sprintf("%s-c%d", a.id, i), Kind: c.kind, Text: c.text, Sentence: c.text, Start: start, End: start + len(c.text),
				Via: c.via, Group: c.group, Rule: "fixture." + c.kind, Confidence: 0.9}
			if c.speaker != "" {
				cl.Speaker = &contract.Speaker{Name: c.speaker, Type: c.typ, Key: contract.SpeakerKey(c.speaker)}
			}
			if c.kind == "statistic" {
				num := strings.Fields(c.text)[1]
				cl.Numbers = []contract.Number{{Value: contract.Figure(c.value), Unit: c.unit, Text: num + " " + c.unit}}
				if c.extra != 0 {
					cl.Numbers = append(cl.Numbers, contract.Number{Value: contract.Figure(c.extra), Unit: c.unit, Text: "3,400"})
				}
			}
			cs = append(cs, cl)
		}
		out = append(out, contract.ClaimSet{Schema: 1, Article: art, Claims: cs, ExtractorVersion: "1.0"})
	}
	// Briefs: one claim each by the port director, enough for two pages.
	for i := range 60 {
		id := fmt.Sprintf("b%02d", i)
		p := fxStart.Add(time.Duration(40+i) * time.Hour)
		text := fmt.Sprintf("Briefing %d: Velde said berth %d would reopen after inspection.", i, i+1)
		claim := fmt.Sprintf("berth %d would reopen after inspection", i+1)
		start := strings.Index(text, claim)
		a := contract.Article{Schema: 1, ID: id, URL: "https://port-bulletin.example/" + id, Outlet: "port-bulletin.example", Title: "Briefing " + id,
			Published: &p, Lang: "en", Text: text, CleanerVersion: "1"}
		out = append(out, contract.ClaimSet{Schema: 1, Article: a, ExtractorVersion: "1.0", Claims: []contract.Claim{{
			ID: id + "-c0", Kind: "reported", Text: claim, Sentence: text, Start: start, End: start + len(claim),
			Speaker: &contract.Speaker{Name: "Amara Velde", Type: "person"}, Cue: "said", Confidence: 0.8}}})
	}
	return out
}

// newServer stores the fixture (and the shared store corpus) in a SQLite
// file and serves the UI and the API as the indexer does.
func newServer(t testing.TB) (*httptest.Server, store.Store) {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "ui.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, cs := range storetest.Corpus() {
		// Give the article a text that contains its claims, so the article
		// page can highlight them.
		var b strings.Builder
		for i := range cs.Claims {
			b.WriteString("Someone said that ")
			cs.Claims[i].Start = b.Len()
			b.WriteString(cs.Claims[i].Text)
			cs.Claims[i].End = b.Len()
			b.WriteString(".\n\n")
		}
		cs.Article.Text = b.String()
		if _, err := s.Apply(context.Background(), cs); err != nil {
			t.Fatal(err)
		}
	}
	for _, cs := range fxSets(t) {
		if _, err := s.Apply(context.Background(), cs); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(handler(s))
	t.Cleanup(srv.Close)
	return srv, s
}

// handler mounts the API and the UI as index.NewHandler does.
func handler(s store.Store) http.Handler {
	log := slog.New(slog.DiscardHandler)
	mux := http.NewServeMux()
	mux.Handle("/api/", api.New(s, log))
	mux.Handle("/", New(s, log))
	return mux
}
