package attrib

import (
	"bufio"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/claimwire/claimwire/services/extractor/internal/doc"
	"github.com/claimwire/claimwire/services/extractor/internal/lexicon"
)

// Rule is one attribution pattern: a row of rules.txt.
type Rule struct {
	Name       string
	Kind       string // "quote" or "reported": the kind of claim it makes
	Cues       CueFilter
	Pattern    string
	Window     int     // at most this many tokens outside the content
	Confidence float64 // the claim's confidence when no model overrides it
	Example    string  // a sentence the rule must read (tested)
	elems      []elem
	anchor     Kind
	needs      uint32 // unit kinds the pattern cannot do without (bit per Kind)
}

// Needs reports whether a sentence with the unit kinds in have (bit per
// Kind) can match the rule at all: a cheap test before the matcher.
func (r *Rule) Needs(have uint32) bool { return r.needs&have == r.needs }

// KindsOf returns the unit kinds present in units, a bit per Kind.
func KindsOf(units []Unit) uint32 {
	var k uint32
	for _, u := range units {
		k |= 1 << u.Kind
		if u.Kind == Quote {
			// a comma may stand inside the closing mark ("…,” said
			// Ruiz"), where the matcher reads it as the comma after it
			k |= 1 << Comma
		}
	}
	return k
}

// CueFilter says which cues a rule takes.
type CueFilter struct {
	Classes    []lexicon.Class // empty: any
	Zero       bool            // only verbs whose complement can come without "that"
	Finite     bool            // not an -ing form
	Participle bool            // only -ing forms
	Nominal    bool            // only nouns of saying ("his claim that")
}

func (f CueFilter) admits(c lexicon.Cue) bool {
	if f.Zero && !c.Zero || f.Finite && (c.Form == lexicon.Participle || c.Form == lexicon.Nominal) || f.Participle && c.Form != lexicon.Participle || f.Nominal != (c.Form == lexicon.Nominal) {
		return false
	}
	if len(f.Classes) == 0 {
		return true
	}
	for _, k := range f.Classes {
		if k == c.Class {
			return true
		}
	}
	return false
}

type elemKind uint8

const (
	eUnit   elemKind = iota + 1 // a unit of Kind k
	eAny                        // W: one word-like unit
	eGap                        // …: the content, one or more units
	eAppos                      // APPOS: ", … ," or a bracketed aside
	eStart                      // ^
	eEnd                        // $
	eObject                     // X: a source-like unit that is not the source
	eMid                        // MID: an auxiliary, adverb or adjunct between subject and verb
	eAdj                        // ADJ: an adjunct or adverb around the cue
	eNP                         // NP: any noun phrase as the source ("according to the poll")
	eIng                        // ING: a later -ing cue that starts a claim of its own
	eTail                       // TAIL: after the cue, ", …" or "(…)" to the sentence end
	eAs                         // as: the word "as" opening an attribution clause ("as the mayor said")
	eNot                        // not: a negation after the cue, part of the content ("vowed not to …")
)

type elem struct {
	kind   elemKind
	unit   Kind
	opt    bool // ?
	star   bool // *
	anchor bool // @
}

var symbols = map[string]Kind{
	"Q": Quote, "S": Source, "C": Cue, "A": According, ",": Comma, ":": Colon, ";": Semi,
	"—": Dash, "that": That, "to": To, "and": And, "PAREN": Paren, "who": Who,
}

//go:embed rules.txt
var rulesFile string

// Rules is the attribution rule table, in the order the rules are tried.
var Rules = mustParseRules(rulesFile)

func mustParseRules(src string) []*Rule {
	rs, err := ParseRules(src)
	if err != nil {
		panic(err) // rules.txt is embedded: a bad row is a build defect, caught by the tests
	}
	return rs
}

