//go:build unix

package target

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mcptop/mcptop/workload"
)

// newHelperTarget starts a target whose A is a helper child in mode.
func newHelperTarget(t *testing.T, mode string, cfg Config) *Target {
	t.Helper()
	cfg.A = helperCommand(mode)
	cfg.LogDir = t.TempDir()
	tg, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tg.Close() })
	return tg
}

func TestTargetChildCrashShowsStatusAndRestarts(t *testing.T) {
	// initialize and notifications/initialized are the first two messages.
	tg := newHelperTarget(t, "crash:52", Config{Timeout: 10 * time.Second})
	if l := tg.Labels(); l[0] != "helper crash:52 (A)" {
		t.Fatalf("label %q", l[0])
	}
	w := tg.Workload()
	p := workload.Params{"depth": 4, "sessions": 1}
	in, err := w.Impls[0].New(p)
	if err != nil {
		t.Fatal(err)
	}
	crashed := tg.sides[0].sessions[0].child
	rec := workload.Tally{Keep: true}
	in.Worker(0).(workload.Pipeline).Run(func() bool { return false }, &rec)
	ops, errs, last := rec.Ops, rec.Errs, rec.Last
	var se *ServerError
	if !errors.As(last, &se) {
		t.Fatalf("last error %v is not a ServerError", last)
	}
	if se.Status != "exited (exit status 3)" || !strings.Contains(se.Stderr, "crashing on purpose after 52 messages") || se.Log != tg.Logs()[0] {
		t.Fatalf("server error %+v", se)
	}
	if ops-errs > 50 || int64(len(rec.Latencies)) != ops-errs || errs == 0 {
		t.Fatalf("ops %d errs %d recorded %d", ops, errs, len(rec.Latencies))
	}
	if msg := last.Error(); !strings.Contains(msg, "A exited (exit status 3)") || !strings.Contains(msg, tg.Logs()[0]) {
		t.Fatalf("message %q lacks the status or the log", msg)
	}
	if !crashed.WaitExit(5 * time.Second) {
		t.Fatal("the crashed child is still there")
	}
	in.Close()

	// The next instance (a reset) restarts the server.
	in, err = w.Impls[0].New(p)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if tg.sides[0].sessions[0].child == crashed {
		t.Fatal("the dead server was not restarted")
	}
	calls := 0
	var after workload.Tally
	in.Worker(0).(workload.Pipeline).Run(func() bool { calls++; return calls > 5 }, &after)
	if after.Ops == 0 || after.Errs != 0 {
		t.Fatalf("after the restart: ops %d errs %d last %v", after.Ops, after.Errs, after.Last)
	}
}

func TestTargetChildStallTimesOutAndRestarts(t *testing.T) {
	tg := newHelperTarget(t, "mute:10", Config{Timeout: 50 * time.Millisecond})
	w := tg.Workload()
	in, err := w.Impls[1].New(workload.Params{"depth": 4, "sessions": 1})
	if err != nil {
		t.Fatal(err)
	}
	silent := tg.sides[1].sessions[0].child
	var rec workload.Tally
	calls := 0
	in.Worker(0).(workload.Pipeline).Run(func() bool { calls++; return calls > 20 }, &rec)
	if rec.Timeouts == 0 || !strings.Contains(rec.Last.Error(), "server A': no response within 50ms") {
		t.Fatalf("ops %d errs %d timeouts %d last %v: want timeouts", rec.Ops, rec.Errs, rec.Timeouts, rec.Last)
	}
	in.Close()
	select {
	case <-silent.Exited():
		t.Fatal("the silent child died on its own")
	default:
	}
	in, err = w.Impls[1].New(workload.Params{"depth": 4, "sessions": 1})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if tg.sides[1].sessions[0].child == silent || !silent.WaitExit(5*time.Second) {
		t.Fatal("the silent server was not replaced")
	}
}

func TestTargetStartFailures(t *testing.T) {
	cases := []struct {
		name, a, want string
	}{
		{"no such command", "/nonexistent/mcp-server", "start /nonexistent/mcp-server"},
		{"exits at once", helperCommand("crash:1"), "exited (exit status 3)"},
		{"not a server", "sh -c 'echo hello; echo oops >&2; exit 4'", "exit status 4"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(context.Background(), Config{A: tc.a, LogDir: t.TempDir(), Timeout: 5 * time.Second})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
