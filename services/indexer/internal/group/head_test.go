package group

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// The fields derive computes stand in for string comparisons: Score must
// say what it said when it read the strings. These tests compare each with
// the reading it replaces on many random pairs.

// randomKeys are speaker keys that meet in every way speakers tells apart:
// one key, a title or first name more, a surname alone, another person of
// that surname, a descriptor within a longer one.
func randomKeys(r *rand.Rand, n int) []*Item {
	firsts := []string{"ilse", "bo", "tamsin", "oren", "dr", "senator", "mayor"}
	lasts := []string{"varga", "okoro", "lund", "pike", "brenner"}
	bodies := []string{"officials", "police", "ministry", "river", "authority", "port"}
	types := []string{contract.SpeakerPerson, "", contract.SpeakerOrganization, "unnamed"}
	out := make([]*Item, n)
	for i := range out {
		var ws []string
		typ := types[r.IntN(len(types))]
		if typ == contract.SpeakerPerson || typ == "" {
			for range r.IntN(3) {
				ws = append(ws, firsts[r.IntN(len(firsts))])
			}
			ws = append(ws, lasts[r.IntN(len(lasts))])
		} else {
			for range 1 + r.IntN(3) {
				ws = append(ws, bodies[r.IntN(len(bodies))])
			}
		}
		key := strings.Join(ws, " ")
		if r.IntN(8) == 0 {
			key = ""
		}
		it := &Item{ID: fmt.Sprint(i), SpeakerKey: key, SpeakerType: typ}
		it.derive()
		out[i] = it
	}
	return out
}

func TestSpeakersHeadAgreesWithKeys(t *testing.T) {
	items := randomKeys(rand.New(rand.NewPCG(3, 4)), 400)
	same := 0
	for _, a := range items {
		for _, b := range items {
			got, want := speakers(a, b), speakersOfKeys(a, b)
			if got != want {
				t.Fatalf("speakers(%q %q, %q %q) = %d; from the keys %d", a.SpeakerKey, a.SpeakerType, b.SpeakerKey, b.SpeakerType, got, want)
			}
			if got == speakerSame && a.SpeakerKey != b.SpeakerKey {
				same++
			}
		}
	}
	if same == 0 {
		t.Fatal("no pair of two keys for one speaker: the test exercises nothing")
	}
}

// TestSpeakersKeySetAfterDerive: a key set after NewItem (a store that keeps
// its own key) is read, not the head derived from the old one.
func TestSpeakersKeySetAfterDerive(t *testing.T) {
	a := item("1", "a", contract.KindQuote, "Ilse Varga", "the river port will reopen in the spring")
	b := item("2", "b", contract.KindQuote, "Bo Okoro", "the river port will reopen in the spring")
	if got := speakers(a, b); got != speakerOther {
		t.Fatalf("speakers = %d before; want speakerOther", got)
	}
	b.SpeakerKey = strings.Clone(a.SpeakerKey)
	if got := speakers(a, b); got != speakerSame {
		t.Fatalf("speakers = %d after the key was set; want speakerSame", got)
	}
}

// TestSharedTermsAgreesWithStrings: the packed term hashes give the count
// and weight of shared terms that the sorted term strings give, and the
// signature says no only when no term is shared.
func TestSharedTermsAgreesWithStrings(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	words := strings.Fields("Ilse Varga port river 12 400 ferry toll budget vote winter Lund closed opened crane dock tax fund 7 school")
	var items []*Item
	for i := range 300 {
		var ws []string
		for range 2 + r.IntN(14) {
			ws = append(ws, words[r.IntN(len(words))])
		}
		items = append(items, item(fmt.Sprint(i), "a", contract.KindQuote, "", "and "+strings.Join(ws, " ")))
	}
	for _, a := range items {
		for _, b := range items {
			wantN, wantW := 0, 0.0
			for i, t := range a.terms {
				if j, ok := slices.BinarySearch(b.terms, t); ok {
					wantN++
					wantW += max(a.weights[i], b.weights[j])
				}
			}
			n, w := sharedTerms(a.termIDs, b.termIDs)
			if n != wantN || w != wantW {
				t.Fatalf("sharedTerms(%q, %q) = %d, %v; the strings give %d, %v", a.Text, b.Text, n, w, wantN, wantW)
			}
			if n > 0 && !a.sig.meets(&b.sig) {
				t.Fatalf("signatures of %q and %q share no bit, but %d terms", a.Text, b.Text, n)
			}
		}
	}
}
