package percentile

import (
	"math/bits"
	"slices"
)

// SelectQuantiles fills out[i] with the nearest-rank qs[i]-quantile of
// values by selection rather than sorting: quickselect (median-of-three
// pivots) puts the first rank in place, then each further rank is selected
// in the part above the previous one, so qs must be ascending. It reorders
// values. Expected time is linear in len(values); a partition that keeps
// going badly falls back to sorting what is left, so the worst case is
// n log n. With no values out is zeroed.
func SelectQuantiles(values []int64, qs []float64, out []int64) {
	n := int64(len(values))
	if n == 0 {
		clear(out[:len(qs)])
		return
	}
	lo := 0
	for i, q := range qs {
		k := int(rank(q, n) - 1)
		if k >= lo {
			selectRank(values[lo:], k-lo)
			lo = k
		}
		out[i] = values[k]
	}
}

// selectRank reorders v so that v[k] is the value a sort would put there,
// with nothing larger before it and nothing smaller after it.
func selectRank(v []int64, k int) {
	budget := 2 * bits.Len(uint(len(v)))
	for len(v) > 16 {
		if budget == 0 {
			slices.Sort(v)
			return
		}
		budget--
		lt, gt := partition3(v)
		switch {
		case k < lt:
			v = v[:lt]
		case k >= gt:
			v, k = v[gt:], k-gt
		default:
			return // v[k] equals the pivot
		}
	}
	slices.Sort(v)
}

// partition3 splits v around a median-of-three pivot into values below it
// (v[:lt]), equal to it (v[lt:gt]) and above it (v[gt:]).
func partition3(v []int64) (lt, gt int) {
	a, b, c := v[0], v[len(v)/2], v[len(v)-1]
	p := max(min(a, b), min(max(a, b), c))
	lt, i, gt := 0, 0, len(v)
	for i < gt {
		switch x := v[i]; {
		case x < p:
			v[lt], v[i] = x, v[lt]
			lt++
			i++
		case x > p:
			gt--
			v[gt], v[i] = x, v[gt]
		default:
			i++
		}
	}
	return lt, gt
}
