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

// EffectiveN is how many independent values n values of a series with
// lag-1 autocorrelation r are worth, for its median or mean:
// n·(1 − r)/(1 + r), the variance inflation of a first-order autoregressive
// series. A series whose r is not positive is taken at its n: negative
// autocorrelation makes the independent interval conservative.
func EffectiveN(n int, r float64) float64 {
	if !(r > 0) {
		return float64(n)
	}
	r = math.Min(r, 0.99)
	return float64(n) * (1 - r) / (1 + r)
}

// BlockLen is the block length that makes n values with lag-1
// autocorrelation r about as many blocks as EffectiveN says they are worth
// independent values: n / EffectiveN(n, r), rounded, at least 1.
func BlockLen(n int, r float64) int {
	eff := EffectiveN(n, r)
	if eff <= 0 {
		return 1
	}
	return max(1, int(math.Round(float64(n)/eff)))
}

// BlockMeans returns the means of consecutive blocks of b values of xs,
// appended to dst[:0]. The ⌊n/b⌋ blocks end at the last value: the n mod b
// oldest values, nearest the warm-up, are left out.
func BlockMeans(dst, xs []float64, b int) []float64 {
	dst = dst[:0]
	if b <= 1 {
		return append(dst, xs...)
	}
	for i := len(xs) % b; i+b <= len(xs); i += b {
		sum := 0.0
		for _, x := range xs[i : i+b] {
			sum += x
		}
		dst = append(dst, sum/float64(b))
	}
	return dst
}
