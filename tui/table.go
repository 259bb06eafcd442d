package tui

import (
	"math"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/themes"
	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// The stats table is worked out in two steps, as bubbles' table keeps its
// rows as data: statsRows turns an Update into rows of figures and
// comparisons (no styles, no widths), and renderStats lays rows out for a
// width (no figures, no rules).

// Stats table geometry.
const (
	tableLabelW = 12
	tableColW   = 10
	// wideTableW is the least width at which the table shows the current
	// second beside the run.
	wideTableW = 76
	// tableHeadH is the table's header height in lines.
	tableHeadH = 2
)

// sameBand is how close a latency or allocation ratio must be to 1 to be
// shown as neither better nor worse. Those ratios come without an interval
// (only throughput has one), so small differences are not coloured.
const sameBand = 0.05

// tone is how a comparison cell reads: muted says nothing either way.
type tone int

const (
	toneMuted tone = iota
	toneGood
	toneBad
)

// statsRow is one row of the stats table, as data.
type statsRow struct {
	label    string
	now, run [2]string // by variant: the newest second, and the run after warm-up
	alarm    [2]bool   // the variant's figures are bad news (errors)
	cmp      string    // B against A over the run; "" for none
	cmpTone  tone
	optional bool // dropped first when the terminal is short (bytes/s)
}

// figure is a per-variant number the table shows: read gives its value in
// a second and over the run (from the run's summary). A per-op cost below
// negligible counts as none.
type figure struct {
	label      string
	format     func(float64) string
	read       func(s *sample, r *summary) (now, run float64)
	negligible float64
}

// sample and summary are what a figure is read from.
type (
	sample  = engine.Sample
	summary = engine.Summary
)

var (
	throughputFig = figure{"throughput", units.PerSec, func(s *sample, r *summary) (float64, float64) { return both(s.OpsPerSec, r.OpsPerSec) }, 0}
	bytesFig      = figure{"bytes/s", units.BytesRate, func(s *sample, r *summary) (float64, float64) { return both(s.BytesPerS, r.BytesPerS) }, 0}
	allocFig      = figure{"alloc B/op", units.BriefBytes, func(s *sample, r *summary) (float64, float64) { return both(s.AllocPerOp, r.AllocPerOp) }, 0.5}
	allocsFig     = figure{"allocs/op", units.Num, func(s *sample, r *summary) (float64, float64) { return both(s.AllocsPerOp, r.AllocsPerOp) }, 0.005}
	cpuFig        = figure{"cpu/op", units.Nanos, func(s *sample, r *summary) (float64, float64) { return both(s.CPUPerOp, r.CPUPerOp) }, 0}
	// serverFigs are the server's own use, shown when the workload can
	// read it (a target it started, or named by pid), lower-is-better.
	serverFigs = []figure{
		{"srv CPU/1k", units.Nanos, readServerCPU, 0},
		{"srv RSS", units.Bytes, func(s *sample, r *summary) (float64, float64) { return both(s.ServerRSS, r.ServerRSS) }, 0},
	}
	// latencyFigs are compared lower-is-better.
	latencyFigs = []figure{
		{"p50", units.Nanos, func(s *sample, r *summary) (float64, float64) { return both(s.P50, r.P50) }, 0},
		{"p95", units.Nanos, func(s *sample, r *summary) (float64, float64) { return both(s.P95, r.P95) }, 0},
		{"p99", units.Nanos, func(s *sample, r *summary) (float64, float64) { return both(s.P99, r.P99) }, 0},
		{"max", units.Nanos, func(s *sample, r *summary) (float64, float64) { return both(s.Max, r.Max) }, 0},
	}
)

// both is a figure's value in a second and over the run, as read returns
// them.
func both[T ~int64 | ~float64](now, run T) (float64, float64) { return float64(now), float64(run) }

// readServerCPU reads the server's CPU time per 1,000 ops completed: the
// run's summary states it, a second's is worked out here.
func readServerCPU(s *sample, r *summary) (now, run float64) {
	if n := s.Ops + s.Errors + s.FillDrainOps; n > 0 {
		now = float64(s.ServerCPU) * 1000 / float64(n)
	}
	return now, float64(r.ServerCPUPer1k)
}

// lower compares variant B's figure over the run with A's, lower-is-better.
// Below the figure's negligible level (the odd object a run's own
// bookkeeping allocates, shared among millions of ops) a cost counts as
// none: two such figures are "both ≈ none", not a ratio of two near-zeros.
func (f figure) lower(u engine.Update) (string, tone) {
	_, a := f.read(&u.Samples[0], &u.Summary[0])
	_, b := f.read(&u.Samples[1], &u.Summary[1])
	switch small := func(x float64) bool { return x < f.negligible }; {
	case small(a) && small(b):
		return "both ≈ none", toneMuted
	case small(a):
		return "none in " + u.Impls[0], toneBad
	case small(b):
		return "none in " + u.Impls[1], toneGood
	}
	return lowerCell(a, b, u.Impls[1])
}

// statsRows works out the stats table of u: throughput with the verdict on
// its ratio, bytes/s when the workload moves bytes, latencies and
// allocation compared lower-is-better, and errors. A figure not measured
// yet (no second, or no second after warm-up) reads "—".
func statsRows(u engine.Update) []statsRow {
	haveRun := u.Summary[0].Ticks > 0 && u.Summary[1].Ticks > 0
	rows := make([]statsRow, 0, 12)

	r := figureRow(u, throughputFig, haveRun)
	r.cmp, r.cmpTone = throughputCell(u.Compare)
	rows = append(rows, r)

	if u.Samples[0].BytesPerS > 0 || u.Samples[1].BytesPerS > 0 {
		r = figureRow(u, bytesFig, haveRun)
		r.optional = true
		rows = append(rows, r)
	}
	for _, f := range latencyFigs {
		r = figureRow(u, f, haveRun)
		if haveRun {
			r.cmp, r.cmpTone = f.lower(u)
		}
		if f.label == "max" && u.TimedEvery > 1 {
			r.label = "max (sample)" // the largest of the ops timed, not of every op
		}
		rows = append(rows, r)
	}

	rows = append(rows, costRow(u, allocFig, "alloc (both)", haveRun, false),
		costRow(u, allocsFig, "allocs (both)", haveRun, true), costRow(u, cpuFig, "cpu (both)", haveRun, false))
	rows = append(rows, serverRows(u, haveRun)...)
	rows = append(rows, errorsRow(u))
	if len(u.Checks) > 0 {
		rows = append(rows, calibrationRow(u.Checks))
	}
	return rows
}

// costRow is a per-op cost (allocation, CPU) compared lower-is-better. In
// parallel mode both variants run at once: each column holds the same
// combined figure, and a ratio would compare it with itself.
func costRow(u engine.Update, f figure, both string, haveRun, optional bool) statsRow {
	r := figureRow(u, f, haveRun)
	r.optional = optional
	switch {
	case u.Mode == engine.Parallel:
		r.label = both
		r.cmp, r.cmpTone = "— both variants together", toneMuted
	case haveRun:
		r.cmp, r.cmpTone = f.lower(u)
	}
	return r
}

// serverRows are the server's CPU per 1,000 ops and resident memory, for a
// workload that can read them; none otherwise. A variant whose server is
// not known reads "—".
func serverRows(u engine.Update, haveRun bool) []statsRow {
	known := [2]bool{u.Samples[0].ServerKnown || u.Summary[0].ServerKnown, u.Samples[1].ServerKnown || u.Summary[1].ServerKnown}
	if !known[0] && !known[1] {
		return nil
	}
	rows := make([]statsRow, 0, len(serverFigs))
	for _, f := range serverFigs {
		r := figureRow(u, f, haveRun)
		for v := range 2 {
			if !u.Samples[v].ServerKnown {
				r.now[v] = units.Dash
			}
			if !u.Summary[v].ServerKnown {
				r.run[v] = units.Dash
			}
		}
		if haveRun && u.Summary[0].ServerKnown && u.Summary[1].ServerKnown {
			r.cmp, r.cmpTone = f.lower(u)
		}
		r.optional = f.label == "srv RSS" // CPU stays on a short terminal
		rows = append(rows, r)
	}
	return rows
}

// calibrationRow says how a run of known cost compares with its truth:
// each variant's figures within their bounds, and the first ones that are
// not.
func calibrationRow(cs []engine.Check) statsRow {
	r := statsRow{label: "vs truth", cmpTone: toneGood}
	var ok, all [2]int
	var off []string
	for _, c := range cs {
		if c.Variant < 0 {
			if !c.OK {
				off = append(off, c.Metric)
			}
			continue
		}
		all[c.Variant]++
		if c.OK {
			ok[c.Variant]++
		} else {
			off = append(off, workload.Variants[c.Variant].String()+" "+c.Metric)
		}
	}
	for v := range 2 {
		r.now[v] = units.Dash
		r.run[v] = units.Compact(ok[v]) + "/" + units.Compact(all[v]) + " ok"
		r.alarm[v] = ok[v] < all[v]
	}
	r.cmp = "every figure within its bound"
	if len(off) > 0 {
		r.cmp, r.cmpTone = "off: "+strings.Join(off, ", "), toneBad
	}
	return r
}

// figureRow is the row of figure f: "—" for a second or a run not measured
// yet.
func figureRow(u engine.Update, f figure, haveRun bool) statsRow {
	r := statsRow{label: f.label}
	for v := range 2 {
		now, run := f.read(&u.Samples[v], &u.Summary[v])
		r.now[v], r.run[v] = units.Dash, units.Dash
		if u.Samples[0].Tick > 0 {
			r.now[v] = f.format(now)
		}
		if haveRun {
			r.run[v] = f.format(run)
		}
	}
	return r
}

// errorsRow counts each variant's errors in the newest second and over the
// run (warm-up included: an error is never kept out of sight), in the bad
// style as soon as there is one.
func errorsRow(u engine.Update) statsRow {
	r := statsRow{label: "errors"}
	for v := range 2 {
		r.now[v] = units.Dash
		if u.Samples[0].Tick > 0 {
			r.now[v] = units.Count(u.Samples[v].Errors)
		}
		r.run[v] = units.Count(u.Errors[v])
		r.alarm[v] = u.Samples[v].Errors > 0 && u.Samples[0].Tick > 0 || u.Errors[v] > 0
	}
	return r
}

// throughputCell says what the run's throughput ratio shows (units.Judge):
// the ratio as read in the verdict's direction, its 95 % interval and the
// verdict, good or bad only when the interval excludes 1; "not enough data
// yet: N s" until the interval reaches 95 %; "not comparable: …" in the bad
// style when a variant failed more ops than --max-errors allows.
func throughputCell(c engine.Comparison) (string, tone) {
	v := c.Judge()
	text := units.Ratio(v.Factor) + " [" + units.Interval(v.Lo, v.Hi) + "] " + v.Kind.String()
	switch v.Kind {
	case units.NotComparable:
		return v.String(), toneBad
	case units.NotEnoughData:
		return v.String(), toneMuted
	case units.Faster:
		return text, toneGood
	case units.Slower:
		return text, toneBad
	}
	return text, toneMuted
}

// lowerCell compares side B (opt, its implementation named b) with side A
// (base) for a figure where lower is better (latency, allocation), as a
// factor ≥ 1 and a word: "19.1× lower", "2.00× higher"; within sameBand of
// 1 it is "about the same".
func lowerCell(base, opt float64, b string) (string, tone) {
	r := opt / base
	switch {
	case base == 0 && opt == 0:
		return "same", toneMuted
	case base <= 0 || opt < 0 || math.IsNaN(r):
		return units.Dash, toneMuted
	case opt == 0:
		return "none in " + b, toneGood
	case r < 1-sameBand:
		return units.Ratio(1/r) + " lower", toneGood
	case r > 1+sameBand:
		return units.Ratio(r) + " higher", toneBad
	}
	return units.Ratio(r) + " about the same", toneMuted
}

// shownRows is rows without the optional ones unless all is set.
func shownRows(rows []statsRow, all bool) []statsRow {
	if all {
		return rows
	}
	shown := make([]statsRow, 0, len(rows))
	for _, r := range rows {
		if !r.optional {
			shown = append(shown, r)
		}
	}
	return shown
}

// renderStats lays out rows w cells wide: a label column, the two sides'
// figures under their implementations' names (the current second and the
// run when w allows, else the run) and the comparison, cut to what is
// left. It returns tableHeadH+len(rows) lines.
func renderStats(st themes.Styles, names [2]string, rows []statsRow, w int) []string {
	wide := w >= wideTableW
	cols, colW := 2, tableColW
	if wide {
		cols = 4
		if w >= 120 {
			colW = 12
		}
	}
	span := colW * cols / 2 // one variant's columns
	cmpW := max(0, w-tableLabelW-cols*colW-2)
	sub := "run"
	if wide {
		sub = "now" + strings.Repeat(" ", colW-3) + "run"
	}
	indent := strings.Repeat(" ", tableLabelW)
	out := make([]string, 0, tableHeadH+len(rows))
	out = append(out,
		padRight(indent+st.Baseline.Render(padLeft(truncate(names[0], span-1), span))+
			st.Optimised.Render(padLeft(truncate(names[1], span-1), span))+
			"  "+st.Title.Render(padRight(names[1]+" vs "+names[0], cmpW)), w),
		padRight(st.Muted.Render(indent+padLeft(sub, span)+padLeft(sub, span)+"  "+padRight("run [95% interval]", cmpW)), w))
	var b strings.Builder
	for _, r := range rows {
		b.Reset()
		b.WriteString(st.Muted.Render(padRight(r.label, tableLabelW)))
		for v := range 2 {
			style := variantStyle(st, v)
			if r.alarm[v] {
				style = st.Bad
			}
			if wide {
				b.WriteString(style.Render(padLeft(r.now[v], colW)))
			}
			b.WriteString(style.Render(padLeft(r.run[v], colW)))
		}
		b.WriteString("  ")
		if r.cmp != "" {
			b.WriteString(toneStyle(st, r.cmpTone).Render(truncate(r.cmp, cmpW)))
		}
		out = append(out, padRight(b.String(), w))
	}
	return out
}

// variantStyle is the style of variant v's figures and lines.
func variantStyle(st themes.Styles, v int) lipgloss.Style {
	if v == 1 {
		return st.Optimised
	}
	return st.Baseline
}

func toneStyle(st themes.Styles, t tone) lipgloss.Style {
	switch t {
	case toneGood:
		return st.Good
	case toneBad:
		return st.Bad
	}
	return st.Muted
}
