package group

import "slices"

// Quoted labels. A report often puts two or three of its speaker's words in
// quotation marks and says in its own words what they were about ("the
// “real cartel” took shape only after the auditor hinted at bribes"). The
// quoted words are a label the speaker used, and every wording of the
// speaker that uses the label prints them too, whatever statement it
// makes: one more word of the story ("the harbour", "the case") then made
// three shared terms, enough for Score to join the report to a statement
// it does not report. So a label counts as one term, as a name of several
// words does (sharedTails), in Score's three shared terms and in Near's
// two; but not when
//   - the other wording quotes words of the label too: two outlets that
//     quote the same words of a speaker are what ties two wordings of one
//     statement;
//   - the report says little besides the label (fewer than minLabelContext
//     terms outside it): "called for a 'swift and open' inquiry" reports
//     the statement the label comes from;
//   - the two share a name or a figure: the label with whom or what it is
//     about ("put an end to “the grain cartel” of Lower Ammar") is more
//     than a topic.
//
// (News dev, store harness: mean of 12 shuffled orders 0.8297 -> 0.8358,
// worst 0.812 -> 0.822, seven orders higher, none lower; of 30 orders
// 0.8238 -> 0.8299, worst 0.756 -> 0.762, 21 higher, none lower; file
// order 0.876 unchanged; seeds 0.963 unchanged. Without the exception for
// a report that says little besides the label, file order 0.873 and mean
// 0.8341; minLabelContext 3 to 5 give the same, 6 a mean of 0.8335.
// Applied to Score alone, not Near: mean 0.8332, worst 0.812, the report
// joining through Fit's neighbourhood instead. The exception for a shared
// name or figure leaves the harness unchanged.)

// minLabelContext is how many terms a claim needs outside a label it quotes
// for the label to count as one term (see above).
const minLabelContext = 4

// quotedTermsOf returns the content terms of each quoted run, in the order
// of the runs (an empty list for a run without any).
func quotedTermsOf(quoted [][]string) [][]string {
	if len(quoted) == 0 {
		return nil
	}
	out := make([][]string, len(quoted))
	for i, q := range quoted {
		for _, w := range q {
			if t, ok := contentTerm(w); ok {
				out[i] = append(out[i], t)
			}
		}
	}
	return out
}

// distinctShared is how many of the inter terms a and b share (of weight
// wi) count apart, as Score and Near weigh them: a name of several words
// once (sharedTails), and a label a report quotes once (withoutLabels)
// unless a name or a figure is among the shared terms, which weigh more
// than one each (wi above inter).
func distinctShared(a, b *Item, inter int, wi float64) int {
	return withoutLabels(a, b, inter-sharedTails(a, b), wi > float64(inter))
}

// withoutLabels is n, a count of terms a and b share (names of several
// words counted once), with each label that a or b quotes counted once
// (labelTails), unless a name or a figure is among the terms they share
// (anchored).
func withoutLabels(a, b *Item, n int, anchored bool) int {
	if anchored || len(a.quotedTerms) == 0 && len(b.quotedTerms) == 0 {
		return n
	}
	return n - labelTails(a, b) - labelTails(b, a)
}

// labelTails counts the terms of b that continue a label a quotes: a run
// of maxFragmentWords words or fewer in quotation marks, beyond its first
// term. Terms that continue a name are left to sharedTails; labels that b
// quotes too, or that a says little besides, count whole.
func labelTails(a, b *Item) int {
	n := 0
	for i, l := range a.quotedTerms {
		if len(a.quoted[i]) > maxFragmentWords || len(l) < 2 || len(a.terms)-len(l) < minLabelContext || quotesAny(b, l) {
			continue
		}
		for _, t := range l[1:] {
			if _, ok := slices.BinarySearch(a.nameTails, t); ok {
				continue
			}
			if _, ok := slices.BinarySearch(b.terms, t); ok {
				n++
			}
		}
	}
	return n
}

// quotesAny reports whether it prints any of terms in quotation marks.
func quotesAny(it *Item, terms []string) bool {
	for _, q := range it.quotedTerms {
		for _, t := range q {
			if slices.Contains(terms, t) {
				return true
			}
		}
	}
	return false
}
