package clean

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/natstest"
	"github.com/claimwire/claimwire/pkg/service"
)

// Two made-up sites. Each repeats a line of its own on every article — a
// line no pattern would take for furniture, since it reads like a
// sentence — around bodies that differ from page to page.
var (
	quayFurniture   = "The Quay Courier is owned by its readers and answers to nobody else."
	valleyFurniture = "Valley Post reporters on the ground helped to put this report together."
	bodies          = []string{
		"The harbour board agreed on Tuesday to repair the old sea wall before the winter storms, after engineers found cracks in three sections.",
		"A new ferry will join the island route in May, the operator said, replacing a vessel that has broken down four times since January.",
		"Volunteers counted more wading birds on the estuary this winter than in any year since the count began, the wildlife trust reported.",
		"The town library will lend out tools as well as books from next month, starting with drills, ladders and a carpet cleaner.",
		"Bus fares on the valley routes will be frozen for another year, the council confirmed after a vote that split its members.",
	}
)

func page(host string, n int, furnitureLine string) contract.Page {
	text := bodies[n%len(bodies)] + "\n\n" + furnitureLine + "\n\n" +
		"Officials said a decision on the next steps would follow within weeks, once the survey of page " + string(rune('A'+n)) + " had been read in full.\n"
	u := "https://www." + host + "/news/story-" + string(rune('a'+n))
	return contract.Page{Schema: contract.Schema, ID: contract.ArticleID(u, nil), URL: u, ContentType: "text/plain",
		FetchedAt: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC), Body: []byte(text)}
}

// TestHostFurniture cleans two hosts' pages interleaved through the
// service's own path (Process, with the KV bucket on a real JetStream):
// each host's repeated line is kept until seen on three pages of that
// host, removed from its later pages, never from the other host's, and
// re-cleaning an early page (replay) removes it there too without
// counting the page again.
func TestHostFurniture(t *testing.T) {
	srv := natstest.Run(t)
	nc, js := natstest.Connect(t, srv.ClientURL())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	topo := bus.Topology{Prefix: "furn_"}
	if err := topo.Ensure(ctx, js); err != nil {
		t.Fatal(err)
	}
	env := &service.Env{Log: slog.New(slog.DiscardHandler), NC: nc, JS: js, Topology: topo}

	clean := func(p contract.Page) string {
		t.Helper()
		data, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		art, _, err := Process(ctx, env, data)
		if err != nil {
			t.Fatalf("process %s: %v", p.URL, err)
		}
		return art.Text
	}
	type step struct {
		p    contract.Page
		n    int
		line string
		kept bool
	}
	var steps []step
	for n := 0; n < 5; n++ {
		steps = append(steps,
			step{page("quay-courier.example", n, quayFurniture), n, quayFurniture, n < 3},
			step{page("valley-post.example", n, valleyFurniture), n, valleyFurniture, n < 3})
	}
	// The other host's line, once on a Valley page: one host's furniture
	// is not another's.
	steps = append(steps, step{page("valley-post.example", 7, quayFurniture), 7, quayFurniture, true})
	for i, s := range steps {
		got := clean(s.p)
		if strings.Contains(got, s.line) != s.kept {
			t.Errorf("step %d %s: kept furniture = %v, want %v\n%s", i, s.p.URL, !s.kept, s.kept, got)
		}
		if !strings.Contains(got, "Officials said a decision") || !strings.Contains(got, bodies[s.n%len(bodies)][:30]) {
			t.Errorf("step %d: body lost:\n%s", i, got)
		}
	}
	// Replay: the first Quay page again, now with what was learned.
	if got := clean(steps[0].p); strings.Contains(got, quayFurniture) {
		t.Errorf("replayed page kept its host's furniture:\n%s", got)
	}
	// Counting is per distinct page: cleaning one page again and again
	// teaches nothing about a new host.
	for range 4 {
		clean(page("harbour-notes.example", 0, "A line this host repeats only on one page."))
	}
	if got := clean(page("harbour-notes.example", 1, "A line this host repeats only on one page.")); !strings.Contains(got, "only on one page") {
		t.Errorf("a line seen on two pages, one of them four times, was removed:\n%s", got)
	}
}
