package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/natstest"
	"github.com/claimwire/claimwire/services/fetcher/fetch"
)

func TestFeedsCommand(t *testing.T) {
	s := natstest.Run(t)
	conn := []string{"--nats-url", s.ClientURL(), "--stream-prefix", natstest.UniquePrefix(t)}
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		args    []string
		wantErr error
	}{
		{"add two", []string{"add", "https://a.example/rss", "https://b.example/atom.xml"}, nil},
		{"add bad url", []string{"add", "ftp://c.example/x"}, fetch.ErrBadFeedURL},
		{"rm one", []string{"rm", "https://a.example/rss"}, nil},
		{"rm unknown", []string{"rm", "https://a.example/rss"}, fetch.ErrUnknownFeed},
		{"ls", []string{"ls"}, nil},
		{"no verb", nil, errUsage},
		{"add without url", []string{"add"}, errUsage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := tc.args
			if len(args) > 0 {
				args = append([]string{args[0]}, append(append([]string{}, conn...), args[1:]...)...)
			}
			if err := runFeeds(ctx, args); !errors.Is(err, tc.wantErr) {
				t.Fatalf("feeds %v: err = %v, want %v", tc.args, err, tc.wantErr)
			}
		})
	}
	_, js := natstest.Connect(t, s.ClientURL())
	var c connFlags
	c.prefix = conn[3]
	list, err := fetch.ListFeeds(ctx, js, c.topology())
	if err != nil || len(list) != 1 || list[0].URL != "https://b.example/atom.xml" || !list[0].InKV {
		t.Fatalf("list = %+v, %v", list, err)
	}
	var out bytes.Buffer
	now := time.Now()
	printFeeds(&out, []fetch.FeedInfo{
		{URL: "https://b.example/atom.xml", InKV: true},
		{URL: "https://f.example/rss", State: &fetch.FeedState{LastSuccess: now.Add(-time.Minute), NextPoll: now.Add(time.Hour),
			Items: 7, Failures: 2, LastError: "http_5xx", LastErrorDetail: "HTTP 503"}},
	}, now)
	for _, want := range []string{"never", "1m0s ago", "in 1h0m0s", "http_5xx: HTTP 503", "file"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("ls output lacks %q:\n%s", want, out.String())
		}
	}
}
