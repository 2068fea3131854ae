package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// Alerts checks that each kind of watch fires once on the event it names,
// not on anything else, and never again when the same ClaimSets are
// redelivered or replayed (with the same or a newer extractor version).
func Alerts(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Speaker", testWatchSpeaker},
		{"Variant", testWatchVariant},
		{"Figure", testWatchFigure},
		{"Repeat", testWatchRepeat},
		{"Reach", testWatchReach},
		{"Manage", testWatchManage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

func addWatch(t *testing.T, s store.Store, w store.Watch) store.Watch {
	t.Helper()
	w, err := s.AddWatch(context.Background(), w)
	if err != nil {
		t.Fatalf("AddWatch: %v", err)
	}
	return w
}

func alertsOf(t *testing.T, s store.Store, watch string) []store.Alert {
	t.Helper()
	page, err := s.Alerts(context.Background(), store.AlertQuery{Watch: watch, Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	return page.Alerts
}

// wantAlerts checks the watch's alert count after a step.
func wantAlerts(t *testing.T, s store.Store, watch, step string, n int) []store.Alert {
	t.Helper()
	got := alertsOf(t, s, watch)
	if len(got) != n {
		var sums []string
		for _, a := range got {
			sums = append(sums, a.Summary)
		}
		t.Fatalf("%s: %d alerts, want %d: %q", step, len(got), n, sums)
	}
	return got
}

// replay applies sets again as they were, then as a newer extractor
// version would send them: the alerts must not change.
func replay(t *testing.T, s store.Store, watch string, sets []contract.ClaimSet) {
	t.Helper()
	before := alertsOf(t, s, watch)
	apply(t, s, sets...)
	for _, cs := range sets {
		cs.ExtractorVersion += ".1"
		apply(t, s, cs)
	}
	after := alertsOf(t, s, watch)
	if len(after) != len(before) {
		t.Fatalf("replay: %d alerts, had %d: %+v", len(after), len(before), after)
	}
	pending, err := s.Unpublished(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != len(before) {
		t.Fatalf("replay: %d alerts to deliver, want %d", len(pending), len(before))
	}
}

func person(articleID, text, name string) contract.Claim { return Quote(articleID, text, name) }

func testWatchSpeaker(t *testing.T, s store.Store) {
	w := addWatch(t, s, store.Watch{Kind: store.WatchSpeaker, Speaker: "Anwar Saleem"})
	if w.SpeakerKey != contract.SpeakerKey("Anwar Salim") {
		t.Fatalf("speaker key %q does not fold the spelling", w.SpeakerKey)
	}
	var sets []contract.ClaimSet
	step := func(name string, n int, cs contract.ClaimSet) {
		t.Helper()
		apply(t, s, cs)
		sets = append(sets, cs)
		wantAlerts(t, s, w.ID, name, n)
	}
	step("another speaker", 0, Set(Article("s1", "north-gazette.example", 3), "1",
		person("s1", "The ferry timetable will change in spring", "Greta Lindqvist")))
	step("the speaker, spelled another way, twice in one article", 1, Set(Article("s2", "lake-courier.example", 4), "1",
		person("s2", "Our port will stay open through the winter storms", "Anwar Salim"),
		person("s2", "Nobody will lose a job because of the new cranes", "Anwar Salim")))
	got := alertsOf(t, s, w.ID)[0]
	if got.ArticleID != "s2" || got.Outlet != "lake-courier.example" || got.Speaker != "Anwar Salim" || got.Kind != store.WatchSpeaker {
		t.Fatalf("alert %+v", got)
	}
	step("a statistic without speaker", 1, Set(Article("s3", "lake-courier.example", 5), "1",
		Stat("s3", "Cargo volumes fell by 12 percent last year", 12, "%")))
	step("the speaker in another article", 2, Set(Article("s4", "north-gazette.example", 6), "1",
		person("s4", "The harbour dredging starts in May", "Anwar Saleem")))
	replay(t, s, w.ID, sets)
}

func testWatchVariant(t *testing.T, s store.Store) {
	full := "We have found no evidence that the pumping station was sabotaged by anyone"
	first := Set(Article("v1", "north-gazette.example", 3), "1", person("v1", full, "Liesel Markov"))
	apply(t, s, first)
	w := addWatch(t, s, store.Watch{Kind: store.WatchVariant, Cluster: first.Claims[0].ID})
	sets := []contract.ClaimSet{first}
	step := func(name string, n int, cs contract.ClaimSet) {
		t.Helper()
		apply(t, s, cs)
		sets = append(sets, cs)
		wantAlerts(t, s, w.ID, name, n)
	}
	step("the same words", 0, Set(Article("v2", "lake-courier.example", 4), "1", person("v2", full, "Liesel Markov")))
	step("another quote of the speaker", 0, Set(Article("v3", "lake-courier.example", 4), "1",
		person("v3", "The new filters arrive from the factory next week", "Liesel Markov")))
	// An exact part of the quote is the same wording, not a variant.
	step("a shortened quote", 0, Set(Article("v4a", "hill-times.example", 5), "1",
		person("v4a", "We have found no evidence that the pumping station was sabotaged", "Liesel Markov")))
	drift := "We have seen no evidence that the pumping station was sabotaged by anyone"
	step("a reworded quote", 1, Set(Article("v4", "hill-times.example", 5), "1", person("v4", drift, "Liesel Markov")))
	if a := alertsOf(t, s, w.ID)[0]; a.Text != drift || a.ClusterID == "" {
		t.Fatalf("alert %+v", a)
	}
	step("the reworded quote again", 1, Set(Article("v5", "plain-echo.example", 6), "1", person("v5", drift, "Liesel Markov")))
	step("a second drift", 2, Set(Article("v6", "plain-echo.example", 7), "1",
		person("v6", "We found no evidence the pumping station was sabotaged by anyone at all", "Liesel Markov")))
	replay(t, s, w.ID, sets)
}

func testWatchFigure(t *testing.T, s store.Store) {
	ministry := func(id, text string, v float64) contract.Claim {
		c := Stat(id, text, v, "people killed")
		c.Speaker = &contract.Speaker{Name: "Regional Health Office", Type: contract.SpeakerOrganization}
		return c
	}
	first := Set(Article("f1", "north-gazette.example", 3), "1",
		ministry("f1", "At least 23 people were killed when the market roof collapsed", 23))
	apply(t, s, first)
	w := addWatch(t, s, store.Watch{Kind: store.WatchFigure, Cluster: first.Claims[0].ID})
	sets := []contract.ClaimSet{first}
	step := func(name string, n int, cs contract.ClaimSet) {
		t.Helper()
		apply(t, s, cs)
		sets = append(sets, cs)
		wantAlerts(t, s, w.ID, name, n)
	}
	step("the same figure", 0, Set(Article("f2", "lake-courier.example", 4), "1",
		ministry("f2", "At least 23 people were killed when the market roof collapsed", 23)))
	step("an unrelated figure", 0, Set(Article("f3", "lake-courier.example", 4), "1",
		Stat("f3", "Ticket prices rose by 40 percent", 40, "%")))
	step("a new figure", 1, Set(Article("f4", "hill-times.example", 5), "1",
		ministry("f4", "At least 25 people were killed when the market roof collapsed", 25)))
	a := alertsOf(t, s, w.ID)[0]
	if a.From == nil || a.To == nil || *a.From.Value != 23 || *a.To.Value != 25 {
		t.Fatalf("alert %+v: want the figures 23 and 25", a)
	}
	step("the new figure repeated", 1, Set(Article("f5", "plain-echo.example", 6), "1",
		ministry("f5", "At least 25 people were killed when the market roof collapsed", 25)))
	replay(t, s, w.ID, sets)
}

func testWatchRepeat(t *testing.T, s store.Store) {
	w := addWatch(t, s, store.Watch{Kind: store.WatchRepeat, Outlet: "Echo", Source: "https://www.north-gazette.example/"})
	if w.Outlet != "echo" || w.Source != "north-gazette.example" {
		t.Fatalf("outlets %q, %q", w.Outlet, w.Source)
	}
	q := "The council will sell the old tram depot to a housing cooperative"
	var sets []contract.ClaimSet
	step := func(name string, n int, cs contract.ClaimSet) {
		t.Helper()
		apply(t, s, cs)
		sets = append(sets, cs)
		wantAlerts(t, s, w.ID, name, n)
	}
	step("the source reports first", 0, Set(Article("r1", "north-gazette.example", 3), "1", person("r1", q, "Pavel Dusek")))
	step("a third outlet repeats", 0, Set(Article("r2", "lake-courier.example", 4), "1", person("r2", q, "Pavel Dusek")))
	step("the watched outlet repeats", 1, Set(Article("r3", "echo.example", 5), "1", person("r3", q, "Pavel Dusek")))
	if a := alertsOf(t, s, w.ID)[0]; a.FirstBy != "north-gazette.example" || a.Outlet != "echo.example" {
		t.Fatalf("alert %+v", a)
	}
	r := "Bus fares stay frozen until the end of next year"
	step("the watched outlet is first", 1, Set(Article("r4", "echo.example", 2), "1", person("r4", r, "Pavel Dusek")))
	step("the source follows", 1, Set(Article("r5", "north-gazette.example", 6), "1", person("r5", r, "Pavel Dusek")))
	replay(t, s, w.ID, sets)
}

func testWatchReach(t *testing.T, s store.Store) {
	w := addWatch(t, s, store.Watch{Kind: store.WatchReach, Query: "reservoirs", MinOutlets: 3})
	q := "The reservoir will be drained for inspection before the summer"
	other := "The bridge toll will be abolished before the summer"
	var sets []contract.ClaimSet
	step := func(name string, n int, cs contract.ClaimSet) {
		t.Helper()
		apply(t, s, cs)
		sets = append(sets, cs)
		wantAlerts(t, s, w.ID, name, n)
	}
	outlets := []string{"north-gazette.example", "lake-courier.example", "hill-times.example", "plain-echo.example"}
	for i, o := range outlets[:3] {
		id := "x" + string(rune('1'+i))
		step("another claim in "+o, 0, Set(Article(id, o, 3+i), "1", person(id, other, "Oskar Brandt")))
	}
	step("one outlet", 0, Set(Article("m1", outlets[0], 3), "1", person("m1", q, "Oskar Brandt")))
	step("two outlets", 0, Set(Article("m2", outlets[1], 4), "1", person("m2", q, "Oskar Brandt")))
	step("a second article of one outlet", 0, Set(Article("m3", outlets[1], 5), "1", person("m3", q, "Oskar Brandt")))
	step("three outlets", 1, Set(Article("m4", outlets[2], 6), "1", person("m4", q, "Oskar Brandt")))
	if a := alertsOf(t, s, w.ID)[0]; len(a.Outlets) != 3 {
		t.Fatalf("alert %+v: want 3 outlets", a)
	}
	step("four outlets", 1, Set(Article("m5", outlets[3], 7), "1", person("m5", q, "Oskar Brandt")))
	replay(t, s, w.ID, sets)
}

func testWatchManage(t *testing.T, s store.Store) {
	ctx := context.Background()
	bad := []store.Watch{
		{Kind: "keyword", Query: "x"},
		{Kind: store.WatchSpeaker},
		{Kind: store.WatchSpeaker, Speaker: "123"},
		{Kind: store.WatchVariant, Cluster: "no-such-cluster"},
		{Kind: store.WatchRepeat, Outlet: "a.example", Source: "a.example"},
		{Kind: store.WatchReach, Query: "dam", MinOutlets: 1},
		{Kind: store.WatchSpeaker, Speaker: "Anwar Salim", ID: "Not A Subject.Token"},
		{Kind: store.WatchSpeaker, Speaker: "Anwar Salim", Webhook: "ftp://example.com/hook"},
	}
	for _, w := range bad {
		if _, err := s.AddWatch(ctx, w); !errors.Is(err, store.ErrBadRequest) {
			t.Errorf("AddWatch(%+v) = %v, want ErrBadRequest", w, err)
		}
	}
	w := addWatch(t, s, store.Watch{ID: "salim", Kind: store.WatchSpeaker, Speaker: "Anwar Salim",
		Webhook: "https://hooks.example.com/T000/secret-token?x=1", Outlet: "stray.example"})
	if w.Outlet != "" || w.Webhook != "https://hooks.example.com/…" {
		t.Fatalf("watch %+v: want the stray field dropped and the webhook's path hidden", w)
	}
	if _, err := s.AddWatch(ctx, store.Watch{ID: "salim", Kind: store.WatchSpeaker, Speaker: "X Y"}); !errors.Is(err, store.ErrBadRequest) {
		t.Fatalf("duplicate id: %v", err)
	}
	list, err := s.Watches(ctx)
	if err != nil || len(list.Watches) != 1 || list.Watches[0].Webhook != "https://hooks.example.com/…" {
		t.Fatalf("Watches = %+v, %v", list, err)
	}
	if err := s.RemoveWatch(ctx, "salim"); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveWatch(ctx, "salim"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second remove: %v", err)
	}
	apply(t, s, Set(Article("g1", "lake-courier.example", 4), "1", person("g1", "The ferry will run on Sundays", "Anwar Salim")))
	if got := alertsOf(t, s, "salim"); len(got) != 0 {
		t.Fatalf("a removed watch fired: %+v", got)
	}
}
