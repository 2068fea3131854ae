package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/extractor/internal/numbers"
	"github.com/claimwire/claimwire/services/extractor/internal/speakers"
)

// cueHit is a cue verb found in a sentence, with its subject.
type cueHit struct {
	i, j    int // token range of the cue ([i, j))
	c       cue
	text    string
	subj    [2]int // token range of the subject; subj[0] == subj[1] when none
	spk     *contract.Speaker
	via     string
	invert  bool // "…," said X
	usedByQ bool
	postQ   bool // attributes a quotation before it: no reported claim of its own
	accord  bool // "according to X": the source follows the cue
}

// npTok reports whether token k can be part of a speaker phrase.
func npTok(ts []tok, k int) bool {
	t := ts[k]
	if t.q >= 0 {
		return false
	}
	if t.s == "." {
		// the dot of an initial or abbreviation inside a name: "John Q.
		// Barker", "Mr. Olsen", "Acme Corp. said"
		return k > 0 && k+1 < len(ts) && (isInitial(ts[k-1]) && ts[k+1].capz || speakers.Titles[ts[k-1].l] && ts[k+1].capz || nameAbbrevs[ts[k-1].l] && ts[k+1].word)
	}
	if !t.word {
		return false
	}
	if pronouns[t.l] {
		return true
	}
	if t.capz {
		return !leaders[t.l] || determiners[t.l]
	}
	if stop[t.l] || cues[t.l].lemma != "" {
		return false
	}
	if determiners[t.l] || speakers.Titles[t.l] || speakers.RoleHeads[t.l] || speakers.StatementNouns[t.l] || pronouns[t.l] {
		return true
	}
	if strings.HasSuffix(t.l, "ed") || strings.HasSuffix(t.l, "ing") || strings.HasSuffix(t.l, "ly") {
		return false
	}
	return len(t.l) > 2 && !strings.ContainsAny(t.l, "0123456789")
}

// subjectBefore finds the speaker phrase ending just before token i,
// skipping auxiliaries and adverbs ("Asif has repeatedly said") and short
// parentheticals ("Trump, in turn, demanded").
func subjectBefore(ts []tok, i int) (int, int, bool) {
	j := i - 1
	skip := func() {
		for j >= 0 && ts[j].q < 0 && ts[j].word && (!ts[j].capz && skippable[ts[j].l] || timeWords[ts[j].l] || timeBefore(ts, j)) {
			if timeBefore(ts, j) {
				j-- // "Mark Esper on Wednesday accused": "on" too
			}
			j--
		}
	}
	skip()
	if j < 0 {
		return 0, 0, false
	}
	for round := 0; round < 3 && j >= 0 && ts[j].s == ","; round++ {
		k := j - 1
		for k >= 0 && ts[k].s != "," && j-k <= 10 {
			k--
		}
		if k < 0 || ts[k].s != "," {
			return 0, 0, false
		}
		inner := ts[k+1 : j]
		// parentheticals to step over: adverbials ("in turn"), relative
		// clauses ("who asked not to be named"), ages ("54") and
		// descriptions ("a retired teacher") of the subject before them
		if len(inner) > 0 && (adverbialStarters[inner[0].l] || len(inner) <= 2 && !inner[0].capz || inner[0].l == "who" || inner[0].l == "which" || determiners[inner[0].l] && !inner[0].capz || speakers.Titles[inner[0].l] && k > 0 && ts[k-1].capz) {
			j = k - 1
			skip()
			// an age before the description: "Carla Diaz, 54, a teacher,"
			if j >= 1 && hasDigitTok(ts[j]) && ts[j-1].s == "," {
				j -= 2
			}
			if j < 0 {
				return 0, 0, false
			}
			// a second apposition before it: "Jo Ruiz, president of
			// Brick & Mortar, a design agency, said" steps back to the name
			if ts[j].s != "," {
				for k2 := j - 1; k2 > 0 && j-k2 <= 8; k2-- {
					if ts[k2].s == "," {
						if speakers.Titles[ts[k2+1].l] && ts[k2-1].capz {
							j = k2 - 1
						}
						break
					}
				}
			}
		} else if len(inner) > 1 && k > 0 && ts[k-1].capz && ownedTitle(inner) {
			// "Mara Velde, Autoplaza's head of research, said": the
			// description of the name before it, like "a teacher" above
			j = k - 1
			skip()
			if j < 0 {
				return 0, 0, false
			}
		} else if len(inner) > 0 && inner[0].capz {
			// appositive: the name between the commas speaks
			ok := true
			for x := k + 1; x < j; x++ {
				if !npTok(ts, x) {
					ok = false
				}
			}
			if ok {
				return k + 1, j, true
			}
			return 0, 0, false
		} else {
			return 0, 0, false
		}
	}
	if j < 0 || ts[j].s == "," {
		return 0, 0, false
	}
	if pronouns[ts[j].l] && ts[j].q < 0 {
		return j, j + 1, true
	}
	// an acronym in brackets after the name: "Public Relations (ISPR) said"
	if ts[j].s == ")" {
		k := j - 1
		for k >= 0 && ts[k].s != "(" && j-k <= 4 {
			k--
		}
		if k > 0 && ts[k].s == "(" {
			j = k - 1
		}
	}
	b := j + 1
	a := b
	for a-1 >= 0 && b-(a-1) <= 9 && (npTok(ts, a-1) && !(pronouns[ts[a-1].l] && a-1 != j) ||
		ts[a-1].l == "and" && a-2 >= 0 && npTok(ts, a-2) && !pronouns[ts[a-2].l] ||
		nameConnectors[ts[a-1].l] && ts[a].capz && a-2 >= 0 && ts[a-2].capz && !leaders[ts[a-2].l]) {
		a--
	}
	if a == b {
		return 0, 0, false
	}
	// a prepositional tail back to the clause start: "Sources close to
	// the talks said", "Mediators from Qatar said"
	k := a - 1
	for k >= 0 && b-k <= 9 && (npTok(ts, k) || extensionWords[ts[k].l] || ts[k].word && !ts[k].capz && strings.HasSuffix(ts[k].l, "ed") && k+1 < len(ts) && extensionWords[ts[k+1].l]) {
		k--
	}
	if k < a-1 && (k < 0 || ts[k].s == ",") && npTok(ts, k+1) && (ts[k+1].capz || determiners[ts[k+1].l] || speakers.RoleHeads[ts[k+1].l]) {
		a = k + 1
	}
	// the phrase must name or describe someone; a determiner with a
	// common noun will do ("a volunteer coordinator said")
	if b-a >= 2 && determiners[ts[a].l] && !determiners[ts[b-1].l] && !ts[b-1].capz {
		return a, b, true
	}
	for x := a; x < b; x++ {
		if (ts[x].capz && !leaders[ts[x].l]) || speakers.RoleHeads[ts[x].l] || speakers.Titles[ts[x].l] || pronouns[ts[x].l] || speakers.StatementNouns[ts[x].l] || speakers.OrgWords[ts[x].l] {
			for a < b && !ts[a].capz && !determiners[ts[a].l] && !speakers.Titles[ts[a].l] && !speakers.RoleHeads[ts[a].l] && !pronouns[ts[a].l] && ts[a].s != "." && !strings.HasSuffix(ts[a].l, "-based") && a+1 < b && !(speakers.Titles[ts[a+1].l] || speakers.RoleHeads[ts[a+1].l]) {
				a++
			}
			return a, b, true
		}
	}
	return 0, 0, false
}