// ParseRules reads a rule table: one rule a line, fields separated by " | ":
// name | kind | cues | pattern | window | confidence | example.
func ParseRules(src string) ([]*Rule, error) {
	var out []*Rule
	sc := bufio.NewScanner(strings.NewReader(src))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, " | ")
		if len(f) != 7 {
			return nil, fmt.Errorf("rules.txt:%d: want 7 fields, got %d", n, len(f))
		}
		r := &Rule{Name: strings.TrimSpace(f[0]), Kind: strings.TrimSpace(f[1]), Pattern: strings.TrimSpace(f[3]), Example: strings.TrimSpace(f[6])}
		var err error
		if r.Cues, err = parseCues(strings.TrimSpace(f[2])); err != nil {
			return nil, fmt.Errorf("rules.txt:%d: %w", n, err)
		}
		if r.Window, err = strconv.Atoi(strings.TrimSpace(f[4])); err != nil {
			return nil, fmt.Errorf("rules.txt:%d: window: %w", n, err)
		}
		if r.Confidence, err = strconv.ParseFloat(strings.TrimSpace(f[5]), 64); err != nil {
			return nil, fmt.Errorf("rules.txt:%d: confidence: %w", n, err)
		}
		if r.Kind != "quote" && r.Kind != "reported" {
			return nil, fmt.Errorf("rules.txt:%d: kind %q", n, r.Kind)
		}
		if err := r.compile(); err != nil {
			return nil, fmt.Errorf("rules.txt:%d: %s: %w", n, r.Name, err)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}

func parseCues(s string) (CueFilter, error) {
	var f CueFilter
	if s == "any" {
		return f, nil
	}
	classes := map[string]lexicon.Class{"speech": lexicon.Speech, "stance": lexicon.Stance,
		"action": lexicon.Action, "promise": lexicon.Promise, "naming": lexicon.Naming,
		"manner": lexicon.Manner, "according": lexicon.According}
	for _, w := range strings.Split(s, ",") {
		switch w {
		case "zero":
			f.Zero = true
		case "finite":
			f.Finite = true
		case "participle":
			f.Participle = true
		case "nominal":
			f.Nominal = true
		default:
			c, ok := classes[w]
			if !ok {
				return f, fmt.Errorf("unknown cue filter %q", w)
			}
			f.Classes = append(f.Classes, c)
		}
	}
	return f, nil
}

func (r *Rule) compile() error {
	for _, tok := range strings.Fields(r.Pattern) {
		var e elem
		if strings.HasPrefix(tok, "@") {
			e.anchor = true
			tok = tok[1:]
		}
		switch {
		case strings.HasSuffix(tok, "?") && len(tok) > 1:
			e.opt = true
			tok = tok[:len(tok)-1]
		case strings.HasSuffix(tok, "*") && len(tok) > 1:
			e.star = true
			tok = tok[:len(tok)-1]
		}
		switch tok {
		case "^":
			e.kind = eStart
		case "$":
			e.kind = eEnd
		case "…":
			e.kind = eGap
		case "W":
			e.kind = eAny
		case "X":
			e.kind = eObject
		case "APPOS":
			e.kind = eAppos
		case "MID":
			e.kind = eMid
		case "ADJ":
			e.kind = eAdj
		case "NP":
			e.kind = eNP
		case "ING":
			e.kind = eIng
		case "TAIL":
			e.kind = eTail
		case "as":
			e.kind = eAs
		case "not":
			e.kind = eNot
		default:
			k, ok := symbols[tok]
			if !ok {
				return fmt.Errorf("unknown pattern symbol %q", tok)
			}
			e.kind, e.unit = eUnit, k
		}
		if e.kind == eUnit && !e.opt && !e.star {
			r.needs |= 1 << e.unit
		}
		if e.anchor {
			if e.kind != eUnit || r.anchor != 0 {
				return fmt.Errorf("one anchor, on a unit symbol")
			}
			r.anchor = e.unit
		}
		r.elems = append(r.elems, e)
	}
	if r.anchor == 0 {
		return fmt.Errorf("pattern %q has no @anchor", r.Pattern)
	}
	return nil
}

// Span is a half-open token range of a sentence.
type Span struct{ A, B int }

// Empty reports whether the span holds no token.
func (s Span) Empty() bool { return s.B <= s.A }

// Match is one reading of a sentence by a rule.
type Match struct {
	Rule      *Rule
	Cue       Span // the anchor unit's tokens
	CueInfo   lexicon.Cue
	Source    Span   // empty when the rule has none
	Addressee Span   // "told reporters": never the source
	Content   []Span // the content (one span; two for a split quotation)
	Quotes    []int  // quotations in the content position (Q elements)
	Adjuncts  []Span // time and circumstance phrases around the cue
	Units     Span   // the unit range the match covers

	sourceUnit int // index of the source unit, -1 when none
}

