package engine

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/stats"
	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// snapshot exports the session: every run with at least one measured second.
func (s *sched) snapshot() *snapshot.Snapshot {
	snap := &snapshot.Snapshot{
		Schema:         snapshot.Schema,
		CreatedAt:      time.Now().UTC().Format(time.RFC3339Nano),
		Tool:           snapshot.Tool{Name: "mcptop", Version: Version()},
		Env:            Environment(),
		ObserverCostNs: float64(s.r.observer),
		Instance:       s.r.cfg.Instance,
	}
	var ids []int
	for _, rn := range s.runs {
		if rn.series[0].len() == 0 {
			continue
		}
		snap.Runs = append(snap.Runs, rn.export(s.r.observer))
		ids = append(ids, rn.id)
	}
	if s.cap != nil {
		snap.Capacity = capacitySnapshot(s.cap.state, snap, ids)
	}
	return snap
}

func us(d time.Duration) float64 { return float64(d) / 1e3 }

func (rn *run) export(observer time.Duration) snapshot.Run {
	sum, cmp := rn.summarize()
	tails := snapshot.TailsPerOp
	if rn.every > 1 {
		tails = snapshot.TailsPerOpSampled
	}
	out := snapshot.Run{
		Workload: rn.w.Name, Description: rn.w.Description, Params: rn.params.Without(WorkersParam.Name),
		Settings: settings(rn.w.Settings),
		Workers:  rn.params[WorkersParam.Name], Mode: rn.mode.String(),
		SliceMs: float64(rn.slice) / 1e6, SliceNote: rn.sliceNote, WarmupS: rn.warmup,
		Timing: rn.timing(), Tails: tails, TimedEvery: rn.every, ObserverShare: rn.observerShare(observer),
		GCBetween: rn.gcBetween, AllocAttributable: rn.allocOK,
		StartedAt:    rn.started.UTC().Format(time.RFC3339Nano),
		DurationS:    rn.elapsed.Seconds(),
		DroppedTicks: rn.series[0].dropped,
		Comparison:   comparison(cmp, [2]string{rn.impls[0].Name, rn.impls[1].Name}),
		LoadModel:    rn.load.Model(),
	}
	if rn.load.Open() {
		out.RatePerS, out.Arrivals, out.MaxInflight = rn.load.Rate, rn.load.Arrivals(), rn.load.MaxInflight
	}
	for _, c := range Calibrate(rn.expect, sum, cmp) {
		out.Calibration = append(out.Calibration, snapshot.Check{
			Variant: c.Variant, Metric: c.Metric, Got: c.Got, Want: c.Want, Unit: c.Unit, Bound: c.Bound, OK: c.OK,
		})
	}
	for v := range 2 {
		vr := snapshot.VariantRun{Variant: workload.Variants[v].String(), Impl: rn.impls[v].Name, Label: rn.impls[v].Label}
		rn.series[v].each(func(x Sample) { vr.Series = append(vr.Series, point(x)) })
		vr.Summary = summary(sum[v])
		vr.Histogram = buckets(&rn.post[v].h)
		vr.ErrorHistogram = buckets(&rn.post[v].eh)
		vr.ServiceHistogram = buckets(&rn.post[v].sh)
		vr.Methods = methods(sum[v].Methods, rn.post[v].kinds)
		out.Variants = append(out.Variants, vr)
	}
	return out
}

