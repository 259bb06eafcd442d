package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// echoArgs are the echo tool's arguments.
type echoArgs struct {
	Text string `json:"text"`
}

// serveSDK runs the official Go SDK's Streamable HTTP handler (answering
// as event streams, its default; as JSON with jsonResponse) on addr, with
// an echo tool, until SIGINT or SIGTERM: a real peer to measure clients
// against, in a process of its own.
func serveSDK(addr string, jsonResponse bool) error {
	srv := mcp.NewServer(&mcp.Implementation{Name: "go-sdk", Version: "1.8.0"}, nil)
	mcp.AddTool(srv, &mcp.Tool{Name: "echo", Description: "returns its text"},
		func(_ context.Context, _ *mcp.CallToolRequest, in echoArgs) (*mcp.CallToolResult, any, error) {
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: in.Text}}}, nil, nil
		})
	h := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, &mcp.StreamableHTTPOptions{JSONResponse: jsonResponse})
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	web := &http.Server{Handler: h}
	fmt.Printf("Go SDK Streamable HTTP server at http://%s/mcp\n", l.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		web.Close()
	}()
	if err := web.Serve(l); err != http.ErrServerClosed {
		return err
	}
	return nil
}
