package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
)

// Gate is one bound of --fail-if, such as p99>5ms: a figure of each
// variant's run summary, a comparison and a bound. The run fails the gate
// when the comparison holds for any variant.
type Gate struct {
	Metric string  // as the gate names it: "throughput", "p99", "cpu", …
	Op     string  // ">", ">=", "<" or "<="
	Bound  float64 // in the summary's unit: ops/s, µs, a count, a fraction, B/op, allocs/op, µs/op or percent of a core
	Text   string  // the bound as written: "5ms"
	spec   *gateSpec
}

// Gates is a parsed --fail-if: every bound, each checked on its own.
type Gates []Gate

// gateSpec is a figure a gate can bound: how its bound is written and
// where its value is in a variant's summary.
type gateSpec struct {
	name  string
	want  string // what a bound looks like, for errors: "a duration such as 5ms"
	parse func(string) (float64, error)
	// value is the figure of v in run r, or why it cannot be judged.
	value  func(s *snapshot.Snapshot, r *snapshot.Run, v *snapshot.VariantRun) (float64, string)
	format func(float64) string
}

// GateMetrics names the figures --fail-if can bound.
var GateMetrics = []string{"throughput", "p50", "p95", "p99", "p999", "max", "errors", "error_rate", "alloc", "allocs", "cpu"}

func latencyGate(name string, field func(*snapshot.Summary) float64) *gateSpec {
	return &gateSpec{name: name, want: "a duration such as 5ms or 250µs", parse: parseGateDuration, format: units.Micros,
		value: func(_ *snapshot.Snapshot, _ *snapshot.Run, v *snapshot.VariantRun) (float64, string) {
			if v.Summary.Ops == 0 {
				return 0, "no successful op after warm-up"
			}
			return field(&v.Summary), ""
		}}
}

// perOpGate is a figure per op that parallel mode cannot attribute to a
// variant and that v1 snapshots did not measure (unless v1 is true).
func perOpGate(name, want string, v1 bool, parse func(string) (float64, error), format func(float64) string,
	field func(*snapshot.Summary) float64) *gateSpec {
	return &gateSpec{name: name, want: want, parse: parse, format: format,
		value: func(s *snapshot.Snapshot, r *snapshot.Run, v *snapshot.VariantRun) (float64, string) {
			switch {
			case !r.AllocAttributable:
				return 0, "parallel mode: both variants' figure combined"
			case !v1 && s.Schema == snapshot.SchemaV1:
				return 0, "not measured by a " + snapshot.SchemaV1 + " snapshot"
			}
			return field(&v.Summary), ""
		}}
}

var gateSpecs = map[string]*gateSpec{
	"throughput": {name: "throughput", want: "a rate such as 10k or 2.5M (ops/s)", parse: parseGateRate, format: units.OpsRate,
		value: func(_ *snapshot.Snapshot, _ *snapshot.Run, v *snapshot.VariantRun) (float64, string) {
			if v.Summary.ActiveTicks == 0 {
				return 0, "it ran in no second after warm-up"
			}
			return v.Summary.ThroughputMedianOpsPerS, ""
		}},
	"p50":  latencyGate("p50", func(s *snapshot.Summary) float64 { return s.LatencyP50Us }),
	"p95":  latencyGate("p95", func(s *snapshot.Summary) float64 { return s.LatencyP95Us }),
	"p99":  latencyGate("p99", func(s *snapshot.Summary) float64 { return s.LatencyP99Us }),
	"p999": latencyGate("p999", func(s *snapshot.Summary) float64 { return s.LatencyP999Us }),
	"max":  latencyGate("max", func(s *snapshot.Summary) float64 { return s.LatencyMaxUs }),
	"errors": {name: "errors", want: "a count such as 0 or 10", parse: parseGateCount,
		format: func(x float64) string { return units.Count(int64(x)) },
		value: func(_ *snapshot.Snapshot, _ *snapshot.Run, v *snapshot.VariantRun) (float64, string) {
			return float64(v.Summary.Errors), ""
		}},
	"error_rate": {name: "error_rate", want: "a share such as 1% or 0.01", parse: parseGateShare, format: units.Percent,
		value: func(_ *snapshot.Snapshot, _ *snapshot.Run, v *snapshot.VariantRun) (float64, string) {
			if v.Summary.Ops+v.Summary.Errors == 0 {
				return 0, "no op completed after warm-up"
			}
			return v.Summary.ErrorRate, ""
		}},
	"alloc": perOpGate("alloc", "bytes per op such as 0, 512 or 2kB", true, parseGateBytes, units.BytesPerOp,
		func(s *snapshot.Summary) float64 { return s.AllocBytesPerOp }),
	"allocs": perOpGate("allocs", "allocations per op such as 0 or 3", false, parseGateCount,
		func(x float64) string { return units.Num(x) + " allocs/op" },
		func(s *snapshot.Summary) float64 { return s.AllocsPerOp }),
	"cpu": perOpGate("cpu", "CPU time per op such as 2µs, or a share of one core such as 80%", false, parseGateDuration,
		func(x float64) string { return units.Micros(x) + "/op" },
		func(s *snapshot.Summary) float64 { return s.CPUUsPerOp }),
}

