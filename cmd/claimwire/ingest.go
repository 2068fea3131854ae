package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/config"
	"github.com/claimwire/claimwire/pkg/contract"
)

func init() {
	register("ingest", "push local files (HTML or text; folders recursively), stdin or URLs into the running pipeline", runIngest)
}

// ingestible are the file kinds ingest reads; anything else in a folder is skipped.
var ingestible = map[string]bool{".html": true, ".htm": true, ".xhtml": true, ".txt": true, ".text": true}

type ingestItem struct {
	path string // local file, "-" for stdin, or "" for a URL
	url  string
}

func runIngest(ctx context.Context, args []string) error {
	fs := newFlags("ingest", "[flags] PATH|URL|-...",
		"Publishes local files (HTML or plain text; folders are read recursively, .gz files decompressed),\n"+
			"stdin (-) or URLs to the PAGES stream of a running pipeline (see 'claimwire up'). Ingesting the\n"+
			"same file twice adds nothing: the article id comes from the URL, or from the content for a file\n"+
			"without one. A file's URL (which also gives its outlet) comes from --url for a single file or -,\n"+
			"or from a manifest.tsv beside the files: a header line, then one line per file with the file name\n"+
			"(without extension) and its URL, tab-separated. URLs are fetched here with the fetcher's safe\n"+
			"client (robots.txt, size caps, SSRF guard). With --wait, ingest returns once every page is indexed\n"+
			"or dead-lettered, and says which failed and why.")
	var c connFlags
	c.register(fs)
	wait := fs.Bool("wait", false, "wait until every page is indexed or dead-lettered; report the failed ones (polls --api and the DLQ)")
	var api string
	config.String(fs, &api, "api", defaultAPI, "indexer API, for --wait")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up waiting after this long")
	pageURL := fs.String("url", "", "the URL of a single FILE or of stdin (sets the article id and outlet)")
	var fc fetchFlags
	fc.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	items, skipped, err := collect(fs.Args())
	if err != nil {
		return err
	}
	if *pageURL != "" {
		if len(items) != 1 || items[0].path == "" {
			fmt.Fprintln(fs.Output(), "--url names the page of a single FILE or -; use a manifest.tsv for a folder")
			return errUsage
		}
		items[0].url = *pageURL
	}
	if len(items) == 0 {
		return fmt.Errorf("nothing to ingest (skipped %d files that are not .html/.htm/.xhtml/.txt[.gz])", skipped)
	}
	if *wait {
		// Before publishing anything: a wrong --api must not cost a timeout.
		if err := checkAPI(ctx, api); err != nil {
			return err
		}
	}
	nc, js, topo, err := c.connect(ctx, "ingest")
	if err != nil {
		return err
	}
	defer nc.Close()
	dlqFrom, err := nextDLQSeq(ctx, js, topo)
	if err != nil {
		return err
	}

	prog := newProgress("ingest", len(items))
	var sent []sentPage
	var failed int
	for _, it := range items {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		id, n, err := publishItem(ctx, js, topo, it, &fc)
		if err != nil {
			failed++
			fmt.Fprintf(os.Stderr, "\ningest: %s: %s\n", it.name(), fetchProblem(err))
			prog.add(0)
			continue
		}
		sent = append(sent, sentPage{name: it.name(), id: id})
		prog.add(n)
	}
	prog.done()
	if skipped > 0 {
		fmt.Fprintf(os.Stderr, "ingest: skipped %d files that are not .html/.htm/.xhtml/.txt[.gz]\n", skipped)
	}
	if *wait && len(sent) > 0 {
		res, err := waitIndexed(ctx, waitSpec{api: api, js: js, topo: topo, pages: sent, timeout: *timeout, dlqFrom: dlqFrom})
		if err != nil {
			return err
		}
		if len(res.failed) > 0 {
			fmt.Fprintf(os.Stderr, "ingest: %d of %d pages were not indexed:\n", len(res.failed), len(sent))
			for _, f := range res.failed {
				fmt.Fprintf(os.Stderr, "  %s (article %s): %s\n", f.name, f.id, f.why)
			}
		}
		failed += len(res.failed)
		if len(res.failed) > 0 {
			return fmt.Errorf("%d of %d inputs failed (see above; 'claimwire dlq ls' lists dead letters)", failed, len(items))
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d inputs failed (see above)", failed, len(items))
	}
	return nil
}

func (it ingestItem) name() string {
	switch it.path {
	case "":
		return it.url
	case "-":
		return "stdin"
	}
	return it.path
}

// collect expands folders and reads manifests.
func collect(args []string) ([]ingestItem, int, error) {
	var items []ingestItem
	skipped := 0
	manifests := map[string]map[string]string{}
	for _, a := range args {
		if strings.HasPrefix(a, "http://") || strings.HasPrefix(a, "https://") {
			items = append(items, ingestItem{url: a})
			continue
		}
		if a == "-" {
			items = append(items, ingestItem{path: "-"})
			continue
		}
		info, err := os.Stat(a)
		if err != nil {
			return nil, 0, err
		}
		if !info.IsDir() {
			items = append(items, ingestItem{path: a, url: manifestURL(manifests, a)})
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if !ingestible[strings.ToLower(filepath.Ext(strings.TrimSuffix(p, ".gz")))] {
				if d.Name() != "manifest.tsv" {
					skipped++
				}
				return nil
			}
			items = append(items, ingestItem{path: p, url: manifestURL(manifests, p)})
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
	}
	return items, skipped, nil
}

// manifestURL looks the file up in a manifest.tsv in its folder: a header
// line, then "name<TAB>url" lines (name: the file name without extension;
// more columns are ignored).
func manifestURL(manifests map[string]map[string]string, path string) string {
	dir := filepath.Dir(path)
	m, ok := manifests[dir]
	if !ok {
		m = map[string]string{}
		if f, err := os.Open(filepath.Join(dir, "manifest.tsv")); err == nil {
			sc := bufio.NewScanner(f)
			for i := 0; sc.Scan(); i++ {
				cols := strings.Split(sc.Text(), "\t")
				if i > 0 && len(cols) > 1 {
					m[cols[0]] = cols[1]
				}
			}
			f.Close()
		}
		manifests[dir] = m
	}
	base := filepath.Base(path)
	for _, ext := range []string{".gz", filepath.Ext(strings.TrimSuffix(base, ".gz"))} {
		base = strings.TrimSuffix(base, ext)
	}
	return m[base]
}

// readFile reads a page file, gunzipped if it is gzip (by its content, not
// its name).
func readFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if b, err = gunzipped(b); err != nil {
		return nil, fmt.Errorf("gunzip %s: %w", path, err)
	}
	return b, nil
}

// maxPageBytes bounds a decompressed page: a gzip bomb must not fill memory.
const maxPageBytes = 64 << 20

// gunzipped returns b decompressed if it starts with gzip's magic bytes.
func gunzipped(b []byte) ([]byte, error) {
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxPageBytes+1))
	if err != nil {
		return nil, err
	}
	if len(out) > maxPageBytes {
		return nil, fmt.Errorf("decompresses to more than %d MB", maxPageBytes>>20)
	}
	return out, nil
}

