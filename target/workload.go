package target

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/workload"
)

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
		Params:      []workload.Param{DepthParam()},
		Settings:    t.settings(),
		Impls: []workload.Impl{
			{Name: "server-a", Label: t.labels[0], New: func(p workload.Params) (workload.Instance, error) { return t.newInstance(workload.Baseline, p) }},
			{Name: "server-b", Label: t.labels[1], New: func(p workload.Params) (workload.Instance, error) { return t.newInstance(workload.Optimised, p) }},
		},
		Pair: [2]string{"server-a", "server-b"},
	}
}

// DepthParam is the target workload's one parameter.
func DepthParam() workload.Param {
	return workload.Param{Name: "depth", Help: "requests in flight to the server", Unit: "reqs", Default: DefaultDepth, Min: 1, Max: mcpwire.MaxDepth}
}

// Spec is the target workload without servers, for registering its
// parameters (depth) and name before a Config exists. Its New fails:
// replace it with Target.Workload once New has started the servers.
func Spec() workload.Workload {
	return workload.Workload{
		Name:        "target",
		Description: "round trips to real MCP servers (needs a server to measure)",
		Params:      []workload.Param{DepthParam()},
		Impls: []workload.Impl{
			{Name: "server-a", Label: "server A (--target)", New: noServer},
			{Name: "server-b", Label: "server B (--target-b; without it a second A)", New: noServer},
		},
		Pair: [2]string{"server-a", "server-b"},
	}
}

func noServer(workload.Params) (workload.Instance, error) {
	return nil, errors.New("the target workload needs a server to measure (target.New)")
}

func (t *Target) newInstance(v workload.Variant, p workload.Params) (workload.Instance, error) {
	depth := p["depth"]
	if depth < 1 || depth > mcpwire.MaxDepth {
		return nil, fmt.Errorf("target: depth must be between 1 and %d, got %d", mcpwire.MaxDepth, depth)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil, errors.New("target: closed")
	}
	s := t.sides[v]
	if !s.healthy() {
		t.failed.Store(true) // it died, broke its connection or timed out
		s.stop(t.cfg.Grace)
		if err := t.connect(context.Background(), s); err != nil {
			return nil, err
		}
	}
	p0, err := mcpwire.NewPipeline(depth, t.cfg.Timeout, s.client)
	if err != nil {
		return nil, fmt.Errorf("target: %w", err)
	}
	return &instance{t: t, s: s, w: &labelled{p: p0, label: "server " + s.name, failed: &t.failed}}, nil
}

type instance struct {
	t *Target
	s *side
	w *labelled
}

// Worker returns the pipeline for worker 0 and an idle one for the others.
func (in *instance) Worker(i int) workload.Worker {
	if i == 0 {
		return in.w
	}
	return &mcpwire.Pipeline{}
}

// BytesPerOp is 0: a server's response size is not known in advance.
func (in *instance) BytesPerOp() int64 { return 0 }

// Close keeps the server for the next run, marking it for a restart if a
// request timed out.
func (in *instance) Close() error {
	in.w.p.Close()
	in.t.mu.Lock()
	if in.w.p.Expired() > 0 {
		in.s.unhealthy = true
	}
	in.t.mu.Unlock()
	return nil
}

// labelled is a server's pipeline whose failures name the server, unless
// they name it already (a ServerError).
type labelled struct {
	p      *mcpwire.Pipeline
	label  string
	failed *atomic.Bool      // the target's: set by the first failure
	rec    workload.Recorder // the engine's, while Run runs
	// raw and named are the last error labelled and its label: a failing
	// server tends to fail every request with the same error value.
	raw, named error
}

var (
	_ workload.Pipeline = (*labelled)(nil)
	_ workload.Recorder = (*labelled)(nil)
)

// Run runs the pipeline, labelling the failures it reports to rec.
func (l *labelled) Run(stop func() bool, rec workload.Recorder) {
	l.rec = rec
	defer func() { l.rec = nil }()
	l.p.Run(stop, l)
}

// Op runs the pipeline once and labels its failure.
func (l *labelled) Op() error { return l.name(l.p.Op()) }

// Gap implements workload.Recorder.
func (l *labelled) Gap() int { return l.rec.Gap() }

// Timed implements workload.Recorder.
func (l *labelled) Timed(t workload.Timing) {
	t.Err = l.name(t.Err)
	l.rec.Timed(t)
}

// Untimed implements workload.Recorder.
func (l *labelled) Untimed(c workload.Counts) {
	c.Last = l.name(c.Last)
	l.rec.Untimed(c)
}

// Full implements workload.Recorder.
func (l *labelled) Full() { l.rec.Full() }

// Draining implements workload.Recorder.
func (l *labelled) Draining() { l.rec.Draining() }

func (l *labelled) name(err error) error {
	var se *ServerError
	if err == nil {
		return nil
	}
	l.failed.Store(true)
	switch {
	case err == l.raw:
		return l.named
	case errors.As(err, &se):
		l.raw, l.named = err, err
	default:
		l.raw, l.named = err, fmt.Errorf("%s: %w", l.label, err)
	}
	return l.named
}
