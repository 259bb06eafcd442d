package report

import (
	"cmp"
	"fmt"
	"io"
	"math"

	"github.com/mcptop/mcptop/snapshot"
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
	// Format is "text" (default), "md" or "json".
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

	OldN, NewN        int     // per-second samples after warm-up
	OldMedian         float64 // median of the old per-second values
	NewMedian         float64
	Shift             float64 // Hodges–Lehmann estimate of new − old, in the metric's unit
	ShiftLo, ShiftHi  float64 // its confidence interval
	Delta             float64 // Shift / OldMedian (+Inf when the old median is 0 and Shift > 0)
	DeltaLo, DeltaHi  float64 // the interval relative to OldMedian
	P                 float64 // two-sided Mann-Whitney U p-value
	Exact             bool    // p from the exact distribution of U (no ties, ≤ 50 per side)
	BetterHigher      bool    // true for throughput
	ThresholdExceeded bool    // |Delta| > threshold (and ≥ AllocFloor for alloc)
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
	default:
		return res, fmt.Errorf("format %q: want text, md or json", opts.Format)
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
	if opts.Format != "" && opts.Format != "text" && opts.Format != "md" && opts.Format != "json" {
		return res, fmt.Errorf("format %q: want text, md or json", opts.Format)
	}
	return res, nil
}

