package correlation

// doneBatch is a run of completed waiters handed to a pipelined caller in
// one channel operation.
type doneBatch struct {
	n  int
	ws [batchCap]*waiter
}

// sink is where a pipelined caller's completed waiters go. The goroutine that
// delivers responses (the reader for SlotRing, the owner for OwnerMap) fills
// cur and hands it over on ch when it is full or when the response batch it
// came from is done; the caller takes it, consumes it, and returns it on
// free. ch has room for one batch per waiter, so delivery never blocks.
type sink struct {
	ch   chan *doneBatch
	free chan *doneBatch
	_    [48]byte   // cur is written by another goroutine than the caller
	cur  *doneBatch // owned by the delivering goroutine
}

func newSink(depth int) *sink {
	return &sink{
		ch:   make(chan *doneBatch, depth),
		free: make(chan *doneBatch, depth),
	}
}

// release returns a consumed batch for reuse.
func (s *sink) release(d *doneBatch) {
	d.n = 0
	select {
	case s.free <- d:
	default:
	}
}

// completer hands delivered waiters to their callers. It belongs to the one
// goroutine that delivers responses and is not safe for concurrent use.
type completer struct {
	touched []*sink // sinks with a partly filled batch
}

// complete hands w to its caller: at once through w.call.notify for a Call, or
// into its sink's batch for a pipelined caller.
func (c *completer) complete(w *waiter) {
	s := w.sink
	if s == nil {
		w.call.notify <- w
		return
	}
	d := s.cur
	if d == nil {
		select {
		case d = <-s.free:
		default:
			d = new(doneBatch)
		}
		s.cur = d
		c.touched = append(c.touched, s)
	}
	d.ws[d.n] = w
	d.n++
	if d.n == batchCap {
		s.cur = nil
		s.ch <- d
	}
}

// flush hands over every partly filled batch; finish calls it after
// each batch of responses.
func (c *completer) flush() {
	for i, s := range c.touched {
		if d := s.cur; d != nil {
			s.cur = nil
			s.ch <- d
		}
		c.touched[i] = nil
	}
	c.touched = c.touched[:0]
}

// finish ends a batch of responses: it hands over every partly filled
// batch of waiters and gives the responses' batch b back to tr.
func (c *completer) finish(b *batch, tr *transport) {
	c.flush()
	tr.release(b)
}
