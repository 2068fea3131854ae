package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Group commit. SQLite has one writer at a time and each commit rewrites the
// touched pages into the WAL, so per-article transactions cap ingest at a
// few hundred a second. Concurrent Apply calls are instead queued to one
// writer goroutine that applies up to maxBatch of them in one transaction,
// each under its own savepoint (one bad ClaimSet does not fail the others),
// and answers every caller only after the commit: the contract "committed
// before Apply returns" holds for each of them.

const maxBatch = 256

// batchTimeout bounds one group commit. A database that hangs (a lock held
// elsewhere, a stalled disk or network) then fails the batch, whose
// callers retry later, instead of blocking every Apply and the drain
// behind it forever. A healthy batch of maxBatch takes well under a second.
const batchTimeout = 60 * time.Second

type job struct {
	ctx  context.Context
	p    *prepared
	done chan result
}

type result struct {
	applied bool
	err     error
}

// commitDelay bounds how long the writer waits, before a group commit,
// for ClaimSets already on their way (pending): a commit's cost is mostly
// fixed (its statements, and a WAL frame for every page it touches, most
// of them index leaves that more claims would share), so a commit of one
// ClaimSet cost about twice as much CPU a ClaimSet as commits of a few
// (store bench, workers=1: 231–334 ClaimSets per CPU-second; workers=16:
// 510–613). It waits only while another caller is preparing one: a
// caller alone is never delayed.
const commitDelay = 5 * time.Millisecond

type batcher struct {
	jobs chan job
	quit chan struct{}
	wg   sync.WaitGroup
	once sync.Once
	// pending counts the Apply calls that will queue a job and whose job
	// the writer has not yet taken (being prepared, or waiting to queue).
	pending atomic.Int64
}

// ErrClosed is returned by Apply after Close.
var ErrClosed = errors.New("store: closed")

// NewBatched wraps an open, migrated database whose writes are serialised
// anyway (SQLite; PostgreSQL under the dialect's WriteLock): Apply calls are
// group-committed.
func NewBatched(db *sql.DB, d *Dialect) *DB {
	s := New(db, d)
	s.batch = &batcher{jobs: make(chan job), quit: make(chan struct{})}
	s.batch.wg.Add(1)
	go s.writer()
	return s
}

func (s *DB) stopBatcher() {
	if s.batch == nil {
		return
	}
	s.batch.once.Do(func() { close(s.batch.quit) })
	s.batch.wg.Wait()
}

func (s *DB) applyBatched(ctx context.Context, p *prepared) (bool, error) {
	j := job{ctx: ctx, p: p, done: make(chan result, 1)}
	select {
	case s.batch.jobs <- j: // the writer counted it taken
	case <-ctx.Done():
		s.batch.pending.Add(-1)
		return false, ctx.Err()
	case <-s.batch.quit:
		s.batch.pending.Add(-1)
		return false, ErrClosed
	}
	// Once queued, wait for the outcome even if ctx ends: the caller must
	// learn whether its ClaimSet was committed. The writer answers a job
	// whose ctx ended before its batch began with ctx's error, and a batch
	// ends within batchTimeout, so the wait is bounded.
	r := <-j.done
	return r.applied, r.err
}

func (s *DB) writer() {
	defer s.batch.wg.Done()
	for {
		var jobs []job
		select {
		case j := <-s.batch.jobs:
			s.batch.pending.Add(-1)
			jobs = append(jobs, j)
		case <-s.batch.quit:
			return
		}
		jobs = s.gather(jobs, commitDelay)
		s.runBatch(live(jobs))
	}
}

// gather adds to jobs those queued, and those still being prepared that
// queue within delay, up to maxBatch.
func (s *DB) gather(jobs []job, delay time.Duration) []job {
	var expired <-chan time.Time
	for len(jobs) < maxBatch {
		select {
		case j := <-s.batch.jobs:
			s.batch.pending.Add(-1)
			jobs = append(jobs, j)
			continue
		default:
		}
		if s.batch.pending.Load() <= 0 {
			return jobs
		}
		if expired == nil {
			t := time.NewTimer(delay)
			defer t.Stop()
			expired = t.C
		}
		select {
		case j := <-s.batch.jobs:
			s.batch.pending.Add(-1)
			jobs = append(jobs, j)
		case <-expired:
			return jobs
		case <-s.batch.quit:
			return jobs
		}
	}
	return jobs
}

// live answers the jobs whose callers gave up while queued (nothing of
// theirs is written) and returns the others.
func live(jobs []job) []job {
	kept := make([]job, 0, len(jobs))
	for _, j := range jobs {
		if err := j.ctx.Err(); err != nil {
			j.done <- result{err: err}
			continue
		}
		kept = append(kept, j)
	}
	return kept
}

