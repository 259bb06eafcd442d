package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown workload", []string{"--workload", "nope"}, `--workload: unknown workload "nope" (have registry`},
		{"unknown mode", []string{"--mode", "sideways"}, "--mode: mode must be alternate or parallel"},
		{"zero workers", []string{"--workers", "0"}, "--workers: must be between 1 and 256, got 0"},
		{"too many workers", []string{"--workers", "1000"}, "--workers: must be between 1 and 256"},
		{"workers not a number", []string{"--workers", "x"}, `invalid value "x" for flag -workers`},
		{"undefined flag", []string{"--nope"}, "flag provided but not defined: -nope (mcptop --help lists the flags)"},
		{"negative duration", []string{"--duration", "-1s"}, "--duration: must be positive"},
		{"zero duration headless", []string{"--headless", "--duration", "0s"}, "--duration: must be positive"},
		{"bad slice", []string{"--slice", "0s"}, "--slice: must be between 1ms and 10s"},
		{"bad warmup", []string{"--warmup", "-3"}, "--warmup: must be between 0 and 3600"},
		{"param out of range", []string{"--prefill", "-1"}, "--prefill: registry workload: prefill must be between 0 and 1000000"},
		{"param out of the first workload's range", []string{"--workload", "e2e", "--depth", "5000"}, "--depth: e2e workload: depth must be between 1 and 1024"},
		{"param out of every range", []string{"--depth", "20000"}, "--depth: correlation workload: depth must be between 1 and 10000"},
		{"target without a server", []string{"--workload", "target"}, "--workload: target needs --target"},
		{"target flag without target", []string{"--target-b", "tcp://127.0.0.1:1"}, "--target-b needs --target"},
		{"unknown target scheme", []string{"--target", "ws://127.0.0.1:1/mcp"}, `--target: unknown scheme "ws://" in ws://127.0.0.1:1/mcp; a server is a command line`},
		{"target depth out of range", []string{"--target", "tcp://127.0.0.1:1", "--depth", "5000"}, "--depth: target workload: depth must be between 1 and 1024"},
		{"unwritable out", []string{"--out", filepath.Join(dir, "missing", "r.json")}, "--out: cannot write in"},
		{"out is a directory", []string{"--out", dir}, "is a directory"},
		{"stray argument", []string{"registry"}, `unexpected argument "registry"`},
		{"unknown theme, headless too", []string{"--headless", "--theme", "pink"}, "--theme: unknown theme"},
		{"bad metrics addr", []string{"--metrics-addr", "nonsense"}, "--metrics-addr:"},
		{"max errors not a share", []string{"--max-errors", "lots"}, `--max-errors: want a percentage such as "5%"`},
		{"max errors ambiguous", []string{"--max-errors", "1"}, `--max-errors: ambiguous: write "1%"`},
		{"max errors above every op", []string{"--max-errors", "150%"}, "--max-errors: 150% is more than every op"},
		{"unknown implementation", []string{"--workload", "codec", "--b", "gob"},
			`--b: workload codec has no implementation "gob" (have json-map, json-typed, easyjson, json-v2)`},
		{"implementation of another workload", []string{"--a", "easyjson"}, `--a: workload registry has no implementation "easyjson"`},
		{"matrix with --a", []string{"matrix", "--a", "mutex"}, "--a, --b: a matrix runs every implementation"},
		{"matrix with an unknown reference", []string{"matrix", "--ref", "nope"}, `--ref: workload registry has no implementation "nope"`},
		{"list with an argument", []string{"list", "registry"}, "list takes no arguments"},
		{"rate 0", []string{"--workload", "e2e", "--rate", "0"}, "--rate: 0 requests/s sends nothing; for a closed loop leave --rate out"},
		{"rate 0 with a target", []string{"--target", "tcp://127.0.0.1:1", "--rate", "0"}, "--rate: 0 requests/s sends nothing"},
		{"negative rate", []string{"--workload", "e2e", "--rate", "-5"}, "--rate: e2e workload: rate must be between 0 and 10000000, got -5"},
		{"arrivals in a closed loop", []string{"--workload", "e2e", "--arrivals", "poisson"}, "--arrivals: needs an open loop: --rate R"},
		{"max-inflight in a closed loop", []string{"--workload", "e2e", "--max-inflight", "8"}, "--max-inflight: needs an open loop"},
		{"unknown arrivals", []string{"--workload", "e2e", "--rate", "10", "--arrivals", "uniform"}, `--arrivals: want constant or poisson, got "uniform"`},
		{"capacity from rate 0", []string{"--workload", "e2e", "--find-capacity", "--slo", "p99<50ms", "--rate", "0"},
			"--rate: a capacity search starts from a rate of at least 1"},
		{"capacity without an SLO", []string{"--workload", "e2e", "--find-capacity"}, "--find-capacity: needs --slo"},
		{"SLO without a search", []string{"--workload", "e2e", "--slo", "p99<50ms"}, "--slo needs --find-capacity"},
		{"SLO syntax", []string{"--workload", "e2e", "--find-capacity", "--slo", "p99=50ms"}, `--slo: "p99=50ms": want NAME<VALUE`},
		{"SLO unknown term", []string{"--workload", "e2e", "--find-capacity", "--slo", "p98<5ms"}, `--slo: "p98<5ms": unknown term "p98"`},
		{"SLO bad duration", []string{"--workload", "e2e", "--find-capacity", "--slo", "p99<soon"}, "--slo: \"p99<soon\": \"soon\" is not a positive duration"},
		{"SLO bad errors", []string{"--workload", "e2e", "--find-capacity", "--slo", "p99<5ms errors<lots"}, "--slo: \"errors<lots\""},
		{"capacity of a workload without open loops", []string{"--find-capacity", "--slo", "p99<5ms"}, "--find-capacity: workload registry has no open loop"},
		{"capacity with a duration", []string{"--workload", "e2e", "--find-capacity", "--slo", "p99<5ms", "--duration", "5s"}, "--duration: a capacity search ends"},
		{"unknown method in a mix", []string{"--target", "tcp://127.0.0.1:1", "--call", "tools/list:1,frobnicate:2"}, `--call: "frobnicate": unknown method in a mix`},
		{"malformed weight", []string{"--target", "tcp://127.0.0.1:1", "--call", "tools/list:x,ping"}, `--call: tools/list:x: weight "x"`},
		{"zero weight", []string{"--target", "tcp://127.0.0.1:1", "--call", "tools/call:echo:0,ping"}, "--call: tools/call:echo:0: weight 0"},
		{"args-for another entry", []string{"--target", "tcp://127.0.0.1:1", "--call", "ping,tools/list", "--args-for", "nope={}"}, "--args-for: nope: not an entry of the call"},
		{"args with a mix", []string{"--target", "tcp://127.0.0.1:1", "--call", "ping,tools/list", "--args", "{}"}, "--args: is for a single call"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tc.args, &stdout, &stderr)
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("run(%q) = %v, want a usage error containing %q", tc.args, err, tc.want)
			}
			if stderr.Len() != 0 {
				t.Errorf("bad input printed more than main's one line:\n%s", stderr.String())
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Fatalf("bad input left files behind: %v", entries)
			}
		})
	}
}

func TestHelpListsEveryFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"-headless", "-workload", "-duration", "-out", "-workers", "-mode", "-slice",
		"-warmup", "-theme", "-metrics-addr", "-prefill", "-window", "-depth", "-target", "-max-errors",
		"exit status:", "  1  a variant failed more ops than --max-errors allows", "  3  --out could not be written"} {
		if !strings.Contains(stdout.String(), f) {
			t.Errorf("--help does not mention %s on stdout", f)
		}
	}
}

// TestHeadlessRun is the README's acceptance path in miniature: a short
// headless run writes a snapshot with real samples and a comparison.
func TestHeadlessRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run.json")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"--headless", "--workload", "percentile", "--window", "1000",
		"--duration", "4s", "--warmup", "1", "--slice", "50ms", "--out", out}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	snap, err := snapshot.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	r := snap.Runs[0]
	if r.Workload != "percentile" || r.Params["window"] != 1000 {
		t.Fatalf("run %s %v", r.Workload, r.Params)
	}
	for _, v := range r.Variants {
		if len(v.Series) < 4 {
			t.Fatalf("%s: %d samples, want 4", v.Variant, len(v.Series))
		}
		for _, p := range v.Series {
			if p.ThroughputOpsPerS <= 0 || p.LatencyP50Us > p.LatencyP95Us || p.LatencyP95Us > p.LatencyP99Us || p.LatencyP99Us > p.LatencyMaxUs {
				t.Fatalf("%s: bad sample %+v", v.Variant, p)
			}
		}
	}
	if r.Comparison.Ratio <= 0 || r.Comparison.CIHigh < r.Comparison.CILow {
		t.Fatalf("comparison %+v", r.Comparison)
	}
	if a, b := r.Variants[0].Impl, r.Variants[1].Impl; a != "sort" || b != "histogram" {
		t.Errorf("implementations %q, %q; want the default pair sort, histogram", a, b)
	}
	for _, want := range []string{"percentile", "A sort", "B histogram", "histogram/sort throughput", "summary of percentile",
		"snapshot written to " + out} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
}

