package group

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claimwire/claimwire/pkg/contract"
)

func item(id, article, kind, speaker, text string, nums ...float64) *Item {
	c := contract.Claim{ID: id, Kind: kind, Text: text}
	if speaker != "" {
		c.Speaker = &contract.Speaker{Name: speaker, Type: contract.SpeakerPerson}
	}
	for _, v := range nums {
		c.Numbers = append(c.Numbers, contract.Number{Value: contract.Figure(v)})
	}
	it := NewItem(article, c)
	return &it
}

func TestPolarity(t *testing.T) {
	for _, tc := range []struct {
		text           string
		negated, plain []string
	}{
		{"we will not accept the verdict", []string{"admit"}, []string{"verdict"}}, // synonyms folded
		{"they didn't sign it", []string{"sign"}, nil},
		{"there is no evidence of fraud", []string{"evidenc"}, []string{"fraud"}},
		{"he has never paid the fine", []string{"pay"}, []string{"fin"}}, // irregular form to its base
		{"the talks failed", nil, []string{"fail", "talk"}},
		{"the mill failed to follow the rules", []string{"follow"}, []string{"mil", "norm"}}, // a verb of failing before its infinitive
		{"she was unable to pay the fine", []string{"pay"}, []string{"fin"}},
		{"the plan failed in the vote", nil, []string{"fail", "plan", "vot"}},
	} {
		neg, plain := Polarity(tc.text)
		if got := slices.Sorted(maps.Keys(neg)); !slices.Equal(got, tc.negated) {
			t.Errorf("Polarity(%q) negated = %v; want %v", tc.text, got, tc.negated)
		}
		if got := slices.Sorted(maps.Keys(plain)); !slices.Equal(got, tc.plain) {
			t.Errorf("Polarity(%q) plain = %v; want %v", tc.text, got, tc.plain)
		}
	}
}

func TestRelated(t *testing.T) {
	const full = "The harbour cranes were sold to a foreign buyer while the port workers were told nothing about it"
	cases := []struct {
		name string
		a, b *Item
		want bool
	}{
		{"identical", item("1", "A", "quote", "Ana Lima", full), item("2", "B", "quote", "Ana Lima", full), true},
		{"truncated", item("1", "A", "quote", "Ana Lima", full), item("2", "B", "quote", "Ana Lima", "The harbour cranes were sold to a foreign buyer"), true},
		{"modal drift", item("1", "A", "quote", "Ana Lima", "the port would reopen after the storm season"),
			item("2", "B", "quote", "Ana Lima", "the port will reopen after the storm season"), true},
		{"typo", item("1", "A", "quote", "Ana Lima", "we will not accept this puppet tribunal and its verdict"),
			item("2", "B", "quote", "Ana Lima", "we will not accept this upper tribunal and its verdict"), true},
		{"synonym verbs", item("1", "A", "reported", "Ana Lima", "the ministry admitted the contract was signed in secret"),
			item("2", "B", "reported", "Ana Lima", "the ministry acknowledged the contract had been signed in secret"), true},
		{"negation flipped", item("1", "A", "quote", "Ana Lima", "the government will not resign over the harbour contract"),
			item("2", "B", "quote", "Ana Lima", "the government will resign over the harbour contract"), false},
		{"negation flipped, unattributed copy", item("1", "A", "quote", "Ana Lima", "nobody in the ministry has read the flood report before the rains"),
			item("2", "B", "quote", "", "everybody in the ministry has read the flood report before the rains"), false},
		{"contraction", item("1", "A", "quote", "Ana Lima", "we will not accept this puppet tribunal and its verdict"),
			item("2", "B", "quote", "Ana Lima", "we won't accept this puppet tribunal and its verdict"), true},
		{"negated clause truncated away", item("1", "A", "quote", "Ana Lima", "the port reopens on monday and the fees will not rise"),
			item("2", "B", "quote", "Ana Lima", "the port reopens on monday"), true},
		{"other statement, same speaker", item("1", "A", "quote", "Ana Lima", full),
			item("2", "B", "quote", "Ana Lima", "Our budget for schools doubles next year"), false},
		{"same words, other speaker", item("1", "A", "quote", "Ana Lima", full), item("2", "B", "quote", "Rui Costa", full), false},
		{"same words, unattributed copy", item("1", "A", "quote", "Ana Lima", full), item("2", "B", "reported", "", full), true},
		{"short text, unattributed copy", item("1", "A", "quote", "Ana Lima", "cranes were sold"), item("2", "B", "quote", "", "cranes were sold"), false},
		{"same toll, other words", item("1", "A", "statistic", "", "the landslide killed at least 37 people", 37),
			item("2", "B", "statistic", "", "37 dead after the hillside gave way", 37), true},
		{"same number, other measure", item("1", "A", "statistic", "", "the landslide killed 37 people", 37),
			item("2", "B", "statistic", "", "prices rose 37 percent in the region", 37), false},
		{"other number", item("1", "A", "statistic", "", "the landslide killed 37 people", 37),
			item("2", "B", "statistic", "", "the landslide killed 73 people", 73), false},
		{"same article needs near identity", item("1", "A", "quote", "Ana Lima", full),
			item("2", "A", "quote", "Ana Lima", "The harbour cranes were sold, and port workers protested the foreign sale"), false},
		{"same article sub-span", item("1", "A", "reported", "Ana Lima", "she said the harbour cranes were sold to a foreign buyer"),
			item("2", "A", "quote", "Ana Lima", "harbour cranes were sold to a foreign buyer"), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Related(tc.a, tc.b); got != tc.want {
				t.Fatalf("Related = %v; want %v (terms %v / %v)", got, tc.want, tc.a.contentTerms(), tc.b.contentTerms())
			}
			if got := Related(tc.b, tc.a); got != tc.want {
				t.Fatalf("Related not symmetric")
			}
			if tc.want && tc.a.ArticleID != tc.b.ArticleID && !sharesAny(QueryKeys(tc.a), Keys(tc.b)) && !sharesAny(QueryKeys(tc.b), Keys(tc.a)) {
				t.Fatalf("related items share no blocking key: %v / %v", Keys(tc.a), Keys(tc.b))
			}
		})
	}
}

