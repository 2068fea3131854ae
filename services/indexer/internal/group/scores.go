package group

// Scores are one claim's scores against the items it was compared with,
// kept so that no pair is scored twice. A store scores every claim
// against its candidates before grouping (ScoreNear), then Best scores
// the claim again against the representatives and members of the
// candidates' clusters (those candidates that scored, most of them), and
// support and Merges against the same ones once more: on the ingest
// benchmark the second scoring was as much of the group commit's writer
// as the first. Score is a function of the two items only, and an Item
// never changes once built, so a kept score is the one Score would give.
type Scores struct {
	it   *Item
	seen map[*Item]scored // by the other item; nil until one is kept
}

// scored is a pair's Score, and Near when known (nearKnown).
type scored struct {
	score           float64
	near, nearKnown bool
}

// NewScores keeps it's scores, none yet.
func NewScores(it *Item) *Scores { return &Scores{it: it} }

// Reset makes s keep it's scores, none yet: one Scores for claim after
// claim keeps its room (a map per claim was a twentieth of the group
// commit's garbage).
func (s *Scores) Reset(it *Item) {
	s.it = it
	clear(s.seen)
}

// Item is the claim whose scores s keeps.
func (s *Scores) Item() *Item { return s.it }

// Add records m's score against the claim as ScoreNear(claim, m) gave it:
// score, and near when score is 0 (near is not asked otherwise).
func (s *Scores) Add(m *Item, score float64, near bool) {
	s.keep(m, scored{score: score, near: near, nearKnown: score == 0})
}

func (s *Scores) keep(m *Item, k scored) {
	if s.seen == nil {
		s.seen = make(map[*Item]scored, 8)
	}
	s.seen[m] = k
}

// Score is Score(claim, m).
func (s *Scores) Score(m *Item) float64 {
	if k, ok := s.seen[m]; ok {
		return k.score
	}
	v := Score(s.it, m)
	s.keep(m, scored{score: v})
	return v
}

// alikeOrNear is Score(claim, m) >= JoinScore || Near(claim, m), given
// score, the pair's Score.
func (s *Scores) alikeOrNear(m *Item, score float64) bool {
	if score >= JoinScore {
		return true
	}
	k, ok := s.seen[m]
	if ok && k.nearKnown {
		return k.near
	}
	near := Near(s.it, m)
	s.keep(m, scored{score: score, near: near, nearKnown: true})
	return near
}