// TestUnwritableOutKeepsTheRun: when --out cannot be written at the end,
// the snapshot goes to a temp file, the user is told where, and the exit
// status is 3.
func TestUnwritableOutKeepsTheRun(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "sub", "run.json")
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	done := make(chan error)
	go func() {
		done <- run(ctx, []string{"--headless", "--workload", "percentile", "--window", "1000", "--duration", "2s",
			"--warmup", "0", "--out", out}, &stdout, &stderr)
	}()
	// --out was checked at start; now take the directory away.
	for !strings.Contains(stdout.String(), "   1s ") {
		select {
		case err := <-done:
			t.Fatalf("run ended early: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
	}
	os.RemoveAll(filepath.Join(dir, "sub"))
	if err := <-done; !errors.Is(err, exitOutFallback) {
		t.Fatalf("run: %v, want exit status 3 (--out not written where asked)", err)
	}
	if !strings.Contains(stderr.String(), "the run is kept in") {
		t.Fatalf("stderr does not say where the run went:\n%s", stderr.String())
	}
	line := stderr.String()[strings.Index(stderr.String(), "kept in ")+len("kept in "):]
	tmp := strings.TrimSpace(strings.SplitN(line, "\n", 2)[0])
	defer os.Remove(tmp)
	if _, err := snapshot.ReadFile(tmp); err != nil {
		t.Fatalf("fallback snapshot: %v", err)
	}
}

// lockedBuffer is a bytes.Buffer safe to read while run writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestSharedParamFlag: --depth belongs to correlation, e2e and target; with
// no --target it must not reach the absent target workload.
func TestSharedParamFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"--headless", "--workload", "correlation", "--depth", "100",
		"--duration", "1s", "--warmup", "0"}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "depth=100") {
		t.Fatalf("depth not applied:\n%s", stdout.String())
	}
}

