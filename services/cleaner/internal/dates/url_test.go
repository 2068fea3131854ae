package dates

import "testing"

func TestFromURL(t *testing.T) {
	cases := map[string]string{
		"https://news.example/2019/11/19/ferry-cancelled/":                  "2019-11-19",
		"https://news.example/2019/11/19":                                   "2019-11-19",
		"https://news.example/local/2024-05-06-harbour-wall-repairs":        "2024-05-06",
		"https://news.example/story/20230102/harbour":                       "2023-01-02",
		"https://news.example/2019/11/ferry-cancelled":                      "", // no day
		"https://news.example/2019/02/31/bad-day":                           "",
		"https://news.example/article/3148363491684141381-13c5394ea69ae086": "",
		"https://news.example/id/12345678/x":                                "", // not a plausible date
		"https://news.example/?date=2024-05-06":                             "", // the query is not the path
		"::not a url":                                                       "",
	}
	for u, want := range cases {
		got := ""
		if d, ok := FromURL(u); ok {
			got = d.Format("2006-01-02")
		}
		if got != want {
			t.Errorf("FromURL(%q) = %q, want %q", u, got, want)
		}
	}
}

func FuzzFromURL(f *testing.F) {
	for _, s := range []string{"https://a.example/2019/11/19/x", "/2024-05-06", "%zz", "/9999/99/99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := FromURL(s); ok && (d.Year() < 1990 || d.Year() > 2100) {
			t.Fatalf("FromURL(%q) = %v", s, d)
		}
	})
}
