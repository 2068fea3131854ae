package textenc

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func win1252(t *testing.T, s string) []byte {
	t.Helper()
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestToUTF8(t *testing.T) {
	const text = "Café – “naïve” résumé €5"
	padding := "<script>" + strings.Repeat("var x = 1; ", 200) + "</script>" // pushes the meta tag past byte 1024
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("<p>" + text + "</p>"))
	for _, tc := range []struct {
		name        string
		body        []byte
		contentType string
		wantName    string
		wantSource  string
	}{
		{"header charset", append([]byte("<p>"), win1252(t, text)...), "text/html; charset=windows-1252", "windows-1252", FromHeader},
		{"latin1 label is windows-1252", append([]byte("<p>"), win1252(t, text)...), "text/html; charset=ISO-8859-1", "windows-1252", FromHeader},
		{"meta charset", append([]byte(`<html><head><meta charset="windows-1252"></head><body><p>`), win1252(t, text)...), "text/html", "windows-1252", FromMeta},
		{"meta after byte 1024", append([]byte("<html><head>"+padding+`<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body><p>`), win1252(t, text)...), "text/html", "windows-1252", FromMeta},
		{"xml declaration", append([]byte(`<?xml version="1.0" encoding="windows-1252"?><html><body><p>`), win1252(t, text)...), "application/xhtml+xml", "windows-1252", FromXMLDecl},
		{"utf-8 bom", append([]byte{0xEF, 0xBB, 0xBF}, []byte("<p>"+text)...), "text/html; charset=windows-1252", "utf-8", FromBOM},
		{"utf-16 bom", utf16, "text/html", "utf-16le", FromBOM},
		{"utf-8 sniffed past 1024 ascii bytes", []byte("<html><head>" + padding + "</head><body><p>" + text), "text/html", "utf-8", FromSniff},
		{"windows-1252 sniffed", append([]byte("<p>"), win1252(t, text)...), "text/html", "windows-1252", FromSniff},
		{"meta utf-16 means utf-8", []byte(`<meta charset="utf-16"><p>` + text), "", "utf-8", FromMeta},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, name, source := ToUTF8(tc.body, tc.contentType)
			if name != tc.wantName || source != tc.wantSource {
				t.Fatalf("encoding %s from %s, want %s from %s", name, source, tc.wantName, tc.wantSource)
			}
			if !utf8.Valid(out) {
				t.Fatal("output is not valid UTF-8")
			}
			if !bytes.Contains(out, []byte(text)) {
				t.Fatalf("decoded text missing: %q", out[max(0, len(out)-80):])
			}
		})
	}
}

func TestInvalidUTF8Replaced(t *testing.T) {
	out, _, _ := ToUTF8([]byte("<meta charset=utf-8>ok \xff\xfe bad"), "")
	if !utf8.Valid(out) || !bytes.Contains(out, []byte("\uFFFD")) {
		t.Fatalf("got %q", out)
	}
}

func FuzzToUTF8(f *testing.F) {
	f.Add([]byte(`<meta charset="koi8-r"><p>\xc1\xc2`), "text/html")
	f.Add([]byte("\xfe\xff\x00a"), "")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		out, _, _ := ToUTF8(body, ct)
		if !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8 out of %q", body)
		}
	})
}

func BenchmarkToUTF8(b *testing.B) {
	page := []byte("<html><head><title>t</title></head><body>" + strings.Repeat("<p>Some text – with a dash.</p>", 2000) + "</body></html>")
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		ToUTF8(page, "text/html")
	}
}
