// Package lexicon is what the extractor knows about English words: cue
// verbs and how they behave, titles, roles, media, organisation marks,
// places, time words and function words. The lists live in words/*.txt,
// each headed by why it exists; this package reads them once and answers
// lookups by lower-case word.
package lexicon

import (
	"bufio"
	"embed"
	"fmt"
	"sort"
	"strings"
)

//go:embed words/*.txt
var files embed.FS

// Tag is a set of word classes.
type Tag uint64

// Word classes. A word may have several ("chief" is a title and a role).
const (
	Title Tag = 1 << iota
	Profession
	Role
	Anonymous
	Media
	Platform
	MediaHead
	MediaRef
	OrgWord
	Country
	Nationality
	Capital
	Pronoun
	ObjPronoun
	Determiner
	Aux
	Be
	Adverb
	Prep
	Conj
	Subord
	Adverbial // a subordinator of time, cause or condition
	Opener
	AdvOpener
	Connector
	Time
	StatementNoun
	CueWord // a form of a cue verb (see CueOf)
	Male
	Female
	Reflexive  // himself, themselves: "the mayor herself said"
	Aside      // a word set off by commas that is no content: ", though,"
	Quantity   // a quantifier that stands alone for people: "some say", "most of them said"
	Collective // a singular noun for a body of people: "the delegation", "the crew"
	Catenative // "appeared", "continues": passes its subject to a "to" + cue
	Discourse  // a sentence-opening link or comment, never a speaker: "Worse,", "Here's"
	Negation   // "not", "never": after a verb of saying it is the content's ("told them not to …")
	Hedge      // "more than", "only", "nearly": hedges a number that opens a source ("only 30 percent said")
	PluralVerb // "are", "were", "have": a verb form no singular subject takes ("reports that were filed")
)

// Has reports whether t includes every class in x.
func (t Tag) Has(x Tag) bool { return t&x == x }

// Any reports whether t includes one of the classes in x.
func (t Tag) Any(x Tag) bool { return t&x != 0 }

// Class is how a cue attributes.
type Class uint8

// Cue classes (see words/cues.txt).
const (
	Speech Class = iota + 1
	Stance
	Action
	Promise
	Naming
	Manner
	According
)

var classNames = map[string]Class{"speech": Speech, "stance": Stance, "action": Action,
	"promise": Promise, "naming": Naming, "manner": Manner, "according": According}

func (c Class) String() string {
	for k, v := range classNames {
		if v == c {
			return k
		}
	}
	return "none"
}

// Form is the grammatical form of a cue word.
type Form uint8

// Cue forms.
const (
	Base       Form = iota + 1 // say: plural present, infinitive
	Third                      // says
	Past                       // said: past tense or participle
	Participle                 // saying
	Nominal                    // a claim, the report: a noun of saying before its "that" clause
)

// Cue is one form of a cue verb.
type Cue struct {
	Lemma string
	Class Class
	Form  Form
	Zero  bool // complement clause without "that"
	Tell  bool // takes an addressee before its complement
	Noun  bool // this form is also a common noun
	As    bool // attributes only with "as" after its object ("framed the vote as …")
	That  bool // attributes what follows only as a "that" clause ("ruled that …")
	Reply bool // answers a question put to its subject ("replied", "retorted")
	Asks  bool // puts a question to the party after it ("asked Lima whether …")
}

// Phrase is a multi-word cue ("according to", "pointed out").
type Phrase struct {
	Words []string
	Class Class
	Form  Form
}

type entry struct {
	tags Tag
	cue  *Cue
}

var (
	words           = map[string]*entry{}
	phrases         []Phrase
	nations         = map[string]string{}    // nationality or country → country
	adjectives      = map[string]string{}    // country → its usual adjective
	demonymSuffixes []string                 // endings of an unlisted nationality adjective
	mediaKinds      = map[string][2]string{} // word → kind as a reference back, kind in a name
)

// MediaRefKind returns the kind of outlet ("print", "broadcast", "wire")
// a noun referring back to one names ("the network"); "" when any.
func MediaRefKind(lower string) string { return mediaKinds[lower][0] }