// cpuPercentGate is "cpu" with a bound in percent: CPU use, 100 % = one core.
var cpuPercentGate = perOpGate("cpu", "", false, parseGatePercent,
	func(x float64) string { return units.Percent(x / 100) },
	func(s *snapshot.Summary) float64 { return s.CPUPercent })

// gateAliases are other spellings of a gate's metric.
var gateAliases = map[string]string{"p99.9": "p999", "error-rate": "error_rate", "errorrate": "error_rate"}

// ParseGates parses a --fail-if list: bounds such as "p99>5ms", "errors>0"
// or "throughput<10k", separated by commas. A bound is METRIC OP VALUE with
// OP one of > >= < <=; see GateMetrics and README.md for the values each
// takes. The error names the bound at fault, on one line.
func ParseGates(s string) (Gates, error) {
	var gs Gates
	for _, clause := range strings.Split(s, ",") {
		clause = strings.TrimSpace(clause)
		if clause == "" {
			continue
		}
		g, err := parseGate(clause)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", clause, err)
		}
		gs = append(gs, g)
	}
	if len(gs) == 0 {
		return nil, errors.New("no bound given; want bounds such as 'p99>5ms, errors>0, throughput<10k'")
	}
	return gs, nil
}

func parseGate(clause string) (Gate, error) {
	i := strings.IndexAny(clause, "<>")
	if i < 0 {
		return Gate{}, errors.New("want METRIC>VALUE or METRIC<VALUE (also >=, <=), such as p99>5ms")
	}
	name := strings.ToLower(strings.TrimSpace(clause[:i]))
	op, rest := clause[i:i+1], clause[i+1:]
	if strings.HasPrefix(rest, "=") {
		op, rest = op+"=", rest[1:]
	}
	text := strings.TrimSpace(rest)
	if alias, ok := gateAliases[name]; ok {
		name = alias
	}
	spec, ok := gateSpecs[name]
	if !ok {
		return Gate{}, fmt.Errorf("unknown metric %q; want one of %s", name, strings.Join(GateMetrics, ", "))
	}
	if name == "cpu" && strings.HasSuffix(text, "%") {
		spec = cpuPercentGate
	}
	bound, err := spec.parse(text)
	if err != nil {
		return Gate{}, fmt.Errorf("%s bound %q: want %s", name, text, spec.want)
	}
	return Gate{Metric: name, Op: op, Bound: bound, Text: text, spec: spec}, nil
}

// String is the gate as written: "p99>5ms".
func (g Gate) String() string { return g.Metric + g.Op + g.Text }

// breached applies the gate's comparison to x.
func (g Gate) breached(x float64) bool {
	switch g.Op {
	case ">":
		return x > g.Bound
	case ">=":
		return x >= g.Bound
	case "<":
		return x < g.Bound
	}
	return x <= g.Bound
}

// GateResult is what Gates.Check found: each breached bound and each bound
// that could not be judged, per run and variant, one line each.
type GateResult struct {
	Checked   int // bounds judged, over every run and variant
	Breaches  []string
	NotJudged []string
}

