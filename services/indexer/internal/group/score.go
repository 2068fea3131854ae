package group

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/claimwire/claimwire/pkg/contract"
)

// Scoring: how alike two claims are, and whether a claim fits a cluster.
// A cluster is one statement: a claim joins it only when it is alike the
// cluster's representative or, on average, the members it was compared
// with — never through a chain of members each alike the next.

// Thresholds of Score and Fit.
const (
	// JoinScore is the least Fit for a claim to join a cluster. Wordings
	// of one statement translated or rewritten by different desks share
	// about half their terms (scores 0.40–0.45); two statements of one
	// speaker on one topic rarely more than a third. On the news dev set
	// 0.40 joins most of the former (pair F1 0.42 at 0.45, 0.46 at 0.40,
	// 0.44 at 0.42, 0.46 at 0.38).
	JoinScore = 0.40
	// minSameArticle: two claims of one article are one claim only when
	// nearly identical (a quote and its reported sub-span).
	minSameArticle = 0.8
	// An exact partial quote (the shorter wording a run of the longer's
	// words) needs this many words to be more than a common phrase.
	minExactWords = 4
	// Claims that cannot be tied by speaker (one side unattributed) join on
	// long, nearly identical wording only.
	minCrossTermsScore = 6
	minCrossCover      = 0.8
)

// Score says how alike a and b are, from 0 (not the same claim, or they
// cannot be: other speakers, other figures, one negates the other) to 1
// (the same wording). Symmetric, and a function of a and b only.
func Score(a, b *Item) float64 {
	if a.idHash == b.idHash && a.ID == b.ID {
		return 1
	}
	// Most candidates share no term with the claim: the signatures tell
	// without reading either's terms.
	if !a.sig.meets(&b.sig) {
		return 0
	}
	sp := speakers(a, b)
	if !compatible(a, b, sp) {
		return 0
	}
	s, _, _ := score(a, b, sp)
	return s
}

// ScoreNear is Score(a, b) and, when that is 0, Near(a, b): what a store
// asks of every candidate pair, in one pass (the two read the same
// signatures, speakers, figures and terms).
func ScoreNear(a, b *Item) (float64, bool) {
	if a.idHash == b.idHash && a.ID == b.ID {
		return 1, false
	}
	if !a.sig.meets(&b.sig) {
		return 0, false
	}
	sp := speakers(a, b)
	if !compatible(a, b, sp) {
		return 0, false
	}
	s, inter, wi := score(a, b, sp)
	if s > 0 {
		return s, false
	}
	return 0, sp == speakerSame && !sameArticle(a, b) && distinctShared(a, b, inter, wi) >= minNearShared
}

// score is Score of two different claims that may be one (compatible),
// whose speakers relate as sp, the number of terms they share and their
// weight.
func score(a, b *Item, sp int) (float64, int, float64) {
	inter, wi := sharedTerms(a.termIDs, b.termIDs)
	small := min(len(a.termIDs), len(b.termIDs))
	if small == 0 || inter == 0 {
		return 0, inter, wi
	}
	ws, wl := min(a.mass, b.mass), max(a.mass, b.mass)
	cover := min(wi/ws, 1)       // a truncated quote is covered by the full one
	dice := min(2*wi/(ws+wl), 1) // a wording that adds much is less alike
	s := 0.5*cover + 0.5*dice
	exact := a.normHash == b.normHash && a.norm == b.norm || exactPart(a, b, inter) || quotesPart(a, b) || quotesPart(b, a)
	if exact {
		s = max(s, 0.95)
	}
	// The same figure of the same measure: "killed over 200 people" and
	// "left more than 200 dead". A small count ("seven dead") is too common
	// to tie two claims alone: it needs a word besides.
	sameFigure := a.measure != "" && sameMeasure(a, b) && sharesNumber(a.nums, b.nums) &&
		(maxShared(a.nums, b.nums) >= minLoneFigure || inter >= 3)
	if sameFigure {
		s = max(s, 0.8)
	}
	if sp != speakerSame {
		// One side unattributed, or credited to a body or an unnamed source
		// where the other names a person (an agency's copy of a minister's
		// words): only a long, nearly identical wording, an exact quote, or
		// the same figure ties them.
		switch {
		case small >= minCrossTermsScore && cover >= minCrossCover && a.Kind != kindStatistic && b.Kind != kindStatistic:
		case exact && small >= 2 && min(len(a.words), len(b.words)) >= minExactWords:
		case sameFigure:
		case len(a.nums) > 0 && len(b.nums) > 0 && inter >= 3 && cover >= 0.6:
		default:
			return 0, inter, wi
		}
	}
	// A few shared words are a topic, not a statement: short wordings join
	// only when one is an exact part of the other. A name of several words
	// counts once: two statements of one speaker that address the same
	// person share the name and, often, one common verb (news dev: precision
	// of Score on the claim pairs of the gold clusters 0.914 → 0.926, recall
	// 0.595 → 0.593).
	//
	// A run of words both print, long enough to be quoted rather than a
	// common phrase ("the real conspiracy was ..."), counts like a third
	// shared term (read last: it compares every word with every word).
	//
	// A quotation of a word or two that its speaker's longer wording prints
	// word for word is a fragment of that statement (fragmentOf).
	//
	// A label a report quotes counts once too (distinctShared).
	if distinct := distinctShared(a, b, inter, wi); distinct < 3 && !exact && !sameFigure && !fragmentOf(a, b, sp) &&
		!(distinct >= minOwnShared && ownShared(a, b, sp)) && !sharedRun(a, b) {
		return 0, inter, wi
	}
	// A rewording keeps the order of what it says: a translation or a
	// rewrite desk changes half the words of a sentence but not the order
	// of the terms it keeps, where two statements on one topic share their
	// terms in any order.
	if s < JoinScore && s >= minOrderedScore && inter >= minOrdered && orderedShared(a, b) >= minOrdered {
		s = JoinScore
	}
	if s < minSameArticle && sameArticle(a, b) {
		return 0, inter, wi
	}
	return s, inter, wi
}

