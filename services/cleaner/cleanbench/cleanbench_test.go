package cleanbench

import (
	"context"
	"errors"
	"testing"
)

// TestAlternate: every side runs every page once per round after one
// warm-up pass, failures are counted, and the real sides run on a page.
func TestAlternate(t *testing.T) {
	pages := []Page{
		{Body: []byte("<html><body><p>The ferry to the island was cancelled on Tuesday because of the storm, the operator said.</p></body></html>"), ContentType: "text/html"},
		{Body: []byte("not a page at all"), ContentType: "application/pdf"},
	}
	calls := 0
	counting := Side{"counting", func(p Page) error {
		calls++
		if p.ContentType != "text/html" {
			return errors.New("refused")
		}
		return nil
	}}
	fs := Alternate(context.Background(), pages, 3, counting, Cleaner, ParseFloor)
	if calls != 2*(1+3) {
		t.Fatalf("counting side ran %d times, want 8", calls)
	}
	if fs[0].Pages != 6 || fs[0].Failed != 3 || fs[0].Seconds <= 0 {
		t.Fatalf("counting figures: %+v", fs[0])
	}
	if fs[1].Name != "claimwire" || fs[1].Failed != 3 || fs[1].AllocsPerPage <= 0 {
		t.Fatalf("cleaner figures: %+v", fs[1])
	}
}
