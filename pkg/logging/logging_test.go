package logging

import (
	"bytes"
	"errors"
	"net/url"
	"strings"
	"testing"
)

// No password reaches a log line, whichever way it is logged.
func TestSecretsRedacted(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		var buf bytes.Buffer
		log, err := New(&buf, format, "debug")
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse("http://reader:hunter2@feeds.example/rss")
		log.With("nats", "nats://tok3n@nats:4222").Info("open store postgres://cw:hunter2@db/cw failed",
			"feed", "http://reader:hunter2@feeds.example/rss",
			"err", errors.New(`get "http://reader:hunter2@feeds.example/rss": EOF`),
			"url", u,
			"dsn", "host=db password=hunter2")
		out := buf.String()
		for _, secret := range []string{"hunter2", "tok3n"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s log holds %q:\n%s", format, secret, out)
			}
		}
		if !strings.Contains(out, "reader:xxxxx@feeds.example") {
			t.Errorf("%s log lost the URL itself:\n%s", format, out)
		}
	}
}
