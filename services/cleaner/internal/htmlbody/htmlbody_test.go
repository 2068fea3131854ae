package htmlbody

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

const para = "<p>The ferry company said on Monday that it would add a second boat to the winter timetable, after complaints from islanders about cancelled crossings, missed hospital appointments and stranded lorries.</p>"

func TestExtract(t *testing.T) {
	cases := []struct {
		name       string
		page       string
		want, lose []string
	}{
		{
			name: "split body joined by class",
			page: `<body><div class="wrap"><div class="story-part">` + para + para + `</div><div class="promo"><a href="/x">Win a holiday</a></div><div class="story-part"><p>A final paragraph, kept with the rest because its wrapper shares the class of the body.</p></div></div><div class="teasers"><a href="/1">Other story one</a> <a href="/2">Other story two</a></div></body>`,
			want: []string{"ferry company", "A final paragraph"},
			lose: []string{"Win a holiday", "Other story"},
		},
		{
			name: "chrome word on the layout wrapper is not trusted",
			page: `<body><div class="layout with-sidebar"><article>` + para + para + para + `</article><div class="sidebar"><p>Most read: a long list of other headlines that goes on and on, with commas, to look like prose, but sits in a sidebar.</p></div></div></body>`,
			want: []string{"ferry company"},
			lose: []string{"Most read"},
		},
		{
			name: "hidden and navigation dropped",
			page: `<body><nav><a href="/">Home</a></nav><div style="display:none"><p>Hidden text that readers never see but is long enough to be scored as a paragraph.</p></div><main>` + para + `</main></body>`,
			want: []string{"ferry company"},
			lose: []string{"Home", "Hidden text"},
		},
		{
			// A card shown on hover after a linked name: its photo and
			// headlines are not part of the sentence; the name is.
			name: "hover card after a link",
			page: `<body><article><p>The mayor met <a href="/people/ana-lima">Ana Lima</a><span class="card"><span><img src="a.jpg"><a href="/people/ana-lima">Ana Lima</a><a href="/news/1">Council backs new ferry timetable after long debate</a></span></span> on Tuesday to discuss the harbour, the budget, the ferry and the winter timetable.</p>` + para + `</article></body>`,
			want: []string{"The mayor met Ana Lima on Tuesday", "ferry company"},
			lose: []string{"Council backs"},
		},
		{
			// An embedded post is quoted content even in a box named
			// "widget"; a blockquote in a sidebar's comments is not.
			name: "embedded post in a widget box",
			page: `<body><article>` + para + `<div class="article-widget"><blockquote class="social-post-embed"><p>We are adding a second boat from December. Thanks for your patience.</p>— Island Ferries (@islandferries) November 19, 2024</blockquote></div>` + para + `</article><div class="comments"><blockquote><p>A reader's long comment quoting another reader, with commas, long enough to count as prose here.</p></blockquote></div></body>`,
			want: []string{"We are adding a second boat", "(@islandferries)"},
			lose: []string{"A reader's long comment"},
		},
		{
			name: "table rows stay whole",
			page: `<body><article>` + para + `<table><tr><td>1</td><td>Ana Lima</td><td>5040</td></tr></table></article></body>`,
			want: []string{"1 Ana Lima 5040"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root, err := html.Parse(strings.NewReader(tc.page))
			if err != nil {
				t.Fatal(err)
			}
			var texts []string
			for _, b := range Extract(root) {
				texts = append(texts, b.Text)
			}
			all := strings.Join(texts, "\n")
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("lost %q in\n%s", w, all)
				}
			}
			for _, l := range tc.lose {
				if strings.Contains(all, l) {
					t.Errorf("kept %q in\n%s", l, all)
				}
			}
		})
	}
}
