package extract

import "testing"

// fragmentCase is a text with a quoted fragment and who, if anyone, is
// credited with it as a quote claim.
type fragmentCase struct {
	name, text, fragment, speaker string // speaker "": no claim of the fragment
}

func checkFragments(t *testing.T, cases []fragmentCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			var got *string
			for _, cl := range cs.Claims {
				if cl.Kind == "quote" && cl.Text == c.fragment {
					name := speakerName(cl)
					got = &name
				}
			}
			switch {
			case c.speaker == "" && got != nil:
				t.Fatalf("fragment %q claimed by %q; claims: %s", c.fragment, *got, dump(cs))
			case c.speaker != "" && got == nil:
				t.Fatalf("no quote claim of %q; claims: %s", c.fragment, dump(cs))
			case c.speaker != "" && *got != c.speaker:
				t.Fatalf("fragment %q: speaker %q, want %q", c.fragment, *got, c.speaker)
			}
		})
	}
}

func TestParticipleFragment(t *testing.T) {
	cases := []fragmentCase{
		{"a fragment in a participle clause after the attribution is the speaker's",
			"Mayor Ada Rusk spoke at the quay on Sunday. “We held on through the worst of it,” she said, thanking the lifeboat crews and “the cooks at the quay kitchen” for the hot meals.",
			"the cooks at the quay kitchen", "Ada Rusk"},
		{"a fragment in an adjunct after the attribution is no one's words",
			"Mayor Ada Rusk spoke at the quay on Sunday. “We held on through the worst of it,” she said at the spot where the “old pier” once stood.",
			"old pier", ""},
	}
	checkFragments(t, cases)
}

// TestLabelFragment: a quoted phrase of several words right before a plain
// noun is a label that modifies the noun, nobody's words; a single quoted
// word there, or a phrase that a verb follows, stays the subject's.
func TestLabelFragment(t *testing.T) {
	cases := []fragmentCase{
		{"a quoted phrase before a plain noun is a label",
			"Mayor Ada Rusk opened the session on Monday. Rusk attacked the “bridge to nowhere” scheme at length.",
			"bridge to nowhere", ""},
		{"a quoted phrase before a plain noun after a possessive pronoun",
			"Mayor Ada Rusk opened the session on Monday. Rusk defended her “ferries before roads” agenda at length.",
			"ferries before roads", ""},
		{"a single quoted word before a noun is the subject's judgement",
			"Mayor Ada Rusk opened the session on Monday. Rusk ordered a review of the “shameful” delay at the quay.",
			"shameful", "Ada Rusk"},
		{"a quoted phrase before an adverb of time stays the subject's",
			"Mayor Ada Rusk opened the session on Monday. Rusk thanked “the thousands who marched” yesterday.",
			"the thousands who marched", "Ada Rusk"},
	}
	checkFragments(t, cases)
}

// TestQuoteParagraphPastFurniture: a quotation paragraph whose attribution
// the page lost ("“…,”") is the voice of the claim in the prose paragraph
// before it, past a related-story line the cleaner kept between them.
func TestQuoteParagraphPastFurniture(t *testing.T) {
	text := "Mayor Ada Rusk called the closure of the ferry line “a blow to every islander”.\n" +
		"Related | Ferry fares to rise in spring | Island votes on bridge\n" +
		"“The council will find the money to run the morning crossing for as long as it takes,”\n"
	checkWants(t, text, []want{{kind: "quote", text: "The council will find the money", speaker: "Ada Rusk"}})
}

// TestTitleLike: quoted words in title case are the name of a work or a
// thing, not speech — unless they open in lower case, as speech that
// names people does ("the Ivo Brandts of this town").
func TestTitleLike(t *testing.T) {
	cases := []struct {
		words string
		title bool
	}{
		{"The Long Road Home", true},
		{"Rivers of the North", true},
		{"Harbour Lights,", true},
		{"Lanterns in the Fog", true},
		{"Born to Sail", true},
		{"Lanterns in the fog", false},
		{"the Ivo Brandts", false},
		{"the Ivo Brandts of this town", false},
		{"reign of the brokers", false},
		{"We Will Not Move.", false},
		{"a Ferry Too Far and Other Stories", false},
	}
	for _, c := range cases {
		if got := titleLike(c.words); got != c.title {
			t.Errorf("titleLike(%q) = %v, want %v", c.words, got, c.title)
		}
	}
	// inside reported speech, such words are a quoted fragment of their own
	checkWants(t, "The mayor vowed that her office would stop “the Ivo Brandts” of the harbour from raising the berth fees every spring.",
		[]want{{kind: "quote", text: "the Ivo Brandts", speaker: "mayor"}})
}

