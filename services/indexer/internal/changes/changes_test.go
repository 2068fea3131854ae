package changes

import (
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

func claim(id, kind, text, speaker string, start, end int) contract.Claim {
	c := contract.Claim{ID: id, Kind: kind, Text: text, Start: start, End: end, Rule: "rule-" + id}
	if speaker != "" {
		c.Speaker = &contract.Speaker{Name: speaker, Type: contract.SpeakerPerson}
	}
	return c
}

func TestCompare(t *testing.T) {
	const q, r, s = contract.KindQuote, contract.KindReported, contract.KindStatistic
	base := []contract.Claim{
		claim("a", q, "The bridge will reopen before the winter storms arrive", "Marta Olsen", 0, 60),
		claim("b", r, "the ferry service lost money for three years", "Harbour Board", 100, 150),
		claim("c", s, "More than 40 boats were damaged", "", 200, 232),
	}
	for _, tc := range []struct {
		name      string
		new       []contract.Claim
		sameText  bool
		want      Counts
		wantRules []string // rule of each change, in order
	}{
		{"identical", base, true, Counts{Unchanged: 3}, nil},
		{"speaker changed", []contract.Claim{
			claim("a2", q, "The bridge will reopen before the winter storms arrive", "Piet Janssen", 0, 60), base[1], base[2],
		}, true, Counts{Reattributed: 1, Unchanged: 2}, []string{"rule-a2"}},
		{"spelling of the same speaker is no change", []contract.Claim{
			claim("a", q, "The bridge will reopen before the winter storms arrive", "marta olsen", 0, 60), base[1], base[2],
		}, true, Counts{Unchanged: 3}, nil},
		{"kind changed", []contract.Claim{
			base[0], claim("b", q, "the ferry service lost money for three years", "Harbour Board", 100, 150), base[2],
		}, true, Counts{Rekinded: 1, Unchanged: 2}, []string{"rule-b"}},
		{"reworded: a word trimmed", []contract.Claim{
			claim("a3", q, "The bridge will reopen before the winter storms", "Marta Olsen", 0, 52), base[1], base[2],
		}, false, Counts{Reworded: 1, Unchanged: 2}, []string{"rule-a3"}},
		{"reworded and re-kinded at once", []contract.Claim{
			base[0], claim("b4", q, "The ferry service lost money", "Harbour Board", 100, 130), base[2],
		}, true, Counts{Rekinded: 1, Reworded: 1, Unchanged: 2}, []string{"rule-b4"}},
		{"added and removed", []contract.Claim{
			base[0], base[1], claim("d", q, "We will rebuild the pier in spring", "Marta Olsen", 300, 334),
		}, true, Counts{Added: 1, Removed: 1, Unchanged: 2}, []string{"rule-d", "rule-c"}},
		{"unrelated claim in the same place is not a rewording without the same text", []contract.Claim{
			base[0], base[1], claim("e", s, "Nine ferries were sold abroad", "", 200, 229),
		}, false, Counts{Added: 1, Removed: 1, Unchanged: 2}, []string{"rule-e", "rule-c"}},
		{"same span in the same text pairs a rewording", []contract.Claim{
			base[0], base[1], claim("e", s, "More than 40 boats", "", 200, 232),
		}, true, Counts{Reworded: 1, Unchanged: 2}, []string{"rule-e"}},
		{"everything removed", nil, true, Counts{Removed: 3}, []string{"rule-a", "rule-b", "rule-c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, unchanged := Compare(base, tc.new, tc.sameText)
			if got := Count(cs, unchanged); got != tc.want {
				t.Errorf("counts %+v, want %+v", got, tc.want)
			}
			if len(cs) != len(tc.wantRules) {
				t.Fatalf("%d changes, want %d: %+v", len(cs), len(tc.wantRules), cs)
			}
			for i, c := range cs {
				if c.Rule != tc.wantRules[i] {
					t.Errorf("change %d: rule %q, want %q", i, c.Rule, tc.wantRules[i])
				}
				if (c.Old == nil) != (c.Change == Added) || (c.New == nil) != (c.Change == Removed) {
					t.Errorf("change %d (%s): sides old=%v new=%v", i, c.Change, c.Old != nil, c.New != nil)
				}
			}
		})
	}
}

// The old set is never modified, and every claim of both sets is accounted
// for exactly once.
func TestCompareAccountsForEveryClaim(t *testing.T) {
	old := []contract.Claim{
		claim("1", contract.KindQuote, "one two three four", "A B", 0, 10),
		claim("2", contract.KindQuote, "one two three four", "A B", 20, 30),
		claim("3", contract.KindReported, "five six seven", "C D", 40, 50),
	}
	new := []contract.Claim{
		claim("1", contract.KindQuote, "one two three four", "A B", 0, 10),
		claim("4", contract.KindQuote, "one two three four five", "A B", 20, 32),
	}
	cs, unchanged := Compare(old, new, true)
	n := Count(cs, unchanged)
	if n.Unchanged+n.Added+countChanged(cs) != len(new) {
		t.Errorf("new side: %+v over %d claims", n, len(new))
	}
	if n.Unchanged+n.Removed+countChanged(cs) != len(old) {
		t.Errorf("old side: %+v over %d claims", n, len(old))
	}
}

func countChanged(cs []Change) int {
	n := 0
	for _, c := range cs {
		if c.Change == Changed {
			n++
		}
	}
	return n
}
