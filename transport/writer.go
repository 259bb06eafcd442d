package transport

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// flushThreshold is how many buffered bytes make a writer write before it is
// asked to flush, so that a burst of large messages does not pile up.
const flushThreshold = 64 << 10

// deadliner is a stream whose writes can be bounded in time: net.Conn,
// *os.File for pipes, net.Pipe.
type deadliner interface {
	SetWriteDeadline(t time.Time) error
}

// writer is the sending half of a Stream: a buffer of messages, each
// followed by '\n', written to the stream when flushed (or when flushThreshold
// bytes wait). It is safe for concurrent use; the first write error is
// sticky.
type writer struct {
	mu      sync.Mutex
	w       io.Writer
	dl      deadliner // nil when w has no write deadline
	timeout time.Duration
	buf     []byte
	err     error
	writes  int64 // write calls made on w
}

func newWriter(w io.Writer, timeout time.Duration) *writer {
	wr := &writer{w: w, timeout: timeout}
	if d, ok := w.(deadliner); ok {
		wr.dl = d
	}
	return wr
}

// begin takes the writer and returns its buffer, to which the caller appends
// whole messages, each ending in '\n'. The caller must call commit.
func (w *writer) begin() []byte {
	w.mu.Lock()
	return w.buf
}

// commit keeps buf as the writer's buffer, writes it out when flush is set or
// it has grown past flushThreshold, and releases the writer.
func (w *writer) commit(buf []byte, flush bool) error {
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

// write writes b to the stream under the writer's deadline. A peer that
// takes nothing before the deadline is said to have stopped reading.
func (w *writer) write(b []byte) error {
	if w.dl != nil && w.timeout > 0 {
		if err := w.dl.SetWriteDeadline(time.Now().Add(w.timeout)); err != nil {
			return fmt.Errorf("transport: set write deadline: %w", err)
		}
	}
	w.writes++
	n, err := w.w.Write(b)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("transport: the peer stopped reading its input (nothing taken for %v): %w", w.timeout, err)
	default:
		return fmt.Errorf("transport: write: %w", err)
	}
}
