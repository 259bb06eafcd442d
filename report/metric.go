package report

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
)

// Metric is a per-second figure Compare can test.
type Metric string

// The metrics Compare knows. Throughput is better higher; the others lower.
const (
	Throughput Metric = "throughput" // throughput_ops_per_s
	P50        Metric = "p50"        // latency_p50_us
	P95        Metric = "p95"        // latency_p95_us
	P99        Metric = "p99"        // latency_p99_us
	Alloc      Metric = "alloc"      // alloc_bytes_per_op
	Errors     Metric = "errors"     // errors: failed ops in the second
	ErrorRate  Metric = "error_rate" // errors over every op completed in the second
)

// AllMetrics lists every Metric in display order.
var AllMetrics = []Metric{Throughput, P50, P95, P99, Alloc, Errors, ErrorRate}

// DefaultMetrics is what Compare tests when CompareOptions.Metrics is empty.
var DefaultMetrics = []Metric{Throughput, P99, Alloc, Errors, ErrorRate}

// metricList names every metric, for messages.
const metricList = "throughput, p50, p95, p99, alloc, errors, error_rate"

// AllocFloor is the smallest change in alloc_bytes_per_op (bytes per op)
// that can count as improved or regressed. Per-second allocation figures
// include the runtime's own background allocation spread over the ops, so a
// zero-allocation variant reads a few hundredths of a byte per op, and a
// relative threshold on such a figure means nothing.
const AllocFloor = 1.0

// ParseMetrics parses a comma-separated list such as "throughput,p99,alloc".
func ParseMetrics(s string) ([]Metric, error) {
	var out []Metric
	seen := map[Metric]bool{}
	for _, f := range strings.Split(s, ",") {
		m := Metric(strings.TrimSpace(f))
		if m == "" {
			continue
		}
		if m.unit() == "" {
			return nil, fmt.Errorf("unknown metric %q; want a list of %s", string(m), metricList)
		}
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no metric given; want a list of " + metricList)
	}
	return out, nil
}

func (m Metric) higherIsBetter() bool { return m == Throughput }

// isLatency: the metric is a latency percentile, which only compares with
// one taken the same way (Run.Tails).
func (m Metric) isLatency() bool { return m == P50 || m == P95 || m == P99 }

// isErrors: the metric counts failures. Any rise from none is a
// regression, and a significant rise is one whatever the threshold.
func (m Metric) isErrors() bool { return m == Errors || m == ErrorRate }

// unit is the unit of the metric's values; "" for an unknown metric.
func (m Metric) unit() string {
	switch m {
	case Throughput:
		return "ops/s"
	case P50, P95, P99:
		return "µs"
	case Alloc:
		return "B/op"
	case Errors:
		return "errors"
	case ErrorRate:
		return "share"
	}
	return ""
}

// field is the snapshot key the metric reads.
func (m Metric) field() string {
	switch m {
	case Throughput:
		return "throughput_ops_per_s"
	case P50:
		return "latency_p50_us"
	case P95:
		return "latency_p95_us"
	case P99:
		return "latency_p99_us"
	case Errors:
		return "errors"
	case ErrorRate:
		return "errors / (ops + errors + fill_drain_ops)"
	}
	return "alloc_bytes_per_op"
}

// format renders a value of the metric with its unit.
func (m Metric) format(x float64) string {
	switch m {
	case Throughput:
		return units.OpsRate(x)
	case Alloc:
		return units.BytesPerOp(x)
	case Errors:
		return units.SI(x)
	case ErrorRate:
		return units.Percent(x)
	}
	return units.Micros(x)
}

// samples returns the run's post-warm-up per-second values of the metric
// for variant v, in time order, or why there are none (seconds).
func (m Metric) samples(r *snapshot.Run, v int) ([]float64, string) {
	ps, why := m.seconds(r, v)
	if why != "" {
		return nil, why
	}
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = pointValue(m, p)
	}
	return out, ""
}

// seconds returns the run's post-warm-up seconds whose values of the metric
// are evidence for variant v, in time order, or why there are none. A
// second in which the variant did not run is no evidence and is left out;
// latency and alloc also leave out seconds without a successful op (they
// have no latency), error_rate those without any op.
func (m Metric) seconds(r *snapshot.Run, v int) ([]*snapshot.Point, string) {
	if m == Alloc && !r.AllocAttributable {
		return nil, "alloc not attributable to a variant (parallel mode: both variants allocate at once)"
	}
	if why := percentilesAbsent(r, v, m); why != "" {
		return nil, why
	}
	var out []*snapshot.Point
	for i := range r.Variants[v].Series {
		p := &r.Variants[v].Series[i]
		if p.Warmup || !p.Ran || p.Partial { // a partial second of a merged run is not the fleet's
			continue
		}
		switch m {
		case Throughput, Errors:
		case ErrorRate:
			if p.Ops+p.Errors+p.FillDrainOps == 0 {
				continue
			}
		default:
			if p.Ops == 0 {
				continue
			}
		}
		out = append(out, p)
	}
	return out, ""
}

func pointValue(m Metric, p *snapshot.Point) float64 {
	switch m {
	case Throughput:
		return p.ThroughputOpsPerS
	case P50:
		return p.LatencyP50Us
	case P95:
		return p.LatencyP95Us
	case P99:
		return p.LatencyP99Us
	case Errors:
		return float64(p.Errors)
	case ErrorRate:
		return float64(p.Errors) / float64(p.Ops+p.Errors+p.FillDrainOps)
	}
	return p.AllocBytesPerOp
}
