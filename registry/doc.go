// Package registry owns mcptop's name registry workload: a table that maps a
// key to the owner that registered it, in the implementations a Go
// programmer chooses between, all behind one Registry interface and all
// held to one behavioural suite.
//
//   - owner (Server) mirrors erlmcp's gproc registry, where every
//     registration, lookup and unregistration is a gen_server:call into a
//     single process. One owner goroutine holds a plain map and serves
//     requests that arrive on a channel; each caller sends its request and
//     blocks until the owner answers on the caller's reply channel. Every
//     operation costs two goroutine hand-offs and is serialised through one
//     goroutine, however many callers there are. It is the seed's "before".
//   - mutex (Mutex): one sync.Mutex over one map, callers touching it
//     directly; what a Go programmer writes first.
//   - rwmutex (RWMutex): the same with a sync.RWMutex, lookups under the
//     read lock.
//   - syncmap (SyncMap): the standard library's sync.Map; keys and owners
//     are boxed in interfaces, so a registration allocates.
//   - sharded (Sharded): 64 shards, each a mutex and a plain map, chosen by
//     a hash of the key, so callers contend only when their keys land in
//     the same shard. It is the seed's "after".
//   - xsync (Xsync): github.com/puzpuzpuz/xsync/v4's Map, a concurrent hash
//     table whose reads take no lock; an insert allocates an entry.
//
// The seed chose the sharded map by BenchmarkOp (2 cores,
// register+lookup+unregister, 10,000 names prefilled): on a quiet machine
// xsync was fastest at 2-64 goroutines (63-78 ns/op against 75-98) but
// slower at one and under load, and allocates on every insert; RWMutex
// shards measured 20-40% slower than Mutex shards, since two of an op's
// three calls write. On two cores a single sync.Mutex map runs within a few
// percent of the sharded one: the seed's 21× is the owner goroutine against
// direct locking, and sharding pays only with more cores than this machine
// has. `mcptop matrix --workload registry` shows all six side by side.
//
// Workload adapts them to workload.Workload: one operation registers a key
// unique to the worker, looks it up and checks its owner, and unregisters
// it, as erlmcp's registry_worker benchmark does.
//
// This package depends on the workload contract and xsync only. It must not
// import the engine, the snapshot code, or any UI package (bubbletea,
// lipgloss, tui).
package registry
