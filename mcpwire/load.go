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
	// Kinds, if set, is a mix of requests (at most 16 kinds) that takes
	// the place of Encoder and Check: each request's kind is picked by
	// weight, and its response decoded and judged as its kind's.
	Kinds []LoadKind
}

// encoder is the encoder of kind k.
func (s *LoadSpec) encoder(k uint8) RequestEncoder {
	if len(s.Kinds) == 0 {
		return s.Encoder
	}
	return s.Kinds[int(k)%len(s.Kinds)].Encoder
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
	n        int // slots in use: the first n
	inflight int
}

type loadSlot struct {
	start int64 // when it was meant to be sent: at issue, or its timetable's time in an open loop
	sent  int64 // workload.Now at issue (of the refill that issued it)
	timed bool  // the recorder's sample: timed to its completion
	kind  uint8 // of a mix
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
	s.n, s.inflight = depth, 0
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

	// open, if set, makes the pipeline an open loop (openload.go).
	open *OpenLoad
	ol   openState

	started  bool
	ch       chan completion
	tick     *time.Ticker
	inflight int
	sampling workload.Sampling // which requests are timed
	expired  int64             // requests given up on a timeout, over the pipeline's life
	// expiredBuf holds the slots one expiry gives up on, reused.
	expiredBuf []int32
	mix        mixer // each request's kind, for a mix
	nk         int   // kinds of request: the mix's, or 1
	counts     [maxKinds]workload.Counts
}

var _ workload.Pipeline = (*Pipeline)(nil)

// NewPipeline returns a pipeline keeping depth requests in flight on each
// of clients (each made with a LoadSpec whose Depth is at least depth), a
// request unanswered after timeout counting as a failed operation.
func NewPipeline(depth int, timeout time.Duration, clients ...*Client) (*Pipeline, error) {
	if err := checkDepth(depth, clients); err != nil {
		return nil, err
	}
	return &Pipeline{depth: depth, timeout: timeout, clients: clients}, nil
}

// checkDepth checks that each of clients has a load to send and room for
// depth requests in flight.
func checkDepth(depth int, clients []*Client) error {
	for _, c := range clients {
		enc := c.opts.Load.Encoder != nil || len(c.opts.Load.Kinds) > 0
		if !enc || depth < 1 || depth > c.opts.Load.Depth {
			return fmt.Errorf("mcpwire: pipeline depth %d on a client with load depth %d (encoder set: %t)",
				depth, c.opts.Load.Depth, enc)
		}
	}
	return nil
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
	kinds := w.clients[0].opts.Load.Kinds
	w.mix, w.nk = newMixer(kinds), max(1, len(kinds))
	depths := make([]int, len(w.clients))
	slots := 0
	for i := range depths {
		depths[i] = w.depth
		if w.open != nil {
			depths[i] = w.openDepth(i)
		}
		slots += depths[i]
	}
	w.ch = make(chan completion, 2*slots)
	w.tick = time.NewTicker(tickPeriod(w.timeout))
	for i, c := range w.clients {
		c.load.reset(depths[i])
		c.tbl.bind(&sink{ch: w.ch, conn: int32(i)})
	}
	if w.open != nil {
		w.startOpen()
	}
}

// Close stops the pipeline's ticker (and an open loop's waker). Requests
// still in flight are abandoned; the clients stay open.
func (w *Pipeline) Close() {
	if w.tick != nil {
		w.tick.Stop()
	}
	if w.ol.wake != nil {
		w.ol.wake.Close()
		w.ol.wake = nil
	}
}

// count counts one untimed request of kind that completed (failed if err
// is not nil).
func (w *Pipeline) count(kind uint8, err error) {
	c := &w.counts[int(kind)%w.nk]
	c.Ops++
	if err != nil {
		c.Errs, c.Last = c.Errs+1, err
	}
}

