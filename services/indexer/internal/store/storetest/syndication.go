package storetest

import (
	"context"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// wireBody is an agency story written for these tests.
const wireBody = `The regional water board said on Monday that two of the four reservoirs above the valley are below a
third of their capacity after the driest spring in twenty years, and that rationing will begin in the northern districts
next week. Farmers who rely on the canals said the cuts would cost them the second harvest. The board's chair told
reporters that the reservoirs would not refill before the autumn rains and asked households to halve their use of
water for gardens. Engineers are inspecting the main canal for leaks that lose as much water each day as a small town uses.`

// testSyndication: an article whose body nearly repeats an earlier article
// of another outlet is a wire copy; its outlet is not an independent report.
func testSyndication(t *testing.T, s store.Store) {
	quote := "Every household must halve the water it spends on gardens until the autumn rains"
	art := func(id, outlet, body string) contract.Article {
		a := Article(id, outlet, 3)
		a.Text = body
		return a
	}
	apply(t, s,
		Set(art("w1", "agency-wire.example", "LAKETOWN (Wire) — "+wireBody), "1.0", Quote("w1", quote, "Mara Quint")),
		Set(art("w2", "hill-gazette.example", "By our staff\n\n"+wireBody[:len(wireBody)*3/4]), "1.0", Quote("w2", quote, "Mara Quint")),
		Set(art("w3", "plains-echo.example", `Valley farmers face a lost second harvest as the water board prepares to ration
			supply in the north from next week. Two reservoirs hold less than a third of what they can, the board said, and its
			chair urged families to use far less water outside the house. The spring was the driest since records began two
			decades ago, and the canal engineers are still looking for the leaks.`), "1.0", Quote("w3", quote, "Mara Quint")),
		// A copy of the copy: the report is still the agency's.
		Set(art("w4", "lake-courier.example", wireBody+"\nMore on our water page."), "1.0", Quote("w4", quote, "Mara Quint")),
		// The agency printing its own story again is one outlet still.
		Set(art("w5", "agency-wire.example", wireBody), "1.0", Quote("w5", quote, "Mara Quint")),
	)
	want := map[string]string{"w1": "", "w2": "w1", "w3": "", "w4": "w1", "w5": ""}
	c := clusterOf(t, s, quote)
	full, err := s.Cluster(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for name, cl := range map[string]store.Cluster{"list": c, "detail": full} {
		if len(cl.Members) != 5 {
			t.Fatalf("%s: %d members; want 5", name, len(cl.Members))
		}
		for _, m := range cl.Members {
			if m.CopyOf != want[m.ArticleID] || m.Syndicated != (want[m.ArticleID] != "") {
				t.Errorf("%s: member of %s: syndicated %v, copy of %q; want copy of %q", name, m.ArticleID, m.Syndicated, m.CopyOf, want[m.ArticleID])
			}
			if m.Syndicated && m.CopyOfOutlet != "agency-wire.example" {
				t.Errorf("%s: member of %s copies outlet %q; want agency-wire.example", name, m.ArticleID, m.CopyOfOutlet)
			}
		}
		// Reports: the agency's and the plains' own; two outlets printed copies.
		if cl.NOutlets != 2 || cl.NSyndicated != 2 {
			t.Errorf("%s: n_outlets %d, n_syndicated %d; want 2, 2", name, cl.NOutlets, cl.NSyndicated)
		}
	}

	// Applying the source again (a replay) does not make it a copy of its copies.
	apply(t, s, Set(art("w1", "agency-wire.example", "LAKETOWN (Wire) — "+wireBody), "1.1", Quote("w1", quote, "Mara Quint")))
	for _, m := range clusterOf(t, s, quote).Members {
		if m.ArticleID == "w1" && m.Syndicated {
			t.Errorf("the source, applied again, is marked a copy of %s", m.CopyOf)
		}
	}
}

// testOutletlessSources: articles without a URL (local files) are each
// their own source in the cluster's count, though they name no outlet.
func testOutletlessSources(t *testing.T, s store.Store) {
	quote := "The night ferry will run again once the harbour wall is repaired"
	file := func(id string) contract.Article {
		a := Article(id, "", 4)
		a.URL, a.Outlet = "", ""
		return a
	}
	apply(t, s,
		Set(file("f1"), "1.0", Quote("f1", quote, "Ines Korhonen")),
		Set(file("f2"), "1.0", Quote("f2", quote, "Ines Korhonen")),
		Set(Article("f3", "port-news.example", 5), "1.0", Quote("f3", quote, "Ines Korhonen")),
	)
	c := clusterOf(t, s, quote)
	if c.NOutlets != 3 || c.NSyndicated != 0 {
		t.Errorf("n_outlets %d, n_syndicated %d; want 3, 0 (outlets listed: %v)", c.NOutlets, c.NSyndicated, c.Outlets)
	}
	page, err := s.Clusters(context.Background(), store.ClusterQuery{MinOutlets: 3, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Clusters) != 1 || page.Clusters[0].ID != c.ID {
		t.Errorf("min_outlets 3 finds %d clusters; want the ferry quote's", len(page.Clusters))
	}
}

// ReplicaCopies: a wire copy is marked as one though its source was
// stored by another replica (r2) after this one (r1) had applied articles
// of its own; the source carries no claims, so that only the prints it
// adds tell r1 that the stored bands changed.
func ReplicaCopies(t *testing.T, r1, r2 store.Store) {
	quote := "Every household must halve the water it spends on gardens until the autumn rains"
	art := func(id, outlet, body string) contract.Article {
		a := Article(id, outlet, 3)
		a.Text = body
		return a
	}
	apply(t, r1, Set(art("r0", "plains-echo.example", `The town council voted on Tuesday to close the old swimming
		baths at the end of the summer, after engineers found cracks in the main pool that would cost more to repair than
		a new building. Swimmers will be offered places at the leisure centre across the river until the new baths open.`),
		"1.0", Quote("r0", "The baths have served the town for ninety years and deserve a worthy successor", "Odile Brandt")))
	apply(t, r2, Set(art("r1", "agency-wire.example", wireBody), "1.0"))
	apply(t, r1, Set(art("r2", "hill-gazette.example", "By our staff\n\n"+wireBody), "1.0", Quote("r2", quote, "Mara Quint")))
	c := clusterOf(t, r1, quote)
	if len(c.Members) != 1 || c.Members[0].CopyOf != "r1" {
		t.Errorf("r2, a copy of r1 (stored by the other replica): members %+v; want r2's, a copy of r1", c.Members)
	}
}