// Check judges every gate on every variant of every run of s, from the
// run's summary after warm-up. A variant with no second after warm-up, or
// a figure its run did not measure (alloc, allocs and cpu in parallel mode;
// allocs and cpu in a v1 snapshot; latency without a successful op), is
// not judged, never taken as within bounds.
func (gs Gates) Check(s *snapshot.Snapshot) GateResult {
	var res GateResult
	for i := range s.Runs {
		r := &s.Runs[i]
		for j := range r.Variants {
			v := &r.Variants[j]
			where := runName(r) + ", " + v.Variant
			if v.Label != "" {
				where += " (" + v.Label + ")"
			}
			for _, g := range gs {
				x, why := g.spec.value(s, r, v)
				if why == "" && v.Summary.Ticks == 0 {
					why = "every second was warm-up"
				}
				switch {
				case why != "":
					res.NotJudged = append(res.NotJudged, fmt.Sprintf("%s: %s not judged: %s", where, g, why))
				case g.breached(x):
					res.Checked++
					res.Breaches = append(res.Breaches, fmt.Sprintf("%s: %s %s %s %s", where, g.Metric, g.spec.format(x), g.Op, g.Text))
				default:
					res.Checked++
				}
			}
		}
	}
	return res
}

// ExitCode is 1 when a bound was breached, 2 when none was but one could
// not be judged, 0 when every bound held.
func (r GateResult) ExitCode() int {
	switch {
	case len(r.Breaches) > 0:
		return ExitRegression
	case len(r.NotJudged) > 0:
		return ExitUnusable
	}
	return ExitOK
}

// Write writes one line per breach and per bound not judged, each after
// prefix ("mcptop: "), and a last line with the exit status unless it is
// 0. It returns the exit status.
func (r GateResult) Write(w io.Writer, prefix string) int {
	for _, l := range r.Breaches {
		fmt.Fprintf(w, "%s--fail-if breached: %s\n", prefix, units.SafeLine(l))
	}
	for _, l := range r.NotJudged {
		fmt.Fprintf(w, "%s--fail-if: %s\n", prefix, units.SafeLine(l))
	}
	code := r.ExitCode()
	switch code {
	case ExitRegression:
		fmt.Fprintf(w, "%s--fail-if: %d bound(s) breached → exit %d\n", prefix, len(r.Breaches), code)
	case ExitUnusable:
		fmt.Fprintf(w, "%s--fail-if: %d bound(s) not judged → exit %d\n", prefix, len(r.NotJudged), code)
	}
	return code
}

func parseGateDuration(s string) (float64, error) {
	if _, err := strconv.ParseFloat(s, 64); err == nil && s != "0" {
		return 0, errors.New("a duration needs a unit")
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, errors.New("not a duration ≥ 0")
	}
	return float64(d) / 1e3, nil
}

// parseGateSI parses a number with an optional k, M, G or T, as units
// prints them.
func parseGateSI(s string) (float64, error) {
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "k"), strings.HasSuffix(s, "K"):
		mult = 1e3
	case strings.HasSuffix(s, "M"):
		mult = 1e6
	case strings.HasSuffix(s, "G"):
		mult = 1e9
	case strings.HasSuffix(s, "T"):
		mult = 1e12
	}
	if mult != 1 {
		s = s[:len(s)-1]
	}
	return nonNegative(strings.TrimSpace(s), mult)
}

func parseGateRate(s string) (float64, error) {
	for _, suffix := range []string{"ops/s", "/s"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, suffix))
	}
	return parseGateSI(s)
}

func parseGateCount(s string) (float64, error) { return parseGateSI(s) }

func parseGateShare(s string) (float64, error) {
	if p, ok := strings.CutSuffix(s, "%"); ok {
		x, err := nonNegative(strings.TrimSpace(p), 0.01)
		if err != nil || x > 1 {
			return 0, errors.New("bad share")
		}
		return x, nil
	}
	x, err := nonNegative(s, 1)
	if err != nil || x > 1 {
		return 0, errors.New("bad share")
	}
	return x, nil
}

func parseGatePercent(s string) (float64, error) {
	p, _ := strings.CutSuffix(s, "%")
	return nonNegative(strings.TrimSpace(p), 1)
}

// gateByteUnits are the units an alloc bound may carry, longest first.
var gateByteUnits = []struct {
	suffix string
	mult   float64
}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"kB", 1e3}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1}}

func parseGateBytes(s string) (float64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(s, "/op"))
	for _, u := range gateByteUnits {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			return nonNegative(strings.TrimSpace(num), u.mult)
		}
	}
	return nonNegative(s, 1)
}

// nonNegative parses a finite number ≥ 0 and multiplies it by mult.
func nonNegative(s string, mult float64) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, errors.New("not a number ≥ 0")
	}
	return x * mult, nil
}