// Match tries the rule at the anchor unit ai of a sentence's units; ok is false when
// the rule does not read the sentence there.
func (r *Rule) Match(toks []doc.Token, units []Unit, ai int) (Match, bool) {
	if units[ai].Kind != r.anchor {
		return Match{}, false
	}
	if (r.anchor == Cue || r.anchor == According) && !r.Cues.admits(units[ai].Cue) {
		return Match{}, false
	}
	m := matcher{r: r, toks: toks, units: units, anchor: ai}
	// where the match may start: the sentence start for ^; otherwise the
	// unit nearest the anchor first (the closest source, the nearest
	// quotation), except that content before the anchor is read whole
	// from as early as it can start
	starts := []int{0}
	if len(r.elems) > 0 && r.elems[0].kind != eStart {
		starts = starts[:0]
		// an attribution's parts stand within reach of its cue
		for s := ai; s >= 0 && ai-s <= maxReach; s-- {
			starts = append(starts, s)
		}
		if r.elems[0].kind == eGap {
			slices.Reverse(starts)
		}
	}
	for _, s := range starts {
		m.caps = m.caps[:0]
		if m.try(0, s) {
			res := m.result()
			// "Jo Ruiz, president of Brick & Mortar, said": the nearest
			// source was an aside to the name before it — read from there
			for k := res.sourceUnit; k >= 2 && units[k-1].Kind == Comma && units[k-2].Kind == Source && aside(toks, units[k]); k = res.sourceUnit {
				m.caps = m.caps[:0]
				if !m.try(0, k-2) {
					break
				}
				wider := m.result()
				if wider.sourceUnit != k-2 {
					break // the earlier start did not make the name the source
				}
				res = wider
			}
			if !thatReading(toks, res) {
				return Match{}, false
			}
			if r.Name == "relative-who" {
				res.Source, res.sourceUnit = relativeHead(toks, units, res.Source, res.sourceUnit)
			}
			return res, true
		}
	}
	return Match{}, false
}

// thatReading reports whether a match of a cue that attributes only
// through a "that" clause (lexicon.Cue.That: "ruled that", "found that")
// reads one: any content after the cue opens with "that". "found there
// had been “…”" and "ruled the province" credit nothing; a statement
// before the cue ("…, the audit found.") is read as with any verb.
func thatReading(ts []doc.Token, m Match) bool {
	if !m.CueInfo.That || len(m.Content) > 0 && m.Content[0].B <= m.Cue.A {
		return true // (the rest of a statement the cue stands inside: "The pier, the audit found, was unsafe.")
	}
	for _, c := range m.Content {
		if c.A >= m.Cue.B && !thatBetween(ts, m.Cue.B, c.A+1) {
			return false
		}
	}
	return true
}

// aside reports whether a source unit reads as an apposition to a name
// before it: a description ("a maker of cranes", "the union's leader"),
// a lower-case title, a possessed title ("Peru's Minister …").
func aside(ts []doc.Token, u Unit) bool {
	t := ts[u.A]
	return t.Has(lexicon.Determiner) || !t.Cap && t.Any(lexicon.Title|lexicon.Role|lexicon.Profession) || t.Poss || t.PossessiveDeterminer()
}

type capture struct {
	e    elem
	a, b int // unit range
}

type matcher struct {
	r      *Rule
	toks   []doc.Token
	units  []Unit
	anchor int
	caps   []capture
	steps  int // work done; a pathological sentence gives up at maxSteps
}

// maxSteps bounds the backtracking of one rule at one cue: ordinary
// sentences take a few hundred steps; a hostile run of commas and cues must
// not make a page take seconds.
const maxSteps = 20000

// maxReach is how many units before its cue a reading may start.
const maxReach = 80

