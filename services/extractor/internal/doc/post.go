package doc

import (
	"regexp"
	"strings"
)

// postSignature is the signature an embedded social-media post ends with
// ("… — Ana Lima (@analima) May 3, 2024"): a dash, the author's display
// name, the handle in brackets and the date. Why: an embedded post's text
// is the author's own words, printed without quotation marks, and its
// line does not end like a sentence.
var postSignature = regexp.MustCompile(`[—―–]\s*([^—―–()\n]{1,60}?)\s*\(@\w{1,30}\)\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}\s*$`)

// PostSignature finds an embedded post's signature at the end of line: the
// offset of its dash and the span of the author's name, ok false when the
// line does not end in one.
func PostSignature(line string) (dash, nameStart, nameEnd int, ok bool) {
	// every signature holds "(@": without it the expression cannot match,
	// and trying it from every position of every line was a good share of
	// an article's time (the regexp has no literal prefix to skip ahead by)
	if !strings.Contains(line, "(@") {
		return 0, 0, 0, false
	}
	m := postSignature.FindStringSubmatchIndex(line)
	if m == nil {
		return 0, 0, 0, false
	}
	return m[0], m[2], m[3], true
}
