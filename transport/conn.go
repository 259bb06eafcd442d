package transport

// Conn carries whole JSON-RPC messages between mcptop and one MCP peer.
// What a message travels in (a line on a pipe or a socket, an HTTP request
// body, a server-sent event) is the Conn's business; its user sees only
// messages, in the order they arrived.
//
// One goroutine receives (Recv, Ready); any number send, each between Begin
// and Commit, one at a time. Close may be called from any goroutine, any
// number of times, and makes a Recv in progress return.
type Conn interface {
	// Recv waits for the next message from the peer and returns it, without
	// any framing. The slice is valid until the next Recv. When the peer
	// ends the connection cleanly the error is io.EOF; otherwise it says what
	// broke (ErrTooLong for a message past the limit). Errors are sticky.
	Recv() ([]byte, error)
	// Ready reports whether a message has arrived that the next Recv returns
	// without waiting. A peer that batches its sends (the optimised server)
	// flushes when nothing is Ready, before it blocks in Recv.
	Ready() bool
	// Begin takes the sending side and returns its buffer: messages not yet
	// sent, each followed by '\n'. The caller appends whole messages, each
	// compact JSON (which never holds a raw newline) followed by '\n', and
	// must hand the buffer back with Commit. Encoding straight into the
	// buffer is what keeps a send free of copies and allocations.
	Begin() []byte
	// Commit hands buf back and releases the sending side. With flush set,
	// or when the buffer has grown large, the Conn sends every message it
	// holds, each as its own message on the wire; otherwise they wait for a
	// later flush. To drop a message that failed to encode, commit the
	// buffer cut back to where it was. The first send error is sticky:
	// Commit returns it from then on, and the connection is broken.
	Commit(buf []byte, flush bool) error
	// Close ends the connection: Recv returns an error, sends fail, and
	// whatever the transport holds (a child's pipes, a socket, an HTTP
	// session) is released.
	Close() error
}

// VersionSetter is implemented by a Conn whose transport must know the
// negotiated MCP protocol version (Streamable HTTP sends it as the
// MCP-Protocol-Version header on every later request). The client calls
// SetProtocolVersion once, after initialize and before anything else is
// sent.
type VersionSetter interface {
	SetProtocolVersion(v string)
}

// Dispatcher is implemented by a Conn that can hand each message to its
// user on the goroutine that received it, rather than queue it for the one
// that calls Recv: the HTTP transports, where every answer arrives on a
// goroutine of its own, so that a hop between goroutines is saved on each.
// After SetDispatch(f), f is called, concurrently, with each message (one
// that arrived before may still come from Recv); Recv then mostly reports
// the connection's end. f must not keep msg, and must not block on the
// Conn's send side being free, which may be held while f runs.
type Dispatcher interface {
	SetDispatch(f func(msg []byte))
}
