package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/units"
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
	fmt.Fprintf(stdout, "mcptop %s: workload %s, %s mode, %d-second warm-up; timing one op costs ≈ %s\n",
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
