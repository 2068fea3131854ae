// Package quotes finds quotation spans in a paragraph: curly or straight
// double quotes, guillemets, and single quotes used as the outer quote marks
// (British style). Single quotes inside a double-quoted span are nested
// quotes and stay part of it. A double quote still open at the end of the
// paragraph is reported as unclosed: in news style a quotation running over
// several paragraphs leaves each but the last open.
package quotes

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quote is one quotation. Offsets are into the text given to Find plus base.
type Quote struct {
	Start, End           int // including the quote marks (End = paragraph end when unclosed)
	InnerStart, InnerEnd int // the quoted words
	Closed               bool
	Single               bool // delimited by single quote marks
}

// mark classes
const (
	none = iota
	openD
	closeD
	eitherD
	openS
	closeS
	eitherS
)

func class(r rune) int {
	switch r {
	case '“', '„', '«':
		return openD
	case '”', '»':
		return closeD
	case '"', '″', '‟':
		return eitherD
	case '‘', '‹':
		return openS
	case '’', '›':
		return closeS
	case '\'':
		return eitherS
	}
	return none
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// minHeadless is the least words a paragraph must run before a closing
// mark that nothing opened for the mark to close a quotation from the
// paragraph's start: a stray mark after a few words is noise.
const minHeadless = 8

// Find returns the quotations of para in order, offsets shifted by base.
func Find(para string, base int) []Quote {
	var out []Quote
	open := -1 // byte offset of an open double quote
	openLen := 0
	inner := 0    // curly quotations open inside a straight one
	sOpen := -1   // byte offset of an open single quote at top level
	sOpenLen := 0 // its length
	prev := ' '
	for i := 0; i < len(para); {
		// an ASCII byte other than the two straight marks is no mark
		// (class none): it only becomes prev. Most bytes of a paragraph
		// take this path, without decoding the rune after them.
		if b := para[i]; b < utf8.RuneSelf && b != '"' && b != '\'' {
			prev = rune(b)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(para[i:])
		c := class(r)
		if r == '\'' && i+1 < len(para) && para[i+1] == '\'' {
			// two apostrophes for a double quote mark, as some archives print it
			c, n = eitherD, 2
		}
		next, _ := utf8.DecodeRuneInString(para[i+n:])
		if i+n >= len(para) {
			next = ' '
		}
		switch {
		case c == openD || c == closeD || c == eitherD:
			if open < 0 {
				// A closing curly mark with nothing open is a stray; an
				// opener must be followed by something quotable.
				// (an unambiguous opening mark may be followed by a space: “ So …)
				if c != closeD && (!unicode.IsSpace(next) || c == openD && i+n < len(para)) {
					open, openLen = i, n
					sOpen = -1
				} else if c != openD && len(out) == 0 && sOpen < 0 && strings.ContainsRune(".,!?…", prev) && (i+n >= len(para) || unicode.IsSpace(next)) && len(strings.Fields(para[:i])) >= minHeadless {
					// a closing mark after the punctuation that ends a
					// quotation, with no mark before it in the paragraph: the
					// opening mark was lost and the quotation starts with
					// the paragraph (a statement printed as a block)
					out = append(out, Quote{Start: base, End: base + i + n, InnerStart: base, InnerEnd: base + i, Closed: true})
				} else if c == closeD && !isWordRune(prev) && isWordRune(next) && strings.ContainsAny(para[i+n:], "”\"") {
					// a closing mark turned the wrong way opens a quotation
					// when a word follows it and a mark closes it later in
					// the paragraph (”We will …” ― a typesetting slip)
					open, openLen = i, n
					sOpen = -1
				}
			} else {
				// Inside a quotation opened by a straight mark, curly marks
				// quote someone within it ("… the question: “Do you …?”
				// Forty said yes."): its closing mark closes that one only.
				// (only when words stand between the two openers and a
				// straight mark still closes the outer one after it: a
				// stray straight mark before a paragraph's “ quotes nothing)
				straight := openLen == 1 && para[open] == '"'
				if straight && c == openD && isWordRune(next) && i > open+1 && closesAfter(para[i:]) {
					inner++
				} else if straight && c == closeD && inner > 0 {
					inner--
				} else if c != openD || !isWordRune(next) || !unicode.IsSpace(prev) {
					// Inside a quote any double mark closes it if it is not
					// followed by a word character (some sites use “ for both).
					out = append(out, Quote{Start: base + open, End: base + i + n, InnerStart: base + open + openLen, InnerEnd: base + i, Closed: true})
					open = -1
					inner = 0
				}
			}
		case open < 0 && (c == openS || c == eitherS) && sOpen < 0 && !isWordRune(prev) && isWordRune(next):
			sOpen, sOpenLen = i, n
		case open < 0 && (c == closeS || c == eitherS) && sOpen >= 0 && !isWordRune(next) && !unicode.IsSpace(prev):
			// A closing single mark after "s" followed by a space may be a
			// plural possessive; accept it only if the span is short enough
			// to be a quotation rather than a run of prose between two
			// apostrophes.
			if i-sOpen < 400 {
				out = append(out, Quote{Start: base + sOpen, End: base + i + n, InnerStart: base + sOpen + sOpenLen, InnerEnd: base + i, Closed: true, Single: true})
			}
			sOpen = -1
		}
		prev = r
		i += n
	}
	if open >= 0 {
		n := openLen
		end := len(para)
		for end > open+n {
			r, m := utf8.DecodeLastRuneInString(para[:end])
			if !unicode.IsSpace(r) {
				break
			}
			end -= m
		}
		out = append(out, Quote{Start: base + open, End: base + len(para), InnerStart: base + open + n, InnerEnd: base + end})
	}
	return out
}

// closesAfter reports whether a curly closing mark in rest is followed,
// later in rest, by a straight double mark: a curly quotation that opens
// at the start of rest closes inside a straight one that goes on.
func closesAfter(rest string) bool {
	k := strings.Index(rest, "”")
	return k >= 0 && strings.IndexByte(rest[k:], '"') >= 0
}
