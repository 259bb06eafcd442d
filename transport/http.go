package transport

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// HTTPOptions configure the HTTP transports (DialHTTP, DialSSE).
type HTTPOptions struct {
	// Header is sent with every request: an Authorization token, say. Its
	// values are secrets: no error of the transport holds one.
	Header http.Header
	// Insecure skips the verification of the server's TLS certificate (a
	// self-signed test server).
	Insecure bool
	// TLSConfig, if set, is the TLS configuration to start from (a private
	// CA's roots); Insecure applies on top of it.
	TLSConfig *tls.Config
	// MaxMessage bounds one incoming message; 0 means DefaultMaxMessage.
	MaxMessage int
	// CloseTimeout bounds what Close sends the server (the DELETE that ends
	// a Streamable HTTP session); 0 means DefaultCloseTimeout.
	CloseTimeout time.Duration
}

// DefaultCloseTimeout bounds the request that ends an HTTP session.
const DefaultCloseTimeout = 2 * time.Second

// ErrClosed is what Recv and Commit return once Close has been called on
// an HTTP transport.
var ErrClosed = errors.New("transport: connection closed")

// maxIdlePerHost is how many idle keep-alive connections an HTTP Conn
// keeps to its server: at least as many as requests it has in flight, so
// that none is closed only to be dialled again (net/http keeps 2 by
// default, which under load means a new connection for most requests).
const maxIdlePerHost = 4096

// newHTTPClient returns the client of one Conn to u: its own connection
// pool, tuned for many requests in flight to one server. Plain http goes
// through h1Transport (each request written and its answer read by the
// goroutine that sends it); https, and a server behind a proxy, through
// net/http's Transport, with keep-alive connections kept, no compression
// to undo, and HTTP/2 when the server offers it over TLS.
func newHTTPClient(u *url.URL, o *HTTPOptions) *http.Client {
	if u.Scheme == "http" {
		if p, err := http.ProxyFromEnvironment(&http.Request{URL: u}); err == nil && p == nil {
			return &http.Client{Transport: newH1Transport()}
		}
	}
	var tc *tls.Config
	if o.TLSConfig != nil {
		tc = o.TLSConfig.Clone()
	}
	if o.Insecure {
		if tc == nil {
			tc = &tls.Config{}
		}
		tc.InsecureSkipVerify = true
	}
	tr := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:   true,
		TLSClientConfig:     tc,
		TLSHandshakeTimeout: 10 * time.Second,
		MaxIdleConnsPerHost: maxIdlePerHost,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &http.Client{Transport: tr}
}

// RedactURL returns u fit to print: a password and the values of the query
// (where tokens tend to hide) replaced by "xxxxx". A u that does not parse
// is cut to its scheme and host, if it has them.
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		if scheme, rest, ok := strings.Cut(s, "://"); ok {
			host, _, _ := strings.Cut(rest, "/")
			if i := strings.LastIndexByte(host, '@'); i >= 0 {
				host = host[i+1:]
			}
			return scheme + "://" + host + "/…"
		}
		return "(a URL that does not parse)"
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			q[k] = []string{"xxxxx"}
		}
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// httpBase is what the two HTTP transports share: the client, the sending
// side (each message its own POST, concurrently), the queue of what
// arrived for Recv, and their lifetime.
type httpBase struct {
	client  *http.Client
	opts    HTTPOptions
	where   string // the URL, redacted, for errors
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	in      inbox
	closing sync.Once

	gmu     sync.Mutex // stopped, and wg.Add against Close's wg.Wait
	stopped bool

	mu   sync.Mutex // the send side, held between Begin and Commit
	buf  []byte
	send func(msg []byte) // the transport's: POST one message and take the answer
	// dispatch, if set, takes each message on the goroutine that received
	// it (Dispatcher); committing is set while Commit sends a notification
	// itself, holding the send side, when what comes back is queued.
	dispatch   atomic.Pointer[func([]byte)]
	committing atomic.Bool
	// jobs hands a message to an idle sender. Senders are goroutines that
	// stay once started (as many as were ever busy at once), so that a
	// request does not pay for a new goroutine and its stack's growth.
	jobs chan []byte
}

