package extract

import (
	"strings"

	"github.com/claimwire/claimwire/services/extractor/internal/attrib"
	"github.com/claimwire/claimwire/services/extractor/internal/doc"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
	"github.com/claimwire/claimwire/services/extractor/internal/sentences"
)

// minAssertionWords is the least a sentence of a quotation must hold to
// be an assertion of its own; shorter ones ("No." "Believe me." "All
// officers were there.") stay with the sentence before. Measured: at six
// words a speech's short sentences became claims no other outlet quoted
// on their own (news dev quote precision 0.81; at twelve 0.97, with
// PolNeAR, which marks a quotation whole, up 0.02 in F1).
const minAssertionWords = 12

// minAssertions is how many assertions make a quotation long enough to
// split: a quotation of one or two sentences is one claim (outlets quote
// it whole), a statement of three or more is quoted in parts.
const minAssertions = 3

// assertions splits the words of a quotation into its assertions: a long
// quotation says several things, and other outlets quote them on their
// own, so each is a claim (sharing a group). A sentence that leans on the
// one before — it opens with a conjunction or a pointing word ("But …",
// "That is why …") or is short — stays with it.
func assertions(text string, span attrib.ByteSpan) []attrib.ByteSpan {
	parts := sentences.Split(text[span.Start:span.End], span.Start, nil)
	if len(parts) < 2 {
		return []attrib.ByteSpan{span}
	}
	var out []attrib.ByteSpan
	for _, p := range parts {
		if len(out) > 0 && (leansBack(text, p) || wordsIn(text, out[len(out)-1]) < minAssertionWords) {
			out[len(out)-1].End = p.End
			continue
		}
		out = append(out, attrib.ByteSpan{Start: p.Start, End: p.End})
	}
	if len(out) < minAssertions {
		return []attrib.ByteSpan{span}
	}
	return out
}

func wordsIn(text string, s attrib.ByteSpan) int { return len(strings.Fields(text[s.Start:s.End])) }

// leansBack reports whether a sentence continues the assertion before it.
func leansBack(text string, p sentences.Span) bool {
	if len(strings.Fields(text[p.Start:p.End])) < minAssertionWords {
		return true
	}
	ts := doc.Tokenize(text, p.Start, min(p.End, p.Start+40))
	for _, t := range ts {
		if !t.Word {
			continue
		}
		switch {
		case t.Any(lexicon.Conj) || t.L == "because" || t.L == "which" || t.L == "also":
			return true
		case t.L == "this" || t.L == "that" || t.L == "these" || t.L == "those" || t.L == "it" || t.L == "there":
			return true
		}
		return false
	}
	return false
}