// subjectAfter reads an inverted subject: "…," said Khwaja Asif.
func subjectAfter(ts []tok, j int) (int, int, bool) {
	b := j
	for b < len(ts) && npTok(ts, b) && b-j < 8 {
		b++
	}
	for x := j; x < b; x++ {
		if ts[x].capz || speakers.RoleHeads[ts[x].l] || pronouns[ts[x].l] {
			return j, b, true
		}
	}
	if b-j >= 2 && determiners[ts[j].l] {
		return j, b, true // "replied her brother"
	}
	return 0, 0, false
}

// mainSubject finds the subject at the start of the sentence, past a
// leading adverbial phrase ("In a fiery statement, Asif …").
func mainSubject(ts []tok, upto int) (int, int, bool) {
	a := 0
	if a < len(ts) && ts[a].word && adverbialStarters[ts[a].l] {
		for a < upto && ts[a].s != "," {
			a++
		}
		a++
	}
	for a < upto && (ts[a].l == "but" || ts[a].l == "and" || ts[a].l == "yet" || ts[a].s == ",") {
		a++
	}
	if a >= upto {
		return 0, 0, false
	}
	b := a
	for b < upto && ts[b].q < 0 {
		t := ts[b]
		ok := npTok(ts, b)
		if ok && !t.capz && !determiners[t.l] && !speakers.Titles[t.l] && !speakers.RoleHeads[t.l] && !speakers.StatementNouns[t.l] && !speakers.OrgWords[t.l] && !pronouns[t.l] && !strings.HasSuffix(t.l, "-based") {
			// a lower-case word only as a modifier of a following head
			ok = b+1 < upto && (speakers.RoleHeads[ts[b+1].l] || speakers.StatementNouns[ts[b+1].l] || speakers.Titles[ts[b+1].l])
		}
		if !ok {
			break
		}
		b++
		if pronouns[t.l] {
			break
		}
	}
	if b == a {
		return 0, 0, false
	}
	for x := a; x < b; x++ {
		if (ts[x].capz && !leaders[ts[x].l]) || speakers.RoleHeads[ts[x].l] || pronouns[ts[x].l] || speakers.StatementNouns[ts[x].l] || speakers.OrgWords[ts[x].l] {
			return a, b, true
		}
	}
	return 0, 0, false
}