// sameArticle reports whether a and b are claims of one article; the
// hashes tell most pairs apart without reading two ids that share their
// first few dozen bytes (an outlet's URLs).
func sameArticle(a, b *Item) bool {
	return a.articleHash == b.articleHash && a.ArticleID == b.ArticleID
}

// sameMeasure reports whether a and b count one measure (measureClass).
func sameMeasure(a, b *Item) bool {
	if a.measureID != 0 && b.measureID != 0 {
		return a.measureID == b.measureID
	}
	return a.measure == b.measure
}

const kindStatistic = "statistic"

// minLoneFigure is the least figure that ties two claims of one measure
// with no other word in common.
const minLoneFigure = 20

// maxShared is the largest number in both sorted lists, 0 for none.
func maxShared(a, b []float64) float64 {
	best := 0.0
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); ok {
			best = max(best, x)
		}
	}
	return best
}

// Compatible reports whether a and b may be the same claim at all: not two
// named speakers, not two different figures, not a statement and its
// negation.
func Compatible(a, b *Item) bool {
	return compatible(a, b, speakers(a, b))
}

// compatible is Compatible of a and b whose speakers relate as sp. The
// counts in the heads spare reading the figures and negations of most
// pairs (a claim states no figure, or both as many negations).
func compatible(a, b *Item, sp int) bool {
	if sp == speakerOther {
		return false
	}
	if a.nNums != 0 && b.nNums != 0 && !figuresAgree(a.nums, b.nums) {
		// "25 dead" and "23 dead" are two claims.
		return false
	}
	return a.negs == b.negs || !contradicts(a, b)
}

// OtherFigure reports whether a and b are one statement but for their
// figures ("23 dead in the collapse" against "25 dead in the collapse"):
// two claims, never one cluster, but what a watch on the figure of a
// statement is waiting for.
func OtherFigure(a, b *Item) bool {
	if len(a.nums) == 0 || len(b.nums) == 0 || figuresAgree(a.nums, b.nums) {
		return false
	}
	x, y := withoutFigures(a), withoutFigures(b)
	return Score(&x, &y) >= JoinScore
}

// digitRun is a figure as printed: "23", "1,200", "4.5".
var digitRun = regexp.MustCompile(`\d[\d.,]*`)

// withoutFigures is it with its digits taken out of the text, so that
// neither the figures nor their terms weigh in a comparison.
func withoutFigures(it *Item) Item {
	c := contract.Claim{ID: it.ID, Kind: contract.KindQuote, Text: digitRun.ReplaceAllString(it.Text, "")}
	out := NewItem(it.ArticleID, c)
	out.Kind, out.SpeakerKey, out.SpeakerType = it.Kind, it.SpeakerKey, it.SpeakerType
	out.derive()
	return out
}

// figuresAgree reports whether two claims' figures can be one claim's: one
// side states none, or every figure of the side stating fewer is stated by
// the other ("3 dead in Peru and 3 in Chile" is not "3 dead, 13 hurt").
func figuresAgree(a, b []float64) bool {
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); !ok {
			return false
		}
	}
	return true
}

// How two claims' speakers relate.
const (
	speakerSame    = iota // one speaker
	speakerUnknown        // one side has none, or is a body or an unnamed source
	speakerOther          // two named people
)

func speakers(a, b *Item) int {
	ka, kb := a.SpeakerKey, b.SpeakerKey
	if ka == "" || kb == "" {
		return speakerUnknown
	}
	ha, hb := &a.speaker, &b.speaker
	if ha.key != ka || hb.key != kb {
		// The key was set after derive (two equal headers compare
		// without reading the bytes): read it.
		return speakersOfKeys(a, b)
	}
	// The hashes are necessary conditions of the string tests they
	// guard (equal keys, one key within another with the same last word
	// and fewer words): most pairs of two speakers are told apart
	// without reading either key.
	switch {
	case ha.hash == hb.hash && ka == kb:
		return speakerSame
	case ha.last == hb.last && ha.words != hb.words && (keyWithin(ka, kb) || keyWithin(kb, ka)):
		return speakerSame
	case !ha.person && !hb.person && (ha.mask&^hb.mask == 0 && wordsWithin(ka, kb) || hb.mask&^ha.mask == 0 && wordsWithin(kb, ka)):
		// The masks are necessary conditions of wordsWithin: a word of
		// one key that the other lacks mostly sets a bit it lacks.
		return speakerSame
	case !ha.person || !hb.person:
		return speakerUnknown
	}
	return speakerOther
}

// speakersOfKeys is speakers read from the keys alone.
func speakersOfKeys(a, b *Item) int {
	ka, kb := a.SpeakerKey, b.SpeakerKey
	switch {
	case ka == "" || kb == "":
		return speakerUnknown
	case ka == kb || keyWithin(ka, kb) || keyWithin(kb, ka):
		return speakerSame
	case !isPerson(a) && !isPerson(b) && (wordsWithin(ka, kb) || wordsWithin(kb, ka)):
		// Unnamed sources and bodies by their descriptor: "officials"
		// and "officials in the capital".
		return speakerSame
	case !isPerson(a) || !isPerson(b):
		return speakerUnknown
	}
	return speakerOther
}

