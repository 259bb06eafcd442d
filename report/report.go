package report

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// Formats lists the formats Report writes; the first is the default.
var Formats = []string{"text", "md", "csv", "json", "html"}

// ReportOptions configures Report.
type ReportOptions struct {
	// Format is one of Formats; "text" when empty.
	Format string
	// Workload keeps only the runs of this workload; all runs when empty.
	Workload string
	// Source names the snapshot (its file name) in headings; optional.
	Source string
}

// Report writes the snapshot s to w in opts.Format. s is validated first, so
// a snapshot built in memory gets the same checks as one read from a file.
// It fails when the format is unknown or no run matches opts.Workload.
func Report(w io.Writer, s *snapshot.Snapshot, opts ReportOptions) error {
	if s == nil {
		return errors.New("no snapshot")
	}
	if err := s.Validate(); err != nil {
		return fmt.Errorf("invalid snapshot: %w", err)
	}
	format := opts.Format
	if format == "" {
		format = "text"
	}
	var write func(io.Writer, *doc) error
	switch format {
	case "text":
		write = writeText
	case "md":
		write = writeMarkdown
	case "csv":
		write = writeCSV
	case "json":
		write = writeJSON
	case "html":
		write = writeHTML
	default:
		return fmt.Errorf("format %q: want %s", format, strings.Join(Formats, ", "))
	}
	if format != "json" { // json is data, re-emitted as read; the rest is read by people
		s = printable(s)
		opts.Source = units.SafeLine(opts.Source)
	}
	d, err := newDoc(s, opts)
	if err != nil {
		return err
	}
	return write(w, d)
}

// doc is a snapshot prepared for rendering: the runs kept and, for each, the
// facts and tables every format shows.
type doc struct {
	s        *snapshot.Snapshot
	source   string
	header   [][2]string // label, value
	runs     []runView
	capacity *capacityView // a capacity search; nil for none
}

type runView struct {
	index   int // in s.Runs
	r       *snapshot.Run
	title   string
	facts   [][2]string
	table   table
	ratioOf string // what the ratio is of: "sharded/owner throughput"
	ratio   string // "3.1× (95 % CI 2.9–3.3×, 28 paired seconds)"
	verdict string
	errors  []string // last error of a variant, if any
	// calibration holds a calibration run against its truth; nil otherwise.
	calibration *table
	// methods are a mix's methods (openloop.go); nil for a single call.
	methods *table
}

// ErrNoRuns is wrapped by Report's error when ReportOptions.Workload names
// no run of the snapshot.
var ErrNoRuns = errors.New("not in the snapshot")

func newDoc(s *snapshot.Snapshot, opts ReportOptions) (*doc, error) {
	d := &doc{s: s, source: opts.Source}
	var names []string
	for i := range s.Runs {
		r := &s.Runs[i]
		if !slices.Contains(names, r.Workload) {
			names = append(names, r.Workload)
		}
		if opts.Workload == "" || r.Workload == opts.Workload {
			d.runs = append(d.runs, newRunView(i, r, s.Schema == snapshot.SchemaV1))
		}
	}
	if len(d.runs) == 0 {
		return nil, fmt.Errorf("workload %q: %w (it has %s)", opts.Workload, ErrNoRuns, strings.Join(names, ", "))
	}
	tool := s.Tool.Name
	if s.Tool.Version != "" {
		tool += " " + s.Tool.Version
	}
	d.header = [][2]string{
		{"snapshot", fmt.Sprintf("%s, written %s by %s", s.Schema, s.CreatedAt, tool)},
		{"machine", machine(s.Env)},
		{"observer cost", observerCost(s)},
	}
	d.header = fleetHeader(s, d.header)
	d.capacity = newCapacityView(s)
	return d, nil
}

// observerCost says what timing one op (v1: one op or batch) costs.
func observerCost(s *snapshot.Snapshot) string {
	if s.Schema == snapshot.SchemaV1 {
		return units.Nanos(s.ObserverCostNs) + " per timed op or batch (clock read + histogram record)"
	}
	return units.Nanos(s.ObserverCostNs) + " per timed op (two clock reads + a histogram record)"
}

