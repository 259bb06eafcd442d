package capacity

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mcptop/mcptop/units"
)

// Bound is one latency bound of an SLO: the Name quantile (Q) below Max.
type Bound struct {
	Name string  // "p50", "p90", "p95", "p99", "p99.9" or "max"
	Q    float64 // 0.5 … 0.999, 1 for max
	Max  time.Duration
}

// SLO is what a rate must meet: latency bounds on the ops that succeeded
// and the largest share of ops that may fail.
type SLO struct {
	Latency   []Bound
	MaxErrors float64 // share of ops; 0 unless an errors bound says
	text      string
}

// quantiles are the latency bounds an SLO may state.
var quantiles = map[string]float64{"p50": 0.5, "p90": 0.9, "p95": 0.95, "p99": 0.99, "p99.9": 0.999, "max": 1}

// ParseSLO reads an SLO: terms joined by spaces, commas or "and", each
// QUANTILE<DURATION (p50, p90, p95, p99, p99.9 or max; "p99<50ms") or
// errors<SHARE ("errors<0.1%", or a fraction "errors<0.001"). At least one
// latency bound; each term once.
func ParseSLO(s string) (SLO, error) {
	fields := strings.FieldsFunc(strings.ReplaceAll(s, " and ", " "), func(r rune) bool { return r == ' ' || r == ',' })
	var slo SLO
	seen := map[string]bool{}
	for _, f := range fields {
		name, value, ok := strings.Cut(f, "<")
		name = strings.ToLower(strings.TrimSpace(name))
		switch {
		case !ok || strings.HasPrefix(value, "="):
			return SLO{}, fmt.Errorf("%q: want NAME<VALUE, such as p99<50ms or errors<0.1%%", f)
		case seen[name]:
			return SLO{}, fmt.Errorf("%s is bounded twice", name)
		}
		seen[name] = true
		if name == "errors" {
			x, err := parseShare(value)
			if err != nil {
				return SLO{}, fmt.Errorf("%q: %w", f, err)
			}
			slo.MaxErrors = x
			continue
		}
		q, known := quantiles[name]
		if !known {
			return SLO{}, fmt.Errorf("%q: unknown term %q (want p50, p90, p95, p99, p99.9, max or errors)", f, name)
		}
		d, err := time.ParseDuration(value)
		if err != nil || d <= 0 {
			return SLO{}, fmt.Errorf("%q: %q is not a positive duration (50ms, 1.5s)", f, value)
		}
		slo.Latency = append(slo.Latency, Bound{Name: name, Q: q, Max: d})
	}
	if len(slo.Latency) == 0 {
		return SLO{}, errors.New("no latency bound: say what the latency must stay under, such as p99<50ms")
	}
	slices.SortFunc(slo.Latency, func(a, b Bound) int { return int(math.Copysign(1, a.Q-b.Q)) })
	var terms []string
	for _, b := range slo.Latency {
		terms = append(terms, b.Name+"<"+units.Duration(b.Max))
	}
	if seen["errors"] {
		terms = append(terms, "errors<"+units.Percent(slo.MaxErrors))
	}
	slo.text = strings.Join(terms, " ")
	return slo, nil
}

// parseShare reads "0.1%" or "0.001", below 100 %.
func parseShare(s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	x, err := strconv.ParseFloat(strings.TrimSuffix(t, "%"), 64)
	if pct {
		x /= 100
	}
	if err != nil || !(x >= 0 && x < 1) {
		return 0, fmt.Errorf("%q: want a share below 100 %%, such as 0.1%% or 0.001", s)
	}
	return x, nil
}

// String is the SLO in its canonical form: "p99<50ms errors<0.100 %".
func (s SLO) String() string { return s.text }

// Figures are what one step measured of one side after warm-up.
type Figures struct {
	Rate      int     // intended, requests/s
	Achieved  float64 // successful ops/s
	Latency   func(q float64) time.Duration
	ErrorRate float64
	Missed    int64 // sends the timetable asked for and never made
	Ops       int64 // successful ops, whose latencies the bounds hold
}

// Judge says whether f met the SLO and, when it did not, why (the first
// term it broke, in words).
func (s SLO) Judge(f Figures) (met bool, why string) {
	switch {
	case f.Ops == 0:
		return false, "no op succeeded"
	case f.Missed > 0:
		return false, fmt.Sprintf("%s sends missed: the generator could not keep the rate", units.Count(f.Missed))
	case f.ErrorRate > s.MaxErrors:
		return false, fmt.Sprintf("errors %s > %s", units.Percent(f.ErrorRate), units.Percent(s.MaxErrors))
	}
	for _, b := range s.Latency {
		if got := f.Latency(b.Q); got >= b.Max {
			return false, fmt.Sprintf("%s %s ≥ %s", b.Name, units.Duration(got), units.Duration(b.Max))
		}
	}
	return true, ""
}