// try matches elements from ei on at unit ui, backtracking; on success
// m.caps holds the captures.
func (m *matcher) try(ei, ui int) bool {
	m.steps++
	if m.steps > maxSteps {
		return false
	}
	if ei == len(m.r.elems) {
		return m.accept()
	}
	e := m.r.elems[ei]
	// the anchor must fall on its unit: no element may pass it unmatched
	if !m.anchorPassed() && ui > m.anchor {
		return false
	}
	n := len(m.caps)
	switch e.kind {
	case eStart:
		return ui == 0 && m.try(ei+1, ui)
	case eEnd:
		k := ui
		for k < len(m.units) && (m.units[k].Kind == End || m.units[k].Kind == Quote && m.units[k].A == m.units[k].B) {
			k++
		}
		return k == len(m.units) && m.try(ei+1, k)
	case eTail:
		// a trailing aside after the attribution: ", a lawyer for the
		// port who …", ", as they inspected the damage", "(a view others
		// share)"; it is no part of the reading and costs no window
		if ui < len(m.units) && m.anchorPassed() && (m.units[ui].Kind == Comma || m.units[ui].Kind == Paren) {
			end := len(m.units)
			for end > ui && (m.units[end-1].Kind == End || m.units[end-1].Kind == Quote && m.units[end-1].A == m.units[end-1].B) {
				end--
			}
			if end > ui+1 || m.units[ui].Kind == Paren {
				m.caps = append(m.caps[:n], capture{e: e, a: ui, b: end})
				if m.try(ei+1, end) {
					return true
				}
				m.caps = m.caps[:n]
			}
		}
		if e.opt {
			return m.try(ei+1, ui)
		}
		return false
	case eGap:
		// greedy: the longest content that lets the rest match
		for end := len(m.units); end > ui; end-- {
			if !m.anchorPassed() && end > m.anchor {
				continue
			}
			if !gapOK(m.units[ui:end]) {
				continue
			}
			m.caps = append(m.caps[:n], capture{e: e, a: ui, b: end})
			if m.try(ei+1, end) {
				return true
			}
		}
		m.caps = m.caps[:n]
		return false
	}
	// single-unit elements, possibly optional or repeated
	if e.star {
		// as many as possible, then fewer
		// (on the stack for the usual few repeats: this runs at every
		// step of every rule at every cue)
		var buf [8]int
		ends := append(buf[:0], ui)
		for k := ui; ; {
			nk := m.one(e, k)
			if nk == k {
				break
			}
			ends = append(ends, nk)
			k = nk
		}
		for i := len(ends) - 1; i >= 0; i-- {
			m.caps = m.caps[:n]
			if ends[i] > ui {
				m.caps = append(m.caps, capture{e: e, a: ui, b: ends[i]})
			}
			if m.try(ei+1, ends[i]) {
				return true
			}
		}
		m.caps = m.caps[:n]
		return false
	}
	if ui < len(m.units) {
		if end := m.one(e, ui); end > ui {
			m.caps = append(m.caps[:n], capture{e: e, a: ui, b: end})
			if m.try(ei+1, end) {
				return true
			}
			m.caps = m.caps[:n]
		}
	}
	// "… are “unfair to fishermen,” says Ilves": American style puts the
	// comma inside the closing mark, where it still ends the content
	if e.kind == eUnit && e.unit == Comma && !e.opt && m.commaInQuote(ui) {
		return m.try(ei+1, ui)
	}
	if e.opt {
		return m.try(ei+1, ui)
	}
	return false
}

// plainOpening reports whether the units before k are a description
// opening the sentence — a determiner first, then words and sources
// only, no quotation, cue or punctuation — and the source after its
// comma a name: "One of the pilots, Ana Lima," not "Ana Lima, a pilot,".
func (m *matcher) plainOpening(k int) bool {
	if k == 0 || !m.toks[m.units[0].A].Has(lexicon.Determiner) {
		return false
	}
	for _, u := range m.units[:k] {
		if u.Kind != Source && u.Kind != Word && u.Kind != And {
			return false
		}
	}
	n := m.toks[m.units[k+1].A]
	return n.Cap && !n.Has(lexicon.Determiner)
}

// participle reports whether unit u is an -ing form: a participle cue
// ("noting"), or another verb's ("citing", "pointing to").
func (m *matcher) participle(u Unit) bool {
	if u.Kind == Cue {
		return u.Cue.Form == lexicon.Participle
	}
	t := m.toks[u.A]
	return u.Kind == Word && u.B-u.A == 1 && t.Word && !t.Cap && len(t.L) > 5 && strings.HasSuffix(t.L, "ing")
}

// commaInQuote reports whether the unit before ui is a quotation whose
// last word is followed by a comma inside its closing mark.
func (m *matcher) commaInQuote(ui int) bool {
	if ui == 0 || ui > len(m.units) || m.units[ui-1].Kind != Quote {
		return false
	}
	u := m.units[ui-1]
	k := u.B - 1
	for k > u.A && m.toks[k].IsQuoteMark() {
		k--
	}
	return k > u.A && k < u.B-1 && m.toks[k].Punct(",")
}

