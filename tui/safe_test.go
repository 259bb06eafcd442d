package tui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// A workload's name, description and labels, a server's error and the
// engine's come from outside: the dashboard shows their words, never the
// control characters in them (with the ASCII colour profile of the tests,
// a View holds no escape sequence of its own).
func TestOutsideTextIsShownSafely(t *testing.T) {
	const evil = "\x1b]0;pwned\x07\x1b[2J\u009b31m\r"
	wls := testWorkloads()
	wls[0].Name += evil
	wls[0].Description += evil
	wls[0].Impls[0].Label += evil
	wls[0].Impls[1].Label += evil
	m := New(&fakeController{}, wls, Options{Theme: "dark"})
	m.now = func() time.Time { return t0 }
	m.statusTTL = time.Millisecond
	u := cannedUpdate(wls[0], 1, 5)
	u.Impls[0] += evil // a replayed snapshot's implementation names are outside text too
	u.Errors = [2]int64{3, 0}
	u.LastError = [2]string{"server A: broken" + evil, ""}
	failed := u
	failed.Err = errors.New("cannot start" + evil)
	for _, tc := range []struct {
		name string
		msgs []tea.Msg
		want string
	}{
		{"labels, name, description, last error", []tea.Msg{tea.WindowSizeMsg{Width: 160, Height: 40}, updateMsg(u)}, "broken]0;pwned[2J31m"},
		{"engine error", []tea.Msg{updateMsg(failed)}, "cannot start]0;pwned"},
		{"status line", []tea.Msg{exportDoneMsg{err: errors.New("disk" + evil)}}, "export failed: disk]0;pwned"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m = feed(t, m, tc.msgs...)
			view := m.View()
			if !strings.Contains(view, tc.want) {
				t.Fatalf("the view lacks %q:\n%s", tc.want, view)
			}
			if strings.ContainsAny(view, "\x1b\x07\u009b\r") {
				t.Fatalf("control characters reached the view: %q", view)
			}
		})
	}
}
