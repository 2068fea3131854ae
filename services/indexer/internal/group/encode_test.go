package group

import (
	"errors"
	"reflect"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// TestFeaturesRoundTrip: decoding a claim's encoded features gives the Item
// NewItem builds, field for field (a field added to Item and not encoded
// fails here).
func TestFeaturesRoundTrip(t *testing.T) {
	v := 17.0
	claims := append(append([]contract.Claim{}, featureProbes...),
		contract.Claim{ID: "e", Kind: contract.KindQuote, Text: ""},
		contract.Claim{ID: "n", Kind: contract.KindStatistic, Text: "seventeen boats sank, 17 in all",
			Numbers: []contract.Number{{Value: &v, Unit: "boats", Text: "17"}, {Text: "dozens"}}},
		contract.Claim{ID: "q", Kind: contract.KindReported, Text: `the mayor called it "a disgrace" and “a waste of money”`,
			Speaker: &contract.Speaker{Name: "Odile Brank", Type: contract.SpeakerPerson}},
	)
	for _, c := range claims {
		t.Run(c.ID, func(t *testing.T) {
			want := NewItem("art", c)
			b := EncodeFeatures(nil, &want)
			got, err := DecodeFeatures(want.ID, want.ArticleID, want.Kind, want.SpeakerKey, want.SpeakerType, want.Text, b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("decoded\n%#v\nwant\n%#v", got, want)
			}
		})
	}
}

func TestDecodeFeaturesRefuses(t *testing.T) {
	it := NewItem("art", featureProbes[0])
	good := EncodeFeatures(nil, &it)
	otherStamp := append([]byte{}, good...)
	otherStamp[0] ^= 0xff
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"other stamp", otherStamp},
		{"truncated", good[:len(good)-3]},
		{"trailing", append(append([]byte{}, good...), 1)},
		{"stamp only", good[:stampLen]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := DecodeFeatures(it.ID, it.ArticleID, it.Kind, it.SpeakerKey, it.SpeakerType, it.Text, tc.b); !errors.Is(err, ErrStaleFeatures) {
				t.Errorf("DecodeFeatures = %v; want ErrStaleFeatures", err)
			}
		})
	}
}
