package stats

import (
	"math"
	"slices"
)

// ExactMax is the largest sample, per side, for which MannWhitney computes
// the exact p-value; above it the normal approximation is within a few
// thousandths of it.
const ExactMax = 50

// UTest is the outcome of a two-sided Mann–Whitney U test of x against y.
type UTest struct {
	N1, N2 int
	// U counts the pairs (x, y) with x > y, a tie counting ½.
	U float64
	// P is the two-sided p-value: the probability, were x and y from one
	// distribution, of a U at least as far from its mean n1·n2/2 as this
	// one, given the ties the pooled sample has.
	P float64
	// Exact: P comes from the exact permutation distribution of U (both
	// sides at most ExactMax), else from the normal approximation with tie
	// and continuity correction.
	Exact bool
	// Ties: the pooled sample has tied values.
	Ties bool
	// MinP is the smallest p-value samples of these sizes can give: every
	// x below every y, without ties.
	MinP float64
	// Lag1 is each series' lag-1 autocorrelation and Inflation the
	// variance of U over its value for independent samples, when the test
	// allowed for autocorrelation (MannWhitneySeries); 0 and 1 otherwise.
	Lag1      [2]float64
	Inflation float64
}

// MannWhitney tests whether values of y tend to be higher or lower than
// values of x, assuming nothing of their distribution. Up to ExactMax values
// per side the p-value is exact, ties included: the null distribution of U
// is that of every way of labelling n1 of the pooled values "x", counted
// with the ties as they are (see the package documentation). Above, it is
// the normal approximation with the tie correction of the variance and a
// continuity correction, as R's wilcox.test computes it. x and y are not
// modified.
func MannWhitney(x, y []float64) UTest {
	xs, ys := slices.Sorted(slices.Values(x)), slices.Sorted(slices.Values(y))
	n1, n2 := len(xs), len(ys)
	t := UTest{N1: n1, N2: n2, P: math.NaN(), MinP: math.NaN(), Inflation: 1}
	if n1 == 0 || n2 == 0 {
		return t
	}
	u, ties := uStat(xs, ys)
	t.U, t.Ties = u, ties > 0
	t.MinP = minP(n1, n2)
	switch {
	case n1 <= ExactMax && n2 <= ExactMax && ties == 0:
		t.P, t.Exact = exactUntied(n1, n2, u), true
	case n1 <= ExactMax && n2 <= ExactMax:
		t.P, t.Exact = exactTied(xs, ys, u), true
	default:
		t.P = normalP(n1, n2, u, ties)
	}
	return t
}

// MannWhitneySeries is MannWhitney for two time series (oldest first) whose
// values may be autocorrelated, as a run's seconds are. U itself is the
// same, but it varies more than the permutation distribution says: by
// about USeriesInflation of the two series' Inflation. The p-value is the
// exact (or normal) one converted to a normal score, the score divided by
// the square root of that inflation, and converted back; with independent
// series (inflation 1) it is MannWhitney's p-value unchanged.
func MannWhitneySeries(x, y []float64) UTest {
	t := MannWhitney(x, y)
	if t.N1 == 0 || t.N2 == 0 {
		return t
	}
	t.Lag1 = [2]float64{Autocorrelation(x, nil), Autocorrelation(y, nil)}
	t.Inflation = USeriesInflation(t.N1, t.N2, Inflation(t.Lag1[0]), Inflation(t.Lag1[1]))
	t.P, t.MinP = deflate(t.P, t.Inflation), deflate(t.MinP, t.Inflation)
	return t
}

// USeriesInflation is the variance of U for samples of n1 and n2 values
// whose series have variance inflations f1 and f2, over its variance for
// independent values: U/(n1·n2) is nearly the mean rank-probability of the
// x values plus that of the y values, whose variances grow by f1 and f2,
// so Var(U) ≈ n1·n2·(n2·f1 + n1·f2 + 1)/12 against n1·n2·(n1+n2+1)/12.
func USeriesInflation(n1, n2 int, f1, f2 float64) float64 {
	return (float64(n2)*f1 + float64(n1)*f2 + 1) / float64(n1+n2+1)
}

// deflate turns a two-sided p-value into the one a statistic whose
// variance is f times larger would give: the normal score of p divided by
// √f.
func deflate(p, f float64) float64 {
	if !(f > 1) || !(p < 1) {
		return p
	}
	z := math.Sqrt2 * math.Erfcinv(p) // P(|Z| ≥ z) = p
	return math.Erfc(z / math.Sqrt(f) / math.Sqrt2)
}

// minP is the smallest two-sided p-value of samples of n1 and n2 values.
func minP(n1, n2 int) float64 {
	if n1 <= ExactMax && n2 <= ExactMax {
		ln, _ := math.Lgamma(float64(n1 + n2 + 1))
		l1, _ := math.Lgamma(float64(n1 + 1))
		l2, _ := math.Lgamma(float64(n2 + 1))
		return math.Min(1, 2*math.Exp(l1+l2-ln))
	}
	N, n := float64(n1*n2), float64(n1+n2)
	return math.Erfc(math.Max(0, N/2-0.5) / math.Sqrt(N*(n+1)/12) / math.Sqrt2)
}

