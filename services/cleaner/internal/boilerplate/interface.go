package boilerplate

import (
	_ "embed"
	"iter"
	"strings"
)

//go:embed words/interface.txt
var interfaceList string

// interfaceLines holds words/interface.txt, each entry normalized.
var interfaceLines = loadLines(interfaceList)

func loadLines(list string) map[string]bool {
	m := map[string]bool{}
	for line := range entries(list) {
		m[normalize(line)] = true
	}
	return m
}

// entries are the lines of a word list, trimmed, without blank lines and
// "#" comments.
func entries(list string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for line := range strings.SplitSeq(list, "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") && !yield(line) {
				return
			}
		}
	}
}
