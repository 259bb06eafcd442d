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
	Runs           []Run   `json:"runs"`
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
	AllocAttributable bool         `json:"alloc_attributable"`
	StartedAt         string       `json:"started_at"` // RFC 3339, UTC
	DurationS         float64      `json:"duration_s"` // seconds measured (ticks)
	DroppedTicks      int          `json:"dropped_ticks"`
	Variants          []VariantRun `json:"variants"` // [0] side A ("baseline"), [1] side B ("optimised")
	Comparison        Comparison   `json:"comparison"`
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
	ThroughputMedianBPerS   float64 `json:"throughput_median_bytes_per_s"`
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
}

// Comparison is side B's throughput against side A's over the run.
type Comparison struct {
	Metric     string  `json:"metric"` // "throughput"
	Ratio      float64 `json:"ratio"`  // B / A, median of per-second ratios
	CILow      float64 `json:"ci_low"`
	CIHigh     float64 `json:"ci_high"`
	Confidence float64 `json:"confidence"` // 0.95
	Pairs      int     `json:"pairs"`      // seconds in which both variants ran
	Verdict    string  `json:"verdict"`    // "sharded 3.10× faster" (B named; v1: "optimised …"), "no clear difference", ...
}

// SeedImpls names, by workload, the implementations the two sides of a v1
// snapshot ran: v1 knew only the seed's pair, and these are its names now.
var SeedImpls = map[string][2]string{
	"registry":    {"owner", "sharded"},
	"correlation": {"owner", "ring"},
	"codec":       {"json-map", "easyjson"},
	"percentile":  {"sort", "histogram"},
	"e2e":         {"mcptop-std", "mcptop-opt"},
	"target":      {"a", "b"},
}

// Bucket is a histogram bucket: values from LoNs to HiNs seen Count times.
type Bucket struct {
	LoNs  int64  `json:"lo_ns"`
	HiNs  int64  `json:"hi_ns"`
	Count uint64 `json:"count"`
}
