package merge

import (
	"math/rand/v2"
	"time"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/snapshot"
)

// base is the wall clock of the fixtures' runs.
var base = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// fx describes one fixture instance.
type fx struct {
	name    string
	startMs int64 // after base
	secs    int   // seconds in the series, the first a warm-up one
	rate    int64 // ops per second of baseline (optimised: twice)
	lat     int64 // typical latency, ns
	tickMs  int64 // length of the engine's second, ms (1000 when 0)
}

// instance builds a valid v2 snapshot of one instance whose histograms
// are real percentile.Histograms of random latencies, so their buckets are
// the layout's and every summary figure is the histogram's own.
func instance(f fx) *snapshot.Snapshot {
	rng := rand.New(rand.NewPCG(uint64(f.startMs)+1, uint64(f.rate)))
	tick := f.tickMs
	if tick == 0 {
		tick = 1000
	}
	start := base.Add(time.Duration(f.startMs) * time.Millisecond)
	r := snapshot.Run{
		Workload: "w", Description: "a fixture", Params: map[string]int{"size": 8}, Settings: map[string]string{"url": "http://x/mcp"},
		Workers: 2, Mode: "alternate", SliceMs: 100, WarmupS: 1, Timing: "every op", Tails: snapshot.TailsPerOp,
		TimedEvery: 1, ObserverShare: 0.01, AllocAttributable: true, StartedAt: start.Format(time.RFC3339Nano),
		DurationS: float64(f.secs), Comparison: snapshot.Comparison{Metric: "throughput", Ratio: 2, CILow: 1.9, CIHigh: 2.1, Confidence: 0.95, Pairs: f.secs - 1},
	}
	for v, label := range []string{"std", "fast"} {
		vr := snapshot.VariantRun{Variant: [2]string{"baseline", "optimised"}[v], Impl: [2]string{"owner", "sharded"}[v], Label: label}
		var h, eh percentile.Histogram
		sm := &vr.Summary
		for t := 1; t <= f.secs; t++ {
			ops := f.rate * int64(v+1) * (9 + rng.Int64N(3)) / 10
			var sec percentile.Histogram
			for range ops {
				sec.Record(f.lat/2 + rng.Int64N(f.lat) + rng.Int64N(20)*rng.Int64N(20)*f.lat/40)
			}
			p := snapshot.Point{
				T: t, UnixMs: start.UnixMilli() + int64(t)*tick, Warmup: t == 1, Ran: true, Ops: ops, Errors: int64(t % 2),
				Timed: ops + int64(t%2), ActiveS: 0.5, WallS: 0.5, ThroughputOpsPerS: float64(ops) / 0.5,
				LatencyP50Us: float64(sec.Quantile(0.5)) / 1e3, LatencyP95Us: float64(sec.Quantile(0.95)) / 1e3,
				LatencyP99Us: float64(sec.Quantile(0.99)) / 1e3, LatencyMaxUs: float64(sec.Max()) / 1e3,
				LatencyMeanUs: sec.Mean() / 1e3, AllocBytesPerOp: float64(16 * (v + 1)), CPUUsPerOp: 1, CPUPercent: 50,
				HeapBytes: 1 << 20, RSSBytes: 8 << 20,
			}
			vr.Series = append(vr.Series, p)
			if p.Warmup {
				continue
			}
			h.Merge(&sec)
			if p.Errors > 0 {
				eh.Record(3 * f.lat)
			}
			sm.Ticks++
			sm.ActiveTicks++
			sm.Ops += p.Ops
			sm.Errors += p.Errors
			sm.Timed += p.Timed
		}
		for _, b := range h.Buckets() {
			vr.Histogram = append(vr.Histogram, snapshot.Bucket{LoNs: b.Lo, HiNs: b.Hi, Count: b.Count})
		}
		for _, b := range eh.Buckets() {
			vr.ErrorHistogram = append(vr.ErrorHistogram, snapshot.Bucket{LoNs: b.Lo, HiNs: b.Hi, Count: b.Count})
		}
		sm.ErrorRate = float64(sm.Errors) / float64(sm.Ops+sm.Errors)
		sm.ThroughputMedianOpsPerS = float64(f.rate*int64(v+1)) / 0.5
		sm.ThroughputCILowOpsPerS, sm.ThroughputCIHighOpsPerS = sm.ThroughputMedianOpsPerS*0.9, sm.ThroughputMedianOpsPerS*1.1
		var q [4]int64
		h.Quantiles([]float64{0.5, 0.95, 0.99, 0.999}, q[:])
		sm.LatencyP50Us, sm.LatencyP95Us, sm.LatencyP99Us, sm.LatencyP999Us = us(q[0]), us(q[1]), us(q[2]), us(q[3])
		sm.LatencyMaxUs, sm.LatencyMeanUs = us(h.Max()), h.Mean()/1e3
		sm.ErrorLatencyP50Us, sm.ErrorLatencyP99Us, sm.ErrorLatencyMaxUs = us(eh.Quantile(0.5)), us(eh.Quantile(0.99)), us(eh.Max())
		sm.AllocBytesPerOp, sm.CPUUsPerOp, sm.CPUPercent = float64(16*(v+1)), 1, 50
		r.Variants = append(r.Variants, vr)
	}
	return &snapshot.Snapshot{
		Schema: snapshot.Schema, CreatedAt: start.Add(time.Duration(f.secs) * time.Second).Format(time.RFC3339Nano),
		Tool: snapshot.Tool{Name: "mcptop", Version: "v0.9.0"}, Instance: f.name,
		Env: snapshot.Env{GoVersion: "go1.26.1", OS: "linux", Arch: "amd64", GOMAXPROCS: 2, NumCPU: 2,
			CPUModel: "cpu", Hostname: "host-" + f.name},
		ObserverCostNs: 20, Runs: []snapshot.Run{r},
	}
}

// fleet is three instances started within a second of each other, one of
// them for a second longer.
func fleet() []Input {
	var ins []Input
	for i, f := range []fx{
		{name: "a", startMs: 0, secs: 8, rate: 200, lat: 40_000},
		{name: "b", startMs: 300, secs: 8, rate: 300, lat: 60_000},
		{name: "c", startMs: 900, secs: 9, rate: 100, lat: 25_000},
	} {
		ins = append(ins, Input{Source: []string{"a.json", "b.json", "c.json"}[i], Snap: instance(f)})
	}
	return ins
}