func (m *matcher) anchorPassed() bool {
	for _, c := range m.caps {
		if c.e.anchor {
			return true
		}
	}
	return false
}

// one returns the end unit index of element e matched once at ui, or ui.
func (m *matcher) one(e elem, ui int) int {
	if ui >= len(m.units) {
		return ui
	}
	u := m.units[ui]
	switch e.kind {
	case eAny:
		if u.Kind == Word || u.Kind == Who || u.Kind == Source || u.Kind == Adjunct || u.Kind == To || u.Kind == That {
			return ui + 1
		}
	case eObject:
		// an addressee or object stands after a tell-verb ("told
		// reporters") or a naming one ("called him"); after "said" a name
		// is the speaker or the start of the content
		c := m.units[m.anchor].Cue
		if u.Kind == Source && (c.Tell || c.Class == lexicon.Naming || c.Class == lexicon.Action || c.Class == lexicon.Manner) && !clauseSubject(m.toks, u) {
			return ui + 1
		}
		if c.Tell && u.Kind == Word && addresseePronoun(m.toks, u.A) {
			// "told me the pier …", "warned them the tide …": an
			// object pronoun is the whole addressee, and the clause
			// after it is what was said
			return ui + 1
		}
		if c.Tell && u.Kind == Word && !m.toks[u.A].Any(lexicon.Aux|lexicon.Be|lexicon.Subord|lexicon.Prep|lexicon.Adverb) {
			// "told the hall", "told cheering dockers"
			k := ui + 1
			// (a negation after it is what they were told: "told the
			// crew never to sail")
			for k < len(m.units) && k-ui < 4 && (m.units[k].Kind == Word || m.units[k].Kind == Source) && !m.toks[m.units[k].A].Any(lexicon.Aux|lexicon.Be|lexicon.Subord|lexicon.Prep|lexicon.Negation) {
				k++
			}
			return k
		}
	case eNP:
		// a source phrase, or any nominal run up to a comma: "the latest
		// poll", "a report by the agency", "exit polls"
		if u.Kind == Source {
			// (with the document a possessive owner ends on: "the
			// board's audit")
			if n := ui + 1; n < len(m.units) && m.toks[u.B-1].Poss && m.units[n].Kind == Word && m.toks[m.units[n].A].Has(lexicon.StatementNoun) {
				return n + 1
			}
			return ui + 1
		}
		// (or the phrase after a participle of saying opened by "as",
		// which the units read as a circumstance: "as stated in the
		// audit, …"; result drops its preposition)
		if u.Kind == Adjunct && ui == m.anchor+1 && ui >= 2 && m.units[ui-2].Kind == Word && m.toks[m.units[ui-2].A].L == "as" && (m.toks[u.A].L == "in" || m.toks[u.A].L == "by") {
			return ui + 1
		}
		t := m.toks[u.A]
		if u.Kind != Word || !(t.Has(lexicon.Determiner) || t.Cap || !t.Any(lexicon.Aux|lexicon.Subord|lexicon.Prep|lexicon.Adverb|lexicon.Conj)) {
			return ui
		}
		k := ui
		for k < len(m.units) && k-ui < 10 {
			v := m.units[k]
			if v.Kind != Word && v.Kind != Source && v.Kind != Paren && !(v.Kind == Adjunct && k > ui) {
				break
			}
			if v.Kind == Word && m.toks[v.A].Any(lexicon.Aux|lexicon.Subord|lexicon.Be) {
				break
			}
			k++
		}
		return k
	case eIng:
		if u.Kind == Cue && u.Cue.Form == lexicon.Participle && ui > m.anchor {
			return ui + 1
		}
	case eAs:
		if u.Kind == Word && m.toks[u.A].L == "as" {
			return ui + 1
		}
	case eNot:
		if u.Kind == Word && m.toks[u.A].Has(lexicon.Negation) && m.toks[u.A].Quote < 0 {
			return ui + 1
		}
	case eMid:
		if u.Kind == Adjunct || u.Kind == Paren || u.Kind == Word && m.toks[u.A].Any(lexicon.Aux|lexicon.Adverb|lexicon.Reflexive) {
			return ui + 1
		}
		// "appeared to", "continues to" right before the cue
		if (u.Kind == Word || u.Kind == Cue) && m.toks[u.A].Has(lexicon.Catenative) && ui+2 < len(m.units) && m.units[ui+1].Kind == To && m.units[ui+2].Kind == Cue {
			return ui + 2
		}
	case eAdj:
		// (a negation after the verb is the content's: "told residents
		// not to drink …")
		if u.Kind == Adjunct || u.Kind == Word && m.toks[u.A].Has(lexicon.Adverb) && !m.toks[u.A].Is("that") && !m.toks[u.A].Has(lexicon.Negation) {
			return ui + 1
		}
		if e := m.commaAside(ui); e > ui {
			return e
		}
	case eAppos:
		if u.Kind == Paren {
			return ui + 1
		}
		if e := m.ofBody(ui); e > ui {
			return e
		}
		if e := m.restrictiveWho(ui); e > ui {
			return e
		}
		// an aside between dashes after the source: "Ana Lima — a judge
		// for twenty years — said …"
		// (a relative clause between them may have a verb of saying of
		// its own, which is its own claim: "the audit — which notes
		// that … — says …")
		if u.Kind == Dash && ui > 0 && m.units[ui-1].Kind == Source {
			relative := ui+1 < len(m.units) && m.units[ui+1].Kind == Who
			for k := ui + 2; k < len(m.units) && k-ui <= 20; k++ {
				switch m.units[k].Kind {
				case Dash:
					return k + 1
				case Cue:
					if !relative {
						return ui
					}
				case According, Quote, End, Colon, Semi:
					return ui
				}
			}
			return ui
		}
		if u.Kind != Comma {
			return ui
		}
		// "One of the port's pilots, Ana Lima, said …": a name set off
		// after the description that opens the sentence closes its aside
		// right before the cue
		if ui >= 3 && m.units[ui-1].Kind == Source && m.units[ui-2].Kind == Comma && ui+1 < len(m.units) && m.units[ui+1].Kind == Cue && m.plainOpening(ui-2) {
			return ui + 1
		}
		// ", a spokesman for the ministry," / ", who chairs the board,"
		// / ", citing the “cost of the repairs,”" — a participle clause
		// set off after the source is an aside too, its quoted words
		// and all
		participle := ui+1 < len(m.units) && m.participle(m.units[ui+1])
		for k := ui + 1; k < len(m.units) && k-ui <= 20; k++ {
			if participle && (k == ui+1 || m.units[k].Kind == Quote) {
				if m.units[k].Kind == Quote && m.commaInQuote(k+1) && k+1 < len(m.units) && m.units[k+1].Kind == Cue {
					return k + 1 // the aside's comma inside the marks
				}
				continue
			}
			switch m.units[k].Kind {
			case Comma:
				if k == ui+1 {
					return ui
				}
				if anotherAside(m.units, k) {
					return k // "Ana Lima, 54, a teacher, said": the next aside starts here
				}
				return k + 1
			case Cue, According, Quote, End, Colon, Semi:
				if m.units[k].Kind == Cue && k > ui+1 && isRelative(m.units, ui+1) {
					continue // ", who said earlier …," is still the aside
				}
				return ui
			}
		}
	case eUnit:
		if u.Kind != e.unit {
			return ui
		}
		if u.Kind == Source && m.inRestrictiveWho(ui) {
			return ui // "Engineers who reviewed the design said": the design is no speaker
		}
		if e.anchor && ui != m.anchor {
			return ui
		}
		if !e.anchor && (u.Kind == Cue || u.Kind == According) {
			return ui // a second cue is never a filler
		}
		return ui + 1
	}
	return ui
}

