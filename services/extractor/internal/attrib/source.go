package attrib

import (
	"strings"

	"github.com/claimwire/claimwire/services/extractor/internal/doc"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
)

// SourceEnd returns the end of a noun phrase starting at token i that
// could be a source — a pronoun, a name with its titles ("Pakistan's
// Defence Minister Khwaja Asif", "Mayor-elect Ana Lima"), a description
// ("a senior official", "the 34-year-old", "local residents", "the
// ministry") with a short post-modifier ("a spokesman for the ministry",
// "sources close to the talks") — or i when none starts there.
func SourceEnd(ts []doc.Token, i int) int {
	t := ts[i]
	if t.Quote >= 0 || !t.Word {
		return i
	}
	if t.Has(lexicon.Pronoun) {
		return i + 1
	}
	// "someone else said": another unnamed person, "else" included
	if t.Has(lexicon.Anonymous) && !t.Cap && i+2 < len(ts) && ts[i+1].L == "else" && ts[i+2].Has(lexicon.CueWord) {
		return i + 2
	}
	if e := shareBeforeCue(ts, i); e > i {
		return e // "two in three said", "Sixty-one percent said"
	}
	// a name led by initials: "J. Q. Pardoe" (the "A" is no article)
	if t.Initial() && i+2 < len(ts) && ts[i+1].Punct(".") && ts[i+2].Cap && ts[i+2].Word {
		if e := nounRun(ts, i+2); e > i+2 {
			return e
		}
	}
	// a date or figure before a description and a name: "7/7 survivor
	// J. Q. Pardoe", "2010 champion Ruth Amsel"
	if t.Digit {
		e := i + 1
		for e+1 < len(ts) && ts[e].Punct("/") && ts[e+1].Digit {
			e += 2
		}
		if e < len(ts) && ts[e].Word && !ts[e].Cap {
			if r := SourceEnd(ts, e); r > e+1 && ts[r-1].Cap {
				return r
			}
		}
	}
	// a quantifier standing for people: "some say", "most of them said",
	// "half of those polled say"
	if t.Has(lexicon.Quantity) {
		e := i + 1
		// (or after an inverted verb, closing the sentence or its clause:
		// "“…,” said one of the dockers.", "…, said some of them, …")
		inverted := afterInvertedCue(ts, i)
		closes := func(r int) bool { return r == len(ts) || ts[r].Punct(",") || atEnd(ts, r) }
		// (a whole source after "of", possessives and names included:
		// "one of the mayor's advisers noted", "two of her aides said")
		if e+1 < len(ts) && ts[e].L == "of" {
			if r := SourceEnd(ts, e+1); r > e+1 && (sayingAt(ts, r) || sayingPhraseAt(ts, r) || inverted && closes(r)) {
				return r
			}
		}
		if e+1 < len(ts) && ts[e].L == "of" && ts[e+1].Has(lexicon.ObjPronoun) {
			e += 2
			if inverted && closes(e) {
				return e
			}
		} else if e+1 < len(ts) && ts[e].L == "of" {
			m := e + 1
			for m < len(ts) && ts[m].Word && ts[m].Has(lexicon.Determiner) && m-e < 3 {
				m++
			}
			if r := plainRun(ts, m, 3); r > m && (sayingAt(ts, r) || inverted && closes(r)) {
				return r
			}
			if m < len(ts) && ts[m].L == "those" {
				if r := plainRun(ts, m+1, 2); r > m+1 && sayingAt(ts, r) {
					return r // "half of those polled say"
				}
			}
		}
		if sayingAt(ts, e) && standsAlone(ts, e) {
			return e
		}
	}
	// "those" standing for people, who a modifier or a relative clause
	// picks out before a verb of saying: "those close to him say",
	// "those familiar with the plan said", "those who know her say"
	if t.L == "those" && !t.Cap || t.L == "those" && i == 0 {
		if e := modifierBeforeCue(ts, i+1); e > i+1 {
			return e
		}
		// (the clause is its description: "those who know her", never a
		// bare "those")
		if i+1 < len(ts) && ts[i+1].L == "who" {
			for e := i + 2; e < len(ts) && e-i <= 8 && ts[e].Word && ts[e].Quote < 0; e++ {
				if sayingAt(ts, e) {
					return e
				}
			}
		}
	}
	if e := barePluralBeforeCue(ts, i); e > i {
		return e // "local radio reports suggest", "and Danish radio reports say"
	}
	// (a sentence set in brackets opens after its bracket: "(Having said
	// that, …)")
	first := i == 0 || i <= 10 && (ts[i-1].Punct(":") || ts[i-1].IsDash() && !ts[i-1].Word || ts[i-1].Punct("("))
	if first && t.Cap && t.Any(lexicon.Prep|lexicon.Conj|lexicon.Subord) {
		return i // "About the delay, he said": a function word capitalised by its place opens no name
	}
	// a discourse opener links the sentence to the one before and names
	// nobody ("Worse, the growers …", "Here's the catch: …", "Having said
	// that, …") — unless a verb of saying follows at once, when a surname
	// that is also such a word is the subject ("Best said …")
	if first && t.Cap && t.Has(lexicon.Discourse) && !(i+1 < len(ts) && !strings.HasSuffix(t.L, "ing") && ts[i+1].Has(lexicon.CueWord) && cueForm(ts[i+1]) != lexicon.Base && cueForm(ts[i+1]) != lexicon.Participle) {
		return i
	}
	// (a modifier of a role opening the sentence is the description's
	// first word: "Democratic candidate Ana Lima, like Berg, has said …")
	roleAfter := modifier(t) && i+1 < len(ts) && ts[i+1].Word && !ts[i+1].Cap && ts[i+1].Any(lexicon.Title|lexicon.Role)
	if first && t.Cap && (t.Common || openerForm(t)) && !t.Any(lexicon.Title|lexicon.Role|lexicon.Determiner|lexicon.Male|lexicon.Female) && !roleAfter {
		// a profession post-modified before a verb of saying ("Pilots
		// involved in the inquiry said …")
		if professional(t) {
			if e := modifierBeforeCue(ts, i+1); e > i+1 {
				return e
			}
		}
		// …unless a verb of saying follows at once: a name that is also
		// a word ("Jolly said …") or a description ("Social workers say")
		if !openerForm(t) && !t.Has(lexicon.Opener) {
			if e := plainRun(ts, i, 3); e > i && sayingAt(ts, e) && (e == i+1 || strings.HasSuffix(ts[e-1].L, "s") || cueForm(ts[e]) != lexicon.Base) {
				return e
			}
		}
		// a surname of adverb or participle form right before a finite
		// verb of saying is the subject, as nothing else can be ("Pembly
		// said …", "Harding told …")
		// (past an auxiliary or adverb: "Pembly has said", "Pembly also said")
		k := i + 1
		for k < len(ts) && k-i <= 2 && ts[k].Word && ts[k].Any(lexicon.Aux|lexicon.Adverb) && !ts[k].Has(lexicon.Be) {
			k++
		}
		if openerForm(t) && !t.Has(lexicon.Opener) && sayingAt(ts, k) && (cueForm(ts[k]) == lexicon.Past || cueForm(ts[k]) == lexicon.Third) {
			return i + 1
		}
		// …and so is one that an aside sets off before the verb
		// ("Pembly, the lock keeper, said …")
		if openerForm(t) && !t.Has(lexicon.Opener) && asideThenSaying(ts, i+1) {
			return i + 1
		}
		return i // "Enthusiastic crowds cheered", "Paying tribute, he said": not a name
	}
	j := i
	// determiners and possessive pronouns: "the", "a", "his", "their"
	for j < len(ts) && j-i < 2 && ts[j].Word && (ts[j].Has(lexicon.Determiner) || ts[j].PossessiveDeterminer()) {
		j++
	}
	start := j
	if e := shareBeforeCue(ts, j); e > j {
		return e
	}
	// (a statement noun that owns the next noun is no source of its own:
	// "the report's author", "the ad's narrator" — nounRun reads them)
	if j > i && j < len(ts) && ts[j].Has(lexicon.StatementNoun) && !ts[j].Cap && !(ts[j].Poss && j+1 < len(ts) && (continuesNoun(ts[j+1]) || agentive(ts[j+1]))) {
		// "the statement", "the letter", "a statement from the Harbour Board"
		if j+2 < len(ts) && (ts[j+1].L == "from" || ts[j+1].L == "by") {
			if e := SourceEnd(ts, j+2); e > j+2 {
				return e
			}
		}
		return j + 1
	}
	// a statement noun after plain modifiers, right before a verb of
	// saying: "the annual report says", "a congressional memo said" (the
	// noun may also be a cue verb, "report", which plain words exclude)
	if j > i {
		if k := plainRun(ts, j, 2); k > j && k < len(ts) && ts[k].Has(lexicon.StatementNoun) && !ts[k].Cap && sayingAt(ts, k+1) {
			return k + 1
		}
	}
	j = nounRun(ts, j)
	if j == start && j > i && j < len(ts) && agentive(ts[j]) {
		j++ // "one petitioner": an agent noun after a determiner heads a description
	}
	// any description that a verb of saying follows: "the tennis legend
	// said", "the county's new guidance says"
	// ("the NBA legend said", "the mayor's aides said")
	if start > i && (j == start || j-start <= 2 && ts[j-1].Cap && !ts[j-1].Has(lexicon.OrgWord)) || start == i && j == i+1 && ts[i].Poss {
		// (a plural before the plain form: "the analysts say")
		if e := plainRun(ts, j, 4-(j-start)); e > j && sayingAt(ts, e) && !strings.HasSuffix(ts[e-1].L, "ly") && (strings.HasSuffix(ts[e-1].L, "s") || cueForm(ts[e]) != lexicon.Base) {
			return e
		}
		if e := plainRun(ts, j, 4-(j-start)); e > j && ofNumber(ts, e) > e {
			return ofNumber(ts, e)
		}
	}
	if j == start || !headsSource(ts, start, j) {
		// a description whose head no lexicon knows is still the source
		// where nothing else can be: right after an inverted cue ("…,”
		// said the lock keeper." / "…, said the lock keeper, Ana Lima.")
		// and before a name set off by commas and a cue ("The lock
		// keeper, Ana Lima, said …")
		if start > i {
			if e := plainRun(ts, start, 3); e > start && e >= j && (afterInvertedCue(ts, i) && (e == len(ts) || ts[e].Punct(",") || atEnd(ts, e)) || nameAsideThenCue(ts, e) || relativeSaying(ts, e)) {
				return e
			}
		}
		return i
	}
	// the seat of a body: "the Weather Bureau in Leeds"
	if j+1 < len(ts) && ts[j-1].Cap && ts[j-1].Has(lexicon.OrgWord) && (ts[j].L == "in" || ts[j].L == "at") && ts[j+1].Cap && !ts[j+1].Has(lexicon.Time) {
		k := j + 1
		for k < len(ts) && ts[k].Cap && ts[k].Word && ts[k].Quote < 0 && k-j < 7 {
			k++
		}
		return k
	}
	// a short post-modifier after a role: "a spokesman for the ministry",
	// "officials at the embassy", "sources close to the talks", "people
	// familiar with the matter"
	// a longer modifier of plain nouns, when a verb of saying follows it:
	// "officials from both parties say", "experts on erosion and flood
	// defence said", "engineers at the port and along the coast say"
	if last := ts[j-1]; (last.Any(lexicon.Role|lexicon.Anonymous) || professional(last) || agentive(last)) && (!last.Cap || j-1 == i) {
		if e := modifierBeforeCue(ts, j); e > j {
			return e
		}
	}
	if !ts[j-1].Cap && ofNumber(ts, j) > j {
		return ofNumber(ts, j)
	}
	if last := ts[j-1]; last.Has(lexicon.Role) && !last.Cap || last.Has(lexicon.Anonymous) {
		j = postModifierEnd(ts, j)
	} else if professional(last) && !last.Cap {
		// a trade takes one only before its verb of saying, past an
		// aside ("pilots at the airfield, however, said …"): "an
		// engineer at the harbour fixed the crane" is about the engineer
		if e := postModifierEnd(ts, j); e > j && (sayingAt(ts, e) || asideThenSaying(ts, e)) {
			j = e
		}
	}
	return j
}

