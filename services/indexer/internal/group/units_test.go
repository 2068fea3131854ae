package group

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
)

func TestUnits(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
		kind       string // quote when ""
	}{
		{"one sentence", "The pier will reopen in May.", []string{"The pier will reopen in May."}, ""},
		{"two sentences", "The pier will reopen in May. The ferry will run every hour from then on.",
			[]string{"The pier will reopen in May.", "The ferry will run every hour from then on."}, ""},
		{"abbreviations and initials", "Gov. Hale met J. Okafor on Jan. 9 and paid Rs. 40 lakh to the port.",
			[]string{"Gov. Hale met J. Okafor on Jan. 9 and paid Rs. 40 lakh to the port."}, ""},
		{"speaker tag between quoted sentences", "No wall on this coast can stop a storm like this,” the minister said. “What matters now is how fast we rebuild.",
			[]string{"No wall on this coast can stop a storm like this,” the minister said.", "“What matters now is how fast we rebuild."}, ""},
		{"short sentence after a lead-in stays with it", "I have two words for the board. Pay them.",
			[]string{"I have two words for the board. Pay them."}, ""},
		{"short first sentence stays with the next", "Not again. The harbour board has failed every family on the coast.",
			[]string{"Not again. The harbour board has failed every family on the coast."}, ""},
		{"short tail stays with its sentence", "The harbour board has failed every family on the coast. A disgrace.",
			[]string{"The harbour board has failed every family on the coast. A disgrace."}, ""},
		{"a second reported act", "the mayor voiced grief over the ferry sinking and announced a fund for the families of the crew",
			[]string{"the mayor voiced grief over the ferry sinking", "announced a fund for the families of the crew"}, contract.KindReported},
		{"a second act inside a quotation", "I voiced my grief over the ferry sinking and announced a fund for the families of the crew",
			[]string{"I voiced my grief over the ferry sinking", "announced a fund for the families of the crew"}, ""},
		{"a short second act stays", "the mayor spoke to the families of the crew and promised them help",
			[]string{"the mayor spoke to the families of the crew and promised them help"}, contract.KindReported},
		{"a second statement after a dash", "The new timetable was drawn up in a hurry — half the ferries will sail nearly empty.",
			[]string{"The new timetable was drawn up in a hurry", "half the ferries will sail nearly empty."}, ""},
		{"a dashed aside stays", "The new quay — built by the Velmora crews last winter — will carry the ferries from June.",
			[]string{"The new quay — built by the Velmora crews last winter — will carry the ferries from June."}, ""},
		{"a short tail after a dash stays", "The board lied to every family on this coast — shameful.",
			[]string{"The board lied to every family on this coast — shameful."}, ""},
		{"a year range is no dash", "The port lost money in every season of 2019–2020 and the next one too",
			[]string{"The port lost money in every season of 2019–2020 and the next one too"}, ""},
		{"a new clause after a semicolon", "The harbour fund will pay for the new cranes; the town will cover the repairs to the pier",
			[]string{"The harbour fund will pay for the new cranes", "the town will cover the repairs to the pier"}, contract.KindReported},
		{"a second act after a quotation's first", "The wardens painted the lighthouse in early March and repaired the breakwater before the storms",
			[]string{"The wardens painted the lighthouse in early March", "repaired the breakwater before the storms"}, ""},
		{"a verb ending in eed is no second act", "The wardens of the harbour and the crews of the ferries and need more boats for the winter",
			[]string{"The wardens of the harbour and the crews of the ferries and need more boats for the winter"}, ""},
		{"a connector inside the verb is not the cut", "The wardens closed the old harbour gate last week and demanded a new one from the board",
			[]string{"The wardens closed the old harbour gate last week", "demanded a new one from the board"}, ""},
		{"two sums for two groups", "a grant of $400 for every farm the river flooded and $150 for every shop on the quay",
			[]string{"a grant of $400 for every farm the river flooded", "$150 for every shop on the quay"}, contract.KindReported},
		{"one sum stays whole", "a grant of €400 for every farm the river flooded and its owners",
			[]string{"a grant of €400 for every farm the river flooded and its owners"}, contract.KindReported},
		{"a second quotation after and", `the mayor said the levy would end the “free ride of the shipping firms” and a “decade of neglect” that left the quay crumbling`,
			[]string{"the mayor said the levy would end the “free ride of the shipping firms”", "a “decade of neglect” that left the quay crumbling"}, contract.KindReported},
		{"and before a first quotation stays", `the mayor said the levy would fall on the shipping firms and a “decade of neglect” would end`,
			[]string{"the mayor said the levy would fall on the shipping firms and a “decade of neglect” would end"}, contract.KindReported},
		{"a consequence after so", "No sea wall on this coast could hold back a surge like that, so the lower town may have to be emptied",
			[]string{"No sea wall on this coast could hold back a surge like that", "so the lower town may have to be emptied"}, ""},
		{"so that stays", "We will open the old granary to every family, so that nobody sleeps outside tonight",
			[]string{"We will open the old granary to every family, so that nobody sleeps outside tonight"}, ""},
		{"a second aim after a comma", "The whole inquiry was meant to silence the harbour workers, to break their union for good",
			[]string{"The whole inquiry was meant to silence the harbour workers", "to break their union for good"}, ""},
		{"one aim after a comma stays", "The wardens walked the whole shore at dawn, to count the stranded seals",
			[]string{"The wardens walked the whole shore at dawn, to count the stranded seals"}, ""},
		{"a relative clause with a verb of its own", "the wardens said the board sold the old dredger, which the harbour had bought with public money",
			[]string{"the wardens said the board sold the old dredger", "which the harbour had bought with public money"}, contract.KindReported},
		{"a short relative clause stays", "The board sold the old dredger to the Velmora yard, which was a mistake",
			[]string{"The board sold the old dredger to the Velmora yard, which was a mistake"}, ""},
		{"no capital after the stop", "the fares rose by 2.5 per cent. and then fell", []string{"the fares rose by 2.5 per cent. and then fell"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			kind := tc.kind
			if kind == "" {
				kind = contract.KindQuote
			}
			for _, u := range Units(kind, tc.text) {
				if tc.text[u.Start:u.End] != u.Text {
					t.Fatalf("unit %q is not text[%d:%d]", u.Text, u.Start, u.End)
				}
				got = append(got, u.Text)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("Units = %q; want %q", got, tc.want)
			}
		})
	}
}

