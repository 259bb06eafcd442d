package correlation

import (
	"sync/atomic"
	"time"
)

// Kind selects a pending-request table.
type Kind int

const (
	// OwnerMap is the seed's "before": one owner goroutine holds
	// map[id]waiter and every registration, response and cancellation
	// reaches it through its mailbox, as erlmcp's client gen_server does
	// with pending_requests.
	OwnerMap Kind = iota
	// MutexMap is a map[id]waiter under a sync.Mutex that callers and the
	// transport reader take directly.
	MutexMap
	// SyncMap is a sync.Map from id to waiter, with an atomic id counter.
	SyncMap
	// SlotRing is the seed's "after": each waiter owns a slot, an id is the
	// slot's index plus a generation, and callers and the transport reader
	// complete waiters directly with one compare-and-swap.
	SlotRing
	numKinds // the number of kinds
)

var kindNames = [numKinds][2]string{
	OwnerMap: {"owner", "owner goroutine + map"},
	MutexMap: {"mutex", "sync.Mutex + map"},
	SyncMap:  {"syncmap", "sync.Map"},
	SlotRing: {"ring", "slot ring (index + generation, CAS)"},
}

// Name returns the table's short name: "owner", "mutex", "syncmap" or
// "ring".
func (k Kind) Name() string {
	if k < 0 || k >= numKinds {
		return "unknown"
	}
	return kindNames[k][0]
}

// String returns the table's label as the workload shows it.
func (k Kind) String() string {
	if k < 0 || k >= numKinds {
		return "unknown table"
	}
	return kindNames[k][1]
}

// Stats counts what became of the responses a client received and of the
// requests its callers gave up on. Every response is counted exactly once, as
// Delivered, Late, Duplicate or Unknown.
type Stats struct {
	// Delivered counts responses handed to the caller waiting for them.
	Delivered uint64
	// Late counts responses that arrived after their caller gave up (timed out
	// or cancelled); they were dropped.
	Late uint64
	// Duplicate counts responses to an id that had already been answered (or
	// whose give-up the table no longer remembers, see giveUpMemory); they
	// were dropped.
	Duplicate uint64
	// Unknown counts responses carrying an id the client never issued; they
	// were dropped.
	Unknown uint64
	// GivenUp counts requests whose caller stopped waiting before the
	// response came, and whose table entry was removed then.
	GivenUp uint64
}

// counters holds a table's Stats. Each cell has one writer (the goroutine
// that handles responses) except givenUp, which cancelling callers share;
// single-writer cells are bumped with a plain load and store, which costs no
// more than an unsynchronised increment.
type counters struct {
	delivered, late, duplicate, unknown atomic.Uint64
	givenUp                             atomic.Uint64
}

// bump increments a counter that only the calling goroutine writes.
func bump(c *atomic.Uint64) { c.Store(c.Load() + 1) }

func (c *counters) snapshot() Stats {
	return Stats{
		Delivered: c.delivered.Load(),
		Late:      c.late.Load(),
		Duplicate: c.duplicate.Load(),
		Unknown:   c.unknown.Load(),
		GivenUp:   c.givenUp.Load(),
	}
}

// gaveUp remembers id as given up by its caller, and counts it. Callers
// giving up share the count, so it is bumped atomically.
func gaveUp(c *counters, gone *giveUps, id uint64) {
	gone.add(id)
	c.givenUp.Add(1)
}

// strayKind classifies a response whose id is not pending, for a table
// that issues ids from a counter (next is the last issued): never issued,
// late (its caller gave up, as gone remembers) or a duplicate.
func strayKind(c *counters, id, next uint64, gone *giveUps) {
	switch {
	case id == 0 || id > next:
		bump(&c.unknown)
	case gone.take(id):
		bump(&c.late)
	default:
		bump(&c.duplicate)
	}
}

// waiter is one caller's pending request. A waiter is reused for request
// after request; it is touched by the table only between its send and the
// moment it is handed to its caller (or its give-up is accepted). It is one
// cache line: the fields only a Call needs sit behind call.
type waiter struct {
	// state is the slot ring's generation<<2 | phase; unused by OwnerMap.
	state atomic.Uint64
	id    uint64      // the id of the request in flight, set by the table
	arg   uint64      // the request's argument
	val   uint64      // the response, written before the waiter is handed over
	start int64       // issue time (workload.Now) of a timed request
	sink  *sink       // a pipelined caller's completions; nil for a Call
	call  *callWaiter // a Call's channels; nil for a pipelined caller
	slot  uint32      // slot ring index; unused by OwnerMap
	timed bool        // the pipelined caller times this request
}

// callWaiter holds what a waiter used by Call needs besides the request.
type callWaiter struct {
	notify chan *waiter // receives the waiter once its response is delivered
	ack    chan bool    // OwnerMap's answer to a give-up
	timer  *time.Timer  // the call's timeout, reused
}

// table is a pending-request table. Both implementations sit behind it and
// are driven by the same client code.
type table interface {
	// bind prepares a new waiter for use with this table.
	bind(w *waiter)
	// send registers w under a fresh id and queues its request on out,
	// which ships it with the batch it fills. It reports false if the
	// client closed. (OwnerMap registers when its owner takes the batch.)
	send(w *waiter, out *sender) bool
	// ship sends a batch of queued requests on its way: to the transport,
	// or for OwnerMap to the owner's mailbox, whose owner registers and
	// transmits them. It reports false if the client closed.
	ship(b *batch) bool
	// deliver hands every response in b to its waiter, counts the ones it
	// drops, and releases b. Only the client's reader calls it.
	deliver(b *batch)
	// abandon removes w's pending request because its caller gave up. It
	// reports false if the response won the race: then w is (or is about to
	// be) on w.call.notify and the caller must take it from there. Only Call
	// waiters are abandoned.
	abandon(w *waiter) bool
	// pending returns the number of requests awaiting a response.
	pending() int
	// stats returns the counters.
	stats() Stats
	// close stops what the table started.
	close()
}

// giveUpMemory is how many give-ups a table remembers, so that a response
// arriving after its caller gave up counts as Late rather than Duplicate.
// Memory stays bounded however many callers give up and never get their
// response; past this many, the oldest is forgotten.
const giveUpMemory = 1 << 16

// giveUps is a bounded set of the ids whose callers gave up, oldest evicted
// first. It is not synchronised.
type giveUps struct {
	limit int
	ids   map[uint64]struct{}
	fifo  []uint64
	next  int // oldest entry of fifo once it is full
}

func (g *giveUps) add(id uint64) {
	if g.ids == nil {
		if g.limit <= 0 {
			g.limit = giveUpMemory
		}
		g.ids = make(map[uint64]struct{})
	}
	if len(g.fifo) < g.limit {
		g.fifo = append(g.fifo, id)
	} else {
		delete(g.ids, g.fifo[g.next])
		g.fifo[g.next] = id
		g.next = (g.next + 1) % g.limit
	}
	g.ids[id] = struct{}{}
}

// take reports whether id is remembered, and forgets it so that a second
// response to the same id counts as a duplicate.
func (g *giveUps) take(id uint64) bool {
	if _, ok := g.ids[id]; ok {
		delete(g.ids, id)
		return true
	}
	return false
}
