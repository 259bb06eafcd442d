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
// nearest rank ceil(q·n). SelectQuantiles gets the same answers by
// quickselect, without a full sort.
//
// The percentile workload (Workload) answers p50/p95/p99 of a fixed window
// of latencies in six ways: clone-sort (a fresh copy and sort.Slice, the
// most direct port of the seed's lists:sort + lists:nth), sort (a reused
// buffer and slices.Sort, the seed's "before"), select (quickselect of the
// three ranks), histogram (this package's, the seed's "after"), hdr
// (github.com/HdrHistogram/hdrhistogram-go at two significant digits) and
// ddsketch (github.com/DataDog/sketches-go at 1 % relative accuracy). The
// first three are exact; the others state a bound (1/256, 1 %, 1 %), and
// every op checks its three answers against the exact ones and fails when
// one is further off than its bound. Every op of a run computes the same
// window, so the largest error over a run is that of any one op: Impl's
// Accuracy measures it, `mcptop list` prints it at the default window and
// `mcptop matrix` at the run's.
//
// This package imports the workload contract, units (to word its errors),
// hdrhistogram-go and sketches-go; never the engine or anything of the UI.
package percentile
