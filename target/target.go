package target

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/proc"
	"github.com/mcptop/mcptop/transport"
)

// abortGrace is how long a child that failed to start, or whose start was
// cancelled, gets between SIGTERM and SIGKILL: it has no session to save.
const abortGrace = 200 * time.Millisecond

// Target is one or two MCP servers under measurement, kept running across
// the workload's runs: a new run (a depth change, say) reuses a server that
// is healthy, and restarts one that exited, broke its connection or let a
// request time out, so the dashboard's reset brings a dead server back.
// Nothing starts until the first instance is built (or Start); Close ends
// the children, and aborts a start under way.
type Target struct {
	cfg    Config
	call   loadCall
	header http.Header
	sides  [2]*side
	aa     bool // no B: both variants are instances of A
	ctx    context.Context
	cancel context.CancelFunc

	mu          sync.Mutex // the sides' sessions, labels and closed
	labels      [2]string
	closed      bool
	coldChecked bool // cold start: both servers have been checked
	logsRemoved bool
	// failed: a server failed a request, exited, broke its connection or
	// could not start; its stderr log is then kept at Close.
	failed atomic.Bool
}

// side is one variant's server.
type side struct {
	name    string // "A", "B", or "A'" for A's second instance
	ep      endpoint
	logPath string
	label   string // as the dashboard shows it, once started
	pid     int    // Config.ServerPID: the process to read, if any

	sessions  []*session
	unhealthy bool // a request timed out in its last run
	inUse     bool // an instance drives its sessions
	info      codec.Implementation
	meter     *proc.Meter // of pid
}

// session is one MCP session with a side's server: a client, and the
// child that serves it when the server is a command.
type session struct {
	client *mcpwire.Client
	conn   transport.Conn // the client's
	child  *proc.Child
	meter  *proc.Meter // of child
}

// Prepare checks cfg and readies the servers' stderr logs; nothing starts
// yet. ctx bounds the target's life: when it ends, so does a start under
// way.
func Prepare(ctx context.Context, cfg Config) (*Target, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults(os.TempDir())
	call, _ := parseCall(cfg.Call, cfg.Args, cfg.ArgsFor...)
	header, _ := parseHeaders(cfg.Headers)
	t := &Target{cfg: cfg, call: call, header: header, aa: cfg.B == "" && cfg.DialB == nil}
	t.ctx, t.cancel = context.WithCancel(ctx)
	if err := t.makeSides(); err != nil {
		t.failed.Store(true) // the logs say why
		t.Close()
		return nil, err
	}
	for v, s := range t.sides {
		t.labels[v] = s.labelFor(v, cfg, t.aa)
	}
	return t, nil
}

// New is Prepare and Start with one session per server: it starts (or
// connects to) the servers, runs initialize on each, and checks that a
// tools/call target's tool exists, giving up when ctx ends or after
// StartTimeout. On failure nothing is left running.
func New(ctx context.Context, cfg Config) (*Target, error) {
	t, err := Prepare(context.Background(), cfg)
	if err != nil {
		return nil, err
	}
	if err := t.Start(ctx, 1); err != nil {
		t.Close()
		return nil, err
	}
	return t, nil
}

// Failed reports whether a server has failed: a request failed or timed
// out, a server exited, broke its connection or could not start.
func (t *Target) Failed() bool { return t.failed.Load() }

