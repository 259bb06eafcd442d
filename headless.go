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
	// The duration counts measured time, so set-up (instances, prefill,
	// calibration) does not eat into it: the run ends after the second in
	// which it is reached, or after as many seconds as it holds (a second
	// lasts a little over one); 0 runs until a signal.
	ticks := int(math.Ceil(o.duration.Seconds()))
	if o.capacity != nil {
		ticks = 0 // the search ends the run
	}
	cp := capacityPrinter{w: progress}
	seen := 0
	fmt.Fprintf(progress, "mcptop %s: workload %s, %s mode, %d-second warm-up; timing one op costs ≈ %s\n",
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
		if cp.update(u.Capacity, u.Impls) {
			cancel()
		}
		if !u.Tick {
			continue
		}
		last = u
		printTick(progress, u)
		if seen++; ticks > 0 && (seen >= ticks || u.Elapsed >= o.duration) {
			cancel()
		}
	}
	r.Stop()
	var status error
	if last.Tick {
		printSummary(progress, last)
		if v := last.Compare.Judge(); v.Kind == units.NotComparable {
			fmt.Fprintf(stderr, "mcptop: %s, more than --max-errors %s allows: exit status 1\n",
				v.FailuresOf(last.Impls), units.Level(last.Compare.MaxErrors))
			status = exitMaxErrors
		}
	}
	snap := r.Snapshot()
	if o.out != "" {
		switch err := writeSnapshot(snap, o.out, stdout, progress, stderr); {
		case errors.Is(err, exitOutFallback):
			return err // kept, but not where asked: 3 wins over 1
		case err != nil:
			return errors.Join(engineErr, err)
		}
	}
	if engineErr != nil {
		return engineErr
	}
	if err := judge(o.failIf, snap, stderr); err != nil {
		return err
	}
	return status
}