// anotherAside reports whether the comma at k opens a further aside
// closed by a comma before any cue or quotation.
func anotherAside(units []Unit, k int) bool {
	for j := k + 1; j < len(units) && j-k <= 20; j++ {
		switch units[j].Kind {
		case Comma:
			return j > k+1
		case Cue, According, Quote, End, Colon, Semi:
			return false
		}
	}
	return false
}

// isRelative reports whether units from k open a relative clause.
func isRelative(units []Unit, k int) bool {
	return (units[k].Kind == Word || units[k].Kind == Who) && units[k].B-units[k].A == 1
}

// gapOK reports whether units can be content: not just punctuation, and
// not swallowing the sentence's other quotation-free cues' sources.
func gapOK(us []Unit) bool {
	for _, u := range us {
		switch u.Kind {
		case Comma, Colon, Semi, Dash, End:
		default:
			return true
		}
	}
	return false
}

// accept checks the window once all elements matched.
func (m *matcher) accept() bool {
	outside := 0
	for _, c := range m.caps {
		if c.e.kind == eGap || c.e.kind == eTail || c.e.kind == eUnit && c.e.unit == Quote {
			continue
		}
		for k := c.a; k < c.b; k++ {
			outside += m.units[k].B - m.units[k].A
		}
	}
	return outside <= m.r.Window
}

