package boilerplate

import (
	_ "embed"
	"strings"
	"unicode"
)

//go:embed words/player.txt
var playerList string

// playerWords maps each phrase of words/player.txt, lower case with its
// spaces removed, to whether it marks a player on its own (unmarked in
// the file) or only beside such a phrase ("~").
var playerWords, playerStarts, playerMaxLen = loadPlayerWords(playerList)

// loadPlayerWords reads the list; starts holds every prefix of every
// phrase, so a line whose first word is neither such a prefix nor opens
// with a phrase is not looked at further.
func loadPlayerWords(list string) (map[string]bool, map[string]bool, int) {
	m, starts := map[string]bool{}, map[string]bool{}
	maxLen := 0
	for line := range entries(list) {
		strong := !strings.HasPrefix(line, "~")
		key := strings.ReplaceAll(strings.TrimPrefix(line, "~"), " ", "")
		m[key] = m[key] || strong
		for k := 1; k <= len(key); k++ {
			starts[key[:k]] = true
		}
		maxLen = max(maxLen, len(key))
	}
	return m, starts, maxLen
}

// playerLine reports whether a short line is made only of a media
// player's interface words (words/player.txt), one of them a word that
// only a player shows: the line's letters, case and spaces aside, must
// split wholly into the list's phrases, so "LOADINGERROR LOADING" is the
// player and "Audio quality" (a review's subheading) is not.
func playerLine(t string) bool {
	if !playerStart(t) {
		return false
	}
	var b strings.Builder
	for _, r := range t {
		switch {
		case unicode.IsLetter(r):
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsDigit(r) || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
		default:
			return false
		}
	}
	s := b.String()
	if s == "" || len(s) > 160 {
		return false
	}
	// reach[i]: s[:i] splits into phrases; strong[i]: one split has a
	// phrase that marks a player on its own.
	reach := make([]bool, len(s)+1)
	strong := make([]bool, len(s)+1)
	reach[0] = true
	for i := 0; i < len(s); i++ {
		if !reach[i] {
			continue
		}
		for j := i + 1; j <= len(s) && j-i <= playerMaxLen; j++ {
			if st, ok := playerWords[s[i:j]]; ok {
				reach[j] = true
				strong[j] = strong[j] || strong[i] || st
			}
		}
	}
	return reach[len(s)] && strong[len(s)]
}

// playerStart: the line's first word, lower case, is the start of a
// phrase of the list or starts with one (words glued together) — a cheap
// test that spares the split on almost every line ("During", "Canada").
func playerStart(t string) bool {
	var head [24]byte
	n := 0
	for _, r := range t {
		if !unicode.IsLetter(r) {
			if n > 0 {
				break
			}
			continue // punctuation or a time ("0:00") before the first word
		}
		if r >= 0x80 {
			return false // the list is ASCII
		}
		if n == len(head) {
			break
		}
		head[n] = byte(unicode.ToLower(r))
		n++
	}
	if n == 0 {
		return false
	}
	w := string(head[:n])
	if playerStarts[w] {
		return true
	}
	for k := 1; k < n && k <= playerMaxLen; k++ {
		if _, ok := playerWords[w[:k]]; ok {
			return true
		}
	}
	return false
}
