package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteP is the two-sided p-value of U by enumerating every way of choosing
// which n1 of the pooled values are x: the definition MannWhitney's exact
// p-value must meet, ties included.
func bruteP(x, y []float64) float64 {
	pool := append(slices.Clone(x), y...)
	n, n1 := len(pool), len(x)
	mean := float64(n1*(n-n1)) / 2
	uOf := func(mask uint32) float64 {
		u := 0.0
		for i := range n {
			if mask&(1<<i) == 0 {
				continue
			}
			for j := range n {
				if mask&(1<<j) != 0 {
					continue
				}
				switch {
				case pool[i] > pool[j]:
					u++
				case pool[i] == pool[j]:
					u += 0.5
				}
			}
		}
		return u
	}
	obs := math.Abs(uOf(1<<n1-1) - mean)
	var hit, all int
	for mask := uint32(0); mask < 1<<n; mask++ {
		if popcount(mask) != n1 {
			continue
		}
		all++
		if math.Abs(uOf(mask)-mean) >= obs-1e-9 {
			hit++
		}
	}
	return float64(hit) / float64(all)
}

func popcount(m uint32) int {
	c := 0
	for ; m != 0; m &= m - 1 {
		c++
	}
	return c
}

// TestMannWhitneyAgainstEnumeration: with and without ties, the exact
// p-value is the enumerated one; the normal approximation, which mcptop
// used for every tied sample before, is off by up to several hundredths on
// the same samples (the reason to compute it exactly).
func TestMannWhitneyAgainstEnumeration(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(21, 22))
	worstNormal := 0.0
	for trial := range 300 {
		n1, n2 := 1+rng.IntN(8), 1+rng.IntN(8)
		levels := 2 + rng.IntN(6) // few distinct values: many ties
		if trial%5 == 0 {
			levels = 1000 // mostly untied
		}
		x, y := make([]float64, n1), make([]float64, n2)
		shift := rng.IntN(3)
		for i := range x {
			x[i] = float64(rng.IntN(levels))
		}
		for i := range y {
			y[i] = float64(rng.IntN(levels) + shift)
		}
		got := MannWhitney(x, y)
		want := bruteP(x, y)
		if !got.Exact || math.Abs(got.P-want) > 1e-9 {
			t.Fatalf("trial %d x=%v y=%v: p %v (exact %v), enumeration %v", trial, x, y, got.P, got.Exact, want)
		}
		xs, ys := slices.Sorted(slices.Values(x)), slices.Sorted(slices.Values(y))
		u, ties := uStat(xs, ys)
		if u != got.U {
			t.Fatalf("U %v vs %v", got.U, u)
		}
		worstNormal = math.Max(worstNormal, math.Abs(normalP(n1, n2, u, ties)-want))
	}
	if worstNormal < 0.02 {
		t.Errorf("the normal approximation was never off by 0.02: the samples do not exercise small tied cases")
	}
}

func TestMannWhitneyKnownValues(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		x, y  []float64
		u, p  float64
		exact bool
	}{
		// all four x below all four y: p = 2/C(8,4) = 2/70
		{"separated 4+4", []float64{1, 2, 3, 4}, []float64{5, 6, 7, 8}, 0, 2.0 / 70, true},
		{"separated reversed", []float64{5, 6, 7, 8}, []float64{1, 2, 3, 4}, 16, 2.0 / 70, true},
		{"interleaved", []float64{1, 4, 5, 8}, []float64{2, 3, 6, 7}, 8, 1, true},
		// 3 vs 3, one inversion: P(U ≤ 1) = 2/20, two-sided 0.2
		{"3+3 one inversion", []float64{1, 2, 4}, []float64{3, 5, 6}, 1, 0.2, true},
		// ties: U = 2.5; 14 of the 70 labellings are as far from 8 (the
		// normal approximation said 0.137)
		{"ties, exact", []float64{1, 2, 2, 3}, []float64{2, 3, 4, 5}, 2.5, 14.0 / 70, true},
		{"all equal", []float64{3, 3, 3, 3}, []float64{3, 3, 3, 3}, 8, 1, true},
	}
	for _, tc := range cases {
		r := MannWhitney(tc.x, tc.y)
		if bp := bruteP(tc.x, tc.y); math.Abs(bp-tc.p) > 1e-12 {
			t.Fatalf("%s: the case's p %v is not the enumerated %v", tc.name, tc.p, bp)
		}
		if r.U != tc.u || math.Abs(r.P-tc.p) > 1e-12 || r.Exact != tc.exact {
			t.Errorf("%s: U %v p %.6f exact %v; want U %v p %.6f exact %v", tc.name, r.U, r.P, r.Exact, tc.u, tc.p, tc.exact)
		}
	}
}

// TestMannWhitneyLargeIsNormal: above ExactMax per side the normal
// approximation is used, and just below it the exact value agrees with it,
// tied or not.
func TestMannWhitneyLargeIsNormal(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 10 {
		x, y := make([]float64, 45), make([]float64, 50)
		for i := range x {
			x[i] = math.Round(4 * rng.NormFloat64())
		}
		for i := range y {
			y[i] = math.Round(4*rng.NormFloat64() + 1)
		}
		ex := MannWhitney(x, y)
		xs, ys := slices.Sorted(slices.Values(x)), slices.Sorted(slices.Values(y))
		u, ties := uStat(xs, ys)
		if pn := normalP(45, 50, u, ties); !ex.Exact || math.Abs(ex.P-pn) > 0.01 {
			t.Errorf("trial %d: exact p %.4f, normal %.4f", trial, ex.P, pn)
		}
	}
	if r := MannWhitney(make([]float64, 51), make([]float64, 60)); r.Exact || r.P != 1 {
		t.Errorf("51+60 equal values: %+v; want the normal path, p 1", r)
	}
}

