package postgres

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"
)

// TestAppendValue: the values the store writes are encoded byte for byte
// as pgx encodes them (length first, -1 for NULL), and those it does not
// encode itself go to pgx, out-of-range ones failing there.
func TestAppendValue(t *testing.T) {
	m := pgtype.NewMap()
	for _, tc := range []struct {
		name string
		oid  uint32
		v    any
	}{
		{"text", pgtype.TextOID, "it's — naïve"},
		{"empty text", pgtype.TextOID, ""},
		{"varchar", pgtype.VarcharOID, "abc"},
		{"nil", pgtype.TextOID, nil},
		{"int to int8", pgtype.Int8OID, -7},
		{"int64 to int8", pgtype.Int8OID, int64(1) << 40},
		{"int32 to int8", pgtype.Int8OID, int32(-3)},
		{"int to int4", pgtype.Int4OID, 123456},
		{"int64 to int4", pgtype.Int4OID, int64(-2147483648)},
		{"float8", pgtype.Float8OID, -1.25},
		{"float8 NaN", pgtype.Float8OID, math.Inf(-1)},
		{"bytea", pgtype.ByteaOID, []byte{0, 1, 255}},
		{"empty bytea", pgtype.ByteaOID, []byte{}},
		{"nil bytea", pgtype.ByteaOID, []byte(nil)},
		{"text array", pgtype.TextArrayOID, []string{"a", "", "it's"}},
		{"empty text array", pgtype.TextArrayOID, []string{}},
		{"nil text array", pgtype.TextArrayOID, []string(nil)},
		{"int8 array", pgtype.Int8ArrayOID, []int64{1, -1, 1 << 50}},
		{"float8 array", pgtype.Float8ArrayOID, []float64{0.5, -2}},
		{"empty float8 array", pgtype.Float8ArrayOID, []float64{}},
		// Left to pgx.
		{"bytea array", pgtype.ByteaArrayOID, [][]byte{{9}, nil}},
		{"bool", pgtype.BoolOID, true},
		{"int2", pgtype.Int2OID, 5},
		{"float4", pgtype.Float4OID, float32(0.5)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := appendValue([]byte("x"), m, tc.oid, tc.v)
			if err != nil {
				t.Fatal(err)
			}
			want := binary.BigEndian.AppendUint32([]byte("x"), 0xffffffff)
			enc, err := m.Encode(tc.oid, pgtype.BinaryFormatCode, tc.v, make([]byte, 0, 8))
			if err != nil {
				t.Fatal(err)
			}
			if enc != nil {
				want = append(binary.BigEndian.AppendUint32([]byte("x"), uint32(len(enc))), enc...)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("got %x, want %x", got, want)
			}
		})
	}
	for _, tc := range []struct {
		name string
		oid  uint32
		v    any
	}{
		{"int over int4", pgtype.Int4OID, 1 << 31},
		{"int64 under int4", pgtype.Int4OID, int64(-1) << 40},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := appendValue(nil, m, tc.oid, tc.v); err == nil {
				t.Error("no error")
			}
		})
	}
}
