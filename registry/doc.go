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
// callers contend only when their keys land in the same shard. The choice of
// a sharded map over github.com/puzpuzpuz/xsync/v4's Map was made by
// measurement (see BenchmarkCandidates in the tests): xsync's Map allocates an
// entry on every insert, which an insert-heavy workload pays on every op.
//
// Workload adapts both to workload.Workload: one operation registers a key
// unique to the worker, looks it up and checks its owner, and unregisters it,
// as erlmcp's registry_worker benchmark does.
//
// This package depends on the workload contract only. It must not import the
// engine, the snapshot code, or any UI package (bubbletea, lipgloss, tui).
package registry