func isPerson(it *Item) bool {
	return it.SpeakerType == "" || it.SpeakerType == contract.SpeakerPerson
}

// keyWithin reports whether short names the same person as long with words
// dropped: a title the key kept ("senator ana lima") or a surname
// alone. The last word, the surname, must be kept: "dan smith" and "don
// smith" stay two people. Scoring asks this of every candidate pair, so it
// reads the keys in place (most pairs differ in the surname and stop there).
func keyWithin(short, long string) bool {
	surname := lastWord(short)
	if surname == "" || surname != lastWord(long) || wordCount(short) >= wordCount(long) {
		return false
	}
	return wordsWithin(short, long)
}

// wordsWithin reports whether every word of short is a word of long. Keys
// are words of letters and digits joined by spaces (contract.SpeakerKey).
func wordsWithin(short, long string) bool {
	for short != "" {
		var w string
		w, short, _ = strings.Cut(short, " ")
		if w != "" && !hasWord(long, w) {
			return false
		}
	}
	return true
}

func hasWord(s, w string) bool {
	for s != "" {
		var x string
		x, s, _ = strings.Cut(s, " ")
		if x == w {
			return true
		}
	}
	return false
}

func lastWord(s string) string {
	s = strings.TrimRight(s, " ")
	return s[strings.LastIndexByte(s, ' ')+1:]
}

func wordCount(s string) (n int) {
	for s != "" {
		var w string
		w, s, _ = strings.Cut(s, " ")
		if w != "" {
			n++
		}
	}
	return n
}

// exactPart reports whether the shorter wording is a run of the longer's
// words, long enough to be a quote rather than a common phrase. inter is
// the terms a and b share: a run of the longer's words has all its terms
// in the longer, so a wording that has a term of its own is no run of it,
// told without comparing words.
func exactPart(a, b *Item, inter int) bool {
	x, y := a.words, b.words
	tx := a.termIDs
	if len(x) > len(y) {
		x, y, tx = y, x, b.termIDs
	}
	if len(x) < minExactWords || inter != len(tx) {
		return false
	}
	return containsRun(y, x)
}

// quotesPart reports whether a puts in quotation marks a run of b's words
// long enough to be a quote rather than a common phrase: a reported version
// ("she vowed to “keep every clinic open”") of the quotation it cites.
func quotesPart(a, b *Item) bool {
	for _, q := range a.quoted {
		if len(q) < minExactWords || contentIn(q) < 2 || len(q) > len(b.words) {
			continue
		}
		if containsRun(b.words, q) {
			return true
		}
	}
	return false
}

// sharedRun reports whether a and b print a run of at least minExactWords
// words with two content terms in it.
func sharedRun(a, b *Item) bool {
	x, y := a.words, b.words
	if len(x) < minExactWords || len(y) < minExactWords {
		return false
	}
	// prev[j] is the length of the common run ending at x[i-1], y[j-1].
	var buf [2 * rowsOnStack]int32
	prev, cur := rows(buf[:], len(y)+1)
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cur[j] = 0
			if x[i-1] == y[j-1] {
				cur[j] = prev[j-1] + 1
				if cur[j] >= minExactWords && contentIn(x[i-int(cur[j]):i]) >= 2 {
					return true
				}
			}
		}
		prev, cur = cur, prev
	}
	return false
}

func contentIn(ws []string) int {
	n := 0
	for _, w := range ws {
		if _, ok := contentTerm(w); ok {
			n++
		}
	}
	return n
}

// Candidate is a cluster a claim may join: its representative, and the
// members the claim was compared with (a bounded sample, rep included or
// not).
type Candidate struct {
	ID      string
	Rep     *Item
	Members []*Item
	Size    int // members the cluster holds, compared or not
}

// Fit is how well it fits cluster c: its score against the representative
// or, when higher, its average score over the representative and the
// members it was compared with (average link: a claim alike one member
// only, and not the representative, is a chain, not the same statement).
// 0 when it contradicts any of them, shares nothing with the
// representative and is alike fewer than minAlikeWithoutRep members, or
// shares nothing with any member of a summary's cluster but the summary;
// at least JoinScore when it is near every member compared and they vouch
// for it (minNeighbours, neighbourhood).
func Fit(it *Item, c *Candidate) float64 { return NewScores(it).Fit(c) }

// Fit is Fit(claim, c), with the scores s keeps.
func (s *Scores) Fit(c *Candidate) float64 {
	f, _ := s.fit(c)
	return f
}

// fit is Fit, and whether the fit is the neighbourhood's floor alone
// (JoinScore where neither the representative nor the average reach it).
func fit(it *Item, c *Candidate) (float64, bool) { return NewScores(it).fit(c) }

