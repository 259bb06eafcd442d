package stats

import (
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

// binomCDFExact is P(B ≤ k), B ~ Binomial(n, ½), in exact rationals: the
// oracle for MedianRanks.
func binomCDFExact(n, k int) float64 {
	sum := new(big.Int)
	for j := 0; j <= k; j++ {
		sum.Add(sum, new(big.Int).Binomial(int64(n), int64(j)))
	}
	f, _ := new(big.Rat).SetFrac(sum, new(big.Int).Lsh(big.NewInt(1), uint(n))).Float64()
	return f
}

func TestMedianRanksKnownValues(t *testing.T) {
	t.Parallel()
	cases := []struct {
		n, lo, hi int
		coverage  float64
		ok        bool
	}{
		{1, 1, 1, 0, false},
		{5, 1, 5, 1 - 2.0/32, false}, // 93.75 %: not enough
		{6, 1, 6, 1 - 2.0/64, true},  // 96.9 %
		{10, 2, 9, 1 - 2*11.0/1024, true},
		{20, 6, 15, 0.9586105346679688, true},
		{60, 22, 39, 0.9726598661319221, true},
	}
	for _, tc := range cases {
		lo, hi, cov, ok := MedianRanks(tc.n, 0.95)
		if lo != tc.lo || hi != tc.hi || ok != tc.ok || math.Abs(cov-tc.coverage) > 1e-12 {
			t.Errorf("n=%d: ranks %d–%d coverage %.6f ok %v; want %d–%d %.6f %v",
				tc.n, lo, hi, cov, ok, tc.lo, tc.hi, tc.coverage, tc.ok)
		}
	}
}

// TestMedianRanksTightest: for every n the pair reaches 95 % and the next
// tighter symmetric pair does not, against exact rational arithmetic; and
// log-gamma stays right where rationals would be slow (a day of seconds).
func TestMedianRanksTightest(t *testing.T) {
	t.Parallel()
	for n := 6; n <= 400; n++ {
		lo, hi, cov, ok := MedianRanks(n, 0.95)
		want := 1 - 2*binomCDFExact(n, lo-1)
		if !ok || hi != n+1-lo || math.Abs(cov-want) > 1e-9 || want < 0.95 {
			t.Fatalf("n=%d: ranks %d–%d coverage %v (exact %v) ok %v", n, lo, hi, cov, want, ok)
		}
		if rc := RankCoverage(n, lo, hi); math.Abs(rc-want) > 1e-9 {
			t.Fatalf("n=%d: RankCoverage(%d, %d) = %v, want %v", n, lo, hi, rc, want)
		}
		if tighter := 1 - 2*binomCDFExact(n, lo); lo+1 <= n+1-(lo+1) && tighter >= 0.95 {
			t.Fatalf("n=%d: ranks %d–%d reach %.4f too; %d–%d is not the tightest", n, lo+1, n-lo, tighter, lo, hi)
		}
	}
	for _, n := range []int{1000, 86400} {
		lo, _, cov, ok := MedianRanks(n, 0.95)
		// the normal approximation of the rank is within a couple of ranks
		approx := float64(n)/2 - 1.959964*math.Sqrt(float64(n))/2
		if !ok || math.Abs(float64(lo)-approx) > 2 || cov < 0.95 || cov > 0.955 {
			t.Errorf("n=%d: lower rank %d (normal %f), coverage %v", n, lo, approx, cov)
		}
	}
}

// TestMedianCICoverage simulates 10,000 runs of independent values at each
// size and counts how often the interval covers the true median: never
// below 95 %, and no more than the exact coverage allows (at most 97.5 %
// where the ranks can get there; at n = 10 the tightest pair that reaches
// 95 % covers 97.9 %).
func TestMedianCICoverage(t *testing.T) {
	t.Parallel()
	const runs = 10000
	for _, n := range []int{6, 10, 20, 60} {
		rng := rand.New(rand.NewPCG(uint64(n), 11))
		_, _, exact, _ := MedianRanks(n, 0.95)
		covered := 0
		xs := make([]float64, n)
		for range runs {
			for i := range xs {
				xs[i] = rng.ExpFloat64() // skewed: the interval is distribution-free
			}
			if in := MedianCI(xs, 0.95); in.Lo < math.Ln2 && math.Ln2 < in.Hi {
				covered++
			}
		}
		got := float64(covered) / runs
		se := math.Sqrt(exact * (1 - exact) / runs)
		upper := math.Max(0.975, exact)
		if got < 0.95 || got > upper+4*se || math.Abs(got-exact) > 4*se {
			t.Errorf("n=%d: simulated coverage %.4f, exact %.4f; want within [95 %%, %.4f]", n, got, exact, upper)
		}
	}
}

// ar1 fills xs with a stationary first-order autoregressive series of
// lag-1 correlation rho and median 0.
func ar1(rng *rand.Rand, xs []float64, rho float64) {
	x := rng.NormFloat64()
	for i := range xs {
		x = rho*x + math.Sqrt(1-rho*rho)*rng.NormFloat64()
		xs[i] = x
	}
}

// TestSeriesCIAR1: on autocorrelated series the independent interval
// covers far less than it says (85 % at ρ = 0.5, 74 % at 0.7), SeriesCI
// keeps 95 %; on independent series it costs little width.
func TestSeriesCIAR1(t *testing.T) {
	t.Parallel()
	const runs = 2000
	cases := []struct {
		n        int
		rho      float64
		iidBelow float64 // the independent interval must fail: it covers less
	}{
		{60, 0.5, 0.9},
		{60, 0.7, 0.8},
		{200, 0.5, 0.9},
		{200, 0.7, 0.8},
		{60, 0, 1},
	}
	for _, tc := range cases {
		rng := rand.New(rand.NewPCG(uint64(tc.n), uint64(100*tc.rho)))
		xs, buf := make([]float64, tc.n), make([]float64, tc.n)
		covered, iid, ok := 0, 0, 0
		var lag float64
		for range runs {
			ar1(rng, xs, tc.rho)
			in := SeriesCI(xs, buf, 0.95)
			lag += in.Lag1
			if in.OK {
				ok++
				if in.Lo < 0 && 0 < in.Hi {
					covered++
				}
			}
			if m := MedianCI(xs, 0.95); m.Lo < 0 && 0 < m.Hi {
				iid++
			}
		}
		cov, iidCov := float64(covered)/float64(ok), float64(iid)/runs
		if ok < runs*9/10 || cov < 0.95 || cov > 0.99 || iidCov >= tc.iidBelow {
			t.Errorf("n=%d ρ=%.1f: coverage %.3f over %d runs with a verdict (independent interval %.3f), mean lag-1 %.2f",
				tc.n, tc.rho, cov, ok, iidCov, lag/runs)
		}
	}
}

func TestSeriesCIUsesBufAndKeepsInput(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3, 9, 7, 8, 6, 0}
	orig := slices.Clone(xs)
	buf := make([]float64, 0, 16)
	in := SeriesCI(xs, buf, 0.95)
	if !slices.Equal(xs, orig) {
		t.Fatalf("input changed: %v", xs)
	}
	if in.N != 10 || in.Median != 4.5 || in.Lo > in.Median || in.Hi < in.Median {
		t.Fatalf("interval %+v", in)
	}
	if allocs := testing.AllocsPerRun(100, func() { SeriesCI(xs, buf, 0.95) }); allocs != 0 {
		t.Errorf("SeriesCI with a buffer allocates %v times", allocs)
	}
}

