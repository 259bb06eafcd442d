package target

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/proc"
	"github.com/mcptop/mcptop/workload"
)

// Sessions per server: the parameter's bounds and defaults.
const (
	MaxSessions = 64
	// DefaultSessions is the sessions of a command server: one, since each
	// is a process of its own.
	DefaultSessions = 1
	// DefaultRemoteSessions is the sessions of a server reached over the
	// network: enough that mcptop's client, one reader goroutine per
	// session, is not what limits the load.
	DefaultRemoteSessions = 2
)

// Workload is the target workload: depth requests in flight on each of the
// variant's sessions with its server, each round trip timed from issue to
// the worker seeing the response; session j belongs to worker j mod W.
// JSON-RPC errors, isError results, timeouts and a dead server count as
// failed operations; a dead server's error carries its exit status and the
// tail of its stderr. Building an instance (every new run, and the
// dashboard's reset) starts a server that is not running, or not healthy.
// With Call "initialize" an operation is instead a whole session (cold
// start, coldstart.go).
func (t *Target) Workload() workload.Workload {
	desc := fmt.Sprintf("%s round trips: A = %s", t.cfg.Call, t.sides[0].ep.desc)
	if t.call.cold {
		desc = fmt.Sprintf("cold starts (start, initialize, tools/list, end): A = %s", t.sides[0].ep.desc)
	}
	starting := "starting server A (" + t.sides[0].ep.desc + ")"
	if t.aa {
		desc += ", run twice (A/A: the ratio shows the noise floor)"
	} else {
		desc += ", B = " + t.sides[1].ep.desc
		starting = "starting servers A and B"
	}
	if logs := t.logFiles(); len(logs) > 0 {
		desc += "; stderr in " + strings.Join(logs, ", ")
	}
	return workload.Workload{
		Name:        "target",
		Description: desc,
		Params:      append([]workload.Param{DepthParam(), SessionsParam(t.defaultSessions())}, LoadParams()...),
		Settings:    t.settings(),
		Starting:    starting + "…",
	}.WithSides(sideNames, t.Labels(), t.newInstance)
}

// sideNames are the target's two implementations: its servers.
var sideNames = [2]string{"server-a", "server-b"}

// defaultSessions is one per command server, DefaultRemoteSessions when
// every server is reached over the network.
func (t *Target) defaultSessions() int {
	for _, s := range t.sides {
		if s.ep.kind == kindCommand {
			return DefaultSessions
		}
	}
	return DefaultRemoteSessions
}

// LoadParams are the target workload's load model's parameters: closed
// loop (rate 0) by default, or an open loop over every session.
func LoadParams() []workload.Param { return workload.LoadParams(MaxSessions * mcpwire.MaxDepth) }

// DepthParam is the target workload's depth parameter.
func DepthParam() workload.Param {
	return workload.Param{Name: "depth", Help: "closed loop: requests in flight per session", Unit: "reqs", Default: DefaultDepth, Min: 1, Max: mcpwire.MaxDepth}
}

// SessionsParam is the target workload's sessions parameter, with default
// def.
func SessionsParam(def int) workload.Param {
	return workload.Param{
		Name:    "sessions",
		Help:    fmt.Sprintf("MCP sessions per server, spread over the workers (default %d for a command, each session a process of its own; %d for a URL)", DefaultSessions, DefaultRemoteSessions),
		Default: def, Min: 1, Max: MaxSessions,
	}
}

// Spec is the target workload without servers, for registering its
// parameters (depth, sessions) and name before a Config exists. Its New
// fails: replace it with Target.Workload once Prepare has read the
// configuration.
func Spec() workload.Workload {
	return workload.Workload{
		Name:        "target",
		Description: "round trips to real MCP servers (needs a server to measure)",
		Params:      append([]workload.Param{DepthParam(), SessionsParam(DefaultSessions)}, LoadParams()...),
	}.WithSides(sideNames, [2]string{"server A (--target)", "server B (--target-b; without it a second A)"},
		func(workload.Variant, workload.Params) (workload.Instance, error) {
			return nil, errors.New("the target workload needs a server to measure (target.Prepare)")
		})
}