// checkPage refuses what the pipeline would only dead-letter: an empty
// file, one over --max-page-bytes (as the fetcher refuses such a page), or
// one that is not text.
func checkPage(body []byte, maxBytes int) error {
	if maxBytes > 0 && len(body) > maxBytes {
		return tooBig(int64(len(body)), maxBytes)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return fmt.Errorf("empty: nothing to index")
	}
	if ct := http.DetectContentType(body); !strings.HasPrefix(ct, "text/") {
		return fmt.Errorf("not HTML or text (the content looks like %s): not ingested", ct)
	}
	return nil
}

func tooBig(n int64, maxBytes int) error {
	return fmt.Errorf("%s, over --max-page-bytes (%s): not ingested; raise --max-page-bytes to ingest it", human(uint64(n)), human(uint64(maxBytes)))
}

// publishItem reads or fetches one input and publishes it as a Page.
func publishItem(ctx context.Context, js jetstream.JetStream, topo bus.Topology, it ingestItem, fc *fetchFlags) (string, int, error) {
	var p contract.Page
	var body []byte
	header := nats.Header{}
	if it.path == "" {
		var err error
		p, body, err = fc.fetch(ctx, it.url)
		if err != nil {
			return "", 0, err
		}
	} else {
		var err error
		if it.path == "-" {
			body, err = io.ReadAll(io.LimitReader(os.Stdin, maxPageBytes+1))
			if err == nil {
				body, err = gunzipped(body)
			}
		} else {
			// A file far too big is refused before it is read.
			if fi, serr := os.Stat(it.path); serr == nil && fc.cfg.MaxPageBytes > 0 && fi.Size() > int64(fc.cfg.MaxPageBytes) {
				return "", 0, tooBig(fi.Size(), fc.cfg.MaxPageBytes)
			}
			body, err = readFile(it.path)
			header.Set(headerIngestFile, it.path)
		}
		if err != nil {
			return "", 0, err
		}
		if err := checkPage(body, fc.cfg.MaxPageBytes); err != nil {
			return "", 0, err
		}
		url := canonical(it.url)
		ct := contentTypeFor(it.path)
		p = contract.Page{
			Schema: contract.Schema, ID: contract.ArticleID(url, body), URL: url, FinalURL: url,
			Source: "file", ContentType: ct, FetchedAt: time.Now().UTC(),
		}
	}
	if err := bus.PublishPage(ctx, js, topo, &p, body, header); err != nil {
		return "", 0, err
	}
	return p.ID, len(body), nil
}
