// Package mcpwire owns the MCP protocol as mcptop speaks it: an MCP client
// that does the lifecycle properly and keeps requests in flight, a built-in
// MCP server, the pending-request tables and the load pipeline between
// them, and the e2e workload that measures the two stacks. Both ends work
// over any transport.Conn, a connection that carries whole messages; how
// the messages travel (stdio, TCP, Streamable HTTP and HTTP+SSE) is package
// transport's, and the child processes behind stdio servers are
// package proc's.
//
// # Client
//
// NewClient performs initialize (offering codec.ProtocolVersion, accepting any
// version in ProtocolVersions, failing clearly on another), tells a Conn
// that asks (transport.VersionSetter) the negotiated version, sends
// notifications/initialized, and from then on reads every message the
// server sends on one reader goroutine: responses are matched to their
// request, notifications are counted and dropped, server-to-client requests
// are answered (ping with {}, anything else with -32601). When the
// connection ends or breaks, every pending request fails at once with the
// reason, which ClientOptions.Describe may complete (the target adds a
// child's exit status and stderr).
//
// Requests in flight are kept by one of two pending tables (table.go),
// mirroring the correlation package's pair (whose tables are internal to
// it): the baseline owner goroutine with a map, reached by message
// (erlmcp's client gen_server), and the optimised direct table, where a
// request's id names its slot and the reader completes it with one
// compare-and-swap. Requests are encoded straight into the Conn's send
// buffer; the direct table flushes once per batch.
//
// # Load pipeline
//
// A client made with a LoadSpec (what to send, how to judge the answer, how
// many may be in flight) carries load: a Pipeline, one engine worker's
// workload.Pipeline, keeps depth requests in flight on each client it owns,
// reissues each as soon as its response is in, times it from issue to the
// moment the worker sees the response, and gives up on a request after a
// timeout. With the optimised stack a round trip allocates nothing, client
// and server included. A Group spreads several clients over an instance's
// workers: client j belongs to worker j mod W.
//
// With an OpenLoad the pipeline is an open loop instead (openload.go): it
// sends on its share of the variant's timetable (the rate and the cap on
// requests in flight split by the clients each pipeline owns), on the next
// client with a free slot, and times each request from its intended send
// time, its service time from its actual one; a send due beyond the cap
// waits and counts as capped, one more than the timeout late is missed.
// A LoadSpec may carry a mix of kinds of request (mix.go): each request's
// kind is picked by smooth weighted round robin and rides in the low bits
// of its generation, so the reader decodes and judges each response as its
// own method's.
//
// # Server
//
// Server answers initialize, ping, tools/list and tools/call of the tool
// "echo" on each connection it serves, one goroutine per connection,
// requests in order. The baseline sends each response at once; the
// optimised stack sends when no further request has arrived (Conn.Ready),
// so that everything one wake-up produces leaves in one write. Serve
// accepts TCP connections and frames them as a transport.Stream.
// HTTPHandler (http.go) serves it over Streamable HTTP instead: each POST
// one message answered in JSON, sessions begun by initialize and ended by
// DELETE, no GET stream (the server sends nothing unasked). An Endpoint
// (endpoint.go) serves both on one listener, telling a connection's
// framing from its first byte ('{' is JSON, anything else HTTP), and shuts
// down gracefully: `mcptop serve` is an Endpoint.
//
// # Workloads
//
// E2EWorkload runs the built-in server on a loopback TCP listener and keeps
// depth requests in flight on each of conns connections: the whole path of
// bytes on a socket, framing, decode, dispatch, encode and correlation, in
// both stacks. Connection j belongs to engine worker j mod W; workers beyond
// conns are idle. It lives here, as every workload package keeps its own
// workload, because it measures this package's two stacks against each
// other. The target workload, which measures other people's servers with
// the optimised client, is package target's.
//
// # Imports
//
// This package depends on codec (messages and codecs), workload (the
// contract) and transport (connections). It must not import proc or
// target, the engine, the snapshot code, or any UI package (bubbletea,
// lipgloss, tui).
package mcpwire
