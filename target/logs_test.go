//go:build unix

package target

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mcptop/mcptop/workload"
)

// runOps runs a few ops of the variant's server and returns the tally.
func runOps(t *testing.T, tg *Target, v workload.Variant) workload.Tally {
	t.Helper()
	in, err := tg.Workload().Impls[v].New(workload.Params{"depth": 4, "sessions": 1})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var rec workload.Tally
	calls := 0
	// Enough requests for a crash:52 server to crash (its 52nd message),
	// however the completions are batched; a healthy one answers them all.
	in.Worker(0).(workload.Pipeline).Run(func() bool { calls++; return rec.Errs > 0 || calls > 100 }, &rec)
	return rec
}

// A run without failure leaves no log behind; a failed one, or
// --keep-logs, keeps them, and LogsKept says where.
func TestTargetLogsRemovedUnlessFailed(t *testing.T) {
	for _, tc := range []struct {
		name     string
		mode     string
		keep     bool
		failed   bool
		wantLogs int
	}{
		{"healthy servers", "serve", false, false, 0},
		{"--keep-logs", "serve", true, false, 2},
		{"a server failed", "crash:52", false, true, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			tg, err := New(context.Background(), Config{A: helperCommand(tc.mode), LogDir: dir, KeepLogs: tc.keep, Timeout: 10 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			if len(tg.LogsKept()) != 2 {
				t.Fatalf("before Close: logs %v, want both", tg.LogsKept())
			}
			runOps(t, tg, workload.Baseline)
			if tg.Failed() != tc.failed {
				t.Errorf("Failed() = %v, want %v", tg.Failed(), tc.failed)
			}
			tg.Close()
			tg.Close() // idempotent
			entries, _ := os.ReadDir(dir)
			if len(entries) != tc.wantLogs || len(tg.LogsKept()) != tc.wantLogs {
				t.Fatalf("after Close: %d files in the log dir, LogsKept %v; want %d", len(entries), tg.LogsKept(), tc.wantLogs)
			}
			for _, l := range tg.LogsKept() {
				if filepath.Dir(l) != dir {
					t.Errorf("kept log %s is not in %s", l, dir)
				}
			}
		})
	}
}

// A server that cannot start leaves its log: it is what explains why.
func TestTargetLogKeptWhenStartFails(t *testing.T) {
	dir := t.TempDir()
	if _, err := New(context.Background(), Config{A: helperCommand("crash:1"), LogDir: dir, Timeout: 5 * time.Second}); err == nil {
		t.Fatal("a server that exits at once started")
	}
	if entries, _ := os.ReadDir(dir); len(entries) == 0 {
		t.Fatal("the log of a server that could not start was removed")
	}
}
