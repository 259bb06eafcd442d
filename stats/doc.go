// Package stats holds the statistics behind every interval, verdict and
// test mcptop prints: the median's confidence interval, the allowance for
// autocorrelated seconds, the Mann–Whitney U test, the Hodges–Lehmann shift
// and the Holm–Bonferroni correction. It is a leaf: it imports only the
// standard library, and nothing of mcptop, so the engine (live summaries)
// and report (compare) compute the same things the same way.
//
// # The median's interval
//
// A run's throughput is summarised by the median of its per-second values,
// and the optimised/baseline throughput by the median of the per-second
// ratios. Their interval comes from order statistics: of n independent
// values, the number B below the population median is Binomial(n, ½)
// whatever the distribution, so the sorted values at ranks l and n+1−l
// enclose the median with probability P(l ≤ B ≤ n−l), computed exactly
// (MedianRanks). mcptop takes the tightest symmetric pair whose coverage is
// at least 95 % and reports the coverage it actually achieved (96.9 % at
// n = 6, 97.9 % at 10, 95.9 % at 20, 97.3 % at 60: the ranks are whole
// numbers, so coverage moves in steps). An asymmetric pair is sometimes one
// rank tighter, but it must lean to one side by a rule fixed in advance,
// and leaning always the same way would shift every interval; the symmetric
// pair is never more than that one rank wider. Below n = 6 (MinN) no pair
// reaches 95 % — the whole range covers 93.75 % at n = 5 and 75 % at
// n = 3 — so the interval is not OK, and the engine gives no verdict ("not
// enough data yet").
//
// # Autocorrelation
//
// Seconds of one run are not independent: a neighbour's build, frequency
// scaling or a collector cycle lasts several seconds, so a slow second
// tends to follow a slow second. Values that are positively autocorrelated
// carry less information than their count says, and an interval or a test
// that takes them as independent is too narrow: at a lag-1 correlation of
// 0.5, the independent median interval above covers 85 % instead of 95 %.
//
// mcptop measures the lag-1 autocorrelation r of each series, on the ranks
// of its values (RankLag1) so that a short deep dip, which would dominate
// the values' correlation, weighs as much as any other second. The sample
// r is biased low by about (1+4r)/n; from n = 20 on it is corrected,
// (n·r+1)/(n−4) (Autocorrelation). For a first-order autoregressive
// series, a mean of n values varies (1+r)/(1−r) times as much as a mean of
// n independent ones (Inflation), so they are worth n·(1−r)/(1+r)
// independent values (EffectiveN). For the median this is conservative:
// the signs of a Gaussian AR(1) series are less correlated than its values.
//
// Two uses, one idea:
//
//   - SeriesCI, for the live and saved intervals, chooses the ranks for
//     m = ⌊EffectiveN⌋ independent values and stretches them over the n
//     values: rank ⌊l·n/m⌋, as if each run of n/m seconds moved together.
//     The coverage reported is that of the m-value ranks, and m < MinN
//     means not enough data. We chose this over an interval on block
//     means because it keeps the estimand (still the per-second median)
//     and shrinks back to the independent interval as r falls to 0.
//   - MannWhitneySeries, for compare, keeps U as it is but allows for its
//     larger variance: U/(n1·n2) is nearly the mean rank-probability of the
//     x values plus that of the y values, so Var(U) grows by about
//     (n2·f1 + n1·f2 + 1)/(n1 + n2 + 1), f the two series' Inflation
//     (USeriesInflation). The exact (or normal) p-value is turned into a
//     normal score, the score divided by the square root of that factor,
//     and turned back; HodgesLehmann widens Moses' interval by the same
//     factor. We tried block means first (blocks as long as n/EffectiveN,
//     tested exactly): residual correlation between neighbouring blocks
//     left false alarms at up to 13 % for α = 5 % on AR(1) series of 30 to
//     120 values with ρ = 0.3 to 0.8, where the inflated variance stays at
//     5–6 % (8 % at ρ = 0.8 and 20–30 values).
//
// Both are tested on simulated AR(1) series: at n = 60 and 200, ρ = 0.5
// and 0.7, SeriesCI covers 95–98 % where the independent interval covers
// 70–85 %, and MannWhitneySeries raises false alarms at about α where the
// plain test raises them two to six times as often. On independent values
// the allowance costs little (interval coverage about 97.5 % instead of
// the exact step's 95.9–97.3 %). With fewer seconds the lag-1 correlation
// itself is too uncertain (at n = 20 and ρ = 0.5 interval coverage is
// about 93 %, at ρ = 0.8 false alarms about 8 %): a run long enough for
// its dips to show is what makes an interval honest.
//
// # The Mann–Whitney U test
//
// MannWhitney asks whether values of one sample tend to be higher than
// values of the other, assuming nothing of their shape, and is not moved by
// a few outlying seconds. Up to ExactMax (50) values per side its p-value
// is exact, ties included: the probability, over every way of choosing
// which n1 of the pooled values are "x" (ties staying where they are), of a
// U at least as far from its mean n1·n2/2 as the one observed. Without ties
// that distribution comes from the Gaussian binomial coefficients; with
// ties, from a dynamic programme over the groups of equal values (see
// exactTied), a few milliseconds at 50 + 50. Latency percentiles come from
// a bucketed histogram, so their per-second values tie often, and the
// normal approximation mcptop used for tied samples before was off by up to
// 0.07 on real snapshots, and by up to 0.5 on tiny tied samples (2–8 a
// side). Above ExactMax, the normal approximation
// with the tie correction of the variance and a continuity correction is
// used (as R's wilcox.test), where it agrees with the exact value to within
// 0.01. Both are checked against brute-force enumeration in the tests.
// (github.com/aclements/go-moremath/stats was the alternative; on the same
// enumeration of small tied samples its p-values disagreed — see the
// README's dependency table — so mcptop computes its own.)
//
// # The Hodges–Lehmann shift
//
// HodgesLehmann estimates how much higher y is than x as the median of all
// n1·n2 differences y − x, with Moses' interval: the k-th smallest and k-th
// largest difference, k from the null distribution of U, so the interval
// excludes 0 about when the test rejects. The differences are counted by
// bisection, never materialised, so an hour of seconds costs little.
//
// # Many tests at once
//
// compare runs several tests per pair of runs (metrics × variants). Holm
// adjusts their p-values (Holm–Bonferroni): a regression is claimed only
// where the adjusted p is below α, which keeps the chance of any false
// alarm among all of a pair's tests at most α, whatever their dependence.
package stats
