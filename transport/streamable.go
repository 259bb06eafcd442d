package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
)

// Header names of the Streamable HTTP transport, in canonical form.
const (
	sessionHeader = "Mcp-Session-Id"
	versionHeader = "Mcp-Protocol-Version"
)

// initializedNote is the notification that follows initialize, sent again
// after a re-initialization.
var initializedNote = []byte(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)

// HTTPConn is the Streamable HTTP transport (MCP 2025-03-26 and later): one
// endpoint, every message from the client its own POST, each answered by
// one application/json body or a text/event-stream of events (the server's
// own notifications and requests may come before the response), and,
// after initialize, a GET stream on which the server may send what it
// likes. It keeps the Mcp-Session-Id the server gives with the initialize
// response and sends it, with the negotiated MCP-Protocol-Version, on
// every later request.
//
// A server that forgets the session (404 to a request that carries one)
// gets a new one at once: the Conn replays the initialize it sent and
// notifications/initialized, counts the re-initialization (Reinits), and
// answers each request the 404 refused with a JSON-RPC error saying so.
// Any other HTTP error answers its request likewise; a server that cannot
// be reached breaks the connection. Close ends the session with DELETE.
type HTTPConn struct {
	httpBase
	u    *url.URL
	base http.Header                 // the fixed headers and the user's
	hdr  atomic.Pointer[http.Header] // base, session and version: every POST's
	// proto is the HTTP version of the first answer ("HTTP/1.1", "HTTP/2.0").
	proto   atomic.Pointer[string]
	reinits atomic.Int64

	smu     sync.Mutex // the session
	session string
	version string
	gen     uint64 // bumped by each re-initialization
	initMsg []byte // the initialize request, for a re-initialization
	renewMu sync.Mutex
}

var (
	_ Conn          = (*HTTPConn)(nil)
	_ VersionSetter = (*HTTPConn)(nil)
)

// DialHTTP returns a Streamable HTTP Conn to the MCP endpoint rawURL
// (http:// or https://). Nothing is sent until the first message:
// initialize.
func DialHTTP(ctx context.Context, rawURL string, opts HTTPOptions) (*HTTPConn, error) {
	c := &HTTPConn{}
	u, h, err := c.open(rawURL, opts, c.post)
	if err != nil {
		return nil, err
	}
	c.u, c.base = u, h
	c.base["Accept"] = []string{"application/json, text/event-stream"}
	c.rebuild()
	return c, nil
}

// rebuild makes the headers of the next POSTs; smu is held (or nothing
// runs yet).
func (c *HTTPConn) rebuild() {
	h := c.base.Clone()
	if c.session != "" {
		h[sessionHeader] = []string{c.session}
	}
	if c.version != "" {
		h[versionHeader] = []string{c.version}
	}
	c.hdr.Store(&h)
}

// SetProtocolVersion sends v as MCP-Protocol-Version from now on and opens
// the GET stream for what the server sends unasked.
func (c *HTTPConn) SetProtocolVersion(v string) {
	c.smu.Lock()
	c.version = v
	c.rebuild()
	c.smu.Unlock()
	c.listen()
}

// SessionID returns the session the server gave, "" if none.
func (c *HTTPConn) SessionID() string {
	c.smu.Lock()
	defer c.smu.Unlock()
	return c.session
}

// Reinits returns how many times the server forgot the session and the
// Conn started a new one.
func (c *HTTPConn) Reinits() int64 { return c.reinits.Load() }

// Proto returns the HTTP version the server answered with ("HTTP/1.1",
// "HTTP/2.0"), "" before its first answer.
func (c *HTTPConn) Proto() string {
	if p := c.proto.Load(); p != nil {
		return *p
	}
	return ""
}

// Close ends the session with DELETE (bounded by CloseTimeout; a server
// may refuse it), cancels every request in flight and releases the
// connections.
func (c *HTTPConn) Close() error {
	return c.closeBase(func() {
		c.smu.Lock()
		h := *c.hdr.Load()
		sid := c.session
		c.smu.Unlock()
		if sid == "" {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), c.opts.CloseTimeout)
		defer cancel()
		if resp, err := c.do(c.newRequest(ctx, http.MethodDelete, c.u, h, nil)); err == nil {
			drain(resp.Body)
		}
	})
}

