package workload

import (
	"fmt"
	"math"
)

// The load model's parameters, which a workload that can drive its
// operations open loop offers besides its own. A rate of 0 is a closed
// loop: a fixed number of requests in flight (the workload's depth), each
// reissued as one completes. A positive rate is an open loop: requests
// are sent on a timetable, rate per second per variant, whatever the
// server does, and each is timed from the moment it was meant to be sent.
const (
	RateParam        = "rate"
	ArrivalsParam    = "arrivals"
	MaxInflightParam = "max-inflight"
)

// Arrivals: how an open loop spaces its sends (the arrivals parameter).
const (
	ArrivalsConstant = 0 // evenly, 1/rate apart
	ArrivalsPoisson  = 1 // exponential gaps of mean 1/rate: a Poisson process
)

// Bounds of the load parameters.
const (
	MaxRate            = 10_000_000
	DefaultMaxInflight = 1024
	MaxMaxInflight     = 1 << 20
)

// RateSteps are the rates the UI steps through: 1-2-5 from 1 to MaxRate.
var RateSteps = func() []int {
	var out []int
	for d := 1; d <= MaxRate; d *= 10 {
		for _, m := range []int{1, 2, 5} {
			if d*m <= MaxRate {
				out = append(out, d*m)
			}
		}
	}
	return out
}()

// LoadParams are the load model's parameters, for a workload that keeps
// at most maxInflight requests in flight per variant.
func LoadParams(maxInflight int) []Param {
	return []Param{
		{Name: RateParam, Help: "open loop: requests/s per variant on a timetable, latency from the intended send time (0: closed loop, --depth in flight)",
			Unit: "req/s", Default: 0, Min: 0, Max: MaxRate, Steps: RateSteps},
		{Name: ArrivalsParam, Help: "open loop: 0 constant spacing, 1 Poisson arrivals (exponential gaps)",
			Default: ArrivalsConstant, Min: ArrivalsConstant, Max: ArrivalsPoisson},
		{Name: MaxInflightParam, Help: "open loop: most requests outstanding per variant; a send due beyond it waits (and counts as capped)",
			Unit: "reqs", Default: min(DefaultMaxInflight, maxInflight), Min: 1, Max: maxInflight},
	}
}

// Load is a run's load model, read from its parameters.
type Load struct {
	Rate        int // requests/s per variant; 0: closed loop
	Poisson     bool
	MaxInflight int
}

// LoadOf reads the load model from p; a workload without the load
// parameters runs closed loop.
func LoadOf(p Params) Load {
	return Load{Rate: p[RateParam], Poisson: p[ArrivalsParam] == ArrivalsPoisson, MaxInflight: p[MaxInflightParam]}
}

// Open reports an open loop.
func (l Load) Open() bool { return l.Rate > 0 }

// Model is "open" or "closed".
func (l Load) Model() string {
	if l.Open() {
		return "open"
	}
	return "closed"
}

// Arrivals names the spacing of an open loop's sends: "constant" or
// "poisson"; "" for a closed loop.
func (l Load) Arrivals() string {
	switch {
	case !l.Open():
		return ""
	case l.Poisson:
		return "poisson"
	}
	return "constant"
}

// ParseArrivals reads "constant" or "poisson" as the arrivals parameter.
func ParseArrivals(s string) (int, error) {
	switch s {
	case "constant":
		return ArrivalsConstant, nil
	case "poisson":
		return ArrivalsPoisson, nil
	}
	return 0, fmt.Errorf("want constant or poisson, got %q", s)
}

// Share splits a per-variant figure (a rate, a cap on requests in flight)
// over the pipelines that carry the load: the one owning own of the total
// connections gets its part, never less than min.
func Share(x float64, own, total int, least float64) float64 {
	if total <= 0 || own <= 0 {
		return 0
	}
	return math.Max(least, x*float64(own)/float64(total))
}

// Timetable is an open-loop pipeline's schedule: the intended times of its
// sends, on the Now clock, rate per second, evenly spaced or with
// exponential gaps (a Poisson process). It allocates nothing.
type Timetable struct {
	gap     float64 // mean ns between sends
	poisson bool
	x       uint64  // xorshift state, never 0
	next    float64 // intended time of the next send
}

// NewTimetable returns the schedule of rate sends per second; seed picks
// the Poisson gaps (any value).
func NewTimetable(rate float64, poisson bool, seed uint64) Timetable {
	return Timetable{gap: 1e9 / rate, poisson: poisson, x: seed | 1}
}

// Start restarts the schedule at now: the first send half a gap later
// when evenly spaced (so that a window of any length holds the right
// number of sends on average), one exponential gap later for Poisson
// arrivals (memoryless, so a restart changes nothing).
func (t *Timetable) Start(now int64) {
	if t.poisson {
		t.next = float64(now) + t.draw()
		return
	}
	t.next = float64(now) + t.gap/2
}

// Next is the intended time of the next send.
func (t *Timetable) Next() int64 { return int64(math.Ceil(t.next)) }

// Advance moves on to the send after Next.
func (t *Timetable) Advance() { t.next += t.draw() }

// SkipTo moves on past every send meant before now and returns how many
// there were.
func (t *Timetable) SkipTo(now int64) int64 {
	if t.next >= float64(now) {
		return 0
	}
	if !t.poisson {
		n := math.Floor((float64(now)-t.next)/t.gap) + 1
		t.next += n * t.gap
		return int64(n)
	}
	var n int64
	for t.next < float64(now) {
		t.next += t.draw()
		n++
	}
	return n
}

// draw is the next gap: the mean, or an exponential variate of that mean.
func (t *Timetable) draw() float64 {
	if !t.poisson {
		return t.gap
	}
	t.x ^= t.x << 13
	t.x ^= t.x >> 7
	t.x ^= t.x << 17
	u := (float64(t.x>>11) + 1) / (1 << 53) // in (0, 1]
	return -t.gap * math.Log(u)
}
