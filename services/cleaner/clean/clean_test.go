package clean

import (
	"encoding/json"
	"errors"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/claimwire/claimwire/pkg/contract"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden cleans the hand-written pages in testdata/pages and compares
// the Article with testdata/golden/<page>.json. Each case also states the
// facts the page was written to exercise, so a wrong golden cannot hide a
// regression.
func TestGolden(t *testing.T) {
	cases := []struct {
		page      string
		title     string
		published string // date part, "" for none
		byline    string
		lang      string   // checked when set
		keep      []string // substrings the text must hold
		drop      []string // boilerplate that must be gone
	}{
		{
			page: "text_nav_title.txt", title: "Lighthouse keepers return to the northern isles", published: "2024-03-14",
			byline: "Harbour Herald Desk",
			keep:   []string{"For the first time in four decades", "Why people, not sensors", "could be extended to a further six stations"},
			drop: []string{"Trending", "lighthouse-keepers-return", "UPDATED", "min read", "thumbnail", "File Photo", "Story continues",
				"Also Read", "Download the", "Share Tweet", "TOP STORIES", "New bridge opens", "All rights reserved", "\n\nScience\n\n"},
		},
		{
			page: "text_repeated_title.txt", title: "Orchard growers turn to sheep for winter pruning",
			keep: []string{"Growers in the valley", "measuring soil quality in twelve orchards"},
			drop: []string{"Orchard growers turn", "Prev Article", "Village bakery", "Next Article", "River clean-up", "Related to this topic"},
		},
		{
			page: "text_date_prefix.txt", published: "2023-11-02",
			keep: []string{"The city council voted", "A heated debate", "places to shop"},
			drop: []string{"date 2023", "Museum extends", "cycle lanes", "\n-\n"},
		},
		{
			page: "text_no_title.txt",
			keep: []string{"Volunteers counted more wading birds", "through telescopes"},
			drop: []string{"Representational", "Photo Credit", "Subscribe"},
		},
		{
			page: "text_pasted_teasers.txt", title: "Market square to go car-free on Saturdays", byline: "Tomas Lind",
			keep: []string{"The market square will close", "Traders said footfall", "Delivery vans will still", "too far from the station for older passengers."},
			drop: []string{"Thanks for signing up", "1of3", "Courier Photo", "Keep an eye", "Image caption", "Follow Valley", "More from",
				"Bus timetable", "School roof", "Cycle path", "The new path links", "Allotment", "The pool has new", "All rights reserved"},
		},
		{
			// A text page's metadata: title, byline and date from its
			// header lines, language from its words.
			page: "text_byline_date.txt", title: "Harbour wall repairs to start before the winter storms", published: "2024-05-06",
			byline: "Mira Castell", lang: "en",
			keep: []string{"The harbour board agreed", "costs of each option"},
			drop: []string{"Weather", "By Mira", "Published 6 May", "Share this"},
		},
		{
			page: "text_cyrillic.txt", title: "Мост через реку откроют весной", lang: "ru",
			keep: []string{"Городской совет сообщил", "на следующей неделе"},
			drop: []string{"Новости"},
		},
		{
			// The first line is half of a real sentence: it must be
			// neither dropped nor taken for a headline or a byline.
			page: "text_first_sentence.txt",
			keep: []string{"By Friday, the ferry company had cancelled forty crossings because of the storm,", "The company said", "overflow park"},
		},
		{
			page: "html_jsonld.html", title: "Night trains return to the coast line", published: "2024-05-06", byline: "Ines Moreau",
			keep: []string{"Sleeper trains will run", "Demand from holidaymakers", "fares should be capped"},
			drop: []string{"Home", "Tweet", "refurbished carriages at the depot", "Advertisement", "Bus fares frozen", "All rights reserved"},
		},
		{
			page: "html_opengraph.html", title: "Library lends out tools as well as books", published: "2022-09-18", byline: "Sam Okafor",
			keep: []string{"The town library has added", "carpet cleaner", "library will decide"},
			drop: []string{"Sign up", "lawn mower", "Sport"},
		},
		{
			page: "html_meta_time.html", title: "Snow closes mountain pass for third day", published: "2021-02-11", byline: "Lena Fischer",
			keep: []string{"The mountain pass between", "reopen one lane"},
			drop: []string{"By Lena", "February 10, 2021", "Story continues"},
		},
		{
			page: "html_windows1252.html", title: "Café owners fight rent rise",
			keep: []string{"landlord’s new rent", "“We have been here for twenty years,”", "Renée Blanc"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.page, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", "pages", tc.page))
			if err != nil {
				t.Fatal(err)
			}
			ct := "text/plain"
			if strings.HasSuffix(tc.page, ".html") {
				ct = "text/html"
			}
			art, err := Page(Input{Body: body, ContentType: ct, URL: "https://www.example.co.uk/news/" + tc.page})
			if err != nil {
				t.Fatal(err)
			}
			if art.Title != tc.title {
				t.Errorf("title = %q, want %q", art.Title, tc.title)
			}
			got := ""
			if art.Published != nil {
				got = art.Published.Format("2006-01-02")
			}
			if got != tc.published {
				t.Errorf("published = %q, want %q", got, tc.published)
			}
			if art.Byline != tc.byline {
				t.Errorf("byline = %q, want %q", art.Byline, tc.byline)
			}
			if tc.lang != "" && art.Lang != tc.lang {
				t.Errorf("lang = %q, want %q", art.Lang, tc.lang)
			}
			if art.Outlet != "example.co.uk" {
				t.Errorf("outlet = %q", art.Outlet)
			}
			for _, k := range tc.keep {
				if !strings.Contains(art.Text, k) {
					t.Errorf("text lost %q", k)
				}
			}
			for _, d := range tc.drop {
				if strings.Contains(art.Text, d) {
					t.Errorf("text kept boilerplate %q", d)
				}
			}
			if strings.Contains(art.Text, "\n\n\n") || strings.HasPrefix(art.Text, "\n") {
				t.Errorf("paragraphs not joined by one blank line")
			}
			checkGolden(t, tc.page, art)
		})
	}
}

func checkGolden(t *testing.T, page string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", strings.TrimSuffix(page, filepath.Ext(page))+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from golden:\n got: %s\nwant: %s", page, got, want)
	}
}

