package speakers

import "testing"

func TestKeySame(t *testing.T) {
	pairs := [][2]string{
		{"Khawaja Asif", "Khwaja Asif"},
		{"Ali M Latifi", "Ali M. Latifi"},
		{"Ali M. Latifi", "Ali Latifi"},
		{"Mohammed Rahimi", "Muhammad Rahimi"},
		{"Yousuf Karimi", "Yusuf Karimi"},
		{"Qasim Noor", "Kasim Nur"},
		{"Hassan Dawood", "Hasan Dawud"},
		{"José Márquez", "Jose Marquez"},
		{"Chung Dong-young", "Chung Dong young"},
		{"TOLO News", "Tolo news"},
		{"Fatimah Begum", "Fatima Begum"},
	}
	for _, p := range pairs {
		t.Run(p[0]+"="+p[1], func(t *testing.T) {
			if a, b := Key(p[0]), Key(p[1]); a != b {
				t.Errorf("Key(%q)=%q, Key(%q)=%q; want equal", p[0], a, p[1], b)
			}
		})
	}
}

func TestKeyDifferent(t *testing.T) {
	pairs := [][2]string{
		{"Hassan Rouhani", "Hussein Rouhani"},
		{"Khwaja Asif", "Khwaja Asim"},
		{"Donald Trump", "Donald Tusk"},
		{"Ali Latifi", "Ala Latifi"},
	}
	for _, p := range pairs {
		t.Run(p[0]+"≠"+p[1], func(t *testing.T) {
			if a, b := Key(p[0]), Key(p[1]); a == b {
				t.Errorf("Key(%q) = Key(%q) = %q; want different", p[0], p[1], a)
			}
		})
	}
}

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