// open checks rawURL and readies the base: send is the transport's POST
// of one message. It returns the URL and the headers of every POST (the
// user's, and what the transports send with each).
func (b *httpBase) open(rawURL string, opts HTTPOptions, send func(msg []byte)) (*url.URL, http.Header, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, nil, fmt.Errorf("transport: %s is not an http:// or https:// URL", RedactURL(rawURL))
	}
	if opts.MaxMessage <= 0 {
		opts.MaxMessage = DefaultMaxMessage
	}
	if opts.CloseTimeout <= 0 {
		opts.CloseTimeout = DefaultCloseTimeout
	}
	b.opts = opts
	b.client = newHTTPClient(u, &b.opts)
	b.where = RedactURL(rawURL)
	b.ctx, b.cancel = context.WithCancel(context.Background())
	b.in.init()
	b.send = send
	b.jobs = make(chan []byte)
	h := opts.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h["Content-Type"] = []string{"application/json"}
	// A POST is retried on a fresh connection when a keep-alive one turns
	// out dead before anything was sent on it (net/http retries only what
	// it is told may be repeated; the empty header is not sent).
	h["X-Idempotency-Key"] = nil
	return u, h, nil
}

// Recv returns the next message the server sent, in arrival order.
func (b *httpBase) Recv() ([]byte, error) { return b.in.pop() }

// Ready reports whether a message waits.
func (b *httpBase) Ready() bool { return b.in.ready() }

// Begin takes the send buffer.
func (b *httpBase) Begin() []byte {
	b.mu.Lock()
	return b.buf
}

// Commit keeps buf and, on flush (or past flushThreshold bytes), sends
// every message in it as an HTTP request of its own: requests and
// responses concurrently, so that they stay pipelined; a notification
// (notifications/initialized) before anything that follows it, since HTTP
// keeps no order between requests.
func (b *httpBase) Commit(buf []byte, flush bool) error {
	defer b.mu.Unlock()
	if err := b.in.failed(); err != nil {
		b.buf = buf[:0]
		return err
	}
	if len(buf) == 0 || (!flush && len(buf) < flushThreshold) {
		b.buf = buf
		return nil
	}
	data := bytes.Clone(buf) // the bodies outlive the buffer
	b.buf = buf[:0]
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			i = len(data)
		}
		msg := data[:i:i]
		data = data[min(i+1, len(data)):]
		if len(msg) == 0 {
			continue
		}
		if hasID(msg) {
			select {
			case b.jobs <- msg:
			default:
				b.spawn(func() { b.sender(msg) })
			}
			continue
		}
		b.committing.Store(true)
		b.send(msg)
		b.committing.Store(false)
	}
	return nil
}

// SetDispatch makes f take every message from now on, on the goroutine
// that received it.
func (b *httpBase) SetDispatch(f func(msg []byte)) { b.dispatch.Store(&f) }

// deliver hands msg to the dispatch function, or queues it for Recv (a
// copy of it unless owned: the caller gives it up).
func (b *httpBase) deliver(msg []byte, owned bool) {
	if f := b.dispatch.Load(); f != nil && !b.committing.Load() && b.in.failed() == nil {
		(*f)(msg)
		return
	}
	if !owned {
		msg = bytes.Clone(msg)
	}
	b.in.push(msg)
}

// closeBase cancels every request in flight, waits for their goroutines
// and lets the idle connections go; Recv and Commit return ErrClosed from
// then on. before runs first (the DELETE of a session).
func (b *httpBase) closeBase(before func()) error {
	b.closing.Do(func() {
		b.in.fail(ErrClosed)
		b.cancel()
		b.gmu.Lock()
		b.stopped = true
		b.gmu.Unlock()
		if before != nil {
			before()
		}
		// net/http's requests end with the context; the h1 pool's when
		// their connections close, which this does.
		b.client.CloseIdleConnections()
		b.wg.Wait()
		b.client.CloseIdleConnections()
	})
	return nil
}

// sender sends msg, then whatever Commit hands it, until Close.
func (b *httpBase) sender(msg []byte) {
	for {
		b.send(msg)
		select {
		case msg = <-b.jobs:
		case <-b.ctx.Done():
			return
		}
	}
}