// pairRuns pairs each run of old with the first unused run of new with
// the same workload, parameters and implementations, and compares them. A
// run of old left over is not compared: its implementations differ (when
// new has an unused run with its workload and parameters, implsDiffer),
// it is missing in new, or (when new has an unused run of its workload) it
// ran with other parameters. A run of new left over is noted.
func (res *Result) pairRuns(old, new *snapshot.Snapshot) {
	used := make([]bool, len(new.Runs))
	var unpaired []int
	for i := range old.Runs {
		j := findRun(new.Runs, used, func(r *snapshot.Run) bool { return sameKey(&old.Runs[i], r) && sameImpls(&old.Runs[i], r) })
		if j < 0 {
			unpaired = append(unpaired, i)
			continue
		}
		used[j] = true
		res.Pairs = append(res.Pairs, res.pair(old, new, i, j))
	}
	for _, i := range unpaired {
		o := &old.Runs[i]
		if j := findRun(new.Runs, used, func(r *snapshot.Run) bool { return sameKey(o, r) }); j >= 0 {
			used[j] = true
			res.NotCompared = append(res.NotCompared, Problem{runName(o), implsDiffer(o, &new.Runs[j], res.OldName, res.NewName)})
			continue
		}
		j := findRun(new.Runs, used, func(r *snapshot.Run) bool { return r.Workload == o.Workload })
		if j < 0 {
			res.NotCompared = append(res.NotCompared, Problem{runName(o), "missing in " + res.NewName})
			continue
		}
		used[j] = true
		res.NotCompared = append(res.NotCompared, Problem{runName(o), fmt.Sprintf(
			"parameters differ: %s has %s, %s has %s", res.OldName, paramsOrNone(o.Params),
			res.NewName, paramsOrNone(new.Runs[j].Params))})
	}
	for j := range new.Runs {
		if !used[j] {
			res.Notes = append(res.Notes, fmt.Sprintf("%s: only in %s, not compared", runName(&new.Runs[j]), res.NewName))
		}
	}
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

func (res *Result) pair(old, new *snapshot.Snapshot, i, j int) RunPair {
	o, n := &old.Runs[i], &new.Runs[j]
	p := RunPair{Workload: o.Workload, Params: o.Params, OldIndex: i, NewIndex: j}
	differ := func(what, a, b string) {
		if a != b {
			p.Notes = append(p.Notes, fmt.Sprintf("%s differs: %s → %s", what, a, b))
		}
	}
	differ("workers per variant", fmt.Sprint(o.Workers), fmt.Sprint(n.Workers))
	differ("mode", o.Mode, n.Mode)
	differ("timing", o.Timing, n.Timing)
	for v := range 2 {
		differ(o.Variants[v].Variant+" label", o.Variants[v].Label, n.Variants[v].Label)
	}
	for v := range 2 {
		for _, m := range res.Metrics {
			p.Changes = append(p.Changes, res.change(o, n, v, m))
		}
	}
	return p
}

func (res *Result) change(o, n *snapshot.Run, v int, m Metric) Change {
	c := Change{Variant: o.Variants[v].Variant, Metric: m, BetterHigher: m.higherIsBetter()}
	xs, whyOld := m.samples(o, v)
	ys, whyNew := m.samples(n, v)
	c.OldN, c.NewN = len(xs), len(ys)
	notCompared := func(reason string) Change {
		c.Class, c.Reason = NotCompared, reason
		return c
	}
	switch {
	case whyOld != "" && whyNew != "":
		c.Unmeasurable = true
		return notCompared("absent on both sides: " + whyOld)
	case whyOld != "":
		return notCompared("absent in " + res.OldName + ": " + whyOld)
	case whyNew != "":
		return notCompared("absent in " + res.NewName + ": " + whyNew)
	case len(xs) < MinSamples || len(ys) < MinSamples:
		return notCompared(fmt.Sprintf("too few samples: %d seconds after warm-up in %s, %d in %s; need %d each",
			len(xs), res.OldName, len(ys), res.NewName, MinSamples))
	}
	t := mannWhitney(xs, ys, res.Alpha)
	if !t.possible {
		return notCompared(fmt.Sprintf("too few samples to reach α = %v: %d and %d seconds after warm-up",
			res.Alpha, len(xs), len(ys)))
	}
	c.OldMedian, c.NewMedian = t.median1, t.median2
	c.Shift, c.ShiftLo, c.ShiftHi = t.shift, t.lo, t.hi
	c.P, c.Exact = t.p, t.exact
	c.Delta, c.DeltaLo, c.DeltaHi = rel(t.shift, t.median1), rel(t.lo, t.median1), rel(t.hi, t.median1)
	c.ThresholdExceeded = math.Abs(c.Delta) > res.Threshold && (m != Alloc || math.Abs(c.Shift) >= AllocFloor)
	worse := c.Shift < 0
	if !c.BetterHigher {
		worse = c.Shift > 0
	}
	switch {
	case t.p >= res.Alpha:
		c.Class = Unchanged
	case !c.ThresholdExceeded:
		c.Class = WithinThreshold
	case worse:
		c.Class = Regressed
	default:
		c.Class = Improved
	}
	return c
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

func findRun(runs []snapshot.Run, used []bool, match func(*snapshot.Run) bool) int {
	for j := range runs {
		if !used[j] && match(&runs[j]) {
			return j
		}
	}
	return -1
}

func sameKey(a, b *snapshot.Run) bool {
	if a.Workload != b.Workload || len(a.Params) != len(b.Params) {
		return false
	}
	for k, v := range a.Params {
		if w, ok := b.Params[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// runName names a run by workload and parameters: "registry keys=1000 prefill=10".
func runName(r *snapshot.Run) string {
	if len(r.Params) == 0 {
		return r.Workload
	}
	return r.Workload + " " + paramString(r.Params, " ")
}

func paramsOrNone(m map[string]int) string {
	if len(m) == 0 {
		return "no parameters"
	}
	return paramString(m, " ")
}

func envNotes(a, b snapshot.Env) []string {
	var notes []string
	add := func(what, x, y string) {
		if x != y {
			notes = append(notes, fmt.Sprintf("machine differs: %s %s → %s", what, x, y))
		}
	}
	add("Go", a.GoVersion, b.GoVersion)
	add("OS/arch", a.OS+"/"+a.Arch, b.OS+"/"+b.Arch)
	add("GOMAXPROCS", fmt.Sprint(a.GOMAXPROCS), fmt.Sprint(b.GOMAXPROCS))
	add("CPUs", fmt.Sprint(a.NumCPU), fmt.Sprint(b.NumCPU))
	add("CPU", a.CPUModel, b.CPUModel)
	return notes
}