// MediaNameKind returns the kind of outlet a word of its name makes it
// ("Times" → print); "" when none.
func MediaNameKind(lower string) string { return mediaKinds[lower][1] }

func init() {
	if err := load(); err != nil {
		panic(err) // the embedded files are part of the binary: a bad one is a build defect
	}
}

// Tags returns the classes of a lower-case word.
func Tags(lower string) Tag {
	if e := words[lower]; e != nil {
		return e.tags
	}
	return 0
}

// Address classes (words/address.txt): words that tell a sentence turning
// to someone. They are not Tags, which the model reads.
type AddressClass uint8

const (
	CallsAttention AddressClass = 1 << iota // "listen", "hear": before an address
	FirstSecond                             // "I", "we", "you": the clause after it
)

var addressClasses = map[string]AddressClass{"attention": CallsAttention, "person": FirstSecond}

var address = map[string]AddressClass{}

// Address reports whether a lower-case word is of address class c.
func Address(lower string, c AddressClass) bool { return address[lower]&c != 0 }

var speakerPerson = map[string]bool{}

var unveils = map[string]bool{}

var verdictActions = map[string]bool{}

// ContactSubject reports whether a lower-case word is a subject pronoun
// for people, the subjects that open a relative clause without its word
// after a noun ("the engineers I spoke to", "voters we interviewed"):
// "it" names no one who is asked.
func ContactSubject(w string) bool { return contactSubjects[w] }

var contactSubjects = map[string]bool{"i": true, "we": true, "they": true, "he": true, "she": true, "you": true}

// replyOpeners are the openings of an answer to the one spoken to
// (words/reply_openers.txt), each as one string of lower-case words.
var replyOpeners []string

// ReplyOpener reports whether lower-case text (straight apostrophes)
// opens with words that answer the one spoken to
// (words/reply_openers.txt): "you're right, …", "good question".
func ReplyOpener(text string) bool {
	for _, o := range replyOpeners {
		if strings.HasPrefix(text, o) {
			return true
		}
	}
	return false
}

// unspokenObjects maps a cue lemma to the heads of the objects that give
// it a sense other than saying (words/unspoken_objects.txt).
var unspokenObjects = map[string]map[string]bool{}

// UnspokenObject reports whether a lower-case noun heading the object of
// a cue with this lemma makes the verb mean something other than saying
// (words/unspoken_objects.txt): "claimed nine lives", "maintains a lead".
func UnspokenObject(lemma, noun string) bool { return unspokenObjects[lemma][noun] }

// VerdictAction reports whether a lower-case word is a form of what a
// ruling body goes on to do (words/verdict_actions.txt): "ordered",
// "dismissing", "upheld".
func VerdictAction(lower string) bool { return verdictActions[lower] }

// Namer is how a word before a quotation makes the quoted words a name
// (words/namers.txt).
type Namer uint8

const (
	NotNamer  Namer = iota
	NamerName       // "dubbed", "so-called": the quoted words are a name
	NamerAs         // "known", "billed": a name when "as" follows
	NamerWork       // "show", "book": a title when the quoted words open with a capital
)

var namers = map[string]Namer{}

var portfolios = map[string]bool{}

// Portfolio reports whether a lower-case word names the field of an office
// (words/portfolios.txt): "health", "agriculture", "defence".
func Portfolio(lower string) bool { return portfolios[lower] }

// numberLabels maps a lower-case noun to whether it labels a number only
// when capitalised (words/number_labels.txt).
var numberLabels = map[string]bool{}

// NumberLabel reports whether a word, as written, makes the bare number
// after it a label, not a count (words/number_labels.txt): "Category" 4,
// "level" 3, "Flight" 212.
func NumberLabel(written string) bool {
	capOnly, ok := numberLabels[strings.ToLower(written)]
	if !ok {
		return false
	}
	r := written[0]
	return !capOnly || r >= 'A' && r <= 'Z'
}

