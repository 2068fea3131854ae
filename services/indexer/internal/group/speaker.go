package group

import "strings"

// honorifics are dropped from speaker keys: outlets differ in whether they
// keep a title ("President Lena Brandt", "Lena Brandt"). Vowel-less
// abbreviations (Mr, Dr, Lt) are deliberately absent: they look like the
// consonant skeleton of a name ("Maria" → "mr"), and SpeakerKey must be
// idempotent so a key folds to itself.
var honorifics = map[string]bool{
	"sir": true, "president": true, "minister": true,
	"prime": true, "defence": true, "defense": true, "foreign": true, "general": true, "major": true,
	"gen": true, "col": true, "colonel": true, "sen": true, "senator": true, "rep": true,
	"gov": true, "governor": true, "prof": true, "professor": true, "sheikh": true, "former": true,
	"the": true, "chief": true, "spokesman": true, "spokeswoman": true, "spokesperson": true,
}

// SpeakerKey folds a speaker name to a key shared by its spelling variants:
// lower case, accents, punctuation and titles dropped, and each word reduced
// to its consonant skeleton (first letter kept, later vowels and doubled
// letters dropped), so "Khawaja Asif" and "Khwaja Asif" meet, as do
// "Ali M. Latifi" and "Ali M Latifi". If the extractor already sent a Key we
// fold that too: folding is idempotent on equal inputs, so its merges survive.
func SpeakerKey(name string) string {
	words := Words(name)
	var parts []string
	for _, w := range words {
		if honorifics[w] && len(words) > 1 {
			continue
		}
		parts = append(parts, skeleton(w))
	}
	if len(parts) == 0 {
		for _, w := range words {
			parts = append(parts, skeleton(w))
		}
	}
	return strings.Join(parts, " ")
}

func skeleton(w string) string {
	var b strings.Builder
	var last rune
	for i, r := range w {
		if i > 0 && strings.ContainsRune("aeiouy", r) {
			continue
		}
		if r == last {
			continue
		}
		b.WriteRune(r)
		last = r
	}
	return b.String()
}
