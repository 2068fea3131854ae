// Package numbers reads figures out of a sentence: casualties, counts,
// amounts and percentages, with the qualifier in front of them ("more than",
// "at least", "dozens") and the unit after them ("civilians", "%", "USD").
// Dates, years, clock times and model numbers (JF-17) are not figures.
package numbers

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
)

// Number is one figure. Start and End are byte offsets of Text (plus base).
type Number struct {
	Value      float64
	Vague      bool // a plural quantity word ("dozens"): Value is its least reading, not a figure
	Qualifier  string
	Unit       string
	Text       string
	Start, End int
	// Casualty is set when the figure counts people killed or injured;
	// these are the figures a reader most often checks across outlets.
	Casualty bool
}

// qualifiers in front of a figure, longest first so "more than" wins over
// "than". Each is a hedge or bound an analyst compares across reports.
var qualifiers = [][]string{
	{"as", "many", "as"}, {"more", "than"}, {"fewer", "than"}, {"less", "than"}, {"at", "least"},
	{"at", "most"}, {"up", "to"}, {"close", "to"}, {"upwards", "of"}, {"in", "excess", "of"},
	{"an", "estimated"}, {"over"}, {"about"}, {"around"}, {"nearly"}, {"almost"}, {"some"},
	{"approximately"}, {"roughly"}, {"under"}, {"above"}, {"below"},
}

// words are spelled-out numbers; only used with a qualifier or a casualty
// context, since "two sides" or "one point" are not figures worth a claim.
var words = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"hundred": 100, "thousand": 1000, "a dozen": 12, "dozen": 12,
}

// vague are plural quantity words: the word is kept as the qualifier and
// the figure marked Vague; the value is only the least the word can mean
// ("dozens" ≥ 24), used to tell a casualty count from a stray word.
var vague = map[string]float64{
	"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "millions": 2e6, "tens": 20,
}

var multipliers = map[string]float64{
	"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7, "mn": 1e6, "bn": 1e9,
}

var currencies = map[string]string{
	"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "₹": "INR", "rs": "INR", "rs.": "INR", "inr": "INR",
	"eur": "EUR", "gbp": "GBP", "jmd": "JMD",
	"usd": "USD", "pkr": "PKR", "¥": "JPY",
}

// currencyWords after a figure name its currency.
var currencyWords = map[string]string{
	"dollars": "USD", "dollar": "USD", "rupees": "rupees", "euros": "EUR", "pounds": "GBP",
	"afghanis": "AFN", "yuan": "CNY",
}

var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true,
	"december": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// death and injury words mark a casualty figure when near it.
var deathWords = map[string]bool{
	"killed": true, "killing": true, "kill": true, "kills": true, "dead": true, "died": true,
	"deaths": true, "death": true, "fatalities": true, "casualties": true,
	"massacred": true, "slain": true, "perished": true,
}
var injuryWords = map[string]bool{"injured": true, "injuring": true, "wounded": true, "wounding": true, "hurt": true}

// unitStop ends a unit phrase.
var unitStop = map[string]bool{
	"of": true, "in": true, "on": true, "at": true, "from": true, "to": true, "and": true, "or": true,
	"were": true, "was": true, "are": true, "is": true, "have": true, "has": true, "had": true,
	"who": true, "which": true, "that": true, "the": true, "a": true, "by": true, "for": true,
	"with": true, "after": true, "since": true, "during": true, "across": true, "including": true,
	"per": false, "each": true, "near": true, "outside": true, "inside": true, "along": true,
	"around": true, "behind": true, "beyond": true, "into": true, "onto": true, "within": true,
	"without": true, "as": true, "when": true, "where": true, "while": true, "but": true, "if": true,
	"because": true, "then": true, "amid": true, "over": true, "under": true, "about": true,
	"their": true, "his": true, "her": true, "its": true, "our": true, "between": true, "among": true, "this": true, "last": true, "ago": true, "more": true, "than": true,
}

// verbs are common irregular past forms that end a unit phrase.
var verbs = map[string]bool{"fled": true, "left": true, "went": true, "came": true, "took": true,
	"made": true, "ran": true, "fell": true, "rose": true, "lost": true, "won": true, "got": true,
	"remain": true, "remained": true, "remains": true, "face": true, "faced": true, "need": true,
	"say": true, "said": true, "have": true, "had": true, "will": true, "would": true, "could": true}

