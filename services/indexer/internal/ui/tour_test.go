package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestScreenshotTour photographs each page of a running claimwire (set
// CLAIMWIRE_UI_URL, e.g. http://127.0.0.1:8080 after 'claimwire up' and
// 'claimwire ingest --wait …') and runs the accessibility checks on it.
// Screenshots go to $CLAIMWIRE_SCREENSHOTS or the test's temp dir.
func TestScreenshotTour(t *testing.T) {
	base := strings.TrimRight(os.Getenv("CLAIMWIRE_UI_URL"), "/")
	if base == "" {
		t.Skip("CLAIMWIRE_UI_URL not set: no running claimwire to photograph")
	}
	ctx := browser(t)
	dir := screenshotDir(t)
	visit := func(name, path string) {
		t.Helper()
		run(t, ctx, name, chromedp.Navigate(base+path), chromedp.WaitReady(`body`))
		t.Logf("%s: %s — %s", name, path, eval[string](t, ctx, `document.querySelector("h1").textContent.trim()`))
		checkPage(t, ctx, dir, name)
		// The first screenful too: a full page of a long cluster is too tall to read.
		top, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("%s: screenshot: %v", name, err)
		}
		p := filepath.Join(dir, name+"-top.png")
		if err := os.WriteFile(p, top, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	href := func(sel string) string {
		return eval[string](t, ctx, `(document.querySelector(`+"`"+sel+"`"+`) || {getAttribute: () => ""}).getAttribute("href")`)
	}
	visit("tour-01-search", "/")
	visit("tour-02-search-folded", "/?q=Khawaja")
	visit("tour-03-search-speaker-surname", "/?speaker=Asif")
	visit("tour-04-clusters", "/clusters")
	cluster := href("#cluster-list li.cluster a.cluster-link")
	visit("tour-05-clusters-filtered", "/clusters?kind=statistic&min_outlets=2&sort=first_seen")
	stat := href("#cluster-list li.cluster a.cluster-link")
	if cluster != "" {
		visit("tour-06-cluster", cluster)
	}
	if stat != "" {
		visit("tour-07-cluster-statistic", stat)
	}
	visit("tour-08-speakers", "/speakers")
	if sp := href("#speaker-list a.speaker"); sp != "" {
		visit("tour-09-speaker", sp)
	}
	visit("tour-10-outlets", "/outlets")
	if cluster != "" {
		run(t, ctx, "cluster again", chromedp.Navigate(base+cluster), chromedp.WaitReady(`body`))
		if a := href("table.members td a"); a != "" {
			visit("tour-11-article", a)
		}
	}
}