// uStat returns U for sorted x against sorted y (pairs with x > y, ties
// counting ½) and Σ(t³ − t) over the groups of tied values in the pooled
// sample.
func uStat(x, y []float64) (u, ties float64) {
	i, j := 0, 0
	below := 0 // y values below the current group
	for i < len(x) || j < len(y) {
		v := nextValue(x, y, i, j)
		cx, cy := 0, 0
		for i < len(x) && x[i] == v {
			i, cx = i+1, cx+1
		}
		for j < len(y) && y[j] == v {
			j, cy = j+1, cy+1
		}
		u += float64(cx*below) + float64(cx*cy)/2
		below += cy
		if c := float64(cx + cy); c > 1 {
			ties += c*c*c - c
		}
	}
	return u, ties
}

// nextValue is the smaller of x[i] and y[j], whichever exist.
func nextValue(x, y []float64, i, j int) float64 {
	if j >= len(y) || (i < len(x) && x[i] <= y[j]) {
		return x[i]
	}
	return y[j]
}

// normalP is the two-sided p-value of U by the normal approximation, with
// the variance corrected for ties and a continuity correction of ½.
func normalP(n1, n2 int, u, ties float64) float64 {
	N, n := float64(n1*n2), float64(n1+n2)
	sigma := math.Sqrt(N / 12 * ((n + 1) - ties/(n*(n-1))))
	if sigma == 0 {
		return 1
	}
	z := math.Max(0, math.Abs(u-N/2)-0.5) / sigma
	return math.Erfc(z / math.Sqrt2)
}

// exactUntied is the exact two-sided p-value of U without ties, from the
// lower half of U's null distribution (uCDF): U is symmetric about n1·n2/2.
func exactUntied(n1, n2 int, u float64) float64 {
	cdf := uCDF(n1, n2)
	N := n1 * n2
	ui := int(math.Round(u))
	return math.Min(1, 2*cdf[min(ui, N-ui, len(cdf)-1)])
}

// uCDF returns P(U ≤ u) under the null hypothesis, without ties, for
// u = 0..n1·n2/2, the lower half, which is all the callers use.
//
// The frequencies of U are the coefficients of the Gaussian binomial
// [n1+n2 choose m]_q = ∏_{i=1..m} (1 − q^(n+i)) / (1 − q^i), m = min(n1, n2),
// computed as a power series truncated after q^(n1·n2): per factor one
// running sum (the division) and one shifted subtraction (the
// multiplication), O(m·n1·n2) in all.
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

// exactTied is the exact two-sided p-value of U for sorted samples with
// ties: the distribution of 2U over every way of choosing which n1 of the
// pooled values are x, ties kept where they are.
//
// The pooled values fall into groups of equal values, ascending; a group of
// t values with k of them x adds k·(y values below the group) + k·(t−k)/2
// to U. A dynamic programme over the groups carries, for each number j of
// x values placed so far, the number of labellings giving each 2U (an
// integer); a group's k x values can be any of C(t, k). O(n1·(n1+n2)·n1·n2)
// at worst.
func exactTied(x, y []float64, u float64) float64 {
	n1, n2 := len(x), len(y)
	N2 := 2 * n1 * n2 // the largest 2U
	width := N2 + 1
	cur := make([]float64, (n1+1)*width)
	next := make([]float64, (n1+1)*width)
	cur[0] = 1
	placed := 0 // pooled values in the groups done
	reach := 0  // largest 2U reached so far
	for i, j := 0, 0; i < n1 || j < n2; {
		v := nextValue(x, y, i, j)
		t := 0
		for i < n1 && x[i] == v {
			i, t = i+1, t+1
		}
		for j < n2 && y[j] == v {
			j, t = j+1, t+1
		}
		clear(next)
		newReach := 0
		for jx := 0; jx <= min(placed, n1); jx++ {
			row := cur[jx*width : jx*width+reach+1]
			yBelow := placed - jx
			if yBelow > n2 {
				continue
			}
			c := 1.0 // C(t, k)
			for k := 0; k <= t && jx+k <= n1; k++ {
				if t-k <= n2-yBelow { // enough y values left for the rest
					add := 2*k*yBelow + k*(t-k)
					dst := next[(jx+k)*width+add:]
					for s, w := range row {
						if w != 0 {
							dst[s] += c * w
						}
					}
					newReach = max(newReach, add+reach)
				}
				c = c * float64(t-k) / float64(k+1)
			}
		}
		cur, next = next, cur
		placed += t
		reach = min(newReach, N2)
	}
	dist := cur[n1*width : n1*width+width]
	obs := int(math.Round(2 * u))
	d := abs(obs - n1*n2)
	var tail, total float64
	for s, w := range dist {
		total += w
		if abs(s-n1*n2) >= d {
			tail += w
		}
	}
	return math.Min(1, tail/total)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
