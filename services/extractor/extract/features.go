package extract

import (
	"strconv"
	"strings"

	"github.com/claimwire/claimwire/services/extractor/internal/attrib"
	"github.com/claimwire/claimwire/services/extractor/internal/doc"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
	"github.com/claimwire/claimwire/services/extractor/internal/model"
	"github.com/claimwire/claimwire/services/extractor/internal/resolve"
)

// cueFeatures describes a cue's reading to the model: the rule, the cue
// and the words around it, the kind of source, and the shape of the
// content. Every feature is a fact about the sentence's form; none names
// a person or an outlet.
func (x *extraction) cueFeatures(si int, units []attrib.Unit, c chosen) model.Features {
	b := &x.fb
	b.Reset()
	s := &x.d.Sents[si]
	ts := s.Toks
	r := c.Rule.Name
	b.Add("bias", "")
	b.Add("rule", r)
	b.Add("kind", c.Rule.Kind)
	ci := c.CueInfo
	b.Add("lemma", ci.Lemma)
	b.Add2("rule×lemma", r, ci.Lemma)
	b.Add("class", ci.Class.String())
	b.Add2("rule×class", r, ci.Class.String())
	b.Add("form", strconv.Itoa(int(ci.Form)))
	b.Add2("lemma×form", ci.Lemma, strconv.Itoa(int(ci.Form)))
	if ci.Noun {
		b.Add("noun-form", ci.Lemma)
	}
	prev, next := tokenAt(ts, c.Cue.A-1), tokenAt(ts, c.Cue.B)
	b.Add("prev", wordOrClass(prev))
	b.Add("next", wordOrClass(next))
	b.Add2("lemma×next", ci.Lemma, wordOrClass(next))
	b.Add("prev-class", tagClass(prev))
	b.Add("next-class", tagClass(next))
	b.Add("next2", wordOrClass(tokenAt(ts, c.Cue.B+1)))
	if c.Cue.A == 0 {
		b.Add("cue-opens", "")
	}
	if negated(ts, c.Cue.A) {
		b.Add("negated", ci.Lemma)
	}
	// the source
	sk := "none"
	if !c.Source.Empty() {
		m := resolve.Analyse(ts[c.Source.A:c.Source.B])
		switch {
		case m.Pron != "":
			sk = "pron:" + m.Pron
		case m.Name != "":
			sk = "name"
			if len(m.Titles) > 0 {
				sk = "titled-name"
			}
			typ, _ := resolve.MentionType(m)
			b.Add("name-type", typ)
		case m.Head != "":
			sk = "desc"
			b.Add("head", m.Head)
			b.Add("head-type", resolve.DescriptorType(m))
		}
		b.Add("sdist", bucket(abs(c.Source.A-c.Cue.A), 1, 2, 4, 8, 16))
		if c.Source.A > c.Cue.A {
			b.Add("source-after", r)
		}
	}
	b.Add("source", sk)
	b.Add2("rule×source", r, sk)
	// the content
	words, quoted := 0, 0
	first := ""
	for _, sp := range c.content {
		for k := s.TokenAt(sp.Start); k < len(ts) && ts[k].End <= sp.End; k++ {
			if !ts[k].Word {
				continue
			}
			if first == "" {
				first = ts[k].L
			}
			words++
			if ts[k].Quote >= 0 {
				quoted++
			}
		}
	}
	b.Add("clen", bucket(words, 1, 2, 3, 5, 8, 13, 21, 34))
	b.Add2("rule×clen", r, bucket(words, 2, 4, 8, 16, 32))
	switch {
	case quoted == words:
		b.Add("cquote", "all")
	case quoted > 0:
		b.Add("cquote", "part")
	default:
		b.Add("cquote", "none")
	}
	if c.Rule.Kind == "reported" {
		b.Add("cfirst", firstClass(first))
		b.Add2("lemma×cfirst", ci.Lemma, firstClass(first))
		if verbish(ts, c.content, s) {
			b.Add("cverb", "")
		}
	}
	if len(c.content) > 0 && c.content[0].Start < ts[c.Cue.A].Start {
		b.Add("content-before", r)
	}
	if len(s.Quotes) > 0 {
		b.Add("sentence-quotes", strconv.Itoa(min(len(s.Quotes), 3)))
	}
	b.Add("slen", bucket(len(ts), 8, 16, 32, 64))
	return b.Features()
}

