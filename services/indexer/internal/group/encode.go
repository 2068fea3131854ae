package group

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"math"
	"math/bits"
	"slices"
	"sync"

	"github.com/claimwire/claimwire/pkg/contract"
)

// Stored features. A store compares each new claim with stored ones, and
// rebuilding a stored claim's Item from its text (tokenising, folding,
// reading its figures) cost more than the comparison itself once the
// candidates no longer fit in a cache. EncodeFeatures writes what NewItem
// derives from a claim in a compact form the store keeps with the claim;
// DecodeFeatures reads it back without tokenising.
//
// An encoding is only valid for the NewItem that wrote it: a change to how
// features are derived (a new stopword, a new field) must not mix old and
// new features. Each encoding therefore starts with a stamp of NewItem's
// behaviour — a hash of the features NewItem derives for a fixed set of
// probe claims, in this encoding — and DecodeFeatures refuses another stamp
// (the store then rebuilds the Item from the text, as before). A change that
// the probes do not show must add a probe that shows it.

// ErrStaleFeatures is returned for features written by another NewItem (or
// not written by EncodeFeatures).
var ErrStaleFeatures = errors.New("group: stored features from another version")

// stampLen is the length of the behaviour stamp at the head of an encoding.
const stampLen = 8

// featureProbes exercise each derived feature: names and figures (weights,
// nums, measure), negation (negs, negOnly, plainOnly), quoted runs,
// sentences, folding of accents and apostrophes.
var featureProbes = []contract.Claim{
	{ID: "p1", Kind: contract.KindQuote, Text: "We will not close the northern ferry route before Maribel Quint's review is done in March",
		Speaker: &contract.Speaker{Name: "Tomas Verrin", Type: contract.SpeakerPerson}},
	{ID: "p2", Kind: contract.KindStatistic, Text: "the flood left 240 people dead and over 1,500 homeless in Dravenport",
		Numbers: []contract.Number{{Value: ptr(240), Unit: "people killed", Text: "240 people"}, {Value: ptr(1500), Qualifier: "over", Unit: "people homeless", Text: "over 1,500"}}},
	{ID: "p3", Kind: contract.KindReported, Text: "the council urged residents to “stay indoors” and said it isn't safe yet. Crews are out; roads are closed.",
		Speaker: &contract.Speaker{Name: "Harbour council", Type: contract.SpeakerOrganization}},
	{ID: "p4", Kind: contract.KindQuote, Text: "Café owners on Rue Émile can't pay 12% more rent, and they won't", Speaker: &contract.Speaker{Name: "Zélie Arnaud", Type: contract.SpeakerPerson}},
	{ID: "p5", Kind: contract.KindQuote, Text: "Turnout rose to 61.5 percent, the highest since 1998, officials said"},
	// A verb of failing negates its infinitive (negatesAt).
	{ID: "p6", Kind: contract.KindReported, Text: "the ferry line failed to publish its winter timetable",
		Speaker: &contract.Speaker{Name: "Harbour council", Type: contract.SpeakerOrganization}},
	// A word folded to another family's head (synonyms.txt).
	{ID: "p7", Kind: contract.KindStatistic, Text: "a jury found three dock officials guilty of fraud",
		Numbers: []contract.Number{{Value: ptr(3), Unit: "officials convicted", Text: "three dock officials"}}},
	// A figure with a word of scale (scales.txt), read as the product.
	{ID: "p8", Kind: contract.KindQuote, Text: "Each of the families will get 2 lakh rupees and the port 1.5 million",
		Speaker: &contract.Speaker{Name: "Tomas Verrin", Type: contract.SpeakerPerson}},
	// A wording cut short within a word (cut).
	{ID: "p10", Kind: contract.KindQuote, Text: "We will never close the northern ferry route, whatever the co\u2026",
		Speaker: &contract.Speaker{Name: "Tomas Verrin", Type: contract.SpeakerPerson}},
	// A figure of a tens word and a unit ("twenty-five"), read as one.
	{ID: "p9", Kind: contract.KindQuote, Text: "Twenty-five boats and forty two nets were lost",
		Speaker: &contract.Speaker{Name: "Tomas Verrin", Type: contract.SpeakerPerson}},
}

func ptr(v float64) *float64 { return &v }

var stamp = sync.OnceValue(func() []byte {
	h := sha256.New()
	for _, c := range featureProbes {
		it := NewItem("probe", c)
		h.Write(encodeDerived(nil, &it))
	}
	return h.Sum(nil)[:stampLen]
})

// EncodeFeatures appends it's derived features (what NewItem computes from
// the claim beyond its id, article, kind, speaker and text) to dst.
func EncodeFeatures(dst []byte, it *Item) []byte {
	e := encoders.Get().(*encoder)
	defer e.release()
	e.derived(it)
	dst = slices.Grow(dst, stampLen+len(e.b))
	return append(append(dst, stamp()...), e.b...)
}

