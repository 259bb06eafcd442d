package target

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/proc"
	"github.com/mcptop/mcptop/transport"
	"github.com/mcptop/mcptop/workload"
)

// Target is one or two MCP servers under measurement, kept running across
// the workload's runs: a new run (a depth change, say) reuses a server that
// is healthy, and restarts one that exited, broke its connection or let a
// request time out, so the dashboard's reset brings a dead server back.
// Close (or proc.KillAll) ends the children.
type Target struct {
	cfg    Config
	call   loadCall
	sides  [2]*side
	labels [2]string
	aa     bool // no B: both variants are instances of A

	mu     sync.Mutex
	closed bool
	// failed: a server failed a request, exited, broke its connection or
	// could not start; its stderr log is then kept at Close.
	failed      atomic.Bool
	logsRemoved bool
}

// side is one variant's server.
type side struct {
	name    string // "A", "B", or "A'" for A's second instance
	ep      endpoint
	logPath string
	label   string // as the dashboard shows it

	client    *mcpwire.Client
	child     *proc.Child
	unhealthy bool // a request timed out in its last run
	info      codec.Implementation
}

// New starts (or connects to) the configured servers, runs initialize on
// each, and checks that a tools/call target's tool exists, giving up when
// ctx ends or after StartTimeout. On failure nothing is left running.
func New(ctx context.Context, cfg Config) (*Target, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults(os.TempDir())
	call, _ := parseCall(cfg.Call, cfg.Args)
	t := &Target{cfg: cfg, call: call, aa: cfg.B == "" && cfg.DialB == nil}
	abandon := func(err error) (*Target, error) {
		t.failed.Store(true) // the logs say why
		t.Close()
		return nil, err
	}
	if err := t.makeSides(); err != nil {
		return abandon(err)
	}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for v, s := range t.sides {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[v] = t.connect(ctx, s)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return abandon(err)
	}
	for v, s := range t.sides {
		if err := t.checkTool(ctx, s); err != nil {
			return abandon(err)
		}
		t.labels[v] = s.labelFor(v, cfg, t.aa)
	}
	if !t.aa && t.labels[0] == t.labels[1] {
		// Two servers that say the same name: tell them apart.
		t.labels[0] += " (A)"
		t.labels[1] += " (B)"
	}
	for v, s := range t.sides {
		s.label = t.labels[v]
	}
	return t, nil
}

// makeSides parses the two variants' servers and creates the stderr log of
// each command.
func (t *Target) makeSides() error {
	epA, _ := parseEndpoint("A", t.cfg.A, t.cfg.DialA)
	epB := epA
	names := [2]string{"A", "A'"}
	if !t.aa {
		epB, _ = parseEndpoint("B", t.cfg.B, t.cfg.DialB)
		names[1] = "B"
	}
	for v, ep := range [2]endpoint{epA, epB} {
		s := &side{name: names[v], ep: ep}
		t.sides[v] = s
		if ep.argv == nil {
			continue
		}
		f, err := os.CreateTemp(t.cfg.LogDir, "mcptop-target-"+strings.Trim(strings.ToLower(names[v]), "'")+"-*.log")
		if err != nil {
			return fmt.Errorf("target %s: stderr log: %w", names[v], err)
		}
		s.logPath = f.Name()
		f.Close()
	}
	return nil
}

// labelFor is the dashboard's name for the side's server.
func (s *side) labelFor(v int, cfg Config, aa bool) string {
	l := cfg.LabelA
	if v == 1 && !aa {
		l = cfg.LabelB
	}
	if l == "" {
		l = strings.TrimSpace(s.info.Name + " " + s.info.Version)
	}
	if l == "" && s.ep.argv != nil {
		l = filepath.Base(s.ep.argv[0])
	}
	if l == "" {
		l = s.ep.desc
	}
	if aa {
		l += " (" + s.name + ")"
	}
	return l
}

// connect starts or dials the side's server and initializes a client.
func (t *Target) connect(ctx context.Context, s *side) error {
	ctx, cancel := context.WithTimeout(ctx, StartTimeout)
	defer cancel()
	conn, describe, ch, err := t.open(ctx, s)
	if err != nil {
		return fmt.Errorf("target %s (%s): %w", s.name, s.ep.desc, err)
	}
	opts := mcpwire.ClientOptions{
		Stack: workload.Optimised, Method: t.call.method, Timeout: t.cfg.Timeout, Describe: describe,
		Load: mcpwire.LoadSpec{Encoder: &t.call.enc, Check: t.call.check, Depth: mcpwire.MaxDepth},
	}
	cl, err := mcpwire.NewClient(ctx, conn, opts)
	if err != nil {
		if ch != nil {
			ch.Terminate(t.cfg.Grace)
			if se := (*ServerError)(nil); !errors.As(err, &se) {
				err = &ServerError{Server: s.name, Status: ch.Status(), Stderr: ch.StderrTail(), Log: ch.Log(), Err: err}
			}
		}
		return fmt.Errorf("target %s (%s): %w", s.name, s.ep.desc, err)
	}
	s.client, s.child, s.unhealthy = cl, ch, false
	s.info = cl.ServerInfo()
	return nil
}

