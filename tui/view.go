package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// layout is where the panels go for the current size and options.
type layout struct {
	tooSmall    bool
	twoLineHead bool // tabs and run state on separate lines
	desc        bool // a line naming the workload and what each variant is
	charts      bool // false when open help leaves no room for them
	stacked     bool // charts above each other (else side by side)
	topW, topH  int  // throughput chart
	botW, botH  int  // latency chart or histogram
	rows        []statsRow
	helpView    string
	tabs, state string // the head's two parts, measured to choose twoLineHead
}

// panels are the chart panels' sizes: when they change, the charts are
// redrawn.
func (l *layout) panels() [4]int { return [4]int{l.topW, l.topH, l.botW, l.botH} }

// rebuild redraws the charts from the shown workload's series and composes
// the frame View returns: for a new second of the shown workload, another
// workload, chart view or span, or theme.
func (m *Model) rebuild() {
	m.lay = m.computeLayout()
	if !m.lay.tooSmall {
		m.redrawCharts()
	}
	m.frame = m.compose()
}

// relayout recomputes the layout and the frame, redrawing the charts only
// when their panels changed size: for a resize, the help, a status
// message, the run state or an Update without a new second.
func (m *Model) relayout() {
	old := m.lay.panels()
	m.lay = m.computeLayout()
	if !m.lay.tooSmall && m.lay.panels() != old {
		m.redrawCharts()
	}
	m.frame = m.compose()
}

