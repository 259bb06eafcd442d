package registry

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/puzpuzpuz/xsync/v4"
)

// The registries in this file are the alternatives measured against Sharded
// in BenchmarkCandidates. They pass the same behavioural suite, so the
// comparison is between correct implementations.

// xsyncRegistry is a Registry over xsync's concurrent hash map.
type xsyncRegistry struct {
	m      *xsync.Map[string, Owner]
	closed atomic.Bool
}

func newXsync() Registry { return &xsyncRegistry{m: xsync.NewMap[string, Owner]()} }

func (r *xsyncRegistry) Register(key string, owner Owner) error {
	if r.closed.Load() {
		return fmt.Errorf("register %q: %w", key, ErrClosed)
	}
	if _, loaded := r.m.LoadOrStore(key, owner); loaded {
		return fmt.Errorf("register %q: %w", key, ErrExists)
	}
	return nil
}

func (r *xsyncRegistry) Lookup(key string) (Owner, error) {
	if r.closed.Load() {
		return 0, fmt.Errorf("lookup %q: %w", key, ErrClosed)
	}
	o, ok := r.m.Load(key)
	if !ok {
		return 0, fmt.Errorf("lookup %q: %w", key, ErrNotFound)
	}
	return o, nil
}

func (r *xsyncRegistry) Unregister(key string) error {
	if r.closed.Load() {
		return fmt.Errorf("unregister %q: %w", key, ErrClosed)
	}
	if _, loaded := r.m.LoadAndDelete(key); !loaded {
		return fmt.Errorf("unregister %q: %w", key, ErrNotFound)
	}
	return nil
}

func (r *xsyncRegistry) Len() int {
	if r.closed.Load() {
		return 0
	}
	return r.m.Size()
}

// Close only marks the registry closed: clearing the map could remove a key
// under an operation that had already passed its closed check.
func (r *xsyncRegistry) Close() error {
	r.closed.Store(true)
	return nil
}

// mutexRegistry is the simplest shared table: one mutex over one map.
type mutexRegistry struct {
	mu    sync.Mutex
	names map[string]Owner
}

func newMutex() Registry { return &mutexRegistry{names: make(map[string]Owner)} }

func (r *mutexRegistry) Register(key string, owner Owner) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch _, ok := r.names[key]; {
	case r.names == nil:
		return fmt.Errorf("register %q: %w", key, ErrClosed)
	case ok:
		return fmt.Errorf("register %q: %w", key, ErrExists)
	}
	r.names[key] = owner
	return nil
}

func (r *mutexRegistry) Lookup(key string) (Owner, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	o, ok := r.names[key]
	switch {
	case r.names == nil:
		return 0, fmt.Errorf("lookup %q: %w", key, ErrClosed)
	case !ok:
		return 0, fmt.Errorf("lookup %q: %w", key, ErrNotFound)
	}
	return o, nil
}

func (r *mutexRegistry) Unregister(key string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch _, ok := r.names[key]; {
	case r.names == nil:
		return fmt.Errorf("unregister %q: %w", key, ErrClosed)
	case !ok:
		return fmt.Errorf("unregister %q: %w", key, ErrNotFound)
	}
	delete(r.names, key)
	return nil
}

func (r *mutexRegistry) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.names)
}

func (r *mutexRegistry) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names = nil
	return nil
}
