package units

import (
	"math"
	"strconv"
	"strings"
)

// Dash stands for a value that is not a number (NaN), and in the dashboard
// for a figure not measured yet.
const Dash = "—"

// Num prints x with three significant figures and no prefix: "0", "0.0141",
// "0.310", "4.12", "42.3", "423", "4480". Magnitudes below 10⁻⁴ are printed
// in exponent form ("1.23e-05") so the width stays bounded.
func Num(x float64) string {
	if s, ok := special(x); ok {
		return s
	}
	num, _ := scaled(x, 0)
	return num
}

// Short prints x as Num does with trailing zeros dropped: "5", "2.5",
// "0.25", "12.5". It is for values that are round by construction (axis
// ticks) and for settings (a 100 ms slice, a 95 % level), not for
// measurements, whose trailing zeros say how precise they are.
func Short(x float64) string { return trim(Num(x)) }

// SI prints x with three significant figures and an SI prefix (k, M, G, T)
// chosen after rounding: "812", "4.12k", "1.00M" (for 999 500), "1.24M",
// "0.500".
func SI(x float64) string {
	if s, ok := special(x); ok {
		return s
	}
	num, p := scaled(x, len(siPrefixes)-1)
	return num + siPrefixes[p]
}

// ShortSI prints a round value (an axis tick) with an SI prefix and no
// trailing zeros: "0", "500k", "2.5M", "12.5M".
func ShortSI(x float64) string {
	if s, ok := special(x); ok {
		return s
	}
	num, p := scaled(x, len(siPrefixes)-1)
	return trim(num) + siPrefixes[p]
}

// Count prints a count of things: in full below 1000 ("812"), else as SI
// does ("37.2M").
func Count(n int64) string {
	if n > -1000 && n < 1000 {
		return strconv.FormatInt(n, 10)
	}
	return SI(float64(n))
}

// OpsRate prints operations per second: "1.24M ops/s".
func OpsRate(x float64) string { return withUnit(x, SI(x), " ops/s") }

// PerSec is the dashboard's compact rate, the unit of what is counted
// left to the row's label: "1.24M/s".
func PerSec(x float64) string { return withUnit(x, SI(x), "/s") }

// Bytes prints a byte count with an SI (decimal) prefix: "0 B", "0.0141 B",
// "48.0 B", "1.50 kB".
func Bytes(x float64) string {
	if s, ok := special(x); ok {
		return s
	}
	num, p := scaled(x, len(siPrefixes)-1)
	return num + " " + siPrefixes[p] + "B"
}

// BriefBytes prints x as Bytes does, except that a positive amount below
// 0.001 B prints as "<0.001 B": at most 9 cells, for a table column, where
// "0.000347 B" or "2.12e-05 B" would touch its neighbour. It is for a
// per-op allocation, where less than a byte in a thousand ops is what
// matters; reports print Bytes.
func BriefBytes(x float64) string {
	if x > 0 && x < 0.001 {
		return "<0.001 B"
	}
	return Bytes(x)
}

// BytesPerOp prints heap bytes allocated per op: "0 B/op", "0.0141 B/op",
// "1.50 kB/op".
func BytesPerOp(x float64) string { return withUnit(x, Bytes(x), "/op") }

// BytesRate prints bytes per second: "12.3 MB/s".
func BytesRate(x float64) string { return withUnit(x, Bytes(x), "/s") }

// Ratio prints a factor: "0.310×", "3.10×", "16.8×", "124×".
func Ratio(r float64) string { return withUnit(r, Num(r), "×") }

// Interval prints the bounds of an interval as Num does, joined by an en
// dash: "2.90–3.30". An unbounded side prints as "∞".
func Interval(lo, hi float64) string { return Num(lo) + "–" + Num(hi) }

// Percent prints a measured share x (0.123 for 12.3 %) with three
// significant figures: "12.3 %", "0.000467 %".
func Percent(x float64) string { return withUnit(x, Num(100*x), " %") }

// Level prints a chosen fraction, such as a confidence level or a
// threshold, as a percentage without trailing zeros: "95 %", "5 %",
// "99.9 %".
func Level(x float64) string { return withUnit(x, Short(100*x), " %") }

