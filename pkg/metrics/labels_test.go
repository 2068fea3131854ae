package metrics

import "testing"

func TestLabelSetBounded(t *testing.T) {
	s := LabelSet{Limit: 2}
	for _, tc := range []struct{ in, want string }{
		{"a", "a"}, {"b", "b"}, {"c", Other}, {"a", "a"}, {"", "unknown"},
	} {
		if got := s.Value(tc.in); got != tc.want {
			t.Errorf("Value(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
