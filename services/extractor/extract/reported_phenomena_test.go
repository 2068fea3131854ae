package extract

import (
	"testing"
)

// TestRestrictiveRelativeOnSubjectEndsAtMainVerb: "who said" on the
// sentence's subject reports only the relative clause; the main clause's
// verb after it ("… did not oppose it", "… were told …") is the
// subject's act, not what was said. When that verb cannot be found the
// claim is not made rather than run into it.
func TestRestrictiveRelativeOnSubjectEndsAtMainVerb(t *testing.T) {
	runReportedCases(t, []reportedCase{
		{"a negated main verb", "The boatmen who said they had doubts about the levy did not vote against it.", "they had doubts about the levy"},
		{"a passive main verb", "Tenants who said the rents were too high were asked to write to the board.", "the rents were too high"},
		{"a main verb with no auxiliary", "The boatmen who said the levy was unfair signed the petition anyway.", ""},
	})
}

// TestRelativeAttachesToTheHeadNoun: the speaker of "who said" is the
// head of the noun phrase the clause restricts, past a modifier after a
// preposition ("callers to the show who said …" are the callers), but
// not past "from" or "by", whose noun is the speaker ("letters from
// tenants who said …"), nor past a comma ("…, who said").
func TestRelativeAttachesToTheHeadNoun(t *testing.T) {
	runWantCases(t, []wantCase{
		{"after to", "Callers to the late-night show who said the ferry was late were put on air.",
			want{kind: "reported", text: "the ferry was late", speaker: "Callers"}},
		{"after in", "The drivers in the queue who said the barrier was broken were waved through.",
			want{kind: "reported", text: "the barrier was broken", speaker: "drivers"}},
		{"after from", "The board read letters from tenants who said the boilers had failed.",
			want{kind: "reported", text: "the boilers had failed", speaker: "tenants"}},
	})
}

// TestContactClauseWithStrandedPreposition: a subject whose relative
// clause has no "who" and ends in its preposition ("the skippers I spoke
// to said") is still the source, and the clause is no part of its name.
func TestContactClauseWithStrandedPreposition(t *testing.T) {
	runWantCases(t, []wantCase{
		{"ending in to", "The ferrymen I spoke to said the new quay was too short.",
			want{kind: "reported", text: "the new quay was too short", speaker: "ferrymen"}},
		{"ending in with", "The nurses we worked with said the ward had no heating.",
			want{kind: "reported", text: "the ward had no heating", speaker: "nurses"}},
		{"a verb without a preposition", "The divers she trained said the wreck was stable.",
			want{kind: "reported", text: "the wreck was stable", speaker: "divers"}},
		{"after a fronted phrase of time", "On Friday, the pilots we flew with said the runway lights had failed.",
			want{kind: "reported", text: "the runway lights had failed", speaker: "pilots"}},
		{"after a fronted phrase of circumstance", "In the council's defence, all the surveyors I asked said the levy was fair.",
			want{kind: "reported", text: "the levy was fair", speaker: "surveyors"}},
	})
}

// TestFrontedAsAttribution: "as" opening the sentence attributes what
// follows its comma, to a document's owner ("As the board's audit put
// it, …") or to whatever comes after a participle ("As stated in the
// audit, …", "As reported by the gazette, …").
func TestFrontedAsAttribution(t *testing.T) {
	runWantCases(t, []wantCase{
		{"a document and a naming verb", "As the harbour board's audit put it, the slipway is beyond repair.",
			want{kind: "reported", text: "the slipway is beyond repair", speaker: "harbour board"}},
		{"a participle and in", "As stated in the coroner's report, the diver ran out of air.",
			want{kind: "reported", text: "the diver ran out of air", speaker: "coroner"}},
		{"a participle and by", "As reported by the Lowmoor Herald, the mill will close in March.",
			want{kind: "reported", text: "the mill will close in March", speaker: "Lowmoor Herald"}},
	})
	// a statement with its own speaker is that speaker's, passed on by
	// the outlet: no claim for the outlet
	text := "As reported by the Lowmoor Herald, the diver found the wreck to be stable."
	for _, c := range extractText(text).Claims {
		if c.Speaker != nil && c.Speaker.Name == "Lowmoor Herald" {
			t.Errorf("%q: claim %q credited to the outlet", text, c.Text)
		}
	}
}

