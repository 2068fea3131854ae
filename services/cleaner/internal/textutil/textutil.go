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
	scripts := map[string]int{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		total++
		r, _ := utf8.DecodeRuneInString(w)
		if r > 0x24f {
			nonLatin++
			scripts[scriptLang(w)]++
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
		// Most scripts other than Latin are written by one language, or
		// one far more than others on the news: the script says it.
		best, n := "", 0
		for _, l := range scriptOrder {
			if scripts[l] > n {
				best, n = l, scripts[l]
			}
		}
		if best == "zh" && scripts["ja"] > 0 {
			return "ja" // Japanese mixes kanji with kana; Chinese has no kana
		}
		if best == "ru" && scripts["uk"] > 0 {
			return "uk"
		}
		return best
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

// scriptOrder lists the languages scriptLang returns, in a fixed order so
// ties never depend on map iteration.
var scriptOrder = []string{"ru", "uk", "el", "he", "ar", "fa", "ur", "hi", "bn", "pa", "gu", "ta", "te", "kn", "ml", "si", "th", "ka", "hy", "ko", "ja", "zh", ""}

// scriptLang names the language a word's script stands for: the first
// letter decides, and a few letters only one language of a script uses
// (Ukrainian і ї є ґ, Persian پ چ ژ گ, Urdu ے ٹ ڈ ڑ) refine it.
func scriptLang(w string) string {
	r, _ := utf8.DecodeRuneInString(w)
	switch {
	case unicode.Is(unicode.Cyrillic, r):
		if strings.ContainsAny(w, "іїєґІЇЄҐ") {
			return "uk"
		}
		return "ru"
	case unicode.Is(unicode.Greek, r):
		return "el"
	case unicode.Is(unicode.Hebrew, r):
		return "he"
	case unicode.Is(unicode.Arabic, r):
		switch {
		case strings.ContainsAny(w, "ےٹڈڑ"):
			return "ur"
		case strings.ContainsAny(w, "پچژگ"):
			return "fa"
		}
		return "ar"
	case unicode.Is(unicode.Devanagari, r):
		return "hi"
	case unicode.Is(unicode.Bengali, r):
		return "bn"
	case unicode.Is(unicode.Gurmukhi, r):
		return "pa"
	case unicode.Is(unicode.Gujarati, r):
		return "gu"
	case unicode.Is(unicode.Tamil, r):
		return "ta"
	case unicode.Is(unicode.Telugu, r):
		return "te"
	case unicode.Is(unicode.Kannada, r):
		return "kn"
	case unicode.Is(unicode.Malayalam, r):
		return "ml"
	case unicode.Is(unicode.Sinhala, r):
		return "si"
	case unicode.Is(unicode.Thai, r):
		return "th"
	case unicode.Is(unicode.Georgian, r):
		return "ka"
	case unicode.Is(unicode.Armenian, r):
		return "hy"
	case unicode.Is(unicode.Hangul, r):
		return "ko"
	case unicode.In(r, unicode.Hiragana, unicode.Katakana):
		return "ja"
	case unicode.Is(unicode.Han, r):
		if strings.IndexFunc(w, func(r rune) bool { return unicode.In(r, unicode.Hiragana, unicode.Katakana) }) >= 0 {
			return "ja"
		}
		return "zh"
	}
	return ""
}
