// Package correlation owns the pending-request table of an MCP client: the
// part that gives each outgoing JSON-RPC request a fresh id and hands each
// response to the caller waiting for that id. It holds four tables behind one
// internal interface, the Client that drives any of them, an in-process
// transport with responder goroutines, and the workload that measures them.
//
// The owner table (OwnerMap, the seed's "before") mirrors erlmcp's client
// gen_server: one owner goroutine holds a map from id to waiter
// (pending_requests) and everything goes through its mailbox, as in
// gen_server:call and handle_info: a caller registers a batch of requests by
// message, the owner assigns the ids, stores the waiters and transmits; the
// transport reader sends each batch of responses to the same mailbox, and
// the owner takes every id out of the map (maps:take) and replies to its
// waiter.
//
// The mutex table (MutexMap) is what a Go programmer writes first: the map
// and the id counter under a sync.Mutex, taken by the caller to register and
// by the reader once per batch of responses. The sync.Map table (SyncMap)
// stores each waiter under an id from an atomic counter; boxing the id costs
// an allocation per request.
//
// The slot ring (SlotRing, the seed's "after") has no owner and no lock.
// Each waiter is bound to a slot for life; an id is the slot's index plus a
// generation, registering is one atomic store on the caller's goroutine, and
// the transport reader completes a waiter directly with one compare-and-swap
// keyed on the generation, so a stale or duplicate response cannot complete
// a reused slot.
//
// Every table counts and drops every response nobody waits for: an unknown id,
// a duplicate, or a response after its caller gave up (timeout or context
// cancellation). A give-up removes the table entry at once, so the table
// never holds an entry for a caller that is gone; a bounded memory of recent
// give-ups tells a late response from a duplicate.
//
// The transport moves requests and responses in batches of up to 64 between
// the caller, a few responder goroutines and the client's reader, so that a
// channel operation is paid per batch and the tables' difference is what the
// workload measures. Batching is the same for every table: a pipelined
// caller fills a batch and ships it when it is full or before it waits; for
// the owner table the batch goes to the owner's mailbox as one message (the
// owner registers it and transmits it), for the others straight to the
// transport. (Before, the owner table took one mailbox message per request
// while the slot ring shipped 64 per channel send; with batching the same,
// the owner's round trip at depth 1,000 fell from 116-210 to 76-95 ns and
// the ring's lead from 4-6x to about 2.3x; BenchmarkRoundTrip.)
//
// Workload keeps depth requests in flight per engine worker (a
// workload.Pipeline) and records each request's round trip, from issue to
// the moment the worker sees the response, with one monotonic clock read per
// request. A request allocates nothing, except in SyncMap.
//
// This package depends on the workload contract only. It must not import the
// engine, the snapshot code, or any UI package (bubbletea, lipgloss, tui).
package correlation
