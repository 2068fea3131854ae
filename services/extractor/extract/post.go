package extract

import (
	"strings"
	"unicode"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/extractor/internal/attrib"
	"github.com/claimwire/claimwire/services/extractor/internal/doc"
	"github.com/claimwire/claimwire/services/extractor/internal/resolve"
)

// minPostWords is the least an embedded post's text must hold to be a
// claim: a bare link or a line of hashtags says nothing.
const minPostWords = 4

// embeddedPost makes a quote claim of the text of an embedded social-media
// post that ends paragraph pi ("… — Ana Lima (@analima) May 3, 2024"):
// the author's own words, printed without quotation marks. The text runs
// from the paragraph's start, or from the end of the last quotation before
// it (an article often quotes the post, then embeds it), to the
// signature, without trailing links. A post that holds a quotation reports
// someone else's words, which the sentence rules read.
func (x *extraction) embeddedPost(pi int) {
	p := x.d.Paras[pi]
	dash, ns, ne, ok := doc.PostSignature(x.d.Text[p.Start:p.End])
	if !ok || p.Last <= p.First {
		return
	}
	sig := p.Start + dash
	start := p.Start
	for _, q := range x.d.Quotes {
		if q.Para != pi || q.Start >= sig {
			continue
		}
		if !q.Closed || q.End > sig {
			return
		}
		start = max(start, q.End)
	}
	a, b := trimPost(x.d.Text, start, sig)
	if len(strings.Fields(x.d.Text[a:b])) < minPostWords {
		return
	}
	si := p.Last - 1
	name := doc.Tokenize(x.d.Text, p.Start+ns, p.Start+ne)
	sp := x.res.Resolve(resolve.Analyse(name), si)
	if sp == nil || sp.Name == "" {
		return
	}
	span := attrib.ByteSpan{Start: a, End: b}
	var group [2]int
	parts := assertions(x.d.Text, span)
	if len(parts) > 1 {
		group = [2]int{a, b}
	}
	for _, pt := range parts {
		x.add(found{Claim: contract.Claim{Kind: contract.KindQuote, Text: x.d.Text[pt.Start:pt.End],
			Sentence: x.d.Text[a:p.End], Start: pt.Start, End: pt.End, Speaker: copySpeaker(sp), Via: "X",
			Confidence: 0.7, Rule: "quote-post"}, sent: si, quote: -1, group: group})
	}
}

// trimPost trims space, stray punctuation and trailing links ("https://…",
// "pic.twitter.com/…") from the post text in [a, b).
func trimPost(text string, a, b int) (int, int) {
	for a < b && !unicode.IsLetter(rune(text[a])) && !unicode.IsDigit(rune(text[a])) && text[a] < 0x80 {
		a++
	}
	for {
		t := strings.TrimRightFunc(text[a:b], unicode.IsSpace)
		b = a + len(t)
		i := strings.LastIndexFunc(t, unicode.IsSpace) + 1
		last := t[i:]
		if !strings.HasPrefix(last, "http") && !strings.Contains(last, "pic.twitter.com") && !strings.Contains(last, "t.co/") || i == 0 {
			return a, b
		}
		b = a + i
	}
}
