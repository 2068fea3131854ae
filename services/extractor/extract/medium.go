package extract

import (
	"github.com/claimwire/claimwire/services/extractor/internal/attrib"
	"github.com/claimwire/claimwire/services/extractor/internal/doc"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
	"github.com/claimwire/claimwire/services/extractor/internal/resolve"
)

// medium returns the medium a statement went through when the sentence
// names it next to the cue: a platform or outlet in an adjunct ("on X",
// "in an interview with Radio Kestrel"), the outlet a tell-verb addresses
// ("told Harbour Times"), or a "Speaking to/on …," opener.
func (x *extraction) medium(si int, m attrib.Match) string {
	ts := x.d.Sents[si].Toks
	if !m.Addressee.Empty() && m.CueInfo.Tell {
		if v := mediaIn(ts, m.Addressee.A, m.Addressee.B); v != "" {
			return v
		}
	}
	for _, a := range m.Adjuncts {
		if v := mediaIn(ts, a.A, a.B); v != "" {
			return v
		}
	}
	// "Speaking to Radio Kestrel, …" / "In an interview with …, …"
	if len(ts) > 2 && (ts[0].L == "speaking" || ts[0].L == "writing" || ts[0].L == "talking" || ts[0].Has(lexicon.AdvOpener)) {
		end := 1
		for end < len(ts) && end < 12 && !ts[end].Punct(",") {
			end++
		}
		if end < len(ts) && ts[end].Punct(",") && end < m.Cue.A {
			return mediaIn(ts, 1, end)
		}
	}
	return ""
}

// mediaIn finds an outlet, platform or media phrase in tokens [a, b):
// a capitalised name that is a medium, a platform word, or a lower-case
// phrase headed by a media word ("local media", "state television").
func mediaIn(ts []doc.Token, a, b int) string {
	for k := a; k < b; k++ {
		t := ts[k]
		if !t.Word || t.Quote >= 0 {
			continue
		}
		if t.Has(lexicon.Platform) && (t.Cap || t.L == "x") {
			return t.S
		}
		if t.Cap && !t.Has(lexicon.Opener) {
			e := k
			for e < b && ts[e].Word && (ts[e].Cap || ts[e].Digit) {
				e++
			}
			if name := resolve.Join(ts[k:e]); resolve.IsMediaName(name) {
				return name
			}
			k = e - 1
			continue
		}
		if t.Has(lexicon.MediaHead) && !t.Cap && (t.L == "media" || t.L == "television" || t.L == "tv" || t.L == "radio" || t.L == "press") {
			s := k
			if s > a && ts[s-1].Word && !ts[s-1].Has(lexicon.Determiner) && !ts[s-1].Has(lexicon.Prep) {
				s--
			}
			return resolve.Join(ts[s : k+1])
		}
	}
	return ""
}
