package doc

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
)

// Token is a word or a punctuation mark, with byte offsets into the
// article text and its word classes, looked up once.
type Token struct {
	S, L       string // as written; lower-case
	Stem       string // L without a possessive ending ("pakistan’s" → "pakistan") or a pronoun's contraction ("she'd" → "she")
	Start, End int
	Word       bool // starts with a letter or digit
	Cap        bool // starts with an upper-case letter
	Upper      bool // two or more letters, all upper-case ("NYPD", "AND")
	Digit      bool // contains a digit
	Poss       bool // ends in a possessive 's
	// Common is set on a capitalised word whose lower-case form the
	// article also uses mid-sentence ("Enthusiastic" opening a sentence,
	// "enthusiastic" elsewhere): a common word, not a name.
	Common bool
	Quote  int // index of the quotation holding it, -1 outside quotes
	Tags   lexicon.Tag
}

// Is reports whether the token is the lower-case word w.
func (t Token) Is(w string) bool { return t.L == w }

// Has reports whether the token's classes include all of x.
func (t Token) Has(x lexicon.Tag) bool { return t.Tags.Has(x) }

// Any reports whether the token's classes include one of x.
func (t Token) Any(x lexicon.Tag) bool { return t.Tags.Any(x) }

// Punct reports whether the token is the punctuation mark p.
func (t Token) Punct(p string) bool { return !t.Word && t.S == p }

// IsQuoteMark reports whether the token is a quotation mark.
func (t Token) IsQuoteMark() bool {
	switch t.S {
	case "\"", "“", "”", "‘", "’", "'", "«", "»", "„":
		return true
	}
	return false
}

// IsDash reports whether the token is a dash used as punctuation.
func (t Token) IsDash() bool {
	return t.S == "—" || t.S == "–" || t.S == "―" || t.S == "-" || t.S == "--"
}

// Initial reports whether the token is one capital letter ("M" of "Ali M. Latifi").
func (t Token) Initial() bool {
	r, n := utf8.DecodeRuneInString(t.S)
	return t.Word && n == len(t.S) && unicode.IsUpper(r)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Tokenize splits text[from:to] into tagged tokens. Words keep inner
// hyphens and apostrophes ("Kabul-based", "Pakistan’s", "didn't"), the dots
// of letter abbreviations ("U.S.") and of domains ("Dawn.com"); every
// other character is a token of its own.
func Tokenize(text string, from, to int) []Token {
	return tokenize(make([]Token, 0, (to-from)/5+4), text, "", from, to)
}

// tokenize is Tokenize appending to out. lowered, when not "", is the
// whole of text lower-cased rune for rune with every rune's length kept
// (see lowerKeeping), so that lowered[i:j] is the lower case of
// text[i:j]; Parse lowers the article once instead of once per sentence.
func tokenize(out []Token, text, lowered string, from, to int) []Token {
	first := len(out) // (the tokens out already holds are not this text's)
	off := 0          // lowered[i-off] lower-cases text[i]
	sameLen := true
	if lowered == "" {
		lowered, off = lowerText(text[from:to]), from
		sameLen = len(lowered) == to-from
	}
	lower := func(i, j int) string {
		if sameLen {
			return lowered[i-off : j-off]
		}
		return strings.ToLower(text[i:j])
	}
	i := from
	for i < to {
		if text[i] == ' ' { // the commonest byte, before any decoding
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		if !isWordRune(r) {
			// a free-standing ampersand between capitalised words belongs
			// to a name ("Brick & Mortar"): it counts as a capitalised word
			amp := r == '&' && len(out) > first && out[len(out)-1].Cap && i+n+1 < to && text[i+n] == ' ' && unicode.IsUpper(rune(text[i+n+1]))
			s := text[i : i+n]
			if r == '-' && i+n < to && text[i+n] == '-' {
				s, n = "--", 2
			}
			out = append(out, Token{S: s, L: s, Stem: s, Start: i, End: i + n, Quote: -1, Word: amp, Cap: amp, Tags: lexicon.Tags(s)})
			i += n
			continue
		}
		j := wordEnd(text, i+n, to)
		if unicode.IsUpper(r) {
			j += bareApostrophe(text, j, to)
		}
		t := Token{S: text[i:j], L: lower(i, j), Start: i, End: j, Word: true, Cap: unicode.IsUpper(r), Quote: -1}
		finish(&t)
		out = append(out, t)
		i = j
	}
	return out
}

// lowerText is strings.ToLower(s), byte for byte (an invalid byte becomes
// U+FFFD in both), without strings.Map's per-rune function call: a
// sentence with one curly quotation mark is not ASCII, and strings.ToLower
// then mapped every rune of it. Unchanged runs are copied whole.
func lowerText(s string) string {
	var b []byte
	pos := 0 // s[pos:i] is unchanged and not yet copied to b
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				if b == nil {
					b = make([]byte, 0, len(s)+utf8.UTFMax)
				}
				b = append(append(b, s[pos:i]...), c+'a'-'A')
				pos = i + 1
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); l != r || r == utf8.RuneError {
			if b == nil {
				b = make([]byte, 0, len(s)+utf8.UTFMax)
			}
			b = utf8.AppendRune(append(b, s[pos:i]...), l)
			pos = i + n
		}
		i += n
	}
	if b == nil {
		return s
	}
	return string(append(b, s[pos:]...))
}

