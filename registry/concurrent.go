package registry

import (
	"sync"
	"sync/atomic"

	"github.com/puzpuzpuz/xsync/v4"
)

// concurrentMap is a ready-made concurrent map from key to owner, as
// SyncMap and Xsync use one.
type concurrentMap interface {
	loadOrStore(key string, o Owner) (loaded bool)
	load(key string) (Owner, bool)
	loadAndDelete(key string) (loaded bool)
	size() int
}

// shared is a Registry over a concurrent map that callers use directly.
// Close only marks it closed: clearing the map could remove a key under an
// operation that had already passed its closed check.
type shared struct {
	m      concurrentMap
	closed atomic.Bool
}

// Register records owner under key, or fails with ErrExists.
func (r *shared) Register(key string, owner Owner) error {
	switch {
	case r.closed.Load():
		return wrap("register", key, ErrClosed)
	case r.m.loadOrStore(key, owner):
		return wrap("register", key, ErrExists)
	}
	return nil
}

// Lookup returns the owner of key, or fails with ErrNotFound.
func (r *shared) Lookup(key string) (Owner, error) {
	if r.closed.Load() {
		return 0, wrap("lookup", key, ErrClosed)
	}
	o, ok := r.m.load(key)
	if !ok {
		return 0, wrap("lookup", key, ErrNotFound)
	}
	return o, nil
}

// Unregister removes key, or fails with ErrNotFound.
func (r *shared) Unregister(key string) error {
	switch {
	case r.closed.Load():
		return wrap("unregister", key, ErrClosed)
	case !r.m.loadAndDelete(key):
		return wrap("unregister", key, ErrNotFound)
	}
	return nil
}

// Len returns the number of registered keys, or 0 once closed.
func (r *shared) Len() int {
	if r.closed.Load() {
		return 0
	}
	return r.m.size()
}

// Close marks the registry closed; later operations fail with ErrClosed.
func (r *shared) Close() error {
	r.closed.Store(true)
	return nil
}

// SyncMap is a Registry over the standard library's sync.Map: LoadOrStore
// registers, Load looks up, LoadAndDelete unregisters. Keys and owners are
// stored as interface values, so a registration allocates. All methods are
// safe for concurrent use.
type SyncMap struct{ shared }

// NewSyncMap returns an empty sync.Map registry.
func NewSyncMap() *SyncMap { return &SyncMap{shared{m: &stdMap{}}} }

// stdMap adapts sync.Map, counting its keys (it keeps no length).
type stdMap struct {
	m sync.Map
	n atomic.Int64
}

func (s *stdMap) loadOrStore(key string, o Owner) bool {
	_, loaded := s.m.LoadOrStore(key, o)
	if !loaded {
		s.n.Add(1)
	}
	return loaded
}

func (s *stdMap) load(key string) (Owner, bool) {
	o, ok := s.m.Load(key)
	if !ok {
		return 0, false
	}
	return o.(Owner), true
}

func (s *stdMap) loadAndDelete(key string) bool {
	_, loaded := s.m.LoadAndDelete(key)
	if loaded {
		s.n.Add(-1)
	}
	return loaded
}

func (s *stdMap) size() int { return int(s.n.Load()) }

// Xsync is a Registry over github.com/puzpuzpuz/xsync/v4's Map, a
// concurrent hash table whose reads take no lock. Each insert allocates an
// entry. All methods are safe for concurrent use.
type Xsync struct{ shared }

// NewXsync returns an empty xsync registry.
func NewXsync() *Xsync { return &Xsync{shared{m: xsyncMap{xsync.NewMap[string, Owner]()}}} }

// xsyncMap adapts xsync.Map.
type xsyncMap struct{ m *xsync.Map[string, Owner] }

func (x xsyncMap) loadOrStore(key string, o Owner) bool {
	_, loaded := x.m.LoadOrStore(key, o)
	return loaded
}

func (x xsyncMap) load(key string) (Owner, bool) { return x.m.Load(key) }

func (x xsyncMap) loadAndDelete(key string) bool {
	_, loaded := x.m.LoadAndDelete(key)
	return loaded
}

func (x xsyncMap) size() int { return x.m.Size() }

var (
	_ Registry = (*SyncMap)(nil)
	_ Registry = (*Xsync)(nil)
)
