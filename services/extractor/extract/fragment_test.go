package extract

import "testing"

func TestParticipleFragment(t *testing.T) {
	cases := []struct {
		name, text, fragment, speaker string // speaker "": no claim of the fragment
	}{
		{"a fragment in a participle clause after the attribution is the speaker's",
			"Mayor Ada Rusk spoke at the quay on Sunday. “We held on through the worst of it,” she said, thanking the crews and “every volunteer who stayed” through the night.",
			"every volunteer who stayed", "Ada Rusk"},
		{"a fragment in an adjunct after the attribution is no one's words",
			"Mayor Ada Rusk spoke at the quay on Sunday. “We held on through the worst of it,” she said at the spot where the “old pier” once stood.",
			"old pier", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cs := extractText(c.text)
			var got *string
			for _, cl := range cs.Claims {
				if cl.Kind == "quote" && cl.Text == c.fragment {
					name := ""
					if cl.Speaker != nil {
						name = cl.Speaker.Name
					}
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
