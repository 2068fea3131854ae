package contract

import (
	"errors"
	"testing"
)

func TestCompareVersions(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"1.0.0", "1.0.0", 0},
		{"1.10.0", "1.9.3", 1},
		{"1.2", "1.2.1", -1},
		{"2", "10", -1},
		{"1.0.0-b", "1.0.0-a", 1},
	} {
		if got := CompareVersions(tc.a, tc.b); got != tc.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestDecode(t *testing.T) {
	var a Article
	if err := Decode([]byte(`{"schema":1,"id":"x","text":"t"}`), &a); err != nil || a.ID != "x" {
		t.Fatalf("Decode valid: %v %+v", err, a)
	}
	for _, tc := range []struct {
		name string
		in   string
		want error
	}{
		{"not json", `{`, ErrMalformed},
		{"future schema", `{"schema":99}`, ErrSchema},
		{"no schema", `{"id":"x"}`, ErrSchema},
		{"wrong type", `{"schema":1,"id":5}`, ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := Decode([]byte(tc.in), &a); !errors.Is(err, tc.want) {
				t.Fatalf("Decode(%s) = %v, want %v", tc.in, err, tc.want)
			}
		})
	}
}

func TestArticleIDStable(t *testing.T) {
	if ArticleID("https://a.example/x", nil) != ArticleID("https://a.example/x", []byte("other")) {
		t.Fatal("url id must not depend on body")
	}
	if ArticleID("", []byte("a")) == ArticleID("", []byte("b")) {
		t.Fatal("file ids must differ by content")
	}
	if len(ArticleID("u", nil)) != 16 {
		t.Fatal("id length")
	}
}
