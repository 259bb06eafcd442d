package snapshot

import (
	"fmt"
	"math"
	"time"
)

func (s *Snapshot) validateSchema() error {
	switch {
	case s.Schema == "":
		return fieldErr("schema", "missing; not an mcptop snapshot")
	case s.Schema != Schema && s.Schema != SchemaV1:
		return fieldErr("schema", "%q is not %q or %q, the versions this mcptop reads", s.Schema, Schema, SchemaV1)
	}
	return nil
}

// Validate checks a decoded snapshot: the schema version; the fields that
// must not be empty (created_at and started_at as RFC 3339, tool name, Go
// version, OS, arch, workload, mode, timing); at least one run; exactly a
// baseline and an optimised variant per run; at least one sample per
// variant, seconds 1-based and increasing; every count and number finite and
// non-negative; intervals with low ≤ high; histogram buckets ascending;
// for a merged snapshot, its instances and how each run was merged (last).
// Checks run in document order, so the error, which names the field by its
// JSON path, is the same for the same input.
func (s *Snapshot) Validate() error {
	if err := s.validateSchema(); err != nil {
		return err
	}
	if err := rfc3339("created_at", s.CreatedAt); err != nil {
		return err
	}
	if s.Tool.Name == "" {
		return fieldErr("tool.name", "empty")
	}
	e := s.Env
	for _, f := range []struct{ name, v string }{{"go_version", e.GoVersion}, {"os", e.OS}, {"arch", e.Arch}} {
		if f.v == "" {
			return fieldErr("env."+f.name, "empty")
		}
	}
	if e.GOMAXPROCS < 1 {
		return fieldErr("env.gomaxprocs", "%d; want at least 1", e.GOMAXPROCS)
	}
	if e.NumCPU < 1 {
		return fieldErr("env.num_cpu", "%d; want at least 1", e.NumCPU)
	}
	if err := nonNeg("observer_cost_ns", s.ObserverCostNs); err != nil {
		return err
	}
	if len(s.Runs) == 0 {
		return fieldErr("runs", "no runs: the snapshot holds zero samples")
	}
	for i := range s.Runs {
		if err := s.Runs[i].validate(fmt.Sprintf("runs[%d]", i)); err != nil {
			return err
		}
	}
	if err := s.validateCapacity(); err != nil {
		return err
	}
	return s.validateFleet()
}

func (r *Run) validate(at string) error {
	if r.Workload == "" {
		return fieldErr(at+".workload", "empty")
	}
	if _, ok := r.Params[""]; ok {
		return fieldErr(at+".params", "a parameter has an empty name")
	}
	if r.Workers < 1 {
		return fieldErr(at+".workers", "%d; want at least 1", r.Workers)
	}
	if r.Mode != "alternate" && r.Mode != "parallel" {
		return fieldErr(at+".mode", "%q; want \"alternate\" or \"parallel\"", r.Mode)
	}
	if r.Timing == "" {
		return fieldErr(at+".timing", "empty")
	}
	if err := r.validateLoad(at); err != nil {
		return err
	}
	switch r.Tails {
	case TailsPerOp, TailsPerOpSampled, TailsBatchMean:
	default:
		return fieldErr(at+".tails", "%q; want %q, %q or %q", r.Tails, TailsPerOp, TailsPerOpSampled, TailsBatchMean)
	}
	if r.TimedEvery < 1 {
		return fieldErr(at+".timed_every", "%d; want at least 1", r.TimedEvery)
	}
	if err := nonNeg(at+".observer_share", r.ObserverShare); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"warmup_s", r.WarmupS}, {"batch_ops", r.BatchOps}, {"dropped_ticks", r.DroppedTicks}} {
		if f.v < 0 {
			return fieldErr(at+"."+f.name, "%d is negative", f.v)
		}
	}
	if err := nonNeg(at+".slice_ms", r.SliceMs); err != nil {
		return err
	}
	if err := rfc3339(at+".started_at", r.StartedAt); err != nil {
		return err
	}
	if err := nonNeg(at+".duration_s", r.DurationS); err != nil {
		return err
	}
	if len(r.Variants) != 2 {
		return fieldErr(at+".variants", "want 2 variants (baseline, optimised), got %d", len(r.Variants))
	}
	for j := range r.Variants {
		vat := fmt.Sprintf("%s.variants[%d]", at, j)
		if err := r.Variants[j].validate(vat, [2]string{"baseline", "optimised"}[j]); err != nil {
			return err
		}
	}
	c := r.Comparison
	if err := nonNegs(at+".comparison.", []string{"ratio", "ci_low", "ci_high", "confidence"},
		c.Ratio, c.CILow, c.CIHigh, c.Confidence); err != nil {
		return err
	}
	if c.CILow > c.CIHigh {
		return fieldErr(at+".comparison.ci_low", "%v is above ci_high %v", c.CILow, c.CIHigh)
	}
	if c.Confidence > 1 {
		return fieldErr(at+".comparison.confidence", "%v is not a probability", c.Confidence)
	}
	if c.Pairs < 0 {
		return fieldErr(at+".comparison.pairs", "%d is negative", c.Pairs)
	}
	return c.validateV2(at + ".comparison.")
}

