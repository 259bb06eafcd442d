package engine

import (
	"math"
	"time"

	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// Check is one figure of a run of known cost held against its truth (see
// workload.Expected): the user's evidence that the instrument works on
// this machine.
type Check struct {
	Variant int    // 0 or 1; -1 for the comparison of the two
	Metric  string // "p50", "p99", "p99.9", "max", "ratio", "alloc", "allocs", "cpu/op"
	Got     float64
	Want    float64
	Unit    string // "ns", "B", "objects", "×"
	Bound   string // what counts as close enough, in words
	OK      bool
}

// Bounds of the calibration check.
const (
	relClose   = 0.25 // p50, cpu/op: within 25 %
	ratioClose = 0.10 // throughput ratio: within 10 %
)

// Calibrate holds a run's summaries and comparison against e. It returns
// nil without an expectation or before the run has a second after warm-up.
func Calibrate(e *workload.Expected, sum [2]Summary, cmp Comparison) []Check {
	if e == nil || sum[0].Ticks == 0 {
		return nil
	}
	var out []Check
	for v := range 2 {
		s := sum[v]
		out = append(out,
			within(v, "p50", ns(s.P50), ns(e.P50[v]), relClose),
			below(v, "p99", ns(s.P99), ns(e.P99[v]), 2*ns(e.P99[v])+1000),
			tail(v, "p99.9", ns(s.P999), ns(e.P999[v]), ns(e.P50[v])),
			tail(v, "max", ns(s.Max), ns(e.Max[v]), ns(e.P50[v])),
			near(v, "alloc", s.AllocPerOp, e.AllocBytes[v], 1, "B"),
			near(v, "allocs", s.AllocsPerOp, e.Allocs[v], 0.05, "objects"),
			within(v, "cpu/op", ns(s.CPUPerOp), ns(e.CPUPerOp[v]), relClose),
		)
	}
	r := within(-1, "ratio", cmp.Ratio, e.Ratio, ratioClose)
	r.Unit = "×"
	return append(out, r)
}

func ns(d time.Duration) float64 { return float64(d) }

// within: |got − want| ≤ rel·want.
func within(v int, metric string, got, want, rel float64) Check {
	return Check{Variant: v, Metric: metric, Got: got, Want: want, Unit: "ns",
		Bound: "within " + units.Level(rel), OK: math.Abs(got-want) <= rel*want}
}

// below: a tail that should stay near the op: at most limit.
func below(v int, metric string, got, want, limit float64) Check {
	return Check{Variant: v, Metric: metric, Got: got, Want: want, Unit: "ns",
		Bound: "below 2× + 1µs", OK: got <= limit}
}

// tail: a stall the figure must show: at least half of it. When the truth
// is the op itself (stalls too rare to reach this quantile), within 25 %.
func tail(v int, metric string, got, want, op float64) Check {
	if want == op {
		return within(v, metric, got, want, relClose)
	}
	return Check{Variant: v, Metric: metric, Got: got, Want: want, Unit: "ns",
		Bound: "at least half", OK: got >= want/2}
}

// near: |got − want| ≤ abs.
func near(v int, metric string, got, want, abs float64, unit string) Check {
	return Check{Variant: v, Metric: metric, Got: got, Want: want, Unit: unit,
		Bound: "±" + units.Short(abs), OK: math.Abs(got-want) <= abs}
}
