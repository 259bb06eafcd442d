package tui

import (
	"context"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/workload"
)

// savedPoint is the snapshot's form of a canned second (the engine's
// export, restated for the test).
func savedPoint(s engine.Sample) snapshot.Point {
	us := func(d time.Duration) float64 { return float64(d) / 1e3 }
	return snapshot.Point{
		T: s.Tick, UnixMs: s.Time.UnixMilli(), Warmup: s.Warmup, Ran: s.Ran, Ops: s.Ops, Errors: s.Errors,
		Timed: s.Ops, ActiveS: s.Active.Seconds(), WallS: s.Active.Seconds(), ThroughputOpsPerS: s.OpsPerSec,
		LatencyP50Us: us(s.P50), LatencyP95Us: us(s.P95), LatencyP99Us: us(s.P99), LatencyMaxUs: us(s.Max),
		LatencyMeanUs: us(s.Mean), AllocBytesPerOp: s.AllocPerOp, AllocsPerOp: s.AllocsPerOp,
		CPUUsPerOp: us(s.CPUPerOp), CPUPercent: s.CPUPercent,
	}
}

// savedRunOf is run id of workload wl as the canned seconds 1..n would have
// been saved.
func savedRunOf(wl workload.Workload, id, n int) snapshot.Run {
	us := func(d time.Duration) float64 { return float64(d) / 1e3 }
	last := cannedUpdate(wl, id, n)
	r := snapshot.Run{
		Workload: wl.Name, Description: wl.Description, Params: wl.Defaults().Without("workers"),
		Settings: map[string]string{}, Workers: 2, Mode: "alternate", SliceMs: 100, WarmupS: 2,
		Timing: last.Timing, Tails: snapshot.TailsPerOpSampled, TimedEvery: last.TimedEvery,
		ObserverShare: last.ObserverShare, AllocAttributable: true, StartedAt: t0.Format(time.RFC3339),
		DurationS: float64(n),
		Comparison: snapshot.Comparison{Metric: "throughput", Ratio: last.Compare.Ratio, CILow: last.Compare.Lo,
			CIHigh: last.Compare.Hi, Confidence: 0.95, Coverage: 0.96, Pairs: last.Compare.Pairs,
			EffectivePairs: float64(last.Compare.Pairs), Method: snapshot.MethodSeries, Comparable: true,
			Verdict: wl.Pair[1] + " 3.00× faster"},
	}
	for v := range 2 {
		vr := snapshot.VariantRun{Variant: workload.Variants[v].String(), Impl: wl.Pair[v], Label: wl.Impls[v].Label}
		for k := 1; k <= n; k++ {
			vr.Series = append(vr.Series, savedPoint(cannedUpdate(wl, id, k).Samples[v]))
		}
		s := last.Summary[v]
		vr.Summary = snapshot.Summary{
			Ticks: s.Ticks, ActiveTicks: s.ActiveTicks, Ops: s.Ops, Timed: s.Ops,
			ThroughputMedianOpsPerS: s.OpsPerSec, ThroughputCILowOpsPerS: s.OpsLo, ThroughputCIHighOpsPerS: s.OpsHi,
			ThroughputCICoverage: 0.96, ThroughputEffectiveTicks: float64(s.Ticks),
			LatencyP50Us: us(s.P50), LatencyP95Us: us(s.P95), LatencyP99Us: us(s.P99), LatencyP999Us: us(s.P999),
			LatencyMaxUs: us(s.Max), LatencyMeanUs: us(s.Mean), AllocBytesPerOp: s.AllocPerOp,
			AllocsPerOp: s.AllocsPerOp, CPUUsPerOp: us(s.CPUPerOp), CPUPercent: s.CPUPercent,
		}
		for _, b := range last.Dist[v] {
			vr.Histogram = append(vr.Histogram, snapshot.Bucket{LoNs: b.Lo, HiNs: b.Hi, Count: b.Count})
		}
		r.Variants = append(r.Variants, vr)
	}
	return r
}

