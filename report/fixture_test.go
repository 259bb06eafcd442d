package report

import (
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/stats"
	"github.com/mcptop/mcptop/units"
)

// update rewrites testdata: the fixture snapshots and the golden outputs.
var update = flag.Bool("update", false, "rewrite testdata/*.json fixtures and golden files")

// The fixtures are synthetic test data, built here from a seeded generator
// and marked as such in tool.version and env.cpu_model: they exercise the
// renderers and the statistics, they are not measurements.

type variantSpec struct {
	label      string
	tput       float64 // ops/s
	p50, p99   float64 // µs
	alloc      float64 // B/op
	errPerS    int64   // errors per second
	lastError  string
	bytesPerOp float64 // bytes moved per op (throughput_bytes_per_s = tput × this)
}

type runSpec struct {
	workload, desc  string
	params          map[string]int
	workers         int
	mode            string
	seconds, warmup int
	timing          string
	noise           float64 // relative standard deviation of per-second values
	rho             float64 // lag-1 autocorrelation of that noise (AR(1)); 0: independent seconds
	maxErrors       float64 // --max-errors
	v               [2]variantSpec
}

// bucket rounds a latency in µs to the midpoint of a log-linear histogram
// bucket (128 per power of two), as the engine's percentiles are; this is
// what makes per-second latencies tie.
func bucket(us float64) float64 {
	ns := us * 1e3
	if ns < 256 {
		return math.Round(ns) / 1e3
	}
	w := math.Exp2(math.Floor(math.Log2(ns))) / 128
	return (math.Floor(ns/w)*w + w/2) / 1e3
}

// medianCI is the engine's summary of a series: median, interval, coverage
// and effective size (stats.SeriesCI).
func medianCI(xs []float64) stats.Interval { return stats.SeriesCI(xs, nil, stats.Level) }

