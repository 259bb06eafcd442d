package units

import (
	"strconv"
	"strings"
	"time"
)

var timeUnits = []string{"ns", "µs", "ms", "s"}

// Duration prints a latency with three significant figures and its unit:
// "0", "812ns", "42.0ns", "4.12µs", "2.30ms", "1.25s". The unit is chosen
// after rounding, so 999.5ns prints as "1.00µs".
func Duration(d time.Duration) string { return Nanos(float64(d)) }

// Nanos prints a latency given in (possibly fractional) nanoseconds as
// Duration does: a batch-timed op can take 5.4 ns.
func Nanos(ns float64) string {
	if s, ok := special(ns); ok {
		return s
	}
	if ns == 0 {
		return "0"
	}
	num, p := scaled(ns, len(timeUnits)-1)
	return num + timeUnits[p]
}

// Micros prints a latency given in microseconds, as snapshots store it.
func Micros(us float64) string { return Nanos(us * 1e3) }

// TimeUnit returns the unit Duration would print ns in, as the number of
// nanoseconds in it and its name: (1e3, "µs") for 4123. An axis labels
// every tick in the unit of its top value.
func TimeUnit(ns float64) (div float64, name string) {
	_, p := scaled(ns, len(timeUnits)-1)
	div = 1
	for range p {
		div *= 1e3
	}
	return div, timeUnits[p]
}

// ShortDuration prints a round duration (an axis tick, a setting) in its
// own unit and without trailing zeros: "100ns", "2µs", "2.5ms", "100ms".
func ShortDuration(ns float64) string {
	if s, ok := special(ns); ok {
		return s
	}
	if ns == 0 {
		return "0"
	}
	div, name := TimeUnit(ns)
	return Short(ns/div) + name
}

// Elapsed prints a run's elapsed time as m:ss or h:mm:ss, whole seconds,
// never negative: "0:00", "1:23", "3:04:05".
func Elapsed(d time.Duration) string {
	s := max(int64(d/time.Second), 0)
	h, m, sec := s/3600, s/60%60, s%60
	var b strings.Builder
	if h > 0 {
		b.WriteString(strconv.FormatInt(h, 10))
		b.WriteByte(':')
		pad2(&b, m)
	} else {
		b.WriteString(strconv.FormatInt(m, 10))
	}
	b.WriteByte(':')
	pad2(&b, sec)
	return b.String()
}

func pad2(b *strings.Builder, v int64) {
	if v < 10 {
		b.WriteByte('0')
	}
	b.WriteString(strconv.FormatInt(v, 10))
}
