package mcpwire

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/transport"
	"github.com/mcptop/mcptop/workload"
)

// Parameters of the e2e workload.
const (
	DefaultConns = 4
	MaxConns     = 256
	DefaultDepth = 32
	DefaultSize  = 1024
	MinSize      = 1024
	MaxSize      = 100 << 10
)

// e2eTimeout bounds each e2e request: the server is in-process, so only a
// fault could make it slow; the bound keeps such a fault from hanging a run.
const e2eTimeout = 10 * time.Second

// E2EWorkload is the end-to-end workload: an MCP server on a loopback TCP
// listener and a client keeping depth tools/call echo requests of size
// bytes in flight on each of conns connections, every round trip timed from
// issue to the moment the worker sees the response. Its implementations are
// whole stacks, client and server alike: mcptop's two (mcptop-std is
// encoding/json, the owner-goroutine pending table and one write per
// message; mcptop-opt is easyjson, the direct table and coalesced writes),
// then the extra ones given (the official Go SDK's, from package gosdk).
// The default pair is the seed's, mcptop-std against mcptop-opt.
//
// Connections are split across the engine's workers: connection j belongs to
// worker j mod W, which keeps depth requests in flight on each of its
// connections. Workers beyond conns have no connection and stay idle, so
// more workers than connections adds nothing.
func E2EWorkload(extra ...workload.Impl) workload.Workload {
	w := workload.Workload{
		Name:        "e2e",
		Description: "MCP tools/call echo round trips over loopback TCP: framing, decode, dispatch, encode, correlation",
		Params: append([]workload.Param{
			{Name: "conns", Help: "TCP connections to the built-in server", Unit: "conns", Default: DefaultConns, Min: 1, Max: MaxConns},
			{Name: "depth", Help: "closed loop: requests in flight per connection", Unit: "reqs", Default: DefaultDepth, Min: 1, Max: MaxDepth},
			{Name: "size", Help: "bytes of one tools/call request", Unit: "B", Default: DefaultSize, Min: MinSize, Max: MaxSize,
				Steps: []int{1 << 10, 4 << 10, 16 << 10, 64 << 10, 100 << 10}},
		}, workload.LoadParams(MaxConns*MaxDepth)...),
		Impls: []workload.Impl{
			{Name: "mcptop-std", Label: "mcptop: encoding/json + owner goroutine",
				New: func(p workload.Params) (workload.Instance, error) { return newE2E(workload.Baseline, p) }},
			{Name: "mcptop-opt", Label: "mcptop: easyjson + direct table + coalesced writes",
				New: func(p workload.Params) (workload.Instance, error) { return newE2E(workload.Optimised, p) }},
		},
		Pair: [2]string{"mcptop-std", "mcptop-opt"},
	}
	w.Impls = append(w.Impls, extra...)
	return w
}

// E2EParams checks the e2e workload's parameters and returns them, for an
// implementation of it that lives in another package.
func E2EParams(p workload.Params) (conns, depth, size int, err error) {
	conns, depth, size = p["conns"], p["depth"], p["size"]
	if conns < 1 || conns > MaxConns || depth < 1 || depth > MaxDepth || size < MinSize || size > MaxSize {
		return 0, 0, 0, fmt.Errorf("e2e: parameters out of range: %v", p)
	}
	return conns, depth, size, nil
}

type e2eInstance struct {
	srv     *Server
	clients []*Client
	bytes   int64
	g       *Group // the workers' pipelines over clients, once all are connected
}

// Spread hands an e2e instance's connections to its workers: connection j
// belongs to worker j mod W, decided once, at the first Run, when every
// worker exists. It is safe for concurrent use.
type Spread[W any] struct {
	mu      sync.Mutex
	workers []*W // by engine goroutine; nil where none was asked for
	once    sync.Once
}

// Add records w as engine goroutine i's worker.
func (s *Spread[W]) Add(i int, w *W) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.workers) <= i {
		s.workers = append(s.workers, nil)
	}
	s.workers[i] = w
}

