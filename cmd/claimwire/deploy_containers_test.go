package main

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/cleaner/clean"
	"github.com/claimwire/claimwire/services/extractor/extract"
)

// TestComposeInContainers runs the compose deployment for real: images built
// with podman, containers started from docker-compose.yml as compose-go reads
// it, pages through the containerised pipeline, one stage SIGKILLed mid-run,
// then everything stopped with its stop signal.
//
// No registry is reachable here, so no base image can be pulled: the images
// are FROM scratch with static binaries this test compiles (CGO_ENABLED=0).
// The claimwire images come from deploy/Dockerfile itself with its build
// stage swapped for testdata/containers/build.Containerfile; NATS is built
// from the nats-server/v2 module in go.mod. Services whose images cannot be
// had (postgres, prometheus, grafana) are not started: the index is on
// SQLite in a volume (testdata/containers/compose.sqlite.yml, loaded over
// the compose file).
//
// It needs root, podman with runc, the CNI dnsname plugin and busybox-static
// (the NATS healthcheck's wget and the news site's httpd); .ci/run installs
// them. Without them it skips and says what is missing.
func TestComposeInContainers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds images and runs the compose deployment in containers (a few minutes)")
	}
	// Mostly waiting on podman: it runs after the package's other tests
	// (which warm the static build cache it shares with TestDeployImageBuild).
	t.Parallel()
	if d, ok := t.Deadline(); ok && time.Until(d) < 5*time.Minute {
		t.Skipf("less than 5 minutes left before the test timeout (%v); run with a longer -timeout", time.Until(d).Round(time.Second))
	}
	began := time.Now()
	pm := newPodman(t)
	ctx := pm.ctx

	// The project as `docker compose -p NAME -f docker-compose.yml -f
	// compose.sqlite.yml` reads it, with an .env that points at this run's
	// files. The default network exists first: the fetcher is allowed to
	// fetch from its subnet, where the news site is.
	site := pm.mkdir(t, "site")
	feedsFile := filepath.Join(pm.root, "feeds.txt")
	netName := pm.project + "_default"
	subnet := pm.createNetwork(t, netName)
	env := []string{
		"CLAIMWIRE_VERSION=containers-test",
		"CLAIMWIRE_FEEDS_FILE=" + feedsFile,
		"CLAIMWIRE_TEST_SITE=" + site,
		"CLAIMWIRE_TEST_ALLOW_NET=" + subnet,
		// The test site's pages at the default 1/s would take most of the run.
		"CLAIMWIRE_FETCH_RATE=20",
		// The SIGKILLed stage's unacked messages come back after the ack
		// wait: 10 s instead of 30 s keeps the run short.
		"CLAIMWIRE_ACK_WAIT=10s",
	}
	project := loadContainerProject(t, pm.project, env)
	for key, n := range project.Networks {
		if n.Name != netName {
			pm.createNetwork(t, n.Name) // a network the compose file adds
		} else if key != "default" {
			t.Fatalf("network %s is %q, want the default network", n.Name, key)
		}
	}

	// Images: what compose would build, plus the NATS and news site images.
	buildStart := time.Now()
	images := pm.buildImages(t, project)
	buildTime := time.Since(buildStart)

	// The news site: a feed of articles the fetcher finds on its own.
	var want []expectedArticle
	feedPages := writeNewsSite(t, site, 8)
	want = append(want, feedPages...)
	if err := os.WriteFile(feedsFile, []byte("# the news site container\nhttp://news/feed.xml\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	// Up: every service whose image we have, in dependency order.
	up := time.Now()
	run := pm.up(t, project, images)
	healthyAfter := time.Since(up)
	t.Logf("all %d services healthy %.1fs after the first container started", len(run.containers), healthyAfter.Seconds())
	api := "http://" + run.port(t, "indexer", 8080)
	monitor := "http://" + run.port(t, "nats", 8222)

	// The fetcher polls the feed when it starts; its pages must all arrive.
	waitIndexedArticles(t, api, feedPages, pm.until(90*time.Second))
	t.Logf("feed: %d pages indexed %.1fs after all were healthy", len(feedPages), time.Since(up.Add(healthyAfter)).Seconds())

	// `docker compose run --rm claimwire ingest`: files mounted into the CLI
	// container, published to the NATS container, --wait polling the
	// indexer container by its service name.
	batchA := writeIngestBatch(t, pm.mkdir(t, "ingest-a"), "a", 8)
	want = append(want, batchA...)
	out, err := run.tool(ctx, t, "claimwire", []string{"-v", filepath.Dir(batchA[0].file) + ":/in:ro"},
		"ingest", "--wait", "--api", "http://indexer:8080", "--timeout", "90s", "/in")
	if err != nil {
		t.Fatalf("claimwire ingest: %v\n%s", err, out)
	}
	waitIndexedArticles(t, api, batchA, pm.until(30*time.Second))
	t.Logf("ingest: %d files indexed (claimwire ingest --wait: %s)", len(batchA), lastLine(out))

	// SIGKILL one stage with messages in flight: the extractor is frozen,
	// a batch is ingested, and once the server has handed it messages it
	// cannot ack, it is killed (as the OOM killer would) and left to its
	// restart policy.
	victim := run.containers["extractor"]
	stageStream := run.topology.Stream(contract.StreamArticles)
	before := consumerState(t, monitor, stageStream, contract.StageExtractor)
	pm.must(t, "pause", victim.name)
	batchB := writeIngestBatch(t, pm.mkdir(t, "ingest-b"), "b", 12)
	want = append(want, batchB...)
	if out, err := run.tool(ctx, t, "claimwire", []string{"-v", filepath.Dir(batchB[0].file) + ":/in:ro"}, "ingest", "/in"); err != nil {
		t.Fatalf("claimwire ingest (stage frozen): %v\n%s", err, out)
	}
	// The server hands messages only to an open pull request: one the
	// frozen extractor left open (the test's override keeps them open 20 s)
	// gets the batch, else the batch waits in the stream for the restart.
	// Either way the extractor is killed with work it has not done; only in
	// the first is it redelivered.
	var inFlight consumerInfo
	deadline := pm.until(30 * time.Second)
	queuedSince := time.Time{}
	for {
		inFlight = consumerState(t, monitor, stageStream, contract.StageExtractor)
		if inFlight.NumAckPending > 0 {
			break
		}
		if inFlight.NumPending >= uint64(len(batchB)) {
			if queuedSince.IsZero() {
				queuedSince = time.Now()
			} else if time.Since(queuedSince) > 3*time.Second {
				t.Logf("the frozen extractor held no open pull request: its batch of %d waits in the stream", inFlight.NumPending)
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the frozen extractor's batch neither handed to it nor waiting in 30 s: %+v", inFlight)
		}
		time.Sleep(200 * time.Millisecond)
	}
	pid, _ := strconv.Atoi(pm.inspect(t, victim.name, "{{.State.Pid}}"))
	if pid <= 1 {
		t.Fatalf("extractor pid %d", pid)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL extractor (pid %d): %v", pid, err)
	}
	killed := time.Now()
	pm.must(t, "unpause", victim.name) // the pending SIGKILL lands as it thaws
	for {
		restarts, state, _ := strings.Cut(pm.inspect(t, victim.name, "{{.RestartCount}} {{.State.Status}}"), " ")
		if restarts != "0" && state == "running" {
			break
		}
		if time.Since(killed) > 30*time.Second || time.Now().After(pm.deadline) {
			t.Fatalf("extractor not restarted by its restart policy (%s) 30 s after SIGKILL: %s", victim.cfg.Restart,
				pm.inspect(t, victim.name, "{{.State.Status}} restarts={{.RestartCount}} exit={{.State.ExitCode}}"))
		}
		time.Sleep(250 * time.Millisecond)
	}
	restartedAfter := time.Since(killed)
	run.setHealth(victim.name, "starting") // a restarted container is healthy again only once checked
	waitIndexedArticles(t, api, batchB, pm.until(90*time.Second))
	recoveredAfter := time.Since(killed)
	run.waitHealthy(t, []string{"extractor"}, 90*time.Second)

	// Nothing lost, nothing twice: every article with exactly the claims the
	// same code finds in-process, the API listing each claim once, every
	// consumer caught up and no dead letters.
	ic := checkIndex(t, api, want)
	deadline = pm.until(30 * time.Second)
	for !run.settled(t, monitor) {
		if time.Now().After(deadline) {
			t.Fatalf("consumers not caught up 30 s after everything was indexed: %s", httpBody(t, monitor+"/jsz?accounts=true&consumers=true"))
		}
		time.Sleep(250 * time.Millisecond)
	}
	after := consumerState(t, monitor, stageStream, contract.StageExtractor)
	redelivered := after.redeliveries() - before.redeliveries()
	if inFlight.NumAckPending > 0 && redelivered <= 0 {
		t.Errorf("the extractor's consumer redelivered nothing after the SIGKILL (%d in flight): the kill did not land mid-run", inFlight.NumAckPending)
	}
	if n := streamMessages(t, monitor, run.topology.Stream(contract.StreamDLQ)); n != 0 {
		t.Errorf("%d dead letters after the run", n)
	}

	// docker compose stop: dependents first, each with its stop signal; each
	// must drain and exit 0 within its stop_grace_period.
	run.stopHealthchecks()
	drains := run.stopAll(t)

	var sizes []string
	for _, svc := range slices.Sorted(mapKeys(images)) {
		sizes = append(sizes, fmt.Sprintf("%s %.1f MB", svc, float64(pm.imageSize(t, images[svc]))/1e6))
	}
	t.Logf("images (built in %.1fs): %s", buildTime.Seconds(), strings.Join(sizes, ", "))
	t.Logf("start to all healthy: %.1fs", healthyAfter.Seconds())
	t.Logf("articles: %d (feed %d, ingest %d+%d), claims %d: lost %d, unexpected %d, duplicates %d",
		len(want), len(feedPages), len(batchA), len(batchB), ic.claims, ic.lost, ic.unexpected, ic.duplicates)
	t.Logf("SIGKILL: extractor killed with %d messages in flight, restarted by its policy after %.1fs, %d redelivered, its batch indexed %.1fs after the kill",
		inFlight.NumAckPending, restartedAfter.Seconds(), redelivered, recoveredAfter.Seconds())
	t.Logf("drain on %s: %s", "SIGTERM", strings.Join(drains, ", "))
	t.Logf("reproduced in part: %s", strings.Join(run.notes, "; "))
	t.Logf("wall time %.1fs (cleanup follows)", time.Since(began).Seconds())
}

// ---- NATS monitoring (the published 8222) -----------------------------------------

type consumerInfo struct {
	Name          string `json:"name"`
	NumAckPending int    `json:"num_ack_pending"`
	NumPending    uint64 `json:"num_pending"`
	Delivered     struct {
		Consumer uint64 `json:"consumer_seq"`
		Stream   uint64 `json:"stream_seq"`
	} `json:"delivered"`
}

// redeliveries: the consumer delivers its stream from the first message,
// so deliveries beyond the last stream sequence were redeliveries.
func (c consumerInfo) redeliveries() int { return int(c.Delivered.Consumer) - int(c.Delivered.Stream) }

type streamDetail struct {
	Name  string `json:"name"`
	State struct {
		Messages uint64 `json:"messages"`
	} `json:"state"`
	Consumers []consumerInfo `json:"consumer_detail"`
}

func jszStreams(t *testing.T, monitor string) []streamDetail {
	t.Helper()
	var reply struct {
		Accounts []struct {
			Streams []streamDetail `json:"stream_detail"`
		} `json:"account_details"`
	}
	if code := getJSON(t, monitor+"/jsz?accounts=true&streams=true&consumers=true", &reply); code != http.StatusOK {
		t.Fatalf("/jsz: HTTP %d", code)
	}
	var all []streamDetail
	for _, a := range reply.Accounts {
		all = append(all, a.Streams...)
	}
	return all
}

func consumerState(t *testing.T, monitor, stream, consumer string) consumerInfo {
	t.Helper()
	for _, s := range jszStreams(t, monitor) {
		if s.Name == stream {
			for _, c := range s.Consumers {
				if c.Name == consumer {
					return c
				}
			}
		}
	}
	t.Fatalf("no consumer %s on stream %s", consumer, stream)
	return consumerInfo{}
}

func streamMessages(t *testing.T, monitor, stream string) uint64 {
	t.Helper()
	for _, s := range jszStreams(t, monitor) {
		if s.Name == stream {
			return s.State.Messages
		}
	}
	t.Fatalf("no stream %s", stream)
	return 0
}

// settled: every stage's consumer has delivered and had acked everything.
func (r *composeRun) settled(t *testing.T, monitor string) bool {
	for stage, stream := range stageInputs {
		c := consumerState(t, monitor, r.topology.Stream(stream), stage)
		if c.NumPending != 0 || c.NumAckPending != 0 {
			return false
		}
	}
	return true
}

// ---- pages and the index -----------------------------------------------------------

// expectedArticle is a page the pipeline must index, with the claims the
// same cleaner and extractor find in-process.
type expectedArticle struct {
	id     string
	url    string
	file   string // for ingested files
	claims []string
}

// containerPage is an HTML page around generated article text (quotes,
// reported speech and figures of invented people).
func containerPage(seed int) ([]byte, string) {
	paras := strings.Split(strings.TrimSpace(string(generatedArticle(seed))), "\n\n")
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title></head>\n<body><header><nav><a href=\"/\">Home</a></nav></header>\n<article><h1>%s</h1>\n",
		html.EscapeString(paras[0]), html.EscapeString(paras[0]))
	for _, p := range paras[1:] {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString("</article><footer>All rights reserved.</footer></body></html>\n")
	return b.Bytes(), paras[0]
}

func expect(t *testing.T, body []byte, url, contentType string) expectedArticle {
	t.Helper()
	url = canonical(url)
	art, err := clean.Page(clean.Input{Body: body, ContentType: contentType, URL: url})
	if err != nil {
		t.Fatalf("clean %s: %v", url, err)
	}
	e := expectedArticle{id: art.ID, url: url}
	for _, c := range extract.Extract(art).Claims {
		e.claims = append(e.claims, c.ID)
	}
	slices.Sort(e.claims)
	return e
}

// writeNewsSite writes an RSS feed of n pages into dir (the news
// container's /www).
func writeNewsSite(t *testing.T, dir string, n int) []expectedArticle {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "news"), 0o755); err != nil {
		t.Fatal(err)
	}
	var items strings.Builder
	var want []expectedArticle
	for i := range n {
		body, title := containerPage(7000 + i)
		path := fmt.Sprintf("/news/%d.html", i)
		if err := os.WriteFile(filepath.Join(dir, path), body, 0o644); err != nil {
			t.Fatal(err)
		}
		url := "http://news" + path
		fmt.Fprintf(&items, "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate></item>\n",
			html.EscapeString(title), url, url, time.Now().Add(-time.Duration(i)*time.Hour).UTC().Format(time.RFC1123Z))
		// The fetcher hands the cleaner UTF-8 with its charset.
		want = append(want, expect(t, body, url, "text/html; charset=utf-8"))
	}
	feed := fmt.Sprintf("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Harbour Courier</title><link>http://news/</link><description>Test site</description>\n%s</channel></rss>\n", items.String())
	if err := os.WriteFile(filepath.Join(dir, "feed.xml"), []byte(feed), 0o644); err != nil {
		t.Fatal(err)
	}
	return want
}

