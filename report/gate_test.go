package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mcptop/mcptop/snapshot"
)

// gateSnap is one run whose optimised variant has summary opt and whose
// baseline variant has summary base.
func gateSnap(base, opt snapshot.Summary, attributable bool) *snapshot.Snapshot {
	return &snapshot.Snapshot{Schema: snapshot.Schema, Runs: []snapshot.Run{{
		Workload: "registry", Params: map[string]int{"prefill": 10}, AllocAttributable: attributable,
		Variants: []snapshot.VariantRun{
			{Variant: "baseline", Label: "owner goroutine", Summary: base},
			{Variant: "optimised", Label: "sharded map", Summary: opt},
		},
	}}}
}

// judged is a summary with every figure measured; set changes one.
func judged(set func(*snapshot.Summary)) snapshot.Summary {
	s := snapshot.Summary{Ticks: 5, ActiveTicks: 5, Ops: 1000}
	set(&s)
	return s
}

// Every metric, in both directions: a bound below the value is breached by
// ">" and not by "<", a bound above it the other way round.
func TestGatesEveryMetricBothDirections(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		metric, below, above string
		set                  func(*snapshot.Summary)
	}{
		{"throughput", "10k", "20k", func(s *snapshot.Summary) { s.ThroughputMedianOpsPerS = 15000 }},
		{"throughput", "1.2M ops/s", "1.5M/s", func(s *snapshot.Summary) { s.ThroughputMedianOpsPerS = 1.3e6 }},
		{"p50", "500us", "1ms", func(s *snapshot.Summary) { s.LatencyP50Us = 800 }},
		{"p95", "1ms", "3ms", func(s *snapshot.Summary) { s.LatencyP95Us = 2000 }},
		{"p99", "5ms", "10ms", func(s *snapshot.Summary) { s.LatencyP99Us = 7200 }},
		{"p999", "15ms", "25ms", func(s *snapshot.Summary) { s.LatencyP999Us = 20000 }},
		{"p99.9", "15ms", "25ms", func(s *snapshot.Summary) { s.LatencyP999Us = 20000 }},
		{"max", "50ms", "0.2s", func(s *snapshot.Summary) { s.LatencyMaxUs = 100000 }},
		{"errors", "0", "5", func(s *snapshot.Summary) { s.Errors = 3 }},
		{"error_rate", "1%", "0.05", func(s *snapshot.Summary) { s.ErrorRate = 0.02 }},
		{"alloc", "1kB", "4KiB", func(s *snapshot.Summary) { s.AllocBytesPerOp = 2048 }},
		{"alloc", "0", "100B/op", func(s *snapshot.Summary) { s.AllocBytesPerOp = 48 }},
		{"allocs", "2", "4", func(s *snapshot.Summary) { s.AllocsPerOp = 3 }},
		{"cpu", "2µs", "3us", func(s *snapshot.Summary) { s.CPUUsPerOp = 2.5 }},
		{"cpu", "50%", "90%", func(s *snapshot.Summary) { s.CPUPercent = 80 }},
	} {
		t.Run(tc.metric+" "+tc.below+" "+tc.above, func(t *testing.T) {
			t.Parallel()
			v := judged(tc.set)
			snap := gateSnap(v, v, true)
			for _, c := range []struct {
				gate   string
				breach bool
			}{
				{tc.metric + ">" + tc.below, true},
				{tc.metric + ">=" + tc.below, true},
				{tc.metric + "<" + tc.below, false},
				{tc.metric + ">" + tc.above, false},
				{tc.metric + "<" + tc.above, true},
				{tc.metric + "<=" + tc.above, true},
			} {
				gs, err := ParseGates(c.gate)
				if err != nil {
					t.Fatalf("ParseGates(%q): %v", c.gate, err)
				}
				res := gs.Check(snap)
				if len(res.NotJudged) != 0 {
					t.Fatalf("%s: not judged: %v", c.gate, res.NotJudged)
				}
				want := map[bool]int{true: 2, false: 0}[c.breach] // one per variant
				if len(res.Breaches) != want {
					t.Errorf("%s: breaches %q, want %d", c.gate, res.Breaches, want)
				}
				if want := map[bool]int{true: ExitRegression, false: ExitOK}[c.breach]; res.ExitCode() != want {
					t.Errorf("%s: exit %d, want %d", c.gate, res.ExitCode(), want)
				}
			}
		})
	}
}

// A bound equal to the value: > and < hold off, >= and <= breach.
func TestGatesAtTheBound(t *testing.T) {
	t.Parallel()
	s := judged(func(s *snapshot.Summary) { s.Errors = 3 })
	snap := gateSnap(s, s, true)
	for gate, want := range map[string]int{"errors>3": 0, "errors<3": 0, "errors>=3": 2, "errors<=3": 2} {
		gs, err := ParseGates(gate)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(gs.Check(snap).Breaches); got != want {
			t.Errorf("%s: %d breaches, want %d (one per variant)", gate, got, want)
		}
	}
}

