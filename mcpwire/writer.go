package mcpwire

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// ErrEmbeddedNewline is returned by WriteMessage for a message that holds a
// newline, which stdio framing forbids.
var ErrEmbeddedNewline = errors.New("mcpwire: message holds a newline")

// flushThreshold is how many buffered bytes make a coalescing Writer write
// before Flush is called, so that a burst of large messages does not pile up.
const flushThreshold = 64 << 10

// deadliner is a stream whose writes can be bounded in time: net.Conn,
// *os.File for pipes, net.Pipe.
type deadliner interface {
	SetWriteDeadline(t time.Time) error
}

// Writer writes MCP messages, one per line. A direct Writer writes each
// message when it is given; a coalescing one buffers them until Flush (or
// until flushThreshold bytes wait). It is safe for concurrent use; the first
// write error is sticky.
type Writer struct {
	mu       sync.Mutex
	w        io.Writer
	dl       deadliner // nil when w has no write deadline
	timeout  time.Duration
	coalesce bool
	buf      []byte
	err      error
	writes   int64 // write calls made on w
}

// NewWriter returns a Writer to w that coalesces messages until Flush when
// coalesce is true, and writes each message at once otherwise.
func NewWriter(w io.Writer, coalesce bool) *Writer {
	wr := &Writer{w: w, coalesce: coalesce}
	if d, ok := w.(deadliner); ok {
		wr.dl = d
	}
	return wr
}

// SetTimeout bounds every write to the stream when it supports write
// deadlines: a peer that has not taken the bytes within d breaks the Writer.
// Zero means no bound.
func (w *Writer) SetTimeout(d time.Duration) {
	w.mu.Lock()
	w.timeout = d
	w.mu.Unlock()
}

// WriteMessage writes msg followed by '\n' (or buffers it, when coalescing).
// msg must not hold a newline.
func (w *Writer) WriteMessage(msg []byte) error {
	if bytes.IndexByte(msg, '\n') >= 0 {
		return ErrEmbeddedNewline
	}
	buf := w.lock()
	buf = append(buf, msg...)
	buf = append(buf, '\n')
	return w.unlock(buf, !w.coalesce)
}

// Flush writes what a coalescing Writer has buffered.
func (w *Writer) Flush() error {
	return w.unlock(w.lock(), true)
}

// Writes returns how many write calls the Writer made on its stream.
func (w *Writer) Writes() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writes
}

// lock takes the Writer and returns its buffer, to which the caller appends
// whole messages, each ending in '\n'. The caller must call unlock.
func (w *Writer) lock() []byte {
	w.mu.Lock()
	return w.buf
}

// unlock keeps buf as the Writer's buffer, writes it out when flush is set or
// it has grown past flushThreshold, and releases the Writer.
func (w *Writer) unlock(buf []byte, flush bool) error {
	defer w.mu.Unlock()
	if w.err != nil {
		w.buf = buf[:0]
		return w.err
	}
	if len(buf) > 0 && (flush || len(buf) >= flushThreshold) {
		w.err = w.write(buf)
		buf = buf[:0]
	}
	w.buf = buf
	return w.err
}

// write writes b to the stream under the Writer's deadline.
func (w *Writer) write(b []byte) error {
	if w.dl != nil && w.timeout > 0 {
		if err := w.dl.SetWriteDeadline(time.Now().Add(w.timeout)); err != nil {
			return fmt.Errorf("mcpwire: set write deadline: %w", err)
		}
	}
	w.writes++
	n, err := w.w.Write(b)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	if err != nil {
		return fmt.Errorf("mcpwire: write: %w", err)
	}
	return nil
}