// postModifierEnd returns the end of a short post-modifier after a role
// or an unnamed source ending at j ("a spokesman for the ministry",
// "sources close to the talks", "a source in the room"), or j.
func postModifierEnd(ts []doc.Token, j int) int {
	k := j
	if k < len(ts) && accessWord(ts[k]) {
		k++
	}
	if k < len(ts) && (ts[k].L == "for" || ts[k].L == "of" || ts[k].L == "at" || ts[k].L == "from" || ts[k].L == "with" || ts[k].L == "to" || ts[k].L == "in" || ts[k].L == "on") {
		m := k + 1
		// an object pronoun closes the phrase: "sources close to her
		// said" ("her" is no determiner here: a verb follows it)
		if m+1 < len(ts) && ts[m].Has(lexicon.ObjPronoun) && (ts[m+1].Has(lexicon.CueWord) || !ts[m+1].Word) {
			return m + 1
		}
		for m < len(ts) && ts[m].Has(lexicon.Determiner) && ts[m].Word {
			m++
		}
		if e := nounRun(ts, m); e > m && e-j <= 7 {
			return e
		}
		if e := plainRun(ts, m, 3); e > m && (e == len(ts) || ts[e].Punct(".") || ts[e].Punct(",") || sayingAt(ts, e)) {
			// "a source in the room.", "an official at the scene,":
			// plain nouns when the phrase ends there, or when a verb
			// of saying follows ("officials familiar with the
			// negotiations said": the talks do not speak)
			return e
		}
	}
	return j
}

