// Package units prints every number mcptop shows — latencies, rates,
// counts, bytes, ratios, percentages — owns the rule that turns a
// throughput ratio into a verdict, and makes text from outside safe to
// print (SafeLine). The dashboard (tui), the headless output
// (the root package), reports and compare (report) and the engine's
// Comparison.Verdict all print through it, so a figure reads the same
// wherever it appears. Like golang.org/x/perf's benchunit it is a leaf: it
// imports only the standard library, and nothing of mcptop.
//
// # One rule: three significant figures
//
// A measured figure is printed with three significant figures, and its
// trailing zeros are kept: 4.12µs, 2.30ms, 1.24M, 1.20M, 3.10×, 48.0 B. Three
// figures are what the measurements support (latencies come from a
// log-linear histogram, rates from noisy seconds) and no fewer than a
// regression of a few percent needs. Keeping the zeros makes a column of
// figures line up and says how precise each one is: "1.20M" is not "1.2M
// give or take 50k". The prefix or unit is chosen after rounding, so
// 999.5 ns is "1.00µs" and 999 500 ops/s "1.00M", never "1000ns" or
// "1000k".
//
//   - Num: a bare number (0.0141, 0.310, 4.12, 42.3, 423, 4480). Below 1
//     it still keeps three significant figures, so the few hundredths of
//     a byte per op that runtime background allocation puts on a
//     zero-allocation variant show as 0.0141, not 0; below 10⁻⁴ it
//     switches to exponent form (1.23e-05) to bound the width.
//   - SI, Count, OpsRate, PerSec: decimal SI prefixes k, M, G, T (812,
//     4.12k, 1.24M ops/s). Count prints integers below 1000 in full.
//     PerSec ("1.24M/s") is the dashboard's compact form, where the row's
//     label says what is counted and "ops/s" would not fit a column.
//   - Bytes, BytesPerOp, BytesRate: decimal prefixes too (1.50 kB/op,
//     12.3 MB/s), as rates are; bytes per op is a mean, so fractions show.
//   - Duration, Nanos, Micros: ns, µs, ms, s (812ns, 4.12µs, 2.30ms,
//     1.25s); zero is "0". Micros reads snapshots, which store µs.
//   - Ratio and Interval: a factor with ×, its interval with an en dash
//     (3.10×, 2.90–3.30).
//   - Percent: a measured share (0.000467 %); Change: a signed relative
//     change (+20.1 %, −3.05 %) with the Unicode minus that Sign gives
//     every signed figure. Below 1 % a change is printed to hundredths
//     (+0.08 %; 0 % when it rounds to nothing): finer changes mean nothing
//     against a regression threshold of a few percent.
//
// Exceptions, each a named function: values that are round by
// construction or chosen rather than measured drop trailing zeros — Short,
// ShortSI and ShortDuration print axis ticks (2.5M, 250µs) and settings (a
// 100ms slice), Level a chosen fraction (a 95 % confidence level, a 5 %
// threshold) — and TimeUnit lets an axis label every tick in the unit of
// its top value. Compact prints a parameter's value (10k, 1M, 1500),
// PValue a p-value to three decimals (<0.001 below), Elapsed a run's clock
// (1:23, 3:04:05).
//
// Not a number prints as "—" (Dash) and an infinity as "∞", both without a
// unit.
//
// # Text from outside
//
// Every string mcptop did not write itself — a snapshot's labels, workload
// names, descriptions, settings and error messages, a server's name and
// stderr, a file name — goes through SafeLine before it reaches a
// terminal: control characters (C0, DEL, C1), bidirectional overrides and
// bytes that are not UTF-8 are removed and line breaks become spaces, so a
// snapshot or a server cannot set the terminal's title, clear the screen,
// hide text or break a table. Printable Unicode stays. The dashboard, the
// headless output, the text and Markdown reports and compare all print
// through it; clean text costs no allocation.
//
// # The verdict
//
// Judge applies the one verdict rule to the Evidence of a comparison: the
// optimised/baseline throughput ratio, its confidence interval, whether
// that interval reached its level, the paired seconds behind it, and each
// variant's error rate against the limit (--max-errors). In that order:
// "not comparable: optimised failed 100 % of ops" when a variant's error
// rate exceeds the limit, whatever the ratio says (throughput counts only
// successful ops, and a variant that fails fast must not read as faster);
// "not enough data yet: 4 s" while the interval has not reached its level
// (the stats package says when: six independent seconds' worth) or there
// is no positive ratio; "faster" when the whole interval is above 1;
// "slower" when it is below 1; otherwise "no clear difference". A slower
// verdict is read as a factor ≥ 1 (baseline/optimised) with its interval
// inverted, so the words and the number agree: "optimised 2.00× slower",
// never "0.500× slower". How a verdict is dressed (a coloured cell, a
// sentence with the interval) is up to each output; what it says is decided
// here once.
package units
