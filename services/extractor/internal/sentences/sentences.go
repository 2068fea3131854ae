// Package sentences splits a paragraph of news text into sentences, keeping
// byte offsets. It is rule-based: a sentence ends at . ! ? (after any closing
// quotes or brackets) followed by space and an upper-case letter, a digit or
// an opening quote — unless the full stop belongs to an abbreviation, an
// initial or a decimal, or lies inside a quotation that closes later in the
// paragraph (a quote of several sentences stays with its attribution).
package sentences

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a half-open byte range [Start, End) of the text given to Split.
type Span struct{ Start, End int }

// neverFinal are abbreviations that almost never end a sentence: titles and
// name prefixes come before a name ("Maj. Gen. Asim", "Dr. Rao").
var neverFinal = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "maj": true,
	"col": true, "lt": true, "sgt": true, "capt": true, "cpt": true, "cmdr": true, "adm": true,
	"gov": true, "sen": true, "rep": true, "st": true, "mt": true, "ft": true, "rev": true,
	"hon": true, "pres": true, "brig": true, "cdr": true, "supt": true, "insp": true,
	"no": true, "nos": true, "vs": true, "v": true, "approx": true, "fig": true, "vol": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "e.g": true, "i.e": true,
	"rs": true, "re": true, "est": true, "ave": true, "dept": true, "govt": true, "assn": true,
}

// maybeFinal are abbreviations that often end a sentence too ("… with the
// U.S. The talks …"): they end one only when the next word is a typical
// sentence opener.
var maybeFinal = map[string]bool{
	"u.s": true, "u.k": true, "u.n": true, "e.u": true, "inc": true, "ltd": true, "co": true,
	"corp": true, "jr": true, "sr": true, "etc": true, "a.m": true, "p.m": true, "bros": true,
}

// openers are words that typically start a sentence; used to decide whether
// a maybeFinal abbreviation ends one.
var openers = map[string]bool{
	"the": true, "a": true, "an": true, "this": true, "that": true, "these": true, "those": true,
	"it": true, "he": true, "she": true, "they": true, "we": true, "i": true, "you": true,
	"but": true, "and": true, "in": true, "on": true, "at": true, "for": true, "however": true,
	"meanwhile": true, "his": true, "her": true, "their": true, "its": true, "our": true,
	"there": true, "after": true, "before": true, "while": true, "when": true, "if": true,
	"as": true, "according": true, "officials": true, "analysts": true,
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '»', '›':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '(', '[', '«', '‹':
		return true
	}
	return false
}

// Split returns the sentences of para as spans offset by base (so that a
// caller passing a paragraph's position in a larger text gets offsets into
// that text). protected spans (offsets including base) are never split
// inside. Spans are trimmed of surrounding white space; empty ones dropped.
func Split(para string, base int, protected []Span) []Span {
	var out []Span
	start := 0
	emit := func(end int) {
		s, e := start, end
		for s < e {
			r, n := utf8.DecodeRuneInString(para[s:])
			if !unicode.IsSpace(r) {
				break
			}
			s += n
		}
		for e > s {
			r, n := utf8.DecodeLastRuneInString(para[:e])
			if !unicode.IsSpace(r) {
				break
			}
			e -= n
		}
		if e > s {
			out = append(out, Span{base + s, base + e})
		}
		start = end
	}
	for i := 0; i < len(para); {
		c := para[i]
		if c < utf8.RuneSelf && c != '.' && c != '!' && c != '?' {
			i++ // most bytes: ASCII and no terminator, nothing to decode
			continue
		}
		if c != '.' && c != '!' && c != '?' && !strings.HasPrefix(para[i:], "…") {
			_, n := utf8.DecodeRuneInString(para[i:])
			i += n
			continue
		}
		// j: past the terminator run and any closing quotes/brackets.
		j := i
		for j < len(para) {
			r, n := utf8.DecodeRuneInString(para[j:])
			if r == '.' || r == '!' || r == '?' || r == '…' || isCloser(r) {
				j += n
				continue
			}
			break
		}
		next := i + 1
		if j >= len(para) {
			break
		}
		r, rn := utf8.DecodeRuneInString(para[j:])
		if !unicode.IsSpace(r) {
			// a missing space before an opening quotation ("rights.“We
			// will …") still ends the sentence: an opening curly mark
			// and a capital after a stop can start nothing else
			if (r == '“' || r == '«') && j+rn < len(para) && !inside(base+i, base+j, protected) {
				if nr, _ := utf8.DecodeRuneInString(para[j+rn:]); unicode.IsUpper(nr) && (c != '.' || abbreviationEnds(para[:i], para[j+rn:])) {
					emit(j)
					i = j
					continue
				}
			}
			i = max(j, next)
			continue
		}
		k := j
		for k < len(para) {
			r, n := utf8.DecodeRuneInString(para[k:])
			if !unicode.IsSpace(r) {
				break
			}
			k += n
		}
		if k >= len(para) {
			break
		}
		nr, _ := utf8.DecodeRuneInString(para[k:])
		if !(unicode.IsUpper(nr) || unicode.IsDigit(nr) || isOpener(nr)) {
			i = j
			continue
		}
		if inside(base+i, base+j, protected) {
			i = j
			continue
		}
		if c == '.' && !abbreviationEnds(para[:i], para[k:]) {
			i = j
			continue
		}
		emit(j)
		i = j
	}
	emit(len(para))
	return out
}

// inside reports whether a terminator at [i, j) lies within a protected
// span that continues past it.
func inside(i, j int, protected []Span) bool {
	for _, p := range protected {
		if p.Start < i && j < p.End {
			return true
		}
	}
	return false
}

// abbreviationEnds decides whether the full stop ending before is a
// sentence end, given the text after the following space.
func abbreviationEnds(before, after string) bool {
	w := lastWord(before)
	if w == "" {
		return true
	}
	lw := strings.ToLower(w)
	// A single capital letter is an initial ("Ali M. Latifi").
	if r, n := utf8.DecodeRuneInString(w); n == len(w) && unicode.IsUpper(r) {
		return false
	}
	if neverFinal[lw] {
		return false
	}
	if maybeFinal[lw] || strings.Contains(lw, ".") {
		return openers[strings.ToLower(firstWord(after))]
	}
	return true
}

// lastWord is the run of letters and inner dots ending s ("U.S" in "the U.S").
func lastWord(s string) string {
	i := len(s)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsLetter(r) || (r == '.' && i-n > 0) {
			i -= n
			continue
		}
		break
	}
	return strings.Trim(s[i:], ".")
}

func firstWord(s string) string {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			break
		}
		i += n
	}
	return s[:i]
}
