package tui

import (
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"go.uber.org/goleak"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/workload"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fakeController records the commands the dashboard sends.
type fakeController struct {
	mu    sync.Mutex
	calls []string
	snap  *snapshot.Snapshot
}

// record notes a command and returns its sequence number, counting from 1.
func (f *fakeController) record(s string) uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, s)
	return uint64(len(f.calls))
}

func (f *fakeController) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fakeController) Pause() uint64  { return f.record("pause") }
func (f *fakeController) Resume() uint64 { return f.record("resume") }
func (f *fakeController) Reset() uint64  { return f.record("reset") }
func (f *fakeController) Switch(name string) uint64 {
	return f.record("switch " + name)
}
func (f *fakeController) StepParam(name string, dir int) uint64 {
	return f.record("step " + name + " " + itoa(dir))
}
func (f *fakeController) ToggleMode() uint64 { return f.record("toggle mode") }
func (f *fakeController) StepImpl(side workload.Variant, dir int) uint64 {
	return f.record("step impl " + side.Letter() + " " + itoa(dir))
}
func (f *fakeController) Snapshot() *snapshot.Snapshot {
	f.record("snapshot")
	if f.snap != nil {
		return f.snap
	}
	return cannedSnapshot()
}

func itoa(v int) string { return strconv.Itoa(v) }

var errFake = errors.New("fake failure")

// testImpls are implementations named and labelled by pairs of strings, the
// first two the default pair; New is never called.
func testImpls(w workload.Workload, nameLabels ...string) workload.Workload {
	for i := 0; i+1 < len(nameLabels); i += 2 {
		w.Impls = append(w.Impls, workload.Impl{Name: nameLabels[i], Label: nameLabels[i+1]})
	}
	w.Pair = [2]string{w.Impls[0].Name, w.Impls[1].Name}
	return w
}

// testWorkloads mirrors the real session's tabs; New is never called.
func testWorkloads() []workload.Workload {
	return []workload.Workload{
		testImpls(workload.Workload{Name: "registry", Description: "register, look up and unregister a unique name",
			Params: []workload.Param{{Name: "prefill", Unit: "keys", Default: 10000, Min: 0, Max: 1000000,
				Steps: []int{0, 1000, 10000, 100000, 1000000}}}},
			"owner", "owner goroutine (gen_server)", "sharded", "64 mutex-sharded maps", "mutex", "sync.Mutex + map"),
		testImpls(workload.Workload{Name: "correlation", Description: "match responses to pending requests",
			Params: []workload.Param{{Name: "depth", Unit: "reqs", Default: 64, Min: 1, Max: 4096}}},
			"owner", "owner goroutine + map", "ring", "slot ring"),
		testImpls(workload.Workload{Name: "codec", Description: "encode and decode JSON-RPC messages",
			Params: []workload.Param{{Name: "size", Unit: "B", Default: 1024, Min: 64, Max: 65536}}},
			"json-map", "encoding/json into map[string]any", "easyjson", "easyjson"),
		testImpls(workload.Workload{Name: "percentile", Description: "p50/p95/p99 of a latency window",
			Params: []workload.Param{{Name: "window", Unit: "samples", Default: 1000, Min: 100, Max: 100000}}},
			"sort", "copy, sort, index", "histogram", "log-linear histogram"),
	}
}

// t0 is the canned run's start; nothing rendered depends on it.
var t0 = time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)

// cannedDist builds a deterministic latency distribution around median.
func cannedDist(median time.Duration, n int) []percentile.Bucket {
	h := percentile.New()
	for i := range n {
		// A log-normal-ish shape from a fixed sequence.
		x := float64(i)/float64(n)*2 - 1
		f := math.Exp(1.2*x*math.Abs(x)) * (1 + 0.3*math.Sin(float64(i)))
		h.Record(int64(float64(median) * f))
	}
	return h.Buckets()
}

