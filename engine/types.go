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
)

// String returns "running" or "paused".
func (s State) String() string {
	if s == Paused {
		return "paused"
	}
	return "running"
}

// Sample is one second of one variant. Its counts are exact; its
// latencies are of the steady-state ops the engine timed (all of them, or an
// unbiased sample: Timed says how many).
type Sample struct {
	Tick   int       // 1-based second of the run
	Time   time.Time // wall clock at the end of the second
	Warmup bool      // kept out of summaries
	Ran    bool      // the variant had a turn in the second
	// Ops are successful ops completed in the steady state: goodput.
	Ops int64
	// Errors are failed ops, in any phase; Timeouts are those of them given
	// up after waiting too long.
	Errors, Timeouts int64
	// FillDrainOps are successful ops completed while a pipeline filled or
	// drained: real work, kept out of throughput and latency.
	FillDrainOps int64
	// Timed is how many ops were timed: the latencies' sample size.
	Timed int64
	// Active is the steady running time (per worker, averaged over the
	// variant's workers), FillDrain the time spent filling and draining,
	// Wall the length of the variant's turns.
	Active, FillDrain, Wall time.Duration
	OpsPerSec               float64 // Ops / Active
	BytesPerS               float64 // bytes moved / Active; 0 when the workload moves none
	P50, P95                time.Duration
	P99, Max                time.Duration
	Mean                    time.Duration
	// AllocPerOp and AllocsPerOp are heap bytes and objects allocated per
	// op (every op completed in the variant's turns), CPUPerOp the process
	// CPU time per op and CPUPercent the process CPU time over Wall (100 =
	// one core busy). In parallel mode they are both variants' together.
	AllocPerOp, AllocsPerOp float64
	CPUPerOp                time.Duration
	CPUPercent              float64
	// Heap is the Go heap in use and RSS the process's resident set at the
	// end of the second (the same for both variants; RSS 0 where unknown).
	Heap, RSS int64
	// ServerCPU is the CPU time the server this variant drives used during
	// the variant's turns, ServerRSS its resident memory; ServerKnown says
	// whether the workload could measure its server at all.
	ServerKnown bool
	ServerCPU   time.Duration
	ServerRSS   int64
	LastError   string // the last error message of the second, if any
	OpenLoop
}

// OpenLoop is what an open-loop run (workload.Load) adds to a second or a
// summary; zero in a closed loop.
type OpenLoop struct {
	// Sent is the requests sent, SentPerSec them over Active: the rate
	// achieved, to hold against the rate intended. Missed are the sends
	// the timetable asked for and that were never made, Capped those sent
	// late because max-inflight requests were outstanding, and Behind the
	// largest lag of a send behind its intended time.
	Sent, Missed, Capped int64
	SentPerSec           float64
	Behind               time.Duration
	// SvcP50 … SvcMean are the service times (from the actual send) of the
	// ops whose latencies (P50 …) run from the intended send: the two
	// differ by how long a request waited to be sent.
	SvcP50, SvcP95, SvcP99 time.Duration
	SvcP999, SvcMax        time.Duration
	SvcMean                time.Duration
}

// MethodSummary is one kind of op (a call mix's method) of a variant over
// a run's seconds after warm-up: its part of the variant's counts (the
// kinds' add up to the variant's) and its own latencies.
type MethodSummary struct {
	Name                                string
	Ops, Errors, Timeouts, FillDrainOps int64
	ErrorRate                           float64 // Errors over every op of the kind completed
	OpsPerSec                           float64 // Ops over the variant's active time: the kinds' add up
	P50, P95, P99, P999, Max, Mean      time.Duration
}

// Summary is one variant over a run's seconds after warm-up.
type Summary struct {
	Ticks       int // seconds after warm-up
	ActiveTicks int // of those, seconds in which the variant ran
	Ops         int64
	Errors      int64
	Timeouts    int64
	// ErrorRate is Errors over every op completed, failed or not.
	ErrorRate    float64
	FillDrainOps int64
	Timed        int64
	OpsPerSec    float64 // median throughput of the seconds the variant ran
	OpsLo, OpsHi float64 // its confidence interval (stats.SeriesCI)
	// OpsCoverage is the interval's achieved coverage (≥ 0.95 when
	// OpsEnough), OpsEffTicks the seconds it rests on, discounted for
	// their autocorrelation (stats.EffectiveN). Without OpsEnough the
	// interval is the seconds' range and reaches no stated level.
	OpsCoverage   float64
	OpsEffTicks   float64
	OpsEnough     bool
	BytesPerS     float64 // median per-second bytes/s
	P50, P95, P99 time.Duration
	P999, Max     time.Duration
	Mean          time.Duration
	// ErrP50, ErrP99 and ErrMax are the failed ops' latencies.
	ErrP50, ErrP99, ErrMax time.Duration
	AllocPerOp             float64 // bytes allocated over ops completed
	AllocsPerOp            float64 // objects allocated over ops completed
	CPUPerOp               time.Duration
	CPUPercent             float64
	// FillDrainShare is the share of running time spent filling and
	// draining pipelines.
	FillDrainShare float64
	// ServerCPUPer1k is the server's CPU time per 1,000 ops completed, and
	// ServerRSS its largest resident memory, when ServerKnown.
	ServerKnown    bool
	ServerCPUPer1k time.Duration
	ServerRSS      int64
	LastError      string
	OpenLoop
	// Methods are the kinds of op, for an instance of several (a call
	// mix); nil otherwise.
	Methods []MethodSummary
}

