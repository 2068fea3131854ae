package boilerplate

import (
	_ "embed"
	"strings"
)

//go:embed words/interface.txt
var interfaceList string

// interfaceLines holds words/interface.txt, each entry normalized.
var interfaceLines = loadLines(interfaceList)

func loadLines(list string) map[string]bool {
	m := map[string]bool{}
	for line := range strings.SplitSeq(list, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			m[normalize(line)] = true
		}
	}
	return m
}
