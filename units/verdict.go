package units

import "math"

// MinPairs is the fewest paired seconds a throughput ratio needs before it
// is judged: below it, the verdict is NotEnoughData whatever the interval.
const MinPairs = 3

// Kind is what an optimised/baseline throughput ratio says.
type Kind int

const (
	// NotEnoughData: fewer than MinPairs paired seconds, or no ratio.
	NotEnoughData Kind = iota
	// NoClearDifference: the interval includes 1.
	NoClearDifference
	// Faster: the whole interval is above 1.
	Faster
	// Slower: the whole interval is below 1.
	Slower
)

// String returns "not enough data", "no clear difference", "faster" or
// "slower".
func (k Kind) String() string {
	switch k {
	case NoClearDifference:
		return "no clear difference"
	case Faster:
		return "faster"
	case Slower:
		return "slower"
	}
	return "not enough data"
}

// Verdict is a judged throughput ratio. Factor, Lo and Hi are the ratio and
// its interval as they are read in Kind's direction: for Slower the
// baseline/optimised factor (≥ 1) and its interval, Hi +Inf when the
// ratio's interval reaches 0; otherwise the optimised/baseline ratio and
// its interval as given.
type Verdict struct {
	Kind           Kind
	Factor, Lo, Hi float64
}

// Judge applies the verdict rule to the optimised/baseline throughput
// ratio, its confidence interval lo–hi and the number of paired seconds
// behind it: not enough data below MinPairs pairs or without a positive
// ratio; faster or slower when the interval excludes 1; else no clear
// difference.
func Judge(ratio, lo, hi float64, pairs int) Verdict {
	switch {
	case pairs < MinPairs || !(ratio > 0):
		return Verdict{Kind: NotEnoughData, Factor: ratio, Lo: lo, Hi: hi}
	case lo > 1:
		return Verdict{Kind: Faster, Factor: ratio, Lo: lo, Hi: hi}
	case hi < 1:
		inv := math.Inf(1)
		if lo > 0 {
			inv = 1 / lo
		}
		return Verdict{Kind: Slower, Factor: 1 / ratio, Lo: 1 / hi, Hi: inv}
	}
	return Verdict{Kind: NoClearDifference, Factor: ratio, Lo: lo, Hi: hi}
}

// String says the verdict in words: "optimised 3.10× faster", "optimised
// 1.50× slower", "no clear difference" or "not enough data".
func (v Verdict) String() string {
	switch v.Kind {
	case Faster, Slower:
		return "optimised " + Ratio(v.Factor) + " " + v.Kind.String()
	}
	return v.Kind.String()
}