// open starts or dials the side's server and returns the connection, what
// explains its end (nil for a dialled Conn), and the child, if one started.
func (t *Target) open(ctx context.Context, s *side) (transport.Conn, func(error) error, *proc.Child, error) {
	so := transport.StreamOptions{MaxMessage: t.cfg.MaxMessage, WriteTimeout: t.cfg.Timeout}
	switch {
	case s.ep.dial != nil:
		conn, err := s.ep.dial(ctx)
		return conn, nil, nil, err
	case s.ep.addr != "":
		conn, err := transport.DialTCP(ctx, s.ep.addr, so)
		if err != nil {
			return nil, nil, nil, err
		}
		describe := func(err error) error {
			return &ServerError{Server: s.name, Status: "at " + s.ep.addr, Err: err}
		}
		return conn, describe, nil, nil
	default:
		ch, err := proc.Start(s.ep.argv, s.logPath)
		if err != nil {
			return nil, nil, nil, err
		}
		return transport.NewStream(ch.Stdio(), so), describeChild(ch, s.name), ch, nil
	}
}

// checkTool makes sure a tools/call target's tool is listed by the server.
func (t *Target) checkTool(ctx context.Context, s *side) error {
	if t.call.tool == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, StartTimeout)
	defer cancel()
	var names []string
	req := codec.Request{Method: codec.MethodListTools}
	for page := 0; page < 100; page++ {
		resp, err := s.client.Call(ctx, &req)
		if err != nil {
			return fmt.Errorf("target %s: tools/list: %w", s.name, err)
		}
		if resp.Error != nil {
			return fmt.Errorf("target %s: tools/list: %w", s.name, resp.Error)
		}
		for _, tool := range resp.ListTools.Tools {
			if tool.Name == t.call.tool {
				return nil
			}
			names = append(names, tool.Name)
		}
		if resp.ListTools.NextCursor == "" {
			break
		}
		req.Params = codec.ParamsObject
		req.ListTools.Cursor = resp.ListTools.NextCursor
	}
	return fmt.Errorf("target %s has no tool %q (it has: %s)", s.name, t.call.tool, strings.Join(names, ", "))
}

// healthy reports whether the side's server can take the next run as it is.
func (s *side) healthy() bool {
	if s.client == nil || s.unhealthy {
		return false
	}
	select {
	case <-s.client.Done():
		return false
	default:
		return true
	}
}

// stop closes the side's client and ends its child.
func (s *side) stop(grace time.Duration) {
	if s.client != nil {
		s.client.Close()
	}
	if s.child != nil {
		s.child.Terminate(grace)
	}
	s.client, s.child = nil, nil
}

// Labels returns the dashboard labels of the two variants.
func (t *Target) Labels() [2]string { return t.labels }

// Logs returns the stderr log paths of the child servers (empty for a TCP
// or dialled server), by variant.
func (t *Target) Logs() [2]string { return [2]string{t.sides[0].logPath, t.sides[1].logPath} }

// Failed reports whether a server has failed: a request failed or timed
// out, a server exited, broke its connection or could not start.
func (t *Target) Failed() bool { return t.failed.Load() }

// Close ends both servers' connections and children, then removes their
// stderr logs unless Config.KeepLogs is set or a server failed (Failed):
// then the logs are what explains it, and LogsKept lists them. It is
// idempotent.
func (t *Target) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
	var wg sync.WaitGroup
	for _, s := range t.sides {
		if s == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.stop(t.cfg.Grace)
		}()
	}
	wg.Wait()
	if t.cfg.KeepLogs || t.failed.Load() || t.logsRemoved {
		return nil
	}
	t.logsRemoved = true
	var errs []error
	for _, s := range t.sides {
		if s != nil && s.logPath != "" {
			if err := os.Remove(s.logPath); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// LogsKept lists the stderr logs that are still there after Close (all of
// them before it): none when Close removed them.
func (t *Target) LogsKept() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.logsRemoved {
		return nil
	}
	var logs []string
	for _, l := range t.Logs() {
		if l != "" {
			logs = append(logs, l)
		}
	}
	return logs
}
