// Package fingerprint tells near-identical article bodies apart from
// independent reports: a wire story that several outlets print with another
// headline, dateline or trimmed ending is one report, not several.
//
// A body's print is a MinHash signature of its word shingles; two bodies
// whose prints agree in most slots share most shingles. Bands of the
// signature are lookup keys, so that a new article is compared only with the
// stored articles sharing a band, whatever the size of the index.
package fingerprint

import (
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"
)

const (
	shingle = 5 // words per shingle: long enough that two reports of one event rarely share many
	// maxWords: a body's opening carries its identity; wire copies are often
	// cut at different lengths, and pages are sometimes stored truncated.
	maxWords    = 400
	minShingles = 30 // a shorter body (a brief, a caption) tells nothing
	slots       = 32
	rows        = 2 // slots per band: copies (most slots agree) share a band all but always
	// Near is the least share of agreeing slots for two bodies to be copies.
	Near = 0.6
)

// Print is a body's MinHash signature; nil for a body too short to tell.
type Print []uint64

// Of returns the print of an article body.
func Of(text string) Print {
	words := bodyWords(text)
	if len(words)-shingle+1 < minShingles {
		return nil
	}
	p := make(Print, slots)
	for i := range p {
		p[i] = ^uint64(0)
	}
	for i := 0; i+shingle <= len(words); i++ {
		h := hashWords(words[i : i+shingle])
		for j := range p {
			if v := mix(h ^ seeds[j]); v < p[j] {
				p[j] = v
			}
		}
	}
	return p
}

// bodyWords are the first maxWords words of text (runs of letters and
// digits), lower-cased: read up to the last of them only, and each word
// lower-cased on its own, rather than a lower-cased copy of the whole body
// split into all its words.
func bodyWords(text string) []string {
	// A word per space, and the last: most bodies' words are split by
	// spaces (len(text)/2, the most words a text can hold, reserved
	// three times the room the words took).
	words := make([]string, 0, min(maxWords, strings.Count(text, " ")+1))
	start := -1
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			words = append(words, strings.ToLower(text[start:i]))
			start = -1
			if len(words) == maxWords {
				return words
			}
		}
	}
	if start >= 0 {
		words = append(words, strings.ToLower(text[start:]))
	}
	return words
}

// hashWords is hash of the words joined by spaces, without joining them.
func hashWords(words []string) uint64 {
	h := uint64(14695981039346656037)
	for k, w := range words {
		if k > 0 {
			h ^= ' '
			h *= 1099511628211
		}
		for i := 0; i < len(w); i++ {
			h ^= uint64(w[i])
			h *= 1099511628211
		}
	}
	return h
}

var seeds = func() [slots]uint64 {
	var s [slots]uint64
	x := uint64(0x9e3779b97f4a7c15)
	for i := range s {
		x = mix(x + uint64(i) + 1)
		s[i] = x
	}
	return s
}()

func hash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// mix is a 64-bit finaliser (splitmix64): each seed gives an independent order.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// Bands are the lookup keys of p: bodies that are copies share at least one.
func (p Print) Bands() []string {
	var out []string
	buf := make([]byte, 8*rows)
	for b := 0; b+rows <= len(p); b += rows {
		for i := range rows {
			binary.LittleEndian.PutUint64(buf[8*i:], p[b+i])
		}
		out = append(out, strconv.Itoa(b/rows)+":"+strconv.FormatUint(hash(string(buf)), 36))
	}
	return out
}

// Similarity is the share of slots where p and o agree: an estimate of the
// share of shingles the two bodies have in common.
func (p Print) Similarity(o Print) float64 {
	if len(p) != len(o) || len(p) == 0 {
		return 0
	}
	n := 0
	for i := range p {
		if p[i] == o[i] {
			n++
		}
	}
	return float64(n) / float64(len(p))
}

// String encodes p for storage ("" for nil).
func (p Print) String() string {
	if len(p) == 0 {
		return ""
	}
	b := make([]byte, 8*len(p))
	for i, v := range p {
		binary.LittleEndian.PutUint64(b[8*i:], v)
	}
	return hex.EncodeToString(b)
}

// Parse decodes a stored print; nil for "" or a malformed value.
func Parse(s string) Print {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 8*slots {
		return nil
	}
	p := make(Print, slots)
	for i := range p {
		p[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return p
}
