// Package registry owns mcptop's name registry workload: a table that maps a
// key to the owner that registered it, in two implementations that satisfy
// one Registry interface.
//
// The baseline, Server, mirrors erlmcp's gproc registry, where every
// registration, lookup and unregistration is a gen_server:call into a single
// process. One owner goroutine holds a plain map and serves requests that
// arrive on a channel; each caller sends its request and blocks until the
// owner answers on the caller's reply channel. Every operation therefore
// costs two goroutine hand-offs and is serialised through one goroutine, no
// matter how many callers there are.
//
// The optimised variant, Sharded, lets callers touch the table directly: 64
// shards, each a mutex and a plain map, chosen by a hash of the key, so
// callers contend only when their keys land in the same shard. It was chosen
// over github.com/puzpuzpuz/xsync/v4's Map and a single mutex-guarded map by
// BenchmarkCandidates (2 cores, register+lookup+unregister, 10,000 names
// prefilled). On a quiet machine xsync was the fastest at 2-64 goroutines
// (63-78 ns/op against 75-98) but slower at one (110-126 against 91-116), and
// it allocates a 24-byte entry on every insert; on a loaded machine its
// medians rose to 120-190 ns/op while the sharded map's stayed at 82-95. The
// sharded map was taken for allocating nothing and holding steady. Its shards
// use sync.Mutex: RWMutex shards measured 20-40% slower, since two of an
// op's three calls write.
//
// Workload adapts both to workload.Workload: one operation registers a key
// unique to the worker, looks it up and checks its owner, and unregisters it,
// as erlmcp's registry_worker benchmark does.
//
// This package depends on the workload contract only. It must not import the
// engine, the snapshot code, or any UI package (bubbletea, lipgloss, tui).
package registry
