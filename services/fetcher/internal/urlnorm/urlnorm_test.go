package urlnorm

import (
	"errors"
	"testing"
)

func TestCanonical(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"case", "HTTPS://News.Example.COM/Story", "https://news.example.com/Story"},
		{"default https port", "https://example.com:443/a", "https://example.com/a"},
		{"default http port", "http://example.com:80/a", "http://example.com/a"},
		{"other port kept", "http://example.com:8080/a", "http://example.com:8080/a"},
		{"fragment", "https://example.com/a#comments", "https://example.com/a"},
		{"empty path", "https://example.com", "https://example.com/"},
		{"dot segments", "https://example.com/a/./b/../c", "https://example.com/a/c"},
		{"trailing slash kept", "https://example.com/a/b/", "https://example.com/a/b/"},
		{"utm removed", "https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a"},
		{"mixed", "https://example.com/a?id=7&utm_campaign=x&fbclid=abc", "https://example.com/a?id=7"},
		{"upper-case tracking name", "https://example.com/a?UTM_Source=x&p=2", "https://example.com/a?p=2"},
		{"sorted", "https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"},
		{"repeated keep order", "https://example.com/a?x=2&x=1", "https://example.com/a?x=2&x=1"},
		{"user info dropped", "https://u:p@example.com/a", "https://example.com/a"},
		{"trailing dot host", "https://example.com./a", "https://example.com/a"},
		{"spaces", "  https://example.com/a  ", "https://example.com/a"},
		{"ipv6", "http://[::1]:80/a", "http://[::1]/a"},
		{"ipv6 port", "http://[::1]:8080/a", "http://[::1]:8080/a"},
		{"escaped path kept", "https://example.com/a%20b", "https://example.com/a%20b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Canonical(tc.in)
			if err != nil {
				t.Fatalf("Canonical(%q): %v", tc.in, err)
			}
			if got != tc.want {
				t.Fatalf("Canonical(%q) = %q, want %q", tc.in, got, tc.want)
			}
			again, err := Canonical(got)
			if err != nil || again != got {
				t.Fatalf("not idempotent: %q → %q (%v)", got, again, err)
			}
		})
	}
}

// TestTrackingFolds checks that the many share-link spellings of one article
// fold onto a single canonical URL.
func TestTrackingFolds(t *testing.T) {
	variants := []string{
		"https://news.example.org/world/story-1?id=9",
		"https://NEWS.example.org:443/world/story-1?id=9#top",
		"https://news.example.org/world/story-1?utm_source=feed&id=9",
		"https://news.example.org/world/story-1?id=9&utm_medium=rss&utm_campaign=x&gclid=1",
		"https://news.example.org/world/story-1?fbclid=abc&id=9&mc_cid=2&mc_eid=3",
	}
	seen := map[string]bool{}
	for _, v := range variants {
		c, err := Canonical(v)
		if err != nil {
			t.Fatal(err)
		}
		seen[c] = true
	}
	if len(seen) != 1 {
		t.Fatalf("variants canonicalised to %d URLs, want 1: %v", len(seen), seen)
	}
}

func TestCanonicalErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     error
	}{
		{"ftp", "ftp://example.com/a", ErrScheme},
		{"javascript", "javascript:alert(1)", ErrScheme},
		{"relative", "/a/b", ErrScheme},
		{"no host", "http:///a", ErrInvalid},
		{"bad escape", "http://example.com/%zz", ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Canonical(tc.in); !errors.Is(err, tc.want) {
				t.Fatalf("Canonical(%q) = %v, want %v", tc.in, err, tc.want)
			}
		})
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{"https://example.com/a?utm_source=x&b=1#f", "http://[::1]:80/", "HTTP://A.B/./c/../d?x&y=", "https://e.com/%41"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Canonical(s)
		if err != nil {
			return
		}
		c2, err := Canonical(c)
		if err != nil {
			t.Fatalf("canonical %q of %q is rejected: %v", c, s, err)
		}
		if c2 != c {
			t.Fatalf("not idempotent: %q → %q → %q", s, c, c2)
		}
	})
}

func BenchmarkCanonical(b *testing.B) {
	for b.Loop() {
		_, _ = Canonical("https://News.Example.com:443/world/a/../story?utm_source=rss&id=7&fbclid=x#c")
	}
}
