package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/mcptop/mcptop/codec"
	"github.com/mcptop/mcptop/correlation"
	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/mcpwire"
	"github.com/mcptop/mcptop/metrics"
	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/registry"
	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/target"
	"github.com/mcptop/mcptop/themes"
	"github.com/mcptop/mcptop/workload"
)

// workloads lists every built-in workload in tab order.
func workloads() []workload.Workload {
	return []workload.Workload{
		registry.Workload(),
		correlation.Workload(),
		codec.Workload(),
		percentile.Workload(),
		mcpwire.E2EWorkload(),
		target.Spec(),
	}
}

// options is the parsed command line of the dashboard and headless runs.
type options struct {
	headless    bool
	workload    string
	duration    time.Duration
	durationSet bool
	out         string
	workers     int
	mode        engine.Mode
	slice       time.Duration
	warmup      int
	theme       string
	metricsAddr string
	params      map[string]workload.Params
	workloadSet bool
	target      *target.Config // nil without --target
}

func parseOptions(args []string, ws []workload.Workload, stderr io.Writer) (*options, error) {
	fs := flag.NewFlagSet("mcptop", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := &options{}
	var mode string
	fs.BoolVar(&o.headless, "headless", false, "run without the dashboard: print one line per second per variant")
	fs.StringVar(&o.workload, "workload", ws[0].Name, "workload to run first: "+names(ws))
	fs.DurationVar(&o.duration, "duration", 0, "how long to run (headless default 10s; 0 in the dashboard: until quit)")
	fs.StringVar(&o.out, "out", "", "write the session snapshot (JSON) here at the end; the dashboard's e key writes here too")
	fs.IntVar(&o.workers, "workers", 0, fmt.Sprintf("goroutines per variant, 1-%d (default GOMAXPROCS)", engine.MaxWorkers))
	fs.StringVar(&mode, "mode", "alternate", "alternate (variants take turns) or parallel (both at once)")
	fs.DurationVar(&o.slice, "slice", 100*time.Millisecond, "turn length in alternate mode, 1ms-10s")
	fs.IntVar(&o.warmup, "warmup", 2, "warm-up seconds kept out of summaries, 0-3600")
	fs.StringVar(&o.theme, "theme", "", "dashboard theme: dark, light, high-contrast or mono (default: from the terminal; mono when NO_COLOR is set)")
	fs.StringVar(&o.metricsAddr, "metrics-addr", "", "serve Prometheus metrics at http://HOST:PORT/metrics (off by default; an empty HOST means 127.0.0.1)")
	// Each workload parameter is a flag; it applies to every workload that has it.
	paramFlags := map[string]*int{}
	for _, p := range allParams(ws) {
		paramFlags[p.Name] = fs.Int(p.Name, p.Default, paramHelp(p, ws))
	}
	targetConfig := targetFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: mcptop [flags]                  live dashboard (headless when stdout is not a terminal)\n"+
			"       mcptop report SNAPSHOT [flags]  render a snapshot (text, md, csv, json, html)\n"+
			"       mcptop compare OLD NEW [flags]  flag regressions between two snapshots (exit 1 on one)\n"+
			"       mcptop version\n\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageError{err}
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (sub-commands: report, compare, version)", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	o.durationSet = set["duration"]
	o.workloadSet = set["workload"]
	tc, err := targetConfig()
	if err != nil {
		return nil, usageError{err}
	}
	o.target = tc
	if tc == nil && o.workload == "target" {
		return nil, usagef("--workload target needs --target 'CMD ARGS…' or --target tcp://HOST:PORT")
	}

	if !hasWorkload(ws, o.workload) {
		return nil, usagef("--workload: unknown workload %q (have %s)", o.workload, names(ws))
	}
	m, err := engine.ParseMode(mode)
	if err != nil {
		return nil, usagef("--mode: %v", err)
	}
	o.mode = m
	if set["workers"] && (o.workers < 1 || o.workers > engine.MaxWorkers) {
		return nil, usagef("--workers must be between 1 and %d, got %d", engine.MaxWorkers, o.workers)
	}
	if o.duration < 0 || (o.durationSet && o.duration == 0 && o.headless) {
		return nil, usagef("--duration must be positive, got %v", o.duration)
	}
	if o.slice < engine.MinSlice || o.slice > engine.MaxSlice {
		return nil, usagef("--slice must be between %v and %v, got %v", engine.MinSlice, engine.MaxSlice, o.slice)
	}
	if o.warmup < 0 || o.warmup > 3600 {
		return nil, usagef("--warmup must be between 0 and 3600 seconds, got %d", o.warmup)
	}
	// A parameter flag sets that parameter on every workload whose range
	// holds the value; it must suit the first workload if that has it, and
	// at least one workload otherwise.
	o.params = map[string]workload.Params{}
	for name, v := range paramFlags {
		if !set[name] {
			continue
		}
		var firstErr error
		for _, w := range ws {
			p, ok := w.Param(name)
			if !ok {
				continue
			}
			if err := p.Validate(*v); err != nil {
				if w.Name == o.workload {
					return nil, usagef("--%s: %s workload: %v", name, w.Name, err)
				}
				if firstErr == nil {
					firstErr = fmt.Errorf("%s workload: %w", w.Name, err)
				}
				continue
			}
			if o.params[w.Name] == nil {
				o.params[w.Name] = workload.Params{}
			}
			o.params[w.Name][name] = *v
		}
		if firstErr != nil && len(paramUsers(ws, name, o.params)) == 0 {
			return nil, usagef("--%s: %v", name, firstErr)
		}
	}
	if o.theme != "" {
		if _, err := themes.Lookup(o.theme); err != nil {
			return nil, usagef("--theme: %v", err)
		}
	}
	if o.out != "" {
		if err := checkWritable(o.out); err != nil {
			return nil, usagef("--out: %v", err)
		}
	}
	return o, nil
}

func names(ws []workload.Workload) string {
	var s []string
	for _, w := range ws {
		s = append(s, w.Name)
	}
	return strings.Join(s, ", ")
}

func hasWorkload(ws []workload.Workload, name string) bool {
	for _, w := range ws {
		if w.Name == name {
			return true
		}
	}
	return false
}

// paramUsers lists the workloads that took parameter name.
func paramUsers(ws []workload.Workload, name string, set map[string]workload.Params) []string {
	var out []string
	for _, w := range ws {
		if _, ok := set[w.Name][name]; ok {
			out = append(out, w.Name)
		}
	}
	return out
}

// allParams lists each parameter name once, sorted.
func allParams(ws []workload.Workload) []workload.Param {
	seen := map[string]workload.Param{}
	for _, w := range ws {
		for _, p := range w.Params {
			if _, ok := seen[p.Name]; !ok {
				seen[p.Name] = p
			}
		}
	}
	var out []workload.Param
	for _, p := range seen {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func paramHelp(p workload.Param, ws []workload.Workload) string {
	var users []string
	for _, w := range ws {
		if _, ok := w.Param(p.Name); ok {
			users = append(users, w.Name)
		}
	}
	h := fmt.Sprintf("%s workload: %s, %d-%d", strings.Join(users, "/"), p.Help, p.Min, p.Max)
	if p.Unit != "" {
		h += " " + p.Unit
	}
	return h
}

// checkWritable makes sure a snapshot can be created at path, leaving
// nothing behind.
func checkWritable(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%s is a directory", path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".mcptop-check*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", filepath.Dir(path), errors.Unwrap(err))
	}
	f.Close()
	return os.Remove(f.Name())
}

// stdoutIsTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func runDashboard(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	ws := workloads()
	o, err := parseOptions(args, ws, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if f, ok := stdout.(*os.File); !ok || !isTerminal(f) {
		o.headless = true
	}
	if o.headless && !o.durationSet {
		o.duration = 10 * time.Second
	}
	// The target tab exists only when there is a server to measure.
	ws = slices.DeleteFunc(ws, func(w workload.Workload) bool { return w.Name == "target" })
	if o.target == nil {
		delete(o.params, "target")
	} else {
		t, err := target.New(ctx, *o.target)
		if err != nil {
			return err
		}
		defer t.Close()
		ws = append(ws, t.Workload()) // --depth reaches it through o.params["target"]
		if !o.workloadSet {
			o.workload = "target"
		}
		for v, log := range t.Logs() {
			if log != "" {
				fmt.Fprintf(stderr, "mcptop: server %c's stderr goes to %s\n", 'A'+v, log)
			}
		}
	}
	cfg := engine.Config{
		Workloads: ws, Workload: o.workload, Params: o.params, Workers: o.workers,
		Mode: o.mode, Slice: o.slice, Warmup: engineWarmup(o.warmup),
	}
	var exp *metrics.Exporter
	if o.metricsAddr != "" {
		exp = metrics.New(ws, version())
		srv, err := metrics.Listen(o.metricsAddr, exp)
		if err != nil {
			return usagef("--metrics-addr: %v", err)
		}
		defer srv.Close()
		cfg.OnTick = exp.OnTick
		fmt.Fprintf(stderr, "mcptop: Prometheus metrics at http://%s/metrics\n", srv.Addr())
	}
	r, err := engine.New(cfg)
	if err != nil {
		return usageError{err}
	}
	if exp != nil {
		exp.SetObserverCost(r.ObserverCost())
	}
	if o.headless {
		return runHeadless(ctx, r, o, stdout, stderr)
	}
	return runTUI(ctx, r, o, stdout, stderr)
}

// writeSnapshot writes the session to path; when that fails it keeps the
// run by writing to a temp file instead, and says where.
func writeSnapshot(r *engine.Runner, path string, stderr io.Writer) (string, error) {
	snap := r.Snapshot()
	if len(snap.Runs) == 0 {
		return "", errors.New("nothing measured yet: no snapshot written")
	}
	err := snapshot.WriteFile(path, snap)
	if err == nil {
		return path, nil
	}
	f, terr := os.CreateTemp("", "mcptop-*.json")
	if terr != nil {
		return "", fmt.Errorf("%w; and no temp file either: %v", err, terr)
	}
	tmp := f.Name()
	f.Close()
	if terr := snapshot.WriteFile(tmp, snap); terr != nil {
		return "", fmt.Errorf("%w; and not to %s either: %v", err, tmp, terr)
	}
	fmt.Fprintf(stderr, "mcptop: %v\nmcptop: the run is kept in %s\n", err, tmp)
	return tmp, nil
}

// engineWarmup maps the flag (0 = none) to the engine's convention (0 =
// default, negative = none).
func engineWarmup(s int) int {
	if s == 0 {
		return -1
	}
	return s
}
