package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/transport"
	"github.com/mcptop/mcptop/workload"
)

const serveUsage = `usage: mcptop serve [flags]

Runs mcptop's built-in MCP server (the e2e workload's: initialize, ping,
tools/list, and tools/call of "echo") until SIGINT or SIGTERM, on one port
for both of its transports: newline-delimited JSON (--target tcp://ADDR)
and Streamable HTTP (--target http://ADDR/mcp); with --stdio, on stdin and
stdout instead (--target 'mcptop serve --stdio').

flags:
`

// shutdownWait bounds a graceful shutdown: requests under way may finish.
const shutdownWait = 5 * time.Second

// serve is `mcptop serve`: the built-in server standalone, until ctx ends.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("mcptop serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	listen := fs.String("listen", "127.0.0.1:8080", "HOST:PORT to listen on (port 0 picks a free one)")
	impl := fs.String("impl", workload.Optimised.String(), "server stack: baseline (encoding/json, a write per response) or optimised (easyjson, coalesced writes)")
	path := fs.String("path", "/mcp", "the Streamable HTTP endpoint's path")
	stdio := fs.Bool("stdio", false, "serve one session on stdin and stdout (a stdio server) instead of listening")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(stdout, fs, serveUsage)
			return nil
		}
		return usagef("serve: %w", err)
	}
	if fs.NArg() > 0 {
		return usagef("serve: unexpected argument %q", fs.Arg(0))
	}
	var stack workload.Variant
	switch *impl {
	case "baseline":
		stack = workload.Baseline
	case "optimised", "optimized":
		stack = workload.Optimised
	default:
		return usagef("serve: --impl %q: want baseline or optimised", *impl)
	}
	info := codec.Implementation{Name: "mcptop-serve", Version: version()}
	if *stdio {
		srv := mcpwire.NewServer(mcpwire.ServerOptions{Stack: stack, Info: info})
		stop := context.AfterFunc(ctx, func() { srv.Close() })
		defer stop()
		if err := srv.ServeConn(transport.NewStream(stdioStream{}, transport.StreamOptions{})); err != nil && ctx.Err() == nil {
			return fmt.Errorf("serve: %w", err)
		}
		return nil
	}
	if len(*path) == 0 || (*path)[0] != '/' {
		return usagef("serve: --path %q: want a path starting with /", *path)
	}
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		return usagef("serve: --listen: %w", err)
	}
	srv := mcpwire.NewServer(mcpwire.ServerOptions{Stack: stack, Info: info})
	e := mcpwire.NewEndpoint(srv, l, *path)
	addr := l.Addr().String()
	fmt.Fprintf(stdout, "mcptop serve: the built-in MCP server (%s stack) at tcp://%s and http://%s%s; SIGINT or SIGTERM ends it\n", stack, addr, addr, *path)
	served := make(chan error, 1)
	go func() { served <- e.Serve() }()
	select {
	case <-ctx.Done():
	case err := <-served:
		e.Shutdown(context.Background())
		return fmt.Errorf("serve: %w", err)
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownWait)
	defer cancel()
	err = e.Shutdown(sctx)
	<-served
	fmt.Fprintln(stdout, "mcptop serve: stopped")
	if err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	return nil
}

// stdioStream is the process's stdin and stdout as one stream.
type stdioStream struct{}

func (stdioStream) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdioStream) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdioStream) Close() error                { return os.Stdin.Close() }