// post sends one message and takes what answers it.
func (c *HTTPConn) post(msg []byte) {
	c.smu.Lock()
	h, gen := c.hdr.Load(), c.gen
	hadSession := len((*h)[sessionHeader]) > 0
	if c.version == "" && c.initMsg == nil && isInitialize(msg) {
		c.initMsg = msg
	}
	c.smu.Unlock()
	resp, err := c.do(c.newRequest(c.ctx, http.MethodPost, c.u, *h, msg))
	if err != nil {
		c.fail(err)
		return
	}
	c.proto.CompareAndSwap(nil, &resp.Proto)
	c.noteSession(resp)
	switch code := resp.StatusCode; {
	case code == http.StatusNotFound && hadSession:
		drain(resp.Body)
		n, err := c.renew(gen)
		if err != nil {
			c.fail(fmt.Errorf("the server ended the session (HTTP 404) and a new one could not be started: %w", err))
			return
		}
		c.refuse(msg, fmt.Sprintf("POST %s: HTTP 404: the server ended the session; a new one was started (re-initialization %d)", c.where, n))
	case code == http.StatusAccepted || code == http.StatusNoContent:
		drain(resp.Body)
		c.refuse(msg, fmt.Sprintf("POST %s: HTTP %s and no response to a request", c.where, resp.Status))
	case code >= 200 && code < 300:
		c.take(resp, msg)
	default:
		text := statusText(http.MethodPost, c.where, resp)
		drain(resp.Body)
		c.refuse(msg, text)
	}
}

// isInitialize reports whether msg is an initialize request.
func isInitialize(msg []byte) bool {
	found := false
	eachMember(msg, func(name, value []byte) {
		if string(name) == `"method"` && string(value) == `"initialize"` {
			found = true
		}
	})
	return found
}

// noteSession keeps the session id the server gives with its answer to
// initialize (the first that carries one; renew takes a new one).
func (c *HTTPConn) noteSession(resp *http.Response) {
	sid := resp.Header.Get(sessionHeader)
	if sid == "" {
		return
	}
	c.smu.Lock()
	if c.session == "" {
		c.session = sid
		c.rebuild()
	}
	c.smu.Unlock()
}

// take queues what a 2xx answer to msg carries: one JSON message or a
// stream of events.
func (c *HTTPConn) take(resp *http.Response, msg []byte) {
	defer resp.Body.Close()
	switch ct := mediaType(resp.Header.Get("Content-Type")); ct {
	case "application/json":
		bp, err := readBody(resp, c.opts.MaxMessage)
		switch body := *bp; {
		case err != nil:
			c.refuse(msg, fmt.Sprintf("POST %s: reading the answer: %v", c.where, err))
		case len(body) > 0:
			c.deliver(body, false)
		default:
			c.refuse(msg, fmt.Sprintf("POST %s: an empty answer", c.where))
		}
		if cap(*bp) <= 64<<10 {
			bodies.Put(bp)
		}
	case "text/event-stream":
		if err := c.readEvents(resp.Body, nil); err != nil && !c.closed() {
			c.refuse(msg, fmt.Sprintf("POST %s: the event stream broke: %v", c.where, err))
		}
	default:
		drain(resp.Body)
		c.refuse(msg, fmt.Sprintf("POST %s: an answer of type %q, not application/json or text/event-stream", c.where, ct))
	}
}

// renew starts a new session after the one of generation gen was lost:
// initialize again (the same request), notifications/initialized, and the
// GET stream. When another request has already renewed it, it does
// nothing. It returns how many re-initializations there have been.
func (c *HTTPConn) renew(gen uint64) (int64, error) {
	c.renewMu.Lock()
	defer c.renewMu.Unlock()
	c.smu.Lock()
	if c.gen != gen {
		c.smu.Unlock()
		return c.reinits.Load(), nil
	}
	// Until the new session is known, requests go with the old one (and
	// its generation): they are refused as the 404 says, and do not start
	// another session.
	init := c.initMsg
	h := c.base.Clone() // initialize goes without session or version
	c.smu.Unlock()
	if init == nil {
		return 0, errors.New("no initialize to repeat")
	}
	resp, err := c.do(c.newRequest(c.ctx, http.MethodPost, c.u, h, init))
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		text := statusText(http.MethodPost, c.where, resp)
		drain(resp.Body)
		return 0, fmt.Errorf("initialize: %s", text)
	}
	drain(resp.Body) // the answer is the old initialize's: nobody waits for it
	c.smu.Lock()
	c.session = resp.Header.Get(sessionHeader) // "": a server that keeps none after all
	c.gen++
	c.rebuild()
	c.smu.Unlock()
	resp, err = c.do(c.newRequest(c.ctx, http.MethodPost, c.u, *c.hdr.Load(), initializedNote))
	if err != nil {
		return 0, err
	}
	drain(resp.Body)
	n := c.reinits.Add(1)
	c.listen()
	return n, nil
}

// listen opens the GET stream of the current session, on which the server
// sends notifications and requests of its own, and queues what comes on
// it until it ends. A server that offers none (405) is fine.
func (c *HTTPConn) listen() {
	h := c.hdr.Load().Clone()
	h["Accept"] = []string{"text/event-stream"}
	delete(h, "Content-Type")
	c.spawn(func() {
		resp, err := c.do(c.newRequest(c.ctx, http.MethodGet, c.u, h, nil))
		if err != nil {
			return
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK || mediaType(resp.Header.Get("Content-Type")) != "text/event-stream" {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
			return
		}
		c.readEvents(resp.Body, nil)
	})
}
