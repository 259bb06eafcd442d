package percentile

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// Quantiles the workload reads each op.
var workloadQuantiles = []float64{0.50, 0.95, 0.99}

// Workload is the percentile workload: given a window of N latency samples,
// produce p50/p95/p99. Its implementations sort, select, or record into a
// histogram or sketch; the default pair is the seed's, copy+sort against
// the log-linear histogram. Every op checks its answers against the exact
// ones and fails if one is further off than the implementation's stated
// bound.
func Workload() workload.Workload {
	w := workload.Workload{
		Name:        "percentile",
		Description: "p50/p95/p99 of a window of latencies, checked against the exact answer",
		Params: []workload.Param{{
			Name: "window", Help: "latency samples per percentile calculation", Unit: "samples",
			Default: 100_000, Min: 1_000, Max: 1_000_000, Steps: []int{1_000, 10_000, 100_000, 1_000_000},
		}},
		Pair: [2]string{"sort", "histogram"},
	}
	for _, m := range methods {
		im := workload.Impl{Name: m.name, Label: m.label, Note: "exact",
			New: func(p workload.Params) (workload.Instance, error) { return newInstance(m, p) }}
		if m.bound > 0 {
			im.Note = "approximate: within " + units.Percent(m.bound) + " of exact (stated bound)"
			im.Accuracy = func(p workload.Params) (float64, error) { return accuracy(m, p["window"]) }
		}
		w.Impls = append(w.Impls, im)
	}
	return w
}

// Window returns the workload's fixed, realistic sample set: n log-normal
// latencies (median 50 µs, σ 0.9) from a fixed seed, so every run and every
// implementation see the same numbers.
func Window(n int) []int64 {
	r := rand.New(rand.NewPCG(0x6d63, 0x70746f70))
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(math.Exp(math.Log(50e3) + 0.9*r.NormFloat64()))
	}
	return out
}

// exactOf returns the exact nearest-rank workloadQuantiles of window.
func exactOf(window []int64) []int64 {
	out := make([]int64, len(workloadQuantiles))
	SortedQuantiles(append([]int64(nil), window...), workloadQuantiles, out)
	return out
}

// accuracy runs m once on the window of n samples and returns its largest
// relative error against the exact quantiles. Every op of a run computes
// the same window, so this is the run's largest error too.
func accuracy(m method, n int) (float64, error) {
	if n <= 0 {
		return 0, fmt.Errorf("percentile: window must be positive, got %d", n)
	}
	window := Window(n)
	out := make([]int64, len(workloadQuantiles))
	if err := m.new(n).quantiles(window, out); err != nil {
		return 0, err
	}
	return maxRelErr(out, exactOf(window)), nil
}

func maxRelErr(got, want []int64) float64 {
	e := 0.0
	for i := range want {
		e = max(e, RelErr(got[i], want[i]))
	}
	return e
}

type instance struct {
	m      method
	window []int64 // shared, read-only
	exact  []int64 // the window's exact quantiles, shared, read-only
}

func newInstance(m method, p workload.Params) (workload.Instance, error) {
	n := p["window"]
	if n <= 0 {
		return nil, fmt.Errorf("percentile: window must be positive, got %d", n)
	}
	window := Window(n)
	return &instance{m: m, window: window, exact: exactOf(window)}, nil
}

func (in *instance) Worker(int) workload.Worker {
	return &worker{in: in, q: in.m.new(len(in.window)), out: make([]int64, len(workloadQuantiles))}
}

func (in *instance) BytesPerOp() int64 { return 0 }
func (in *instance) Close() error      { return nil }

// worker answers the question with its own quantiler and checks the answer.
type worker struct {
	in  *instance
	q   quantiler
	out []int64
}

func (w *worker) Op() error {
	if err := w.q.quantiles(w.in.window, w.out); err != nil {
		return err
	}
	return w.check()
}

// check guards against a broken or inaccurate implementation: quantiles
// must be positive and ordered, and each within the stated bound of the
// exact one.
func (w *worker) check() error {
	out := w.out
	if out[0] <= 0 || out[0] > out[1] || out[1] > out[2] {
		return fmt.Errorf("percentile: %s: quantiles out of order: %v", w.in.m.name, out)
	}
	for i, want := range w.in.exact {
		if e := RelErr(out[i], want); e > w.in.m.bound {
			return fmt.Errorf("percentile: %s: p%g is %d, exact %d: %s off, more than its bound %s",
				w.in.m.name, 100*workloadQuantiles[i], out[i], want, units.Percent(e), units.Percent(w.in.m.bound))
		}
	}
	return nil
}