func TestErrors(t *testing.T) {
	cases := []struct {
		name string
		in   Input
		want error
	}{
		{"png", Input{Body: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")}, ErrNotText},
		{"pdf typed", Input{Body: []byte("%PDF-1.7 ..."), ContentType: "application/pdf"}, ErrNotText},
		{"nul bytes as text", Input{Body: []byte("abc\x00def"), ContentType: "text/plain"}, ErrNotText},
		{"random bytes as html", Input{Body: randomBytes(200 << 10), ContentType: "text/html"}, ErrNotText},
		{"control bytes as html", Input{Body: []byte("<p>\x01\x02\x03\x04 page\x05\x06\x07\x08</p>"), ContentType: "text/html"}, ErrNotText},
		{"gzip as html", Input{Body: []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00<p>"), ContentType: "text/html; charset=utf-8"}, ErrNotText},
		{"empty", Input{Body: nil}, ErrEmpty},
		{"only chrome", Input{Body: []byte("Home\n\nNews\n\nSport\n\n© 2024 Example Ltd"), ContentType: "text/plain"}, ErrEmpty},
		{"html without text", Input{Body: []byte("<html><body><nav><a href=/>Home</a></nav><script>var x=1</script></body></html>"), ContentType: "text/html"}, ErrEmpty},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Page(tc.in)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestDeepNesting: x/net/html refuses more than 512 open elements; the
// cleaner must fall back to the tokenizer and still return the text.
func TestDeepNesting(t *testing.T) {
	for _, depth := range []int{600, 5000} {
		var b strings.Builder
		b.WriteString("<html><body>")
		for range depth {
			b.WriteString("<div>")
		}
		b.WriteString("<p>The harbour master said the new pontoons would be ready before the sailing season, weather permitting.</p>")
		for range depth {
			b.WriteString("</div>")
		}
		b.WriteString("</body></html>")
		art, err := Page(Input{Body: []byte(b.String()), ContentType: "text/html"})
		if err != nil {
			t.Fatalf("depth %d: %v", depth, err)
		}
		if !strings.Contains(art.Text, "new pontoons would be ready") {
			t.Fatalf("depth %d: text %q", depth, art.Text)
		}
	}
}

// TestTextLabelledHTML: a plain-text body served as text/html keeps its
// line structure (and so its title and paragraphs).
func TestTextLabelledHTML(t *testing.T) {
	body, err := os.ReadFile(filepath.Join("testdata", "pages", "text_repeated_title.txt"))
	if err != nil {
		t.Fatal(err)
	}
	art, err := Page(Input{Body: body, ContentType: "text/html; charset=utf-8"})
	if err != nil {
		t.Fatal(err)
	}
	if art.Title != "Orchard growers turn to sheep for winter pruning" || strings.Count(art.Text, "\n\n") != 2 {
		t.Fatalf("title %q text %q", art.Title, art.Text)
	}
}

func TestWindows1252WithoutDeclaration(t *testing.T) {
	// No charset anywhere: invalid UTF-8 is read as windows-1252, as
	// browsers do, and the output is valid UTF-8.
	body := []byte("The na\xefve plan cost \x80200,000 \x96 more than the council\x92s whole budget for the year.")
	art, err := Page(Input{Body: body, ContentType: "text/plain"})
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.ValidString(art.Text) || !strings.Contains(art.Text, "naïve plan cost €200,000 – more than the council’s") {
		t.Fatalf("text %q", art.Text)
	}
}

func FuzzPage(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "pages", "*"))
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b, "", "https://news.example/2024/05/06/story")
		}
	}
	f.Add([]byte("<p>"+strings.Repeat("<b>", 700)+"x"), "text/html", "")
	f.Add([]byte("\xff\xfe<\x00p\x00>\x00"), "", "::")
	f.Add([]byte("date 2024-99-99 Hello there, this is a body line that goes on for a while."), "text/plain", "/2024-02-30/x")
	f.Fuzz(func(t *testing.T, body []byte, ct, url string) {
		art, err := Page(Input{Body: body, ContentType: ct, URL: url, FetchedAt: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrNotText) && !errors.Is(err, ErrHTML) {
				t.Fatalf("unclassified error %v", err)
			}
			return
		}
		if art.Published != nil && art.Published.After(time.Date(2024, 6, 1, 14, 0, 0, 0, time.UTC)) {
			t.Fatalf("published %v after the fetch", art.Published)
		}
		for name, s := range map[string]string{"text": art.Text, "title": art.Title, "byline": art.Byline, "outlet": art.Outlet, "lang": art.Lang} {
			if !utf8.ValidString(s) {
				t.Fatalf("%s is not valid UTF-8: %q", name, s)
			}
		}
	})
}

// TestDeterministic: message ids derive from the output, so the same page
// must clean to the same Article every time.
func TestDeterministic(t *testing.T) {
	pages, _ := filepath.Glob(filepath.Join("testdata", "pages", "*.html"))
	for _, p := range pages {
		body, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		art, _ := Page(Input{Body: body, ContentType: "text/html"})
		first, _ := json.Marshal(art)
		for range 20 {
			art, _ := Page(Input{Body: body, ContentType: "text/html"})
			again, _ := json.Marshal(art)
			if string(again) != string(first) {
				t.Fatalf("%s: output changed between runs", p)
			}
		}
	}
}

// TestHardWrapped: text wrapped at a fixed width (as mail and terminals
// do) is rejoined into paragraphs before the line filter sees it, so
// wrapped body lines are not mistaken for short headline-like lines.
func TestHardWrapped(t *testing.T) {
	paras := []string{
		"The regional water board said on Friday that reservoir levels had recovered to their long-term average after the wettest autumn in a decade, and that the hosepipe ban in place since July would be lifted at midnight.",
		"Farmers in the lowlands welcomed the news but warned that several fields were still flooded, and that the late harvest of root vegetables would be smaller than usual as a result of the heavy rain.",
		"The board said it would publish a full report on the summer drought in the new year, including plans for two new storage lagoons and a pipeline linking the northern and southern supply networks.",
	}
	var b strings.Builder
	for _, p := range paras {
		line := ""
		for _, w := range strings.Fields(p) {
			if len(line)+len(w)+1 > 64 {
				b.WriteString(line + "\n")
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += w
		}
		b.WriteString(line + "\n\n")
	}
	art, err := Page(Input{Body: []byte(b.String()), ContentType: "text/plain"})
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Join(paras, "\n\n"); art.Text != want {
		t.Fatalf("text\n%s\nwant\n%s", art.Text, want)
	}
}

// TestContinues: which pairs of pasted lines are one sentence.
func TestContinues(t *testing.T) {
	cases := []struct {
		prev, next string
		want       bool
	}{
		{"Police closed the bridge", "after a lorry shed its load on Tuesday.", true},
		{"Councillors, traders and residents,", "all of them, signed the letter.", true},
		{"Police closed the bridge.", "after that, traffic moved.", false},   // prev ends a sentence
		{"Police closed the bridge", "After a lorry shed its load.", false},  // next starts a sentence
		{"Share by Mail", "http://example.com/a.jpg was attached.", false},   // a URL, not a word
		{"Home News Sport", "narrow-browser wide-browser and-larger", false}, // chrome, no sentence end
		{"Bridge", "reopened at noon.", false},                               // too short to be half a sentence
	}
	for _, tc := range cases {
		t.Run(tc.prev+"/"+tc.next, func(t *testing.T) {
			if got := continues(tc.prev, tc.next); got != tc.want {
				t.Fatalf("continues = %v, want %v", got, tc.want)
			}
		})
	}
}

// randomBytes is n bytes of a fixed pseudo-random sequence.
func randomBytes(n int) []byte {
	rnd := rand.New(rand.NewPCG(3, 5))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rnd.IntN(256))
	}
	return b
}