// Assign calls give once for each of n connections with the worker it
// belongs to, round robin over the workers added; only its first call does
// anything.
func (s *Spread[W]) Assign(n int, give func(w *W, j int)) {
	s.once.Do(func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		var ws []*W
		for _, w := range s.workers {
			if w != nil {
				ws = append(ws, w)
			}
		}
		for j := range n {
			give(ws[j%len(ws)], j)
		}
	})
}

// Each calls f with every worker added.
func (s *Spread[W]) Each(f func(w *W)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range s.workers {
		if w != nil {
			f(w)
		}
	}
}

// newE2E builds one of mcptop's stacks, v's, as an e2e instance.
func newE2E(v workload.Variant, p workload.Params) (workload.Instance, error) {
	conns, depth, size, err := E2EParams(p)
	if err != nil {
		return nil, err
	}
	req, err := codec.EchoRequest(codec.IntID(1), size)
	if err != nil {
		return nil, fmt.Errorf("e2e: %w", err)
	}
	text := req.CallTool.Arguments.Text
	c := codec.New(v)
	reqBytes, err := c.AppendRequest(nil, &req)
	if err != nil {
		return nil, fmt.Errorf("e2e: %w", err)
	}
	resp := codec.Response{ID: req.ID, Result: codec.ResultCallTool}
	resp.CallTool.Content = []codec.Content{{Type: "text", Text: text}}
	respBytes, err := c.AppendResponse(nil, &resp)
	if err != nil {
		return nil, fmt.Errorf("e2e: %w", err)
	}

	in := &e2eInstance{srv: NewServer(ServerOptions{Stack: v}), bytes: int64(len(reqBytes) + len(respBytes) + 2)}
	load := workload.LoadOf(p)
	slots, pipeDepth := depth, depth
	if load.Open() {
		slots = min(MaxDepth, (load.MaxInflight+conns-1)/conns)
		pipeDepth = min(depth, slots)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("e2e: listen: %w", err)
	}
	go in.srv.Serve(l)
	check := echoCheck(text)
	ctx, cancel := context.WithTimeout(context.Background(), e2eTimeout)
	defer cancel()
	for range conns {
		conn, err := transport.DialTCP(ctx, l.Addr().String(), transport.StreamOptions{WriteTimeout: e2eTimeout})
		if err != nil {
			in.Close()
			return nil, fmt.Errorf("e2e: dial: %w", err)
		}
		spec := LoadSpec{Encoder: &codecEncoder{c: codec.New(v), req: req}, Check: check, Depth: max(depth, slots)}
		cl, err := NewClient(ctx, conn, ClientOptions{Stack: v, Method: codec.MethodCallTool, Timeout: e2eTimeout, Load: spec})
		if err != nil {
			in.Close()
			return nil, fmt.Errorf("e2e: %w", err)
		}
		in.clients = append(in.clients, cl)
	}
	in.g = &Group{depth: pipeDepth, timeout: e2eTimeout, clients: in.clients, open: OpenLoadOf(load, conns)}
	return in, nil
}

// echoCheck accepts a tools/call result that echoes text.
func echoCheck(text string) func(*codec.Response) error {
	return func(resp *codec.Response) error {
		r := &resp.CallTool
		if resp.Result != codec.ResultCallTool || r.IsError || len(r.Content) != 1 || r.Content[0].Text != text {
			return errEchoMismatch
		}
		return nil
	}
}

var errEchoMismatch = errors.New("echo: the result is not the text sent")

// Worker returns engine goroutine i's pipeline. Its connections are given
// out at its first Run, when every worker exists.
func (in *e2eInstance) Worker(i int) workload.Worker { return in.g.Worker(i) }

// BytesPerOp is the bytes of one request and its response on the wire.
func (in *e2eInstance) BytesPerOp() int64 { return in.bytes }

// Close closes the clients and the server.
func (in *e2eInstance) Close() error {
	if in.g != nil {
		in.g.Close()
	}
	for _, c := range in.clients {
		c.Close()
	}
	return in.srv.Close()
}
