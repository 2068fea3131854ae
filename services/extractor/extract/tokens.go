package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tok is a word or a punctuation mark of a sentence, with absolute byte
// offsets into Article.Text.
type tok struct {
	s, l       string // as written, lower-case
	start, end int
	word       bool // starts with a letter or digit
	capz       bool // starts with an upper-case letter
	q          int  // index of the quotation holding it, -1 outside quotes
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// tokenize splits text[from:to] into tokens. Words keep inner hyphens and
// apostrophes ("Kabul-based", "Pakistan’s", "didn't") and the dots of
// letter abbreviations ("U.S."); everything else is one token per rune.
func tokenize(text string, from, to int) []tok {
	out := make([]tok, 0, (to-from)/4+4)
	// one lower-casing per sentence; tokens slice it when the byte lengths
	// agree (they do except for a few special Unicode letters)
	lowered := strings.ToLower(text[from:to])
	sameLen := len(lowered) == to-from
	lower := func(i, j int) string {
		if sameLen {
			return lowered[i-from : j-from]
		}
		return strings.ToLower(text[i:j])
	}
	i := from
	for i < to {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		if !isWordRune(r) {
			// a free-standing ampersand between capitalised words is part
			// of a name ("Brick & Mortar", "Procter & Gamble"): it counts
			// as a capitalised word so that name grammar keeps it
			amp := r == '&' && len(out) > 0 && out[len(out)-1].capz && i+n+1 < to && text[i+n] == ' ' && unicode.IsUpper(rune(text[i+n+1]))
			out = append(out, tok{s: text[i : i+n], l: text[i : i+n], start: i, end: i + n, q: -1, word: amp, capz: amp})
			i += n
			continue
		}
		j := i + n
		letters := 1 // letters since the last dot, for U.S.-style words
		dotted := false
		for j < to {
			r, m := utf8.DecodeRuneInString(text[j:])
			if isWordRune(r) {
				j += m
				letters++
				continue
			}
			if r == '-' || r == '\'' || r == '’' || r == '&' || r == '.' {
				nr, _ := utf8.DecodeRuneInString(text[j+m:])
				if j+m < to && isWordRune(nr) {
					if r == '.' && isDomain(text[j+m:to]) {
						j += m // "Dawn.com", "news.gov.pk"
						letters = 0
						continue
					}
					if r == '.' && (letters != 1 || !unicode.IsLetter(nr)) {
						break
					}
					if r == '.' {
						dotted = true
						letters = 0
					}
					j += m
					continue
				}
				if r == '.' && dotted && letters == 1 {
					j += m // final dot of "U.S."
				}
			}
			break
		}
		out = append(out, tok{s: text[i:j], l: lower(i, j), start: i, end: j, word: true, capz: unicode.IsUpper(r), q: -1})
		i = j
	}
	return out
}

// possessive returns the word without a possessive ending and whether it had one.
func possessive(t tok) (string, bool) {
	for _, suf := range []string{"’s", "'s"} {
		if strings.HasSuffix(t.s, suf) && len(t.s) > len(suf) {
			return t.s[:len(t.s)-len(suf)], true
		}
	}
	return t.s, false
}

func isInitial(t tok) bool {
	r, n := utf8.DecodeRuneInString(t.s)
	return t.word && n == len(t.s) && unicode.IsUpper(r)
}

// isDomain reports whether s starts with a top-level or second-level
// domain label ending the word ("com", "co.uk", "pk").
func isDomain(s string) bool {
	for _, tld := range []string{"com", "net", "org", "pk", "in", "co", "uk", "af", "io", "tv", "gov", "news", "info"} {
		if strings.HasPrefix(s, tld) {
			rest := s[len(tld):]
			if rest == "" {
				return true
			}
			r, _ := utf8.DecodeRuneInString(rest)
			if !isWordRune(r) {
				return true
			}
		}
	}
	return false
}
