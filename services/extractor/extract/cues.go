package extract

import "strings"

// Cue classes.
const (
	clsSpeech    = iota // say, tell, add, warn …: a complement clause or a quote follows
	clsAction           // blame X for, accuse X of, demand, urge: the verb phrase is the claim
	clsQuoteOnly        // describe/call X "…": attributes a quote, never a reported claim
)

// Cue forms.
const (
	formFinite     = iota // said, says, say
	formParticiple        // saying, adding ("…, adding that …")
)

type cue struct {
	lemma string
	cls   int
	form  int
	tell  bool // takes an addressee before its complement ("told local media that")
}

// cues is the verb lexicon. Why each family is here:
//   - plain reporting verbs carry a statement (say, tell, add, state, note,
//     write, post, tweet, report, reply, respond, explain, comment …);
//   - stance verbs carry a statement and the speaker's stance, which the
//     analyst wants kept (claim, allege, insist, warn, confirm, admit, deny,
//     acknowledge, suggest, threaten, vow …);
//   - action verbs make the verb phrase itself the claim (blame X for Y,
//     accuse X of Y, demand Y, urge Y);
//   - naming verbs only attribute a following quotation ("called it
//     'sabotage'", "described it as 'historic'"): on their own they are
//     not speech.
//
// Past participles used as adjectives ("the reported toll") are excluded
// by the caller, which requires a subject or a comma before the verb.
var cues = map[string]cue{}

func addCue(cls int, tell bool, lemma string, finite []string, part string) {
	for _, f := range finite {
		cues[f] = cue{lemma: lemma, cls: cls, form: formFinite, tell: tell}
	}
	if part != "" {
		cues[part] = cue{lemma: lemma, cls: cls, form: formParticiple, tell: tell}
	}
}

func init() {
	regular := func(cls int, lemmas string) {
		for _, l := range strings.Fields(lemmas) {
			stem := strings.TrimSuffix(l, "e")
			past, third, ing := stem+"ed", l+"s", stem+"ing"
			switch {
			case strings.HasSuffix(l, "y") && !strings.HasSuffix(l, "ay"):
				past, third = l[:len(l)-1]+"ied", l[:len(l)-1]+"ies"
			case strings.HasSuffix(l, "e"):
				past = l + "d"
			}
			addCue(cls, false, l, []string{past, third, l}, ing)
		}
	}
	regular(clsSpeech, `add state note claim warn confirm insist argue explain assert declare announce
		reply respond allege acknowledge deny suggest report maintain stress emphasise emphasize
		predict promise vow pledge recall observe remark comment conclude concede reveal disclose
		indicate estimate reiterate complain caution assure tweet post contend charge
		recount testify concur retort quip exclaim boast lament mention point`)
	regular(clsAction, `blame accuse demand urge threaten criticise criticize condemn`)
	regular(clsQuoteOnly, `describe term dub label brand ask`)
	// manner-of-speaking and dialogue verbs attribute a quotation next to
	// them ("“Stop!” she shouted", "“Well,” he continued") but are too
	// often non-speech to carry reported speech on their own.
	regular(clsQuoteOnly, `shout yell whisper mutter murmur sigh laugh snap beg plead answer
		continue repeat interrupt rejoin return resume scream shriek groan gasp stammer
		chuckle sneer cry`)
	addCue(clsQuoteOnly, false, "begin", []string{"began"}, "")
	addCue(clsQuoteOnly, false, "read", []string{"reads"}, "") // "“…,” the statement reads"

	addCue(clsQuoteOnly, false, "go on", []string{"went"}, "")
	addCue(clsSpeech, false, "say", []string{"said", "says", "say"}, "saying")
	addCue(clsSpeech, true, "tell", []string{"told", "tells", "tell"}, "telling")
	addCue(clsSpeech, false, "write", []string{"wrote", "writes", "write"}, "writing")
	addCue(clsSpeech, false, "admit", []string{"admitted", "admits", "admit"}, "admitting")
	addCue(clsSpeech, false, "post", []string{"posted", "posts"}, "posting")
	addCue(clsQuoteOnly, false, "call", []string{"called", "calls"}, "calling")
	addCue(clsSpeech, false, "quip", []string{"quipped"}, "")
	// "point" only as "pointed out"; "mention" is rarely speech alone; both
	// stay but need a complement to yield a reported claim.
	delete(cues, "point")
	delete(cues, "points")
	delete(cues, "pointing")
	// Bare plural present forms that are common nouns are dropped: "the
	// reports", "the claims", "warns"/"notes"/"posts" as nouns, "charges".
	for _, noun := range []string{"reports", "claims", "notes", "posts", "charges", "comments",
		"remarks", "states", "report", "claim", "state", "note", "post", "charge", "comment",
		"promise", "pledge", "vow", "estimate", "demand", "demands", "blame", "reply", "replies",
		"boast", "threats", "caution", "mention", "ask", "term", "label", "brand", "point",
		"testify", "recall", "concur", "add", "indicate", "conclude", "deny", "explain"} {
		if c, ok := cues[noun]; ok && c.form == formFinite {
			delete(cues, noun)
		}
	}
	// The base forms that remain are plural-subject present tense ("analysts
	// say", "officials warn", "sources suggest").
}

// auxiliaries and adverbs that may stand between a subject and its verb.
var skippable = set(`has have had is are was were will would could can may might shall should
must did does do been be being also even already then later now still never not n't again
reportedly allegedly repeatedly publicly immediately reportedly previously earlier
initially further once privately openly quickly recently separately subsequently
apparently clearly strongly firmly flatly bluntly angrily sharply directly
however too only just first always often usually sometimes long since
instead meanwhile likewise similarly nonetheless nevertheless therefore thus ultimately
finally eventually formally officially personally simply explicitly specifically`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// stop words end a subject noun phrase when scanning back from a verb:
// clause openers, prepositions, verbs and other function words.
var stop = set(`that which who whom whose when while where after before because if although
though as but and or nor so since until unless than whether what why how
is are was were be been being has have had do does did will would could can may might must
shall should to of in on at by for from with about into over under between through during
against among without within across toward towards upon onto off out up down near
it its this these those there here also not no yes all any each every both either neither
said says say told tells added wrote claimed warned`)

// determiners and quantifiers dropped from the front of a speaker phrase.
var determiners = set(`the a an one some several many two three four five few other another
certain most various numerous his her their its our my your this that these those`)

// pronouns that can be speakers, resolved within the article.
var pronouns = set(`he she they it we i`)

// leaders are capitalised sentence openers that are not part of a name.
var leaders = set(`the a an in on at however but and yet so while when after before although
though despite following under with without during since as for from instead meanwhile
still later earlier speaking according if because amid amidst this that these those there
what why how it its his her their our we they he she i by to of over also even then now
why where you your`)

// adverbialStarters open a leading phrase that is not the subject
// ("In a fiery statement, Asif …", "Following the collapse, …").
var adverbialStarters = set(`in on at however but and yet so while when after before although
though despite following under with without during since as for from instead meanwhile still
later earlier speaking amid amidst by over according last this`)