// Change prints a relative change x (0.201 for +20.1 %) as a signed
// percentage: "+20.1 %", "−3.05 %", "+0.08 %", "0 %". From 1 % up it has
// three significant figures; below, hundredths of a percent, since a
// smaller change means nothing against a threshold of a few percent, and a
// change that rounds to 0.00 % prints as "0 %". The minus is the Unicode
// minus sign, as in every signed figure (Sign).
func Change(x float64) string {
	if math.IsNaN(x) {
		return Dash
	}
	v := math.Abs(100 * x)
	s := Num(v)
	if v < 1 {
		s = strconv.FormatFloat(v, 'f', 2, 64)
	}
	if s == "0.00" || s == "0" {
		return "0 %"
	}
	return Sign(x) + s + " %"
}

// Sign returns the sign a signed figure starts with: "+", "−" (U+2212) or
// "" for zero and NaN.
func Sign(x float64) string {
	switch {
	case x > 0:
		return "+"
	case x < 0:
		return "−"
	}
	return ""
}

// PValue prints a p-value with three decimals, and "<0.001" below that.
func PValue(p float64) string {
	if math.IsNaN(p) {
		return Dash
	}
	if p < 0.001 {
		return "<0.001"
	}
	return strconv.FormatFloat(p, 'f', 3, 64)
}

// Compact prints a parameter's value: round large values with an SI
// suffix ("10k", "1M"), others in full ("1500", "64").
func Compact(v int) string {
	switch {
	case v >= 1_000_000 && v%1_000_000 == 0:
		return strconv.Itoa(v/1_000_000) + "M"
	case v >= 10_000 && v%1000 == 0:
		return strconv.Itoa(v/1000) + "k"
	}
	return strconv.Itoa(v)
}

var siPrefixes = []string{"", "k", "M", "G", "T"}

// special prints NaN as Dash and an infinity as "∞" or "-∞"; ok is false
// for a finite x.
func special(x float64) (s string, ok bool) {
	switch {
	case math.IsNaN(x):
		return Dash, true
	case math.IsInf(x, 1):
		return "∞", true
	case math.IsInf(x, -1):
		return "-∞", true
	}
	return "", false
}

// withUnit appends unit to the formatted finite x; a non-finite x prints
// without a unit ("—", "∞").
func withUnit(x float64, s, unit string) string {
	if _, ok := special(x); ok {
		return s
	}
	return s + unit
}

// scaled prints finite x with three significant figures in units of
// 1000^p, p the largest group (at most maxP) that leaves at least 1 after
// rounding: scaled(999_700, 4) is ("1.00", 2). Rounding happens once, to
// three significant figures, so a value never prints as "1000k".
func scaled(x float64, maxP int) (num string, p int) {
	neg := x < 0
	a := math.Abs(x)
	if a == 0 {
		return "0", 0
	}
	// "d.dde±XX": the three significant digits and the decimal exponent,
	// after rounding.
	e := strconv.FormatFloat(a, 'e', 2, 64)
	digits := e[:1] + e[2:4]
	exp, _ := strconv.Atoi(e[5:])
	switch {
	case exp < -4:
		num = e
	case exp >= 3:
		p = min(exp/3, maxP)
		num = place(digits, exp-3*p)
	default:
		num = place(digits, exp)
	}
	if neg {
		num = "-" + num
	}
	return num, p
}

// place writes the three digits d.dd×10^pos in positional notation.
func place(digits string, pos int) string {
	switch {
	case pos >= 2:
		return digits + strings.Repeat("0", pos-2)
	case pos >= 0:
		return digits[:pos+1] + "." + digits[pos+1:]
	}
	return "0." + strings.Repeat("0", -pos-1) + digits
}

// trim drops trailing zeros after a decimal point, and the point itself
// when nothing follows it: "2.50" → "2.5", "3.00" → "3".
func trim(s string) string {
	if !strings.Contains(s, ".") || strings.Contains(s, "e") {
		return s
	}
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

// Quantity prints x in the unit named: "ns" as a duration, "B" as bytes,
// "×" as a ratio, anything else as a number followed by the unit's name
// ("1.00 objects").
func Quantity(x float64, unit string) string {
	switch unit {
	case "ns":
		return Nanos(x)
	case "B":
		return Bytes(x)
	case "×":
		return Ratio(x)
	case "":
		return Num(x)
	}
	return Num(x) + " " + unit
}
