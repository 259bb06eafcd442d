package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/mcptop/mcptop/engine"
)

// Every message the dashboard sends itself is here.

// updateMsg carries one Update from the engine.
type updateMsg engine.Update

// engineClosedMsg reports that the engine closed its update channel: the
// run is over, and the dashboard quits.
type engineClosedMsg struct{}

// exportDoneMsg reports a finished snapshot export.
type exportDoneMsg struct {
	path string
	err  error
}

// statusExpiredMsg clears the transient status message numbered seq, unless
// a newer one replaced it.
type statusExpiredMsg struct{ seq int }

// waitForUpdate receives one Update from ch; Update re-issues it after each
// one, so the engine is read one message at a time and never blocked by
// rendering (it drops and counts updates the UI is too slow for).
func waitForUpdate(ch <-chan engine.Update) tea.Cmd {
	return func() tea.Msg {
		u, ok := <-ch
		if !ok {
			return engineClosedMsg{}
		}
		return updateMsg(u)
	}
}
