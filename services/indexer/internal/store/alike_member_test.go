package store

import (
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// TestAlikeMemberSkipsFragments: a claim alone in its cluster moves to a
// cluster whose member it is alike (alikeMember), but not when that member
// is a quotation of a word or two, which is alike whatever prints it.
func TestAlikeMemberSkipsFragments(t *testing.T) {
	q := func(id, text string) *group.Item {
		it := group.NewItem("art-"+id, contract.Claim{ID: id, Kind: contract.KindQuote, Text: text,
			Speaker: &contract.Speaker{Name: "Mirela Oduya", Type: contract.SpeakerPerson}})
		return &it
	}
	lone := q("l", "they showed that courage is catching")
	frag := q("f", "courage")
	if s := group.Score(lone, frag); s < minLoneAlike {
		t.Fatalf("the claim scores %.2f with the fragment: the case proves nothing", s)
	}
	withFrag := &group.Candidate{ID: "x", Rep: q("a", "Voters picked courage over fear and over cash"), Size: 2,
		Members: []*group.Item{frag, q("a2", "Voters picked courage over fear and over cash")}}
	if b := alikeMember(lone, []*group.Candidate{withFrag}); b != -1 {
		t.Errorf("alikeMember = %d through a fragment; want -1", b)
	}
	// A wording alike it vouches as before.
	withWording := &group.Candidate{ID: "y", Rep: withFrag.Rep, Size: 2,
		Members: []*group.Item{q("w", "they showed us that courage is catching"), withFrag.Members[1]}}
	if b := alikeMember(lone, []*group.Candidate{withFrag, withWording}); b != 1 {
		t.Errorf("alikeMember = %d; want 1 (the cluster with a wording alike it)", b)
	}
}
