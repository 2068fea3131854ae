package quotes

import (
	"reflect"
	"testing"
)

func TestFind(t *testing.T) {
	cases := []struct {
		name   string
		text   string
		inner  []string
		closed []bool
	}{
		{"curly", `He said “we will stay” and left.`, []string{"we will stay"}, []bool{true}},
		{"straight", `He said "we will stay" and left.`, []string{"we will stay"}, []bool{true}},
		{"two quotes split by attribution", `“First part,” she said, “second part.”`, []string{"First part,", "second part."}, []bool{true, true}},
		{"nested single inside double", `“They called it ‘a trap’ from the start,” he said.`, []string{"They called it ‘a trap’ from the start,"}, []bool{true}},
		{"british single quotes", `The minister said ‘enough is enough’ on Monday.`, []string{"enough is enough"}, []bool{true}},
		{"apostrophes are not quotes", `The country’s leaders and the workers’ union met.`, nil, nil},
		{"unclosed at paragraph end", `“This is the first paragraph of a long statement.`, []string{"This is the first paragraph of a long statement."}, []bool{false}},
		{"guillemets", `Il a dit «non merci» hier.`, []string{"non merci"}, []bool{true}},
		{"stray closing mark", `Odd ” mark here.`, nil, nil},
		{"opening mark lost at paragraph start", `We will stay here until the pier is rebuilt, every stone of it.”`, []string{"We will stay here until the pier is rebuilt, every stone of it."}, []bool{true}},
		{"stray mark after a few words", `The pipe was 6" wide.`, nil, nil},
		{"mark after a word, not a quotation's end", `The survey of all eight harbours was long" and slow.`, nil, nil},
		{"closing mark turned to open", `”We will stay. All of us.” ― A. Reader`, []string{"We will stay. All of us."}, []bool{true}},
		{"stray closing mark before a word, never closed", `Odd ”mark here.`, nil, nil},
		{"opening mark before a space", `He left. “ This is not the end,” she said.`, []string{" This is not the end,"}, []bool{true}},
		{"two apostrophes as a double mark", `''We will stay,'' she said.`, []string{"We will stay,"}, []bool{true}},
		{"curly quotation inside a straight one", `"The crews asked one thing: “Will the pier open by May?” Most said yes."`, []string{"The crews asked one thing: “Will the pier open by May?” Most said yes."}, []bool{true}},
		{"a straight mark that nothing closes nests nothing", `The skipper said "the crews “stay” here and the crew agreed.`, []string{"the crews “stay"}, []bool{true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var inner []string
			var closed []bool
			for _, q := range Find(c.text, 0) {
				inner = append(inner, c.text[q.InnerStart:q.InnerEnd])
				closed = append(closed, q.Closed)
				if q.Start > q.InnerStart || q.InnerEnd > q.End {
					t.Errorf("bad spans %+v", q)
				}
			}
			if !reflect.DeepEqual(inner, c.inner) || !reflect.DeepEqual(closed, c.closed) {
				t.Errorf("Find(%q)\n got %q %v\nwant %q %v", c.text, inner, closed, c.inner, c.closed)
			}
		})
	}
}
