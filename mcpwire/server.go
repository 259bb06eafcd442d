package mcpwire

import (
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"sync"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/transport"
	"github.com/mcptop/mcptop/workload"
)

// echoSchema is the echo tool's input schema, compact JSON.
var echoSchema = []byte(`{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}`)

// ServerOptions configure a Server.
type ServerOptions struct {
	// Stack selects the server stack: Baseline decodes and encodes with
	// encoding/json and writes each response at once; Optimised uses easyjson
	// and writes every response to the requests already read in one write.
	Stack workload.Variant
	// MaxMessage bounds one incoming message on the connections Serve
	// accepts; 0 means transport.DefaultMaxMessage.
	MaxMessage int
	// Info is the serverInfo sent in initialize; default mcptop-e2e.
	Info codec.Implementation
}

// Server is mcptop's built-in MCP server: initialize, ping, tools/list and
// tools/call of the tool "echo", whose result is its "text" argument. Each
// connection is served by one goroutine, requests in order.
type Server struct {
	opts     ServerOptions
	codec    codec.Codec
	coalesce bool // the optimised stack: flush when no request waits

	mu        sync.Mutex
	closed    bool
	listeners map[net.Listener]struct{}
	conns     map[io.Closer]struct{}
	wg        sync.WaitGroup
}

// NewServer returns a server; Serve or ServeConn put it to work.
func NewServer(opts ServerOptions) *Server {
	if opts.Info.Name == "" {
		opts.Info = codec.Implementation{Name: "mcptop-e2e", Version: "1"}
	}
	return &Server{
		opts:      opts,
		codec:     codec.New(opts.Stack),
		coalesce:  opts.Stack == workload.Optimised,
		listeners: map[net.Listener]struct{}{},
		conns:     map[io.Closer]struct{}{},
	}
}

// ErrServerClosed is returned by Serve and ServeConn after Close.
var ErrServerClosed = errors.New("mcpwire: server closed")

// Serve accepts connections on l and serves each, newline-delimited (a
// transport.Stream), on its own goroutine until l fails or the server is
// closed; it closes l.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		l.Close()
		return ErrServerClosed
	}
	s.listeners[l] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()
	defer func() {
		s.mu.Lock()
		delete(s.listeners, l)
		s.mu.Unlock()
		l.Close()
	}()
	for {
		nc, err := l.Accept()
		if err != nil {
			if s.isClosed() {
				return ErrServerClosed
			}
			return fmt.Errorf("mcpwire: accept: %w", err)
		}
		conn := transport.NewStream(nc, transport.StreamOptions{MaxMessage: s.opts.MaxMessage})
		if !s.track(conn) {
			conn.Close()
			return ErrServerClosed
		}
		go func() {
			defer s.wg.Done()
			defer s.untrack(conn)
			s.serve(conn)
		}()
	}
}

// ServeConn serves one connection until the peer closes it (nil), it breaks
// (the error), or the server is closed. It closes conn.
func (s *Server) ServeConn(conn transport.Conn) error {
	if !s.track(conn) {
		conn.Close()
		return ErrServerClosed
	}
	defer s.wg.Done()
	defer s.untrack(conn)
	return s.serve(conn)
}

// Close closes every listener and connection and waits for their
// goroutines.
func (s *Server) Close() error {
	s.mu.Lock()
	s.closed = true
	for l := range s.listeners {
		l.Close()
	}
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return nil
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// track registers a connection (and its goroutine in wg) unless closed.
func (s *Server) track(c io.Closer) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	return true
}

func (s *Server) untrack(c io.Closer) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	c.Close()
}

// serve is one connection's loop: read a request, handle it, append the
// response. The baseline sends each response at once; the optimised stack
// sends when no further request has already arrived, or when a lot waits.
func (s *Server) serve(conn transport.Conn) error {
	var (
		req  codec.Request
		resp codec.Response
	)
	for {
		if s.coalesce && !conn.Ready() {
			if err := flush(conn); err != nil {
				return err
			}
		}
		msg, err := conn.Recv()
		if err != nil {
			flush(conn)
			if errors.Is(err, io.EOF) || s.isClosed() {
				return nil
			}
			if errors.Is(err, transport.ErrTooLong) {
				s.respond(conn, &codec.Response{ID: codec.ID{Kind: codec.IDNull},
					Error: &codec.Error{Code: codec.CodeParseError, Message: err.Error()}})
				flush(conn)
			}
			return err
		}
		if !s.handle(msg, &req, &resp) {
			continue
		}
		if err := s.respond(conn, &resp); err != nil {
			return err
		}
	}
}

// flush sends what conn holds.
func flush(conn transport.Conn) error { return conn.Commit(conn.Begin(), true) }

// respond encodes resp into conn's send buffer, to be sent now (baseline) or
// at the next flush (optimised).
func (s *Server) respond(conn transport.Conn, resp *codec.Response) error {
	buf := conn.Begin()
	n := len(buf)
	buf, err := s.codec.AppendResponse(buf, resp)
	if err != nil {
		conn.Commit(buf[:n], false)
		return fmt.Errorf("mcpwire: encode response: %w", err)
	}
	return conn.Commit(append(buf, '\n'), !s.coalesce)
}

// handle decodes one message and fills resp with the answer; it reports
// false for a notification, which gets none.
func (s *Server) handle(line []byte, req *codec.Request, resp *codec.Response) bool {
	content := resp.CallTool.Content[:0]
	*resp = codec.Response{}
	resp.CallTool.Content = content
	if err := s.codec.DecodeRequest(line, req); err != nil {
		resp.ID = req.ID
		if resp.ID.Kind == codec.IDNone {
			resp.ID.Kind = codec.IDNull
		}
		var ce *codec.Error
		if !errors.As(err, &ce) {
			ce = &codec.Error{Code: codec.CodeInternalError, Message: err.Error()}
		}
		resp.Error = ce
		return true
	}
	if req.ID.Kind == codec.IDNone {
		return false // notifications/initialized, cancelled, ...: nothing to say
	}
	resp.ID = req.ID
	switch req.Method {
	case codec.MethodInitialize:
		v := req.Initialize.ProtocolVersion
		if !slices.Contains(ProtocolVersions, v) {
			v = ProtocolVersions[0]
		}
		resp.Result = codec.ResultInitialize
		resp.Initialize = codec.InitializeResult{
			ProtocolVersion: v,
			Capabilities:    codec.ServerCapabilities{Tools: &codec.ToolsCapability{}},
			ServerInfo:      s.opts.Info,
		}
	case codec.MethodPing:
		resp.Result = codec.ResultEmpty
	case codec.MethodListTools:
		resp.Result = codec.ResultListTools
		resp.ListTools.Tools = []codec.Tool{{Name: codec.EchoTool, Description: "returns its text argument", InputSchema: echoSchema}}
	case codec.MethodCallTool:
		if req.CallTool.Name != codec.EchoTool {
			resp.Error = &codec.Error{Code: codec.CodeInvalidParams, Message: "unknown tool: " + req.CallTool.Name}
			return true
		}
		resp.Result = codec.ResultCallTool
		resp.CallTool.Content = append(resp.CallTool.Content, codec.Content{Type: "text", Text: req.CallTool.Arguments.Text})
	default:
		resp.Error = &codec.Error{Code: codec.CodeMethodNotFound, Message: "method not found: " + req.Method}
	}
	return true
}
