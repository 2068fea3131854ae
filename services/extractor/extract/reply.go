package extract

import (
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/extractor/internal/attrib"
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