// nounRun returns the end of a run of name and noun-phrase words from j:
// capitalised words (with connectors, initials and "&" inside a name),
// title, role, nationality and modifier words, hyphenated ages
// ("34-year-old"), possessives ("the agency's chief economist").
func nounRun(ts []doc.Token, j int) int {
	start := j
	for j < len(ts) {
		t := ts[j]
		if t.Quote >= 0 {
			break
		}
		if !t.Word {
			// the dot of an initial or title abbreviation inside a name
			if t.Punct(".") && j > start && j+1 < len(ts) && ts[j+1].Cap && (ts[j-1].Initial() || ts[j-1].Has(lexicon.Title)) {
				j++
				continue
			}
			if t.Punct(".") && j > start && ts[j-1].Cap && nameAbbrev(ts[j-1].L) {
				return j + 1 // "Brill Corp.", "Ana Lima Jr."
			}
			if e := portfolioEnd(ts, start, j); e > j {
				j = e
				continue
			}
			break
		}
		switch {
		case t.Has(lexicon.CueWord) && !t.Cap && !t.Has(lexicon.Role) && !t.Has(lexicon.Title) && !(t.Has(lexicon.StatementNoun) && j > start && ts[j-1].Cap):
			return j // a verb of saying ends the phrase; "a Radio Kestrel report" keeps its noun
		case t.Cap:
			switch {
			case j > start && headlineCue(t):
				return j // "Harbour Tolls Will Hurt Fishermen, Union Leader Says"
			case j == start && t.Has(lexicon.Opener):
				return j // "However", "Asked", "Meanwhile" open the sentence
			case t.Has(lexicon.Time) && !t.Has(lexicon.MediaHead):
				return j // "Lima Tuesday said": a day is not part of the name
			case t.Has(lexicon.Pronoun):
				return j
			}
		case t.Has(lexicon.Connector) && j > start && ts[j-1].Cap && j+1 < len(ts) && ts[j+1].Cap && !ts[j-1].Has(lexicon.Opener) &&
			!ts[j+1].Has(lexicon.Time) && (t.L != "on" && t.L != "for" || ts[j-1].Any(lexicon.OrgWord|lexicon.Title)):
			// "Bank of England", "Ahmad bin Salman", "Procter & Gamble"
		case t.L == "and" && j > start && ts[j-1].Cap && j+1 < len(ts) && ts[j+1].Cap && andInsideName(ts, start, j):
			// "Minister of Arts and Culture", "Trade and Industry Secretary"
		case (t.L == "of" || t.L == "for") && j > start && ts[j-1].Cap && j+2 < len(ts) && ts[j+1].L == "the" && ts[j+2].Cap:
			j++ // "Leader of the Opposition", "Minister of the Interior"
		case agentive(t) && j > start && ts[j-1].Cap && j+1 < len(ts) && ts[j+1].Cap && ts[j+1].Quote < 0:
			// "Election winner Ana Lima", "party founder Ana Lima"
		case t.Has(lexicon.Title) || t.Has(lexicon.Role) || t.Has(lexicon.Profession) || t.Has(lexicon.Nationality) || t.Has(lexicon.Anonymous) || t.Has(lexicon.MediaRef) || t.Has(lexicon.StatementNoun) && j > start,
			t.Has(lexicon.OrgWord) && !t.Cap && (j > start || j > 0 && (ts[j-1].Has(lexicon.Determiner) || ts[j-1].PossessiveDeterminer())):
			// "the association", "its parent company"
		case t.Poss && !t.Cap && j+1 < len(ts) && (continuesNoun(ts[j+1]) || agentive(ts[j+1])):
			// "the agency's chief economist", "the ad's narrator"
		case agentive(t) && j > start && ts[j-1].Poss:
		case strings.HasSuffix(t.L, "-year-old") || strings.HasSuffix(t.L, "-based") || strings.HasSuffix(t.L, "-born"):
		case (modifier(t) || adjectival(t)) && j+1 < len(ts) && continuesNoun(ts[j+1]),
			!t.Cap && t.Tags == 0 && j+1 < len(ts) && !ts[j+1].Cap && ts[j+1].Any(lexicon.Role|lexicon.Title|lexicon.Anonymous):
			// "senior officials", "an airline official"
		case !t.Cap && t.Tags == 0 && j == start && j+2 < len(ts) && ts[j+1].Cap && ts[j+2].Cap && !ts[j+1].Any(lexicon.Opener|lexicon.Time) && ts[j+1].Quote < 0:
			// a description before a name: "the lifeguard Nina Roy", "headmistress Joan Pike"
			// "senior", "local", "former", "top" before a head
		default:
			return j
		}
		if t.Poss {
			// "Pakistan's Defence Minister": the possessor is part of the
			// phrase only when a head follows
			// (or an agent noun of its own: "the ad's narrator")
			// (or a plain noun and a role: "the mayor's climate advisers")
			if j+1 < len(ts) && (continuesNoun(ts[j+1]) || !t.Cap && agentive(ts[j+1]) || plainBeforeRole(ts, j+1)) {
				j++
				continue
			}
			return j + 1
		}
		j++
		if j-start > 12 {
			break
		}
	}
	return j
}

func nameAbbrev(l string) bool {
	switch l {
	case "corp", "inc", "co", "ltd", "jr", "sr", "bros", "plc", "llc":
		return true
	}
	return false
}

// andInsideName reports whether the "and" at k joins two parts of one
// name or title rather than two parties: inside a complement ("Ministry
// of Trade and Industry") or before a title ("Trade and Industry
// Secretary Ana Lima").
func andInsideName(ts []doc.Token, start, k int) bool {
	for x := k - 1; x > start && x >= k-4; x-- {
		if (ts[x].L == "of" || ts[x].L == "for") && ts[x-1].Any(lexicon.OrgWord|lexicon.Title) {
			return true
		}
	}
	for x := k + 1; x < len(ts) && x <= k+3 && ts[x].Cap; x++ {
		if ts[x].Has(lexicon.Title) {
			return true
		}
	}
	return false
}

