package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/claimwire/claimwire/services/indexer/internal/api/openapitest"
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

// browser starts a headless Chromium with a fresh profile; every page it
// opens records content-security-policy violations in window.__csp.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		t.Skip("chromium not found (apt-get install -y chromium, or set CHROMIUM): skipping the browser test")
	}
	if testing.Short() {
		t.Skip("-short: skipping the browser test")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	// The first call starts the browser.
	if _, err := chromedp.Call(bctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `window.__csp = [];
		document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`}); err != nil {
		t.Fatalf("browser: %v", err)
	}
	return bctx
}

// screenshotDir is where screenshots go: $CLAIMWIRE_SCREENSHOTS, or the
// test's temporary directory (kept with -test.v output naming the files).
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("CLAIMWIRE_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func shot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// a11yScript checks the page as a screen-reader and low-vision user needs
// it: a language, one h1, headings that do not skip a level, a label for
// every form control, a name for every link, button and chart, and text
// contrast of at least 4.5:1 (3:1 for large text). It returns the problems.
const a11yScript = `(() => {
  const out = [];
  if (!document.documentElement.lang) out.push("html has no lang");
  if (!document.title.trim()) out.push("no title");
  const h1 = document.querySelectorAll("h1");
  if (h1.length !== 1) out.push(h1.length + " h1 elements");
  let last = 0;
  for (const h of document.querySelectorAll("h1,h2,h3,h4,h5,h6")) {
    const n = +h.tagName[1];
    if (last && n > last + 1) out.push("heading skips from h" + last + " to h" + n + ": " + h.textContent.trim().slice(0, 40));
    last = n;
  }
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden" || el.type === "submit") continue;
    const named = el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") ||
      (el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]')) || el.closest("label");
    if (!named) out.push("unlabelled " + el.tagName.toLowerCase() + " " + (el.name || ""));
  }
  for (const el of document.querySelectorAll("a, button")) {
    if (!(el.textContent.trim() || el.getAttribute("aria-label") || el.querySelector("title"))) out.push("unnamed " + el.tagName.toLowerCase() + " " + (el.getAttribute("href") || ""));
  }
  for (const svg of document.querySelectorAll("svg")) {
    if (!(svg.getAttribute("role") === "img" && (svg.getAttribute("aria-labelledby") || svg.getAttribute("aria-label")))) out.push("svg without role=img and a name");
  }
  const rgb = s => { const m = s.match(/[\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 1]; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const bg = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] > 0.5) return c;
    }
    return [255, 255, 255];
  };
  let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!el || seen.has(el) || !walker.currentNode.textContent.trim() || el.closest("svg")) continue;
    seen.add(el);
    const st = getComputedStyle(el);
    if (st.visibility === "hidden" || st.display === "none" || el.getClientRects().length === 0) continue;
    if (el.closest(".skip, .visually-hidden")) continue;
    const a = lum(rgb(st.color)), b = lum(bg(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(st.fontSize), bold = +st.fontWeight >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    checked++;
    if (ratio < need) out.push("contrast " + ratio.toFixed(2) + " < " + need + ": " + el.tagName.toLowerCase() + " " + el.textContent.trim().slice(0, 30));
  }
  if (checked === 0) out.push("no text checked for contrast");
  if (document.querySelectorAll("[style]").length) out.push("inline style attributes (blocked by the CSP)");
  for (const v of window.__csp || []) out.push("CSP violation: " + v);
  return out;
})()`

// checkPage runs the accessibility checks and takes a screenshot.
func checkPage(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](a11yScript))
	if err != nil {
		t.Fatalf("%s: a11y script: %v", name, err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", name, p)
	}
	shot(t, ctx, dir, name)
}

func run(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("browser: %s: %v", step, err)
	}
}