// lowerKeeping returns lowerText(s) when lower-casing keeps the length
// of every rune of s (always so for ASCII), "" otherwise: only then is a
// slice of the lowered text the lower case of the same slice of s.
func lowerKeeping(s string) string {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || utf8.RuneLen(unicode.ToLower(r)) != n {
			return ""
		}
		i += n
	}
	return lowerText(s)
}

// wordEnd returns the end of the word whose second rune starts at j.
func wordEnd(text string, j, to int) int {
	letters := 1 // letters since the last dot, for U.S.-style words
	dotted := false
	for j < to {
		if c := text[j]; 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			j++ // an ASCII letter or digit: a word rune without decoding
			letters++
			continue
		}
		r, m := utf8.DecodeRuneInString(text[j:])
		if isWordRune(r) {
			j += m
			letters++
			continue
		}
		if r == ',' && groupedDigits(text, j, to) {
			j += 4 // "2,400": a thousands separator is inside its number, not a clause break
			continue
		}
		if r == '-' || r == '\'' || r == '’' || r == '.' {
			if j+m < to {
				nr, _ := utf8.DecodeRuneInString(text[j+m:])
				if isWordRune(nr) {
					if r == '.' && isDomain(text[j+m:to]) {
						j += m
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
			}
			if r == '.' && dotted && letters == 1 {
				j += m // final dot of "U.S."
			}
		}
		break
	}
	return j
}

// bareApostrophe returns the length of the apostrophe at j that makes the
// word before it, a name ending in "s", a possessive without its second
// "s" ("Morris' report", "the Davies’ lawyer"), else 0. Only before a
// space and a lower-case word: a closing single quotation mark after a
// word in "s" is followed by punctuation or a capitalised word far more
// often than by a noun ("‘… the Titans’, he said"), and the quotation
// finder, which reads the text's marks itself, still sees the mark.
func bareApostrophe(text string, j, to int) int {
	if j < 1 || text[j-1] != 's' && text[j-1] != 'S' {
		return 0
	}
	n := 0
	switch {
	case strings.HasPrefix(text[j:to], "'"):
		n = 1
	case strings.HasPrefix(text[j:to], "’"):
		n = len("’")
	default:
		return 0
	}
	if k := j + n; k+1 < to && text[k] == ' ' && 'a' <= text[k+1] && text[k+1] <= 'z' {
		return n
	}
	return 0
}

// groupedDigits reports whether the comma at j separates a number's
// thousands ("2,400", "1,000,000"): a digit before it, exactly three
// digits after it.
func groupedDigits(text string, j, to int) bool {
	if j == 0 || j+4 > to || !isASCIIDigit(text[j-1]) {
		return false
	}
	for k := j + 1; k < j+4; k++ {
		if !isASCIIDigit(text[k]) {
			return false
		}
	}
	return j+4 == to || !isASCIIDigit(text[j+4])
}

func isASCIIDigit(b byte) bool { return '0' <= b && b <= '9' }

func finish(t *Token) {
	t.Stem = t.L
	// every possessive and contraction ending below holds an apostrophe:
	// most words have none and skip the suffix tests (this runs on every
	// word of the article)
	apos := strings.IndexByte(t.L, '\'') >= 0 || strings.Contains(t.L, "’")
	if apos {
		for _, suf := range []string{"’s", "'s"} {
			if strings.HasSuffix(t.L, suf) && len(t.L) > len(suf) {
				t.Stem, t.Poss = t.L[:len(t.L)-len(suf)], true
				break
			}
		}
		if strings.HasSuffix(t.L, "s’") || strings.HasSuffix(t.L, "s'") {
			t.Stem, t.Poss = strings.TrimRight(t.L, "’'"), true
		}
	}
	letters, upper := 0, 0
	for i := 0; i < len(t.S); {
		// ASCII without the unicode tables: nearly every byte of news text
		if c := t.S[i]; c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z':
				letters++
			case 'A' <= c && c <= 'Z':
				letters++
				upper++
			case '0' <= c && c <= '9':
				t.Digit = true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(t.S[i:])
		i += n
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
		if unicode.IsDigit(r) {
			t.Digit = true
		}
	}
	t.Upper = letters >= 2 && upper == letters
	t.Tags = lexicon.Tags(t.L)
	if len(t.L) > 4 && strings.HasSuffix(t.L, "ly") && t.Tags == 0 {
		t.Tags = lexicon.Adverb // "audaciously", "tearfully": manner adverbs are an open class
	}
	if t.Poss {
		t.Tags |= lexicon.Tags(t.Stem)
	}
	// a subject pronoun's contraction ("she'd", "we're", "I've") is
	// that pronoun, never a name: its stem is the pronoun (a capitalised
	// "I've" read as a name became a person of the cast, whom a later
	// "we've" then resolved to)
	if !apos {
		return
	}
	for _, suf := range []string{"’ve", "'ve", "’d", "'d", "’ll", "'ll", "’re", "'re", "’m", "'m"} {
		if base := strings.TrimSuffix(t.L, suf); base != t.L && lexicon.Tags(base)&lexicon.Pronoun != 0 {
			t.Stem = base
			t.Tags |= lexicon.Tags(base)
			break
		}
	}
}

// isDomain reports whether s starts with a top-level or second-level
// domain label ending the word ("com", "co.uk").
func isDomain(s string) bool {
	for _, tld := range []string{"com", "net", "org", "co", "uk", "in", "pk", "af", "io", "tv", "gov", "news", "info"} {
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
