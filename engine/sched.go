package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime/metrics"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/workload"
)

// sched is the scheduler: one goroutine that owns the session (every run,
// each workload's parameters, what runs now) and the workers, takes
// commands between slices, runs slices and closes seconds. Nothing else
// touches its fields while it runs; after it ends (Runner.done closed) the
// Runner reads them for a last snapshot.
type sched struct {
	r *Runner

	// session
	current string
	params  map[string]workload.Params // per workload, including "workers"
	runs    []*run                     // the session, oldest first
	nextID  int
	active  map[string]*run // each workload's current run
	mode    Mode
	paused  bool
	err     error // why the current run cannot start; nothing runs meanwhile
	seq     uint64
	notice  string
	reject  error

	// the current run's workers
	cur      *run
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

func newSched(r *Runner, params map[string]workload.Params) *sched {
	s := &sched{
		r:       r,
		current: r.cfg.Workload,
		params:  params,
		mode:    r.cfg.Mode,
		active:  map[string]*run{},
		allocs:  []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}},
		timer:   time.NewTimer(time.Hour),
	}
	s.timer.Stop()
	return s
}

func (s *sched) loop(ctx context.Context) {
	defer close(s.r.done)
	defer close(s.r.out)
	defer s.stopInstances()
	s.startRun(s.current)
	s.notify()
	for {
		s.takeCommands()
		if ctx.Err() != nil {
			return
		}
		if s.paused || s.err != nil || s.inst[0] == nil {
			select {
			case c := <-s.r.ctl:
				s.take(c)
				s.takeCommands()
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

// takeCommands takes every queued command, in order, and sends one Update
// for them (none if all were quiet).
func (s *sched) takeCommands() {
	for {
		select {
		case c := <-s.r.ctl:
			s.take(c)
		default:
			return
		}
	}
}

// take runs one command and reports it: an Update follows every command but
// a quiet one.
func (s *sched) take(c command) {
	notice, err := c.do(s)
	if c.quiet {
		return
	}
	s.seq = max(s.seq, c.seq)
	s.notice, s.reject = notice, err
	s.notify()
	s.notice, s.reject = "", nil
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
		rn.series[v].push(samples[v])
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
	u := s.update()
	u.Tick = true
	u.Samples = samples
	u.Summary, u.Compare = rn.summarize()
	for v := range 2 {
		u.Dist[v] = rn.hist[v].Buckets()
	}
	s.r.send(u)
}

// update describes the current state. Only a tick's Update carries the
// run's summary and distributions (they cost a sort and an allocation);
// others say what changed.
func (s *sched) update() Update {
	u := Update{
		Seq: s.seq, Notice: s.notice, Rejected: s.reject,
		Mode: s.mode, Slice: s.r.cfg.Slice, ObserverCost: s.r.observer,
		Dropped: s.r.dropped.Load(), Workload: s.current, State: Running,
	}
	if s.err != nil {
		u.Err = s.err.Error()
	}
	if s.paused {
		u.State = Paused
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
	for v := range 2 {
		u.Errors[v] = rn.errs[v]
		u.LastError[v] = rn.lastErr[v]
	}
	return u
}

func (s *sched) notify() { s.r.send(s.update()) }

func (s *sched) setPaused(p bool) (string, error) {
	s.paused = p
	if p {
		return "paused", nil
	}
	return "resumed", nil
}

// switchTo stops what runs and starts name's current run (a new one if it
// has none).
func (s *sched) switchTo(name string) (string, error) {
	if s.params[name] == nil {
		return "", fmt.Errorf("unknown workload %q (have %s)", name, workloadNames(s.r.cfg.Workloads))
	}
	if s.cur != nil && s.cur.w.Name == name && s.inst[0] != nil {
		return "", nil
	}
	s.stopInstances()
	s.startRun(name)
	return "workload " + name, nil
}

// startRun makes name current and starts its current run, a new one if it
// has none.
func (s *sched) startRun(name string) {
	s.current = name
	rn := s.active[name]
	if rn == nil {
		rn = s.newRun(name)
	}
	s.startInstances(rn)
}

// errNoParam reports a parameter the current workload does not have.
var errNoParam = errors.New("no such parameter")

// param returns the description of the current workload's parameter name.
func (s *sched) param(name string) (workload.Param, error) {
	if name == WorkersParam.Name {
		return WorkersParam, nil
	}
	if p, ok := s.workload(s.current).Param(name); ok {
		return p, nil
	}
	return workload.Param{}, fmt.Errorf("workload %s: %w %q", s.current, errNoParam, name)
}

func (s *sched) setParam(name string, v int) (string, error) {
	p, err := s.param(name)
	if err != nil {
		return "", err
	}
	if err := p.Validate(v); err != nil {
		return "", err
	}
	old := s.params[s.current][name]
	if v == old {
		return "", nil
	}
	ps := s.params[s.current].Clone()
	ps[name] = v
	s.params[s.current] = ps
	s.restart(false)
	return fmt.Sprintf("%s %d → %d", name, old, v), nil
}

// errAtLimit reports a step past the end of a parameter's range.
var errAtLimit = errors.New("already at its limit")

func (s *sched) stepParam(name string, dir int) (string, error) {
	p, err := s.param(name)
	if err != nil {
		return "", err
	}
	cur := s.params[s.current][name]
	next := p.Next(cur, dir)
	if next == cur {
		return "", fmt.Errorf("%s %d is %w", name, cur, errAtLimit)
	}
	return s.setParam(name, next)
}

func (s *sched) setMode(m Mode) (string, error) {
	if m != Alternate && m != Parallel {
		return "", fmt.Errorf("unknown mode %d", m)
	}
	if m == s.mode {
		return "", nil
	}
	s.mode = m
	s.restart(false)
	return "mode " + m.String(), nil
}

func (s *sched) reset() (string, error) {
	s.restart(true)
	return "reset", nil
}

// restart begins a new run of the current workload; discard drops the old
// run's data from the session.
func (s *sched) restart(discard bool) {
	s.stopInstances()
	if old := s.active[s.current]; old != nil && (discard || old.ticks == 0) {
		s.runs = slices.DeleteFunc(s.runs, func(r *run) bool { return r == old })
	}
	s.startInstances(s.newRun(s.current))
}

func (s *sched) workload(name string) workload.Workload {
	for _, w := range s.r.cfg.Workloads {
		if w.Name == name {
			return w
		}
	}
	return workload.Workload{}
}

func (s *sched) newRun(name string) *run {
	s.nextID++
	rn := &run{
		id: s.nextID, w: s.workload(name), params: s.params[name].Clone(),
		mode: s.mode, slice: s.r.cfg.Slice, warmup: s.r.cfg.Warmup, started: time.Now(),
		allocOK: s.mode == Alternate,
	}
	for v := range 2 {
		rn.series[v].cap = s.r.cfg.MaxTicks
	}
	s.runs = append(s.runs, rn)
	if len(s.runs) > s.r.cfg.MaxRuns {
		s.runs = slices.Delete(s.runs, 0, len(s.runs)-s.r.cfg.MaxRuns)
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
			var costs [2]time.Duration
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
	rn.warmLeft = rn.warmup
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
