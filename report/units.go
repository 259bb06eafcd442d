package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/mcptop/mcptop/workload"
)

// trimFloat formats x with prec decimals and drops trailing zeros:
// trimFloat(3.10, 2) = "3.1", trimFloat(2, 2) = "2".
func trimFloat(x float64, prec int) string {
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// sig formats x with 3 significant digits, without an exponent.
func sig(x float64) string {
	ax := math.Abs(x)
	switch {
	case ax == 0:
		return "0"
	case ax >= 100:
		return trimFloat(x, 0)
	case ax >= 10:
		return trimFloat(x, 1)
	case ax >= 1:
		return trimFloat(x, 2)
	}
	// below 1: three significant digits
	d := 2 - int(math.Floor(math.Log10(ax)))
	return trimFloat(x, d)
}

// si formats x with an SI prefix (k, M, G, T) and 3 significant digits.
func si(x float64) string {
	ax := math.Abs(x)
	for _, p := range []struct {
		f float64
		s string
	}{{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
		// round first so 999 950 prints as 1M, not 1000k
		if ax >= p.f*0.9995 {
			return sig(x/p.f) + p.s
		}
	}
	return sig(x)
}

// rate formats ops per second: "1.24M ops/s".
func rate(x float64) string { return si(x) + " ops/s" }

// byteRate formats bytes per second: "312 MB/s".
func byteRate(x float64) string {
	s := si(x)
	if n := len(s); n > 0 && s[n-1] >= 'A' {
		return s[:n-1] + " " + s[n-1:] + "B/s"
	}
	return s + " B/s"
}

// count formats a count of things: "37.2M".
func count(n int64) string {
	if n < 1000 {
		return strconv.FormatInt(n, 10)
	}
	return si(float64(n))
}

// dur formats a latency given in microseconds: "812ns", "4.12µs", "2.3ms".
func dur(us float64) string {
	ns := us * 1e3
	switch {
	case ns == 0:
		return "0"
	case ns < 1e3*0.9995:
		return sig(ns) + "ns"
	case ns < 1e6*0.9995:
		return sig(ns/1e3) + "µs"
	case ns < 1e9*0.9995:
		return sig(ns/1e6) + "ms"
	}
	return sig(ns/1e9) + "s"
}

// bytesPerOp formats an allocation rate: "48 B/op", "0.012 B/op".
func bytesPerOp(x float64) string { return sig(x) + " B/op" }

// ratio formats a factor: "3.1", "12.4", "250".
func ratio(x float64) string {
	if x >= 100 {
		return trimFloat(x, 0)
	}
	if x >= 10 {
		return trimFloat(x, 1)
	}
	return trimFloat(x, 2)
}

// pct formats a relative change as a signed percentage: "+20.1 %", "−3 %".
// It uses the Unicode minus so columns of signed figures line up.
func pct(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "+∞ %"
	case math.IsInf(x, -1):
		return "−∞ %"
	case math.IsNaN(x):
		return "n/a"
	}
	v := x * 100
	s := trimFloat(math.Abs(v), 2)
	if math.Abs(v) >= 10 {
		s = trimFloat(math.Abs(v), 1)
	}
	switch {
	case s == "0":
		return "0 %"
	case v < 0:
		return "−" + s + " %"
	}
	return "+" + s + " %"
}

// pvalue formats a p-value: "0.012", "<0.001".
func pvalue(p float64) string {
	if p < 0.001 {
		return "<0.001"
	}
	return strconv.FormatFloat(p, 'f', 3, 64)
}

// paramString renders parameters sorted by name: "keys=1000 prefill=10".
func paramString(m map[string]int, sep string) string { return workload.Params(m).Join(sep) }

// percent formats a confidence level 0.95 as "95 %".
func percent(c float64) string { return trimFloat(c*100, 1) + " %" }
