package engine

import (
	"time"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/workload"
)

// maxObserverShare is the largest share of an op's cost that timing it may
// take on average. The promise is 5 %; aiming at half of it leaves room for
// an op-cost estimate made on a noisy machine.
const maxObserverShare = 0.025

// maxEvery bounds the sampling: at least one op in maxEvery is timed.
const maxEvery = 1 << 16

// MeasureObserverCost returns what timing one op costs: a clock read
// before, one after, and a histogram record — the sequence a worker runs
// around every op it times.
func MeasureObserverCost() time.Duration {
	var h percentile.Histogram
	const n = 200_000
	best := time.Duration(1 << 62)
	for range 3 { // best of three: the machine is shared
		t0 := workload.Now()
		for range n {
			s := workload.Now()
			h.Record(workload.Now() - s)
		}
		best = min(best, time.Duration(workload.Now()-t0)/n)
	}
	return max(best, 1)
}

// chooseEvery picks the sampling: the smallest power of two n such that
// timing one op in n costs at most maxObserverShare of the ops' run time,
// given the cheaper variant's op cost. Ops that cost 40 times the observer
// or more are all timed.
func chooseEvery(observer, opCost time.Duration) int {
	if opCost <= 0 {
		return 1
	}
	n := 1
	for n < maxEvery && float64(observer) > maxObserverShare*float64(n)*float64(opCost) {
		n *= 2
	}
	return n
}

// estimateOpCost runs w on the calling goroutine for about d, untimed, and
// returns its run time per op: plain ops in five rounds, keeping the
// cheapest (the first warms caches, the minimum resists a noisy neighbour),
// a pipeline in one Run. It returns 0 if nothing completed or it panicked.
func estimateOpCost(w *worker, d time.Duration) (cost time.Duration) {
	defer func() {
		if recover() != nil {
			cost = 0
		}
	}()
	if w.pipe != nil {
		var p probe
		t0 := time.Now()
		w.pipe.Run(func() bool { return time.Since(t0) >= d }, &p)
		if p.ops == 0 {
			return 0
		}
		return time.Since(t0) / time.Duration(p.ops)
	}
	best := time.Duration(1<<63 - 1)
	for range 5 {
		t0 := time.Now()
		n := 0
		for n == 0 || time.Since(t0) < d/5 {
			_ = w.op.Op()
			n++
		}
		best = min(best, time.Since(t0)/time.Duration(n))
	}
	return best
}

// probe is a Recorder that counts and times nothing.
type probe struct{ ops int64 }

func (p *probe) Gap() int                  { return maxEvery }
func (p *probe) Timed(workload.Timing)     { p.ops++ }
func (p *probe) Untimed(c workload.Counts) { p.ops += c.Ops }
func (p *probe) Full()                     {}
func (p *probe) Draining()                 {}
