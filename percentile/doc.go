// Package percentile owns how mcptop turns latencies into percentiles.
//
// Histogram is the estimator behind every latency figure mcptop shows: a
// mergeable log-linear (HDR-style) histogram of int64 nanoseconds. Record is
// O(1) and allocation-free; a histogram belongs to one goroutine, and the
// engine folds worker histograms together with Merge once per slice.
//
// Layout: values below 256 ns each have a bucket of their own and are exact.
// Above that, every power of two [2^k, 2^(k+1)) is split into 128 equal
// buckets, so a bucket is at most 1/128 of its lower bound wide. A quantile is
// reported as the midpoint of the bucket holding the nearest-rank sample
// (clamped to the recorded min and max), so its relative error against the
// exact nearest-rank value is at most 1/256 ≈ 0.39 %, well inside the 1 %
// the project promises. The range is 0 to MaxValue (2^42-1 ns, about 73 min);
// values outside it are clamped to the nearest end and counted in Clamped,
// never dropped.
//
// Exact is the ground truth: it keeps every sample, sorts, and picks the
// nearest rank ceil(q·n). It is used in tests and as the baseline of the
// percentile workload (Workload), which pits "copy, sort, index" — the Go
// form of the seed's lists:sort + lists:nth — against the histogram.
//
// This package imports only the standard library and the workload contract;
// never the engine or anything of the UI.
package percentile
