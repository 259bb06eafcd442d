package report

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/mcptop/mcptop/stats"
)

// ar1 returns n values of a stationary first-order autoregressive series:
// level·(1 + noise·e_t), e_t of lag-1 correlation rho and unit variance.
func ar1(rng *rand.Rand, n int, level, noise, rho float64) []float64 {
	out := make([]float64, n)
	e := rng.NormFloat64()
	for i := range out {
		e = rho*e + math.Sqrt(1-rho*rho)*rng.NormFloat64()
		out[i] = level * (1 + noise*e)
	}
	return out
}

// TestCompareSeriesInflation: seconds that look independent are tested
// as they are; autocorrelated ones with U's variance inflated.
func TestCompareSeriesInflation(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(31, 32))
	var plain, inflated float64
	for range 50 {
		plain += compareSeries(ar1(rng, 40, 100, 0.05, 0), ar1(rng, 40, 100, 0.05, 0), 0.05).inflation
		inflated += compareSeries(ar1(rng, 40, 100, 0.05, 0.8), ar1(rng, 40, 100, 0.05, 0.8), 0.05).inflation
	}
	if plain/50 > 1.3 || inflated/50 < 4 {
		t.Errorf("mean variance inflation %.2f for independent seconds, %.2f at ρ = 0.8", plain/50, inflated/50)
	}
}

// TestCompareSeriesFalseAlarms: on autocorrelated seconds with no change,
// compare rejects about α of the time, where a test that took the seconds
// as independent would reject far more often.
func TestCompareSeriesFalseAlarms(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(33, 34))
	const trials = 1000
	rejected, naive := 0, 0
	for range trials {
		x, y := ar1(rng, 30, 100, 0.05, 0.6), ar1(rng, 30, 100, 0.05, 0.6)
		if tt := compareSeries(x, y, 0.05); tt.p < 0.05 {
			rejected++
		}
		if stats.MannWhitney(x, y).P < 0.05 {
			naive++
		}
	}
	rate, naiveRate := float64(rejected)/trials, float64(naive)/trials
	if rate > 0.065 || naiveRate < 0.15 {
		t.Errorf("false alarms on ρ = 0.6 seconds: %.3f, %.3f taken as independent; want about 0.05", rate, naiveRate)
	}
}
