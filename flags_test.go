package main

import (
	"errors"
	"flag"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/workload"
)

func TestParseOptions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		args     []string
		terminal bool
		check    func(t *testing.T, o *options)
	}{
		{"dashboard defaults", nil, true, func(t *testing.T, o *options) {
			want := options{workload: "registry", mode: engine.Alternate, slice: 100 * time.Millisecond,
				warmup: defaultWarmup, params: map[string]workload.Params{}}
			if !reflect.DeepEqual(*o, want) {
				t.Errorf("options %+v, want %+v", *o, want)
			}
		}},
		{"no terminal is headless for 10s", nil, false, func(t *testing.T, o *options) {
			if !o.headless || o.duration != headlessDuration {
				t.Errorf("headless %v for %v", o.headless, o.duration)
			}
		}},
		{"--duration wins over the headless default", []string{"--duration", "3s"}, false, func(t *testing.T, o *options) {
			if o.duration != 3*time.Second {
				t.Errorf("duration %v", o.duration)
			}
		}},
		{"values converted", []string{"--mode", "parallel", "--warmup", "0", "--workers", "3"}, true, func(t *testing.T, o *options) {
			if o.mode != engine.Parallel || o.warmup != 0 || o.workers != 3 {
				t.Errorf("mode %v warmup %d workers %d", o.mode, o.warmup, o.workers)
			}
		}},
		{"--target starts on its tab", []string{"--target", "tcp://127.0.0.1:1"}, true, func(t *testing.T, o *options) {
			if o.target == nil || o.workload != targetWorkload {
				t.Errorf("target %v, workload %q", o.target, o.workload)
			}
		}},
		{"--workload beats the target's tab", []string{"--target", "tcp://127.0.0.1:1", "--workload", "codec"}, true, func(t *testing.T, o *options) {
			if o.workload != "codec" {
				t.Errorf("workload %q", o.workload)
			}
		}},
		{"a shared parameter reaches every workload that has it", []string{"--depth", "100"}, true, func(t *testing.T, o *options) {
			want := map[string]workload.Params{"correlation": {"depth": 100}, "e2e": {"depth": 100}}
			if !reflect.DeepEqual(o.params, want) {
				t.Errorf("params %v, want %v (no target without --target)", o.params, want)
			}
		}},
		{"and the target's with --target", []string{"--depth", "100", "--target", "tcp://127.0.0.1:1"}, true, func(t *testing.T, o *options) {
			if o.params[targetWorkload]["depth"] != 100 {
				t.Errorf("params %v", o.params)
			}
		}},
		{"a value only some ranges hold reaches those", []string{"--depth", "5000", "--workload", "correlation"}, true, func(t *testing.T, o *options) {
			want := map[string]workload.Params{"correlation": {"depth": 5000}}
			if !reflect.DeepEqual(o.params, want) {
				t.Errorf("params %v, want %v", o.params, want)
			}
		}},
		{"--arrivals reaches every workload with an open loop", []string{"--rate", "10", "--arrivals", "poisson", "--target", "tcp://127.0.0.1:1"}, true,
			func(t *testing.T, o *options) {
				open := workload.Params{workload.RateParam: 10, workload.ArrivalsParam: workload.ArrivalsPoisson}
				if want := map[string]workload.Params{"e2e": open, targetWorkload: open}; !reflect.DeepEqual(o.params, want) {
					t.Errorf("params %v, want %v", o.params, want)
				}
			}},
		{"--a and --b choose the starting workload's sides", []string{"--workload", "registry", "--a", "mutex", "--b", "sharded"}, true,
			func(t *testing.T, o *options) {
				if want := map[string][2]string{"registry": {"mutex", "sharded"}}; !reflect.DeepEqual(o.impls, want) {
					t.Errorf("impls %v, want %v", o.impls, want)
				}
			}},
		{"a side not given runs the default", []string{"--workload", "codec", "--b", "json-typed"}, true, func(t *testing.T, o *options) {
			if want := map[string][2]string{"codec": {"json-map", "json-typed"}}; !reflect.DeepEqual(o.impls, want) {
				t.Errorf("impls %v, want %v", o.impls, want)
			}
		}},
		{"empty theme and out mean none", []string{"--theme", "", "--out", ""}, true, func(t *testing.T, o *options) {
			if o.theme != "" || o.out != "" {
				t.Errorf("theme %q out %q", o.theme, o.out)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o, err := parseOptions(tc.args, tabs(builtins()), tc.terminal, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, o)
		})
	}
}

// TestTargetParamsWithoutATarget: the target workload's flags are known
// (and described in --help) before any server is started.
func TestTargetParamsWithoutATarget(t *testing.T) {
	t.Parallel()
	var help strings.Builder
	_, err := parseOptions([]string{"--help"}, tabs(builtins()), false, &help)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help: %v", err)
	}
	if !strings.Contains(help.String(), "correlation/e2e/target workload: requests in flight") {
		t.Errorf("--depth help does not name every workload that has it:\n%s", help.String())
	}
	ts := tabs(builtins())
	last := ts[len(ts)-1]
	if last.name != targetWorkload || last.params["depth"].Max == 0 {
		t.Errorf("last tab %+v, want the target's with its depth", last)
	}
}

func TestMaxErrorsFlag(t *testing.T) {
	for _, tc := range []struct {
		arg  string
		want float64
	}{{"1%", 0.01}, {"0.01", 0.01}, {"0", 0}, {"100%", 1}} {
		o, err := parseOptions([]string{"--headless", "--max-errors", tc.arg}, tabs(builtins()), false, io.Discard)
		if err != nil || o.maxErrors != tc.want {
			t.Errorf("--max-errors %s: %v, %v; want %v", tc.arg, o, err, tc.want)
		}
	}
	if o, err := parseOptions([]string{"--headless"}, tabs(builtins()), false, io.Discard); err != nil || o.maxErrors != 0 {
		t.Errorf("default --max-errors: %v, %v; want 0", o, err)
	}
}
