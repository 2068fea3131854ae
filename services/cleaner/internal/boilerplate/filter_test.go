package boilerplate

import (
	"slices"
	"strings"
	"testing"
)

// body is a made-up prose paragraph used to frame the line under test.
const body = "The committee met for six hours on Tuesday and agreed, after a long debate, to publish its findings before the end of the month."

func lines(ls ...string) []Block {
	out := make([]Block, len(ls))
	for i, l := range ls {
		out[i] = Block{Text: l}
	}
	return out
}

func text(r Result) string {
	var parts []string
	for _, b := range r.Blocks {
		parts = append(parts, b.Text)
	}
	return strings.Join(parts, "\n")
}

// TestFamilies puts one line of each boilerplate family between two prose
// paragraphs of a text page and checks that it goes and the prose stays.
func TestFamilies(t *testing.T) {
	cases := []struct{ family, line string }{
		{"list label", "Trending:"},
		{"inline also-read", "Also Read: Minister opens new school in the north"},
		{"ad placeholder", "Story continues below Advertisement"},
		{"app promo", "Download the Daily Ledger App to stay updated with breaking news!"},
		{"newsletter promo", "Subscribe to our newsletter for the best stories every morning."},
		{"share labels", "Share Tweet WhatsApp Email"},
		{"photo credit", "File Photo | Reuters"},
		{"representational caption", "Representational Image."},
		{"dateline", "Ledger Network - Oslo - UPDATED: June 2, 2024, 10:00 AM - 4 min read"},
		{"read time", "5 min read"},
		{"copyright", "© 2024 Ledger Media Group. All rights reserved."},
		{"separator", "* * *"},
		{"slug", "committee-agrees-to-publish-findings"},
		{"byline", "By Karin Holm"},
		{"portuguese label", "Você pode gostar..."},
		{"gallery counter", "2of5A ferry waits at the quay in the morning fog, Tuesday, May 7, 2024."},
		{"bare gallery counter", "3 of 12"},
		{"captioned photo", "Image caption The new lifeboat was launched from the slipway at high tide"},
		{"agency photo credit", "A fisherman mends nets on the quay in Lerwick, Shetland, on Tuesday, March 12, 2024, before the season opens. (AP Photo/Jane Roe, File)"},
		{"newsletter form", "Thanks for signing up!"},
		{"contact line", "Write to Karin Holm at karin.holm@ledger.example.com"},
		{"byline with handle", "Karin Holm @karinholm"},
		{"collapsed caption", "Lifeboat crew members haul the new boat up the slipway at Lerwick on Tuesday after its first ... more"},
		{"expanded caption", "Lifeboat crew members haul the new boat up the slipway at Lerwick on Tuesday after its first launch. less"},
		{"caption credit with toggle", "The new lifeboat on its first launch at Lerwick on Tuesday, March 12, 2024. (AFP Photo/Jane Roe) less"},
		{"caption with bracketed credit", "The harbour master speaks to reporters on the quay on Monday (May 6), in Lerwick. (Photo: Harbour Trust)"},
		{"caption cut inside its credit", "A satellite image of the storm over the islands at dawn on Monday, May 6, 2024. (Photo: Weather Servi"},
		{"ad slot name", "Harbour-Herald-Top-Banner-728x90"},
		{"file name", "IMG_2041"},
		{"call to action", "Add the Harbour Herald as a preferred source"},
		{"tap prompt", "Tap to unmute"},
		{"wire staff credit", "Reporting by Karin Holm in Oslo; additional reporting by Per Vik; Editing by Tom Lind"},
		{"bracketed staff credit", "(Writing by Karin Holm; Editing by Tom Lind)"},
		{"short staff credit", "Reporting by Karin Holm"},
		{"contributor line", "Associated Press writer Per Vik in Bergen contributed to this report."},
		{"player state glued", "BUFFERING LOADINGERROR Replay"},
		{"player buttons", "Play Video Unmute Fullscreen"},
		{"player time", "Now Playing 0:00 / 2:14"},
		{"caption toggle", "Hide caption"},
		{"lone caption button", "Caption"},
		{"text size control", "Text size"},
		{"share slogan", "Sharing is caring :)"},
		{"reading time label", "Reading time: 6 minutes"},
		{"german reading time", "Lesezeit: 4 Min."},
		{"portuguese reading time", "Tempo de leitura: 3 minutos"},
		{"more stories label", "More Great Harbour Stories"},
		{"popular on label", "Popular on Harbour Herald"},
		{"more colon label", "More:"},
		{"foreign photo credit", "Foto: Karin Holm / Harbour Herald"},
		{"relative time", "Updated 2 hours ago"},
		{"short relative time", "4h"},
		{"comment button", "Show comments"},
		{"comment sort", "Sort by: Oldest first"},
		{"consent button", "Manage preferences"},
		{"consent banner", "This site uses cookies to measure how you use it."},
		{"partners notice", "We and our partners store and access information on your device."},
		{"newsletter field", "Enter your email address"},
		{"newsletter pitch", "The Harbour Herald's best stories, delivered straight to your inbox."},
		{"newsletter terms", "By signing up you agree to receive our emails."},
		{"pager", "Load more »"},
		{"hashtags", "#ferries #harbourwall"},
		{"tag bar", "Harbour | Ferries | Town council"},
		{"slash photo credit", "Karin Holm/Harbour Herald"},
		{"bracketed slash credit", "(Karin Holm / The Herald)"},
		{"illustration credit", "Illustration: Per Vik"},
		{"sponsored block", "Partner content"},
		{"ad continue", "Content continues below"},
		{"author archive link", "View all posts by Karin Holm"},
		{"donation pitch", "Our journalism needs your support."},
		{"donate button", "Donate"},
		{"syndication note", "(Apart from the headline, this story has not been edited by Ledger staff and is published from a syndicated feed.)"},
		{"opinion disclaimer", "The views expressed in this column are the writer's own."},
		{"reprint credit", "This article was originally published by the Quay Courier. Read the original."},
		{"wire licence", "This material may not be published, broadcast, rewritten or redistributed."},
		{"also watch label", "Also Watch: Ferry leaves the quay in fog"},
	}
	for _, tc := range cases {
		t.Run(tc.family, func(t *testing.T) {
			r := Filter(lines(body, tc.line, body+" Then it adjourned."), Options{Text: true})
			got := text(r)
			if strings.Contains(got, tc.line) {
				t.Fatalf("kept %q", tc.line)
			}
			if !strings.Contains(got, "Then it adjourned.") || !strings.HasPrefix(got, body) {
				t.Fatalf("lost prose: %q", got)
			}
		})
	}
}