// NamerOf returns how a lower-case word before a quotation makes the
// quoted words a name (words/namers.txt): "dubbed", "known" (as), "film".
func NamerOf(lower string) Namer { return namers[lower] }

// Unveils reports whether a lower-case word is a participle with which a
// writer names what a quoted label stood for (words/unveils.txt):
// "revealed", "identified", "understood".
func Unveils(lower string) bool { return unveils[lower] }

// PluralPeople reports whether a word with tags t is a plural noun for
// unnamed people ("residents", "officials", "people"), not a title: the
// head of a group that a place can follow ("residents in the town").
func PluralPeople(lower string, t Tag) bool {
	return t.Any(Anonymous|Role|Profession) && !t.Has(Title) && PluralNoun(lower)
}

// Plural returns the regular plural of a singular noun for people:
// "pilot" → "pilots", "fisherman" → "fishermen", "witness" →
// "witnesses", "deputy" → "deputies".
func Plural(w string) string {
	switch {
	case strings.HasSuffix(w, "man") && len(w) > 3:
		return w[:len(w)-3] + "men"
	case strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "sh") || strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "x"):
		return w + "es"
	case len(w) > 2 && strings.HasSuffix(w, "y") && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return w[:len(w)-1] + "ies"
	}
	return w + "s"
}

// PluralNoun reports whether a noun for people has a plural form: "-s",
// "-men" ("fishermen", "women"), "people" or "children".
func PluralNoun(lower string) bool {
	return lower == "people" || lower == "children" || strings.HasSuffix(lower, "men") || strings.HasSuffix(lower, "s") && !strings.HasSuffix(lower, "ss")
}

// PlacePrep reports whether a preposition says where a group is ("in",
// "near", "from" …). ("at" is left out: "analysts at Halden Bank" speak
// for the bank.)
func PlacePrep(lower string) bool {
	switch lower {
	case "in", "of", "from", "near", "across", "around", "outside":
		return true
	}
	return false
}

// PastParticiple reports whether a lower-case word has the shape of a past
// participle: one ending in -ed, or a common irregular one. It is a
// shape, not a parse: callers check where it stands ("a filing dated
// Monday", "a report seen by the paper").
func PastParticiple(lower string) bool {
	switch lower {
	case "seen", "written", "sent", "drawn", "given", "made", "shown", "signed":
		return true
	}
	return len(lower) > 4 && strings.HasSuffix(lower, "ed")
}

// SpeakerPerson reports whether a word, as written, is a first- or
// second-person pronoun or determiner (words/speaker_person.txt): "I",
// "we", "our", "you", but not "US".
func SpeakerPerson(written string) bool {
	if written == "" {
		return false
	}
	// only the first letter may be upper-case: "We" opens a sentence,
	// "US" is a country
	return speakerPerson[strings.ToLower(written[:1])+written[1:]]
}

// CueOf returns the cue a lower-case word is a form of.
func CueOf(lower string) (Cue, bool) {
	if e := words[lower]; e != nil && e.cue != nil {
		return *e.cue, true
	}
	return Cue{}, false
}

// Phrases returns the multi-word cues, longest first.
func Phrases() []Phrase { return phrases }

// PhrasesFrom returns the multi-word cues that start with a lower-case
// word, longest first.
func PhrasesFrom(first string) []Phrase { return phrasesByFirst[first] }

var phrasesByFirst = map[string][]Phrase{}

// Adjective returns the lower-case adjective of a nation Nation returns
// ("peru" → "peruvian"), "" when none is listed.
func Adjective(nation string) string { return adjectives[nation] }

// Nation returns the country a lower-case word names or is the adjective
// of ("pakistani" → "pakistan"), "" when it is neither.
func Nation(lower string) string {
	lower = strings.TrimSuffix(strings.TrimSuffix(lower, "’s"), "'s")
	return nations[lower]
}

// DemonymShaped reports whether a lower-case word we do not list ends the
// way a nationality adjective does ("ruritanian"), so it may name a
// nation; a listed one is found by Nation.
func DemonymShaped(lower string) bool {
	for _, suf := range demonymSuffixes {
		if len(lower) > len(suf)+2 && strings.HasSuffix(lower, suf) {
			return true
		}
	}
	return false
}

