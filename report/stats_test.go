package report

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestMannWhitneyKnownValues(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		x, y      []float64
		u, p      float64
		tolerance float64
		exact     bool
	}{
		// all four x below all four y: exact p = 2/C(8,4) = 2/70
		{"separated 4+4", []float64{1, 2, 3, 4}, []float64{5, 6, 7, 8}, 0, 2.0 / 70, 1e-12, true},
		{"separated reversed", []float64{5, 6, 7, 8}, []float64{1, 2, 3, 4}, 16, 2.0 / 70, 1e-12, true},
		// interleaved: U = 8 = n1·n2/2, the centre: p = 1
		{"interleaved", []float64{1, 4, 5, 8}, []float64{2, 3, 6, 7}, 8, 1, 1e-12, true},
		// 3 vs 3, one inversion: P(U ≤ 1) = 2/20, two-sided 0.2
		{"3+3 one inversion", []float64{1, 2, 4}, []float64{3, 5, 6}, 1, 0.2, 1e-12, true},
		// ties: mid-ranks 1,3,3,5.5 for x; U = 2.5; σ² = 16/12·(9 − 30/56);
		// z = (5.5 − 0.5)/σ = 1.48835 → p = 0.13666 (R: wilcox.test(x, y,
		// correct = TRUE) gives W = 2.5, p-value = 0.1367)
		{"ties, normal approximation", []float64{1, 2, 2, 3}, []float64{2, 3, 4, 5}, 2.5, 0.13666, 2e-5, false},
		{"all equal", []float64{3, 3, 3, 3}, []float64{3, 3, 3, 3}, 8, 1, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := mannWhitney(tc.x, tc.y, 0.05)
			if r.u != tc.u {
				t.Errorf("U = %v, want %v", r.u, tc.u)
			}
			if math.Abs(r.p-tc.p) > tc.tolerance {
				t.Errorf("p = %.6f, want %.6f ± %g", r.p, tc.p, tc.tolerance)
			}
			if r.exact != tc.exact {
				t.Errorf("exact = %v, want %v", r.exact, tc.exact)
			}
		})
	}
}

func TestExactAgreesWithNormalForLargeSamples(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 20 {
		x := make([]float64, 40)
		y := make([]float64, 45)
		for i := range x {
			x[i] = r.NormFloat64()
		}
		for i := range y {
			y[i] = r.NormFloat64() + 0.3
		}
		ex := mannWhitney(x, y, 0.05)
		// a tie-free normal approximation via one duplicated-then-removed trick
		// is not available, so compute it directly
		xs, ys := slices.Sorted(slices.Values(x)), slices.Sorted(slices.Values(y))
		u, _ := uStat(xs, ys)
		N := float64(len(x) * len(y))
		sigma := math.Sqrt(N * float64(len(x)+len(y)+1) / 12)
		pn := math.Erfc(math.Max(0, math.Abs(u-N/2)-0.5) / sigma / math.Sqrt2)
		if !ex.exact {
			t.Fatalf("trial %d: expected the exact path", trial)
		}
		if math.Abs(ex.p-pn) > 0.01 {
			t.Errorf("trial %d: exact p %.4f, normal p %.4f", trial, ex.p, pn)
		}
	}
}

// uCDFRecurrence is the plain recurrence on the largest pooled value (an x
// with probability m/(m+n), which then beats all n y's): slow, all terms
// positive, the oracle for uCDF.
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
	sizes := [][2]int{{1, 1}, {1, 7}, {7, 1}, {3, 5}, {5, 3}, {4, 4}, {12, 9}, {20, 20}, {50, 50}, {13, 50}}
	for _, n := range sizes {
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
	// the centre of 4+4: P(U ≤ 8) = (1 + P(U = 8))/2 = (1 + 8/70)/2
	if got := uCDF(4, 4)[8]; math.Abs(got-(1+8.0/70)/2) > 1e-12 {
		t.Errorf("P(U ≤ 8) for 4+4 = %v", got)
	}
}

func TestKthDifferenceMatchesBruteForce(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for trial := range 50 {
		n1, n2 := 1+r.IntN(30), 1+r.IntN(30)
		x, y := make([]float64, n1), make([]float64, n2)
		for i := range x {
			x[i] = float64(r.IntN(20)) * 1.5 // ties on purpose
		}
		for i := range y {
			y[i] = r.NormFloat64()*1e6 + 3
		}
		slices.Sort(x)
		slices.Sort(y)
		var all []float64
		for _, a := range x {
			for _, b := range y {
				all = append(all, b-a)
			}
		}
		slices.Sort(all)
		d := diffs{x: x, y: y}
		for _, k := range []int{1, 2, len(all) / 2, len(all)/2 + 1, len(all) - 1, len(all)} {
			if k < 1 {
				continue
			}
			if got := d.kth(k); got != all[k-1] {
				t.Fatalf("trial %d n1=%d n2=%d k=%d: kth = %v, want %v", trial, n1, n2, k, got, all[k-1])
			}
		}
	}
}

// The Moses interval of the shift should cover the true shift in about 95 %
// of samples; 300 trials, so a correct interval fails this with negligible
// probability.
func TestShiftIntervalCoverage(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{8, 30, 70} {
		covered := 0
		const trials = 300
		for range trials {
			x, y := make([]float64, n), make([]float64, n)
			for i := range x {
				x[i] = 1000 + 50*r.NormFloat64()
				y[i] = 1100 + 50*r.NormFloat64()
			}
			res := mannWhitney(x, y, 0.05)
			if res.lo <= 100 && 100 <= res.hi {
				covered++
			}
		}
		if c := float64(covered) / trials; c < 0.9 || c > 0.995 {
			t.Errorf("n=%d: coverage %.3f, want about 0.95", n, c)
		}
	}
}

func TestTooFewSamples(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		n1, n2   int
		alpha    float64
		possible bool
	}{
		{"3+3", 3, 3, 0.05, false},
		{"4+4", 4, 4, 0.05, true},
		{"4+4 at 1 %", 4, 4, 0.01, false},
		{"60+60 with ties", 60, 60, 0.05, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			x, y := make([]float64, tc.n1), make([]float64, tc.n2)
			for i := range x {
				x[i] = float64(i % 5)
			}
			for i := range y {
				y[i] = float64(i%5) + 10
			}
			if got := mannWhitney(x, y, tc.alpha).possible; got != tc.possible {
				t.Errorf("possible = %v, want %v", got, tc.possible)
			}
		})
	}
}

// BenchmarkMannWhitneyHour compares two hour-long runs (3600 seconds each,
// normal approximation, three order statistics of 13 M differences).
func BenchmarkMannWhitneyHour(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	x, y := make([]float64, 3600), make([]float64, 3600)
	for i := range x {
		x[i] = 1e6 * (1 + 0.03*r.NormFloat64())
		y[i] = 0.98e6 * (1 + 0.03*r.NormFloat64())
	}
	b.ReportAllocs()
	for b.Loop() {
		mannWhitney(x, y, 0.05)
	}
}

// BenchmarkMannWhitneyExact is the exact path at its largest (50 + 50).
func BenchmarkMannWhitneyExact(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 10))
	x, y := make([]float64, 50), make([]float64, 50)
	for i := range x {
		x[i], y[i] = r.NormFloat64(), r.NormFloat64()+0.2
	}
	b.ReportAllocs()
	for b.Loop() {
		mannWhitney(x, y, 0.05)
	}
}