// findCues lists the cue verbs of a sentence outside quotations.
func findCues(ts []tok) []cueHit {
	var out []cueHit
	for k := 0; k < len(ts); k++ {
		t := ts[k]
		if t.q >= 0 || !t.word {
			continue
		}
		// multi-word cues
		if (t.l == "making" || t.l == "made" || t.l == "make") && k+1 < len(ts) && ts[k+1].l == "clear" {
			form := formFinite
			if t.l == "making" {
				form = formParticiple
			}
			out = append(out, cueHit{i: k, j: k + 2, c: cue{lemma: "make clear", cls: clsSpeech, form: form}, text: t.l + " clear"})
			k++
			continue
		}
		if t.l == "according" && k+1 < len(ts) && ts[k+1].l == "to" {
			out = append(out, cueHit{i: k, j: k + 2, c: cue{lemma: "according to", cls: clsSpeech, form: formFinite}, text: "according to", accord: true})
			k++
			continue
		}
		if t.l == "quoted" && k+2 < len(ts) && ts[k+1].l == "as" && ts[k+2].l == "saying" {
			out = append(out, cueHit{i: k, j: k + 3, c: cue{lemma: "quote", cls: clsSpeech, form: formFinite}, text: "quoted as saying"})
			k += 2
			continue
		}
		// "As Reed put it, “…”": only with "it", and only for a quotation
		if t.l == "put" && k+1 < len(ts) && ts[k+1].l == "it" && k > 0 {
			out = append(out, cueHit{i: k, j: k + 2, c: cue{lemma: "put", cls: clsQuoteOnly, form: formFinite}, text: "put it"})
			k++
			continue
		}
		c, ok := cues[t.l]
		if !ok {
			// "“…,” comments Dana Holt": a verb form dropped from the
			// lexicon as a noun is a verb again right after a quotation
			// and before a name
			if lemma := nounVerbs[t.l]; lemma != "" && k >= 2 && k+1 < len(ts) && (isQuoteMark(ts[k-1]) || ts[k-1].s == "," && isQuoteMark(ts[k-2])) && ts[k+1].capz {
				out = append(out, cueHit{i: k, j: k + 1, c: cue{lemma: lemma, cls: clsSpeech, form: formFinite}, text: t.l})
			}
			continue
		}
		prev := ""
		if k > 0 {
			prev = ts[k-1].l
		}
		if determiners[prev] || prev == "so-called" || prev == "well" {
			continue // "the reported toll", "a stern warning"
		}
		if c.form == formFinite {
			p := k - 1
			for p >= 0 && skippable[ts[p].l] && !beVerbs[ts[p].l] {
				p--
			}
			if p >= 0 && beVerbs[ts[p].l] && t.l != "say" {
				continue // passive: "it was reported that", "he was told"
			}
		}
		if c.form == formParticiple {
			p := k - 1
			for p >= 0 && skippable[ts[p].l] {
				p--
			}
			if p >= 0 && !(ts[p].s == "," || ts[p].s == ":" || ts[p].s == "—" || ts[p].s == "–" || ts[p].l == "and" || ts[p].l == "while" || ts[p].l == "before" || ts[p].l == "after" || ts[p].l == "by" || ts[p].l == "was" || ts[p].l == "were" || ts[p].l == "is" || ts[p].l == "are" || ts[p].q >= 0 || speakers.StatementNouns[ts[p].l]) {
				continue
			}
		}
		out = append(out, cueHit{i: k, j: k + 1, c: c, text: t.l})
	}
	return out
}

// viaIn looks for the medium of a statement in tokens [from, to): "on X",
// "told Geo News", "as reported by Dawn", "to local media".
func viaIn(ts []tok, from, to int) string {
	for k := from; k < to && k < len(ts); k++ {
		l := ts[k].l
		if ts[k].q >= 0 {
			continue
		}
		if l != "on" && l != "to" && l != "by" && l != "with" && l != "told" && l != "tells" && l != "via" {
			continue
		}
		a := k + 1
		for a < len(ts) && (determiners[ts[a].l] || ts[a].l == "an") {
			a++
		}
		b := a
		for b < len(ts) && b-a < 4 && ts[b].q < 0 && ts[b].word && (ts[b].capz || b > a && ts[b-1].capz && b+1 < len(ts) && ts[b+1].capz && hasDigitTok(ts[b]) || speakers.MediaHeads[ts[b].l] || ts[b].l == "social" || ts[b].l == "local" || ts[b].l == "state" || ts[b].l == "national" || ts[b].l == "foreign" || ts[b].l == "news") {
			b++
		}
		if b == a {
			continue
		}
		name := join(ts[a:b])
		last := ts[b-1].l
		if speakers.IsMediaName(name) || speakers.Platforms[strings.ToLower(name)] || speakers.MediaHeads[last] {
			return name
		}
	}
	return ""
}

// sentenceClaims finds the claims of sentence si.
func (d *doc) sentenceClaims(si int) {
	s := &d.sents[si]
	if s.headline {
		return
	}
	ts := s.toks
	hits := findCues(ts)
	// sentence-initial "Speaking on/to X," names the medium of the sentence
	// a leading phrase may name the medium of the whole sentence:
	// "Speaking on Geo News, …", "In an interview with Bloomberg Television, …"
	sentVia := ""
	if len(ts) > 2 && (ts[0].l == "speaking" || ts[0].l == "writing" || ts[0].l == "talking" || adverbialStarters[ts[0].l] && ts[0].l != "according") {
		end := 0
		for end < len(ts) && ts[end].s != "," && end < 12 {
			end++
		}
		if end < len(ts) && ts[end].s == "," {
			sentVia = viaIn(ts, 1, end)
		}
	}
	// subjects
	for h := range hits {
		c := &hits[h]
		var a, b int
		var ok bool
		if c.c.form == formParticiple {
			for p := h - 1; p >= 0; p-- {
				if hits[p].spk != nil {
					c.spk, c.subj = hits[p].spk, hits[p].subj
					break
				}
			}
			if c.spk == nil {
				a, b, ok = mainSubject(ts, c.i)
			}
		} else if c.accord {
			a, b, ok = subjectAfter(ts, c.j)
			if ok {
				a, b = appositiveName(ts, a, b)
			}
		} else {
			if c.i > 0 && (ts[c.i-1].l == "and" || ts[c.i-1].l == "but") {
				// "X did not reveal the location and said …": a verb after
				// "and" shares the clause's subject; the noun before "and"
				// is the first verb's object.
				a, b, ok = mainSubject(ts, c.i)
			}
			if !ok {
				a, b, ok = subjectBefore(ts, c.i)
			}
			if !ok && c.i > 0 && ts[c.i-1].s == "," && ts[c.i-1].q < 0 {
				// "Ascom, a provider of …, announced": a long appositive
				// between the sentence's subject and its verb.
				if ma, mb, mok := mainSubject(ts, c.i); mok && mb < c.i-1 && ts[mb].s == "," {
					a, b, ok = ma, mb, true
				}
			}
			addressee := c.c.tell && (ts[c.i].l == "told" || ts[c.i].l == "tells")
			if !ok && !addressee && c.i > 0 && (ts[c.i-1].s == "," || ts[c.i-1].q >= 0 || isQuoteMark(ts[c.i-1])) {
				// "…," said X. Never "…, told X": after "told" comes the
				// addressee.
				a, b, ok = subjectAfter(ts, c.j)
				c.invert = ok
			}
			if ok && a > 0 && ts[a-1].word && ts[a-1].q < 0 && objectPreps[ts[a-1].l] && !anyCapitalised(ts[a:b]) {
				// "… the footing for a peace deal and said …": a noun after
				// a preposition is an object, never the verb's subject
				ok = false
			}
		}
		if ok {
			c.subj = [2]int{a, b}
			c.spk = d.resolve(analyse(ts[a:b]), si)
		}
		end := c.j + 6
		if c.invert {
			end = c.subj[1] + 6
		}
		c.via = viaIn(ts, c.j, min(end, len(ts)))
		if c.via == "" && c.subj[1] > c.subj[0] && c.subj[1] < c.i {
			// "Asif, in an interview with Geo News, said"
			c.via = viaIn(ts, c.subj[1], c.i)
		}
		if c.via == "" && c.c.tell {
			c.via = viaIn(append([]tok{{s: "to", l: "to", word: true, q: -1}}, ts[c.j:min(c.j+4, len(ts))]...), 0, 1)
		}
		if c.via == "" {
			// ", as reported by Dawn" anywhere after the cue
			for k := c.j; k+2 < len(ts); k++ {
				if ts[k].l == "reported" && ts[k+1].l == "by" && ts[k].q < 0 {
					c.via = viaIn(ts, k+1, k+2)
				}
			}
		}
		if c.via == "" {
			c.via = sentVia
		}
	}
	d.quoteClaims(si, hits)
	d.reportedClaims(si, hits)
	d.numberClaims(si)
	if strings.HasSuffix(d.sentText(si), ":") && len(hits) > 0 && hits[len(hits)-1].spk != nil {
		d.colonHit, d.colonSent = &hits[len(hits)-1], si
	}
}

