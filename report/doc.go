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
//     interval and the coverage it achieved, latency p50/p95/p99/p99.9/max/
//     mean, alloc B/op, allocs and CPU per op, errors with their share of
//     ops, timeouts and the failed ops' p99, ops, seconds); B's throughput
//     over A's ("sharded/owner throughput") with its interval and a verdict
//     in words naming the sides (units.Judge, from the snapshot's ratio,
//     coverage, error rates and --max-errors): "sharded 3.10× faster, 96.1 %
//     CI 2.90–3.30×", "sharded 1.40× slower, …", "no clear difference (…
//     includes 1×)", "not enough data yet: 4 s (…)" or "not comparable:
//     sharded failed 100 % of ops".
//     Every figure is the engine's, read from the snapshot; nothing is
//     re-estimated. Numbers are printed, and the verdict decided, by the
//     units package, as on the dashboard.
//   - md: the same as Markdown (bullet facts, a pipe table), for a PR.
//   - With an open loop: its load (rate, arrivals, cap), the rate achieved,
//     service times and missed and capped sends in the table; a mix of
//     calls adds a table of its methods with each side's total; a capacity
//     search adds its steps and each side's capacity with the evidence
//     (openloop.go), and in html the knee chart (knee.go).
//   - csv: the per-second series, one row per second per variant per run,
//     with unit-suffixed headers (CSVHeader).
//   - json: the validated snapshot re-emitted, indented, restricted to the
//     runs kept. It is a snapshot itself, so `report --workload X --format
//     json` cuts one workload out of a session file. (A second summary
//     format was not added: the snapshot already holds the summaries, with
//     documented keys, and one schema is easier to keep right than two.)
//   - html: one self-contained page: no script, no stylesheet or font or
//     image fetched, only inline CSS and, per run, three inline SVG charts
//     (throughput per second; p50 and p99 latency per second; both variants;
//     axes titled with their units, warm-up shaded, latency on a log axis
//     when it spans more than 30×; and each side's latency distribution
//     after warm-up as a percentile spectrum, spectrum.go) and the same
//     tables. The spectrum is HdrHistogram's plot: x is the percentile on a
//     log scale of 1/(1−q) (p50, p90, p99, p99.9, p99.99 equally apart), y
//     the latency on a log axis. It is read from latency_histogram: the
//     buckets rebuild the histogram (percentile.FromBuckets) whose
//     nearest-rank quantiles every other figure uses, each curve ends at
//     the highest percentile its ops resolve (1 − 1/n), and its legend says
//     how many ops it is of and whether every op or a random sample was
//     timed. A v1 run that timed batches gets no curve: a batch mean is not
//     an op's latency.
//
// # Merged snapshots
//
// A snapshot made by mcptop merge (see package merge) is read like any
// other. The header says it is a fleet and lists its instances' machines
// (the top-level env is the fleet's); each run says how far apart the
// instances started (seconds are aligned on wall-clock time, so only as
// well as the machines' clocks agree), how many seconds not every instance
// ran in, and that a second's p50/p95/p99 are not merged: csv leaves those
// cells empty, html draws no latency line for them, and compare treats
// per-second percentiles as absent (not compared) and skips partial
// seconds, as the merge kept them out of the median and the ratio. A
// snapshot of one named instance (--instance) says its name.
//
// # Compare
//
// Compare pairs each run of OLD with a run of NEW that measured the same
// thing: same workload, parameters, implementations (another
// implementation is not a regression of either), variant labels (what each
// variant is) and settings (a target's servers, call, arguments and
// timeout; see pairingDiffs). A run of OLD with no such partner is not
// compared, and the reason names what differs ("call \"ping\" →
// \"nosuch/method\""), so the gate exits 2. Workers, mode or timing that
// differ do not prevent a pair but are noted, as are differences of
// machine (Go version, GOMAXPROCS, CPU). For each variant and each metric
// asked for (throughput, p50, p95, p99, alloc, errors, error_rate; default
// throughput, p99, alloc, errors, error_rate) it takes the per-second
// values after each run's own warm-up, in time order, from the seconds in
// which the variant ran (a second without a turn is no evidence): for
// latency and alloc only seconds with a successful op, for error_rate
// seconds with any op. Latency percentiles of batch means (v1 snapshots
// that timed batches, tails "batch_mean") are not compared with per-op
// ones: a batch mean is not an op's latency.
//
// The test is the two-sided Mann–Whitney U test (stats.MannWhitneySeries):
// it asks whether a new second tends to be higher or lower than an old
// one, assumes nothing of the distribution's shape and is not moved by a
// few outlying seconds. The p-value is exact, ties included, up to
// stats.ExactMax seconds a side (latency percentiles come from a bucketed
// histogram, so their seconds tie often), else the normal approximation
// with tie correction. Seconds of one run are autocorrelated, so the
// p-value is deflated by the variance inflation their lag-1
// autocorrelations imply (1 when they look independent). The p-values of
// a run pair are then adjusted together (Holm–Bonferroni): the chance of
// any false alarm in the pair stays at most α. The stats package's
// documentation says how each is computed and why.
//
// The size of the change is the Hodges–Lehmann estimate of the shift, the
// median of all n_old·n_new differences new − old, with Moses' interval
// (the k-th smallest and k-th largest difference, k from the null
// distribution of U at 1 − α, widened for autocorrelation alike). Δ% is
// the shift and its interval divided by the old median; when the old
// median is 0 (a zero-allocation variant) Δ is shown in the metric's unit.
//
// Each change is classified, direction-aware (throughput higher is better;
// latency, alloc, errors and error rate lower is better) at α = 0.05 unless
// set, on the Holm-adjusted p:
//
//   - regressed: p < α and worse than the threshold (default 5 %); for
//     errors and error_rate, any failure where OLD had none (no test
//     needed), or a significant rise of any size;
//   - improved: p < α and better than the threshold (errors: any
//     significant fall);
//   - within threshold: p < α but |Δ| ≤ threshold;
//   - no significant change: p ≥ α (or nothing failed on either side);
//   - not compared: the metric is absent on a side (alloc in a parallel-mode
//     run is the two variants' combined rate, so it is not attributed), or
//     measured differently (tails), or a side has fewer than MinSamples
//     seconds after warm-up, or the sizes (with their autocorrelation)
//     cannot reach α at all.
//
// Alloc changes smaller than AllocFloor (1 B/op) are never classed as
// improved or regressed: runtime background allocation spread over the ops
// puts a few hundredths of a byte on a zero-allocation variant.
//
// Nothing is silently "no change": a run of OLD missing from NEW or
// measured differently, an invalid snapshot (schema version included) and
// every metric that could not be tested is listed by name in
// Result.NotCompared. Two cases are listed but do not fail the gate: a run
// only in NEW (there is nothing it could have regressed from), and a
// default metric that neither run can measure (alloc when both ran in
// parallel mode; Result.Skipped). Asked for explicitly with --metric, such
// a metric is "not compared" and fails the gate.
//
// Compare writes text, md, json or html. The html page (compare_html.go)
// is self-contained like the report's: the tally and the regressions, then
// per run pair its table and, for each metric and side, a chart of the
// per-second values the test took from OLD (grey, dashed) and NEW (the
// side's colour), a gap where a second was left out, under the verdict, Δ,
// its interval, p and the seconds behind them; a change not compared says
// why instead.
//
// Exit codes (Result.ExitCode, RunCompare): 0 no regression and everything
// compared; 1 at least one regression, each listed with variant, metric,
// old → new, Δ, interval and p; 2 unusable input: bad usage, an unreadable
// or invalid file, or something of OLD that could not be compared.
//
// # Input, gates and what reaches a terminal
//
// RunReport and RunCompare read a file, or stdin for "-" (`mcptop
// --headless --out - | mcptop report -`), and give up with
// ExitInterrupted when their context ends first: opening a FIFO no one
// writes to blocks in the kernel, where nothing else could stop it.
//
// --fail-if on report (ParseGates, Gates.Check) judges bounds such as
// "p99>5ms, errors>0, throughput<10k" against every variant of every run
// reported, from the run's summary after warm-up: exit 1 naming each
// breach, or 2 when a bound cannot be judged (a figure the run did not
// measure, a variant with no second after warm-up); never a silent pass.
// The root package's headless runs use the same gates on their session.
//
// A snapshot is outside input. Every format people read (text, md, csv,
// html) renders a copy whose strings went through units.SafeLine
// (printable), so a label or an error message in a snapshot cannot act on
// the terminal; json re-emits the data as read.
//
// # Imports
//
// This package imports the standard library, snapshot, stats (every test
// and interval), units (every number it prints and the verdict rule),
// percentile (only its histogram, to read latency_histogram) and workload
// (only to print parameters): never
// bubbletea, lipgloss, the engine or a workload's implementation. It reads
// what the engine wrote, so a report can be made on a machine that never
// ran mcptop.
package report
