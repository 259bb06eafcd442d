package transport

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Event is one server-sent event: its type (the "event" field, "" when the
// stream gave none, which means "message"), its id and its data, the "data"
// fields joined by '\n'.
type Event struct {
	Type string
	ID   string
	Data []byte
}

// EventReader reads a text/event-stream (the WHATWG server-sent events
// format, which both HTTP transports of MCP use): "field: value" lines,
// events ended by a blank line, comments starting with ':'. Lines end in
// "\n" or "\r\n". It holds at most a bounded event (DefaultMaxMessage of
// data unless set) and is not safe for concurrent use.
type EventReader struct {
	br   *bufio.Reader
	max  int
	data []byte
	line []byte // a line longer than the bufio buffer, assembled
}

// eventReaders recycles the buffers of EventReaders: a Streamable HTTP
// server may answer every request with an event stream of its own.
var eventReaders = sync.Pool{New: func() any { return &EventReader{br: bufio.NewReaderSize(nil, 4<<10)} }}

// NewEventReader returns a reader of events from r, each with at most max
// bytes of data; max <= 0 means DefaultMaxMessage.
func NewEventReader(r io.Reader, max int) *EventReader {
	er := eventReaders.Get().(*EventReader)
	er.br.Reset(r)
	if max <= 0 {
		max = DefaultMaxMessage
	}
	er.max = max
	return er
}

// Release hands the reader's buffers back for reuse; the reader and the
// data of its last event must not be used after.
func (r *EventReader) Release() {
	r.br.Reset(nil)
	r.data = r.data[:0]
	r.line = r.line[:0]
	if cap(r.data) > 64<<10 {
		r.data = nil
	}
	if cap(r.line) > 64<<10 {
		r.line = nil
	}
	eventReaders.Put(r)
}

// errEventEOF says a stream ended inside an event.
var errEventEOF = fmt.Errorf("transport: event stream ended inside an event: %w", io.ErrUnexpectedEOF)

// Next returns the next event that has data. Ev.Data is valid until the
// next call. At a clean end of the stream it returns io.EOF; a stream that
// ends inside an event is an error wrapping io.ErrUnexpectedEOF (the spec
// drops such an event; a server that forgets the blank line deserves to
// hear why its answer was lost), and an event past the limit one wrapping
// ErrTooLong.
func (r *EventReader) Next() (Event, error) {
	var ev Event
	r.data = r.data[:0]
	hasData, pending := false, false
	for {
		line, err := r.readLine()
		if err != nil {
			if errors.Is(err, io.EOF) && pending {
				return Event{}, errEventEOF
			}
			return Event{}, err
		}
		if len(line) == 0 {
			if hasData {
				ev.Data = r.data[:len(r.data)-1] // without the last '\n'
				return ev, nil
			}
			ev, pending = Event{}, false // an event without data is none
			continue
		}
		if line[0] == ':' {
			continue // a comment, such as a keep-alive
		}
		pending = true
		name, value, _ := bytes.Cut(line, []byte{':'})
		value, _ = bytes.CutPrefix(value, []byte{' '})
		switch string(name) {
		case "data":
			if len(r.data)+len(value) > r.max {
				return Event{}, fmt.Errorf("%w: an event of more than %d bytes", ErrTooLong, r.max)
			}
			r.data = append(append(r.data, value...), '\n')
			hasData = true
		case "event":
			ev.Type = string(value)
		case "id":
			if bytes.IndexByte(value, 0) < 0 {
				ev.ID = string(value)
			}
		}
	}
}

// readLine returns the next line without its line ending.
func (r *EventReader) readLine() ([]byte, error) {
	line, err := r.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		r.line = append(r.line[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			if len(r.line) > r.max+len("data: \r\n") {
				return nil, fmt.Errorf("%w: a line of more than %d bytes", ErrTooLong, r.max)
			}
			line, err = r.br.ReadSlice('\n')
			r.line = append(r.line, line...)
		}
		line = r.line
	}
	if err != nil {
		if errors.Is(err, io.EOF) && len(line) > 0 {
			return nil, errEventEOF
		}
		return nil, err
	}
	line = line[:len(line)-1]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, nil
}
