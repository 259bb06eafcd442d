package transport

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// h1Transport is an http.RoundTripper for plain HTTP/1.1 to one server,
// built for many requests in flight: the goroutine that sends a request
// writes it (in one write) and reads its answer itself, on a keep-alive
// connection it has to itself until the answer's body ends. net/http's
// Transport hands every request to two goroutines of the connection's
// (one writes, one reads) and back, which under load costs about as much
// CPU as a small MCP server spends on the request; this is how mcptop's
// client stays cheaper than the server it measures. Parsing the answer is
// net/http's (http.ReadResponse), so chunked bodies, Connection: close and
// the rest behave as they do there. TLS, HTTP/2 and proxies are left to
// net/http.
type h1Transport struct {
	dial func(ctx context.Context, network, addr string) (net.Conn, error)

	mu     sync.Mutex
	idle   []*h1Conn
	all    map[*h1Conn]struct{}
	closed bool
}

func newH1Transport() *h1Transport {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &h1Transport{dial: d.DialContext, all: map[*h1Conn]struct{}{}}
}

// h1Conn is one keep-alive connection.
type h1Conn struct {
	t      *h1Transport
	nc     net.Conn
	br     *bufio.Reader
	buf    []byte    // the request, serialized
	dl     time.Time // the connection's deadline
	reused bool      // it has carried a request before
}

// errH1Closed is what a request gets once the transport is closed.
var errH1Closed = errors.New("transport: connection pool closed")

// RoundTrip sends req on an idle connection (or a new one) and returns the
// answer, whose body holds the connection until it is read to its end or
// closed. A request that a kept connection turns out to be dead for, before
// anything of an answer came, is sent once more on a new one.
func (t *h1Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := requestBytes(req)
	if err != nil {
		return nil, err
	}
	for {
		c, err := t.get(req.Context(), req.URL.Host)
		if err != nil {
			return nil, err
		}
		resp, sent, err := c.roundTrip(req, body)
		if err == nil {
			return resp, nil
		}
		c.close()
		if !c.reused || sent {
			return nil, err
		}
	}
}

// requestBytes is the body of req: the bytes behind a body newRequest
// made, else read.
func requestBytes(req *http.Request) ([]byte, error) {
	switch b := req.Body.(type) {
	case nil:
		return nil, nil
	case *bytesBody:
		return b.b, nil
	default:
		defer b.Close()
		return io.ReadAll(b)
	}
}

// get takes an idle connection or dials a new one.
func (t *h1Transport) get(ctx context.Context, addr string) (*h1Conn, error) {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil, errH1Closed
	}
	if n := len(t.idle); n > 0 {
		c := t.idle[n-1]
		t.idle = t.idle[:n-1]
		t.mu.Unlock()
		c.reused = true
		return c, nil
	}
	t.mu.Unlock()
	nc, err := t.dial(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	c := &h1Conn{t: t, nc: nc, br: bufio.NewReaderSize(nc, 8<<10)}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		nc.Close()
		return nil, errH1Closed
	}
	t.all[c] = struct{}{}
	return c, nil
}

// put makes c idle again.
func (t *h1Transport) put(c *h1Conn) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		c.nc.Close()
		return
	}
	t.idle = append(t.idle, c)
}

// close closes c for good.
func (c *h1Conn) close() {
	c.nc.Close()
	c.t.mu.Lock()
	delete(c.t.all, c)
	c.t.mu.Unlock()
}

// CloseIdleConnections closes every connection, idle or not: what is in
// flight fails. (It is the closing of a Conn.)
func (t *h1Transport) CloseIdleConnections() {
	t.mu.Lock()
	t.closed = true
	all := t.all
	t.all, t.idle = map[*h1Conn]struct{}{}, nil
	t.mu.Unlock()
	for c := range all {
		c.nc.Close()
	}
}

// roundTrip writes req and reads its answer's head. sent says whether any
// of an answer had come when it failed (the request then must not be sent
// again).
func (c *h1Conn) roundTrip(req *http.Request, body []byte) (resp *http.Response, sent bool, err error) {
	if d, _ := req.Context().Deadline(); !d.Equal(c.dl) {
		c.nc.SetDeadline(d)
		c.dl = d
	}
	c.buf = appendRequest(c.buf[:0], req, body)
	if _, err := c.nc.Write(c.buf); err != nil {
		return nil, false, err
	}
	if _, err := c.br.Peek(1); err != nil {
		return nil, false, err
	}
	for {
		resp, err = http.ReadResponse(c.br, req)
		if err != nil {
			return nil, true, err
		}
		if resp.StatusCode >= 200 || resp.StatusCode == http.StatusSwitchingProtocols {
			break
		}
		resp.Body.Close() // 100 Continue, 103 Early Hints: the answer follows
	}
	if resp.Body == http.NoBody {
		c.release(!resp.Close)
		return resp, true, nil
	}
	resp.Body = &h1Body{c: c, rc: resp.Body, keep: !resp.Close}
	return resp, true, nil
}

// release hands the connection back, or closes it when it cannot carry
// another request.
func (c *h1Conn) release(keep bool) {
	if keep {
		c.t.put(c)
		return
	}
	c.close()
}

// appendRequest appends req, headers and body, in HTTP/1.1 form.
func appendRequest(b []byte, req *http.Request, body []byte) []byte {
	b = append(b, req.Method...)
	b = append(b, ' ')
	b = append(b, req.URL.RequestURI()...)
	b = append(b, " HTTP/1.1\r\nHost: "...)
	b = append(b, req.URL.Host...)
	b = append(b, "\r\n"...)
	for k, vs := range req.Header {
		for _, v := range vs {
			b = append(append(append(append(b, k...), ": "...), v...), "\r\n"...)
		}
	}
	if body != nil || req.Method == http.MethodPost {
		b = append(b, "Content-Length: "...)
		b = strconv.AppendInt(b, int64(len(body)), 10)
		b = append(b, "\r\n"...)
	}
	b = append(b, "\r\n"...)
	return append(b, body...)
}

// h1Body is an answer's body: its connection goes back to the pool when
// the body has been read to its end, and is closed if the body is closed
// before.
type h1Body struct {
	c    *h1Conn
	rc   io.ReadCloser
	keep bool
	done bool
}

func (b *h1Body) Read(p []byte) (int, error) {
	if b.done {
		return 0, io.EOF
	}
	n, err := b.rc.Read(p)
	if errors.Is(err, io.EOF) {
		b.done = true
		b.c.release(b.keep)
	} else if err != nil {
		b.done = true
		b.c.close()
		err = fmt.Errorf("reading the answer: %w", err)
	}
	return n, err
}

func (b *h1Body) Close() error {
	if !b.done {
		b.done = true
		b.c.close()
	}
	return nil
}

// bytesBody is a request body over bytes the transport can take whole.
type bytesBody struct {
	bytes.Reader
	b []byte
}

func newBytesBody(b []byte) *bytesBody {
	bb := &bytesBody{b: b}
	bb.Reset(b)
	return bb
}

func (*bytesBody) Close() error { return nil }
