package report

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
)

// CompareOptions configures Compare.
type CompareOptions struct {
	// Threshold is the relative change (0.05 = 5 %) a significant change
	// must exceed, in the worse direction, to be a regression; in the
	// better direction, to be an improvement.
	Threshold float64
	// Metrics to test; DefaultMetrics when empty. A default metric that
	// neither run can measure (alloc when both ran in parallel mode) is
	// listed in Result.Skipped; a metric asked for explicitly that cannot be
	// measured is listed in Result.NotCompared.
	Metrics []Metric
	// Alpha is the significance level; 0.05 when zero.
	Alpha float64
	// Format is "text" (default), "md", "json" or "html".
	Format string
	// OldName and NewName label the two sides ("old" and "new" when empty),
	// usually their file names.
	OldName, NewName string
}

// Class is the verdict on one metric of one variant.
type Class string

// The classes of a Change.
const (
	// Improved: significant and better than the threshold.
	Improved Class = "improved"
	// Regressed: significant and worse than the threshold.
	Regressed Class = "regressed"
	// Unchanged: no significant change (p ≥ α).
	Unchanged Class = "no significant change"
	// WithinThreshold: significant, but no larger than the threshold.
	WithinThreshold Class = "within threshold"
	// NotCompared: the metric could not be tested; Change.Reason says why.
	NotCompared Class = "not compared"
)

// Change is one metric of one variant of one run, old against new.
type Change struct {
	Variant string // "baseline" or "optimised"
	Metric  Metric
	Class   Class
	Reason  string // why it was not compared; empty otherwise
	// Unmeasurable: not compared because neither run can measure the metric.
	Unmeasurable bool

	OldN, NewN       int     // per-second samples after warm-up
	OldMedian        float64 // median of the old per-second values
	NewMedian        float64
	Shift            float64 // Hodges–Lehmann estimate of new − old, in the metric's unit
	ShiftLo, ShiftHi float64 // its confidence interval
	Delta            float64 // Shift / OldMedian (+Inf when the old median is 0 and Shift > 0)
	DeltaLo, DeltaHi float64 // the interval relative to OldMedian
	// P is the two-sided Mann–Whitney U p-value, Holm-adjusted over the
	// tests of the run pair; RawP before the adjustment. Both are NaN when
	// no test was made (not compared, or errors judged by the rise-from-0
	// rule).
	P, RawP float64
	Exact   bool // p from the exact distribution of U (ties included; ≤ stats.ExactMax seconds per side)
	// Lag1 is the lag-1 autocorrelation of the old and new seconds, and
	// Inflation the variance of U over its value for independent seconds
	// that they imply (1: none); p and the interval allow for it.
	Lag1      [2]float64
	Inflation float64
	// FromZero: an errors metric with no failure in old and some in new, a
	// regression without a test; NewMax is then new's largest second.
	FromZero          bool
	NewMax            float64
	BetterHigher      bool // true for throughput
	ThresholdExceeded bool // |Delta| > threshold (and ≥ AllocFloor for alloc)
}

// RunPair is one run of OLD matched with one run of NEW.
type RunPair struct {
	Workload string
	Params   map[string]int
	OldIndex int // index in old.Runs
	NewIndex int // index in new.Runs
	// Notes say what differs between the two runs although they were paired
	// (workers, mode, timing): the figures are then not like for like.
	Notes   []string
	Changes []Change // by variant, then metric in the order asked
	// Tests is how many p-values the Holm–Bonferroni adjustment of this
	// pair spans.
	Tests int
}

// Problem is something that could not be compared, by name.
type Problem struct {
	Subject string `json:"subject"` // "registry keys=1000", "registry keys=1000 · baseline alloc", "old.json"
	Reason  string `json:"reason"`
}

// Result is what Compare found. Its exit code: 1 when anything regressed,
// else 2 when anything asked for could not be compared, else 0.
type Result struct {
	OldName, NewName string
	Threshold, Alpha float64
	Metrics          []Metric
	Pairs            []RunPair
	NotCompared      []Problem // runs and metrics of OLD that could not be tested
	Skipped          []Problem // default metrics that neither side can measure
	Notes            []string  // caveats that do not block: machine differences, runs only in NEW
	Regressions      int
	Improvements     int
}

// Regressed reports whether at least one change is a regression.
func (r *Result) Regressed() bool { return r.Regressions > 0 }

// Unusable reports whether something asked for could not be compared.
func (r *Result) Unusable() bool { return len(r.NotCompared) > 0 }

