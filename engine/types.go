package engine

import (
	"fmt"
	"time"

	"github.com/mcptop/mcptop/percentile"
	"github.com/mcptop/mcptop/units"
	"github.com/mcptop/mcptop/workload"
)

// Mode is how the two variants share the machine.
type Mode int

const (
	// Alternate runs one variant at a time, in turns of one slice.
	Alternate Mode = iota
	// Parallel runs both variants at once, each with its own workers.
	Parallel
)

// String returns "alternate" or "parallel".
func (m Mode) String() string {
	if m == Parallel {
		return "parallel"
	}
	return "alternate"
}

// ParseMode parses "alternate" or "parallel".
func ParseMode(s string) (Mode, error) {
	switch s {
	case "alternate":
		return Alternate, nil
	case "parallel":
		return Parallel, nil
	}
	return 0, fmt.Errorf("mode must be alternate or parallel, got %q", s)
}

// State is what the engine is doing.
type State int

const (
	// Running means workers are measuring.
	Running State = iota
	// Paused means no worker runs until Resume.
	Paused
	// Stopped means the run has ended.
	Stopped
)

// String returns "running", "paused" or "stopped".
func (s State) String() string {
	switch s {
	case Paused:
		return "paused"
	case Stopped:
		return "stopped"
	}
	return "running"
}

// Sample is one second of one variant.
type Sample struct {
	Tick      int       // 1-based second of the run
	Time      time.Time // wall clock at the end of the second
	Warmup    bool      // kept out of summaries
	Ops       int64
	Errors    int64
	Active    time.Duration // time this variant ran during the second
	OpsPerSec float64       // ops / Active
	BytesPerS float64       // bytes moved / Active; 0 when the workload moves none
	P50, P95  time.Duration
	P99, Max  time.Duration
	Mean      time.Duration
	// AllocPerOp is heap bytes allocated per op: the median over the
	// second's slices of bytes allocated / ops (NaN-free; 0 when no ops).
	AllocPerOp float64
	LastError  string // the last error message of the second, if any
}

// Summary is one variant over a run's seconds after warm-up.
type Summary struct {
	Ticks         int
	Ops, Errors   int64
	OpsPerSec     float64 // median per-second throughput
	OpsLo, OpsHi  float64 // its 95 % confidence interval
	BytesPerS     float64 // median per-second bytes/s
	P50, P95, P99 time.Duration
	P999, Max     time.Duration
	Mean          time.Duration
	AllocPerOp    float64 // median per-second alloc B/op
	LastError     string
}

// Comparison is optimised/baseline throughput: the median of the per-second
// ratios (seconds in which both ran) with a 95 % confidence interval.
type Comparison struct {
	Ratio, Lo, Hi float64
	Pairs         int
}

// Verdict says in words what the comparison shows: "optimised 3.10× faster",
// "optimised 1.50× slower", "no clear difference" or "not enough data"
// (units.Judge is the rule).
func (c Comparison) Verdict() string { return units.Judge(c.Ratio, c.Lo, c.Hi, c.Pairs).String() }

// Update is what leaves the engine: once per second with a new Sample per
// variant (Tick true), and after every command with the new state.
type Update struct {
	Tick     bool // Samples hold a new second
	RunID    int  // changes when a new run (workload, parameters, mode, reset) starts
	Workload string
	Labels   [2]string
	Params   workload.Params // includes "workers"
	Mode     Mode
	Slice    time.Duration
	Timing   string // "per op", "per 32 ops", "per op (self-timed)"
	State    State
	Warmup   bool          // the current second is a warm-up second
	Elapsed  time.Duration // measured time of this run
	Samples  [2]Sample     // the newest second, by variant
	Summary  [2]Summary    // run summary after warm-up
	Compare  Comparison
	// Dist is each variant's merged latency distribution after warm-up.
	Dist [2][]percentile.Bucket
	// ObserverCost is the clock read + record cost per timed op or batch.
	ObserverCost time.Duration
	// Errors is each variant's error count over the run.
	Errors [2]int64
	// LastError is the newest error message of the run, by variant.
	LastError [2]string
	// Dropped counts updates the reader was too slow to take.
	Dropped int64
	// Err reports a workload that could not start (bad parameter, setup
	// failure), wrapping the workload's own error; the engine stays paused
	// on it. It is the same value in every Update until the next run.
	Err error
}
