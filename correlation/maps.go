package correlation

import (
	"sync"
	"sync/atomic"
)

// mutexMap is the table a Go programmer writes first: map[id]waiter and an
// id counter under one sync.Mutex. A caller registers under the lock on its
// own goroutine; the transport reader takes a whole batch of responses out
// of the map under one lock and completes their waiters after releasing it.
type mutexMap struct {
	tr *transport

	mu   sync.Mutex
	reqs map[uint64]*waiter
	next uint64 // last id issued
	gone giveUps

	done completer // used by the reader only
	cnt  counters
}

func newMutexMap(tr *transport) *mutexMap {
	return &mutexMap{tr: tr, reqs: make(map[uint64]*waiter)}
}

func (m *mutexMap) bind(*waiter) {}

func (m *mutexMap) send(w *waiter, out *sender) bool {
	m.mu.Lock()
	m.next++
	w.id = m.next
	m.reqs[w.id] = w
	m.mu.Unlock()
	return out.add(w, w.id)
}

func (m *mutexMap) ship(b *batch) bool { return m.tr.send(m.tr.reqs, b) }

func (m *mutexMap) deliver(b *batch) {
	var got [batchCap]*waiter
	n := 0
	m.mu.Lock()
	for _, it := range b.items[:b.n] {
		w, ok := m.reqs[it.id]
		if !ok {
			strayKind(&m.cnt, it.id, m.next, &m.gone)
			continue
		}
		delete(m.reqs, it.id)
		w.val = it.val
		got[n] = w
		n++
	}
	m.mu.Unlock()
	for _, w := range got[:n] {
		m.done.complete(w)
		bump(&m.cnt.delivered)
	}
	m.done.finish(b, m.tr)
}

func (m *mutexMap) abandon(w *waiter) bool {
	m.mu.Lock()
	pending := m.reqs[w.id] == w // false once answered
	if pending {
		delete(m.reqs, w.id)
		gaveUp(&m.cnt, &m.gone, w.id)
	}
	m.mu.Unlock()
	return pending
}

func (m *mutexMap) pending() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.reqs)
}

func (m *mutexMap) stats() Stats { return m.cnt.snapshot() }

func (m *mutexMap) close() {}

// syncMapTable keeps waiters in a sync.Map keyed by an id from an atomic
// counter: Store on the caller's goroutine, LoadAndDelete on the reader's,
// CompareAndDelete for a give-up. The id is boxed as an interface key, so
// a request allocates.
type syncMapTable struct {
	tr *transport

	m    sync.Map // uint64 → *waiter
	next atomic.Uint64
	n    atomic.Int64 // pending

	gmu  sync.Mutex // orders give-ups against the responses that miss them
	gone giveUps

	done completer // used by the reader only
	cnt  counters
}

func newSyncMapTable(tr *transport) *syncMapTable { return &syncMapTable{tr: tr} }

func (t *syncMapTable) bind(*waiter) {}

func (t *syncMapTable) send(w *waiter, out *sender) bool {
	w.id = t.next.Add(1)
	t.n.Add(1)
	t.m.Store(w.id, w)
	return out.add(w, w.id)
}

func (t *syncMapTable) ship(b *batch) bool { return t.tr.send(t.tr.reqs, b) }

func (t *syncMapTable) deliver(b *batch) {
	for _, it := range b.items[:b.n] {
		v, ok := t.m.LoadAndDelete(it.id)
		if !ok {
			t.gmu.Lock()
			strayKind(&t.cnt, it.id, t.next.Load(), &t.gone)
			t.gmu.Unlock()
			continue
		}
		t.n.Add(-1)
		w := v.(*waiter)
		w.val = it.val
		t.done.complete(w)
		bump(&t.cnt.delivered)
	}
	t.done.finish(b, t.tr)
}

func (t *syncMapTable) abandon(w *waiter) bool {
	t.gmu.Lock()
	defer t.gmu.Unlock()
	// Holding gmu across the delete and the add means a response that
	// loses to this give-up finds the id in gone when it looks.
	if !t.m.CompareAndDelete(w.id, w) {
		return false
	}
	t.n.Add(-1)
	gaveUp(&t.cnt, &t.gone, w.id)
	return true
}

func (t *syncMapTable) pending() int { return int(t.n.Load()) }

func (t *syncMapTable) stats() Stats { return t.cnt.snapshot() }

func (t *syncMapTable) close() {}
