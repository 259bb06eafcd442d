package percentile

import (
	"math"
	"slices"
)

// Exact keeps every value and answers quantiles by sorting: nearest rank
// ceil(q·n). It is the ground truth for Histogram and the baseline of the
// percentile workload.
type Exact struct {
	values []int64
	sorted bool
}

// Record adds one value.
func (e *Exact) Record(v int64) { e.values = append(e.values, v); e.sorted = false }

// Count is the number of values recorded.
func (e *Exact) Count() int64 { return int64(len(e.values)) }

// Reset empties e, keeping its storage.
func (e *Exact) Reset() { e.values = e.values[:0]; e.sorted = false }

// Quantile returns the nearest-rank q-quantile, 0 when empty.
func (e *Exact) Quantile(q float64) int64 {
	if len(e.values) == 0 {
		return 0
	}
	if !e.sorted {
		slices.Sort(e.values)
		e.sorted = true
	}
	return e.values[rank(q, int64(len(e.values)))-1]
}

// SortedQuantiles sorts values in place and fills out[i] with the nearest-rank
// qs[i]-quantile. With no values out is zeroed.
func SortedQuantiles(values []int64, qs []float64, out []int64) {
	if len(values) == 0 {
		clear(out[:len(qs)])
		return
	}
	slices.Sort(values)
	for i, q := range qs {
		out[i] = values[rank(q, int64(len(values)))-1]
	}
}

// RelErr is |got-want|/want, with 0/0 taken as 0 and x/0 as +Inf.
func RelErr(got, want int64) float64 {
	if got == want {
		return 0
	}
	if want == 0 {
		return math.Inf(1)
	}
	return math.Abs(float64(got-want)) / float64(want)
}