// ExitCode is 1 when anything regressed, 2 when nothing regressed but
// something could not be compared, 0 otherwise.
func (r *Result) ExitCode() int {
	switch {
	case r.Regressed():
		return 1
	case r.Unusable():
		return 2
	}
	return 0
}

// Compare tests every run of old against its counterpart in new, writes the
// result to w in opts.Format, and returns it. Runs pair by workload name and
// parameters (the k-th run with a key in old with the k-th in new); a run
// of old without a counterpart, a metric absent on one side, or too few
// samples is listed in Result.NotCompared, never taken as "no change". A run
// only in new is noted. The error is for bad options, an invalid snapshot
// (also listed in NotCompared) or a failed write.
func Compare(w io.Writer, old, new *snapshot.Snapshot, opts CompareOptions) (Result, error) {
	if opts.Format != "json" { // json is data; the rest is read by people
		old, new = printable(old), printable(new)
		opts.OldName, opts.NewName = units.SafeLine(opts.OldName), units.SafeLine(opts.NewName)
	}
	res, err := compare(old, new, opts)
	if err != nil {
		return res, err
	}
	switch opts.Format {
	case "", "text":
		err = writeCompareText(w, &res)
	case "md":
		err = writeCompareMarkdown(w, &res)
	case "json":
		err = writeCompareJSON(w, &res)
	case "html":
		err = writeCompareHTML(w, &res, old, new)
	default:
		return res, fmt.Errorf("format %q: want %s", opts.Format, strings.Join(CompareFormats, ", "))
	}
	return res, err
}

func compare(old, new *snapshot.Snapshot, opts CompareOptions) (Result, error) {
	res, err := newResult(opts)
	if err != nil {
		return res, err
	}
	for _, side := range []struct {
		name string
		s    *snapshot.Snapshot
	}{{res.OldName, old}, {res.NewName, new}} {
		switch {
		case side.s == nil:
			res.NotCompared = append(res.NotCompared, Problem{side.name, "no snapshot"})
		default:
			if err := side.s.Validate(); err != nil {
				res.NotCompared = append(res.NotCompared, Problem{side.name, err.Error()})
			}
		}
	}
	if len(res.NotCompared) > 0 {
		return res, nil
	}
	res.Notes = append(res.Notes, envNotes(old.Env, new.Env)...)
	res.pairRuns(old, new)
	res.count(old, len(opts.Metrics) > 0)
	return res, nil
}

// newResult is an empty Result with opts' defaults filled in, or why opts
// are unusable.
func newResult(opts CompareOptions) (Result, error) {
	res := Result{
		OldName: cmp.Or(opts.OldName, "old"), NewName: cmp.Or(opts.NewName, "new"),
		Threshold: opts.Threshold, Alpha: cmp.Or(opts.Alpha, 0.05), Metrics: opts.Metrics,
	}
	if len(res.Metrics) == 0 {
		res.Metrics = DefaultMetrics
	}
	switch {
	case !(res.Threshold >= 0) || math.IsInf(res.Threshold, 0):
		return res, fmt.Errorf("threshold %v: want a non-negative fraction such as 0.05", res.Threshold)
	case !(res.Alpha > 0 && res.Alpha < 1):
		return res, fmt.Errorf("alpha %v: want a level between 0 and 1 such as 0.05", res.Alpha)
	}
	for _, m := range res.Metrics {
		if m.unit() == "" {
			return res, fmt.Errorf("unknown metric %q", string(m))
		}
	}
	if opts.Format != "" && !slices.Contains(CompareFormats, opts.Format) {
		return res, fmt.Errorf("format %q: want %s", opts.Format, strings.Join(CompareFormats, ", "))
	}
	return res, nil
}

// count tallies the changes' classes and lists those not compared: as
// skipped when no run could measure a default metric, else as not
// compared (explicit: the metrics were asked for).
func (res *Result) count(old *snapshot.Snapshot, explicit bool) {
	for _, p := range res.Pairs {
		for _, c := range p.Changes {
			switch c.Class {
			case Regressed:
				res.Regressions++
			case Improved:
				res.Improvements++
			case NotCompared:
				pr := Problem{fmt.Sprintf("%s · %s %s", runName(&old.Runs[p.OldIndex]), c.Variant, c.Metric), c.Reason}
				if c.Unmeasurable && !explicit {
					res.Skipped = append(res.Skipped, pr)
				} else {
					res.NotCompared = append(res.NotCompared, pr)
				}
			}
		}
	}
}

// rel is x relative to base; ±Inf when base is 0 and x is not.
func rel(x, base float64) float64 {
	switch {
	case base != 0:
		return x / base
	case x > 0:
		return math.Inf(1)
	case x < 0:
		return math.Inf(-1)
	}
	return 0
}
