package merge

import (
	"fmt"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/stats"
	"github.com/mcptop/mcptop/units"
)

// histogram rebuilds the instances' histograms of one variant (errs: the
// failed ops') and adds them up. A snapshot keeps the non-empty buckets and
// the largest value, not the smallest: the lowest bucket's lower bound
// stands in for it, which can move a quantile falling in that bucket by at
// most half the bucket's width (RelativeError).
func histogram(rs []*snapshot.Run, v int, errs bool, srcs []string) (*percentile.Histogram, error) {
	sum := percentile.New()
	for i, r := range rs {
		vr, s := &r.Variants[v], &r.Variants[v].Summary
		bs, maxUs, meanUs := vr.Histogram, s.LatencyMaxUs, s.LatencyMeanUs
		if errs {
			bs, maxUs, meanUs = vr.ErrorHistogram, s.ErrorLatencyMaxUs, 0 // the mean of failed ops is not kept
		}
		h, err := bucketsOf(bs, maxUs, meanUs)
		if err != nil {
			return nil, fmt.Errorf("%s: variants[%d]: %w", srcs[i], v, err)
		}
		sum.Merge(h)
	}
	return sum, nil
}

// buckets are a histogram's non-empty buckets as a snapshot keeps them.
func buckets(h *percentile.Histogram) []snapshot.Bucket {
	var out []snapshot.Bucket
	for _, b := range h.Buckets() {
		out = append(out, snapshot.Bucket{LoNs: b.Lo, HiNs: b.Hi, Count: b.Count})
	}
	return out
}

func us(ns int64) float64 { return float64(ns) / 1e3 }

// tails reads p50, p95, p99 and p99.9 of h, in µs, by nearest rank.
func tails(h *percentile.Histogram) (p50, p95, p99, p999 float64) {
	var q [4]int64
	h.Quantiles([]float64{0.5, 0.95, 0.99, 0.999}, q[:])
	return us(q[0]), us(q[1]), us(q[2]), us(q[3])
}

// summary merges one variant's summaries: counts add up; latencies come
// from the summed histograms, by nearest rank as for one instance; the
// per-op figures are weighted by the ops they are of, CPU % and memory add
// up; the last error is the last instance's that had one, named;
// throughput is the median of the fleet's per-second throughput over
// the seconds after warm-up that are not partial.
func summary(rs []*snapshot.Run, names []string, v int, ps []snapshot.Point, h, eh *percentile.Histogram) snapshot.Summary {
	var s snapshot.Summary
	var per perOp
	var fill wavg
	for i, r := range rs {
		x := &r.Variants[v].Summary
		s.Ops += x.Ops
		s.Errors += x.Errors
		s.Timeouts += x.Timeouts
		s.FillDrainOps += x.FillDrainOps
		s.Timed += x.Timed
		s.CPUPercent += x.CPUPercent
		per.add(fig{x.Ops + x.Errors + x.FillDrainOps, x.AllocBytesPerOp, x.AllocsPerOp, x.CPUUsPerOp,
			x.ServerKnown, x.ServerCPUMsPer1k, x.ServerRSSBytes})
		fill.add(x.FillDrainShare, runTime(r, v))
		if x.LastError != "" {
			s.LastError = names[i] + ": " + x.LastError
		}
	}
	if all := s.Ops + s.Errors + s.FillDrainOps; all > 0 {
		s.ErrorRate = float64(s.Errors) / float64(all)
	}
	f := per.result()
	s.AllocBytesPerOp, s.AllocsPerOp, s.CPUUsPerOp = f.alloc, f.allocs, f.cpu
	s.ServerKnown, s.ServerCPUMsPer1k, s.ServerRSSBytes = f.serverKnown, f.serverCPU, f.serverRSS
	s.FillDrainShare = fill.mean()
	s.LatencyP50Us, s.LatencyP95Us, s.LatencyP99Us, s.LatencyP999Us = tails(h)
	s.LatencyMaxUs, s.LatencyMeanUs = us(h.Max()), h.Mean()/1e3
	var q [2]int64
	eh.Quantiles([]float64{0.5, 0.99}, q[:])
	s.ErrorLatencyP50Us, s.ErrorLatencyP99Us, s.ErrorLatencyMaxUs = us(q[0]), us(q[1]), us(eh.Max())
	var thr, bps []float64
	for _, p := range ps {
		if p.Warmup {
			continue
		}
		s.Ticks++
		if p.Ran {
			s.ActiveTicks++
		}
		if !p.Partial {
			thr, bps = append(thr, p.ThroughputOpsPerS), append(bps, p.ThroughputBPerS)
		}
	}
	in := stats.SeriesCI(thr, nil, stats.Level)
	s.ThroughputMedianOpsPerS, s.ThroughputCILowOpsPerS, s.ThroughputCIHighOpsPerS = in.Median, in.Lo, in.Hi
	s.ThroughputCICoverage, s.ThroughputEffectiveTicks = in.Coverage, in.EffN
	if len(bps) > 0 {
		s.ThroughputMedianBPerS = stats.MedianCI(bps, stats.Level).Median
	}
	return s
}

// runTime is a variant's steady and fill/drain time after warm-up in one
// instance's run: the weight of its fill/drain share.
func runTime(r *snapshot.Run, v int) float64 {
	var t float64
	for _, p := range r.Variants[v].Series {
		if !p.Warmup {
			t += p.ActiveS + p.FillDrainS
		}
	}
	return t
}

// comparison is optimised against baseline throughput over the seconds
// after warm-up that are partial for neither variant, as the engine
// compares one instance's: the median of the per-second ratios, its
// interval allowing for their autocorrelation, judged with the fleet's
// error rates against the instances' --max-errors (the same in every
// instance: merge refuses a mismatch). Its verdict names the sides by
// their implementations, names, as an instance's does.
func comparison(b, o []snapshot.Point, names [2]string, errRate [2]float64, maxErrors float64) snapshot.Comparison {
	at := map[int]int{} // optimised's index by t_s
	for j, p := range o {
		at[p.T] = j
	}
	var ratios []float64
	for _, p := range b {
		j, ok := at[p.T]
		if ok && !o[j].Warmup && !p.Partial && !o[j].Partial && p.ThroughputOpsPerS > 0 && o[j].ThroughputOpsPerS > 0 {
			ratios = append(ratios, o[j].ThroughputOpsPerS/p.ThroughputOpsPerS)
		}
	}
	in := stats.SeriesCI(ratios, nil, stats.Level)
	c := snapshot.Comparison{
		Metric: "throughput", Ratio: in.Median, CILow: in.Lo, CIHigh: in.Hi, Confidence: stats.Level,
		Coverage: in.Coverage, Pairs: in.N, EffectivePairs: in.EffN, Lag1: in.Lag1, Method: snapshot.MethodSeries,
		MaxErrorRate: maxErrors,
	}
	v := units.Judge(units.Evidence{Ratio: in.Median, Lo: in.Lo, Hi: in.Hi, Pairs: in.N, Effective: in.EffN, Enough: in.OK,
		ErrorRate: errRate, MaxErrors: maxErrors})
	c.Comparable = v.Kind != units.NotComparable
	c.Reason, c.Verdict = v.FailuresOf(names), v.Said(names)
	return c
}
