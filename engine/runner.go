package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/workload"
)

// Config sets up a Runner. Zero fields take their defaults.
type Config struct {
	Workloads []workload.Workload        // at least one, in tab order
	Workload  string                     // the first workload; default Workloads[0]
	Params    map[string]workload.Params // initial parameter overrides, by workload
	// Impls chooses, by workload, the implementations sides A and B run
	// first; a workload not named runs its default pair (Workload.Pair).
	Impls   map[string][2]string
	Workers int           // goroutines per variant; default GOMAXPROCS
	Mode    Mode          // Alternate (default) or Parallel
	Slice   time.Duration // turn length; default 100 ms
	Tick    time.Duration // sample period; default 1 s
	Warmup  int           // warm-up seconds kept out of summaries; 0: none
	// MaxErrors is the largest share of failed ops a variant may have and
	// still be compared (0, the default: none); above it the verdict is
	// "not comparable".
	MaxErrors float64
	MaxTicks  int // seconds kept per run; default 86,400
	MaxRuns   int // runs kept per session; default 64
	// ReaderPause is how long the scheduler waits after sending a second,
	// with no worker running, so that the reader's own work on it (a
	// dashboard's rebuild and frame) happens outside every slice and is
	// charged to neither variant's allocation or CPU; 0 for a reader that
	// does little (headless).
	ReaderPause time.Duration
	// GCBetween runs a garbage collection before every slice, so that no
	// variant pays for the other's garbage (at the cost of a collection per
	// slice, outside the measured time).
	GCBetween bool
	// Instance names this mcptop in the snapshot (Snapshot.Instance), so
	// that a fleet's snapshots can be told apart and merged; optional.
	Instance string
	// Capacity, if set, searches the starting workload's capacity under an
	// SLO (CapacityPlan); the workload must have open loops.
	Capacity *CapacityPlan
	// Observer overrides the measured observer cost (tests only).
	Observer time.Duration
	// OnTick, if set, is called on the scheduler goroutine with every closed
	// second, before the Update is sent; it must return quickly and must not
	// keep the histograms. Exporters (Prometheus) hang off it, so they see
	// every second even when the UI is too slow to. It must not call the
	// Runner.
	OnTick func(TickInfo)
}

// TickInfo is one closed second as OnTick sees it.
type TickInfo struct {
	Workload string
	Impls    [2]string       // the implementations of sides A and B
	Params   workload.Params // including "workers"
	Samples  [2]Sample
	Hist     [2]*percentile.Histogram // the second's latencies, by variant
}

// Limits on what a user may ask for.
const (
	MaxWorkers = 256
	MinSlice   = time.Millisecond
	MaxSlice   = 10 * time.Second
)

// WorkersParam describes the engine's own parameter, shown with a
// workload's parameters.
var WorkersParam = workload.Param{Name: "workers", Help: "goroutines per variant", Min: 1, Max: MaxWorkers}

func (c *Config) setDefaults() error {
	if len(c.Workloads) == 0 {
		return errors.New("engine: no workloads")
	}
	if c.Workload == "" {
		c.Workload = c.Workloads[0].Name
	}
	if c.Workers == 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if err := WorkersParam.Validate(c.Workers); err != nil {
		return err
	}
	if c.Slice == 0 {
		c.Slice = 100 * time.Millisecond
	}
	if c.Slice < MinSlice || c.Slice > MaxSlice {
		return fmt.Errorf("slice must be between %v and %v, got %v", MinSlice, MaxSlice, c.Slice)
	}
	if c.Tick == 0 {
		c.Tick = time.Second
	}
	if c.Tick < c.Slice && c.Mode == Alternate {
		return fmt.Errorf("tick %v is shorter than the slice %v", c.Tick, c.Slice)
	}
	if c.Warmup < 0 {
		return fmt.Errorf("warmup must not be negative, got %d", c.Warmup)
	}
	if !(c.MaxErrors >= 0 && c.MaxErrors <= 1) {
		return fmt.Errorf("max errors must be a share between 0 and 1, got %v", c.MaxErrors)
	}
	if c.MaxTicks <= 0 {
		c.MaxTicks = 86_400
	}
	if c.MaxRuns <= 0 {
		c.MaxRuns = 64
	}
	if c.Mode != Alternate && c.Mode != Parallel {
		return fmt.Errorf("unknown mode %d", c.Mode)
	}
	return nil
}

