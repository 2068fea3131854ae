package dates

import (
	"testing"
	"time"
)

func TestFind(t *testing.T) {
	cases := []struct {
		in   string
		want string // RFC 3339 in UTC, "" for no date
	}{
		{"2024-05-06T21:30:00+02:00", "2024-05-06T19:30:00Z"},
		{"2022-09-18T07:00:00Z", "2022-09-18T07:00:00Z"},
		{"2021-02-11", "2021-02-11T00:00:00Z"},
		{"Desk - Lerwick - UPDATED: March 14, 2024, 09:05 PM - 3 min read", "2024-03-14T21:05:00Z"},
		{"Published 3rd Sept 2023 at 12:15 am", "2023-09-03T00:15:00Z"},
		{"Posted on 2019/11/20 by staff", "2019-11-20T00:00:00Z"},
		{"Wed 20 November 2019", "2019-11-20T00:00:00Z"},
		{"05/10/2018 - Publicado por: Ana", "2018-10-05T00:00:00Z"},
		{"11/20/2019 10:30", "2019-11-20T10:30:00Z"},
		{"20.11.2019", "2019-11-20T00:00:00Z"},
		{"order 2024-13-45 is not a date", ""},
		{"in 1066 nothing was published", ""},
		{"", ""},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := Find(tc.in)
			if tc.want == "" {
				if ok {
					t.Fatalf("found %v, want none", got)
				}
				return
			}
			if !ok || got.Format(time.RFC3339) != tc.want {
				t.Fatalf("Find(%q) = %v %v, want %s", tc.in, got, ok, tc.want)
			}
		})
	}
}

func FuzzFind(f *testing.F) {
	f.Add("March 14, 2024, 09:05 PM")
	f.Add("2024-05-06T21:30:00+02:00")
	f.Fuzz(func(t *testing.T, s string) {
		got, span, ok := FindIndex(s)
		if ok && (span[0] < 0 || span[1] > len(s) || span[0] > span[1] || got.Year() < 1990) {
			t.Fatalf("bad result %v %v for %q", got, span, s)
		}
	})
}
