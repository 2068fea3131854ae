package lexicon

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"unicode"
)

// agencies maps either folded spelling of a news agency's name to the name
// it is given as a speaker (words/agencies.txt).
var agencies = map[string]string{}

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
		agencies[foldAgency(name)] = name
		agencies[foldAgency(other)] = name
	}
	return sc.Err()
}

// AgencyName returns the speaker name of the news agency that name spells
// either way ("AP" and "the Associated Press" → "Associated Press";
// "Agence France Presse" → "AFP"), "" when it names none.
func AgencyName(name string) string {
	return agencies[foldAgency(name)]
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
