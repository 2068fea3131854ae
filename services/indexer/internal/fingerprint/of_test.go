package fingerprint

import (
	"strings"
	"testing"
	"unicode"
)

// joinedOf is Of as first written: the whole body lower-cased, split into
// all its words, each shingle joined before hashing. Of reads only the
// words it keeps and hashes shingles in place; the prints must not differ.
func joinedOf(text string) Print {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) > maxWords {
		words = words[:maxWords]
	}
	if len(words)-shingle+1 < minShingles {
		return nil
	}
	p := make(Print, slots)
	for i := range p {
		p[i] = ^uint64(0)
	}
	for i := 0; i+shingle <= len(words); i++ {
		h := hash(strings.Join(words[i:i+shingle], " "))
		for j := range p {
			if v := mix(h ^ seeds[j]); v < p[j] {
				p[j] = v
			}
		}
	}
	return p
}

func TestOfAsJoined(t *testing.T) {
	long := strings.Repeat("Rowan Okafor counted 1,204 gulls on the pier at dawn. ", 80)
	for _, tc := range []struct{ name, text string }{
		{"story", story},
		{"upper case and accents", strings.ToUpper(story) + " ÉCLUSE Ærø İzmir Straße ŒUVRE"},
		{"ends inside a word", story + " and the tugboat"},
		{"ends on a separator", story + " — "},
		{"invalid bytes between words", strings.ReplaceAll(story, " the ", " the\xff\xfe")},
		{"combining marks and symbols", strings.ReplaceAll(story, "port", "porte\u0301 Ⅳ ⓐ")},
		{"longer than the words kept", long},
		{"exactly the words kept", strings.Join(strings.Fields(long)[:maxWords], " ")},
		{"too short", "The ferry left late."},
		{"empty", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, want := Of(tc.text), joinedOf(tc.text)
			if got.String() != want.String() {
				t.Errorf("Of = %s; want %s", got, want)
			}
		})
	}
}

func BenchmarkOf(b *testing.B) {
	text := strings.Repeat(story+" ", 3)
	for b.Loop() {
		Of(text)
	}
}

func BenchmarkJoinedOf(b *testing.B) {
	text := strings.Repeat(story+" ", 3)
	for b.Loop() {
		joinedOf(text)
	}
}
