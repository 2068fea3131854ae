package group

import (
	"reflect"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// TestArticleItems: ArticleItems gives each claim the Item that NewItem
// and MarkOwn give it, as its encoding decodes (a store reads the same
// Item back from the database), and that encoding.
func TestArticleItems(t *testing.T) {
	person := &contract.Speaker{Name: "Oona Petrakis", Type: contract.SpeakerPerson}
	claims := []contract.Claim{
		{ID: "k1", Kind: contract.KindQuote, Text: "The tram depot will not close before the spring audit", Speaker: person},
		{ID: "k2", Kind: contract.KindQuote, Text: "The tram depot keeps its night shift until the audit", Speaker: person},
		{ID: "k3", Kind: contract.KindStatistic, Text: "Ridership fell 14 percent in Corvale last year",
			Numbers: []contract.Number{{Value: ptr(14), Unit: "percent", Text: "14 percent"}}},
		{ID: "k4", Kind: contract.KindReported, Text: "the union said the depot was “not for sale”",
			Speaker: &contract.Speaker{Name: "Depot workers' union", Type: contract.SpeakerOrganization}},
	}
	for _, skip := range [][]bool{nil, {false, true, false, false}} {
		items, feats := ArticleItems("art", claims, skip)
		want := make([]Item, len(claims))
		for i, c := range claims {
			want[i] = NewItem("art", c)
		}
		MarkOwn(want, skip)
		for i := range want {
			enc := EncodeFeatures(nil, &want[i])
			if string(feats[i]) != string(enc) {
				t.Errorf("skip %v, claim %s: encoding differs from NewItem's", skip, claims[i].ID)
			}
			d, err := DecodeFeatures(want[i].ID, want[i].ArticleID, want[i].Kind, want[i].SpeakerKey, want[i].SpeakerType, want[i].Text, enc)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(items[i], d) {
				t.Errorf("skip %v, claim %s: item\n%+v\nwant\n%+v", skip, claims[i].ID, items[i], d)
			}
		}
	}
}
