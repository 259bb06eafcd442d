package tui

import (
	"maps"
	"math"
	"slices"
	"time"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/workload"
)

// A saved run reaches the dashboard as the engine's Updates would have: one
// per second of its series, the last also carrying what the snapshot keeps
// of the whole run (summaries, comparison, latency histograms, calibration
// checks). The Updates go through the same history a live run's do, so
// replay and --against draw, bound and cache exactly as live runs do.

// replayRun returns the history of run r of snapshot s, filed under RunID
// id: a point per second of its series, and its final Update as the
// newest. A second whose percentiles a merged snapshot does not know has
// NaN latencies in its point, which the charts leave out.
func replayRun(s *snapshot.Snapshot, r *snapshot.Run, id int) *history {
	h := newHistory()
	base := runUpdate(s, r, id)
	var at [2]map[int]*snapshot.Point
	var ticks []int
	for v := range min(2, len(r.Variants)) {
		at[v] = map[int]*snapshot.Point{}
		for i := range r.Variants[v].Series {
			p := &r.Variants[v].Series[i]
			at[v][p.T] = p
		}
		ticks = append(ticks, slices.Collect(maps.Keys(at[v]))...)
	}
	slices.Sort(ticks)
	ticks = slices.Compact(ticks)
	for i, t := range ticks {
		u := base
		u.Tick, u.Elapsed = true, time.Duration(t)*time.Second
		var unknown [2]bool
		for v := range 2 {
			u.Samples[v] = engine.Sample{Tick: t}
			if p := at[v][t]; p != nil {
				u.Samples[v] = sampleOf(p)
				u.Warmup = u.Warmup || p.Warmup
				unknown[v] = p.PercentilesUnknown
			} else {
				unknown[v] = true
			}
		}
		if i == len(ticks)-1 {
			finish(&u, r)
		}
		p := pointOf(u)
		for v := range 2 {
			if unknown[v] {
				p.lat[v] = [3]float64{math.NaN(), math.NaN(), math.NaN()}
			}
		}
		h.applyPoint(u, p)
	}
	return h
}

// runUpdate is what every Update of run r says of it.
func runUpdate(s *snapshot.Snapshot, r *snapshot.Run, id int) engine.Update {
	mode, _ := engine.ParseMode(r.Mode) // validated: alternate or parallel
	params := workload.Params(maps.Clone(r.Params))
	if params == nil {
		params = workload.Params{}
	}
	params[engine.WorkersParam.Name] = r.Workers
	u := engine.Update{
		RunID: id, Workload: r.Workload, Params: params, Mode: mode,
		Slice: time.Duration(r.SliceMs * float64(time.Millisecond)), SliceNote: r.SliceNote,
		Timing: r.Timing, TimedEvery: r.TimedEvery, ObserverShare: r.ObserverShare, State: engine.Running,
		ObserverCost: time.Duration(s.ObserverCostNs),
	}
	for v := range min(2, len(r.Variants)) {
		u.Impls[v], u.Labels[v] = r.Variants[v].Impl, r.Variants[v].Label
	}
	return u
}

// finish adds to u what the snapshot keeps of the whole run.
func finish(u *engine.Update, r *snapshot.Run) {
	c := r.Comparison
	u.Compare = engine.Comparison{
		Ratio: c.Ratio, Lo: c.CILow, Hi: c.CIHigh, Pairs: c.Pairs, EffPairs: c.EffectivePairs, Lag1: c.Lag1,
		Coverage: c.Coverage, Enough: c.Pairs > 0 && c.Coverage >= c.Confidence, MaxErrors: c.MaxErrorRate,
	}
	for v := range min(2, len(r.Variants)) {
		vr := &r.Variants[v]
		u.Summary[v] = summaryOf(&vr.Summary, c.Confidence)
		u.Compare.ErrorRate[v] = vr.Summary.ErrorRate
		u.LastError[v] = vr.Summary.LastError
		for _, p := range vr.Series {
			u.Errors[v] += p.Errors // over the run, warm-up included, as live
		}
		for _, b := range vr.Histogram {
			u.Dist[v] = append(u.Dist[v], percentile.Bucket{Lo: b.LoNs, Hi: b.HiNs, Count: b.Count})
		}
	}
	for _, k := range r.Calibration {
		u.Checks = append(u.Checks, engine.Check{
			Variant: k.Variant, Metric: k.Metric, Got: k.Got, Want: k.Want, Unit: k.Unit, Bound: k.Bound, OK: k.OK,
		})
	}
}

