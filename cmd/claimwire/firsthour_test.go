package main

// Tests of what a new user meets in the first hour (issue 13): flags
// anywhere, ingest --wait that ends and says what failed, errors that name
// their cause, one configuration path, one 'up' per data folder, and the
// small commands (ingest -, feeds, version, dlq).

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/pkg/natstest"
	"github.com/claimwire/claimwire/pkg/service"
	"github.com/claimwire/claimwire/services/extractor/extract"
	"github.com/claimwire/claimwire/services/fetcher/fetch"
)

// runCLI runs `claimwire ARGS` as a process (the test binary stands in for
// the command, see TestMain) and returns its output and exit code.
func runCLI(t *testing.T, env []string, stdin io.Reader, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "CLAIMWIRE_TEST_CLI=1"), env...)
	cmd.Stdin = stdin
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("claimwire %v: %v", args, err)
	}
	return o.String(), e.String(), code
}

// A page that cleans into an article with a quote; and one that cleans
// into nothing (navigation only), which the cleaner dead-letters.
const navOnlyPage = `<!doctype html><html><head><title>Sections</title></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav></body></html>`

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func streamCount(t *testing.T, natsURL, stream string) uint64 {
	t.Helper()
	_, js := natstest.Connect(t, natsURL)
	s, err := js.Stream(context.Background(), stream)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return 0
	} else if err != nil {
		t.Fatal(err)
	}
	return s.CachedInfo().State.Msgs
}

// Item 3: --wait ends as soon as every page is indexed or dead-lettered and
// says which failed and why; a re-ingest of the failed page (dropped as a
// duplicate) ends too, pointing at redrive. Item 7: dlq ls --json names the
// file and article; dlq purge takes a filter.
func TestIngestWaitEndsOnDeadLetter(t *testing.T) {
	api, natsURL := startUp(t, upConfig{})
	dir := writeFiles(t, map[string]string{"ferry.html": deployFixtureArticle, "sections.html": navOnlyPage})
	nav := filepath.Join(dir, "sections.html")

	start := time.Now()
	// Flags after the path (item 2), as the README writes them.
	_, stderr, code := runCLI(t, nil, nil, "ingest", dir, "--wait", "--nats-url", natsURL, "--api", api, "--timeout", "2m")
	took := time.Since(start)
	if code != 1 {
		t.Fatalf("ingest exited %d, want 1 (one page failed); stderr:\n%s", code, stderr)
	}
	if took > 45*time.Second {
		t.Errorf("ingest --wait took %s: it must end once the dead page is dead-lettered, not wait out its timeout", took)
	}
	for _, want := range []string{"1 of 2 pages were not indexed", nav, "dead-lettered by the cleaner (invalid)", "no article text"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	// The cause once, not "invalid: clean : clean: …".
	if regexp.MustCompile(`invalid\): invalid|clean : clean|clean: clean:`).MatchString(stderr) {
		t.Errorf("the error repeats itself:\n%s", stderr)
	}

	// The same dead page again: its page is a duplicate the server drops, so
	// no new dead letter comes; ingest still ends and names the old one.
	start = time.Now()
	_, stderr, code = runCLI(t, nil, nil, "ingest", "--nats-url", natsURL, "--api", api, "--wait", nav)
	if code != 1 || !strings.Contains(stderr, "dlq redrive --seq") || time.Since(start) > 30*time.Second {
		t.Fatalf("re-ingest of a dead-lettered page: exit %d after %s; stderr:\n%s", code, time.Since(start), stderr)
	}

	// dlq ls --json: each dead letter says which file and article it came from.
	out, stderr, code := runCLI(t, nil, nil, "dlq", "ls", "--json", "--nats-url", natsURL)
	if code != 0 {
		t.Fatalf("dlq ls --json exited %d: %s", code, stderr)
	}
	var letters []deadLetter
	if err := json.Unmarshal([]byte(out), &letters); err != nil {
		t.Fatalf("dlq ls --json: %v\n%s", err, out)
	}
	if len(letters) != 1 || letters[0].File != nav || letters[0].ArticleID == "" || letters[0].Stage != "cleaner" ||
		strings.HasPrefix(letters[0].Error, "invalid") {
		t.Fatalf("dead letters %+v, want one from %s with its article id and the cause alone", letters, nav)
	}
	out, _, _ = runCLI(t, nil, nil, "dlq", "ls", "--nats-url", natsURL)
	if !strings.Contains(out, nav) || !strings.Contains(out, letters[0].ArticleID) {
		t.Errorf("dlq ls does not show the file and article:\n%s", out)
	}

	// dlq purge: a filter (or --all) is required; the filter selects.
	if _, stderr, code := runCLI(t, nil, nil, "dlq", "purge", "--nats-url", natsURL); code != 2 {
		t.Errorf("dlq purge without a filter exited %d, want 2: %s", code, stderr)
	}
	if _, stderr, code := runCLI(t, nil, nil, "dlq", "purge", "--stage", "extractor", "--nats-url", natsURL); code != 0 || !strings.Contains(stderr, "purged 0") {
		t.Errorf("dlq purge --stage extractor: exit %d: %s", code, stderr)
	}
	if n := streamCount(t, natsURL, contract.StreamDLQ); n != 1 {
		t.Fatalf("DLQ holds %d after purging another stage's, want 1", n)
	}
	if _, stderr, code := runCLI(t, nil, nil, "dlq", "purge", "--nats-url", natsURL, "--seq", fmt.Sprint(letters[0].Seq)); code != 0 || !strings.Contains(stderr, "purged 1") {
		t.Errorf("dlq purge --seq: exit %d: %s", code, stderr)
	}
	if n := streamCount(t, natsURL, contract.StreamDLQ); n != 0 {
		t.Fatalf("DLQ holds %d after purge --seq, want 0", n)
	}
}

// Item 3: what the pipeline would only dead-letter is refused at once,
// saying why, and nothing is published.
func TestIngestRefusesWhatCannotBeIndexed(t *testing.T) {
	s := natstest.Run(t)
	binary := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 2000)...)
	dir := writeFiles(t, map[string]string{
		"empty.html": "  \n", "logo.html": string(binary), "long.txt": strings.Repeat("A long line of text. ", 200),
	})
	for _, tc := range []struct {
		file string
		args []string
		want string
	}{
		{"empty.html", nil, "empty: nothing to index"},
		{"logo.html", nil, "not HTML or text (the content looks like image/png)"},
		{"long.txt", []string{"--max-page-bytes", "1000"}, "over --max-page-bytes (1000 B)"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			args := append([]string{"ingest", filepath.Join(dir, tc.file), "--nats-url", s.ClientURL()}, tc.args...)
			_, stderr, code := runCLI(t, nil, nil, args...)
			if code != 1 || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, want 1 and %q; stderr:\n%s", code, tc.want, stderr)
			}
		})
	}
	if n := streamCount(t, s.ClientURL(), contract.StreamPages); n != 0 {
		t.Fatalf("%d pages published, want none", n)
	}
}

