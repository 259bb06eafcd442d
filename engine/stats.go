package engine

import (
	"math"
	"slices"
)

// z95 is the two-sided 95 % normal quantile.
const z95 = 1.959963984540054

// MedianCI returns the median of xs and a distribution-free 95 % confidence
// interval for it from order statistics: ranks n/2 ∓ z·√n/2 of the sorted
// values. With fewer than six values the interval is the whole range, which
// covers the median with at least 94 % probability at n = 5 and less below;
// callers treat n < 3 as not enough data. xs is not modified.
func MedianCI(xs []float64) (med, lo, hi float64) {
	s := slices.Clone(xs)
	slices.Sort(s)
	return medianCISorted(s)
}

// medianCISorted is MedianCI of values already sorted ascending.
func medianCISorted(s []float64) (med, lo, hi float64) {
	n := len(s)
	if n == 0 {
		return 0, 0, 0
	}
	if n%2 == 1 {
		med = s[n/2]
	} else {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	half := z95 * math.Sqrt(float64(n)) / 2
	l := int(math.Floor(float64(n)/2 - half))    // 1-based rank
	u := int(math.Ceil(1 + float64(n)/2 + half)) // 1-based rank
	l = max(1, min(l, n))
	u = max(1, min(u, n))
	return med, s[l-1], s[u-1]
}

func median(xs []float64) float64 {
	m, _, _ := MedianCI(xs)
	return m
}
