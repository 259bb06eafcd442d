// Package gosdk is the e2e workload's implementation on the official Go
// SDK for MCP (github.com/modelcontextprotocol/go-sdk), so that mcptop's
// own stacks can be seen beside the one most Go servers are built on.
//
// Its server is an mcp.Server with the same echo tool as mcptop's built-in
// server (a typed tool, so the SDK validates the arguments against the
// schema it infers); its client is an mcp.Client. They talk over loopback
// TCP with the SDK's newline-delimited transport (mcp.IOTransport), the same
// framing and the same echo request text (codec.EchoRequest) as mcptop's
// stacks. The SDK's CallTool waits for its answer, so a connection keeps
// depth requests in flight with depth caller goroutines; the engine's worker
// hands them requests and takes their answers, and times each from the
// moment it is handed out to the moment the worker sees the answer, as
// mcpwire's pipeline does.
//
// What the SDK costs is its own: one echo call at 1 KiB allocated about
// 470 KB in 286 objects (client and server together, v1.8.0), 91 % of the
// bytes in the segmentio/encoding json.Decoder that its newline transport
// reads each message with (a memory profile of one call at a time).
//
// This package depends on codec (the echo request), mcpwire (the e2e
// workload's parameters), workload (the contract) and the Go SDK. It must
// not import the engine, the snapshot code, or any UI package (bubbletea,
// lipgloss, tui).
package gosdk
