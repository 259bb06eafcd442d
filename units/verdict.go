package units

import (
	"math"
	"strconv"
)

// Kind is what an optimised/baseline throughput comparison says.
type Kind int

const (
	// NotEnoughData: the ratio's interval did not reach its confidence
	// level (too few paired seconds, or too few for their
	// autocorrelation), or there is no ratio.
	NotEnoughData Kind = iota
	// NoClearDifference: the interval includes 1.
	NoClearDifference
	// Faster: the whole interval is above 1.
	Faster
	// Slower: the whole interval is below 1.
	Slower
	// NotComparable: a variant failed more of its ops than allowed; its
	// throughput (successful ops only) cannot be set against the other's.
	NotComparable
)

// String returns "not enough data", "no clear difference", "faster",
// "slower" or "not comparable".
func (k Kind) String() string {
	switch k {
	case NoClearDifference:
		return "no clear difference"
	case Faster:
		return "faster"
	case Slower:
		return "slower"
	case NotComparable:
		return "not comparable"
	}
	return "not enough data"
}

// Evidence is what the verdict rule reads: the optimised/baseline
// throughput ratio with its interval, whether that interval reached its
// confidence level, and how often each variant failed.
type Evidence struct {
	Ratio, Lo, Hi float64
	// Pairs is the number of paired seconds behind the ratio, Effective
	// what they are worth as independent ones (0: not known).
	Pairs     int
	Effective float64
	// Enough reports that the interval reached its confidence level (the
	// stats package decides: at least six independent pairs' worth).
	Enough bool
	// ErrorRate is each variant's failed ops over all its ops, baseline
	// first; MaxErrors the largest rate a variant may have and still be
	// compared (0: none).
	ErrorRate [2]float64
	MaxErrors float64
}

// Verdict is a judged comparison. Factor, Lo and Hi are the ratio and its
// interval as they are read in Kind's direction: for Slower the
// baseline/optimised factor (≥ 1) and its interval, Hi +Inf when the
// ratio's interval reaches 0; otherwise the optimised/baseline ratio and
// its interval as given. Pairs is the evidence's; Failed marks the variants
// whose error rate exceeded the limit, ErrorRate their rates.
type Verdict struct {
	Kind           Kind
	Factor, Lo, Hi float64
	Pairs          int
	Effective      float64
	Failed         [2]bool
	ErrorRate      [2]float64
}

// Judge applies the verdict rule: not comparable when a variant's error
// rate exceeds MaxErrors (whatever the throughput says: failed work is not
// throughput, and a variant that fails fast would look faster); else not
// enough data when the interval did not reach its level or there is no
// positive ratio; faster or slower when the interval excludes 1; else no
// clear difference.
func Judge(e Evidence) Verdict {
	v := Verdict{Factor: e.Ratio, Lo: e.Lo, Hi: e.Hi, Pairs: e.Pairs, Effective: e.Effective, ErrorRate: e.ErrorRate}
	for i, r := range e.ErrorRate {
		v.Failed[i] = r > e.MaxErrors
	}
	switch {
	case v.Failed[0] || v.Failed[1]:
		v.Kind = NotComparable
	case !e.Enough || !(e.Ratio > 0):
		v.Kind = NotEnoughData
	case e.Lo > 1:
		v.Kind = Faster
	case e.Hi < 1:
		inv := math.Inf(1)
		if e.Lo > 0 {
			inv = 1 / e.Lo
		}
		v.Kind, v.Factor, v.Lo, v.Hi = Slower, 1/e.Ratio, 1/e.Hi, inv
	default:
		v.Kind = NoClearDifference
	}
	return v
}

// String says the verdict in words with the sides called baseline and
// optimised: "optimised 3.10× faster", "optimised 1.50× slower", "no clear
// difference", "not enough data yet: 4 s" (the paired seconds so far) or
// "not comparable: optimised failed 100 % of ops".
func (v Verdict) String() string { return v.Said([2]string{"baseline", "optimised"}) }

// Said is the verdict in words with the sides called by names, A's then
// B's (their implementations, say): "sharded 3.10× faster", "not
// comparable: mutex failed 100 % of ops".
func (v Verdict) Said(names [2]string) string {
	switch v.Kind {
	case Faster, Slower:
		return names[1] + " " + Ratio(v.Factor) + " " + v.Kind.String()
	case NotEnoughData:
		if v.Effective > 0 && v.Effective < float64(v.Pairs)-0.05 {
			// Seconds that follow each other closely count for less.
			return "not enough data yet: " + strconv.Itoa(v.Pairs) + " s, worth " + Num(v.Effective) + " independent"
		}
		return "not enough data yet: " + strconv.Itoa(v.Pairs) + " s"
	case NotComparable:
		return "not comparable: " + v.FailuresOf(names)
	}
	return v.Kind.String()
}

// Failures says which variants failed too often: "optimised failed 100 % of
// ops", "baseline failed 2.00 % and optimised 100 % of ops"; empty when
// none did.
func (v Verdict) Failures() string { return v.FailuresOf([2]string{"baseline", "optimised"}) }

// FailuresOf is Failures with the sides called by names, A's then B's.
func (v Verdict) FailuresOf(names [2]string) string {
	switch {
	case v.Failed[0] && v.Failed[1]:
		return names[0] + " failed " + Percent(v.ErrorRate[0]) + " and " + names[1] + " " + Percent(v.ErrorRate[1]) + " of ops"
	case v.Failed[0], v.Failed[1]:
		i := 0
		if v.Failed[1] {
			i = 1
		}
		return names[i] + " failed " + Percent(v.ErrorRate[i]) + " of ops"
	}
	return ""
}
