package store

import (
	"encoding/json"
	"slices"
	"strings"
)

// A cluster's outlets are stored as a sorted JSON array of strings. A
// popular quote's cluster holds thousands, and each copy added to it
// decoded, re-sorted and re-encoded them all; addOutlets edits the stored
// text instead when every outlet is a plain string (the usual case, host
// names), which json.Marshal writes as is.

// addOutlets returns stored (outletsJSON's output) with add's outlets
// included — exactly what outletsJSON gives for the union — and the number
// of outlets in stored and in the result.
func addOutlets(stored string, add []string) (out string, before, after int) {
	if list, ok := plainOutlets(stored); ok && allPlain(add) {
		before = len(list)
		changed := false
		for _, o := range add {
			if i, found := slices.BinarySearch(list, o); !found {
				list = slices.Insert(list, i, o)
				changed = true
			}
		}
		if !changed {
			return stored, before, len(list)
		}
		return plainJSON(list), before, len(list)
	}
	var list []string
	_ = json.Unmarshal([]byte(stored), &list) // written by us
	set := make(map[string]bool, len(list)+len(add))
	for _, o := range list {
		set[o] = true
	}
	for _, o := range add {
		set[o] = true
	}
	return outletsJSON(set), len(list), len(set)
}

// plainJSON is list, whose strings need no escaping (allPlain), as the
// JSON array json.Marshal would write, without its reflection.
func plainJSON(list []string) string {
	n := 2
	for _, o := range list {
		n += len(o) + 3
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteByte('[')
	for i, o := range list {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('"')
		b.WriteString(o)
		b.WriteByte('"')
	}
	b.WriteByte(']')
	return b.String()
}

// plainOutlets splits a stored array whose strings need no escaping (no
// backslash anywhere): its elements, as substrings of stored.
func plainOutlets(stored string) ([]string, bool) {
	if stored == "[]" {
		return nil, true
	}
	if len(stored) < 4 || !strings.HasPrefix(stored, `["`) || !strings.HasSuffix(stored, `"]`) || strings.IndexByte(stored, '\\') >= 0 {
		return nil, false
	}
	return strings.Split(stored[2:len(stored)-2], `","`), true
}

// allPlain reports whether json.Marshal writes every string as is, between
// quotes: printable ASCII without a quote, a backslash or the characters
// it escapes for HTML.
func allPlain(ss []string) bool {
	for _, s := range ss {
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c < 0x20 || c > 0x7e, c == '"', c == '\\', c == '<', c == '>', c == '&':
				return false
			}
		}
	}
	return true
}