// openerForm reports whether a capitalised word has the form of an
// adjective, participle or adverb ("Speaking", "Enthusiastic",
// "Reportedly"), which opens sentences far more often than names do.
func openerForm(t doc.Token) bool {
	for _, suf := range []string{"ing", "ed", "ly", "ic", "ive", "ous", "ful", "less", "able", "ible"} {
		if strings.HasSuffix(t.L, suf) && len(t.L) > len(suf)+2 {
			return true
		}
	}
	return false
}

// adjectival reports whether a lower-case word has the form of an
// adjective of office or origin ("presidential", "economic", "municipal").
func adjectival(t doc.Token) bool {
	if t.Cap || !t.Word || len(t.L) < 6 || t.Tags != 0 {
		return false
	}
	for _, suf := range []string{"al", "ic", "ive", "ary", "ian", "ese"} {
		if strings.HasSuffix(t.L, suf) {
			return true
		}
	}
	return false
}

// agentive reports whether a lower-case word looks like an agent noun
// ("winner", "founder", "activist") that can stand between a body and a
// name: "party founder Ana Lima".
func agentive(t doc.Token) bool {
	if t.Cap || !t.Word || len(t.L) < 5 || t.Any(lexicon.Prep|lexicon.Conj|lexicon.Subord|lexicon.Adverb|lexicon.Determiner|lexicon.Aux|lexicon.CueWord) {
		return false
	}
	switch t.L {
	case "other", "never", "however", "whether", "together", "rather", "either", "neither",
		"later", "after", "under", "major", "minor", "prior", "former", "latter", "master",
		// adjectives of agent-noun form: "a recent audit by …" is the
		// audit's, not a person called "recent"'s
		"recent", "current", "different", "frequent", "apparent", "prominent", "urgent",
		"significant", "important", "relevant", "recurrent", "consistent", "constant", "distant",
		"permanent", "absent", "present", "silent", "violent", "ancient", "decent":
		return false
	}
	if strings.HasSuffix(t.L, "ment") || t.Has(lexicon.StatementNoun) {
		return false // "statement", "government": not agents
	}
	for _, suf := range []string{"er", "or", "ist", "ian", "ant", "ent", "man", "woman"} {
		if strings.HasSuffix(t.L, suf) {
			return true
		}
	}
	return false
}

// plainBeforeRole reports whether a lower-case word no lexicon knows
// stands at k before a role or title ("climate advisers", "harbour
// officials"): a noun modifying the head after it.
func plainBeforeRole(ts []doc.Token, k int) bool {
	return k+1 < len(ts) && ts[k].Word && !ts[k].Cap && ts[k].Tags == 0 && ts[k].Quote < 0 &&
		!ts[k+1].Cap && ts[k+1].Quote < 0 && ts[k+1].Any(lexicon.Role|lexicon.Title|lexicon.Anonymous)
}

func continuesNoun(t doc.Token) bool {
	return t.Word && t.Quote < 0 && (t.Cap || t.Any(lexicon.Title|lexicon.Role|lexicon.Profession|lexicon.Nationality|lexicon.Anonymous|lexicon.MediaRef) || modifier(t) || strings.HasSuffix(t.L, "-year-old"))
}

// modifier reports whether a lower-case word is an adjective that often
// precedes a role noun ("senior", "local", "top", "former").
func modifier(t doc.Token) bool {
	switch t.L {
	case "senior", "junior", "local", "top", "former", "chief", "deputy", "state", "federal",
		"national", "regional", "provincial", "district", "city", "county", "foreign", "military",
		"police", "government", "party", "opposition", "ruling", "independent", "other", "some",
		"several", "many", "two", "three", "four", "anonymous", "unnamed", "retired", "veteran",
		"leading", "prominent", "democratic", "republican", "progressive", "conservative",
		"liberal", "socialist", "young", "new", "newly", "elected", "acting", "interim", "health",
		"defence", "defense", "security", "intelligence", "finance", "transport", "education",
		"white", "house", "campaign", "press", "western", "european", "international", "u.s.",
		"us", "un", "eu", "medical", "legal", "election", "emergency", "rescue", "fire",
		"administration", "ministry", "court", "hospital", "university", "company", "bank",
		"industry", "union", "town", "village", "school", "church", "community", "civil",
		"human", "rights", "aid", "relief", "weather", "disaster", "public":
		return true
	}
	return false
}

// headsSource reports whether the phrase [a, b) can name or describe a
// party: a capitalised name, or a role, title, organisation or media head.
func headsSource(ts []doc.Token, a, b int) bool {
	last := ts[b-1]
	if last.Has(lexicon.Pronoun) {
		return true
	}
	for k := a; k < b; k++ {
		t := ts[k]
		if t.Cap && !t.Has(lexicon.Opener) || t.Cap && k > a {
			return true
		}
	}
	return last.Any(lexicon.Role|lexicon.Title|lexicon.Anonymous|lexicon.MediaRef|lexicon.OrgWord|lexicon.Profession|lexicon.StatementNoun) || strings.HasSuffix(last.L, "-year-old") || agentive(last)
}

// portfolioEnd returns the end of a list of portfolios after a minister's
// title when the comma at token j continues one ("Minister for Education,
// Youth, Culture, and Sport"), or j. Without it the list's last item
// reads as the source of the sentence. The list must close with "and".
func portfolioEnd(ts []doc.Token, start, j int) int {
	if !ts[j].Punct(",") || j == start || !ts[j-1].Cap {
		return j
	}
	titled := false
	for k := start; k+1 < j; k++ {
		if ts[k].Has(lexicon.Title) && (ts[k+1].L == "for" || ts[k+1].L == "of") {
			titled = true
		}
	}
	if !titled {
		return j
	}
	k := j
	for items := 0; items < 8 && k < len(ts) && ts[k].Punct(","); items++ {
		k++
		and := k < len(ts) && ts[k].L == "and"
		if and {
			k++
		}
		n := 0
		for k < len(ts) && n < 3 && ts[k].Word && ts[k].Cap && ts[k].Quote < 0 && !ts[k].Has(lexicon.Title) {
			k++
			n++
		}
		if n == 0 {
			return j
		}
		if and {
			return k
		}
	}
	// "Minister for Education, Youth and Sport": the last item joined by
	// "and" without a comma
	if k+1 < len(ts) && ts[k].L == "and" && ts[k+1].Cap && ts[k+1].Word {
		k++
		for n := 0; k < len(ts) && n < 3 && ts[k].Word && ts[k].Cap && ts[k].Quote < 0; n++ {
			k++
		}
		return k
	}
	return j
}

