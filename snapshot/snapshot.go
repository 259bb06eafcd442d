package snapshot

//go:generate go tool easyjson -no_std_marshalers snapshot.go

// Schema is the version string every snapshot this mcptop writes carries in
// "schema". SchemaV1 is the earlier version, which it still reads.
const (
	Schema   = "mcptop.snapshot/v2"
	SchemaV1 = "mcptop.snapshot/v1"
)

// Fields tagged since:"2" are new in v2: required in a v2 snapshot, absent
// from a v1 one (Read fills them in as Upgrade says).

// Tails names how a run's latency percentiles were taken.
const (
	// TailsPerOp: every op was timed on its own.
	TailsPerOp = "per_op"
	// TailsPerOpSampled: an unbiased random sample of ops was timed, each
	// on its own; max is the sample's.
	TailsPerOpSampled = "per_op_sampled"
	// TailsBatchMean: ops were timed in batches and each batch's mean was
	// recorded with the batch's weight (v1 snapshots with batch_ops > 1):
	// p95/p99 are raised and p99.9 and max lowered by up to the batch size.
	TailsBatchMean = "batch_mean"
)

// Snapshot is one exported session.
//
//easyjson:json
type Snapshot struct {
	Schema         string  `json:"schema"`
	CreatedAt      string  `json:"created_at"` // RFC 3339, UTC
	Tool           Tool    `json:"tool"`
	Env            Env     `json:"env"`
	ObserverCostNs float64 `json:"observer_cost_ns"` // two clock reads + a histogram record, per timed op
	// Instance names the mcptop that wrote the snapshot (--instance,
	// default the hostname), so that a fleet's snapshots can be told apart
	// and merged.
	Instance string `json:"instance,omitempty"`
	// Instances is set only in a merged snapshot (mcptop merge): the
	// instances it was merged from, in the order of every Merged.StartedAt.
	// Env then describes the fleet (see Merged) and ObserverCostNs is the
	// largest of the instances'.
	Instances []Instance `json:"instances,omitempty"`
	Runs      []Run      `json:"runs"`
	// Capacity is set by a capacity search (--find-capacity): its steps,
	// each one of Runs, and the highest rate each side took within the
	// SLO.
	Capacity *Capacity `json:"capacity,omitempty"`
}

// Instance is one of the snapshots a merged snapshot was made of.
type Instance struct {
	Name           string  `json:"name"`
	CreatedAt      string  `json:"created_at"` // RFC 3339, UTC
	Env            Env     `json:"env"`
	ObserverCostNs float64 `json:"observer_cost_ns"`
}

