package transport

import (
	"errors"
	"sync"
)

// inbox is the queue of messages between the goroutines that receive them
// and Recv: unbounded (what is in it was asked for, a bounded number of
// requests), in arrival order, with a sticky error once broken or closed.
type inbox struct {
	mu   sync.Mutex
	msgs [][]byte
	head int
	err  error
	wake chan struct{} // a token when msgs or err changed
}

func (q *inbox) init() { q.wake = make(chan struct{}, 1) }

// push queues m, unless the inbox has failed: nothing arrives after its end.
func (q *inbox) push(m []byte) {
	q.mu.Lock()
	if q.err == nil {
		q.msgs = append(q.msgs, m)
	}
	q.mu.Unlock()
	q.signal()
}

func (q *inbox) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// pop waits for the next message; once the inbox has failed, it returns
// what is still queued, then the error.
func (q *inbox) pop() ([]byte, error) {
	for {
		q.mu.Lock()
		if q.head < len(q.msgs) {
			m := q.msgs[q.head]
			q.msgs[q.head] = nil
			q.head++
			if q.head == len(q.msgs) {
				q.msgs, q.head = q.msgs[:0], 0
			}
			q.mu.Unlock()
			return m, nil
		}
		err := q.err
		q.mu.Unlock()
		if err != nil {
			return nil, err
		}
		<-q.wake
	}
}

func (q *inbox) ready() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.head < len(q.msgs)
}

// fail makes err the inbox's end, unless it has one already; ErrClosed
// drops what is queued.
func (q *inbox) fail(err error) {
	q.mu.Lock()
	if q.err == nil {
		q.err = err
	}
	if errors.Is(err, ErrClosed) {
		q.msgs, q.head = nil, 0
	}
	q.mu.Unlock()
	q.signal()
}

func (q *inbox) failed() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.err
}
