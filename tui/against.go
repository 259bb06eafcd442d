package tui

import (
	"fmt"
	"maps"
	"slices"

	"github.com/NimbleMarkets/ntcharts/canvas"
	"github.com/charmbracelet/lipgloss"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/themes"
	"github.com/mcptop/mcptop/units"
)

// against is a saved session (--against) whose runs are drawn as faint
// "ghost" lines behind the live run that measured the same thing: the same
// workload, parameters (workers aside, as compare pairs runs) and
// implementations. A ghost is the saved run replayed into a history of its
// own (replayRun), once, the first time a live run matches it.
type against struct {
	name  string
	snap  *snapshot.Snapshot
	ghost map[int]*history // replayed runs, by index in snap.Runs
	said  map[string]bool  // live runs already said to have no match
}

func newAgainst(s *snapshot.Snapshot, name string) *against {
	return &against{name: name, snap: s, ghost: map[int]*history{}, said: map[string]bool{}}
}

// match returns the saved run the live run of u measured the same thing
// as, or nil and, the first time a run of its kind has none, a status
// message saying so.
func (a *against) match(u engine.Update) (*history, string) {
	want := u.Params.Without(engine.WorkersParam.Name)
	for i := range a.snap.Runs {
		r := &a.snap.Runs[i]
		if r.Workload != u.Workload || !maps.Equal(r.Params, map[string]int(want)) || len(r.Variants) != 2 ||
			r.Variants[0].Impl != u.Impls[0] || r.Variants[1].Impl != u.Impls[1] {
			continue
		}
		h := a.ghost[i]
		if h == nil {
			h = replayRun(a.snap, r, i+1)
			a.ghost[i] = h
		}
		return h, ""
	}
	what := runName(u.Workload, want, u.Impls)
	if a.said[what] {
		return nil, ""
	}
	a.said[what] = true
	return nil, fmt.Sprintf("no run of %s in %s: nothing drawn behind this one", what, a.name)
}

// tableRows is the stats table of u: statsRows, and what the shown tab
// adds to it. A saved merged run does not know its seconds' percentiles,
// so they read "—" now. With --against, a row after throughput says how
// the live run's throughput compares with the saved run's.
func (m *Model) tableRows(u engine.Update) []statsRow {
	rows := statsRows(u)
	if m.savedTab().pctUnknown {
		for i := range rows {
			switch rows[i].label {
			case "p50", "p95", "p99":
				rows[i].now = [2]string{units.Dash, units.Dash}
			}
		}
	}
	if h := m.hist[m.current]; h != nil && h.ghost != nil && len(rows) > 0 {
		rows = slices.Insert(rows, 1, againstRow(u, h.ghost.last))
	}
	return rows
}

// againstRow is "vs saved": each side's throughput, its newest second's and
// its median over the run, over the saved run's median; "—" until the
// live run has one.
func againstRow(u, saved engine.Update) statsRow {
	r := statsRow{label: "vs saved", cmp: "throughput ÷ the saved median"}
	if w, sw := u.Params[engine.WorkersParam.Name], saved.Params[engine.WorkersParam.Name]; w != sw {
		r.cmp += fmt.Sprintf(" (it ran %d workers)", sw)
	}
	for v := range 2 {
		r.now[v], r.run[v] = units.Dash, units.Dash
		base := saved.Summary[v].OpsPerSec
		if base <= 0 {
			continue
		}
		if s := u.Samples[v]; s.Tick > 0 && s.Ran {
			r.now[v] = units.Ratio(s.OpsPerSec / base)
		}
		if u.Summary[v].ActiveTicks > 0 {
			r.run[v] = units.Ratio(u.Summary[v].OpsPerSec / base)
		}
	}
	return r
}

// latencyNotice is what the latency chart says when it has no line: a
// merged snapshot does not know its seconds' percentiles.
func (m *Model) latencyNotice() []string {
	if m.savedTab().pctUnknown {
		return []string{"per-second percentiles are not merged: h shows the run's histogram",
			"percentiles not merged per second (h: the run's)", "not merged per second (h)"}
	}
	return nil
}

// latencyOf says what the shown tab's latencies are of when they are not
// ops': " of v1 batch means".
func (m *Model) latencyOf() string {
	if m.savedTab().tails == snapshot.TailsBatchMean {
		return " of v1 batch means"
	}
	return ""
}

// ghostName is the data set of a ghost line: drawn first (DrawBrailleAll
// draws in name order), so the live lines' styles win where they meet.
func ghostName(name string) string { return "_" + name }

// ghostStyle is how a saved run's line looks: the variant's, faint; muted
// without colour, where faint may not show.
func ghostStyle(st themes.Styles, s lipgloss.Style) lipgloss.Style {
	if st.Theme.Mono {
		return st.Muted
	}
	return s.Faint(true)
}

// drawNotice writes the first wording of tc.notice that fits in the middle
// of the plot, the last one cut to its width.
func (tc *timeChart) drawNotice() {
	c := &tc.c
	o, gw := c.Origin(), c.GraphWidth()
	var msg []rune
	for _, n := range tc.notice {
		if msg = []rune(n); len(msg) <= gw-2 {
			break
		}
	}
	if len(msg) > gw-2 {
		msg = append(msg[:max(0, gw-3)], '…')
	}
	x := o.X + 1 + max(0, (gw-len(msg))/2)
	c.Canvas.SetStringWithStyle(canvas.Point{X: x, Y: max(0, o.Y/2)}, string(msg), tc.styles.Muted)
}
