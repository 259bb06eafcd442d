package snapshot

import (
	"math"

	"github.com/mcptop/mcptop/stats"
)

// v1Coverage is the coverage v1's median interval of n seconds actually
// had: ranks ⌊n/2 − 1.96·√n/2⌋ and ⌈1 + n/2 + 1.96·√n/2⌉, clamped to 1..n
// (99.2 % at 8 seconds, 97.3 % at 60, 75 % at 3), the seconds taken as
// independent.
func v1Coverage(n int) float64 {
	half := 1.959963984540054 * math.Sqrt(float64(n)) / 2
	lo := max(1, min(n, int(math.Floor(float64(n)/2-half))))
	hi := max(1, min(n, int(math.Ceil(1+float64(n)/2+half))))
	return stats.RankCoverage(n, lo, hi)
}

// validateV2 checks the comparison's fields new in v2 (an upgraded v1
// snapshot has them filled in): shares within 0–1, a correlation within
// −1–1.
func (c *Comparison) validateV2(at string) error {
	if err := nonNegs(at, []string{"coverage", "effective_pairs", "max_error_rate"},
		c.Coverage, c.EffectivePairs, c.MaxErrorRate); err != nil {
		return err
	}
	switch {
	case c.Coverage > 1:
		return fieldErr(at+"coverage", "%v is not a probability", c.Coverage)
	case c.MaxErrorRate > 1:
		return fieldErr(at+"max_error_rate", "%v is above 1", c.MaxErrorRate)
	case !(c.Lag1 >= -1 && c.Lag1 <= 1):
		return fieldErr(at+"lag1_autocorrelation", "%v is not a correlation", c.Lag1)
	}
	return nil
}
