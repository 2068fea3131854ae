package speakers

import "testing"

func TestNation(t *testing.T) {
	for in, want := range map[string]string{"pakistani": "pakistan", "afghan": "afghanistan", "pakistan’s": "pakistan", "qatari": "qatar", "turkish": "turkey", "indian": "india", "minister": ""} {
		if got := Nation(in); got != want {
			t.Errorf("Nation(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGender(t *testing.T) {
	cases := []struct {
		name   string
		titles []string
		want   string
	}{
		{"Mary Steenburgen", nil, "f"},
		{"Mike Ford", nil, "m"},
		{"Pryce", []string{"mrs"}, "f"},
		{"Olsen", []string{"mr"}, "m"},
		{"Taylor", nil, ""},
		{"Zorblat Quux", nil, ""},
	}
	for _, c := range cases {
		if got := Gender(c.name, c.titles); got != c.want {
			t.Errorf("Gender(%q, %v) = %q, want %q", c.name, c.titles, got, c.want)
		}
	}
}
