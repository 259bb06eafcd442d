package tui

import (
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// openView is what the dashboard shows of open loops, call mixes and
// capacity searches: service times in place of the latencies from the
// intended send, a mix's methods in place of the latency chart, and the
// knee chart in place of throughput.
type openView struct {
	service  bool // service time (from the actual send) in place of latency
	methods  bool
	knee     bool
	kneeSeen bool // a capacity search was seen: the knee showed once by itself
	kp       kneePanel
	mp       methodsPanel
}

// openKey acts on the keys of open loops, mixes and capacity searches; ok
// is false for any other key.
func (m Model) openKey(msg tea.KeyMsg) (_ tea.Model, _ tea.Cmd, ok bool) {
	k := m.keys
	u, _ := m.last()
	var mm tea.Model = m
	var cmd tea.Cmd
	switch {
	case key.Matches(msg, k.Service):
		if !u.Load.Open() && !m.ov.service {
			mm, cmd = m.setStatus(false, "a closed loop sends each request when it means to: its latency is its service time")
			break
		}
		m.ov.service = !m.ov.service
		m.rebuild()
		mm, cmd = m.setStatus(false, "%s", map[bool]string{
			false: "latency from the intended send time (open loop: a stalled server cannot hide)",
			true:  "service time: from the actual send, what a closed-loop tool would report",
		}[m.ov.service])
	case key.Matches(msg, k.Methods):
		m.ov.methods = !m.ov.methods
		m.rebuild()
		mm = m
	case key.Matches(msg, k.Knee):
		if u.Capacity == nil {
			mm, cmd = m.setStatus(false, "no capacity search: run with --find-capacity --slo 'p99<50ms'")
			break
		}
		m.ov.knee = !m.ov.knee
		m.rebuild()
		mm = m
	case key.Matches(msg, k.RateUp, k.RateDown):
		if v, _ := m.paramValue(workload.RateParam); v == 0 {
			mm, cmd = m.setStatus(false, "closed loop (rate 0): start with --rate R for an open loop whose rate these keys step")
			break
		}
		dir := 1
		if key.Matches(msg, k.RateDown) {
			dir = -1
		}
		m.ctrl.StepParam(workload.RateParam, dir)
		mm = m
	default:
		return m, nil, false
	}
	return mm, cmd, true
}

// hasRate reports whether the shown workload has open loops.
func (m *Model) hasRate() bool {
	w, _ := m.currentWorkload()
	_, ok := w.Param(workload.RateParam)
	return ok
}

// noteCapacity shows the knee chart by itself the first time a capacity
// search reports.
func (m *Model) noteCapacity(u engine.Update) {
	if u.Capacity != nil && !m.ov.kneeSeen {
		m.ov.kneeSeen, m.ov.knee = true, true
	}
}

// shownUpdate is u as the stats table shows it: with the service times in
// place of the latencies when they are asked for (an open loop's).
func (m *Model) shownUpdate(u engine.Update) engine.Update {
	if !m.ov.service || !u.Load.Open() {
		return u
	}
	for v := range 2 {
		s, o := &u.Samples[v], u.Samples[v].OpenLoop
		s.P50, s.P95, s.P99, s.Max, s.Mean = o.SvcP50, o.SvcP95, o.SvcP99, o.SvcMax, o.SvcMean
		sm, so := &u.Summary[v], u.Summary[v].OpenLoop
		sm.P50, sm.P95, sm.P99, sm.P999, sm.Max, sm.Mean = so.SvcP50, so.SvcP95, so.SvcP99, so.SvcP999, so.SvcMax, so.SvcMean
	}
	return u
}

// latencyTitle names what the latency chart shows.
func (m *Model) latencyTitle() string {
	if m.ov.service {
		return "Service time "
	}
	if u, _ := m.last(); u.Load.Open() {
		return "Latency (from intended send) "
	}
	return "Latency "
}

// withService puts each point's service times in place of its latencies.
func withService(pts []point) []point {
	for i := range pts {
		pts[i].lat = pts[i].svc
	}
	return pts
}

// loadParts say how the shown run drives its load ("open 2.00k/s",
// "closed loop") and, in an open loop, what went wrong with its timetable
// in the newest second: sends missed, capped, or late by more than 10 ms.
func (m *Model) loadParts(u engine.Update) []string {
	st := m.styles
	if !u.Load.Open() {
		if m.hasRate() {
			return []string{st.Muted.Render("closed loop")}
		}
		return nil
	}
	parts := []string{st.Muted.Render("open ") + st.Text.Render(units.PerSec(float64(u.Load.Rate)))}
	var missed, capped int64
	var behind time.Duration
	for _, s := range u.Samples {
		missed, capped, behind = missed+s.Missed, capped+s.Capped, max(behind, s.Behind)
	}
	if missed > 0 {
		parts = append(parts, st.Bad.Render("missed "+units.Count(missed)))
	}
	if capped > 0 {
		parts = append(parts, st.Bad.Render("capped "+units.Count(capped)))
	}
	if behind >= workload.BehindWarn {
		parts = append(parts, st.Bad.Render("behind "+units.Duration(behind)))
	}
	return parts
}

// paramText is a parameter's value as the parameters line shows it.
func paramText(p workload.Param, v int) string {
	if p.Name == workload.ArrivalsParam {
		if v == workload.ArrivalsPoisson {
			return "poisson"
		}
		return "constant"
	}
	return units.Compact(v)
}

// redrawOpen draws the knee and methods panels when they are shown, in the
// chart panels' sizes.
func (m *Model) redrawOpen(u engine.Update) {
	names, _ := m.sides()
	if m.ov.knee && u.Capacity != nil {
		m.ov.kp.rebuild(m.styles, names, u.Capacity, m.lay.topW, m.lay.topH)
	}
	if m.ov.methods {
		m.ov.mp.rebuild(m.styles, u, m.lay.botW, m.lay.botH)
	}
}

// topView and bottomView are the chart panels' frames, the open loop's in
// place of the throughput and latency charts when asked for.
func (m *Model) topView() string {
	if u, _ := m.last(); m.ov.knee && u.Capacity != nil {
		return m.ov.kp.view
	}
	return m.tput.view
}

func (m *Model) bottomView() string {
	switch {
	case m.ov.methods:
		return m.ov.mp.view
	case m.histView:
		return m.hp.view
	}
	return m.lat.view
}

// panelLines pads lines to a w×h panel.
func panelLines(lines []string, w, h int) string {
	for len(lines) < h {
		lines = append(lines, "")
	}
	lines = slices.Clip(lines[:h])
	for i := range lines {
		lines[i] = padRight(truncate(lines[i], w), w)
	}
	return strings.Join(lines, "\n")
}
