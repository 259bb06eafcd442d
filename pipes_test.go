package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/workload"
)

// quick is a short headless run of a cheap workload.
var quick = []string{"--headless", "--workload", "percentile", "--window", "1000", "--warmup", "0", "--slice", "50ms"}

func args(extra ...string) []string { return append(append([]string{}, quick...), extra...) }

// --out - writes the snapshot, and nothing else, to stdout; the progress
// goes to stderr.
func TestOutToStdout(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), args("--duration", "2s", "--out", "-"), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	if _, err := snapshot.Unmarshal(stdout.Bytes()); err != nil {
		t.Fatalf("stdout is not a snapshot (%v):\n%.300s", err, stdout.String())
	}
	for _, want := range []string{"summary of percentile", "snapshot written to stdout"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}

// The dashboard draws on stdout, and judges no bounds: both want a
// headless run, and say so in one line.
func TestHeadlessOnlyFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--out", "-"}, "--out -: the dashboard draws on stdout; add --headless, or redirect stdout"},
		{[]string{"--fail-if", "p99>5ms"}, "--fail-if: only a headless run is judged; add --headless"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			var stderr bytes.Buffer
			_, err := parseOptions(tc.args, tabs(builtins()), true, &stderr)
			var ue usageError
			if !errors.As(err, &ue) || err.Error() != tc.want {
				t.Fatalf("parseOptions(%q) = %v, want usage error %q", tc.args, err, tc.want)
			}
			if _, err := parseOptions(append(tc.args, "--headless"), tabs(builtins()), true, &stderr); err != nil {
				t.Fatalf("with --headless: %v", err)
			}
		})
	}
}

func TestHeadlessFailIf(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		code   int // 0: no error
		stderr string
	}{
		{"held", []string{"--fail-if", "p99>1h, errors>1M, throughput<1"}, 0, ""},
		{"breached by both variants", []string{"--fail-if", "throughput<1T, p50>1ns"}, 1, "--fail-if: 4 bound(s) breached → exit 1"},
		{"not judged: all warm-up", []string{"--fail-if", "p99>1h", "--warmup", "5"}, 2, "--fail-if: 2 bound(s) not judged → exit 2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), args(append([]string{"--duration", "2s"}, tc.args...)...), &stdout, &stderr)
			var ec exitCode
			switch {
			case tc.code == 0 && err != nil:
				t.Fatalf("run: %v\n%s", err, stderr.String())
			case tc.code != 0 && (!errors.As(err, &ec) || int(ec) != tc.code):
				t.Fatalf("run = %v, want exit %d\n%s", err, tc.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, stderr.String())
			}
			if tc.code == 1 && !strings.Contains(stderr.String(), "mcptop: --fail-if breached: percentile window=1000, optimised") {
				t.Errorf("the breach does not name the variant:\n%s", stderr.String())
			}
		})
	}
}

func TestFailIfBadSyntax(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args("--fail-if", "p99>5"), &stdout, &stderr)
	var ue usageError
	want := `--fail-if: "p99>5": p99 bound "5": want a duration such as 5ms or 250µs`
	if !errors.As(err, &ue) || err.Error() != want {
		t.Fatalf("run = %v, want usage error %q", err, want)
	}
	if stdout.Len()+stderr.Len() != 0 {
		t.Errorf("bad syntax printed more than main's one line: %q %q", stdout.String(), stderr.String())
	}
}

// failAfter is a stdout whose reader goes away after n writes.
type failAfter struct {
	mu sync.Mutex
	n  int
	b  bytes.Buffer
}

func (f *failAfter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == 0 {
		return 0, syscall.EPIPE
	}
	f.n--
	return f.b.Write(p)
}

