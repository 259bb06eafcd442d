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

// SSEConn is the HTTP+SSE transport of MCP 2024-11-05: the client GETs an
// event stream, whose first event, "endpoint", names where to POST; every
// message from the client is a POST there, and every message from the
// server an event on the stream. The stream's end is the session's.
type SSEConn struct {
	httpBase
	u        *url.URL
	endpoint atomic.Pointer[url.URL]
	hdr      http.Header // every POST's
}

var _ Conn = (*SSEConn)(nil)

// DialSSE opens the event stream at rawURL (http:// or https://) and waits,
// until ctx ends, for the endpoint event. The endpoint must be on the same
// scheme, host and port as the stream: the headers (a token) go nowhere
// else.
func DialSSE(ctx context.Context, rawURL string, opts HTTPOptions) (*SSEConn, error) {
	c := &SSEConn{}
	u, h, err := c.open(rawURL, opts, c.post)
	if err != nil {
		return nil, err
	}
	c.u, c.hdr = u, h
	get := opts.Header.Clone()
	if get == nil {
		get = http.Header{}
	}
	get["Accept"] = []string{"text/event-stream"}
	ready := make(chan error, 1)
	c.spawn(func() { c.stream(get, ready) })
	select {
	case err = <-ready:
	case <-ctx.Done():
		err = fmt.Errorf("GET %s: no endpoint event: %w", c.where, ctx.Err())
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// stream reads the event stream until it ends, sending on ready once the
// endpoint is known (or why it never will be); its end breaks the
// connection.
func (c *SSEConn) stream(h http.Header, ready chan<- error) {
	var once sync.Once
	tell := func(err error) { once.Do(func() { ready <- err }) }
	resp, err := c.do(c.newRequest(c.ctx, http.MethodGet, c.u, h, nil))
	if err != nil {
		tell(err)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || mediaType(resp.Header.Get("Content-Type")) != "text/event-stream" {
		err := fmt.Errorf("%s (want 200 and text/event-stream)", statusText(http.MethodGet, c.where, resp))
		tell(err)
		return
	}
	err = c.readEvents(resp.Body, func(ev Event) {
		if ev.Type != "endpoint" {
			return
		}
		ep, err := c.resolve(string(ev.Data))
		if err == nil {
			c.endpoint.Store(ep)
		}
		tell(err)
	})
	if err == nil {
		err = fmt.Errorf("GET %s: the server ended the event stream: %w", c.where, io.EOF)
	}
	tell(fmt.Errorf("before the endpoint event: %w", err))
	c.fail(err)
}

// resolve reads the endpoint event's URI, relative to the stream's URL.
func (c *SSEConn) resolve(s string) (*url.URL, error) {
	ref, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("GET %s: an endpoint event that is no URI: %w", c.where, err)
	}
	ep := c.u.ResolveReference(ref)
	if ep.Scheme != c.u.Scheme || ep.Host != c.u.Host {
		return nil, errors.New("GET " + c.where + ": the endpoint event names another server (" + RedactURL(ep.String()) + "); refused")
	}
	return ep, nil
}

// post sends one message to the endpoint; its answer comes on the stream.
func (c *SSEConn) post(msg []byte) {
	ep := c.endpoint.Load()
	resp, err := c.do(c.newRequest(c.ctx, http.MethodPost, ep, c.hdr, msg))
	if err != nil {
		c.fail(err)
		return
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		text := statusText(http.MethodPost, c.where, resp)
		drain(resp.Body)
		c.refuse(msg, text)
		return
	}
	drain(resp.Body)
}

// Close ends the event stream, cancels every request in flight and
// releases the connections.
func (c *SSEConn) Close() error { return c.closeBase(nil) }