func (m *matcher) result() Match {
	out := Match{Rule: m.r, Units: Span{A: len(m.units), B: 0}, sourceUnit: -1}
	tok := func(c capture) Span { return Span{A: m.units[c.a].A, B: m.units[c.b-1].B} }
	for _, c := range m.caps {
		if c.b <= c.a {
			continue
		}
		out.Units.A = min(out.Units.A, c.a)
		out.Units.B = max(out.Units.B, c.b)
		switch {
		case c.e.anchor:
			out.Cue = tok(c)
			out.CueInfo = m.units[c.a].Cue
		case c.e.kind == eGap:
			out.Content = append(out.Content, tok(c))
		case c.e.kind == eUnit && c.e.unit == Quote:
			out.Content = append(out.Content, tok(c))
			out.Quotes = append(out.Quotes, m.units[c.a].Quote)
		case c.e.kind == eUnit && c.e.unit == Source || c.e.kind == eNP:
			if out.Source.Empty() {
				out.Source = tok(c)
				out.sourceUnit = c.a
				if c.e.kind == eNP && m.units[c.a].Kind == Adjunct {
					out.Source.A++ // "in the audit": the audit
				}
			}
		case c.e.kind == eObject:
			out.Addressee = tok(c)
		case c.e.kind == eAdj || c.e.kind == eMid || c.e.kind == eAppos:
			for k := c.a; k < c.b; k++ {
				out.Adjuncts = append(out.Adjuncts, Span{A: m.units[k].A, B: m.units[k].B})
			}
		}
	}
	return out
}

// commaAside returns the end of an aside set off by commas at unit ui
// after a cue (", though,", ", for example,"), or ui: it stands between
// the verb and its content without being either.
func (m *matcher) commaAside(ui int) int {
	if ui == 0 || m.units[ui].Kind != Comma || ui-1 != m.anchor && m.units[ui-1].Kind != Adjunct {
		return ui
	}
	for n := 1; n <= 2 && ui+n+1 < len(m.units); n++ {
		last := m.units[ui+n]
		if last.Kind != Word && last.Kind != Adjunct || !m.toks[last.B-1].Has(lexicon.Aside) {
			continue
		}
		if n == 2 && (m.units[ui+1].Kind != Word || !m.toks[m.units[ui+1].A].Has(lexicon.Prep)) {
			return ui
		}
		if m.units[ui+n+1].Kind == Comma {
			return ui + n + 2
		}
		return ui
	}
	return ui
}

// ofBody returns the end of "of" and a body after a name that closes the
// sentence or an aside ("…,” said Ruiz of the dock union."), or ui: the
// body describes the speaker, who is the name.
// restrictiveWho returns the end of a relative clause that restricts the
// source right before the cue — "people who know him say …", "voters
// who backed her in May say …" — or ui. The clause holds words only: a
// cue inside it ("people who said …") makes it a claim of its own, and
// so does a clause that is the cue alone.
func (m *matcher) restrictiveWho(ui int) int {
	if ui == 0 || m.units[ui].Kind != Who || m.units[ui-1].Kind != Source {
		return ui
	}
	k := ui + 1
	for k < len(m.units) && k-ui <= 8 && (m.units[k].Kind == Word || m.units[k].Kind == Source || m.units[k].Kind == Adjunct) && m.toks[m.units[k].A].Quote < 0 {
		k++
	}
	if k == ui+1 || k >= len(m.units) || k != m.anchor {
		return ui
	}
	return k
}

