package postgres

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/claimwire/claimwire/services/indexer/internal/store"
)

// copyAll bulk-loads several tables' rows in one round trip: one simple
// query of a COPY FROM STDIN per table, followed without waiting by each
// COPY's data and end, where pgx's CopyFrom waits for each COPY to
// complete before the next begins. The writer and its backend take turns,
// so every round trip of a group commit is latency on the critical path.
// then, a statement whose arguments are arrays, follows in the same round
// trip, and after, statements without parameters (the counter's read and
// COMMIT), whose first columns it returns as pipe does. Should a COPY
// fail, the server skips the rest of the query and ignores the data still
// to come (as it does any copy data outside a COPY); then and after fail
// in the aborted transaction (a failed statement skips the rest of
// after, COMMIT included), which the caller rolls back.
//
// The messages are written into one buffer, kept for the next call
// (wireBufs), and sent in one write: through pgx's frontend, which
// starts again from a small buffer after each flush, a group commit's
// few megabytes were copied and grown message by message, a third of the
// indexer's allocations.
func copyAll(ctx context.Context, driverConn any, sets []store.CopySet, then *store.Stmt, after []string) ([]string, error) {
	c, ok := driverConn.(*stdlib.Conn)
	if !ok {
		return nil, fmt.Errorf("postgres: copy: a %T is not a pgx connection", driverConn)
	}
	conn := c.Conn()
	w := getWire()
	defer putWire(w)
	var stmts []string
	var fields [][]pgconn.FieldDescription
	for _, set := range sets {
		if len(set.Rows) == 0 {
			continue
		}
		cols := make([]string, len(set.Cols))
		for i, col := range set.Cols {
			cols[i] = pgx.Identifier{col}.Sanitize()
		}
		table := pgx.Identifier{set.Table}.Sanitize()
		// The columns' types, for the binary format: described once per
		// connection (pgx keeps prepared statements by name).
		describe := "SELECT " + strings.Join(cols, ", ") + " FROM " + table
		sd, err := conn.Prepare(ctx, describe, describe)
		if err != nil {
			return nil, fmt.Errorf("postgres: copy into %s: %w", set.Table, err)
		}
		stmts = append(stmts, "COPY "+table+" ("+strings.Join(cols, ", ")+") FROM STDIN BINARY")
		fields = append(fields, sd.Fields)
	}
	ready := 0 // ReadyForQuery messages to come: one per query, one per Sync
	var err error
	buf := w.buf[:0]
	if len(stmts) > 0 {
		buf, _ = (&pgproto3.Query{String: strings.Join(stmts, ";\n")}).Encode(buf)
		x := 0
		for _, set := range sets {
			if len(set.Rows) == 0 {
				continue
			}
			if buf, err = appendCopyData(buf, conn.TypeMap(), fields[x], set.Rows); err != nil {
				return nil, fmt.Errorf("postgres: copy into %s: %w", set.Table, err)
			}
			buf, _ = (&pgproto3.CopyDone{}).Encode(buf)
			x++
		}
		ready++
	}
	// The statement after, in the extended protocol (its arguments are
	// bound in the binary format), right behind. Should a COPY have failed,
	// it fails too (the transaction is aborted) and the Sync ends it.
	if then != nil {
		oids, err := argOIDs(then.Args)
		if err != nil {
			return nil, fmt.Errorf("postgres: copy: %s: %w", then.SQL, err)
		}
		buf, _ = (&pgproto3.Parse{Query: then.SQL, ParameterOIDs: oids}).Encode(buf)
		if buf, err = appendBind(buf, conn.TypeMap(), oids, then.Args); err != nil {
			return nil, fmt.Errorf("postgres: copy: %s: %w", then.SQL, err)
		}
		buf, _ = (&pgproto3.Execute{}).Encode(buf)
		buf, _ = (&pgproto3.Sync{}).Encode(buf)
		ready++
	}
	if len(after) > 0 {
		buf, _ = (&pgproto3.Query{String: strings.Join(after, ";\n")}).Encode(buf)
		ready++
	}
	w.buf = buf
	if ready == 0 {
		return nil, nil
	}
	pc := conn.PgConn()
	if err := send(ctx, pc, buf); err != nil {
		return nil, err
	}
	var pgErr error
	firsts := make([]string, len(after))
	var tags []string // of after's statements
	rowSeen := false  // the current one's first row
	for {
		msg, err := pc.ReceiveMessage(ctx)
		if err != nil {
			// The connection is in an unknown state: close it, so that it
			// is not pooled (database/sql then drops it).
			pc.Close(context.Background())
			return nil, fmt.Errorf("postgres: copy: %w", err)
		}
		switch msg := msg.(type) {
		case *pgproto3.ErrorResponse:
			if pgErr == nil {
				pgErr = pgconn.ErrorResponseToPgError(msg)
			}
		case *pgproto3.DataRow:
			// The first row of one of after's statements (the last query).
			if x := len(tags); ready == 1 && len(after) > 0 && !rowSeen && x < len(firsts) && len(msg.Values) > 0 {
				firsts[x], rowSeen = string(msg.Values[0]), true
			}
		case *pgproto3.CommandComplete:
			if ready == 1 && len(after) > 0 {
				tags, rowSeen = append(tags, string(msg.CommandTag)), false
			}
		case *pgproto3.ReadyForQuery:
			if ready--; ready > 0 {
				continue
			}
			if pgErr != nil {
				return nil, fmt.Errorf("postgres: copy: %w", pgErr)
			}
			// COMMIT in a transaction that failed answers ROLLBACK, not an
			// error; a statement skipped answers nothing.
			if len(tags) != len(after) || len(after) > 0 && strings.EqualFold(after[len(after)-1], "COMMIT") && tags[len(tags)-1] != "COMMIT" {
				return nil, fmt.Errorf("postgres: copy: statements after answered %q", tags)
			}
			return firsts, nil
		}
	}
}

