package main

import (
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/mcptop/mcptop/capacity"
	"github.com/mcptop/mcptop/engine"
	"github.com/mcptop/mcptop/workload"
)

// loadFlags are the load model's flags that are not a workload parameter
// of their own (--rate and --max-inflight are): --arrivals, which names
// the arrivals parameter's value, and the capacity search's.
type loadFlags struct {
	arrivals     string
	findCapacity bool
	slo          string
	step         time.Duration
	steps        int
}

// Defaults of the capacity search's flags.
const (
	defaultCapacityStep = 5 * time.Second
	maxCapacitySteps    = 100
)

// defineLoadFlags registers --arrivals, --find-capacity, --slo,
// --capacity-step and --capacity-steps on fs.
func defineLoadFlags(fs *flag.FlagSet) *loadFlags {
	lf := &loadFlags{}
	fs.StringVar(&lf.arrivals, "arrivals", "constant", "open loop (--rate): constant spacing of the sends, or poisson (exponential gaps)")
	fs.BoolVar(&lf.findCapacity, "find-capacity", false, "search the highest open-loop rate each side takes within --slo: the rate doubles from --rate (default 100/s) until a side breaks the SLO, then is bisected to 10 %; each step a run")
	fs.StringVar(&lf.slo, "slo", "", `capacity search: what a rate must meet, latency from the intended send time and failed ops, e.g. 'p99<50ms' or 'p99<50ms errors<0.1%' (p50 p90 p95 p99 p99.9 max errors)`)
	fs.DurationVar(&lf.step, "capacity-step", defaultCapacityStep, "capacity search: seconds measured at each rate after its --warmup")
	fs.IntVar(&lf.steps, "capacity-steps", capacity.DefaultMaxSteps, fmt.Sprintf("capacity search: the most rates it tries, 1-%d", maxCapacitySteps))
	return lf
}

// errNeedsRate refuses a flag of the open loop in a closed one.
var errNeedsRate = errors.New("needs an open loop: --rate R (requests/s per variant) or --find-capacity")

// resolve checks the load flags against the others (c.set, the starting
// workload, the resolved parameters o.params) and applies them: the
// arrivals parameter to every workload that has it, and the capacity
// plan. Errors name the flag.
func (lf *loadFlags) resolve(c *cmdline) error {
	o, set := &c.o, c.set
	open := lf.findCapacity
	for _, p := range o.params {
		open = open || p[workload.RateParam] > 0
	}
	if set[workload.RateParam] && !open {
		return usagef("--rate: 0 requests/s sends nothing; for a closed loop leave --rate out (--depth sets the requests in flight)")
	}
	if name := firstGiven(set, "arrivals", workload.MaxInflightParam); name != "" && !open {
		return usagef("--%s: %w", name, errNeedsRate)
	}
	if set["arrivals"] {
		a, err := workload.ParseArrivals(lf.arrivals)
		if err == nil {
			err = resolveParam(workload.ArrivalsParam, a, c.live(), o.workload, o.params)
		}
		if err != nil {
			return usagef("--arrivals: %w", err)
		}
	}
	if name := firstGiven(set, "slo", "capacity-step", "capacity-steps"); name != "" && !lf.findCapacity {
		return usagef("--%s needs --find-capacity", name)
	}
	if !lf.findCapacity {
		return nil
	}
	return lf.plan(c)
}

// plan checks and makes the capacity search's plan.
func (lf *loadFlags) plan(c *cmdline) error {
	o, set := &c.o, c.set
	switch {
	case !set["slo"]:
		return usagef("--find-capacity: needs --slo, what a rate must meet, such as --slo 'p99<50ms'")
	case set["duration"]:
		return usagef("--duration: a capacity search ends when it has both sides' capacities (--capacity-steps bounds it)")
	case c.o.matrix:
		return usagef("--find-capacity: a matrix runs each implementation once; search one pair's capacity with --a and --b")
	}
	if _, ok := c.start().params[workload.RateParam]; !ok {
		return usagef("--find-capacity: workload %s has no open loop (e2e and target have)", o.workload)
	}
	slo, err := capacity.ParseSLO(lf.slo)
	if err != nil {
		return usagef("--slo: %w", err)
	}
	if lf.step < time.Second || lf.step%time.Second != 0 {
		return usagef("--capacity-step: want whole seconds, at least 1s, got %v", lf.step)
	}
	if err := between(lf.steps, 1, maxCapacitySteps); err != nil {
		return usagef("--capacity-steps: %w", err)
	}
	start := o.params[o.workload][workload.RateParam]
	if set[workload.RateParam] && start < 1 {
		return usagef("--rate: a capacity search starts from a rate of at least 1 (default %d)", capacity.DefaultStart)
	}
	o.capacity = &engine.CapacityPlan{SLO: slo, StepTicks: int(lf.step / time.Second), Start: start, MaxSteps: lf.steps}
	return nil
}
