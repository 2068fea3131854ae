package lexicon

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// agencies maps either folded spelling of a news agency's name to the name
// it is given as a speaker (words/agencies.txt).
var agencies = map[string]string{}

// agencyFirst holds the first word of every spelling in agencies: the
// resolver asks about every name of an article, and a name whose first
// word starts none is answered without folding it (folding allocates).
var agencyFirst []string

// loadAgencies reads words/agencies.txt; unlike the other lists it keeps
// the case of the names, which are printed as speakers' names.
func loadAgencies() error {
	b, err := files.ReadFile("words/agencies.txt")
	if err != nil {
		return fmt.Errorf("lexicon: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, other, ok := strings.Cut(line, "=")
		name, other = strings.TrimSpace(name), strings.TrimSpace(other)
		if !ok || foldAgency(name) == "" || foldAgency(other) == "" {
			return fmt.Errorf("lexicon: agencies.txt:%d: want NAME = OTHER SPELLING: %q", n, line)
		}
		for _, sp := range []string{name, other} {
			f := foldAgency(sp)
			agencies[f] = name
			first, _, _ := strings.Cut(f, " ")
			if !slices.Contains(agencyFirst, first) {
				agencyFirst = append(agencyFirst, first)
			}
		}
	}
	return sc.Err()
}

// AgencyName returns the speaker name of the news agency that name spells
// either way ("AP" and "the Associated Press" → "Associated Press";
// "Agence France Presse" → "AFP"), "" when it names none.
func AgencyName(name string) string {
	first, rest := nextWord(name)
	if strings.EqualFold(first, "the") {
		first, _ = nextWord(rest)
	}
	if !slices.ContainsFunc(agencyFirst, func(w string) bool { return strings.EqualFold(w, first) }) {
		return ""
	}
	return agencies[foldAgency(name)]
}

// nextWord returns the first run of letters and digits in s and what
// follows it, as foldAgency splits words.
func nextWord(s string) (word, rest string) {
	isWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	i := strings.IndexFunc(s, isWord)
	if i < 0 {
		return "", ""
	}
	s = s[i:]
	j := strings.IndexFunc(s, func(r rune) bool { return !isWord(r) })
	if j < 0 {
		return s, ""
	}
	return s[:j], s[j:]
}

// foldAgency lower-cases a name, drops a leading "the" and a possessive,
// and makes any run of punctuation or space one space.
func foldAgency(name string) string {
	s := strings.ToLower(strings.TrimSpace(name))
	s = strings.TrimSuffix(strings.TrimSuffix(s, "’s"), "'s")
	f := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(f) > 1 && f[0] == "the" {
		f = f[1:]
	}
	return strings.Join(f, " ")
}