// wireBufs keeps copyAll's buffers between group commits: a commit's
// messages are a few megabytes, which grown anew each time were copied
// about twice over and left to the garbage collector.
var wireBufs = make(chan *wire, 2)

type wire struct{ buf []byte }

// maxWireKept is the largest buffer kept: a batch far larger than usual
// does not pin its memory.
const maxWireKept = 64 << 20

func getWire() *wire {
	select {
	case w := <-wireBufs:
		return w
	default:
		return &wire{}
	}
}

func putWire(w *wire) {
	if cap(w.buf) > maxWireKept {
		return
	}
	select {
	case wireBufs <- w:
	default:
	}
}

// argOIDs are the types of args, each a slice of one of the types the
// store binds as an array (store.unnestRows).
func argOIDs(args []any) ([]uint32, error) {
	oids := make([]uint32, len(args))
	for i, a := range args {
		switch a.(type) {
		case []string:
			oids[i] = pgtype.TextArrayOID
		case []int64:
			oids[i] = pgtype.Int8ArrayOID
		case []float64:
			oids[i] = pgtype.Float8ArrayOID
		case [][]byte:
			oids[i] = pgtype.ByteaArrayOID
		default:
			return nil, fmt.Errorf("argument %d: a %T, not an array", i+1, a)
		}
	}
	return oids, nil
}

// appendBind appends a Bind message of args (of types oids) in the binary
// format, as pgproto3.Bind encodes it, each argument encoded in place.
func appendBind(buf []byte, m *pgtype.Map, oids []uint32, args []any) ([]byte, error) {
	at := len(buf)
	buf = append(buf, 'B', 0, 0, 0, 0) // its length, set last
	buf = append(buf, 0, 0)            // the unnamed portal and statement
	buf = binary.BigEndian.AppendUint16(buf, 1)
	buf = binary.BigEndian.AppendUint16(buf, uint16(pgtype.BinaryFormatCode))
	buf = binary.BigEndian.AppendUint16(buf, uint16(len(args)))
	for i, a := range args {
		var err error
		if buf, err = appendValue(buf, m, oids[i], a); err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
	}
	buf = binary.BigEndian.AppendUint16(buf, 0) // results in the text format
	binary.BigEndian.PutUint32(buf[at+1:], uint32(len(buf)-at-1))
	return buf, nil
}

// send writes buf within ctx's deadline; a connection that could not
// write it all is closed.
func send(ctx context.Context, pc *pgconn.PgConn, buf []byte) error {
	nc := pc.Conn()
	if dl, ok := ctx.Deadline(); ok {
		nc.SetWriteDeadline(dl)
		defer nc.SetWriteDeadline(time.Time{})
	}
	if err := pc.Frontend().SendUnbufferedEncodedCopyData(buf); err != nil {
		pc.Close(context.Background())
		return fmt.Errorf("postgres: copy: %w", err)
	}
	return nil
}

// copyChunk is the most copy data sent in one message (a message ends at
// the first row that takes it over).
const copyChunk = 1 << 18

// appendCopyData appends rows in the binary copy format as CopyData
// messages, each value encoded for its column's type as fields describes
// it.
func appendCopyData(buf []byte, m *pgtype.Map, fields []pgconn.FieldDescription, rows [][]any) ([]byte, error) {
	msg := len(buf)
	buf = append(buf, 'd', 0, 0, 0, 0)
	// The format's fixed 11 bytes, then its flags and the length of a
	// header extension, both zero.
	buf = append(buf, "PGCOPY\n\377\r\n\000\000\000\000\000\000\000\000\000"...)
	for _, row := range rows {
		if len(row) != len(fields) {
			return nil, fmt.Errorf("a row of %d values for %d columns", len(row), len(fields))
		}
		buf = binary.BigEndian.AppendUint16(buf, uint16(len(row)))
		for i, v := range row {
			var err error
			if buf, err = appendValue(buf, m, fields[i].DataTypeOID, v); err != nil {
				return nil, fmt.Errorf("column %s: %w", fields[i].Name, err)
			}
		}
		if len(buf)-msg > copyChunk {
			binary.BigEndian.PutUint32(buf[msg+1:], uint32(len(buf)-msg-1))
			msg = len(buf)
			buf = append(buf, 'd', 0, 0, 0, 0)
		}
	}
	buf = binary.BigEndian.AppendUint16(buf, 0xffff)
	binary.BigEndian.PutUint32(buf[msg+1:], uint32(len(buf)-msg-1))
	return buf, nil
}