func (sc *Scores) fit(c *Candidate) (float64, bool) {
	it := sc.it
	sum, n, rep := 0.0, 0, 0.0
	// near stays true while it is near everything compared (minNeighbours):
	// judged from the scores this loop takes anyway, since Score is the
	// cost of a fit
	near := c.Size >= minNeighbours && len(c.Members)+1 >= minNeighbours
	if c.Rep != nil {
		rep = sc.Score(c.Rep)
		if rep == 0 && len(c.Members) < minAlikeWithoutRep {
			return 0, false // too few members to vouch for it (most candidates)
		}
		sum, n = rep, 1
		near = near && sc.alikeOrNear(c.Rep, rep)
	}
	alike := 0
	for _, m := range c.Members {
		if c.Rep != nil && m.idHash == c.Rep.idHash && m.ID == c.Rep.ID {
			continue
		}
		if contradicts(it, m) {
			return 0, false
		}
		s := sc.Score(m)
		if s >= JoinScore && !oneWord(m) {
			alike++
		}
		near = near && sc.alikeOrNear(m, s)
		sum += s
		n++
	}
	if n == 0 {
		return 0, false
	}
	if near && neighbourhood(it, n, c.Size, alike) && wordings(c) >= minNeighbours {
		own := max(rep, sum/float64(n))
		return max(JoinScore, own), own < JoinScore
	}
	if c.Rep != nil && rep == 0 && alike < minAlikeWithoutRep {
		return 0, false
	}
	if isSummary(c.Rep) && c.Size > 1 && n == 1 {
		return 0, false // alike one part of a summary (isSummary)
	}
	return max(rep, sum/float64(n)), false
}

// neighbourhood reports whether it, near every member it was compared with
// (n of a cluster of size members, alike of them at least JoinScore, the
// representative not counted), is vouched for by them: compared with every
// member, a wording of minNeighbourTerms terms or more, or a shorter one
// that minAlikeWithoutRep members are alike; compared with enough of them
// (comparedEnough), a wording of minPartialTerms terms alike one. A
// wording of three terms is near whatever its speaker said on the story
// that prints two of them ("invented a bogus report" near every wording of
// "the bogus report fell apart before the tribunal"), and the one member
// it is alike may be a wording of its own statement that joined the
// cluster on the topic's words, as the short one would join after it: a
// chain that draws a statement's wordings into another's cluster by the
// order they came in. (News dev, store harness: mean of 12 shuffled orders
// 0.822 -> 0.824, recall 0.741 -> 0.743, precision 0.921 -> 0.924; one
// order higher, 0.811 -> 0.839, none lower; file order 0.876 unchanged.)
func neighbourhood(it *Item, n, size, alike int) bool {
	if n >= size {
		return len(it.terms) >= minNeighbourTerms || alike >= minAlikeWithoutRep
	}
	return comparedEnough(n, size) && alike >= 1 && len(it.terms) >= minPartialTerms
}

// minNeighbourTerms is how many terms a wording needs to join on the
// neighbourhood of a whole cluster with fewer than minAlikeWithoutRep
// members alike it: near is two shared terms, and a wording of three is
// near whatever prints two of them.
const minNeighbourTerms = 4

// isSummary reports whether a cluster's representative is an outlet's long
// reported summary of a speaker's remarks ("accused the director and the
// inspectors of hiding the papers and of selling the fuel"): one sentence
// that may state several of the statements it reports, so a claim alike it
// may be alike one part of it only. Once the cluster has other members, a
// claim joins it only if it shares something with one of them too (Fit);
// otherwise it founds its own cluster instead of chaining two statements.
// (News dev, store harness: pair F1 in file order 0.786 -> 0.786; mean of
// 12 shuffled orders 0.734 -> 0.736, precision in the worst order 0.833 ->
// 0.900; two orders lose a short rewording that printed none of the
// members' words, 0.730 -> 0.720.)
func isSummary(rep *Item) bool {
	return rep != nil && rep.Kind == contract.KindReported && len(rep.terms) >= minSummaryTerms
}

// minSummaryTerms is how many terms make a reported representative long
// enough to be a summary (isSummary); a reported claim of one statement
// rarely holds more.
const minSummaryTerms = 12

// Best returns the index of the candidate it should join, -1 for none: of
// those it fits at least JoinScore, the one with the most members it is
// alike (support) among those within sizeMargin of the highest Fit (of a
// candidate that sets a bar, setsNoBar), then
// one a statement stands for rather than a fragment (isFragment), then the
// highest Fit, ties to the smallest id (deterministic). A claim that fits
// two clusters nearly as well is a wording of the statement both stand
// for, split by the order wordings arrived in: it joins the one more
// outlets already report in words like its own, so that the later
// wordings gather there rather than in the newer, smaller one.
//
// A cluster it fits only through the neighbourhood rule (near every member,
// alike too few of them for its representative or average to reach
// JoinScore) is left out when another cluster fits it on its scores: being
// near a cluster is two shared terms with each wording, which a claim of
// the speaker's shares with every statement of the story that prints its
// topic's words ("the real plot", "a false story"), and support then
// favours the larger such cluster over the statement the claim is alike.
// (News dev, store harness: mean of 30 shuffled orders 0.8202 -> 0.8238,
// ten orders higher (by up to 0.027), three lower (by up to 0.020),
// worst 0.768 -> 0.756; of the first 12, mean 0.8297 -> 0.8297, worst
// 0.793 -> 0.812; file order 0.876 unchanged.)
func Best(it *Item, cs []*Candidate) int { return NewScores(it).Best(cs) }

