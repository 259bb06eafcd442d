package stats

import (
	"math"
	"slices"
)

// Level is the confidence every interval of this package aims for.
const Level = 0.95

// MinN is the fewest independent values whose median interval can reach
// Level: with n values the widest interval, their minimum to their maximum,
// covers the median with probability 1 − 2^(1−n), which is 93.75 % at n = 5
// and 96.9 % at n = 6.
const MinN = 6

// Interval is a median with its confidence interval, and what the interval
// rests on.
type Interval struct {
	// Median is the sample median (the mean of the middle two values when
	// N is even); Lo and Hi are the interval's ends, values of the sample.
	Median, Lo, Hi float64
	// LoRank and HiRank are the 1-based ranks of Lo and Hi in the sorted
	// sample.
	LoRank, HiRank int
	// N is the number of values; EffN the number of independent values
	// they are worth (N when they are taken as independent, fewer when they
	// are autocorrelated); Lag1 the lag-1 autocorrelation of their ranks
	// (0 when not measured).
	N    int
	EffN float64
	Lag1 float64
	// Coverage is the probability that an interval built this way covers
	// the population median: the exact binomial coverage of the ranks, at
	// EffN values when they are autocorrelated.
	Coverage float64
	// OK reports that Coverage reached Level. When it did not (fewer than
	// MinN values, or effective values), Lo and Hi are the sample's minimum
	// and maximum and say nothing at Level.
	OK bool
}

// MedianRanks returns the symmetric pair of 1-based ranks (lo, n+1−lo) of n
// sorted independent values whose interval covers the median with
// probability at least level, the tightest such pair, and that
// probability. Below the n at which level is reachable (MinN at 95 %) it
// returns 1 and n, the coverage they have, and ok false.
//
// The coverage of ranks (l, n+1−l) is P(l ≤ B ≤ n−l) with B ~ Binomial(n,
// ½): the number of values below the population median, for any continuous
// distribution.
func MedianRanks(n int, level float64) (lo, hi int, coverage float64, ok bool) {
	if n <= 0 {
		return 0, 0, 0, false
	}
	tail := (1 - level) / 2 // the most each side may miss
	// walk l up while P(B ≤ l−1) stays within the tail
	l, cdf := 0, 0.0
	for k := binomStart(n); k < (n+1)/2; k++ {
		next := cdf + binomPMF(n, k)
		if next > tail*(1+1e-12) {
			break
		}
		cdf, l = next, k+1
	}
	if l == 0 {
		return 1, n, 1 - 2*binomPMF(n, 0), false
	}
	return l, n + 1 - l, 1 - 2*cdf, true
}

// binomPMF is P(B = k) for B ~ Binomial(n, ½), from log-gamma so that it
// neither overflows nor underflows for any n mcptop keeps (a day of
// seconds).
func binomPMF(n, k int) float64 {
	ln, _ := math.Lgamma(float64(n + 1))
	lk, _ := math.Lgamma(float64(k + 1))
	lnk, _ := math.Lgamma(float64(n - k + 1))
	return math.Exp(ln - lk - lnk - float64(n)*math.Ln2)
}

// binomStart is the smallest k whose P(B ≤ k) can matter: 20 standard
// deviations below the mean, where the tail is below 10⁻⁸⁰. Starting there
// keeps MedianRanks O(√n).
func binomStart(n int) int {
	return max(0, int(float64(n)/2-10*math.Sqrt(float64(n))))
}

// MedianCI returns the median of the independent values xs with the
// distribution-free interval of MedianRanks at level. xs is not modified.
func MedianCI(xs []float64, level float64) Interval {
	s := slices.Clone(xs)
	slices.Sort(s)
	return medianOfSorted(s, float64(len(s)), level)
}

// SeriesCI returns the median of a time series xs (oldest first) with an
// interval that allows for the series' autocorrelation: the lag-1
// autocorrelation r of the values' ranks gives the effective sample size
// EffectiveN(n, r), the ranks are chosen for that many independent values,
// and then stretched to the n values (see the package documentation). buf,
// if it has room for len(xs) values, is used for sorting, so that a caller
// that keeps one allocates nothing; xs is not modified.
func SeriesCI(xs, buf []float64, level float64) Interval {
	s := sortedCopy(xs, buf)
	r := lag1Corrected(xs, s)
	in := medianOfSorted(s, EffectiveN(len(xs), r), level)
	in.Lag1 = r
	return in
}

// Autocorrelation is the lag-1 autocorrelation of the series xs (oldest
// first) as SeriesCI and compare use it: RankLag1, corrected for its
// small-sample bias. buf is scratch space as in SeriesCI.
func Autocorrelation(xs, buf []float64) float64 { return lag1Corrected(xs, sortedCopy(xs, buf)) }

// lag1Corrected is RankLag1 of xs (sorted: s) with the first-order bias
// of a lag-1 autocorrelation removed: E[r] ≈ ρ − (1+4ρ)/n, so
// ρ ≈ (n·r + 1)/(n − 4), from n = 20 on (below, the estimate is too
// noisy for the correction, which multiplies it by n/(n−4), to mean more
// than it amplifies), and kept within −1..1.
func lag1Corrected(xs, s []float64) float64 {
	r := RankLag1(xs, s)
	if n := float64(len(xs)); n >= 20 {
		r = (n*r + 1) / (n - 4)
	}
	return max(-1, min(1, r))
}

// sortedCopy is xs sorted, in buf when it has room.
func sortedCopy(xs, buf []float64) []float64 {
	var s []float64
	if cap(buf) >= len(xs) {
		s = buf[:len(xs)]
	} else {
		s = make([]float64, len(xs))
	}
	copy(s, xs)
	slices.Sort(s)
	return s
}

// medianOfSorted is the interval of the sorted sample s when its values are
// worth eff independent ones: the ranks of MedianMinRanks for m = ⌊eff⌋
// values, scaled by n/m onto the n values so that a run of n/m values on one
// side of the median counts as one.
func medianOfSorted(s []float64, eff, level float64) Interval {
	n := len(s)
	in := Interval{N: n, EffN: eff}
	if n == 0 {
		return in
	}
	in.Median = Median(s)
	m := max(1, min(n, int(math.Floor(eff+1e-9))))
	l, _, cov, ok := MedianRanks(m, level)
	in.Coverage, in.OK = cov, ok
	if !ok {
		in.LoRank, in.HiRank = 1, n
	} else {
		in.LoRank = max(1, int(math.Floor(float64(l)*float64(n)/float64(m)+1e-9)))
		in.HiRank = n + 1 - in.LoRank
	}
	in.Lo, in.Hi = s[in.LoRank-1], s[in.HiRank-1]
	return in
}

// Median is the median of sorted values: the middle one, or the mean of
// the middle two; NaN when there are none.
func Median(sorted []float64) float64 {
	n := len(sorted)
	switch {
	case n == 0:
		return math.NaN()
	case n%2 == 1:
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// RankCoverage is the probability that the values of ranks lo and hi
// (1-based, lo ≤ hi) of n sorted independent values enclose the median:
// P(lo ≤ B ≤ hi−1), B ~ Binomial(n, ½).
func RankCoverage(n, lo, hi int) float64 {
	if n <= 0 || lo < 1 || hi > n || lo > hi {
		return 0
	}
	c := 0.0
	for k := max(lo, binomStart(n)); k <= hi-1; k++ {
		c += binomPMF(n, k)
	}
	return math.Min(1, c)
}
