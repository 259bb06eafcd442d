package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

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
	var status error
	if last.Tick {
		printSummary(stdout, last)
		if v := last.Compare.Judge(); v.Kind == units.NotComparable {
			fmt.Fprintf(stderr, "mcptop: %s, more than --max-errors %s allows: exit status 1\n",
				v.Failures(), units.Level(last.Compare.MaxErrors))
			status = exitMaxErrors
		}
	}
	if o.out != "" {
		switch err := writeSnapshot(r, o.out, stdout, stderr); {
		case errors.Is(err, exitOutFallback):
			status = err
		case err != nil:
			return errors.Join(engineErr, err)
		}
	}
	if engineErr != nil {
		return engineErr
	}
	return status
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
		lat := latencies(s.Ops, s.P50, s.P95, s.P99, s.Max)
		fmt.Fprintf(w, "%4ds %-11s %-9s %10s ops/s  p50 %7s  p95 %7s  p99 %7s  max %7s  %11s%s%s\n",
			s.Tick, u.Workload, workload.Variants[v], units.SI(s.OpsPerSec),
			lat[0], lat[1], lat[2], lat[3], units.BytesPerOp(s.AllocPerOp), extra, mark)
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
		ci := "[too few seconds for an interval]"
		if s.OpsEnough {
			ci = "[" + units.SI(s.OpsLo) + "–" + units.SI(s.OpsHi) + "]"
		}
		if s.BytesPerS > 0 {
			ci += "  " + units.BytesRate(s.BytesPerS)
		}
		errs := units.Count(s.Errors) + " errors"
		if s.Errors > 0 {
			errs += " (" + units.Percent(s.ErrorRate) + " of ops)"
		}
		lat := latencies(s.Ops, s.P50, s.P99, s.Max)
		fmt.Fprintf(w, "  %-9s %-*s %10s ops/s %s  p50 %7s  p99 %7s  max %7s  %s  %s\n",
			workload.Variants[v], width, u.Labels[v], units.SI(s.OpsPerSec), ci,
			lat[0], lat[1], lat[2], units.BytesPerOp(s.AllocPerOp), errs)
	}
	c := u.Compare
	v := c.Judge()
	switch v.Kind {
	case units.NotComparable, units.NotEnoughData:
		fmt.Fprintf(w, "  optimised/baseline throughput: %s\n", v)
	default:
		fmt.Fprintf(w, "  optimised/baseline throughput: %s (%s CI %s×, %d paired seconds, worth %s independent): %s\n",
			units.Ratio(c.Ratio), units.Percent(c.Coverage), units.Interval(c.Lo, c.Hi), c.Pairs, units.Num(c.EffPairs), v)
	}
}

// latencies prints ds, the latencies of ops successful ops; without any,
// there is no latency to print, and "0" would read like one.
func latencies(ops int64, ds ...time.Duration) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = units.Dash
		if ops > 0 {
			out[i] = units.Duration(d)
		}
	}
	return out
}
