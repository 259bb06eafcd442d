package mcpwire

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/transport"
	"github.com/mcptop/mcptop/workload"
)

// ProtocolVersions are the MCP revisions the client accepts, newest first.
// It offers the first (codec.ProtocolVersion) in initialize.
var ProtocolVersions = []string{codec.ProtocolVersion, "2025-03-26", "2024-11-05"}

// ErrClosed is returned by calls on a closed client.
var ErrClosed = errors.New("mcpwire: client closed")

// DefaultTimeout bounds initialize and a Call unless ClientOptions say
// otherwise.
const DefaultTimeout = 10 * time.Second

// VersionError is returned by NewClient when the server answers initialize
// with a protocol version the client does not support.
type VersionError struct {
	Offered, Answered string
}

// Error names both versions and the supported ones.
func (e *VersionError) Error() string {
	return fmt.Sprintf("mcpwire: server answered initialize with protocol version %q; offered %q, supported: %s",
		e.Answered, e.Offered, strings.Join(ProtocolVersions, ", "))
}

// ClientOptions configure a Client.
type ClientOptions struct {
	// Stack selects the client stack: Baseline is encoding/json, an owner
	// goroutine holding the pending requests, and one write per message;
	// Optimised is easyjson, the direct table and coalesced writes.
	Stack workload.Variant
	// Method is the method most calls use (the load's): a response is first
	// decoded as the answer to it. Default ping.
	Method string
	// Timeout bounds each Call (initialize too) whose context has no
	// deadline; 0 means DefaultTimeout. (Writes are bounded by the
	// transport.)
	Timeout time.Duration
	// ClientInfo is sent in initialize; default mcptop.
	ClientInfo codec.Implementation
	// Load describes the requests a Pipeline keeps in flight on the client;
	// without it the client makes Calls only.
	Load LoadSpec
	// Describe, if set, turns the error that ended the connection into the
	// one the client reports (the supervisor of a child process adds its
	// exit status and stderr). It is not called after Close.
	Describe func(error) error
}

