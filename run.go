package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/metrics"
	"github.com/mcptop/mcptop/target"
	"github.com/mcptop/mcptop/workload"
)

// measure is mcptop without a sub-command (or mcptop matrix): it reads the
// flags, starts the --target servers and the Prometheus endpoint when asked
// for, builds the engine and hands it to the dashboard, to the headless
// printer when stdout is not a terminal or --headless says so, or to the
// matrix.
func measure(ctx context.Context, args []string, stdout, stderr io.Writer, matrix bool) error {
	ws := builtins()
	o, err := parseOptions(args, tabs(ws), isTerminal(stdout), stdout, matrix)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if o.target != nil {
		t, err := prepareTarget(ctx, *o.target, o.headless, stderr)
		if err != nil {
			return err
		}
		defer closeTarget(t, stderr)
		ws = append(ws, t.Workload())
	}
	var plan *matrixPlan
	if o.matrix {
		if plan, err = planMatrix(ws, o); err != nil {
			return err
		}
	}
	r, closeMetrics, err := newRunner(ws, o, stderr)
	if err != nil {
		return err
	}
	defer closeMetrics()
	if plan != nil {
		return runMatrix(ctx, r, o, plan, stdout, stderr)
	}
	if o.headless {
		return runHeadless(ctx, r, o, stdout, stderr)
	}
	// Quitting the dashboard cancels ctx before the engine is stopped, so
	// that a server still starting (on the engine's goroutine) is given up
	// at once rather than waited for.
	return runDashboard(ctx, cancel, r, o, stdout, stderr)
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// prepareTarget reads the --target configuration; the servers start when
// the engine builds the target workload's first instance, off the
// dashboard's path, and are given up when ctx ends. A headless run says on
// stderr where the children's stderr goes, when a server starts and how
// long it took to be ready; the dashboard shows the engine's notice.
func prepareTarget(ctx context.Context, cfg target.Config, headless bool, stderr io.Writer) (*target.Target, error) {
	if headless {
		cfg.Progress = func(msg string) { fmt.Fprintln(stderr, "mcptop:", msg) }
	}
	t, err := target.Prepare(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if headless {
		names := t.Names()
		for v, log := range t.Logs() {
			if log != "" {
				fmt.Fprintf(stderr, "mcptop: the stderr of server %s goes to %s (removed at exit unless a server fails, or --keep-logs)\n", names[v], log)
			}
		}
	}
	return t, nil
}

// dashboardPause is how long the engine leaves the dashboard to draw a
// second before the next slice (engine.Config.ReaderPause).
const dashboardPause = 50 * time.Millisecond

// newRunner builds the engine for ws as o asks, with the Prometheus
// endpoint fed from it when --metrics-addr is given; the returned function
// closes that endpoint.
func newRunner(ws []workload.Workload, o *options, stderr io.Writer) (*engine.Runner, func(), error) {
	cfg := engine.Config{
		Workloads: ws, Workload: o.workload, Params: o.params, Impls: o.impls, Workers: o.workers,
		Mode: o.mode, Slice: o.slice, Warmup: o.warmup, GCBetween: o.gcBetween, Instance: instanceName(o),
		MaxErrors: o.maxErrors, Capacity: o.capacity,
	}
	if !o.headless {
		// The dashboard rebuilds its charts (1–3 ms) and draws a frame (its
		// frame rate is 30 a second) on every second: done in the pause.
		cfg.ReaderPause = dashboardPause
	}
	closeMetrics := func() {}
	var exp *metrics.Exporter
	if o.metricsAddr != "" {
		exp = metrics.New(ws, version(), cfg.Instance)
		srv, err := metrics.Listen(o.metricsAddr, exp)
		if err != nil {
			return nil, nil, usagef("--metrics-addr: %w", err)
		}
		closeMetrics = func() { srv.Close() }
		cfg.OnTick = exp.OnTick
		fmt.Fprintf(stderr, "mcptop: Prometheus metrics at http://%s/metrics\n", srv.Addr())
	}
	r, err := engine.New(cfg)
	if err != nil {
		closeMetrics()
		return nil, nil, usageError{err}
	}
	if exp != nil {
		exp.SetObserverCost(r.ObserverCost())
	}
	return r, closeMetrics, nil
}
