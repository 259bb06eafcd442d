package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/mcptop/mcptop/engine"
)

// TestGoldenViews renders the dashboard from canned Updates (no engine, no
// clock) and compares it with testdata/*.golden.
func TestGoldenViews(t *testing.T) {
	paused := func(m Model) Model {
		u := cannedUpdate(testWorkloads()[0], 1, 75)
		u.Tick, u.State = false, engine.Paused
		return feed(t, m, updateMsg(u))
	}
	cases := []struct {
		name  string
		ticks int
		then  func(Model) Model
	}{
		{"running", 75, nil},
		{"starting", 0, nil},
		{"warmup", 2, nil},
		{"paused", 75, paused},
		{"help", 75, func(m Model) Model { return feed(t, m, keyMsg("?")) }},
		{"histogram", 75, func(m Model) Model { return feed(t, m, keyMsg("h")) }},
		{"all-percentiles", 75, func(m Model) Model { return feed(t, m, keyMsg("p")) }},
		{"whole-run", 75, func(m Model) Model { return feed(t, m, keyMsg(">"), keyMsg(">")) }},
		{"mono", 75, func(m Model) Model { return feed(t, m, keyMsg("t"), keyMsg("t"), keyMsg("t")) }},
		{"errors", 75, func(m Model) Model {
			u := cannedUpdate(testWorkloads()[0], 1, 76)
			u.Errors = [2]int64{0, 17}
			u.Samples[1].Errors = 3
			u.LastError = [2]string{"", "lookup: owner mismatch"}
			return feed(t, m, updateMsg(u))
		}},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, c := range cases {
			name := fmt.Sprintf("%s_%dx%d", c.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				m := running(t, &fakeController{}, size[0], size[1], c.ticks)
				if c.then != nil {
					m = c.then(m)
				}
				got := m.View()
				checkFits(t, got, size[0], size[1])
				golden(t, name, got)
			})
		}
	}
	t.Run("too-small", func(t *testing.T) {
		for _, size := range [][2]int{{59, 24}, {80, 19}} {
			m := running(t, &fakeController{}, size[0], size[1], 10)
			got := m.View()
			if got != "terminal too small (need 60×20)" {
				t.Errorf("%dx%d: %q", size[0], size[1], got)
			}
			golden(t, fmt.Sprintf("too-small_%dx%d", size[0], size[1]), got)
		}
	})
}

// checkFits fails when view has more than h lines or a line wider than w.
func checkFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) > h {
		t.Errorf("%d lines, terminal has %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := lipgloss.Width(l); lw > w {
			t.Errorf("line %d is %d cells wide, terminal has %d: %q", i, lw, w, l)
		}
	}
}

// TestEverySizeFits resizes from 1×1 upwards: no panic, nothing wider or
// taller than the terminal, and the one-line notice below 60×20.
func TestEverySizeFits(t *testing.T) {
	m := running(t, &fakeController{}, 80, 24, 40)
	for _, w := range []int{1, 10, 59, 60, 79, 80, 120, 250} {
		for _, h := range []int{1, 19, 20, 23, 24, 30, 80} {
			for _, keys := range [][]string{nil, {"?"}, {"h"}, {"p"}} {
				mm := m
				for _, k := range keys {
					mm = feed(t, mm, keyMsg(k))
				}
				mm = feed(t, mm, tea.WindowSizeMsg{Width: w, Height: h})
				v := mm.View()
				checkFits(t, v, w, h)
				small := w < MinWidth || h < MinHeight
				if small != strings.Contains(v, "terminal too small") && w > 20 {
					t.Errorf("%dx%d %v: too-small notice shown=%v", w, h, keys, !small)
				}
			}
		}
	}
}

// TestEssentialsAt80x24 checks that the smallest common terminal shows what
// a person needs to judge the comparison.
func TestEssentialsAt80x24(t *testing.T) {
	m := running(t, &fakeController{}, 80, 24, 75)
	v := m.View()
	for _, want := range []string{
		"1 registry", "running", "Throughput", "Latency p99", "owner", "sharded",
		"3.00× [2.91–3.08] faster", "p50", "p95", "p99", "max", "alloc B/op", "errors",
		"workers 2", "prefill", "q quit", "? all keys",
	} {
		if !strings.Contains(v, want) {
			t.Errorf("80×24 view lacks %q", want)
		}
	}
}

// TestLargeTerminalUsesTheRoom checks that 160×48 shows more than 80×24: the
// description line and taller, wider charts.
func TestLargeTerminalUsesTheRoom(t *testing.T) {
	small := running(t, &fakeController{}, 80, 24, 75)
	big := running(t, &fakeController{}, 160, 48, 75)
	if !big.lay.desc || small.lay.desc {
		t.Error("the description line should appear at 160×48 only")
	}
	if big.lay.topW <= small.lay.topW || big.lay.topH <= small.lay.topH {
		t.Errorf("charts did not grow: %dx%d vs %dx%d", big.lay.topW, big.lay.topH, small.lay.topW, small.lay.topH)
	}
	if !strings.Contains(big.View(), "register, look up") {
		t.Error("160×48 view lacks the workload description")
	}
}

