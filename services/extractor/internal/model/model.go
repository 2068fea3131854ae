// Package model is the learned part of the extractor: a logistic model
// over hashed features that scores a candidate attribution (a rule's
// reading of a sentence: cue, source, content) with the probability that
// it is a real attribution. The rules propose; the model chooses among a
// cue's readings and drops the unlikely ones.
//
// The weights are trained from an attribution corpus by
// cmd/train-attribution and embedded as attribution.model: a small binary
// file of quantised weights, never text (features are hashed).
package model

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Bits is the size of the hashed feature space (2^Bits weights).
const Bits = 16

// scale maps weights to int16 for the file: a weight w is stored as
// round(w*scale), so |w| ≤ 32767/scale ≈ 32.
const scale = 1000

// magic opens a model file; the version follows it.
var magic = [4]byte{'c', 'w', 'a', 'm'}

// Model is a trained logistic model.
type Model struct {
	W    []float32 // one weight per hashed feature
	Bias float32
}

//go:embed attribution.model
var embedded []byte

// Default returns the embedded model, or nil when the binary was built
// without one (the rules then decide alone).
func Default() *Model { return defaultModel }

var defaultModel = func() *Model {
	if len(embedded) == 0 {
		return nil
	}
	m, err := Unmarshal(embedded)
	if err != nil {
		panic(fmt.Sprintf("model: embedded attribution.model: %v", err)) // a build defect
	}
	return m
}()

// Score returns the model's probability for a candidate with features fs.
func (m *Model) Score(fs Features) float64 {
	z := float64(m.Bias)
	for _, f := range fs {
		z += float64(m.W[f])
	}
	return 1 / (1 + math.Exp(-z))
}

// Features is a candidate's hashed features.
type Features []uint32

// Builder hashes features without building strings for them.
type Builder struct{ fs Features }

// Reset empties the builder for another candidate.
func (b *Builder) Reset() { b.fs = b.fs[:0] }

// Add adds the feature name=value.
func (b *Builder) Add(name, value string) {
	h := fnvString(offset32, name)
	h = fnvByte(h, '=')
	h = fnvString(h, value)
	b.fs = append(b.fs, h&(1<<Bits-1))
}

// Add2 adds the conjoined feature name=v1|v2.
func (b *Builder) Add2(name, v1, v2 string) {
	h := fnvString(offset32, name)
	h = fnvByte(h, '=')
	h = fnvString(h, v1)
	h = fnvByte(h, '|')
	h = fnvString(h, v2)
	b.fs = append(b.fs, h&(1<<Bits-1))
}

// FNV-1a, 32 bits, over strings without allocating (hash/fnv's Write
// needs a []byte): the same hash the model file was trained with.
const (
	offset32 = 2166136261
	prime32  = 16777619
)

func fnvString(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= prime32
	}
	return h
}

func fnvByte(h uint32, c byte) uint32 {
	h ^= uint32(c)
	return h * prime32
}

// Features returns a copy of the features built so far.
func (b *Builder) Features() Features { return append(Features(nil), b.fs...) }

// Marshal encodes the model: magic, version, bits, bias, then the
// weights as little-endian int16.
func (m *Model) Marshal() []byte {
	var buf bytes.Buffer
	buf.Write(magic[:])
	binary.Write(&buf, binary.LittleEndian, uint16(1))
	binary.Write(&buf, binary.LittleEndian, uint16(Bits))
	binary.Write(&buf, binary.LittleEndian, quantise(m.Bias))
	for _, w := range m.W {
		binary.Write(&buf, binary.LittleEndian, quantise(w))
	}
	return buf.Bytes()
}

func quantise(w float32) int16 {
	v := math.Round(float64(w) * scale)
	return int16(max(-32767, min(32767, v)))
}

// Unmarshal decodes a model file.
func Unmarshal(b []byte) (*Model, error) {
	if len(b) < 10 || !bytes.Equal(b[:4], magic[:]) {
		return nil, errors.New("not a model file")
	}
	if v := binary.LittleEndian.Uint16(b[4:]); v != 1 {
		return nil, fmt.Errorf("model version %d, this build knows 1", v)
	}
	bits := binary.LittleEndian.Uint16(b[6:])
	if bits != Bits {
		return nil, fmt.Errorf("model of %d bits, this build uses %d", bits, Bits)
	}
	n := 1 << bits
	if len(b) != 10+2*n {
		return nil, fmt.Errorf("model file of %d bytes, want %d", len(b), 10+2*n)
	}
	m := &Model{W: make([]float32, n)}
	m.Bias = float32(int16(binary.LittleEndian.Uint16(b[8:]))) / scale
	for i := range m.W {
		m.W[i] = float32(int16(binary.LittleEndian.Uint16(b[10+2*i:]))) / scale
	}
	return m, nil
}
