package attrib

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/services/extractor/internal/doc"
)

func spanText(d *doc.Doc, si int, s Span) string {
	if s.Empty() {
		return "-"
	}
	ts := d.Sents[si].Toks
	return d.Text[ts[s.A].Start:ts[s.B-1].End]
}

func contentTexts(d *doc.Doc, si int, m Match) []string {
	units, ms := Candidates(d, si)
	spans, ok := Content(d, si, units, m, ms)
	if !ok {
		return []string{"(no content)"}
	}
	var out []string
	for _, c := range spans {
		out = append(out, d.Text[c.Start:c.End])
	}
	return out
}

// TestRuleExamples runs every rule on the example sentence of its row in
// rules.txt and checks what it reads against testdata/rule_examples.tsv
// (rule, source, content parts joined by " | ").
func TestRuleExamples(t *testing.T) {
	f, err := os.Open("testdata/rule_examples.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string][2]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Split(line, "\t")
		if len(p) != 3 {
			t.Fatalf("bad line %q", line)
		}
		want[p[0]] = [2]string{p[1], p[2]}
	}
	for _, r := range Rules {
		t.Run(r.Name, func(t *testing.T) {
			w, ok := want[r.Name]
			if !ok {
				t.Fatalf("rule %s has no expected reading in testdata/rule_examples.tsv", r.Name)
			}
			d := doc.Parse(r.Example)
			for si := range d.Sents {
				_, ms := Candidates(d, si)
				for _, m := range ms {
					if m.Rule != r {
						continue
					}
					src, content := spanText(d, si, m.Source), strings.Join(contentTexts(d, si, m), " | ")
					if src == w[0] && content == w[1] {
						return
					}
					t.Logf("read source %q, content %q", src, content)
				}
			}
			t.Fatalf("%q: rule %s does not read source %q, content %q", r.Example, r.Name, w[0], w[1])
		})
		delete(want, r.Name)
	}
	for name := range want {
		t.Errorf("testdata/rule_examples.tsv names %s, which rules.txt does not have", name)
	}
}

func TestParseRulesRejects(t *testing.T) {
	for _, bad := range []string{
		"x | quote | any | Q S C | 10 | 0.9 | no anchor",
		"x | quote | any | Q S @C @C | 10 | 0.9 | two anchors",
		"x | poem | any | Q S @C | 10 | 0.9 | kind",
		"x | quote | loud | Q S @C | 10 | 0.9 | cue filter",
		"x | quote | any | Q S @C BLOB | 10 | 0.9 | symbol",
		"x | quote | any | Q S @C | ten | 0.9 | window",
		"x | quote | any | Q S @C | 10 | 0.9",
	} {
		if _, err := ParseRules(bad); err == nil {
			t.Errorf("ParseRules(%q) accepted", bad)
		}
	}
}

// TestParticipleAside: a participle clause set off by commas between a
// source and its cue is an aside, like an apposition: the source still
// says what follows the cue, and the clause's own reading stops at its
// comma.
func TestParticipleAside(t *testing.T) {
	for _, c := range []struct {
		text, rule, source, content string
	}{
		{"The mayor, citing the cost of the repairs, said the pier would stay shut.", "reported-zero", "The mayor", "the pier would stay shut"},
		{"The mayor, citing the “cost of the repairs,” said the pier would stay shut.", "reported-zero", "The mayor", "the pier would stay shut"},
		{"But Ana Lima, noting the size of the crowd, said, “We have never seen this here.”", "cue-comma-quote", "Ana Lima", "We have never seen this here."},
		{"But Ana Lima, noting the size of the crowd, said, “We have never seen this here.”", "participle-that", "-", "the size of the crowd"},
	} {
		t.Run(c.rule+": "+c.text, func(t *testing.T) {
			d, _ := sentence(t, c.text)
			_, ms := Candidates(d, 0)
			for _, m := range ms {
				if m.Rule.Name != c.rule {
					continue
				}
				src, content := spanText(d, 0, m.Source), strings.Join(contentTexts(d, 0, m), " | ")
				if src == c.source && content == c.content {
					return
				}
				t.Logf("read source %q, content %q", src, content)
			}
			t.Fatalf("rule %s does not read source %q, content %q", c.rule, c.source, c.content)
		})
	}
}
