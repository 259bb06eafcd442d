package percentile

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/mcptop/mcptop/workload"
)

// Quantiles the workload reads each op.
var workloadQuantiles = []float64{0.50, 0.95, 0.99}

// Workload is the percentile workload: given a window of N latency samples,
// produce p50/p95/p99. Baseline copies, sorts and indexes; optimised records
// the window into a Histogram and reads three quantiles.
func Workload() workload.Workload {
	return workload.Workload{
		Name:        "percentile",
		Description: "p50/p95/p99 of a window of latencies: sort+index vs log-linear histogram",
		Labels:      [2]string{"copy, sort, index", "log-linear histogram"},
		Params: []workload.Param{{
			Name: "window", Help: "latency samples per percentile calculation", Unit: "samples",
			Default: 100_000, Min: 1_000, Max: 1_000_000, Steps: []int{1_000, 10_000, 100_000, 1_000_000},
		}},
		New: newInstance,
	}
}

// Window returns the workload's fixed, realistic sample set: n log-normal
// latencies (median 50 µs, σ 0.9) from a fixed seed, so every run and both
// variants see the same numbers.
func Window(n int) []int64 {
	r := rand.New(rand.NewPCG(0x6d63, 0x70746f70))
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(math.Exp(math.Log(50e3) + 0.9*r.NormFloat64()))
	}
	return out
}

type instance struct {
	v      workload.Variant
	window []int64 // shared, read-only
}

func newInstance(v workload.Variant, p workload.Params) (workload.Instance, error) {
	n := p["window"]
	if n <= 0 {
		return nil, fmt.Errorf("percentile: window must be positive, got %d", n)
	}
	return &instance{v: v, window: Window(n)}, nil
}

func (in *instance) Worker(int) workload.Worker {
	if in.v == workload.Optimised {
		return &histogramWorker{window: in.window, out: make([]int64, len(workloadQuantiles))}
	}
	return &sortWorker{window: in.window, scratch: make([]int64, len(in.window)), out: make([]int64, len(workloadQuantiles))}
}

func (in *instance) BytesPerOp() int64 { return 0 }
func (in *instance) Close() error      { return nil }

// sortWorker is the baseline: copy the window, sort it, index by nearest rank.
type sortWorker struct {
	window, scratch, out []int64
}

func (w *sortWorker) Op() error {
	copy(w.scratch, w.window)
	SortedQuantiles(w.scratch, workloadQuantiles, w.out)
	return check(w.out)
}

// histogramWorker is the optimised variant: record the window, read quantiles.
type histogramWorker struct {
	h           Histogram
	window, out []int64
}

func (w *histogramWorker) Op() error {
	w.h.Reset()
	for _, v := range w.window {
		w.h.Record(v)
	}
	w.h.Quantiles(workloadQuantiles, w.out)
	return check(w.out)
}

// check guards against a silently broken variant: quantiles must be positive
// and ordered.
func check(out []int64) error {
	if out[0] <= 0 || out[0] > out[1] || out[1] > out[2] {
		return fmt.Errorf("percentile: quantiles out of order: %v", out)
	}
	return nil
}
