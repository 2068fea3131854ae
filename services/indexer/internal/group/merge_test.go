package group

import "testing"

func TestMerges(t *testing.T) {
	const who = "Oksana Brill"
	q := func(id, text string) *Item { return item(id, "art-"+id, "quote", who, text) }
	drivers := q("d", "Drivers can use the crossing beneath the river from next spring onwards, years late")
	firstCars := q("f", "The river tunnel takes its first cars next spring, the minister promised")
	opens := q("o", "The tunnel under the river will open to traffic next spring")
	lorries := q("l", "Lorries will be barred from the river tunnel at night")
	cluster := func(id string, rep *Item, members ...*Item) *Candidate {
		return &Candidate{ID: id, Rep: rep, Members: members, Size: len(members) + 1}
	}
	cases := []struct {
		name  string
		it    *Item
		x, y  *Candidate
		merge bool
	}{
		{"wordings alike on average", q("j", "Drivers will use the tunnel under the river from next spring"),
			cluster("x", drivers, q("d2", drivers.Text)), cluster("y", firstCars, q("f2", firstCars.Text)), true},
		{"two statements near each other, each printed twice", q("s", "The tunnel under the river opens next spring, but lorries will be barred from it at night"),
			cluster("x", opens, q("o2", opens.Text)), cluster("y", lorries, q("l2", lorries.Text)), false},
		{"a fragment both print is no evidence", q("n", "from next spring"),
			cluster("x", drivers, q("d2", drivers.Text)), cluster("y", firstCars, q("f2", firstCars.Text)), false},
		{"the claim does not fit the other", q("j2", "Drivers can use the crossing beneath the river from next spring"),
			cluster("x", drivers), cluster("y", lorries), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if Fit(tc.it, tc.x) < JoinScore {
				t.Fatalf("the claim does not fit x (%.2f): the case proves nothing", Fit(tc.it, tc.x))
			}
			if got := Merges(tc.it, tc.x, tc.y); got != tc.merge {
				t.Fatalf("Merges = %v (fit to y %.2f); want %v", got, Fit(tc.it, tc.y), tc.merge)
			}
		})
	}
}

// TestFragmentMergesNothing: a quotation of two or three words fits every
// cluster whose wordings print them; two clusters that agree enough to
// merge through a claim stating both do not merge through it.
func TestFragmentMergesNothing(t *testing.T) {
	const who = "Mirela Oduya"
	q := func(id, text string) *Item { return item(id, "art-"+id, "quote", who, text) }
	start := "The ferry contract was a rigged deal from the start"
	x := &Candidate{ID: "x", Rep: q("a", start), Members: []*Item{q("a2", start), q("a3", "From the very start the ferry contract was a rigged deal")}, Size: 3}
	y := &Candidate{ID: "y", Rep: q("b", "The ferry tender ended in a rigged deal that the council signed"),
		Members: []*Item{q("b2", "The council signed a rigged deal when the ferry tender ended")}, Size: 2}
	if whole := q("w", "the ferry contract was a rigged deal the council signed"); !Merges(whole, x, y) {
		t.Fatalf("the clusters do not merge through a claim stating both: the case proves nothing")
	}
	for _, frag := range []string{"rigged deal", "a rigged deal"} {
		it := q("f", frag)
		if Fit(it, x) < JoinScore || Fit(it, y) < JoinScore {
			t.Fatalf("%q fits x %.2f, y %.2f: the case proves nothing", frag, Fit(it, x), Fit(it, y))
		}
		if Merges(it, x, y) {
			t.Errorf("%q merges the clusters", frag)
		}
	}
}

// TestBridgeMerges: two desks' translations of one remark that share no
// word with the other desk's found two clusters whose wordings do not agree
// on average; a third wording alike every one of them is one statement
// with both, and they merge through it. A sentence that prints a wording
// of each whole states two statements side by side and merges nothing.
func TestBridgeMerges(t *testing.T) {
	const who = "Tamsin Okoro"
	q := func(id, text string) *Item { return item(id, "art-"+id, "quote", who, text) }
	quay := "The new quay will ruin the fishermen of the old harbour"
	pier := "The pier project spells the end for the trawler crews of the port"
	x := &Candidate{ID: "x", Rep: q("x1", quay), Members: []*Item{q("x2", "Fishermen in the old harbour will be ruined by the quay")}, Size: 2}
	y := &Candidate{ID: "y", Rep: q("y1", pier), Members: []*Item{q("y2", "The pier project means the end for trawler crews in the port")}, Size: 2}
	// A third wording of the port's side that the bridge shares too few
	// words with.
	y3 := &Candidate{ID: "y", Rep: y.Rep, Members: append([]*Item{q("y3", "The port boats are finished, he said of the pier")}, y.Members...), Size: 3}
	cases := []struct {
		name  string
		it    *Item
		y     *Candidate
		merge bool
	}{
		{"alike every wording of both", q("b", "The quay project spells the end for the old harbour's fishermen and trawler crews"), y, true},
		{"not alike one wording of the other", q("b", "The quay project spells the end for the old harbour's fishermen and trawler crews"), y3, false},
		{"prints a wording of each whole", q("w", quay+" and "+pier), y, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			xs, ys := Known(x), Known(tc.y)
			sum := 0.0
			for _, a := range xs {
				for _, b := range ys {
					sum += Score(a, b)
				}
			}
			if avg := sum / float64(len(xs)*len(ys)); avg >= minMergeLink {
				t.Fatalf("the wordings agree on average (%.2f): the case proves nothing", avg)
			}
			if Fit(tc.it, x) < JoinScore || Fit(tc.it, tc.y) < JoinScore {
				t.Fatalf("the claim fits x %.2f, y %.2f: the case proves nothing", Fit(tc.it, x), Fit(tc.it, tc.y))
			}
			if got := Merges(tc.it, x, tc.y); got != tc.merge {
				t.Fatalf("Merges = %v; want %v", got, tc.merge)
			}
		})
	}
}
