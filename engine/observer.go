package engine

import (
	"fmt"
	"time"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/workload"
)

// maxObserverShare is the largest share of a timed op or batch the clock read
// and record may take. The promise is 5 %; aiming at half of it leaves room
// for an op-cost estimate made on a noisy machine.
const maxObserverShare = 0.025

// MeasureObserverCost returns what timing one op (or one batch) costs: a
// monotonic clock read before, one after, and a histogram record — the exact
// sequence a worker runs.
func MeasureObserverCost() time.Duration {
	var h percentile.Histogram
	const n = 200_000
	best := time.Duration(1 << 62)
	for range 3 { // best of three: the machine is shared
		t0 := time.Now()
		for range n {
			s := time.Now()
			h.RecordN(int64(time.Since(s)), 1)
		}
		best = min(best, time.Since(t0)/n)
	}
	return max(best, 1)
}

// chooseBatch picks how many ops one clock read covers: the smallest power of
// two for which the observer cost is at most 2.5 % of the batch's run time,
// given the cheaper variant's op cost.
func chooseBatch(observer, opCost time.Duration) int {
	if opCost <= 0 {
		return 1
	}
	b := 1
	for b < 4096 && float64(observer) > maxObserverShare*float64(b)*float64(opCost) {
		b *= 2
	}
	return b
}

// timingLabel says how ops were timed.
func timingLabel(batch int, pipelined bool) string {
	switch {
	case pipelined:
		return "per op (self-timed)"
	case batch <= 1:
		return "per op"
	}
	return fmt.Sprintf("per %d ops", batch)
}

// estimateOpCost runs w's Op on the calling goroutine in five rounds of
// about d/5 each (at least one op a round) and returns the cheapest round's
// mean time per op: the first round warms caches, and the minimum resists a
// noisy neighbour. It returns 0 if the op panicked.
func estimateOpCost(w workload.Worker, d time.Duration) (cost time.Duration) {
	defer func() {
		if recover() != nil {
			cost = 0
		}
	}()
	best := time.Duration(1<<63 - 1)
	for range 5 {
		t0 := time.Now()
		n := 0
		for n == 0 || time.Since(t0) < d/5 {
			_ = w.Op()
			n++
		}
		best = min(best, time.Since(t0)/time.Duration(n))
	}
	return best
}