func anyCapitalised(ts []tok) bool {
	for _, t := range ts {
		if t.capz {
			return true
		}
	}
	return false
}

// nounVerbs are third-person verb forms that double as plural nouns, so
// the lexicon leaves them out; findCues takes them in the inverted
// position after a quotation.
var nounVerbs = map[string]string{"comments": "comment", "notes": "note", "states": "state", "claims": "claim", "posts": "post", "remarks": "remark", "reports": "report", "replies": "reply", "recalls": "recall", "concludes": "conclude"}

// ownedTitle reports whether ts is a possessed job description:
// "Autoplaza's head of research", "the agency's chief economist".
func ownedTitle(ts []tok) bool {
	if _, poss := possessive(ts[0]); !poss {
		return false
	}
	for _, t := range ts[1:] {
		if speakers.Titles[t.l] || speakers.RoleHeads[t.l] || speakers.Professions[t.l] {
			return true
		}
	}
	return false
}

// objectPreps take a noun phrase as their object.
var objectPreps = map[string]bool{"for": true, "of": true, "to": true, "with": true, "about": true, "against": true, "into": true, "from": true, "over": true, "toward": true, "towards": true, "under": true}

// nameConnectors join the capitalised words of one name: "Institute on
// Drug Abuse", "Bank of England", "Committee for Peace".
var nameConnectors = set(`of on for de al bin van von der la le du da`)

// extensionWords may appear in a speaker's post-modifier: "sources close
// to the talks", "people briefed on the plan", "officials familiar with".
var extensionWords = set(`to of from close with familiar in at on about`)

// zeroThat are the verbs whose complement clause often comes without
// "that" ("Asif said the talks failed"); other cues need "that", since
// "added his seventh goal" or "wrote hundreds of songs" are not speech.
var zeroThat = set(`say tell claim insist warn admit acknowledge suggest argue confirm deny
assert maintain allege concede predict quote`)

// nameAbbrevs end a name with a dot: "Acme Corp.", "John Smith Jr.".
var nameAbbrevs = set(`corp inc co ltd jr sr bros plc llc`)

// subordinators open a leading clause that ends at its comma.
var subordinators = set(`although though while whereas when if as after before because since despite even`)

var beVerbs = set(`is are was were been being be`)

// postmod are prepositions allowed inside a speaker phrase between a
// quotation and its verb: "“…,” a spokesman for the ministry, Anna Bell, said".
var postmod = set(`for of at from with in`)

func hasDigitTok(t tok) bool { return strings.ContainsAny(t.s, "0123456789") }

func isQuoteMark(t tok) bool {
	switch t.s {
	case "\"", "“", "”", "‘", "’", "'", "«", "»":
		return true
	}
	return false
}

// tokIndex returns the index of the first token starting at or after pos.
func tokIndex(ts []tok, pos int) int {
	for k, t := range ts {
		if t.start >= pos {
			return k
		}
	}
	return len(ts)
}

