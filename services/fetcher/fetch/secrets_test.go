package fetch

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/logging"
	"github.com/claimwire/claimwire/pkg/natstest"
)

// A feed URL with a password (basic auth) is fetched with it, but the
// password appears in no log line, no stored state and not in `feeds ls`.
func TestFeedPasswordNotLoggedStoredOrShown(t *testing.T) {
	const password = "hunter2-feed"
	var authed atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", http.NotFound)
	mux.HandleFunc("/private/feed", func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "reader" || p != password {
			http.Error(w, "who are you", http.StatusUnauthorized)
			return
		}
		authed.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>p</title><item><title>One</title><link>http://%s/gone</link></item></channel></rss>`, r.Host)
	})
	mux.HandleFunc("/private/broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	})
	srv := serveOn(t, "127.0.0.2", mux)
	ns := natstest.Run(t)
	_, js := natstest.Connect(t, ns.ClientURL())
	topo := bus.Topology{Prefix: natstest.UniquePrefix(t)}
	if err := topo.Ensure(context.Background(), js); err != nil {
		t.Fatal(err)
	}
	withPW := func(path string) string {
		return strings.Replace(srv.URL, "http://", "http://reader:"+password+"@", 1) + path
	}
	feedsFile := filepath.Join(t.TempDir(), "feeds.txt")
	os.WriteFile(feedsFile, []byte(withPW("/private/feed")+"\n"), 0o644)
	if err := AddFeed(context.Background(), js, topo, withPW("/private/broken")); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	log, _ := logging.New(&logs, "json", "debug")
	cfg := testConfig()
	cfg.Topology, cfg.FeedsFile, cfg.Log = topo, feedsFile, log
	cfg.PollInterval = 200 * time.Millisecond
	stop := runFetcher(t, cfg, js)
	waitFor(t, "an authenticated poll", 10*time.Second, func() bool { return authed.Load() > 0 })
	time.Sleep(500 * time.Millisecond)
	stop()

	if strings.Contains(logs.String(), password) {
		t.Errorf("the password is in the log:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "reader:xxxxx@") {
		t.Errorf("the feed is not named (redacted) in the log:\n%s", logs.String())
	}
	infos, err := ListFeeds(context.Background(), js, topo)
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != 2 {
		t.Fatalf("feeds ls lists %d feeds, want 2: %+v", len(infos), infos)
	}
	for _, fi := range infos {
		if strings.Contains(fi.URL, password) || fi.State == nil || strings.Contains(fi.State.LastErrorDetail, password) {
			t.Errorf("feeds ls shows %+v %+v", fi, fi.State)
		}
	}
	for _, bucket := range []string{contract.BucketFeedState, contract.BucketSeen} {
		kv, err := js.KeyValue(context.Background(), topo.Bucket(bucket))
		if err != nil {
			t.Fatal(err)
		}
		keys, _ := kv.Keys(context.Background())
		for _, k := range keys {
			e, _ := kv.Get(context.Background(), k)
			if bytes.Contains(e.Value(), []byte(password)) {
				t.Errorf("%s stores the password: %s", bucket, e.Value())
			}
		}
	}
}
