package engine

import (
	"slices"
	"time"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/workload"
)

// run is one workload measured with one set of parameters and one mode. Its
// data is written by the scheduler and read by Snapshot, both under
// Runner.mu.
type run struct {
	id      int
	w       workload.Workload
	params  workload.Params // including "workers"
	mode    Mode
	slice   time.Duration
	warmup  int
	batch   int // 0 until calibrated
	timing  string
	started time.Time

	series   [2]ring
	ticks    int           // seconds measured, including dropped ones
	elapsed  time.Duration // running time measured
	warmLeft int           // warm-up seconds still to come
	hist     [2]percentile.Histogram
	ops      [2]int64 // after warm-up
	errs     [2]int64 // whole run
	lastErr  [2]string
	allocOK  bool
	scratch  []float64 // summarize's sort buffer
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
// seconds after warm-up. It sorts each metric in a scratch buffer the run
// keeps, so a day-long run costs a few sorts a second and no garbage.
func (r *run) summarize() (sum [2]Summary, cmp Comparison) {
	n := r.series[0].len()
	if cap(r.scratch) < 3*n {
		r.scratch = make([]float64, 3*n, 3*n+3*3600) // room for another hour
	}
	buf := r.scratch[:3*n]
	for v := range 2 {
		thr, bps, alloc := buf[:0:n], buf[n:n:2*n], buf[2*n:2*n:3*n]
		s := &sum[v]
		for i := range n {
			x := r.series[v].at(i)
			if x.Warmup {
				continue
			}
			s.Ticks++
			s.Errors += x.Errors
			thr = append(thr, x.OpsPerSec)
			bps = append(bps, x.BytesPerS)
			alloc = append(alloc, x.AllocPerOp)
		}
		slices.Sort(thr)
		slices.Sort(bps)
		slices.Sort(alloc)
		s.Ops = r.ops[v]
		s.OpsPerSec, s.OpsLo, s.OpsHi = medianCISorted(thr)
		s.BytesPerS, _, _ = medianCISorted(bps)
		s.AllocPerOp, _, _ = medianCISorted(alloc)
		h := &r.hist[v]
		var q [4]int64
		h.Quantiles([]float64{0.5, 0.95, 0.99, 0.999}, q[:])
		s.P50, s.P95, s.P99, s.P999 = time.Duration(q[0]), time.Duration(q[1]), time.Duration(q[2]), time.Duration(q[3])
		s.Max, s.Mean = time.Duration(h.Max()), time.Duration(h.Mean())
		s.LastError = r.lastErr[v]
	}
	ratios := buf[:0:n]
	for i := range n {
		b, o := r.series[0].at(i), r.series[1].at(i)
		if !o.Warmup && b.OpsPerSec > 0 && o.OpsPerSec > 0 {
			ratios = append(ratios, o.OpsPerSec/b.OpsPerSec)
		}
	}
	slices.Sort(ratios)
	cmp.Pairs = len(ratios)
	cmp.Ratio, cmp.Lo, cmp.Hi = medianCISorted(ratios)
	return sum, cmp
}
