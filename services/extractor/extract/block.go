package extract

import (
	"strings"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/extractor/internal/attrib"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
)

// minBlockWords is the least a paragraph must hold to be read as a block
// quotation: a line of a few words in the first person is more often a
// caption or a heading the cleaner kept than a statement.
const minBlockWords = 8

// blockParas returns the paragraphs that are someone's words printed as a
// block (a speech or a statement set apart, its quotation marks lost with
// the page's styling): prose paragraphs in the first or second person
// outside any quotation mark, in an article whose narrator never speaks
// in the first person nor to the reader. When one such paragraph of the
// article holds quotation marks or is short, the narrator may be speaking
// (a column, a reporter's "I asked"), and none is read as a quotation.
func (x *extraction) blockParas() map[int]bool {
	var out map[int]bool
	for pi, p := range x.d.Paras {
		if !p.Prose || !x.speakerPersonPara(pi) {
			continue
		}
		if len(strings.Fields(x.d.Text[p.Start:p.End])) < minBlockWords || x.hasQuote(pi) {
			return nil
		}
		if out == nil {
			out = map[int]bool{}
		}
		out[pi] = true
	}
	return out
}

// speakerPersonPara reports whether paragraph pi has a first- or
// second-person word outside quotation marks.
func (x *extraction) speakerPersonPara(pi int) bool {
	p := x.d.Paras[pi]
	for si := p.First; si < p.Last; si++ {
		for _, t := range x.d.Sents[si].Toks {
			if t.Word && t.Quote < 0 && lexicon.SpeakerPerson(t.S) {
				return true
			}
		}
	}
	return false
}

func (x *extraction) hasQuote(pi int) bool {
	for _, q := range x.d.Quotes {
		if q.Para == pi {
			return true
		}
	}
	return false
}

// blockRule is the rule name of a block quotation's claims.
const blockRule = "quote-block"

// blockQuote reads paragraph pi as a block quotation of whoever made the
// last claim of the paragraph right before it ("Lima told the council the
// port would reopen." / "We will open every berth by spring …"): the
// article introduces the words it then prints. A block quotation right
// after another does not count as that claim: two such
// paragraphs in a row after one report read as a narrator's as much as a
// speaker's. It reports whether it did.
func (x *extraction) blockQuote(pi int) bool {
	var from *found
	for k := len(x.claims) - 1; k >= 0; k-- {
		c := &x.claims[k]
		if x.d.Sents[c.sent].Para < pi-1 {
			break
		}
		if x.d.Sents[c.sent].Para == pi-1 && c.Kind != contract.KindStatistic && c.Rule != blockRule && c.Speaker != nil && c.Speaker.Name != "" {
			from = c
			break
		}
	}
	if from == nil {
		return false
	}
	p := x.d.Paras[pi]
	span := attrib.ByteSpan{Start: p.Start, End: p.End}
	for span.End > span.Start && strings.ContainsRune(" \t", rune(x.d.Text[span.End-1])) {
		span.End--
	}
	parts := assertions(x.d.Text, span)
	var group [2]int
	if len(parts) > 1 {
		group = [2]int{span.Start, span.End}
	}
	for _, pt := range parts {
		x.add(found{Claim: contract.Claim{Kind: contract.KindQuote, Text: x.d.Text[pt.Start:pt.End],
			Sentence: x.d.Text[span.Start:span.End], Start: pt.Start, End: pt.End, Speaker: copySpeaker(from.Speaker),
			Cue: from.Cue, Via: from.Via, Confidence: 0.6, Rule: blockRule}, sent: p.First, quote: -1, group: group})
	}
	return true
}