// makeSides parses the two variants' servers and creates the stderr log of
// each command.
func (t *Target) makeSides() error {
	epA, _ := parseEndpoint("A", t.cfg.A, t.cfg.DialA)
	epB := epA
	names := [2]string{"A", "A'"}
	pids := t.cfg.ServerPID
	if t.aa {
		pids[1] = pids[0] // the same server
	} else {
		epB, _ = parseEndpoint("B", t.cfg.B, t.cfg.DialB)
		names[1] = "B"
	}
	for v, ep := range [2]endpoint{epA, epB} {
		s := &side{name: names[v], ep: ep, pid: pids[v]}
		t.sides[v] = s
		if s.pid != 0 {
			s.meter = proc.NewMeter(s.pid)
		}
		if ep.kind != kindCommand {
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

// labelFor is the dashboard's name for the side's server: the label given,
// else its serverInfo once known, else what it is (a command's program, a
// URL).
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

// Start makes sure both servers run with n sessions each, starting (or
// restarting) what is not healthy, both sides at once, each bounded by
// StartTimeout and ctx. It sets the labels from the servers' serverInfo.
func (t *Target) Start(ctx context.Context, n int) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.ensure(ctx, n)
}

// ensure is Start with t.mu held.
func (t *Target) ensure(ctx context.Context, n int) error {
	if t.closed {
		return errors.New("target: closed")
	}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for v, s := range t.sides {
		if s.healthy(n) {
			continue
		}
		if s.broken() {
			t.failed.Store(true) // it died, broke its connection or timed out
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.stop(t.cfg.Grace)
			errs[v] = t.startSide(ctx, s, n)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	t.setLabels()
	return nil
}

// setLabels names the variants after what their servers said in
// initialize; t.mu is held.
func (t *Target) setLabels() {
	for v, s := range t.sides {
		t.labels[v] = s.labelFor(v, t.cfg, t.aa)
	}
	if !t.aa && t.labels[0] == t.labels[1] {
		// Two servers that say the same name: tell them apart.
		t.labels[0] += " (A)"
		t.labels[1] += " (B)"
	}
	for v, s := range t.sides {
		s.label = t.labels[v]
	}
}

// startSide starts n sessions with the side's server, at once, and checks
// the tool on the first. On failure it stops what started.
func (t *Target) startSide(ctx context.Context, s *side, n int) error {
	ctx, cancel := t.startContext(ctx)
	defer cancel()
	t.cfg.Progress(fmt.Sprintf("starting server %s (%s)…", s.name, s.ep.desc))
	sessions := make([]*session, n)
	ready := make([]time.Duration, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sessions[i], ready[i], errs[i] = t.connect(ctx, s)
		}()
	}
	wg.Wait()
	for _, ss := range sessions {
		if ss != nil {
			s.sessions = append(s.sessions, ss)
		}
	}
	err := joinDistinct(errs)
	if err == nil {
		s.info = s.sessions[0].client.ServerInfo()
		err = t.checkTool(ctx, s.sessions[0].client, s.name)
	}
	if err != nil {
		t.failed.Store(true) // the logs say why
		s.stop(abortGrace)
		return err
	}
	t.reportReady(s, ready)
	return nil
}

// joinDistinct joins the errors that say different things: sessions that
// fail to start tend to fail alike.
func joinDistinct(errs []error) error {
	var out []error
	seen := map[string]bool{}
	for _, err := range errs {
		if err != nil && !seen[err.Error()] {
			seen[err.Error()] = true
			out = append(out, err)
		}
	}
	return errors.Join(out...)
}

// startContext bounds a start by StartTimeout, ctx and the target's life.
func (t *Target) startContext(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(ctx, t.cfg.StartTimeout)
	stop := context.AfterFunc(t.ctx, cancel)
	return ctx, func() {
		stop()
		cancel()
	}
}

// reportReady tells Progress, and each child's log, how long the side's
// sessions took from spawn (or dial) to initialized.
func (t *Target) reportReady(s *side, ready []time.Duration) {
	slowest := ready[0]
	for _, r := range ready {
		slowest = max(slowest, r)
	}
	for i, ss := range s.sessions {
		if ss.child != nil {
			ss.child.Note(fmt.Sprintf("ready after %v (spawn to initialized)", ready[i].Round(time.Microsecond)))
		}
	}
	what := "ready"
	if len(ready) > 1 {
		what = fmt.Sprintf("%d sessions ready, the slowest", len(ready))
	}
	t.cfg.Progress(fmt.Sprintf("server %s %s in %v (spawn or connect to initialized)", s.name, what, slowest.Round(time.Microsecond)))
}

// checkTool makes sure the tools a call makes are listed by the server.
func (t *Target) checkTool(ctx context.Context, cl *mcpwire.Client, name string) error {
	want := t.call.tools()
	if len(want) == 0 {
		return nil
	}
	names, err := listTools(ctx, cl)
	if err != nil {
		return fmt.Errorf("target %s: %w", name, err)
	}
	for _, tool := range want {
		if !slices.Contains(names, tool) {
			return fmt.Errorf("target %s has no tool %q (it has: %s)", name, tool, strings.Join(names, ", "))
		}
	}
	return nil
}

// listTools returns the names of the server's tools, every page of them.
func listTools(ctx context.Context, cl *mcpwire.Client) ([]string, error) {
	var names []string
	req := codec.Request{Method: codec.MethodListTools}
	for page := 0; page < 100; page++ {
		resp, err := cl.Call(ctx, &req)
		if err != nil {
			return nil, fmt.Errorf("tools/list: %w", err)
		}
		if resp.Error != nil {
			return nil, fmt.Errorf("tools/list: %w", resp.Error)
		}
		for _, tool := range resp.ListTools.Tools {
			names = append(names, tool.Name)
		}
		if resp.ListTools.NextCursor == "" {
			break
		}
		req.Params = codec.ParamsObject
		req.ListTools.Cursor = resp.ListTools.NextCursor
	}
	return names, nil
}

// healthy reports whether the side's server can take the next run as it
// is, with n sessions.
func (s *side) healthy(n int) bool { return len(s.sessions) == n && !s.broken() }

// broken reports whether the side's server failed since it started: a
// request timed out, or a session ended.
func (s *side) broken() bool {
	if s.unhealthy {
		return true
	}
	for _, ss := range s.sessions {
		select {
		case <-ss.client.Done():
			return true
		default:
		}
	}
	return false
}

// stop closes the side's clients and ends its children.
func (s *side) stop(grace time.Duration) {
	var wg sync.WaitGroup
	for _, ss := range s.sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ss.stop(grace)
		}()
	}
	wg.Wait()
	s.sessions, s.unhealthy = nil, false
}

// stop closes the session's client and ends its child.
func (ss *session) stop(grace time.Duration) {
	if ss.client != nil {
		ss.client.Close()
	}
	if ss.child != nil {
		ss.child.Terminate(grace)
	}
}

// Labels returns the dashboard labels of the two variants: the servers'
// names once they have started.
func (t *Target) Labels() [2]string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.labels
}

// Names returns what the servers are called in messages, by variant: A
// and B, or A and A' for two instances of A.
func (t *Target) Names() [2]string { return [2]string{t.sides[0].name, t.sides[1].name} }

// Logs returns the stderr log paths of the child servers (empty for a
// server mcptop does not start), by variant.
func (t *Target) Logs() [2]string { return [2]string{t.sides[0].logPath, t.sides[1].logPath} }

// Close aborts a start under way, then ends both servers' sessions and
// children, then removes their stderr logs unless Config.KeepLogs is set or
// a server failed (Failed): then the logs are what explains it, and
// LogsKept lists them. It is idempotent.
func (t *Target) Close() error {
	t.cancel()
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
	return t.logFiles()
}

// logFiles lists the stderr logs of the child servers, A's first.
func (t *Target) logFiles() []string {
	var logs []string
	for _, l := range t.Logs() {
		if l != "" {
			logs = append(logs, l)
		}
	}
	return logs
}
