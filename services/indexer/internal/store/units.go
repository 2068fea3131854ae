package store

import (
	"strconv"
	"strings"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// Units: a claim of several assertions (group.Units) is grouped by its
// units, not as a whole. Its row stays as the extractor sent it, for every
// read of claims, but is neither a candidate nor assigned on its own; each
// unit is a row of its own (id "<claim id>~<n>", unit_of the claim's id)
// that is grouped like any claim, and the clusters' members are those
// units. The claim's row records its first unit's cluster, and unit_of
// its own id: reads of claims keep the rows whose unit_of is '' or their
// own id (asSent), reads of cluster members those whose unit_of is not
// their own id (asMember).

// The conditions on claims alias c; the bare ones for statements without
// the alias.
const (
	asSent       = `c.unit_of IN ('', c.id)`
	asMember     = `c.unit_of <> c.id`
	asSentBare   = `unit_of IN ('', id)`
	asMemberBare = `unit_of <> id`
)

// unitSep joins a claim's id and its unit's number in the unit's id.
const unitSep = "~"

// unitRows are the rows claims are stored as: the claims, then the units of
// those that hold several. unitOf[i] is the claim a unit row belongs to, the
// claim's own id for a claim grouped by its units and "" otherwise;
// firstUnit[i] is the row of claim i's first unit (0: not split).
func unitRows(claims []contract.Claim) (rows []contract.Claim, unitOf []string, firstUnit []int) {
	rows = claims
	unitOf = make([]string, len(claims))
	firstUnit = make([]int, len(claims))
	copied := false
	for i, c := range claims {
		us := group.Units(c.Kind, c.Text)
		if len(us) < 2 {
			continue
		}
		if !copied {
			rows = append([]contract.Claim(nil), claims...)
			copied = true
		}
		unitOf[i], firstUnit[i] = c.ID, len(rows)
		for k, u := range us {
			d := c
			d.ID = c.ID + unitSep + strconv.Itoa(k+1)
			d.Text = u.Text
			d.Numbers = numbersIn(c.Numbers, u.Text)
			rows = append(rows, d)
			unitOf = append(unitOf, c.ID)
			firstUnit = append(firstUnit, 0)
		}
	}
	return rows, unitOf, firstUnit
}

// memberOf is the claim id and unit number (1-based; 0 for a claim grouped
// whole) of the claims row id with unit_of unitOf.
func memberOf(id, unitOf string) (claim string, unit int) {
	if unitOf == "" || unitOf == id {
		return id, 0
	}
	n, err := strconv.Atoi(strings.TrimPrefix(id, unitOf+unitSep))
	if err != nil {
		return unitOf, 0
	}
	return unitOf, n
}

// numbersIn are the numbers of ns a unit's text prints: a figure of another
// sentence of the claim is not the unit's (a number without its text is
// kept).
func numbersIn(ns []contract.Number, text string) []contract.Number {
	var out []contract.Number
	for _, n := range ns {
		if n.Text == "" || strings.Contains(text, n.Text) {
			out = append(out, n)
		}
	}
	return out
}