// Comparison is side B's throughput over side A's: the median of the
// per-second ratios (seconds after warm-up in which both ran) with its
// confidence interval, and what the verdict on it needs besides.
type Comparison struct {
	Ratio, Lo, Hi float64
	Pairs         int // seconds behind the ratio
	// EffPairs is what the pairs are worth as independent seconds, given
	// their lag-1 autocorrelation Lag1 (stats.SeriesCI); Coverage is the
	// interval's achieved coverage, and Enough says it reached 95 %.
	EffPairs, Lag1 float64
	Coverage       float64
	Enough         bool
	// ErrorRate is each variant's share of failed ops after warm-up;
	// MaxErrors the share above which a variant is not comparable.
	ErrorRate [2]float64
	MaxErrors float64
}

// Judge is the verdict on the comparison (units.Judge).
func (c Comparison) Judge() units.Verdict {
	return units.Judge(units.Evidence{
		Ratio: c.Ratio, Lo: c.Lo, Hi: c.Hi, Pairs: c.Pairs, Effective: c.EffPairs, Enough: c.Enough,
		ErrorRate: c.ErrorRate, MaxErrors: c.MaxErrors,
	})
}

// Verdict says in words what the comparison shows, the sides called
// baseline and optimised: "optimised 3.10× faster", "optimised 1.50×
// slower", "no clear difference", "not enough data yet: 4 s" or "not
// comparable: optimised failed 100 % of ops".
func (c Comparison) Verdict() string { return c.Judge().String() }

// Said is the verdict with the sides called by names, A's then B's (their
// implementations): "sharded 1.10× faster", "not comparable: mutex failed
// 100 % of ops".
func (c Comparison) Said(names [2]string) string { return c.Judge().Said(names) }

// Comparable reports that neither variant failed more ops than MaxErrors
// allows.
func (c Comparison) Comparable() bool { return c.Judge().Kind != units.NotComparable }

// Update is what leaves the engine: once per second with a new Sample per
// variant, the run's summary and distributions (Tick true), and after every
// command with the new state (Tick false: Samples, Summary, Compare and Dist
// are then empty; the newest tick's stay valid for the same RunID).
type Update struct {
	Tick bool // Samples, Summary, Compare and Dist hold a new second
	// Seq is the sequence number of the newest command the engine has taken
	// (see Runner); Notice says what that command did ("workers 2 → 4") and
	// Rejected why it was refused. Both are empty on a tick.
	Seq      uint64
	Notice   string
	Rejected error
	RunID    int // changes when a new run (workload, parameters, mode, reset) starts
	Workload string
	// Impls are the implementations sides A (the reference) and B (the
	// candidate) run, by name; Labels say what each is.
	Impls  [2]string
	Labels [2]string
	Params workload.Params // includes "workers"
	// Load is the run's load model: closed loop, or the rate, arrivals and
	// cap of an open one.
	Load  workload.Load
	Mode  Mode
	Slice time.Duration // the run's turn length (lengthened for pipelines that need it)
	// SliceNote says why the slice is longer than asked, if it is.
	SliceNote string
	// Timing says how latencies were taken: "every op", "1 in 32 ops
	// (random sample)", with "self-timed" for pipelines.
	Timing string
	// TimedEvery is the sampling: about one op in TimedEvery is timed.
	TimedEvery int
	// ObserverShare is the measured share of the run's active time spent
	// timing ops: ops timed × ObserverCost / active time.
	ObserverShare float64
	State         State
	Warmup        bool          // the current second is a warm-up second
	Elapsed       time.Duration // measured time of this run
	Samples       [2]Sample     // the newest second, by variant
	Summary       [2]Summary    // run summary after warm-up
	Compare       Comparison
	// Checks hold a run of known cost (the calibration workload) against
	// its truth; nil for other workloads. Tick Updates only.
	Checks []Check
	// Dist is each variant's merged latency distribution after warm-up.
	Dist [2][]percentile.Bucket
	// ObserverCost is what timing one op costs: two clock reads and a
	// histogram record.
	ObserverCost time.Duration
	// Errors is each variant's error count over the run.
	Errors [2]int64
	// LastError is the newest error message of the run, by variant.
	LastError [2]string
	// Dropped counts updates the reader was too slow to take.
	Dropped int64
	// Capacity is the capacity search (Config.Capacity) as far as it has
	// gone; nil without one. It is never changed once sent.
	Capacity *CapacityState
	// Err reports a workload that could not start (bad parameter, setup
	// failure), wrapping the workload's own error; the engine stays paused
	// on it. It is the same value in every Update until the next run.
	Err error
}
