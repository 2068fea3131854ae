package storetest

import (
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// testOwnTerms: two wordings of one speaker's remark by two desks may share
// no more than two words (group.MarkOwn). They join when each of them is
// the only claim of the speaker in its article to print both words; two
// words that the speaker's other claims in the article print too are the
// story's topic, and two statements that share only those stay apart. So
// does a wording that is its speaker's only claim in its article: nothing
// tells its topic words from what it says.
func testOwnTerms(t *testing.T, open Opener) {
	const speaker = "Lena Ortiz"
	hid := Quote("o1", "The harbour board hid the ferry contract from the public for a year", speaker)
	collapsed := Quote("o1", "The case against the ferry contract collapsed in court", speaker)
	kept := Quote("o2", "The board kept the ferry deal secret from everyone", speaker)
	crumbled := Quote("o2", "The whole thing crumbled in court", speaker)
	tornUp := Quote("o2", "The ferry contract must be torn up before summer", speaker)
	for _, tc := range []struct {
		name          string
		first, second []contract.Claim
		// b must end in a's cluster (together), or in none of first's.
		a, b     contract.Claim
		together bool
	}{
		{"two words each article prints in that claim only", []contract.Claim{hid, collapsed}, []contract.Claim{kept, crumbled}, collapsed, crumbled, true},
		{"two topic words of the speaker's claims", []contract.Claim{hid, collapsed}, []contract.Claim{tornUp, crumbled}, hid, tornUp, false},
		{"the speaker's only claim in its article", []contract.Claim{hid, collapsed}, []contract.Claim{crumbled}, collapsed, crumbled, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			apply(t, s, Set(Article("o1", "harbor-times.example", 3), "1.0", tc.first...),
				Set(Article("o2", "valley-post.example", 4), "1.0", tc.second...))
			cb := clusterOfClaim(t, s, tc.b.ID).ID
			if tc.together {
				if ca := clusterOfClaim(t, s, tc.a.ID).ID; ca != cb {
					t.Fatalf("%q and %q in clusters %s and %s; want one", tc.a.Text, tc.b.Text, ca, cb)
				}
				return
			}
			for _, c := range tc.first {
				if clusterOfClaim(t, s, c.ID).ID == cb {
					t.Fatalf("%q joined %q; want it apart", tc.b.Text, c.Text)
				}
			}
		})
	}
}
