// Package mcpwire owns MCP on the wire: the stdio framing of JSON-RPC
// messages (one message per line) over any reader and writer, a built-in MCP
// server, an MCP client that does the lifecycle properly and keeps requests
// in flight, child-process management for stdio servers, and two workloads
// built on them.
//
// # Framing
//
// LineReader splits a byte stream into messages at '\n', drops a trailing
// '\r' and skips blank lines, holds at most a bounded line (DefaultMaxLine,
// 16 MiB, unless set) and reports a peer that closes mid-message as
// io.ErrUnexpectedEOF. Writer appends the '\n', either writing each message at
// once (the baseline) or buffering messages until Flush so that everything a
// goroutine produces in one wake-up leaves in one write (the optimised
// stack). A Writer over a stream that supports write deadlines (a TCP
// connection, a pipe from os.Pipe, net.Pipe) gives up on a peer that stops
// reading, so a stalled server never hangs mcptop.
//
// # Client
//
// NewClient performs initialize (offering codec.ProtocolVersion, accepting any
// version in ProtocolVersions, failing clearly on another), sends
// notifications/initialized, and from then on reads every message the server
// sends on one reader goroutine: responses are matched to their request,
// notifications are counted and dropped, server-to-client requests are
// answered (ping with {}, anything else with -32601). When the stream ends or
// breaks, every pending request fails at once with the reason.
//
// Requests in flight are kept by one of two pending tables, mirroring the
// correlation package's pair (whose tables are internal to it): the baseline
// owner goroutine with a map, reached by message (erlmcp's client
// gen_server), and the optimised direct table, where a request's id names its
// slot and the reader completes it with one compare-and-swap.
//
// # Workloads
//
// E2EWorkload runs the built-in server on a loopback TCP listener and keeps
// depth requests in flight on each of conns connections: the whole path of
// bytes on a socket, framing, decode, dispatch, encode and correlation, in
// both stacks. Connection j belongs to engine worker j mod W; workers beyond
// conns are idle.
//
// NewTarget measures real MCP servers, started as child processes (stdio,
// each in its own process group, stderr to a log file) or reached over TCP,
// with the optimised client stack. With two servers, A is the baseline
// variant and B the optimised one. With one, each variant gets its own
// instance of A (an A/A run): the two sides run the same code, so their
// ratio shows the measurement's noise floor rather than a client-stack
// difference, which the e2e workload measures already. One connection per
// server, driven by worker 0. A server that exits or stops answering shows
// as failed operations carrying its exit status and the tail of its stderr;
// the next instance (the dashboard's reset) restarts it. KillChildren ends
// every child, for the program's signal handling.
//
// # Imports
//
// This package depends on codec (messages and codecs) and workload (the
// contract). It must not import the engine, the snapshot code, or any UI
// package (bubbletea, lipgloss, tui).
package mcpwire
