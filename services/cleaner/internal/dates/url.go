package dates

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// FromURL returns the date a page's URL carries in its path — /2024/05/06/,
// /2024-05-06-slug, /20240506/ — or false. Sites put the date of first
// publication there; it is a fallback for pages whose own metadata has
// none (a year and month alone are not taken: the day is unknown).
func FromURL(raw string) (time.Time, bool) {
	u, err := url.Parse(raw)
	if err != nil {
		return time.Time{}, false
	}
	segs := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	// /YYYY/MM/DD/
	for i := 0; i+2 < len(segs); i++ {
		y, ok1 := number(segs[i], 4)
		m, ok2 := number(segs[i+1], 1, 2)
		d, ok3 := number(leadingDigits(segs[i+2]), 1, 2)
		if ok1 && ok2 && ok3 {
			if t, ok := date(y, m, d); ok {
				return t, true
			}
		}
	}
	for _, s := range segs {
		// YYYY-MM-DD or YYYY_MM_DD inside a segment, bounded by non-digits.
		for i := 0; i+10 <= len(s); i++ {
			if i > 0 && isDigit(s[i-1]) {
				continue
			}
			c := s[i : i+10]
			if (c[4] == '-' || c[4] == '_') && c[7] == c[4] && (i+10 == len(s) || !isDigit(s[i+10])) {
				y, ok1 := number(c[:4], 4)
				m, ok2 := number(c[5:7], 2)
				d, ok3 := number(c[8:10], 2)
				if ok1 && ok2 && ok3 {
					if t, ok := date(y, m, d); ok {
						return t, true
					}
				}
			}
		}
		// A segment that is exactly YYYYMMDD.
		if len(s) == 8 {
			if n, ok := number(s, 8); ok {
				if t, ok := date(n/10000, n/100%100, n%100); ok {
					return t, true
				}
			}
		}
	}
	return time.Time{}, false
}

func date(y, m, d int) (time.Time, bool) {
	if !plausible(y, time.Month(m), d) {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 31 April
		return time.Time{}, false
	}
	return t, true
}

// number parses s when it is all digits of one of the given lengths.
func number(s string, lengths ...int) (int, bool) {
	ok := false
	for _, l := range lengths {
		ok = ok || len(s) == l
	}
	if !ok {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i < len(s) && s[i] != '-' && s[i] != '_' && s[i] != '.' {
		return "" // "12abc" is an id, not a day
	}
	return s[:i]
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
