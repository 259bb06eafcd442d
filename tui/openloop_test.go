package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/workload"
)

// openWorkload is a target-like workload with open loops.
func openWorkload() workload.Workload {
	return testImpls(workload.Workload{Name: "target", Description: "a mix of calls",
		Params: append([]workload.Param{{Name: "depth", Unit: "reqs", Default: 32, Min: 1, Max: 1024}}, workload.LoadParams(1024)...)},
		"server-a", "baseline stack", "server-b", "optimised stack")
}

// openUpdate is cannedUpdate of an open loop at rate/s with a two-method
// mix, service times half the latencies, and, with capacity, a search
// of three steps under way.
func openUpdate(k, rate int, capacity bool) engine.Update {
	wl := openWorkload()
	u := cannedUpdate(wl, 1, k)
	u.Params[workload.RateParam] = rate
	u.Load = workload.LoadOf(u.Params)
	for v := range 2 {
		s := &u.Samples[v]
		s.OpenLoop = engine.OpenLoop{Sent: s.Ops, SentPerSec: float64(rate), SvcP50: s.P50 / 2, SvcP95: s.P95 / 2,
			SvcP99: s.P99 / 2, SvcMax: s.Max / 2, SvcMean: s.Mean / 2}
		if v == 1 {
			s.Capped, s.Behind = 12, 40*time.Millisecond
		}
		sm := &u.Summary[v]
		sm.OpenLoop = engine.OpenLoop{SvcP50: sm.P50 / 2, SvcP95: sm.P95 / 2, SvcP99: sm.P99 / 2, SvcP999: sm.P999 / 2, SvcMax: sm.Max / 2}
		sm.Methods = []engine.MethodSummary{
			{Name: "tools/list", Ops: sm.Ops / 4, OpsPerSec: sm.OpsPerSec / 4, P50: sm.P50 * 2, P99: sm.P99 * 2},
			{Name: "tools/call:echo", Ops: sm.Ops - sm.Ops/4, OpsPerSec: sm.OpsPerSec * 3 / 4, Errors: int64(v), P50: sm.P50, P99: sm.P99},
		}
	}
	if capacity {
		c := &engine.CapacityState{SLO: "p99<10.0ms", StepTicks: 2, Workload: "target", Current: 8000}
		for i, r := range []int{1000, 2000, 4000} {
			step := engine.CapacityStep{RunID: i + 1, Rate: r}
			for v := range 2 {
				p99 := time.Duration(r*(2-v)) * time.Microsecond
				step.Sides[v] = engine.StepSide{Achieved: float64(r), P50: p99 / 5, P99: p99, Met: p99 < 10*time.Millisecond}
			}
			c.Steps = append(c.Steps, step)
		}
		u.Capacity = c
	}
	return u
}

// openModel is a model of size w×h that has seen 40 seconds of the open
// workload.
func openModel(t testing.TB, ctrl Controller, w, h, rate int, capacity bool) Model {
	t.Helper()
	m := New(ctrl, []workload.Workload{openWorkload()}, Options{Theme: "dark"})
	m.now = func() time.Time { return t0 }
	m.statusTTL = time.Millisecond
	for k := 1; k < 40; k++ {
		m.apply(openUpdate(k, rate, capacity))
	}
	return feed(t, m, tea.WindowSizeMsg{Width: w, Height: h}, updateMsg(openUpdate(40, rate, capacity)))
}

// TestGoldenOpenViews renders an open loop: its rate and what went wrong
// with its timetable in the run state, the service times (s), a mix's
// methods (c), and a capacity search's knee chart, shown by itself.
func TestGoldenOpenViews(t *testing.T) {
	for _, tc := range []struct {
		name     string
		capacity bool
		keys     []string
	}{
		{"open", false, nil},
		{"open-service", false, []string{"s"}},
		{"open-methods", false, []string{"c"}},
		{"open-knee", true, nil},
		{"open-help", false, []string{"?"}},
	} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			name := fmt.Sprintf("%s_%dx%d", tc.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				m := openModel(t, &fakeController{}, size[0], size[1], 2000, tc.capacity)
				for _, k := range tc.keys {
					m = feed(t, m, keyMsg(k))
				}
				m.status = "" // the key's message, tested below
				m.relayout()
				got := m.View()
				checkFits(t, got, size[0], size[1])
				golden(t, name, got)
			})
		}
	}
}

// TestOpenKeys: { and } step an open loop's rate and refuse, saying why,
// in a closed loop; s says what it shows; k without a search says how to
// start one.
func TestOpenKeys(t *testing.T) {
	for _, tc := range []struct {
		name   string
		rate   int
		key    string
		calls  []string
		status string
	}{
		{"raise", 2000, "}", []string{"step rate 1"}, ""},
		{"lower", 2000, "{", []string{"step rate -1"}, ""},
		{"closed loop", 0, "}", nil, "closed loop (rate 0)"},
		{"service", 2000, "s", nil, "service time: from the actual send"},
		{"service in a closed loop", 0, "s", nil, "its latency is its service time"},
		{"knee without a search", 2000, "k", nil, "no capacity search"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctrl := &fakeController{}
			m := openModel(t, ctrl, 120, 40, tc.rate, false)
			tm, _ := m.Update(keyMsg(tc.key))
			m = tm.(Model)
			if got := ctrl.Calls(); !slices.Equal(got, tc.calls) {
				t.Errorf("calls %q, want %q", got, tc.calls)
			}
			if !strings.Contains(m.status, tc.status) {
				t.Errorf("status %q, want it to say %q", m.status, tc.status)
			}
		})
	}
}
