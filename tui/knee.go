package tui

import (
	"math"
	"strings"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/themes"
	"github.com/mcptop/mcptop/units"
)

// kneePanel is the capacity search's knee chart: each step's p50 (a, b)
// and p99 (A, B) of both sides against the rate each achieved, latency on
// a log axis, so that where a side's latency turns up (its knee) shows as
// the steps complete.
type kneePanel struct {
	view string
}

// kneeLabelW is the width of the Y label column.
const kneeLabelW = 7

func (kp *kneePanel) rebuild(st themes.Styles, names [2]string, c *engine.CapacityState, w, h int) {
	title := "Knee: latency vs achieved rate · SLO " + units.SafeLine(c.SLO) + " · " + kneeStatus(c)
	right := st.Baseline.Render("A/a "+names[0]) + "  " + st.Optimised.Render("B/b "+names[1])
	lines := []string{titleLine(st, title, right, w)}
	rows, cols := h-3, w-kneeLabelW-1
	var maxX float64
	lo, hi := math.Inf(1), 0.0
	for _, step := range c.Steps {
		for _, sd := range step.Sides {
			maxX = math.Max(maxX, sd.Achieved)
			if sd.P50 > 0 {
				lo, hi = math.Min(lo, float64(sd.P50)), math.Max(hi, float64(sd.P99))
			}
		}
	}
	if len(c.Steps) == 0 || hi == 0 || rows < 3 || cols < 10 {
		lines = append(lines, "", st.Muted.Render("  "+kneeStatus(c)))
		kp.view = panelLines(lines, w, h)
		return
	}
	ax := newLogAxis(int64(lo), int64(math.Max(hi, lo+1)), rows)
	grid := make([][]rune, rows)
	styles := make([][]int8, rows) // -1 none, else the variant
	for r := range grid {
		grid[r] = []rune(strings.Repeat(" ", cols))
		styles[r] = make([]int8, cols)
		for i := range styles[r] {
			styles[r][i] = -1
		}
	}
	plot := func(x, y float64, mark rune, v int) {
		col := int(math.Round(x / (maxX * 1.05) * float64(cols-1)))
		row := rows - 1 - int(math.Round(ax.pos(y)))
		if col >= 0 && col < cols && row >= 0 && row < rows {
			grid[row][col], styles[row][col] = mark, int8(v)
		}
	}
	for _, step := range c.Steps {
		for v, sd := range step.Sides {
			plot(sd.Achieved, float64(sd.P50), rune("ab"[v]), v)
			plot(sd.Achieved, float64(sd.P99), rune("AB"[v]), v)
		}
	}
	for r := range rows {
		label := ""
		if r%2 == 0 {
			label = units.ShortDuration(math.Pow(10, ax.l1-(float64(r)+0.5)/float64(rows)*(ax.l1-ax.l0)))
		}
		var b strings.Builder
		b.WriteString(st.AxisLabel.Render(padLeft(label, kneeLabelW)) + st.Axis.Render("│"))
		for i, ch := range grid[r] {
			if styles[r][i] < 0 {
				b.WriteRune(ch)
				continue
			}
			b.WriteString(variantStyle(st, int(styles[r][i])).Render(string(ch)))
		}
		lines = append(lines, b.String())
	}
	lines = append(lines, strings.Repeat(" ", kneeLabelW)+st.Axis.Render("└"+strings.Repeat("─", cols)))
	xl := []rune(strings.Repeat(" ", cols))
	for _, f := range []float64{0, 0.25, 0.5, 0.75} { // the last quarter keeps room for the unit
		s := []rune(units.SI(f * maxX * 1.05))
		at := int(f * float64(cols-1))
		if at+len(s) <= cols {
			copy(xl[at:], s)
		}
	}
	if tail := []rune("ops/s"); len(tail) < cols {
		copy(xl[cols-len(tail):], tail)
	}
	lines = append(lines, strings.Repeat(" ", kneeLabelW+1)+st.AxisLabel.Render(string(xl)))
	kp.view = panelLines(lines, w, h)
}

// kneeStatus says where the search is: the step being measured, or done.
func kneeStatus(c *engine.CapacityState) string {
	switch {
	case c.Done && c.Stopped != "":
		return "search " + c.Stopped
	case c.Done:
		return "search done"
	case c.Current > 0:
		return "step " + units.Count(int64(len(c.Steps)+1)) + " at " + units.PerSec(float64(c.Current))
	}
	return "starting"
}
