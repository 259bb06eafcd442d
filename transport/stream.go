package transport

import (
	"io"
	"time"
)

// StreamOptions configure a Stream.
type StreamOptions struct {
	// MaxMessage bounds one incoming message; 0 means DefaultMaxMessage.
	MaxMessage int
	// WriteTimeout bounds every write when the stream supports write
	// deadlines (a TCP connection, an os.Pipe, net.Pipe): a peer that has not
	// taken the bytes by then breaks the Stream, so a stalled peer never
	// hangs mcptop. Zero means no bound.
	WriteTimeout time.Duration
}

// Stream is the newline-delimited transport: MCP's stdio framing (one
// UTF-8 JSON-RPC message per line) over any byte stream, a child's stdin
// and stdout or a TCP connection. Every flush is one write, however many
// messages it carries.
type Stream struct {
	rwc io.ReadWriteCloser
	lr  *LineReader
	w   *writer
}

var _ Conn = (*Stream)(nil)

// NewStream returns a Conn that reads and writes messages on rwc, one per
// line. Closing it closes rwc.
func NewStream(rwc io.ReadWriteCloser, opts StreamOptions) *Stream {
	return &Stream{rwc: rwc, lr: NewLineReader(rwc, opts.MaxMessage), w: newWriter(rwc, opts.WriteTimeout)}
}

// Recv returns the next line without its line ending; blank lines are
// skipped.
func (s *Stream) Recv() ([]byte, error) { return s.lr.ReadLine() }

// Ready reports whether a complete line is buffered.
func (s *Stream) Ready() bool { return s.lr.Ready() }

// Begin takes the Stream's send buffer.
func (s *Stream) Begin() []byte { return s.w.begin() }

// Commit hands the send buffer back, writing it out (in one write) when
// flush is set or it has grown past 64 KiB.
func (s *Stream) Commit(buf []byte, flush bool) error { return s.w.commit(buf, flush) }

// Close closes the underlying stream.
func (s *Stream) Close() error { return s.rwc.Close() }
