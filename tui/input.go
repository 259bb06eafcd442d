package tui

import (
	"path/filepath"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/themes"
	"github.com/mcptop/mcptop/workload"
)

// The keys: handleKey sends the engine's commands, viewKey changes what is
// shown.

// handleKey acts on a key: the view's own keys (viewKey), else the
// commands sent to the engine, export and quit.
func (m Model) handleKey(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	if mm, cmd, ok := m.viewKey(msg); ok {
		return mm, cmd
	}
	if mm, cmd, ok := m.openKey(msg); ok {
		return mm, cmd
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m, tea.Quit
	case key.Matches(msg, k.Workload):
		return m.switchTo(int(msg.Runes[0] - '1'))
	case key.Matches(msg, k.NextWorkload, k.PrevWorkload):
		n := len(m.tabs)
		if n < 2 {
			return m, nil
		}
		_, i := m.currentWorkload()
		d := 1
		if key.Matches(msg, k.PrevWorkload) {
			d = n - 1
		}
		return m.switchTo((max(i, 0) + d) % n)
	case key.Matches(msg, k.Pause):
		if m.state == engine.Paused {
			m.ctrl.Resume()
			m.state = engine.Running
		} else {
			m.ctrl.Pause()
			m.state = engine.Paused
		}
		m.stateKnown = true
		m.relayout()
	case key.Matches(msg, k.Reset):
		m.ctrl.Reset()
		return m.setStatus(false, "run reset: starting afresh")
	case key.Matches(msg, k.MoreWorkers, k.FewerWorkers):
		dir := 1
		if key.Matches(msg, k.FewerWorkers) {
			dir = -1
		}
		return m.stepParam(engine.WorkersParam, dir)
	case key.Matches(msg, k.ParamUp, k.ParamDown):
		w, _ := m.currentWorkload()
		if len(w.Params) == 0 {
			return m, nil
		}
		dir := 1
		if key.Matches(msg, k.ParamDown) {
			dir = -1
		}
		return m.stepParam(w.Params[0], dir)
	case key.Matches(msg, k.Mode):
		m.ctrl.ToggleMode()
	case key.Matches(msg, k.ImplA, k.ImplB):
		side := workload.Baseline
		if key.Matches(msg, k.ImplB) {
			side = workload.Optimised
		}
		dir := 1
		if r := msg.Runes; len(r) == 1 && r[0] >= 'A' && r[0] <= 'Z' {
			dir = -1
		}
		m.ctrl.StepImpl(side, dir)
	case key.Matches(msg, k.Export) && m.saved != nil:
		return m.setStatus(false, "a saved run: it is in %s already", m.saved.name)
	case key.Matches(msg, k.Export):
		path, err := m.exportPath()
		if err != nil {
			return m.setStatus(true, "export failed: %v", err)
		}
		mm, tick := m.setStatus(false, "exporting snapshot to %s …", path)
		return mm, tea.Batch(tick, exportCmd(m.ctrl, path))
	}
	return m, nil
}

// viewKey acts on the keys that change only what is shown: help,
// percentile, histogram, time span and theme. ok is false for any other
// key.
func (m Model) viewKey(msg tea.KeyMsg) (_ tea.Model, _ tea.Cmd, ok bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Help), m.help.ShowAll && msg.Type == tea.KeyEsc:
		m.help.ShowAll = !m.help.ShowAll
		m.relayout()
	case key.Matches(msg, k.Percentile):
		m.pct = (m.pct + 1) % len(pctNames)
		m.rebuild()
	case key.Matches(msg, k.Histogram):
		m.histView = !m.histView
		m.rebuild()
	case key.Matches(msg, k.WindowShorter):
		m.window = max(0, m.window-1)
		m.rebuild()
	case key.Matches(msg, k.WindowLonger):
		m.window = min(len(windows)-1, m.window+1)
		m.rebuild()
	case key.Matches(msg, k.Theme):
		m.setTheme(themes.Next(m.theme.Name))
		m.rebuild()
		mm, cmd := m.setStatus(false, "theme %s", m.theme.Name)
		return mm, cmd, true
	default:
		return m, nil, false
	}
	return m, nil, true
}

// switchTo shows workload i and asks the engine to run it.
func (m Model) switchTo(i int) (tea.Model, tea.Cmd) {
	if i < 0 || i >= len(m.tabs) || m.tabs[i].key == m.current {
		return m, nil
	}
	name := m.tabs[i].key
	m.current, m.pending = name, m.ctrl.Switch(name)
	m.syncKeys()
	m.rebuild()
	return m, nil
}

// stepParam asks the engine to move parameter p of the running workload
// one step in dir; the engine's Notice or Rejected says what came of it.
func (m Model) stepParam(p workload.Param, dir int) (tea.Model, tea.Cmd) {
	m.ctrl.StepParam(p.Name, dir)
	return m, nil
}

// exportPath is where e writes: Options.Out, or a timestamped file in the
// working directory.
func (m *Model) exportPath() (string, error) {
	p := m.opts.Out
	if p == "" {
		p = "mcptop-" + m.now().Format("20060102-150405") + ".json"
	}
	return filepath.Abs(p)
}

// exportCmd writes the engine's session snapshot to path off the UI
// goroutine; the engine keeps running meanwhile.
func exportCmd(c Controller, path string) tea.Cmd {
	return func() tea.Msg {
		return exportDoneMsg{path: path, err: snapshot.WriteFile(path, c.Snapshot())}
	}
}
