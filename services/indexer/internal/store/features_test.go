package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store/storetest"
)

// TestStoredFeatures: every stored claim carries its grouping features, and
// a candidate read back from them is the Item that tokenising its text again
// gives (a quote, a speakerless figure, a body's claim, a claim whose
// speaker is unknown), applied alone or in a group commit.
func TestStoredFeatures(t *testing.T) {
	unknown := storetest.Quote("f2", "Nobody could say when the tunnel under the bay reopens", "someone")
	unknown.Speaker.Type = contract.SpeakerUnknown
	body := storetest.Quote("f2", "The port authority will not renew the dredging contract", "Port Authority of Vell")
	body.Speaker.Type = contract.SpeakerOrganization
	sets := []contract.ClaimSet{
		storetest.Set(storetest.Article("f1", "bay-gazette.example", 4), "1.0",
			storetest.Quote("f1", "We won't reopen the tunnel “before the spring floods”, and nobody should expect it", "Rosalind Achebe"),
			storetest.Stat("f1", "the storm left 37 people dead in Kestrel Bay", 37, "people killed")),
		storetest.Set(storetest.Article("f2", "coast-daily.example", 5), "1.0", unknown, body),
	}
	for name, open := range backends() {
		t.Run(name, func(t *testing.T) {
			s := open(t)
			if _, err := s.Apply(context.Background(), sets[0]); err != nil {
				t.Fatal(err)
			}
			if err := s.ApplyInOneBatch(sets[1]); err != nil {
				t.Fatal(err)
			}
			for _, cs := range sets {
				has, decoded, derived, err := s.StoredFeatures(cs.Article.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(has) != len(cs.Claims) {
					t.Fatalf("%s: %d claims read back, want %d", cs.Article.ID, len(has), len(cs.Claims))
				}
				for i := range has {
					if !has[i] {
						t.Errorf("%s claim %d: no stored features", cs.Article.ID, i)
					}
					if !reflect.DeepEqual(decoded[i], derived[i]) {
						t.Errorf("%s claim %d: decoded features\n%#v\nwant (from its text)\n%#v", cs.Article.ID, i, decoded[i], derived[i])
					}
				}
			}
		})
	}
}
