package ui

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath finds a Chromium to drive, or "".
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser drives a real headless Chromium through the UI: load the
// search page, search, open a cluster and see its differing words marked,
// then open an article and see a claim highlighted.
func TestBrowser(t *testing.T) {
	path := chromiumPath()
	if path == "" {
		t.Skip("chromium not found (apt-get install -y chromium, or set CHROMIUM): skipping the browser test")
	}
	if testing.Short() {
		t.Skip("-short: skipping the browser test")
	}
	srv, _ := newServer(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()

	// A plain string selector is a DOM search, which accepts CSS selectors.
	var title, firstResult, marked, clusterURL, highlighted string
	var variantsHidden bool
	step := func(name string, err error) {
		if err != nil {
			t.Fatalf("browser: %s: %v", name, err)
		}
	}
	var err error
	step("load", chromedp.Do(bctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(`#search input[name=q]`)))
	title, err = chromedp.Run(bctx, chromedp.Title())
	step("title", err)
	step("search", chromedp.Do(bctx,
		chromedp.SendKeys(`#search input[name=q]`, "engineers warning"),
		chromedp.Submit(`#search input[name=q]`),
		chromedp.WaitVisible(`#results li.claim`)))
	firstResult, err = chromedp.Run(bctx, chromedp.Text(`#results li.claim q.text`))
	step("result text", err)
	step("open cluster", chromedp.Do(bctx,
		chromedp.Click(`#results li.claim a.cluster-link`),
		chromedp.WaitVisible(`.variants mark.ins`)))
	clusterURL, err = chromedp.Run(bctx, chromedp.Location())
	step("location", err)
	marked, err = chromedp.Run(bctx, chromedp.Text(`.variants mark.ins`))
	step("marked", err)
	step("toggle", chromedp.Do(bctx, chromedp.Click(`#only-variants`)))
	variantsHidden, err = chromedp.Run(bctx, chromedp.Evaluate[bool](
		`[...document.querySelectorAll('.variant[data-variant=false]')].every(e => getComputedStyle(e).display === 'none')`))
	step("toggle effect", err)
	step("open article", chromedp.Do(bctx,
		chromedp.Click(`.variant.differs header a`),
		chromedp.WaitVisible(`.article-text a.hl`)))
	highlighted, err = chromedp.Run(bctx, chromedp.Text(`.article-text a.hl`))
	step("highlight", err)
	checks := []struct {
		name string
		ok   bool
		got  string
	}{
		{"title", strings.Contains(title, "claimwire"), title},
		{"search result", strings.Contains(firstResult, "engineers"), firstResult},
		{"cluster page", strings.Contains(clusterURL, "/clusters/"), clusterURL},
		{"differing words marked", marked != "", marked},
		{"toggle hides identical wordings", variantsHidden, ""},
		{"claim highlighted in article", strings.Contains(highlighted, "engineers"), highlighted},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if !c.ok {
				t.Fatalf("got %q", c.got)
			}
		})
	}
}