// uCDFRecurrence is the plain recurrence on the largest pooled value: slow,
// all terms positive, the oracle for uCDF.
func uCDFRecurrence(n1, n2 int) []float64 {
	prev := make([][]float64, n2+1)
	cur := make([][]float64, n2+1)
	for n := range prev {
		prev[n] = []float64{1}
	}
	for m := 1; m <= n1; m++ {
		cur[0] = []float64{1}
		for n := 1; n <= n2; n++ {
			a, b := float64(m)/float64(m+n), float64(n)/float64(m+n)
			dist := make([]float64, m*n+1)
			for u, p := range prev[n] {
				dist[u+n] += a * p
			}
			for u, p := range cur[n-1] {
				dist[u] += b * p
			}
			cur[n] = dist
		}
		prev, cur = cur, prev
	}
	out := prev[n2]
	s := 0.0
	for u, p := range out {
		s += p
		out[u] = s
	}
	return out
}

func TestUCDFMatchesRecurrence(t *testing.T) {
	t.Parallel()
	for _, n := range [][2]int{{1, 1}, {1, 7}, {7, 1}, {3, 5}, {5, 3}, {4, 4}, {12, 9}, {20, 20}, {50, 50}, {13, 50}} {
		got, want := uCDF(n[0], n[1]), uCDFRecurrence(n[0], n[1])
		if len(got) != n[0]*n[1]/2+1 {
			t.Fatalf("%v: %d entries, want the lower half %d", n, len(got), n[0]*n[1]/2+1)
		}
		for u := range got {
			if d := math.Abs(got[u] - want[u]); d > 1e-12 && d > 1e-9*want[u] {
				t.Fatalf("%v: P(U ≤ %d) = %v, recurrence %v", n, u, got[u], want[u])
			}
		}
	}
}

func TestMinP(t *testing.T) {
	t.Parallel()
	if p := MannWhitney([]float64{1, 2, 3}, []float64{4, 5, 6}).MinP; math.Abs(p-0.1) > 1e-12 {
		t.Errorf("3+3: smallest p %v, want 2/20", p)
	}
	if p := MannWhitney([]float64{1, 2, 3, 4}, []float64{5, 6, 7, 8}).MinP; math.Abs(p-2.0/70) > 1e-12 {
		t.Errorf("4+4: smallest p %v, want 2/70", p)
	}
}

// TestMannWhitneySeriesFalseAlarms: two autocorrelated series from one
// distribution. The plain test, taking their values as independent, rejects
// far more often than α; the series test stays near α, and on independent
// series it is the plain test.
func TestMannWhitneySeriesFalseAlarms(t *testing.T) {
	t.Parallel()
	const trials = 1500
	for _, tc := range []struct {
		n   int
		rho float64
	}{{20, 0.3}, {30, 0.6}, {60, 0.6}, {120, 0.3}} {
		rng := rand.New(rand.NewPCG(uint64(tc.n), uint64(10*tc.rho)))
		x, y := make([]float64, tc.n), make([]float64, tc.n)
		plain, series := 0, 0
		for range trials {
			ar1(rng, x, tc.rho)
			ar1(rng, y, tc.rho)
			if MannWhitney(x, y).P < 0.05 {
				plain++
			}
			if MannWhitneySeries(x, y).P < 0.05 {
				series++
			}
		}
		p, s := float64(plain)/trials, float64(series)/trials
		if s > 0.065 || p < 0.1 {
			t.Errorf("n=%d ρ=%.1f: false alarms %.3f (series), %.3f (plain); want about 0.05 for the series test",
				tc.n, tc.rho, s, p)
		}
	}
	x := []float64{1, 5, 2, 8, 3, 9, 4, 7} // alternating: no positive autocorrelation
	y := []float64{11, 15, 12, 18, 13, 19, 14, 17}
	if a, b := MannWhitney(x, y), MannWhitneySeries(x, y); b.Inflation != 1 || a.P != b.P {
		t.Errorf("independent-looking series: inflation %v, p %v vs %v", b.Inflation, b.P, a.P)
	}
}

func TestDeflate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ p, f, want float64 }{
		{0.05, 1, 0.05}, {1, 4, 1}, {0.05, 4, math.Erfc(1.959963984540054 / 2 / math.Sqrt2)},
	} {
		if got := deflate(tc.p, tc.f); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("deflate(%v, %v) = %v, want %v", tc.p, tc.f, got, tc.want)
		}
	}
}

// BenchmarkMannWhitneyExactTied is the exact path at its costliest: 50 + 50
// values on a few levels.
func BenchmarkMannWhitneyExactTied(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	x, y := make([]float64, 50), make([]float64, 50)
	for i := range x {
		x[i], y[i] = math.Round(8*r.Float64()), math.Round(8*r.Float64()+1)
	}
	b.ReportAllocs()
	for b.Loop() {
		MannWhitney(x, y)
	}
}

// BenchmarkMannWhitneyHour compares two hour-long series (normal
// approximation).
func BenchmarkMannWhitneyHour(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	x, y := make([]float64, 3600), make([]float64, 3600)
	for i := range x {
		x[i] = 1e6 * (1 + 0.03*r.NormFloat64())
		y[i] = 0.98e6 * (1 + 0.03*r.NormFloat64())
	}
	b.ReportAllocs()
	for b.Loop() {
		MannWhitney(x, y)
	}
}