// Tool names the program that wrote the snapshot.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Env is the machine a session ran on.
type Env struct {
	GoVersion  string `json:"go_version"`
	OS         string `json:"os"`
	Arch       string `json:"arch"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	NumCPU     int    `json:"num_cpu"`
	CPUModel   string `json:"cpu_model"`
	Hostname   string `json:"hostname"`
}

// Run is one workload measured with one set of parameters.
type Run struct {
	Workload    string         `json:"workload"`
	Description string         `json:"description"`
	Params      map[string]int `json:"params"`
	// Settings are the run's other inputs that change what is measured
	// (a target's command or URL, the call made), by name; compare pairs
	// runs only when they agree. Secrets (header values) are never kept.
	Settings map[string]string `json:"settings" since:"2"`
	Workers  int               `json:"workers"`  // goroutines per variant
	Mode     string            `json:"mode"`     // "alternate" or "parallel"
	SliceMs  float64           `json:"slice_ms"` // turn length in alternate mode (after any lengthening)
	// SliceNote says why the slice is longer than asked, if it is.
	SliceNote string `json:"slice_note,omitempty"`
	WarmupS   int    `json:"warmup_s"` // leading seconds kept out of summaries
	Timing    string `json:"timing"`   // how latencies were taken, in words
	// Tails is how the percentiles were taken: TailsPerOp,
	// TailsPerOpSampled or (v1 only) TailsBatchMean.
	Tails string `json:"tails" since:"2"`
	// TimedEvery: about one op in this many was timed (1: all).
	TimedEvery int `json:"timed_every" since:"2"`
	// BatchOps is v1's batch size (ops per clock read); absent in v2.
	BatchOps int `json:"batch_ops,omitempty"`
	// ObserverShare is the measured share of active time spent timing ops.
	ObserverShare float64 `json:"observer_share" since:"2"`
	// GCBetween: a garbage collection ran before every slice.
	GCBetween bool `json:"gc_between" since:"2"`
	// AllocAttributable is false in parallel mode, where both variants
	// allocate (and use CPU) at once: the per-op figures are then their
	// combined rate.
	AllocAttributable bool    `json:"alloc_attributable"`
	StartedAt         string  `json:"started_at"` // RFC 3339, UTC
	DurationS         float64 `json:"duration_s"` // seconds measured (ticks)
	DroppedTicks      int     `json:"dropped_ticks"`
	// LoadModel is how the load was driven: LoadClosed (a fixed number of
	// requests in flight, the depth parameter) or LoadOpen (RatePerS
	// requests per second per variant on a timetable, Arrivals spaced, at
	// most MaxInflight outstanding; latency from each request's intended
	// send time). Absent from snapshots written before open loops: closed.
	LoadModel   string       `json:"load_model,omitempty"`
	RatePerS    int          `json:"rate_per_s,omitempty"`
	Arrivals    string       `json:"arrivals,omitempty"` // "constant" or "poisson"
	MaxInflight int          `json:"max_inflight,omitempty"`
	Variants    []VariantRun `json:"variants"` // [0] side A ("baseline"), [1] side B ("optimised")
	Comparison  Comparison   `json:"comparison"`
	// Calibration holds a run of known cost (the calibration workload)
	// against its truth; absent for every other workload.
	Calibration []Check `json:"calibration,omitempty"`
	// Merged is set only in a merged snapshot: how the instances' runs
	// were combined.
	Merged *Merged `json:"merged,omitempty"`
}

// Merged says how a merged run was made from the instances' runs of the
// same workload and inputs, taken at the same time.
//
// Counts (ops, errors, timeouts), histograms and throughput add up across
// instances: a merged second holds the seconds of the instances that ended
// nearest the same wall-clock second (Point.UnixMs), so its alignment is
// only as good as the machines' clock sync (NTP); StartSpreadS says how far
// apart the instances started. Summary percentiles come from the summed
// histograms, exactly as for one instance. The per-second p50, p95 and p99
// cannot be merged from the instances' (quantiles do not add up): merged
// points say so with PercentilesUnknown and hold 0 there; their max is the
// largest instance's and their mean is weighted by ops. Seconds in which
// not every instance ran are Partial and kept out of the throughput median
// and the comparison, which the merge recomputes over the complete seconds.
// In a merged snapshot the top-level Env holds what every instance shares
// ("mixed" for a text on which they differ) and the instances' GOMAXPROCS
// and CPUs summed; each instance's own is in Snapshot.Instances.
type Merged struct {
	// StartedAt is each instance's start of this run (RFC 3339), in the
	// order of Snapshot.Instances.
	StartedAt []string `json:"started_at"`
	// StartSpreadS is the latest start minus the earliest, in seconds.
	StartSpreadS float64 `json:"start_spread_s"`
	// PartialSeconds counts the merged seconds some instance is missing
	// from.
	PartialSeconds int `json:"partial_seconds"`
	// Notes say, in words, what differed between the instances and how it
	// was combined.
	Notes []string `json:"notes,omitempty"`
}

// Check is one figure of a calibration run held against its truth.
type Check struct {
	Variant int     `json:"variant"` // 0, 1; -1 for the comparison
	Metric  string  `json:"metric"`  // "p50", "p99", "p99.9", "max", "ratio", "alloc", "allocs", "cpu/op"
	Got     float64 `json:"got"`
	Want    float64 `json:"want"`
	Unit    string  `json:"unit"` // "ns", "B", "objects", "×"
	Bound   string  `json:"bound"`
	OK      bool    `json:"ok"`
}

// VariantRun is one side's part of a run.
type VariantRun struct {
	// Variant is the side: "baseline" is A, the reference, and "optimised"
	// is B, the candidate, whichever implementations they ran.
	Variant string `json:"variant"`
	// Impl names the implementation the side ran ("mutex", "easyjson");
	// a v1 snapshot gets the seed's pair (SeedImpls).
	Impl    string  `json:"impl" since:"2"`
	Label   string  `json:"label"` // what the implementation is, e.g. "sync.Mutex + map"
	Series  []Point `json:"series"`
	Summary Summary `json:"summary"`
	// Histogram is the run's merged latency distribution of successful
	// steady-state ops after warm-up: non-empty buckets, ascending.
	Histogram []Bucket `json:"latency_histogram"`
	// ErrorHistogram is the failed ops' latencies (timed-out ones at the
	// moment they were given up), likewise.
	ErrorHistogram []Bucket `json:"error_latency_histogram" since:"2"`
	// ServiceHistogram is, in an open loop, the service times (from the
	// actual send) of the ops Histogram holds from their intended send.
	ServiceHistogram []Bucket `json:"service_histogram,omitempty"`
	// Methods are, for a mix of calls, each method's part of the summary
	// (their ops, errors, timeouts and fill/drain ops add up to it) and
	// its own latencies, in the mix's order.
	Methods []Method `json:"methods,omitempty"`
}

// Method is one method of a mix of calls over a run's seconds after
// warm-up.
type Method struct {
	Name         string  `json:"name"` // "tools/call:echo", "resources/read"
	Ops          int64   `json:"ops"`
	Errors       int64   `json:"errors"`
	Timeouts     int64   `json:"timeouts"`
	FillDrainOps int64   `json:"fill_drain_ops"`
	ErrorRate    float64 `json:"error_rate"`
	// ThroughputOpsPerS is Ops over the variant's active time after
	// warm-up (a mean, not the summary's median): the methods' add up to
	// the variant's ops over its active time.
	ThroughputOpsPerS float64  `json:"throughput_ops_per_s"`
	LatencyP50Us      float64  `json:"latency_p50_us"`
	LatencyP95Us      float64  `json:"latency_p95_us"`
	LatencyP99Us      float64  `json:"latency_p99_us"`
	LatencyP999Us     float64  `json:"latency_p999_us"`
	LatencyMaxUs      float64  `json:"latency_max_us"`
	LatencyMeanUs     float64  `json:"latency_mean_us"`
	Histogram         []Bucket `json:"latency_histogram"`
}

// Load models (Run.LoadModel).
const (
	LoadClosed = "closed"
	LoadOpen   = "open"
)

// OpenLoop is what an open loop adds to a second or a summary: its
// timetable's sends and the service times. Every field is absent in a
// closed loop.
type OpenLoop struct {
	// SentOps are the requests sent; AchievedRatePerS them over the
	// active time, to hold against the run's rate_per_s.
	SentOps          int64   `json:"sent_ops,omitempty"`
	AchievedRatePerS float64 `json:"achieved_rate_per_s,omitempty"`
	// MissedSends are sends the timetable asked for and never made (more
	// than the request timeout late, or still due when a turn ended);
	// CappedSends those made late because max_inflight requests were
	// outstanding; BehindScheduleS the largest lag of a send behind its
	// intended time.
	MissedSends     int64   `json:"missed_sends,omitempty"`
	CappedSends     int64   `json:"capped_sends,omitempty"`
	BehindScheduleS float64 `json:"behind_schedule_s,omitempty"`
	// Service times (from the actual send) of the ops whose latencies
	// run from the intended send.
	ServiceP50Us  float64 `json:"service_p50_us,omitempty"`
	ServiceP95Us  float64 `json:"service_p95_us,omitempty"`
	ServiceP99Us  float64 `json:"service_p99_us,omitempty"`
	ServiceP999Us float64 `json:"service_p999_us,omitempty"` // summaries only
	ServiceMaxUs  float64 `json:"service_max_us,omitempty"`
	ServiceMeanUs float64 `json:"service_mean_us,omitempty"`
}

// Capacity is a capacity search: the open-loop rate stepped up
// geometrically until a side broke the SLO, then bisected, each step a
// run measured for StepS seconds after warm-up; for each side, the
// highest rate that met the SLO.
type Capacity struct {
	SLO   string `json:"slo"`    // "p99<50ms errors<0.1%"
	StepS int    `json:"step_s"` // seconds after warm-up per step
	// Done: the search ended (both sides found, or out of steps or
	// rate); a snapshot taken while it runs has Done false.
	Done    bool             `json:"done"`
	Steps   []CapacityStep   `json:"steps"`
	Results []CapacityResult `json:"results"` // [0] side A, [1] side B
}

// CapacityStep is one rate tried: the run it was (an index into runs)
// and how each side fared.
type CapacityStep struct {
	Run      int           `json:"run"`
	RatePerS int           `json:"rate_per_s"`
	Sides    []StepOutcome `json:"sides"` // [0] side A, [1] side B
}

// StepOutcome is one side's figures at one step, after warm-up, and
// whether they met the SLO (Reason says why not).
type StepOutcome struct {
	AchievedRatePerS float64 `json:"achieved_rate_per_s"`
	LatencyP50Us     float64 `json:"latency_p50_us"`
	LatencyP99Us     float64 `json:"latency_p99_us"`
	ErrorRate        float64 `json:"error_rate"`
	MissedSends      int64   `json:"missed_sends"`
	Met              bool    `json:"met"`
	Reason           string  `json:"reason,omitempty"`
}

// CapacityResult is one side's capacity: the highest rate tried that met
// the SLO (0: none did) and the lowest that did not (0: none failed), with
// the steps that showed each (-1: none).
type CapacityResult struct {
	Impl           string `json:"impl"`
	RatePerS       int    `json:"capacity_rate_per_s"`
	MetStep        int    `json:"met_step"`
	FailedRatePerS int    `json:"failed_rate_per_s"`
	FailedStep     int    `json:"failed_step"`
	Verdict        string `json:"verdict"` // in words
}

// Point is one second of one variant.
type Point struct {
	T int `json:"t_s"` // seconds since the run started, 1-based
	// UnixMs is the wall-clock time at the end of the second, in ms since
	// the Unix epoch.
	UnixMs int64 `json:"unix_ms" since:"2"`
	Warmup bool  `json:"warmup"`
	// Ran: the variant had a turn in this second. A second it did not run
	// in is no evidence about its throughput.
	Ran bool `json:"ran" since:"2"`
	// Ops are successful ops completed in the steady state.
	Ops          int64   `json:"ops"`
	Errors       int64   `json:"errors"`
	Timeouts     int64   `json:"timeouts" since:"2"`
	FillDrainOps int64   `json:"fill_drain_ops" since:"2"`
	Timed        int64   `json:"timed_ops" since:"2"`
	ActiveS      float64 `json:"active_s"` // steady time this variant ran in the second
	FillDrainS   float64 `json:"fill_drain_s" since:"2"`
	WallS        float64 `json:"wall_s" since:"2"` // length of its turns
	// ThroughputOpsPerS is Ops / ActiveS.
	ThroughputOpsPerS float64 `json:"throughput_ops_per_s"`
	ThroughputBPerS   float64 `json:"throughput_bytes_per_s"`
	LatencyP50Us      float64 `json:"latency_p50_us"`
	LatencyP95Us      float64 `json:"latency_p95_us"`
	LatencyP99Us      float64 `json:"latency_p99_us"`
	LatencyMaxUs      float64 `json:"latency_max_us"`
	LatencyMeanUs     float64 `json:"latency_mean_us"`
	AllocBytesPerOp   float64 `json:"alloc_bytes_per_op"`
	AllocsPerOp       float64 `json:"allocs_per_op" since:"2"`
	CPUUsPerOp        float64 `json:"cpu_us_per_op" since:"2"`
	CPUPercent        float64 `json:"cpu_percent" since:"2"` // 100 = one core
	HeapBytes         int64   `json:"heap_bytes" since:"2"`
	RSSBytes          int64   `json:"rss_bytes" since:"2"`
	// Server figures, where the workload can measure the server it drives
	// (ServerKnown): CPU ms per 1,000 ops completed in the variant's turns,
	// and resident memory.
	ServerKnown      bool    `json:"server_known" since:"2"`
	ServerCPUMsPer1k float64 `json:"server_cpu_ms_per_1k" since:"2"`
	ServerRSSBytes   int64   `json:"server_rss_bytes" since:"2"`
	// Instances is, in a merged snapshot, how many instances' seconds were
	// added into this one (absent otherwise); Partial: fewer than all of
	// them. PercentilesUnknown: the second's p50, p95 and p99 are not known
	// (they read 0) because the instances' cannot be merged.
	Instances          int  `json:"instances,omitempty"`
	Partial            bool `json:"partial,omitempty"`
	PercentilesUnknown bool `json:"percentiles_unknown,omitempty"`
	OpenLoop
}

// Summary is one variant over a run's seconds after warm-up.
type Summary struct {
	Ticks       int   `json:"ticks"`
	ActiveTicks int   `json:"active_ticks" since:"2"` // of those, seconds the variant ran in
	Ops         int64 `json:"ops"`
	Errors      int64 `json:"errors"`
	Timeouts    int64 `json:"timeouts" since:"2"`
	// ErrorRate is errors over every op completed, failed or not.
	ErrorRate    float64 `json:"error_rate" since:"2"`
	FillDrainOps int64   `json:"fill_drain_ops" since:"2"`
	Timed        int64   `json:"timed_ops" since:"2"`
	// Median per-second throughput over the seconds the variant ran, and
	// its 95 % confidence interval.
	ThroughputMedianOpsPerS float64 `json:"throughput_median_ops_per_s"`
	ThroughputCILowOpsPerS  float64 `json:"throughput_ci_low_ops_per_s"`
	ThroughputCIHighOpsPerS float64 `json:"throughput_ci_high_ops_per_s"`
	// ThroughputCICoverage is the interval's achieved coverage (at least
	// 0.95 when the seconds sufficed; below, the interval is their range),
	// ThroughputEffectiveTicks the independent seconds' worth it rests on.
	ThroughputCICoverage     float64 `json:"throughput_ci_coverage" since:"2"`
	ThroughputEffectiveTicks float64 `json:"throughput_effective_ticks" since:"2"`
	ThroughputMedianBPerS    float64 `json:"throughput_median_bytes_per_s"`
	// Percentiles of the run's merged histogram.
	LatencyP50Us      float64 `json:"latency_p50_us"`
	LatencyP95Us      float64 `json:"latency_p95_us"`
	LatencyP99Us      float64 `json:"latency_p99_us"`
	LatencyP999Us     float64 `json:"latency_p999_us"`
	LatencyMaxUs      float64 `json:"latency_max_us"`
	LatencyMeanUs     float64 `json:"latency_mean_us"`
	ErrorLatencyP50Us float64 `json:"error_latency_p50_us" since:"2"`
	ErrorLatencyP99Us float64 `json:"error_latency_p99_us" since:"2"`
	ErrorLatencyMaxUs float64 `json:"error_latency_max_us" since:"2"`
	AllocBytesPerOp   float64 `json:"alloc_bytes_per_op"` // run total over ops (v1: median of the seconds)
	AllocsPerOp       float64 `json:"allocs_per_op" since:"2"`
	CPUUsPerOp        float64 `json:"cpu_us_per_op" since:"2"`
	CPUPercent        float64 `json:"cpu_percent" since:"2"`
	FillDrainShare    float64 `json:"fill_drain_share" since:"2"`
	ServerKnown       bool    `json:"server_known" since:"2"`
	ServerCPUMsPer1k  float64 `json:"server_cpu_ms_per_1k" since:"2"`
	ServerRSSBytes    int64   `json:"server_rss_bytes" since:"2"` // the largest seen
	LastError         string  `json:"last_error,omitempty"`
	OpenLoop
}

// Methods of a comparison's interval (Comparison.Method).
const (
	// MethodSeries: the median of the per-second ratios, its interval from
	// exact binomial order statistics at the effective sample size
	// n·(1−r)/(1+r), r the lag-1 autocorrelation of the ratios' ranks.
	MethodSeries = "exact binomial order statistics, effective sample size from lag-1 rank autocorrelation"
	// MethodV1: what v1 snapshots did, ranks n/2 ∓ 1.96·√n/2 with the
	// seconds taken as independent.
	MethodV1 = "v1: order statistics at ranks n/2 ∓ 1.96·√n/2, seconds taken as independent"
)

// Comparison is side B's throughput against side A's over the run.
type Comparison struct {
	Metric     string  `json:"metric"` // "throughput"
	Ratio      float64 `json:"ratio"`  // B / A, median of per-second ratios
	CILow      float64 `json:"ci_low"`
	CIHigh     float64 `json:"ci_high"`
	Confidence float64 `json:"confidence"` // the level asked: 0.95
	// Coverage is the level the interval achieved: at least Confidence
	// when there were enough seconds, else what the seconds' range covers.
	Coverage float64 `json:"coverage" since:"2"`
	Pairs    int     `json:"pairs"` // seconds in which both variants ran
	// EffectivePairs is what the pairs are worth as independent seconds,
	// given their lag-1 autocorrelation Lag1.
	EffectivePairs float64 `json:"effective_pairs" since:"2"`
	Lag1           float64 `json:"lag1_autocorrelation" since:"2"`
	Method         string  `json:"method" since:"2"` // MethodSeries, or MethodV1
	// MaxErrorRate is the share of failed ops above which a variant is not
	// comparable (--max-errors); Comparable is false when one exceeded it,
	// and Reason then says which ("optimised failed 100 % of ops").
	MaxErrorRate float64 `json:"max_error_rate" since:"2"`
	Comparable   bool    `json:"comparable" since:"2"`
	Reason       string  `json:"reason,omitempty"`
	Verdict      string  `json:"verdict"` // "sharded 3.10× faster" (B named; v1: "optimised …"), "no clear difference", "not comparable: …", ...
}

// SeedImpls names, by workload, the implementations the two sides of a v1
// snapshot ran: v1 knew only the seed's pair, and these are its names now.
var SeedImpls = map[string][2]string{
	"registry":    {"owner", "sharded"},
	"correlation": {"owner", "ring"},
	"codec":       {"json-map", "easyjson"},
	"percentile":  {"sort", "histogram"},
	"e2e":         {"mcptop-std", "mcptop-opt"},
	"target":      {"server-a", "server-b"},
}

// Bucket is a histogram bucket: values from LoNs to HiNs seen Count times.
type Bucket struct {
	LoNs  int64  `json:"lo_ns"`
	HiNs  int64  `json:"hi_ns"`
	Count uint64 `json:"count"`
}
