package doc

import (
	"reflect"
	"strings"
	"testing"

	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
)

func TestTokenize(t *testing.T) {
	text := "The U.S. envoy, Ana Lima’s aide, said Dawn.com’s report was “wrong” — twice."
	toks := Tokenize(text, 0, len(text))
	var got []string
	for _, tk := range toks {
		got = append(got, tk.S)
	}
	want := []string{"The", "U.S.", "envoy", ",", "Ana", "Lima’s", "aide", ",", "said", "Dawn.com’s", "report", "was", "“", "wrong", "”", "—", "twice", "."}
	if len(got) != len(want) {
		t.Fatalf("tokens %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("token %d = %q, want %q (all %q)", i, got[i], want[i], got)
		}
		if text[toks[i].Start:toks[i].End] != toks[i].S {
			t.Fatalf("token %d offsets do not slice the text", i)
		}
	}
	if !toks[5].Poss || toks[5].Stem != "lima" {
		t.Errorf("Lima’s: poss %v stem %q", toks[5].Poss, toks[5].Stem)
	}
	if !toks[8].Has(lexicon.CueWord) || !toks[6].Has(lexicon.Title) {
		t.Errorf("tags not set: said %b aide %b", toks[8].Tags, toks[6].Tags)
	}
}

// TestTokenizeNumbers: a comma that groups a number's thousands stays in
// the number, so rules that end a clause at a comma do not cut a figure in
// two; a comma between a number and the next word or number is punctuation.
func TestTokenizeNumbers(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"about 3,500 boats", []string{"about", "3,500", "boats"}},
		{"1,250,000 people", []string{"1,250,000", "people"}},
		{"in 2019, 40 boats", []string{"in", "2019", ",", "40", "boats"}},
		{"rows 1,2 and 3", []string{"rows", "1", ",", "2", "and", "3"}},
		{"up 12,5000 times", []string{"up", "12", ",", "5000", "times"}},
		{"a ratio of 4,321", []string{"a", "ratio", "of", "4,321"}},
	} {
		t.Run(c.text, func(t *testing.T) {
			var got []string
			for _, tk := range Tokenize(c.text, 0, len(c.text)) {
				got = append(got, tk.S)
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("tokens %q, want %q", got, c.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	text := "Heading without a full stop\n\n“We will rebuild. It will take years,” the mayor said. Crews began work.\n\n“The first part is open. And the second\n\n“is next,” she added."
	d := Parse(text)
	if len(d.Paras) != 4 {
		t.Fatalf("paragraphs %d, want 4", len(d.Paras))
	}
	if d.Paras[0].Prose || !d.Paras[1].Prose {
		t.Errorf("prose flags: %v %v", d.Paras[0].Prose, d.Paras[1].Prose)
	}
	// the quotation of two sentences stays in one sentence with its attribution
	p := d.Paras[1]
	if p.Last-p.First != 2 {
		for i := p.First; i < p.Last; i++ {
			t.Logf("sentence %q", d.SentText(i))
		}
		t.Fatalf("paragraph 2 has %d sentences, want 2", p.Last-p.First)
	}
	if len(d.Quotes) != 3 {
		t.Fatalf("quotes %d, want 3", len(d.Quotes))
	}
	if d.Quotes[1].Closed || !d.Quotes[2].Continues {
		t.Errorf("open/continues: %+v %+v", d.Quotes[1], d.Quotes[2])
	}
	for si, s := range d.Sents {
		for _, tk := range s.Toks {
			if tk.Quote >= 0 && (tk.Start < d.Quotes[tk.Quote].InnerStart || tk.End > d.Quotes[tk.Quote].InnerEnd) {
				t.Errorf("sentence %d token %q outside its quote", si, tk.S)
			}
		}
	}
}

func TestParseMarkup(t *testing.T) {
	// markup left in a stored page: block tags end paragraphs and are in
	// no paragraph; an inline "<" is text
	text := "<p>The council met on Monday.</p><p>“We will build it,” the mayor said.</p>x < y and <pre> stays.<br/>Last one.</P>"
	d := Parse(text)
	var got []string
	for _, p := range d.Paras {
		got = append(got, text[p.Start:p.End])
	}
	want := []string{"The council met on Monday.", "“We will build it,” the mayor said.", "x < y and <pre> stays.", "Last one."}
	if len(got) != len(want) {
		t.Fatalf("paragraphs %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("paragraph %d = %q, want %q", i, got[i], want[i])
		}
		if !d.Paras[i].Prose {
			t.Errorf("paragraph %d not prose", i)
		}
	}
}

func TestSignedLineIsProse(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool
	}{
		{"“We will rebuild the pier.” ― Ines Kowal", true},
		{"“We will rebuild the pier.”\u00a0— Ines Kowal\u00a0", true},
		{"Rebuilding the pier — Ines Kowal", false}, // a heading with a byline
		{"“We will rebuild the pier.” — a local fisherman", false},
		{"Menu — Home", false},
	} {
		if got := Parse(c.line).Paras[0].Prose; got != c.want {
			t.Errorf("%q: prose %v, want %v", c.line, got, c.want)
		}
	}
}

func TestCutProseIsProse(t *testing.T) {
	for _, c := range []struct {
		name, line string
		want       bool
	}{
		{"paragraph cut mid-word", "The harbour master said the pier would reopen in the spring. He added that the council had found the money for the repairs and that the fishermen would be back bef", true},
		{"paragraph cut after a quotation", "“We will rebuild the pier,” the harbour master said on Monday. The council, he said, had already set aside the money for the work, which begins in", true},
		{"heading", "Harbour master says the pier will reopen in the spring", false},
		{"long menu", "Home News Sport Business Culture Travel Opinion Weather Podcasts Video Local Newsletters Puzzles Obituaries Jobs Property Motors Dating Shop Subscribe", false},
		{"long title with an abbreviation", "Mr. Smith and the harbour of the old town in the north of the country where the fishermen wait for the spring and the council", false},
	} {
		if got := Parse(c.line).Paras[0].Prose; got != c.want {
			t.Errorf("%s: prose %v, want %v", c.name, got, c.want)
		}
	}
}

func TestPipedLineIsNoProse(t *testing.T) {
	for _, c := range []struct {
		line string
		want bool
	}{
		{"Harbour | Pier to reopen in the spring, say engineers.", false},
		{"The lock keeper said the pier would reopen in the spring.", true},
		{"“Open | Closed” was all the sign on the pier said.", true}, // inside a quotation
	} {
		if got := Parse(c.line).Paras[0].Prose; got != c.want {
			t.Errorf("%q: prose %v, want %v", c.line, got, c.want)
		}
	}
}

func TestCutQuotationIsProse(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       bool
	}{
		{"quotation cut by the end of the page", "The harbour master spoke on Monday.\n“The pier crews, with the coast guard behind them, are ready to take charge of the", true},
		{"cut inside a quotation that quotes another", "The harbour master spoke on Monday.\n“Standing on this pier, I think of what my father told me: “The sea gives, but sel", true},
		{"short line opening a quotation", "The harbour master spoke on Monday.\n“Pier news", false},
		{"quotation cut before the last paragraph", "“The pier crews, with the coast guard behind them, are ready to take charge of the\nHarbour news", false},
		{"words before the quotation", "The harbour master spoke on Monday.\nOn Monday the harbour master told us “the pier crews are ready to take", false},
	} {
		d := Parse(c.text)
		if got := d.Paras[len(d.Paras)-1].Prose; got != c.want {
			t.Errorf("%s: prose %v, want %v", c.name, got, c.want)
		}
	}
}

// TestAttributionJoinsItsQuotation: a sentence opening with an attribution
// joins the quotation ending with ! ? or . before it; one that opens a
// quotation, a "that" clause or a clause without "that" of its own does
// not.
func TestAttributionJoinsItsQuotation(t *testing.T) {
	for _, c := range []struct {
		name, text string
		sents      int
	}{
		{"attribution after the quotation", "“Turn it up!” she told the crowd.", 1},
		{"an abbreviated title before the name", "“Turn it up!” Dr. Ana Lima told the crowd.", 1},
		{"a new quotation after a comma", "She called the plan “a waste of money.” She added, “Nobody asked for it.”", 2},
		{"a new quotation after a colon", "She called the plan “a waste of money.” She added: “Nobody asked for it.”", 2},
		{"a that clause", "She called the plan “a waste of money.” She added that nobody had asked for it.", 2},
		{"an infinitive", "She called the plan “a waste of money.” She threatened to vote against it.", 2},
		{"a clause without that", "She called the plan “a waste of money.” She said she would vote against it.", 2},
		{"a clause without that, a name first", "Ana Lima holds the quay “dear to my heart.” Ana Lima said they would stay.", 2},
		{"an object pronoun is an addressee", "“It is a waste of money!” she told him.", 1},
		{"an addressee", "“It is a waste of money!” she said to reporters.", 1},
		{"an addressee, then a that clause", "She set out a plan called “Ports First.” She told a packed hall at the town's guild house that the quay would be rebuilt.", 2},
		{"an addressee, then a relative that", "“It is a waste of money!” she told the crowd that gathered outside.", 1},
		{"an addressee, then that and a time", "“It is a waste of money!” she told reporters that afternoon.", 1},
		{"a quotation closing a quotation inside it", "“He asked me, ‘Is the quay safe?’” Ana Lima told the crowd.", 1},
		{"a quotation closing a quotation inside it, then a new sentence", "“He asked me, ‘Is the quay safe?’” The crowd went quiet.", 2},
	} {
		if got := len(Parse(c.text).Sents); got != c.sents {
			t.Errorf("%s: %d sentences, want %d", c.name, got, c.sents)
		}
	}
}

func TestPostSignature(t *testing.T) {
	cases := []struct {
		line, name string // name "" = no signature
	}{
		{"Roads reopen at dawn. https://t.co/x1 — Ana Lima (@analima) May 3, 2024", "Ana Lima"},
		{"Roads reopen at dawn. pic.twitter.com/x1— City Roads Dept (@cityroads) Sept. 30, 2023", "City Roads Dept"},
		{"Roads reopen at dawn — Ana Lima, May 3, 2024", ""},
		{"“Roads reopen at dawn.” — Ana Lima", ""},
	}
	for _, c := range cases {
		_, a, b, ok := PostSignature(c.line)
		switch {
		case c.name == "" && ok:
			t.Errorf("%q: signature %q found", c.line, c.line[a:b])
		case c.name != "" && (!ok || c.line[a:b] != c.name):
			t.Errorf("%q: ok=%v name %q, want %q", c.line, ok, c.line[a:b], c.name)
		}
	}
	// the line of an embedded post is prose, so its sentences are read
	d := Parse("Roads reopen at dawn after the storm https://t.co/x1 — Ana Lima (@analima) May 3, 2024")
	if !d.Paras[0].Prose {
		t.Error("an embedded post's line is not prose")
	}
}

func TestStandfirstIsProse(t *testing.T) {
	const (
		body  = "The council met on Monday and voted to pay for the repairs from its reserves."
		title = "Pier repairs will cost twice what the council first planned"
		dek   = "The mayor accused the harbour board of hiding the cost of the pier"
	)
	for _, c := range []struct {
		name, title, text string
		para              int
		want              bool
	}{
		{"a standfirst above the body", title, dek + "\n" + body, 0, true},
		{"no title: the first line may be the headline", "", dek + "\n" + body, 0, false},
		{"the headline itself", title, title + "\n" + body, 0, false},
		{"a short kicker", title, "Harbour news from the coast\n" + body, 0, false},
		{"a title-case line", title, "Harbour Board Hid The Cost Of The Pier, Says The Mayor Of Marlow\n" + body, 0, false},
		{"a menu line", title, "Home | News | Sport | Business | Culture | Travel | Opinion | Weather\n" + body, 0, false},
		{"alone, no body after it", title, dek, 0, false},
		{"not the first line", title, body + "\n" + dek + "\n" + body, 1, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := ParseArticle(c.text, c.title).Paras[c.para].Prose; got != c.want {
				t.Errorf("prose %v, want %v", got, c.want)
			}
		})
	}
}

// TestLowerText checks lowerText against strings.ToLower, invalid UTF-8
// and case changes that alter a rune's length included.
func TestLowerText(t *testing.T) {
	for _, s := range []string{"", "plain words", "Mixed CASE", "“Quoted” Ölberg ÉTÉ", "bad \xff byte", "Ⱥ wide İ", "\xe2\x80", "ǅ title"} {
		if got, want := lowerText(s), strings.ToLower(s); got != want {
			t.Errorf("lowerText(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestLastDash checks lastDash against the three strings.LastIndex calls.
func TestLastDash(t *testing.T) {
	for _, s := range []string{"", "no dash", "“We will.” — Ana Lima", "a – b ― c — d", "― x", "x —", "\xe2\x80\x99 ’ only", "\xe2\xe2\x80\x94"} {
		want := max(strings.LastIndex(s, "―"), strings.LastIndex(s, "—"), strings.LastIndex(s, "–"))
		if got := lastDash(s); got != want {
			t.Errorf("lastDash(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestParseTokensAsTokenize checks that the sentences Parse tokenizes
// with the article lowered once read as Tokenize reads them alone.
func TestParseTokensAsTokenize(t *testing.T) {
	for _, text := range []string{
		"ÉLODIE Marsh said the QUAY would reopen. “It Will,” she added.\nBrick & Mortar agreed.",
		"Ⱥ wide rune: Osk Varn said it. The İZMIR crew left.",
		"A bad \xff byte. Tomas Brel said so.",
	} {
		d := Parse(text)
		for _, s := range d.Sents {
			want := Tokenize(text, s.Start, s.End)
			for k := range want {
				want[k].Quote = s.Toks[k].Quote // set by Parse
				want[k].Common = s.Toks[k].Common
			}
			if !reflect.DeepEqual(s.Toks, want) {
				t.Errorf("%q: Parse tokens\n%+v\nTokenize\n%+v", text[s.Start:s.End], s.Toks, want)
			}
		}
	}
	if lowerKeeping("Ⱥ x") != "" || lowerKeeping("a \xff") != "" || lowerKeeping("Éa “B”") != "éa “b”" {
		t.Error("lowerKeeping")
	}
}

// TestTokenizeBareApostrophe: a name ending in "s" takes a possessive
// apostrophe without a second "s" ("Morris' report"); the apostrophe
// belongs to the word, which is then a possessive like "Lima’s". A mark
// after a plural noun, or one that punctuation or a capital follows, is
// left to the quotation finder.
func TestTokenizeBareApostrophe(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
		poss int // index of the possessive token, -1 none
		stem string
	}{
		{"in Morris' report", []string{"in", "Morris'", "report"}, 1, "morris"},
		{"the Davies’ lawyer said", []string{"the", "Davies’", "lawyer", "said"}, 1, "davies"},
		{"the workers' union", []string{"the", "workers", "'", "union"}, -1, ""},
		{"‘We beat the Titans’, he said", []string{"‘", "We", "beat", "the", "Titans", "’", ",", "he", "said"}, -1, ""},
		{"‘They are the Smiths’ He left", []string{"‘", "They", "are", "the", "Smiths", "’", "He", "left"}, -1, ""},
		{"Tomas' ", []string{"Tomas", "'"}, -1, ""},
	} {
		t.Run(c.text, func(t *testing.T) {
			toks := Tokenize(c.text, 0, len(c.text))
			var got []string
			for _, tk := range toks {
				got = append(got, tk.S)
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Fatalf("tokens %q, want %q", got, c.want)
			}
			for i, tk := range toks {
				if tk.Poss != (i == c.poss) {
					t.Errorf("token %q: poss %v", tk.S, tk.Poss)
				}
				if i == c.poss && tk.Stem != c.stem {
					t.Errorf("token %q: stem %q, want %q", tk.S, tk.Stem, c.stem)
				}
			}
		})
	}
}
