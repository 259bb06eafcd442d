package capacity

import "math"

// Defaults and bounds of a search.
const (
	DefaultStart     = 100     // requests/s of the first step
	DefaultMaxRate   = 1 << 20 // the most a search tries
	DefaultMaxSteps  = 24
	DefaultPrecision = 1.1 // the search ends when failed ≤ met × this
	growth           = 2
)

// Search is a capacity search over the rates of an open loop, for sides A
// and B at once. It is a value that holds no goroutine or clock: the
// caller runs each step and records what it showed.
type Search struct {
	Start, MaxRate, MaxSteps int
	Precision                float64
	Steps                    []Step
}

// Step is one rate tried and whether each side met the SLO there.
type Step struct {
	Rate int
	Met  [2]bool
}

// NewSearch returns a search from start requests/s (DefaultStart when
// not positive) with the default bounds.
func NewSearch(start int) *Search {
	if start < 1 {
		start = DefaultStart
	}
	return &Search{Start: start, MaxRate: max(start, DefaultMaxRate), MaxSteps: DefaultMaxSteps, Precision: DefaultPrecision}
}

// Record adds a step.
func (s *Search) Record(rate int, met [2]bool) { s.Steps = append(s.Steps, Step{Rate: rate, Met: met}) }

// Bracket is a side's state: the highest rate that met the SLO below the
// lowest that failed (0: none met), that failure (0: none failed), and the
// steps that showed each (-1: none).
type Bracket struct {
	Met, Failed         int
	MetStep, FailedStep int
}

// Side returns side v's bracket. A failure stands against a higher rate
// that met the SLO after it: the capacity is the highest rate met below
// the lowest failure.
func (s *Search) Side(v int) Bracket {
	b := Bracket{MetStep: -1, FailedStep: -1}
	for i, st := range s.Steps {
		if !st.Met[v] && (b.Failed == 0 || st.Rate < b.Failed) {
			b.Failed, b.FailedStep = st.Rate, i
		}
	}
	for i, st := range s.Steps {
		if st.Met[v] && st.Rate > b.Met && (b.Failed == 0 || st.Rate < b.Failed) {
			b.Met, b.MetStep = st.Rate, i
		}
	}
	return b
}

// settled reports whether side v's capacity is known as well as the
// search can know it.
func (s *Search) settled(b Bracket) bool {
	switch {
	case b.Failed == 0:
		return b.Met >= s.MaxRate // met at the most it tries
	case b.Met == 0:
		return b.Failed <= 1 // failed at the least there is
	}
	return float64(b.Failed) <= float64(b.Met)*s.Precision || b.Failed-b.Met <= 1
}

// candidate is the rate side v's search would try next.
func (s *Search) candidate(b Bracket) int {
	switch {
	case b.Failed == 0 && b.Met == 0:
		return s.Start
	case b.Failed == 0:
		return min(s.MaxRate, b.Met*growth)
	case b.Met == 0:
		return max(1, b.Failed/growth)
	}
	return int(math.Round(float64(b.Met+b.Failed) / 2))
}

// Next is the rate to try next, the lower of the two sides' candidates;
// ok is false when both sides are settled or the steps are used up.
func (s *Search) Next() (rate int, ok bool) {
	if len(s.Steps) >= s.MaxSteps {
		return 0, false
	}
	for v := range 2 {
		b := s.Side(v)
		if s.settled(b) {
			continue
		}
		if c := s.candidate(b); !ok || c < rate {
			rate, ok = c, true
		}
	}
	return rate, ok
}