// Every breached bound is named, per variant, on its own line.
func TestGatesNameEachBreach(t *testing.T) {
	t.Parallel()
	base := judged(func(s *snapshot.Summary) { s.ThroughputMedianOpsPerS, s.LatencyP99Us, s.Errors = 5000, 9000, 0 })
	opt := judged(func(s *snapshot.Summary) { s.ThroughputMedianOpsPerS, s.LatencyP99Us, s.Errors = 50000, 400, 2 })
	gs, err := ParseGates("p99>5ms, errors>0, throughput<10k")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	code := gs.Check(gateSnap(base, opt, true)).Write(&b, "mcptop: ")
	want := []string{
		"mcptop: --fail-if breached: registry prefill=10, baseline (owner goroutine): p99 9.00ms > 5ms",
		"mcptop: --fail-if breached: registry prefill=10, baseline (owner goroutine): throughput 5.00k ops/s < 10k",
		"mcptop: --fail-if breached: registry prefill=10, optimised (sharded map): errors 2 > 0",
		"mcptop: --fail-if: 3 bound(s) breached → exit 1",
	}
	if got := strings.Split(strings.TrimSpace(b.String()), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if code != ExitRegression {
		t.Errorf("exit %d, want %d", code, ExitRegression)
	}
}

// A figure a run did not measure is "not judged" (exit 2), never within
// bounds.
func TestGatesNotJudged(t *testing.T) {
	t.Parallel()
	ok := judged(func(*snapshot.Summary) {})
	for _, tc := range []struct {
		name, gate string
		snap       *snapshot.Snapshot
		why        string
	}{
		{"alloc in parallel mode", "alloc>0", gateSnap(ok, ok, false), "parallel mode"},
		{"cpu in parallel mode", "cpu>1µs", gateSnap(ok, ok, false), "parallel mode"},
		{"allocs in v1", "allocs>0", func() *snapshot.Snapshot {
			s := gateSnap(ok, ok, true)
			s.Schema = snapshot.SchemaV1
			return s
		}(), "v1 snapshot"},
		{"all warm-up", "errors>0", gateSnap(snapshot.Summary{}, snapshot.Summary{}, true), "every second was warm-up"},
		{"latency without an op", "p99>1ms", gateSnap(snapshot.Summary{Ticks: 3, ActiveTicks: 3}, ok, true), "no successful op"},
		{"throughput without a turn", "throughput>1G", gateSnap(snapshot.Summary{Ticks: 3}, ok, true), "ran in no second"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			gs, err := ParseGates(tc.gate)
			if err != nil {
				t.Fatal(err)
			}
			res := gs.Check(tc.snap)
			if len(res.NotJudged) == 0 || !strings.Contains(res.NotJudged[0], tc.why) || len(res.Breaches) != 0 {
				t.Fatalf("not judged %q, breaches %q; want not judged: %s", res.NotJudged, res.Breaches, tc.why)
			}
			if res.ExitCode() != ExitUnusable {
				t.Errorf("exit %d, want %d", res.ExitCode(), ExitUnusable)
			}
		})
	}
}

func TestParseGatesErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"", "no bound given"},
		{" , ", "no bound given"},
		{"p99", `"p99": want METRIC>VALUE`},
		{"p99=5ms", `want METRIC>VALUE`},
		{"p99>5", `p99 bound "5": want a duration`},
		{"p99>>5ms", `p99 bound ">5ms": want a duration`},
		{"p99>-5ms", `want a duration`},
		{"latency>5ms", `unknown metric "latency"; want one of throughput, p50`},
		{"throughput<fast", `throughput bound "fast": want a rate`},
		{"errors>1x", `errors bound "1x": want a count`},
		{"error_rate>150%", `want a share`},
		{"error_rate>2", `want a share`},
		{"alloc>-1", `want bytes per op`},
		{"cpu>lots", `want CPU time per op`},
		{"p99>5ms, bogus<1", `"bogus<1": unknown metric`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			_, err := ParseGates(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("ParseGates(%q) = %v, want one line containing %q", tc.in, err, tc.want)
			}
		})
	}
}

func TestParseGates(t *testing.T) {
	t.Parallel()
	gs, err := ParseGates(" P99 >= 250µs,errors>0 , throughput < 1.5M, cpu<=80%,")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range gs {
		got = append(got, g.String())
	}
	if strings.Join(got, " ") != "p99>=250µs errors>0 throughput<1.5M cpu<=80%" {
		t.Errorf("parsed %q", got)
	}
	if gs[0].Bound != 250 || gs[2].Bound != 1.5e6 || gs[3].Bound != 80 {
		t.Errorf("bounds %v %v %v, want 250 µs, 1.5e6 ops/s, 80 %%", gs[0].Bound, gs[2].Bound, gs[3].Bound)
	}
}
