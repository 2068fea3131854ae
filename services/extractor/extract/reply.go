package extract

import (
	"strings"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/extractor/internal/attrib"
	"github.com/claimwire/claimwire/services/extractor/internal/doc"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
	"github.com/claimwire/claimwire/services/extractor/internal/resolve"
)

// askedParty returns the party a question was put to before a reply whose
// subject is the pronoun m ("Lima asked Berg whether the pier would
// reopen. He replied …": Berg replies, though Lima spoke last): the source
// right after the latest verb of asking before the cue at token cue, in
// sentence si or the two before it. nil when there is none, when the
// party asked is itself a pronoun, or when it does not fit m.
func (x *extraction) askedParty(si, cue int, m resolve.Mention) *contract.Speaker {
	for back := si; back >= 0 && back >= si-2; back-- {
		us := x.units[back]
		ts := x.d.Sents[back].Toks
		for k := len(us) - 2; k >= 0; k-- {
			u := us[k]
			if back == si && u.A >= cue || u.Kind != attrib.Cue || !u.Cue.Asks {
				continue
			}
			n := us[k+1]
			if n.Kind != attrib.Source {
				return nil // "was asked whether …": no one named
			}
			a := resolve.Analyse(ts[n.A:n.B])
			if a.Pron != "" {
				return nil
			}
			sp := x.res.Resolve(a, back)
			if sp == nil || sp.Name == "" || !x.res.Fits(m, sp) {
				return nil
			}
			out := *sp
			out.Mention = m.Text
			return &out
		}
	}
	return nil
}

// addressedSpeaker returns the name of the party the content of match m
// answers, "" when it answers no one: content opening with a reply
// ("You're right, …") to the speaker of the latest claim in sentence si
// or the two before it.
func (x *extraction) addressedSpeaker(si int, s *doc.Sentence, m attrib.Match) string {
	if len(m.Content) == 0 || m.Content[0].Empty() {
		return ""
	}
	start := s.Toks[m.Content[0].A].Start
	end := min(len(x.d.Text), start+40)
	head := strings.ToLower(strings.ReplaceAll(x.d.Text[start:end], "’", "'"))
	head = strings.TrimLeft(head, "\"“‘' ")
	if !lexicon.ReplyOpener(head) {
		return ""
	}
	for k := len(x.claims) - 1; k >= 0 && x.claims[k].sent >= si-2; k-- {
		if c := x.claims[k]; c.Kind != contract.KindStatistic && c.Start < start && c.Speaker != nil {
			return c.Speaker.Name
		}
	}
	return ""
}
