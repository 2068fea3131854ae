package metrics

import "sync"

// Other is the label value for everything past a LabelSet's limit.
const Other = "other"

// LabelSet bounds a label whose values come from the data (outlets): the
// first Limit distinct values are kept, the rest become "other", so a
// crawl of many sites cannot explode the series count.
type LabelSet struct {
	Limit int
	mu    sync.Mutex
	seen  map[string]struct{}
}

// Value returns v if it is (or can become) one of the kept values, else Other.
func (s *LabelSet) Value(v string) string {
	if v == "" {
		return "unknown"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.seen[v]; ok {
		return v
	}
	if s.seen == nil {
		s.seen = map[string]struct{}{}
	}
	if len(s.seen) >= s.Limit {
		return Other
	}
	s.seen[v] = struct{}{}
	return v
}