func TestRankLag1(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		xs   []float64
		want float64
	}{
		{"too short", []float64{1, 2}, 0},
		{"constant", []float64{3, 3, 3, 3}, 0},
		// ranks 1..4 about 2.5: (−1.5·−0.5 + −0.5·0.5 + 0.5·1.5)/5
		{"rising", []float64{10, 20, 30, 40}, 0.25},
		// alternating ranks 1,4,2,3 about 2.5: (−1.5·1.5 + 1.5·−0.5 + −0.5·0.5)/5
		{"alternating", []float64{1, 40, 2, 30}, -0.65},
		// a dip of 1e9 does not dominate: same ranks as rising
		{"outlier", []float64{10, 20, 30, 1e9}, 0.25},
	}
	for _, tc := range cases {
		s := slices.Sorted(slices.Values(tc.xs))
		if got := RankLag1(tc.xs, s); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestInflationAndEffectiveN(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ r, inflation, eff float64 }{
		{-0.3, 1, 60}, {0, 1, 60}, {0.5, 3, 20}, {0.99, 39, 60.0 / 39},
	} {
		if f, e := Inflation(tc.r), EffectiveN(60, tc.r); math.Abs(f-tc.inflation) > 1e-12 || math.Abs(e-tc.eff) > 1e-12 {
			t.Errorf("r = %v: inflation %v, effective n %v; want %v, %v", tc.r, f, e, tc.inflation, tc.eff)
		}
	}
}
