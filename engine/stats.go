package engine

import (
	"slices"

	"github.com/mcptop/mcptop/stats"
)

// throughputs sets s's seconds and throughput figures for variant v: the
// seconds after warm-up and those of them the variant ran in, the median
// throughput of the latter with its interval (stats.SeriesCI: the seconds in
// time order, so that their autocorrelation is allowed for), and their
// median bytes/s. vals and sorted are scratch space for the run's seconds.
func (rn *run) throughputs(v int, s *Summary, vals, sorted []float64) {
	vals = vals[:0]
	for i := range rn.series[v].len() {
		x := rn.series[v].at(i)
		if x.Warmup {
			continue
		}
		s.Ticks++
		if x.Ran {
			s.ActiveTicks++
			vals = append(vals, x.OpsPerSec)
		}
	}
	in := stats.SeriesCI(vals, sorted, stats.Level)
	s.OpsPerSec, s.OpsLo, s.OpsHi = in.Median, in.Lo, in.Hi
	s.OpsCoverage, s.OpsEffTicks, s.OpsEnough = in.Coverage, in.EffN, in.OK
	vals = vals[:0]
	for i := range rn.series[v].len() {
		if x := rn.series[v].at(i); !x.Warmup && x.Ran {
			vals = append(vals, x.BytesPerS)
		}
	}
	slices.Sort(vals)
	s.BytesPerS = medianOrZero(vals)
}

// compare is the optimised/baseline throughput ratio: the median of the
// per-second ratios over the seconds after warm-up in which both variants
// ran and completed ops, in time order, with its interval (stats.SeriesCI).
// vals and sorted are scratch space for the run's seconds.
func (rn *run) compare(vals, sorted []float64) Comparison {
	ratios := vals[:0]
	for i := range rn.series[0].len() {
		b, o := rn.series[0].at(i), rn.series[1].at(i)
		if !o.Warmup && b.Ran && o.Ran && b.OpsPerSec > 0 && o.OpsPerSec > 0 {
			ratios = append(ratios, o.OpsPerSec/b.OpsPerSec)
		}
	}
	in := stats.SeriesCI(ratios, sorted, stats.Level)
	return Comparison{
		Ratio: in.Median, Lo: in.Lo, Hi: in.Hi, Pairs: in.N,
		EffPairs: in.EffN, Lag1: in.Lag1, Coverage: in.Coverage, Enough: in.OK,
	}
}

// medianOrZero is the median of sorted values, 0 when there are none.
func medianOrZero(sorted []float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return stats.Median(sorted)
}
