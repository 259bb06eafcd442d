// Package merge combines the snapshots of several mcptop instances that
// ran the same workloads with the same inputs at the same time, on several
// machines, into one snapshot whose figures are the fleet's: `mcptop merge`.
//
// # What must agree
//
// Everything of a snapshot, a run and a variant that is an input (the
// workload, its parameters and settings, the implementations' labels,
// workers, mode, warm-up, how ops were timed and how many of them, the
// load model, the tool's version) must be equal in every input, or Merge
// refuses with a MismatchError naming the field and both values. The rule
// is written the other way round: a list of the fields that are
// measurements of one instance, merged below; any other field, including
// one added later, is matched. Runs are paired by position (a headless run
// has one). Inputs must be v2: a v1 snapshot's seconds carry no wall-clock
// time and cannot be aligned. Two inputs of one instance (by --instance,
// else hostname) are refused: the same run would count twice.
//
// # How figures combine
//
//   - Histograms merge exactly: the buckets are percentile.Histogram's
//     (lo_ns/hi_ns name one), rebuilt with percentile.FromBuckets and
//     added; the summary's p50…p99.9 and max are read from the sum by
//     nearest rank, as for one instance. The snapshot keeps no minimum, so
//     the lowest bucket's bound stands in: a quantile in the lowest bucket
//     may move by half its width (0.39 %).
//   - Per-second series align on wall-clock seconds, not on each run's
//     seconds since start: an instance's second goes to the whole second
//     nearest its end (unix_ms), so instances started a fraction apart
//     land together. Alignment is only as good as the machines' clocks
//     (NTP); each run records every instance's start and their spread
//     (Merged.StartSpreadS).
//   - In a merged second, ops, errors, timeouts, times and throughput add
//     up (throughput is the sum of each instance's ops/active_s); max is
//     the largest; mean and per-op figures (alloc, CPU) are weighted by the
//     ops they are of; CPU % and memory add up. The second's p50, p95 and
//     p99 cannot be merged from the instances' (quantiles do not add up):
//     they are marked PercentilesUnknown and hold 0, never another figure.
//   - A second some instance is missing from, or did not run the variant
//     in, is Partial: its throughput is not the fleet's, so the summary's
//     median throughput and the comparison use complete seconds after
//     warm-up only. A run with none is refused.
//   - An open loop's sends, missed and capped sends and achieved rate add
//     up (a fleet at --rate R on each of n instances offers n·R), its lag
//     behind schedule is the largest, and its service times come from the
//     summed service histograms; a mix's methods add up method by method,
//     their latencies from their summed histograms. A snapshot holding a
//     capacity search is refused: its steps are one instance's choices.
//   - Summary counts are the instances' sums; the fleet's environment is
//     what every instance shares ("mixed" where not) with processors
//     summed, and each instance's own is kept in Snapshot.Instances.
//
// # Imports
//
// This package imports snapshot (what it reads and writes), percentile
// (to rebuild and add histograms with their own quantile rule), stats (the
// throughput interval, computed as the engine computes a run's) and units
// (the verdict); never the engine, the UI or a workload.
package merge
