package lexicon

import (
	"fmt"
	"slices"
	"strings"
)

// A company mark's trade: nil heads for a mark that says nothing of the
// trade, an empty list for a trade no head names (words/companies.txt).
var (
	companyMarks = map[string][]string{}
	tradeMarks   = map[string]bool{}
	anyTrade     = map[string]bool{}
	companyHeads = map[string]bool{}
)

func loadCompanies() error {
	return eachLine("companies.txt", func(f []string) error {
		switch {
		case f[0] == "mark":
			for _, w := range f[1:] {
				companyMarks[w] = nil
			}
		case f[0] == "sector":
			for _, w := range f[1:] {
				companyMarks[w], tradeMarks[w] = nil, true
			}
		case f[0] == "trade" && len(f) > 2:
			companyMarks[f[1]], tradeMarks[f[1]] = f[2:], true
			for _, h := range f[2:] {
				companyHeads[h] = true
			}
		case f[0] == "any" || f[0] == "head":
			for _, h := range f[1:] {
				companyHeads[h] = true
				anyTrade[h] = anyTrade[h] || f[0] == "any"
			}
		default:
			return fmt.Errorf("bad company line %q", strings.Join(f, " "))
		}
		return nil
	})
}

// CompanyMark reports whether a lower-case word makes a name a
// company's ("Corp", "Holdings", "Airlines").
func CompanyMark(lower string) bool {
	_, ok := companyMarks[lower]
	return ok
}

// CompanyHead reports whether a lower-case head noun can refer back to a
// company ("the firm", "the lender").
func CompanyHead(lower string) bool { return companyHeads[lower] }

// MarkFits reports whether a company mark fits a head noun: a mark that
// says nothing of the trade fits every head, a mark of a trade fits the
// heads of any trade and its own.
func MarkFits(mark, head string) bool {
	if _, ok := companyMarks[mark]; !ok {
		return false
	}
	return !tradeMarks[mark] || anyTrade[head] || slices.Contains(companyMarks[mark], head)
}
