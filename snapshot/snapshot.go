package snapshot

//go:generate go tool easyjson -no_std_marshalers snapshot.go

// Schema is the version string every snapshot carries in "schema".
const Schema = "mcptop.snapshot/v1"

// Snapshot is one exported session.
//
//easyjson:json
type Snapshot struct {
	Schema         string  `json:"schema"`
	CreatedAt      string  `json:"created_at"` // RFC 3339, UTC
	Tool           Tool    `json:"tool"`
	Env            Env     `json:"env"`
	ObserverCostNs float64 `json:"observer_cost_ns"` // clock read + histogram record, per timed op or batch
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
	Workers     int            `json:"workers"`  // goroutines per variant
	Mode        string         `json:"mode"`     // "alternate" or "parallel"
	SliceMs     float64        `json:"slice_ms"` // turn length in alternate mode
	WarmupS     int            `json:"warmup_s"` // leading seconds kept out of summaries
	Timing      string         `json:"timing"`   // "per op", "per 32 ops", "per op (self-timed)"
	BatchOps    int            `json:"batch_ops"`
	// AllocAttributable is false in parallel mode, where both variants
	// allocate at once and alloc_bytes_per_op is their combined rate.
	AllocAttributable bool         `json:"alloc_attributable"`
	StartedAt         string       `json:"started_at"` // RFC 3339, UTC
	DurationS         float64      `json:"duration_s"` // seconds measured (ticks)
	DroppedTicks      int          `json:"dropped_ticks"`
	Variants          []VariantRun `json:"variants"` // [0] baseline, [1] optimised
	Comparison        Comparison   `json:"comparison"`
}

// VariantRun is one variant's part of a run.
type VariantRun struct {
	Variant string  `json:"variant"` // "baseline" or "optimised"
	Label   string  `json:"label"`   // what the variant is, e.g. "easyjson"
	Series  []Point `json:"series"`
	Summary Summary `json:"summary"`
	// Histogram is the run's merged latency distribution after warm-up:
	// non-empty buckets, ascending.
	Histogram []Bucket `json:"latency_histogram"`
}

// Point is one second of one variant.
type Point struct {
	T                 int     `json:"t_s"` // seconds since the run started, 1-based
	Warmup            bool    `json:"warmup"`
	Ops               int64   `json:"ops"`
	Errors            int64   `json:"errors"`
	ActiveS           float64 `json:"active_s"` // time this variant ran in the second
	ThroughputOpsPerS float64 `json:"throughput_ops_per_s"`
	ThroughputBPerS   float64 `json:"throughput_bytes_per_s"`
	LatencyP50Us      float64 `json:"latency_p50_us"`
	LatencyP95Us      float64 `json:"latency_p95_us"`
	LatencyP99Us      float64 `json:"latency_p99_us"`
	LatencyMaxUs      float64 `json:"latency_max_us"`
	LatencyMeanUs     float64 `json:"latency_mean_us"`
	AllocBytesPerOp   float64 `json:"alloc_bytes_per_op"`
}

// Summary is one variant over a run's seconds after warm-up.
type Summary struct {
	Ticks  int   `json:"ticks"`
	Ops    int64 `json:"ops"`
	Errors int64 `json:"errors"`
	// Median per-second throughput and its 95 % confidence interval
	// (distribution-free, from order statistics).
	ThroughputMedianOpsPerS float64 `json:"throughput_median_ops_per_s"`
	ThroughputCILowOpsPerS  float64 `json:"throughput_ci_low_ops_per_s"`
	ThroughputCIHighOpsPerS float64 `json:"throughput_ci_high_ops_per_s"`
	ThroughputMedianBPerS   float64 `json:"throughput_median_bytes_per_s"`
	// Percentiles of the run's merged histogram.
	LatencyP50Us    float64 `json:"latency_p50_us"`
	LatencyP95Us    float64 `json:"latency_p95_us"`
	LatencyP99Us    float64 `json:"latency_p99_us"`
	LatencyP999Us   float64 `json:"latency_p999_us"`
	LatencyMaxUs    float64 `json:"latency_max_us"`
	LatencyMeanUs   float64 `json:"latency_mean_us"`
	AllocBytesPerOp float64 `json:"alloc_bytes_per_op"` // median of the per-second values
	LastError       string  `json:"last_error,omitempty"`
}

// Comparison is optimised against baseline throughput over the run.
type Comparison struct {
	Metric     string  `json:"metric"` // "throughput"
	Ratio      float64 `json:"ratio"`  // optimised / baseline, median of per-second ratios
	CILow      float64 `json:"ci_low"`
	CIHigh     float64 `json:"ci_high"`
	Confidence float64 `json:"confidence"` // 0.95
	Pairs      int     `json:"pairs"`      // seconds in which both variants ran
	Verdict    string  `json:"verdict"`    // "optimised 3.10× faster", "no clear difference", ...
}

// Bucket is a histogram bucket: values from LoNs to HiNs seen Count times.
type Bucket struct {
	LoNs  int64  `json:"lo_ns"`
	HiNs  int64  `json:"hi_ns"`
	Count uint64 `json:"count"`
}
