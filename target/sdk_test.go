package target

import (
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcptop/mcptop/transport"
	"github.com/mcptop/mcptop/workload"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// sdkServer is a real MCP server, the official Go SDK's, serving each dialled
// stream over an in-memory pipe.
type sdkServer struct {
	srv *mcp.Server
	wg  sync.WaitGroup
}

type echoArgs struct {
	Text string `json:"text"`
}

func newSDKServer() *sdkServer {
	srv := mcp.NewServer(&mcp.Implementation{Name: "go-sdk-test", Version: "1.8.0"}, nil)
	mcp.AddTool(srv, &mcp.Tool{Name: "echo", Description: "returns its text"},
		func(_ context.Context, _ *mcp.CallToolRequest, in echoArgs) (*mcp.CallToolResult, any, error) {
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: in.Text}}}, nil, nil
		})
	mcp.AddTool(srv, &mcp.Tool{Name: "fail", Description: "always fails"},
		func(_ context.Context, _ *mcp.CallToolRequest, _ echoArgs) (*mcp.CallToolResult, any, error) {
			return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: "it failed, as asked"}}}, nil, nil
		})
	return &sdkServer{srv: srv}
}

// dial connects a new session of the server to one end of a pipe and
// returns a Stream over the other.
func (s *sdkServer) dial(ctx context.Context) (transport.Conn, error) {
	c, sc := net.Pipe()
	sess, err := s.srv.Connect(ctx, &mcp.IOTransport{Reader: sc, Writer: sc}, nil)
	if err != nil {
		return nil, err
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		sess.Wait()
	}()
	return transport.NewStream(c, transport.StreamOptions{}), nil
}

func TestTargetAgainstGoSDK(t *testing.T) {
	const calls = 10_000
	cases := []struct {
		name     string
		call     string
		args     string
		wantErrs bool
	}{
		{name: "ping", call: "ping"},
		{name: "echo", call: "tools/call:echo", args: `{"text":"hello, server"}`},
		{name: "isError counts as an error", call: "tools/call:fail", args: `{"text":"x"}`, wantErrs: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newSDKServer()
			defer srv.wg.Wait()
			tg, err := New(context.Background(), Config{DialA: srv.dial, Call: tc.call, Args: tc.args})
			if err != nil {
				t.Fatal(err)
			}
			defer tg.Close()
			if l := tg.Labels(); l[0] != "go-sdk-test 1.8.0 (A)" || l[1] != "go-sdk-test 1.8.0 (A')" {
				t.Fatalf("labels %q", l)
			}
			if v := tg.sides[0].sessions[0].client.ProtocolVersion(); v != "2025-06-18" {
				t.Fatalf("negotiated %q", v)
			}
			w := tg.Workload()
			n := int64(calls)
			if tc.wantErrs {
				n = 200
			}
			for _, v := range workload.Variants {
				if v == workload.Optimised {
					n /= 10 // the second instance (A'): a shorter check keeps -race quick
				}
				in, err := w.Impls[v].New(w.Defaults())
				if err != nil {
					t.Fatal(err)
				}
				rec := workload.Tally{Keep: true}
				if err := rec.RunFor(in.Worker(0).(workload.Pipeline), n); err != nil && !tc.wantErrs {
					t.Fatal(err)
				}
				ops, errs, last := rec.Ops, rec.Errs, rec.Last
				in.Close()
				if tc.wantErrs {
					if errs != ops || !strings.Contains(last.Error(), "it failed, as asked") {
						t.Fatalf("%v: ops %d errs %d last %v: want every call to fail with the tool's text", v, ops, errs, last)
					}
					continue
				}
				if errs != 0 || ops < n || int64(len(rec.Latencies)) != ops {
					t.Fatalf("%v: ops %d errs %d recorded %d last %v", v, ops, errs, len(rec.Latencies), last)
				}
			}
		})
	}
}

func TestTargetMissingTool(t *testing.T) {
	srv := newSDKServer()
	defer srv.wg.Wait()
	_, err := New(context.Background(), Config{DialA: srv.dial, Call: "tools/call:nope", Timeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), `no tool "nope" (it has: echo, fail)`) {
		t.Fatalf("error %v, want one naming the missing tool and the ones there are", err)
	}
}