// quoteClaims attributes the sentence's quotations.
func (d *doc) quoteClaims(si int, hits []cueHit) {
	s := &d.sents[si]
	ts := s.toks
	prevQ := -1 // index in d.claims of this sentence's last attributed quotation
	for _, qi := range s.quotes {
		q := d.quotes[qi]
		open := tokIndex(ts, q.Start)
		closeAt := tokIndex(ts, q.End) // first token after the quote
		inner := strings.TrimSpace(d.text[q.InnerStart:q.InnerEnd])
		words := len(strings.Fields(inner))
		if words == 0 {
			continue
		}
		// a short quoted term after a determiner is a label, not speech:
		// a "foreign country", the "Tora Bora" option
		if words <= 3 && open > 0 && (determiners[ts[open-1].l] && ts[open-1].l != "that" || strings.HasSuffix(ts[open-1].l, "’s") || strings.HasSuffix(ts[open-1].l, "'s")) {
			continue
		}
		// a short Title Case quotation is the name of a work or thing
		// ("wrote “The Long Road”"), not speech
		if words <= 5 && titleCase(inner) {
			continue
		}
		var hit *cueHit
		conf := 0.9
		// words before the quote in this sentence (since the previous quote)
		startsSentence := true
		for k := 0; k < open; k++ {
			if ts[k].word && ts[k].q < 0 {
				startsSentence = false
			}
		}
		// cue before: "X said: “…”", "warning that “…”", "called it “…”"
		if !startsSentence {
			for h := len(hits) - 1; h >= 0; h-- {
				c := &hits[h]
				if c.j > open {
					continue
				}
				dist := open - c.j
				limit := 12
				if c.c.cls == clsQuoteOnly {
					limit = 4
				}
				if open > 0 && ts[open-1].s == ":" {
					limit = 40 // a block quotation after "X wrote on Y that …:"
				}
				if open > 0 && ts[open-1].l == "that" && c.c.cls != clsQuoteOnly {
					limit = 25 // "told X that … and that “…”"
				}
				if dist > limit || c.spk == nil {
					break
				}
				blocked := false
				for k := c.j; k < open; k++ {
					if ts[k].s == ";" || (ts[k].q >= 0 && ts[k].q != qi) {
						blocked = true
					}
				}
				if !blocked {
					hit = c
				}
				break
			}
		}
		// cue after: "“…,” he said", "“…,” said Asif", "“…,” TOLO News stated."
		if hit == nil {
			for h := range hits {
				c := &hits[h]
				if c.i < closeAt || c.c.form != formFinite || c.spk == nil {
					continue
				}
				k := closeAt
				for k < c.i && (ts[k].s == "," || ts[k].s == "—" || ts[k].s == "–" || isQuoteMark(ts[k]) || npTok(ts, k) || skippable[ts[k].l] || postmod[ts[k].l] || ts[k].word && ts[k].q < 0 && !stop[ts[k].l] && cues[ts[k].l].lemma == "") {
					k++
				}
				if k == c.i && c.i-closeAt <= 14 {
					hit = c
					c.postQ = true
				}
				break
			}
		}
		if hit == nil && open >= 2 && ts[open-1].s == ":" && open-1 <= 5 {
			// "Tanaka: “We will not resign.”" — a name and a colon
			if m := analyse(ts[:open-1]); m.name != "" && len(m.titles) == 0 || m.name != "" && speakers.Titles[m.titles[len(m.titles)-1]] {
				if sp := d.resolve(m, si); sp != nil && sp.Type == contract.SpeakerPerson {
					d.addQuote(si, qi, inner, sp, ":", "", 0.7, -1)
					continue
				}
			}
		}
		if hit == nil && startsSentence && d.colonHit != nil && d.colonSent == si-1 {
			hit = d.colonHit // "X wrote on X:" ending the paragraph before
		}
		if hit == nil {
			// continuation: a quotation opening its sentence right after an
			// attributed one ("“…,” he said. “…”"), or a paragraph that
			// continues a quotation left open
			if !startsSentence {
				continue
			}
			var last *found
			for k := len(d.claims) - 1; k >= 0; k-- {
				if d.claims[k].quote >= 0 {
					last = &d.claims[k]
					break
				}
			}
			if beat := d.beatSpeaker(si); beat != nil && (last == nil || last.sent < si-1 || d.sents[last.sent].para != s.para) {
				// "Anna looked at him. “And you did not ask me?”": the
				// subject of the sentence before, in the same paragraph
				d.addQuote(si, qi, inner, beat, "", "", 0.5, -1)
				continue
			}
			if last == nil || last.Speaker == nil {
				continue
			}
			sameRun := last.sent == si || last.sent == si-1 && d.sents[si-1].para == s.para || d.chained[qi] && last.quote == qi-1
			// a paragraph that is nothing but a quotation, right after a
			// paragraph with an attributed one, is the same voice going on
			whole := d.quoteIsParagraph(qi) && words >= 4 && d.qPara[last.quote] >= d.qPara[qi]-1
			if sameRun {
				d.addQuote(si, qi, inner, last.Speaker, last.Cue, last.Via, 0.6, -1)
			} else if whole {
				// the voice of the latest claim, which may be reported
				// speech after the last quotation ("X denies that …")
				voice := last
				for k := len(d.claims) - 1; k >= 0 && &d.claims[k] != last; k-- {
					if c := &d.claims[k]; c.Kind == contract.KindReported && c.Speaker != nil && c.Speaker.Name != "" && d.sents[c.sent].para >= s.para-1 {
						voice = c
						break
					}
				}
				d.addQuote(si, qi, inner, voice.Speaker, voice.Cue, voice.Via, 0.5, -1)
			}
			continue
		}
		hit.usedByQ = true
		if hit.spk.Type == contract.SpeakerUnknown && hit.spk.Name == "" {
			conf = 0.5
		} else if hit.spk.Mention != hit.spk.Name {
			conf = 0.8
		}
		// a quotation split by its attribution is one claim
		if prevQ >= 0 && d.claims[prevQ].cue == hit.i && d.claims[prevQ].sent == si {
			p := &d.claims[prevQ]
			p.End = trimEnd(d.text, q.InnerStart, q.InnerEnd)
			p.Text = strings.TrimRight(p.Text, ", ") + " " + strings.TrimSpace(d.text[q.InnerStart:p.End])
			continue
		}
		if d.addQuote(si, qi, inner, hit.spk, hit.text, hit.via, conf, hit.i) != nil {
			prevQ = len(d.claims) - 1
		}
	}
}