func (s *DB) runBatch(jobs []job) {
	if len(jobs) == 0 {
		return
	}
	// Optimistically, without savepoints: each savepoint costs SQLite a
	// statement journal and an FTS5 flush (and PostgreSQL two statements),
	// and a ClaimSet that fails is rare. If one does, the whole transaction
	// is rolled back and the batch rerun with one savepoint per ClaimSet, so
	// only that one fails. A batch of one too: at a steady, paced load most
	// batches are one ClaimSet.
	if s.bulkable(jobs) && s.tryBulk(jobs) {
		return
	}
	if s.tryBatch(jobs) {
		return
	}
	s.runBatchIsolated(jobs)
}

// tryBatch applies jobs one after the other in one transaction and answers
// them all, or answers none and reports false when any of them failed.
func (s *DB) tryBatch(jobs []job) bool {
	return s.allOrNothing(jobs, nil, func(q txq) ([]bool, error) {
		if err := s.lock(q); err != nil {
			return nil, err
		}
		jobs[0].p.printsUpdate = nil // from an attempt before
		pu, err := s.beginPrints(q)
		if err != nil {
			return nil, err
		}
		applied := make([]bool, len(jobs))
		f := s.newFTSState()
		items := txItems{} // all or nothing: the ClaimSets share what they stored and read
		for _, j := range jobs {
			j.p.tx = items
		}
		// A job is applied even if its caller's context ends during the
		// batch: the caller waits for the outcome anyway (applyBatched), and
		// failing it would only bring the same message back later.
		for i, j := range jobs {
			ok, err := s.apply(q.ctx, q.tx, j.p, f)
			if err != nil {
				return nil, err
			}
			applied[i] = ok
		}
		if err := s.ftsFlush(q, f); err != nil {
			return nil, err
		}
		return applied, s.endPrints(q, pu, jobs)
	})
}

// allOrNothing runs body in one transaction and, once it has committed,
// answers every job with what body reported for it; a failure (or a nil
// result: nothing to do this way) rolls back, answers none and reports
// false. Answers go out only after the commit, so an acknowledged message
// is never lost. ahead, when given, is read as the transaction begins.
func (s *DB) allOrNothing(jobs []job, ahead *bulkAhead, body func(txq) ([]bool, error)) bool {
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	// On a connection of its own, which bulk loads (txq.copyRows) need.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false
	}
	defer conn.Close()
	q, end, err := s.beginOn(ctx, conn, ahead)
	if err != nil {
		return false
	}
	applied, err := body(q)
	if err != nil || applied == nil {
		end.Rollback()
		return false
	}
	if err := end.Commit(); err != nil {
		return false
	}
	for i, j := range jobs {
		s.committed(j.p)
		j.done <- result{applied: applied[i]}
	}
	return true
}

// runBatchIsolated applies jobs in one transaction, each under its own
// savepoint, so that one bad ClaimSet does not fail the others.
func (s *DB) runBatchIsolated(jobs []job) {
	results := make([]result, len(jobs))
	fail := func(err error) {
		for _, j := range jobs {
			j.done <- result{err: s.classify(err)}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		fail(fmt.Errorf("store: begin: %w", err))
		return
	}
	q := txq{ctx: ctx, tx: tx, s: s}
	// Locked before the first savepoint, so that no rollback to one can
	// release it.
	if err := s.lock(q); err != nil {
		tx.Rollback()
		fail(fmt.Errorf("store: %w", err))
		return
	}
	jobs[0].p.printsUpdate = nil // from an attempt before
	pu, err := s.beginPrints(q)
	if err != nil {
		tx.Rollback()
		fail(fmt.Errorf("store: %w", err))
		return
	}
	for i, j := range jobs {
		if err := q.exec(`SAVEPOINT claimset`); err != nil {
			tx.Rollback()
			fail(fmt.Errorf("store: savepoint: %w", err))
			return
		}
		// Each ClaimSet indexes its own claims before its savepoint is
		// released, so a rollback to the savepoint leaves nothing pending;
		// and keeps to itself what it stored and read.
		f := s.newFTSState()
		j.p.tx = txItems{}
		applied, err := s.apply(ctx, tx, j.p, f)
		if err == nil {
			err = s.ftsFlush(q, f)
		}
		if err != nil {
			results[i].err = s.classify(fmt.Errorf("store: apply %s: %w", j.p.cs.Article.ID, err))
			if rerr := q.exec(`ROLLBACK TO claimset`); rerr != nil {
				tx.Rollback()
				fail(fmt.Errorf("store: rollback to savepoint: %w", rerr))
				return
			}
		}
		results[i].applied = applied && err == nil
		if err := q.exec(`RELEASE claimset`); err != nil {
			tx.Rollback()
			fail(fmt.Errorf("store: release savepoint: %w", err))
			return
		}
	}
	if err := s.endPrints(q, pu, jobs); err != nil {
		tx.Rollback()
		fail(fmt.Errorf("store: %w", err))
		return
	}
	if err := tx.Commit(); err != nil {
		fail(fmt.Errorf("store: commit: %w", err))
		return
	}
	for i, j := range jobs {
		if results[i].err == nil {
			s.committed(j.p)
		}
		j.done <- results[i]
	}
}
