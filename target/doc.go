// Package target measures real MCP servers: the target workload. It owns
// what a user's server is (Config: a command line started as a stdio child,
// tcp://HOST:PORT, a Streamable HTTP URL, or sse+http(s):// for the older
// HTTP+SSE transport), how it is brought up and kept up across runs, and
// what the load calls, and leaves the protocol to mcpwire, the carriage of
// messages to transport and the processes to proc.
//
// Prepare reads the configuration and starts nothing; the servers start
// when the first instance is built (Start, or New, which is both), so that
// a program can show that they are starting and stay responsive while
// they do. A start, spawn or connect, then initialize with mcpwire's
// optimised client stack and a check that a tools/call load's tool exists,
// is bounded by Config.StartTimeout and by the context Prepare was given;
// Close aborts one under way, and a child that never became ready is
// killed. How long each took, spawn to initialized, goes to
// Config.Progress and to the child's log.
//
// With two servers, A is side A (implementation server-a) and B side B
// (server-b).
// With one, each variant gets its own instance of A (an A/A run): the two
// sides run the same code, so their ratio shows the measurement's noise
// floor rather than a client-stack difference, which the e2e workload
// measures already. Each variant has `sessions` MCP sessions with its
// server (for a command, each is a process of its own; over the network,
// a connection or an HTTP session), spread over the engine's workers as an
// mcpwire.Group: depth requests stay in flight on each, each timed from
// issue to the moment the worker sees its response. The run's Settings
// record the servers (URLs with their secrets hidden), transports, the
// call and the names of the headers, never their values.
//
// The load's request is a template (call.go): the bytes of the configured
// method and arguments, fixed but for the id, so that any JSON the user
// gives is sent as given and encoding one costs an append. A tool result
// with isError set counts as a failure, as do JSON-RPC errors, HTTP errors
// and timeouts. Call "initialize" is cold start instead (coldstart.go): an
// operation is a whole session, start to end. Call may also be a weighted
// mix of methods (mix.go), each entry with its own arguments (ArgsFor);
// the instance then names its entries (workload.Kinded) so that the engine
// accounts for each. The workload's load parameters make any call but a
// cold start an open loop over every session.
//
// A server that exits or stops answering shows as failed operations whose
// error is a ServerError: its exit status, the tail of its stderr and the
// log's path (each child's stderr goes to a log file of its own). The next
// instance (every new run, and the dashboard's reset) restarts a server
// that died, broke its connection or let a request time out; Close ends
// the children, and proc.KillAll reaches them from the program's signal
// handling. Close also removes the stderr logs, unless a server failed
// (Failed: a failed request, an exit, a start that did not succeed), when
// they explain it, or Config.KeepLogs asks to keep them; LogsKept lists
// what stays.
//
// An instance reports its server's CPU time and memory (workload.
// ServerMeter) when it can read them: a command's process tree, summed
// over its sessions, or the process named by Config.ServerPID for a server
// mcptop does not start.
//
// Errors in a Config are *ConfigError naming the field, never a command
// line's flag: the CLI maps fields to its flags.
//
// # Imports
//
// This package depends on codec (messages), workload (the contract),
// mcpwire (the client and its pipeline), transport (connections) and proc
// (children). It must not import the engine, the snapshot code, or any UI
// package (bubbletea, lipgloss, tui).
package target
