package extract

import (
	"testing"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/extractor/internal/model"
)

// ruleModel scores every reading 0.5 except those of rule, which it finds
// very likely.
func ruleModel(rule string) *model.Model {
	m := &model.Model{W: make([]float32, 1<<model.Bits)}
	var b model.Builder
	b.Add("rule", rule)
	m.W[b.Features()[0]] = 4
	return m
}

func extractWith(text string, m *model.Model) []contract.Claim {
	x := newExtraction(text, "")
	x.model = m
	for si := range x.d.Sents {
		x.sentence(si)
	}
	return x.finish("a")
}

// TestChooseTakesTheLikeliestReading: with a model, the reading it scores
// highest wins whatever its place in the rule table, so a score moving
// near the threshold after retraining does not flip the choice; readings
// with the same content are one reading, whose source comes from the
// earliest (most specific) rule.
func TestChooseTakesTheLikeliestReading(t *testing.T) {
	cases := []struct {
		name, text, rule   string
		wantRule, wantText string
		wantSpeaker        string
	}{
		{"a later rule the model prefers", "Premier Ada Vos warned the council the budget was short.", "object-reading",
			"object-reading", "warned the council the budget was short", "Ada Vos"},
		{"an earlier rule the model prefers", "Premier Ada Vos warned the council the budget was short.", "reported-zero",
			"reported-zero", "the budget was short", "Ada Vos"},
		{"same content: the earlier rule's source", "The crews worked through the night, with the engineer warning that the bridge could still move.", "participle-that",
			"reported-that", "the bridge could still move", "engineer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got *contract.Claim
			for _, cl := range extractWith(c.text, ruleModel(c.rule)) {
				if cl.Kind == contract.KindReported {
					got = &cl
				}
			}
			if got == nil {
				t.Fatal("no reported claim")
			}
			if got.Rule != c.wantRule || got.Text != c.wantText || got.Speaker == nil || got.Speaker.Name != c.wantSpeaker {
				t.Fatalf("rule %s, text %q, speaker %+v; want %s, %q, %s", got.Rule, got.Text, got.Speaker, c.wantRule, c.wantText, c.wantSpeaker)
			}
		})
	}
}
