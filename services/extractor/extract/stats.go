package extract

import (
	"strings"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/extractor/internal/numbers"
)

// statistics adds a statistic claim for each figure of sentence si outside
// quotations (a figure inside a quotation is part of the quote claim), and
// attaches each figure to the claims of the sentence that contain it. A
// figure inside reported speech takes the speaker of that speech.
func (x *extraction) statistics(si int) {
	s := &x.d.Sents[si]
	maybe := false
	for _, t := range s.Toks {
		if t.Quote < 0 && (t.Digit || strings.ContainsAny(t.S, "$£€₹¥") || t.Word && numbers.MayStart(t.L) && t.L != "a") {
			maybe = true
			break
		}
	}
	if !maybe {
		return
	}
	// the sentence's latest statistic claim, its clause's start, and where its figure ends
	last, lastStart, lastEnd := -1, -1, 0
	for _, n := range numbers.Find(x.d.SentText(si), s.Start) {
		if x.insideQuote(si, n.Start, n.End) {
			continue
		}
		num := contract.Number{Qualifier: n.Qualifier, Unit: n.Unit, Text: n.Text}
		if !n.Vague {
			num.Value = contract.Figure(n.Value)
		}
		var sp *contract.Speaker
		for k := range x.claims {
			c := &x.claims[k]
			if c.sent == si && c.Start <= n.Start && n.End <= c.End && c.Kind != contract.KindStatistic {
				c.Numbers = append(c.Numbers, num)
				if sp == nil && c.Speaker != nil {
					sp = copySpeaker(c.Speaker)
				}
			}
		}
		start, end := clause(x.d.Text, s.Start, s.End, n.Start, n.End)
		clauseStart := start
		if start == lastStart && lastEnd <= n.Start {
			// a second figure in the clause of the one before ("… Rs 2
			// lakh for the families and Rs 50,000 for the injured") would
			// make the same span and claim id, and be lost: the two part
			// at an "and", "or" or comma between them; without one ("…
			// 1,200 votes (52 per cent)") the second figure's claim
			// starts after the first and the first keeps the clause
			cut, next := between(x.d.Text, lastEnd, n.Start)
			if cut >= 0 {
				p := &x.claims[last]
				p.End, p.Text = cut, x.d.Text[p.Start:cut]
			}
			start = next
		}
		last, lastStart, lastEnd = len(x.claims), clauseStart, n.End
		conf := 0.6
		if n.Casualty {
			conf = 0.8
		}
		x.claims = append(x.claims, found{Claim: contract.Claim{Kind: contract.KindStatistic, Text: x.d.Text[start:end],
			Sentence: x.d.SentText(si), Start: start, End: end, Speaker: sp, Numbers: []contract.Number{num},
			Confidence: conf, Rule: "figure"}, sent: si, quote: -1})
	}
}

// between returns where the claim of a figure ending at byte a ends
// (cut) and that of the next figure of its clause, starting at byte b,
// begins (next): around the last "and", "or" or comma between them; cut
// is -1 when there is none, and next is then the word after a.
func between(text string, a, b int) (cut, next int) {
	for _, sep := range []string{" and ", " or ", ", "} {
		if i := strings.LastIndex(text[a:b], sep); i >= 0 {
			return a + i, a + i + len(sep)
		}
	}
	// a relative clause with a figure of its own says another fact ("Rs
	// 500 for each family of the crash that killed 12 people"): the first
	// figure's claim ends before it, the second's opens with the noun it
	// tells of, a few words back ("the crash that killed 12 people")
	for _, sep := range []string{" that ", " which ", " who "} {
		if i := strings.LastIndex(text[a:b], sep); i >= 0 {
			next := a + i + 1
			for _, det := range []string{" the ", " a ", " an "} {
				if j := strings.LastIndex(text[a:a+i], det); j >= 0 && i-j <= 40 {
					next = a + j + 1
					break
				}
			}
			return a + i, next
		}
	}
	for a < b && strings.ContainsRune(" \t", rune(text[a])) {
		a++
	}
	return -1, a
}

func (x *extraction) insideQuote(si, a, b int) bool {
	for _, t := range x.d.Sents[si].Toks {
		if t.Start >= a && t.End <= b && t.Quote >= 0 {
			return true
		}
	}
	return false
}

// clause widens [a, b) to the clause around it within the sentence
// [ss, se): up to the nearest comma, semicolon, colon or dash on each side.
func clause(text string, ss, se, a, b int) (int, int) {
	start := ss
	for _, sep := range []string{", ", "; ", " — ", " – ", " - ", ": "} {
		if i := strings.LastIndex(text[ss:a], sep); i >= 0 && ss+i+len(sep) > start {
			start = ss + i + len(sep)
		}
	}
	end := clauseEnd(text, b, se)
	// a figure with its breakdown set off ("40 people, including six
	// children, were rescued"): the clause runs on past the aside to the
	// verb that says what the figure counts
	if p, ok := pastBreakdown(text, end, se); ok {
		end = clauseEnd(text, p, se)
	}
	for end > start && strings.ContainsRune(" \t\n,.!?", rune(text[end-1])) {
		end--
	}
	if end < b {
		end = b
	}
	return start, end
}

// clauseEnd returns the nearest comma, semicolon or dash at or after byte
// b within the sentence ending at se, or se.
func clauseEnd(text string, b, se int) int {
	end := se
	for _, sep := range []string{", ", "; ", " — ", " – ", " - "} {
		if i := strings.Index(text[b:se], sep); i >= 0 && b+i < end {
			end = b + i
		}
	}
	return end
}

// breakdowns open an aside that breaks a figure down into its parts.
var breakdowns = []string{", including ", ", among them ", ", of whom ", ", most of them "}

// pastBreakdown returns where the clause resumes after a breakdown aside
// opening at byte end (", including six children, were …"): past the
// aside's closing comma, when a word that continues the clause follows
// it — not a list going on (", three in …", ", and …") nor a new clause
// (", where …").
func pastBreakdown(text string, end, se int) (int, bool) {
	rest := text[end:se]
	for _, b := range breakdowns {
		if !strings.HasPrefix(rest, b) {
			continue
		}
		i := strings.Index(rest[len(b):], ", ")
		if i < 0 || i > 80 || strings.ContainsAny(rest[len(b):len(b)+i], ";—–") {
			return 0, false
		}
		p := end + len(b) + i + len(", ")
		w := strings.Fields(text[p:se])
		if len(w) == 0 {
			return 0, false
		}
		first := strings.ToLower(strings.TrimRight(w[0], ",.;:"))
		if first != w[0] || numbers.MayStart(first) || continuesList[first] {
			return 0, false
		}
		return p, true
	}
	return 0, false
}

// continuesList are words after a comma that go on with a list or open a
// new clause rather than resume the one a breakdown interrupted.
var continuesList = map[string]bool{"and": true, "or": true, "but": true, "where": true, "which": true,
	"who": true, "while": true, "when": true, "with": true, "as": true}
