package stats

import (
	"math"
	"sort"
)

// RankLag1 returns the lag-1 autocorrelation of the ranks of the series xs
// (oldest first): the correlation of each value's rank with the next one's,
// ties given their mid-rank. sorted must hold the same values sorted
// ascending. Ranks, not values, so that a few seconds of a dip (which the
// values' correlation would be dominated by) weigh as much as any other
// seconds. It is 0 for fewer than three values or when every value is
// the same.
func RankLag1(xs, sorted []float64) float64 {
	n := len(xs)
	if n < 3 {
		return 0
	}
	mean := float64(n+1) / 2
	var num, den float64
	prev := midRank(sorted, xs[0]) - mean
	den = prev * prev
	for _, x := range xs[1:] {
		d := midRank(sorted, x) - mean
		num += prev * d
		den += d * d
		prev = d
	}
	if den == 0 {
		return 0
	}
	return num / den
}

// midRank is the 1-based mid-rank of x among sorted.
func midRank(sorted []float64, x float64) float64 {
	lo := sort.SearchFloat64s(sorted, x)
	hi := lo
	for hi < len(sorted) && sorted[hi] == x {
		hi++
	}
	return float64(lo+1+hi) / 2
}

// Inflation is how much more a statistic averaged over a series with lag-1
// autocorrelation r varies than one averaged over as many independent
// values: (1 + r)/(1 − r), the variance inflation of the mean of a
// first-order autoregressive series (r capped at 0.95). A series whose r
// is not positive is taken as independent (1): negative autocorrelation
// only makes the independent figures conservative.
func Inflation(r float64) float64 {
	if !(r > 0) {
		return 1
	}
	r = math.Min(r, 0.95)
	return (1 + r) / (1 - r)
}

// EffectiveN is how many independent values n values of a series with
// lag-1 autocorrelation r are worth, for its median or mean:
// n / Inflation(r).
func EffectiveN(n int, r float64) float64 { return float64(n) / Inflation(r) }