// Item 3: an --api where nothing answers is an error before anything is
// published, not a silent wait.
func TestIngestUnreachableAPI(t *testing.T) {
	s := natstest.Run(t)
	dir := writeFiles(t, map[string]string{"ferry.html": deployFixtureArticle})
	start := time.Now()
	_, stderr, code := runCLI(t, nil, nil, "ingest", dir, "--wait", "--nats-url", s.ClientURL(), "--api", "http://"+closedAddr(t))
	if code != 1 || !strings.Contains(stderr, "does not answer") || time.Since(start) > 10*time.Second {
		t.Fatalf("exit %d after %s; stderr:\n%s", code, time.Since(start), stderr)
	}
	if n := streamCount(t, s.ClientURL(), contract.StreamPages); n != 0 {
		t.Fatalf("%d pages published, want none", n)
	}
}

// closedAddr is a loopback address where nothing listens.
func closedAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// Item 4: a URL that cannot be fetched says why: the SSRF guard (and the
// flag that allows the address), a host not found, a refused connection, a
// timeout; never "robots.txt unavailable".
func TestIngestURLErrorsNameTheCause(t *testing.T) {
	s := natstest.Run(t)
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, deployFixtureArticle)
	}))
	defer page.Close()
	hang := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(hang)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"loopback refused by the SSRF guard", []string{page.URL + "/a.html"},
			"refused by the fetcher's SSRF guard: 127.0.0.1 is a loopback address; pass --allow-net 127.0.0.0/8"},
		{"host not found", []string{"http://no-such-host.invalid/a.html"}, "host not found: no-such-host.invalid"},
		{"connection refused", []string{"--allow-net", "127.0.0.0/8", "http://" + closedAddr(t) + "/a.html"}, "connection refused"},
		{"timeout", []string{"--allow-net", "127.0.0.0/8", "--request-timeout", "300ms", slow.URL + "/a.html"}, "timed out"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"ingest", "--nats-url", s.ClientURL()}, tc.args...)
			_, stderr, code := runCLI(t, nil, nil, args...)
			if tc.name == "host not found" && strings.Contains(stderr, "server misbehaving") || strings.Contains(stderr, "i/o timeout") && !strings.Contains(tc.name, "timeout") {
				t.Skipf("this machine's resolver does not answer: %s", stderr)
			}
			if code != 1 || !strings.Contains(stderr, tc.want) || strings.Contains(stderr, "robots.txt unavailable") {
				t.Fatalf("exit %d, want 1 and %q; stderr:\n%s", code, tc.want, stderr)
			}
		})
	}
	// The same address allowed: the page is fetched and published.
	_, stderr, code := runCLI(t, nil, nil, "ingest", "--nats-url", s.ClientURL(), "--allow-net", "127.0.0.0/8", page.URL+"/a.html")
	if code != 0 {
		t.Fatalf("allowed URL: exit %d: %s", code, stderr)
	}
}

