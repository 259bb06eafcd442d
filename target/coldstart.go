package target

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/mcptop/mcptop/proc"
	"github.com/mcptop/mcptop/workload"
)

// Cold start (Config.Call "initialize"): one operation is a whole session
// with the server, as a client that starts it for one task sees it: start
// it (spawn the command, or connect), initialize, tools/list, and end it
// (close the session; for a command, close its stdin and wait for it to
// exit, SIGTERM after a moment). Each worker runs its own; the engine
// times each operation. Nothing is kept between operations, so a server
// that is slow to start (npx fetching a package) shows as what it costs.
// The server's figures are those of the children that have exited: their
// CPU time summed and the largest peak of resident memory; for a server
// mcptop does not start, those of Config.ServerPID.

// newColdInstance returns the instance whose workers repeat cold starts
// of the variant's server. Building the baseline's (the engine builds it
// first) checks both servers with one cold start each, at once, whose
// serverInfo names the variants.
func (t *Target) newColdInstance(v workload.Variant) (workload.Instance, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return nil, errors.New("target: closed")
	}
	ins := [2]*coldInstance{{t: t, s: t.sides[0]}, {t: t, s: t.sides[1]}}
	if v == workload.Baseline || !t.coldChecked {
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i, in := range ins {
			t.cfg.Progress(fmt.Sprintf("starting server %s (%s) once, to check it…", in.s.name, in.s.ep.desc))
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = in.cycle(context.Background())
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return nil, err
		}
		t.setLabels()
		t.coldChecked = true
	}
	in := ins[v]
	in.named = named{t.labels[v]}
	in.usage, in.known = proc.Usage{}, false // the check is no measurement
	return in, nil
}

// coldInstance is one variant's cold starts.
type coldInstance struct {
	named
	t *Target
	s *side

	mu    sync.Mutex // usage, known, and the side's info
	usage proc.Usage // of exited children: CPU summed, RSS the largest peak
	known bool
}

var (
	_ workload.Labeled     = (*coldInstance)(nil)
	_ workload.ServerMeter = (*coldInstance)(nil)
)

// cycle is one cold start.
func (in *coldInstance) cycle(ctx context.Context) error {
	t, s := in.t, in.s
	ctx, cancel := t.startContext(ctx)
	defer cancel()
	ss, _, err := t.connect(ctx, s)
	if err != nil {
		t.failed.Store(true) // its log says why
		return err
	}
	_, err = listTools(ctx, ss.client)
	info := ss.client.ServerInfo()
	ss.stop(t.cfg.Grace)
	if err != nil {
		t.failed.Store(true)
		return fmt.Errorf("target %s: %w", s.name, err)
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	s.info = info
	if ss.child != nil {
		if u, ok := ss.child.ExitUsage(); ok {
			in.usage.CPU += u.CPU
			in.usage.RSS = max(in.usage.RSS, u.RSS)
			in.known = true
		}
	}
	return nil
}

// Worker returns a worker whose every operation is a cold start.
func (in *coldInstance) Worker(int) workload.Worker {
	return workload.Func(func() error { return in.cycle(context.Background()) })
}

// ServerUsage is what the children that have exited used, or the process
// of Config.ServerPID.
func (in *coldInstance) ServerUsage() (workload.ServerUsage, bool) {
	if in.s.meter != nil {
		return usage(in.s.meter)
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	return workload.ServerUsage{CPU: in.usage.CPU, RSS: in.usage.RSS}, in.known
}

// Close has nothing to release: each operation ends what it started.
func (in *coldInstance) Close() error { return nil }