// TestDocumentDatedByTime: a document whose participle dates it with a
// phrase of time ("a report published last week found that …") is the
// subject of the verb of saying, not a verb with its object.
func TestDocumentDatedByTime(t *testing.T) {
	runWantCases(t, []wantCase{
		{"last year", "A report published last year found that most ferry users wanted earlier sailings.",
			want{kind: "reported", text: "most ferry users wanted earlier sailings", speaker: "report"}},
		{"this week", "A memo sent this week warned that the harbour wall was sinking.",
			want{kind: "reported", text: "the harbour wall was sinking", speaker: "memo"}},
	})
}

// TestReportedContentStartsAfterItsSetting: what was said starts after the
// words that only set the saying — an object pronoun told it ("told me the
// …", also in a clause after a relative one without its word: "the crews I
// asked warned me …"), the programme or book in quotation marks it was
// said on ("said on “…” that …"; "…, she said on “….”" ends the
// attribution of the statement before it); and a document named by a
// capitalised phrase after a sentence's first determiner ("A Port Trust
// report …") is a noun, whose verb reports.
func TestReportedContentStartsAfterItsSetting(t *testing.T) {
	runReportedCases(t, []reportedCase{
		{"told me", "The ferry's skipper told me the engine had failed twice that winter.", "the engine had failed twice that winter"},
		{"warned us", "Two of the pilots warned us the channel was silting up again.", "the channel was silting up again"},
		{"told her before a clause", "Her landlord told her the lease would not be renewed in spring.", "the lease would not be renewed in spring"},
		{"told her crew", "The captain told her crew the storm would pass by noon.", "told her crew the storm would pass by noon"},
		{"after a contact clause", "The divers I asked warned me the wreck was breaking up.", "the wreck was breaking up"},
		{"on a quoted programme", "Oren Vale, who said on “Low Water” that the lock gates were rotten, has left the trust.", "the lock gates were rotten"},
		{"in a quoted programme's episode", "The warden said in a “Marsh Diaries” episode that the herons had come back.", "the herons had come back"},
		{"on a quoted programme at the end", "The lock gates are rotten, Oren Vale said on “Low Water.”", "The lock gates are rotten"},
		{"on an owner's quoted programme", "The lock gates are rotten, Oren Vale said on Radio Fenmoor’s “Low Water” last night.", "The lock gates are rotten"},
		{"a capitalised document", "A Port Trust report published in March found that the dredging had doubled in cost.", "the dredging had doubled in cost"},
		{"a name's -s form", "The Coastal Gazette reports that the dredging had doubled in cost.", "the dredging had doubled in cost"},
	})
}

// TestContactClauseOpeningTheSentence: a noun for people opening the
// sentence is capitalised, yet its relative clause without "who" ("Tenants
// we asked said …") restricts it as it does mid-sentence: the noun is the
// source, the clause's verb says nothing and is no part of its name.
func TestContactClauseOpeningTheSentence(t *testing.T) {
	runWantCases(t, []wantCase{
		{"a plain verb", "Tenants we asked said the boiler had been broken since May.",
			want{kind: "reported", text: "the boiler had been broken since May", speaker: "Tenants"}},
		{"a verb of saying", "Residents I told warned that the footbridge was icy.",
			want{kind: "reported", text: "the footbridge was icy", speaker: "Residents"}},
		{"a stranded preposition", "Officers we spoke with said the gate had been left open.",
			want{kind: "reported", text: "the gate had been left open", speaker: "Officers"}},
	})
}

// TestThatBeforeAPluralVerbIsRelative: "that" right before a verb no
// singular subject takes ("were", "have") is a relative pronoun on the
// noun before it, not the demonstrative subject of something said: "police
// reports that were filed" and "the states that have voted" report nothing,
// while "said that was a mistake" still does.
func TestThatBeforeAPluralVerbIsRelative(t *testing.T) {
	runReportedCases(t, []reportedCase{
		{"a noun-verb form after a noun", "The toll is based on harbour police reports that were filed over the winter.", ""},
		{"another noun-verb form", "The board ignored union claims that were made in May.", ""},
		{"a noun-verb form as a noun of saying", "Ferries still call at the river states that have banned night sailing.", ""},
		{"a demonstrative subject", "The harbourmaster said that was a mistake.", "that was a mistake"},
	})
}

// reportedCase is a text and the one reported claim it must give ("": no
// reported claim at all).
type reportedCase struct {
	name, text, claim string
}

func runReportedCases(t *testing.T, cases []reportedCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := reportedTexts(extractText(c.text))
			if c.claim == "" && len(got) > 0 || c.claim != "" && (len(got) != 1 || got[0] != c.claim) {
				t.Errorf("reported claims %q, want %q", got, c.claim)
			}
		})
	}
}
