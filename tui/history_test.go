package tui

import (
	"testing"

	"github.com/mcptop/mcptop/engine"
)

func tickUpdate(run, k int, ops float64) engine.Update {
	u := engine.Update{Tick: true, RunID: run, Workload: "w"}
	for v := range 2 {
		u.Samples[v] = engine.Sample{Tick: k, OpsPerSec: ops, P50: 100, P95: 200, P99: 300}
	}
	return u
}

func TestRingKeepsTheNewest(t *testing.T) {
	t.Parallel()
	r := newRing(3)
	for k := 1; k <= 5; k++ {
		r.push(point{tick: k})
	}
	if r.n != 3 || r.at(0).tick != 3 || r.at(2).tick != 5 {
		t.Fatalf("ring holds %d points from %d to %d", r.n, r.at(0).tick, r.at(r.n-1).tick)
	}
}

func TestDecimatedStaysBoundedAndKeepsMeans(t *testing.T) {
	t.Parallel()
	d := newDecimated()
	const n = 10 * wholeCap
	sum := 0.0
	for k := 1; k <= n; k++ {
		v := float64(k % 7)
		sum += v
		d.push(point{tick: k, ops: [2]float64{v, 2 * v}})
	}
	if len(d.pts) > wholeCap || cap(d.pts) != wholeCap {
		t.Fatalf("%d points, capacity %d", len(d.pts), cap(d.pts))
	}
	if d.step != 16 {
		t.Fatalf("step %d after %d seconds, want 16", d.step, n)
	}
	got := 0.0
	for _, p := range d.pts {
		got += p.ops[0] * float64(d.step)
	}
	got += d.acc.ops[0]
	if got != sum {
		t.Fatalf("decimation lost weight: %v, want %v", got, sum)
	}
	if last := d.pts[len(d.pts)-1].tick; last > n || last <= n-2*d.step {
		t.Fatalf("newest point at second %d of %d", last, n)
	}
}

func TestHistoryWindows(t *testing.T) {
	t.Parallel()
	h := newHistory()
	for k := 1; k <= 400; k++ {
		h.apply(tickUpdate(1, k, float64(k)))
	}
	tests := []struct {
		name      string
		secs      int
		wantN     int
		wantFirst int
		wantStep  int
	}{
		{"30s", 30, 31, 370, 1},
		{"5m", 300, 301, 100, 1},
		{"whole run", 0, 400, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pts, step := h.window(nil, tt.secs)
			if len(pts) != tt.wantN || pts[0].tick != tt.wantFirst || step != tt.wantStep {
				t.Fatalf("%d points from %d, step %d; want %d from %d, step %d",
					len(pts), pts[0].tick, step, tt.wantN, tt.wantFirst, tt.wantStep)
			}
		})
	}
}

func TestHistoryRunsAndRepeats(t *testing.T) {
	t.Parallel()
	h := newHistory()
	for k := 1; k <= 5; k++ {
		h.apply(tickUpdate(1, k, 1))
	}
	if h.apply(tickUpdate(1, 5, 1)) || h.recent.n != 5 {
		t.Fatal("a repeated second was recorded")
	}
	status := tickUpdate(1, 5, 1)
	status.Tick = false
	if h.apply(status) || h.recent.n != 5 {
		t.Fatal("an update without a new second changed the series")
	}
	if !h.apply(tickUpdate(2, 1, 1)) || h.recent.n != 1 || len(h.whole.pts) != 1 {
		t.Fatal("a new RunID did not start a new series")
	}
}