// `mcptop --headless … --out p.json | head -1`: the closed stdout ends the
// run as SIGTERM would, and p.json is written.
func TestClosedStdoutEndsTheRunAndKeepsOut(t *testing.T) {
	out := filepath.Join(t.TempDir(), "p.json")
	stdout := &failAfter{n: 3} // the header and the first second's two lines
	var stderr bytes.Buffer
	if err := run(context.Background(), args("--duration", "60s", "--out", out), stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	snap, err := snapshot.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if d := snap.Runs[0].DurationS; d > 10 {
		t.Fatalf("the run went on for %vs after stdout closed", d)
	}
	if !strings.Contains(stderr.String(), "mcptop: stdout closed: the run ends here") {
		t.Errorf("stderr does not say why the run ended:\n%s", stderr.String())
	}
}

// A closed stdout under --out - loses nothing: the snapshot goes to a temp
// file, stderr says where, and the exit status (3) says it is not where it
// was asked to be.
func TestClosedStdoutKeepsTheSnapshot(t *testing.T) {
	var stderr bytes.Buffer
	if err := run(context.Background(), args("--duration", "1s", "--out", "-"), &failAfter{}, &stderr); !errors.Is(err, exitOutFallback) {
		t.Fatalf("run: %v, want exit status 3\n%s", err, stderr.String())
	}
	i := strings.Index(stderr.String(), "the run is kept in ")
	if i < 0 {
		t.Fatalf("stderr does not say where the run went:\n%s", stderr.String())
	}
	tmp := strings.TrimSpace(strings.SplitN(stderr.String()[i+len("the run is kept in "):], "\n", 2)[0])
	if _, err := snapshot.ReadFile(tmp); err != nil {
		t.Fatalf("kept snapshot: %v", err)
	}
	t.Cleanup(func() { os.Remove(tmp) })
}

// The headless lines print a workload's labels, name and errors as text
// safe for a terminal.
func TestHeadlessPrintsSafeText(t *testing.T) {
	evil := "\x1b]0;pwned\x07\x1b[2J\u009b"
	u := engine.Update{Tick: true, Workload: "w" + evil, Labels: [2]string{"a" + evil, "b" + evil},
		Params: workload.Params{"n" + evil: 1}, Timing: "every op" + evil}
	for v := range u.Samples {
		u.Samples[v] = engine.Sample{Tick: 1, Errors: 1, LastError: "boom" + evil}
		u.Summary[v] = engine.Summary{Ticks: 1}
	}
	var b bytes.Buffer
	printTick(&b, u)
	printSummary(&b, u)
	out := b.String()
	if !strings.Contains(out, "pwned") {
		t.Fatalf("the strings were not printed:\n%s", out)
	}
	if strings.ContainsAny(out, "\x1b\x07\u009b") {
		t.Fatalf("control characters reached the output: %q", out)
	}
}

// endOnEPIPE ends the run once, on EPIPE only, and drops what follows.
func TestEndOnEPIPE(t *testing.T) {
	ends := 0
	w := &endOnEPIPE{w: &failAfter{n: 1}, end: func() { ends++ }}
	for i := range 3 {
		if n, err := io.WriteString(w, "line\n"); n != 5 || err != nil {
			t.Fatalf("write %d: %d, %v", i, n, err)
		}
	}
	if ends != 1 {
		t.Fatalf("end called %d times, want once", ends)
	}
	other := &endOnEPIPE{w: errWriter{errors.New("disk full")}, end: func() { ends++ }}
	if _, err := io.WriteString(other, "x"); err == nil || ends != 1 {
		t.Fatalf("another error: %v, ends %d; want it returned and the run going on", err, ends)
	}
}

type errWriter struct{ err error }

func (e errWriter) Write([]byte) (int, error) { return 0, e.err }

// withSignals' context ends when its stop is called, and stop may be
// called twice.
func TestWithSignalsStop(t *testing.T) {
	ctx, stop := withSignals(context.Background(), io.Discard)
	stop()
	stop()
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("stop did not end the context")
	}
}

// TestNoSummaryAdvice: a run that was all warm-up says how much longer to
// run — past --warmup, or by rounds of lengthened slices when a pipeline
// needed them (a --duration longer than --warmup was not enough there).
func TestNoSummaryAdvice(t *testing.T) {
	for _, tc := range []struct {
		name string
		u    engine.Update
		want string
	}{
		{"plain", engine.Update{Workload: "codec", Mode: engine.Alternate, Slice: 100 * time.Millisecond},
			"no summary of codec: every second measured was warm-up; run with a --duration longer than --warmup"},
		{"lengthened", engine.Update{Workload: "e2e", Mode: engine.Alternate, Slice: 10 * time.Second,
			SliceNote: "slice lengthened to 10s: filling and draining took 6% of a 5s turn"},
			"slice lengthened to 10s: filling and draining took 6% of a 5s turn, so one second of the summary is 20s of turns"},
		{"lengthened, parallel", engine.Update{Workload: "e2e", Mode: engine.Parallel, Slice: 800 * time.Millisecond,
			SliceNote: "slice lengthened to 800ms"}, "is 1.6s of turns"},
	} {
		var b bytes.Buffer
		printSummary(&b, tc.u)
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("%s: %q does not say %q", tc.name, b.String(), tc.want)
		}
	}
}
