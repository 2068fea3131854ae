package lexicon

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"unicode"
)

// agencies maps the folded abbreviation or full name of a news agency to
// its full name (words/agencies.txt).
var agencies = map[string]string{}

// loadAgencies reads words/agencies.txt; unlike the other lists it keeps
// the case of the full names, which are printed as speakers' names.
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
		abbr, full, ok := strings.Cut(line, "=")
		abbr, full = strings.TrimSpace(abbr), strings.TrimSpace(full)
		if !ok || foldAgency(abbr) == "" || foldAgency(full) == "" {
			return fmt.Errorf("lexicon: agencies.txt:%d: want ABBREVIATION = Full Name: %q", n, line)
		}
		agencies[foldAgency(abbr)] = full
		agencies[foldAgency(full)] = full
	}
	return sc.Err()
}

// AgencyName returns the full name of the news agency a name is the
// abbreviation or a spelling of the full name of ("AP", "the Associated
// Press", "Agence France Presse"), "" when it names none.
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
