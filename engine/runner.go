package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/workload"
)

// Config sets up a Runner. Zero fields take their defaults.
type Config struct {
	Workloads []workload.Workload        // at least one, in tab order
	Workload  string                     // the first workload; default Workloads[0]
	Params    map[string]workload.Params // initial parameter overrides, by workload
	Workers   int                        // goroutines per variant; default GOMAXPROCS
	Mode      Mode                       // Alternate (default) or Parallel
	Slice     time.Duration              // turn length; default 100 ms
	Tick      time.Duration              // sample period; default 1 s
	Warmup    int                        // warm-up seconds kept out of summaries; 0: none
	MaxTicks  int                        // seconds kept per run; default 86,400
	MaxRuns   int                        // runs kept per session; default 64
	// Observer overrides the measured observer cost (tests only).
	Observer time.Duration
	// OnTick, if set, is called on the scheduler goroutine with every closed
	// second, before the Update is sent; it must return quickly and must not
	// keep the histograms. Exporters (Prometheus) hang off it, so they see
	// every second even when the UI is too slow to. It runs with the
	// Runner's lock held: it must not call the Runner.
	OnTick func(TickInfo)
}

// TickInfo is one closed second as OnTick sees it.
type TickInfo struct {
	Workload string
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
	if c.Workers < 1 || c.Workers > MaxWorkers {
		return fmt.Errorf("workers must be between 1 and %d, got %d", MaxWorkers, c.Workers)
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

// Runner runs workloads and reports on them. Its methods are safe to call
// from any goroutine; commands take effect at the next slice boundary.
type Runner struct {
	cfg      Config
	observer time.Duration
	ctl      chan func(*sched)
	out      chan Update
	done     chan struct{}
	started  atomic.Bool
	stopOnce sync.Once
	cancel   context.CancelFunc
	dropped  atomic.Int64

	mu      sync.Mutex // guards everything below and every run's data
	current string
	params  map[string]workload.Params // per workload, including "workers"
	runs    []*run                     // the session, oldest first
	nextID  int
}

// New checks cfg and measures the observer cost; nothing runs until Start.
func New(cfg Config) (*Runner, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	r := &Runner{
		cfg:    cfg,
		ctl:    make(chan func(*sched), 64),
		out:    make(chan Update, 8),
		done:   make(chan struct{}),
		params: map[string]workload.Params{},
	}
	seen := map[string]bool{}
	for _, w := range cfg.Workloads {
		if w.Name == "" || seen[w.Name] {
			return nil, fmt.Errorf("engine: workload name %q empty or repeated", w.Name)
		}
		seen[w.Name] = true
		p := w.Defaults()
		for k, v := range cfg.Params[w.Name] {
			p[k] = v
		}
		if err := w.Validate(p); err != nil {
			return nil, err
		}
		p[WorkersParam.Name] = cfg.Workers
		r.params[w.Name] = p
	}
	for name := range cfg.Params {
		if !seen[name] {
			return nil, fmt.Errorf("engine: parameters for unknown workload %q", name)
		}
	}
	if !seen[cfg.Workload] {
		return nil, fmt.Errorf("unknown workload %q (have %s)", cfg.Workload, r.names())
	}
	r.current = cfg.Workload
	r.observer = cfg.Observer
	if r.observer == 0 {
		r.observer = MeasureObserverCost()
	}
	return r, nil
}

func (r *Runner) names() string {
	names := make([]string, len(r.cfg.Workloads))
	for i, w := range r.cfg.Workloads {
		names[i] = w.Name
	}
	return strings.Join(names, ", ")
}

// Workloads lists the workloads in tab order.
func (r *Runner) Workloads() []workload.Workload { return slices.Clone(r.cfg.Workloads) }

// ObserverCost is the measured cost of timing one op or batch.
func (r *Runner) ObserverCost() time.Duration { return r.observer }

// Current returns the workload being run and its parameters.
func (r *Runner) Current() (string, workload.Params) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.current, r.params[r.current].Clone()
}

// Start begins running and returns the updates channel, closed when ctx ends
// or Stop is called. It must be called once.
func (r *Runner) Start(ctx context.Context) <-chan Update {
	if !r.started.CompareAndSwap(false, true) {
		panic("engine: Start called twice")
	}
	ctx, r.cancel = context.WithCancel(ctx)
	s := newSched(r)
	go s.loop(ctx)
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

func (r *Runner) command(f func(*sched)) {
	select {
	case r.ctl <- f:
	case <-r.done:
	}
}

// Pause stops the workers until Resume.
func (r *Runner) Pause() { r.command(func(s *sched) { s.setPaused(true) }) }

// Resume restarts paused workers.
func (r *Runner) Resume() { r.command(func(s *sched) { s.setPaused(false) }) }

// Switch makes name the running workload; its earlier run, if any, resumes.
func (r *Runner) Switch(name string) error {
	r.mu.Lock()
	_, ok := r.params[name]
	r.mu.Unlock()
	if !ok {
		return fmt.Errorf("unknown workload %q (have %s)", name, r.names())
	}
	r.command(func(s *sched) { s.switchTo(name) })
	return nil
}

// SetParam sets a parameter of the current workload ("workers" included)
// and starts a new run with it.
func (r *Runner) SetParam(name string, v int) error {
	r.mu.Lock()
	cur := r.current
	r.mu.Unlock()
	if name == WorkersParam.Name {
		if err := WorkersParam.Validate(v); err != nil {
			return err
		}
	} else {
		w := r.workload(cur)
		if err := w.Validate(workload.Params{name: v}); err != nil {
			return err
		}
	}
	r.command(func(s *sched) { s.setParam(cur, name, v) })
	return nil
}

// SetMode switches between alternate and parallel and starts a new run.
func (r *Runner) SetMode(m Mode) {
	if m != Alternate && m != Parallel {
		return
	}
	r.command(func(s *sched) { s.setMode(m) })
}

// Reset discards the current run's data and starts it afresh.
func (r *Runner) Reset() { r.command(func(s *sched) { s.reset() }) }

func (r *Runner) workload(name string) workload.Workload {
	for _, w := range r.cfg.Workloads {
		if w.Name == name {
			return w
		}
	}
	return workload.Workload{}
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

// sched is the scheduler's state, owned by its goroutine.
type sched struct {
	r        *Runner
	mode     Mode
	paused   bool
	err      error
	cur      *run
	active   map[string]*run // each workload's current run
	inst     [2]workload.Instance
	workers  [2][]*worker
	stop     [2]atomic.Bool
	done     chan *worker
	wg       sync.WaitGroup
	tick     [2]tickAcc
	tickRun  time.Duration
	timer    *time.Timer
	allocs   []metrics.Sample
	lastTurn int // variant that ran last in alternate mode
}

// tickAcc accumulates one variant's current second.
type tickAcc struct {
	h        percentile.Histogram
	ops      int64
	errs     int64
	active   time.Duration
	allocs   []float64 // per-slice bytes per op
	lastErr  string
	bytesPer int64
}

// clear empties the accumulator for the next second, keeping its storage.
func (t *tickAcc) clear() {
	t.h.Reset()
	t.ops, t.errs, t.active, t.lastErr = 0, 0, 0, ""
	t.allocs = t.allocs[:0]
}

// sample turns the accumulated second into a Sample.
func (t *tickAcc) sample(tick int, now time.Time, warm bool) Sample {
	var q [3]int64
	t.h.Quantiles([]float64{0.5, 0.95, 0.99}, q[:])
	sm := Sample{
		Tick: tick, Time: now, Warmup: warm,
		Ops: t.ops, Errors: t.errs, Active: t.active,
		P50: time.Duration(q[0]), P95: time.Duration(q[1]), P99: time.Duration(q[2]),
		Max: time.Duration(t.h.Max()), Mean: time.Duration(t.h.Mean()),
		AllocPerOp: median(t.allocs), LastError: t.lastErr,
	}
	if t.active > 0 {
		sm.OpsPerSec = float64(t.ops) / t.active.Seconds()
		sm.BytesPerS = sm.OpsPerSec * float64(t.bytesPer)
	}
	return sm
}

func newSched(r *Runner) *sched {
	s := &sched{
		r:      r,
		mode:   r.cfg.Mode,
		active: map[string]*run{},
		allocs: []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}},
		timer:  time.NewTimer(time.Hour),
	}
	s.timer.Stop()
	return s
}

func (s *sched) loop(ctx context.Context) {
	defer close(s.r.done)
	defer close(s.r.out)
	defer s.stopInstances()
	s.r.mu.Lock()
	name := s.r.current
	s.r.mu.Unlock()
	s.switchTo(name)
	for {
		for drained := false; !drained; {
			select {
			case f := <-s.r.ctl:
				f(s)
			default:
				drained = true
			}
		}
		if ctx.Err() != nil {
			return
		}
		if s.paused || s.err != nil || s.inst[0] == nil {
			select {
			case f := <-s.r.ctl:
				f(s)
			case <-ctx.Done():
				return
			}
			continue
		}
		s.runSlice()
		if s.tickRun >= s.r.cfg.Tick {
			s.emitTick()
		}
	}
}

// runSlice runs one turn: one variant in alternate mode, both in parallel.
func (s *sched) runSlice() {
	var vs []int
	if s.mode == Parallel {
		vs = []int{0, 1}
	} else {
		s.lastTurn = 1 - s.lastTurn
		vs = []int{s.lastTurn}
	}
	metrics.Read(s.allocs)
	a0 := s.allocs[0].Value.Uint64()
	t0 := time.Now()
	n := 0
	for _, v := range vs {
		s.stop[v].Store(false)
		for _, w := range s.workers[v] {
			w.start <- struct{}{}
			n++
		}
	}
	s.timer.Reset(s.r.cfg.Slice)
	<-s.timer.C
	for _, v := range vs {
		s.stop[v].Store(true)
	}
	for range n {
		<-s.done
	}
	d := time.Since(t0)
	metrics.Read(s.allocs)
	allocated := float64(s.allocs[0].Value.Uint64() - a0)
	s.tickRun += d
	var sliceOps int64
	for _, v := range vs {
		t := &s.tick[v]
		var ops int64
		for _, w := range s.workers[v] {
			t.h.Merge(&w.h)
			ops += w.ops
			t.errs += w.errs
			if w.lastErr != nil {
				t.lastErr = w.lastErr.Error()
			}
			w.resetSlice()
		}
		t.ops += ops
		t.active += d
		sliceOps += ops
	}
	for _, v := range vs {
		if sliceOps > 0 {
			s.tick[v].allocs = append(s.tick[v].allocs, allocated/float64(sliceOps))
		}
	}
}

// emitTick closes the current second: one Sample per variant into the run,
// and an Update out.
func (s *sched) emitTick() {
	rn := s.cur
	now := time.Now()
	s.r.mu.Lock()
	rn.ticks++
	rn.elapsed += s.tickRun
	warm := rn.warmLeft > 0
	if warm {
		rn.warmLeft--
	}
	var samples [2]Sample
	for v := range 2 {
		samples[v] = s.tick[v].sample(rn.ticks, now, warm)
	}
	if f := s.r.cfg.OnTick; f != nil {
		f(TickInfo{Workload: rn.w.Name, Params: rn.params, Samples: samples,
			Hist: [2]*percentile.Histogram{&s.tick[0].h, &s.tick[1].h}})
	}
	for v := range 2 {
		t := &s.tick[v]
		sm := samples[v]
		rn.series[v].push(sm)
		rn.errs[v] += t.errs
		if t.lastErr != "" {
			rn.lastErr[v] = t.lastErr
		}
		if !warm {
			rn.hist[v].Merge(&t.h)
			rn.ops[v] += t.ops
		}
		t.clear()
	}
	s.tickRun = 0
	u := s.updateLocked(true)
	u.Samples = samples
	s.r.mu.Unlock()
	s.r.send(u)
}

// updateLocked describes the current state; the caller holds r.mu.
func (s *sched) updateLocked(tick bool) Update {
	u := Update{
		Tick: tick, Mode: s.mode, Slice: s.r.cfg.Slice, ObserverCost: s.r.observer,
		Dropped: s.r.dropped.Load(), Err: s.err, Workload: s.r.current,
	}
	switch {
	case s.paused:
		u.State = Paused
	default:
		u.State = Running
	}
	rn := s.cur
	if rn == nil {
		return u
	}
	u.RunID = rn.id
	u.Labels = rn.w.Labels
	u.Params = rn.params.Clone()
	u.Timing = rn.timing
	u.Warmup = rn.warmLeft > 0
	u.Elapsed = rn.elapsed
	u.Summary, u.Compare = rn.summarize()
	for v := range 2 {
		u.Dist[v] = rn.hist[v].Buckets()
		u.Errors[v] = rn.errs[v]
		u.LastError[v] = rn.lastErr[v]
	}
	return u
}

func (s *sched) notify() {
	s.r.mu.Lock()
	u := s.updateLocked(false)
	s.r.mu.Unlock()
	s.r.send(u)
}

func (s *sched) setPaused(p bool) {
	s.paused = p
	s.notify()
}

// switchTo stops what runs and starts name's current run (a new one if it
// has none).
func (s *sched) switchTo(name string) {
	if s.cur != nil && s.cur.w.Name == name && s.inst[0] != nil {
		s.notify()
		return
	}
	s.stopInstances()
	s.r.mu.Lock()
	s.r.current = name
	s.r.mu.Unlock()
	rn := s.active[name]
	if rn == nil {
		rn = s.newRun(name)
	}
	s.startInstances(rn)
	s.notify()
}

func (s *sched) setParam(name, param string, v int) {
	s.r.mu.Lock()
	p := s.r.params[name].Clone()
	p[param] = v
	s.r.params[name] = p
	s.r.mu.Unlock()
	s.restart(name, false)
}

func (s *sched) setMode(m Mode) {
	if m == s.mode {
		return
	}
	s.mode = m
	s.restart(s.r.current, false)
}

func (s *sched) reset() { s.restart(s.r.current, true) }

// restart begins a new run of name; discard drops the old run's data from
// the session.
func (s *sched) restart(name string, discard bool) {
	s.stopInstances()
	if old := s.active[name]; old != nil && (discard || old.ticks == 0) {
		s.r.mu.Lock()
		s.r.runs = slices.DeleteFunc(s.r.runs, func(r *run) bool { return r == old })
		s.r.mu.Unlock()
	}
	rn := s.newRun(name)
	s.r.mu.Lock()
	s.r.current = name
	s.r.mu.Unlock()
	s.startInstances(rn)
	s.notify()
}

func (s *sched) newRun(name string) *run {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	s.r.nextID++
	rn := &run{
		id: s.r.nextID, w: s.r.workload(name), params: s.r.params[name].Clone(),
		mode: s.mode, slice: s.r.cfg.Slice, warmup: s.r.cfg.Warmup, started: time.Now(),
		allocOK: s.mode == Alternate,
	}
	for v := range 2 {
		rn.series[v].cap = s.r.cfg.MaxTicks
	}
	s.r.runs = append(s.r.runs, rn)
	if len(s.r.runs) > s.r.cfg.MaxRuns {
		s.r.runs = slices.Delete(s.r.runs, 0, len(s.r.runs)-s.r.cfg.MaxRuns)
	}
	s.active[name] = rn
	return rn
}

// startInstances builds both variants of rn and parks their workers; on
// failure the error is kept and shown, and nothing runs.
func (s *sched) startInstances(rn *run) {
	s.cur = rn
	s.err = nil
	own := rn.params.Without(WorkersParam.Name)
	for v := range 2 {
		in, err := newInstance(rn.w, workload.Variants[v], own)
		if err != nil {
			s.err = fmt.Errorf("%s %v: %w", rn.w.Name, workload.Variants[v], err)
			s.closeInstances()
			return
		}
		s.inst[v] = in
	}
	n := rn.params[WorkersParam.Name]
	s.done = make(chan *worker, 2*n)
	pipelined := false
	var costs [2]time.Duration
	for v := range 2 {
		s.workers[v] = make([]*worker, n)
		for i := range n {
			op := s.inst[v].Worker(i)
			w := &worker{op: op, stop: &s.stop[v], start: make(chan struct{}, 1), done: s.done}
			if p, ok := op.(workload.Pipeline); ok {
				w.pipe = p
				pipelined = true
			}
			s.workers[v][i] = w
		}
		s.tick[v] = tickAcc{bytesPer: s.inst[v].BytesPerOp()}
	}
	if rn.batch == 0 {
		rn.batch = 1
		if !pipelined {
			for v := range 2 {
				costs[v] = estimateOpCost(s.workers[v][0].op, 20*time.Millisecond)
			}
			rn.batch = chooseBatch(s.r.observer, min(costs[0], costs[1]))
		}
		rn.timing = timingLabel(rn.batch, pipelined)
	}
	for v := range 2 {
		for _, w := range s.workers[v] {
			w.batch = rn.batch
			s.wg.Add(1)
			go w.loop(&s.wg)
		}
	}
	s.r.mu.Lock()
	rn.warmLeft = rn.warmup
	s.r.mu.Unlock()
	s.tickRun = 0
}

// newInstance calls the workload's constructor, turning a panic into an error.
func newInstance(w workload.Workload, v workload.Variant, p workload.Params) (in workload.Instance, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic in setup: %v", r)
		}
	}()
	return w.New(v, p)
}

// stopInstances ends every worker goroutine and closes both instances. The
// partial second is discarded.
func (s *sched) stopInstances() {
	for v := range 2 {
		for _, w := range s.workers[v] {
			close(w.start)
		}
		s.workers[v] = nil
	}
	s.wg.Wait()
	s.closeInstances()
	for v := range 2 {
		s.tick[v].clear()
	}
	s.tickRun = 0
}

func (s *sched) closeInstances() {
	for v := range 2 {
		if s.inst[v] != nil {
			if err := s.inst[v].Close(); err != nil && s.err == nil {
				s.err = fmt.Errorf("closing %v: %w", workload.Variants[v], err)
			}
			s.inst[v] = nil
		}
	}
}