// TestParallelAllocNotAttributable: in parallel mode the alloc figure is
// both variants' combined rate, so the ratio cell says so instead of
// comparing the figure with itself.
func TestParallelAllocNotAttributable(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := running(t, &fakeController{}, size[0], size[1], 75)
			u := cannedUpdate(testWorkloads()[0], 1, 76)
			u.Mode = engine.Parallel
			for v := range 2 {
				u.Samples[v].AllocPerOp = 3760
				u.Summary[v].AllocPerOp = 3760
			}
			m = feed(t, m, updateMsg(u))
			var row string
			for _, l := range strings.Split(m.View(), "\n") {
				if strings.HasPrefix(l, "alloc ") {
					row = l
					break
				}
			}
			if !strings.HasPrefix(row, "alloc (both)") {
				t.Fatalf("no alloc (both) row:\n%s", m.View())
			}
			if !strings.Contains(row, "— both variants together") || strings.Contains(row, "×") ||
				strings.Contains(row, "same") {
				t.Errorf("alloc row in parallel mode: %q", row)
			}
		})
	}
}

// xLabels returns the elapsed-time labels of a chart panel's last line, in
// seconds.
func xLabels(t *testing.T, panel string) []int {
	t.Helper()
	lines := strings.Split(panel, "\n")
	var secs []int
	for _, f := range strings.Fields(lines[len(lines)-1]) {
		d, err := parseElapsed(f)
		if err != nil {
			t.Fatalf("X label %q: %v\n%s", f, err, panel)
		}
		secs = append(secs, d)
	}
	return secs
}

// parseElapsed reads "m:ss" or "h:mm:ss" as seconds.
func parseElapsed(s string) (int, error) {
	n := 0
	for _, part := range strings.Split(s, ":") {
		var v int
		if _, err := fmt.Sscanf(part, "%d", &v); err != nil {
			return 0, err
		}
		n = n*60 + v
	}
	return n, nil
}

// TestChartsShareXTicks: the throughput and latency charts label the same
// seconds for the same span, side by side or stacked, evenly, with none
// skipped.
func TestChartsShareXTicks(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {160, 48}} {
		for _, ticks := range []int{75, 900} {
			m := running(t, &fakeController{}, size[0], size[1], ticks)
			for win := range windows {
				name := fmt.Sprintf("%dx%d/%ds/%s", size[0], size[1], ticks, windows[win].name)
				t.Run(name, func(t *testing.T) {
					m.window = win
					m.rebuild()
					top, bot := xLabels(t, m.tput.view), xLabels(t, m.lat.view)
					if !slices.Equal(top, bot) {
						t.Fatalf("throughput labels %v, latency labels %v", top, bot)
					}
					if len(top) < 3 {
						t.Fatalf("only %d X labels: %v", len(top), top)
					}
					for i := 2; i < len(top); i++ {
						if top[i]-top[i-1] != top[1]-top[0] {
							t.Fatalf("uneven or skipped X labels: %v", top)
						}
					}
				})
			}
		}
	}
}

// TestAllPercentilesNamed: with p50, p95 and p99 shown at once, each line is
// named at its right end, a column per variant, p99 above p95 above p50;
// with one percentile the plot keeps its full width.
func TestAllPercentilesNamed(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			m := running(t, &fakeController{}, size[0], size[1], 75)
			if m.lat.tagW != 0 || m.lat.c.Width() != m.lay.botW {
				t.Errorf("one percentile: margin %d, plot %d of %d columns", m.lat.tagW, m.lat.c.Width(), m.lay.botW)
			}
			m = feed(t, m, keyMsg("p"))
			var names [2][]string
			for _, l := range strings.Split(m.lat.view, "\n")[1:] {
				r := []rune(l)
				if len(r) != m.lay.botW {
					t.Fatalf("line is %d cells, panel %d: %q", len(r), m.lay.botW, l)
				}
				margin := r[len(r)-tagWidth:]
				for v := range 2 {
					if n := strings.TrimSpace(string(margin[v*tagCell : (v+1)*tagCell])); n != "" {
						names[v] = append(names[v], n)
					}
				}
			}
			for v, got := range names {
				if want := []string{"p99", "p95", "p50"}; !slices.Equal(got, want) {
					t.Errorf("variant %d: names top to bottom %v, want %v\n%s", v, got, want, m.lat.view)
				}
			}
		})
	}
}
