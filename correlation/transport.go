package correlation

import "sync"

// batchCap is how many requests (or responses) one batch carries. A batch is
// the unit the transport moves between goroutines, so a channel operation is
// paid per batch rather than per request once requests queue up.
const batchCap = 64

// Channel capacities of the transport, in batches.
const (
	wireBatches = 1024 // requests and responses queued between goroutines
	freeBatches = 4096 // spare batches kept for reuse
)

// item is one request on its way to a responder (val holds the argument) or
// one response on its way back (val holds the result). The id is the one the
// table issued; the responder copies it unchanged.
type item struct {
	id, val uint64
}

// batch is a run of items moved as one. On its way from a caller to the
// table, ws holds the waiter of each item (OwnerMap assigns their ids when
// its owner takes the batch); the responders ignore it.
type batch struct {
	n     int
	items [batchCap]item
	ws    [batchCap]*waiter
}

// respond is the responders' answer to an argument: a cheap, deterministic
// mix of it, so a caller can tell its own response from anyone else's.
func respond(arg uint64) uint64 {
	return arg*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019
}

// transport is the in-process stand-in for the wire: requests go out on reqs
// in batches, responder goroutines answer each item in place and send the
// batch back on resps, where the client's reader takes it. Every table uses
// it unchanged, so the only difference between them is the table.
type transport struct {
	reqs  chan *batch
	resps chan *batch
	free  chan *batch
	quit  chan struct{} // closed when the client closes
	wg    sync.WaitGroup
}

// newTransport starts n responder goroutines; n == 0 leaves reqs and resps to
// be driven by hand (tests do that to hold, reorder or forge responses).
func newTransport(n int, quit chan struct{}) *transport {
	t := &transport{
		reqs:  make(chan *batch, wireBatches),
		resps: make(chan *batch, wireBatches),
		free:  make(chan *batch, freeBatches),
		quit:  quit,
	}
	t.wg.Add(n)
	for range n {
		go t.responder()
	}
	return t
}

// wait blocks until every responder has returned; quit must be closed first.
func (t *transport) wait() { t.wg.Wait() }

func (t *transport) responder() {
	defer t.wg.Done()
	for {
		select {
		case b := <-t.reqs:
			for i := range b.items[:b.n] {
				b.items[i].val = respond(b.items[i].val)
			}
			if !t.send(t.resps, b) {
				return
			}
		case <-t.quit:
			return
		}
	}
}

// get returns an empty batch, reusing a released one when there is one.
func (t *transport) get() *batch {
	select {
	case b := <-t.free:
		b.n = 0
		return b
	default:
		return new(batch)
	}
}

// release hands a batch back for reuse once its items have been consumed.
func (t *transport) release(b *batch) {
	select {
	case t.free <- b:
	default: // enough spares; let the collector have it
	}
}

// send puts b on ch, blocking while ch is full, and reports false if the
// client closed first. The non-blocking attempt keeps the common case as cheap
// as a plain channel send.
func (t *transport) send(ch chan *batch, b *batch) bool {
	select {
	case ch <- b:
		return true
	default:
	}
	select {
	case ch <- b:
		return true
	case <-t.quit:
		return false
	}
}

// sender coalesces one goroutine's requests into batches of up to
// batchCap, which the table ships. Every table and every caller batches
// the same way, so what differs between tables is the table. A sender is
// not safe for concurrent use: each pipelined worker owns one, and a Call
// uses one of its own for its single request.
type sender struct {
	tbl table
	t   *transport
	cur *batch
}

// add queues w's request under id (0 until OwnerMap's owner assigns one),
// shipping the batch when it is full.
func (s *sender) add(w *waiter, id uint64) bool {
	if s.cur == nil {
		s.cur = s.t.get()
	}
	b := s.cur
	b.items[b.n] = item{id, w.arg}
	b.ws[b.n] = w
	b.n++
	if b.n < batchCap {
		return true
	}
	s.cur = nil
	return s.tbl.ship(b)
}

// flush ships whatever is queued; a caller flushes before it waits.
func (s *sender) flush() bool {
	if s.cur == nil {
		return true
	}
	b := s.cur
	s.cur = nil
	return s.tbl.ship(b)
}
