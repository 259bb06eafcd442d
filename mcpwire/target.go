package mcpwire

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/workload"
)

// Defaults of a TargetConfig.
const (
	DefaultTargetTimeout = time.Second
	DefaultTargetDepth   = 32
	// StartTimeout bounds starting (or dialling) a server and its
	// initialize; npx may have to fetch the package first.
	StartTimeout = 60 * time.Second
)

// TargetConfig says which MCP servers the target workload measures and what
// it calls.
type TargetConfig struct {
	// A is the server measured: a command line started as a stdio child
	// ("npx -y @modelcontextprotocol/server-everything"; split like a shell
	// splits words, with quotes and backslashes, but nothing else of a shell),
	// or tcp://HOST:PORT.
	A string
	// B, optional, is a second server: A is then the baseline variant and B
	// the optimised one. Without B, both variants run against their own
	// instance of A (an A/A run; the ratio shows the noise floor).
	B string
	// LabelA and LabelB name the servers; the default is the serverInfo
	// name and version each gives in initialize.
	LabelA, LabelB string
	// Call is the load: "ping" (default), "tools/call:NAME", or another
	// method name.
	Call string
	// Args is a JSON object: the tool's arguments for tools/call:NAME
	// (default {}), or the params of another method (default none).
	Args string
	// Timeout turns a request without response into an error; default 1s.
	Timeout time.Duration
	// Grace is how long a child gets between SIGTERM and SIGKILL; default 2s.
	Grace time.Duration
	// LogDir is where the children's stderr logs go; default os.TempDir().
	LogDir string
	// MaxLine bounds one message from a server; 0 means DefaultMaxLine.
	MaxLine int
	// DialA and DialB, when set, replace A and B: they open the stream to
	// the server (an in-process server in tests, or a transport of the
	// embedding program's).
	DialA, DialB func(ctx context.Context) (io.ReadWriteCloser, error)
}

// target is a parsed server address.
type endpoint struct {
	argv []string // a command, or
	addr string   // a TCP address, or
	dial func(ctx context.Context) (io.ReadWriteCloser, error)
	desc string // as given
}

func parseEndpoint(s string, dial func(context.Context) (io.ReadWriteCloser, error)) (endpoint, error) {
	if dial != nil {
		return endpoint{dial: dial, desc: "in-process"}, nil
	}
	if addr, ok := strings.CutPrefix(s, "tcp://"); ok {
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return endpoint{}, fmt.Errorf("target %q: %w", s, err)
		}
		return endpoint{addr: addr, desc: s}, nil
	}
	argv, err := SplitCommand(s)
	if err != nil {
		return endpoint{}, fmt.Errorf("target %q: %w", s, err)
	}
	if len(argv) == 0 {
		return endpoint{}, fmt.Errorf("target: empty command")
	}
	return endpoint{argv: argv, desc: s}, nil
}

// loadCall is the parsed Call and Args.
type loadCall struct {
	method string
	tool   string // for tools/call
	enc    templateEncoder
}

func parseCall(call, args string) (loadCall, error) {
	if call == "" {
		call = codec.MethodPing
	}
	lc := loadCall{method: call}
	if tool, ok := strings.CutPrefix(call, codec.MethodCallTool+":"); ok {
		if tool == "" {
			return loadCall{}, errors.New("--call tools/call:NAME needs a tool name")
		}
		lc.method, lc.tool = codec.MethodCallTool, tool
		if args == "" {
			args = "{}"
		}
	}
	switch {
	case lc.method == codec.MethodCallTool && lc.tool == "":
		return loadCall{}, errors.New("--call tools/call needs a tool: tools/call:NAME")
	case lc.method == codec.MethodInitialize || strings.HasPrefix(lc.method, "notifications/"):
		return loadCall{}, fmt.Errorf("--call %s: not a request the load can repeat", lc.method)
	case strings.ContainsAny(lc.method, "\"\\\n") || strings.TrimSpace(lc.method) != lc.method:
		return loadCall{}, fmt.Errorf("--call %q: not a method name", lc.method)
	}
	var params []byte
	if args != "" {
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(args)); err != nil {
			return loadCall{}, fmt.Errorf("--args: not JSON: %w", err)
		}
		if buf.Len() == 0 || buf.Bytes()[0] != '{' {
			return loadCall{}, errors.New("--args must be a JSON object")
		}
		params = buf.Bytes()
	}
	method, _ := json.Marshal(lc.method)
	lc.enc.prefix = []byte(`{"jsonrpc":"2.0","id":`)
	suffix := append([]byte(`,"method":`), method...)
	switch {
	case lc.tool != "":
		name, _ := json.Marshal(lc.tool)
		suffix = append(suffix, `,"params":{"name":`...)
		suffix = append(suffix, name...)
		suffix = append(suffix, `,"arguments":`...)
		suffix = append(suffix, params...)
		suffix = append(suffix, '}')
	case params != nil:
		suffix = append(suffix, `,"params":`...)
		suffix = append(suffix, params...)
	}
	lc.enc.suffix = append(suffix, '}')
	return lc, nil
}

