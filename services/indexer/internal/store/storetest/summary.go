package storetest

import (
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// testSummaryNoChain: an outlet's long reported summary may state two of a
// speaker's statements in one sentence ("accused A of this and of that").
// Once another wording has joined it, a claim alike the summary alone,
// and alike none of its other members, states the other part of it: it
// founds its own cluster rather than chaining the two statements together.
// A wording alike a member as well still joins.
func testSummaryNoChain(t *testing.T, open Opener) {
	const speaker = "Tomas Reyker"
	summary := contract.Claim{ID: contract.ClaimID("m1", "reported", 1, 2), Kind: contract.KindReported,
		Text:    "accused the harbour director and certain customs inspectors of hiding the cargo manifests and of selling seized diesel to private traders through a shell company",
		Speaker: &contract.Speaker{Name: speaker, Type: contract.SpeakerPerson}, Confidence: 0.8}
	summary.Sentence = summary.Text
	hid := Quote("m2", "The harbour director and the customs inspectors hid the cargo manifests", speaker)
	sold := Quote("m3", "They sold the seized diesel to private traders through a shell company", speaker)
	hidAgain := Quote("m3", "The customs inspectors and the harbour director kept the cargo manifests hidden", speaker)
	for _, tc := range []struct {
		name     string
		claim    contract.Claim
		together bool // with hid and the summary
	}{
		{"the summary's other statement", sold, false},
		{"a wording of the member's statement", hidAgain, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			apply(t, s, Set(Article("m1", "harbor-times.example", 3), "1.0", summary),
				Set(Article("m2", "valley-post.example", 4), "1.0", hid))
			joined := clusterOfClaim(t, s, hid.ID).ID
			if clusterOfClaim(t, s, summary.ID).ID != joined {
				t.Fatalf("%q did not join the summary", hid.Text)
			}
			apply(t, s, Set(Article("m3", "river-daily.example", 5), "1.0", tc.claim))
			if got := clusterOfClaim(t, s, tc.claim.ID).ID; (got == joined) != tc.together {
				t.Fatalf("%q in cluster %s, summary's %s; together = %v wanted", tc.claim.Text, got, joined, tc.together)
			}
		})
	}
}
