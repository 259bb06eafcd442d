package mcpwire

import (
	"fmt"
	"time"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/workload"
)

// MaxDepth is the most requests a client keeps in flight.
const MaxDepth = 1024

// RequestEncoder appends one load request, with the given id, to dst, as
// compact JSON. The client calls it on one goroutine at a time.
type RequestEncoder interface {
	AppendRequest(dst []byte, id int64) ([]byte, error)
}

// LoadSpec says what a client's load requests are and how their responses
// are judged.
type LoadSpec struct {
	// Encoder writes a load request; a Pipeline needs one.
	Encoder RequestEncoder
	// Check judges a response without a JSON-RPC error; nil accepts any
	// result.
	Check func(*codec.Response) error
	// Depth is the most load requests in flight, 1 to MaxDepth; 0 means 1.
	// A Pipeline's depth must not exceed it.
	Depth int
}

// codecEncoder encodes a fixed request with a codec, changing only its id.
// It is used by one goroutine at a time.
type codecEncoder struct {
	c   codec.Codec
	req codec.Request
}

func (e *codecEncoder) AppendRequest(dst []byte, id int64) ([]byte, error) {
	e.req.ID = codec.IntID(id)
	return e.c.AppendRequest(dst, &e.req)
}

// loadState is the pipeline-side record of a client's slots. Only the
// pipeline bound to the client touches it; generations outlive a binding, so
// a late response from an earlier run can never complete a later request.
type loadState struct {
	slots    []loadSlot
	free     []int32
	inflight int
}

type loadSlot struct {
	start time.Time
	gen   uint64
	busy  bool
}

func newLoadState(n int) *loadState {
	return &loadState{slots: make([]loadSlot, n), free: make([]int32, 0, n)}
}

// reset makes the first depth slots free; nothing is in flight.
func (s *loadState) reset(depth int) {
	s.free = s.free[:0]
	for i := depth - 1; i >= 0; i-- {
		s.free = append(s.free, int32(i))
	}
	for i := range s.slots {
		s.slots[i].busy = false
	}
	s.inflight = 0
}

// Pipeline is one engine goroutine's load: it keeps depth requests in
// flight on each client it owns, reissuing a request as soon as its response
// is in, and times each from issue to the moment it sees the response. It
// implements workload.Pipeline. The zero Pipeline is idle: it owns no
// client and its Run returns at once.
type Pipeline struct {
	depth   int
	timeout time.Duration
	// attach, run once before the first Run, gives the pipeline its clients.
	attach  func()
	clients []*Client

	started  bool
	ch       chan completion
	tick     *time.Ticker
	inflight int
	expired  int64 // requests given up on a timeout, over the pipeline's life
}

var _ workload.Pipeline = (*Pipeline)(nil)

// NewPipeline returns a pipeline keeping depth requests in flight on each
// of clients (each made with a LoadSpec whose Depth is at least depth), a
// request unanswered after timeout counting as a failed operation.
func NewPipeline(depth int, timeout time.Duration, clients ...*Client) (*Pipeline, error) {
	for _, c := range clients {
		if c.opts.Load.Encoder == nil || depth < 1 || depth > c.opts.Load.Depth {
			return nil, fmt.Errorf("mcpwire: pipeline depth %d on a client with load depth %d (encoder set: %t)",
				depth, c.opts.Load.Depth, c.opts.Load.Encoder != nil)
		}
	}
	return &Pipeline{depth: depth, timeout: timeout, clients: clients}, nil
}

// tickPeriod is how often a pipeline looks for timed-out requests.
func tickPeriod(timeout time.Duration) time.Duration {
	return min(max(timeout/4, 5*time.Millisecond), 100*time.Millisecond)
}

func (w *Pipeline) start() {
	w.started = true
	if w.attach != nil {
		w.attach()
	}
	if len(w.clients) == 0 {
		return
	}
	w.ch = make(chan completion, 2*w.depth*len(w.clients))
	w.tick = time.NewTicker(tickPeriod(w.timeout))
	for i, c := range w.clients {
		c.load.reset(w.depth)
		c.tbl.bind(&sink{ch: w.ch, conn: int32(i)})
	}
}

// Close stops the pipeline's ticker. Requests still in flight are
// abandoned; the clients stay open.
func (w *Pipeline) Close() {
	if w.tick != nil {
		w.tick.Stop()
	}
}

