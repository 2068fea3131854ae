package bus

import (
	"context"
	"sync"

	"github.com/nats-io/nats.go/jetstream"
)

// queue holds the messages pulled ahead of the workers and keeps them alive
// with progress acks (touch): a message waiting for a busy worker is not
// redelivered to another replica after one short AckWait.
type queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  []jetstream.Msg
	max    int
	closed bool
}

func newQueue(max int) *queue {
	q := &queue{max: max}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// push adds m, waiting while the queue is full.
func (q *queue) push(m jetstream.Msg) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) >= q.max && !q.closed {
		q.cond.Wait()
	}
	q.items = append(q.items, m)
	q.cond.Broadcast()
}

// room waits until the queue is at most half full and returns its room; 0
// once ctx is done or the queue closed. Only the puller pushes, so the room
// it is told of stays free for what it then pulls. Half, not one slot: a
// pull request per message would cost the server and client a round trip
// each, while half a queue still keeps the workers busy until more comes.
func (q *queue) room(ctx context.Context) int {
	stop := context.AfterFunc(ctx, func() {
		q.mu.Lock()
		q.cond.Broadcast()
		q.mu.Unlock()
	})
	defer stop()
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) > q.max/2 && !q.closed && ctx.Err() == nil {
		q.cond.Wait()
	}
	if q.closed || ctx.Err() != nil {
		return 0
	}
	return q.max - len(q.items)
}

// pop takes the oldest message, waiting while the queue is empty; false
// once it is closed and empty.
func (q *queue) pop() (jetstream.Msg, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return nil, false
	}
	m := q.items[0]
	q.items[0] = nil
	q.items = q.items[1:]
	q.cond.Broadcast()
	return m, true
}

func (q *queue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// touch sends a progress ack for every waiting message.
func (q *queue) touch() {
	q.mu.Lock()
	waiting := append([]jetstream.Msg(nil), q.items...)
	q.mu.Unlock()
	for _, m := range waiting {
		_ = m.InProgress()
	}
}