// handOver gives the Recorder what is counted, kind by kind.
func (w *Pipeline) handOver(rec workload.Recorder) {
	for k := range w.nk {
		if c := &w.counts[k]; c.Ops > 0 {
			c.Kind = uint8(k)
			rec.Untimed(*c)
			*c = workload.Counts{}
		}
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
	if w.open != nil {
		w.runOpen(stop, rec)
		return
	}
	defer w.handOver(rec)
	w.failDead()
	stopping, full := false, false
	for {
		if !stopping && stop() {
			stopping = true
			w.handOver(rec)
			rec.Draining()
		}
		if !stopping {
			w.refill(rec)
		}
		if w.inflight == 0 {
			return
		}
		done := 0
		select {
		case m := <-w.ch:
			done += w.complete(m, rec)
		case <-w.tick.C:
			w.expire(rec)
		}
		for more := true; more; {
			select {
			case m := <-w.ch:
				done += w.complete(m, rec)
			default:
				more = false
			}
		}
		if !full && done > 0 { // the first completions at full depth: steady from here
			full = true
			w.handOver(rec)
			rec.Full()
		}
	}
}

// failDead counts one failed request for each client that has ended with
// nothing in flight.
func (w *Pipeline) failDead() {
	for _, cl := range w.clients {
		if cl.dead.Load() && cl.load.inflight == 0 {
			w.count(0, cl.Err())
		}
	}
}

// refill issues a request in every free slot of every live client, one
// clock read for the batch, and flushes each client once. A request that
// cannot be issued is a failed operation, counted.
func (w *Pipeline) refill(rec workload.Recorder) {
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
			kind := w.mix.next()
			s, err := w.issue(cl, kind, now, now)
			if err != nil {
				w.count(kind, err)
				break
			}
			s.timed = w.sampling.Next(rec)
		}
		cl.tbl.flush()
	}
}

// issue sends a request of kind in a free slot of cl, meant for start and
// sent at now, and returns its slot.
func (w *Pipeline) issue(cl *Client, kind uint8, start, now int64) (*loadSlot, error) {
	ls := cl.load
	i := ls.free[len(ls.free)-1]
	s := &ls.slots[i]
	s.gen = nextGen(s.gen, kind)
	if err := cl.tbl.issue(i, s.gen); err != nil {
		return nil, err
	}
	ls.free = ls.free[:len(ls.free)-1]
	s.start, s.sent, s.kind, s.busy = start, now, kind, true
	ls.inflight++
	w.inflight++
	return s, nil
}

// complete takes one completion and says whether it completed a request;
// one from an abandoned request is dropped.
func (w *Pipeline) complete(m completion, rec workload.Recorder) int {
	c := w.clients[m.conn]
	ls := c.load
	s := &ls.slots[m.slot]
	if !s.busy || s.gen != m.gen {
		return 0
	}
	w.release(ls, m.slot)
	if s.timed {
		rec.Timed(workload.Timing{Start: s.start, End: workload.Now(), Err: m.err, Kind: s.kind})
	} else {
		w.count(s.kind, m.err)
	}
	return 1
}

func (w *Pipeline) release(ls *loadState, slot int32) {
	ls.slots[slot].busy = false
	ls.free = append(ls.free, slot)
	ls.inflight--
	w.inflight--
}

// expire gives up on requests sent longer than the timeout ago; each is a
// failed operation timed at the moment it was given up.
func (w *Pipeline) expire(rec workload.Recorder) {
	now := workload.Now()
	for _, c := range w.clients {
		ls := c.load
		expired := w.expiredAt(c, now)
		if len(expired) == 0 {
			continue
		}
		err := c.timeoutError(w.timeout, len(expired))
		for _, i := range expired {
			s := &ls.slots[i]
			t := workload.Timing{Start: s.start, End: now, Err: err, Timeout: true, Kind: s.kind}
			if w.open != nil {
				t.Sent = s.sent
			}
			rec.Timed(t)
		}
	}
}

// expiredAt gives up on c's requests sent longer than the timeout before
// now and returns their slots (in a buffer reused).
func (w *Pipeline) expiredAt(c *Client, now int64) []int32 {
	ls := c.load
	expired := w.expiredBuf[:0]
	if ls.inflight == 0 {
		return expired
	}
	limit := int64(w.timeout)
	for i := range ls.n {
		s := &ls.slots[i]
		if s.busy && now-s.sent > limit && c.tbl.abandon(int32(i), s.gen) {
			w.release(ls, int32(i))
			expired = append(expired, int32(i))
		}
	}
	w.expiredBuf = expired
	w.expired += int64(len(expired))
	return expired
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
