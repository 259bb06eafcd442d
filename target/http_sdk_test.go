package target

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mcptop/mcptop/transport"
	"github.com/mcptop/mcptop/workload"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// The official Go SDK's HTTP handlers, on httptest servers, as real peers
// of the target's HTTP transports.

// addTalkativeTools gives srv a tool that sends a notification before its
// result ("notify") and one that pings the client first ("ask").
func addTalkativeTools(srv *mcp.Server) {
	mcp.AddTool(srv, &mcp.Tool{Name: "notify", Description: "a progress notification, then the result"},
		func(ctx context.Context, req *mcp.CallToolRequest, in echoArgs) (*mcp.CallToolResult, any, error) {
			if err := req.Session.NotifyProgress(ctx, &mcp.ProgressNotificationParams{ProgressToken: "p", Progress: 1}); err != nil {
				return nil, nil, err
			}
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: in.Text}}}, nil, nil
		})
	mcp.AddTool(srv, &mcp.Tool{Name: "ask", Description: "pings the client, then the result"},
		func(ctx context.Context, req *mcp.CallToolRequest, in echoArgs) (*mcp.CallToolResult, any, error) {
			if err := req.Session.Ping(ctx, nil); err != nil {
				return nil, nil, err
			}
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: in.Text}}}, nil, nil
		})
}

// sdkHTTP serves srv over HTTP as kind says: "streamable" (answers as
// event streams, the SDK's default), "streamable-json" or "sse"; it
// returns the target's URL for it.
func sdkHTTP(t *testing.T, srv *mcp.Server, kind string, opts *mcp.StreamableHTTPOptions) string {
	t.Helper()
	get := func(*http.Request) *mcp.Server { return srv }
	var h http.Handler
	switch kind {
	case "sse":
		h = mcp.NewSSEHandler(get, nil)
	case "streamable-json":
		if opts == nil {
			opts = &mcp.StreamableHTTPOptions{}
		}
		opts.JSONResponse = true
		fallthrough
	default:
		h = mcp.NewStreamableHTTPHandler(get, opts)
	}
	web := httptest.NewServer(h)
	t.Cleanup(web.Close)
	if kind == "sse" {
		return "sse+" + web.URL
	}
	return web.URL + "/mcp"
}

// runLoad runs n ops of the variant's instance on one worker.
func runLoad(t *testing.T, w workload.Workload, v workload.Variant, n int64) workload.Tally {
	t.Helper()
	in, err := w.Impls[v].New(w.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	rec := workload.Tally{Keep: true}
	if err := rec.RunFor(in.Worker(0).(workload.Pipeline), n); err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestTargetOverGoSDKHTTP(t *testing.T) {
	calls := int64(10_000)
	if raceEnabled {
		calls = 1_000
	}
	for _, kind := range []string{"streamable", "streamable-json", "sse"} {
		for _, call := range []string{"ping", "tools/call:echo"} {
			t.Run(kind+" "+call, func(t *testing.T) {
				sdk := newSDKServer()
				url := sdkHTTP(t, sdk.srv, kind, nil)
				args := `{"text":"hello over HTTP"}`
				if call == "ping" {
					args = ""
				}
				tg, err := New(context.Background(), Config{A: url, Call: call, Args: args, Timeout: 10 * time.Second})
				if err != nil {
					t.Fatal(err)
				}
				defer tg.Close()
				if l := tg.Labels(); l[0] != "go-sdk-test 1.8.0 (A)" {
					t.Fatalf("labels %q", l)
				}
				w := tg.Workload()
				for v, n := range map[workload.Variant]int64{workload.Baseline: calls, workload.Optimised: calls / 10} {
					rec := runLoad(t, w, v, n)
					if rec.Errs != 0 || rec.Ops < n || int64(len(rec.Latencies)) != rec.Ops {
						t.Fatalf("%v: ops %d errs %d recorded %d last %v", v, rec.Ops, rec.Errs, len(rec.Latencies), rec.Last)
					}
				}
			})
		}
	}
}

func TestTargetOverGoSDKHTTPTalkingBack(t *testing.T) {
	for _, kind := range []string{"streamable", "sse"} {
		for _, tool := range []string{"notify", "ask"} {
			t.Run(kind+" "+tool, func(t *testing.T) {
				sdk := newSDKServer()
				addTalkativeTools(sdk.srv)
				tg, err := New(context.Background(), Config{A: sdkHTTP(t, sdk.srv, kind, nil), Call: "tools/call:" + tool, Args: `{"text":"x"}`, Timeout: 10 * time.Second})
				if err != nil {
					t.Fatal(err)
				}
				defer tg.Close()
				rec := runLoad(t, tg.Workload(), workload.Baseline, 300)
				if rec.Errs != 0 {
					t.Fatalf("errors %d, last %v", rec.Errs, rec.Last)
				}
				var notes, asks int64
				for _, ss := range tg.sides[0].sessions {
					st := ss.client.Stats()
					notes, asks = notes+st.Notifications, asks+st.ServerRequests
				}
				if tool == "notify" && notes < 300 || tool == "ask" && asks < 300 {
					t.Fatalf("%d notifications and %d server requests after 300 calls of %s", notes, asks, tool)
				}
			})
		}
	}
}

func TestTargetReinitializesAfterSessionExpired(t *testing.T) {
	sdk := newSDKServer()
	url := sdkHTTP(t, sdk.srv, "streamable", &mcp.StreamableHTTPOptions{SessionTimeout: 200 * time.Millisecond})
	tg, err := Prepare(context.Background(), Config{A: url, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	w := tg.Workload()
	p := workload.Params{"depth": 4, "sessions": 1}
	in, err := w.Impls[0].New(p)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	pipe := in.Worker(0).(workload.Pipeline)
	rec := workload.Tally{Keep: true}
	if err := rec.RunFor(pipe, 100); err != nil || rec.Errs != 0 {
		t.Fatalf("before the expiry: %v, %d errors", err, rec.Errs)
	}
	time.Sleep(600 * time.Millisecond) // idle: the server drops the session
	rec = workload.Tally{Keep: true}
	rec.RunFor(pipe, 100)
	conn := tg.sides[0].sessions[0].conn.(*transport.HTTPConn)
	if conn.Reinits() != 1 {
		t.Fatalf("re-initializations %d, want 1", conn.Reinits())
	}
	if rec.Errs == 0 || rec.Errs > 4 || !strings.Contains(rec.Last.Error(), "the server ended the session") {
		t.Fatalf("after the expiry: %d errors (want the requests in flight, at most 4), last %v", rec.Errs, rec.Last)
	}
	if ok := rec.Ops - rec.Errs; ok < 90 {
		t.Fatalf("after the re-initialization only %d ops succeeded", ok)
	}
}