func newRunView(i int, r *snapshot.Run, v1 bool) runView {
	v := runView{index: i, r: r, title: runName(r)}
	params := paramString(r.Params, " ")
	if params == "" {
		params = "none"
	}
	mode := "alternate: the variants take turns in " + units.Short(r.SliceMs) + " ms slices"
	if r.Mode == "parallel" {
		mode = "parallel: both variants run at once"
	}
	duration := fmt.Sprintf("%s s measured from %s; warm-up %d s, kept out of summaries",
		units.Short(r.DurationS), r.StartedAt, r.WarmupS)
	alloc := "attributable to each variant"
	if !r.AllocAttributable {
		alloc = "not attributable: both variants allocate at once, figures are their combined rate"
	}
	a, b := &r.Variants[0], &r.Variants[1]
	v.facts = [][2]string{
		{"implementations", "A " + implName(a) + " · B " + implName(b)},
		{"parameters", params},
		{"workers", fmt.Sprintf("%d per variant", r.Workers)},
		{"mode", mode},
		{"duration", duration},
		{"latency", latencyFact(r)},
		{"allocation", alloc},
	}
	if m, ok := measuredFact(r, v1); ok {
		v.facts = append(v.facts, [2]string{"measured", m})
	}
	if r.DroppedTicks > 0 {
		v.facts = append(v.facts, [2]string{"dropped", fmt.Sprintf("%d seconds dropped from the series", r.DroppedTicks)})
	}
	if f, ok := loadFact(r); ok {
		v.facts = append(v.facts, f)
	}
	v.facts = append(v.facts, mergedFacts(r)...)
	if r.Description != "" {
		v.facts = append([][2]string{{"about", r.Description}}, v.facts...)
	}
	v.table = summaryTable(r, v1)
	v.calibration = calibrationTable(r)
	v.methods = methodTable(r)
	v.ratio = ratioLine(r.Comparison)
	v.ratioOf = b.Impl + "/" + a.Impl + " throughput"
	v.verdict = verdict(r)
	for _, vr := range r.Variants {
		if vr.Summary.LastError != "" {
			v.errors = append(v.errors, fmt.Sprintf("%s last error: %s", vr.Impl, oneLine(vr.Summary.LastError)))
		}
	}
	return v
}

// ratioLine states the throughput ratio with its interval and what the
// interval rests on; without enough seconds for the level asked it names no
// level, and without any it names no ratio ("0×" would read like one).
func ratioLine(c snapshot.Comparison) string {
	switch {
	case c.Pairs == 0:
		return "not enough data yet (0 paired seconds after warm-up)"
	case c.Coverage < c.Confidence:
		return fmt.Sprintf("%s over %d paired seconds: too few for a %s interval", units.Ratio(c.Ratio), c.Pairs,
			units.Level(c.Confidence))
	}
	return fmt.Sprintf("%s (%s CI %s×, %d paired seconds, worth %s independent)", units.Ratio(c.Ratio),
		units.Percent(c.Coverage), units.Interval(c.CILow, c.CIHigh), c.Pairs, units.Num(c.EffectivePairs))
}

// judge is the verdict on a run's throughput comparison (units.Judge), from
// what the snapshot holds: the ratio and its interval, whether the interval
// reached its level, and the variants' error rates against the run's
// --max-errors.
func judge(r *snapshot.Run) units.Verdict {
	c := r.Comparison
	return units.Judge(units.Evidence{
		Ratio: c.Ratio, Lo: c.CILow, Hi: c.CIHigh, Pairs: c.Pairs, Effective: c.EffectivePairs,
		Enough:    c.Pairs > 0 && c.Coverage >= c.Confidence,
		ErrorRate: [2]float64{r.Variants[0].Summary.ErrorRate, r.Variants[1].Summary.ErrorRate},
		MaxErrors: c.MaxErrorRate,
	})
}

// verdict says in words what the throughput comparison shows, the sides
// named by their implementations, with the interval read in the verdict's
// direction and its achieved coverage.
func verdict(r *snapshot.Run) string {
	c := r.Comparison
	v := judge(r)
	names := [2]string{r.Variants[0].Impl, r.Variants[1].Impl}
	ci := units.Percent(c.Coverage) + " CI " + units.Interval(v.Lo, v.Hi) + "×"
	said := v.Said(names)
	switch v.Kind {
	case units.NotEnoughData:
		return fmt.Sprintf("%s (the interval covers only %s; a verdict needs %s)", said, units.Percent(c.Coverage), units.Level(c.Confidence))
	case units.NotComparable:
		return fmt.Sprintf("%s (--max-errors %s)", said, units.Level(c.MaxErrorRate))
	case units.NoClearDifference:
		return fmt.Sprintf("%s (%s includes 1×)", said, ci)
	}
	return said + ", " + ci
}