// TestPublishedFallback: the page's own date wins; a feed item's or the
// URL's date is used only when the page has none, and no date after the
// fetch is taken (the page's own gets the slack of a missing time zone).
func TestPublishedFallback(t *testing.T) {
	day := func(s string) *time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	dated := []byte("Ferry service cut for the winter\n\nPublished 3 March 2024\n\nThe island ferry will run twice a day instead of four times from November, the operator said on Sunday, because fewer people travel in winter.\n\nThe council said it would ask for a later last crossing on Fridays.\n")
	undated := []byte("Ferry service cut for the winter\n\nThe island ferry will run twice a day instead of four times from November, the operator said on Sunday, because fewer people travel in winter.\n\nThe council said it would ask for a later last crossing on Fridays.\n")
	const dayURL = "https://news.example/2024/03/05/ferry-service-cut"
	cases := []struct {
		name    string
		body    []byte
		url     string
		item    *contract.FeedItem
		fetched *time.Time
		want    string
	}{
		{"page date wins over feed and URL", dated, dayURL, &contract.FeedItem{Published: day("2024-03-04")}, day("2024-03-10"), "2024-03-03"},
		{"feed date when the page has none", undated, dayURL, &contract.FeedItem{Published: day("2024-03-04")}, day("2024-03-10"), "2024-03-04"},
		{"URL date when page and feed have none", undated, dayURL, nil, day("2024-03-10"), "2024-03-05"},
		{"feed date after the fetch: URL date", undated, dayURL, &contract.FeedItem{Published: day("2024-03-20")}, day("2024-03-10"), "2024-03-05"},
		{"URL date after the fetch: none", undated, dayURL, nil, day("2024-03-01"), ""},
		{"page date after the fetch: URL's", dated, "https://news.example/2024/02/28/ferry", nil, day("2024-03-01"), "2024-02-28"},
		{"no fetch time: no bound", undated, dayURL, nil, nil, "2024-03-05"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := Input{Body: tc.body, ContentType: "text/plain", URL: tc.url, Item: tc.item}
			if tc.fetched != nil {
				in.FetchedAt = tc.fetched.Add(8 * time.Hour)
			}
			art, err := Page(in)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if art.Published != nil {
				got = art.Published.Format("2006-01-02")
			}
			if got != tc.want {
				t.Errorf("published = %q, want %q", got, tc.want)
			}
		})
	}
}