// appendValue appends v as a binary-format value of type oid, led by its
// length (-1: NULL). The types the store writes are encoded here, as pgx
// encodes them; others by pgx, whose generic path (a plan looked up per
// value, its output grown apart) was most of a group commit's encoding.
func appendValue(buf []byte, m *pgtype.Map, oid uint32, v any) ([]byte, error) {
	at := len(buf)
	buf = binary.BigEndian.AppendUint32(buf, 0xffffffff) // NULL unless encoded
	if v == nil {
		return buf, nil
	}
	switch oid {
	case pgtype.TextOID, pgtype.VarcharOID:
		if s, ok := v.(string); ok {
			buf = append(buf, s...)
			binary.BigEndian.PutUint32(buf[at:], uint32(len(s)))
			return buf, nil
		}
	case pgtype.Int8OID:
		if n, ok := asInt64(v); ok {
			buf = binary.BigEndian.AppendUint64(buf, uint64(n))
			binary.BigEndian.PutUint32(buf[at:], 8)
			return buf, nil
		}
	case pgtype.Int4OID:
		if n, ok := asInt64(v); ok && n == int64(int32(n)) {
			buf = binary.BigEndian.AppendUint32(buf, uint32(int32(n)))
			binary.BigEndian.PutUint32(buf[at:], 4)
			return buf, nil
		}
	case pgtype.Float8OID:
		if x, ok := v.(float64); ok {
			buf = binary.BigEndian.AppendUint64(buf, math.Float64bits(x))
			binary.BigEndian.PutUint32(buf[at:], 8)
			return buf, nil
		}
	case pgtype.ByteaOID:
		if b, ok := v.([]byte); ok {
			if b == nil {
				return buf, nil
			}
			buf = append(buf, b...)
			binary.BigEndian.PutUint32(buf[at:], uint32(len(b)))
			return buf, nil
		}
	case pgtype.TextArrayOID:
		if a, ok := v.([]string); ok {
			return appendArray(buf, at, pgtype.TextOID, a, func(buf []byte, s string) []byte {
				buf = binary.BigEndian.AppendUint32(buf, uint32(len(s)))
				return append(buf, s...)
			}), nil
		}
	case pgtype.Int8ArrayOID:
		if a, ok := v.([]int64); ok {
			return appendArray(buf, at, pgtype.Int8OID, a, func(buf []byte, n int64) []byte {
				buf = binary.BigEndian.AppendUint32(buf, 8)
				return binary.BigEndian.AppendUint64(buf, uint64(n))
			}), nil
		}
	case pgtype.Float8ArrayOID:
		if a, ok := v.([]float64); ok {
			return appendArray(buf, at, pgtype.Float8OID, a, func(buf []byte, x float64) []byte {
				buf = binary.BigEndian.AppendUint32(buf, 8)
				return binary.BigEndian.AppendUint64(buf, math.Float64bits(x))
			}), nil
		}
	}
	out, err := m.Encode(oid, pgtype.BinaryFormatCode, v, buf)
	if err != nil {
		return nil, err
	}
	if out != nil {
		buf = out
		binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
	}
	return buf, nil
}

// appendArray encodes a as a one-dimensional array of elem without NULLs
// into the value whose length word is at buf[at:]; a nil slice stays NULL.
func appendArray[T any](buf []byte, at int, elem uint32, a []T, appendElem func([]byte, T) []byte) []byte {
	if a == nil {
		return buf
	}
	buf = appendArrayHeader(buf, elem, len(a))
	for _, x := range a {
		buf = appendElem(buf, x)
	}
	binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
	return buf
}

// appendArrayHeader appends the binary format's header of a
// one-dimensional array of n elements of type elem, none of them NULL (as
// pgx writes it: one dimension even when empty).
func appendArrayHeader(buf []byte, elem uint32, n int) []byte {
	buf = binary.BigEndian.AppendUint32(buf, 1) // dimensions
	buf = binary.BigEndian.AppendUint32(buf, 0) // no NULL
	buf = binary.BigEndian.AppendUint32(buf, elem)
	buf = binary.BigEndian.AppendUint32(buf, uint32(n))
	return binary.BigEndian.AppendUint32(buf, 1) // lower bound
}

func asInt64(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case int32:
		return int64(n), true
	}
	return 0, false
}
