package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

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
// it whole), a statement of three or more is quoted in parts — unless it
// turns to someone (see turnsTo), which splits a quotation of two.
const minAssertions = 3

// assertions splits the words of a quotation into its assertions: a long
// quotation says several things, and other outlets quote them on their
// own, so each is a claim (sharing a group). A sentence that leans on the
// one before — it opens with a conjunction or a pointing word ("But …",
// "That is why …") or is short — stays with it. A sentence that turns to
// someone ("So, Governor, …") starts an assertion of its own whatever its
// length: the speaker moves from statement to address, and outlets quote
// the address on its own.
func assertions(text string, span attrib.ByteSpan) []attrib.ByteSpan {
	parts := sentences.Split(text[span.Start:span.End], span.Start, nestedQuotes(text, span))
	if len(parts) < 2 {
		return []attrib.ByteSpan{span}
	}
	var out []attrib.ByteSpan
	turned := false
	for _, p := range parts {
		turn := len(out) > 0 && turnsTo(text, p)
		turned = turned || turn
		if len(out) > 0 && !turn && (leansBack(text, p) || wordsIn(text, out[len(out)-1]) < minAssertionWords) {
			out[len(out)-1].End = p.End
			continue
		}
		out = append(out, attrib.ByteSpan{Start: p.Start, End: p.End})
	}
	if len(out) < minAssertions && !(turned && len(out) > 1) {
		return []attrib.ByteSpan{span}
	}
	return out
}

// turnsTo reports whether sentence p opens by addressing someone: after
// an optional connective ("So,", "And") and call for attention ("listen,
// …"), a name or title ("Governor Abe,", "Ms. Tran,") or "my" and a noun
// ("My fellow anglers,") set off by a comma, with a first- or second-person
// clause right after it ("…, you …", "…, tonight we …"). A name alone at
// the head of the sentence must be two words or a title: "Later, we …"
// and "Third, I …" set off an adverb, not a person.
func turnsTo(text string, p sentences.Span) bool {
	ts := doc.Tokenize(text, p.Start, min(p.End, p.Start+160))
	k := 0
	if k < len(ts) && ts[k].Any(lexicon.Conj) {
		k++
		if k < len(ts) && ts[k].Punct(",") {
			k++
		}
	}
	if k < len(ts) && lexicon.Address(ts[k].L, lexicon.CallsAttention) {
		// "listen, …", "look here, …": the call ends at its comma
		j := k + 1
		for j < len(ts) && j-k < 4 && ts[j].Word && !ts[j].Cap {
			j++
		}
		if j >= len(ts) || !ts[j].Punct(",") {
			return false
		}
		k = j + 1
	}
	start := k
	if k < len(ts) && ts[k].Is("my") {
		k++
		for k < len(ts) && k-start < 4 && ts[k].Word {
			k++
		}
	} else {
		for k < len(ts) && k-start < 5 && (ts[k].Word && ts[k].Cap && !ts[k].Any(lexicon.Opener|lexicon.AdvOpener|lexicon.Prep|lexicon.Conj|lexicon.Time) ||
			ts[k].Punct(".") && k > start && ts[k-1].Any(lexicon.Title)) {
			k++
		}
		if k == start || start == 0 && k-start < 2 && !ts[start].Any(lexicon.Title) {
			return false
		}
	}
	if k == start || k >= len(ts) || !ts[k].Punct(",") {
		return false
	}
	for j := k + 1; j < len(ts) && j <= k+4; j++ {
		if lexicon.Address(ts[j].L, lexicon.FirstSecond) {
			return true
		}
	}
	return false
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

// nestedQuotes returns the quotations inside quoted words span ("… the
// critics say, ‘Hold the vote. Then count again.’ …"): someone else's
// words the speaker repeats are one thing said, and an assertion does not
// end inside them. A single mark closes only where no letter follows it
// (an apostrophe in "it’s" closes nothing); a quotation left open is none.
func nestedQuotes(text string, span attrib.ByteSpan) []sentences.Span {
	var out []sentences.Span
	prev := ' '
	for i := span.Start; i < span.End; {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == '‘' || r == '“' || (r == '\'' || r == '"') && !unicode.IsLetter(prev) && !unicode.IsDigit(prev) {
			if e := nestedEnd(text, i+n, span.End, r); e > 0 {
				out = append(out, sentences.Span{Start: i, End: e})
				i, prev = e, '’'
				continue
			}
		}
		prev = r
		i += n
	}
	return out
}

// nestedEnd returns the end of the closing mark that matches opening mark
// open of a quotation whose words start at byte i, before end; 0 when none
// closes it.
func nestedEnd(text string, i, end int, open rune) int {
	single := open == '‘' || open == '\''
	prev := ' '
	for j := i; j < end; {
		r, n := utf8.DecodeRuneInString(text[j:])
		next, _ := utf8.DecodeRuneInString(text[j+n:])
		if j+n >= end {
			next = ' '
		}
		closes := false
		if single {
			closes = (r == '’' || r == '\'') && !unicode.IsSpace(prev) && !unicode.IsLetter(next)
		} else {
			closes = r == '”' || r == '"' && j > i
		}
		if closes {
			return j + n
		}
		prev = r
		j += n
	}
	return 0
}
