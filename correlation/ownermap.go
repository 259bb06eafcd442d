package correlation

// ownerMap is the seed's "before" table, a Go rendering of erlmcp's client
// gen_server: one goroutine owns pending_requests (a plain map from id to
// waiter) and the request-id counter. Callers register by sending a message
// to its mailbox, one per batch of requests (as every table gets its
// requests in batches); the owner assigns the ids, stores the waiters and
// transmits the batch. The transport reader sends each batch of responses to
// the same mailbox, and the owner takes every id out of the map (maps:take)
// and replies to its waiter. Everything about a request passes through that
// one goroutine.
type ownerMap struct {
	tr      *transport
	quit    chan struct{}
	mailbox chan message
	exited  chan struct{}
	final   int // pending count when the owner stopped; read after exited

	// Owned by the owner goroutine.
	reqs  map[uint64]*waiter // pending_requests
	next  uint64             // last id issued
	gone  giveUps
	done  completer
	queue []*batch // batches the transport could not take yet
	qhead int

	cnt counters
}

// mailboxCap is the owner's mailbox capacity in messages.
const mailboxCap = 4096

type msgKind uint8

const (
	msgRegister msgKind = iota
	msgResponses
	msgAbandon
	msgLen
	msgStop
)

// message is what the owner's mailbox carries, by value.
type message struct {
	kind  msgKind
	w     *waiter
	b     *batch
	reply chan int
}

func newOwnerMap(tr *transport, quit chan struct{}) *ownerMap {
	o := &ownerMap{
		tr:      tr,
		quit:    quit,
		mailbox: make(chan message, mailboxCap),
		exited:  make(chan struct{}),
		reqs:    make(map[uint64]*waiter),
	}
	go o.run()
	return o
}

// post puts m in the mailbox, reporting false if the client closed first.
func (o *ownerMap) post(m message) bool {
	select {
	case o.mailbox <- m:
		return true
	default:
	}
	select {
	case o.mailbox <- m:
		return true
	case <-o.quit:
		return false
	}
}

func (o *ownerMap) run() {
	defer close(o.exited)
	for {
		var m message
		if o.qhead < len(o.queue) {
			// The transport was full: wait for room or for mail, whichever
			// comes first. The owner never blocks on the transport alone, or
			// a full transport and a full mailbox could wait on each other.
			select {
			case m = <-o.mailbox:
			case o.tr.reqs <- o.queue[o.qhead]:
				o.popQueue()
				continue
			}
		} else {
			m = <-o.mailbox
		}
		if !o.handle(m) {
			o.final = len(o.reqs)
			return
		}
	}
}

func (o *ownerMap) handle(m message) bool {
	switch m.kind {
	case msgRegister:
		b := m.b
		for i, w := range b.ws[:b.n] {
			o.next++
			w.id = o.next
			b.items[i].id = w.id
			o.reqs[w.id] = w
		}
		o.queue = append(o.queue, b)
		o.transmit()
	case msgResponses:
		b := m.b
		for _, it := range b.items[:b.n] {
			w, ok := o.reqs[it.id]
			if !ok {
				o.stray(it.id)
				continue
			}
			delete(o.reqs, it.id)
			w.val = it.val
			o.done.complete(w)
			bump(&o.cnt.delivered)
		}
		o.done.finish(b, o.tr)
	case msgAbandon:
		w := m.w
		if cur, ok := o.reqs[w.id]; ok && cur == w {
			delete(o.reqs, w.id)
			o.gone.add(w.id)
			bump(&o.cnt.givenUp)
			w.call.ack <- true
		} else {
			w.call.ack <- false
		}
	case msgLen:
		m.reply <- len(o.reqs)
	case msgStop:
		return false
	}
	return true
}

// stray counts a response whose id is not pending.
func (o *ownerMap) stray(id uint64) { strayKind(&o.cnt, id, o.next, &o.gone) }

// transmit moves queued batches to the transport while it has room.
func (o *ownerMap) transmit() {
	for o.qhead < len(o.queue) {
		select {
		case o.tr.reqs <- o.queue[o.qhead]:
			o.popQueue()
		default:
			return
		}
	}
}

func (o *ownerMap) popQueue() {
	o.queue[o.qhead] = nil
	o.qhead++
	if o.qhead == len(o.queue) {
		o.queue, o.qhead = o.queue[:0], 0
	}
}

func (o *ownerMap) bind(w *waiter) {
	if w.call != nil {
		w.call.ack = make(chan bool, 1)
	}
}

// send queues w; the owner assigns its id when it takes the batch.
func (o *ownerMap) send(w *waiter, out *sender) bool { return out.add(w, 0) }

// ship posts a batch of requests to the owner, which registers and
// transmits them.
func (o *ownerMap) ship(b *batch) bool {
	if !o.post(message{kind: msgRegister, b: b}) {
		o.tr.release(b)
		return false
	}
	return true
}

func (o *ownerMap) deliver(b *batch) {
	if !o.post(message{kind: msgResponses, b: b}) {
		o.tr.release(b)
	}
}

func (o *ownerMap) abandon(w *waiter) bool {
	if !o.post(message{kind: msgAbandon, w: w}) {
		return false
	}
	select {
	case ok := <-w.call.ack:
		return ok
	case <-o.quit:
		return false
	}
}

func (o *ownerMap) pending() int {
	reply := make(chan int, 1)
	if o.post(message{kind: msgLen, reply: reply}) {
		select {
		case n := <-reply:
			return n
		case <-o.exited:
		}
	}
	<-o.exited
	return o.final
}

func (o *ownerMap) stats() Stats { return o.cnt.snapshot() }

func (o *ownerMap) close() {
	select {
	case <-o.exited:
	case o.mailbox <- message{kind: msgStop}:
		<-o.exited
	}
}
