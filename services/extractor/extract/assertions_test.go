package extract

import (
	"testing"

	"github.com/claimwire/claimwire/services/extractor/internal/attrib"
)

func TestAssertions(t *testing.T) {
	cases := []struct {
		name  string
		quote string
		want  []string
	}{
		{"two sentences stay whole",
			"The pier will reopen in the spring after the storm damage is repaired. The council has found the money for the repairs.",
			[]string{"The pier will reopen in the spring after the storm damage is repaired. The council has found the money for the repairs."}},
		{"three long sentences split",
			"The pier will reopen in the spring after the storm damage is repaired by the crews. The council has found the money for every one of the repairs this year. Fishermen will be able to land their catch here again before the summer season.",
			[]string{"The pier will reopen in the spring after the storm damage is repaired by the crews.", "The council has found the money for every one of the repairs this year.", "Fishermen will be able to land their catch here again before the summer season."}},
		{"short sentences lean on the one before",
			"We will rebuild. We always do. Nobody here gives up. The pier will reopen in the spring after the storm damage is repaired by the crews. The council has found the money for every one of the repairs this year. Fishermen will be able to land their catch here again before the summer season.",
			[]string{"We will rebuild. We always do. Nobody here gives up. The pier will reopen in the spring after the storm damage is repaired by the crews.", "The council has found the money for every one of the repairs this year.", "Fishermen will be able to land their catch here again before the summer season."}},
		{"a sentence opening with a conjunction continues",
			"The pier will reopen in the spring after the storm damage is repaired by the crews. But the harbour wall will take another two years of work to finish properly. The council has found the money for every one of the repairs this year. Fishermen will be able to land their catch here again before the summer season.",
			[]string{"The pier will reopen in the spring after the storm damage is repaired by the crews. But the harbour wall will take another two years of work to finish properly.", "The council has found the money for every one of the repairs this year.", "Fishermen will be able to land their catch here again before the summer season."}},
		{"a sentence that turns to someone splits a quotation of two",
			"The ferry timetable will be restored in full by the end of the month. So, Commissioner Varga, you will have it on your desk on Friday.",
			[]string{"The ferry timetable will be restored in full by the end of the month.", "So, Commissioner Varga, you will have it on your desk on Friday."}},
		{"a short sentence before an address keeps it apart",
			"The harbour is ours again. My neighbours, tonight we open the north jetty",
			[]string{"The harbour is ours again.", "My neighbours, tonight we open the north jetty"}},
		{"a call for attention before the address",
			"The ferry timetable will be restored in full by the end of the month. Listen, Mayor Okafor, we have the crews and the boats ready.",
			[]string{"The ferry timetable will be restored in full by the end of the month.", "Listen, Mayor Okafor, we have the crews and the boats ready."}},
		{"a place set off as a topic is no address",
			"The ferry timetable will be restored in full by the end of the month. Port Ellis, the harbour town, has waited long enough for it.",
			[]string{"The ferry timetable will be restored in full by the end of the month. Port Ellis, the harbour town, has waited long enough for it."}},
		{"an ordinal set off at the head is no address",
			"The ferry timetable will be restored in full by the end of the month. Second, we will add a night crossing for the workers.",
			[]string{"The ferry timetable will be restored in full by the end of the month. Second, we will add a night crossing for the workers."}},
		{"no split inside words the speaker quotes",
			"The pier will reopen in the spring after the storm damage is repaired by the crews. The fishermen keep telling us, ‘Open the north jetty to every boat in the fleet first. Then the boats can land the catch before the summer season starts.’",
			[]string{"The pier will reopen in the spring after the storm damage is repaired by the crews. The fishermen keep telling us, ‘Open the north jetty to every boat in the fleet first. Then the boats can land the catch before the summer season starts.’"}},
		{"an apostrophe opens no quotation",
			"The pier will reopen in the spring after the storm damage is repaired by the crews. The fishermen’s union has found the money for every one of the repairs this year. Then the boats can land the catch before the summer season starts again.",
			[]string{"The pier will reopen in the spring after the storm damage is repaired by the crews.", "The fishermen’s union has found the money for every one of the repairs this year.", "Then the boats can land the catch before the summer season starts again."}},
		{"sentences of a few words are no assertions of their own",
			"The pier will reopen early in the coming spring. The council has already found the money for it. Fishermen will land their catch here again soon.",
			[]string{"The pier will reopen early in the coming spring. The council has already found the money for it. Fishermen will land their catch here again soon."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parts := assertions(c.quote, attrib.ByteSpan{Start: 0, End: len(c.quote)})
			var got []string
			for _, p := range parts {
				got = append(got, c.quote[p.Start:p.End])
			}
			if len(got) != len(c.want) {
				t.Fatalf("parts %q, want %q", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("part %d %q, want %q", i, got[i], c.want[i])
				}
			}
		})
	}
}
