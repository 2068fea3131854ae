package store

import (
	"github.com/claimwire/claimwire/pkg/contract"
	"github.com/claimwire/claimwire/services/indexer/internal/group"
)

// ApplyInOneBatch applies sets in order in one group-committed transaction,
// as the writer would had they been queued together.
func (s *DB) ApplyInOneBatch(sets ...contract.ClaimSet) error {
	jobs := make([]job, len(sets))
	for i := range sets {
		p, err := prepare(&sets[i])
		if err != nil {
			return err
		}
		jobs[i] = job{p: p, done: make(chan result, 1)}
	}
	s.runBatch(jobs)
	for _, j := range jobs {
		if r := <-j.done; r.err != nil {
			return r.err
		}
	}
	return nil
}

// CacheFeatures puts c's features in the feature cache at seq, whatever is
// stored there: a stale entry, as another process could leave.
func (s *DB) CacheFeatures(seq int64, articleID string, c contract.Claim) {
	it := group.NewItem(articleID, c)
	s.feat.add([]int64{seq}, []*group.Item{&it})
}