// Item 4: feeds ls's LAST ERROR is the class and the cause in a column's
// width, with the flag to pass for the SSRF guard.
func TestFeedProblem(t *testing.T) {
	for _, tc := range []struct{ class, detail, want string }{
		{"ssrf_blocked", "feed http://127.0.0.1:8081/rss: get http://127.0.0.1:8081/rss: dial tcp 127.0.0.1:8081: httpx: destination not allowed: prohibited port number: 8081 is not a permitted port (80, 443)",
			"ssrf_blocked: 127.0.0.1 is a loopback address; --allow-net 127.0.0.0/8"},
		{"ssrf_blocked", "get https://10.1.2.3/rss: dial tcp 10.1.2.3:443: httpx: destination not allowed: prohibited IP address: 10.1.2.3 is not a permitted destination (denied by: 10.0.0.0/8)",
			"ssrf_blocked: 10.1.2.3 is a private address; --allow-net 10.0.0.0/8"},
		{"ssrf_blocked", "get https://news.example:8443/rss: dial tcp 93.184.215.14:8443: httpx: destination not allowed: prohibited port number: 8443 is not a permitted port (80, 443)",
			"ssrf_blocked: port 8443 is neither 80 nor 443; --allow-port 8443"},
		{"dns", "feed https://gone.example/rss: get https://gone.example/rss: dial tcp: lookup gone.example on 10.0.0.53:53: no such host", "dns: host not found"},
		{"other", "feed http://127.0.0.1:9/rss: get http://127.0.0.1:9/rss: dial tcp 127.0.0.1:9: connect: connection refused", "other: connection refused"},
		{"http_5xx", "HTTP 503", "http_5xx: HTTP 503"},
	} {
		got := feedProblem(tc.class, tc.detail)
		if got != tc.want {
			t.Errorf("feedProblem(%s, …%s)\n got %q\nwant %q", tc.class, tc.detail[max(0, len(tc.detail)-30):], got, tc.want)
		}
		if n := len([]rune(got)); n > maxErrorColumn {
			t.Errorf("%q is %d characters, over the column's %d", got, n, maxErrorColumn)
		}
	}
}

// Item 4: the CLI does not repeat the command name the error starts with.
func TestErrorTextNotRepeated(t *testing.T) {
	for _, tc := range []struct{ cmd, err, want string }{
		{"feeds", "feeds: not an http(s) URL: ftp://x", "not an http(s) URL: ftp://x"},
		{"clean", "clean: no article text (3 bytes of text)", "no article text (3 bytes of text)"},
		{"ingest", "3 of 4 inputs failed", "3 of 4 inputs failed"},
	} {
		if got := errorText(tc.cmd, errors.New(tc.err)); got != tc.want {
			t.Errorf("errorText(%s, %q) = %q, want %q", tc.cmd, tc.err, got, tc.want)
		}
	}
}

