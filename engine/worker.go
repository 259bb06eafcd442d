package engine

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/workload"
)

// worker is one goroutine of one variant. Between slices it is parked on
// start; the scheduler reads and resets its results only after the worker
// has sent itself on done, so nothing here needs a lock.
type worker struct {
	op    workload.Worker
	pipe  workload.Pipeline // non-nil when op is pipelined
	stop  *atomic.Bool
	start chan struct{}
	done  chan<- *worker
	smp   sampler
	gap   int // ops left untimed before the next timed one

	// turnEnd is when the current slice is planned to end (workload.Turn)
	turnEnd int64
	// open: the current Run reported open-loop ops (Timing.Sent, Counts.Open)
	open bool
	// a pipeline's phase in the current slice, and when it began
	phase   phase
	t0      int64 // the slice's start, for this worker
	fullAt  int64
	drainAt int64

	res sliceResult
}

// phase is where a pipeline is in one Run.
type phase uint8

const (
	filling phase = iota
	steady
	draining
)

// sliceResult is what one worker did in one slice.
type sliceResult struct {
	latencies
	sliceCounts
}

// latencies are the histograms a worker's slice and a variant's second
// both keep.
type latencies struct {
	h  percentile.Histogram // steady successful ops' latencies
	eh percentile.Histogram // failed ops' latencies, every phase
	sh percentile.Histogram // steady successful open-loop ops' service times
	// kinds are the figures of each kind of op, for an instance of several
	// (workload.Kinded); nil otherwise.
	kinds []kindAcc
}

// add merges o's histograms into l's.
func (l *latencies) add(o *latencies) {
	l.h.Merge(&o.h)
	l.eh.Merge(&o.eh)
	l.sh.Merge(&o.sh)
	addKinds(&l.kinds, o.kinds)
}

// reset empties every histogram, keeping their storage.
func (l *latencies) reset() {
	l.h.Reset()
	l.eh.Reset()
	l.sh.Reset()
	for i := range l.kinds {
		l.kinds[i].reset()
	}
}

// sliceCounts are a sliceResult's figures besides its histograms.
type sliceCounts struct {
	opCounts
	timed   int64 // ops timed, every phase
	steady  time.Duration
	edges   time.Duration // time spent filling and draining
	sched   workload.Schedule
	lastErr error
}

// opCounts are the ops completed, by outcome.
type opCounts struct {
	ok        int64 // successful ops completed in the steady phase
	errs      int64 // failed ops, every phase
	timeouts  int64 // of errs, given up
	fillDrain int64 // successful ops completed while filling or draining
}

// outcome is what became of one op, for the counts.
type outcome uint8

const (
	succeeded outcome = iota // in the steady phase
	edge                     // succeeded while filling or draining
	failed
)

// one counts an op of outcome o (timed out, if it failed so).
func (c *opCounts) one(o outcome, timeout bool) {
	switch o {
	case succeeded:
		c.ok++
	case edge:
		c.fillDrain++
	default:
		c.errs++
		if timeout {
			c.timeouts++
		}
	}
}

// counted adds the untimed ops n, their successes steady ones or not.
func (c *opCounts) counted(n workload.Counts, steady bool) {
	if good := n.Ops - n.Errs; steady {
		c.ok += good
	} else {
		c.fillDrain += good
	}
	c.errs += n.Errs
	c.timeouts += n.Timeouts
}

// all counts every op completed, failed or not, in any phase.
func (c *opCounts) all() int64 { return c.ok + c.errs + c.fillDrain }

// errorRate is the share of all ops that failed; 0 without ops.
func (c *opCounts) errorRate() float64 {
	if n := c.all(); n > 0 {
		return float64(c.errs) / float64(n)
	}
	return 0
}

func (c *opCounts) add(o opCounts) {
	c.ok += o.ok
	c.errs += o.errs
	c.timeouts += o.timeouts
	c.fillDrain += o.fillDrain
}

// kindAcc is one kind of op's part of a slice, a second or a run.
type kindAcc struct {
	h percentile.Histogram // steady successful ops' latencies
	opCounts
}

func (k *kindAcc) add(o *kindAcc) {
	k.h.Merge(&o.h)
	k.opCounts.add(o.opCounts)
}

func (k *kindAcc) reset() {
	k.h.Reset()
	k.opCounts = opCounts{}
}

// addKinds adds src into dst, kind by kind, making dst as long as src.
func addKinds(dst *[]kindAcc, src []kindAcc) {
	if len(src) == 0 {
		return
	}
	if len(*dst) < len(src) {
		*dst = append(*dst, make([]kindAcc, len(src)-len(*dst))...)
	}
	for i := range src {
		(*dst)[i].add(&src[i])
	}
}

func (r *sliceResult) reset() {
	r.latencies.reset()
	r.sliceCounts = sliceCounts{}
}

func (r *sliceResult) fail(err error) {
	r.errs++
	r.lastErr = err
}

// kind is the figures of kind k, nil for an instance of one kind.
func (r *sliceResult) kind(k uint8) *kindAcc {
	if r.kinds == nil {
		return nil
	}
	return &r.kinds[int(k)%len(r.kinds)]
}

func (w *worker) loop(wg *sync.WaitGroup) {
	defer wg.Done()
	for range w.start {
		if w.pipe != nil {
			w.runPipeline()
		} else {
			w.runOps()
		}
		w.done <- w
	}
}

