package numbers

import "testing"

func TestFind(t *testing.T) {
	type want struct {
		value float64
		qual  string
		unit  string
	}
	cases := []struct {
		name string
		text string
		want []want
	}{
		{"over, killed before", "The floods killed over 300 people in the valley.", []want{{300, "over", "people killed"}}},
		{"more than, dead", "The fighting left more than 90 dead.", []want{{90, "more than", "people killed"}}},
		{"bare count with death verb", "The blast, which killed 14 soldiers, was condemned.", []want{{14, "", "soldiers killed"}}},
		{"at least, injured after", "At least 12 people were injured.", []want{{12, "at least", "people injured"}}},
		{"dozens of", "Dozens of villagers were displaced.", []want{{24, "dozens", "villagers"}}},
		{"thousands separator", "Some 4,500 workers joined the strike.", []want{{4500, "some", "workers"}}},
		{"percent word", "Inflation reached about 7.2 percent last month.", []want{{7.2, "about", "%"}}},
		{"percent sign", "Turnout fell to 41% this year.", []want{{41, "", "%"}}},
		{"currency millions", "The fund holds $120 million in reserves.", []want{{120e6, "", "USD"}}},
		{"attached multiplier", "The firm lost $2.3bn last year.", []want{{2.3e9, "", "USD"}}},
		{"spelled with qualifier", "Nearly two hundred families fled.", []want{{200, "nearly", "families"}}},
		{"year is not a figure", "The treaty was signed in 1998 by both sides.", nil},
		{"date is not a figure", "Talks resumed on 28 March after a pause.", nil},
		{"model number is not a figure", "A JF-17 jet and an H-1B visa holder.", nil},
		{"number inside a name", "She spoke to Channel 4 News on Monday.", nil},
		{"spelled without context", "The two sides met again.", nil},
		{"hyphenated spelled number", "Thirty-two people were hurt in the crash.", []want{{32, "", "people injured"}}},
		{"currency word before", "Each family will get Rs. 3 lakh from the fund.", []want{{3e5, "", "INR"}}},
		{"people counted in words", "The jury convicted four men of fraud.", []want{{4, "", "men"}}},
		{"vague crowd", "She spoke to thousands of her supporters.", []want{{2000, "thousands", "supporters"}}},
		{"distance is a measurement", "The village lies 3.5 miles from the coast.", nil},
		{"lives as a verb", "Half of the population lives near the river.", nil},
		{"lives lost", "The blaze claimed 9 lives on Friday.", []want{{9, "", "lives killed"}}},
		{"a category is a label", "The gale became a Category 3 storm by dusk.", nil},
		{"a lower-case level is a label", "Rivers rose to level 4 warnings across the plain.", nil},
		{"a capitalised flight is a label", "Passengers on Flight 818 waited for hours.", nil},
		{"a label before a count keeps the count", "Phase 2 will house 300 families near the port.", []want{{300, "", "families"}}},
		{"a lower-case week before a count keeps it", "That week 300 workers joined the strike.", []want{{300, "", "workers"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Find(c.text, 0)
			if len(got) != len(c.want) {
				t.Fatalf("Find(%q) = %+v, want %d figures", c.text, got, len(c.want))
			}
			for i, w := range c.want {
				g := got[i]
				if g.Value != w.value || g.Qualifier != w.qual || g.Unit != w.unit {
					t.Errorf("figure %d = %v/%q/%q, want %v/%q/%q", i, g.Value, g.Qualifier, g.Unit, w.value, w.qual, w.unit)
				}
				if c.text[g.Start:g.End] != g.Text {
					t.Errorf("offsets %d:%d do not slice %q", g.Start, g.End, g.Text)
				}
			}
		})
	}
}

// TestMayStart: the words a sentence's figures can start with, so that a
// sentence without any is skipped — never one whose only figure is spelled.
func TestMayStart(t *testing.T) {
	cases := []struct {
		word string
		may  bool
	}{
		{"41", true}, {"$5", true}, {"forty", true}, {"dozens", true},
		{"forty-one", true}, {"ninety-nine", true},
		{"forty-odd", false}, {"well-known", false}, {"people", false}, {"", false},
	}
	for _, c := range cases {
		if got := MayStart(c.word); got != c.may {
			t.Errorf("MayStart(%q) = %v, want %v", c.word, got, c.may)
		}
	}
}
