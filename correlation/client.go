package correlation

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// DefaultResponders is how many responder goroutines a client's transport
// runs when Config leaves it zero.
const DefaultResponders = 2

var (
	// ErrClosed is returned by calls made on, or cut short by, a closed
	// client.
	ErrClosed = errors.New("correlation: client closed")
	// ErrTimeout is returned when a call's response does not come within the
	// client's timeout. It wraps context.DeadlineExceeded.
	ErrTimeout = fmt.Errorf("correlation: request timed out: %w", context.DeadlineExceeded)

	// errNotSent marks a call whose context was done before it sent anything.
	errNotSent = errors.New("correlation: call not sent")
)

// Config sets up a Client.
type Config struct {
	// Table selects the pending-request table.
	Table Kind
	// Responders is the number of responder goroutines answering requests;
	// zero means DefaultResponders.
	Responders int
	// Timeout bounds each Call; zero means calls wait as long as their
	// context lets them.
	Timeout time.Duration
}

// Client sends requests with fresh ids over an in-process transport and hands
// each response to the caller waiting for it. A response nobody is waiting for
// (unknown id, duplicate, or after its caller gave up) is counted in Stats and
// dropped. A Client is safe for concurrent use.
type Client struct {
	t       table
	tr      *transport
	timeout time.Duration

	quit      chan struct{}
	closeOnce sync.Once
	wg        sync.WaitGroup // the reader

	mu   sync.Mutex
	free []*waiter // idle Call waiters
}

// NewClient starts a client: its transport's responders, its response reader
// and, for OwnerMap, the table's owner goroutine. Close stops them all.
func NewClient(cfg Config) (*Client, error) {
	if cfg.Table < 0 || cfg.Table >= numKinds {
		return nil, fmt.Errorf("correlation: unknown table kind %d", cfg.Table)
	}
	if cfg.Responders < 0 {
		return nil, fmt.Errorf("correlation: responders must not be negative, got %d", cfg.Responders)
	}
	if cfg.Timeout < 0 {
		return nil, fmt.Errorf("correlation: timeout must not be negative, got %v", cfg.Timeout)
	}
	n := cfg.Responders
	if n == 0 {
		n = DefaultResponders
	}
	return newClient(cfg.Table, n, cfg.Timeout), nil
}

// newClient builds a client with n responders; n == 0 leaves the transport
// to be driven by hand.
func newClient(k Kind, n int, timeout time.Duration) *Client {
	quit := make(chan struct{})
	tr := newTransport(n, quit)
	c := &Client{tr: tr, timeout: timeout, quit: quit}
	switch k {
	case SlotRing:
		c.t = newSlotRing(tr)
	case MutexMap:
		c.t = newMutexMap(tr)
	case SyncMap:
		c.t = newSyncMapTable(tr)
	default:
		c.t = newOwnerMap(tr, quit)
	}
	c.wg.Add(1)
	go c.read()
	return c
}

// read is the transport's reading side: it hands each batch of responses to
// the table.
func (c *Client) read() {
	defer c.wg.Done()
	for {
		select {
		case b := <-c.tr.resps:
			c.t.deliver(b)
		case <-c.quit:
			return
		}
	}
}

// Call sends a request carrying arg and waits for its response, which the
// responders compute from arg. It gives up when ctx is done or the client's
// timeout passes, removing the pending request so that a response arriving
// later is counted as Late and dropped. If the response wins that race it is
// returned, since it was delivered.
func (c *Client) Call(ctx context.Context, arg uint64) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("%w: %w", errNotSent, err)
	}
	select {
	case <-c.quit:
		return 0, ErrClosed
	default:
	}
	w := c.getWaiter()
	w.arg = arg
	out := sender{tbl: c.t, t: c.tr}
	if !c.t.send(w, &out) || !out.flush() {
		return 0, ErrClosed
	}
	var expired <-chan time.Time
	if c.timeout > 0 {
		if w.call.timer == nil {
			w.call.timer = time.NewTimer(c.timeout)
		} else {
			w.call.timer.Reset(c.timeout)
		}
		expired = w.call.timer.C
	}
	var cause error
	select {
	case <-w.call.notify:
		return c.finish(w), nil
	case <-ctx.Done():
		cause = fmt.Errorf("correlation: call abandoned: %w", ctx.Err())
	case <-expired:
		cause = ErrTimeout
	case <-c.quit:
		return 0, ErrClosed // w may still be referenced; leave it to the collector
	}
	if c.t.abandon(w) {
		if w.call.timer != nil {
			w.call.timer.Stop()
		}
		c.putWaiter(w)
		return 0, cause
	}
	select {
	case <-w.call.notify:
		return c.finish(w), nil
	case <-c.quit:
		return 0, ErrClosed
	}
}

// finish reads a delivered response and recycles its waiter.
func (c *Client) finish(w *waiter) uint64 {
	v := w.val
	if w.call.timer != nil {
		w.call.timer.Stop()
	}
	c.putWaiter(w)
	return v
}

func (c *Client) getWaiter() *waiter {
	c.mu.Lock()
	if n := len(c.free); n > 0 {
		w := c.free[n-1]
		c.free = c.free[:n-1]
		c.mu.Unlock()
		return w
	}
	c.mu.Unlock()
	w := &waiter{call: &callWaiter{notify: make(chan *waiter, 1)}}
	c.t.bind(w)
	return w
}

func (c *Client) putWaiter(w *waiter) {
	c.mu.Lock()
	c.free = append(c.free, w)
	c.mu.Unlock()
}

// Pending returns the number of requests awaiting a response.
func (c *Client) Pending() int { return c.t.pending() }

// Stats returns the client's response and give-up counters.
func (c *Client) Stats() Stats { return c.t.stats() }

// Close stops every goroutine the client started. Calls still waiting return
// ErrClosed. Close is idempotent and always returns nil.
func (c *Client) Close() error {
	c.closeOnce.Do(func() {
		close(c.quit)
		c.tr.wait()
		c.wg.Wait()
		c.t.close()
	})
	return nil
}
