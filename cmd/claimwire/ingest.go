package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
)

func init() {
	register("ingest", "push local files (HTML or text; folders recursively) or URLs into the running pipeline", runIngest)
}

// ingestible are the file kinds ingest reads; anything else in a folder is skipped.
var ingestible = map[string]bool{".html": true, ".htm": true, ".xhtml": true, ".txt": true, ".text": true}

type ingestItem struct {
	path string // local file, or "" for a URL
	url  string
}

func runIngest(ctx context.Context, args []string) error {
	fs := newFlags("ingest", "[flags] PATH|URL...",
		"Publishes local files (HTML or plain text; folders are read recursively, .gz files decompressed) or\n"+
			"URLs to the PAGES stream of a running pipeline (see 'claimwire up'). Ingesting the same file twice\n"+
			"adds nothing: the article id comes from the URL, or from the content for a file without one.\n"+
			"A manifest.tsv beside the files (columns: id, url; header line first) gives files their URLs.\n"+
			"URLs are fetched here with the fetcher's safe client (robots.txt, size caps, SSRF guard).")
	var c connFlags
	c.register(fs)
	wait := fs.Bool("wait", false, "wait until every page is indexed (polls --api)")
	api := fs.String("api", envOr("CLAIMWIRE_API", "http://127.0.0.1:8080"), "indexer API, for --wait (env CLAIMWIRE_API)")
	timeout := fs.Duration("timeout", 5*time.Minute, "give up waiting after this long")
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
	if len(items) == 0 {
		return fmt.Errorf("nothing to ingest (skipped %d files that are not .html/.htm/.xhtml/.txt[.gz])", skipped)
	}
	nc, js, topo, err := c.connect(ctx, "ingest")
	if err != nil {
		return err
	}
	defer nc.Close()

	prog := newProgress("ingest", len(items))
	var ids []string
	var failed int
	for _, it := range items {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		id, n, err := publishItem(ctx, js, topo, it, &fc)
		if err != nil {
			failed++
			fmt.Fprintf(os.Stderr, "\ningest: %s: %v\n", it.name(), err)
			prog.add(0)
			continue
		}
		ids = append(ids, id)
		prog.add(n)
	}
	prog.done()
	if skipped > 0 {
		fmt.Fprintf(os.Stderr, "ingest: skipped %d files that are not .html/.htm/.xhtml/.txt[.gz]\n", skipped)
	}
	if *wait && len(ids) > 0 {
		if err := waitIndexed(ctx, *api, ids, *timeout); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d inputs failed", failed, len(items))
	}
	return nil
}

func (it ingestItem) name() string {
	if it.path != "" {
		return it.path
	}
	return it.url
}

// collect expands folders and reads manifests.
func collect(args []string) ([]ingestItem, int, error) {
	var items []ingestItem
	skipped := 0
	for _, a := range args {
		if strings.HasPrefix(a, "http://") || strings.HasPrefix(a, "https://") {
			items = append(items, ingestItem{url: a})
			continue
		}
		info, err := os.Stat(a)
		if err != nil {
			return nil, 0, err
		}
		if !info.IsDir() {
			items = append(items, ingestItem{path: a, url: manifestURL(a)})
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
			items = append(items, ingestItem{path: p, url: manifestURL(p)})
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
	}
	return items, skipped, nil
}

var manifests = map[string]map[string]string{}

// manifestURL looks the file up in a manifest.tsv in its folder.
func manifestURL(path string) string {
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

// publishItem reads or fetches one input and publishes it as a Page.
func publishItem(ctx context.Context, js jetstream.JetStream, topo bus.Topology, it ingestItem, fc *fetchFlags) (string, int, error) {
	var p contract.Page
	var body []byte
	if it.path == "" {
		var err error
		p, body, err = fc.fetch(ctx, it.url)
		if err != nil {
			return "", 0, err
		}
	} else {
		var err error
		if body, err = readFile(it.path); err != nil {
			return "", 0, err
		}
		url := canonical(it.url)
		p = contract.Page{
			Schema: contract.Schema, ID: contract.ArticleID(url, body), URL: url, FinalURL: url,
			Source: "file", ContentType: contentTypeFor(it.path), FetchedAt: time.Now().UTC(),
		}
	}
	if err := bus.PackPage(ctx, js, topo, &p, body, 0); err != nil {
		return "", 0, err
	}
	data, err := json.Marshal(p)
	if err != nil {
		return "", 0, err
	}
	id := contract.MsgID("page", p.ID, contract.ContentHash(body))
	if err := bus.Publish(ctx, js, topo.Subject(contract.SubjectPages), data, id); err != nil {
		return "", 0, err
	}
	return p.ID, len(body), nil
}

// waitIndexed polls the API until every article is indexed.
func waitIndexed(ctx context.Context, api string, ids []string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	pending := map[string]bool{}
	for _, id := range ids {
		pending[id] = true
	}
	prog := newProgress("indexed", len(pending))
	client := &http.Client{Timeout: 5 * time.Second}
	for len(pending) > 0 {
		for id := range pending {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(api, "/")+"/api/articles/"+id, nil)
			resp, err := client.Do(req)
			if err != nil {
				if ctx.Err() != nil {
					break
				}
				continue
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				delete(pending, id)
				prog.add(0)
			}
		}
		if len(pending) == 0 {
			break
		}
		select {
		case <-ctx.Done():
			prog.done()
			return fmt.Errorf("%d of %d articles not indexed after %s (is 'claimwire up' running? see 'claimwire status' for pending and dead letters)", len(pending), len(ids), timeout)
		case <-time.After(200 * time.Millisecond):
		}
	}
	prog.done()
	return nil
}