// settings is a copy of the workload's settings, empty rather than nil.
func settings(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// comparison is the snapshot's form of c, with its verdict naming the
// sides by their implementations.
func comparison(c Comparison, names [2]string) snapshot.Comparison {
	v := c.Judge()
	return snapshot.Comparison{
		Metric: "throughput", Ratio: c.Ratio, CILow: c.Lo, CIHigh: c.Hi,
		Confidence: stats.Level, Coverage: c.Coverage, Pairs: c.Pairs, EffectivePairs: c.EffPairs, Lag1: c.Lag1,
		Method: snapshot.MethodSeries, MaxErrorRate: c.MaxErrors, Comparable: v.Kind != units.NotComparable,
		Reason: v.FailuresOf(names), Verdict: v.Said(names),
	}
}

func point(x Sample) snapshot.Point {
	return snapshot.Point{
		T: x.Tick, UnixMs: x.Time.UnixMilli(), Warmup: x.Warmup, Ran: x.Ran,
		Ops: x.Ops, Errors: x.Errors, Timeouts: x.Timeouts, FillDrainOps: x.FillDrainOps, Timed: x.Timed,
		ActiveS: x.Active.Seconds(), FillDrainS: x.FillDrain.Seconds(), WallS: x.Wall.Seconds(),
		ThroughputOpsPerS: x.OpsPerSec, ThroughputBPerS: x.BytesPerS,
		LatencyP50Us: us(x.P50), LatencyP95Us: us(x.P95), LatencyP99Us: us(x.P99),
		LatencyMaxUs: us(x.Max), LatencyMeanUs: us(x.Mean),
		AllocBytesPerOp: x.AllocPerOp, AllocsPerOp: x.AllocsPerOp, CPUUsPerOp: us(x.CPUPerOp),
		CPUPercent: x.CPUPercent, HeapBytes: x.Heap, RSSBytes: x.RSS,
		ServerKnown: x.ServerKnown, ServerCPUMsPer1k: per1kMs(x.ServerCPU, x.Ops+x.Errors+x.FillDrainOps),
		ServerRSSBytes: x.ServerRSS,
		OpenLoop:       openLoop(x.OpenLoop),
	}
}

// openLoop is the snapshot's form of an open loop's figures.
func openLoop(o OpenLoop) snapshot.OpenLoop {
	return snapshot.OpenLoop{
		SentOps: o.Sent, AchievedRatePerS: o.SentPerSec, MissedSends: o.Missed, CappedSends: o.Capped,
		BehindScheduleS: o.Behind.Seconds(), ServiceP50Us: us(o.SvcP50), ServiceP95Us: us(o.SvcP95),
		ServiceP99Us: us(o.SvcP99), ServiceP999Us: us(o.SvcP999), ServiceMaxUs: us(o.SvcMax), ServiceMeanUs: us(o.SvcMean),
	}
}

// methods is the snapshot's form of a mix's methods, with each one's
// histogram (ks, by kind).
func methods(ms []MethodSummary, ks []kindAcc) []snapshot.Method {
	var out []snapshot.Method
	for i, m := range ms {
		sm := snapshot.Method{
			Name: m.Name, Ops: m.Ops, Errors: m.Errors, Timeouts: m.Timeouts, FillDrainOps: m.FillDrainOps,
			ErrorRate: m.ErrorRate, ThroughputOpsPerS: m.OpsPerSec,
			LatencyP50Us: us(m.P50), LatencyP95Us: us(m.P95), LatencyP99Us: us(m.P99), LatencyP999Us: us(m.P999),
			LatencyMaxUs: us(m.Max), LatencyMeanUs: us(m.Mean),
		}
		if i < len(ks) {
			sm.Histogram = buckets(&ks[i].h)
		}
		out = append(out, sm)
	}
	return out
}

func summary(s Summary) snapshot.Summary {
	return snapshot.Summary{
		Ticks: s.Ticks, ActiveTicks: s.ActiveTicks, Ops: s.Ops, Errors: s.Errors, Timeouts: s.Timeouts,
		ErrorRate: s.ErrorRate, FillDrainOps: s.FillDrainOps, Timed: s.Timed,
		ThroughputMedianOpsPerS: s.OpsPerSec, ThroughputCILowOpsPerS: s.OpsLo, ThroughputCIHighOpsPerS: s.OpsHi,
		ThroughputCICoverage: s.OpsCoverage, ThroughputEffectiveTicks: s.OpsEffTicks,
		ThroughputMedianBPerS: s.BytesPerS,
		LatencyP50Us:          us(s.P50), LatencyP95Us: us(s.P95), LatencyP99Us: us(s.P99), LatencyP999Us: us(s.P999),
		LatencyMaxUs: us(s.Max), LatencyMeanUs: us(s.Mean),
		ErrorLatencyP50Us: us(s.ErrP50), ErrorLatencyP99Us: us(s.ErrP99), ErrorLatencyMaxUs: us(s.ErrMax),
		AllocBytesPerOp: s.AllocPerOp, AllocsPerOp: s.AllocsPerOp, CPUUsPerOp: us(s.CPUPerOp),
		CPUPercent: s.CPUPercent, FillDrainShare: s.FillDrainShare, LastError: s.LastError,
		ServerKnown: s.ServerKnown, ServerCPUMsPer1k: float64(s.ServerCPUPer1k) / 1e6, ServerRSSBytes: s.ServerRSS,
		OpenLoop: openLoop(s.OpenLoop),
	}
}

// per1kMs is d per 1,000 of n, in milliseconds; 0 without n.
func per1kMs(d time.Duration, n int64) float64 {
	if n <= 0 {
		return 0
	}
	return float64(d) / 1e6 * 1000 / float64(n)
}

func buckets(h *percentile.Histogram) []snapshot.Bucket {
	var out []snapshot.Bucket
	for _, b := range h.Buckets() {
		out = append(out, snapshot.Bucket{LoNs: b.Lo, HiNs: b.Hi, Count: b.Count})
	}
	return out
}

// Version is the module version mcptop was built from ("devel" for a build
// from a checkout), with the VCS revision when the build recorded one:
// "devel+3f2a9c1b7d0e" (and "-dirty" for uncommitted changes). `go build`
// in a checkout stamps a pseudo-version made from that revision
// (v0.0.0-20260101120000-3f2a9c1b7d0e+dirty), which reads devel+REVISION
// here rather than look like a release; `go run` stamps neither, and reads
// "devel".
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return version(bi.Main.Version, bi.Settings)
}

func version(v string, settings []debug.BuildSetting) string {
	var rev, dirty string
	for _, s := range settings {
		switch {
		case s.Key == "vcs.revision" && len(s.Value) >= 12:
			rev = s.Value[:12]
		case s.Key == "vcs.modified" && s.Value == "true":
			dirty = "-dirty"
		}
	}
	pseudo := rev != "" && strings.HasSuffix(strings.TrimSuffix(v, "+dirty"), "-"+rev)
	switch {
	case v == "" || v == "(devel)" || pseudo:
		v = "devel"
	default:
		return v // a released version, as tagged
	}
	if rev != "" {
		v += "+" + rev + dirty
	}
	return v
}

// Environment describes this machine.
func Environment() snapshot.Env {
	host, _ := os.Hostname()
	return snapshot.Env{
		GoVersion: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH,
		GOMAXPROCS: runtime.GOMAXPROCS(0), NumCPU: runtime.NumCPU(), CPUModel: cpuModel(), Hostname: host,
	}
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
