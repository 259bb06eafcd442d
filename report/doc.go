// Package report turns snapshots into things people read and gates CI on
// them: `mcptop report` (Report, RunReport) and `mcptop compare` (Compare,
// RunCompare).
//
// # Report
//
// Report renders one validated snapshot, optionally only the runs of one
// workload, as
//
//   - text (default): per run, its parameters, workers, mode, duration and
//     warm-up, how ops were timed and whether allocation is attributable,
//     and the implementations its sides ran; a table of side A against side
//     B, headed by their implementations' names (median throughput with its
//     95 % interval, latency p50/p95/p99/p99.9/max/mean, alloc B/op, errors,
//     ops, seconds); B's throughput over A's ("sharded/owner throughput")
//     with its interval and a verdict in words naming B: "sharded 3.10×
//     faster, 95 % CI 2.90–3.30×", "sharded 1.40× slower, …" or "no clear
//     difference (… includes 1×)".
//     Every figure is the engine's, read from the snapshot; nothing is
//     re-estimated. Numbers are printed, and the verdict decided, by the
//     units package, as on the dashboard.
//   - md: the same as Markdown (bullet facts, a pipe table), for a PR.
//   - csv: the per-second series, one row per second per variant per run,
//     with unit-suffixed headers (CSVHeader).
//   - json: the validated snapshot re-emitted, indented, restricted to the
//     runs kept. It is a snapshot itself, so `report --workload X --format
//     json` cuts one workload out of a session file. (A second summary
//     format was not added: the snapshot already holds the summaries, with
//     documented keys, and one schema is easier to keep right than two.)
//   - html: one self-contained page: no script, no stylesheet or font or
//     image fetched, only inline CSS and, per run, two inline SVG charts
//     (throughput per second; p50 and p99 latency per second; both variants;
//     axes titled with their units, warm-up shaded, latency on a log axis
//     when it spans more than 30×) and the same tables.
//
// # Compare
//
// Compare pairs each run of OLD with a run of NEW by workload name,
// parameters and implementations (the k-th run of OLD with a given
// workload, parameters and pair of implementations goes with the k-th of
// NEW); a run whose only counterpart ran other implementations is not
// compared, and says which (exit 2): another implementation is not a
// regression. Workers, mode, timing or labels that differ do not
// prevent a pair but are noted, as are differences of machine (Go version,
// GOMAXPROCS, CPU). For each variant and each metric asked for (throughput,
// p50, p95, p99, alloc; default throughput, p99, alloc) it takes the
// per-second values after each run's own warm-up: seconds in which the
// variant ran for throughput, seconds in which it completed an op for
// latency and alloc.
//
// The test is the two-sided Mann-Whitney U test, as benchstat uses: it
// asks whether a new second tends to be higher or lower than an old one,
// assumes nothing about the shape of the distribution and is not moved by a
// few outlying seconds. The p-value is exact (the null distribution of U by
// recurrence) when each side has at most 50 samples and no value is tied;
// otherwise it is the normal approximation with the tie correction and a
// continuity correction (R's wilcox.test). Latency percentiles come from a
// bucketed histogram, so ties there are common and the correction matters.
//
// The size of the change is the Hodges–Lehmann estimate of the shift, the
// median of all n_old·n_new differences new − old, with Moses' confidence
// interval (the k-th smallest and k-th largest difference, k from the same
// null distribution of U at 1 − α), so estimate, interval and p-value agree.
// Δ% is the shift and its interval divided by the old median; when the old
// median is 0 (a zero-allocation variant) Δ is shown in the metric's unit.
// Differences are counted, never materialised (O((n₁+n₂) log range) per
// order statistic), so an hour of seconds costs nothing.
//
// Each change is classified, direction-aware (throughput higher is better;
// latency and alloc lower is better) at α = 0.05 unless set:
//
//   - regressed: p < α and worse than the threshold (default 5 %);
//   - improved: p < α and better than the threshold;
//   - within threshold: p < α but |Δ| ≤ threshold;
//   - no significant change: p ≥ α;
//   - not compared: the metric is absent on a side (alloc in a parallel-mode
//     run is the two variants' combined rate, so it is not attributed), or a
//     side has fewer than MinSamples seconds after warm-up, or the sizes
//     cannot reach α at all.
//
// Alloc changes smaller than AllocFloor (1 B/op) are never classed as
// improved or regressed: runtime background allocation spread over the ops
// puts a few hundredths of a byte on a zero-allocation variant.
//
// Nothing is silently "no change": a run of OLD missing from NEW, a run
// whose parameters differ, an invalid snapshot (schema version included)
// and every metric that could not be tested is listed by name in
// Result.NotCompared. Two cases are listed but do not fail the gate: a run
// only in NEW (there is nothing it could have regressed from), and a
// default metric that neither run can measure (alloc when both ran in
// parallel mode; Result.Skipped). Asked for explicitly with --metric, such
// a metric is "not compared" and fails the gate.
//
// Exit codes (Result.ExitCode, RunCompare): 0 no regression and everything
// compared; 1 at least one regression, each listed with variant, metric,
// old → new, Δ, interval and p; 2 unusable input: bad usage, an unreadable
// or invalid file, or something of OLD that could not be compared.
//
// # Imports
//
// This package imports the standard library, snapshot, units (every
// number it prints) and workload (only to print parameters): never
// bubbletea, lipgloss, the engine or a workload's implementation. It reads
// what the engine wrote, so a report can be made on a machine that never
// ran mcptop.
package report
