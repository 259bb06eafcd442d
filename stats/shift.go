package stats

import (
	"math"
	"slices"
)

// Shift is the Hodges–Lehmann estimate of how far y lies above x, with
// Moses' distribution-free confidence interval.
type Shift struct {
	// Estimate is the median of all n1·n2 differences y_j − x_i; Lo and
	// Hi the k-th smallest and k-th largest of them (±Inf when the
	// samples are too small for any k).
	Estimate, Lo, Hi float64
}

// HodgesLehmann returns the shift of y against x with its interval at
// level. k, the rank of the interval's ends among the differences, comes
// from the null distribution of U without ties (exact up to ExactMax values
// per side, else normal): the largest k with P(U ≤ k−1) ≤ (1 − level)/2, so
// that the interval excludes 0 about when the U test rejects at 1 − level.
// inflation is UTest.Inflation: above 1 (autocorrelated series) k comes
// from the normal approximation with U's variance multiplied by it, so the
// interval widens as the p-value does. The differences are counted, never
// materialised: O((n1+n2)·log range) per order statistic. x and y are not
// modified.
func HodgesLehmann(x, y []float64, level, inflation float64) Shift {
	xs, ys := slices.Sorted(slices.Values(x)), slices.Sorted(slices.Values(y))
	n1, n2 := len(xs), len(ys)
	if n1 == 0 || n2 == 0 {
		return Shift{Estimate: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	}
	N := n1 * n2
	d := diffs{x: xs, y: ys}
	var s Shift
	if N%2 == 1 {
		s.Estimate = d.kth(N/2 + 1)
	} else {
		s.Estimate = (d.kth(N/2) + d.kth(N/2+1)) / 2
	}
	k := mosesK(n1, n2, (1-level)/2, inflation)
	if k >= 1 {
		s.Lo, s.Hi = d.kth(k), d.kth(N+1-k)
	} else {
		s.Lo, s.Hi = math.Inf(-1), math.Inf(1)
	}
	return s
}

// mosesK is the largest k with P(U ≤ k−1) ≤ tail, U's variance multiplied
// by inflation; 0 when there is none.
func mosesK(n1, n2 int, tail, inflation float64) int {
	if n1 <= ExactMax && n2 <= ExactMax && !(inflation > 1) {
		cdf := uCDF(n1, n2)
		k := 0
		for k < len(cdf) && cdf[k] <= tail {
			k++
		}
		return k
	}
	N, n := float64(n1*n2), float64(n1+n2)
	sigma := math.Sqrt(N * (n + 1) / 12 * math.Max(1, inflation))
	z := -math.Sqrt2 * math.Erfcinv(2*(1-tail))
	return max(0, int(math.Floor(N/2-z*sigma+0.5)))
}

// diffs is the n1·n2 differences y_j − x_i of two sorted samples, never
// materialised.
type diffs struct{ x, y []float64 }

// atMost counts differences ≤ v.
func (d diffs) atMost(v float64) int {
	// y − x ≤ v ⇔ y ≤ x + v: as x ascends, the y's that qualify form a
	// growing prefix
	c, j := 0, 0
	for i := range d.x {
		for j < len(d.y) && d.y[j]-d.x[i] <= v {
			j++
		}
		c += j
	}
	return c
}

// largestAtMost returns the largest difference ≤ v.
func (d diffs) largestAtMost(v float64) float64 {
	best := math.Inf(-1)
	j := 0
	for i := range d.x {
		for j < len(d.y) && d.y[j]-d.x[i] <= v {
			j++
		}
		if j > 0 {
			best = math.Max(best, d.y[j-1]-d.x[i])
		}
	}
	return best
}

// kth returns the k-th smallest difference (1-based) by bisection on the
// value, counting in O(n1+n2) per step, then snapping to a real difference.
func (d diffs) kth(k int) float64 {
	lo := d.y[0] - d.x[len(d.x)-1] // smallest difference
	hi := d.y[len(d.y)-1] - d.x[0] // largest
	if d.atMost(lo) >= k {
		return lo
	}
	// invariant: atMost(lo) < k ≤ atMost(hi)
	for range 2000 {
		mid := lo + (hi-lo)/2
		if mid <= lo || mid >= hi {
			break
		}
		if d.atMost(mid) >= k {
			hi = mid
		} else {
			lo = mid
		}
	}
	return d.largestAtMost(hi)
}
