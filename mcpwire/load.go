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
	start int64 // workload.Now at issue (of the refill that issued it)
	timed bool  // the recorder's sample: timed to its completion
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
	gap      int   // requests to leave untimed before the next timed one
	expired  int64 // requests given up on a timeout, over the pipeline's life
	// expiredBuf holds the slots one expiry gives up on, reused.
	expiredBuf []int32
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
// one it issued (or for its timeout). It times the requests rec samples,
// from issue to the moment it sees the response, and every request it gives
// up on, at the moment it does (a refill reads the clock once for the
// timeout's sake); the others are counted. It is full once its
// first refill has issued every slot it can and a response has come back,
// and drains once stop says so.
// A client that has ended counts one failed operation per Run, so its
// failure shows every second without spinning.
func (w *Pipeline) Run(stop func() bool, rec workload.Recorder) {
	if !w.started {
		w.start()
	}
	if len(w.clients) == 0 {
		return
	}
	var c workload.Counts
	defer func() { rec.Untimed(c) }()
	for _, cl := range w.clients {
		if cl.dead.Load() && cl.load.inflight == 0 {
			c.Ops, c.Errs, c.Last = c.Ops+1, c.Errs+1, cl.Err()
		}
	}
	stopping, full := false, false
	for {
		if !stopping && stop() {
			stopping = true
			rec.Untimed(c)
			c = workload.Counts{}
			rec.Draining()
		}
		if !stopping {
			w.refill(&c, rec)
		}
		if w.inflight == 0 {
			return
		}
		done := 0
		select {
		case m := <-w.ch:
			done += w.complete(m, rec, &c)
		case <-w.tick.C:
			w.expire(rec)
		}
		for more := true; more; {
			select {
			case m := <-w.ch:
				done += w.complete(m, rec, &c)
			default:
				more = false
			}
		}
		if !full && done > 0 { // the first completions at full depth: steady from here
			full = true
			rec.Untimed(c)
			c = workload.Counts{}
			rec.Full()
		}
	}
}

// refill issues a request in every free slot of every live client, one
// clock read for the batch, and flushes each client once. A request that
// cannot be issued is a failed operation, counted in c.
func (w *Pipeline) refill(c *workload.Counts, rec workload.Recorder) {
	var now int64
	for _, cl := range w.clients {
		ls := cl.load
		if len(ls.free) == 0 || cl.dead.Load() {
			continue
		}
		if now == 0 {
			now = workload.Now()
		}
		for len(ls.free) > 0 {
			i := ls.free[len(ls.free)-1]
			s := &ls.slots[i]
			s.gen++
			if err := cl.tbl.issue(i, s.gen); err != nil {
				c.Ops, c.Errs, c.Last = c.Ops+1, c.Errs+1, err
				break
			}
			ls.free = ls.free[:len(ls.free)-1]
			s.start = now
			s.timed = w.gap == 0
			if s.timed {
				w.gap = rec.Gap()
			} else {
				w.gap--
			}
			s.busy = true
			ls.inflight++
			w.inflight++
		}
		cl.tbl.flush()
	}
}

// complete takes one completion and says whether it completed a request;
// one from an abandoned request is dropped.
func (w *Pipeline) complete(m completion, rec workload.Recorder, n *workload.Counts) int {
	c := w.clients[m.conn]
	ls := c.load
	s := &ls.slots[m.slot]
	if !s.busy || s.gen != m.gen {
		return 0
	}
	w.release(ls, m.slot)
	switch {
	case s.timed:
		rec.Timed(workload.Timing{Start: s.start, End: workload.Now(), Err: m.err})
	case m.err != nil:
		n.Ops, n.Errs, n.Last = n.Ops+1, n.Errs+1, m.err
	default:
		n.Ops++
	}
	return 1
}

func (w *Pipeline) release(ls *loadState, slot int32) {
	ls.slots[slot].busy = false
	ls.free = append(ls.free, slot)
	ls.inflight--
	w.inflight--
}

// expire gives up on requests older than the timeout; each is a failed
// operation timed at the moment it was given up.
func (w *Pipeline) expire(rec workload.Recorder) {
	now := workload.Now()
	limit := int64(w.timeout)
	for _, c := range w.clients {
		ls := c.load
		if ls.inflight == 0 {
			continue
		}
		expired := w.expiredBuf[:0]
		for i := range w.depth {
			s := &ls.slots[i]
			if s.busy && now-s.start > limit && c.tbl.abandon(int32(i), s.gen) {
				w.release(ls, int32(i))
				expired = append(expired, int32(i))
			}
		}
		w.expiredBuf = expired
		if len(expired) == 0 {
			continue
		}
		w.expired += int64(len(expired))
		err := c.timeoutError(w.timeout, len(expired))
		for _, i := range expired {
			rec.Timed(workload.Timing{Start: ls.slots[i].start, End: now, Err: err, Timeout: true})
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
	var t workload.Tally
	w.Run(func() bool { return t.Fulls > 0 }, &t)
	return t.Last
}
