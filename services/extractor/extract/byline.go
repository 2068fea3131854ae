package extract

import (
	"strings"
	"unicode"
)

// bylineAuthor returns the one person a byline names ("By Ana Lima",
// "Ana Lima, Harbour Desk"), or "" when it names several ("Ana Lima and
// Tomas Brill") or reads as no person's name: the first person of a
// first-person piece is its author, and only a single author can be.
func bylineAuthor(byline string) string {
	b := strings.TrimSpace(byline)
	if len(b) > 3 && strings.EqualFold(b[:3], "by ") {
		b = strings.TrimSpace(b[3:])
	}
	// an outlet or desk after a comma, a bar or a dash is not the name
	if i := strings.IndexAny(b, ",|·—–"); i >= 0 {
		b = strings.TrimSpace(b[:i])
	}
	words := strings.Fields(b)
	if len(words) < 2 || len(words) > 4 {
		return ""
	}
	for _, w := range words {
		r := []rune(w)
		if strings.EqualFold(w, "and") || w == "&" || !unicode.IsUpper(r[0]) {
			return ""
		}
	}
	return strings.Join(words, " ")
}