func buildRun(rng *rand.Rand, s runSpec) snapshot.Run {
	r := snapshot.Run{
		Workload: s.workload, Description: s.desc, Params: s.params, Workers: s.workers, Mode: s.mode,
		Settings: map[string]string{}, SliceMs: 100, WarmupS: s.warmup, Timing: s.timing,
		Tails: snapshot.TailsPerOp, TimedEvery: 1, AllocAttributable: s.mode == "alternate",
		StartedAt: "2026-03-04T10:00:00Z", DurationS: float64(s.seconds),
	}
	if s.mode == "parallel" {
		r.SliceMs = 0
	}
	active := 0.5
	if s.mode == "parallel" {
		active = 1
	}
	var tputs [2][]float64
	for v, vs := range s.v {
		name := [2]string{"baseline", "optimised"}[v]
		impl := name
		if seed, ok := snapshot.SeedImpls[s.workload]; ok {
			impl = seed[v]
		}
		vr := snapshot.VariantRun{Variant: name, Impl: impl, Label: vs.label}
		var p50s, p95s, p99s, maxs, allocs []float64
		var ops, errs int64
		e := 0.0
		for t := 1; t <= s.seconds; t++ {
			warm := t <= s.warmup
			e = s.rho*e + math.Sqrt(1-s.rho*s.rho)*rng.NormFloat64()
			f := 1 + s.noise*e
			if warm {
				f *= 0.7
			}
			tput := vs.tput * f
			n := int64(tput * active)
			lat := func(x float64, spread float64) float64 {
				return bucket(x * (1 + spread*s.noise*rng.NormFloat64()) / f)
			}
			p := snapshot.Point{
				T: t, Warmup: warm, Ran: true, Ops: n, Errors: vs.errPerS, Timed: n, ActiveS: active, WallS: active,
				ThroughputOpsPerS: tput, ThroughputBPerS: tput * vs.bytesPerOp,
				LatencyP50Us: lat(vs.p50, 1), LatencyP95Us: lat((vs.p50+vs.p99)/2, 1.5),
				LatencyP99Us: lat(vs.p99, 2), LatencyMaxUs: lat(vs.p99*8, 4), LatencyMeanUs: lat(vs.p50*1.1, 1),
				AllocBytesPerOp: math.Max(0, vs.alloc+0.02*math.Abs(rng.NormFloat64())),
			}
			vr.Series = append(vr.Series, p)
			if warm {
				continue
			}
			tputs[v] = append(tputs[v], tput)
			p50s, p95s, p99s = append(p50s, p.LatencyP50Us), append(p95s, p.LatencyP95Us), append(p99s, p.LatencyP99Us)
			maxs, allocs = append(maxs, p.LatencyMaxUs), append(allocs, p.AllocBytesPerOp)
			ops += n
			errs += vs.errPerS
		}
		in := medianCI(tputs[v])
		mid := func(xs []float64) float64 { return stats.Median(slices.Sorted(slices.Values(xs))) }
		vr.Summary = snapshot.Summary{
			Ticks: len(tputs[v]), ActiveTicks: len(tputs[v]), Ops: ops, Errors: errs, Timed: ops,
			ErrorRate:               float64(errs) / float64(ops+errs),
			ThroughputMedianOpsPerS: in.Median, ThroughputCILowOpsPerS: in.Lo, ThroughputCIHighOpsPerS: in.Hi,
			ThroughputCICoverage: in.Coverage, ThroughputEffectiveTicks: in.EffN,
			ThroughputMedianBPerS: in.Median * vs.bytesPerOp,
			LatencyP50Us:          mid(p50s), LatencyP95Us: mid(p95s), LatencyP99Us: mid(p99s),
			LatencyP999Us: bucket(mid(p99s) * 1.6), LatencyMaxUs: slices.Max(maxs), LatencyMeanUs: bucket(mid(p50s) * 1.1),
			AllocBytesPerOp: mid(allocs), LastError: vs.lastError,
		}
		if errs > 0 {
			sm := &vr.Summary
			sm.ErrorLatencyP50Us, sm.ErrorLatencyP99Us, sm.ErrorLatencyMaxUs = bucket(vs.p99*2), bucket(vs.p99*3), bucket(vs.p99*5)
		}
		// a histogram of the layout the engine writes, with weight at the
		// summary's percentiles
		h := percentile.New()
		total := float64(ops)
		for _, b := range []struct {
			us float64
			q  float64
		}{{vr.Summary.LatencyP50Us * 0.6, 0.3}, {vr.Summary.LatencyP50Us, 0.4}, {vr.Summary.LatencyP95Us, 0.25},
			{vr.Summary.LatencyP99Us, 0.049}, {vr.Summary.LatencyMaxUs, 0.001}} {
			h.RecordN(int64(b.us*1e3), max(1, int64(total*b.q)))
		}
		for _, b := range h.Buckets() {
			vr.Histogram = append(vr.Histogram, snapshot.Bucket{LoNs: b.Lo, HiNs: b.Hi, Count: b.Count})
		}
		r.Variants = append(r.Variants, vr)
	}
	ratios := make([]float64, len(tputs[0]))
	for i := range ratios {
		ratios[i] = tputs[1][i] / tputs[0][i]
	}
	in := medianCI(ratios)
	r.Comparison = snapshot.Comparison{Metric: "throughput", Ratio: in.Median, CILow: in.Lo, CIHigh: in.Hi,
		Confidence: stats.Level, Coverage: in.Coverage, Pairs: in.N, EffectivePairs: in.EffN, Lag1: in.Lag1,
		Method: snapshot.MethodSeries, MaxErrorRate: s.maxErrors, Comparable: true}
	v := judge(&r)
	r.Comparison.Comparable, r.Comparison.Reason, r.Comparison.Verdict = v.Kind != units.NotComparable, v.Failures(), v.String()
	return r
}

