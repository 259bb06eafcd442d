// Package correlation owns the pending-request table of an MCP client: the
// part that gives each outgoing JSON-RPC request a fresh id and hands each
// response to the caller waiting for that id. It holds two tables behind one
// internal interface, the Client that drives either of them, an in-process
// transport with responder goroutines, and the workload that measures the
// pair.
//
// The baseline table, OwnerMap, mirrors erlmcp's client gen_server: one owner
// goroutine holds a map from id to waiter (pending_requests) and everything
// goes through its mailbox, as in gen_server:call and handle_info: a caller
// registers a request by message, the owner assigns the id, stores the
// waiter and transmits; the transport reader sends each batch of responses to
// the same mailbox, and the owner takes every id out of the map (maps:take)
// and replies to its waiter.
//
// The optimised table, SlotRing, has no owner. Each waiter is bound to a slot
// for life; an id is the slot's index plus a generation, registering is one
// atomic store on the caller's goroutine, and the transport reader completes
// a waiter directly with one compare-and-swap keyed on the generation, so a
// stale or duplicate response cannot complete a reused slot.
//
// Both tables count and drop every response nobody waits for: an unknown id,
// a duplicate, or a response after its caller gave up (timeout or context
// cancellation). A give-up removes the table entry at once, so the table
// never holds an entry for a caller that is gone; a bounded memory of recent
// give-ups tells a late response from a duplicate.
//
// The transport moves requests and responses in batches between the caller,
// a few responder goroutines and the client's reader, so that a channel
// operation is paid per batch and the tables' difference is what the
// workload measures. It is identical for both variants. A pipelined caller
// batches its own requests and transmits before it waits; the baseline's
// owner transmits whenever its mailbox runs dry.
//
// Workload keeps depth requests in flight per engine worker (a
// workload.Pipeline) and records each request's round trip, from issue to
// the moment the worker sees the response, with one monotonic clock read per
// request. A request allocates nothing in either variant.
//
// This package depends on the workload contract only. It must not import the
// engine, the snapshot code, or any UI package (bubbletea, lipgloss, tui).
package correlation
