package transport

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// DefaultMaxMessage is the longest message, in bytes (without a line
// ending), a Conn accepts unless told otherwise: 16 MiB.
const DefaultMaxMessage = 16 << 20

// ErrTooLong is wrapped by the error a Conn's Recv returns when a message
// runs past its limit (for a LineReader: without a newline).
var ErrTooLong = errors.New("transport: message longer than the limit")

// initialBuffer is a LineReader's first buffer; it grows, up to the line
// limit, only when a message does not fit.
const initialBuffer = 16 << 10

// maxEmptyReads is how many reads returning nothing and no error a LineReader
// tolerates in a row before it reports io.ErrNoProgress.
const maxEmptyReads = 100

// LineReader reads MCP stdio framing: UTF-8 JSON-RPC messages, one per line.
// It is not safe for concurrent use.
type LineReader struct {
	r       io.Reader
	max     int
	buf     []byte
	start   int   // first unread byte
	end     int   // end of the buffered bytes
	scanned int   // buf[start:scanned] holds no '\n'
	nl      int   // index of a '\n' found by Ready, or -1
	err     error // sticky error of the underlying reader
	total   int64 // bytes read so far
}

// NewLineReader returns a reader of messages from r, each at most max bytes
// long without its line ending; max <= 0 means DefaultMaxMessage.
func NewLineReader(r io.Reader, max int) *LineReader {
	if max <= 0 {
		max = DefaultMaxMessage
	}
	return &LineReader{r: r, max: max, buf: make([]byte, min(initialBuffer, max+2)), nl: -1}
}

// ReadLine returns the next message without its "\n" or "\r\n". Blank lines
// are skipped. The slice is valid until the next call. At a clean end of the
// stream it returns io.EOF; when the stream ends inside a message it returns
// an error wrapping io.ErrUnexpectedEOF; past the limit, one wrapping
// ErrTooLong. Errors are sticky.
func (r *LineReader) ReadLine() ([]byte, error) {
	for {
		nl := r.nl
		if nl < 0 {
			if i := bytes.IndexByte(r.buf[r.scanned:r.end], '\n'); i >= 0 {
				nl = r.scanned + i
			}
		}
		if nl >= 0 {
			line := r.buf[r.start:nl]
			r.start, r.scanned, r.nl = nl+1, nl+1, -1
			if n := len(line); n > 0 && line[n-1] == '\r' {
				line = line[:n-1]
			}
			if len(line) > r.max {
				return nil, r.fail(fmt.Errorf("%w: %d bytes, limit %d", ErrTooLong, len(line), r.max))
			}
			if len(line) == 0 {
				continue
			}
			return line, nil
		}
		r.scanned = r.end
		if r.end-r.start > r.max+1 { // room for the content and a '\r'
			return nil, r.fail(fmt.Errorf("%w: no newline after %d bytes, limit %d", ErrTooLong, r.end-r.start, r.max))
		}
		if r.err != nil {
			if r.end > r.start && errors.Is(r.err, io.EOF) {
				partial := r.end - r.start
				r.start = r.end
				r.err = fmt.Errorf("transport: stream ended inside a message (%d bytes without a newline): %w", partial, io.ErrUnexpectedEOF)
			}
			return nil, r.err
		}
		r.fill()
	}
}

// fail makes err sticky and returns it.
func (r *LineReader) fail(err error) error {
	r.err = err
	r.start, r.end, r.scanned, r.nl = 0, 0, 0, -1
	return err
}

// fill reads more bytes, first moving the unread ones to the front or growing
// the buffer (up to the limit plus a line ending) when it is full.
func (r *LineReader) fill() {
	if r.end == len(r.buf) {
		if r.start > 0 {
			n := copy(r.buf, r.buf[r.start:r.end])
			r.scanned -= r.start
			r.start, r.end = 0, n
		} else {
			grown := make([]byte, min(2*len(r.buf), r.max+2))
			copy(grown, r.buf[:r.end])
			r.buf = grown
		}
	}
	for range maxEmptyReads {
		n, err := r.r.Read(r.buf[r.end:])
		r.end += n
		r.total += int64(n)
		if err != nil {
			r.err = err
			return
		}
		if n > 0 {
			return
		}
	}
	r.err = io.ErrNoProgress
}

// Ready reports whether a complete message is buffered, so that the next
// ReadLine returns without reading from the stream. A server or client that
// buffers its writes flushes them when nothing is Ready, before it blocks.
func (r *LineReader) Ready() bool {
	if r.nl >= 0 {
		return true
	}
	for {
		i := bytes.IndexByte(r.buf[r.scanned:r.end], '\n')
		if i < 0 {
			r.scanned = r.end
			return false
		}
		nl := r.scanned + i
		// A blank line is not a message: skip it here so Ready stays exact.
		if nl == r.start || (nl == r.start+1 && r.buf[r.start] == '\r') {
			r.start, r.scanned = nl+1, nl+1
			continue
		}
		r.nl = nl
		return true
	}
}

// BytesRead returns how many bytes have been read from the stream.
func (r *LineReader) BytesRead() int64 { return r.total }
