package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/claimwire/claimwire/pkg/contract"
)

// Group commit. SQLite has one writer at a time and each commit rewrites the
// touched pages into the WAL, so per-article transactions cap ingest at a
// few hundred a second. Concurrent Apply calls are instead queued to one
// writer goroutine that applies up to maxBatch of them in one transaction,
// each under its own savepoint (one bad ClaimSet does not fail the others),
// and answers every caller only after the commit: the contract "committed
// before Apply returns" holds for each of them.

const maxBatch = 64

type job struct {
	ctx  context.Context
	cs   *contract.ClaimSet
	done chan result
}

type result struct {
	applied bool
	err     error
}

type batcher struct {
	jobs chan job
	quit chan struct{}
	wg   sync.WaitGroup
	once sync.Once
}

// ErrClosed is returned by Apply after Close.
var ErrClosed = errors.New("store: closed")

// NewBatched wraps an open, migrated database whose writes are serialised
// anyway (SQLite): Apply calls are group-committed.
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

func (s *DB) applyBatched(ctx context.Context, cs *contract.ClaimSet) (bool, error) {
	j := job{ctx: ctx, cs: cs, done: make(chan result, 1)}
	select {
	case s.batch.jobs <- j:
	case <-ctx.Done():
		return false, ctx.Err()
	case <-s.batch.quit:
		return false, ErrClosed
	}
	// Once queued, wait for the outcome even if ctx ends: the caller must
	// learn whether its ClaimSet was committed.
	r := <-j.done
	return r.applied, r.err
}

func (s *DB) writer() {
	defer s.batch.wg.Done()
	for {
		var jobs []job
		select {
		case j := <-s.batch.jobs:
			jobs = append(jobs, j)
		case <-s.batch.quit:
			return
		}
	more:
		for len(jobs) < maxBatch {
			select {
			case j := <-s.batch.jobs:
				jobs = append(jobs, j)
			default:
				break more
			}
		}
		s.runBatch(jobs)
	}
}

func (s *DB) runBatch(jobs []job) {
	results := make([]result, len(jobs))
	fail := func(err error) {
		for _, j := range jobs {
			j.done <- result{err: s.classify(err)}
		}
	}
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		fail(fmt.Errorf("store: begin: %w", err))
		return
	}
	q := txq{ctx, tx, s}
	for i, j := range jobs {
		if err := j.ctx.Err(); err != nil {
			results[i].err = err
			continue
		}
		if err := q.exec(`SAVEPOINT claimset`); err != nil {
			tx.Rollback()
			fail(fmt.Errorf("store: savepoint: %w", err))
			return
		}
		applied, err := s.apply(ctx, tx, j.cs)
		if err != nil {
			results[i].err = s.classify(fmt.Errorf("store: apply %s: %w", j.cs.Article.ID, err))
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
	if err := tx.Commit(); err != nil {
		fail(fmt.Errorf("store: commit: %w", err))
		return
	}
	for i, j := range jobs {
		j.done <- results[i]
	}
}
