package storetest

import (
	"fmt"
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// testNeighbourhood: a wording that shares two words with every wording of
// a statement in a cluster of three, and three words with none of them,
// joins it (group.Near, the neighbourhood of group.Fit). A statement of the
// same speaker that shares two words with some of the wordings only, and a
// wording that negates one of them, stay apart.
func testNeighbourhood(t *testing.T, open Opener) {
	const speaker = "Ana Lima"
	statement := []string{
		"The new quay will drown the old harbour",
		"The old harbour will sink under the quay",
		"That new quay plan sinks the old harbour for good",
	}
	for _, tc := range []struct {
		name     string
		text     string
		together bool
	}{
		{"two words shared with every wording", "Building the quay means the harbour goes under", true},
		{"two words shared with some wordings", "The new harbour fees start in spring", false},
		{"a negation of a wording", "The quay will not sink the harbour", false},
	} {
		t.Run(tc.name, func(t *testing.T) { joinsStatement(t, open(t), "w", speaker, statement, tc.text, tc.together) })
	}
}

// testNeighbourhoodLarge: a statement worded by six outlets, two of which
// share a single word with a new wording (so it is never compared with
// them). The new wording, near the four it is compared with and alike one,
// joins the statement's cluster (group.Fit, comparedEnough); one alike none
// of them stays apart, and so does a wording of four terms, which shares
// two with anything said on the topic (minPartialTerms).
func testNeighbourhoodLarge(t *testing.T, open Opener) {
	const speaker = "Ana Lima"
	statement := []string{
		"The new quay will drown the old harbour",
		"The old harbour will sink under the quay",
		"That new quay plan sinks the old harbour for good",
		"Our harbour goes under once they pour the quay",
		"The new quay will drown the old port",
		"That new pier will drown the old harbour",
	}
	for _, tc := range []struct {
		name     string
		text     string
		together bool
	}{
		{"near those compared and alike one", "Pouring the quay buries the harbour fishermen built", true},
		{"near those compared, alike none", "Fishermen know the quay will bury the harbour they built", false},
		{"a short wording, near every wording on the topic", "Pouring the quay buries harbours", false},
	} {
		t.Run(tc.name, func(t *testing.T) { joinsStatement(t, open(t), "l", speaker, statement, tc.text, tc.together) })
	}
}

// joinsStatement stores each wording of statement from its own outlet,
// checks they make one cluster, then stores text from one more outlet and
// checks whether it joins that cluster (together) or not. Claim and article
// ids start with prefix.
func joinsStatement(t *testing.T, s store.Store, prefix, speaker string, statement []string, text string, together bool) {
	t.Helper()
	var first []contract.Claim
	for i, wording := range statement {
		id := fmt.Sprintf("%s%d", prefix, i+1)
		c := Quote(id, wording, speaker)
		first = append(first, c)
		apply(t, s, Set(Article(id, fmt.Sprintf("outlet%d.example", i+1), 3+i), "1.0", c))
	}
	cl := clusterOfClaim(t, s, first[0].ID).ID
	for _, c := range first[1:] {
		if clusterOfClaim(t, s, c.ID).ID != cl {
			t.Fatalf("%q is not in the statement's cluster: the test proves nothing", c.Text)
		}
	}
	n := len(statement) + 1
	id := fmt.Sprintf("%s%d", prefix, n)
	c := Quote(id, text, speaker)
	apply(t, s, Set(Article(id, fmt.Sprintf("outlet%d.example", n), 3+n), "1.0", c))
	if got := clusterOfClaim(t, s, c.ID).ID == cl; got != together {
		t.Fatalf("%q in the statement's cluster = %v; want %v", text, got, together)
	}
}

// testShortNeighbour: a quotation of three terms that shares two words
// with every wording of a statement in a cluster of three and is alike
// one of them only (a wording of another statement that joined on the
// topic's words) stays apart: the one alike member would be a chain
// (group.Fit's neighbourhood). With two members alike it, it joins.
func testShortNeighbour(t *testing.T, open Opener) {
	const speaker = "Ana Lima"
	invented := "the inspectors “invented a bogus report”"
	statement := []string{
		"The bogus report drafted by the inspectors collapsed before the tribunal",
		"Today that bogus report fell apart at the tribunal",
		invented,
	}
	short := "invented a bogus report"
	t.Run("one member alike", func(t *testing.T) { joinsStatement(t, open(t), "n", speaker, statement, short, false) })
	t.Run("two members alike", func(t *testing.T) {
		joinsStatement(t, open(t), "n", speaker, append(statement[:3:3], invented), short, true)
	})
}
