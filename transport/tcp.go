package transport

import (
	"context"
	"net"
)

// DialTCP connects to addr (HOST:PORT) and returns a Stream over the
// connection: newline-delimited JSON-RPC on a socket, which no MCP
// transport defines but which servers built for benchmarks (mcptop's own)
// speak.
func DialTCP(ctx context.Context, addr string, opts StreamOptions) (*Stream, error) {
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err // a *net.OpError says what was dialled and why it failed
	}
	return NewStream(nc, opts), nil
}
