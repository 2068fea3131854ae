package contract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SpeakerKey returns the cross-article merge key of a speaker name. The
// extractor stamps it on Speaker.Key and the indexer groups, filters and
// links speakers by it, so both sides must use this one function.
//
// Two spellings of one name must share a key; two different people must
// not, because merging different people is worse for an analyst than
// leaving two spellings apart. The folds:
//
//   - lower-case, Latin accents dropped (é → e);
//   - punctuation separates words ("Ali M. Latifi" = "Ali M Latifi",
//     "Dong-young" = "Dong young") except apostrophes, which are dropped
//     ("O'Brien" = "OBrien"); a final possessive 's is dropped;
//   - single-letter initials are dropped: outlets disagree on middle
//     initials far more often than two people share a first and last name;
//   - leading honorifics and titles are dropped when a name remains
//     ("President Lena Brandt" = "Lena Brandt"): outlets differ in whether
//     they keep one;
//   - each word is folded for romanisation and spelling variants of the
//     same sound: doubled letters single (Hassan/Hasan), ee→i, oo→u, ou→u
//     (Yousuf/Yusuf), q→k, ck→k, ph→f, a final -our as -or
//     (Harbour/Harbor), a vowel-a before w+vowel after a consonant dropped
//     (Khawaja/Khwaja), a final h after a vowel dropped (Fatimah/Fatima), and
//     the Muhammad family (Mohammed, Mohamad …) unified.
//
// Vowels are otherwise kept: "Dan Smith" and "Don Smith" are two people.
// The key is idempotent: SpeakerKey(SpeakerKey(n)) == SpeakerKey(n).
func SpeakerKey(name string) string {
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() == 0 {
			return
		}
		// folded first, so that a re-keyed key drops exactly what the
		// first pass dropped (idempotence)
		if w := foldWord(b.String()); utf8.RuneCountInString(w) > 1 {
			words = append(words, w)
		}
		b.Reset()
	}
	lower := strings.ToLower(strings.TrimSpace(name))
	lower = strings.TrimSuffix(strings.TrimSuffix(lower, "’s"), "'s")
	for _, r := range lower {
		if r == '\'' || r == '’' {
			continue // O'Brien = OBrien; an inner possessor stays one word
		}
		r = unaccent(r)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			continue
		}
		flush()
	}
	flush()
	lead := 0
	for lead < len(words)-1 && honorifics[words[lead]] {
		lead++
	}
	kept := words[lead:]
	return strings.Join(kept, " ")
}

// honorifics are titles that outlets add to or drop from one person's name.
// They are compared after folding, like every word of a key.
var honorifics = foldAll(map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "sir": true, "dame": true, "lord": true,
	"president": true, "minister": true, "prime": true, "premier": true, "chancellor": true,
	"senator": true, "sen": true, "rep": true, "representative": true, "gov": true, "governor": true,
	"mayor": true, "general": true, "gen": true, "colonel": true, "col": true, "major": true,
	"prof": true, "professor": true, "sheikh": true, "former": true, "the": true,
})

// foldAll keys a word set by folded words, the form SpeakerKey compares.
func foldAll(words map[string]bool) map[string]bool {
	out := make(map[string]bool, len(words))
	for w := range words {
		out[foldWord(w)] = true
	}
	return out
}

var muhammad = map[string]bool{
	"muhammad": true, "mohammad": true, "mohammed": true, "muhammed": true, "mohamed": true,
	"mohamad": true, "muhamad": true, "mohammod": true, "mohd": true,
}

func isVowel(c rune) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// foldWord applies foldOnce until nothing changes, so that a key folds to
// itself (the rewrites can expose one another: "cq" → "ck" → "k").
func foldWord(t string) string {
	for {
		f := foldOnce(t)
		if f == t {
			return f
		}
		t = f
	}
}

func foldOnce(t string) string {
	if muhammad[t] {
		return "muhamad"
	}
	if strings.HasSuffix(t, "our") && len(t) > 4 {
		t = t[:len(t)-3] + "or" // British -our: harbour, labour, honour
	}
	r := []rune(t)
	// multi-letter rewrites in one pass: ph→f, ee→i, oo→u, ou→u, ck→k, q→k
	s := make([]rune, 0, len(r))
	for i := 0; i < len(r); i++ {
		c := r[i]
		var n rune
		if i+1 < len(r) {
			n = r[i+1]
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
	if r == 'ß' {
		return 's'
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
