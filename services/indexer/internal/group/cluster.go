package group

import (
	"sort"
)

// Member is a cluster member as needed to pick the cluster's text.
type Member struct {
	ClaimID   string
	ArticleID string
	Text      string
	Published string // RFC 3339, "" if unknown
}

// Representative picks the cluster's own wording: the wording the most
// articles used, then the earliest published, then the longest (a truncated
// quote is a variant of the full one, not the other way round), then the
// smallest claim id. Deterministic for a given member set.
func Representative(ms []Member) Member {
	if len(ms) == 0 {
		return Member{}
	}
	type agg struct {
		arts  map[string]bool
		first string
		m     Member
	}
	byText := map[string]*agg{}
	for _, m := range ms {
		k := Normalize(m.Text)
		a := byText[k]
		if a == nil {
			a = &agg{arts: map[string]bool{}, m: m, first: m.Published}
			byText[k] = a
		}
		a.arts[m.ArticleID] = true
		if m.ClaimID < a.m.ClaimID {
			a.m = m
		}
		if m.Published != "" && (a.first == "" || m.Published < a.first) {
			a.first = m.Published
		}
	}
	aggs := make([]*agg, 0, len(byText))
	for _, a := range byText {
		aggs = append(aggs, a)
	}
	sort.Slice(aggs, func(i, j int) bool {
		x, y := aggs[i], aggs[j]
		if len(x.arts) != len(y.arts) {
			return len(x.arts) > len(y.arts)
		}
		if x.first != y.first {
			if x.first == "" || y.first == "" {
				return y.first == ""
			}
			return x.first < y.first
		}
		if len(x.m.Text) != len(y.m.Text) {
			return len(x.m.Text) > len(y.m.Text)
		}
		return x.m.ClaimID < y.m.ClaimID
	})
	return aggs[0].m
}

// IsVariant reports whether a member's wording differs from the cluster's:
// not when only punctuation, case or quote style differ, nor when the
// member quotes an exact part of the cluster's text (a partial quote).
func IsVariant(clusterText, memberText string) bool {
	c, m := Words(clusterText), Words(memberText)
	if len(m) == 0 {
		return len(c) != 0
	}
	return !containsRun(c, m)
}
