package mcpwire

import (
	"sync"
	"sync/atomic"
)

// slotBits is how many low bits of a load request's id name its slot; the
// rest is the slot's generation. MaxDepth slots fit.
const slotBits = 11

// loadResult is the reader's verdict on one load response.
type loadResult struct {
	err      error
	answered bool // a response came (the round trip is timed even if it failed)
}

// completion tells a worker that the request in a slot has ended.
type completion struct {
	conn int32 // index of the client in the worker's list
	slot int32
	gen  uint64
	loadResult
}

// sink is where a client's completions go: its worker's channel, and the
// client's index there.
type sink struct {
	ch   chan completion
	conn int32
}

// table keeps the client's load requests in flight. The worker bound to the
// client calls bind, issue, flush and abandon; the reader goroutine calls
// deliver and fail.
type table interface {
	// bind directs completions to s. No request is in flight.
	bind(s *sink)
	// issue registers the request of slot (under generation gen) and
	// transmits it, or queues it for flush. It returns an error, and
	// registers nothing, when the client has ended.
	issue(slot int32, gen uint64) error
	// flush transmits queued requests.
	flush()
	// abandon removes a timed-out request. It reports false when the
	// response won the race, so that its completion is on the way.
	abandon(slot int32, gen uint64) bool
	// deliver hands the response to request id to its worker.
	deliver(id int64, r loadResult)
	// fail ends every request in flight with err; the client has ended.
	fail(err error)
	// close stops what the table started.
	close()
	// kindOf is the kind of the load request id, from the generation it
	// was issued under.
	kindOf(id int64) uint8
}

// loadID is the id of slot's request under generation gen.
func loadID(slot int32, gen uint64) int64 { return int64(gen<<slotBits | uint64(slot)) }

// directTable is the optimised table: each slot holds its generation and a
// busy bit in one atomic word; a request's id is its slot and generation, so
// the reader finds the slot by arithmetic and completes it with one
// compare-and-swap. A stale or duplicate response fails the swap and is
// dropped. The worker encodes its requests straight into the connection's
// send buffer and flushes once per batch.
type directTable struct {
	c     *Client
	state []atomic.Uint64 // gen<<1 | busy
	sink  atomic.Pointer[sink]
	buf   []byte // the Conn's send buffer between issue and flush
	held  bool   // the Conn's send side is held by the batch being issued
}

func newDirectTable(c *Client, slots int) *directTable {
	return &directTable{c: c, state: make([]atomic.Uint64, slots)}
}

func (t *directTable) bind(s *sink) { t.sink.Store(s) }

func (t *directTable) issue(slot int32, gen uint64) error {
	c := t.c
	st := &t.state[slot]
	busy := gen<<1 | 1
	st.Store(busy)
	if c.dead.Load() {
		if st.CompareAndSwap(busy, gen<<1) {
			return c.Err()
		}
		return nil // the reader's sweep completes it
	}
	if !t.held {
		t.buf = c.conn.Begin()
		t.held = true
	}
	n := len(t.buf)
	buf, err := c.opts.Load.encoder(genKind(gen)).AppendRequest(t.buf, loadID(slot, gen))
	if err != nil {
		t.buf = buf[:n]
		st.CompareAndSwap(busy, gen<<1)
		return err
	}
	t.buf = append(buf, '\n')
	return nil
}

func (t *directTable) flush() {
	if !t.held {
		return
	}
	t.held = false
	buf := t.buf
	t.buf = nil
	if err := t.c.conn.Commit(buf, true); err != nil {
		t.c.failWrite(err) // the reader's sweep fails what is in flight
	}
}

func (t *directTable) abandon(slot int32, gen uint64) bool {
	return t.state[slot].CompareAndSwap(gen<<1|1, gen<<1)
}

func (t *directTable) deliver(id int64, r loadResult) {
	slot := id & (1<<slotBits - 1)
	gen := uint64(id) >> slotBits
	if slot >= int64(len(t.state)) || !t.state[slot].CompareAndSwap(gen<<1|1, gen<<1) {
		t.c.dropped.Add(1)
		return
	}
	s := t.sink.Load()
	s.ch <- completion{conn: s.conn, slot: int32(slot), gen: gen, loadResult: r}
}

func (t *directTable) fail(err error) {
	for i := range t.state {
		st := &t.state[i]
		v := st.Load()
		if v&1 == 1 && st.CompareAndSwap(v, v&^1) {
			s := t.sink.Load()
			s.ch <- completion{conn: s.conn, slot: int32(i), gen: v >> 1, loadResult: loadResult{err: err}}
		}
	}
}

func (t *directTable) close() {}

func (t *directTable) kindOf(id int64) uint8 { return genKind(uint64(id) >> slotBits) }