// Runner runs workloads and reports on them.
//
// Its command methods (Pause, Switch, SetParam, StepParam, …) are safe to
// call from any goroutine and return at once with the command's sequence
// number. The scheduler goroutine takes commands in the order they were
// given, at the next slice boundary, resolves each against the state it
// finds there (so StepParam after Switch steps the new workload's
// parameter), and reports the outcome in the next Update: Update.Seq is the
// newest command taken, Update.Notice what it did and Update.Rejected why it
// was refused.
type Runner struct {
	cfg      Config
	observer time.Duration
	ctl      chan command
	out      chan Update
	done     chan struct{}
	started  atomic.Bool
	stopOnce sync.Once
	cancel   context.CancelFunc
	dropped  atomic.Int64
	seq      atomic.Uint64
	s        *sched // owned by the scheduler goroutine until done is closed
}

// command is one request to the scheduler; seq orders it.
type command struct {
	seq   uint64
	quiet bool // taken without an Update (a snapshot request)
	do    func(*sched) (notice string, err error)
}

// New checks cfg and measures the observer cost; nothing runs until Start.
func New(cfg Config) (*Runner, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	r := &Runner{
		cfg:  cfg,
		ctl:  make(chan command, 64),
		out:  make(chan Update, 8),
		done: make(chan struct{}),
	}
	params := map[string]workload.Params{}
	impls := map[string][2]string{}
	for _, w := range cfg.Workloads {
		if w.Name == "" || params[w.Name] != nil {
			return nil, fmt.Errorf("engine: workload name %q empty or repeated", w.Name)
		}
		if err := w.CheckImpls(); err != nil {
			return nil, fmt.Errorf("engine: %w", err)
		}
		pair := w.Pair
		if c, ok := cfg.Impls[w.Name]; ok {
			for _, name := range c {
				if err := w.CheckImpl(name); err != nil {
					return nil, err
				}
			}
			pair = c
		}
		impls[w.Name] = pair
		p := w.Defaults()
		for k, v := range cfg.Params[w.Name] {
			p[k] = v
		}
		if err := w.Validate(p); err != nil {
			return nil, err
		}
		p[WorkersParam.Name] = cfg.Workers
		params[w.Name] = p
	}
	for name := range cfg.Params {
		if params[name] == nil {
			return nil, fmt.Errorf("engine: parameters for unknown workload %q", name)
		}
	}
	for name := range cfg.Impls {
		if params[name] == nil {
			return nil, fmt.Errorf("engine: implementations for unknown workload %q", name)
		}
	}
	if params[cfg.Workload] == nil {
		return nil, fmt.Errorf("unknown workload %q (have %s)", cfg.Workload, workloadNames(cfg.Workloads))
	}
	r.s = newSched(r, params, impls)
	if cfg.Capacity != nil {
		cs, err := newCapSearch(cfg.Capacity, r.s.workload(cfg.Workload), params[cfg.Workload])
		if err != nil {
			return nil, err
		}
		r.s.cap = cs
	}
	r.observer = cfg.Observer
	if r.observer == 0 {
		r.observer = MeasureObserverCost()
	}
	return r, nil
}

func workloadNames(ws []workload.Workload) string {
	names := make([]string, len(ws))
	for i, w := range ws {
		names[i] = w.Name
	}
	return strings.Join(names, ", ")
}

// Workloads lists the workloads in tab order.
func (r *Runner) Workloads() []workload.Workload { return slices.Clone(r.cfg.Workloads) }

// ObserverCost is the measured cost of timing one op.
func (r *Runner) ObserverCost() time.Duration { return r.observer }

// Start begins running and returns the updates channel, closed when ctx ends
// or Stop is called. It must be called once.
func (r *Runner) Start(ctx context.Context) <-chan Update {
	if !r.started.CompareAndSwap(false, true) {
		panic("engine: Start called twice")
	}
	ctx, r.cancel = context.WithCancel(ctx)
	go r.s.loop(ctx)
	return r.out
}