func sharesAny(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

func TestRepresentative(t *testing.T) {
	ms := []Member{
		{ClaimID: "3", ArticleID: "A", Text: "the port will reopen", Published: "2026-01-03T00:00:00Z"},
		{ClaimID: "1", ArticleID: "B", Text: "The port would reopen", Published: "2026-01-02T00:00:00Z"},
		{ClaimID: "2", ArticleID: "C", Text: "the port would reopen", Published: "2026-01-04T00:00:00Z"},
	}
	if got := Representative(ms); got.ClaimID != "1" {
		t.Fatalf("Representative = %+v; want the wording two articles used, earliest", got)
	}
	for _, tc := range []struct {
		base, member string
		want         bool
	}{
		{"the port would reopen", "the port will reopen", true},
		{"The port  would reopen", "the port would reopen", false},
		{"“The port won’t reopen,”", "\"the port won't reopen\" -", false},               // quote style and punctuation only
		{"The port would reopen after the storm", "would reopen after the storm", false}, // an exact partial quote
		{"The port would reopen after the storm", "would reopen before the storm", true},
	} {
		if got := IsVariant(tc.base, tc.member); got != tc.want {
			t.Errorf("IsVariant(%q, %q) = %v; want %v", tc.base, tc.member, got, tc.want)
		}
	}
}

func TestDiff(t *testing.T) {
	cases := []struct {
		base, variant string
		want          string
	}{
		{"the port would reopen soon", "the port will reopen soon", "the port [-would-] [+will+] reopen soon"},
		{"the port would reopen soon", "the port would reopen", "the port would reopen [-soon-]"},
		{"same words", "Same  words", "Same words"},
		{"", "new text", "[+new text+]"},
	}
	for _, tc := range cases {
		t.Run(tc.variant, func(t *testing.T) {
			var parts []string
			for _, op := range Diff(tc.base, tc.variant) {
				switch op.Op {
				case OpEqual:
					parts = append(parts, op.Text)
				case OpDelete:
					parts = append(parts, "[-"+op.Text+"-]")
				case OpInsert:
					parts = append(parts, "[+"+op.Text+"+]")
				}
			}
			if got := strings.Join(parts, " "); got != tc.want {
				t.Fatalf("Diff = %q; want %q", got, tc.want)
			}
		})
	}
}

func FuzzDiff(f *testing.F) {
	f.Add("the port would reopen", "the port will reopen soon")
	f.Add("", "x")
	f.Add("a a a b", "b a")
	f.Fuzz(func(t *testing.T, a, b string) {
		ops := Diff(a, b)
		var base, variant []string
		for _, op := range ops {
			if op.Op != OpInsert {
				base = append(base, strings.Fields(op.Text)...)
			}
			if op.Op != OpDelete {
				variant = append(variant, strings.Fields(op.Text)...)
			}
		}
		// The variant side is reproduced exactly; the base side up to
		// word normalisation (equal runs carry the variant's spelling).
		if strings.Join(variant, " ") != strings.Join(strings.Fields(b), " ") {
			t.Fatalf("variant not reproduced: %q → %v", b, ops)
		}
		if len(base) != len(strings.Fields(a)) {
			t.Fatalf("base word count changed: %q → %v", a, ops)
		}
	})
}

func FuzzText(f *testing.F) {
	f.Add("Khawaja Asif said “we will”")
	f.Add("1,000.5 people — ok")
	f.Add("\xff\x00abc")
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range Words(s) {
			if w == "" || !utf8.ValidString(w) && utf8.ValidString(s) {
				t.Fatalf("bad word %q from %q", w, s)
			}
		}
		ContentTerms(s)
		Normalize(s)
		it := NewItem("a", contract.Claim{ID: "x", Kind: contract.KindStatistic, Text: s})
		Keys(&it)
	})
}