func (v *VariantRun) validate(at, want string) error {
	if v.Variant != want {
		return fieldErr(at+".variant", "%q; want %q", v.Variant, want)
	}
	if v.Impl == "" {
		return fieldErr(at+".impl", "empty")
	}
	if len(v.Series) == 0 {
		return fieldErr(at+".series", "zero samples")
	}
	prev := 0
	for k := range v.Series {
		p := &v.Series[k]
		pat := fmt.Sprintf("%s.series[%d]", at, k)
		if p.T <= prev {
			return fieldErr(pat+".t_s", "%d; seconds must be 1-based and increasing (previous %d)", p.T, prev)
		}
		prev = p.T
		if err := nonNegInts(pat+".", pointCounts, p.Ops, p.Errors, p.Timeouts, p.FillDrainOps, p.Timed,
			p.HeapBytes, p.RSSBytes); err != nil {
			return err
		}
		if err := nonNegs(pat+".", pointFields,
			p.ActiveS, p.FillDrainS, p.WallS, p.ThroughputOpsPerS, p.ThroughputBPerS, p.LatencyP50Us, p.LatencyP95Us,
			p.LatencyP99Us, p.LatencyMaxUs, p.LatencyMeanUs, p.AllocBytesPerOp, p.AllocsPerOp,
			p.CPUUsPerOp, p.CPUPercent); err != nil {
			return err
		}
	}
	sm := &v.Summary
	sat := at + ".summary."
	if err := nonNegInts(sat, summaryCounts, int64(sm.Ticks), int64(sm.ActiveTicks), sm.Ops, sm.Errors,
		sm.Timeouts, sm.FillDrainOps, sm.Timed); err != nil {
		return err
	}
	if sm.ActiveTicks > sm.Ticks {
		return fieldErr(sat+"active_ticks", "%d is more than ticks %d", sm.ActiveTicks, sm.Ticks)
	}
	if err := nonNegs(sat, summaryFields,
		sm.ThroughputMedianOpsPerS, sm.ThroughputCILowOpsPerS, sm.ThroughputCIHighOpsPerS,
		sm.ThroughputMedianBPerS, sm.LatencyP50Us, sm.LatencyP95Us, sm.LatencyP99Us,
		sm.LatencyP999Us, sm.LatencyMaxUs, sm.LatencyMeanUs, sm.ErrorLatencyP50Us, sm.ErrorLatencyP99Us,
		sm.ErrorLatencyMaxUs, sm.AllocBytesPerOp, sm.AllocsPerOp, sm.CPUUsPerOp, sm.CPUPercent,
		sm.ErrorRate, sm.FillDrainShare, sm.ThroughputCICoverage, sm.ThroughputEffectiveTicks); err != nil {
		return err
	}
	if sm.ErrorRate > 1 || sm.FillDrainShare > 1 || sm.ThroughputCICoverage > 1 {
		return fieldErr(sat+"error_rate", "error_rate %v, fill_drain_share %v or throughput_ci_coverage %v is above 1",
			sm.ErrorRate, sm.FillDrainShare, sm.ThroughputCICoverage)
	}
	if sm.ThroughputCILowOpsPerS > sm.ThroughputCIHighOpsPerS {
		return fieldErr(sat+"throughput_ci_low_ops_per_s", "%v is above throughput_ci_high_ops_per_s %v",
			sm.ThroughputCILowOpsPerS, sm.ThroughputCIHighOpsPerS)
	}
	if err := validateBuckets(at+".latency_histogram", v.Histogram); err != nil {
		return err
	}
	if err := validateBuckets(at+".error_latency_histogram", v.ErrorHistogram); err != nil {
		return err
	}
	return v.validateOpen(at)
}

