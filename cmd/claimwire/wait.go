package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/claimwire/claimwire/pkg/bus"
	"github.com/claimwire/claimwire/pkg/contract"
)

// sentPage is a page ingest published.
type sentPage struct{ name, id string }

type waitSpec struct {
	api     string
	js      jetstream.JetStream
	topo    bus.Topology
	pages   []sentPage
	timeout time.Duration
	dlqFrom uint64        // the DLQ sequence the ingest's own dead letters start at
	poll    time.Duration // between rounds (default 250 ms)
}

type pageFailure struct{ name, id, why string }

type waitResult struct {
	indexed int
	failed  []pageFailure
}

// checkAPI fails at once when nothing answers at api: a wrong --api must be
// an error before ingesting, not a timeout after.
func checkAPI(ctx context.Context, api string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(api, "/")+"/healthz", nil)
	if err != nil {
		return fmt.Errorf("--api %q: %w", api, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("the indexer API does not answer at %s (%v): is 'claimwire up' running? point --api (or CLAIMWIRE_API) at the indexer, or drop --wait", api, unwrapURLError(err))
	}
	resp.Body.Close()
	return nil
}

// unwrapURLError drops net/http's `Get "URL": ` before the cause.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// nextDLQSeq is the sequence the next dead letter will get.
func nextDLQSeq(ctx context.Context, js jetstream.JetStream, topo bus.Topology) (uint64, error) {
	s, err := js.Stream(ctx, topo.Stream(contract.StreamDLQ))
	if err != nil {
		return 0, err
	}
	return s.CachedInfo().State.LastSeq + 1, nil
}

// waitIndexed waits until every page is indexed (the API has its article)
// or dead-lettered (a DLQ entry since dlqFrom names its article), and
// returns the failures. When every stage consumer is idle and a page is
// still neither, it is settled too: an earlier dead letter of the same
// content (a re-ingest is dropped as a duplicate) or "nothing pending".
func waitIndexed(ctx context.Context, w waitSpec) (waitResult, error) {
	var res waitResult
	if w.poll == 0 {
		w.poll = 250 * time.Millisecond
	}
	ctx, cancel := context.WithTimeout(ctx, w.timeout)
	defer cancel()
	pending := map[string][]string{} // article id → page names (one id may be ingested twice)
	for _, p := range w.pages {
		pending[p.id] = append(pending[p.id], p.name)
	}
	prog := newProgress("indexed or failed", len(w.pages))
	settle := func(id string, why string) {
		for _, name := range pending[id] {
			if why == "" {
				res.indexed++
			} else {
				res.failed = append(res.failed, pageFailure{name: name, id: id, why: why})
			}
			prog.add(0)
		}
		delete(pending, id)
	}
	client := &http.Client{Timeout: 5 * time.Second}
	dlqNext := w.dlqFrom
	idleRounds := 0
	var apiErr error
	apiErrSince := time.Time{}
	for len(pending) > 0 {
		// Dead letters first: a page dead-lettered is never indexed.
		letters, err := readDLQ(ctx, w.js, w.topo, dlqNext)
		if err != nil && ctx.Err() == nil {
			return res, fmt.Errorf("read the DLQ: %w", err)
		}
		for _, l := range letters {
			dlqNext = max(dlqNext, l.Seq+1)
			if _, ok := pending[l.ArticleID]; ok {
				settle(l.ArticleID, deadLetterWhy(l, false))
			}
		}
		indexed, err := indexedIDs(ctx, client, w.api, pending)
		for _, id := range indexed {
			settle(id, "")
		}
		if err != nil && ctx.Err() == nil {
			if apiErr == nil {
				apiErrSince = time.Now()
			}
			apiErr = err
			if time.Since(apiErrSince) > 15*time.Second {
				prog.done()
				return res, fmt.Errorf("the indexer API at %s stopped answering: %v", w.api, err)
			}
		} else {
			apiErr = nil
		}
		if len(pending) == 0 {
			break
		}
		// Two idle rounds in a row: nothing more will happen to what is
		// left (the second round's API check follows the indexer's last ack).
		if idle(ctx, w.js, w.topo) {
			idleRounds++
		} else {
			idleRounds = 0
		}
		if idleRounds >= 2 {
			all, err := readDLQ(ctx, w.js, w.topo, 1)
			if err != nil {
				return res, fmt.Errorf("read the DLQ: %w", err)
			}
			latest := map[string]deadLetter{}
			for _, l := range all {
				latest[l.ArticleID] = l
			}
			for id := range pending {
				if l, ok := latest[id]; ok {
					settle(id, deadLetterWhy(l, true))
				} else {
					settle(id, "not indexed, and no stage has anything pending: see 'claimwire status'")
				}
			}
			break
		}
		select {
		case <-ctx.Done():
		case <-time.After(w.poll):
		}
		if ctx.Err() != nil {
			prog.done()
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				var names []string
				for _, n := range pending {
					names = append(names, n...)
				}
				if len(names) > 3 {
					names = append(names[:3], "…")
				}
				return res, fmt.Errorf("%d of %d pages neither indexed nor dead-lettered after %s (%s): the pipeline is still busy or a stage is down; see 'claimwire status'",
					len(pending), len(w.pages), w.timeout, strings.Join(names, ", "))
			}
			return res, ctx.Err()
		}
	}
	prog.done()
	return res, nil
}

func deadLetterWhy(l deadLetter, earlier bool) string {
	why := fmt.Sprintf("dead-lettered by the %s (%s): %s", l.Stage, l.Reason, l.Error)
	if earlier {
		why += fmt.Sprintf(" [DLQ #%d, %s; ingesting the same content again is dropped as a duplicate: fix the cause, then 'claimwire dlq redrive --seq %d']",
			l.Seq, l.At.Local().Format(time.DateTime), l.Seq)
	}
	return why
}

// indexedIDs asks the API for each pending article, a few at a time.
func indexedIDs(ctx context.Context, client *http.Client, api string, pending map[string][]string) ([]string, error) {
	ids := make(chan string)
	var mu sync.Mutex
	var found []string
	var firstErr error
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for id := range ids {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(api, "/")+"/api/articles/"+id, nil)
				resp, err := client.Do(req)
				mu.Lock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
					}
				} else {
					resp.Body.Close()
					if resp.StatusCode == http.StatusOK {
						found = append(found, id)
					}
				}
				mu.Unlock()
			}
		})
	}
	for id := range pending {
		ids <- id
	}
	close(ids)
	wg.Wait()
	return found, firstErr
}

// idle reports whether every stage consumer exists and has nothing pending
// or waiting for an ack.
func idle(ctx context.Context, js jetstream.JetStream, topo bus.Topology) bool {
	for stage, stream := range stageInputs {
		c, err := js.Consumer(ctx, topo.Stream(stream), stage)
		if err != nil {
			return false
		}
		in := c.CachedInfo()
		if in.NumPending != 0 || in.NumAckPending != 0 {
			return false
		}
	}
	return true
}
