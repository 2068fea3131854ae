package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strconv"
)

// txStart is what a transaction's first round trip did besides beginning
// it (Dialect.Pipe), and what its last one is to do besides committing.
type txStart struct {
	locked bool  // the write lock is taken (Dialect.WriteLock)
	epoch  int64 // the claim_keys counter as found under it (Dialect.KeysEpoch); -1: not read
	// atCommit, when set, is given the counter as read in the COMMIT's
	// round trip, after the transaction's last statement.
	atCommit func(epoch int64)
	// What a bulk commit read ahead (bulkAhead), under the lock: its
	// stored articles (nil: not read) and its new claims' seqs, ascending.
	stored map[string]bool
	seqs   []int64
	// committed: the transaction's body committed it with its last
	// writes (endStmts, ended), and Commit has nothing left to do.
	committed bool
}

// endStmts are the statements of the round trip that commits the
// transaction (Commit's), for a body that sends them with its last writes
// (Dialect.CopyAll) and then reports their answers to ended.
func (st *txStart) endStmts(d *Dialect) []string {
	if st.atCommit == nil {
		return []string{`COMMIT`}
	}
	return []string{d.KeysEpoch, `COMMIT`}
}

// ended records that the transaction committed with endStmts, whose
// statements answered firsts.
func (st *txStart) ended(firsts []string) {
	st.committed = true
	if st.atCommit == nil {
		return
	}
	n, err := parseEpoch(firsts[0])
	if err != nil {
		n = -1 // committed all the same: the lists start again
	}
	st.atCommit(n)
}

// txEnd ends a transaction.
type txEnd interface {
	Commit() error
	Rollback() error
}

// beginOn begins a group commit's transaction on conn. Where the dialect
// pipelines (Dialect.Pipe), BEGIN, the write lock and the counter's
// read go in one round trip: the writer and its backend take turns, so
// each round trip before the first write is latency on every batch's
// critical path (three of them were a sixth of a batch's statement time).
// ahead, when given, is read in the same round trip.
func (s *DB) beginOn(ctx context.Context, conn *sql.Conn, ahead *bulkAhead) (txq, txEnd, error) {
	if s.d.Pipe == nil || s.d.WriteLock == "" {
		tx, err := conn.BeginTx(ctx, nil)
		return txq{ctx: ctx, tx: tx, s: s, conn: conn}, tx, err
	}
	stmts := []string{`BEGIN`, s.d.WriteLock}
	if s.d.KeysEpoch != "" {
		stmts = append(stmts, s.d.KeysEpoch)
	}
	at := len(stmts)
	if ahead != nil {
		stmts = append(stmts, ahead.stmts(s.d)...)
	}
	var firsts []string
	start := &txStart{locked: true, epoch: -1}
	end := connTx{ctx, conn, s.d, start}
	firsts, err := end.pipe(stmts)
	if err == nil && s.d.KeysEpoch != "" {
		start.epoch, err = parseEpoch(firsts[2])
	}
	if err == nil && ahead != nil {
		err = ahead.parse(start, firsts[at], firsts[at+1])
	}
	if err != nil {
		end.Rollback()
		return txq{}, nil, fmt.Errorf("store: begin: %w", err)
	}
	return txq{ctx: ctx, tx: conn, s: s, conn: conn, start: start}, end, nil
}

// connTx is a transaction begun on a connection in a pipeline
// (Dialect.Pipe): database/sql does not know of it, so it is ended with
// statements, and a connection whose transaction may still be open is
// closed rather than given back to the pool.
type connTx struct {
	ctx   context.Context
	conn  *sql.Conn
	d     *Dialect
	start *txStart
}

// pipe runs stmts in one round trip (Dialect.Pipe).
func (t connTx) pipe(stmts []string) ([]string, error) {
	var firsts []string
	err := t.conn.Raw(func(dc any) error {
		var err error
		firsts, err = t.d.Pipe(t.ctx, dc, stmts)
		return err
	})
	return firsts, err
}

// Commit commits, and reads the counter in the same round trip where the
// transaction asked for it (txStart.atCommit).
func (t connTx) Commit() error {
	if t.start.committed {
		return nil
	}
	if t.start.atCommit == nil {
		_, err := t.conn.ExecContext(t.ctx, `COMMIT`)
		if err != nil {
			t.discard()
		}
		return err
	}
	firsts, err := t.pipe([]string{t.d.KeysEpoch, `COMMIT`})
	var n int64
	if err == nil {
		n, err = parseEpoch(firsts[0])
	}
	if err != nil {
		t.discard()
		return err
	}
	t.start.atCommit(n)
	return nil
}

func parseEpoch(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("keys epoch: %w", err)
	}
	return n, nil
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
// (Dialect.Pipe), read now otherwise. Only for reads before the
// transaction's first write.
func (s *DB) epochAtStart(q txq) (int64, error) {
	if q.start != nil && q.start.epoch >= 0 {
		return q.start.epoch, nil
	}
	return s.keysEpoch(q)
}
