package tui

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// FormatDuration prints a latency with its unit, whole nanoseconds below a
// microsecond and one decimal below 100 of the unit: 812ns, 4.1µs, 42.3µs,
// 423µs, 2.3ms, 1.2s.
func FormatDuration(d time.Duration) string {
	if d < 0 {
		return "-" + FormatDuration(-d)
	}
	switch {
	case d < time.Microsecond:
		return strconv.FormatInt(int64(d), 10) + "ns"
	case d < time.Millisecond:
		return dec1(float64(d)/1e3) + "µs"
	case d < time.Second:
		return dec1(float64(d)/1e6) + "ms"
	}
	return dec1(float64(d)/1e9) + "s"
}

// FormatRate prints a per-second rate with an SI suffix and unit:
// FormatRate(1.24e6, "ops/s") is "1.24M ops/s". An empty unit leaves the
// number bare ("1.24M").
func FormatRate(v float64, unit string) string {
	s := SI(v)
	if unit == "" {
		return s
	}
	return s + " " + unit
}

// FormatBytesRate prints bytes per second with an SI prefix: "12.3 MB/s".
func FormatBytesRate(v float64) string { return FormatBytes(v) + "/s" }

// FormatBytes prints a byte count such as an allocation per op with an SI
// prefix: "0 B", "48 B", "1.50 kB".
func FormatBytes(v float64) string {
	n, suffix := siParts(v)
	return n + " " + suffix + "B"
}

// FormatRatio prints a ratio with about three significant digits:
// "0.31×", "3.07×", "16.8×", "124×".
func FormatRatio(r float64) string {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return "—"
	}
	return ratioNum(r) + "×"
}

// ratioNum prints r as FormatRatio does, without the sign.
func ratioNum(r float64) string {
	switch {
	case r < 9.995:
		return strconv.FormatFloat(r, 'f', 2, 64)
	case r < 99.95:
		return strconv.FormatFloat(r, 'f', 1, 64)
	}
	return strconv.FormatFloat(r, 'f', 0, 64)
}

// FormatElapsed prints a run's elapsed time as m:ss or h:mm:ss.
func FormatElapsed(d time.Duration) string {
	s := int64(d / time.Second)
	if s < 0 {
		s = 0
	}
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

// SI prints v with about three significant digits and an SI suffix (k, M,
// G, T): 812, 4.12k, 42.3k, 1.24M.
func SI(v float64) string {
	n, suffix := siParts(v)
	return n + suffix
}

// siParts splits v into a number of about three significant digits and an
// SI suffix.
func siParts(v float64) (num, suffix string) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—", ""
	}
	neg := v < 0
	a := math.Abs(v)
	for _, s := range []string{"k", "M", "G", "T"} {
		if a < 999.5 {
			break
		}
		a /= 1000
		suffix = s
	}
	if suffix == "" {
		num = strconv.FormatFloat(math.Round(a), 'f', 0, 64)
	} else {
		num = sig3(a)
	}
	if neg && num != "0" {
		num = "-" + num
	}
	return num, suffix
}

// sig3 prints a (≥ 0) with three significant digits, fewer decimals as it
// grows: 4.12, 42.3, 423.
func sig3(a float64) string {
	switch {
	case a < 9.995:
		return strconv.FormatFloat(a, 'f', 2, 64)
	case a < 99.95:
		return strconv.FormatFloat(a, 'f', 1, 64)
	}
	return strconv.FormatFloat(a, 'f', 0, 64)
}

// dec1 prints a (≥ 0) with one decimal below 99.95 and none above: 4.1,
// 42.3, 423.
func dec1(a float64) string {
	if a < 99.95 {
		return strconv.FormatFloat(a, 'f', 1, 64)
	}
	return strconv.FormatFloat(a, 'f', 0, 64)
}

// formatFixed prints v with prec decimals.
func formatFixed(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }
