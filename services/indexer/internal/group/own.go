package group

import "slices"

// Own terms. One speaker's statements on one story share its topic words
// ("the harbour", "the contract"), and an article that reports several of
// them prints those words in several of its claims; a word that only one
// of the speaker's claims in an article prints is what that claim says
// apart from the others. Translations of one remark by different desks
// often keep no more than two such words ("the trial collapsed in court" /
// "the whole thing crumbled in court"): two claims that share two words each
// of them prints alone in its article are one statement, where two words
// that recur across the speaker's claims are only its topic. The article
// is at hand when a claim is stored, so this costs nothing per candidate.
// (News dev, store harness: pair F1 in file order 0.751 -> 0.757, mean of
// 12 shuffled orders 0.713 -> 0.713; 0.710 when names counted as own
// terms, which two statements addressing one person share.)

// MarkOwn sets the own terms of items, the claims of one article: the
// terms of each claim that no other claim of its speaker in items prints.
// skip[i] leaves out item i (a claim grouped by its units, whose units are
// items of their own); skip may be nil. A claim with no speaker key gets
// none, and so does a claim that is its speaker's only one in items
// (nothing tells its topic words from what it says).
func MarkOwn(items []Item, skip []bool) {
	skipped := func(i int) bool { return skip != nil && skip[i] }
	for i := range items {
		it := &items[i]
		if skipped(i) || it.SpeakerKey == "" {
			continue
		}
		others := false
		for j := range items {
			if j != i && !skipped(j) && items[j].SpeakerKey == it.SpeakerKey {
				others = true
				break
			}
		}
		if !others {
			// Nothing to tell its topic words from what it says.
			continue
		}
		it.own = it.own[:0]
		for k, t := range it.terms {
			if it.weights[k] != 1 {
				// A name or a figure: whom or what several statements
				// address, not what one of them says.
				continue
			}
			alone := true
			for j := range items {
				if j == i || skipped(j) || items[j].SpeakerKey != it.SpeakerKey {
					continue
				}
				if _, ok := slices.BinarySearch(items[j].terms, t); ok {
					alone = false
					break
				}
			}
			if alone {
				it.own = append(it.own, t)
			}
		}
		it.ownKnown = true
	}
}

// minOwnShared is how many own terms two claims of one speaker must share
// to be compared when they share fewer than three terms in all.
const minOwnShared = 2

// minOwnTerms: a quotation of two words that a longer wording prints is a
// fragment (fragmentOf), not a rewording of a whole statement.
const minOwnTerms = minOwnShared + 1

// ownShared reports whether a and b, of one speaker (sp, their speakers), share at least
// minOwnShared terms that each prints alone in its article.
func ownShared(a, b *Item, sp int) bool {
	if !a.ownKnown || !b.ownKnown || len(a.terms) < minOwnTerms || len(b.terms) < minOwnTerms || len(a.own) < minOwnShared || len(b.own) < minOwnShared || sp != speakerSame {
		return false
	}
	n, _ := overlap(a.own, b.own)
	return n >= minOwnShared
}