// TestHeadlessEngineError: a workload that cannot start ends a headless
// run with the engine's error, wrapped rather than re-worded, and returned
// once for main to print (nothing printed twice).
func TestHeadlessEngineError(t *testing.T) {
	errSetup := errors.New("no such device")
	w := workload.Workload{Name: "broken"}.WithSides([2]string{"a", "b"}, [2]string{"a", "b"},
		func(workload.Variant, workload.Params) (workload.Instance, error) { return nil, errSetup })
	r, err := engine.New(engine.Config{Workloads: []workload.Workload{w}, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	o := &options{headless: true, workload: "broken", duration: time.Minute}
	err = runHeadless(context.Background(), r, o, &stdout, &stderr)
	if !errors.Is(err, errSetup) {
		t.Fatalf("runHeadless = %v, want an error wrapping %v", err, errSetup)
	}
	if strings.Contains(stdout.String()+stderr.String(), errSetup.Error()) {
		t.Errorf("the error was printed as well as returned:\n%s%s", stdout.String(), stderr.String())
	}
}

// TestList: mcptop list names every workload, parameter and implementation,
// one line each, and an approximate implementation's measured error.
func TestList(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"list"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	out := stdout.String()
	for _, w := range builtins() {
		for _, im := range w.Impls {
			if !strings.Contains(out, "  "+im.Name+" ") {
				t.Errorf("%s's implementation %s not listed", w.Name, im.Name)
			}
		}
		for _, p := range w.Params {
			if !strings.Contains(out, "--"+p.Name) {
				t.Errorf("%s's parameter %s not listed", w.Name, p.Name)
			}
		}
	}
	for _, want := range []string{"owner goroutine (gen_server) [default A]", "64 mutex-sharded maps [default B]",
		"measured ", "target"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
}

// TestListIntoAClosedPipe: `mcptop list | head -1` ends quietly, as
// report does; another write error is still one.
func TestListIntoAClosedPipe(t *testing.T) {
	for _, tc := range []struct {
		err  error
		fail bool
	}{{syscall.EPIPE, false}, {&os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.EPIPE}, false}, {syscall.ENOSPC, true}} {
		err := runList(nil, failingWriter{tc.err})
		if (err != nil) != tc.fail {
			t.Errorf("writes failing with %v: runList = %v", tc.err, err)
		}
	}
}

// failingWriter fails every write with err.
type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

// TestMatrix runs every percentile implementation against a chosen
// reference, briefly, and checks the table and the snapshot.
func TestMatrix(t *testing.T) {
	out := filepath.Join(t.TempDir(), "matrix.json")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"matrix", "--workload", "percentile", "--window", "1000", "--ref", "select",
		"--duration", "2s", "--warmup", "0", "--slice", "20ms", "--workers", "1", "--out", out}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("matrix: %v\n%s", err, stderr.String())
	}
	snap, err := snapshot.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	w := builtins()[3]
	if len(snap.Runs) != len(w.Impls)-1 {
		t.Fatalf("%d runs in the snapshot, want one per implementation but the reference (%d)", len(snap.Runs), len(w.Impls)-1)
	}
	for i, r := range snap.Runs {
		if a := r.Variants[0].Impl; a != "select" {
			t.Errorf("run %d: side A ran %s, want the reference", i, a)
		}
	}
	text := stdout.String()
	for _, want := range []string{"vs select [95% CI]", "reference", "max error", "exact", "hdr", "ddsketch", "clone-sort"} {
		if !strings.Contains(text, want) {
			t.Errorf("matrix output lacks %q:\n%s", want, text)
		}
	}
}

// A matrix row of a side that completed no op shows its latencies as not
// measured ("—"), as the headless summary does, never as 0.
func TestMatrixLineWithoutOps(t *testing.T) {
	p := &matrixPlan{w: builtins()[0]}
	none := strings.Split(matrixLine(p, "owner", engine.Summary{Errors: 7}, nil, false), "\t")
	some := strings.Split(matrixLine(p, "owner", engine.Summary{Ops: 5, P50: 1500, P99: 4000}, nil, false), "\t")
	if none[3] != units.Dash || none[4] != units.Dash {
		t.Errorf("no ops: p50 %q, p99 %q; want %q", none[3], none[4], units.Dash)
	}
	if some[3] != "1.50µs" || some[4] != "4.00µs" {
		t.Errorf("5 ops: p50 %q, p99 %q", some[3], some[4])
	}
}
