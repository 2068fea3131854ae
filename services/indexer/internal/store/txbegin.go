package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strconv"
)

// txStart is what a transaction's first round trip did besides beginning
// it (Dialect.PipeBegin).
type txStart struct {
	locked bool  // the write lock is taken (Dialect.WriteLock)
	epoch  int64 // the claim_keys counter as found under it (Dialect.KeysEpoch); -1: not read
}

// txEnd ends a transaction.
type txEnd interface {
	Commit() error
	Rollback() error
}

// beginOn begins a group commit's transaction on conn. Where the dialect
// pipelines (Dialect.PipeBegin), BEGIN, the write lock and the counter's
// read go in one round trip: the writer and its backend take turns, so
// each round trip before the first write is latency on every batch's
// critical path (three of them were a sixth of a batch's statement time).
func (s *DB) beginOn(ctx context.Context, conn *sql.Conn) (txq, txEnd, error) {
	if s.d.PipeBegin == nil || s.d.WriteLock == "" {
		tx, err := conn.BeginTx(ctx, nil)
		return txq{ctx: ctx, tx: tx, s: s, conn: conn}, tx, err
	}
	stmts := []string{s.d.WriteLock}
	if s.d.KeysEpoch != "" {
		stmts = append(stmts, s.d.KeysEpoch)
	}
	var firsts []string
	end := connTx{ctx, conn}
	err := conn.Raw(func(dc any) error {
		var err error
		firsts, err = s.d.PipeBegin(ctx, dc, stmts)
		return err
	})
	start := &txStart{locked: true, epoch: -1}
	if err == nil && s.d.KeysEpoch != "" {
		start.epoch, err = strconv.ParseInt(firsts[1], 10, 64)
		if err != nil {
			err = fmt.Errorf("keys epoch: %w", err)
		}
	}
	if err != nil {
		end.Rollback()
		return txq{}, nil, fmt.Errorf("store: begin: %w", err)
	}
	return txq{ctx: ctx, tx: conn, s: s, conn: conn, start: start}, end, nil
}

// connTx is a transaction the dialect began on a connection
// (Dialect.PipeBegin): database/sql does not know of it, so it is ended
// with statements, and a connection whose transaction may still be open
// is closed rather than given back to the pool.
type connTx struct {
	ctx  context.Context
	conn *sql.Conn
}

func (t connTx) Commit() error {
	_, err := t.conn.ExecContext(t.ctx, `COMMIT`)
	if err != nil {
		t.discard()
	}
	return err
}

func (t connTx) Rollback() error {
	_, err := t.conn.ExecContext(t.ctx, `ROLLBACK`)
	if err != nil {
		t.discard()
	}
	return err
}

// discard marks the connection bad: database/sql closes it instead of
// pooling it.
func (t connTx) discard() {
	t.conn.Raw(func(any) error { return driver.ErrBadConn })
}

// epochAtStart is the claim_keys counter as the transaction found it under
// the write lock: as its first round trip read it where it did
// (Dialect.PipeBegin), read now otherwise. Only for reads before the
// transaction's first write.
func (s *DB) epochAtStart(q txq) (int64, error) {
	if q.start != nil && q.start.epoch >= 0 {
		return q.start.epoch, nil
	}
	return s.keysEpoch(q)
}
