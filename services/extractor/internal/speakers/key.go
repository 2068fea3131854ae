// Package speakers holds what the extractor knows about who speaks: the
// canonical key that merges spelling variants of a name across articles,
// and the word lists (titles, roles, media, anonymous-source heads) the
// attribution code reads.
package speakers

import (
	"strings"
	"unicode"
)

// Key returns the cross-article merge key of a speaker name. Two spellings
// of one name must share a key; two different names should not. The rule:
//
//   - lower-case, Latin accents dropped (é → e);
//   - punctuation becomes a separator ("Ali M. Latifi" = "Ali M Latifi",
//     "Dong-young" = "Dong young"), possessive 's dropped;
//   - single-letter initials dropped ("Ali M Latifi" = "Ali Latifi"): outlets
//     disagree on middle initials far more often than two people share a
//     first and last name;
//   - each token folded for common romanisation variants of the same sound:
//     doubled letters single (Hassan/Hasan), ee→i, oo→u, ou→u (Yousuf/Yusuf),
//     q→k (Qasim/Kasim), ph→f, a vowel before w+vowel after a consonant
//     dropped (Khawaja/Khwaja), a final h after a vowel dropped
//     (Fatimah/Fatima), and the Muhammad family (Mohammed, Mohamad …) unified.
//
// The folds are deliberately few: merging different people is worse for an
// analyst than leaving two spellings apart.
func Key(name string) string {
	var b strings.Builder
	var toks []string
	flush := func() {
		if b.Len() == 0 {
			return
		}
		t := b.String()
		b.Reset()
		if len([]rune(t)) == 1 {
			return
		}
		toks = append(toks, foldToken(t))
	}
	lower := strings.ToLower(name)
	lower = strings.ReplaceAll(lower, "’s ", " ")
	lower = strings.ReplaceAll(lower, "'s ", " ")
	lower = strings.TrimSuffix(strings.TrimSuffix(lower, "’s"), "'s")
	for _, r := range lower {
		r = unaccent(r)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			continue
		}
		flush()
	}
	flush()
	return strings.Join(toks, " ")
}

var muhammad = map[string]bool{
	"muhammad": true, "mohammad": true, "mohammed": true, "muhammed": true, "mohamed": true,
	"mohamad": true, "muhamad": true, "mohammod": true, "mohd": true,
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

func foldToken(t string) string {
	if muhammad[t] {
		return "muhamad"
	}
	// multi-letter rewrites in one pass: ph→f, ee→i, oo→u, ou→u, ck→k, q→k
	s := make([]byte, 0, len(t))
	for i := 0; i < len(t); i++ {
		c := t[i]
		var n byte
		if i+1 < len(t) {
			n = t[i+1]
		}
		switch {
		case c == 'p' && n == 'h':
			s = append(s, 'f')
			i++
		case c == 'e' && n == 'e':
			s = append(s, 'i')
			i++
		case c == 'o' && (n == 'o' || n == 'u'):
			s = append(s, 'u')
			i++
		case c == 'c' && n == 'k':
			s = append(s, 'k')
			i++
		case c == 'q':
			s = append(s, 'k')
		default:
			s = append(s, c)
		}
	}
	// consonant + a + w + vowel → consonant + w + vowel (Khawaja → Khwaja),
	// and doubled letters single, in one pass
	out := s[:0]
	for i := 0; i < len(s); i++ {
		if s[i] == 'a' && i > 0 && !isVowel(s[i-1]) && i+2 < len(s) && s[i+1] == 'w' && isVowel(s[i+2]) {
			continue
		}
		if len(out) > 0 && out[len(out)-1] == s[i] {
			continue
		}
		out = append(out, s[i])
	}
	if n := len(out); n > 2 && out[n-1] == 'h' && isVowel(out[n-2]) {
		out = out[:n-1]
	}
	return string(out)
}

// unaccent maps common Latin letters with diacritics to their base letter.
func unaccent(r rune) rune {
	if r < 0xC0 {
		return r
	}
	const from = "àáâãäåāăąçćčďèéêëēĕėęěìíîïīĭįıñńňòóôõöøōŏőùúûüūŭůűųýÿšśşżźžğł"
	const to = "aaaaaaaaacccdeeeeeeeeeiiiiiiiinnnoooooooooouuuuuuuuuyysssszzzgl"
	i := 0
	for _, f := range from {
		if f == r {
			return rune(to[i])
		}
		i++
	}
	return r
}
