package textenc

import "bytes"

// binarySignatures start files that are never text, whatever the server
// labels them: PDF, PNG, GIF, JPEG, ZIP (and office files), gzip (a body
// compressed twice, "Content-Encoding: gzip, gzip", is still gzip after the
// transport's one layer), WebP/RIFF, MP4 boxes.
var binarySignatures = [][]byte{
	[]byte("%PDF-"), []byte("\x89PNG"), []byte("GIF8"), []byte("\xff\xd8\xff"),
	[]byte("PK\x03\x04"), []byte("\x1f\x8b"), []byte("RIFF"), []byte("\x00\x00\x00\x18ftyp"), []byte("\x00\x00\x00\x20ftyp"),
}

// Binary reports a body that is not text in any charset, judged by its
// first 4 KB: a binary signature, a NUL byte (outside UTF-16 with a BOM), or
// more than 1 % control characters. Text in any single- or multi-byte
// charset has none but tab, newlines, form feed and ESC (ISO-2022); random
// bytes have about 11 %.
func Binary(body []byte) bool {
	head := body[:min(len(body), 4096)]
	for _, sig := range binarySignatures {
		if bytes.HasPrefix(head, sig) {
			return true
		}
	}
	if bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}) {
		return false // UTF-16: NULs and low bytes are half its ASCII
	}
	controls := 0
	for _, c := range head {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b:
			controls++
		}
	}
	return controls*100 > len(head)
}
