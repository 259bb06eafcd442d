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
// summary at the end, and the snapshot written on the end or on a signal.
func runHeadless(ctx context.Context, r *engine.Runner, o *options, stdout, stderr io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The duration counts measured seconds, so set-up (instances, prefill,
	// calibration) does not eat into it; 0 runs until a signal.
	ticks := int(math.Ceil(o.duration.Seconds()))
	seen := 0
	fmt.Fprintf(stdout, "mcptop %s: workload %s, %s mode, %d-second warm-up; observer cost ≈ %s per timed op or batch\n",
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
			extra = "  " + units.BytesRate(s.BytesPerS)
		}
		if s.Errors > 0 {
			extra += fmt.Sprintf("  errors %d (%s)", s.Errors, s.LastError)
		}
		fmt.Fprintf(w, "%4ds %-11s %s %-*s %10s ops/s  p50 %7s  p95 %7s  p99 %7s  max %7s  %11s%s%s\n",
			s.Tick, u.Workload, workload.Variants[v].Letter(), implWidth(u), u.Impls[v], units.SI(s.OpsPerSec),
			units.Duration(s.P50), units.Duration(s.P95), units.Duration(s.P99), units.Duration(s.Max),
			units.BytesPerOp(s.AllocPerOp), extra, mark)
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
			bytes = "  " + units.BytesRate(s.BytesPerS)
		}
		fmt.Fprintf(w, "  %s %-*s %-*s %10s ops/s [%s–%s]%s  p50 %7s  p99 %7s  max %7s  %s  %d errors\n",
			workload.Variants[v].Letter(), implWidth(u), u.Impls[v], width, u.Labels[v], units.SI(s.OpsPerSec), units.SI(s.OpsLo), units.SI(s.OpsHi), bytes,
			units.Duration(s.P50), units.Duration(s.P99), units.Duration(s.Max), units.BytesPerOp(s.AllocPerOp), s.Errors)
	}
	c := u.Compare
	fmt.Fprintf(w, "  %s/%s throughput: %s (95 %% CI %s×, %d paired seconds): %s\n", u.Impls[1], u.Impls[0],
		units.Ratio(c.Ratio), units.Interval(c.Lo, c.Hi), c.Pairs, c.Said(u.Impls[1]))
}

// implWidth is the width of the longer of the two implementations' names.
func implWidth(u engine.Update) int { return max(len(u.Impls[0]), len(u.Impls[1])) }