// Best is Best(claim, cs), with the scores s keeps.
func (sc *Scores) Best(cs []*Candidate) int {
	it := sc.it
	fits := make([]float64, len(cs))
	var onStack [16]bool // most claims have a few candidates
	floor := onStack[:0]
	if len(cs) > len(onStack) {
		floor = make([]bool, 0, len(cs))
	}
	floor = floor[:len(cs)]
	anyOwn := false
	for i, c := range cs {
		fits[i], floor[i] = sc.fit(c)
		anyOwn = anyOwn || fits[i] >= JoinScore && !floor[i]
	}
	if anyOwn {
		for i := range fits {
			if floor[i] {
				fits[i] = 0
			}
		}
	}
	top, topStatement := 0.0, 0.0
	for i, c := range cs {
		if fits[i] >= JoinScore {
			top = max(top, fits[i])
			if !setsNoBar(it, c) {
				topStatement = max(topStatement, fits[i])
			}
		}
	}
	if topStatement > 0 {
		top = topStatement // setsNoBar
	}
	best := -1
	sup := make([]int, len(cs)) // support, computed when compared (most claims fit one cluster)
	for i, c := range cs {
		f := fits[i]
		if f < JoinScore || f < top-sizeMargin {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		b := cs[best]
		if sup[best] == 0 {
			sup[best] = sc.support(b)
		}
		sup[i] = sc.support(c)
		switch {
		case sup[i] != sup[best]:
			if sup[i] > sup[best] {
				best = i
			}
		case isFragment(c.Rep) != isFragment(b.Rep):
			if isFragment(b.Rep) {
				best = i
			}
		case f != fits[best]:
			if f > fits[best] {
				best = i
			}
		case c.ID < b.ID:
			best = i
		}
	}
	return best
}

// setsNoBar reports whether c's fit is no measure of the statement it
// says, only of words it prints: c's representative is a fragment
// (isFragment), or c is a lone wording that it prints whole, a short
// quotation it took from the statement. Such a wording scores as an exact
// part of every claim that prints it (0.95); as the bar of Best's margin
// it would turn away the cluster of the statement the claim says, which
// it fits less only because that cluster holds whole sentences, and the
// statement's cluster would split by whether the quotation or the
// sentences came first. It still competes within the margin, where
// support weighs it. (News dev, store harness: mean of 12 shuffled orders
// 0.824 -> 0.825, recall 0.743 -> 0.745, precision 0.924 -> 0.923; worst
// 0.792 -> 0.793; one order 0.795 -> 0.803, three 0.001 higher, none
// lower; file order 0.876 unchanged.)
func setsNoBar(it *Item, c *Candidate) bool {
	if c.Rep == nil {
		return false
	}
	if isFragment(c.Rep) {
		return true
	}
	return c.Size == 1 && len(c.Rep.words) < len(it.words) && containsRun(it.words, c.Rep.words)
}

// support is how many of a cluster's known wordings (its representative
// and the members compared, copies counted) it is alike: what Best weighs
// between clusters it fits nearly as well, rather than their sizes. A
// cluster grows large on the wordings of its own statement; a claim of
// another statement that fits it through its representative alone (a
// sentence that mentions that other statement in passing, "the story the
// police made up fell apart") is alike none of them, and joining it by
// size would chain the two statements and draw that statement's later
// wordings in after it. Counted 1 at least, so that a computed support is
// never 0. (News dev, store harness: pair F1 in file order 0.851 ->
// 0.851; mean of 12 shuffled orders 0.776 -> 0.784, precision 0.884 ->
// 0.906, recall 0.692 -> 0.692, worst order 0.751 -> 0.769. Subtracting
// the members compared and not alike: file order 0.839; counting near
// members as alike: shuffled 0.782; the larger cluster first when
// supports tie: shuffled 0.784, worst 0.760; sizeMargin 0.2, 0.3, 0.35
// with it: 0.781, 0.783, 0.783; the average score over the wordings as the
// next tie-break: 0.783-0.784.) A fragment (isFragment) is no support: it
// fits whatever prints its two or three words, and its copies by several
// outlets would make a cluster look the claim's own (shuffled 0.784 ->
// 0.785, two orders of 12 higher, none lower).
func (sc *Scores) support(c *Candidate) int {
	n := 1
	for _, m := range Known(c) {
		if !isFragment(m) && sc.Score(m) >= JoinScore {
			n++
		}
	}
	return n
}

// isFragment reports whether a cluster's representative is a quotation of a
// few words ("a fair hearing"): every wording that prints them fits it, and
// fits it better than the statement they come from, so between two clusters
// of one size a claim joins the one a statement stands for (news dev, store
// harness: pair F1 in file order 0.707 -> 0.714, no order of 12 shuffled
// ones lower).
func isFragment(rep *Item) bool {
	return rep != nil && len(rep.words) <= maxFragmentWords
}

// oneWord reports whether m is a quotation of one term ("hope"): alike
// every claim that prints the word, it vouches for none (Fit's
// minAlikeWithoutRep), where a quoted phrase of two terms or three ("open
// the gates") is what the outlets that print it took from the statement.
// (News dev, store harness: mean of 12 shuffled orders 0.804 -> 0.805,
// four orders higher, none lower; file order 0.851 unchanged.)
func oneWord(m *Item) bool {
	return isFragment(m) && len(m.terms) < 2
}

// IsFragment reports whether it is a quotation of a few words (isFragment):
// it is alike whatever prints them, so it vouches for no cluster.
func IsFragment(it *Item) bool { return isFragment(it) }

// minAlikeWithoutRep is how many members a claim that shares nothing with
// the cluster's representative must be alike (Score at least JoinScore) to
// join it, on average link with the representative counted as 0. A long
// representative (a whole quotation) shares too few terms with a report
// that rewords a part of it, which the outlets quoting that part are alike;
// one such member alone would be a chain. (News dev, store harness: pair
// F1 in file order 0.719 -> 0.719, recall 0.571 -> 0.576; mean of 8
// shuffled orders 0.662 -> 0.681; 0.673 with 3 members.)
const minAlikeWithoutRep = 2

// sizeMargin is how much less a larger cluster may fit and still be chosen
// (news dev pair F1 0.46 without it, 0.47 at 0.15, 0.48 at 0.25, 0.47 at
// 0.4, 0.41 when the largest fitting cluster always wins).
const sizeMargin = 0.25

// Supersedes reports whether a new member should become the cluster's
// representative in place of rep: it says all rep says and more (the full
// quote after a truncated one), with the same figures. Each representative
// then covers the one before it, so members that fitted the old one still
// fit the new.
func Supersedes(it, rep *Item) bool {
	if quotesWhole(it, rep) {
		return true
	}
	if kindRank[it.Kind] < kindRank[rep.Kind] {
		return false // a reported version never stands for the quote
	}
	// A claim of several sentences may hold several statements (a post
	// quoted whole): it never stands for one, and the first one-sentence
	// member takes its place, so that the other statements in it do not
	// join through it.
	if it.sentences > 1 && rep.sentences == 1 {
		return false
	}
	if rep.sentences > 1 && it.sentences == 1 {
		return Score(it, rep) >= minNarrow && statesSentence(it, rep)
	}
	if isSummary(rep) && it.Kind == contract.KindQuote && it.sentences == 1 && !isFragment(it) && Score(it, rep) >= JoinScore {
		// A quotation of one statement a summary reports stands for the
		// cluster: the summary's other statements then compare with the
		// words the speaker said, with which they share nothing (news dev,
		// store harness: shuffled mean 0.736 -> 0.737, no order lower,
		// file order 0.786 -> 0.786).
		return true
	}
	if citesQuote(rep, it) && Score(it, rep) >= JoinScore {
		return true // the quotation a report cites stands for it
	}
	if len(it.terms) <= len(rep.terms) || rep.SpeakerKey != "" && speakers(it, rep) != speakerSame {
		return false
	}
	if inter, _ := overlap(it.terms, rep.terms); inter != len(rep.terms) {
		return false
	}
	return slices.Equal(it.nums, rep.nums)
}

// quotesWhole reports whether it, a reported version of the same speaker
// with the same figures, prints rep, a quotation, whole in its quotation
// marks and says more around it ("he said the plan “will sink the
// harbour” within a year" of "will sink the harbour"): an outlet that
// quotes a phrase of a sentence it reports is extracted twice, the phrase
// and the report. The phrase founds the cluster when it comes first, and
// as its representative it shares nothing with the other outlets'
// wordings of the statement, which reword the rest of the sentence; the
// report that carries it stands for the statement in its place. (News dev,
// store harness: pair F1 in file order 0.836 -> 0.849, recall 0.735 ->
// 0.754, precision 0.971 -> 0.972; mean of 6 shuffled orders 0.748 ->
// 0.749, none lower.)
func quotesWhole(it, rep *Item) bool {
	if rep.Kind != contract.KindQuote || it.Kind != contract.KindReported || len(it.terms) <= len(rep.terms) ||
		speakers(it, rep) != speakerSame || !slices.Equal(it.nums, rep.nums) {
		return false
	}
	for _, q := range it.quoted {
		if slices.Equal(q, rep.words) {
			return true
		}
	}
	return false
}

// citesQuote reports whether rep, a reported version, cites it, a
// quotation of the same speaker with the same figures, more than a
// fragment: every run of words rep prints in quotation marks is a shorter
// run of it's ("put an end to “the harbour cartel”" of "we will break the
// harbour cartel because ...").
// Such a quotation that joined rep stands for the statement in its place:
// the other wordings of the statement compare with the words the speaker
// said rather than with one outlet's summary, with which they may share
// nothing (news dev, store harness: pair F1 in file order 0.719 -> 0.728,
// recall 0.576 -> 0.588, precision 0.955 -> 0.956; no order of 12
// shuffled ones lower, mean 0.686 -> 0.686; without the JoinScore
// condition in Supersedes the mean fell to 0.679).
func citesQuote(rep, it *Item) bool {
	if rep.Kind == contract.KindQuote || it.Kind != contract.KindQuote || len(rep.quoted) == 0 || isFragment(it) ||
		speakers(it, rep) != speakerSame || !slices.Equal(it.nums, rep.nums) {
		return false
	}
	for _, q := range rep.quoted {
		if len(q) >= len(it.words) || !containsRun(it.words, q) {
			return false
		}
	}
	return true
}

// minNarrow is the least Score of a one-sentence member that replaces a
// several-sentence representative: any that joins. The cluster then stands
// for the statement of that one sentence from its first one-sentence
// member on, so that wordings of the other sentences found a cluster of
// their own instead of gathering in this one.
const minNarrow = JoinScore

// statesSentence reports whether it says what one of rep's sentences says:
// it holds at least minSentenceCover of that sentence's terms. Only such a
// member may narrow rep. A fragment that shares a name or a date with rep
// joins it, but standing for the cluster it would turn away the other
// wordings of the statement rep held, which fitted rep and share nothing
// with the fragment: the cluster would then split by the order its
// wordings arrived in.
func statesSentence(it, rep *Item) bool {
	for _, sent := range sentencesOf(rep.Text) {
		terms, _, _ := readTerms(Words(sent), nil)
		if inter, _ := overlap(it.terms, terms); len(terms) > 0 && float64(inter) >= minSentenceCover*float64(len(terms)) {
			return true
		}
	}
	return false
}

// minSentenceCover: a one-sentence member states a sentence of a
// several-sentence representative when it holds half its terms (a
// paraphrase drops or changes some words; a passing reference keeps a
// name or two).
const minSentenceCover = 0.5

// kindRank: a quotation is the best representative, then a reported
// version, then a bare figure.
var kindRank = map[string]int{contract.KindQuote: 2, contract.KindReported: 1}

// sharedTails counts the terms that continue a name of several words in
// both a and b (both print the full name).
func sharedTails(a, b *Item) int {
	n, _ := overlap(a.nameTails, b.nameTails)
	return n
}

// A wording that scores at least minOrderedScore, short of JoinScore, joins
// when it prints at least minOrdered shared terms in the same order as the
// other (news dev: on the claim pairs of the gold clusters, recall of Score
// 0.593 → 0.613 for precision 0.926 → 0.922; a floor of 0.25 adds nothing,
// five terms instead of four a quarter of the gain).
const (
	minOrderedScore = 0.3
	minOrdered      = 4
)

// orderedShared is the length of the longest sequence of terms that a and b
// both print in that order (a longest common subsequence of their terms in
// text order, each term at its first use).
func orderedShared(a, b *Item) int {
	x, y := a.seq, b.seq
	var buf [2 * rowsOnStack]int32
	prev, cur := rows(buf[:], len(y)+1)
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			switch {
			case x[i-1] == y[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return int(prev[len(y)])
}

// rowsOnStack is the longest row of a table (sharedRun, orderedShared) kept
// on the stack: a claim's words rarely number more, and two rows made for
// every pair that reached them were most of Score's garbage.
const rowsOnStack = 64

// rows returns two zeroed rows of n counts, cut from buf when it has room.
func rows(buf []int32, n int) (prev, cur []int32) {
	if 2*n > len(buf) {
		buf = make([]int32, 2*n)
	}
	return buf[:n:n], buf[n : 2*n : 2*n]
}

// Score's representation. A new claim is compared with up to a few hundred
// stored ones, drawn from an index of hundreds of thousands: each candidate's
// fields are a cache miss on first read, and each string or slice one more.
// scoreHead is what Score reads of every pair, together at the head of the
// Item; the terms are one array of hashes with their weights.

// scoreHead is derived from an Item's ID, article, terms, speaker key and
// type, text, figures and measure; but negs, which NewItem counts and
// Score reads with the rest of the head.
type scoreHead struct {
	idHash  uint64 // hash of ID: most pairs differ there without reading ID
	sig     termSig
	speaker speakerHead
	// articleHash, normHash: hashes of ArticleID and norm, compared before
	// them (a store's article ids are URLs that differ in their last bytes).
	articleHash, normHash uint64
	negs                  int   // negations in Text
	nNums                 int32 // len(nums)
	measureID             uint8 // 1+ the index of measure in measureClasses, 0 for none or another
}

// termSig has bit h%sigBits set for the hash h of each term: two items
// whose signatures share no bit share no term. 64 bits told few pairs
// apart (two claims of a dozen terms each set bits in common 9 times in
// 10 even with no term in common); 256 tell most.
type termSig [sigBits / 64]uint64

const sigBits = 256

// add sets h's bit (from bit 1 up: a termID's bit 0 is its weight).
func (s *termSig) add(h uint64) {
	b := (h >> 1) % sigBits
	s[b/64] |= 1 << (b % 64)
}

func (s *termSig) meets(t *termSig) bool {
	var m uint64
	for i := range s {
		m |= s[i] & t[i]
	}
	return m != 0
}

// speakerHead is what speakers reads of a key before the key itself.
type speakerHead struct {
	key    string // the SpeakerKey these were derived from (set after derive, the key is read instead)
	hash   uint64 // fnv64(key)
	last   uint64 // fnv64(lastWord(key))
	mask   uint64 // bit fnv64(w)%64 set for each word w of key (wordsWithin)
	words  int    // wordCount(key)
	person bool   // isPerson
}

// wordMask has the bit of each word of a key set: a key whose mask has a
// bit the other's lacks has a word the other lacks.
func wordMask(key string) uint64 {
	var m uint64
	for key != "" {
		var w string
		w, key, _ = strings.Cut(key, " ")
		if w != "" {
			m |= 1 << (fnv64(w, termSeed) % 64)
		}
	}
	return m
}

// termID is a term's hash with its weight in the lowest bit (set for
// anchorWeight, clear for 1): the terms and their weights in one array,
// one cache miss. Sorted termIDs are sorted by hash (the bit only breaks
// ties between hashes that differ in it alone).
type termID uint64

func newTermID(t string, weight float64) termID {
	h := termID(fnv64(t, termSeed)) &^ 1
	switch weight {
	case 1:
		return h
	case anchorWeight:
		return h | 1
	}
	panic(fmt.Sprintf("group: term %q of weight %v (only 1 and anchorWeight are packed)", t, weight))
}

func (t termID) hash() uint64 { return uint64(t &^ 1) }

func (t termID) weight() float64 {
	if t&1 != 0 {
		return anchorWeight
	}
	return 1
}

// derive computes the fields Score reads in place of strings, from ID,
// terms, weights, SpeakerKey and SpeakerType. Sums of the weights (1 or
// anchorWeight) over integers are exact in any order, so Score merges in
// hash order and gets the same figures as in term order.
func (it *Item) derive() {
	it.scoreHead = scoreHead{idHash: fnv64(it.ID, termSeed), negs: it.negs,
		articleHash: fnv64(it.ArticleID, termSeed), normHash: fnv64(it.norm, termSeed),
		nNums: int32(len(it.nums)), measureID: measureIndex(it.measure)}
	key := it.SpeakerKey
	it.speaker = speakerHead{key: key, hash: fnv64(key, termSeed), last: fnv64(lastWord(key), termSeed),
		mask: wordMask(key), words: wordCount(key), person: isPerson(it)}
	it.quotedTerms = quotedTermsOf(it.quoted)
	it.termIDs = nil
	if len(it.terms) == 0 {
		return
	}
	it.termIDs = make([]termID, len(it.terms))
	for i, t := range it.terms {
		it.termIDs[i] = newTermID(t, it.weights[i])
		it.sig.add(it.termIDs[i].hash())
	}
	slices.Sort(it.termIDs)
}

// measureIndex is 1+ the index of class in measureClasses, 0 for "" or
// another.
func measureIndex(class string) uint8 {
	for i, mc := range measureClasses {
		if mc.class == class {
			return uint8(i + 1)
		}
	}
	return 0
}

// sharedTerms is the number of terms a and b share and the sum of the
// heavier weight of each.
func sharedTerms(a, b []termID) (n int, weight float64) {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		x, y := a[i].hash(), b[j].hash()
		switch {
		case x == y:
			n++
			weight += max(a[i].weight(), b[j].weight())
			i++
			j++
		case x < y:
			i++
		default:
			j++
		}
	}
	return n, weight
}

// Near reports whether a and b, credited to one speaker in two articles,
// share at least minNearShared terms (a name of several words counting
// once) and may be one statement (Compatible): too few shared words to
// join on (Score), but a claim near every member of a cluster is another
// wording of the statement they share (minNeighbours). The store keeps near
// candidates for Fit along with those that score.
func Near(a, b *Item) bool {
	if !a.sig.meets(&b.sig) || sameArticle(a, b) {
		return false
	}
	if sp := speakers(a, b); sp != speakerSame || !compatible(a, b, sp) {
		return false
	}
	inter, wi := sharedTerms(a.termIDs, b.termIDs)
	return distinctShared(a, b, inter, wi) >= minNearShared
}

// comparedEnough reports whether a claim compared with n of a cluster's
// size members (the representative counted) saw enough of it for the
// neighbourhood rule when it is alike one of them: the members a claim is
// not compared with share fewer than two terms with it. A statement
// translated by many desks gathers wordings that drift apart, and a new
// wording of it shares two words with most of them but one word or none
// with some; asking it to be near every member turns it away from any
// cluster that grew large. Near two thirds of the cluster, near every
// member it was compared with and alike one of them, it joins. (News dev,
// store harness: pair F1 in file order 0.828 -> 0.836, recall 0.722 ->
// 0.735, precision 0.970 -> 0.971; mean of 6 shuffled orders 0.745 ->
// 0.748, one order of the 6 lower, 0.747 -> 0.739, where a statement of
// the speaker on the same topic joined. Near half the cluster: shuffled
// mean 0.746, more wrong pairs; three quarters: file order 0.841.)
func comparedEnough(n, size int) bool {
	return 3*n >= 2*size
}

// minPartialTerms is how many terms a claim needs for comparedEnough: a
// wording of four terms or fewer (a truncated quote, a clipped report)
// shares two of them with most of what its speaker said on the story, so
// being near most of a cluster tells nothing of it. (News dev, pipeline
// runs side by side: pair F1 0.806–0.856, mean 0.835 over 11 runs without
// it, 0.837–0.850, mean 0.843 over 5 with it: a clipped four-term report
// no longer joins another statement's cluster through a member that
// states both; store harness: file order 0.851 unchanged, mean of 12
// shuffled orders 0.754 -> 0.752.)
const minPartialTerms = 5

// minNearShared is how many terms make two claims of one speaker near.
const minNearShared = 2

// wordings counts the distinct wordings among a candidate's representative
// and members: copies of one sentence count once (minNeighbours).
func wordings(c *Candidate) int {
	if c.Rep == nil {
		return distinctWordings(c.Members)
	}
	return distinctWordings([]*Item{c.Rep}, c.Members)
}

// distinctWordings counts the wordings of the lists, copies of one
// sentence once.
func distinctWordings(lists ...[]*Item) int {
	var seen []*Item
	for _, l := range lists {
		for _, m := range l {
			if !slices.ContainsFunc(seen, func(x *Item) bool { return x.normHash == m.normHash && x.norm == m.norm }) {
				seen = append(seen, m)
			}
		}
	}
	return len(seen)
}

// minNeighbours is how many wordings a cluster must print for the
// neighbourhood rule of Fit: a claim near (Near) or alike every member of
// the cluster joins it. Translations of one remark by different desks
// share two words with each other wording, not always the same two ("the
// new quay will drown the old harbour", "the old harbour will sink under
// the quay", "the quay plan sinks the harbour"): each pair is short of the
// three shared terms Score asks, yet together they are one statement. A
// claim that shares two words with some members only is another statement
// of the speaker on the same topic, and stays apart. (News dev, store
// harness: pair F1 in file order 0.786 -> 0.808, mean of 12 shuffled
// orders 0.737 -> 0.740; over the 13 orders, wrong pairs 52.4 -> 51.9 and
// missed pairs 285.7 -> 281.6 on average. Counting copies of one wording
// as several: 0.815 and 0.741, but a second statement that shares two
// topic words with one sentence three outlets printed joined it. With
// copies counted, near half the members: 0.816 and 0.741, wrong pairs
// 71.8; near every member of a cluster of two or more: 0.800 and 0.745,
// 58.4 wrong; of four or more: 0.808 and 0.737.)
const minNeighbours = 3
