package engine

import (
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
// seconds after warm-up.
func (r *run) summarize() (sum [2]Summary, cmp Comparison) {
	n := r.series[0].len()
	var ratios []float64
	for v := range 2 {
		var thr, bps, alloc []float64
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
			if v == 1 {
				b := r.series[0].at(i)
				if b.OpsPerSec > 0 && x.OpsPerSec > 0 {
					ratios = append(ratios, x.OpsPerSec/b.OpsPerSec)
				}
			}
		}
		s.Ops = r.ops[v]
		s.OpsPerSec, s.OpsLo, s.OpsHi = MedianCI(thr)
		s.BytesPerS = median(bps)
		s.AllocPerOp = median(alloc)
		h := &r.hist[v]
		var q [4]int64
		h.Quantiles([]float64{0.5, 0.95, 0.99, 0.999}, q[:])
		s.P50, s.P95, s.P99, s.P999 = time.Duration(q[0]), time.Duration(q[1]), time.Duration(q[2]), time.Duration(q[3])
		s.Max, s.Mean = time.Duration(h.Max()), time.Duration(h.Mean())
		s.LastError = r.lastErr[v]
	}
	cmp.Pairs = len(ratios)
	cmp.Ratio, cmp.Lo, cmp.Hi = MedianCI(ratios)
	return sum, cmp
}