// check judges a load response: a tool result with isError set is an error.
func (lc *loadCall) check(resp *codec.Response) error {
	if resp.Result == codec.ResultCallTool && resp.CallTool.IsError {
		text := ""
		for _, c := range resp.CallTool.Content {
			if c.Type == "text" {
				text = c.Text
				break
			}
		}
		return fmt.Errorf("tool %s returned isError: %s", lc.tool, clip([]byte(text), 120))
	}
	return nil
}

// Validate checks the configuration without starting anything.
func (cfg *TargetConfig) Validate() error {
	if cfg.A == "" && cfg.DialA == nil {
		return errors.New("no target server: --target is empty")
	}
	if _, err := parseEndpoint(cfg.A, cfg.DialA); err != nil {
		return err
	}
	if cfg.B != "" || cfg.DialB != nil {
		if _, err := parseEndpoint(cfg.B, cfg.DialB); err != nil {
			return err
		}
	}
	if cfg.Timeout < 0 || cfg.Grace < 0 {
		return errors.New("target timeout and grace must not be negative")
	}
	_, err := parseCall(cfg.Call, cfg.Args)
	return err
}

// Target is one or two MCP servers under measurement, kept running across
// the workload's runs: a new run (a depth change, say) reuses a server that
// is healthy, and restarts one that exited, broke its connection or let a
// request time out, so the dashboard's reset brings a dead server back.
// Close (or KillChildren) ends the children.
type Target struct {
	cfg    TargetConfig
	call   loadCall
	sides  [2]*side
	labels [2]string
	aa     bool // no B: both variants are instances of A

	mu     sync.Mutex
	closed bool
}

// side is one variant's server.
type side struct {
	name    string // "A", "B", or "A'" for A's second instance
	ep      endpoint
	logPath string
	label   string // as the dashboard shows it

	client    *Client
	child     *child
	unhealthy bool // a request timed out in its last run
	info      codec.Implementation
}

