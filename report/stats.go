package report

import (
	"math"
	"slices"
)

// MinSamples is the fewest per-second samples, after warm-up, that each side
// of a comparison needs. With 4 against 4 the smallest two-sided p-value the
// Mann-Whitney U test can give is 2/70 ≈ 0.029, so α = 0.05 is reachable.
const MinSamples = 4

// exactMax is the largest sample size per side for which the exact null
// distribution of U is used (when there are no ties).
const exactMax = 50

// test is the outcome of comparing two samples.
type test struct {
	n1, n2   int
	median1  float64 // median of x (old)
	median2  float64 // median of y (new)
	shift    float64 // Hodges–Lehmann estimate of y − x
	lo, hi   float64 // confidence interval of the shift
	p        float64 // two-sided Mann-Whitney U p-value
	exact    bool    // p and interval from the exact distribution (no ties)
	u        float64 // U statistic of x: pairs with x > y, ties counted ½
	possible bool    // the samples can reach significance at alpha
}

// mannWhitney compares x (old) with y (new) at level alpha. The p-value is
// the two-sided Mann-Whitney U test: exact when neither sample exceeds
// exactMax and no value is tied, otherwise the normal approximation with tie
// and continuity correction (as R's wilcox.test). The shift is the
// Hodges–Lehmann estimate (median of all n1·n2 differences y_j − x_i) and its
// interval is Moses' distribution-free one: the k-th smallest and k-th
// largest difference, k from the same null distribution of U.
func mannWhitney(x, y []float64, alpha float64) test {
	xs, ys := slices.Clone(x), slices.Clone(y)
	slices.Sort(xs)
	slices.Sort(ys)
	n1, n2 := len(xs), len(ys)
	t := test{n1: n1, n2: n2, median1: median(xs), median2: median(ys)}
	if n1 == 0 || n2 == 0 {
		t.p = math.NaN()
		return t
	}
	u, ties := uStat(xs, ys)
	t.u = u
	N := n1 * n2
	mu := float64(N) / 2
	n := float64(n1 + n2)
	var k int // Moses: the interval is the k-th smallest and k-th largest difference
	if ties == 0 && n1 <= exactMax && n2 <= exactMax {
		t.exact = true
		cdf := uCDF(n1, n2)
		ui := int(math.Round(u))
		t.p = math.Min(1, 2*cdf[min(ui, N-ui, len(cdf)-1)])
		// the largest k with P(U ≤ k−1) ≤ α/2 (α/2 < ½: within the lower half)
		for k < len(cdf) && cdf[k] <= alpha/2 {
			k++
		}
		t.possible = 2*cdf[0] <= alpha
	} else {
		sigma := math.Sqrt(float64(N) / 12 * ((n + 1) - ties/(n*(n-1))))
		if sigma == 0 {
			t.p = 1
		} else {
			z := math.Max(0, math.Abs(u-mu)-0.5) / sigma
			t.p = math.Erfc(z / math.Sqrt2)
		}
		zc := normQuantile(1 - alpha/2)
		k = int(math.Floor(mu - zc*sigma + 0.5))
		// the smallest p a sample of this size could give: every x below
		// every y, with no ties
		sig0 := math.Sqrt(float64(N) * (n + 1) / 12)
		t.possible = math.Erfc(math.Max(0, mu-0.5)/sig0/math.Sqrt2) <= alpha
	}
	d := diffs{x: xs, y: ys}
	if N%2 == 1 {
		t.shift = d.kth(N/2 + 1)
	} else {
		t.shift = (d.kth(N/2) + d.kth(N/2+1)) / 2
	}
	if k >= 1 {
		t.lo, t.hi = d.kth(k), d.kth(N+1-k)
	} else {
		t.lo, t.hi = math.Inf(-1), math.Inf(1)
	}
	return t
}

// uStat returns U for sorted x against sorted y (pairs with x > y, ties
// counting ½) and Σ(t³ − t) over groups of tied values in the pooled sample.
func uStat(x, y []float64) (u, ties float64) {
	// rank the pooled sample with mid-ranks
	i, j := 0, 0
	rank := 0.0
	var rx float64
	for i < len(x) || j < len(y) {
		var v float64
		switch {
		case j >= len(y) || (i < len(x) && x[i] <= y[j]):
			v = x[i]
		default:
			v = y[j]
		}
		cx, cy := 0, 0
		for i < len(x) && x[i] == v {
			i, cx = i+1, cx+1
		}
		for j < len(y) && y[j] == v {
			j, cy = j+1, cy+1
		}
		c := float64(cx + cy)
		mid := rank + (c+1)/2
		rx += mid * float64(cx)
		rank += c
		if c > 1 {
			ties += c*c*c - c
		}
	}
	n1 := float64(len(x))
	return rx - n1*(n1+1)/2, ties
}

// uCDF returns P(U ≤ u) under the null hypothesis (no ties) for
// u = 0..n1·n2/2, the lower half, which is all the callers use: U is
// symmetric about n1·n2/2, so P(U ≥ u) = P(U ≤ n1·n2 − u).
//
// The frequencies of U are the coefficients of the Gaussian binomial
// [n1+n2 choose m]_q = ∏_{i=1..m} (1 − q^(n+i)) / (1 − q^i), m = min(n1, n2),
// computed as a power series truncated after q^(n1·n2): per factor one
// running sum (the division) and one shifted subtraction (the
// multiplication), O(m·n1·n2) in all. Low-order coefficients are small
// integers and come out exact; the test checks the whole lower half against
// the plain recurrence.
func uCDF(n1, n2 int) []float64 {
	m, n := min(n1, n2), max(n1, n2)
	N := m * n
	a := make([]float64, N+1)
	a[0] = 1
	total := 1.0 // C(m+n, m)
	for i := 1; i <= m; i++ {
		for k := i; k <= N; k++ {
			a[k] += a[k-i]
		}
		for k := N; k >= n+i; k-- {
			a[k] -= a[k-n-i]
		}
		total = total * float64(n+i) / float64(i)
	}
	cdf := a[:N/2+1]
	s := 0.0
	for u, c := range cdf {
		s += c
		cdf[u] = s / total
	}
	return cdf
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

// median of a sorted sample; NaN when empty.
func median(s []float64) float64 {
	n := len(s)
	switch {
	case n == 0:
		return math.NaN()
	case n%2 == 1:
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// normQuantile returns z with Φ(z) = p.
func normQuantile(p float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*p) }