func (m *Model) computeLayout() layout {
	w, h := m.width, m.height
	l := layout{}
	if w < MinWidth || h < MinHeight {
		l.tooSmall = true
		return l
	}
	m.help.Width = w
	l.helpView = m.help.View(m.keys)
	helpLines := strings.Count(l.helpView, "\n") + 1

	l.tabs, l.state = m.tabLine(), m.runState()
	l.twoLineHead = lipgloss.Width(l.tabs)+2+lipgloss.Width(l.state) > w
	u, _ := m.last()
	l.desc = h >= 30
	l.rows = shownRows(m.tableRows(m.shownUpdate(u)), h >= 30)

	used := 1 + b2i(l.twoLineHead) + b2i(l.desc) + tableHeadH + len(l.rows) + 2 + helpLines
	avail := h - used
	if avail < 6 {
		return l // help open on a small terminal: no room for charts
	}
	l.charts = true
	if avail >= 20 {
		l.stacked = true
		l.topW, l.botW = w, w
		l.topH = avail / 2
		l.botH = avail - l.topH
	} else {
		l.topW = w / 2
		l.botW = w - l.topW - 1
		l.topH, l.botH = avail, avail
	}
	return l
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// redrawCharts rebuilds the chart panels from the shown workload's series.
func (m *Model) redrawCharts() {
	if !m.lay.charts {
		return
	}
	h := m.hist[m.current]
	if h == nil {
		h = newHistory()
	}
	win := windows[m.window]
	pts, step := h.window((*m.scratch)[:0], win.secs)
	*m.scratch = pts
	if m.ov.service {
		pts = withService(pts) // a copy of the series: the scratch
	}
	defer m.redrawOpen(h.last)
	newest := h.newestTick()
	xmin, xmax := 0, max(newest, 10)
	span := "whole run"
	if win.secs > 0 {
		xmax = max(newest, win.secs)
		xmin = xmax - win.secs
		span = "last " + win.name
	} else if step > 1 {
		span += ", " + strconv.Itoa(step) + "s/point"
	}
	names, _ := m.sides()
	m.tput.names, m.lat.names, m.hp.names = names, names, names
	m.tput.ghost, m.lat.ghost = nil, nil
	if h.ghost != nil {
		*m.ghostScratch = h.ghost.span((*m.ghostScratch)[:0], xmin, xmax)
		m.tput.ghost, m.lat.ghost = *m.ghostScratch, *m.ghostScratch
	}
	m.lat.notice = m.latencyNotice()
	m.tput.setSize(m.lay.topW, m.lay.topH)
	gw := m.tput.scale(pts, throughputLines, xmin, xmax)
	if m.histView {
		m.tput.draw("Throughput ops/s · "+span, pts, throughputLines, xTicksFor(xmin, xmax, gw))
		m.hp.setSize(m.lay.botW, m.lay.botH)
		var pcts [2][3]time.Duration
		for v, s := range h.last.Summary {
			pcts[v] = [3]time.Duration{s.P50, s.P95, s.P99}
		}
		m.hp.rebuild(h.last.Dist, pcts)
		return
	}
	m.lat.setSize(m.lay.botW, m.lay.botH)
	lines := latencyLines[m.pct]
	gw = min(gw, m.lat.scale(pts, lines, xmin, xmax))
	// One span, one set of ticks: both charts label the same seconds.
	ticks := xTicksFor(xmin, xmax, gw)
	m.tput.draw("Throughput ops/s · "+span, pts, throughputLines, ticks)
	if !m.ov.methods { // else the methods panel is shown in its place; c redraws it
		m.lat.draw(m.latencyTitle()+pctNames[m.pct]+m.latencyOf()+" · "+span, pts, lines, ticks)
	}
}

// compose joins the panels into one frame of at most width×height cells,
// or says the terminal is too small.
func (m *Model) compose() string {
	l := &m.lay
	if l.tooSmall {
		return truncate(fmt.Sprintf("terminal too small (need %d×%d)", MinWidth, MinHeight), m.width)
	}
	w := m.width
	lines := make([]string, 0, m.height)
	// add appends text lines, cut to the terminal width; chart lines are
	// built to their panel's width and skip the (costly) measuring.
	add := func(ls ...string) {
		for _, l := range ls {
			lines = append(lines, truncate(l, w))
		}
	}
	tabs, state := l.tabs, l.state
	if l.twoLineHead {
		add(padRight(tabs, w), padRight(state, w))
	} else {
		add(tabs + strings.Repeat(" ", max(0, w-lipgloss.Width(tabs)-lipgloss.Width(state))) + state)
	}
	if l.desc {
		add(padRight(m.description(), w))
	}
	if l.charts {
		top, bottom := m.topView(), m.bottomView()
		if l.stacked {
			lines = append(lines, strings.Split(top, "\n")...)
			lines = append(lines, strings.Split(bottom, "\n")...)
		} else {
			a, b := strings.Split(top, "\n"), strings.Split(bottom, "\n")
			gap := strings.Repeat(" ", l.topW)
			for i := range l.topH {
				x, y := gap, ""
				if i < len(a) {
					x = a[i]
				}
				if i < len(b) {
					y = b[i]
				}
				lines = append(lines, x+" "+y)
			}
		}
	}
	names, _ := m.sides()
	add(renderStats(m.styles, names, l.rows, w)...)
	add(padRight(m.paramsLine(), w), padRight(m.statusLine(), w))
	add(strings.Split(l.helpView, "\n")...)
	if len(lines) > m.height {
		lines = lines[:m.height]
	}
	return strings.Join(lines, "\n")
}

// tabLine renders the tabs with their keys, the shown one highlighted, as
// fully as the terminal's width allows: each tab's full label, else only
// the shown one's, else brief labels, else names.
func (m *Model) tabLine() string { return fitted(m.width, 3, m.tabsAt) }

// fitted returns the most detailed of render(most), …, render(0) that fits
// in width, render(0) if none does.
func fitted(width, most int, render func(detail int) string) string {
	var line string
	for detail := most; detail >= 0; detail-- {
		line = render(detail)
		if lipgloss.Width(line) <= width {
			break
		}
	}
	return line
}

// tabsAt renders the tabs at a detail from 3 (every label in full) to 0
// (names only).
func (m *Model) tabsAt(detail int) string {
	st := m.styles
	var b strings.Builder
	for i, t := range m.tabs {
		if i > 0 {
			b.WriteString("  ")
		}
		label := units.SafeLine(t.text(detail, t.key == m.current))
		if i < 9 {
			label = strconv.Itoa(i+1) + " " + label
		}
		if t.key == m.current {
			b.WriteString(st.ActiveTab.Render(label))
		} else {
			b.WriteString(st.Tab.Render(label))
		}
	}
	return b.String()
}

// runState renders the engine's state, elapsed time, mode, timing and
// observer cost.
func (m *Model) runState() string {
	st := m.styles
	u, ok := m.last()
	if !m.stateKnown && !ok {
		return st.Muted.Render("starting…")
	}
	var state string
	switch {
	case m.saved != nil:
		state = st.Paused.Render("◼ saved")
	case m.state == engine.Paused:
		state = st.Paused.Render("◼ paused")
	case u.Warmup:
		state = st.Warmup.Render("◌ warm-up")
	default:
		state = st.Running.Render("● running")
	}
	sep := st.Muted.Render(" · ")
	parts := []string{state + " " + st.Text.Render(units.Elapsed(u.Elapsed))}
	if n := m.savedTab().instances; n > 0 {
		parts = append(parts, st.Text.Render(strconv.Itoa(n)+" instances"))
	}
	mode := u.Mode.String()
	if u.Mode == engine.Alternate && u.Slice > 0 {
		mode += " " + units.ShortDuration(float64(u.Slice))
	}
	parts = append(parts, st.Text.Render(mode))
	parts = append(parts, m.loadParts(u)...)
	switch {
	case m.savedTab().tails == snapshot.TailsBatchMean:
		parts = append(parts, st.Muted.Render("tails of ")+st.Text.Render("v1 batch means"))
	case u.TimedEvery > 1:
		parts = append(parts, st.Muted.Render("tails of ")+st.Text.Render("1 in "+units.Compact(u.TimedEvery)+" ops"))
	case u.TimedEvery == 1:
		parts = append(parts, st.Muted.Render("tails of ")+st.Text.Render("every op"))
	}
	switch {
	case u.ObserverShare > 0:
		parts = append(parts, st.Muted.Render("clock ")+st.Text.Render(units.Percent(u.ObserverShare)))
	case u.ObserverCost > 0:
		parts = append(parts, st.Muted.Render("clock ")+st.Text.Render(units.Duration(u.ObserverCost)))
	}
	if u.Dropped > 0 {
		parts = append(parts, st.Bad.Render(fmt.Sprintf("dropped %d", u.Dropped)))
	}

	return strings.Join(parts, sep)
}

// description names the shown workload and the implementations its sides
// run.
func (m *Model) description() string {
	st := m.styles
	w, _ := m.currentWorkload()
	s := m.variantLabels()
	if s != "" {
		s += st.Muted.Render("  —  ")
	}
	s += st.Accent.Render(units.SafeLine(w.Name))
	if w.Description != "" {
		s += st.Muted.Render(": " + units.SafeLine(w.Description))
	}
	return s
}

// variantLabels says what each side runs: "A owner: owner goroutine
// (gen_server) · B sharded: 64 mutex-sharded maps".
func (m *Model) variantLabels() string {
	st := m.styles
	names, labels := m.sides()
	if names == ([2]string{}) {
		return ""
	}
	side := func(v int) string {
		s := workload.Variants[v].Letter() + " " + units.SafeLine(names[v])
		if labels[v] != "" && labels[v] != names[v] {
			s += ": " + units.SafeLine(labels[v])
		}
		return s
	}
	return st.Baseline.Render(side(0)) + st.Muted.Render(" · ") + st.Optimised.Render(side(1))
}

// paramsLine shows the parameters with the keys that change them, dropping
// units and then the workload's secondary parameters when the line is too
// long for the terminal.
func (m *Model) paramsLine() string { return fitted(m.width, 2, m.paramsLineAt) }

// paramsLineAt renders the parameters line; detail 2 shows units, 1 drops
// them, 0 also drops parameters other than the first and the rate.
func (m *Model) paramsLineAt(detail int) string {
	st := m.styles
	item := func(name, value, keys string) string {
		s := st.Muted.Render(name+" ") + st.Text.Render(value)
		if keys != "" {
			s += " " + st.Key.Render("‹"+keys+"›")
		}
		return s
	}
	workers := "?"
	if v, ok := m.paramValue("workers"); ok {
		workers = strconv.Itoa(v)
	}
	live := func(keys string) string { // a saved run's parameters do not change
		if m.saved != nil {
			return ""
		}
		return keys
	}
	parts := []string{item("workers", workers, live("-/+"))}
	w, _ := m.currentWorkload()
	for i, p := range w.Params {
		if i > 0 && detail == 0 && p.Name != workload.RateParam {
			continue // but an open loop's rate, which {/} step
		}
		v, _ := m.paramValue(p.Name)
		val := paramText(p, v)
		if p.Unit != "" && detail == 2 {
			val += " " + p.Unit
		}
		keys := ""
		switch {
		case i == 0:
			keys = live("[/]")
		case p.Name == workload.RateParam:
			keys = live("{/}")
		}
		parts = append(parts, item(p.Name, val, keys))
	}
	parts = append(parts, item("span", windows[m.window].name, "</>")) // not "window": a workload parameter has that name
	view := pctNames[m.pct]
	if m.histView {
		view = "histogram"
	}
	if m.ov.service {
		view += " service"
	}
	parts = append(parts, item("latency", view, "p,h"))
	return strings.Join(parts, "  ")
}

// statusLine shows, by priority: a transient message, a workload that could
// not start, workload errors, else what the two variants are.
func (m *Model) statusLine() string {
	st := m.styles
	if m.status != "" { // engine notices and errors may carry a server's words
		if m.statusBad {
			return st.StatusError.Render(units.SafeLine(m.status))
		}
		return st.Status.Render(units.SafeLine(m.status))
	}
	u, ok := m.last()
	if !ok {
		return ""
	}
	if u.Err != nil {
		return st.StatusError.Render("cannot run " + units.SafeLine(u.Workload) + ": " + units.SafeLine(u.Err.Error()))
	}
	if u.Errors[0]+u.Errors[1] > 0 {
		msg := fmt.Sprintf("errors: %s %d · %s %d", u.Impls[0], u.Errors[0], u.Impls[1], u.Errors[1])
		last := u.LastError[1]
		if u.LastError[0] != "" {
			last = u.LastError[0]
		}
		if last != "" {
			msg += " · last: " + units.SafeLine(last)
		}
		return st.StatusError.Render(msg)
	}
	if !m.lay.desc {
		return m.variantLabels()
	}
	if m.saved != nil {
		return st.Muted.Render(units.SafeLine(m.saved.about))
	}
	return ""
}