type word struct {
	text, lower string
	start, end  int
}

func split(s string) []word {
	out := make([]word, 0, len(s)/5+2)
	lowered := strings.ToLower(s)
	sameLen := len(lowered) == len(s)
	i := 0
	for i < len(s) {
		if s[i] == ' ' { // the commonest byte, before any decoding
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			// an ASCII byte is a space only if it is one of these (as
			// unicode.IsSpace has it): most bytes need no decoding
			if c := s[j]; c < utf8.RuneSelf {
				if c == ' ' || '\t' <= c && c <= '\r' {
					break
				}
				j++
				continue
			}
			r, m := utf8.DecodeRuneInString(s[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += m
		}
		// trim surrounding punctuation but keep currency signs and %
		a, b := i, j
		for a < b {
			r, m := utf8.DecodeRuneInString(s[a:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("$£€₹¥", r) {
				break
			}
			a += m
		}
		for b > a {
			r, m := utf8.DecodeLastRuneInString(s[:b])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '%' {
				break
			}
			b -= m
		}
		if b > a {
			l := lowered[min(a, len(lowered)):min(b, len(lowered))]
			if !sameLen {
				l = strings.ToLower(s[a:b])
			}
			out = append(out, word{s[a:b], l, a, b})
		}
		// a comma or other punctuation after a word breaks unit phrases
		if b < j && s[b:j] != "." || strings.ContainsAny(s[b:j], ",;:") {
			out = append(out, word{",", ",", b, j})
		}
		i = j
	}
	return out
}

// parseDigits reads "1,200", "3.5", "26", "40%" or "$5"; ok is false for
// anything with letters attached (JF-17, H-1B, 2nd).
func parseDigits(t string) (v float64, cur string, pct bool, ok bool) {
	if t == "" {
		return 0, "", false, false
	}
	if c := t[0]; c >= '0' && c <= '9' {
		goto digits
	}
	if !hasDigit(t) {
		return 0, "", false, false
	}
	for sym, code := range currencies {
		if len(t) > len(sym) && strings.HasPrefix(strings.ToLower(t), sym) {
			if r, _ := utf8.DecodeRuneInString(t[len(sym):]); unicode.IsDigit(r) {
				cur, t = code, t[len(sym):]
				break
			}
		}
	}
digits:
	mult := 1.0
	for _, suf := range []string{"bn", "mn", "tn", "m", "k"} {
		if len(t) > len(suf) && strings.HasSuffix(strings.ToLower(t), suf) && t[len(t)-len(suf)-1] >= '0' && t[len(t)-len(suf)-1] <= '9' {
			mult = map[string]float64{"bn": 1e9, "mn": 1e6, "tn": 1e12, "m": 1e6, "k": 1e3}[suf]
			t = t[:len(t)-len(suf)] // "$2.3bn", "£40m"
			break
		}
	}
	defer func() { v *= mult }()
	if strings.HasSuffix(t, "%") {
		pct, t = true, strings.TrimSuffix(t, "%")
	}
	if t == "" {
		return 0, "", false, false
	}
	digits := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == ',' || c == '.':
			if i == 0 || i == len(t)-1 {
				return 0, "", false, false
			}
		default:
			return 0, "", false, false
		}
	}
	if digits == 0 {
		return 0, "", false, false
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(t, ",", ""), 64)
	if err != nil {
		return 0, "", false, false
	}
	return f, cur, pct, true
}

// Find returns the figures in sentence s, offsets shifted by base.
func Find(s string, base int) []Number {
	ws := split(s)
	var out []Number
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		var v float64
		var cur, unit, qual string
		var pct, spelled, isVague bool
		first, last := i, i
		if f, c, p, ok := parseDigits(w.text); ok {
			v, cur, pct = f, c, p
			// a currency word before the figure: "Rs 50,000", "Rs. 2 lakh", "USD 40"
			if i > 0 && cur == "" {
				if c, ok := currencies[ws[i-1].lower]; ok {
					cur, first = c, i-1
				}
			}
		} else if f, ok := spelledCompound(w.lower); ok {
			v, spelled = f, true // "twenty-five"
		} else if f, ok := vague[w.lower]; ok {
			v, qual, isVague = f, w.lower, true
		} else if f, ok := words[w.lower]; ok && w.lower != "hundred" && w.lower != "thousand" {
			v, spelled = f, true
		} else if w.lower == "a" && i+1 < len(ws) && ws[i+1].lower == "dozen" {
			v, spelled, last = 12, true, i+1
		} else {
			continue
		}
		// multiplier
		if last+1 < len(ws) {
			if m, ok := multipliers[ws[last+1].lower]; ok {
				v *= m
				last++
			}
		}
		// dates and years: "28 October", "October 28", "in 2001"
		if (i > 0 && months[ws[i-1].lower]) || (last+1 < len(ws) && months[ws[last+1].lower]) {
			continue
		}
		// a label, not a count: "a Category 4 storm", "Flight 212"
		if i > 0 && cur == "" && !pct && !spelled && lexicon.NumberLabel(ws[i-1].text) {
			continue
		}
		// a number inside a name: "Channel 4 News", "Apollo 11 Mission"
		if i > 0 && last+1 < len(ws) && isCap(ws[i-1].text) && isCap(ws[last+1].text) && cur == "" && !pct {
			continue
		}
		isYear := cur == "" && !pct && !strings.ContainsAny(w.text, ",.") && len(w.text) == 4 && v >= 1800 && v <= 2100
		// percentages and currencies
		if last+1 < len(ws) && (ws[last+1].lower == "percent" || (ws[last+1].lower == "per" && last+2 < len(ws) && ws[last+2].lower == "cent")) {
			pct = true
			last++
			if ws[last].lower == "per" {
				last++
			}
		}
		if last+1 < len(ws) {
			if c, ok := currencyWords[ws[last+1].lower]; ok {
				cur = c
				last++
			}
		}
		// qualifier before
		if qual == "" {
			for _, q := range qualifiers {
				if i-len(q) < 0 {
					continue
				}
				match := true
				for k, qw := range q {
					if ws[i-len(q)+k].lower != qw {
						match = false
						break
					}
				}
				if match {
					qual = strings.Join(q, " ")
					first = i - len(q)
					break
				}
			}
		}
		// unit: up to three following words (skipping "of" after vague
		// quantities: "dozens of civilians")
		var unitWords []string
		j := last + 1
		if j < len(ws) && ws[j].lower == "of" && (qual != "" || v >= 100) {
			j++
			if j < len(ws) && (ws[j].lower == "his" || ws[j].lower == "her" || ws[j].lower == "their" || ws[j].lower == "the") {
				j++ // "thousands of his supporters"
			}
		}
		for ; j < len(ws) && len(unitWords) < 3; j++ {
			lw := ws[j].lower
			if lw == "," || unitStop[lw] {
				break
			}
			if _, isNum := parseNumWord(lw); isNum {
				break
			}
			r, _ := utf8.DecodeRuneInString(ws[j].text)
			if !unicode.IsLetter(r) {
				break
			}
			if len(unitWords) > 0 && !deathWords[lw] && !injuryWords[lw] && (strings.HasSuffix(lw, "ed") || verbs[lw]) {
				break // "4,500 workers joined": the verb is not the unit
			}
			unitWords = append(unitWords, lw)
			if deathWords[lw] || injuryWords[lw] {
				break
			}
		}
		unitEnd := last
		if len(unitWords) > 0 {
			unitEnd = j - 1
		}
		// casualty context: a death word within four words either side
		death, injury := len(unitWords) > 0 && unitWords[0] == "lives", false
		for k := max(0, first-4); k <= min(len(ws)-1, unitEnd+4); k++ {
			death = death || deathWords[ws[k].lower]
			injury = injury || injuryWords[ws[k].lower]
		}
		switch {
		case pct:
			unit = "%"
		case cur != "":
			unit = cur
		case len(unitWords) > 0:
			// "200 dead" → people killed; "26 civilians" (killed) → civilians killed
			noun := unitWords
			for len(noun) > 0 && (deathWords[noun[len(noun)-1]] || injuryWords[noun[len(noun)-1]]) {
				noun = noun[:len(noun)-1]
			}
			unit = strings.Join(noun, " ")
			if unit == "" {
				unit = "people"
			}
			if death {
				unit += " killed"
			} else if injury {
				unit += " injured"
			}
		}
		if unit == "" || (isYear && !death && !injury) {
			continue
		}
		if isVague && qual == "" {
			qual = w.lower
		}
		// a spelled-out figure is a count worth a claim only with a hedge,
		// a casualty, or people counted ("six men", "thousands of supporters")
		if (spelled || isVague) && qual == "" && !death && !injury && !countsPeople(unitWords) || spelled && qual != "" && !death && !injury && !countsPeople(unitWords) && !isVague && v < 10 {
			continue
		}
		if measure[lastWord(unitWords)] && !pct && cur == "" {
			continue // distances, speeds and durations are not counts of what happened
		}
		end := ws[unitEnd].end
		if pct || cur != "" {
			end = ws[last].end
		}
		if first < i && currencies[ws[first].lower] != "" && first == i-1 {
			end = ws[last].end
		}
		out = append(out, Number{Value: v, Vague: isVague, Qualifier: qual, Unit: unit, Text: s[ws[first].start:end],
			Start: base + ws[first].start, End: base + end, Casualty: death || injury})
		i = unitEnd
	}
	return out
}

// spelledCompound reads a hyphenated spelled-out number ("twenty-five").
func spelledCompound(lw string) (float64, bool) {
	tens, units, ok := strings.Cut(lw, "-")
	if !ok {
		return 0, false
	}
	t, ok1 := words[tens]
	u, ok2 := words[units]
	if !ok1 || !ok2 || t < 20 || t > 90 || u >= 10 {
		return 0, false
	}
	return t + u, true
}

// peopleNouns are the nouns a count of people ends in.
var peopleNouns = map[string]bool{"people": true, "persons": true, "men": true, "women": true,
	"children": true, "others": true, "members": true, "officers": true, "tourists": true,
	"staff": true, "workers": true, "employees": true, "students": true, "supporters": true,
	"residents": true, "accused": true, "victims": true, "soldiers": true, "civilians": true,
	"passengers": true, "patients": true, "protesters": true, "migrants": true, "refugees": true,
	"families": true, "individuals": true, "villagers": true, "voters": true, "troops": true,
	"fighters": true, "militants": true, "suspects": true, "bodies": true, "survivors": true}

func countsPeople(unitWords []string) bool {
	for _, w := range unitWords {
		if peopleNouns[w] {
			return true
		}
	}
	return false
}

// measure are units of measurement and time: figures in them describe the
// world (3.1 miles, 175 mph, 9 years) rather than count what happened.
var measure = map[string]bool{"miles": true, "mile": true, "km": true, "kilometres": true,
	"kilometers": true, "metres": true, "meters": true, "feet": true, "foot": true, "inches": true,
	"mph": true, "kph": true, "km/h": true, "knots": true, "degrees": true, "kg": true,
	"kilograms": true, "tonnes": true, "tons": true, "acres": true, "hectares": true, "cm": true,
	"mm": true, "years": true, "year": true, "months": true, "weeks": true, "days": true,
	"hours": true, "minutes": true, "seconds": true, "decades": true, "centuries": true}

func lastWord(ws []string) string {
	if len(ws) == 0 {
		return ""
	}
	return ws[len(ws)-1]
}

func isCap(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// MayStart reports whether a lower-case word can start a figure; callers
// with tokens at hand use it to skip sentences without any.
func MayStart(lw string) bool {
	if lw == "" {
		return false
	}
	if c := lw[0]; c >= '0' && c <= '9' || c == '$' || hasDigit(lw) {
		return true
	}
	if startWords[lw] {
		return true
	}
	// a spelled compound is one word: "twenty-five people were killed"
	_, ok := spelledCompound(lw)
	return ok
}

// startWords are the words that can open a spelled-out figure.
var startWords = func() map[string]bool {
	m := map[string]bool{"a": true}
	for w := range words {
		m[w] = true
	}
	for w := range vague {
		m[w] = true
	}
	return m
}()

func parseNumWord(lw string) (float64, bool) {
	if f, _, _, ok := parseDigits(lw); ok {
		return f, true
	}
	if f, ok := words[lw]; ok {
		return f, true
	}
	return 0, false
}