// Stop ends the run and waits until every worker has stopped.
func (r *Runner) Stop() {
	r.stopOnce.Do(func() {
		if r.cancel != nil {
			r.cancel()
			<-r.done
		}
	})
}

// command queues do for the scheduler and returns its sequence number. A
// command given after the scheduler ended is dropped.
func (r *Runner) command(do func(*sched) (string, error)) uint64 {
	return r.enqueue(command{seq: r.seq.Add(1), do: do})
}

func (r *Runner) enqueue(c command) uint64 {
	select {
	case r.ctl <- c:
	case <-r.done:
	}
	return c.seq
}

// Pause stops the workers until Resume.
func (r *Runner) Pause() uint64 {
	return r.command(func(s *sched) (string, error) { return s.setPaused(true) })
}

// Resume restarts paused workers.
func (r *Runner) Resume() uint64 {
	return r.command(func(s *sched) (string, error) { return s.setPaused(false) })
}

// Switch makes name the running workload; its earlier run, if any, resumes.
func (r *Runner) Switch(name string) uint64 {
	return r.command(func(s *sched) (string, error) { return s.switchTo(name) })
}

// SetParam sets a parameter of the workload current when the command is
// taken ("workers" included) and starts a new run with it.
func (r *Runner) SetParam(name string, v int) uint64 {
	return r.command(func(s *sched) (string, error) { return s.setParam(name, v) })
}

// StepParam moves a parameter of the workload current when the command is
// taken one step up (dir > 0) or down (dir < 0) from the value it has then:
// through the parameter's steps, or doubling and halving within its range.
func (r *Runner) StepParam(name string, dir int) uint64 {
	return r.command(func(s *sched) (string, error) { return s.stepParam(name, dir) })
}

// SetImpl makes side run the named implementation of the workload current
// when the command is taken, and starts a new run.
func (r *Runner) SetImpl(side workload.Variant, name string) uint64 {
	return r.command(func(s *sched) (string, error) { return s.setImpl(side, name) })
}

// StepImpl moves side to the next (dir > 0) or previous (dir < 0)
// implementation of the workload current when the command is taken, in the
// workload's order and round again, skipping the one the other side runs;
// a new run starts.
func (r *Runner) StepImpl(side workload.Variant, dir int) uint64 {
	return r.command(func(s *sched) (string, error) { return s.stepImpl(side, dir) })
}

// SetMode switches between alternate and parallel and starts a new run.
func (r *Runner) SetMode(m Mode) uint64 {
	return r.command(func(s *sched) (string, error) { return s.setMode(m) })
}

// ToggleMode switches to the mode the current one is not.
func (r *Runner) ToggleMode() uint64 {
	return r.command(func(s *sched) (string, error) { return s.setMode(1 - s.mode) })
}

// Reset discards the current run's data and starts it afresh.
func (r *Runner) Reset() uint64 {
	return r.command(func(s *sched) (string, error) { return s.reset() })
}

// Snapshot returns the whole session — every run with at least one measured
// second — as an export document. While the engine runs, the scheduler
// builds it between two slices, so the call waits at most about a slice; it
// returns nil if the engine stops before answering.
func (r *Runner) Snapshot() *snapshot.Snapshot {
	if !r.started.Load() {
		return r.s.snapshot()
	}
	select {
	case <-r.done:
		return r.s.snapshot()
	default:
	}
	reply := make(chan *snapshot.Snapshot, 1)
	r.enqueue(command{quiet: true, do: func(s *sched) (string, error) {
		reply <- s.snapshot()
		return "", nil
	}})
	select {
	case snap := <-reply:
		return snap
	case <-r.done:
		select {
		case snap := <-reply:
			return snap
		default:
		}
		return r.s.snapshot()
	}
}

// send delivers u without ever blocking: when the reader is behind, the
// oldest waiting update is dropped and counted.
func (r *Runner) send(u Update) {
	for {
		select {
		case r.out <- u:
			return
		default:
		}
		select {
		case <-r.out:
			r.dropped.Add(1)
		default:
		}
	}
}
