package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Page files may be gzipped whatever their name (a .gz saved as .html, a
// gzipped page piped to "claimwire clean -"); decompression is bounded.
func TestGunzipped(t *testing.T) {
	page := []byte("<html><body><p>Hello.</p></body></html>")
	for _, tc := range []struct {
		name    string
		in      []byte
		want    []byte
		wantErr string
	}{
		{"plain", page, page, ""},
		{"gzip", gz(t, page), page, ""},
		{"empty", nil, nil, ""},
		{"truncated gzip", gz(t, page)[:12], nil, "unexpected EOF"},
		{"bomb", gz(t, make([]byte, maxPageBytes+1)), nil, "more than 64 MB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := gunzipped(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v; want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !bytes.Equal(got, tc.want) {
				t.Fatalf("gunzipped = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	// By content, not by name.
	path := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(path, gz(t, page), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := readFile(path); err != nil || !bytes.Equal(got, page) {
		t.Fatalf("readFile(gzipped .html) = %q, %v", got, err)
	}
}
