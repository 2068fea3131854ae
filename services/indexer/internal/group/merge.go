package group

// Merging. Which clusters form depends on the order a statement's wordings
// arrive in: two wordings that are not alike enough to join found two
// clusters, and a third that fits both then joins one of them, while the
// other stays apart for good. Such a claim is evidence that the two are one
// statement, but only evidence: a claim alike two statements of one
// speaker on one topic fits both too, and merging on it alone would be the
// single-link chain Fit refuses. So two clusters merge only when the claim
// fits both and, besides, their own wordings agree (Merges).

// Merges reports whether clusters x and y are one statement, given that it
// joins x: it is more than a fragment (isFragment), it fits y as well (Fit
// at least JoinScore), no wording of one negates a wording of the other,
// and the wordings known of them (their representatives and the members
// compared with it) agree: alike on
// average (average link of at least minMergeLink over every pair of a
// wording of x and one of y), or, when they are minNeighbours or more,
// each of x alike or near (Near) each of y, as Fit's neighbourhood rule
// asks of a claim that joins a cluster.
// Or, whatever their wordings, it is alike every one of them (bridges).
// (News dev, store harness, 12 shuffled orders: pair F1 mean 0.743 ->
// 0.760 on average link alone, 0.768 with the neighbourhood, minimum 0.716
// -> 0.748; file order 0.822 -> 0.822; wrong pairs 68.5 -> 68.7 on
// average, missed pairs 274 -> 247. Without the floor of three wordings
// 0.769, counting copies of one wording as several 0.768: either way two
// statements printed by two outlets each merge through a claim that
// states both.)
// A fragment (isFragment) is no such evidence: a quotation of two or three
// words fits every cluster whose wordings print them, as "a rigged deal"
// fits a statement that the contract was one and another that the council
// signed one; it joins one of them and merges none. One word that two large
// clusters of one speaker both printed merged them once, their wordings
// agreeing on average only through the speaker's topic words. (News dev,
// store harness: mean of 12 shuffled orders 0.802 -> 0.804, worst 0.762 ->
// 0.787, file order 0.851 unchanged; no order lower.)
func Merges(it *Item, x, y *Candidate) bool { return NewScores(it).Merges(x, y) }

// Merges is Merges(claim, x, y), with the scores s keeps.
func (sc *Scores) Merges(x, y *Candidate) bool {
	it := sc.it
	if isFragment(it) || sc.Fit(y) < JoinScore {
		return false
	}
	xs, ys := Known(x), Known(y)
	sum, n := 0.0, 0
	near := distinctWordings(xs, ys) >= minNeighbours // copies of one sentence once
	for _, a := range xs {
		for _, b := range ys {
			if contradicts(a, b) {
				return false
			}
			s := Score(a, b)
			near = near && (s >= JoinScore || Near(a, b))
			sum += s
			n++
		}
	}
	return n > 0 && (near || sum/float64(n) >= minMergeLink || sc.bridges(xs, ys))
}

// bridges reports whether it is alike (Score at least JoinScore) every
// wording known of both clusters, each of minBridgeWordings distinct
// wordings or more: two desks' translations of one remark may share no
// word with the other desk's, so that their clusters' wordings do not
// agree on average, while a third desk's wording shares three terms or
// more with each of them. A claim alike one wording of a cluster is a
// chain; alike all of both, it tells that they are one statement, which
// arrival order split (the desk whose wording came first founds the
// cluster the others then gather in). Not a claim that can state two
// statements at once: of several sentences, a long reported summary
// (isSummary), or one that prints a wording of each cluster whole ("the
// fire that killed 23" and "50,000 for the injured" in "50,000 for the
// injured in the fire that killed 23"). Fragments known of either cluster
// are left out: alike whatever prints their words (isFragment), they are
// no wording of the statement. (News dev, store harness:
// mean of 12 shuffled orders 0.825 -> 0.828, four orders higher
// (0.812 -> 0.823, 0.818 -> 0.824, 0.820 -> 0.837, 0.815 -> 0.817), none
// lower; file order 0.876 unchanged; seeds unchanged, 0.963 and 0.985.
// With three distinct wordings asked of each cluster: 0.826; alike half
// the wordings of each rather than all: 0.813, worst 0.775.)
func (sc *Scores) bridges(xs, ys []*Item) bool {
	it := sc.it
	if it.sentences > 1 || isSummary(it) {
		return false
	}
	whole := 0
	for _, l := range [][]*Item{xs, ys} {
		printed := false
		var ws []*Item
		for _, m := range l {
			if isFragment(m) {
				continue
			}
			if sc.Score(m) < JoinScore {
				return false
			}
			ws = append(ws, m)
			printed = printed || len(m.words) < len(it.words) && containsRun(it.words, m.words)
		}
		if distinctWordings(ws) < minBridgeWordings {
			return false
		}
		if printed {
			whole++
		}
	}
	return whole < 2
}

// minBridgeWordings is how many distinct wordings each cluster needs for
// bridges: alike the one wording of a cluster is what Fit already weighs.
const minBridgeWordings = 2

// minMergeLink is the least average Score between the wordings of two
// clusters that merge (Merges): rewordings of one statement by different
// desks score 0.3 to 0.4 where they do not join, two statements of one
// speaker on one topic less. (News dev, store harness, mean of 12 shuffled
// orders with average link alone: 0.759 at 0.2, 0.756 at 0.25, 0.760 at
// 0.3, 0.758 at 0.35, 0.754 at 0.4.)
const minMergeLink = 0.3

// Known is a candidate's representative and the members compared, each
// once.
func Known(c *Candidate) []*Item {
	out := make([]*Item, 0, len(c.Members)+1)
	if c.Rep != nil {
		out = append(out, c.Rep)
	}
	for _, m := range c.Members {
		if c.Rep == nil || m.ID != c.Rep.ID {
			out = append(out, m)
		}
	}
	return out
}