func (o *ClientOptions) defaults() {
	if o.Method == "" {
		o.Method = codec.MethodPing
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.ClientInfo.Name == "" {
		o.ClientInfo = codec.Implementation{Name: "mcptop", Version: "dev"}
	}
	if o.Load.Depth <= 0 {
		o.Load.Depth = 1
	}
}

// ClientStats counts what the server sent besides responses to the load.
type ClientStats struct {
	// Notifications counts notifications received (and dropped).
	Notifications int64
	// ServerRequests counts server-to-client requests answered.
	ServerRequests int64
	// Garbage counts messages that were no JSON-RPC message.
	Garbage int64
	// Dropped counts responses nobody waited for: unknown ids, duplicates,
	// and answers that came after their request timed out.
	Dropped int64
	// LastGarbage is the last undecodable message's error, if any.
	LastGarbage string
}

// Client is one initialized MCP client connection. Its reader goroutine
// takes every message the server sends; Call makes one request, and the
// workloads keep many in flight through the client's pending table. It is
// safe for concurrent use.
type Client struct {
	conn  transport.Conn
	codec codec.Codec
	opts  ClientOptions
	tbl   table
	load  *loadState // used by the pipeline bound to the client

	mu     sync.Mutex
	adhoc  map[int64]*adhocCall
	nextAd int64 // ad hoc ids are negative, load ids positive

	dead     atomic.Bool
	done     chan struct{}
	failOnce sync.Once
	err      error // why the client ended; written once before done closes
	closing  atomic.Bool
	writeErr atomic.Pointer[error] // the send failure that broke the connection
	wg       sync.WaitGroup

	info    codec.Implementation
	version string

	sc      scratch   // the reader goroutine's
	scratch sync.Pool // *scratch, for a Conn that dispatches on many goroutines

	notifications, serverRequests, garbage, dropped atomic.Int64
	lastGarbage                                     atomic.Pointer[string]
}

// scratch is what decoding one message needs.
type scratch struct {
	resp codec.Response
	req  codec.Request
}

// adhocCall is a Call waiting for its response.
type adhocCall struct {
	method string
	ch     chan adhocResult
}

type adhocResult struct {
	resp *codec.Response
	err  error
}

// NewClient starts a client on conn, performs the MCP initialize handshake
// and sends notifications/initialized. On failure it closes conn.
func NewClient(ctx context.Context, conn transport.Conn, opts ClientOptions) (*Client, error) {
	opts.defaults()
	if opts.Load.Depth > MaxDepth {
		conn.Close()
		return nil, fmt.Errorf("mcpwire: load depth %d is more than %d", opts.Load.Depth, MaxDepth)
	}
	if err := checkKinds(opts.Load.Kinds); err != nil {
		conn.Close()
		return nil, err
	}
	c := &Client{
		conn:  conn,
		codec: codec.New(opts.Stack),
		opts:  opts,
		adhoc: map[int64]*adhocCall{},
		done:  make(chan struct{}),
		load:  newLoadState(opts.Load.Depth),
	}
	if opts.Stack == workload.Optimised {
		c.tbl = newDirectTable(c, opts.Load.Depth)
	} else {
		c.tbl = newOwnerTable(c, opts.Load.Depth)
	}
	if d, ok := conn.(transport.Dispatcher); ok {
		// Each answer is handled on the goroutine that received it.
		c.scratch.New = func() any { return new(scratch) }
		d.SetDispatch(c.dispatchShared)
	}
	c.wg.Add(1)
	go c.readLoop()
	if err := c.handshake(ctx); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// handshake runs initialize and sends notifications/initialized.
func (c *Client) handshake(ctx context.Context) error {
	req := codec.Request{Method: codec.MethodInitialize, Params: codec.ParamsObject}
	req.Initialize.ProtocolVersion = ProtocolVersions[0]
	req.Initialize.ClientInfo = c.opts.ClientInfo
	resp, err := c.Call(ctx, &req)
	if err != nil {
		if strings.HasPrefix(err.Error(), codec.MethodInitialize+":") {
			return err // Call named the method already
		}
		return fmt.Errorf("initialize: %w", err)
	}
	if resp.Error != nil {
		return fmt.Errorf("initialize: the server answered with an error: %w", resp.Error)
	}
	res := resp.Initialize
	if !slices.Contains(ProtocolVersions, res.ProtocolVersion) {
		return &VersionError{Offered: ProtocolVersions[0], Answered: res.ProtocolVersion}
	}
	c.info = res.ServerInfo
	c.version = res.ProtocolVersion
	if vs, ok := c.conn.(transport.VersionSetter); ok {
		vs.SetProtocolVersion(c.version)
	}
	note := codec.Request{Method: codec.MethodInitialized}
	buf := c.conn.Begin()
	n := len(buf)
	buf, err = c.codec.AppendRequest(buf, &note)
	if err != nil {
		c.conn.Commit(buf[:n], false)
		return fmt.Errorf("initialized: %w", err)
	}
	if err := c.conn.Commit(append(buf, '\n'), true); err != nil {
		return c.failWrite(err)
	}
	return nil
}

// ServerInfo returns the serverInfo the server gave in initialize.
func (c *Client) ServerInfo() codec.Implementation { return c.info }

// ProtocolVersion returns the negotiated protocol version.
func (c *Client) ProtocolVersion() string { return c.version }

// Done is closed when the client has ended (connection closed or broken,
// or Close called).
func (c *Client) Done() <-chan struct{} { return c.done }

// Err returns why the client ended, or nil while it runs.
func (c *Client) Err() error {
	if !c.dead.Load() {
		return nil
	}
	<-c.done
	return c.err
}

// Stats returns the client's counters.
func (c *Client) Stats() ClientStats {
	s := ClientStats{
		Notifications:  c.notifications.Load(),
		ServerRequests: c.serverRequests.Load(),
		Garbage:        c.garbage.Load(),
		Dropped:        c.dropped.Load(),
	}
	if p := c.lastGarbage.Load(); p != nil {
		s.LastGarbage = *p
	}
	return s
}

// Close closes the connection and waits for the client's goroutines. Pending
// calls fail with ErrClosed. It is idempotent.
func (c *Client) Close() error {
	c.closing.Store(true)
	c.kill(ErrClosed)
	c.wg.Wait()
	c.tbl.close()
	return nil
}

// kill records err as the reason the client ends (if it is the first) and
// closes the connection, which ends the reader.
func (c *Client) kill(err error) {
	c.failOnce.Do(func() { c.err = err })
	c.conn.Close()
}

// failWrite handles a failed send: the connection is broken (a partial
// message may have left), so the client ends; the reader reports why, with
// what Describe adds. It returns err.
func (c *Client) failWrite(err error) error {
	e := fmt.Errorf("writing to the server failed: %w", err)
	c.writeErr.CompareAndSwap(nil, &e)
	c.conn.Close()
	return err
}

// Call sends req with a fresh id and waits for its response, until ctx is
// done (or, if ctx has no deadline, the client's timeout passes) or the
// client ends. The response is the caller's.
func (c *Client) Call(ctx context.Context, req *codec.Request) (*codec.Response, error) {
	call := &adhocCall{method: req.Method, ch: make(chan adhocResult, 1)}
	c.mu.Lock()
	if c.dead.Load() {
		c.mu.Unlock()
		return nil, c.Err()
	}
	c.nextAd--
	id := c.nextAd
	c.adhoc[id] = call
	c.mu.Unlock()
	r := *req
	r.ID = codec.IntID(id)
	buf := c.conn.Begin()
	n := len(buf)
	buf, err := c.codec.AppendRequest(buf, &r)
	if err != nil {
		c.conn.Commit(buf[:n], false)
		c.forget(id)
		return nil, fmt.Errorf("%s: %w", req.Method, err)
	}
	if err := c.conn.Commit(append(buf, '\n'), true); err != nil {
		c.forget(id)
		return nil, c.failWrite(err)
	}
	var expired <-chan time.Time
	if _, ok := ctx.Deadline(); !ok {
		timer := time.NewTimer(c.opts.Timeout)
		defer timer.Stop()
		expired = timer.C
	}
	select {
	case res := <-call.ch:
		return res.resp, res.err
	case <-ctx.Done():
		c.forget(id)
		return nil, fmt.Errorf("%s: %w", req.Method, ctx.Err())
	case <-expired:
		c.forget(id)
		return nil, fmt.Errorf("%s: no response within %v", req.Method, c.opts.Timeout)
	}
}

func (c *Client) forget(id int64) {
	c.mu.Lock()
	delete(c.adhoc, id)
	c.mu.Unlock()
}

// readLoop reads and dispatches every message until the connection ends,
// then fails everything still pending.
func (c *Client) readLoop() {
	defer c.wg.Done()
	for {
		msg, err := c.conn.Recv()
		if err != nil {
			c.end(err)
			return
		}
		c.dispatch(msg)
	}
}

// end marks the client dead with the reason the connection ended and fails
// every pending request.
func (c *Client) end(err error) {
	if we := c.writeErr.Load(); we != nil {
		err = *we
	} else if errors.Is(err, io.EOF) {
		err = fmt.Errorf("server closed the connection: %w", err)
	}
	if c.opts.Describe != nil && !c.closing.Load() {
		err = c.opts.Describe(err)
	}
	c.failOnce.Do(func() { c.err = err })
	c.mu.Lock()
	c.dead.Store(true)
	calls := c.adhoc
	c.adhoc = nil
	c.mu.Unlock()
	close(c.done)
	for _, call := range calls {
		call.ch <- adhocResult{err: c.err}
	}
	c.tbl.fail(c.err)
}

// dispatch handles one incoming message on the reader goroutine.
func (c *Client) dispatch(line []byte) { c.dispatchWith(line, &c.sc) }

// dispatchShared handles one message on any goroutine (a Dispatcher's).
func (c *Client) dispatchShared(line []byte) {
	sc := c.scratch.Get().(*scratch)
	c.dispatchWith(line, sc)
	c.scratch.Put(sc)
}

// dispatchWith handles one message, decoding into sc.
func (c *Client) dispatchWith(line []byte, sc *scratch) {
	err := c.codec.DecodeResponse(line, c.opts.Method, &sc.resp)
	if err == nil {
		if sc.resp.ID.Kind == codec.IDInt && sc.resp.ID.Int > 0 {
			c.deliverLoad(line, sc, nil)
			return
		}
		c.deliverAdhoc(line, sc.resp.ID)
		return
	}
	derr := c.codec.DecodeRequest(line, &sc.req)
	if derr == nil {
		if sc.req.ID.Kind == codec.IDNone {
			c.notifications.Add(1)
			return
		}
		c.answer(sc.req.ID, sc.req.Method)
		return
	}
	var ce *codec.Error
	if errors.As(derr, &ce) && ce.Code == codec.CodeInvalidParams && sc.req.ID.Kind != codec.IDNone {
		c.replyError(sc.req.ID, ce)
		return
	}
	// A response whose result does not fit the load's method: an ad hoc
	// call's, or a load response with a malformed result. ping's result kind
	// accepts any value, so this reads the id.
	if c.codec.DecodeResponse(line, codec.MethodPing, &sc.resp) == nil {
		if sc.resp.ID.Kind == codec.IDInt && sc.resp.ID.Int > 0 {
			c.deliverLoad(line, sc, err)
			return
		}
		c.deliverAdhoc(line, sc.resp.ID)
		return
	}
	c.garbage.Add(1)
	msg := fmt.Sprintf("undecodable message from the server (%v): %s", err, clip(line, 120))
	c.lastGarbage.Store(&msg)
}

// deliverAdhoc hands a response to the Call waiting for id, decoding it anew
// from a copy so that the caller owns it.
func (c *Client) deliverAdhoc(line []byte, id codec.ID) {
	c.mu.Lock()
	var call *adhocCall
	if id.Kind == codec.IDInt {
		call = c.adhoc[id.Int]
		delete(c.adhoc, id.Int)
	}
	c.mu.Unlock()
	if call == nil {
		c.dropped.Add(1)
		return
	}
	resp := new(codec.Response)
	err := c.codec.DecodeResponse(bytes.Clone(line), call.method, resp)
	if err != nil {
		err = fmt.Errorf("%s: %w", call.method, err)
	}
	call.ch <- adhocResult{resp: resp, err: err}
}

// answer replies to a server-to-client request: ping with an empty result,
// anything else with method not found.
func (c *Client) answer(id codec.ID, method string) {
	c.serverRequests.Add(1)
	if method == codec.MethodPing {
		c.reply(&codec.Response{ID: id, Result: codec.ResultEmpty})
		return
	}
	c.replyError(id, &codec.Error{Code: codec.CodeMethodNotFound, Message: "method not found: " + method})
}

func (c *Client) replyError(id codec.ID, e *codec.Error) {
	c.reply(&codec.Response{ID: id, Error: e})
}

func (c *Client) reply(resp *codec.Response) {
	buf := c.conn.Begin()
	n := len(buf)
	buf, err := c.codec.AppendResponse(buf, resp)
	if err != nil {
		c.conn.Commit(buf[:n], false)
		return
	}
	if err := c.conn.Commit(append(buf, '\n'), true); err != nil {
		c.failWrite(err)
	}
}

// clip returns b as a string of at most n bytes, marked when cut.
func clip(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	return string(b[:n]) + "…"
}
