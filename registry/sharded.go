package registry

import (
	"hash/maphash"
	"sync"
)

// shardCount is the number of shards in a Sharded registry, a power of two.
// 64 is far more than the cores mcptop runs on, so two callers working on
// different keys rarely meet on one lock.
const shardCount = 64

// shard is one lock and the part of the table it guards, padded to its own
// cache lines so that neighbouring shards' locks do not share one. The lock
// is a plain Mutex, not an RWMutex: two of an op's three calls write, and
// RWMutex shards measured 20-40% slower in BenchmarkCandidates.
type shard struct {
	mu    sync.Mutex
	names names // nil once the registry is closed
	_     [128 - 8 - 8]byte
}

// Sharded is the seed's "after" Registry: callers operate on the table
// directly, under the lock of the one shard their key hashes to, instead of
// queueing for a single owner. All methods are safe for concurrent use.
type Sharded struct {
	seed   maphash.Seed
	_      [128 - 8]byte // keep the read-only seed off shard 0's lock
	shards [shardCount]shard
}

var _ Registry = (*Sharded)(nil)

// NewSharded returns an empty sharded registry.
func NewSharded() *Sharded {
	s := &Sharded{seed: maphash.MakeSeed()}
	for i := range s.shards {
		s.shards[i].names = names{}
	}
	return s
}

func (s *Sharded) shard(key string) *shard {
	return &s.shards[maphash.String(s.seed, key)&(shardCount-1)]
}

// Register records owner under key, or fails with ErrExists.
func (s *Sharded) Register(key string, owner Owner) error {
	sh := s.shard(key)
	sh.mu.Lock()
	err := sh.names.register(key, owner)
	sh.mu.Unlock()
	return wrap("register", key, err)
}

// Lookup returns the owner of key, or fails with ErrNotFound.
func (s *Sharded) Lookup(key string) (Owner, error) {
	sh := s.shard(key)
	sh.mu.Lock()
	o, err := sh.names.lookup(key)
	sh.mu.Unlock()
	return o, wrap("lookup", key, err)
}

// Unregister removes key, or fails with ErrNotFound.
func (s *Sharded) Unregister(key string) error {
	sh := s.shard(key)
	sh.mu.Lock()
	err := sh.names.unregister(key)
	sh.mu.Unlock()
	return wrap("unregister", key, err)
}

// Len returns the number of registered keys, or 0 once closed. Shards are
// counted one after another, so under concurrent changes the result is a
// count that may never have held at a single instant.
func (s *Sharded) Len() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		n += len(sh.names)
		sh.mu.Unlock()
	}
	return n
}

// Close drops the table; later operations fail with ErrClosed.
func (s *Sharded) Close() error {
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		sh.names = nil
		sh.mu.Unlock()
	}
	return nil
}
