package store

import (
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// TestPreparedRepSpeakerKey: the speaker key prepare makes for a claim's
// cluster row is the one repSpeakerKey folds from the name as stored,
// whatever the speaker's type and however the name was cleaned.
func TestPreparedRepSpeakerKey(t *testing.T) {
	speakers := []*contract.Speaker{
		{Name: "Rosalind Achébe", Type: contract.SpeakerPerson},
		{Name: "O'Brien’s office", Type: contract.SpeakerOrganization},
		{Name: "someone", Type: contract.SpeakerUnknown},
		{Name: "Ana Lima", Type: ""},
		{Name: "Bad\xffName\x00 Vell", Type: contract.SpeakerPerson},
		{Name: "", Key: "ana lima", Type: contract.SpeakerPerson},
		nil,
	}
	cs := contract.ClaimSet{Schema: contract.Schema, Article: contract.Article{ID: "rk1", Outlet: "bay-gazette.example", Text: "The tunnel stays shut."}}
	for i, sp := range speakers {
		cs.Claims = append(cs.Claims, contract.Claim{ID: "rk1-" + string(rune('a'+i)), Kind: contract.KindQuote,
			Text: "The tunnel under the bay stays shut until the spring floods pass", Speaker: sp})
	}
	p, err := prepare(&cs, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range p.members {
		want := ""
		if m.speakerType != "" {
			want = contract.SpeakerKey(m.speaker)
		}
		if m.speakerKey != want && !(m.speakerKey == "" && repSpeakerKey(m) == want) {
			t.Errorf("claim %d (%+v): prepared key %q; want %q", i, speakers[i], m.speakerKey, want)
		}
		if got := repSpeakerKey(m); got != want {
			t.Errorf("claim %d: repSpeakerKey = %q; want %q", i, got, want)
		}
	}
}
