package correlation

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// Slot ring layout. An id is generation<<slotBits | slot, so the low bits
// find the slot without hashing and the high bits tell this request from
// every earlier and later one that used the same slot.
const (
	slotBits  = 22 // up to 4Mi waiters; generations get the other 42 bits
	maxSlots  = 1 << slotBits
	slotMask  = maxSlots - 1
	chunkBits = 12
	chunkLen  = 1 << chunkBits
	maxChunks = maxSlots >> chunkBits
)

// Phases of a slot ring waiter, in the low two bits of its state.
const (
	phaseIdle      = 0
	phasePending   = 1
	phaseDone      = 2
	phaseCancelled = 3
)

// chunk is a block of slots, allocated when waiters first need it and never
// moved, so a reader can index it without a lock.
type chunk [chunkLen]atomic.Pointer[waiter]

// slotRing is the seed's "after" table. Each waiter is bound to a slot for life;
// registering bumps the waiter's generation and marks it pending with one
// atomic store on the caller's goroutine, and the transport reader completes
// it with one compare-and-swap from pending to done under the id's
// generation. A stale or duplicate response carries an old generation, so
// its swap fails even if the slot is pending again for a newer request. No
// goroutine owns the table and no lock is taken on the path of a request
// that is answered.
type slotRing struct {
	tr *transport

	mu     sync.Mutex // serialises bind
	n      atomic.Uint32
	chunks [maxChunks]atomic.Pointer[chunk]

	gmu  sync.Mutex // orders give-ups against the responses that miss them
	gone giveUps

	done completer // used by the reader only

	_   [64]byte // keep the reader's counters off the binders' line
	cnt counters
}

func newSlotRing(tr *transport) *slotRing { return &slotRing{tr: tr} }

func (r *slotRing) bind(w *waiter) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.n.Load()
	if s == maxSlots {
		panic(fmt.Sprintf("correlation: slot ring holds at most %d waiters", maxSlots))
	}
	c := r.chunks[s>>chunkBits].Load()
	if c == nil {
		c = new(chunk)
		r.chunks[s>>chunkBits].Store(c)
	}
	w.slot = s
	c[s&(chunkLen-1)].Store(w)
	r.n.Store(s + 1)
}

// register makes w pending under a fresh id and returns it.
func (r *slotRing) register(w *waiter) uint64 {
	g := w.state.Load()>>2 + 1
	w.id = g<<slotBits | uint64(w.slot)
	w.state.Store(g<<2 | phasePending)
	return w.id
}

// lookup returns the waiter bound to id's slot, or nil if no waiter is.
func (r *slotRing) lookup(id uint64) *waiter {
	s := uint32(id & slotMask)
	if s >= r.n.Load() {
		return nil
	}
	return r.chunks[s>>chunkBits].Load()[s&(chunkLen-1)].Load()
}

// take completes the request with this id, returning its waiter, or nil if
// the id is not pending (never issued, answered, or given up).
func (r *slotRing) take(id uint64) *waiter {
	w := r.lookup(id)
	if w == nil {
		return nil
	}
	g := id >> slotBits
	if w.state.CompareAndSwap(g<<2|phasePending, g<<2|phaseDone) {
		return w
	}
	return nil
}

func (r *slotRing) send(w *waiter, out *sender) bool { return out.add(w, r.register(w)) }

func (r *slotRing) ship(b *batch) bool { return r.tr.send(r.tr.reqs, b) }

func (r *slotRing) deliver(b *batch) {
	for _, it := range b.items[:b.n] {
		w := r.take(it.id)
		if w == nil {
			r.stray(it.id)
			continue
		}
		w.val = it.val
		r.done.complete(w)
		bump(&r.cnt.delivered)
	}
	r.done.finish(b, r.tr)
}

// stray counts a response whose id is not pending.
func (r *slotRing) stray(id uint64) {
	g := id >> slotBits
	w := r.lookup(id)
	if w == nil || g == 0 || g > w.state.Load()>>2 {
		bump(&r.cnt.unknown)
		return
	}
	r.gmu.Lock()
	late := r.gone.take(id)
	r.gmu.Unlock()
	if late {
		bump(&r.cnt.late)
	} else {
		bump(&r.cnt.duplicate)
	}
}

func (r *slotRing) abandon(w *waiter) bool {
	g := w.id >> slotBits
	r.gmu.Lock()
	defer r.gmu.Unlock()
	// Holding gmu across the swap and the add means a response that loses
	// to this give-up finds the id in gone when it looks.
	if !w.state.CompareAndSwap(g<<2|phasePending, g<<2|phaseCancelled) {
		return false
	}
	gaveUp(&r.cnt, &r.gone, w.id)
	return true
}

func (r *slotRing) pending() int {
	n := 0
	for s := range r.n.Load() {
		w := r.chunks[s>>chunkBits].Load()[s&(chunkLen-1)].Load()
		if w.state.Load()&3 == phasePending {
			n++
		}
	}
	return n
}

func (r *slotRing) stats() Stats { return r.cnt.snapshot() }

func (r *slotRing) close() {}