// ownerTable is the baseline table, erlmcp's client gen_server in Go: one
// owner goroutine holds map[id]request. A worker's request reaches it by
// message; the owner assigns the id, encodes the request and writes it (one
// write per message), and stores it in the map. The reader sends each
// decoded response to the same mailbox, and the owner takes its id out of
// the map and replies to the worker.
type ownerTable struct {
	c       *Client
	mail    chan ownerMsg
	quit    chan struct{}
	wg      sync.WaitGroup
	stopped sync.Once

	// owner goroutine only
	sink    *sink
	pending map[int64]ownerEntry
	bySlot  []int64 // id of each slot's request in flight, 0 if none
	next    int64
	dead    error
}

type ownerMsgKind uint8

const (
	omCall ownerMsgKind = iota
	omResponse
	omAbandon
	omDead
	omBind
)

type ownerMsg struct {
	kind ownerMsgKind
	slot int32
	gen  uint64
	id   int64
	res  loadResult
	sink *sink
}

type ownerEntry struct {
	slot int32
	gen  uint64
}

// mailboxSize is the owner's mailbox capacity.
const mailboxSize = 1024

func newOwnerTable(c *Client, slots int) *ownerTable {
	t := &ownerTable{
		c:       c,
		mail:    make(chan ownerMsg, mailboxSize),
		quit:    make(chan struct{}),
		pending: make(map[int64]ownerEntry),
		bySlot:  make([]int64, slots),
		next:    1,
	}
	t.wg.Add(1)
	go t.loop()
	return t
}

func (t *ownerTable) post(m ownerMsg) {
	select {
	case t.mail <- m:
	case <-t.quit:
	}
}

func (t *ownerTable) bind(s *sink) { t.post(ownerMsg{kind: omBind, sink: s}) }

func (t *ownerTable) issue(slot int32, gen uint64) error {
	t.post(ownerMsg{kind: omCall, slot: slot, gen: gen})
	return nil
}

func (t *ownerTable) flush() {}

// abandon asks the owner to forget the request. It always succeeds from the
// worker's view: a completion the owner sent before it read the message
// carries the old generation, and the worker drops it.
func (t *ownerTable) abandon(slot int32, gen uint64) bool {
	t.post(ownerMsg{kind: omAbandon, slot: slot, gen: gen})
	return true
}

func (t *ownerTable) deliver(id int64, r loadResult) {
	t.post(ownerMsg{kind: omResponse, id: id, res: r})
}

func (t *ownerTable) fail(err error) {
	t.post(ownerMsg{kind: omDead, res: loadResult{err: err}})
}

func (t *ownerTable) close() {
	t.stopped.Do(func() { close(t.quit) })
	t.wg.Wait()
}

func (t *ownerTable) kindOf(id int64) uint8 { return uint8(id & (maxKinds - 1)) }

func (t *ownerTable) loop() {
	defer t.wg.Done()
	for {
		select {
		case m := <-t.mail:
			t.handle(m)
		case <-t.quit:
			return
		}
	}
}

func (t *ownerTable) handle(m ownerMsg) {
	switch m.kind {
	case omBind:
		t.sink = m.sink
	case omCall:
		if t.dead != nil {
			t.complete(m.slot, m.gen, loadResult{err: t.dead})
			return
		}
		kind := genKind(m.gen)
		id := t.next<<kindBits | int64(kind)
		t.next++
		c := t.c
		buf := c.conn.Begin()
		n := len(buf)
		buf, err := c.opts.Load.encoder(kind).AppendRequest(buf, id)
		if err != nil {
			c.conn.Commit(buf[:n], false)
			t.complete(m.slot, m.gen, loadResult{err: err})
			return
		}
		t.pending[id] = ownerEntry{m.slot, m.gen}
		t.bySlot[m.slot] = id
		if err := c.conn.Commit(append(buf, '\n'), true); err != nil {
			c.failWrite(err) // the reader's end sends omDead, which fails it
		}
	case omResponse:
		e, ok := t.pending[m.id]
		if !ok {
			t.c.dropped.Add(1)
			return
		}
		delete(t.pending, m.id)
		t.bySlot[e.slot] = 0
		t.complete(e.slot, e.gen, m.res)
	case omAbandon:
		id := t.bySlot[m.slot]
		if e, ok := t.pending[id]; ok && id != 0 && e.gen == m.gen {
			delete(t.pending, id)
			t.bySlot[m.slot] = 0
		}
	case omDead:
		t.dead = m.res.err
		for id, e := range t.pending {
			t.complete(e.slot, e.gen, m.res)
			delete(t.pending, id)
		}
		clear(t.bySlot)
	}
}

func (t *ownerTable) complete(slot int32, gen uint64, r loadResult) {
	s := t.sink
	if s == nil {
		return
	}
	select {
	case s.ch <- completion{conn: s.conn, slot: slot, gen: gen, loadResult: r}:
	case <-t.quit:
	}
}