// discourseFeatures describes a discourse rule's reading of a quotation.
func (x *extraction) discourseFeatures(si, qi int, rule string, from *found) model.Features {
	b := &x.fb
	b.Reset()
	b.Add("bias", "")
	b.Add("rule", rule)
	b.Add("kind", "quote")
	q := x.d.Quotes[qi]
	words := len(strings.Fields(q.Words(x.d.Text)))
	b.Add("clen", bucket(words, 1, 2, 3, 5, 8, 13, 21, 34))
	b.Add2("rule×clen", rule, bucket(words, 2, 4, 8, 16, 32))
	if x.quoteIsParagraph(qi) {
		b.Add("whole-paragraph", rule)
	}
	if q.Continues {
		b.Add("continues", rule)
	}
	if !q.Closed {
		b.Add("open", rule)
	}
	if from != nil {
		b.Add2("rule×gap", rule, bucket(si-from.sent, 0, 1, 2, 4))
		b.Add2("rule×from", rule, from.Rule)
		if x.d.Sents[from.sent].Para == x.d.Sents[si].Para {
			b.Add("same-para", rule)
		}
	}
	return b.Features()
}

func tokenAt(ts []doc.Token, i int) doc.Token {
	if i < 0 || i >= len(ts) {
		return doc.Token{}
	}
	return ts[i]
}

// wordOrClass is a function word itself, else the word's class: the model
// learns from sentence shape, not from content words.
func wordOrClass(t doc.Token) string {
	if t.S == "" {
		return "<edge>"
	}
	if !t.Word {
		if t.IsQuoteMark() {
			return "<quote>"
		}
		return t.S
	}
	if t.Any(lexicon.Determiner|lexicon.Prep|lexicon.Aux|lexicon.Conj|lexicon.Subord|lexicon.Pronoun|lexicon.ObjPronoun) || t.L == "that" || t.L == "to" {
		return t.L
	}
	return tagClass(t)
}

// tagClass names a token's broad class.
func tagClass(t doc.Token) string {
	switch {
	case t.S == "":
		return "edge"
	case !t.Word:
		if t.IsQuoteMark() {
			return "quote"
		}
		return "punct"
	case t.Quote >= 0:
		return "quoted"
	case t.Any(lexicon.Pronoun):
		return "pron"
	case t.Any(lexicon.Determiner):
		return "det"
	case t.Any(lexicon.Aux):
		return "aux"
	case t.Any(lexicon.Adverb):
		return "adv"
	case t.Any(lexicon.Prep):
		return "prep"
	case t.Any(lexicon.Time):
		return "time"
	case t.Any(lexicon.Title | lexicon.Role):
		return "role"
	case t.Has(lexicon.CueWord):
		return "cue"
	case t.Digit:
		return "num"
	case t.Cap:
		return "cap"
	}
	return "word"
}

func firstClass(w string) string {
	switch lexicon.Tags(w) {
	case 0:
		return "word"
	}
	if w == "that" || w == "to" || lexicon.Tags(w).Any(lexicon.Pronoun|lexicon.Determiner|lexicon.Subord|lexicon.Prep) {
		return w
	}
	return "tagged"
}

// negated reports whether the cue at k is negated or declined ("did not
// say", "declined to comment", "refused to say").
func negated(ts []doc.Token, k int) bool {
	for i := k - 1; i >= 0 && i >= k-3; i-- {
		switch ts[i].L {
		case "not", "n't", "never", "declined", "refused", "failed", "won't", "didn't", "wouldn't", "couldn't", "cannot", "can't":
			return true
		}
	}
	return false
}

// verbish reports whether reported content holds an auxiliary, a modal or
// a be-verb: a clause rather than a noun phrase.
func verbish(ts []doc.Token, content []attrib.ByteSpan, s *doc.Sentence) bool {
	for _, sp := range content {
		for k := s.TokenAt(sp.Start); k < len(ts) && ts[k].End <= sp.End; k++ {
			if ts[k].Any(lexicon.Aux | lexicon.Be) {
				return true
			}
		}
	}
	return false
}

func bucket(n int, edges ...int) string {
	for _, e := range edges {
		if n <= e {
			return "≤" + strconv.Itoa(e)
		}
	}
	return ">" + strconv.Itoa(edges[len(edges)-1])
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
