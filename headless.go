package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// runHeadless runs without a terminal: a line per second per variant, a
// summary at the end, and the snapshot written on the end, on a signal or
// when stdout is closed (EPIPE), then judged by --fail-if. The lines go to
// stdout, or to stderr when the snapshot goes to stdout (--out -).
func runHeadless(ctx context.Context, r *engine.Runner, o *options, stdout, stderr io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var progress io.Writer = &endOnEPIPE{w: stdout, end: func() {
		fmt.Fprintln(stderr, "mcptop: stdout closed: the run ends here")
		cancel()
	}}
	if toStdout(o.out, stdout) {
		progress = &endOnEPIPE{w: stderr, end: cancel}
	}
	// The duration counts measured seconds, so set-up (instances, prefill,
	// calibration) does not eat into it; 0 runs until a signal.
	ticks := int(math.Ceil(o.duration.Seconds()))
	seen := 0
	fmt.Fprintf(progress, "mcptop %s: workload %s, %s mode, %d-second warm-up; observer cost ≈ %s per timed op or batch\n",
		version(), o.workload, o.mode, o.warmup, units.Duration(r.ObserverCost()))
	updates := r.Start(ctx)
	var last engine.Update
	// A workload that cannot start ends the run: the engine would wait,
	// paused, for a command no one can give. Its error is returned once
	// the snapshot is written, and main prints it.
	var engineErr error
	for u := range updates {
		if u.Err != nil && engineErr == nil {
			engineErr = u.Err
			cancel()
		}
		if !u.Tick {
			continue
		}
		last = u
		printTick(progress, u)
		if seen++; ticks > 0 && seen >= ticks {
			cancel()
		}
	}
	r.Stop()
	if last.Tick {
		printSummary(progress, last)
	}
	snap := r.Snapshot()
	if o.out != "" {
		if err := writeSnapshot(snap, o.out, stdout, progress, stderr); err != nil {
			return errors.Join(engineErr, err)
		}
	}
	if engineErr != nil {
		return engineErr
	}
	return judge(o.failIf, snap, stderr)
}

func printTick(w io.Writer, u engine.Update) {
	for v, s := range u.Samples {
		mark := ""
		if s.Warmup {
			mark = "  (warm-up)"
		}
		extra := ""
		if s.BytesPerS > 0 {
			extra = "  " + units.BytesRate(s.BytesPerS)
		}
		if s.Errors > 0 {
			extra += fmt.Sprintf("  errors %d (%s)", s.Errors, units.SafeLine(s.LastError))
		}
		fmt.Fprintf(w, "%4ds %-11s %-9s %10s ops/s  p50 %7s  p95 %7s  p99 %7s  max %7s  %11s%s%s\n",
			s.Tick, units.SafeLine(u.Workload), workload.Variants[v], units.SI(s.OpsPerSec),
			units.Duration(s.P50), units.Duration(s.P95), units.Duration(s.P99), units.Duration(s.Max),
			units.BytesPerOp(s.AllocPerOp), extra, mark)
	}
}

func printSummary(w io.Writer, u engine.Update) {
	if u.Summary[0].Ticks == 0 {
		fmt.Fprintf(w, "\nno summary of %s: every second measured was warm-up; run with a --duration longer than --warmup\n", units.SafeLine(u.Workload))
		return
	}
	labels := [2]string{units.SafeLine(u.Labels[0]), units.SafeLine(u.Labels[1])}
	fmt.Fprintf(w, "\nsummary of %s (%s; %s, ops timed %s), after warm-up:\n",
		units.SafeLine(u.Workload), units.SafeLine(u.Params.String()), u.Mode, units.SafeLine(u.Timing))
	width := max(len(labels[0]), len(labels[1]))
	for v, s := range u.Summary {
		bytes := ""
		if s.BytesPerS > 0 {
			bytes = "  " + units.BytesRate(s.BytesPerS)
		}
		fmt.Fprintf(w, "  %-9s %-*s %10s ops/s [%s–%s]%s  p50 %7s  p99 %7s  max %7s  %s  %d errors\n",
			workload.Variants[v], width, labels[v], units.SI(s.OpsPerSec), units.SI(s.OpsLo), units.SI(s.OpsHi), bytes,
			units.Duration(s.P50), units.Duration(s.P99), units.Duration(s.Max), units.BytesPerOp(s.AllocPerOp), s.Errors)
	}
	c := u.Compare
	fmt.Fprintf(w, "  optimised/baseline throughput: %s (95 %% CI %s×, %d paired seconds): %s\n",
		units.Ratio(c.Ratio), units.Interval(c.Lo, c.Hi), c.Pairs, c.Verdict())
}