// baseSpecs are the fixture session's runs.
func baseSpecs() []runSpec {
	return []runSpec{
		{
			workload: "registry", desc: "register, look up and unregister a unique name beside prefill registered names",
			params: map[string]int{"prefill": 10000}, workers: 2, mode: "alternate", seconds: 14, warmup: 2,
			timing: "per op", noise: 0.03,
			v: [2]variantSpec{
				{label: "owner goroutine (gen_server)", tput: 1.24e6, p50: 1.42, p99: 6.8, alloc: 96},
				{label: "sharded map (64 mutex shards)", tput: 3.85e6, p50: 0.41, p99: 1.9, alloc: 0},
			},
		},
		{
			workload: "codec", desc: "MCP tools/call: decode request, echo, encode response, decode it as the client",
			params: map[string]int{"size": 1024}, workers: 2, mode: "alternate", seconds: 14, warmup: 2,
			timing: "per op", noise: 0.04,
			v: [2]variantSpec{
				{label: "encoding/json", tput: 182e3, p50: 10.6, p99: 41, alloc: 4480, bytesPerOp: 2300},
				{label: "easyjson", tput: 431e3, p50: 4.4, p99: 17.5, alloc: 1530, bytesPerOp: 2300},
			},
		},
		{
			workload: "correlation", desc: "pending-request table of a pipelined client: owner goroutine + map vs slot ring",
			params: map[string]int{"depth": 64}, workers: 1, mode: "parallel", seconds: 10, warmup: 2,
			timing: "per op (self-timed)", noise: 0.05,
			v: [2]variantSpec{
				{label: "owner goroutine + map", tput: 660e3, p50: 92, p99: 2300, alloc: 64, errPerS: 3,
					lastError: "request 81233: response for an unknown id"},
				{label: "slot ring", tput: 660e3, p50: 88, p99: 2100, alloc: 64},
			},
		},
	}
}

func buildSnapshot(seed uint64, specs []runSpec) *snapshot.Snapshot {
	rng := rand.New(rand.NewPCG(seed, 0x6d63707470))
	s := &snapshot.Snapshot{
		Schema: snapshot.Schema, CreatedAt: "2026-03-04T10:01:00Z",
		Tool: snapshot.Tool{Name: "mcptop", Version: "fixture"},
		Env: snapshot.Env{GoVersion: "go1.26.8", OS: "linux", Arch: "amd64", GOMAXPROCS: 2, NumCPU: 2,
			CPUModel: "synthetic test data (not a measurement)", Hostname: "fixture"},
		ObserverCostNs: 38,
	}
	for _, sp := range specs {
		s.Runs = append(s.Runs, buildRun(rng, sp))
	}
	return s
}

// scaled returns specs with f applied to every variant.
func scaled(specs []runSpec, f func(run string, v int, vs *variantSpec)) []runSpec {
	out := make([]runSpec, len(specs))
	for i, s := range specs {
		out[i] = s
		for v := range s.v {
			f(s.workload, v, &out[i].v[v])
		}
	}
	return out
}

// fixture loads testdata/NAME.json, first rewriting it from s under -update.
func fixture(t *testing.T, name string, s *snapshot.Snapshot) (*snapshot.Snapshot, string) {
	t.Helper()
	path := filepath.Join("testdata", name+".json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := snapshot.WriteFile(path, s); err != nil {
			t.Fatal(err)
		}
	}
	got, err := snapshot.ReadFile(path)
	if err != nil {
		t.Fatalf("fixture: %v (run go test -update to create it)", err)
	}
	return got, path
}

// The committed fixtures: a three-run session, and the same session with
// the registry baseline's throughput 20 % lower (another seed, so the noise
// differs too).
func runFixture(t *testing.T) (*snapshot.Snapshot, string) {
	t.Helper()
	return fixture(t, "run", buildSnapshot(1, baseSpecs()))
}

func slowerFixture(t *testing.T) (*snapshot.Snapshot, string) {
	t.Helper()
	return fixture(t, "run-slower", buildSnapshot(2, scaled(baseSpecs(), func(w string, v int, vs *variantSpec) {
		if w == "registry" && v == 0 {
			vs.tput *= 0.8
		}
	})))
}