// Item 2: the banner prints the client commands with the flags that reach
// this 'up' (here: random ports), and each of them works as printed.
func TestUpBannerCommandsWork(t *testing.T) {
	c := upConfig{data: t.TempDir()}
	api, natsURL := startUp(t, c)
	var banner bytes.Buffer
	printBanner(&banner, c, upPorts{nats: natsURL, http: strings.TrimPrefix(api, "http://")})
	dir := writeFiles(t, map[string]string{"ferry.html": deployFixtureArticle})
	cmds := regexp.MustCompile(`(?m)^(Push pages in|Follow a feed|Watch):\s+claimwire (.+)$`).FindAllStringSubmatch(banner.String(), -1)
	if len(cmds) != 3 {
		t.Fatalf("banner has %d client commands, want 3:\n%s", len(cmds), banner.String())
	}
	for _, m := range cmds {
		line := m[2]
		if !strings.Contains(line, "--nats-url "+natsURL) {
			t.Errorf("%q does not name this up's NATS (%s)", line, natsURL)
		}
		line = strings.ReplaceAll(line, "PATH|URL...", dir)
		line = strings.ReplaceAll(line, "FEED-URL", "https://feeds.example/rss")
		if strings.Contains(line, "ingest") && !strings.Contains(line, "--api "+api) {
			t.Errorf("%q does not name this up's API (%s)", line, api)
		}
		if _, stderr, code := runCLI(t, nil, nil, strings.Fields(line)...); code != 0 {
			t.Errorf("claimwire %s: exit %d\n%s", line, code, stderr)
		}
	}
	// On the defaults the commands need no flags.
	banner.Reset()
	printBanner(&banner, upConfig{data: "d"}, upPorts{nats: defaultNATSURL, http: "127.0.0.1:8080"})
	if !strings.Contains(banner.String(), "Push pages in:  claimwire ingest PATH|URL... --wait\n") ||
		!strings.Contains(banner.String(), "Watch:          claimwire status\n") {
		t.Errorf("default banner:\n%s", banner.String())
	}
}

// Item 5: the CLI reads env through the same path as the services: a bad
// value stops it (exit 2, naming the variable); a good one is used.
func TestCLIEnvConfig(t *testing.T) {
	s := natstest.Run(t)
	dir := writeFiles(t, map[string]string{"ferry.html": deployFixtureArticle})
	for _, tc := range []struct {
		env  string
		args []string
	}{
		{"CLAIMWIRE_RATE=abc", []string{"ingest", dir}},
		{"CLAIMWIRE_MAX_MSG_BYTES=lots", []string{"status"}},
		{"CLAIMWIRE_ALLOW_NET=localhost", []string{"ingest", "https://news.example/a"}},
	} {
		_, stderr, code := runCLI(t, []string{tc.env, "CLAIMWIRE_NATS_URL=" + s.ClientURL()}, nil, tc.args...)
		name := strings.SplitN(tc.env, "=", 2)[0]
		if code != 2 || !strings.Contains(stderr, name) {
			t.Errorf("%s claimwire %v: exit %d, want 2 naming %s; stderr:\n%s", tc.env, tc.args, code, name, stderr)
		}
	}
	out, stderr, code := runCLI(t, []string{"CLAIMWIRE_NATS_URL=" + s.ClientURL()}, nil, "status")
	if code != 0 || !strings.Contains(out, "PAGES") {
		t.Fatalf("status with CLAIMWIRE_NATS_URL: exit %d\n%s%s", code, out, stderr)
	}
}

// Item 6: a second 'up' on a data folder in use fails, naming the holder;
// once the first stops, the folder is free.
func TestUpLocksDataFolder(t *testing.T) {
	data := t.TempDir()
	_, _, stop := startUpStoppable(t, upConfig{data: data})
	c := upConfig{data: data, natsHost: "127.0.0.1", natsPort: -1, httpAddr: "127.0.0.1:0"}
	err := up(t.Context(), c, slog.New(slog.DiscardHandler), nil)
	if err == nil || !strings.Contains(err.Error(), "in use by claimwire up, pid "+fmt.Sprint(os.Getpid())) || !strings.Contains(err.Error(), "--data") {
		t.Fatalf("second up on one data folder: %v; want it refused, naming the holder and --data", err)
	}
	stop()
	startUp(t, upConfig{data: data})
}

// Item 7: ingest - reads a page from stdin, with --url for its URL.
func TestIngestStdin(t *testing.T) {
	api, natsURL := startUp(t, upConfig{})
	const u = "https://coastline-herald.example/news/ferry-schedule"
	_, stderr, code := runCLI(t, nil, strings.NewReader(deployFixtureArticle), "ingest", "-", "--url", u, "--wait", "--nats-url", natsURL, "--api", api)
	if code != 0 {
		t.Fatalf("ingest -: exit %d\n%s", code, stderr)
	}
	var art struct {
		Outlet string           `json:"outlet"`
		Claims []contract.Claim `json:"claims"`
	}
	if c := getJSON(t, api+"/api/articles/"+contract.ArticleID(canonical(u), nil), &art); c != http.StatusOK || art.Outlet == "" || len(art.Claims) == 0 {
		t.Fatalf("article from stdin: HTTP %d, %+v", c, art)
	}
	// --url with several inputs is a usage error.
	if _, _, code := runCLI(t, nil, nil, "ingest", "--url", u, "-", "-"); code != 2 {
		t.Errorf("--url with two inputs: exit %d, want 2", code)
	}
}

