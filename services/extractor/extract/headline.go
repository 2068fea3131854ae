package extract

import (
	"github.com/claimwire/claimwire/services/extractor/internal/doc"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
)

// headlineWords reports whether a run of words is set in title case the
// way headlines are, not the way names are: a function word capitalised
// after its first word ("Mayor Vows To Fight Closure", "Ferry Boss Quits
// Amid Pay Row", "Repairs Delayed As Costs Soar"). Prose writes "of",
// "to" and "as" in lower case inside a name ("Bank of Halden"), so the
// capital marks a headline or a link's title that the cleaner left in
// the text, whose words are no party a pronoun can stand for.
func headlineWords(ts []doc.Token) bool {
	for k := 1; k+1 < len(ts); k++ {
		t := ts[k]
		if t.Word && t.Cap && t.Quote < 0 && (t.Any(lexicon.Prep|lexicon.Conj|lexicon.Subord|lexicon.Aux|lexicon.Be) || t.L == "to") && ts[k+1].Word && ts[k+1].Cap {
			return true
		}
	}
	return false
}
