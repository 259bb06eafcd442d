package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/tui"
	"github.com/mcptop/mcptop/workload"
)

// runHeadless runs without a terminal: a line per second per variant, a
// summary at the end, and the snapshot written on the end or on a signal.
func runHeadless(ctx context.Context, r *engine.Runner, o *options, stdout, stderr io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The duration counts measured seconds, so set-up (instances, prefill,
	// calibration) does not eat into it; 0 runs until a signal.
	ticks := int(math.Ceil(o.duration.Seconds()))
	seen := 0
	fmt.Fprintf(stdout, "mcptop %s: workload %s, %s mode, %d-second warm-up; observer cost ≈ %s per timed op or batch\n",
		version(), o.workload, o.mode, o.warmup, tui.FormatDuration(r.ObserverCost()))
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
		printTick(stdout, u)
		if seen++; ticks > 0 && seen >= ticks {
			cancel()
		}
	}
	r.Stop()
	if last.Tick {
		printSummary(stdout, last)
	}
	if o.out != "" {
		if err := writeSnapshot(r, o.out, stdout, stderr); err != nil {
			return errors.Join(engineErr, err)
		}
	}
	return engineErr
}

func printTick(w io.Writer, u engine.Update) {
	for v, s := range u.Samples {
		mark := ""
		if s.Warmup {
			mark = "  (warm-up)"
		}
		extra := ""
		if s.BytesPerS > 0 {
			extra = "  " + tui.SI(s.BytesPerS) + "B/s"
		}
		if s.Errors > 0 {
			extra += fmt.Sprintf("  errors %d (%s)", s.Errors, s.LastError)
		}
		fmt.Fprintf(w, "%4ds %-11s %-9s %10s ops/s  p50 %7s  p95 %7s  p99 %7s  max %7s  %6.1f B/op%s%s\n",
			s.Tick, u.Workload, workload.Variants[v], tui.SI(s.OpsPerSec),
			tui.FormatDuration(s.P50), tui.FormatDuration(s.P95), tui.FormatDuration(s.P99), tui.FormatDuration(s.Max), s.AllocPerOp, extra, mark)
	}
}

func printSummary(w io.Writer, u engine.Update) {
	if u.Summary[0].Ticks == 0 {
		fmt.Fprintf(w, "\nno summary of %s: every second measured was warm-up; run with a --duration longer than --warmup\n", u.Workload)
		return
	}
	fmt.Fprintf(w, "\nsummary of %s (%s; %s, ops timed %s), after warm-up:\n", u.Workload, u.Params, u.Mode, u.Timing)
	width := max(len(u.Labels[0]), len(u.Labels[1]))
	for v, s := range u.Summary {
		bytes := ""
		if s.BytesPerS > 0 {
			bytes = "  " + tui.SI(s.BytesPerS) + "B/s"
		}
		fmt.Fprintf(w, "  %-9s %-*s %10s ops/s [%s–%s]%s  p50 %7s  p99 %7s  max %7s  %.1f B/op  %d errors\n",
			workload.Variants[v], width, u.Labels[v], tui.SI(s.OpsPerSec), tui.SI(s.OpsLo), tui.SI(s.OpsHi), bytes,
			tui.FormatDuration(s.P50), tui.FormatDuration(s.P99), tui.FormatDuration(s.Max), s.AllocPerOp, s.Errors)
	}
	c := u.Compare
	fmt.Fprintf(w, "  optimised/baseline throughput: %.2f× (95%% CI %.2f–%.2f×, %d paired seconds): %s\n",
		c.Ratio, c.Lo, c.Hi, c.Pairs, c.Verdict())
}