// cannedUpdate is tick k (1-based) of a run of workload wl: deterministic
// throughput that wanders a little, the optimised variant about 3× faster.
func cannedUpdate(wl workload.Workload, runID, k int) engine.Update {
	wob := func(a float64) float64 { return 1 + 0.08*math.Sin(float64(k)*a) }
	base := 1.2e6 * wob(0.7)
	opt := 3.6e6 * wob(1.3)
	lat := func(ops float64, q float64) time.Duration {
		return time.Duration(2 * 1e9 / ops * q) // 2 workers
	}
	s := func(ops float64) engine.Sample {
		return engine.Sample{
			Tick: k, Time: t0.Add(time.Duration(k) * time.Second), Warmup: k <= 2, Ran: true,
			Ops: int64(ops * 0.5), Active: 500 * time.Millisecond, OpsPerSec: ops,
			P50: lat(ops, 0.9), P95: lat(ops, 2.1), P99: lat(ops, 4.5), Max: lat(ops, 30), Mean: lat(ops, 1.1),
			AllocPerOp: 48 * 1.2e6 / ops, AllocsPerOp: 1.2e6 / ops, CPUPerOp: lat(ops, 1.3), CPUPercent: 190,
		}
	}
	u := engine.Update{
		Tick: true, RunID: runID, Workload: wl.Name, Impls: wl.Pair,
		Labels: [2]string{wl.Impls[0].Label, wl.Impls[1].Label},
		Params: wl.Defaults(), Mode: engine.Alternate, Slice: 100 * time.Millisecond,
		Timing: "1 in 32 ops (random sample)", TimedEvery: 32, ObserverShare: 0.019, State: engine.Running, Warmup: k <= 2,
		Elapsed: time.Duration(k) * time.Second, ObserverCost: 21 * time.Nanosecond,
		Samples: [2]engine.Sample{s(base), s(opt)},
	}
	u.Params["workers"] = 2
	if k > 2 {
		for v, ops := range []float64{1.2e6, 3.6e6} {
			u.Summary[v] = engine.Summary{
				Ticks: k - 2, Ops: int64(ops) * int64(k-2) / 2, OpsPerSec: ops, OpsLo: ops * 0.97, OpsHi: ops * 1.03,
				P50: lat(ops, 0.9), P95: lat(ops, 2.1), P99: lat(ops, 4.5), P999: lat(ops, 9), Max: lat(ops, 40),
				Mean: lat(ops, 1.1), AllocPerOp: 48 * 1.2e6 / ops, AllocsPerOp: 1.2e6 / ops, CPUPerOp: lat(ops, 1.3),
				CPUPercent: 190, ActiveTicks: k - 2,
			}
			u.Dist[v] = cannedDist(lat(ops, 1), 2000)
		}
		u.Compare = engine.Comparison{Ratio: 3.0, Lo: 2.91, Hi: 3.08, Pairs: k - 2, Enough: k-2 >= 6}
	}
	return u
}

// cannedSnapshot is a valid one-run snapshot.
func cannedSnapshot() *snapshot.Snapshot {
	pt := []snapshot.Point{{T: 1, Ran: true, Ops: 10, ActiveS: 0.5, ThroughputOpsPerS: 20}}
	at := t0.Format(time.RFC3339)
	return &snapshot.Snapshot{
		Schema: snapshot.Schema, CreatedAt: at,
		Tool: snapshot.Tool{Name: "mcptop", Version: "test"},
		Env:  snapshot.Env{GoVersion: "go1.26", OS: "linux", Arch: "amd64", GOMAXPROCS: 2, NumCPU: 2},
		Runs: []snapshot.Run{{
			Workload: "registry", Params: map[string]int{"prefill": 10000}, Workers: 2, Mode: "alternate",
			SliceMs: 100, Timing: "every op", Tails: snapshot.TailsPerOp, TimedEvery: 1,
			Settings: map[string]string{}, StartedAt: at, DurationS: 1,
			Variants: []snapshot.VariantRun{
				{Variant: "baseline", Impl: "owner", Series: pt}, {Variant: "optimised", Impl: "sharded", Series: pt}},
		}},
	}
}

// feed sends msgs through Update in order and returns the resulting model.
func feed(t testing.TB, m Model, msgs ...tea.Msg) Model {
	t.Helper()
	for _, msg := range msgs {
		tm, _ := m.Update(msg)
		m = tm.(Model)
	}
	return m
}

// running returns a model of size w×h that has seen n seconds of the first
// workload.
func running(t testing.TB, ctrl Controller, w, h, n int) Model {
	t.Helper()
	wls := testWorkloads()
	m := New(ctrl, wls, Options{Theme: "dark"})
	m.now = func() time.Time { return t0 }
	m.statusTTL = time.Millisecond // status timers end before goleak looks
	// All seconds but the newest go straight into the history (each through
	// Update would redraw the charts n times); the newest goes through Update.
	for k := 1; k < n; k++ {
		m.apply(cannedUpdate(wls[0], 1, k))
	}
	msgs := []tea.Msg{tea.WindowSizeMsg{Width: w, Height: h}}
	if n > 0 {
		msgs = append(msgs, updateMsg(cannedUpdate(wls[0], 1, n)))
	}
	return feed(t, m, msgs...)
}

func keyMsg(s string) tea.KeyMsg {
	switch s {
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// golden compares got with testdata/name.golden, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	lipgloss.SetHasDarkBackground(true)
	os.Unsetenv("NO_COLOR")
	goleak.VerifyTestMain(m)
}
