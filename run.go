package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

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
	o, err := parseOptions(args, tabs(ws), isTerminal(stdout), stderr, matrix)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if o.target != nil {
		t, err := startTarget(ctx, *o.target, stderr)
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
	return runDashboard(ctx, r, o, stdout, stderr)
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

// startTarget starts (or dials) the --target servers and says where their
// stderr goes.
func startTarget(ctx context.Context, cfg target.Config, stderr io.Writer) (*target.Target, error) {
	t, err := target.New(ctx, cfg)
	if err != nil {
		return nil, err
	}
	for v, log := range t.Logs() {
		if log != "" {
			fmt.Fprintf(stderr, "mcptop: server %c's stderr goes to %s (removed at exit unless a server fails, or --keep-logs)\n", 'A'+v, log)
		}
	}
	return t, nil
}

// newRunner builds the engine for ws as o asks, with the Prometheus
// endpoint fed from it when --metrics-addr is given; the returned function
// closes that endpoint.
func newRunner(ws []workload.Workload, o *options, stderr io.Writer) (*engine.Runner, func(), error) {
	cfg := engine.Config{
		Workloads: ws, Workload: o.workload, Params: o.params, Impls: o.impls, Workers: o.workers,
		Mode: o.mode, Slice: o.slice, Warmup: o.warmup, GCBetween: o.gcBetween, Instance: instanceName(o),
		MaxErrors: o.maxErrors,
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
