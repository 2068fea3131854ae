package redact

import (
	"errors"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"http://user:secret@feeds.example/rss", "http://user:xxxxx@feeds.example/rss"},
		{"feed http://user:secret@feeds.example/rss failed: get http://user:secret@feeds.example/rss: EOF",
			"feed http://user:xxxxx@feeds.example/rss failed: get http://user:xxxxx@feeds.example/rss: EOF"},
		{"postgres://claimwire:s3cr%40t@db:5432/claimwire?sslmode=disable", "postgres://claimwire:xxxxx@db:5432/claimwire?sslmode=disable"},
		{"host=db user=claimwire password=s3cret dbname=claimwire", "host=db user=claimwire password=xxxxx dbname=claimwire"},
		{"host=db password='two words' dbname=x", "host=db password=xxxxx dbname=x"},
		{"nats://s3cr3tt0ken@nats:4222,nats://u:p@nats-2:4222", "nats://xxxxx@nats:4222,nats://u:xxxxx@nats-2:4222"},
		{"https://api.example/feed?user=a&token=abc123&page=2", "https://api.example/feed?user=a&token=xxxxx&page=2"},
		{"https://news.example/story?id=42", "https://news.example/story?id=42"},
		{"http://user@host/x", "http://user@host/x"}, // a user alone is no secret (outside NATS)
		{"sqlite:/data/claimwire.db", "sqlite:/data/claimwire.db"},
		{"no secrets here", "no secrets here"},
		{`open store "postgres://a:b@h/d": refused`, `open store "postgres://a:xxxxx@h/d": refused`},
	} {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q)\n = %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func FuzzText(f *testing.F) {
	f.Add("http://user:secret@host/path")
	f.Add("password=x host=y")
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		if strings.Contains(s, "://u:SECRETPW@") && strings.Contains(out, "SECRETPW@") {
			t.Fatalf("password kept: %q", out)
		}
		if Text(out) != out {
			t.Fatalf("not idempotent: %q → %q → %q", s, out, Text(out))
		}
	})
}

func TestError(t *testing.T) {
	if Error(nil) != nil {
		t.Fatal("Error(nil) != nil")
	}
	plain := errors.New("connection refused")
	if Error(plain) != plain {
		t.Error("an error without a secret must be returned as is (still wrapping)")
	}
	if got := Error(errors.New("dial postgres://u:pw@h/d: refused")).Error(); got != "dial postgres://u:xxxxx@h/d: refused" {
		t.Errorf("got %q", got)
	}
}
