package engine

import (
	"fmt"
	"runtime"
	"slices"
	"time"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/workload"
)

// maxEdgeShare is the most of a slice filling and draining a pipeline may
// take before the run's slice is lengthened.
const maxEdgeShare = 0.05

// runSlice runs one turn: one variant in alternate mode, both in parallel.
// Usage (allocation, CPU) is read on either side of the turn, with every
// worker parked, so it belongs to the variant that ran.
func (s *sched) runSlice() {
	rn := s.cur
	var vs []int
	if s.mode == Parallel {
		vs = []int{0, 1}
	} else {
		s.lastTurn = 1 - s.lastTurn
		vs = []int{s.lastTurn}
	}
	if s.r.cfg.GCBetween {
		runtime.GC()
	}
	var srv0 [2]workload.ServerUsage
	var meters [2]workload.ServerMeter
	for _, v := range vs {
		if m, ok := s.inst[v].(workload.ServerMeter); ok {
			if u, ok := m.ServerUsage(); ok {
				meters[v], srv0[v] = m, u
			}
		}
	}
	u0 := readUsage(&s.ms)
	t0 := time.Now()
	turnEnd := workload.Now() + int64(rn.slice)
	n := 0
	for _, v := range vs {
		s.stop[v].Store(false)
		for _, w := range s.workers[v] {
			w.turnEnd = turnEnd
			w.start <- struct{}{}
			n++
		}
	}
	s.timer.Reset(rn.slice)
	<-s.timer.C
	for _, v := range vs {
		s.stop[v].Store(true)
	}
	for range n {
		<-s.done
	}
	wall := time.Since(t0)
	used := readUsage(&s.ms).sub(u0)
	for _, v := range vs {
		if meters[v] == nil {
			continue
		}
		if u, ok := meters[v].ServerUsage(); ok {
			t := &s.tick[v]
			t.server.CPU += u.CPU - srv0[v].CPU
			t.server.RSS, t.serverKnown = u.RSS, true
		}
	}
	s.tickRun += wall
	s.turns++
	var ops int64
	for _, v := range vs {
		t := &s.tick[v]
		before := t.all()
		t.fold(s.workers[v], wall)
		ops += t.all() - before
	}
	for _, v := range vs {
		t := &s.tick[v]
		t.use = t.use.add(used)
		t.useOps += ops
	}
	s.lengthenSlice(vs)
}

// lengthenSlice doubles the run's slice while pipelines spend more than
// maxEdgeShare of their turns filling and draining, during warm-up (or in
// the first second when there is none), so that what is measured is a
// steady state and the figures after warm-up all come from one slice
// length.
func (s *sched) lengthenSlice(vs []int) {
	rn := s.cur
	if !rn.pipelined || rn.slice >= MaxSlice || (rn.elapsed >= rn.warmUntil && rn.ticks > 0) {
		return
	}
	for _, v := range vs {
		t := &s.tick[v]
		run := t.active + t.edges
		if run <= 0 || float64(t.edges) <= maxEdgeShare*float64(run) {
			continue
		}
		share := float64(t.edges) / float64(run)
		rn.slice = min(2*rn.slice, MaxSlice)
		rn.sliceNote = fmt.Sprintf("slice lengthened to %v: filling and draining took %.0f%% of a %v turn",
			rn.slice, 100*share, rn.slice/2)
		return
	}
}

// tickDue reports whether the current second can close: a tick's worth of
// running, and in alternate mode a turn of each variant since the last one,
// so that every second holds both.
func (s *sched) tickDue() bool {
	return s.tickRun >= s.r.cfg.Tick && (s.mode == Parallel || s.turns%2 == 0)
}

