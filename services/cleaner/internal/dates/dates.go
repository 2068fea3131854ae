// Package dates finds publication dates in the free-form strings news pages
// use: ISO timestamps in metadata, "October 28, 2025, 11:26 PM" in
// datelines, "28 Oct 2025" in bylines.
package dates

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

var months = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

const monthRE = `(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`

var (
	isoRE = regexp.MustCompile(`(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?`)
	// Month D, YYYY (US style) and D Month YYYY (most others).
	mdyRE   = regexp.MustCompile(`(?i)\b` + monthRE + `\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`)
	dmyRE   = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?` + monthRE + `,?\s+(\d{4})`)
	slashRE = regexp.MustCompile(`\b(\d{4})/(\d{1,2})/(\d{1,2})\b`)
	// 05/10/2018, 05.10.2018: day first unless that cannot be (most of
	// the world writes day first; a US page usually has ISO metadata too).
	numericRE = regexp.MustCompile(`\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b`)
	// A clock time that may follow a date: 11:26 PM, 14:05 IST.
	clockRE = regexp.MustCompile(`(?i)^[,\s|at-]*(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?`)
)

// plausible rejects dates a news page cannot carry (a typo or a product id).
func plausible(y int, m time.Month, d int) bool {
	return y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31
}

// Find returns the first date in s, with its time of day when one follows
// it, in UTC (an explicit offset is honoured; none means UTC).
func Find(s string) (time.Time, bool) {
	t, _, ok := FindIndex(s)
	return t, ok
}

// FindIndex is Find that also reports the byte span [start, end) of the match.
func FindIndex(s string) (time.Time, [2]int, bool) {
	type cand struct {
		t    time.Time
		span [2]int
	}
	var best *cand
	consider := func(t time.Time, a, b int) {
		if best == nil || a < best.span[0] {
			best = &cand{t, [2]int{a, b}}
		}
	}
	if m := isoRE.FindStringSubmatchIndex(s); m != nil {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		y, _ := strconv.Atoi(g(1))
		mo, _ := strconv.Atoi(g(2))
		d, _ := strconv.Atoi(g(3))
		if plausible(y, time.Month(mo), d) {
			hh, _ := strconv.Atoi(g(4))
			mm, _ := strconv.Atoi(g(5))
			ss, _ := strconv.Atoi(g(6))
			loc := time.UTC
			if z := g(7); z != "" && z != "Z" {
				z = strings.ReplaceAll(z, ":", "")
				oh, _ := strconv.Atoi(z[1:3])
				om, _ := strconv.Atoi(z[3:])
				off := oh*3600 + om*60
				if z[0] == '-' {
					off = -off
				}
				loc = time.FixedZone("", off)
			}
			if hh > 23 || mm > 59 || ss > 59 {
				hh, mm, ss = 0, 0, 0
			}
			consider(time.Date(y, time.Month(mo), d, hh, mm, ss, 0, loc).UTC(), m[0], m[1])
		}
	}
	if m := mdyRE.FindStringSubmatchIndex(s); m != nil {
		mo := months[strings.ToLower(s[m[2]:m[3]])]
		d, _ := strconv.Atoi(s[m[4]:m[5]])
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		if plausible(y, mo, d) {
			t, end := withClock(s, y, mo, d, m[1])
			consider(t, m[0], end)
		}
	}
	if m := dmyRE.FindStringSubmatchIndex(s); m != nil {
		d, _ := strconv.Atoi(s[m[2]:m[3]])
		mo := months[strings.ToLower(s[m[4]:m[5]])]
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		if plausible(y, mo, d) {
			t, end := withClock(s, y, mo, d, m[1])
			consider(t, m[0], end)
		}
	}
	if m := slashRE.FindStringSubmatchIndex(s); m != nil {
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		mo, _ := strconv.Atoi(s[m[4]:m[5]])
		d, _ := strconv.Atoi(s[m[6]:m[7]])
		if plausible(y, time.Month(mo), d) {
			consider(time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC), m[0], m[1])
		}
	}
	if m := numericRE.FindStringSubmatchIndex(s); m != nil {
		a, _ := strconv.Atoi(s[m[2]:m[3]])
		b, _ := strconv.Atoi(s[m[4]:m[5]])
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		d, mo := a, b
		if b > 12 {
			d, mo = b, a
		}
		if plausible(y, time.Month(mo), d) {
			t, end := withClock(s, y, time.Month(mo), d, m[1])
			consider(t, m[0], end)
		}
	}
	if best == nil {
		return time.Time{}, [2]int{}, false
	}
	return best.t, best.span, true
}

// withClock reads a clock time right after a date; the zone is unknown, so
// the wall time is kept as UTC (the date part is what consumers compare).
func withClock(s string, y int, mo time.Month, d, end int) (time.Time, int) {
	rest := s[end:]
	m := clockRE.FindStringSubmatchIndex(rest)
	if m == nil {
		return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), end
	}
	hh, _ := strconv.Atoi(rest[m[2]:m[3]])
	mm, _ := strconv.Atoi(rest[m[4]:m[5]])
	if m[6] >= 0 {
		ap := strings.ToLower(rest[m[6]:m[7]])
		if ap[0] == 'p' && hh < 12 {
			hh += 12
		} else if ap[0] == 'a' && hh == 12 {
			hh = 0
		}
	}
	if hh > 23 || mm > 59 {
		return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), end
	}
	return time.Date(y, mo, d, hh, mm, 0, 0, time.UTC), end + m[1]
}
