package store

import (
	"encoding/json"
	"testing"
)

// TestAddOutlets: editing the stored array gives what encoding the union
// afresh gives, for plain host names and for names json.Marshal escapes.
func TestAddOutlets(t *testing.T) {
	enc := func(list ...string) string {
		m := map[string]bool{}
		for _, o := range list {
			m[o] = true
		}
		return outletsJSON(m)
	}
	for _, tc := range []struct {
		name        string
		stored, add []string
	}{
		{"empty, one added", nil, []string{"dawn.com"}},
		{"empty, nothing added", nil, nil},
		{"already there", []string{"a.example", "dawn.com"}, []string{"dawn.com"}},
		{"inserted in order", []string{"a.example", "m.example", "z.example"}, []string{"b.example", "zz.example", "0.example"}},
		{"added twice", []string{"a.example"}, []string{"c.example", "c.example"}},
		{"stored needs escaping", []string{"a&b.example", `quote".example`}, []string{"b.example"}},
		{"added needs escaping", []string{"a.example"}, []string{"<b>.example", "é.example"}},
		{"a separator inside a name", []string{`a","b`}, []string{"c"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stored := enc(tc.stored...)
			got, before, n := addOutlets(stored, tc.add)
			want := enc(append(append([]string{}, tc.stored...), tc.add...)...)
			var list []string
			if err := json.Unmarshal([]byte(want), &list); err != nil {
				t.Fatal(err)
			}
			if got != want || n != len(list) || before != len(tc.stored) {
				t.Errorf("addOutlets(%s, %q) = %s, %d, %d; want %s, %d, %d", stored, tc.add, got, before, n, want, len(tc.stored), len(list))
			}
		})
	}
}

// TestOutletsJSON: the outlets and citations columns are what json.Marshal
// writes for the sorted lists, whether written by hand (plain names, no
// citation) or not.
func TestOutletsJSON(t *testing.T) {
	for _, list := range [][]string{
		nil,
		{"dawn.com"},
		{"z.example", "a.example", "m.example"},
		{"a&b.example", "b.example"},
		{`quote".example`, `back\slash.example`},
		{"é.example", "tab\t.example", "<b>.example"},
	} {
		m := map[string]bool{}
		for _, o := range list {
			m[o] = true
		}
		want, _ := json.Marshal(sortedKeys(m))
		if got := outletsJSON(m); got != string(want) {
			t.Errorf("outletsJSON(%q) = %s; want %s", list, got, want)
		}
	}
	if got, want := citationsJSON(map[Citation]bool{}), "[]"; got != want {
		t.Errorf("citationsJSON of none = %s; want %s", got, want)
	}
	want, _ := json.Marshal([]Citation{})
	if string(want) != "[]" {
		t.Errorf("json.Marshal of no citations = %s; citationsJSON writes []", want)
	}
}
