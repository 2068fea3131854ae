package fingerprint

import (
	"slices"
	"strings"
	"testing"
)

// A wire story written for this test, and what outlets do with it.
const story = `The harbour authority closed the northern port on Tuesday after a cargo ship ran aground on a sandbank
near the breakwater, leaving twelve vessels stranded at anchor outside the channel. Divers found no damage to the
hull, the authority said in a statement, but the tide will not be high enough to refloat the ship until Thursday.
Fishermen who depend on the port said they had lost two days of work already and feared a third. The ship, carrying
timber from the south, had been waiting for a pilot when the wind turned and pushed it across the channel. A spokesman
for the shipping line said the crew of fourteen was safe and that the cargo would be moved to barges if the refloating
failed. The port last closed for a week four winters ago, when a storm tore down part of the breakwater and the repairs
took longer than the engineers had promised the town council.`

func TestNearCopies(t *testing.T) {
	orig := Of("NORTH HAVEN (Wire) — " + story)
	for _, tc := range []struct {
		name string
		body string
		copy bool
	}{
		{"the same copy under another dateline", "By Staff Writer\n\n" + story, true},
		{"a copy cut short", story[:len(story)*2/3], true},
		{"a copy with a line of the outlet's own", story + "\nRead more on our coastal news page.", true},
		{"an independent report of the event", `A cargo ship stuck on a sandbank has shut the northern port since Tuesday. Twelve boats
		are waiting outside the channel, and the town's fishermen say every day without work costs them dearly. The harbour
		authority expects to free the vessel at Thursday's high tide; its divers reported the hull intact. The timber carrier
		drifted across the channel in a sudden wind while it waited for a pilot, according to the shipping line, whose
		spokesman said all fourteen sailors were unhurt. Four winters ago a storm closed the port for a week.`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Of(tc.body)
			sim := orig.Similarity(p)
			if got := sim >= Near; got != tc.copy {
				t.Fatalf("similarity %.2f; copy = %v, want %v", sim, got, tc.copy)
			}
			if tc.copy && !sharesBand(orig, p) {
				t.Fatalf("copies share no band: they would never be compared")
			}
		})
	}
}

func sharesBand(a, b Print) bool {
	bb := b.Bands()
	for _, x := range a.Bands() {
		if slices.Contains(bb, x) {
			return true
		}
	}
	return false
}

func TestShortBodyHasNoPrint(t *testing.T) {
	if p := Of("Ferry services resume after the storm."); p != nil {
		t.Fatalf("a brief got a print: %v", p)
	}
}

func TestStringRoundTrip(t *testing.T) {
	p := Of(story)
	if q := Parse(p.String()); !slices.Equal(p, q) {
		t.Fatalf("Parse(String()) = %v, want %v", q, p)
	}
	if Parse("zz") != nil || Parse(strings.Repeat("00", 8)) != nil {
		t.Fatal("a malformed print parsed")
	}
}