// Gender returns "m" or "f" for a common given name (lower-case), "" when
// unknown.
func Gender(first string) string {
	t := Tags(first)
	switch {
	case t.Has(Male) && !t.Has(Female):
		return "m"
	case t.Has(Female) && !t.Has(Male):
		return "f"
	}
	return ""
}

// honorific maps an honorific ("mr", "ms") to the gender it marks.
var honorific = map[string]string{}

// HonorificGender returns the gender an honorific marks ("mr" → "m"), ""
// for any other word.
func HonorificGender(w string) string { return honorific[w] }

func add(w string, t Tag) {
	e := words[w]
	if e == nil {
		e = &entry{}
		words[w] = e
	}
	e.tags |= t
}

// simple maps the one-class word files to their tag.
var simple = map[string]Tag{
	"titles.txt": Title, "professions.txt": Profession, "roles.txt": Role,
	"anonymous.txt": Anonymous, "media.txt": Media, "platforms.txt": Platform,
	"media_heads.txt": MediaHead, "media_refs.txt": MediaRef, "org_words.txt": OrgWord,
	"time.txt": Time, "statement_nouns.txt": StatementNoun, "collective.txt": Collective,
	"discourse.txt": Discourse,
}

var functionClasses = map[string]Tag{
	"pronoun": Pronoun, "objpronoun": ObjPronoun, "determiner": Determiner, "aux": Aux,
	"be": Be, "adverb": Adverb, "prep": Prep, "conj": Conj, "subord": Subord, "adverbial": Adverbial,
	"opener": Opener, "advopen": AdvOpener, "connector": Connector,
	"reflexive": Reflexive, "aside": Aside, "negation": Negation, "hedge": Hedge, "quantity": Quantity, "catenative": Catenative, "pluralverb": PluralVerb,
}

// wordSets maps the files whose words are looked up as a set (not tagged
// on tokens) to their set.
var wordSets = map[string]map[string]bool{
	"speaker_person.txt": speakerPerson, "portfolios.txt": portfolios, "unveils.txt": unveils,
	"verdict_actions.txt": verdictActions,
}

// nounGender maps a noun for people that marks a gender to it ("m", "f").
var nounGender = map[string]string{}

// notMan are words ending in "-man" that are no compound of "man".
var notMan = map[string]bool{"human": true, "humans": true, "german": true, "germans": true, "roman": true, "romans": true, "shaman": true, "ottoman": true, "omen": true, "abdomen": true, "specimen": true, "regimen": true, "acumen": true}

// NounGender returns the gender a lower-case noun for people marks: "f"
// for "mother" or "congresswoman", "m" for "father" or "chairman", ""
// when it marks none ("senator", "spokesperson", "human").
func NounGender(w string) string {
	if g, ok := nounGender[w]; ok {
		return g
	}
	switch {
	case strings.HasSuffix(w, "woman") || strings.HasSuffix(w, "women"):
		return "f"
	case len(w) > 5 && (strings.HasSuffix(w, "man") || strings.HasSuffix(w, "men")) && !notMan[w]:
		return "m" // spokesman, chairman, congressman, businessman
	}
	return ""
}