// modifierBeforeCue returns the end of a prepositional modifier of plain
// words after a role noun at j ("from both parties", "on erosion and
// flood defence", "at the port and along the coast") when a cue word
// follows it directly, or j. Only the cue makes the words part of the
// source: without it they may be anything.
func modifierBeforeCue(ts []doc.Token, j int) int {
	k := j
	// a word of access before the first preposition: "lawyers involved
	// in the case say", "engineers familiar with the dam said"
	if k+1 < len(ts) && (accessWord(ts[k]) || participleModifier(ts, k)) {
		k++
	}
	for part := 0; part < 2; part++ {
		// ("close to the talks": "to" after a word of access is a preposition)
		if k >= len(ts) || !(ts[k].Has(lexicon.Prep) || ts[k].L == "to" && k > j && accessWord(ts[k-1])) || !ts[k].Word {
			return j
		}
		k++
		// an object pronoun closes the modifier: "those close to him say"
		if k+1 < len(ts) && ts[k].Word && ts[k].Has(lexicon.ObjPronoun) && ts[k].Quote < 0 && sayingAt(ts, k+1) {
			return k + 1
		}
		for k < len(ts) && ts[k].Word && ts[k].Has(lexicon.Determiner) {
			k++
		}
		n := 0
		for k < len(ts) && n < 4 && plainWord(ts[k]) {
			k++
			n++
			// "erosion and flood defence": nouns joined inside the modifier
			if k+1 < len(ts) && ts[k].L == "and" && plainWord(ts[k+1]) && !ts[k+1].Has(lexicon.Prep) {
				k++
			}
		}
		if n == 0 {
			return j
		}
		if k < len(ts) && ts[k].Has(lexicon.CueWord) && !ts[k].Cap && ts[k].Quote < 0 && !bareFinding(ts, k) || nameAsideThenCue(ts, k) {
			return k
		}
		// "at the port and along the coast": a second modifier
		if k+1 < len(ts) && ts[k].L == "and" {
			k++
			continue
		}
		return j
	}
	return j
}

// barePluralBeforeCue returns the end of a plural description without a
// determiner — at most three words, a nationality or plain words before a
// plural head — that a verb of saying in the plural follows at once, after
// a comma or "and" ("…, and Danish radio reports suggest that …"), or i.
// A plural noun that a plural verb of saying follows is its subject; the
// head may itself be a noun of saying ("reports"), which plain words
// exclude.
func barePluralBeforeCue(ts []doc.Token, i int) int {
	if i == 0 || !(ts[i-1].Punct(",") || ts[i-1].L == "and") || ts[i].Has(lexicon.Determiner) {
		return i
	}
	for e := i + 1; e <= i+3 && e < len(ts); e++ {
		t := ts[e-1]
		c, cue := lexicon.CueOf(t.L)
		if !t.Word || t.Quote >= 0 || t.Cap && !t.Has(lexicon.Nationality) || !t.Cap && !plainWord(t) && !t.Has(lexicon.StatementNoun) && !(cue && c.Noun) {
			return i
		}
		if strings.HasSuffix(t.L, "s") && e > i+1 && sayingAt(ts, e) && cueForm(ts[e]) == lexicon.Base {
			return e
		}
	}
	return i
}

// afterInvertedCue reports whether token i follows a finite verb of
// saying that follows a comma or a closing quotation mark: "…,” said |
// the lock keeper" (not an -ing cue: ", referring to the …").
// (Not after the comma that closes a relative clause set off after the
// subject: in "the report, which notes that fares rose, says the pier
// …" the verb is the report's, and what follows it is the statement.)
func afterInvertedCue(ts []doc.Token, i int) bool {
	return i >= 2 && sayingAt(ts, i-1) && (cueForm(ts[i-1]) == lexicon.Past || cueForm(ts[i-1]) == lexicon.Third) && (ts[i-2].Punct(",") && !closesRelative(ts, i-2) || ts[i-2].IsQuoteMark())
}

// closesRelative reports whether the comma at c closes a relative clause
// that ", which" or ", who" opened after the sentence's first phrase, with
// no comma or quotation between.
func closesRelative(ts []doc.Token, c int) bool {
	for k := c - 1; k >= 2; k-- {
		t := ts[k]
		if t.Quote >= 0 || t.IsQuoteMark() || t.Punct(",") && (ts[k+1].L != "which" && ts[k+1].L != "who") {
			return false
		}
		if (t.L == "which" || t.L == "who") && ts[k-1].Punct(",") {
			return SourceEnd(ts, 0) == k-1
		}
	}
	return false
}

// asideThenSaying reports whether an aside set off by commas (at most
// eight words, no quotation) and then a finite verb of saying follow at
// k: ", the lock keeper, said".
func asideThenSaying(ts []doc.Token, k int) bool {
	if k >= len(ts) || !ts[k].Punct(",") {
		return false
	}
	for m := k + 1; m < len(ts) && m-k <= 9; m++ {
		if ts[m].Quote >= 0 || ts[m].IsQuoteMark() {
			return false
		}
		if ts[m].Punct(",") {
			n := m + 1
			for n < len(ts) && n-m <= 2 && ts[n].Word && ts[n].Any(lexicon.Aux|lexicon.Adverb) && !ts[n].Has(lexicon.Be) {
				n++
			}
			return m > k+1 && sayingAt(ts, n) && (cueForm(ts[n]) == lexicon.Past || cueForm(ts[n]) == lexicon.Third)
		}
		if !ts[m].Word {
			return false
		}
	}
	return false
}

// nameAsideThenCue reports whether a name set off by commas and then a
// cue word follow at k ("a lawyer for the port, Ana Lima, said"): the
// name is an apposition of the description, which is the whole source.
func nameAsideThenCue(ts []doc.Token, k int) bool {
	if k+3 >= len(ts) || !ts[k].Punct(",") {
		return false
	}
	m := k + 1
	for n := 0; m < len(ts) && n < 5 && ts[m].Word && ts[m].Cap && ts[m].Quote < 0; n++ {
		m++
	}
	if m == k+1 || m+1 >= len(ts) || !ts[m].Punct(",") {
		return false
	}
	c := ts[m+1]
	return c.Has(lexicon.CueWord) && !c.Cap && c.Quote < 0
}

