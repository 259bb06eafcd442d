package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

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
	impls   map[string][2]string       // per workload, the implementations of sides A and B
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
	turns    int // turns taken in the current second
	timer    *time.Timer
	ms       runtime.MemStats
	lastTurn int // variant that ran last in alternate mode

	cap *capSearch // a capacity search (Config.Capacity); nil for none
}

func newSched(r *Runner, params map[string]workload.Params, impls map[string][2]string) *sched {
	s := &sched{
		r:       r,
		current: r.cfg.Workload,
		params:  params,
		impls:   impls,
		mode:    r.cfg.Mode,
		active:  map[string]*run{},
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
		if s.tickDue() {
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

// update describes the current state. Only a tick's Update carries the
// run's summary and distributions (they cost a sort and an allocation);
// others say what changed.
func (s *sched) update() Update {
	u := Update{
		Seq: s.seq, Notice: s.notice, Rejected: s.reject,
		Mode: s.mode, Slice: s.r.cfg.Slice, ObserverCost: s.r.observer,
		Dropped: s.r.dropped.Load(), Workload: s.current, State: Running,
	}
	u.Err = s.err
	if s.paused {
		u.State = Paused
	}
	rn := s.cur
	if rn == nil {
		return u
	}
	u.RunID = rn.id
	for v := range 2 {
		u.Impls[v], u.Labels[v] = rn.impls[v].Name, rn.impls[v].Label
	}
	u.Params = rn.params.Clone()
	u.Load = rn.load
	if s.cap != nil {
		u.Capacity = s.cap.state
	}
	u.Slice, u.SliceNote = rn.slice, rn.sliceNote
	u.Timing, u.TimedEvery = rn.timing(), rn.every
	u.ObserverShare = rn.observerShare(s.r.observer)
	u.Warmup = rn.elapsed < rn.warmUntil
	u.Elapsed = rn.elapsed
	for v := range 2 {
		u.Errors[v] = rn.errs[v]
		u.LastError[v] = rn.lastErr[v]
	}
	return u
}

func (s *sched) notify() { s.r.send(s.update()) }

// say sends an Update that says notice, outside any command.
func (s *sched) say(notice string) {
	u := s.update()
	u.Notice = notice
	s.r.send(u)
}

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

func (s *sched) setImpl(side workload.Variant, name string) (string, error) {
	if side != workload.Baseline && side != workload.Optimised {
		return "", fmt.Errorf("unknown side %d", side)
	}
	w := s.workload(s.current)
	if err := w.CheckImpl(name); err != nil {
		return "", err
	}
	pair := s.impls[s.current]
	old := pair[side]
	if old == name {
		return "", nil
	}
	pair[side] = name
	s.impls[s.current] = pair
	s.restart(false)
	return fmt.Sprintf("%s %s → %s", side.Letter(), old, name), nil
}

// errOneImpl reports a workload with nothing to step to.
var errOneImpl = errors.New("has no other implementation")

func (s *sched) stepImpl(side workload.Variant, dir int) (string, error) {
	if side != workload.Baseline && side != workload.Optimised {
		return "", fmt.Errorf("unknown side %d", side)
	}
	w := s.workload(s.current)
	pair := s.impls[s.current]
	names := w.ImplNames()
	i := slices.Index(names, pair[side])
	step := 1
	if dir < 0 {
		step = len(names) - 1
	}
	for range len(names) {
		i = (i + step) % len(names)
		if names[i] != pair[side] && names[i] != pair[1-side] {
			return s.setImpl(side, names[i])
		}
	}
	return "", fmt.Errorf("workload %s %w for side %s", s.current, errOneImpl, side.Letter())
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
	w := s.workload(name)
	rn := &run{
		id: s.nextID, w: w, params: s.params[name].Clone(),
		mode: s.mode, slice: s.r.cfg.Slice, warmup: s.r.cfg.Warmup, started: time.Now(),
		allocOK: s.mode == Alternate, gcBetween: s.r.cfg.GCBetween, maxErrors: s.r.cfg.MaxErrors,
		load: workload.LoadOf(s.params[name]),
	}
	for v := range 2 {
		rn.series[v].cap = s.r.cfg.MaxTicks
		rn.impls[v], _ = w.Impl(s.impls[name][v])
	}
	if rn.w.Expect != nil {
		rn.expect = rn.w.Expect(rn.params.Clone())
	}
	s.runs = append(s.runs, rn)
	if len(s.runs) > s.r.cfg.MaxRuns {
		s.runs = slices.Delete(s.runs, 0, len(s.runs)-s.r.cfg.MaxRuns)
	}
	s.active[name] = rn
	return rn
}

// newInstance calls the implementation's constructor, turning a panic into
// an error.
func newInstance(im workload.Impl, p workload.Params) (in workload.Instance, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic in setup: %v", r)
		}
	}()
	return im.New(p)
}