// implName is a side's implementation and, when it says more, its label:
// "owner (owner goroutine (gen_server))".
func implName(v *snapshot.VariantRun) string {
	if v.Label == "" || v.Label == v.Impl {
		return v.Impl
	}
	return v.Impl + " (" + v.Label + ")"
}

func summaryTable(r *snapshot.Run, v1 bool) table {
	b, o := &r.Variants[0], &r.Variants[1]
	t := table{head: []string{"metric", "A " + b.Impl, "B " + o.Impl}, right: []bool{false, true, true}}
	row := func(label string, f func(s *snapshot.Summary) string) {
		t.rows = append(t.rows, []string{label, f(&b.Summary), f(&o.Summary)})
	}
	// measured is a figure of the seconds after warm-up: with none, its zero
	// would read like a measurement, so it reads "—". Counts (errors, ops,
	// seconds) stay: zero is what they are.
	measured := func(label string, f func(s *snapshot.Summary) string) {
		row(label, func(s *snapshot.Summary) string {
			if s.Ticks == 0 {
				return "—"
			}
			return f(s)
		})
	}
	measured("throughput, median", func(s *snapshot.Summary) string { return units.OpsRate(s.ThroughputMedianOpsPerS) })
	measured("throughput, CI", func(s *snapshot.Summary) string {
		if s.ThroughputCICoverage < r.Comparison.Confidence {
			return "too few seconds"
		}
		return units.SI(s.ThroughputCILowOpsPerS) + "–" + units.OpsRate(s.ThroughputCIHighOpsPerS) +
			" (" + units.Percent(s.ThroughputCICoverage) + ")"
	})
	if b.Summary.ThroughputMedianBPerS > 0 || o.Summary.ThroughputMedianBPerS > 0 {
		measured("bytes/s, median", func(s *snapshot.Summary) string { return units.BytesRate(s.ThroughputMedianBPerS) })
	}
	// a latency is of successful ops: without any, there is none
	latency := func(label string, f func(s *snapshot.Summary) float64) {
		measured(label, func(s *snapshot.Summary) string {
			if s.Ops == 0 {
				return "—"
			}
			return units.Micros(f(s))
		})
	}
	latency("latency p50", func(s *snapshot.Summary) float64 { return s.LatencyP50Us })
	latency("latency p95", func(s *snapshot.Summary) float64 { return s.LatencyP95Us })
	latency("latency p99", func(s *snapshot.Summary) float64 { return s.LatencyP99Us })
	latency("latency p99.9", func(s *snapshot.Summary) float64 { return s.LatencyP999Us })
	latency("latency max", func(s *snapshot.Summary) float64 { return s.LatencyMaxUs })
	latency("latency mean", func(s *snapshot.Summary) float64 { return s.LatencyMeanUs })
	openRows(r, measured, latency)
	allocLabel := "alloc"
	if !r.AllocAttributable {
		allocLabel = "alloc (both variants combined)"
	}
	measured(allocLabel, func(s *snapshot.Summary) string { return units.BytesPerOp(s.AllocBytesPerOp) })
	if !v1 {
		costRows(&t, r, measured)
	}
	row("errors", func(s *snapshot.Summary) string {
		if s.Errors == 0 {
			return units.Count(s.Errors)
		}
		return fmt.Sprintf("%s (%s of ops)", units.Count(s.Errors), units.Percent(s.ErrorRate))
	})
	if b.Summary.Errors > 0 || o.Summary.Errors > 0 {
		row("of which timed out", func(s *snapshot.Summary) string { return units.Count(s.Timeouts) })
		row("failed ops' latency p99", func(s *snapshot.Summary) string {
			if s.Errors == 0 {
				return "—"
			}
			return units.Micros(s.ErrorLatencyP99Us)
		})
	}
	row("ops", func(s *snapshot.Summary) string { return units.Count(s.Ops) })
	row("seconds after warm-up", func(s *snapshot.Summary) string { return fmt.Sprint(s.Ticks) })
	return t
}

// oneLine keeps an error message to one line of at most 200 runes.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:199]) + "…"
	}
	return s
}

// paramString renders parameters sorted by name: "keys=1000 prefill=10".
func paramString(m map[string]int, sep string) string { return workload.Params(m).Join(sep) }
