package textenc

import (
	"bytes"
	"compress/gzip"
	"math/rand/v2"
	"testing"

	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

func TestBinary(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 7))
	random := make([]byte, 200<<10)
	for i := range random {
		random[i] = byte(rnd.IntN(256))
	}
	noNUL := bytes.ReplaceAll(random, []byte{0}, []byte{1})
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("<html><body><p>compressed twice</p></body></html>"))
	zw.Close()
	sjis, _ := japanese.ShiftJIS.NewEncoder().String("<p>東京で記者会見が開かれた。</p>")
	iso2022, _ := japanese.ISO2022JP.NewEncoder().String("<p>東京で記者会見が開かれた。</p>")
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String("<p>plain words</p>")
	for _, tc := range []struct {
		name string
		body []byte
		want bool
	}{
		{"random bytes", random, true},
		{"random bytes without NUL", noNUL, true},
		{"gzip inside", gz.Bytes(), true},
		{"pdf", []byte("%PDF-1.7\n%âãÏÓ"), true},
		{"html", []byte("<!doctype html><html><body><p>Hello,\tworld.</p>\r\n</body></html>"), false},
		{"shift_jis", []byte(sjis), false},
		{"iso-2022-jp", []byte(iso2022), false},
		{"utf-16 with BOM", []byte(utf16), false},
		{"latin-1", []byte("<p>caf\xe9 na\xefve r\xe9sum\xe9</p>"), false},
		{"empty", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Binary(tc.body); got != tc.want {
				t.Errorf("Binary = %v, want %v", got, tc.want)
			}
		})
	}
}