// writeIngestBatch writes n HTML files and the manifest.tsv that gives
// them their URLs, for `claimwire ingest DIR`.
func writeIngestBatch(t *testing.T, dir, batch string, n int) []expectedArticle {
	t.Helper()
	manifest := "id\turl\n"
	var want []expectedArticle
	for i := range n {
		body, _ := containerPage(8000 + 100*int(batch[0]) + i)
		name := fmt.Sprintf("%s%02d", batch, i)
		file := filepath.Join(dir, name+".html")
		if err := os.WriteFile(file, body, 0o644); err != nil {
			t.Fatal(err)
		}
		url := fmt.Sprintf("https://wire.example/%s/%d.html", batch, i)
		manifest += name + "\t" + url + "\n"
		e := expect(t, body, url, "text/html")
		e.file = file
		want = append(want, e)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.tsv"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	return want
}

// waitIndexedArticles waits until the indexer's API has every article.
func waitIndexedArticles(t *testing.T, api string, want []expectedArticle, deadline time.Time) {
	t.Helper()
	for _, a := range want {
		for {
			resp, err := http.Get(api + "/api/articles/" + a.id)
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("article %s (%s) not indexed by %s", a.id, a.url, deadline.Format(time.TimeOnly))
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
}

// indexCheck is what checkIndex found.
type indexCheck struct {
	claims     int // claims the pages hold
	lost       int // of those, not in the index
	unexpected int // claims in the index no page holds
	duplicates int // claims /api/claims lists more than once
}

// checkIndex compares the index with what the pages hold: each article
// with exactly its claims, and /api/claims listing every claim once.
func checkIndex(t *testing.T, api string, want []expectedArticle) indexCheck {
	t.Helper()
	var ic indexCheck
	for _, a := range want {
		var art struct {
			ID     string           `json:"id"`
			URL    string           `json:"url"`
			Claims []contract.Claim `json:"claims"`
		}
		if code := getJSON(t, api+"/api/articles/"+a.id, &art); code != http.StatusOK {
			t.Fatalf("/api/articles/%s: HTTP %d", a.id, code)
		}
		var got []string
		for _, c := range art.Claims {
			got = append(got, c.ID)
		}
		slices.Sort(got)
		for _, id := range a.claims {
			if _, ok := slices.BinarySearch(got, id); !ok {
				ic.lost++
			}
		}
		for _, id := range got {
			if _, ok := slices.BinarySearch(a.claims, id); !ok {
				ic.unexpected++
			}
		}
		if !slices.Equal(got, a.claims) {
			t.Errorf("article %s (%s): claims %v, want %v", a.id, a.url, got, a.claims)
		}
		if len(a.claims) == 0 {
			t.Errorf("article %s (%s) has no claims: the page generator is off", a.id, a.url)
		}
		ic.claims += len(a.claims)
	}
	seen := map[string]int{}
	next := ""
	for {
		var page claimsPage
		u := api + "/api/claims?limit=1000"
		if next != "" {
			u += "&cursor=" + next
		}
		getJSON(t, u, &page)
		for _, c := range page.Claims {
			seen[c.ID]++
		}
		if page.NextCursor == nil || *page.NextCursor == "" {
			break
		}
		next = *page.NextCursor
	}
	for _, n := range seen {
		ic.duplicates += n - 1
	}
	if len(seen) != ic.claims || ic.duplicates != 0 {
		t.Errorf("/api/claims lists %d distinct claims (%d duplicates), want %d", len(seen), ic.duplicates, ic.claims)
	}
	return ic
}
