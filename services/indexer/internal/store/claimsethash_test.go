package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
)

// TestClaimsetHashIsOfMarshal: the hash streamed through an encoder is the
// one of json.Marshal's bytes, which stored ClaimSets were hashed by (a
// different hash would take every redelivery for a new version of its
// article). Texts that end in a newline, escape HTML or hold invalid UTF-8
// are encoded alike by both.
func TestClaimsetHashIsOfMarshal(t *testing.T) {
	when := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	v := 12.5
	for name, cs := range map[string]contract.ClaimSet{
		"empty":                  {},
		"text ends in a newline": {Article: contract.Article{ID: "a1", Text: "The pier reopens.\n"}},
		"markup and quotes": {Article: contract.Article{ID: "a2", Outlet: "Gazette <b>&</b>", Published: &when,
			Text: "He said \"no\" <twice> & left\n\n"},
			Claims: []contract.Claim{{ID: "c1", Kind: contract.KindQuote, Text: "“We won't”\n",
				Speaker: &contract.Speaker{Name: "Ilse Varga", Type: contract.SpeakerPerson},
				Numbers: []contract.Number{{Value: &v, Unit: "percent", Text: "12.5%"}}}}},
		"invalid UTF-8": {Article: contract.Article{ID: "a3", Text: "bad \xff byte\n"}},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := json.Marshal(&cs)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(b)
			want := hex.EncodeToString(sum[:16])
			got, err := claimsetHash(&cs)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("claimsetHash = %s, of json.Marshal %s", got, want)
			}
		})
	}
}
