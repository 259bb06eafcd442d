package mcpwire

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/mcptop/mcptop/transport"
)

// sniffTimeout bounds the wait for a new connection's first byte.
const sniffTimeout = 10 * time.Second

// Endpoint serves a Server on one listener in both of its framings: a
// connection whose first byte opens a JSON message ('{', or a blank) is
// newline-delimited JSON (tcp:// to mcptop), anything else is HTTP, where
// path is the Streamable HTTP endpoint. It is how `mcptop serve` puts the
// built-in server on the network.
type Endpoint struct {
	srv  *Server
	l    net.Listener
	web  *http.Server
	http *connQueue
	wg   sync.WaitGroup
}

// NewEndpoint returns the endpoint of srv on l; Serve puts it to work.
func NewEndpoint(srv *Server, l net.Listener, path string) *Endpoint {
	mux := http.NewServeMux()
	mux.Handle(path, srv.HTTPHandler())
	e := &Endpoint{srv: srv, l: l, http: newConnQueue(l.Addr())}
	e.web = &http.Server{Handler: mux, ReadHeaderTimeout: sniffTimeout}
	return e
}

// Serve accepts connections until the listener fails or Shutdown; after
// Shutdown it returns ErrServerClosed.
func (e *Endpoint) Serve() error {
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		e.web.Serve(e.http)
	}()
	for {
		nc, err := e.l.Accept()
		if err != nil {
			if e.srv.isClosed() || errors.Is(err, net.ErrClosed) {
				return ErrServerClosed
			}
			return fmt.Errorf("mcpwire: accept: %w", err)
		}
		e.wg.Add(1)
		go func() {
			defer e.wg.Done()
			e.route(nc)
		}()
	}
}

// route reads a connection's first byte and hands it on.
func (e *Endpoint) route(nc net.Conn) {
	br := bufio.NewReader(nc)
	nc.SetReadDeadline(time.Now().Add(sniffTimeout))
	first, err := br.Peek(1)
	nc.SetReadDeadline(time.Time{})
	if err != nil {
		nc.Close()
		return
	}
	pc := &peekedConn{Conn: nc, r: br}
	switch first[0] {
	case '{', '[', ' ', '\t', '\r', '\n':
		e.srv.ServeConn(transport.NewStream(pc, transport.StreamOptions{MaxMessage: e.srv.opts.MaxMessage}))
	default:
		if !e.http.put(pc) {
			nc.Close()
		}
	}
}

// Shutdown stops accepting, lets the HTTP requests under way finish (until
// ctx ends), then closes every connection.
func (e *Endpoint) Shutdown(ctx context.Context) error {
	e.l.Close()
	err := e.web.Shutdown(ctx)
	e.srv.Close()
	e.http.Close()
	e.wg.Wait()
	return err
}

// peekedConn is a connection whose first bytes were read ahead.
type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *peekedConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// connQueue is a net.Listener whose connections come from the Endpoint's
// accept loop.
type connQueue struct {
	addr net.Addr
	ch   chan net.Conn
	done chan struct{}
	once sync.Once
}

func newConnQueue(addr net.Addr) *connQueue {
	return &connQueue{addr: addr, ch: make(chan net.Conn), done: make(chan struct{})}
}

// put hands c to Accept; false once closed.
func (q *connQueue) put(c net.Conn) bool {
	select {
	case q.ch <- c:
		return true
	case <-q.done:
		return false
	}
}

func (q *connQueue) Accept() (net.Conn, error) {
	select {
	case c := <-q.ch:
		return c, nil
	case <-q.done:
		return nil, net.ErrClosed
	}
}

func (q *connQueue) Close() error {
	q.once.Do(func() { close(q.done) })
	return nil
}

func (q *connQueue) Addr() net.Addr { return q.addr }
