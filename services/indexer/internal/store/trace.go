package store

import (
	"fmt"

	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// Trace, when set, receives one line per grouping decision (a claim joins
// or founds a cluster, two clusters merge, a stored claim moves): for
// analysing which arrival orders split or merge a statement (the store
// harness sets it from CLAIMWIRE_ORDERS_TRACE). Nil in production, where
// tracing costs one nil test per decision.
var Trace func(string)

func trace(format string, args ...any) {
	if Trace != nil {
		Trace(fmt.Sprintf(format, args...))
	}
}

// traceText is an item's text for a trace line, "-" for none.
func traceText(it *group.Item) string {
	if it == nil {
		return "-"
	}
	return fmt.Sprintf("%q", it.Text)
}

// traceCandidates is a line per candidate of it: its fit, and each known
// wording's score.
func traceCandidates(it *group.Item, cs []*group.Candidate) {
	if Trace == nil || len(cs) < 2 {
		return
	}
	for _, c := range cs {
		trace("   cand %s size %d fit %.3f", c.ID, c.Size, group.Fit(it, c))
		for _, m := range group.Known(c) {
			trace("      %.3f near=%v %s", group.Score(it, m), group.Near(it, m), traceText(m))
		}
	}
}