// relativeSaying reports whether a relative clause whose verb is a
// finite verb of saying opens at k, set off by a comma or a dash or not
// ("the study, which notes that …", "the audit — which found that …",
// "a survey that says …"): the clause's subject is the phrase before it,
// which is then a source whatever its head.
func relativeSaying(ts []doc.Token, k int) bool {
	if k < len(ts) && (ts[k].Punct(",") || ts[k].IsDash() && !ts[k].Word) {
		k++
	}
	if k+1 >= len(ts) || ts[k].Quote >= 0 || ts[k].L != "which" && ts[k].L != "who" && ts[k].L != "that" {
		return false
	}
	v := k + 1
	for v < len(ts) && v-k <= 2 && ts[v].Word && ts[v].Quote < 0 && ts[v].Any(lexicon.Aux|lexicon.Adverb) && !ts[v].Has(lexicon.Be) {
		v++
	}
	// (a noun form is the verb here: "which notes", "that claims")
	if v >= len(ts) || ts[v].Cap || ts[v].Quote >= 0 || !ts[v].Word {
		return false
	}
	c, ok := lexicon.CueOf(ts[v].L)
	return ok && (c.Class == lexicon.Speech || c.Class == lexicon.Stance) && (c.Form == lexicon.Past || c.Form == lexicon.Third) && !findsObject(c, ts, v)
}

// plainRun returns the end of at most n plain words from m.
// A determiner after the first word opens a phrase of its own: in "a
// decision the company said …" the company speaks, and the decision is
// what it spoke of.
func plainRun(ts []doc.Token, m, n int) int {
	k := m
	for k < len(ts) && k-m < n && plainWord(ts[k]) && !(k > m && ts[k].Has(lexicon.Determiner) && !ts[k].Has(lexicon.Quantity)) {
		k++
	}
	return k
}

// plainWord reports whether t can be a word of a noun phrase: no verb
// form we know, no function word, not quoted.
func plainWord(t doc.Token) bool {
	return t.Word && t.Quote < 0 && !t.Any(lexicon.Aux|lexicon.Be|lexicon.Subord|lexicon.Prep|lexicon.Conj|lexicon.Pronoun|lexicon.CueWord|lexicon.Adverb|lexicon.Time)
}

// shareBeforeCue returns the end of a share of people ("63 percent",
// "another 19 per cent of voters", "40% of those asked") at j when a cue
// word follows it directly, or j: in a poll the share is who speaks.
func shareBeforeCue(ts []doc.Token, j int) int {
	if j+1 >= len(ts) || !numberWord(ts[j]) || !ts[j].Word {
		return j
	}
	k := j + 1
	switch {
	case ts[k].L == "percent" || ts[k].S == "%":
		k++
	case ts[k].L == "per" && k+1 < len(ts) && ts[k+1].L == "cent":
		k += 2
	case ts[k].L == "in" && k+1 < len(ts) && numberWord(ts[k+1]):
		k += 2 // "two in three", "4 in 10"
	default:
		return j
	}
	if k+1 < len(ts) && ts[k].L == "of" {
		m := k + 1
		for m < len(ts) && ts[m].Word && ts[m].Has(lexicon.Determiner) {
			m++
		}
		n := 0
		// "of voters", "of those asked", "of likely voters"
		for m < len(ts) && n < 4 && (plainWord(ts[m]) || ts[m-1].L == "those" && strings.HasSuffix(ts[m].L, "ed")) {
			m++
			n++
		}
		if n == 0 {
			return j
		}
		k = m
	}
	if k < len(ts) && ts[k].Has(lexicon.CueWord) && !ts[k].Cap && ts[k].Quote < 0 {
		return k
	}
	return j
}

// headlineCue reports whether a capitalised word is a cue verb's -s form
// ("Says", "Warns"): in a title-case headline it is the verb, not the end
// of the speaker's name.
func headlineCue(t doc.Token) bool {
	c, ok := lexicon.CueOf(t.L)
	return ok && c.Form == lexicon.Third && !c.Noun && (c.Class == lexicon.Speech || c.Class == lexicon.Stance)
}

// sayingAt reports whether token k is a finite verb of saying or stance
// ("said", "says", "say", "argued"), the verb a description before it
// is the subject of.
func sayingAt(ts []doc.Token, k int) bool {
	if k >= len(ts) || ts[k].Cap || ts[k].Quote >= 0 || !ts[k].Word {
		return false
	}
	c, ok := lexicon.CueOf(ts[k].L)
	if ok && findsObject(c, ts, k) {
		return false
	}
	return ok && (c.Class == lexicon.Speech || c.Class == lexicon.Stance) && c.Form != lexicon.Participle && c.Form != lexicon.Nominal && !c.Noun
}

// sayingPhraseAt reports whether a verb of saying of several words
// ("pointed out") opens at token k.
func sayingPhraseAt(ts []doc.Token, k int) bool {
	if k >= len(ts) || !ts[k].Word || ts[k].Cap {
		return false
	}
	p, n := phraseAt(ts, k)
	return n > 0 && (p.Class == lexicon.Speech || p.Class == lexicon.Stance) && p.Form != lexicon.Participle && p.Form != lexicon.Nominal
}

