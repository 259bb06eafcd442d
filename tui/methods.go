package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/themes"
	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// methodsPanel is a mix's methods side by side, over the run after
// warm-up: each method's throughput (over the side's active time, so the
// methods add up to the total), errors and latencies.
type methodsPanel struct {
	view string
}

// methodCol is the width of each figure's column.
const methodCol = 9

func (mp *methodsPanel) rebuild(st themes.Styles, u engine.Update, w, h int) {
	title := "By method · run after warm-up, ops/s over the side's active time (they add up)"
	lines := []string{titleLine(st, title, "", w)}
	ms := [2][]engine.MethodSummary{u.Summary[0].Methods, u.Summary[1].Methods}
	if len(ms[0]) == 0 && len(ms[1]) == 0 {
		lines = append(lines, "", st.Muted.Render("  one call: give --call a mix, e.g. 'tools/list:1,tools/call:echo:3', to see each method"))
		mp.view = panelLines(lines, w, h)
		return
	}
	nameW := max(6, w-8*methodCol-1)
	head := padRight("method", nameW)
	for v := range 2 {
		style := variantStyle(st, v)
		for _, c := range []string{"ops/s", "err", "p50", "p99"} {
			head += style.Render(padLeft(workload.Variants[v].Letter()+" "+c, methodCol))
		}
	}
	lines = append(lines, st.Muted.Render(head))
	n := max(len(ms[0]), len(ms[1]))
	var total [2]engine.MethodSummary
	for i := range n {
		name := ""
		cells := ""
		for v := range 2 {
			if i >= len(ms[v]) {
				cells += strings.Repeat(" ", 4*methodCol)
				continue
			}
			m := ms[v][i]
			name = m.Name
			cells += methodCells(m)
			total[v].Ops, total[v].Errors, total[v].OpsPerSec = total[v].Ops+m.Ops, total[v].Errors+m.Errors, total[v].OpsPerSec+m.OpsPerSec
		}
		lines = append(lines, padRight(truncate(units.SafeLine(name), nameW), nameW)+cells)
	}
	row := padRight("total", nameW)
	for v := range 2 {
		row += padLeft(units.SI(total[v].OpsPerSec), methodCol) + padLeft(units.Count(total[v].Errors), methodCol) + strings.Repeat(" ", 2*methodCol)
	}
	lines = append(lines, st.Text.Render(row))
	if lipgloss.Width(head) > w {
		lines = append(lines, st.Muted.Render("  (wider terminal for every column)"))
	}
	mp.view = panelLines(lines, w, h)
}

// methodCells are one side's figures of a method.
func methodCells(m engine.MethodSummary) string {
	lat := func(d int64) string {
		if m.Ops == 0 {
			return units.Dash
		}
		return units.ShortDuration(float64(d))
	}
	return padLeft(units.SI(m.OpsPerSec), methodCol) + padLeft(units.Count(m.Errors), methodCol) +
		padLeft(lat(int64(m.P50)), methodCol) + padLeft(lat(int64(m.P99)), methodCol)
}
