package report

import (
	"errors"
	"fmt"
	"io"
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
	d, err := newDoc(s, opts)
	if err != nil {
		return err
	}
	return write(w, d)
}

// doc is a snapshot prepared for rendering: the runs kept and, for each, the
// facts and tables every format shows.
type doc struct {
	s      *snapshot.Snapshot
	source string
	header [][2]string // label, value
	runs   []runView
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
}

// ErrNoRuns is wrapped by Report's error when ReportOptions.Workload names
// no run of the snapshot.
var ErrNoRuns = errors.New("not in the snapshot")

func newDoc(s *snapshot.Snapshot, opts ReportOptions) (*doc, error) {
	d := &doc{s: s, source: opts.Source}
	var names []string
	for i := range s.Runs {
		r := &s.Runs[i]
		if !contains(names, r.Workload) {
			names = append(names, r.Workload)
		}
		if opts.Workload == "" || r.Workload == opts.Workload {
			d.runs = append(d.runs, newRunView(i, r))
		}
	}
	if len(d.runs) == 0 {
		return nil, fmt.Errorf("workload %q: %w (it has %s)", opts.Workload, ErrNoRuns, strings.Join(names, ", "))
	}
	e := s.Env
	machine := fmt.Sprintf("%s %s/%s · GOMAXPROCS %d · %d CPUs", e.GoVersion, e.OS, e.Arch, e.GOMAXPROCS, e.NumCPU)
	if e.CPUModel != "" {
		machine += " · " + e.CPUModel
	}
	if e.Hostname != "" {
		machine += " · host " + e.Hostname
	}
	tool := s.Tool.Name
	if s.Tool.Version != "" {
		tool += " " + s.Tool.Version
	}
	d.header = [][2]string{
		{"snapshot", fmt.Sprintf("%s, written %s by %s", s.Schema, s.CreatedAt, tool)},
		{"machine", machine},
		{"observer cost", units.Nanos(s.ObserverCostNs) + " per timed op or batch (clock read + histogram record)"},
	}
	return d, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func newRunView(i int, r *snapshot.Run) runView {
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
		{"timing", r.Timing},
		{"allocation", alloc},
	}
	if r.DroppedTicks > 0 {
		v.facts = append(v.facts, [2]string{"dropped", fmt.Sprintf("%d seconds dropped from the series", r.DroppedTicks)})
	}
	if r.Description != "" {
		v.facts = append([][2]string{{"about", r.Description}}, v.facts...)
	}
	v.table = summaryTable(r)
	c := r.Comparison
	v.ratio = fmt.Sprintf("%s (%s CI %s×, %d paired seconds)", units.Ratio(c.Ratio), units.Level(c.Confidence),
		units.Interval(c.CILow, c.CIHigh), c.Pairs)
	if c.Pairs == 0 {
		// No ratio was measured: "0×" would read like one.
		v.ratio = "not enough data (0 paired seconds after warm-up)"
	}
	v.ratioOf = b.Impl + "/" + a.Impl + " throughput"
	v.verdict = verdict(c, b.Impl)
	for _, vr := range r.Variants {
		if vr.Summary.LastError != "" {
			v.errors = append(v.errors, fmt.Sprintf("%s last error: %s", vr.Impl, oneLine(vr.Summary.LastError)))
		}
	}
	return v
}

// verdict says in words what the throughput comparison shows, side B named
// by its implementation b, with the interval read in the verdict's
// direction (units.Judge).
func verdict(c snapshot.Comparison, b string) string {
	v := units.Judge(c.Ratio, c.CILow, c.CIHigh, c.Pairs)
	ci := units.Level(c.Confidence) + " CI " + units.Interval(v.Lo, v.Hi) + "×"
	switch v.Kind {
	case units.NotEnoughData:
		return fmt.Sprintf("%s (%d paired seconds)", v, c.Pairs)
	case units.NoClearDifference:
		return fmt.Sprintf("%s (%s includes 1×)", v, ci)
	}
	return b + " " + units.Ratio(v.Factor) + " " + v.Kind.String() + ", " + ci
}

// implName is a side's implementation and, when it says more, its label:
// "owner (owner goroutine (gen_server))".
func implName(v *snapshot.VariantRun) string {
	if v.Label == "" || v.Label == v.Impl {
		return v.Impl
	}
	return v.Impl + " (" + v.Label + ")"
}

func summaryTable(r *snapshot.Run) table {
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
	measured("throughput, "+units.Level(r.Comparison.Confidence)+" CI", func(s *snapshot.Summary) string {
		return units.SI(s.ThroughputCILowOpsPerS) + "–" + units.OpsRate(s.ThroughputCIHighOpsPerS)
	})
	if b.Summary.ThroughputMedianBPerS > 0 || o.Summary.ThroughputMedianBPerS > 0 {
		measured("bytes/s, median", func(s *snapshot.Summary) string { return units.BytesRate(s.ThroughputMedianBPerS) })
	}
	measured("latency p50", func(s *snapshot.Summary) string { return units.Micros(s.LatencyP50Us) })
	measured("latency p95", func(s *snapshot.Summary) string { return units.Micros(s.LatencyP95Us) })
	measured("latency p99", func(s *snapshot.Summary) string { return units.Micros(s.LatencyP99Us) })
	measured("latency p99.9", func(s *snapshot.Summary) string { return units.Micros(s.LatencyP999Us) })
	measured("latency max", func(s *snapshot.Summary) string { return units.Micros(s.LatencyMaxUs) })
	measured("latency mean", func(s *snapshot.Summary) string { return units.Micros(s.LatencyMeanUs) })
	allocLabel := "alloc"
	if !r.AllocAttributable {
		allocLabel = "alloc (both variants combined)"
	}
	measured(allocLabel, func(s *snapshot.Summary) string { return units.BytesPerOp(s.AllocBytesPerOp) })
	row("errors", func(s *snapshot.Summary) string {
		if s.Errors == 0 || s.Ops == 0 {
			return units.Count(s.Errors)
		}
		return fmt.Sprintf("%s (%s of ops)", units.Count(s.Errors), units.Percent(float64(s.Errors)/float64(s.Ops)))
	})
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