// LongSubjectEnd returns the end of a long description that is the
// subject of the verb of saying at token cue — "Some advocates for the
// harbour fund said", "A tribunal filing dated Monday says", "ferry
// crews that have worked the route for years say" — when it runs from
// the start of a clause at i to the verb (past its auxiliaries and
// adverbs), or i. SourceEnd knows heads and short post-modifiers; this
// reads the rest by what the words are not: no finite verb, no
// quotation, no other verb of saying, no clause opener.
func LongSubjectEnd(ts []doc.Token, i, cue int) int {
	if cue-i < 2 || cue-i > 16 || cue+1 >= len(ts) || !clauseStart(ts, i) || !sayingAt(ts, cue) {
		return i
	}
	// the verb reports a statement: "that", a quotation or punctuation
	// after it, or a clause after a verb that takes one without "that" —
	// not an object ("… never mentioned the name", "… added to the doubt")
	// (past a time or circumstance: "reported on Monday the ferry …")
	k := cue + 1
	if a := adjunctEnd(ts, k); a > k && a < len(ts) {
		k = a
	}
	if n := ts[k]; !(n.L == "that" || n.IsQuoteMark() || n.Quote >= 0 || !n.Word) {
		if c, _ := lexicon.CueOf(ts[cue].L); !c.Zero || n.L == "to" || n.Has(lexicon.Prep) && k == cue+1 {
			return i
		}
	}
	e := cue
	for e > i && ts[e-1].Word && ts[e-1].Quote < 0 && ts[e-1].Any(lexicon.Aux|lexicon.Adverb|lexicon.Negation) && !ts[e-1].Has(lexicon.Determiner) {
		e--
	}
	if e-i < 2 {
		return i
	}
	// a relative word right before the verb is its subject ("… took
	// calls from listeners who said …"): the verb says what the relative
	// clause's party said (relative-who), and the words before the
	// relative word, verbs of their own among them, are no subject
	if r := ts[e-1]; r.L == "who" || r.L == "which" || r.L == "that" {
		return i
	}
	first := ts[i]
	// ("There's no way to tell …": an infinitive, and no subject)
	// (but a relative clause without its word may end in "to": "the
	// skippers I spoke to said")
	if ts[e-1].L == "to" && !(e-3 > i && contactPronoun(ts, e-3)) || strings.HasPrefix(first.L, "there") || strings.HasPrefix(first.L, "here") {
		return i
	}
	if !first.Word || first.Quote >= 0 || first.Any(lexicon.Prep|lexicon.Subord|lexicon.Conj|lexicon.Time|lexicon.Pronoun|lexicon.Aux|lexicon.Discourse|lexicon.CueWord|lexicon.Negation) ||
		first.Has(lexicon.Adverb) && !first.Has(lexicon.Hedge) {
		return i
	}
	// a name closing a modifier ("voters in Port Arden", "a filing
	// dated Monday") would be read as the speaker's name: leave these to
	// the shorter readings — but for a document dated or described by a
	// participle ("a filing dated Monday", "a report released on
	// Tuesday"), which is the source and whose modifier the resolver
	// drops (there is no shorter reading: "dated" is no verb of saying)
	// (so is a group placed by a preposition, "residents in the town of
	// Port Marlow": the resolver reads the name as where they are)
	if k := e - 1; ts[k].Cap && !datedDocument(ts, i, e) && !locatedGroup(ts, i, e) {
		for k > i && (ts[k-1].Cap || ts[k-1].Has(lexicon.Connector)) {
			k--
		}
		if k > i && (ts[k-1].Any(lexicon.Prep|lexicon.Time) || ts[k-1].L == "to" || strings.HasSuffix(ts[k-1].L, "ed")) || ts[e-1].Has(lexicon.Time) {
			return i
		}
	}
	relative := false
	for k := i; k < e; k++ {
		t := ts[k]
		if t.Quote >= 0 || t.IsQuoteMark() || !t.Word && !t.Digit {
			return i
		}
		switch {
		case k > i && (t.L == "who" || t.L == "that" || t.L == "which"):
			relative = true // "crews that have worked the route say"
		case k > i && contactPronoun(ts, k):
			relative = true // "the engineers I interviewed said": a relative clause without its word
		case t.Has(lexicon.CueWord):
			// a statement noun may stand in it ("a court filing", "a news
			// report published Monday"); another verb of saying may not,
			// but for the verb of a relative clause without its word that
			// ends with it or its preposition ("the crews I asked said",
			// "the skippers I spoke to said"): the clause is the
			// speakers' description, not a statement
			if relative && contactPronoun(ts, k-1) && (k+1 == e || k+2 == e && strandedPrep(ts[k+1])) {
				continue
			}
			if c, ok := lexicon.CueOf(t.L); ok && !c.Noun && !t.Has(lexicon.StatementNoun) {
				return i
			}
		case t.Any(lexicon.Aux|lexicon.Be|lexicon.Pronoun) && !relative,
			t.Has(lexicon.Subord), t.Has(lexicon.Negation):
			return i
		case t.L == "and" || t.L == "or":
			// parties joined ("the mayor and her deputies"), not clauses
			// (a name after "and" is a subject the rules read on its own:
			// "Senior harbour official and port chief Ana Lima said")
			if k+1 >= e || !ts[k+1].Word || !ts[k+1].Any(lexicon.Determiner|lexicon.Quantity) {
				return i
			}
		case t.Has(lexicon.Conj):
			return i
		case !relative && !t.Cap && t.Tags == 0 && len(t.L) > 4 && strings.HasSuffix(t.L, "ed") && k > i && k+1 < e && objectNext(ts[k+1]) &&
			// (but for a document dated by its participle: "a report
			// released last year found …")
			!(ts[k-1].Has(lexicon.StatementNoun) && !ts[k-1].Cap && DocumentParticiple(t) && timeAfter(ts, k+1, e)):
			return i // "The storm destroyed homes and …": a verb and its object
		}
	}
	return e
}

// datedDocument reports whether the phrase [i, e) is a document's noun
// ("filing", "report", "letter") followed by a participle that dates or
// places it: "a court filing dated Monday", "a report released on
// Tuesday".
func datedDocument(ts []doc.Token, i, e int) bool {
	for k := i + 1; k+1 < e && k-i <= 4; k++ {
		if ts[k].Has(lexicon.StatementNoun) && !ts[k].Cap && DocumentParticiple(ts[k+1]) {
			return true
		}
		if !ts[k].Word || ts[k].Quote >= 0 {
			return false
		}
	}
	return false
}

// locatedGroup reports whether the phrase [i, e) opens with a plural
// noun for people, past its determiner and up to two modifiers, and a
// preposition of place right after it ("residents in …", "local
// villagers near …").
func locatedGroup(ts []doc.Token, i, e int) bool {
	for k := i; k+1 < e && k-i <= 3; k++ {
		if !ts[k].Word || ts[k].Quote >= 0 {
			return false
		}
		if lexicon.PluralPeople(ts[k].L, ts[k].Tags) {
			return lexicon.PlacePrep(ts[k+1].L)
		}
	}
	return false
}

// DocumentParticiple reports whether t is a past participle that may
// post-modify a document ("dated", "released", "seen by …"), not a verb
// of saying.
func DocumentParticiple(t doc.Token) bool {
	return t.Word && !t.Cap && t.Quote < 0 && lexicon.PastParticiple(t.L) && !t.Has(lexicon.CueWord)
}

// clauseStart reports whether token i can open a clause's subject: the
// sentence start, or after a semicolon, a colon or ", but" / ", and".
func clauseStart(ts []doc.Token, i int) bool {
	if i == 0 {
		return true
	}
	p := ts[i-1]
	if p.Punct(";") || p.Punct(":") {
		return true
	}
	return (p.L == "but" || p.L == "and") && i >= 2 && ts[i-2].Punct(",") || p.Punct(",") && openerBefore(ts, i-1)
}

