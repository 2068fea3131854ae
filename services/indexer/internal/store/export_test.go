package store

import "github.com/claimwire/claimwire/pkg/contract"

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