func (t *Target) newInstance(v workload.Variant, p workload.Params) (workload.Instance, error) {
	depth, n := p["depth"], p["sessions"]
	if depth < 1 || depth > mcpwire.MaxDepth || n < 1 || n > MaxSessions {
		return nil, fmt.Errorf("target: depth must be 1-%d and sessions 1-%d, got %d and %d", mcpwire.MaxDepth, MaxSessions, depth, n)
	}
	load := workload.LoadOf(p)
	if t.call.cold {
		if load.Open() {
			return nil, errors.New("target: a cold start (call initialize) runs closed loop only: rate 0")
		}
		return t.newColdInstance(v)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.ensure(context.Background(), n); err != nil {
		return nil, err
	}
	s := t.sides[v]
	if s.inUse {
		return nil, fmt.Errorf("target: server %s runs on the other side already; for an A/A run give one server only", s.name)
	}
	clients := make([]*mcpwire.Client, len(s.sessions))
	for i, ss := range s.sessions {
		clients[i] = ss.client
	}
	g, err := mcpwire.NewGroup(depth, t.cfg.Timeout, clients...)
	if err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	g.SetOpen(mcpwire.OpenLoadOf(load, len(clients)))
	s.inUse = true
	return &instance{t: t, s: s, g: g, named: named{s.label}, kinds: t.call.names()}, nil
}

// named is what the target's instances say of themselves: the server's
// name and version, as it gave them, and no byte count (a server's answer
// has no size known in advance).
type named struct{ label string }

// Label is the server's name and version.
func (n named) Label() string { return n.label }

// BytesPerOp is 0.
func (named) BytesPerOp() int64 { return 0 }

// usage reads m as the workload contract has it.
func usage(m *proc.Meter) (workload.ServerUsage, bool) {
	u, ok := m.Read()
	return workload.ServerUsage{CPU: u.CPU, RSS: u.RSS}, ok
}

// instance is one variant's run: its side's sessions, shared among the
// workers.
type instance struct {
	named
	t     *Target
	s     *side
	g     *mcpwire.Group
	kinds []string // a mix's entries; nil for a single call
}

var (
	_ workload.Labeled     = (*instance)(nil)
	_ workload.ServerMeter = (*instance)(nil)
	_ workload.Kinded      = (*instance)(nil)
)

// Kinds names a mix's entries ("tools/call:echo"), so that the engine
// accounts for each; nil for a single call.
func (in *instance) Kinds() []string { return in.kinds }

// Worker returns worker i's pipeline, which drives the sessions j with
// j mod W = i.
func (in *instance) Worker(i int) workload.Worker {
	return &labelled{p: in.g.Worker(i), label: "server " + in.s.name, failed: &in.t.failed}
}

// ServerUsage reads the server's CPU time and memory: its process tree,
// every session's child summed, or the process named by Config.ServerPID.
// A server across the network cannot be read.
func (in *instance) ServerUsage() (workload.ServerUsage, bool) {
	if in.s.meter != nil {
		return usage(in.s.meter)
	}
	var sum workload.ServerUsage
	known := false
	for _, ss := range in.s.sessions {
		if ss.meter == nil {
			continue
		}
		if u, ok := usage(ss.meter); ok {
			sum.CPU += u.CPU
			sum.RSS += u.RSS
			known = true
		}
	}
	return sum, known
}

// Close keeps the server for the next run, marking it for a restart if a
// request timed out.
func (in *instance) Close() error {
	in.g.Close()
	in.t.mu.Lock()
	if in.g.Expired() > 0 {
		in.s.unhealthy = true
	}
	in.s.inUse = false
	in.t.mu.Unlock()
	return nil
}