// DecodeFeatures returns the Item NewItem would build, from the claim's
// stored columns and its EncodeFeatures encoding; ErrStaleFeatures when the
// encoding is from another NewItem.
func DecodeFeatures(id, articleID, kind, speakerKey, speakerType, text string, b []byte) (Item, error) {
	return decodeFeatures(id, articleID, kind, speakerKey, speakerType, text, b, 0, 0)
}

// decodeFeatures is DecodeFeatures with room for nStrs strings and nFloats
// floats in the Item's lists taken at once (0: in chunks, as they come).
func decodeFeatures(id, articleID, kind, speakerKey, speakerType, text string, b []byte, nStrs, nFloats int) (Item, error) {
	it := Item{ID: id, ArticleID: articleID, Kind: kind, SpeakerKey: speakerKey, SpeakerType: speakerType, Text: text}
	if len(b) < stampLen || !bytes.Equal(b[:stampLen], stamp()) {
		return it, ErrStaleFeatures
	}
	seen := seenTables.Get().(*[]string)
	d := decoder{b: string(b[stampLen:]), seen: (*seen)[:0]}
	if nStrs > 0 {
		d.strBuf = make([]string, 0, nStrs)
	}
	if nFloats > 0 {
		d.floatBuf = make([]float64, 0, nFloats)
	}
	defer func() {
		clear(d.seen) // the strings are the Item's: not kept alive by the pool
		*seen = d.seen[:0]
		seenTables.Put(seen)
	}()
	it.Numbers = d.floats()
	it.Units = d.str()
	it.terms = d.strs()
	it.norm = d.str()
	it.words = d.strs()
	it.weights = d.floats()
	it.mass = d.float()
	it.nums = d.floats()
	it.measure = d.str()
	it.negOnly = d.strs()
	it.plainOnly = d.strs()
	it.negs = int(d.uint())
	it.sentences = int(d.uint())
	if n := d.uint(); n > 0 && d.err == nil {
		it.quoted = make([][]string, 0, min(n, uint64(len(d.b))))
		for range n {
			if d.err != nil {
				break
			}
			it.quoted = append(it.quoted, d.strs())
		}
	}
	it.seq = d.strs()
	it.nameTails = d.strs()
	it.ownKnown = d.uint() == 1
	it.own = d.strs()
	if d.err != nil || len(d.b) != 0 || len(it.weights) != len(it.terms) {
		return it, ErrStaleFeatures
	}
	for _, w := range it.weights {
		if w != 1 && w != anchorWeight {
			return it, ErrStaleFeatures // derive packs no other weight
		}
	}
	it.derive()
	return it, nil
}

// ArticleItems are the Items of one article's claims, marked (MarkOwn,
// skip as there), each as DecodeFeatures reads it back from its
// EncodeFeatures encoding, and those encodings: what a store keeps of a new
// claim, its strings sharing one allocation and its lists a few, which a
// cache holds at less cost to the garbage collector than NewItem's. The
// Items NewItem would build are only encoded, so they skip derive.
func ArticleItems(articleID string, claims []contract.Claim, skip []bool) ([]Item, [][]byte) {
	items := make([]Item, len(claims))
	for i, c := range claims {
		items[i] = newItem(articleID, c)
	}
	MarkOwn(items, skip)
	feats := make([][]byte, len(items))
	for i := range items {
		it := &items[i]
		feats[i] = EncodeFeatures(nil, it)
		// The lists' room taken at once, of their exact sizes: in chunks,
		// a cached Item kept the chunks' unused room.
		nStrs := len(it.terms) + len(it.words) + len(it.negOnly) + len(it.plainOnly) + len(it.seq) + len(it.nameTails) + len(it.own)
		for _, q := range it.quoted {
			nStrs += len(q)
		}
		nFloats := len(it.Numbers) + len(it.weights) + len(it.nums)
		d, err := decodeFeatures(it.ID, it.ArticleID, it.Kind, it.SpeakerKey, it.SpeakerType, it.Text, feats[i], nStrs, nFloats)
		if err != nil {
			it.derive() // cannot happen: kept as NewItem built it
			continue
		}
		*it = d
	}
	return items, feats
}

// encodeDerived appends the derived fields of it to dst (encoder.derived).
func encodeDerived(dst []byte, it *Item) []byte {
	e := encoders.Get().(*encoder)
	defer e.release()
	e.derived(it)
	return append(dst, e.b...)
}

// derived writes the derived fields of it in a fixed order (DecodeFeatures
// reads them in the same).
func (e *encoder) derived(it *Item) {
	e.floats(it.Numbers)
	e.str(it.Units)
	e.strs(it.terms)
	e.str(it.norm)
	e.strs(it.words)
	e.floats(it.weights)
	e.float(it.mass)
	e.floats(it.nums)
	e.str(it.measure)
	e.strs(it.negOnly)
	e.strs(it.plainOnly)
	e.uint(uint64(it.negs))
	e.uint(uint64(it.sentences))
	e.uint(uint64(len(it.quoted)))
	for _, q := range it.quoted {
		e.strs(q)
	}
	e.strs(it.seq)
	e.strs(it.nameTails)
	known := uint64(0)
	if it.ownKnown {
		known = 1
	}
	e.uint(known)
	e.strs(it.own)
}

