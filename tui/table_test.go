package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/themes"
)

func TestThroughputCell(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		c    engine.Comparison
		want string
		tone tone
	}{
		{"faster", engine.Comparison{Ratio: 3, Lo: 2.9, Hi: 3.1, Pairs: 10, Enough: true}, "3.00× [2.90–3.10] faster", toneGood},
		{"slower reads as a factor ≥ 1", engine.Comparison{Ratio: 0.5, Lo: 0.45, Hi: 0.55, Pairs: 10, Enough: true}, "2.00× [1.82–2.22] slower", toneBad},
		{"slower, interval reaching 0", engine.Comparison{Ratio: 0.5, Lo: 0, Hi: 0.8, Pairs: 10, Enough: true}, "2.00× [1.25–∞] slower", toneBad},
		{"interval includes 1", engine.Comparison{Ratio: 1.02, Lo: 0.97, Hi: 1.06, Pairs: 10, Enough: true}, "1.02× [0.970–1.06] no clear difference", toneMuted},
		{"large", engine.Comparison{Ratio: 16.77, Lo: 13.73, Hi: 19.39, Pairs: 10, Enough: true}, "16.8× [13.7–19.4] faster", toneGood},
		{"too few pairs", engine.Comparison{Ratio: 3, Lo: 2.9, Hi: 3.1, Pairs: 5}, "not enough data yet: 5 s", toneMuted},
		{"no ratio", engine.Comparison{}, "not enough data yet: 0 s", toneMuted},
		{"optimised failed", engine.Comparison{Ratio: 3, Lo: 2.9, Hi: 3.1, Pairs: 10, Enough: true, ErrorRate: [2]float64{0, 1}},
			"not comparable: optimised failed 100 % of ops", toneBad},
		{"errors within --max-errors", engine.Comparison{Ratio: 3, Lo: 2.9, Hi: 3.1, Pairs: 10, Enough: true,
			ErrorRate: [2]float64{0.001, 0}, MaxErrors: 0.01}, "3.00× [2.90–3.10] faster", toneGood},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got, tone := throughputCell(tt.c); got != tt.want || tone != tt.tone {
				t.Errorf("got %q (tone %d), want %q (tone %d)", got, tone, tt.want, tt.tone)
			}
		})
	}
}

func TestLowerCell(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		base, opt float64
		want      string
		tone      tone
	}{
		{"within 5 % higher", 100, 103, "1.03× about the same", toneMuted},
		{"within 5 % lower", 100, 96, "0.960× about the same", toneMuted},
		{"half", 100, 50, "2.00× lower", toneGood},
		{"double", 100, 200, "2.00× higher", toneBad},
		{"a 213th", 1000, 4.7, "213× lower", toneGood},
		{"none left", 48, 0, "none in sharded", toneGood},
		{"both zero", 0, 0, "same", toneMuted},
		{"no baseline", 0, 5, "—", toneMuted},
		{"negative", 5, -1, "—", toneMuted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got, tone := lowerCell(tt.base, tt.opt, "sharded"); got != tt.want || tone != tt.tone {
				t.Errorf("lowerCell(%v, %v) = %q (tone %d), want %q (tone %d)", tt.base, tt.opt, got, tone, tt.want, tt.tone)
			}
		})
	}
}