func TestStructure(t *testing.T) {
	cases := []struct {
		name      string
		in        []string
		title     string
		wantLines []string
	}{
		{
			name:      "nav then title",
			in:        []string{"Home", "World", "Sport", "Harbour wall repaired after storm", body},
			title:     "Harbour wall repaired after storm",
			wantLines: []string{body},
		},
		{
			name:      "repeated title",
			in:        []string{"Harbour wall repaired after storm", "Harbour wall repaired after storm", body},
			title:     "Harbour wall repaired after storm",
			wantLines: []string{body},
		},
		{
			name:      "headline first line is the title",
			in:        []string{"Harbour wall repaired after storm", body},
			title:     "Harbour wall repaired after storm",
			wantLines: []string{body},
		},
		{
			name:      "short sentence first line is kept",
			in:        []string{"The harbour reopened on Monday.", body},
			wantLines: []string{"The harbour reopened on Monday.", body},
		},
		{
			name:      "no title",
			in:        []string{body, "A second paragraph follows here, and it is also long enough to count as prose for the filter."},
			wantLines: []string{body, "A second paragraph follows here, and it is also long enough to count as prose for the filter."},
		},
		{
			name:      "subheading kept, headline list dropped",
			in:        []string{body, "What happens next", body + " Again.", "Prev Article", "Council tax to rise by two per cent", "Next Article", "Ferry strike called off"},
			wantLines: []string{body, "What happens next", body + " Again."},
		},
		{
			name:      "credit under its own label",
			in:        []string{body, "Фото:", "архив Карины Хольм", body + " Again.", "Photo credit:", "Karin Holm for the Herald", body + " Once more."},
			wantLines: []string{body, body + " Again.", body + " Once more."},
		},
		{
			name:      "subheading after a credit label's line stays when it is the story's",
			in:        []string{body, "Credit: Karin Holm", "What happens next", body + " Again."},
			wantLines: []string{body, "What happens next", body + " Again."},
		},
		{
			name:      "review subheadings that name player parts stay",
			in:        []string{body, "Audio quality", body + " Again.", "Video", body + " Once more."},
			wantLines: []string{body, "Audio quality", body + " Again.", "Video", body + " Once more."},
		},
		{
			name: "story lines near the new families stay",
			in: []string{body, "One year", body + " Again.", "100m", body + " Once more.",
				"The bakery defended the use of cookies in school lunches, saying they were baked without sugar.",
				"Karin Holm / Sea wall repairs begin in May, the harbour board says", body + " At last.",
				"The article was first published in 1905, the historian said, and its author was never named.",
				"The wire feed from the agency was cut for an hour on Monday, and the newsroom edited by hand."},
			wantLines: []string{body, "One year", body + " Again.", "100m", body + " Once more.",
				"The bakery defended the use of cookies in school lunches, saying they were baked without sugar.",
				"Karin Holm / Sea wall repairs begin in May, the harbour board says", body + " At last.",
				"The article was first published in 1905, the historian said, and its author was never named.",
				"The wire feed from the agency was cut for an hour on Monday, and the newsroom edited by hand."},
		},
		{
			name:      "a sentence about reporting stays",
			in:        []string{body, "Reporting by the local paper led to the inquiry, which opened on Monday and will sit for a month.", body + " Again."},
			wantLines: []string{body, "Reporting by the local paper led to the inquiry, which opened on Monday and will sit for a month.", body + " Again."},
		},
		{
			name:      "trailing repeated headlines",
			in:        []string{body, "-", "Ferry strike called off", "-", "Ferry strike called off"},
			wantLines: []string{body},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Filter(lines(tc.in...), Options{Text: true})
			if r.Title != tc.title {
				t.Errorf("title %q, want %q", r.Title, tc.title)
			}
			if got, want := text(r), strings.Join(tc.wantLines, "\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// TestTeasers checks that a list of other stories — headline plus a
// summary the site cut short — is dropped after an article, while an
// article whose short sections each sit under a subheading is kept.
func TestTeasers(t *testing.T) {
	story := []string{
		body,
		"The report recommends that the harbour authority publish its dredging schedule a month in advance, and that fishermen be consulted on every change.",
		"Members also asked for a second survey of the breakwater before the winter storms arrive, which the authority has promised to commission.",
	}
	cut := []string{
		"Ferry operator adds a late sailing on Fridays",
		"The island ferry will run an extra crossing on Friday evenings from June, the operator said, after complaints from commuters who...",
		"Fish market reopens after repairs",
		"Traders returned to the covered fish market on Monday after six weeks of repairs to the roof, which was damaged in the...",
		"School choir wins regional contest",
		"Forty pupils from the harbour primary school sang their way to first place in the regional contest held in the city on…",
	}
	// Same shape, but the summaries are whole sentences of varied length.
	sections := []string{
		"Dredging",
		"The harbour will be dredged in spring, when fewer boats are moored.",
		"The breakwater",
		"Engineers want a second survey of the breakwater before winter, because the last one is now twelve years old and missed the cracks on the seaward side.",
		"Who pays",
		"The authority will pay for both surveys from its own reserves, and the council will cover the cost of consultation.",
	}
	t.Run("cut teasers dropped", func(t *testing.T) {
		got := text(Filter(lines(append(slices.Clone(story), cut...)...), Options{Text: true}))
		if want := strings.Join(story, "\n"); got != want {
			t.Fatalf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("arrow-marked teasers dropped", func(t *testing.T) {
		in := append(slices.Clone(story),
			"» Harbour diary: a week on the night shift", "Our reporter spent seven nights with the crews who unload the ferries.",
			"» Photo gallery: the regatta in pictures", "See the best pictures from the weekend's regatta, sent in by readers.",
			"» Weather: storms ahead for the islands", "Check the forecast before you travel to the islands this week.")
		got := text(Filter(lines(in...), Options{Text: true}))
		if want := strings.Join(story, "\n"); got != want {
			t.Fatalf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("truncated headlines dropped", func(t *testing.T) {
		in := append(slices.Clone(story), "Council votes to keep the night bus running until...", "Bridge tolls to rise by ten pence next...", "Harbour master retires after thirty...")
		got := text(Filter(lines(in...), Options{Text: true}))
		if want := strings.Join(story, "\n"); got != want {
			t.Fatalf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("subheaded sections kept", func(t *testing.T) {
		in := append(slices.Clone(story), sections...)
		got := text(Filter(lines(in...), Options{Text: true}))
		if want := strings.Join(in, "\n"); got != want {
			t.Fatalf("got\n%s\nwant\n%s", got, want)
		}
	})
}

// TestAuthorBox: a paragraph about the writer at the end of the page goes;
// the same shape at the start of the story is the story.
func TestAuthorBox(t *testing.T) {
	story := []string{
		body,
		"The report recommends that the harbour authority publish its dredging schedule a month in advance, and that fishermen be consulted on every change.",
		"Members also asked for a second survey of the breakwater before the winter storms arrive, which the authority has promised to commission.",
	}
	cases := []struct {
		name string
		in   []string
		want []string
	}{
		{"name then bio", append(slices.Clone(story), "Ana Berg", "Ana joined the Ledger in 2019 and has covered the harbour and the fishing fleet ever since."), story},
		{"about label", append(slices.Clone(story), "About Ana Berg", "Mother of two and a keen sailor, Ana Berg writes about the coast and the people who work on it."), story},
		{"bio opening", append(slices.Clone(story), "Tomas Lind is a staff writer at the Ledger covering transport, energy and the port."), story},
		{"profile at the top is the story", []string{"Karin Holm", "Karin Holm has mended nets on this quay for forty years, and on Tuesday she mended her last one.", story[1], story[2]},
			[]string{"Karin Holm has mended nets on this quay for forty years, and on Tuesday she mended her last one.", story[1], story[2]}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := text(Filter(lines(tc.in...), Options{Text: true}))
			if want := strings.Join(tc.want, "\n"); got != want {
				t.Fatalf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestDatePrefix(t *testing.T) {
	r := Filter(lines("date 2025-01-30 "+body), Options{Text: true})
	if r.Published.Format("2006-01-02") != "2025-01-30" || text(r) != body {
		t.Fatalf("published %v text %q", r.Published, text(r))
	}
}

// TestRepeatedFurniture: lines a text page repeats because they are
// furniture go, every copy; a subheading that is not repeated stays.
func TestRepeatedFurniture(t *testing.T) {
	cases := []struct {
		name  string
		in    []string
		gone  []string
		stays []string
	}{
		{
			name: "ad label between paragraphs",
			in: []string{body, "Marketplace", "Two members voted against.",
				"Ferry timetable changes", body + " The ferry company has not yet replied to the committee's letter, sent in March.",
				"Marketplace", "The next meeting is in June, when the budget for the harbour works is due. Three."},
			gone:  []string{"Marketplace"},
			stays: []string{"Ferry timetable changes", "Three."},
		},
		{
			name:  "image alt text then caption",
			in:    []string{"Lifeboat crews train at dawn.", "Lifeboat crews train at dawn.", body, body + " Then it adjourned."},
			gone:  []string{"Lifeboat crews"},
			stays: []string{"Then it adjourned."},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := text(Filter(lines(tc.in...), Options{Text: true}))
			for _, g := range tc.gone {
				if strings.Contains(got, g) {
					t.Errorf("kept %q:\n%s", g, got)
				}
			}
			for _, s := range tc.stays {
				if !strings.Contains(got, s) {
					t.Errorf("lost %q:\n%s", s, got)
				}
			}
		})
	}
}

// TestCutTail: a page stored cut off mid-paragraph keeps its last, cut
// line; a trailing headline or label does not become prose.
func TestCutTail(t *testing.T) {
	cut := "Engineers said the repairs would take about six weeks and that the fleet could"
	got := text(Filter(lines("Harbour wall repairs agreed", body, body+" Then it adjourned.", cut), Options{Text: true}))
	if !strings.Contains(got, cut) {
		t.Errorf("lost the cut last line:\n%s", got)
	}
	head := "Council Approves New Budget For Harbour Works"
	got = text(Filter(lines("Harbour wall repairs agreed", body, body+" Then it adjourned.", head), Options{Text: true}))
	if strings.Contains(got, head) {
		t.Errorf("kept a trailing headline:\n%s", got)
	}
}

// TestStandfirst checks that the summary line under a text page's
// headline stays in the text, and that the page's known title (an HTML
// page read as text) says which header line is the headline.
func TestStandfirst(t *testing.T) {
	const (
		head = "Harbour wall repaired after winter storm"
		dek  = "The council said the repair to the harbour wall cost less than it feared"
	)
	cases := []struct {
		name      string
		in        []string
		known     string
		title     string
		wantLines []string
	}{
		{
			name:      "standfirst under the headline",
			in:        []string{"Home", "News", head, dek, body},
			title:     head,
			wantLines: []string{dek, body},
		},
		{
			name:      "standfirst after a read time",
			in:        []string{head, "3 min read", dek, body},
			title:     head,
			wantLines: []string{dek, body},
		},
		{
			name:      "a byline under the headline is no standfirst",
			in:        []string{head, "Mara Olsson, Senior Harbour Correspondent", body},
			title:     head,
			wantLines: []string{body},
		},
		{
			name:      "another headline under it is no standfirst",
			in:        []string{"Ferry Strike Called Off As Talks Resume Late On Friday", head, body},
			title:     head,
			wantLines: []string{body},
		},
		{
			name:      "a standfirst the body repeats is kept once",
			in:        []string{head, dek, dek + ".", body},
			title:     head,
			wantLines: []string{dek + ".", body},
		},
		{
			name:      "the known title picks the headline over its standfirst",
			in:        []string{head, dek, body},
			known:     head + " | Coastline Herald",
			title:     head,
			wantLines: []string{dek, body},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Filter(lines(tc.in...), Options{Text: true, Title: tc.known})
			if r.Title != tc.title {
				t.Errorf("title %q, want %q", r.Title, tc.title)
			}
			if got, want := text(r), strings.Join(tc.wantLines, "\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}
