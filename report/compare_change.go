package report

import (
	"fmt"
	"math"
	"slices"

	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/stats"
)

// change tests metric m of variant v, old run o against new run n, without
// classifying it: the pair's tests are classified together once their
// p-values are adjusted (adjust). What cannot be tested comes back
// NotCompared, and an errors metric with no failure on either side, or none
// in old and some in new, comes back decided without a test.
func (res *Result) change(o, n *snapshot.Run, v int, m Metric) Change {
	c := Change{Variant: o.Variants[v].Variant, Metric: m, BetterHigher: m.higherIsBetter(), P: math.NaN(), RawP: math.NaN()}
	xs, whyOld := m.samples(o, v)
	ys, whyNew := m.samples(n, v)
	c.OldN, c.NewN = len(xs), len(ys)
	notCompared := func(reason string) Change {
		c.Class, c.Reason = NotCompared, reason
		return c
	}
	switch {
	case whyOld != "" && whyNew != "":
		c.Unmeasurable = true
		return notCompared("absent on both sides: " + whyOld)
	case whyOld != "":
		return notCompared("absent in " + res.OldName + ": " + whyOld)
	case whyNew != "":
		return notCompared("absent in " + res.NewName + ": " + whyNew)
	case m.isLatency() && (o.Tails == snapshot.TailsBatchMean) != (n.Tails == snapshot.TailsBatchMean):
		return notCompared(fmt.Sprintf("latency measured differently: %s has %s, %s has %s; a batch mean is not an op's "+
			"latency, so percentiles of the two cannot be compared (record %s again with this mcptop)",
			res.OldName, tailsWords(o), res.NewName, tailsWords(n), res.OldName))
	case m.isErrors() && len(xs) > 0 && len(ys) > 0 && sum(xs) == 0:
		// nothing failed in old: any failure in new is a regression, and
		// none is no change; no test, however few the seconds
		c.OldMedian = 0
		c.NewMedian = stats.Median(slices.Sorted(slices.Values(ys)))
		if sum(ys) == 0 {
			c.Class, c.P, c.RawP, c.ShiftLo, c.ShiftHi = Unchanged, 1, 1, math.NaN(), math.NaN()
			return c
		}
		c.Class, c.FromZero, c.Shift, c.Delta, c.NewMax = Regressed, true, c.NewMedian, math.Inf(1), slices.Max(ys)
		return c
	case len(xs) < MinSamples || len(ys) < MinSamples:
		return notCompared(fmt.Sprintf("too few samples: %d seconds after warm-up in %s, %d in %s; need %d each",
			len(xs), res.OldName, len(ys), res.NewName, MinSamples))
	}
	c.OldMedian = stats.Median(slices.Sorted(slices.Values(xs)))
	c.NewMedian = stats.Median(slices.Sorted(slices.Values(ys)))
	t := compareSeries(xs, ys, res.Alpha)
	c.Lag1, c.Inflation = t.lag1, t.inflation
	if !t.possible {
		return notCompared(fmt.Sprintf("too few samples to reach α = %v: %d and %d seconds after warm-up%s",
			res.Alpha, len(xs), len(ys), dependence(t.inflation)))
	}
	c.Shift, c.ShiftLo, c.ShiftHi = t.shift, t.lo, t.hi
	c.RawP, c.Exact = t.p, t.exact
	c.Delta, c.DeltaLo, c.DeltaHi = rel(t.shift, c.OldMedian), rel(t.lo, c.OldMedian), rel(t.hi, c.OldMedian)
	c.ThresholdExceeded = math.Abs(c.Delta) > res.Threshold && (m != Alloc || math.Abs(c.Shift) >= AllocFloor)
	if m.isErrors() && c.Shift == 0 {
		// the shift of a sample with many tied counts can be 0 while the
		// test sees a difference: the means say which way
		c.Shift = sum(ys)/float64(len(ys)) - sum(xs)/float64(len(xs))
	}
	return c
}

// adjust applies the Holm–Bonferroni adjustment to the p-values of the
// changes tested (those without a class yet), classifies them, and
// returns how many there were.
func (res *Result) adjust(cs []Change) int {
	var idx []int
	var ps []float64
	for i := range cs {
		if cs[i].Class == "" {
			idx, ps = append(idx, i), append(ps, cs[i].RawP)
		}
	}
	for k, p := range stats.Holm(ps) {
		c := &cs[idx[k]]
		c.P = p
		c.Class = res.classify(c)
	}
	return len(idx)
}

// classify decides a tested change: direction-aware, against α on the
// adjusted p-value and against the threshold, which errors ignore (a
// significant rise in failures is a regression however small).
func (res *Result) classify(c *Change) Class {
	worse := c.Shift < 0
	if !c.BetterHigher {
		worse = c.Shift > 0
	}
	switch {
	case !(c.P < res.Alpha):
		return Unchanged
	case c.Metric.isErrors() && worse:
		return Regressed
	case c.Metric.isErrors():
		return Improved
	case !c.ThresholdExceeded:
		return WithinThreshold
	case worse:
		return Regressed
	}
	return Improved
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// tailsWords says how a run's latency percentiles were taken.
func tailsWords(r *snapshot.Run) string {
	if r.Tails == snapshot.TailsBatchMean {
		return fmt.Sprintf("batch means (v1, timed per %d ops)", r.BatchOps)
	}
	return "per-op latencies"
}

// dependence says how much the seconds' autocorrelation weakened a test.
func dependence(inflation float64) string {
	if inflation <= 1 {
		return ""
	}
	return fmt.Sprintf(", autocorrelated (U's variance ×%.2g)", inflation)
}
