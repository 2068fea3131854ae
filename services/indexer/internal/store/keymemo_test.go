package store

import (
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

// keyed answers as folding the key again does, asked once or twice.
func TestKeyMemo(t *testing.T) {
	for _, key := range []string{"", "orla quenby", "quenby", "x", "—", "dr orla quenby", "  "} {
		want := contract.SpeakerKey(key) != ""
		for range 2 {
			if got := keyed.has(key); got != want {
				t.Errorf("keyed.has(%q) = %v, want %v", key, got, want)
			}
		}
	}
}
