package mcpwire

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/transport"
	"github.com/mcptop/mcptop/workload"
)

// echoLoad is a client's load of tools/call echo requests of size bytes.
func echoLoad(t *testing.T, v workload.Variant, depth, size int) LoadSpec {
	t.Helper()
	req, err := codec.EchoRequest(codec.IntID(1), size)
	if err != nil {
		t.Fatal(err)
	}
	return LoadSpec{Encoder: &codecEncoder{c: codec.New(v), req: req}, Check: echoCheck(req.CallTool.Arguments.Text), Depth: depth}
}

func TestClientOverStreamableHTTP(t *testing.T) {
	for _, v := range workload.Variants {
		t.Run(v.String(), func(t *testing.T) {
			srv := NewServer(ServerOptions{Stack: v})
			defer srv.Close()
			web := httptest.NewServer(srv.HTTPHandler())
			defer web.Close()
			conn, err := transport.DialHTTP(context.Background(), web.URL+"/mcp", transport.HTTPOptions{})
			if err != nil {
				t.Fatal(err)
			}
			cl, err := NewClient(context.Background(), conn, ClientOptions{Stack: v, Method: codec.MethodCallTool, Load: echoLoad(t, v, 8, 1024)})
			if err != nil {
				t.Fatal(err)
			}
			if cl.ServerInfo().Name != "mcptop-e2e" || conn.SessionID() == "" {
				t.Fatalf("server %v, session %q", cl.ServerInfo(), conn.SessionID())
			}
			g, err := NewGroup(8, 5*time.Second, cl)
			if err != nil {
				t.Fatal(err)
			}
			var tally workload.Tally
			if err := tally.RunFor(g.Worker(0), 2000); err != nil {
				t.Fatal(err)
			}
			g.Close()
			if tally.Errs != 0 || tally.Ops < 2000 {
				t.Fatalf("%d ops, %d errors (last %v)", tally.Ops, tally.Errs, tally.Last)
			}
			sid := conn.SessionID()
			cl.Close()
			// Close ended the session: the server no longer knows it.
			req, _ := http.NewRequest(http.MethodDelete, web.URL+"/mcp", nil)
			req.Header.Set("Mcp-Session-Id", sid)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("DELETE after Close: %s, want 404 (the session is gone)", resp.Status)
			}
		})
	}
}

func TestHTTPHandlerRefuses(t *testing.T) {
	srv := NewServer(ServerOptions{Stack: workload.Optimised})
	defer srv.Close()
	web := httptest.NewServer(srv.HTTPHandler())
	defer web.Close()
	ping := `{"jsonrpc":"2.0","id":1,"method":"ping"}`
	cases := []struct {
		name    string
		method  string
		headers map[string]string
		body    string
		want    int
	}{
		{name: "no session", method: http.MethodPost, body: ping, want: http.StatusBadRequest},
		{name: "unknown session", method: http.MethodPost, headers: map[string]string{"Mcp-Session-Id": "nope"}, body: ping, want: http.StatusNotFound},
		{name: "unsupported version", method: http.MethodPost, headers: map[string]string{"MCP-Protocol-Version": "1999-01-01"}, body: ping, want: http.StatusBadRequest},
		{name: "no GET stream", method: http.MethodGet, want: http.StatusMethodNotAllowed},
		{name: "DELETE of an unknown session", method: http.MethodDelete, headers: map[string]string{"Mcp-Session-Id": "nope"}, want: http.StatusNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, web.URL, strings.NewReader(tc.body))
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("%s, want %d", resp.Status, tc.want)
			}
		})
	}
}

func TestEndpointServesBothFramings(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(ServerOptions{Stack: workload.Optimised})
	e := NewEndpoint(srv, l, "/mcp")
	served := make(chan error, 1)
	go func() { served <- e.Serve() }()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	dials := map[string]func() (transport.Conn, error){
		"tcp": func() (transport.Conn, error) {
			return transport.DialTCP(ctx, l.Addr().String(), transport.StreamOptions{})
		},
		"http": func() (transport.Conn, error) {
			return transport.DialHTTP(ctx, "http://"+l.Addr().String()+"/mcp", transport.HTTPOptions{})
		},
	}
	for name, dial := range dials {
		conn, err := dial()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cl, err := NewClient(ctx, conn, ClientOptions{Stack: workload.Optimised})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := cl.Call(ctx, &codec.Request{Method: codec.MethodPing}); err != nil {
			t.Errorf("%s: ping: %v", name, err)
		}
		defer cl.Close()
	}
	if err := e.Shutdown(ctx); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if err := <-served; err != ErrServerClosed {
		t.Errorf("Serve returned %v, want ErrServerClosed", err)
	}
}
