package engine

import (
	"strconv"
	"time"

	"github.com/mcptop/mcptop/workload"
)

// run is one workload measured with one set of parameters and one mode. The
// scheduler writes it; Snapshot reads it on the scheduler goroutine (or
// after the scheduler ended).
type run struct {
	id        int
	w         workload.Workload
	impls     [2]workload.Impl // sides A and B
	params    workload.Params  // including "workers"
	mode      Mode
	slice     time.Duration // the turn length now
	sliceNote string        // why it is longer than asked
	warmup    int
	every     int // about one op in every is timed; 0 until calibrated
	pipelined bool
	load      workload.Load      // closed loop, or an open loop's rate
	kinds     [2][]string        // each side's kinds of op, for an instance of several
	expect    *workload.Expected // the truth, for a workload of known cost
	started   time.Time

	series    [2]ring
	ticks     int           // seconds measured, including dropped ones
	elapsed   time.Duration // running time measured
	warmUntil time.Duration // measured time at which the current start's warm-up ends
	warmTicks int           // seconds that were warm-up
	post      [2]runTotals  // after warm-up
	errs      [2]int64      // whole run
	lastErr   [2]string
	allocOK   bool
	gcBetween bool
	maxErrors float64   // the largest error rate a comparable variant has
	scratch   []float64 // summarize's buffers
}

// runTotals are one variant's sums over the seconds after warm-up.
type runTotals struct {
	latencies
	opCounts
	sched         workload.Schedule
	timed         int64
	active, edges time.Duration
	wall          time.Duration
	use           usage
	useOps        int64
	server        workload.ServerUsage // CPU summed, RSS the largest
	serverKnown   bool
}

// add folds one closed second in.
func (t *runTotals) add(a *tickAcc) {
	t.latencies.add(&a.latencies)
	t.opCounts.add(a.opCounts)
	t.sched.Add(a.sched)
	t.timed += a.timed
	t.active += a.active
	t.edges += a.edges
	t.wall += a.wall
	t.use = t.use.add(a.use)
	t.useOps += a.useOps
	if a.serverKnown {
		t.serverKnown = true
		t.server.CPU += a.server.CPU
		t.server.RSS = max(t.server.RSS, a.server.RSS)
	}
}

// timing says how the run's latencies were taken.
func (rn *run) timing() string {
	s := "every op"
	if rn.every > 1 {
		s = "1 in " + strconv.Itoa(rn.every) + " ops (random sample)"
	}
	if rn.pipelined {
		s += ", self-timed"
	}
	if rn.load.Open() {
		s += ", from the intended send time (open loop)"
	}
	return s
}

// observerShare is the measured share of active time spent timing ops.
func (rn *run) observerShare(observer time.Duration) float64 {
	var timed int64
	var active time.Duration
	for v := range 2 {
		timed += rn.post[v].timed
		active += rn.post[v].active
	}
	if active <= 0 {
		return 0
	}
	return float64(timed) * float64(observer) / float64(active)
}

// ring keeps the newest cap samples.
type ring struct {
	buf     []Sample
	head    int // index of the oldest sample once full
	cap     int
	dropped int
}

func (r *ring) push(s Sample) {
	if len(r.buf) < r.cap {
		r.buf = append(r.buf, s)
		return
	}
	r.buf[r.head] = s
	r.head = (r.head + 1) % r.cap
	r.dropped++
}

// each calls f on every sample, oldest first.
func (r *ring) each(f func(Sample)) {
	for i := range r.buf {
		f(r.buf[(r.head+i)%len(r.buf)])
	}
}

func (r *ring) len() int { return len(r.buf) }

// at returns the i-th oldest sample.
func (r *ring) at(i int) Sample { return r.buf[(r.head+i)%len(r.buf)] }

