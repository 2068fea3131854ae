package storetest

import (
	"context"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// Claims of several sentences are grouped by their sentences (store/units.go).

const (
	tunnel  = "The tunnel under the old market will open to traffic in March."
	tolls   = "Tolls on the coastal bridge will be halved for every resident of the island."
	nothing = "Nobody who lives on the island will pay more for the drive to work."
)

// memberOfClaim is the cluster holding unit n of claim id (0: the claim
// grouped whole) and that member.
func memberOfClaim(t *testing.T, s store.Store, id string, n int) (store.Cluster, store.Member) {
	t.Helper()
	var m store.Member
	c := clusterWith(t, s, "a unit of claim "+id, func(x store.Member) bool {
		if x.ClaimID == id && x.Unit == n {
			m = x
			return true
		}
		return false
	})
	return c, m
}

// testWholeQuotationUnits: two outlets quote two sentences of one quotation
// apart, a third prints the whole three-sentence quotation. Each of its
// sentences joins the outlet that quoted it, the parts stay apart, and the
// claim itself still reads as sent.
func testWholeQuotationUnits(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := Quote("w1", tunnel, "Petra Langholm")
	b := Quote("w2", "Tolls on the coastal bridge will be halved for every resident of the island", "Petra Langholm")
	whole := Quote("w3", tunnel+" "+tolls+" "+nothing, "Petra Langholm")
	apply(t, s, Set(Article("w1", "harbor-times.example", 3), "1.0", a),
		Set(Article("w2", "valley-post.example", 4), "1.0", b),
		Set(Article("w3", "river-news.example", 5), "1.0", whole))
	ca, cb := clusterOfClaim(t, s, a.ID), clusterOfClaim(t, s, b.ID)
	if ca.ID == cb.ID {
		t.Fatalf("the two parts share a cluster: %v", groups(t, s))
	}
	for n, want := range map[int]struct{ cluster, text string }{1: {ca.ID, tunnel}, 2: {cb.ID, tolls}} {
		c, m := memberOfClaim(t, s, whole.ID, n)
		if c.ID != want.cluster || m.Text != want.text {
			t.Fatalf("sentence %d: in %s as %q; want in %s as %q (%v)", n, c.ID, m.Text, want.cluster, want.text, groups(t, s))
		}
	}
	if c, m := memberOfClaim(t, s, whole.ID, 3); c.ID == ca.ID || c.ID == cb.ID || m.Text != nothing {
		t.Fatalf("sentence 3: in %s as %q; want a cluster of its own", c.ID, m.Text)
	}
	if len(cb.Members) != 2 {
		t.Fatalf("the second part's cluster holds %+v; want its quote and the sentence", cb.Members)
	}

	// The claim as sent: one claim, in its first sentence's cluster, and
	// listed with each cluster a sentence of it is in.
	art, err := s.Article(ctx, "w3")
	if err != nil {
		t.Fatal(err)
	}
	if len(art.Claims) != 1 || art.Claims[0].ID != whole.ID || art.Claims[0].Text != whole.Text || art.Claims[0].ClusterID != ca.ID {
		t.Fatalf("article claims = %+v; want the whole quotation in %s", art.Claims, ca.ID)
	}
	if _, n, err := s.Counts(ctx); err != nil || n != 3 {
		t.Fatalf("Counts = %d, %v; want 3 claims", n, err)
	}
	page, err := s.Claims(ctx, store.ClaimQuery{Cluster: cb.ID})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range page.Claims {
		ids = append(ids, c.ID)
	}
	if len(ids) != 2 || page.Total != 2 {
		t.Fatalf("claims of the second part's cluster = %v (total %d); want its quote and the whole quotation", ids, page.Total)
	}
	sp, err := s.Speakers(ctx, store.SpeakerQuery{})
	if err != nil || len(sp.Speakers) != 1 || sp.Speakers[0].Claims != 3 {
		t.Fatalf("speakers = %+v, %v; want one with 3 claims", sp.Speakers, err)
	}

	// A newer extraction that keeps only the first sentence leaves the
	// second part's cluster.
	apply(t, s, Set(Article("w3", "river-news.example", 5), "1.1", Quote("w3", tunnel, "Petra Langholm")))
	if c := clusterOfClaim(t, s, b.ID); len(c.Members) != 1 || c.Members[0].ClaimID != b.ID {
		t.Fatalf("after the new extraction the second part's cluster holds %+v", c.Members)
	}
	if c := clusterOfClaim(t, s, a.ID); len(c.Members) != 2 {
		t.Fatalf("after the new extraction the first part's cluster holds %+v", c.Members)
	}
}

// testOneQuotationTwoStatements: two statements of one speaker on one topic,
// printed in one quotation by two outlets and apart by two others, are two
// clusters, each holding its own sentence of both quotations.
func testOneQuotationTwoStatements(t *testing.T, s store.Store) {
	const (
		frozen  = "The ferry fares will stay frozen until the autumn timetable begins."
		licence = "The ferry company will lose its harbour licence if the crossings stop again."
	)
	x := Quote("t1", frozen+" "+licence, "Petra Langholm")
	y := Quote("t2", frozen+" "+licence, "Petra Langholm")
	f := Quote("t3", "the ferry fares will stay frozen until the autumn timetable begins", "Petra Langholm")
	l := Quote("t4", "the ferry company will lose its harbour licence if the crossings stop again", "Petra Langholm")
	apply(t, s, Set(Article("t1", "harbor-times.example", 3), "1.0", x),
		Set(Article("t2", "valley-post.example", 4), "1.0", y),
		Set(Article("t3", "river-news.example", 5), "1.0", f),
		Set(Article("t4", "coast-daily.example", 6), "1.0", l))
	cf, cl := clusterOfClaim(t, s, f.ID), clusterOfClaim(t, s, l.ID)
	if cf.ID == cl.ID {
		t.Fatalf("the two statements share a cluster: %v", groups(t, s))
	}
	for _, c := range []contract.Claim{x, y} {
		if got, _ := memberOfClaim(t, s, c.ID, 1); got.ID != cf.ID {
			t.Fatalf("the first sentence of %s is in %s; want %s (%v)", c.ID, got.ID, cf.ID, groups(t, s))
		}
		if got, _ := memberOfClaim(t, s, c.ID, 2); got.ID != cl.ID {
			t.Fatalf("the second sentence of %s is in %s; want %s (%v)", c.ID, got.ID, cl.ID, groups(t, s))
		}
	}
	if len(cf.Members) != 3 || len(cl.Members) != 3 || len(cf.Outlets) != 3 {
		t.Fatalf("members %d and %d, outlets %d; want 3, 3, 3", len(cf.Members), len(cl.Members), len(cf.Outlets))
	}
}

// testSentencesStayApart: one outlet folds two statements into one sentence,
// which both sentences of another outlet's quotation fit; they are two
// assertions, so at most one of them joins it, and never both one cluster.
func testSentencesStayApart(t *testing.T, s store.Store) {
	folded := Quote("f1", "The ferry fares will stay frozen until the autumn timetable, and the ferry company will lose its harbour licence if crossings stop", "Petra Langholm")
	both := Quote("f2", "The ferry fares will stay frozen until the autumn timetable begins. The ferry company will lose its harbour licence if the crossings stop again.", "Petra Langholm")
	apply(t, s, Set(Article("f1", "harbor-times.example", 3), "1.0", folded),
		Set(Article("f2", "valley-post.example", 4), "1.0", both))
	c1, _ := memberOfClaim(t, s, both.ID, 1)
	c2, _ := memberOfClaim(t, s, both.ID, 2)
	if c1.ID == c2.ID {
		t.Fatalf("both sentences of one quotation joined %s: %v", c1.ID, groups(t, s))
	}
	if folded := clusterOfClaim(t, s, folded.ID).ID; folded != c1.ID && folded != c2.ID {
		t.Fatalf("neither sentence joined the folded wording: %v", groups(t, s))
	}
}

// testTwoReportedActs: an outlet's sentence reports two acts of one speaker
// ("… and announced …"); two other outlets each reported one. Each act joins
// its own, and the figure of the second does not follow the first.
func testTwoReportedActs(t *testing.T, s store.Store) {
	reported := func(articleID, text string, nums ...contract.Number) contract.Claim {
		return contract.Claim{ID: contract.ClaimID(articleID, "reported", 1, 1+len(text)), Kind: contract.KindReported, Text: text,
			Sentence: text, Speaker: &contract.Speaker{Name: "Petra Langholm", Type: contract.SpeakerPerson}, Numbers: nums, Confidence: 0.7}
	}
	fund := contract.Number{Value: contract.Figure(40000), Unit: "fund", Text: "40,000"}
	grief := reported("r1", "Langholm voiced her grief over the sinking of the island ferry")
	relief := reported("r2", "Langholm announced a fund of 40,000 for the families of the ferry crew", fund)
	both := reported("r3", "Langholm voiced grief over the sinking of the island ferry on Monday and announced a fund of 40,000 for the families of the crew", fund)
	apply(t, s, Set(Article("r1", "harbor-times.example", 3), "1.0", grief),
		Set(Article("r2", "valley-post.example", 4), "1.0", relief),
		Set(Article("r3", "river-news.example", 5), "1.0", both))
	cg, cr := clusterOfClaim(t, s, grief.ID), clusterOfClaim(t, s, relief.ID)
	if cg.ID == cr.ID {
		t.Fatalf("the two acts share a cluster: %v", groups(t, s))
	}
	c1, m1 := memberOfClaim(t, s, both.ID, 1)
	c2, m2 := memberOfClaim(t, s, both.ID, 2)
	if c1.ID != cg.ID || c2.ID != cr.ID {
		t.Fatalf("acts in %s (%q) and %s (%q); want %s and %s", c1.ID, m1.Text, c2.ID, m2.Text, cg.ID, cr.ID)
	}
	if len(m1.Numbers) != 0 || len(m2.Numbers) != 1 {
		t.Fatalf("numbers %v and %v; want none and the fund", m1.Numbers, m2.Numbers)
	}
}

// testClauseUnits: an outlet's sentence holds two statements joined by a
// comma or "and" — a second quotation, a consequence after "so", a second
// aim after a first infinitive, a relative clause — and two other outlets each print one of
// them. Each part of the sentence joins the outlet that printed it, and the
// two statements stay apart.
func testClauseUnits(t *testing.T, s store.Store) {
	reported := func(articleID, text, speaker string) contract.Claim {
		return contract.Claim{ID: contract.ClaimID(articleID, "reported", 1, 1+len(text)), Kind: contract.KindReported, Text: text,
			Sentence: text, Speaker: &contract.Speaker{Name: speaker, Type: contract.SpeakerPerson}, Confidence: 0.7}
	}
	for i, tc := range []struct {
		name        string
		first, then contract.Claim // printed apart by two outlets
		both        contract.Claim // one sentence holding both
	}{
		{"a second quotation",
			Quote("q1", "The shipping firms have enjoyed a free ride through this port for far too long", "Ilse Varnhagen"),
			Quote("q2", "A decade of neglect has left the old quay crumbling into the river", "Ilse Varnhagen"),
			reported("q3", `Varnhagen said the levy would end the “free ride” the shipping firms enjoyed through this port and a “decade of neglect” that has left the old quay crumbling into the river`, "Ilse Varnhagen")},
		{"a consequence",
			Quote("c1", "No sea wall on this coast could hold back a surge of that height", "Tomas Reyvik"),
			Quote("c2", "The lower town may have to be emptied before the night tide", "Tomas Reyvik"),
			Quote("c3", "No sea wall on this coast could hold back a surge of that height, so the lower town may have to be emptied before the night tide", "Tomas Reyvik")},
		{"a second aim",
			Quote("a1", "The whole inquiry was meant to silence the harbour workers", "Mirela Ostrand"),
			Quote("a2", "They wanted to break the dockers union and its savings for good", "Mirela Ostrand"),
			Quote("a3", "The whole inquiry was meant to silence the harbour workers, to break the dockers union and its savings for good", "Mirela Ostrand")},
		{"a relative clause",
			Quote("r1", "The harbour board sold the old dredger to a private yard", "Anneli Korsgaard"),
			Quote("r2", "The harbour bought that dredger with public money only last spring", "Anneli Korsgaard"),
			reported("r3", "Korsgaard said the harbour board sold the old dredger to a private yard, which the harbour had bought with public money only last spring", "Anneli Korsgaard")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			apply(t, s, Set(Article(tc.first.ID, "harbor-times.example", 3+3*i), "1.0", tc.first),
				Set(Article(tc.then.ID, "valley-post.example", 4+3*i), "1.0", tc.then),
				Set(Article(tc.both.ID, "river-news.example", 5+3*i), "1.0", tc.both))
			cf, ct := clusterOfClaim(t, s, tc.first.ID), clusterOfClaim(t, s, tc.then.ID)
			if cf.ID == ct.ID {
				t.Fatalf("the two statements share a cluster: %v", groups(t, s))
			}
			c1, m1 := memberOfClaim(t, s, tc.both.ID, 1)
			c2, m2 := memberOfClaim(t, s, tc.both.ID, 2)
			if c1.ID != cf.ID || c2.ID != ct.ID {
				t.Fatalf("parts in %s (%q) and %s (%q); want %s and %s (%v)", c1.ID, m1.Text, c2.ID, m2.Text, cf.ID, ct.ID, groups(t, s))
			}
		})
	}
}

// testOneWordFragment: an outlet quotes one word of a statement, another
// the whole statement, both crediting one speaker; a third credits the same
// word to someone else. The fragment joins its speaker's statement, the
// other speaker's word does not.
func testOneWordFragment(t *testing.T, s store.Store) {
	whole := Quote("o1", "In this winter of silence, the old harbour will be our lantern.", "Ilse Varnhagen")
	word := Quote("o2", "silence.", "Ilse Varnhagen")
	other := Quote("o3", "silence", "Tomas Reyvik")
	apply(t, s, Set(Article("o1", "harbor-times.example", 3), "1.0", whole),
		Set(Article("o2", "valley-post.example", 4), "1.0", word),
		Set(Article("o3", "river-news.example", 5), "1.0", other))
	cw := clusterOfClaim(t, s, whole.ID)
	if clusterOfClaim(t, s, word.ID).ID != cw.ID {
		t.Fatalf("the fragment did not join its statement: %v", groups(t, s))
	}
	if clusterOfClaim(t, s, other.ID).ID == cw.ID {
		t.Fatalf("another speaker's word joined the statement: %v", groups(t, s))
	}
}
