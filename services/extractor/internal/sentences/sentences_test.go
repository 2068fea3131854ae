package sentences

import (
	"reflect"
	"testing"
)

func TestSplit(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []string
	}{
		{"plain", "The vote passed. Critics left the hall.", []string{"The vote passed.", "Critics left the hall."}},
		{"country abbreviation mid-sentence", "Aid from the U.S. Treasury arrived. It was late.", []string{"Aid from the U.S. Treasury arrived.", "It was late."}},
		{"country abbreviation at end", "The envoy flew to the U.S. The talks resume today.", []string{"The envoy flew to the U.S.", "The talks resume today."}},
		{"middle initial", "Writer Sara K. Novak disagreed. She left.", []string{"Writer Sara K. Novak disagreed.", "She left."}},
		{"military titles", "Maj. Gen. Ortiz Pena arrived. Lt. Col. Brandt followed.", []string{"Maj. Gen. Ortiz Pena arrived.", "Lt. Col. Brandt followed."}},
		{"decimal", "Growth was 3.5 percent. Prices rose.", []string{"Growth was 3.5 percent.", "Prices rose."}},
		{"question and exclamation", "Why now? Nobody knows! Ask him.", []string{"Why now?", "Nobody knows!", "Ask him."}},
		{"closing quote after stop", `“We are done.” Then he left.`, []string{`“We are done.”`, "Then he left."}},
		{"quote with two sentences stays whole", `“We waited. Nobody came,” the mayor said. Rain fell.`, []string{`“We waited. Nobody came,” the mayor said.`, "Rain fell."}},
		{"lower-case continuation", "He said no. and then left.", []string{"He said no. and then left."}},
		{"no space before an opening quotation", "The mayor kept her word.“We finished the bridge,” she said.", []string{"The mayor kept her word.", "“We finished the bridge,” she said."}},
		{"mr", "Mr. Haldane spoke first. Then Mrs. Ito spoke.", []string{"Mr. Haldane spoke first.", "Then Mrs. Ito spoke."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var prot []Span
			// protect the straight or curly double-quoted span, as the extractor does
			if i, j := indexOf(c.text, "“"), lastIndexOf(c.text, "”"); i >= 0 && j > i {
				prot = append(prot, Span{i, j + len("”")})
			}
			var got []string
			for _, sp := range Split(c.text, 0, prot) {
				got = append(got, c.text[sp.Start:sp.End])
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("Split(%q)\n got %q\nwant %q", c.text, got, c.want)
			}
		})
	}
}

func TestSplitBase(t *testing.T) {
	got := Split("One. Two.", 100, nil)
	want := []Span{{100, 104}, {105, 109}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func lastIndexOf(s, sub string) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