// summarize computes both variants' summaries and the comparison from the
// seconds after warm-up. Throughput statistics use only the seconds in
// which a variant ran, in time order (their autocorrelation matters). It
// works in a scratch buffer the run keeps, so a day-long run costs a few
// sorts a second and no garbage.
func (rn *run) summarize() (sum [2]Summary, cmp Comparison) {
	n := rn.series[0].len()
	if cap(rn.scratch) < 2*n {
		rn.scratch = make([]float64, 2*n, 2*n+2*3600) // room for another hour
	}
	vals, sorted := rn.scratch[:0:n], rn.scratch[n:2*n]
	for v := range 2 {
		s := &sum[v]
		rn.throughputs(v, s, vals, sorted)
		rn.post[v].fill(s)
		s.Methods = rn.post[v].methods(rn.kinds[v])
		s.LastError = rn.lastErr[v]
	}
	cmp = rn.compare(vals, sorted)
	cmp.ErrorRate = [2]float64{sum[0].ErrorRate, sum[1].ErrorRate}
	cmp.MaxErrors = rn.maxErrors
	return sum, cmp
}

// fill sets s's totals, rates and latencies from t.
func (t *runTotals) fill(s *Summary) {
	s.Ops, s.Errors, s.Timeouts = t.ok, t.errs, t.timeouts
	s.FillDrainOps, s.Timed = t.fillDrain, t.timed
	s.ErrorRate = t.errorRate()
	var q [4]int64
	t.h.Quantiles([]float64{0.5, 0.95, 0.99, 0.999}, q[:])
	s.P50, s.P95, s.P99, s.P999 = time.Duration(q[0]), time.Duration(q[1]), time.Duration(q[2]), time.Duration(q[3])
	s.Max, s.Mean = time.Duration(t.h.Max()), time.Duration(t.h.Mean())
	t.eh.Quantiles([]float64{0.5, 0.99}, q[:2])
	s.ErrP50, s.ErrP99, s.ErrMax = time.Duration(q[0]), time.Duration(q[1]), time.Duration(t.eh.Max())
	s.AllocPerOp, s.AllocsPerOp, s.CPUPerOp = perOp(t.use, t.useOps)
	if t.wall > 0 {
		s.CPUPercent = 100 * t.use.cpu.Seconds() / t.wall.Seconds()
	}
	if run := t.active + t.edges; run > 0 {
		s.FillDrainShare = float64(t.edges) / float64(run)
	}
	if t.serverKnown {
		s.ServerKnown, s.ServerRSS = true, t.server.RSS
		if all := t.all(); all > 0 {
			s.ServerCPUPer1k = time.Duration(float64(t.server.CPU) * 1000 / float64(all))
		}
	}
	t.fillOpen(&s.OpenLoop)
}

// fillOpen sets an open loop's figures: its timetable's and the service
// times.
func (t *runTotals) fillOpen(o *OpenLoop) {
	o.Sent, o.Missed, o.Capped, o.Behind = t.sched.Sent, t.sched.Missed, t.sched.Capped, time.Duration(t.sched.Behind)
	if t.active > 0 {
		o.SentPerSec = float64(t.sched.Sent) / t.active.Seconds()
	}
	if t.sh.Count() == 0 {
		return
	}
	var q [4]int64
	t.sh.Quantiles([]float64{0.5, 0.95, 0.99, 0.999}, q[:])
	o.SvcP50, o.SvcP95, o.SvcP99, o.SvcP999 = time.Duration(q[0]), time.Duration(q[1]), time.Duration(q[2]), time.Duration(q[3])
	o.SvcMax, o.SvcMean = time.Duration(t.sh.Max()), time.Duration(t.sh.Mean())
}

// methods summarizes each kind of op, named by names; nil for an instance
// of one kind.
func (t *runTotals) methods(names []string) []MethodSummary {
	if len(names) == 0 {
		return nil
	}
	out := make([]MethodSummary, len(names))
	for i, name := range names {
		m := &out[i]
		m.Name = name
		if i >= len(t.kinds) {
			continue
		}
		k := &t.kinds[i]
		m.Ops, m.Errors, m.Timeouts, m.FillDrainOps = k.ok, k.errs, k.timeouts, k.fillDrain
		m.ErrorRate = k.errorRate()
		if t.active > 0 {
			m.OpsPerSec = float64(k.ok) / t.active.Seconds()
		}
		var q [4]int64
		k.h.Quantiles([]float64{0.5, 0.95, 0.99, 0.999}, q[:])
		m.P50, m.P95, m.P99, m.P999 = time.Duration(q[0]), time.Duration(q[1]), time.Duration(q[2]), time.Duration(q[3])
		m.Max, m.Mean = time.Duration(k.h.Max()), time.Duration(k.h.Mean())
	}
	return out
}