// Run keeps requests in flight until stop reports true, then waits for every
// one it issued (or for its timeout), and returns the counts. A client that
// has ended counts one failed operation per Run, so its failure shows every
// second without spinning.
func (w *Pipeline) Run(stop func() bool, rec workload.Recorder) (ops, errs int64, last error) {
	if !w.started {
		w.start()
	}
	if len(w.clients) == 0 {
		return 0, 0, nil
	}
	for _, c := range w.clients {
		if c.dead.Load() && c.load.inflight == 0 {
			ops++
			errs++
			last = c.Err()
		}
	}
	stopping := false
	for {
		if !stopping && stop() {
			stopping = true
		}
		if !stopping {
			w.refill(&ops, &errs, &last)
		}
		if w.inflight == 0 {
			return ops, errs, last
		}
		select {
		case m := <-w.ch:
			w.complete(m, rec, &ops, &errs, &last)
		case <-w.tick.C:
			w.expire(&ops, &errs, &last)
		}
		for more := true; more; {
			select {
			case m := <-w.ch:
				w.complete(m, rec, &ops, &errs, &last)
			default:
				more = false
			}
		}
	}
}

// refill issues a request in every free slot of every live client, one
// clock read for the batch, and flushes each client once.
func (w *Pipeline) refill(ops, errs *int64, last *error) {
	var now time.Time
	for _, c := range w.clients {
		ls := c.load
		if len(ls.free) == 0 || c.dead.Load() {
			continue
		}
		if now.IsZero() {
			now = time.Now()
		}
		for len(ls.free) > 0 {
			i := ls.free[len(ls.free)-1]
			s := &ls.slots[i]
			s.gen++
			if err := c.tbl.issue(i, s.gen); err != nil {
				*ops++
				*errs++
				*last = err
				break
			}
			ls.free = ls.free[:len(ls.free)-1]
			s.start = now
			s.busy = true
			ls.inflight++
			w.inflight++
		}
		c.tbl.flush()
	}
}

// complete takes one completion; one from an abandoned request is dropped.
func (w *Pipeline) complete(m completion, rec workload.Recorder, ops, errs *int64, last *error) {
	c := w.clients[m.conn]
	ls := c.load
	s := &ls.slots[m.slot]
	if !s.busy || s.gen != m.gen {
		return
	}
	w.release(ls, m.slot)
	*ops++
	if m.answered {
		rec.Record(time.Since(s.start))
	}
	if m.err != nil {
		*errs++
		*last = m.err
	}
}

func (w *Pipeline) release(ls *loadState, slot int32) {
	ls.slots[slot].busy = false
	ls.free = append(ls.free, slot)
	ls.inflight--
	w.inflight--
}

// expire gives up on requests older than the timeout.
func (w *Pipeline) expire(ops, errs *int64, last *error) {
	now := time.Now()
	for _, c := range w.clients {
		ls := c.load
		if ls.inflight == 0 {
			continue
		}
		expired := 0
		for i := range w.depth {
			s := &ls.slots[i]
			if s.busy && now.Sub(s.start) > w.timeout && c.tbl.abandon(int32(i), s.gen) {
				w.release(ls, int32(i))
				expired++
			}
		}
		if expired > 0 {
			w.expired += int64(expired)
			*ops += int64(expired)
			*errs += int64(expired)
			*last = c.timeoutError(w.timeout, expired)
		}
	}
}

// Expired returns how many requests the pipeline has given up on a
// timeout, over its life: a sign that the server is stalled.
func (w *Pipeline) Expired() int64 { return w.expired }

// timeoutError describes requests that got no answer in time, with what
// the server sent that could not be read, if anything.
func (c *Client) timeoutError(timeout time.Duration, n int) error {
	msg := fmt.Sprintf("no response within %v (%d requests given up)", timeout, n)
	if p := c.lastGarbage.Load(); p != nil {
		msg += "; last " + *p
	}
	return fmt.Errorf("%s", msg)
}

// Op satisfies workload.Worker for callers that do not know pipelines: it
// issues one request per free slot, waits for all of them, and returns the
// last failure. The engine uses Run instead.
func (w *Pipeline) Op() error {
	first := true
	_, _, last := w.Run(func() bool {
		stop := !first
		first = false
		return stop
	}, discard{})
	return last
}

// discard is a Recorder that keeps nothing.
type discard struct{}

func (discard) Record(time.Duration) {}
