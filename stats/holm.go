package stats

import (
	"cmp"
	"math"
	"slices"
)

// Holm returns Holm–Bonferroni adjusted p-values, in the order of ps:
// sorted ascending, the i-th smallest (1-based) of m becomes
// max over j ≤ i of min(1, (m − j + 1)·p_(j)). Rejecting where an adjusted
// p-value is below α keeps the chance of any false rejection among the m
// tests at most α, whatever their dependence. NaN p-values (tests not
// made) stay NaN and do not count towards m.
func Holm(ps []float64) []float64 {
	out := make([]float64, len(ps))
	idx := make([]int, 0, len(ps))
	for i, p := range ps {
		out[i] = math.NaN()
		if !math.IsNaN(p) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(ps[a], ps[b]) }) // no NaN left
	m, run := len(idx), 0.0
	for rank, i := range idx {
		run = math.Max(run, math.Min(1, float64(m-rank)*ps[i]))
		out[i] = run
	}
	return out
}