// TestStatsRows checks the table's data: labels in order, dashes for what
// was not measured, the bytes row only for workloads that move bytes, the
// errors alarm, and parallel mode's combined allocation.
func TestStatsRows(t *testing.T) {
	t.Parallel()
	labels := func(rows []statsRow) string {
		var ls []string
		for _, r := range rows {
			ls = append(ls, r.label)
		}
		return strings.Join(ls, ",")
	}
	running := cannedUpdate(testWorkloads()[0], 1, 75)
	tests := []struct {
		name   string
		u      func() engine.Update
		labels string
		check  func(t *testing.T, rows []statsRow)
	}{
		{"nothing yet", func() engine.Update { return engine.Update{} },
			"throughput,p50,p95,p99,max,alloc B/op,allocs/op,cpu/op,errors",
			func(t *testing.T, rows []statsRow) {
				if r := rows[0]; r.now != [2]string{"—", "—"} || r.run != [2]string{"—", "—"} || r.cmp != "not enough data yet: 0 s" {
					t.Errorf("throughput before any second: %+v", r)
				}
				if r := rows[8]; r.now != [2]string{"—", "—"} || r.run != [2]string{"0", "0"} || r.alarm != [2]bool{} {
					t.Errorf("errors before any second: %+v", r)
				}
			}},
		{"warm-up: a second but no run yet", func() engine.Update { return cannedUpdate(testWorkloads()[0], 1, 2) },
			"throughput,p50,p95,p99,max (sample),alloc B/op,allocs/op,cpu/op,errors",
			func(t *testing.T, rows []statsRow) {
				if r := rows[1]; r.now[0] == "—" || r.run[0] != "—" || r.cmp != "" {
					t.Errorf("p50 in warm-up: %+v", r)
				}
			}},
		{"running", func() engine.Update { return running },
			"throughput,p50,p95,p99,max (sample),alloc B/op,allocs/op,cpu/op,errors",
			func(t *testing.T, rows []statsRow) {
				if r := rows[0]; r.cmp != "3.00× [2.91–3.08] faster" || r.cmpTone != toneGood {
					t.Errorf("throughput: %+v", r)
				}
				if r := rows[1]; r.run != [2]string{"1.50µs", "500ns"} || r.cmp != "3.00× lower" || r.cmpTone != toneGood {
					t.Errorf("p50: %+v", r)
				}
			}},
		{"bytes moved", func() engine.Update {
			u := running
			u.Samples[1].BytesPerS = 12.3e6
			return u
		}, "throughput,bytes/s,p50,p95,p99,max (sample),alloc B/op,allocs/op,cpu/op,errors",
			func(t *testing.T, rows []statsRow) {
				if r := rows[1]; !r.optional || r.now[1] != "12.3 MB/s" {
					t.Errorf("bytes/s: %+v", r)
				}
			}},
		{"errors", func() engine.Update {
			u := running
			u.Samples[1].Errors, u.Errors = 3, [2]int64{0, 17}
			return u
		}, "throughput,p50,p95,p99,max (sample),alloc B/op,allocs/op,cpu/op,errors",
			func(t *testing.T, rows []statsRow) {
				if r := rows[8]; r.now != [2]string{"0", "3"} || r.run != [2]string{"0", "17"} || r.alarm != [2]bool{false, true} {
					t.Errorf("errors: %+v", r)
				}
			}},
		{"server known", func() engine.Update {
			u := running
			for v := range 2 {
				u.Samples[v].ServerKnown, u.Summary[v].ServerKnown = true, true
				u.Samples[v].ServerCPU = 30 * time.Millisecond
				u.Summary[v].ServerRSS = int64(40e6 * (v + 1))
			}
			u.Summary[0].ServerCPUPer1k, u.Summary[1].ServerCPUPer1k = 2*time.Millisecond, time.Millisecond
			return u
		}, "throughput,p50,p95,p99,max (sample),alloc B/op,allocs/op,cpu/op,srv CPU/1k,srv RSS,errors",
			func(t *testing.T, rows []statsRow) {
				if r := rows[8]; r.optional || r.run != [2]string{"2.00ms", "1.00ms"} || r.cmp != "2.00× lower" || r.cmpTone != toneGood {
					t.Errorf("server CPU: %+v", r)
				}
				if r := rows[9]; !r.optional || r.run != [2]string{"40.0 MB", "80.0 MB"} || r.cmp != "2.00× higher" {
					t.Errorf("server RSS: %+v", r)
				}
			}},
		{"server known for one variant", func() engine.Update {
			u := running
			u.Samples[0].ServerKnown, u.Summary[0].ServerKnown = true, true
			return u
		}, "throughput,p50,p95,p99,max (sample),alloc B/op,allocs/op,cpu/op,srv CPU/1k,srv RSS,errors",
			func(t *testing.T, rows []statsRow) {
				if r := rows[8]; r.now[1] != "—" || r.run[1] != "—" || r.cmp != "" {
					t.Errorf("server CPU of an unknown server: %+v", r)
				}
			}},
		{"calibration", func() engine.Update {
			u := running
			u.Checks = []engine.Check{{Variant: 0, Metric: "p50", OK: true}, {Variant: 1, Metric: "p50", OK: true},
				{Variant: 1, Metric: "max", OK: false}, {Variant: -1, Metric: "ratio", OK: true}}
			return u
		}, "throughput,p50,p95,p99,max (sample),alloc B/op,allocs/op,cpu/op,errors,vs truth",
			func(t *testing.T, rows []statsRow) {
				r := rows[9]
				if r.run != [2]string{"1/1 ok", "1/2 ok"} || r.alarm != [2]bool{false, true} ||
					r.cmp != "off: optimised max" || r.cmpTone != toneBad {
					t.Errorf("calibration: %+v", r)
				}
			}},
		{"parallel", func() engine.Update {
			u := running
			u.Mode = engine.Parallel
			return u
		}, "throughput,p50,p95,p99,max (sample),alloc (both),allocs (both),cpu (both),errors",
			func(t *testing.T, rows []statsRow) {
				if r := rows[5]; r.cmp != "— both variants together" || r.cmpTone != toneMuted {
					t.Errorf("alloc in parallel mode: %+v", r)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rows := statsRows(tt.u())
			if got := labels(rows); got != tt.labels {
				t.Fatalf("labels %s, want %s", got, tt.labels)
			}
			tt.check(t, rows)
		})
	}
	if got := labels(shownRows(statsRows(tests[3].u()), false)); got != "throughput,p50,p95,p99,max (sample),alloc B/op,cpu/op,errors" {
		t.Errorf("without optional rows: %s", got)
	}
}

// TestRenderStats checks the layout: every line exactly the width, the
// current second's columns only when wide, a long comparison cut.
func TestRenderStats(t *testing.T) {
	t.Parallel()
	st := themes.NewStyles(mustTheme(t, "mono"))
	rows := statsRows(cannedUpdate(testWorkloads()[0], 1, 75))
	rows[0].cmp = strings.Repeat("long ", 40)
	for _, tt := range []struct {
		w    int
		wide bool
	}{{60, false}, {75, false}, {76, true}, {119, true}, {120, true}} {
		lines := renderStats(st, [2]string{"owner", "sharded"}, rows, tt.w)
		if len(lines) != tableHeadH+len(rows) {
			t.Fatalf("width %d: %d lines for %d rows", tt.w, len(lines), len(rows))
		}
		for i, l := range lines {
			if lw := lipgloss.Width(l); lw != tt.w {
				t.Errorf("width %d: line %d is %d wide: %q", tt.w, i, lw, l)
			}
		}
		if !strings.Contains(lines[0], "owner") || !strings.Contains(lines[0], "sharded vs owner") {
			t.Errorf("width %d: header does not name the implementations: %q", tt.w, lines[0])
		}
		if got := strings.Contains(lines[1], "now"); got != tt.wide {
			t.Errorf("width %d: now column shown %v, want %v", tt.w, got, tt.wide)
		}
		if !strings.HasSuffix(strings.TrimRight(lines[2], " "), "…") {
			t.Errorf("width %d: long comparison not cut: %q", tt.w, lines[2])
		}
	}
}

func mustTheme(t *testing.T, name string) themes.Theme {
	t.Helper()
	th, err := themes.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return th
}

// TestStatsCellsLeaveAGap: at the narrow column width every figure,
// however small, is narrower than its column, so two columns never run
// together ("0.000347 B2.12e-05 B" read as one number).
func TestStatsCellsLeaveAGap(t *testing.T) {
	t.Parallel()
	u := cannedUpdate(testWorkloads()[0], 1, 75)
	u.Samples[0].AllocPerOp, u.Summary[0].AllocPerOp = 0.000347, 0.000348
	u.Samples[1].AllocPerOp, u.Summary[1].AllocPerOp = 2.12e-5, 0.000999
	u.Samples[0].AllocsPerOp, u.Summary[0].AllocsPerOp = 2.12e-5, 9.54e-6
	rows := statsRows(u)
	for _, r := range rows {
		for v := range 2 {
			for _, cell := range []string{r.now[v], r.run[v]} {
				if w := lipgloss.Width(cell); w >= tableColW {
					t.Errorf("%s: %q is %d cells, the column %d", r.label, cell, w, tableColW)
				}
			}
		}
	}
	st := themes.NewStyles(mustTheme(t, "mono"))
	for _, l := range renderStats(st, [2]string{"owner", "sharded"}, rows, 80) {
		if strings.HasPrefix(l, "alloc B/op") && strings.Count(l, "<0.001 B") != 4 {
			t.Errorf("alloc row at 80 columns: %q", l)
		}
	}
}