// Item 7: feeds --help exits 0 with the flags; add of a feed already there
// says so; ls shows why a feed fails; after rm the feed is gone from ls.
func TestFeedsAddLsRm(t *testing.T) {
	_, stderr, code := runCLI(t, nil, nil, "feeds", "--help")
	if code != 0 || !strings.Contains(stderr, "-nats-url") || !strings.Contains(stderr, "-json") {
		t.Fatalf("feeds --help: exit %d\n%s", code, stderr)
	}
	if _, _, code := runCLI(t, nil, nil, "feeds", "ls", "--help"); code != 0 {
		t.Errorf("feeds ls --help: exit %d", code)
	}
	c := upConfig{}
	fetchArgs(t, &c, "--allow-net", "127.0.0.0/8", "--poll-interval", "300ms", "--max-backoff", "1s")
	_, natsURL := startUp(t, c)
	feed := "http://" + closedAddr(t) + "/rss"
	conn := []string{"--nats-url", natsURL}
	if out, stderr, code := runCLI(t, nil, nil, append([]string{"feeds", "add", feed}, conn...)...); code != 0 || !strings.Contains(out, "added") {
		t.Fatalf("feeds add: exit %d\n%s%s", code, out, stderr)
	}
	if out, stderr, code := runCLI(t, nil, nil, append([]string{"feeds", "add", feed}, conn...)...); code != 0 || !strings.Contains(out, "already followed: "+feed) {
		t.Fatalf("feeds add again: exit %d\n%s%s", code, out, stderr)
	}
	ls := func() []fetch.FeedInfo {
		// Flags before the verb, too.
		out, stderr, code := runCLI(t, nil, nil, append(append([]string{"feeds"}, conn...), "ls", "--json")...)
		if code != 0 {
			t.Fatalf("feeds ls --json: exit %d: %s", code, stderr)
		}
		var list []fetch.FeedInfo
		if err := json.Unmarshal([]byte(out), &list); err != nil {
			t.Fatalf("feeds ls --json: %v\n%s", err, out)
		}
		return list
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if l := ls(); len(l) == 1 && l[0].State != nil && l[0].State.Failures > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the feed's failed poll is not listed: %+v", ls())
		}
		time.Sleep(200 * time.Millisecond)
	}
	out, _, _ := runCLI(t, nil, nil, append([]string{"feeds", "ls"}, conn...)...)
	if !strings.Contains(out, "connection refused") {
		t.Errorf("feeds ls does not say the feed's connection is refused:\n%s", out)
	}
	if out, stderr, code := runCLI(t, nil, nil, append([]string{"feeds", "rm", feed}, conn...)...); code != 0 {
		t.Fatalf("feeds rm: exit %d\n%s%s", code, out, stderr)
	}
	// Gone, and it stays gone (a poll in flight does not bring it back).
	for range 5 {
		if l := ls(); len(l) != 0 {
			t.Fatalf("after feeds rm, ls lists %+v", l)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// Item 7: `claimwire version` and `--version` print the build info the
// metrics carry, and the cleaner and extractor versions.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, stderr, code := runCLI(t, nil, nil, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		for _, want := range []string{"claimwire " + service.Version, runtime.Version(), "extractor " + extract.Version} {
			if !strings.Contains(out, want) {
				t.Errorf("%v prints %q, without %q", args, out, want)
			}
		}
	}
}

// Item 2: every subcommand takes its flags before, between or after its
// arguments.
func TestFlagsAnywhere(t *testing.T) {
	s := natstest.Run(t)
	dir := writeFiles(t, map[string]string{"ferry.html": deployFixtureArticle})
	page := filepath.Join(dir, "ferry.html")
	const u = "https://coastline-herald.example/news/ferry"
	for _, args := range [][]string{
		{"clean", page, "--url", u},
		{"extract", page, "--url", u},
		{"bench", "--time", "100ms", "extract", page},
		{"replay", "--since", "1h", "--nats-url", s.ClientURL()},
		{"status", "--dlq", "0", "--nats-url", s.ClientURL()},
		{"ingest", page, "--nats-url", s.ClientURL(), "--url", u},
		{"dlq", "--nats-url", s.ClientURL(), "ls", "--json"},
		{"feeds", "ls", "--nats-url", s.ClientURL()},
	} {
		out, stderr, code := runCLI(t, nil, nil, args...)
		if code != 0 {
			t.Errorf("claimwire %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
			continue
		}
		if args[0] == "clean" && !strings.Contains(out, `"outlet": "coastline-herald.example"`) {
			t.Errorf("clean FILE --url: the URL after the file was not used:\n%.400s", out)
		}
	}
}