func load() error {
	for name, set := range wordSets {
		if err := eachLine(name, func(f []string) error {
			for _, w := range f {
				set[w] = true
			}
			return nil
		}); err != nil {
			return err
		}
	}
	for name, tag := range simple {
		if err := eachLine(name, func(f []string) error {
			for _, w := range f {
				add(w, tag)
				// a profession heads a group in the plural as well
				// ("pilots said", "the plumbers warned"): the file lists
				// singulars, which are also titles before a name
				if tag == Profession {
					add(Plural(w), tag)
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	if err := eachLine("function.txt", func(f []string) error {
		tag, ok := functionClasses[f[0]]
		if !ok {
			return fmt.Errorf("unknown class %q", f[0])
		}
		for _, w := range f[1:] {
			add(w, tag)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := eachLine("first_names.txt", func(f []string) error {
		tag := Male
		if f[0] == "f" {
			tag = Female
		}
		for _, w := range f[1:] {
			add(w, tag)
		}
		return nil
	}); err != nil {
		return err
	}
	if err := eachLine("reply_openers.txt", func(f []string) error {
		replyOpeners = append(replyOpeners, strings.Join(f, " "))
		return nil
	}); err != nil {
		return err
	}
	if err := eachLine("unspoken_objects.txt", func(f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("a lemma without objects: %q", f[0])
		}
		set := unspokenObjects[f[0]]
		if set == nil {
			set = map[string]bool{}
			unspokenObjects[f[0]] = set
		}
		for _, w := range f[1:] {
			set[w] = true
		}
		return nil
	}); err != nil {
		return err
	}
	if err := eachLine("gendered_nouns.txt", func(f []string) error {
		for _, w := range f[1:] {
			nounGender[w] = f[0]
		}
		return nil
	}); err != nil {
		return err
	}
	if err := eachLine("honorifics.txt", func(f []string) error {
		if f[0] != "m" && f[0] != "f" {
			return fmt.Errorf("unknown gender %q", f[0])
		}
		for _, w := range f[1:] {
			honorific[w] = f[0]
		}
		return nil
	}); err != nil {
		return err
	}
	if err := eachLine("address.txt", func(f []string) error {
		c, ok := addressClasses[f[0]]
		if !ok {
			return fmt.Errorf("unknown class %q", f[0])
		}
		for _, w := range f[1:] {
			address[w] |= c
		}
		return nil
	}); err != nil {
		return err
	}
	if err := eachLine("number_labels.txt", func(f []string) error {
		if f[0] != "any" && f[0] != "cap" {
			return fmt.Errorf("unknown number label case %q", f[0])
		}
		for _, w := range f[1:] {
			numberLabels[w] = f[0] == "cap"
		}
		return nil
	}); err != nil {
		return err
	}
	if err := eachLine("namers.txt", func(f []string) error {
		c, ok := map[string]Namer{"name": NamerName, "nameas": NamerAs, "work": NamerWork}[f[0]]
		if !ok {
			return fmt.Errorf("unknown namer class %q", f[0])
		}
		for _, w := range f[1:] {
			namers[w] = c
		}
		return nil
	}); err != nil {
		return err
	}
	if err := eachLine("media_kinds.txt", func(f []string) error {
		if len(f) < 3 || f[1] != "ref" && f[1] != "name" {
			return fmt.Errorf("bad media kind line %q", strings.Join(f, " "))
		}
		for _, w := range f[2:] {
			k := mediaKinds[w]
			if f[1] == "ref" {
				k[0] = f[0]
			} else {
				k[1] = f[0]
			}
			mediaKinds[w] = k
		}
		return nil
	}); err != nil {
		return err
	}
	if err := loadAgencies(); err != nil {
		return err
	}
	if err := loadCompanies(); err != nil {
		return err
	}
	if err := eachLine("places.txt", loadPlace); err != nil {
		return err
	}
	if err := eachLine("cues.txt", loadCue); err != nil {
		return err
	}
	if err := eachLine("phrases.txt", func(f []string) error {
		c, ok := classNames[f[0]]
		if !ok || len(f) < 3 {
			return fmt.Errorf("bad phrase %q", strings.Join(f, " "))
		}
		form := Past
		switch {
		case strings.HasSuffix(f[1], "ing"):
			form = Participle
		case strings.HasSuffix(f[1], "s") && f[1] != "was":
			form = Third
		}
		if c == According {
			form = Base
		}
		phrases = append(phrases, Phrase{Words: f[1:], Class: c, Form: form})
		return nil
	}); err != nil {
		return err
	}
	sort.SliceStable(phrases, func(i, j int) bool { return len(phrases[i].Words) > len(phrases[j].Words) })
	for _, p := range phrases {
		phrasesByFirst[p.Words[0]] = append(phrasesByFirst[p.Words[0]], p)
	}
	return nil
}

func loadPlace(f []string) error {
	under := func(s string) string { return strings.ReplaceAll(s, "_", " ") }
	switch f[0] {
	case "country":
		for _, w := range f[1:] {
			w = under(w)
			nations[w] = w
			for _, part := range strings.Fields(w) {
				if part == w {
					add(part, Country)
				}
			}
			if !strings.Contains(w, " ") {
				add(w, Country)
			}
		}
	case "nationality":
		if len(f) != 3 {
			return fmt.Errorf("nationality line needs adjective and country: %q", strings.Join(f, " "))
		}
		add(f[1], Nationality)
		nations[f[1]] = under(f[2])
		if _, ok := adjectives[under(f[2])]; !ok {
			adjectives[under(f[2])] = f[1] // the first listed is the usual one
		}
	case "demonym_suffix":
		demonymSuffixes = append(demonymSuffixes, f[1:]...)
	case "capital":
		for _, w := range f[1:] {
			if !strings.Contains(w, "_") {
				add(w, Capital)
			}
		}
	default:
		return fmt.Errorf("unknown place class %q", f[0])
	}
	return nil
}

func loadCue(f []string) error {
	if len(f) != 3 && len(f) != 6 {
		return fmt.Errorf("cue line needs lemma, class, flags and optionally three forms: %q", strings.Join(f, " "))
	}
	lemma := f[0]
	c, ok := classNames[f[1]]
	if !ok {
		return fmt.Errorf("cue %s: unknown class %q", lemma, f[1])
	}
	base := Cue{Lemma: lemma, Class: c}
	var nounFlag bool
	if f[2] != "-" {
		for _, fl := range strings.Split(f[2], ",") {
			switch fl {
			case "zero":
				base.Zero = true
			case "tell":
				base.Tell = true
			case "noun":
				nounFlag = true
			case "as":
				base.As = true
			case "that":
				base.That = true
			case "reply":
				base.Reply = true
			case "asks":
				base.Asks = true
			default:
				return fmt.Errorf("cue %s: unknown flag %q", lemma, fl)
			}
		}
	}
	past, third, ing := regular(lemma)
	if len(f) == 6 {
		past, third, ing = f[3], f[4], f[5]
	}
	for _, form := range []struct {
		w    string
		form Form
		noun bool // the forms that double as nouns: "claims", "claim"
	}{{lemma, Base, nounFlag}, {third, Third, nounFlag}, {past, Past, false}, {ing, Participle, false}} {
		cu := base
		cu.Form = form.form
		cu.Noun = form.noun
		e := words[form.w]
		if e == nil {
			e = &entry{}
			words[form.w] = e
		}
		if e.cue == nil || e.cue.Form > form.form {
			e.cue = &cu // "read" is base and past: keep one
		}
		e.tags |= CueWord
	}
	return nil
}

// regular derives past, third person and -ing forms of a regular verb.
func regular(l string) (past, third, ing string) {
	n := len(l)
	switch {
	case strings.HasSuffix(l, "e"):
		past, third, ing = l+"d", l+"s", l[:n-1]+"ing"
	case strings.HasSuffix(l, "y") && n > 1 && !strings.ContainsRune("aeiou", rune(l[n-2])):
		past, third, ing = l[:n-1]+"ied", l[:n-1]+"ies", l+"ing"
	case strings.HasSuffix(l, "s") || strings.HasSuffix(l, "sh") || strings.HasSuffix(l, "ch") || strings.HasSuffix(l, "x"):
		past, third, ing = l+"ed", l+"es", l+"ing"
	default:
		past, third, ing = l+"ed", l+"s", l+"ing"
	}
	return
}

// eachLine calls fn with the fields of every non-blank, non-comment line.
func eachLine(name string, fn func([]string) error) error {
	f, err := files.Open("words/" + name)
	if err != nil {
		return fmt.Errorf("lexicon: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		fields := strings.Fields(strings.ToLower(line))
		if len(fields) == 0 {
			continue
		}
		if err := fn(fields); err != nil {
			return fmt.Errorf("lexicon: %s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}