// inRestrictiveWho reports whether source unit ui lies inside a relative
// clause that restricts an earlier source and runs to the cue ("voters who
// backed the mayor said …"): the clause's object is not who speaks.
func (m *matcher) inRestrictiveWho(ui int) bool {
	for k := ui - 1; k > 0 && ui-k <= 8; k-- {
		switch m.units[k].Kind {
		case Who:
			return m.restrictiveWho(k) == m.anchor && ui < m.anchor
		case Word, Source, Adjunct:
		default:
			return false
		}
	}
	return false
}

func (m *matcher) ofBody(ui int) int {
	u := m.units[ui]
	if ui == 0 || u.Kind != Word || m.toks[u.A].L != "of" || m.units[ui-1].Kind != Source || !m.toks[m.units[ui-1].B-1].Cap {
		return ui
	}
	k := ui + 1
	for k < len(m.units) && k-ui <= 6 && (m.units[k].Kind == Word || m.units[k].Kind == Source) && m.toks[m.units[k].A].Quote < 0 {
		k++
	}
	if k == ui+1 || k < len(m.units) && m.units[k].Kind != End && m.units[k].Kind != Comma {
		return ui
	}
	return k
}

// clauseSubject reports whether source unit u is a lone pronoun with an
// auxiliary or modal right after it: the subject of the clause a cue
// takes ("warned it could flood", "assured they would be paid"), not
// someone addressed — the clause keeps its subject.
func clauseSubject(ts []doc.Token, u Unit) bool {
	return u.B == u.A+1 && u.B < len(ts) && ts[u.A].Has(lexicon.Pronoun) && ts[u.B].Any(lexicon.Aux|lexicon.Be)
}

// relativeHeadPreps join a post-modifier to the noun a relative clause
// attaches to ("callers to the show who said …", "the man in the cab
// who said …"): the head noun, not the modifier's, is who spoke. "from"
// and "by" are not among them: "calls from listeners who said …" and
// "stopped by an engineer who said …" name the speaker after them.
var relativeHeadPreps = map[string]bool{"to": true, "of": true, "for": true, "at": true, "in": true, "on": true, "with": true, "near": true}

// relativeHead returns the source of a restrictive "who" clause: the head
// of the noun phrase it attaches to, past one prepositional post-modifier
// ("Callers to his show who said …" is the callers' statement). A share
// or a body of people ("dozens of residents", "a crew of volunteers")
// keeps the nearer noun, which names who they are, and so does a thing
// before "of" ("the roof of the hall who …" is no reading).
func relativeHead(ts []doc.Token, units []Unit, src Span, su int) (Span, int) {
	// (a clause set off by a comma may follow a whole description: "…
	// lost the state to Ana Lima, who added …" is hers, not the state's)
	if su < 2 || su+1 >= len(units) || units[su+1].Kind != Who || units[su-1].Kind != Word && units[su-1].Kind != To || units[su-2].Kind != Source {
		return src, su
	}
	p := ts[units[su-1].A]
	if !p.Word || p.Quote >= 0 || !relativeHeadPreps[p.L] {
		return src, su
	}
	h := units[su-2]
	last := ts[h.B-1]
	person := last.Any(lexicon.Profession | lexicon.Role)
	if last.Any(lexicon.Pronoun|lexicon.Quantity|lexicon.Time|lexicon.StatementNoun|lexicon.Collective) || p.L == "of" && !person && !last.Cap && !strings.HasSuffix(last.L, "s") {
		return src, su
	}
	return Span{A: h.A, B: h.B}, su - 2
}

// addresseePronoun reports whether the word at k is an object pronoun
// that is the whole of a tell-verb's addressee: one that is no
// determiner ("me", "him", "them"), or "her" before the subject of the
// clause after it ("told her the ferry …", "told her he …") — in "told
// her crew" it is the crew's determiner.
func addresseePronoun(ts []doc.Token, k int) bool {
	t := ts[k]
	if !t.Word || t.Quote >= 0 || !t.Has(lexicon.ObjPronoun) {
		return false
	}
	if !t.Has(lexicon.Determiner) {
		return true
	}
	if t.L != "her" || k+1 >= len(ts) {
		return false
	}
	n := ts[k+1]
	return n.Word && n.Quote < 0 && (n.Any(lexicon.Determiner|lexicon.Pronoun) && !n.Has(lexicon.ObjPronoun) || n.Cap)
}
