// Package transport owns how MCP messages travel between mcptop and a
// peer. Its one contract is Conn: receive one message, send messages, close.
// A Conn is message-oriented, not byte-oriented: Recv returns a whole
// JSON-RPC message, and a sender appends whole messages to the Conn's
// buffer between Begin and Commit, so the MCP client and server (package
// mcpwire) never see framing, sockets, pipes or HTTP. One file holds each
// transport kind.
//
// # Stream: stdio and TCP (stream.go, lines.go, writer.go, tcp.go)
//
// Stream is MCP's stdio framing, one UTF-8 message per line, over any byte
// stream: a child's stdin and stdout (package proc starts the child) or a
// TCP connection (DialTCP; newline-delimited JSON on a socket, which no MCP
// transport defines but mcptop's built-in server speaks). LineReader splits
// the bytes into messages at '\n', drops a trailing '\r' and skips blank
// lines, holds at most a bounded message (DefaultMaxMessage, 16 MiB, unless
// set), reports a message past the limit as ErrTooLong and a peer that
// closes mid-message as io.ErrUnexpectedEOF. Sending encodes straight into
// the Stream's buffer, in which each message already ends in the '\n' the
// framing wants; a flush is one write however many messages wait, which is
// how the optimised stacks coalesce. Over a stream with write deadlines
// (TCP, os.Pipe, net.Pipe) a write that the peer does not take within
// StreamOptions.WriteTimeout breaks the Stream, so a stalled server never
// hangs mcptop. Receiving and sending allocate nothing once the buffers
// have grown to the messages' size.
//
// # HTTP transports (http.go, streamable.go, sse.go, events.go, jsonrpc.go)
//
// HTTPConn (DialHTTP) is Streamable HTTP, MCP 2025-03-26 and later. A
// flush POSTs each message in the buffer (the '\n' after each is where one
// ends), concurrently, so that requests stay pipelined; a notification
// (notifications/initialized) goes first and alone, since HTTP keeps no
// order between requests. What a POST answers, one application/json body
// or a text/event-stream of events (notifications and server requests may
// come before the response), and what the GET stream opened after
// initialize carries, are queued in arrival order for Recv, and Ready
// reports a non-empty queue. The Conn keeps the Mcp-Session-Id the server
// gave with the initialize response and sends it, and the negotiated
// protocol version (the client tells it through VersionSetter), on every
// later request; a 404 to a request carrying a session makes it
// initialize again (counted: Reinits); Close ends the session with
// DELETE. SSEConn (DialSSE) is HTTP+SSE, MCP 2024-11-05: it opens the
// event stream, takes the endpoint event (on the same server only: the
// headers, a token, go nowhere else), POSTs each message there and
// delivers every message event to Recv; the stream's end is the
// connection's.
//
// Each HTTP Conn has its own connection pool, tuned for many requests in
// flight to one server, so that the client costs less than the server it
// measures. Over plain http it is h1.go's: the goroutine that sends a
// request writes it in one write and reads its answer itself, on a
// keep-alive connection it holds until the answer ends (net/http's
// Transport passes each request to two goroutines of the connection's and
// back, which costs a third more CPU per request); answers are parsed by
// net/http's ReadResponse. Over https, or through a proxy, it is net/http's
// Transport: keep-alive connections kept (as many idle as it has in
// flight, not net/http's 2), no compression, HTTP/2 when a server offers
// it over TLS. Either retries a POST on a fresh connection when a kept one
// turns out dead before any answer came. Senders are goroutines kept
// once started, and each answer is handed to the client on the goroutine
// that read it (Dispatcher), not queued for another. An HTTP error answering a
// request becomes a JSON-RPC error response to it, saying what the server
// said, so the client counts a failed request and the load goes on; a
// server that cannot be reached breaks the Conn, as a closed pipe does.
// The transport knows of JSON-RPC only the top-level "id" and "method" of
// a message (jsonrpc.go), found without decoding it. HTTPOptions.Header
// (auth tokens) is sent with every request and never put in an error;
// RedactURL hides a URL's password and query values where one is printed.
// EventReader parses event streams for both.
//
// # Imports
//
// This package imports nothing of mcptop: the MCP client and server, the
// workloads and the process supervisor sit above it. It must not import
// mcpwire, proc, the engine, or any UI package.
package transport
