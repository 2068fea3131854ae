package clean

import (
	"strings"
	"testing"
)

// TestHTMLBodyFurniture: furniture that sits inside the article element
// of a made-up page — a media player's interface text, a caption button,
// a credit under its own label, a read time, a "More:" list, a wire
// staff credit, a consent box, a relative time stamp, a tag bar, a
// comment button, a syndication note, an opinion disclaimer — goes;
// every paragraph of the story stays.
func TestHTMLBodyFurniture(t *testing.T) {
	paras := []string{
		"The harbour board agreed on Tuesday to repair the old sea wall before the winter storms, after engineers found cracks in three sections of it.",
		"Work will start next month and should take about ten weeks, the board said, with the harbour road closed to lorries while the cranes are in place.",
		"Fishermen said they welcomed the repair but feared the closure would hurt trade in the busiest weeks of the year for the fish market on the quay.",
	}
	cases := []struct{ name, furniture string }{
		{"player", `<div class="player"><span>BUFFERING</span><span>LOADINGERROR</span> <span>Replay</span></div>`},
		{"caption button", `<figure><img src="wall.jpg"><button>Caption</button></figure>`},
		{"credit under its label", `<figure><img src="wall.jpg"><p>Фото:</p><p>архив Карины Хольм</p></figure>`},
		{"read time", `<p>Reading time: 4 minutes</p>`},
		{"more list", `<p>More:</p><ul><li><a href="/a">Ferry strike called off after talks</a></li><li><a href="/b">Lifeboat crew honoured at the palace</a></li></ul>`},
		{"staff credit", `<p>Reporting by Karin Holm in Oslo; Editing by Tom Lind</p>`},
		{"consent box", `<p>This site uses cookies to measure how you use it.</p><p>Manage preferences</p>`},
		{"relative time", `<p>Updated 2 hours ago</p>`},
		{"tag bar", `<p>Harbour | Ferries | Town council</p>`},
		{"slash photo credit", `<p><img src="wall.jpg"></p><p>Karin Holm/Harbour Herald</p>`},
		{"comment button", `<p><a href="#c">Show comments</a></p>`},
		{"syndication note", `<p>(Apart from the headline, this story has not been edited by Ledger staff and is published from a syndicated feed.)</p>`},
		{"opinion disclaimer", `<p><em>The views expressed in this column are the writer's own.</em></p>`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			html := `<html><head><title>Sea wall to be repaired before winter</title></head><body><article>` +
				`<h1>Sea wall to be repaired before winter</h1><p>` + paras[0] + `</p>` + tc.furniture +
				`<p>` + paras[1] + `</p><p>` + paras[2] + `</p></article></body></html>`
			art, err := Page(Input{Body: []byte(html), ContentType: "text/html; charset=utf-8"})
			if err != nil {
				t.Fatal(err)
			}
			if want := strings.Join(paras, "\n\n"); art.Text != want {
				t.Fatalf("text\n%s\nwant\n%s", art.Text, want)
			}
		})
	}
}
