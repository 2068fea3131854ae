// Package textutil holds the small text chores of the cleaner: whitespace
// and control-character clean-up, charset decoding, a language guess.
package textutil

import (
	"bytes"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// Clean collapses whitespace (including NBSP and zero-width characters),
// drops control characters and replaces invalid UTF-8, so every string the
// cleaner emits is valid UTF-8 on one line.
func Clean(s string) string {
	if isSimple(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		if r == utf8.RuneError && size == 1 {
			r = '\uFFFD'
		}
		switch {
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff':
			continue
		case unicode.IsSpace(r) || r == '\u00a0':
			space = true
			continue
		case unicode.IsControl(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// isSimple: already clean — printable ASCII, single spaces, no edges.
func isSimple(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == ' ' && prev == ' ' {
			return false
		}
		prev = c
	}
	return true
}

// Decode converts a non-UTF-8 body to UTF-8 using the content type's
// charset, a BOM or a <meta charset>; windows-1252 is the fallback, as in
// browsers.
func Decode(body []byte, contentType string) string {
	enc, _, _ := charset.DetermineEncoding(body, contentType)
	r := enc.NewDecoder().Reader(bytes.NewReader(body))
	out, err := io.ReadAll(r)
	if err != nil || !utf8.Valid(out) {
		return strings.ToValidUTF8(string(out), "\uFFFD")
	}
	return strings.TrimPrefix(string(out), "\ufeff")
}

// stopwords of the languages the pipeline meets most; a page's language is
// the one whose function words it uses most.
var stopwords = map[string][]string{
	"en": {"the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "he", "it", "on", "said"},
	"pt": {"de", "que", "não", "uma", "para", "com", "os", "das", "dos", "em", "se", "mais", "como", "é"},
	"es": {"de", "que", "el", "la", "los", "las", "del", "en", "por", "con", "una", "para", "es", "y"},
	"fr": {"le", "la", "les", "des", "et", "est", "une", "du", "que", "dans", "pour", "pas", "au", "sur"},
	"de": {"der", "die", "und", "das", "ist", "nicht", "mit", "den", "ein", "eine", "zu", "von", "auf", "sich"},
	"it": {"il", "di", "che", "e", "la", "per", "un", "una", "non", "sono", "della", "del", "nel", "è"},
	"nl": {"de", "het", "een", "van", "en", "is", "dat", "niet", "op", "voor", "met", "zijn", "ook", "wordt"},
	"id": {"yang", "dan", "di", "dari", "ini", "itu", "untuk", "dengan", "tidak", "akan", "pada", "ada", "juga", "kami"},
}

var stopIndex = func() map[string][]string {
	m := map[string][]string{}
	for lang, ws := range stopwords {
		for _, w := range ws {
			m[w] = append(m[w], lang)
		}
	}
	return m
}()

// GuessLang returns an ISO 639-1 code from function-word counts, or "" when
// the text gives no signal (too short, or a script without these lists).
func GuessLang(s string) string {
	if len(s) > 20000 {
		s = s[:20000]
	}
	counts := map[string]int{}
	total := 0
	nonLatin := 0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		total++
		r, _ := utf8.DecodeRuneInString(w)
		if r > 0x24f {
			nonLatin++
			continue
		}
		for _, lang := range stopIndex[strings.ToLower(w)] {
			counts[lang]++
		}
	}
	if total == 0 {
		return ""
	}
	if nonLatin*2 > total {
		return ""
	}
	best, n := "", 0
	for _, lang := range []string{"en", "pt", "es", "fr", "de", "it", "nl", "id"} {
		if counts[lang] > n {
			best, n = lang, counts[lang]
		}
	}
	if n*20 < total {
		return ""
	}
	return best
}