// spawn runs f on a goroutine of its own that Close waits for, unless
// Close has begun.
func (b *httpBase) spawn(f func()) {
	b.gmu.Lock()
	defer b.gmu.Unlock()
	if b.stopped {
		return
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		f()
	}()
}

// closed reports whether Close has begun.
func (b *httpBase) closed() bool { return b.ctx.Err() != nil }

// newRequest is an HTTP request to u (shared, never changed) with header
// h (shared, never changed) and body.
func (b *httpBase) newRequest(ctx context.Context, method string, u *url.URL, h http.Header, body []byte) *http.Request {
	req := &http.Request{
		Method: method, URL: u, Host: u.Host, Header: h,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
	}
	if body != nil {
		req.ContentLength = int64(len(body))
		req.Body = newBytesBody(body)
		req.GetBody = func() (io.ReadCloser, error) { return newBytesBody(body), nil }
	}
	return req.WithContext(ctx)
}

// do sends req; an error is the server unreachable, with the URL redacted.
func (b *httpBase) do(req *http.Request) (*http.Response, error) {
	resp, err := b.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%s %s: %w", req.Method, b.where, err)
	}
	return resp, nil
}

// fail breaks the connection: Recv and Commit return err from now on
// (unless Close came first).
func (b *httpBase) fail(err error) {
	if !b.closed() {
		b.in.fail(err)
	}
}

// refuse answers a request that got no JSON-RPC answer with an error
// response saying why, so that its caller hears it; a notification or
// response gets nothing.
func (b *httpBase) refuse(msg []byte, why string) {
	if kind, id := classify(msg); kind == rpcRequest {
		b.deliver(errorResponse(id, why), true)
	}
}

// statusText describes a response that is no answer: its status and the
// start of its body.
func statusText(method, where string, resp *http.Response) string {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	s := fmt.Sprintf("%s %s: HTTP %s", method, where, resp.Status)
	if t := strings.Join(strings.Fields(string(body)), " "); t != "" {
		s += ": " + t
	}
	return s
}

// drain reads what is left of a body, so that its connection is kept, and
// closes it.
func drain(body io.ReadCloser) {
	io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	body.Close()
}

// bodies recycles the buffers answers are read into.
var bodies = sync.Pool{New: func() any { return new([]byte) }}

// readBody reads a whole answer of at most max bytes into a buffer from
// bodies, which the caller puts back.
func readBody(resp *http.Response, max int) (*[]byte, error) {
	bp := bodies.Get().(*[]byte)
	b, err := ReadBody(resp.Body, resp.ContentLength, (*bp)[:0], max)
	*bp = b
	return bp, err
}

// ReadBody reads a whole HTTP body of n bytes (-1: not known) into buf,
// growing it, and returns the bytes; a body of more than max bytes is an
// error wrapping ErrTooLong.
func ReadBody(r io.Reader, n int64, buf []byte, max int) ([]byte, error) {
	if n > int64(max) {
		return buf, fmt.Errorf("%w: a body of %d bytes, limit %d", ErrTooLong, n, max)
	}
	if n >= 0 {
		buf = slices.Grow(buf, int(n))[:n]
		_, err := io.ReadFull(r, buf)
		return buf, err
	}
	for {
		buf = slices.Grow(buf, 4<<10)
		k, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		switch {
		case len(buf) > max:
			return buf, fmt.Errorf("%w: a body of more than %d bytes", ErrTooLong, max)
		case errors.Is(err, io.EOF):
			return buf, nil
		case err != nil:
			return buf, err
		}
	}
}

// readEvents queues the data of every message event of an event stream
// until it ends; event types other than "message" go to other (nil:
// ignored). It returns how the stream ended: nil at its clean end.
func (b *httpBase) readEvents(body io.Reader, other func(Event)) error {
	er := NewEventReader(body, b.opts.MaxMessage)
	defer er.Release()
	for {
		ev, err := er.Next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if ev.Type != "" && ev.Type != "message" {
			if other != nil {
				other(ev)
			}
			continue
		}
		if len(bytes.TrimSpace(ev.Data)) > 0 {
			b.deliver(ev.Data, false)
		}
	}
}

// mediaType is a Content-Type without its parameters, lower case.
func mediaType(v string) string {
	t, _, _ := strings.Cut(v, ";")
	return strings.ToLower(strings.TrimSpace(t))
}