// TestCutLiterals: innerCuts and Units skip an expression on a sentence
// without the literal it needs; every match of the expression must hold
// that literal, or a cut would be lost on the sentences skipped.
func TestCutLiterals(t *testing.T) {
	texts := []string{
		"the crane toppled — the quay stays shut until spring",
		"the crane toppled – the quay stays shut", "the crane toppled -- the quay stays shut", "the crane toppled - shut",
		"the crane toppled; the quay stays shut",
		"she paid $400 for every boat and $150 for every shed", "he asked for “calm” and a “quick inquiry” today",
		"no wall can hold it, so the coast road will close", "the board sold the dredger, which it had bought",
		"his plan was to silence me, to ruin my name", "she mended the sea wall and then opened the old pier",
		"the pilot warned of ice but also praised the crew", "the mayor spoke while also thanking the divers",
		"the mayor wept but announced a fund", "no cut at all in this plain sentence",
	}
	for _, tc := range []struct {
		name string
		re   *regexp.Regexp
		may  func(string) bool
	}{
		{"clause break", clauseBreakRE, func(s string) bool { return strings.ContainsAny(s, ";-\u2013\u2014") }},
		{"sum and", sumAndRE, func(s string) bool { return strings.Contains(s, "and") }},
		{"second quote", secondQuoteRE, func(s string) bool { return strings.Contains(s, "and") }},
		{"second act", secondActRE, func(s string) bool { return strings.Contains(s, "and") }},
		{"consequence", consequenceRE, func(s string) bool { return strings.Contains(s, ",") }},
		{"relative", relativeRE, func(s string) bool { return strings.Contains(s, ",") }},
		{"purpose", purposeRE, func(s string) bool { return strings.Contains(s, ",") }},
		{"coordinated", coordinatedRE, mayCoordinate},
	} {
		t.Run(tc.name, func(t *testing.T) {
			matched := 0
			for _, s := range texts {
				for _, m := range tc.re.FindAllStringIndex(s, -1) {
					matched++
					if !tc.may(s[m[0]:m[1]]) {
						t.Errorf("%q matches %q, which lacks the literal its guard needs", s, s[m[0]:m[1]])
					}
				}
			}
			if matched == 0 {
				t.Errorf("no text matches: the case checks nothing")
			}
		})
	}
}