// openerBefore reports whether the comma at c closes a short phrase of
// time or circumstance that opens the sentence ("On Monday, …", "In the
// mayor's view, …"): the subject of the main clause follows it.
func openerBefore(ts []doc.Token, c int) bool {
	if c < 2 || c > 8 || !ts[0].Word || !ts[0].Any(lexicon.Prep|lexicon.Time) || ts[0].Has(lexicon.Subord) {
		return false
	}
	for k := 1; k < c; k++ {
		if t := ts[k]; !t.Word && !t.Punct(".") || t.Quote >= 0 || t.Any(lexicon.CueWord|lexicon.Aux|lexicon.Be|lexicon.Subord|lexicon.Conj|lexicon.Pronoun) {
			return false
		}
	}
	return true
}

// objectNext reports whether t, after a word in -ed, reads as that verb's
// object (a determiner or a plain word) rather than a participle's
// complement ("filed on Monday", "interviewed by the gazette", "dated
// Monday").
func objectNext(t doc.Token) bool {
	return t.Word && !t.Cap && !t.Digit && t.L != "to" && !t.Any(lexicon.Prep|lexicon.Time)
}

// bareFinding reports whether token k is a verb of finding with an object
// instead of the "that" that makes it say something: "engineers involved
// in the search found the wreck" is about engineers; "… found that the
// wreck moved" and "the wreck, the divers found, had moved" are theirs to
// say.
func bareFinding(ts []doc.Token, k int) bool {
	c, ok := lexicon.CueOf(ts[k].L)
	return ok && findsObject(c, ts, k)
}

// findsObject is bareFinding for a cue already looked up (c, at k).
func findsObject(c lexicon.Cue, ts []doc.Token, k int) bool {
	if !c.That || k+1 >= len(ts) {
		return false
	}
	// (past a time or circumstance: "ruled on Thursday that …")
	n := k + 1
	if a := adjunctEnd(ts, n); a > n && a < len(ts) {
		n = a
	}
	return ts[n].Word && !ts[n].Is("that")
}

func cueForm(t doc.Token) lexicon.Form {
	c, _ := lexicon.CueOf(t.L)
	return c.Form
}

// spelledNumbers are the number words a share of people may be written
// with ("Sixty-one percent said", "two in three say").
var spelledNumbers = map[string]bool{"one": true, "two": true, "three": true, "four": true, "five": true,
	"six": true, "seven": true, "eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true,
	"twenty": true, "thirty": true, "forty": true, "fifty": true, "sixty": true, "seventy": true,
	"eighty": true, "ninety": true}

// numberWord reports whether t is a number in digits or words
// ("24", "twenty-four", "three").
func numberWord(t doc.Token) bool {
	if t.Digit {
		return true
	}
	// piece by piece without strings.Split: this runs on most tokens
	// near a cue, and the split's slice was a fifth of all allocations
	for rest, more := t.L, true; more; {
		var p string
		p, rest, more = strings.Cut(rest, "-")
		if !spelledNumbers[p] && !strings.HasSuffix(p, "teen") {
			return false
		}
	}
	return t.L != ""
}

// ofNumber returns the end of a count of children after a noun at e
// ("the uncle of seven said", "an aunt of nine, …"), or e when none
// follows: a verb of saying or the end of the clause must come next.
func ofNumber(ts []doc.Token, e int) int {
	if e+2 < len(ts) && ts[e].L == "of" && ts[e+1].Word && !ts[e+1].Digit && numberWord(ts[e+1]) &&
		(sayingAt(ts, e+2) || ts[e+2].Punct(",") || ts[e+2].Punct(".")) {
		return e + 2
	}
	return e
}

// accessWord reports whether a lower-case word post-modifies an unnamed
// source by its access to what it tells ("sources close to", "people
// familiar with", "officials involved in"): the head noun before it
// speaks, not the noun after it.
func accessWord(t doc.Token) bool {
	if !t.Word || t.Cap || t.Quote >= 0 {
		return false
	}
	switch t.L {
	case "close", "familiar", "briefed", "based", "involved", "knowledgeable":
		return true
	}
	return false
}

// participleModifier reports whether token k is a lower-case participle
// that no lexicon class knows, right before a preposition: the start of a
// participle clause that post-modifies a description ("voters interviewed
// by the paper", "residents living near the quay").
func participleModifier(ts []doc.Token, k int) bool {
	t := ts[k]
	if !t.Word || t.Cap || t.Quote >= 0 || t.Tags != 0 || k+1 >= len(ts) || !ts[k+1].Word || !ts[k+1].Has(lexicon.Prep) {
		return false
	}
	return len(t.L) > 5 && (strings.HasSuffix(t.L, "ed") || strings.HasSuffix(t.L, "ing"))
}

// professional reports whether a word is a profession or its plural
// ("pilots", "engineers"; the lexicon tags both).
func professional(t doc.Token) bool {
	return t.Has(lexicon.Profession)
}

// contactPronoun reports whether the subject pronoun at k follows a plain
// lower-case noun and so opens a relative clause on it ("the experts we
// interviewed", "the crews she met"). A noun for people opening the
// sentence is capitalised but no name: "Residents I asked said …".
func contactPronoun(ts []doc.Token, k int) bool {
	p := ts[k-1]
	plain := !p.Cap || firstWordAt(ts, k-1) && p.Any(lexicon.Anonymous|lexicon.Profession|lexicon.Collective|lexicon.Role)
	return ts[k].Quote < 0 && lexicon.ContactSubject(ts[k].L) && p.Word && plain && p.Quote < 0 && !p.Poss && len(p.L) > 2 &&
		!p.Any(lexicon.CueWord|lexicon.Prep|lexicon.Conj|lexicon.Subord|lexicon.Aux|lexicon.Be|lexicon.Adverb|lexicon.Pronoun|lexicon.ObjPronoun|lexicon.Determiner|lexicon.Time)
}

// strandedPrep reports whether t is a preposition that can close a
// relative clause without its word ("the crews I spoke to", "the pilots
// we talked with").
func strandedPrep(t doc.Token) bool {
	return t.Word && t.Quote < 0 && (t.L == "to" || t.L == "with")
}

// timeAfter reports whether [a, e) is a phrase of time ("last year",
// "this week"): words of which the last is a time word.
func timeAfter(ts []doc.Token, a, e int) bool {
	if e-a > 3 || !ts[e-1].Has(lexicon.Time) {
		return false
	}
	for k := a; k < e; k++ {
		if !ts[k].Word || ts[k].Quote >= 0 {
			return false
		}
	}
	return true
}

// firstWordAt reports whether token i is the first word of ts (quotation
// marks and brackets may stand before it).
func firstWordAt(ts []doc.Token, i int) bool {
	for k := 0; k < i; k++ {
		if ts[k].Word {
			return false
		}
	}
	return i < len(ts) && ts[i].Word
}