// savedSnapshot is a session of two runs as mcptop would have saved it: 75
// seconds of registry, then 20 of codec.
func savedSnapshot(t testing.TB) *snapshot.Snapshot {
	t.Helper()
	wls := testWorkloads()
	s := cannedSnapshot()
	s.ObserverCostNs = 21
	s.Runs = []snapshot.Run{savedRunOf(wls[0], 1, 75), savedRunOf(wls[2], 2, 20)}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	return s
}

// asMerged dresses s as mcptop merge writes one: two instances, no
// second's percentiles known.
func asMerged(t testing.TB, s *snapshot.Snapshot) *snapshot.Snapshot {
	t.Helper()
	s.Instances = []snapshot.Instance{
		{Name: "pod-a", CreatedAt: s.CreatedAt, Env: s.Env}, {Name: "pod-b", CreatedAt: s.CreatedAt, Env: s.Env}}
	for i := range s.Runs {
		r := &s.Runs[i]
		r.Merged = &snapshot.Merged{StartedAt: []string{r.StartedAt, r.StartedAt}}
		for v := range r.Variants {
			for k := range r.Variants[v].Series {
				p := &r.Variants[v].Series[k]
				p.Instances, p.PercentilesUnknown = 2, true
				p.LatencyP50Us, p.LatencyP95Us, p.LatencyP99Us = 0, 0, 0
			}
		}
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	return s
}

// viewing is the replay of s at w×h, as newSaved builds it.
func viewing(t testing.TB, s *snapshot.Snapshot, w, h int) (Model, *savedController) {
	t.Helper()
	m, c := newSaved(s, "run.json", testWorkloads(), Options{Theme: "dark", statusTTL: time.Millisecond})
	return feed(t, m, tea.WindowSizeMsg{Width: w, Height: h}), c
}

// answered feeds the controller's answers to m, as the program would.
func answered(t testing.TB, m Model, c *savedController) Model {
	t.Helper()
	for {
		select {
		case u := <-c.out:
			m = feed(t, m, updateMsg(u))
		default:
			return m
		}
	}
}

// TestGoldenSavedViews renders saved snapshots as mcptop view shows them.
func TestGoldenSavedViews(t *testing.T) {
	v1 := func(t testing.TB) *snapshot.Snapshot {
		s, err := snapshot.ReadFile(filepath.Join("..", "snapshot", "testdata", "engine-run-v1.json"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	cases := []struct {
		name string
		snap func(testing.TB) *snapshot.Snapshot
		keys []string
	}{
		{"view", savedSnapshot, nil},
		{"view-second-run", savedSnapshot, []string{"2"}},
		{"view-histogram", savedSnapshot, []string{"h"}},
		{"view-refused", savedSnapshot, []string{"space"}},
		{"view-help", savedSnapshot, []string{"?"}},
		{"view-merged", func(t testing.TB) *snapshot.Snapshot { return asMerged(t, savedSnapshot(t)) }, nil},
		{"view-v1", v1, nil},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, c := range cases {
			name := fmt.Sprintf("%s_%dx%d", c.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				m, ctrl := viewing(t, c.snap(t), size[0], size[1])
				for _, k := range c.keys {
					m = answered(t, feed(t, m, keyMsg(k)), ctrl)
				}
				got := m.View()
				checkFits(t, got, size[0], size[1])
				golden(t, name, got)
			})
		}
	}
}

// A saved run comes back as the live run it was: the same points, the
// same summary and distribution in the newest Update.
func TestReplayIsTheLiveRun(t *testing.T) {
	t.Parallel()
	wl := testWorkloads()[0]
	live := newHistory()
	for k := 1; k <= 75; k++ {
		live.apply(cannedUpdate(wl, 1, k))
	}
	s := savedSnapshot(t)
	saved := replayRun(s, &s.Runs[0], 1)
	if saved.recent.n != live.recent.n {
		t.Fatalf("%d seconds replayed, %d live", saved.recent.n, live.recent.n)
	}
	for i := range live.recent.n {
		a, b := live.recent.at(i), saved.recent.at(i)
		for v := range 2 {
			if a.tick != b.tick || math.Abs(a.ops[v]-b.ops[v]) > 1e-6*a.ops[v] {
				t.Fatalf("second %d: live %+v, saved %+v", i+1, a, b)
			}
			for q := range 3 {
				if math.Abs(a.lat[v][q]-b.lat[v][q]) > 1 {
					t.Fatalf("second %d: latencies live %v, saved %v", i+1, a.lat, b.lat)
				}
			}
		}
	}
	lu, su := live.last, saved.last
	if su.Impls != lu.Impls || su.Summary[1].P99 != lu.Summary[1].P99 || su.Summary[0].OpsPerSec != lu.Summary[0].OpsPerSec {
		t.Errorf("final update: saved %v %v %v, live %v %v %v", su.Impls, su.Summary[1].P99, su.Summary[0].OpsPerSec,
			lu.Impls, lu.Summary[1].P99, lu.Summary[0].OpsPerSec)
	}
	if su.Compare.Judge().Kind != lu.Compare.Judge().Kind || len(su.Dist[0]) != len(lu.Dist[0]) {
		t.Errorf("verdict %v / %v, %d / %d buckets", su.Compare.Judge(), lu.Compare.Judge(), len(su.Dist[0]), len(lu.Dist[0]))
	}
	if su.Params["workers"] != 2 || su.Params["prefill"] != 10000 {
		t.Errorf("params %v", su.Params)
	}
}

// A merged snapshot's seconds have no percentiles: the latency chart draws
// nothing (no zeros) and says why; the table's current p50/p95/p99 read
// "—".
func TestViewMergedDrawsNoUnknownLatency(t *testing.T) {
	m, _ := viewing(t, asMerged(t, savedSnapshot(t)), 120, 40)
	v := m.View()
	if !strings.Contains(v, "per-second percentiles are not merged") {
		t.Errorf("the latency chart does not say why it is empty:\n%s", v)
	}
	if strings.Contains(m.lat.view, "⣀⣀⣀⣀") {
		t.Errorf("the latency chart draws a line at zero:\n%s", m.lat.view)
	}
	for _, l := range strings.Split(v, "\n") {
		if f := strings.Fields(l); len(f) > 2 && f[0] == "p99" && f[1] != "—" {
			t.Errorf("p99 now reads %q, want —: %q", f[1], l)
		}
	}
	if !strings.Contains(v, "2 instances") {
		t.Errorf("the run state does not say it is merged:\n%s", v)
	}
}

// The keys that change what is shown act; commands are refused in the
// status line, and the help lists only what acts.
func TestViewKeys(t *testing.T) {
	m, c := viewing(t, savedSnapshot(t), 120, 40)
	for _, k := range []struct{ key, says string }{
		{"space", "a saved run: nothing to pause"}, {"r", "a saved run: nothing to reset"},
		{"+", "a saved run: workers is what it was measured with"},
		{"]", "a saved run: prefill is what it was measured with"},
		{"m", "a saved run: its mode is what it was measured with"},
		{"a", "a saved run: its implementations are what it measured"},
		{"e", "a saved run: it is in run.json already"},
	} {
		mm := answered(t, feed(t, m, keyMsg(k.key)), c)
		if !strings.Contains(mm.View(), k.says) {
			t.Errorf("%s: the status line does not say %q:\n%s", k.key, k.says, mm.View())
		}
		if mm.current != runKey(1) {
			t.Errorf("%s: shows %q", k.key, mm.current)
		}
	}
	m = answered(t, feed(t, m, keyMsg("tab")), c)
	if m.current != runKey(2) || !strings.Contains(m.View(), "size 1024") {
		t.Errorf("tab shows %q:\n%s", m.current, m.View())
	}
	m = answered(t, feed(t, m, keyMsg("1"), keyMsg("p"), keyMsg("<")), c)
	if m.current != runKey(1) || m.pct != 3 || m.window != len(windows)-2 {
		t.Errorf("1 p <: tab %q, percentile %d, span %d", m.current, m.pct, m.window)
	}
	help := m.help.View(m.keys)
	for _, not := range []string{"pause", "reset", "mode", "export"} {
		if strings.Contains(help, not) {
			t.Errorf("the help offers %q: %s", not, help)
		}
	}
}

// mcptop view runs as a program: a key switches the run, q quits, and the
// controller's channel is closed at the end (goleak checks).
func TestViewProgram(t *testing.T) {
	m, err := view(context.Background(), savedSnapshot(t), "run.json", testWorkloads(), Options{Theme: "dark"},
		tea.WithInput(strings.NewReader("2 q")), tea.WithOutput(io.Discard), tea.WithoutSignalHandler())
	if err != nil {
		t.Fatal(err)
	}
	if m.current != runKey(2) {
		t.Errorf("after 2 the replay shows %q", m.current)
	}
	if _, err := view(context.Background(), savedSnapshot(t), "run.json", nil, Options{Theme: "neon"}); err == nil {
		t.Error("an unknown theme is no error")
	}
}

// slower is s with every run's throughput × f and latencies ÷ f: the
// saved run a live one is drawn against.
func slower(s *snapshot.Snapshot, f float64) *snapshot.Snapshot {
	for i := range s.Runs {
		for v := range s.Runs[i].Variants {
			vr := &s.Runs[i].Variants[v]
			for k := range vr.Series {
				p := &vr.Series[k]
				p.ThroughputOpsPerS *= f
				p.LatencyP50Us, p.LatencyP95Us, p.LatencyP99Us = p.LatencyP50Us/f, p.LatencyP95Us/f, p.LatencyP99Us/f
			}
			vr.Summary.ThroughputMedianOpsPerS *= f
		}
	}
	return s
}

// against returns a live dashboard of size w×h drawn against saved, that
// has seen n seconds of the first workload.
func againstModel(t testing.TB, saved *snapshot.Snapshot, w, h, n int, keys ...string) Model {
	t.Helper()
	wls := testWorkloads()
	m := New(&fakeController{}, wls, Options{Theme: "dark", Against: saved, AgainstName: "old.json"})
	m.now = func() time.Time { return t0 }
	for k := 1; k < n; k++ {
		m.apply(cannedUpdate(wls[0], 1, k))
	}
	m = feed(t, m, tea.WindowSizeMsg{Width: w, Height: h}, updateMsg(cannedUpdate(wls[0], 1, n)))
	for _, k := range keys {
		m = feed(t, m, keyMsg(k))
	}
	return m
}

// TestGoldenAgainst draws a saved run's lines behind the live ones, with
// the live-vs-saved ratio in the table.
func TestGoldenAgainst(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, c := range []struct {
			name string
			keys []string
		}{{"against", nil}, {"against-all-percentiles", []string{"p"}}, {"against-whole-run", []string{">", ">"}}} {
			name := fmt.Sprintf("%s_%dx%d", c.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				m := againstModel(t, slower(savedSnapshot(t), 0.8), size[0], size[1], 75, c.keys...)
				got := m.View()
				checkFits(t, got, size[0], size[1])
				golden(t, name, got)
			})
		}
	}
}

// The ghost lines are the saved run's, lined up by second, and the table
// says the live run against it: 1/0.8 = 1.25× its throughput.
func TestAgainstDrawsTheSavedRun(t *testing.T) {
	saved := slower(savedSnapshot(t), 0.8)
	m := againstModel(t, saved, 120, 40, 75)
	h := m.hist["registry"]
	if h.ghost == nil {
		t.Fatal("no ghost for the registry run of the same parameters and implementations")
	}
	if len(m.tput.ghost) != 61 || m.tput.ghost[0].tick != 15 || m.tput.ghost[60].tick != 75 {
		t.Errorf("ghost points %d, from %d; want seconds 15..75 of the saved run", len(m.tput.ghost), m.tput.ghost[0].tick)
	}
	plain := againstModel(t, nil, 120, 40, 75)
	if m.tput.view == plain.tput.view || !strings.Contains(m.tput.view, "⣿ saved") {
		t.Error("the throughput chart looks the same with and without the saved run")
	}
	v := m.View()
	if !strings.Contains(v, "vs saved") || !strings.Contains(v, "1.25×") || !strings.Contains(v, "throughput ÷ the saved median") {
		t.Errorf("the table lacks the live-vs-saved ratio:\n%s", v)
	}
}

// A live run with no saved counterpart is said once in the status line,
// not drawn against another run's.
func TestAgainstNoMatchSaidOnce(t *testing.T) {
	saved := savedSnapshot(t)
	saved.Runs[0].Params["prefill"] = 1000
	m := againstModel(t, saved, 120, 40, 5)
	if m.hist["registry"].ghost != nil {
		t.Fatal("a run of other parameters was drawn as the ghost")
	}
	want := "no run of registry prefill=10000 owner/sharded in old.json"
	if !strings.Contains(m.View(), want) {
		t.Fatalf("status does not say %q:\n%s", want, m.View())
	}
	m.status = ""
	m = feed(t, m, updateMsg(cannedUpdate(testWorkloads()[0], 2, 1))) // the same kind of run again
	if m.status != "" {
		t.Errorf("said again: %q", m.status)
	}
	wls := testWorkloads()
	m = feed(t, m, updateMsg(cannedUpdate(wls[1], 3, 1)))
	if !strings.Contains(m.status, "no run of correlation depth=64 owner/ring in old.json") {
		t.Errorf("another workload's run is not said: %q", m.status)
	}
	m = feed(t, m, updateMsg(cannedUpdate(wls[2], 4, 1)))
	if m.hist["codec"].ghost == nil || strings.Contains(m.status, "codec") {
		t.Errorf("the codec run, which old.json has, is not drawn against it (status %q)", m.status)
	}
}

// The note that no saved run matches is not lost behind the engine's
// notice of the switch that started the run.
func TestAgainstNoteBesideNotice(t *testing.T) {
	m := againstModel(t, savedSnapshot(t), 120, 40, 5)
	m.status = ""
	u := cannedUpdate(testWorkloads()[3], 7, 1)
	u.Tick, u.Notice = false, "workload percentile"
	m = feed(t, m, updateMsg(u))
	if want := "workload percentile · no run of percentile window=1000 sort/histogram in old.json"; !strings.HasPrefix(m.status, want) {
		t.Errorf("status %q, want %q…", m.status, want)
	}
}

// Replays fit every terminal size, with every view key.
func TestViewEverySizeFits(t *testing.T) {
	m, _ := viewing(t, asMerged(t, savedSnapshot(t)), 80, 24)
	for _, w := range []int{1, 59, 60, 80, 120, 250} {
		for _, h := range []int{1, 19, 20, 24, 40, 80} {
			for _, k := range []string{"", "?", "h", "p", "2"} {
				mm := m
				if k != "" {
					mm = feed(t, mm, keyMsg(k))
				}
				mm = feed(t, mm, tea.WindowSizeMsg{Width: w, Height: h})
				checkFits(t, mm.View(), w, h)
			}
		}
	}
}

// BenchmarkReplayHour replays an hour-long saved run: what View does per
// run before the first frame, and --against the first time a live run
// matches (on the UI's goroutine).
func BenchmarkReplayHour(b *testing.B) {
	s := cannedSnapshot()
	s.Runs = []snapshot.Run{savedRunOf(testWorkloads()[0], 1, 3600)}
	b.ReportAllocs()
	for b.Loop() {
		replayRun(s, &s.Runs[0], 1)
	}
}
