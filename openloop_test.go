package main

import (
	"bytes"
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mcptop/mcptop/snapshot"
)

// runSnapshot runs mcptop headless with args and --out, and returns the
// snapshot and what it printed.
func runSnapshot(t *testing.T, args ...string) (*snapshot.Snapshot, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "run.json")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), append(args, "--headless", "--out", out), &stdout, &stderr); err != nil {
		t.Fatalf("run %q: %v\n%s%s", args, err, stdout.String(), stderr.String())
	}
	snap, err := snapshot.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return snap, stdout.String()
}

// TestRateAccuracy: at --rate 2000 against `mcptop serve`, every second
// after warm-up achieves the intended rate within 1 % (it is within
// 0.05 % on a quiet machine: the test holds it to 0.4 %, so that a bias of
// one send a turn, which once was +0.45 %, fails it), on both sides.
func TestRateAccuracy(t *testing.T) {
	if testing.Short() {
		t.Skip("a 6-second run")
	}
	addr, _ := startServe(t, "optimised")
	snap, out := runSnapshot(t, "--target", "tcp://"+addr, "--rate", "2000", "--duration", "6s", "--warmup", "1")
	r := snap.Runs[0]
	if r.LoadModel != "open" || r.RatePerS != 2000 || r.Arrivals != "constant" || r.MaxInflight != 1024 {
		t.Fatalf("load %q %d %q %d", r.LoadModel, r.RatePerS, r.Arrivals, r.MaxInflight)
	}
	for _, vr := range r.Variants {
		for _, p := range vr.Series {
			t.Logf("%s %ds: achieved %.1f/s", vr.Impl, p.T, p.AchievedRatePerS)
			if !p.Warmup && math.Abs(p.AchievedRatePerS/2000-1) > 0.004 {
				t.Errorf("%s, second %d: achieved %.1f/s, intended 2000/s", vr.Impl, p.T, p.AchievedRatePerS)
			}
		}
		if s := vr.Summary; s.MissedSends != 0 || s.SentOps == 0 {
			t.Errorf("%s: sent %d, missed %d", vr.Impl, s.SentOps, s.MissedSends)
		}
	}
	for _, want := range []string{"sent 2.00k/s", "open loop: 2.00k/s per variant, constant arrivals", "service p50"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestCapacityOfTheTwoStacks: a capacity search against `mcptop serve`,
// the baseline stack as A and the optimised as B, finds a higher capacity
// for the optimised one, and the snapshot holds every step as a run.
func TestCapacityOfTheTwoStacks(t *testing.T) {
	if testing.Short() {
		t.Skip("a capacity search of about 30 s")
	}
	a, _ := startServe(t, "baseline")
	b, _ := startServe(t, "optimised")
	snap, out := runSnapshot(t, "--target", "tcp://"+a, "--target-b", "tcp://"+b, "--find-capacity", "--slo", "p99<20ms", "--target-timeout", "250ms",
		"--rate", "8000", "--capacity-step", "1s", "--warmup", "1", "--capacity-steps", "16")
	c := snap.Capacity
	if c == nil || len(c.Steps) < 3 || len(c.Steps) != len(snap.Runs) || len(c.Results) != 2 {
		t.Fatalf("capacity %+v, %d runs\n%s", c, len(snap.Runs), out)
	}
	for i, st := range c.Steps {
		if snap.Runs[st.Run].RatePerS != st.RatePerS {
			t.Errorf("step %d at %d/s names run %d at %d/s", i, st.RatePerS, st.Run, snap.Runs[st.Run].RatePerS)
		}
	}
	ra, rb := c.Results[0], c.Results[1]
	t.Logf("A %s, B %s", ra.Verdict, rb.Verdict)
	if ra.FailedStep < 0 || rb.RatePerS <= ra.RatePerS {
		t.Errorf("A (baseline) %d/s, B (optimised) %d/s: want B's higher, A's bracketed\n%s", ra.RatePerS, rb.RatePerS, out)
	}
	if !strings.Contains(out, "capacity under p99<20.0ms") {
		t.Errorf("output lacks the capacity summary:\n%s", out)
	}
}
