package snapshot

import (
	"math"

	"github.com/mcptop/mcptop/stats"
)

// upgrade fills in, for a v1 snapshot, what v2 says explicitly: how its
// tails were taken (a batch size above 1 means batch means), that every op
// of v1 was timed, and which seconds a variant ran in (v1 wrote a second
// without a turn as active_s 0), what its intervals really covered
// (v1Coverage; the seconds taken as independent) and that it set no limit
// on errors. Everything else new in v2 stays zero: v1 did not measure it.
// The schema string stays v1, so readers can say so.
func (s *Snapshot) upgrade() {
	for i := range s.Runs {
		r := &s.Runs[i]
		r.Tails, r.TimedEvery = TailsPerOp, 1
		if r.BatchOps > 1 {
			r.Tails = TailsBatchMean
		}
		if r.Settings == nil {
			r.Settings = map[string]string{}
		}
		seed, known := SeedImpls[r.Workload]
		for j := range r.Variants {
			v := &r.Variants[j]
			v.Impl = v.Variant // a workload v1 did not know keeps its side names
			if known && j < 2 {
				v.Impl = seed[j]
			}
			active := 0
			for k := range v.Series {
				p := &v.Series[k]
				p.Ran = p.ActiveS > 0
				if p.Ran && !p.Warmup {
					active++
				}
			}
			v.Summary.ActiveTicks = active
			if all := v.Summary.Ops + v.Summary.Errors; all > 0 {
				v.Summary.ErrorRate = float64(v.Summary.Errors) / float64(all)
			}
			v.Summary.ThroughputCICoverage = v1Coverage(active)
			v.Summary.ThroughputEffectiveTicks = float64(active)
		}
		c := &r.Comparison
		c.Coverage, c.EffectivePairs, c.Method = v1Coverage(c.Pairs), float64(c.Pairs), MethodV1
		c.MaxErrorRate, c.Comparable = 1, true // v1 had no limit on errors
	}
}

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
