package tui

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/units"
)

// Stats table geometry.
const (
	tableLabelW = 12
	tableColW   = 10
)

// sameBand is how close a latency or allocation ratio must be to 1 to be
// shown as neither better nor worse. Those ratios come without an interval
// (only throughput has one), so small differences are not coloured.
const sameBand = 0.05

// tableHeight is the stats table's height in lines.
func (m *Model) tableHeight(l layout) int { return 2 + 7 + b2i(l.bytesRow) }

// table renders the stats table: rows of figures, columns baseline and
// optimised (current second and run summary when wide enough) and the
// optimised/baseline ratio over the run.
func (m *Model) table(l *layout) []string {
	st := m.styles
	u, _ := m.last()
	w := m.width
	cols := 2
	if l.wideTable {
		cols = 4
	}
	colW := tableColW
	if l.wideTable && w >= 120 {
		colW = 12
	}
	ratioW := max(0, w-tableLabelW-cols*colW-2)

	cell := func(s string) string { return padLeft(s, colW) }
	head := func(label string, style lipgloss.Style) string {
		span := colW * cols / 2
		return style.Render(padLeft(label, span))
	}
	var out []string
	sub := "run"
	if l.wideTable {
		sub = "now" + strings.Repeat(" ", colW-3) + "run"
	}
	out = append(out,
		strings.Repeat(" ", tableLabelW)+head("baseline", st.Baseline)+head("optimised", st.Optimised)+"  "+
			st.Title.Render(padRight("optimised vs baseline", ratioW)),
		st.Muted.Render(strings.Repeat(" ", tableLabelW)+padLeft(sub, colW*cols/2)+padLeft(sub, colW*cols/2)+"  "+
			padRight("run [95% interval]", ratioW)))

	row := func(label string, nowV, run [2]string, ratio string) {
		var b strings.Builder
		b.WriteString(st.Muted.Render(padRight(label, tableLabelW)))
		for v := range 2 {
			style := st.Baseline
			if v == 1 {
				style = st.Optimised
			}
			if label == "errors" && (nowV[v] != "0" && nowV[v] != "—" || run[v] != "0") {
				style = st.Bad
			}
			if l.wideTable {
				b.WriteString(style.Render(cell(nowV[v])))
			}
			b.WriteString(style.Render(cell(run[v])))
		}
		b.WriteString("  ")
		b.WriteString(ratio)
		out = append(out, b.String())
	}
	sm, sp := u.Summary, u.Samples
	haveRun := sm[0].Ticks > 0 && sm[1].Ticks > 0
	runOr := func(s string) string {
		if !haveRun {
			return "—"
		}
		return s
	}
	haveNow := sp[0].Tick > 0
	pair := func(f func(v int) string) [2]string { return [2]string{f(0), f(1)} }
	now := func(f func(v int) string) [2]string {
		if !haveNow {
			return [2]string{"—", "—"}
		}
		return pair(f)
	}
	ops := units.PerSec

	row("throughput",
		now(func(v int) string { return ops(sp[v].OpsPerSec) }),
		pair(func(v int) string { return runOr(ops(sm[v].OpsPerSec)) }),
		m.throughputRatio(u.Compare, ratioW))
	if l.bytesRow {
		row("bytes/s",
			now(func(v int) string { return units.BytesRate(sp[v].BytesPerS) }),
			pair(func(v int) string { return runOr(units.BytesRate(sm[v].BytesPerS)) }),
			"")
	}
	lat := []struct {
		name     string
		now, run func(v int) time.Duration
	}{
		{"p50", func(v int) time.Duration { return sp[v].P50 }, func(v int) time.Duration { return sm[v].P50 }},
		{"p95", func(v int) time.Duration { return sp[v].P95 }, func(v int) time.Duration { return sm[v].P95 }},
		{"p99", func(v int) time.Duration { return sp[v].P99 }, func(v int) time.Duration { return sm[v].P99 }},
		{"max", func(v int) time.Duration { return sp[v].Max }, func(v int) time.Duration { return sm[v].Max }},
	}
	for _, r := range lat {
		ratio := ""
		if haveRun {
			ratio = m.lowerIsBetter(float64(r.run(0)), float64(r.run(1)))
		}
		row(r.name,
			now(func(v int) string { return units.Duration(r.now(v)) }),
			pair(func(v int) string { return runOr(units.Duration(r.run(v))) }),
			ratio)
	}
	allocLabel := "alloc B/op"
	allocRatio := ""
	switch {
	case u.Mode == engine.Parallel:
		// Both variants allocate at once: each column holds the same
		// combined rate, and a ratio would compare it with itself.
		allocLabel = "alloc (both)"
		allocRatio = st.Muted.Render(truncate("— both variants together", ratioW))
	case haveRun:
		allocRatio = m.lowerIsBetter(sm[0].AllocPerOp, sm[1].AllocPerOp)
	}
	row(allocLabel,
		now(func(v int) string { return units.Bytes(sp[v].AllocPerOp) }),
		pair(func(v int) string { return runOr(units.Bytes(sm[v].AllocPerOp)) }),
		allocRatio)
	errs := func(n int64) string { return strconv.FormatInt(n, 10) }
	row("errors",
		now(func(v int) string { return errs(sp[v].Errors) }),
		pair(func(v int) string { return errs(u.Errors[v]) }),
		"")
	for i := range out {
		out[i] = padRight(out[i], w)
	}
	return out
}

// throughputRatio renders the run's throughput comparison: the ratio, its
// 95 % interval and what it means, coloured only when the interval excludes 1.
func (m *Model) throughputRatio(c engine.Comparison, w int) string {
	st := m.styles
	if c.Pairs < 3 || c.Ratio <= 0 {
		return st.Muted.Render(truncate("not enough data yet", w))
	}
	ratio := units.Ratio(c.Ratio)
	ci := "[" + units.Interval(c.Lo, c.Hi) + "]"
	switch {
	case c.Lo > 1:
		return st.Good.Render(truncate(ratio+" "+ci+" faster", w))
	case c.Hi < 1:
		// As a factor ≥ 1 with its word, like the engine's verdict.
		inv := units.Ratio(1/c.Ratio) + " [" + units.Interval(1/c.Hi, 1/c.Lo) + "]"
		return st.Bad.Render(truncate(inv+" slower", w))
	}
	return st.Muted.Render(truncate(ratio+" "+ci+" no clear difference", w))
}

// lowerIsBetter compares optimised with baseline for a figure where lower is
// better (latency, allocation), as a factor ≥ 1 and a word: "19.1× lower",
// "2.00× higher".
func (m *Model) lowerIsBetter(base, opt float64) string {
	st := m.styles
	if base <= 0 || opt < 0 {
		if base == 0 && opt == 0 {
			return st.Muted.Render("same")
		}
		return st.Muted.Render("—")
	}
	r := opt / base
	switch {
	case math.IsNaN(r):
		return st.Muted.Render("—")
	case opt == 0:
		return st.Good.Render("none in optimised")
	case r < 1-sameBand:
		return st.Good.Render(units.Ratio(1/r) + " lower")
	case r > 1+sameBand:
		return st.Bad.Render(units.Ratio(r) + " higher")
	}
	return st.Muted.Render(units.Ratio(r) + " about the same")
}