// validateBuckets checks that a histogram's buckets ascend without overlap.
func validateBuckets(at string, bs []Bucket) error {
	var prevHi int64 = -1
	for b, bk := range bs {
		bat := fmt.Sprintf("%s[%d]", at, b)
		switch {
		case bk.LoNs < 0:
			return fieldErr(bat+".lo_ns", "%d is negative", bk.LoNs)
		case bk.HiNs < bk.LoNs:
			return fieldErr(bat+".hi_ns", "%d is below lo_ns %d", bk.HiNs, bk.LoNs)
		case bk.LoNs <= prevHi:
			return fieldErr(bat+".lo_ns", "%d; buckets must ascend without overlap (previous hi_ns %d)", bk.LoNs, prevHi)
		}
		prevHi = bk.HiNs
	}
	return nil
}

var pointCounts = []string{"ops", "errors", "timeouts", "fill_drain_ops", "timed_ops", "heap_bytes", "rss_bytes"}

var pointFields = []string{
	"active_s", "fill_drain_s", "wall_s", "throughput_ops_per_s", "throughput_bytes_per_s", "latency_p50_us",
	"latency_p95_us", "latency_p99_us", "latency_max_us", "latency_mean_us", "alloc_bytes_per_op",
	"allocs_per_op", "cpu_us_per_op", "cpu_percent",
}

var summaryCounts = []string{"ticks", "active_ticks", "ops", "errors", "timeouts", "fill_drain_ops", "timed_ops"}

var summaryFields = []string{
	"throughput_median_ops_per_s", "throughput_ci_low_ops_per_s", "throughput_ci_high_ops_per_s",
	"throughput_median_bytes_per_s", "latency_p50_us", "latency_p95_us", "latency_p99_us",
	"latency_p999_us", "latency_max_us", "latency_mean_us", "error_latency_p50_us", "error_latency_p99_us",
	"error_latency_max_us", "alloc_bytes_per_op", "allocs_per_op", "cpu_us_per_op", "cpu_percent",
	"error_rate", "fill_drain_share", "throughput_ci_coverage", "throughput_effective_ticks",
}

// nonNegInts checks counts xs[i] under the name prefix+names[i], in order.
func nonNegInts(prefix string, names []string, xs ...int64) error {
	for i, x := range xs {
		if x < 0 {
			return fieldErr(prefix+names[i], "%d is negative", x)
		}
	}
	return nil
}

// nonNegs checks xs[i] under the name prefix+names[i], in order.
func nonNegs(prefix string, names []string, xs ...float64) error {
	for i, x := range xs {
		if !(x >= 0) || math.IsInf(x, 0) { // also catches NaN
			return nonNeg(prefix+names[i], x)
		}
	}
	return nil
}

// rfc3339 checks that s, the value of field, is an RFC 3339 time.
func rfc3339(field, s string) error {
	if _, err := time.Parse(time.RFC3339, s); err != nil {
		return fieldErr(field, "%q is not an RFC 3339 time", s)
	}
	return nil
}

func nonNeg(field string, x float64) error {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return fieldErr(field, "%v is not a finite number", x)
	case x < 0:
		return fieldErr(field, "%v is negative", x)
	}
	return nil
}
