// Package textenc decodes a fetched page to UTF-8. Pages declare their
// encoding in several places (BOM, Content-Type header, XML declaration,
// <meta> tag) and the meta tag is often further than the 1024 bytes the
// standard prescan reads: CMS templates put scripts and styles first.
package textenc

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// headScan bounds how far into the page we look for a <meta> charset: far
// enough for bloated heads, not so far that a large page is tokenised twice.
const headScan = 64 << 10

// Source says where the encoding was read from.
const (
	FromBOM     = "bom"
	FromHeader  = "header"
	FromXMLDecl = "xml"
	FromMeta    = "meta"
	FromSniff   = "sniff"
)

// ToUTF8 returns body decoded to valid UTF-8, the encoding's name and where
// it was found. contentType is the response's Content-Type header.
func ToUTF8(body []byte, contentType string) (out []byte, name, source string) {
	enc, name, source := Determine(body, contentType)
	if source == FromBOM {
		body = stripBOM(body)
	}
	if enc == encoding.Nop || name == "utf-8" {
		return bytes.ToValidUTF8(body, []byte("\uFFFD")), "utf-8", source
	}
	dec, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		// The decoders we use replace bad bytes instead of failing; keep the
		// page readable if one does not.
		return bytes.ToValidUTF8(body, []byte("\uFFFD")), "utf-8", FromSniff
	}
	return bytes.ToValidUTF8(dec, []byte("\uFFFD")), name, source
}

// Determine finds body's encoding, in the order browsers use.
func Determine(body []byte, contentType string) (encoding.Encoding, string, string) {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		return encoding.Nop, "utf-8", FromBOM
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}), bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		label := "utf-16le"
		if body[0] == 0xFE {
			label = "utf-16be"
		}
		e, name := charset.Lookup(label)
		return e, name, FromBOM
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if e, name := lookup(params["charset"]); e != nil {
			return e, name, FromHeader
		}
	}
	if e, name := lookup(xmlDeclEncoding(body)); e != nil {
		return e, name, FromXMLDecl
	}
	if e, name := lookup(metaCharset(body)); e != nil {
		// A page cannot declare UTF-16 in ASCII bytes: HTML says read it as UTF-8.
		if strings.HasPrefix(name, "utf-16") {
			return encoding.Nop, "utf-8", FromMeta
		}
		return e, name, FromMeta
	}
	if utf8.Valid(body) {
		return encoding.Nop, "utf-8", FromSniff
	}
	return charmap.Windows1252, "windows-1252", FromSniff
}

func lookup(label string) (encoding.Encoding, string) {
	label = strings.TrimSpace(label)
	if label == "" {
		return nil, ""
	}
	return charset.Lookup(label)
}

func stripBOM(b []byte) []byte {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return b[3:]
	}
	return b // the UTF-16 decoders consume their own BOM
}

var xmlDecl = regexp.MustCompile(`^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

func xmlDeclEncoding(body []byte) string {
	if m := xmlDecl.FindSubmatch(body[:min(len(body), 512)]); m != nil {
		return string(m[1])
	}
	return ""
}

// metaCharset returns the charset a <meta charset> or <meta http-equiv
// content-type> in the page's head declares, or "".
func metaCharset(body []byte) string {
	z := html.NewTokenizer(bytes.NewReader(body[:min(len(body), headScan)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "body":
				return ""
			case "meta":
				if !hasAttr {
					continue
				}
				var cs, httpEquiv, content string
				for {
					k, v, more := z.TagAttr()
					switch string(k) {
					case "charset":
						cs = string(v)
					case "http-equiv":
						httpEquiv = strings.ToLower(string(v))
					case "content":
						content = string(v)
					}
					if !more {
						break
					}
				}
				if cs != "" {
					return cs
				}
				if httpEquiv == "content-type" {
					if _, params, err := mime.ParseMediaType(content); err == nil && params["charset"] != "" {
						return params["charset"]
					}
				}
			}
		}
	}
}
