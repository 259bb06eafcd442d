package tui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/snapshot"
)

// press sends key k and returns the model and command.
func press(t *testing.T, m Model, k string) (Model, tea.Cmd) {
	t.Helper()
	tm, cmd := m.Update(keyMsg(k))
	return tm.(Model), cmd
}

// runCmd executes cmd and any batch it returns, collecting the messages;
// tea.Tick commands are not waited for.
func runCmd(t *testing.T, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		if batch, ok := msg.(tea.BatchMsg); ok {
			var out []tea.Msg
			for _, c := range batch {
				out = append(out, runCmd(t, c)...)
			}
			return out
		}
		return []tea.Msg{msg}
	case <-time.After(200 * time.Millisecond):
		return nil // a timer (status expiry); not part of the key's effect
	}
}

func isQuit(msgs []tea.Msg) bool {
	for _, m := range msgs {
		if _, ok := m.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}

// TestKeys checks that each key does what the help says.
func TestKeys(t *testing.T) {
	tests := []struct {
		name      string
		keys      []string
		wantCalls []string
		check     func(t *testing.T, m Model)
	}{
		{"digit switches workload", []string{"3"}, []string{"switch codec"}, func(t *testing.T, m Model) {
			if m.current != "codec" || !strings.Contains(m.View(), "size") {
				t.Errorf("shown %q; params line should name size", m.current)
			}
		}},
		{"digit of the shown workload does nothing", []string{"1"}, nil, nil},
		{"digit beyond the workloads does nothing", []string{"5", "9"}, nil, nil},
		{"tab cycles forward", []string{"tab", "tab"}, []string{"switch correlation", "switch codec"}, nil},
		{"shift+tab cycles back", []string{"shift+tab"}, []string{"switch percentile"}, nil},
		{"space pauses then resumes", []string{"space", "space"}, []string{"pause", "resume"}, func(t *testing.T, m Model) {
			if m.state != engine.Running {
				t.Errorf("state %v after two presses", m.state)
			}
		}},
		{"r resets", []string{"r"}, []string{"reset"}, func(t *testing.T, m Model) {
			if !strings.Contains(m.View(), "run reset") {
				t.Error("no status after reset")
			}
		}},
		{"+ steps workers up", []string{"+"}, []string{"step workers 1"}, nil},
		{"= is + without shift", []string{"="}, []string{"step workers 1"}, nil},
		{"- steps workers down", []string{"-"}, []string{"step workers -1"}, nil},
		{"] raises the parameter", []string{"]"}, []string{"step prefill 1"}, nil},
		{"[ lowers the parameter", []string{"["}, []string{"step prefill -1"}, nil},
		{"m switches mode", []string{"m"}, []string{"toggle mode"}, nil},
		{"p cycles percentiles", []string{"p"}, nil, func(t *testing.T, m Model) {
			if pctNames[m.pct] != "p50/p95/p99" || !strings.Contains(m.View(), "Latency p50/p95/p99") {
				t.Errorf("after one p from p99: %s", pctNames[m.pct])
			}
		}},
		{"a and b step the sides' implementations", []string{"a", "A", "b", "B"},
			[]string{"step impl A 1", "step impl A -1", "step impl B 1", "step impl B -1"}, nil},
		{"a does nothing where there are only two", []string{"2", "a", "b"}, []string{"switch correlation"}, nil},
		{"p wraps to p50", []string{"p", "p"}, nil, func(t *testing.T, m Model) {
			if pctNames[m.pct] != "p50" || !strings.Contains(m.View(), "Latency p50 ") {
				t.Errorf("after two p from p99: %s", pctNames[m.pct])
			}
		}},
		{"h shows the histogram", []string{"h"}, nil, func(t *testing.T, m Model) {
			if !m.histView || !strings.Contains(m.View(), "Latency histogram") {
				t.Error("no histogram")
			}
		}},
		{"h twice shows the chart again", []string{"h", "h"}, nil, func(t *testing.T, m Model) {
			if m.histView || strings.Contains(m.View(), "Latency histogram") {
				t.Error("histogram still shown")
			}
		}},
		{"< shortens the window", []string{"<"}, nil, func(t *testing.T, m Model) {
			if windows[m.window].secs != 30 || !strings.Contains(m.View(), "last 30s") {
				t.Errorf("window %s", windows[m.window].name)
			}
		}},
		{"< stops at 30s", []string{"<", "<", ","}, nil, func(t *testing.T, m Model) {
			if windows[m.window].secs != 30 {
				t.Errorf("window %s", windows[m.window].name)
			}
		}},
		{"> lengthens to the whole run", []string{">", "."}, nil, func(t *testing.T, m Model) {
			if windows[m.window].secs != 0 || !strings.Contains(m.View(), "whole run") {
				t.Errorf("window %s", windows[m.window].name)
			}
		}},
		{"t cycles themes", []string{"t"}, nil, func(t *testing.T, m Model) {
			if m.theme.Name != "light" {
				t.Errorf("theme %s after dark", m.theme.Name)
			}
			if !strings.Contains(m.View(), "theme light") {
				t.Errorf("the status line does not name the theme:\n%s", m.View())
			}
		}},
		{"? opens the full help", []string{"?"}, nil, func(t *testing.T, m Model) {
			if !m.help.ShowAll || !strings.Contains(m.View(), "close help") {
				t.Error("full help not shown")
			}
		}},
		{"? closes it again", []string{"?", "?"}, nil, func(t *testing.T, m Model) {
			if m.help.ShowAll {
				t.Error("full help still shown")
			}
		}},
		{"esc closes it too", []string{"?", "esc"}, nil, func(t *testing.T, m Model) {
			if m.help.ShowAll {
				t.Error("full help still shown")
			}
		}},
		{"esc does not open it", []string{"esc"}, nil, func(t *testing.T, m Model) {
			if m.help.ShowAll {
				t.Error("esc opened the full help")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctrl := &fakeController{}
			m := running(t, ctrl, 120, 40, 20)
			for _, k := range tt.keys {
				m, _ = press(t, m, k)
			}
			if got := ctrl.Calls(); !slices.Equal(got, tt.wantCalls) {
				t.Errorf("controller calls %q, want %q", got, tt.wantCalls)
			}
			if tt.check != nil {
				tt.check(t, m)
			}
		})
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		t.Run(k, func(t *testing.T) {
			m := running(t, &fakeController{}, 80, 24, 3)
			_, cmd := press(t, m, k)
			if !isQuit(runCmd(t, cmd)) {
				t.Errorf("%s did not quit", k)
			}
		})
	}
}

func TestExportKey(t *testing.T) {
	dir := t.TempDir()
	ctrl := &fakeController{}
	m := running(t, ctrl, 120, 40, 5)
	m.opts.Out = filepath.Join(dir, "out.json")
	m, cmd := press(t, m, "e")
	if !strings.Contains(m.View(), "exporting snapshot to "+m.opts.Out) {
		t.Errorf("no progress status:\n%s", m.View())
	}
	msgs := runCmd(t, cmd)
	var done *exportDoneMsg
	for _, msg := range msgs {
		if d, ok := msg.(exportDoneMsg); ok {
			done = &d
		}
	}
	if done == nil || done.err != nil {
		t.Fatalf("export did not finish cleanly: %+v", msgs)
	}
	if _, err := snapshot.ReadFile(m.opts.Out); err != nil {
		t.Fatalf("exported file does not parse: %v", err)
	}
	m = feed(t, m, *done)
	if !strings.Contains(m.View(), "snapshot written to "+m.opts.Out) {
		t.Errorf("path not shown:\n%s", m.View())
	}
	if !slices.Contains(ctrl.Calls(), "snapshot") {
		t.Error("the engine was not asked for a snapshot")
	}
}

func TestExportDefaultPathAndFailure(t *testing.T) {
	m := running(t, &fakeController{}, 120, 40, 5)
	p, err := m.exportPath()
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(p) != "mcptop-20260102-150405.json" || !filepath.IsAbs(p) {
		t.Errorf("default export path %q", p)
	}
	m.opts.Out = filepath.Join(t.TempDir(), "missing-dir", "x.json")
	m, cmd := press(t, m, "e")
	for _, msg := range runCmd(t, cmd) {
		m = feed(t, m, msg)
	}
	if !strings.Contains(m.View(), "export failed") {
		t.Errorf("failure not shown:\n%s", m.View())
	}
	if _, err := os.Stat(m.opts.Out); err == nil {
		t.Error("a failed export left a file")
	}
}

func TestStatusExpires(t *testing.T) {
	m := running(t, &fakeController{}, 120, 40, 5)
	m, _ = press(t, m, "r")
	first := m.statusSeq
	m, _ = press(t, m, "t")
	m = feed(t, m, statusExpiredMsg{seq: first})
	if m.status == "" {
		t.Fatal("an old expiry cleared a newer message")
	}
	m = feed(t, m, statusExpiredMsg{seq: m.statusSeq})
	if m.status != "" || strings.Contains(m.View(), "theme light") {
		t.Fatal("status not cleared")
	}
}

// TestCommandOutcomesShowInStatus: what the engine did with a command, or
// why it refused it, shows in the status line.
func TestCommandOutcomesShowInStatus(t *testing.T) {
	m := running(t, &fakeController{}, 120, 40, 5)
	u := cannedUpdate(testWorkloads()[0], 1, 5)
	u.Tick, u.Seq, u.Notice = false, 1, "workers 2 → 4"
	m = feed(t, m, updateMsg(u))
	if !strings.Contains(m.View(), "workers 2 → 4") {
		t.Errorf("notice not shown:\n%s", m.View())
	}
	u.Seq, u.Notice, u.Rejected = 2, "", fmt.Errorf("prefill 1000000 is %w", errFake)
	m = feed(t, m, updateMsg(u))
	if !strings.Contains(m.View(), "prefill 1000000 is fake failure") {
		t.Errorf("rejection not shown:\n%s", m.View())
	}
	if last, _ := m.last(); last.Summary[0].Ticks == 0 {
		t.Error("a command's Update cleared the figures of the same run")
	}
}

func TestEngineClosedQuits(t *testing.T) {
	m := running(t, &fakeController{}, 80, 24, 1)
	_, cmd := m.Update(engineClosedMsg{})
	if !isQuit(runCmd(t, cmd)) {
		t.Fatal("closing the update channel did not quit")
	}
}

func TestUpdatesAreReadOneAtATime(t *testing.T) {
	ch := make(chan engine.Update, 2)
	wl := testWorkloads()
	m := New(&fakeController{}, wl, Options{Theme: "dark"}).withUpdates(ch)
	ch <- cannedUpdate(wl[0], 1, 1)
	ch <- cannedUpdate(wl[0], 1, 2)
	close(ch)
	msgs := runCmd(t, m.Init())
	if len(msgs) != 1 {
		t.Fatalf("Init read %d messages", len(msgs))
	}
	tm, cmd := m.Update(msgs[0])
	m = tm.(Model)
	msgs = runCmd(t, cmd)
	if u, ok := msgs[0].(updateMsg); !ok || u.Samples[0].Tick != 2 {
		t.Fatalf("re-armed command gave %#v", msgs[0])
	}
	tm, cmd = m.Update(msgs[0])
	m = tm.(Model)
	if _, ok := runCmd(t, cmd)[0].(engineClosedMsg); !ok {
		t.Fatal("closed channel not reported")
	}
	if got := m.hist["registry"].recent.n; got != 2 {
		t.Fatalf("history holds %d seconds, want 2", got)
	}
}

// TestHistoryPerWorkload: switching keeps each workload's series; a new
// RunID for a workload clears only its own.
func TestHistoryPerWorkload(t *testing.T) {
	wl := testWorkloads()
	m := running(t, &fakeController{}, 120, 40, 30)
	m, _ = press(t, m, "2")
	for k := 1; k <= 10; k++ {
		m = feed(t, m, updateMsg(cannedUpdate(wl[1], 7, k)))
	}
	if m.current != "correlation" || m.hist["correlation"].recent.n != 10 {
		t.Fatalf("shown %s with %d seconds", m.current, m.hist["correlation"].recent.n)
	}
	m, _ = press(t, m, "1")
	if m.hist["registry"].recent.n != 30 || !strings.Contains(m.View(), "0:30") {
		t.Fatal("registry's history was lost on switching")
	}
	m = feed(t, m, updateMsg(cannedUpdate(wl[0], 2, 1)))
	if m.hist["registry"].recent.n != 1 || m.hist["correlation"].recent.n != 10 {
		t.Fatal("a new RunID did not clear (only) its workload's history")
	}
}

// TestPendingSwitchIgnoresStaleUpdates: after 2, a late update of the old
// workload does not take the display back.
func TestPendingSwitchIgnoresStaleUpdates(t *testing.T) {
	wl := testWorkloads()
	m := running(t, &fakeController{}, 120, 40, 5)
	m, _ = press(t, m, "2") // command 1
	m = feed(t, m, updateMsg(cannedUpdate(wl[0], 1, 6)))
	if m.current != "correlation" {
		t.Fatalf("display went back to %s", m.current)
	}
	confirmed, later := cannedUpdate(wl[1], 1, 1), cannedUpdate(wl[0], 1, 7)
	confirmed.Seq, later.Seq = 1, 1
	m = feed(t, m, updateMsg(confirmed), updateMsg(later))
	if m.current != "registry" {
		// Confirmed, so the engine leads again: it says registry runs.
		t.Fatalf("after confirmation the engine's workload is not followed: %s", m.current)
	}
}

func TestEngineErrShown(t *testing.T) {
	m := running(t, &fakeController{}, 120, 40, 0)
	u := cannedUpdate(testWorkloads()[0], 1, 1)
	u.Tick, u.State, u.Err = false, engine.Paused, errors.New("prefill: out of memory")
	m = feed(t, m, updateMsg(u))
	if !strings.Contains(m.View(), "cannot run registry: prefill: out of memory") {
		t.Errorf("engine error not shown:\n%s", m.View())
	}
}

func TestUnknownThemeFallsBack(t *testing.T) {
	m := New(&fakeController{}, testWorkloads(), Options{Theme: "neon"})
	if m.theme.Name != "dark" {
		t.Fatalf("theme %s", m.theme.Name)
	}
}

func TestNoColorGivesMono(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	if m := New(&fakeController{}, testWorkloads(), Options{}); m.theme.Name != "mono" {
		t.Fatalf("NO_COLOR gave %s", m.theme.Name)
	}
}

func TestManyWorkloadsAndOne(t *testing.T) {
	wl := testWorkloads()
	for len(wl) < 11 {
		w := wl[len(wl)%4]
		w.Name = "w" + itoa(len(wl))
		wl = append(wl, w)
	}
	ctrl := &fakeController{}
	m := New(ctrl, wl, Options{Theme: "dark"})
	m = feed(t, m, tea.WindowSizeMsg{Width: 200, Height: 40})
	m, _ = press(t, m, "9")
	if m.current != "w8" {
		t.Fatalf("9 showed %s", m.current)
	}
	if !strings.Contains(m.View(), "1-9 workload") || !strings.Contains(m.View(), "w10") {
		t.Error("tabs or help wrong with 11 workloads")
	}
	one := New(ctrl, wl[:1], Options{Theme: "dark"})
	one, _ = press(t, one, "tab")
	if one.current != "registry" || !strings.Contains(one.View(), "1 workload") {
		t.Error("a single workload misbehaves")
	}
}

// TestPausedEngineIdles: with the engine paused the model schedules no
// work of its own; only the next Update wakes it.
func TestPausedEngineIdles(t *testing.T) {
	m := running(t, &fakeController{}, 120, 40, 5)
	u := cannedUpdate(testWorkloads()[0], 1, 5)
	u.Tick, u.State = false, engine.Paused
	tm, cmd := m.Update(updateMsg(u))
	m = tm.(Model)
	ch := make(chan engine.Update)
	m.updates = ch
	_, cmd = m.Update(updateMsg(u))
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		t.Fatalf("a paused dashboard produced %T without an engine update", msg)
	case <-time.After(50 * time.Millisecond):
	}
	close(ch)
	<-done
}