// runOps runs plain ops until the slice ends. Its active time ends when its
// last op does, not when the slowest worker of the variant finishes.
func (w *worker) runOps() {
	t0 := workload.Now()
	for !w.stop.Load() {
		w.opLoop()
	}
	w.res.steady += time.Duration(workload.Now() - t0)
}

// opLoop runs ops until the slice ends or one panics (a panic counts as a
// failed op and keeps its message). Every op is counted; the sampled ones
// (see sampler) are timed one by one, each between two clock reads. The
// untimed path adds a countdown and a count to the op, nothing else.
func (w *worker) opLoop() {
	op, stop, res := w.op, w.stop, &w.res
	gap := w.gap
	var ok int64
	defer func() {
		res.ok += ok
		w.gap = gap
		if p := recover(); p != nil {
			res.fail(fmt.Errorf("panic: %v", p))
		}
	}()
	for !stop.Load() {
		if gap > 0 {
			gap--
			if err := op.Op(); err != nil {
				res.fail(err)
			} else {
				ok++
			}
			continue
		}
		gap = w.smp.gap()
		s := workload.Now()
		err := op.Op()
		e := workload.Now()
		res.timed++
		if err != nil {
			res.eh.Record(e - s)
			res.fail(err)
		} else {
			ok++
			res.h.Record(e - s)
		}
	}
}

// runPipeline runs one Run of a pipelined worker and closes its phases.
func (w *worker) runPipeline() {
	w.phase, w.t0, w.open = filling, workload.Now(), false
	defer func() {
		if p := recover(); p != nil {
			w.res.fail(fmt.Errorf("panic: %v", p))
		}
		end := workload.Now()
		switch w.phase {
		case filling: // never reached its depth: all of it was filling
			w.res.edges += time.Duration(end - w.t0)
		case steady: // returned without saying it drained
			w.res.steady += time.Duration(end - w.fullAt)
		case draining:
			w.res.edges += time.Duration(end - w.drainAt)
		}
	}()
	w.pipe.Run(w.stop.Load, w)
}

// Gap implements workload.Recorder.
func (w *worker) Gap() int { return w.smp.gap() }

// TurnEnd implements workload.Turn: when the scheduler plans to end the
// slice, so that an open loop's timetable ends there exactly.
func (w *worker) TurnEnd() int64 { return w.turnEnd }

// Timed implements workload.Recorder. An open-loop op (Sent set) was sent
// in the steady phase, so it counts as steady wherever it completes; its
// service time goes to a histogram of its own.
func (w *worker) Timed(t workload.Timing) {
	r := &w.res
	r.timed++
	w.open = w.open || t.Sent != 0
	o := succeeded
	switch {
	case t.Err != nil:
		o = failed
		r.eh.Record(t.End - t.Start)
		r.lastErr = t.Err
	case w.phase != steady && t.Sent == 0:
		o = edge
	}
	r.one(o, t.Timeout)
	k := r.kind(t.Kind)
	if k != nil {
		k.one(o, t.Timeout)
	}
	if o != succeeded || t.Start < w.fullAt { // issued in the steady phase too
		return
	}
	r.h.Record(t.End - t.Start)
	if k != nil {
		k.h.Record(t.End - t.Start)
	}
	if t.Sent != 0 {
		r.sh.Record(t.End - t.Sent)
	}
}

// Untimed implements workload.Recorder.
func (w *worker) Untimed(c workload.Counts) {
	r := &w.res
	w.open = w.open || c.Open
	steady := w.phase == steady || c.Open
	r.counted(c, steady)
	if k := r.kind(c.Kind); k != nil {
		k.counted(c, steady)
	}
	r.sched.Add(c.Sched)
	if c.Last != nil {
		r.lastErr = c.Last
	}
}

// Full implements workload.Recorder.
func (w *worker) Full() {
	if w.phase == filling {
		w.fullAt = workload.Now()
		w.res.edges += time.Duration(w.fullAt - w.t0)
		w.phase = steady
	}
}

// Draining implements workload.Recorder.
func (w *worker) Draining() {
	switch w.phase {
	case filling: // stopped before it was ever full
		w.Full()
		fallthrough
	case steady:
		w.drainAt = workload.Now()
		if w.open && w.turnEnd > 0 && w.drainAt > w.turnEnd {
			// An open loop's timetable ended at the turn's end: however
			// late it got to say so, its steady time ends there too.
			w.drainAt = max(w.turnEnd, w.fullAt)
		}
		w.res.steady += time.Duration(w.drainAt - w.fullAt)
		w.phase = draining
	}
}

// sampler draws the gaps between timed ops: uniform on [0, span), so that
// one op in about (span+1)/2 is timed and every op is equally likely to be;
// the randomness keeps a periodic stall from hiding between samples.
type sampler struct {
	x    uint64 // xorshift state, never 0
	span uint64
}

// newSampler times one op in every (about) `every`, a power of two.
func newSampler(every int, seed uint64) sampler {
	return sampler{x: seed | 1, span: uint64(2*every - 1)}
}

func (s *sampler) gap() int {
	if s.span <= 1 {
		return 0
	}
	s.x ^= s.x << 13
	s.x ^= s.x >> 7
	s.x ^= s.x << 17
	return int(s.x % s.span)
}
