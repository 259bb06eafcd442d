package report

import (
	"math"

	"github.com/mcptop/mcptop/stats"
)

// MinSamples is the fewest per-second samples after warm-up that each side
// of a comparison needs. With 4 against 4 the smallest two-sided p-value
// the Mann–Whitney U test can give is 2/70 ≈ 0.029, so α = 0.05 is
// reachable (when the seconds are not autocorrelated).
const MinSamples = 4

// test is the outcome of comparing old seconds x with new seconds y.
type test struct {
	shift, lo, hi float64 // Hodges–Lehmann shift and its interval
	p             float64 // two-sided Mann–Whitney p-value (not yet Holm-adjusted)
	exact         bool    // before any allowance for autocorrelation
	possible      bool    // samples like these can reach alpha at all
	lag1          [2]float64
	inflation     float64 // U's variance over its value for independent seconds
}

// compareSeries compares x (old) with y (new), each in time order: the
// Mann–Whitney U test allowing for the seconds' autocorrelation
// (stats.MannWhitneySeries: exact with ties up to stats.ExactMax seconds a
// side, its p-value deflated by the variance inflation the two series'
// lag-1 autocorrelations imply) and the Hodges–Lehmann shift with Moses'
// interval at 1 − alpha, widened alike.
func compareSeries(x, y []float64, alpha float64) test {
	t := test{p: math.NaN(), shift: math.NaN(), lo: math.NaN(), hi: math.NaN(), inflation: 1}
	if len(x) == 0 || len(y) == 0 {
		return t
	}
	u := stats.MannWhitneySeries(x, y)
	t.p, t.exact, t.possible, t.lag1, t.inflation = u.P, u.Exact, u.MinP <= alpha, u.Lag1, u.Inflation
	sh := stats.HodgesLehmann(x, y, 1-alpha, u.Inflation)
	t.shift, t.lo, t.hi = sh.Estimate, sh.Lo, sh.Hi
	return t
}