// NewTarget starts (or connects to) the configured servers, runs initialize
// on each, and checks that a tools/call target's tool exists, giving up when
// ctx ends or after StartTimeout. On failure nothing is left running.
func NewTarget(ctx context.Context, cfg TargetConfig) (*Target, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTargetTimeout
	}
	if cfg.Grace == 0 {
		cfg.Grace = DefaultGrace
	}
	if cfg.LogDir == "" {
		cfg.LogDir = os.TempDir()
	}
	call, _ := parseCall(cfg.Call, cfg.Args)
	t := &Target{cfg: cfg, call: call}
	epA, _ := parseEndpoint(cfg.A, cfg.DialA)
	epB := epA
	t.aa = cfg.B == "" && cfg.DialB == nil
	if !t.aa {
		epB, _ = parseEndpoint(cfg.B, cfg.DialB)
	}
	names := [2]string{"A", "B"}
	if t.aa {
		names[1] = "A'"
	}
	for v, ep := range [2]endpoint{epA, epB} {
		s := &side{name: names[v], ep: ep}
		if ep.argv != nil {
			f, err := os.CreateTemp(cfg.LogDir, "mcptop-target-"+strings.Trim(strings.ToLower(names[v]), "'")+"-*.log")
			if err != nil {
				t.Close()
				return nil, fmt.Errorf("target %s: stderr log: %w", names[v], err)
			}
			s.logPath = f.Name()
			f.Close()
		}
		t.sides[v] = s
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
		t.Close()
		return nil, err
	}
	for v, s := range t.sides {
		if err := t.checkTool(ctx, s); err != nil {
			t.Close()
			return nil, err
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

// labelFor is the dashboard's name for the side's server.
func (s *side) labelFor(v int, cfg TargetConfig, aa bool) string {
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
	var (
		rwc      io.ReadWriteCloser
		describe func(error) error
		ch       *child
		err      error
	)
	switch {
	case s.ep.dial != nil:
		rwc, err = s.ep.dial(ctx)
	case s.ep.addr != "":
		var d net.Dialer
		rwc, err = d.DialContext(ctx, "tcp", s.ep.addr)
		describe = func(err error) error {
			return &ServerError{Server: s.name, Status: "at " + s.ep.addr, Err: err}
		}
	default:
		ch, err = startChild(s.ep.argv, s.logPath)
		if err == nil {
			rwc = ch.stream()
			describe = ch.describer(s.name)
		}
	}
	if err != nil {
		return fmt.Errorf("target %s (%s): %w", s.name, s.ep.desc, err)
	}
	opts := ClientOptions{Stack: workload.Optimised, Method: t.call.method, MaxLine: t.cfg.MaxLine, Timeout: t.cfg.Timeout}
	spec := loadSpec{enc: &t.call.enc, check: t.call.check, slots: MaxDepth}
	cl, err := newClient(ctx, rwc, opts, spec, describe)
	if err != nil {
		if ch != nil {
			ch.terminate(t.cfg.Grace)
			if se := (*ServerError)(nil); !errors.As(err, &se) {
				err = &ServerError{Server: s.name, Status: ch.status(), Stderr: ch.tail(), Log: ch.logPath, Err: err}
			}
		}
		return fmt.Errorf("target %s (%s): %w", s.name, s.ep.desc, err)
	}
	s.client, s.child, s.unhealthy = cl, ch, false
	s.info = cl.ServerInfo()
	return nil
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

// stop closes the side's client and ends its child.
func (s *side) stop(grace time.Duration) {
	if s.client != nil {
		s.client.Close()
	}
	if s.child != nil {
		s.child.terminate(grace)
	}
	s.client, s.child = nil, nil
}

// Labels returns the dashboard labels of the two variants.
func (t *Target) Labels() [2]string { return t.labels }

// Logs returns the stderr log paths of the child servers (empty for a TCP
// or dialled server), by variant.
func (t *Target) Logs() [2]string { return [2]string{t.sides[0].logPath, t.sides[1].logPath} }

// Close ends both servers' connections and children. It is idempotent.
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
	return nil
}

// Workload is the target workload: depth requests in flight to the
// variant's server, each round trip timed from issue to the worker seeing the
// response. One connection per server, driven by worker 0; further workers
// are idle. JSON-RPC errors, isError results, timeouts and a dead server
// count as failed operations; a dead server's error carries its exit status
// and the tail of its stderr. Building a new instance (every new run, and the
// dashboard's reset) restarts a server that is not healthy.
func (t *Target) Workload() workload.Workload {
	what := t.cfg.Call
	if what == "" {
		what = codec.MethodPing
	}
	desc := fmt.Sprintf("%s round trips: A = %s", what, t.sides[0].ep.desc)
	if t.aa {
		desc += ", run twice (A/A: the ratio shows the noise floor)"
	} else {
		desc += ", B = " + t.sides[1].ep.desc
	}
	var logs []string
	for _, l := range t.Logs() {
		if l != "" {
			logs = append(logs, l)
		}
	}
	if len(logs) > 0 {
		desc += "; stderr in " + strings.Join(logs, ", ")
	}
	return workload.Workload{
		Name:        "target",
		Description: desc,
		Labels:      t.labels,
		Params:      []workload.Param{TargetDepthParam()},
		New:         t.newInstance,
	}
}

// TargetDepthParam is the target workload's one parameter.
func TargetDepthParam() workload.Param {
	return workload.Param{Name: "depth", Help: "requests in flight to the server", Unit: "reqs", Default: DefaultTargetDepth, Min: 1, Max: MaxDepth}
}

func (t *Target) newInstance(v workload.Variant, p workload.Params) (workload.Instance, error) {
	depth := p["depth"]
	if depth < 1 || depth > MaxDepth {
		return nil, fmt.Errorf("target: depth must be between 1 and %d, got %d", MaxDepth, depth)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil, errors.New("target: closed")
	}
	s := t.sides[v]
	if s.client == nil || s.unhealthy || s.client.dead.Load() {
		s.stop(t.cfg.Grace)
		if err := t.connect(context.Background(), s); err != nil {
			return nil, err
		}
	}
	w := &loadWorker{depth: depth, timeout: t.cfg.Timeout, clients: []*Client{s.client}, labels: []string{"server " + s.name}}
	return &targetInstance{t: t, s: s, w: w}, nil
}

type targetInstance struct {
	t *Target
	s *side
	w *loadWorker
}

// Worker returns the pipeline for worker 0 and an idle one for the others.
func (in *targetInstance) Worker(i int) workload.Worker {
	if i == 0 {
		return in.w
	}
	return &loadWorker{}
}

// BytesPerOp is 0: a server's response size is not known in advance.
func (in *targetInstance) BytesPerOp() int64 { return 0 }

// Close keeps the server for the next run, marking it for a restart if a
// request timed out.
func (in *targetInstance) Close() error {
	in.w.close()
	in.t.mu.Lock()
	if in.w.expired > 0 {
		in.s.unhealthy = true
	}
	in.t.mu.Unlock()
	return nil
}

// TargetSpec is the target workload without servers, for registering its
// parameters (depth) and name before the flags are parsed. Its New fails:
// replace it with Target.Workload once NewTarget has started the servers.
func TargetSpec() workload.Workload {
	return workload.Workload{
		Name:        "target",
		Description: "round trips to real MCP servers (needs --target)",
		Labels:      [2]string{"A", "B"},
		Params:      []workload.Param{TargetDepthParam()},
		New: func(workload.Variant, workload.Params) (workload.Instance, error) {
			return nil, errors.New("the target workload needs --target")
		},
	}
}
