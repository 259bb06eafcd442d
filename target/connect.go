package target

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/proc"
	"github.com/mcptop/mcptop/transport"
	"github.com/mcptop/mcptop/workload"
)

// connect opens one session with the side's server: it starts the child or
// dials, and initializes a client with the optimised stack. It returns the
// session and how long it took, from spawn (or dial) to initialized. A
// child that fails to start is ended.
func (t *Target) connect(ctx context.Context, s *side) (*session, time.Duration, error) {
	t0 := time.Now()
	conn, describe, ch, err := t.open(ctx, s)
	if err != nil {
		return nil, 0, fmt.Errorf("target %s (%s): %w", s.name, s.ep.desc, t.startError(ctx, err))
	}
	opts := mcpwire.ClientOptions{
		Stack: workload.Optimised, Method: t.call.method, Timeout: t.cfg.Timeout, Describe: describe,
		Load: mcpwire.LoadSpec{Encoder: &t.call.enc, Check: t.call.check, Depth: mcpwire.MaxDepth, Kinds: t.call.kinds()},
	}
	cl, err := mcpwire.NewClient(ctx, conn, opts)
	if err != nil {
		err = t.startError(ctx, err)
		if ch != nil {
			status := ch.Status() // before it is ended: "still running (pid 42)"
			ch.Terminate(abortGrace)
			if se := (*ServerError)(nil); !errors.As(err, &se) {
				err = &ServerError{Server: s.name, Status: status, Stderr: ch.StderrTail(), Log: ch.Log(), Err: err}
			}
		}
		return nil, 0, fmt.Errorf("target %s (%s): %w", s.name, s.ep.desc, err)
	}
	ss := &session{client: cl, conn: conn, child: ch}
	if ch != nil {
		ss.meter = proc.NewMeter(ch.Pid())
	}
	return ss, time.Since(t0), nil
}

// startError says plainly why a start ended early: the start timeout, or
// the target closing.
func (t *Target) startError(ctx context.Context, err error) error {
	switch {
	case t.ctx.Err() != nil:
		return fmt.Errorf("start cancelled: %w", err)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("not ready within the start timeout of %v: %w", t.cfg.StartTimeout, err)
	}
	return err
}

// open starts or dials the side's server and returns the connection, what
// explains its end, and the child, if one started.
func (t *Target) open(ctx context.Context, s *side) (transport.Conn, func(error) error, *proc.Child, error) {
	remote := func(err error) error {
		return &ServerError{Server: s.name, Status: "at " + s.ep.desc, Err: err}
	}
	ho := transport.HTTPOptions{Header: t.header, Insecure: t.cfg.Insecure, MaxMessage: t.cfg.MaxMessage}
	var (
		conn transport.Conn
		err  error
	)
	switch s.ep.kind {
	case kindDial:
		conn, err := s.ep.dial(ctx)
		return conn, nil, nil, err
	case kindTCP:
		conn, err = transport.DialTCP(ctx, s.ep.addr, transport.StreamOptions{MaxMessage: t.cfg.MaxMessage, WriteTimeout: t.cfg.Timeout})
	case kindHTTP:
		conn, err = transport.DialHTTP(ctx, s.ep.addr, ho)
	case kindSSE:
		conn, err = transport.DialSSE(ctx, s.ep.addr, ho)
	default:
		ch, err := proc.Start(s.ep.argv, s.logPath)
		if err != nil {
			return nil, nil, nil, err
		}
		so := transport.StreamOptions{MaxMessage: t.cfg.MaxMessage, WriteTimeout: t.cfg.Timeout}
		return transport.NewStream(ch.Stdio(), so), describeChild(ch, s.name), ch, nil
	}
	if err != nil {
		return nil, nil, nil, err
	}
	return conn, remote, nil, nil
}