// encoder writes the fields compactly: most of an Item's strings are words
// of its text several times over (terms are words, negOnly and plainOnly
// are terms), so a string written before is written as a reference to it;
// and the floats are mostly small round numbers, whose bits written in
// reverse byte order make short varints.
type encoder struct {
	b    []byte
	seen map[string]int // string → its index among the new strings written
}

// encoders are kept for the next encoding: grown from nothing, an
// encoding's buffer and string table were as much garbage as the features
// themselves (every ClaimSet applied encodes its claims), and the caller
// gets a copy of just the encoding's size.
var encoders = sync.Pool{New: func() any { return &encoder{seen: map[string]int{}} }}

// release empties e and returns it to encoders; one grown unusually large
// (a claim of a whole article's length) is let go.
func (e *encoder) release() {
	if cap(e.b) > 64<<10 || len(e.seen) > 4096 {
		return
	}
	e.b = e.b[:0]
	clear(e.seen)
	encoders.Put(e)
}

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) float(v float64) {
	e.uint(bits.ReverseBytes64(math.Float64bits(v)))
}

// str writes s as 2×len (even) and its bytes, or as 2×i+1 (odd) when it is
// the i-th new string already written.
func (e *encoder) str(s string) {
	if i, ok := e.seen[s]; ok {
		e.uint(uint64(2*i + 1))
		return
	}
	e.seen[s] = len(e.seen)
	e.uint(uint64(2 * len(s)))
	e.b = append(e.b, s...)
}

// strs and floats keep nil and empty apart (reflect.DeepEqual and the
// comparisons do not care, but a round trip then gives back the same Item).
func (e *encoder) strs(v []string)    { putList(e, v, e.str) }
func (e *encoder) floats(v []float64) { putList(e, v, e.float) }

func putList[T any](e *encoder, v []T, write func(T)) {
	if v == nil {
		e.uint(0)
		return
	}
	e.uint(uint64(len(v)) + 1)
	for _, x := range v {
		write(x)
	}
}

// decoder reads what encoder wrote; the first error sticks and later reads
// return zero values. It reads from one string: the Item's strings are
// slices of it (one allocation, not one per word).
//
// The lists are cut from a few shared arrays (strBuf, floatBuf) rather
// than made one by one: a store decodes the features of every candidate it
// does not cache, and once the index outgrows its cache that was a dozen
// allocations a candidate, most of the decoding's time and a good part of
// the garbage collector's. Each list is cut to its length (a full slice
// expression), so an append to it copies rather than writes into the next.
type decoder struct {
	b        string
	err      error
	seen     []string // the new strings read so far, for references
	strBuf   []string
	floatBuf []float64
}

// seenTables are decoders' tables of the strings read so far, which only
// live while an Item is decoded (grown by append, one was half a dozen
// allocations).
var seenTables = sync.Pool{New: func() any { s := make([]string, 0, strChunk); return &s }}

// strChunk and floatChunk are how many values of a kind the decoder
// allocates room for at once: about what one Item's lists hold (a claim of
// 15 terms has some 50 strings and 20 figures and weights in its lists).
const (
	strChunk   = 56
	floatChunk = 24
)

var errShort = errors.New("group: truncated features")

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	var v uint64
	for i := 0; i < len(d.b) && i < binary.MaxVarintLen64; i++ {
		c := d.b[i]
		if c < 0x80 {
			d.b = d.b[i+1:]
			return v | uint64(c)<<(7*i)
		}
		v |= uint64(c&0x7f) << (7 * i)
	}
	d.err = errShort
	return 0
}

func (d *decoder) float() float64 {
	return math.Float64frombits(bits.ReverseBytes64(d.uint()))
}

func (d *decoder) str() string {
	n := d.uint()
	if d.err != nil {
		return ""
	}
	if n%2 == 1 {
		if n/2 >= uint64(len(d.seen)) {
			d.err = errShort
			return ""
		}
		return d.seen[n/2]
	}
	n /= 2
	if n > uint64(len(d.b)) {
		d.err = errShort
		return ""
	}
	s := d.b[:n]
	d.b = d.b[n:]
	d.seen = append(d.seen, s)
	return s
}

func (d *decoder) strs() []string    { return list(d, &d.strBuf, strChunk, d.str) }
func (d *decoder) floats() []float64 { return list(d, &d.floatBuf, floatChunk, d.float) }

// list reads a count (0 for nil, else n+1) and that many values, into room
// cut from buf.
func list[T any](d *decoder, buf *[]T, chunk int, read func() T) []T {
	n := d.uint()
	if d.err != nil || n == 0 {
		return nil
	}
	n--
	if n > uint64(len(d.b)) { // each value takes at least a byte
		d.err = errShort
		return nil
	}
	if *buf == nil || uint64(cap(*buf)-len(*buf)) < n {
		*buf = make([]T, 0, max(int(n), chunk))
	}
	lo, hi := len(*buf), len(*buf)+int(n)
	*buf = (*buf)[:hi]
	out := (*buf)[lo:hi:hi]
	for i := range out {
		out[i] = read()
	}
	return out
}