// us is a time in microseconds as a duration.
func us(x float64) time.Duration { return time.Duration(math.Round(x * 1e3)) }

// secs is a time in seconds as a duration.
func secs(x float64) time.Duration { return time.Duration(math.Round(x * 1e9)) }

// sampleOf is a saved second as the engine's Sample of it.
func sampleOf(p *snapshot.Point) engine.Sample {
	return engine.Sample{
		Tick: p.T, Time: time.UnixMilli(p.UnixMs), Warmup: p.Warmup, Ran: p.Ran,
		Ops: p.Ops, Errors: p.Errors, Timeouts: p.Timeouts, FillDrainOps: p.FillDrainOps, Timed: p.Timed,
		Active: secs(p.ActiveS), FillDrain: secs(p.FillDrainS), Wall: secs(p.WallS),
		OpsPerSec: p.ThroughputOpsPerS, BytesPerS: p.ThroughputBPerS,
		P50: us(p.LatencyP50Us), P95: us(p.LatencyP95Us), P99: us(p.LatencyP99Us),
		Max: us(p.LatencyMaxUs), Mean: us(p.LatencyMeanUs),
		AllocPerOp: p.AllocBytesPerOp, AllocsPerOp: p.AllocsPerOp, CPUPerOp: us(p.CPUUsPerOp), CPUPercent: p.CPUPercent,
		Heap: p.HeapBytes, RSS: p.RSSBytes,
		ServerKnown: p.ServerKnown, ServerRSS: p.ServerRSSBytes,
		// the snapshot keeps the server's CPU per 1,000 ops completed
		ServerCPU: time.Duration(p.ServerCPUMsPer1k * 1e3 * float64(p.Ops+p.Errors+p.FillDrainOps)),
	}
}

// summaryOf is a saved summary as the engine's; level is the confidence
// its throughput interval was asked at.
func summaryOf(s *snapshot.Summary, level float64) engine.Summary {
	return engine.Summary{
		Ticks: s.Ticks, ActiveTicks: s.ActiveTicks, Ops: s.Ops, Errors: s.Errors, Timeouts: s.Timeouts,
		ErrorRate: s.ErrorRate, FillDrainOps: s.FillDrainOps, Timed: s.Timed,
		OpsPerSec: s.ThroughputMedianOpsPerS, OpsLo: s.ThroughputCILowOpsPerS, OpsHi: s.ThroughputCIHighOpsPerS,
		OpsCoverage: s.ThroughputCICoverage, OpsEffTicks: s.ThroughputEffectiveTicks,
		OpsEnough: s.ActiveTicks > 0 && s.ThroughputCICoverage >= level,
		BytesPerS: s.ThroughputMedianBPerS,
		P50:       us(s.LatencyP50Us), P95: us(s.LatencyP95Us), P99: us(s.LatencyP99Us), P999: us(s.LatencyP999Us),
		Max: us(s.LatencyMaxUs), Mean: us(s.LatencyMeanUs),
		ErrP50: us(s.ErrorLatencyP50Us), ErrP99: us(s.ErrorLatencyP99Us), ErrMax: us(s.ErrorLatencyMaxUs),
		AllocPerOp: s.AllocBytesPerOp, AllocsPerOp: s.AllocsPerOp, CPUPerOp: us(s.CPUUsPerOp), CPUPercent: s.CPUPercent,
		FillDrainShare: s.FillDrainShare, ServerKnown: s.ServerKnown,
		ServerCPUPer1k: time.Duration(s.ServerCPUMsPer1k * 1e6), ServerRSS: s.ServerRSSBytes, LastError: s.LastError,
	}
}