// appositiveName widens a nameless speaker phrase [a, b) to the name set
// off after it by commas ("according to his sister, Ruth Palmer, …"), so
// the person is credited rather than the role; the returned range is the
// name alone and its end is the comma closing the apposition.
func appositiveName(ts []tok, a, b int) (int, int) {
	if b+2 >= len(ts) || ts[b].s != "," {
		return a, b
	}
	if m := analyse(ts[a:b]); m.name != "" || m.pron != "" {
		return a, b
	}
	a2, b2 := b+1, b+1
	for b2 < len(ts) && b2-a2 < 5 && npTok(ts, b2) && (ts[b2].capz || ts[b2].s == ".") {
		b2++
	}
	if b2 == a2 || b2 >= len(ts) || ts[b2].s != "," {
		return a, b
	}
	if m2 := analyse(ts[a2:b2]); m2.name == "" {
		return a, b
	}
	return a2, b2
}

// sentenceHasSpeaker reports whether a cue of the sentence has a speaker.
func sentenceHasSpeaker(hits []cueHit) bool {
	for h := range hits {
		if hits[h].spk != nil && hits[h].spk.Name != "" {
			return true
		}
	}
	return false
}

// titleCase reports whether every word of s longer than three letters is
// capitalised and s does not end like a sentence.
func titleCase(s string) bool {
	// American style puts the comma after a title inside the marks
	// (a poem called “Night Train, Last Stop,” won): with two words or more
	// the comma is the sentence's, not the end of speech
	if t := strings.TrimSuffix(s, ","); t != s && len(strings.Fields(t)) >= 2 && allCapitalised(t) {
		s = t
	}
	if strings.ContainsAny(s[len(s)-1:], ".!?,") {
		return false
	}
	long := 0
	for _, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if len(w) > 3 {
			long++
			if !unicode.IsUpper(r) {
				return false
			}
		}
	}
	return long > 0
}

// allCapitalised reports whether every word of s but the small function
// words of titles starts with a capital letter.
func allCapitalised(s string) bool {
	for _, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !titleSmallWords[w] {
			return false
		}
	}
	return true
}

// titleSmallWords stay lower case inside titles ("Lord of the Flies").
var titleSmallWords = map[string]bool{"a": true, "an": true, "the": true, "of": true, "and": true, "or": true, "in": true, "on": true, "at": true, "to": true, "for": true, "by": true, "with": true, "from": true}

// beatSpeaker is the named subject of the sentence before si in the same
// paragraph, for a quotation that follows an action ("Smith paused.").
func (d *doc) beatSpeaker(si int) *contract.Speaker {
	if si == 0 || d.sents[si-1].para != d.sents[si].para || d.sents[si-1].headline {
		return nil
	}
	prev := d.sents[si-1].toks
	for _, t := range prev {
		if t.q >= 0 {
			return nil // the sentence before has its own quotation
		}
	}
	a, b, ok := mainSubject(prev, len(prev))
	if !ok {
		return nil
	}
	m := analyse(prev[a:b])
	if m.name == "" && m.pron == "" {
		return nil
	}
	sp := d.resolve(m, si-1)
	if sp == nil || sp.Name == "" || sp.Type != contract.SpeakerPerson {
		return nil
	}
	return sp
}

// quoteIsParagraph reports whether quotation qi makes up its whole paragraph.
func (d *doc) quoteIsParagraph(qi int) bool {
	q := d.quotes[qi]
	ls := strings.LastIndexByte(d.text[:q.Start], '\n') + 1
	le := strings.IndexByte(d.text[q.End:], '\n')
	if le < 0 {
		le = len(d.text)
	} else {
		le += q.End
	}
	return strings.TrimSpace(d.text[ls:q.Start]) == "" && strings.Trim(d.text[q.End:le], " \t.,!?") == ""
}

// trimEnd returns the end of the quoted words without trailing spaces and
// the comma that belongs to the attribution.
func trimEnd(text string, start, end int) int {
	for end > start && (text[end-1] == ' ' || text[end-1] == ',' || text[end-1] == '\n' || text[end-1] == '\t') {
		end--
	}
	return end
}

func (d *doc) addQuote(si, qi int, inner string, spk *contract.Speaker, cueText, via string, conf float64, cueTok int) *found {
	q := d.quotes[qi]
	start := q.InnerStart
	for start < q.InnerEnd && (d.text[start] == ' ' || d.text[start] == '\n') {
		start++
	}
	end := trimEnd(d.text, start, q.InnerEnd)
	if end <= start {
		return nil
	}
	sp := *spk
	f := found{Claim: contract.Claim{
		Kind: contract.KindQuote, Text: d.text[start:end], Sentence: d.sentText(si),
		Start: start, End: end, Speaker: &sp, Cue: cueText, Via: via, Confidence: conf,
	}, sent: si, quote: qi, cue: cueTok}
	d.claims = append(d.claims, f)
	return &d.claims[len(d.claims)-1]
}

func (d *doc) sentText(si int) string {
	s := d.sents[si]
	return d.text[s.start:s.end]
}

