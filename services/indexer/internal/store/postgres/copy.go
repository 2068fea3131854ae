package postgres

import (
	"context"
	"encoding/binary"
	"fmt"
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
// trip. Should a COPY fail, the server skips the rest of the query and ignores
// the data still to come (as it does any copy data outside a COPY); the
// transaction is then aborted and rolled back by the caller.
func copyAll(ctx context.Context, driverConn any, sets []store.CopySet, then *store.Stmt) error {
	c, ok := driverConn.(*stdlib.Conn)
	if !ok {
		return fmt.Errorf("postgres: copy: a %T is not a pgx connection", driverConn)
	}
	conn := c.Conn()
	var stmts []string
	var data [][]byte
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
			return fmt.Errorf("postgres: copy into %s: %w", set.Table, err)
		}
		buf, err := encodeCopy(conn.TypeMap(), sd.Fields, set.Rows)
		if err != nil {
			return fmt.Errorf("postgres: copy into %s: %w", set.Table, err)
		}
		stmts = append(stmts, "COPY "+table+" ("+strings.Join(cols, ", ")+") FROM STDIN BINARY")
		data = append(data, buf)
	}
	var bind *pgproto3.Bind
	var oids []uint32
	if then != nil {
		var err error
		if bind, oids, err = bindArgs(conn.TypeMap(), then.Args); err != nil {
			return fmt.Errorf("postgres: copy: %s: %w", then.SQL, err)
		}
	}
	pc := conn.PgConn()
	fe := pc.Frontend()
	ready := 0 // ReadyForQuery messages to come: one per query, one per Sync
	if len(stmts) > 0 {
		fe.Send(&pgproto3.Query{String: strings.Join(stmts, ";\n")})
		for _, buf := range data {
			for len(buf) > 0 {
				n := min(len(buf), copyChunk)
				fe.Send(&pgproto3.CopyData{Data: buf[:n]})
				buf = buf[n:]
			}
			fe.Send(&pgproto3.CopyDone{})
		}
		ready++
	}
	// The statement after, in the extended protocol (its arguments are
	// bound in the binary format), right behind. Should a COPY have failed,
	// it fails too (the transaction is aborted) and the Sync ends it.
	if then != nil {
		fe.Send(&pgproto3.Parse{Query: then.SQL, ParameterOIDs: oids})
		fe.Send(bind)
		fe.Send(&pgproto3.Execute{})
		fe.Send(&pgproto3.Sync{})
		ready++
	}
	if ready == 0 {
		return nil
	}
	if err := flush(ctx, pc, fe); err != nil {
		return err
	}
	var pgErr error
	for {
		msg, err := pc.ReceiveMessage(ctx)
		if err != nil {
			// The connection is in an unknown state: close it, so that it
			// is not pooled (database/sql then drops it).
			pc.Close(context.Background())
			return fmt.Errorf("postgres: copy: %w", err)
		}
		switch msg := msg.(type) {
		case *pgproto3.ErrorResponse:
			if pgErr == nil {
				pgErr = pgconn.ErrorResponseToPgError(msg)
			}
		case *pgproto3.ReadyForQuery:
			if ready--; ready > 0 {
				continue
			}
			if pgErr != nil {
				return fmt.Errorf("postgres: copy: %w", pgErr)
			}
			return nil
		}
	}
}

// bindArgs binds args, each a slice of one of the types the store binds
// as an array (store.unnestRows), in the binary format, and returns their
// types.
func bindArgs(m *pgtype.Map, args []any) (*pgproto3.Bind, []uint32, error) {
	b := &pgproto3.Bind{ParameterFormatCodes: []int16{pgtype.BinaryFormatCode}}
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
			return nil, nil, fmt.Errorf("argument %d: a %T, not an array", i+1, a)
		}
		v, err := m.Encode(oids[i], pgtype.BinaryFormatCode, a, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
		b.Parameters = append(b.Parameters, v)
	}
	return b, oids, nil
}

// copyChunk is the most copy data sent in one message.
const copyChunk = 1 << 18

// flush writes what fe holds, within ctx's deadline; a connection that
// could not write it all is closed.
func flush(ctx context.Context, pc *pgconn.PgConn, fe *pgproto3.Frontend) error {
	nc := pc.Conn()
	if dl, ok := ctx.Deadline(); ok {
		nc.SetWriteDeadline(dl)
		defer nc.SetWriteDeadline(time.Time{})
	}
	if err := fe.Flush(); err != nil {
		pc.Close(context.Background())
		return fmt.Errorf("postgres: copy: %w", err)
	}
	return nil
}

// encodeCopy is rows in the binary copy format, each value encoded for
// its column's type as fields describes it.
func encodeCopy(m *pgtype.Map, fields []pgconn.FieldDescription, rows [][]any) ([]byte, error) {
	// The format's fixed 11 bytes, then its flags and the length of a
	// header extension, both zero.
	buf := append([]byte("PGCOPY\n\377\r\n\000"), make([]byte, 8)...)
	for _, row := range rows {
		if len(row) != len(fields) {
			return nil, fmt.Errorf("a row of %d values for %d columns", len(row), len(fields))
		}
		buf = binary.BigEndian.AppendUint16(buf, uint16(len(row)))
		for i, v := range row {
			at := len(buf)
			buf = binary.BigEndian.AppendUint32(buf, 0xffffffff) // NULL unless encoded
			out, err := m.Encode(fields[i].DataTypeOID, pgtype.BinaryFormatCode, v, buf)
			if err != nil {
				return nil, fmt.Errorf("column %s: %w", fields[i].Name, err)
			}
			if out != nil {
				buf = out
				binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
			}
		}
	}
	return binary.BigEndian.AppendUint16(buf, 0xffff), nil
}