// TestUnveiledLabel: quotation marks round a label that stands in for a
// name the writer then gives ("a “partner state”, later revealed as …")
// are the writer's, not a quotation of what the speaker asserts; quoted
// words with no such unveiling stay the speaker's.
func TestUnveiledLabel(t *testing.T) {
	cases := []struct {
		name, text, fragment string
		claimed              bool
	}{
		{"a label unveiled right after its closing mark",
			"The ministry admitted that it had bought diesel from a “neighbouring state,” later identified as Ruritania, during the embargo.",
			"neighbouring state", false},
		{"a label unveiled at the end of its clause",
			"The port authority conceded that a “private buyer” had taken the stake in the dock company, later confirmed by the registry to be a ferry line.",
			"private buyer", false},
		{"a label unveiled without an adverb",
			"The club accepted that it had sold the ground to a “local investor”, understood to be the mayor’s brother, before the vote.",
			"local investor", false},
		{"quoted words followed by a clause that unveils nothing",
			"The harbour master warned that a “reckless” rush to reopen the quay would cost lives, later adding that she would not sign the permit.",
			"reckless", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			got := false
			for _, cl := range cs.Claims {
				if cl.Kind == "quote" && cl.Text == c.fragment {
					got = true
				}
			}
			if got != c.claimed {
				t.Fatalf("quote claim of %q: %v, want %v; claims: %s", c.fragment, got, c.claimed, dump(cs))
			}
		})
	}
}

// TestNamedFragment: quoted words that the word before them makes a name —
// a nickname, a so-called label, the title of a work after its kind or
// after a possessive — are nobody's words; a work noun or a possessive
// before speech in lower case leaves the speech quoted.
func TestNamedFragment(t *testing.T) {
	cases := []fragmentCase{
		{"a nickname after dubbed",
			"Coach Ilse Varga said the ferry club had finally replaced the old boat the crews dubbed “the rusty lady” with a faster hull.",
			"the rusty lady", ""},
		{"a label after so-called",
			"Councillor Oren Blay argued that the so-called “quay levy” would drive the fishing fleet out of the harbour within a year.",
			"quay levy", ""},
		{"a name after known as",
			"The harbour master warned that the sandbank known as “the Sleeper” had shifted twice since the storms of March.",
			"the Sleeper", ""},
		{"a title after a work noun",
			"Ilse Varga said the documentary “Salt on the wind” had brought more visitors to the island than any campaign the board ran.",
			"Salt on the wind", ""},
		{"a title after a possessive",
			"Tove Marsh said Oren Blay’s “A winter at the harbour” had been the best-selling novel in the island bookshops for three years.",
			"A winter at the harbour", ""},
		{"a title after a work noun and a comma",
			"Ilse Varga recalled that her column, “Notes from a quay in the rain,” had drawn more letters than the front page every week.",
			"Notes from a quay in the rain", ""},
		{"a name after known as and an article",
			"The harbour master warned that the reef known as the “old man of the bay” had claimed two trawlers since the storms.",
			"old man of the bay", ""},
		{"a title after a work noun and of",
			"Ilse Varga said a clip of “Salt on the wind” had been shared more widely than any notice the harbour board posted.",
			"Salt on the wind", ""},
		{"speech in lower case after a work noun stays quoted",
			"Ilse Varga said the ferry programme “was never meant to make money” and would run through the winter months.",
			"was never meant to make money", "Ilse Varga"},
		{"a lower-case judgement after a possessive stays quoted",
			"Tove Marsh said the council’s “reckless haste” had cost the island its only ferry for the whole summer season.",
			"reckless haste", "Tove Marsh"},
	}
	checkFragments(t, cases)
}
