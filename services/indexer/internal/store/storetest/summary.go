package storetest

import (
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// testSummaryNoChain: an outlet's long reported summary may state two of a
// speaker's statements in one sentence ("accused A of this and of that").
// A quotation of one of them that joins it stands for the cluster in its
// place; a reported wording that joins leaves the summary standing, and
// then a claim that shares nothing with any member but the summary states
// the summary's other part. Either way that claim founds its own cluster
// rather than chaining the two statements together, while a wording that
// shares words with the member as well still joins.
func testSummaryNoChain(t *testing.T, open Opener) {
	const speaker = "Tomas Reyker"
	reported := func(articleID, text string) contract.Claim {
		return contract.Claim{ID: contract.ClaimID(articleID, "reported", 1, len(text)), Kind: contract.KindReported,
			Text: text, Sentence: text, Speaker: &contract.Speaker{Name: speaker, Type: contract.SpeakerPerson}, Confidence: 0.8}
	}
	summary := reported("m1", "accused the harbour director and certain customs inspectors of hiding the cargo manifests and of selling seized diesel to private traders through a shell company")
	hidQuote := Quote("m2", "The harbour director and the customs inspectors hid the cargo manifests", speaker)
	hidReport := reported("m2", "said the harbour director and customs inspectors had hidden the cargo manifests")
	sold := Quote("m3", "They sold the seized diesel to private traders through a shell company", speaker)
	hidAgain := Quote("m3", "The customs inspectors and the harbour director kept the cargo manifests hidden", speaker)
	for _, tc := range []struct {
		name     string
		member   contract.Claim // joins the summary first
		rep      string         // the cluster's text after member joined
		claim    contract.Claim
		together bool // claim with member and the summary
	}{
		{"a quoted part, then the other statement", hidQuote, hidQuote.Text, sold, false},
		{"a quoted part, then its rewording", hidQuote, hidQuote.Text, hidAgain, true},
		{"a reported part, then the other statement", hidReport, summary.Text, sold, false},
		{"a reported part, then its rewording", hidReport, summary.Text, hidAgain, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			apply(t, s, Set(Article("m1", "harbor-times.example", 3), "1.0", summary),
				Set(Article("m2", "valley-post.example", 4), "1.0", tc.member))
			cl := clusterOfClaim(t, s, tc.member.ID)
			if clusterOfClaim(t, s, summary.ID).ID != cl.ID {
				t.Fatalf("%q did not join the summary", tc.member.Text)
			}
			if cl.Text != tc.rep {
				t.Fatalf("cluster text %q, want %q", cl.Text, tc.rep)
			}
			apply(t, s, Set(Article("m3", "river-daily.example", 5), "1.0", tc.claim))
			if got := clusterOfClaim(t, s, tc.claim.ID).ID; (got == cl.ID) != tc.together {
				t.Fatalf("%q in cluster %s, summary's %s; together = %v wanted", tc.claim.Text, got, cl.ID, tc.together)
			}
		})
	}
}