// emitTick closes the current second: one Sample per variant into the run,
// and an Update out.
func (s *sched) emitTick() {
	rn := s.cur
	now := time.Now()
	rn.ticks++
	rn.elapsed += s.tickRun
	// A second is warm-up when it starts within the warm-up's measured
	// time: a count of seconds, not of ticks, since a tick of long slices
	// (a pipeline at a large size) lasts longer than a second.
	warm := rn.elapsed-s.tickRun < rn.warmUntil
	if warm {
		rn.warmTicks++
	}
	var samples [2]Sample
	for v := range 2 {
		samples[v] = s.tick[v].sample(rn.ticks, now, warm)
		samples[v].Heap, samples[v].RSS = s.memory()
	}
	if f := s.r.cfg.OnTick; f != nil {
		f(TickInfo{Workload: rn.w.Name, Impls: [2]string{rn.impls[0].Name, rn.impls[1].Name}, Params: rn.params, Samples: samples,
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
			rn.post[v].add(t)
		}
		t.clear()
	}
	s.tickRun, s.turns = 0, 0
	u := s.update()
	u.Tick = true
	u.Samples = samples
	u.Summary, u.Compare = rn.summarize()
	u.Checks = Calibrate(rn.expect, u.Summary, u.Compare)
	for v := range 2 {
		u.Dist[v] = rn.post[v].h.Buckets()
	}
	s.r.send(u)
	s.capacityTick()
	s.afterTick(rn.ticks)
}

// afterTick keeps what a reader does with a tick out of the next slices:
// the reader (the dashboard) wakes up now, rebuilds its charts and draws a
// frame, and that work allocates and burns CPU that would otherwise be
// charged to whichever variant runs next. The scheduler waits
// Config.ReaderPause with no worker running, and the variant that takes
// the first turn of a second alternates from one second to the next, so
// that what still lands in a slice lands on both alike.
func (s *sched) afterTick(tick int) {
	s.lastTurn = tick % 2 // the next turn is the other one
	if d := s.r.cfg.ReaderPause; d > 0 {
		s.timer.Reset(d)
		<-s.timer.C
	}
}

// memory is the Go heap in use (from the last ReadMemStats) and the
// process's resident set (0 where it cannot be read).
func (s *sched) memory() (heap, rss int64) {
	rss, _ = residentBytes()
	return int64(s.ms.HeapAlloc), rss
}

// startInstances builds both variants of rn and parks their workers; on
// failure the error is kept and shown, and nothing runs.
func (s *sched) startInstances(rn *run) {
	s.cur = rn
	s.err = nil
	own := rn.params.Without(WorkersParam.Name)
	if rn.w.Starting != "" {
		s.say(rn.w.Starting)
	}
	for v := range 2 {
		in, err := newInstance(rn.impls[v], own)
		if err != nil {
			s.err = fmt.Errorf("%s %s (%s): %w", rn.w.Name, rn.impls[v].Name, workload.Variants[v].Letter(), err)
			s.closeInstances()
			return
		}
		s.inst[v] = in
		if l, ok := in.(workload.Labeled); ok && l.Label() != "" {
			rn.impls[v].Label = l.Label()
		}
		rn.kinds[v] = kindsOf(in)
	}
	n := rn.params[WorkersParam.Name]
	s.done = make(chan *worker, 2*n)
	for v := range 2 {
		s.workers[v] = make([]*worker, n)
		for i := range n {
			op := s.inst[v].Worker(i)
			w := &worker{op: op, stop: &s.stop[v], start: make(chan struct{}, 1), done: s.done}
			if k := len(rn.kinds[v]); k > 0 {
				w.res.kinds = make([]kindAcc, k)
			}
			if p, ok := op.(workload.Pipeline); ok {
				w.pipe = p
				rn.pipelined = true
			}
			s.workers[v][i] = w
		}
		s.tick[v] = tickAcc{bytesPer: s.inst[v].BytesPerOp()}
	}
	if rn.every == 0 {
		s.chooseSampling(rn)
	}
	for v := range 2 {
		for i, w := range s.workers[v] {
			w.smp = newSampler(rn.every, uint64(rn.id)<<32|uint64(v)<<16|uint64(i)+0x9e3779b97f4a7c15)
			w.gap = w.smp.gap()
			s.wg.Add(1)
			go w.loop(&s.wg)
		}
	}
	rn.warmUntil = rn.elapsed + time.Duration(rn.warmup)*s.r.cfg.Tick
	s.tickRun, s.turns = 0, 0
}

// kindsOf is the kinds of op an instance makes, if it names several (at
// most workload.MaxKinds are kept apart; more count in total only).
func kindsOf(in workload.Instance) []string {
	kd, ok := in.(workload.Kinded)
	if !ok {
		return nil
	}
	names := kd.Kinds()
	if len(names) == 0 || len(names) > workload.MaxKinds {
		return nil
	}
	return slices.Clone(names)
}

// chooseSampling measures each variant's op cost on its first worker and picks
// the run's sampling: one op in every is timed, the smallest power of two
// that keeps the observer under maxObserverShare of the cheaper variant's
// ops.
func (s *sched) chooseSampling(rn *run) {
	var cost [2]time.Duration
	for v := range 2 {
		cost[v] = estimateOpCost(s.workers[v][0], 20*time.Millisecond)
	}
	rn.every = chooseEvery(s.r.observer, min(cost[0], cost[1]))
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
	s.tickRun, s.turns = 0, 0
}

func (s *sched) closeInstances() {
	for v := range 2 {
		if s.inst[v] != nil {
			if err := s.inst[v].Close(); err != nil && s.err == nil {
				s.err = fmt.Errorf("closing %s (%s): %w", s.cur.impls[v].Name, workload.Variants[v].Letter(), err)
			}
			s.inst[v] = nil
		}
	}
}
