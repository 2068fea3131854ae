package doc

import "testing"

// TestOrphanedQuotationIsProse: a line that is one closed quotation ending
// its words with a comma lost its attribution with the page's markup and
// is still prose; a quoted heading is not.
func TestOrphanedQuotationIsProse(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       bool
	}{
		{"quotation whose attribution was lost", "The harbour master spoke on Monday.\n“The pier crews will be ready to take charge of the berths by spring,” ", true},
		{"a short one is a heading", "The harbour master spoke on Monday.\n“Pier crews ready,”", false},
		{"no comma: a quoted heading", "The harbour master spoke on Monday.\n“The pier crews will be ready to take charge of the berths by spring”", false},
		{"words after the quotation", "The harbour master spoke on Monday.\n“The pier crews will be ready to take charge of the berths by spring,” and more", false},
	} {
		d := Parse(c.text)
		if got := d.Paras[len(d.Paras)-1].Prose; got != c.want {
			t.Errorf("%s: prose %v, want %v", c.name, got, c.want)
		}
	}
}
