package attrib

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/services/extractor/internal/doc"
)

// TestPrintRuleExamples prints what each rule reads in its example (a
// development aid for writing testdata/rule_examples.tsv; skipped unless
// RULES_PRINT is set).
func TestPrintRuleExamples(t *testing.T) {
	if os.Getenv("RULES_PRINT") == "" {
		t.Skip("set RULES_PRINT=1")
	}
	for _, r := range Rules {
		d := doc.Parse(r.Example)
		found := false
		for si := range d.Sents {
			_, ms := Candidates(d, si)
			for _, m := range ms {
				if m.Rule != r {
					continue
				}
				found = true
				fmt.Printf("%s\t%s\t%s\n", r.Name, spanText(d, si, m.Source), strings.Join(contentTexts(d, si, m), " | "))
			}
		}
		if !found {
			fmt.Printf("%s\tNO MATCH\n", r.Name)
		}
	}
}
