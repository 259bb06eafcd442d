// Package target measures real MCP servers: the target workload. It owns
// what a user's server is (Config: a command line started as a stdio child,
// or tcp://HOST:PORT), how it is brought up and kept up across runs, and
// what the load calls, and leaves the protocol to mcpwire, the carriage of
// messages to transport and the processes to proc.
//
// New starts (or dials) the servers, runs initialize on each with
// mcpwire's optimised client stack, and checks that a tools/call load's
// tool exists. With two servers, A is the baseline variant and B the
// optimised one. With one, each variant gets its own instance of A (an A/A
// run): the two sides run the same code, so their ratio shows the
// measurement's noise floor rather than a client-stack difference, which
// the e2e workload measures already. One connection per server, driven by
// worker 0; depth requests stay in flight on it (mcpwire.Pipeline), each
// timed from issue to the moment the worker sees its response.
//
// The load's request is a template (call.go): the bytes of the configured
// method and arguments, fixed but for the id, so that any JSON the user
// gives is sent as given and encoding one costs an append. A tool result
// with isError set counts as a failure, as do JSON-RPC errors and
// timeouts.
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