// navigate runs actions that load a new page (a submit, a click on a link)
// and waits until the new page has loaded: a selector that the old page also
// has would otherwise be found at once on the old page.
func navigate(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__stale = true`)); err != nil {
		t.Fatalf("browser: %s: %v", step, err)
	}
	run(t, ctx, step, actions...)
	deadline := time.Now().Add(15 * time.Second)
	for {
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__stale === undefined && document.readyState === "complete"`))
		if err == nil && done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("browser: %s: the next page did not load (%v)", step, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// click clicks the first element matching a CSS selector, from the page's
// own script (the DOM search can lag behind a page loaded by a form).
func click(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		ok, err := chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.click(); return true; })()`, sel))(ctx, t)
		if err == nil && !ok {
			err = fmt.Errorf("no element %s", sel)
		}
		return err
	})
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(sel, chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("browser: text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("browser: evaluate %s: %v", js, err)
	}
	return v
}

// fetchJS fetches a same-origin URL from the page: status, content type
// and body.
func fetchJS(t *testing.T, ctx context.Context, href string) (int, string, string) {
	t.Helper()
	type result struct {
		Status int    `json:"status"`
		Type   string `json:"type"`
		Body   string `json:"body"`
	}
	js := fmt.Sprintf(`fetch(%q).then(async r => ({status: r.status, type: r.headers.get("content-type"), body: await r.text()}))`, href)
	r, err := chromedp.Run(ctx, chromedp.Evaluate[result](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("browser: fetch %s: %v", href, err)
	}
	return r.Status, r.Type, r.Body
}

// TestBrowser drives a real headless Chromium through each page as an
// analyst would: load, filter, paginate, open a cluster, follow a speaker,
// export; it checks accessibility on every page and saves screenshots.
func TestBrowser(t *testing.T) {
	ctx := browser(t)
	srv, _ := newServer(t)
	dir := screenshotDir(t)
	validator, err := openapitest.New()
	if err != nil {
		t.Fatal(err)
	}

	t.Log("search page: load, filter by speaker, paginate")
	run(t, ctx, "load", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(`#search input[name=q]`))
	if title := eval[string](t, ctx, `document.title`); !strings.Contains(title, "claimwire") {
		t.Errorf("title %q", title)
	}
	checkPage(t, ctx, dir, "01-search")
	navigate(t, ctx, "filter", chromedp.SendKeys(`#f-speaker`, "Velde"), chromedp.Submit(`#f-speaker`), chromedp.WaitVisible(`#results li.claim`))
	if c := text(t, ctx, `#result-count`); !strings.HasPrefix(c, "Showing 1–50 of 64") {
		t.Errorf("count %q; want 1–50 of 64 (60 briefs, 4 in the story)", c)
	}
	checkPage(t, ctx, dir, "02-search-speaker")
	navigate(t, ctx, "next page", click(`a[rel=next]`))
	if c := text(t, ctx, `#result-count`); !strings.HasPrefix(c, "Showing 51–64 of 64") {
		t.Errorf("page 2 count %q", c)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#results li.claim").length`); n != 14 {
		t.Errorf("page 2 has %d claims; want 14", n)
	}
	// Reported speech is never inside quotation marks.
	if n := eval[int](t, ctx, `document.querySelectorAll("#results li.kind-reported q").length`); n != 0 {
		t.Errorf("%d reported claims rendered in <q>", n)
	}

	t.Log("export: the page's CSV and JSON links give its filters through the API")
	csvHref := eval[string](t, ctx, `document.querySelector("a.export-csv").getAttribute("href")`)
	status, ctype, body := fetchJS(t, ctx, csvHref)
	if status != 200 || !strings.HasPrefix(ctype, "text/csv") || strings.Count(body, "\n") != 65 || !strings.HasPrefix(body, "id,kind,text,speaker") {
		t.Errorf("CSV export %s: %d %s, %d lines", csvHref, status, ctype, strings.Count(body, "\n"))
	}
	jsonHref := eval[string](t, ctx, `document.querySelector("a.export-json").getAttribute("href")`)
	status, ctype, body = fetchJS(t, ctx, jsonHref)
	var page struct {
		Total int `json:"total"`
	}
	if status != 200 || json.Unmarshal([]byte(body), &page) != nil || page.Total != 64 {
		t.Errorf("JSON export %s: %d, total %d", jsonHref, status, page.Total)
	}
	if err := validator.Check("GET", "/api/claims", status, ctype, []byte(body)); err != nil {
		t.Errorf("JSON export: %v", err)
	}

	t.Log("search terms are marked")
	run(t, ctx, "search words", chromedp.Navigate(srv.URL+"/?q=single+ship"), chromedp.WaitVisible(`#results li.claim`))
	if m := text(t, ctx, `#results mark.term`); m != "single" {
		t.Errorf("first marked term %q", m)
	}

	t.Log("clusters index: filter, sort, open a cluster")
	run(t, ctx, "clusters", chromedp.Navigate(srv.URL+"/clusters"), chromedp.WaitVisible(`#cluster-list`))
	checkPage(t, ctx, dir, "03-clusters")
	navigate(t, ctx, "filter clusters",
		chromedp.SendKeys(`#c-outlet`, "Coastline Daily"),
		chromedp.SetValue(`#c-sort`, "newest"),
		chromedp.Submit(`#c-outlet`),
		chromedp.WaitVisible(`#cluster-list li.cluster`))
	if n := eval[int](t, ctx, `document.querySelectorAll("#cluster-list li.cluster").length`); n != 2 {
		t.Errorf("clusters with coastline-daily: %d; want 2", n)
	}
	if u := eval[string](t, ctx, `location.search`); !strings.Contains(u, "sort=newest") || !strings.Contains(u, "outlet=Coastline") {
		t.Errorf("filters not in the URL: %s", u)
	}
	navigate(t, ctx, "narrow to one", chromedp.SendKeys(`#c-q`, "ship"), chromedp.Submit(`#c-q`), chromedp.WaitVisible(`#cluster-list li.cluster`))
	if n := eval[int](t, ctx, `document.querySelectorAll("#cluster-list li.cluster").length`); n != 1 {
		t.Errorf("clusters with coastline-daily about a ship: %d; want 1", n)
	}
	navigate(t, ctx, "open cluster", click(`#cluster-list li.cluster a.cluster-link`))
	checkPage(t, ctx, dir, "04-cluster")
	if n := eval[int](t, ctx, `document.querySelectorAll("svg.timeline circle.dot").length`); n != 3 {
		t.Errorf("timeline dots %d; want 3 (three outlets reported it)", n)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("svg.timeline circle.first").length`); n != 1 {
		t.Errorf("first reports marked: %d", n)
	}
	if f := text(t, ctx, `.first-source`); !strings.Contains(f, "harbour-herald.example") {
		t.Errorf("first source %q", f)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("svg.provenance line.cite").length`); n < 1 {
		t.Errorf("no citation in the provenance graph")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("table.members a.original").length`); n != 3 {
		t.Errorf("links to originals: %d", n)
	}
	run(t, ctx, "toggle variants", chromedp.Click(`#only-variants`))
	if !eval[bool](t, ctx, `[...document.querySelectorAll('.variant[data-variant=false]')].every(e => getComputedStyle(e).display === 'none')`) {
		t.Errorf("the toggle does not hide identical wordings")
	}

	t.Log("follow a speaker")
	navigate(t, ctx, "speaker", click(`p.meta a.speaker`))
	if h := text(t, ctx, `h1`); !strings.HasPrefix(h, "Sean O") {
		t.Errorf("speaker page h1 %q", h)
	}
	if u := eval[string](t, ctx, `location.pathname`); u != "/speakers/sean%20obrien" {
		t.Errorf("speaker URL %s", u)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("svg.bars rect.bar").length`); n != 2 {
		t.Errorf("claims-over-time bars %d; want 2 days", n)
	}
	checkPage(t, ctx, dir, "05-speaker")

	t.Log("an article: claims by kind, legend, source link, split quotation")
	run(t, ctx, "article", chromedp.Navigate(srv.URL+"/articles/h1"), chromedp.WaitVisible(`.article-text a.hl`))
	for kind, want := range map[string]int{"quote": 3, "reported": 1, "statistic": 1} {
		if n := eval[int](t, ctx, `document.querySelectorAll(".article-text a.hl.kind-`+kind+`").length`); n != want {
			t.Errorf("%s highlights: %d; want %d", kind, n, want)
		}
	}
	if n := eval[int](t, ctx, `document.querySelectorAll(".quotation-group li.claim").length`); n != 2 {
		t.Errorf("split quotation parts shown together: %d", n)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("ol.claims li.kind-reported q").length`); n != 0 {
		t.Errorf("reported speech in quotation marks")
	}
	if h := eval[string](t, ctx, `document.querySelector("a.original").href`); h != "https://harbour-herald.example/news/h1" {
		t.Errorf("source link %q", h)
	}
	checkPage(t, ctx, dir, "06-article")

	t.Log("speakers and outlets")
	run(t, ctx, "speakers", chromedp.Navigate(srv.URL+"/speakers"), chromedp.WaitVisible(`#speaker-list`))
	navigate(t, ctx, "speaker search", chromedp.SendKeys(`#s-q`, "o'brien"), chromedp.Submit(`#s-q`), chromedp.WaitVisible(`#speaker-list`))
	if n := eval[int](t, ctx, `document.querySelectorAll("#speaker-list a.speaker").length`); n != 1 {
		t.Errorf("speaker search: %d", n)
	}
	checkPage(t, ctx, dir, "07-speakers")
	run(t, ctx, "outlets", chromedp.Navigate(srv.URL+"/outlets"), chromedp.WaitVisible(`#outlet-list`))
	checkPage(t, ctx, dir, "08-outlets")
	navigate(t, ctx, "outlet's claims", click(`#outlet-list a[href="/?outlet=tideline.example"]`))
	if c := text(t, ctx, `#result-count`); !strings.HasPrefix(c, "Showing 1–2 of 2") {
		t.Errorf("tideline.example claims: %q", c)
	}
	run(t, ctx, "error page", chromedp.Navigate(srv.URL+"/clusters/none"), chromedp.WaitVisible(`h1`))
	checkPage(t, ctx, dir, "09-not-found")
}