// reportedClaims reads reported speech: "X said (that) P", "according to
// X, P", "P, X reported", "X blamed Y for Z".
func (d *doc) reportedClaims(si int, hits []cueHit) {
	s := &d.sents[si]
	ts := s.toks
	// according to X, P  /  P, according to X.  /  As per X, P
	for k := 0; k+2 < len(ts); k++ {
		if ts[k].q >= 0 || !(ts[k].l == "according" && ts[k+1].l == "to" || ts[k].l == "as" && ts[k+1].l == "per") {
			continue
		}
		a := k + 2
		b := a
		for b < len(ts) && npTok(ts, b) && b-a < 8 {
			b++
		}
		if b == a {
			continue
		}
		// "according to a statement from the ministry", "a report by Reuters"
		if last := ts[b-1].l; (speakers.StatementNouns[last] || last == "report" || last == "reports" || last == "data" || last == "figures") && b+1 < len(ts) && (ts[b].l == "by" || ts[b].l == "from" || ts[b].l == "in" || ts[b].l == "of") {
			a2, b2 := b+1, b+1
			for b2 < len(ts) && npTok(ts, b2) && b2-a2 < 8 {
				b2++
			}
			if b2 > a2 {
				a, b = a2, b2
			}
		}
		a, b = appositiveName(ts, a, b)
		m := analyse(ts[a:b])
		if m.name == "" && m.pron == "" && speakers.StatementNouns[m.head] && sentenceHasSpeaker(hits) {
			// "“…,” he told them, according to a statement": the
			// statement is where the words were published, not a speaker
			continue
		}
		spk := d.resolve(m, si)
		if spk == nil {
			continue
		}
		cueText := ts[k].l + " " + ts[k+1].l
		// "According to a TOLO News report on Wednesday, …"
		if !hasWordsBefore(ts, k) {
			for x := b; x < len(ts) && x < b+6; x++ {
				if ts[x].s == "," {
					b = x
					break
				}
				if !ts[x].word || ts[x].q >= 0 {
					break
				}
			}
		}
		if b < len(ts) && ts[b].s == "," && !hasWordsBefore(ts, k) {
			d.addReported(si, ts, b+1, len(ts), spk, cueText, "", -1, 0.8)
		} else if k > 0 && ts[k-1].s == "," {
			d.addReported(si, ts, 0, k-1, spk, cueText, "", -1, 0.8)
		}
	}
	for h := range hits {
		c := &hits[h]
		if c.spk == nil || c.c.cls == clsQuoteOnly || c.postQ || c.accord {
			continue
		}
		if c.invert || (c.subj[1] == c.subj[0]+0 && c.c.form == formFinite) {
			// "P, said X." — the proposition is before
			if c.invert && c.i > 0 && ts[c.i-1].s == "," {
				d.addReported(si, ts, 0, c.i-1, c.spk, c.text, c.via, c.i, 0.7)
			}
			continue
		}
		// complement start
		k := c.j
		if c.c.cls == clsAction || (k < len(ts) && ts[k].l == "to" && c.c.lemma == "claim") {
			k = c.i
		} else {
			// skip an addressee or medium, up to "that"
			inParen := false
			for x := c.j; x < len(ts) && x < c.j+12; x++ {
				if ts[x].l == "that" && ts[x].q < 0 {
					k = x + 1
					break
				}
				if x == c.j && ts[x].s == "," {
					inParen = true // "reported, citing two officials, that …"
					continue
				}
				if ts[x].q >= 0 || !ts[x].word && !(inParen && ts[x].s == ",") || x >= c.j+7 && !inParen {
					break
				}
			}
			if k == c.j && c.c.tell {
				continue // "told reporters" with no clause
			}
			if k == c.j && !zeroThat[c.c.lemma] && !(k < len(ts) && (ts[k].s == ":" || isQuoteMark(ts[k]))) && !trailingPhrase(ts, k) {
				continue // "added his seventh goal", "wrote hundreds of songs"
			}
			if c.usedByQ {
				colon := false
				for x := c.j; x < len(ts) && x < c.j+7; x++ {
					if ts[x].s == ":" {
						colon = true
					}
				}
				if colon {
					continue // "said in a statement: “…”" is the quotation's
				}
			}
			for k < len(ts) && (ts[k].s == ":" || ts[k].s == ",") {
				k++
			}
			if k == c.j {
				k = skipTime(ts, k) // "said on Monday it would …"
			}
		}
		if k >= len(ts) || (isQuoteMark(ts[k]) && c.usedByQ) || trailingPhrase(ts, k) && !c.usedByQ {
			// nothing after the verb: "…, TOLO News reported on Monday."
			if c.subj[0] > 1 && ts[c.subj[0]-1].s == "," && !c.usedByQ {
				a := 0
				if len(ts) > 2 && ts[0].word && ts[1].s == "," && adverbialStarters[ts[0].l] {
					a = 2 // "Meanwhile, …"
				}
				d.addReported(si, ts, a, c.subj[0]-1, c.spk, c.text, c.via, c.i, 0.75)
			}
			continue
		}
		// end: the next participle cue (", adding that …") or a semicolon;
		// in a leading subordinate clause ("Although Trump claimed to have
		// ended the war, the border …"), the clause's comma
		end := len(ts)
		if len(ts) > 0 && subordinators[ts[0].l] && c.i < len(ts) {
			for x := c.j; x < len(ts); x++ {
				if ts[x].s == "," && ts[x].q < 0 {
					end = x
					break
				}
			}
		}
		for x := k; x < end; x++ {
			if ts[x].s == ";" {
				end = x
				break
			}
			if x > k && ts[x-1].s == "," && cues[ts[x].l].form == formParticiple && cues[ts[x].l].lemma != "" {
				end = x - 1
				break
			}
		}
		d.addReported(si, ts, k, end, c.spk, c.text, c.via, c.i, 0.75)
	}
}

// timeWords open a time adverbial between a verb and its complement.
var timeWords = set(`monday tuesday wednesday thursday friday saturday sunday yesterday today
tonight overnight earlier later recently`)

// timeBefore reports whether ts[j] ends a time phrase standing between a
// subject and its verb: "on Wednesday", "last week", "this month".
func timeBefore(ts []tok, j int) bool {
	if j < 1 || ts[j-1].q >= 0 {
		return false
	}
	p := ts[j-1].l
	return (p == "on" || p == "last" || p == "this" || p == "earlier" || p == "late") &&
		(timeWords[ts[j].l] || ts[j].l == "week" || ts[j].l == "month" || ts[j].l == "year" || ts[j].l == "night")
}

