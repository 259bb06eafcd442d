package gosdk

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/workload"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// callTimeout bounds each call: the server is in-process, so only a fault
// could make it slow; the bound keeps such a fault from hanging a run.
const callTimeout = 10 * time.Second

// Impl is the e2e workload's implementation on the Go SDK, for
// mcpwire.E2EWorkload.
func Impl() workload.Impl {
	return workload.Impl{Name: "go-sdk", Label: "official Go SDK (modelcontextprotocol/go-sdk) client and server", New: newInstance}
}

type echoArgs struct {
	Text string `json:"text"`
}

// instance is an SDK server on a loopback listener and conns SDK client
// sessions connected to it.
type instance struct {
	srv      *mcp.Server
	l        net.Listener
	text     string
	depth    int
	bytes    int64
	sessions []*mcp.ClientSession
	counted  *countingConn // the first connection, for BytesPerOp

	workers mcpwire.Spread[pipe]

	mu     sync.Mutex
	served []*mcp.ServerSession
	wg     sync.WaitGroup // the accept loop and the server sessions
}

func newInstance(p workload.Params) (workload.Instance, error) {
	conns, depth, size, err := mcpwire.E2EParams(p)
	if err != nil {
		return nil, err
	}
	if workload.LoadOf(p).Open() {
		return nil, errors.New("go-sdk e2e: the SDK's client blocks on each call, so this implementation keeps a closed loop only (rate 0)")
	}
	req, err := codec.EchoRequest(codec.IntID(1), size)
	if err != nil {
		return nil, fmt.Errorf("go-sdk e2e: %w", err)
	}
	in := &instance{text: req.CallTool.Arguments.Text, depth: depth}
	in.srv = mcp.NewServer(&mcp.Implementation{Name: "mcptop-go-sdk-echo", Version: "1"}, nil)
	mcp.AddTool(in.srv, &mcp.Tool{Name: codec.EchoTool, Description: "returns its text"},
		func(_ context.Context, _ *mcp.CallToolRequest, a echoArgs) (*mcp.CallToolResult, any, error) {
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: a.Text}}}, nil, nil
		})
	if in.l, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		return nil, fmt.Errorf("go-sdk e2e: listen: %w", err)
	}
	in.wg.Add(1)
	go in.serve()
	if err := in.connect(conns); err != nil {
		in.Close()
		return nil, err
	}
	if err := in.measureBytes(); err != nil {
		in.Close()
		return nil, err
	}
	return in, nil
}

// serve accepts connections and serves each with an SDK server session.
func (in *instance) serve() {
	defer in.wg.Done()
	for {
		c, err := in.l.Accept()
		if err != nil {
			return
		}
		ss, err := in.srv.Connect(context.Background(), &mcp.IOTransport{Reader: c, Writer: c}, nil)
		if err != nil {
			c.Close()
			continue
		}
		in.mu.Lock()
		in.served = append(in.served, ss)
		in.mu.Unlock()
		in.wg.Add(1)
		go func() {
			defer in.wg.Done()
			ss.Wait()
		}()
	}
}

// connect opens conns client sessions; the first connection counts its
// bytes.
func (in *instance) connect(conns int) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	client := mcp.NewClient(&mcp.Implementation{Name: "mcptop", Version: "dev"}, nil)
	var d net.Dialer
	for j := range conns {
		c, err := d.DialContext(ctx, "tcp", in.l.Addr().String())
		if err != nil {
			return fmt.Errorf("go-sdk e2e: dial: %w", err)
		}
		if j == 0 {
			in.counted = &countingConn{Conn: c}
			c = in.counted
		}
		cs, err := client.Connect(ctx, &mcp.IOTransport{Reader: c, Writer: c}, nil)
		if err != nil {
			c.Close()
			return fmt.Errorf("go-sdk e2e: connect: %w", err)
		}
		in.sessions = append(in.sessions, cs)
	}
	return nil
}

// measureBytes makes one call on the first connection and takes the bytes
// it moved, both ways, as every call's: the request and its answer are the
// same every time.
func (in *instance) measureBytes() error {
	before := in.counted.n.Load()
	if err := call(in.sessions[0], in.text); err != nil {
		return fmt.Errorf("go-sdk e2e: trial call: %w", err)
	}
	in.bytes = in.counted.n.Load() - before
	return nil
}

// countingConn counts the bytes read and written through it.
type countingConn struct {
	net.Conn
	n atomic.Int64
}

func (c *countingConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	c.n.Add(int64(n))
	return n, err
}

var errEchoMismatch = errors.New("go-sdk e2e: the result is not the text sent")

// call makes one echo call and checks its answer.
func call(cs *mcp.ClientSession, text string) error {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: codec.EchoTool, Arguments: echoArgs{Text: text}})
	if err != nil {
		return err
	}
	if res.IsError || len(res.Content) != 1 {
		return errEchoMismatch
	}
	if tc, ok := res.Content[0].(*mcp.TextContent); !ok || tc.Text != text {
		return errEchoMismatch
	}
	return nil
}

// Worker returns engine goroutine i's pipeline. Its sessions are given out
// at its first Run, when every worker exists.
func (in *instance) Worker(i int) workload.Worker {
	w := &pipe{in: in}
	in.workers.Add(i, w)
	return w
}

// BytesPerOp is the bytes one call moved on the wire, both ways, as
// measured on a trial call.
func (in *instance) BytesPerOp() int64 { return in.bytes }

// Close stops the workers' callers, closes the client sessions, the
// listener and the server sessions, and waits for their goroutines.
func (in *instance) Close() error {
	in.workers.Each(func(w *pipe) { w.close() })
	for _, cs := range in.sessions {
		cs.Close()
	}
	err := in.l.Close()
	in.mu.Lock()
	for _, ss := range in.served {
		ss.Close()
	}
	in.mu.Unlock()
	in.wg.Wait()
	return err
}