// skipTime steps over "on Monday", "Tuesday", "last week", "earlier this
// month" right after a verb.
func skipTime(ts []tok, k int) int {
	start := k
	for k < len(ts) && k-start < 5 {
		l := ts[k].l
		switch {
		case timeWords[l]:
			k++
		case (l == "on" || l == "last" || l == "this" || l == "late" || l == "early" || l == "in") && k+1 < len(ts) &&
			(timeWords[ts[k+1].l] || ts[k+1].l == "week" || ts[k+1].l == "month" || ts[k+1].l == "year" || ts[k+1].l == "night" || ts[k+1].l == "this" || ts[k+1].l == "last"):
			k++
		case l == "week" || l == "month" || l == "year" || l == "night" || l == "morning" || l == "evening" || l == "afternoon":
			k++
		default:
			if k > start && ts[k].s == "," {
				k++
			}
			return k
		}
	}
	return k
}

// trailingPhrase reports whether tokens from k on are only a short
// adverbial ("on Monday", "in a statement", "late on Tuesday night"), not a
// complement clause.
func trailingPhrase(ts []tok, k int) bool {
	n := 0
	first := ""
	for x := k; x < len(ts); x++ {
		if ts[x].word {
			if first == "" {
				first = ts[x].l
			}
			n++
		}
	}
	switch first {
	case "", "on", "in", "at", "during", "last", "this", "via", "to", "late", "early", "earlier", "later", "after", "before", "yesterday", "today", "overnight", "by":
		return n <= 6
	}
	return n < 2
}

func wordsIn(ts []tok, a, b int) int {
	n := 0
	for x := a; x < b; x++ {
		if ts[x].word && ts[x].q < 0 && !stop[ts[x].l] {
			n++
		}
	}
	return n
}

func hasWordsBefore(ts []tok, k int) bool {
	for x := 0; x < k; x++ {
		if ts[x].word && !adverbialStarters[ts[x].l] {
			return true
		}
	}
	return false
}

// addReported adds a reported claim over tokens [a, b) if it says enough
// outside quotation marks.
func (d *doc) addReported(si int, ts []tok, a, b int, spk *contract.Speaker, cueText, via string, cueTok int, conf float64) {
	for a < b && !ts[a].word && !isQuoteMark(ts[a]) {
		a++
	}
	for b > a && !ts[b-1].word && !isQuoteMark(ts[b-1]) && ts[b-1].s != ")" {
		b--
	}
	if b <= a {
		return
	}
	n := 0
	for x := a; x < b; x++ {
		if ts[x].word && ts[x].q < 0 {
			n++
		}
	}
	if n < 3 {
		return
	}
	start, end := ts[a].start, ts[b-1].end
	sp := *spk
	d.claims = append(d.claims, found{Claim: contract.Claim{
		Kind: contract.KindReported, Text: d.text[start:end], Sentence: d.sentText(si),
		Start: start, End: end, Speaker: &sp, Cue: cueText, Via: via, Confidence: conf,
	}, sent: si, quote: -1, cue: cueTok})
}

// numberClaims adds a statistic claim per figure and attaches figures to
// the claims of this sentence that contain them.
func (d *doc) numberClaims(si int) {
	s := &d.sents[si]
	any := false
	for _, t := range s.toks {
		if c := t.l[0]; c >= '0' && c <= '9' || c >= 0x80 && strings.ContainsAny(t.s, "£€₹¥") || c == '$' {
			any = true
			break
		}
		// spelled-out numbers and vague quantities start with one of these
		if len(t.l) >= 3 && strings.IndexByte("otfsenhdm", t.l[0]) >= 0 && numbers.MayStart(t.l) {
			any = true
			break
		}
	}
	if !any {
		return
	}
	for _, n := range numbers.Find(d.text[s.start:s.end], s.start) {
		num := contract.Number{Value: contract.Figure(n.Value), Qualifier: n.Qualifier, Unit: n.Unit, Text: n.Text}
		var spk *contract.Speaker
		for k := range d.claims {
			c := &d.claims[k]
			if c.sent == si && c.Start <= n.Start && n.End <= c.End {
				c.Numbers = append(c.Numbers, num)
				if spk == nil && c.Speaker != nil {
					sp := *c.Speaker
					spk = &sp
				}
			}
		}
		start, end := clause(d.text, s.start, s.end, n.Start, n.End)
		conf := 0.6
		if n.Casualty {
			conf = 0.8
		}
		d.claims = append(d.claims, found{Claim: contract.Claim{
			Kind: contract.KindStatistic, Text: d.text[start:end], Sentence: d.sentText(si),
			Start: start, End: end, Speaker: spk, Numbers: []contract.Number{num}, Confidence: conf,
		}, sent: si, quote: -1, cue: -1})
	}
}

// clause widens [a, b) to the clause around it within the sentence [ss, se):
// up to the nearest comma, semicolon or dash on each side.
func clause(text string, ss, se, a, b int) (int, int) {
	start := ss
	for _, sep := range []string{", ", "; ", " — ", " – ", " - ", ": "} {
		if i := strings.LastIndex(text[ss:a], sep); i >= 0 && ss+i+len(sep) > start {
			start = ss + i + len(sep)
		}
	}
	end := se
	for _, sep := range []string{", ", "; ", " — ", " – ", " - "} {
		if i := strings.Index(text[b:se], sep); i >= 0 && b+i < end {
			end = b + i
		}
	}
	end = trimEnd(text, start, end)
	for end > start && strings.ContainsRune(".!?", rune(text[end-1])) {
		end--
	}
	if end < b {
		end = b
	}
	return start, end
}
