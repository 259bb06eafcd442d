package units

import (
	"math"
	"testing"
	"time"
)

var (
	nan  = math.NaN()
	inf  = math.Inf(1)
	ninf = math.Inf(-1)
)

// TestFormats pins every format mcptop prints, edge cases included.
func TestFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, got, want string
	}{
		// Num: three significant figures, zeros kept.
		{"Num zero", Num(0), "0"},
		{"Num negative zero", Num(math.Copysign(0, -1)), "0"},
		{"Num small", Num(0.0141), "0.0141"},
		{"Num below one", Num(0.31), "0.310"},
		{"Num rounds up to one", Num(0.99951), "1.00"},
		{"Num units", Num(4.123), "4.12"},
		{"Num rounds up to ten", Num(9.996), "10.0"},
		{"Num tens", Num(42.34), "42.3"},
		{"Num hundreds", Num(423.4), "423"},
		{"Num thousands", Num(4480), "4480"},
		{"Num rounds up to a thousand", Num(999.7), "1000"},
		{"Num tiny", Num(0.000467), "0.000467"},
		{"Num exponent below 1e-4", Num(0.0000123), "1.23e-05"},
		{"Num negative", Num(-4.123), "-4.12"},
		{"Num NaN", Num(nan), "—"},
		{"Num +Inf", Num(inf), "∞"},
		{"Num -Inf", Num(ninf), "-∞"},
		// Quantity: by the unit's name.
		{"Quantity ns", Quantity(361, "ns"), "361ns"},
		{"Quantity B", Quantity(64, "B"), "64.0 B"},
		{"Quantity ratio", Quantity(1.384, "×"), "1.38×"},
		{"Quantity objects", Quantity(1, "objects"), "1.00 objects"},
		{"Quantity no unit", Quantity(0.5, ""), "0.500"},
		// Short: trailing zeros dropped.
		{"Short whole", Short(5), "5"},
		{"Short half", Short(2.5), "2.5"},
		{"Short quarter", Short(0.25), "0.25"},
		{"Short tens", Short(12.5), "12.5"},
		{"Short hundred", Short(100), "100"},
		{"Short rounds", Short(3.14159), "3.14"},
		{"Short exponent kept", Short(0.00001), "1.00e-05"},
		// SI and ShortSI.
		{"SI zero", SI(0), "0"},
		{"SI below one", SI(0.5), "0.500"},
		{"SI small", SI(812), "812"},
		{"SI twelve", SI(12), "12.0"},
		{"SI just below k", SI(999.4), "999"},
		{"SI rounds up into k at 999.5", SI(999.5), "1.00k"},
		{"SI 1e3", SI(1e3), "1.00k"},
		{"SI kilo", SI(4123), "4.12k"},
		{"SI tens of kilo", SI(42_300), "42.3k"},
		{"SI just below M", SI(999_499), "999k"},
		{"SI rounds up into M", SI(999_500), "1.00M"},
		{"SI 1e6", SI(1e6), "1.00M"},
		{"SI 1.2e6", SI(1.2e6), "1.20M"},
		{"SI mega", SI(1_240_000), "1.24M"},
		{"SI giga", SI(3.5e9), "3.50G"},
		{"SI tera", SI(2e12), "2.00T"},
		{"SI beyond tera", SI(4.5e15), "4500T"},
		{"SI negative", SI(-1500), "-1.50k"},
		{"SI NaN", SI(nan), "—"},
		{"SI Inf", SI(inf), "∞"},
		{"ShortSI zero", ShortSI(0), "0"},
		{"ShortSI hundreds", ShortSI(250), "250"},
		{"ShortSI kilo", ShortSI(500_000), "500k"},
		{"ShortSI mega", ShortSI(2.5e6), "2.5M"},
		{"ShortSI tens of mega", ShortSI(12.5e6), "12.5M"},
		{"ShortSI 1e3", ShortSI(1e3), "1k"},
		// Counts and rates.
		{"Count zero", Count(0), "0"},
		{"Count 999", Count(999), "999"},
		{"Count 1e3", Count(1000), "1.00k"},
		{"Count millions", Count(7_400_000), "7.40M"},
		{"Count negative", Count(-12), "-12"},
		{"OpsRate", OpsRate(1.24e6), "1.24M ops/s"},
		{"OpsRate zero", OpsRate(0), "0 ops/s"},
		{"OpsRate NaN", OpsRate(nan), "—"},
		{"PerSec", PerSec(530_400), "530k/s"},
		{"PerSec small", PerSec(3.5), "3.50/s"},
		// Bytes.
		{"Bytes zero", Bytes(0), "0 B"},
		{"Bytes sub-1", Bytes(0.012), "0.0120 B"},
		{"Bytes", Bytes(48), "48.0 B"},
		{"Bytes 1500", Bytes(1500), "1.50 kB"},
		{"Bytes rounds into k", Bytes(999.5), "1.00 kB"},
		{"Bytes mega", Bytes(12.3e6), "12.3 MB"},
		{"Bytes NaN", Bytes(nan), "—"},
		{"BriefBytes zero", BriefBytes(0), "0 B"},
		{"BriefBytes tiny", BriefBytes(0.000347), "<0.001 B"},
		{"BriefBytes exponent", BriefBytes(2.12e-5), "<0.001 B"},
		{"BriefBytes at the bound", BriefBytes(0.001), "0.00100 B"},
		{"BriefBytes", BriefBytes(64), "64.0 B"},
		{"BriefBytes negative", BriefBytes(-0.0001), "-0.000100 B"},
		{"BytesPerOp zero", BytesPerOp(0), "0 B/op"},
		{"BytesPerOp sub-1", BytesPerOp(0.012), "0.0120 B/op"},
		{"BytesPerOp 1500", BytesPerOp(1500), "1.50 kB/op"},
		{"BytesRate", BytesRate(12.3e6), "12.3 MB/s"},
		{"BytesRate small", BytesRate(12), "12.0 B/s"},
		// Ratios and intervals.
		{"Ratio", Ratio(3.0712), "3.07×"},
		{"Ratio kept zero", Ratio(3.1), "3.10×"},
		{"Ratio small", Ratio(0.3141), "0.314×"},
		{"Ratio above 10", Ratio(16.77), "16.8×"},
		{"Ratio above 100", Ratio(123.6), "124×"},
		{"Ratio zero", Ratio(0), "0×"},
		{"Ratio NaN", Ratio(nan), "—"},
		{"Ratio Inf", Ratio(inf), "∞"},
		{"Interval", Interval(2.9, 3.3), "2.90–3.30"},
		{"Interval unbounded", Interval(1.5, inf), "1.50–∞"},
		// Percentages.
		{"Percent", Percent(0.123), "12.3 %"},
		{"Percent tiny", Percent(0.00000467), "0.000467 %"},
		{"Percent zero", Percent(0), "0 %"},
		{"Percent NaN", Percent(nan), "—"},
		{"Level 95", Level(0.95), "95 %"},
		{"Level 5", Level(0.05), "5 %"},
		{"Level 99.9", Level(0.999), "99.9 %"},
		{"Change up", Change(0.201), "+20.1 %"},
		{"Change down", Change(-0.0305), "−3.05 %"},
		{"Change whole", Change(-0.23), "−23.0 %"},
		{"Change zero", Change(0), "0 %"},
		{"Change below 1 %", Change(0.000845), "+0.08 %"},
		{"Change rounds to 1 %", Change(-0.00999), "−1.00 %"},
		{"Change 1 %", Change(0.0123), "+1.23 %"},
		{"Change rounds to zero", Change(-0.0000358), "0 %"},
		{"Change large", Change(1.01), "+101 %"},
		{"Change NaN", Change(nan), "—"},
		{"Change +Inf", Change(inf), "+∞ %"},
		{"Change -Inf", Change(ninf), "−∞ %"},
		{"Sign plus", Sign(2), "+"},
		{"Sign minus", Sign(-2), "−"},
		{"Sign zero", Sign(0), ""},
		{"PValue", PValue(0.0123), "0.012"},
		{"PValue one", PValue(1), "1.000"},
		{"PValue tiny", PValue(0.0004), "<0.001"},
		{"PValue NaN", PValue(nan), "—"},
		{"Compact small", Compact(64), "64"},
		{"Compact 1500", Compact(1500), "1500"},
		{"Compact 10k", Compact(10_000), "10k"},
		{"Compact 1M", Compact(1_000_000), "1M"},
		{"Compact 1.5M", Compact(1_500_000), "1500k"},
		// Durations.
		{"Duration zero", Duration(0), "0"},
		{"Duration ns", Duration(812), "812ns"},
		{"Duration tens of ns", Duration(42), "42.0ns"},
		{"Duration 999ns", Duration(999), "999ns"},
		{"Duration µs", Duration(4123), "4.12µs"},
		{"Duration tens of µs", Duration(42_340), "42.3µs"},
		{"Duration rounds to 100µs", Duration(99_960), "100µs"},
		{"Duration hundreds of µs", Duration(423_000), "423µs"},
		{"Duration ms", Duration(2_300_000), "2.30ms"},
		{"Duration s", Duration(1_250_000_000), "1.25s"},
		{"Duration beyond s", Duration(4123 * time.Second), "4120s"},
		{"Duration negative", Duration(-812), "-812ns"},
		{"Nanos 999.5 is 1µs", Nanos(999.5), "1.00µs"},
		{"Nanos 999.4", Nanos(999.4), "999ns"},
		{"Nanos fractional", Nanos(5.4), "5.40ns"},
		{"Nanos sub-ns", Nanos(0.5), "0.500ns"},
		{"Nanos NaN", Nanos(nan), "—"},
		{"Nanos Inf", Nanos(inf), "∞"},
		{"Micros", Micros(4.123), "4.12µs"},
		{"Micros sub-µs", Micros(0.411), "411ns"},
		{"Micros zero", Micros(0), "0"},
		{"ShortDuration zero", ShortDuration(0), "0"},
		{"ShortDuration ns", ShortDuration(100), "100ns"},
		{"ShortDuration µs", ShortDuration(2000), "2µs"},
		{"ShortDuration ms", ShortDuration(2.5e6), "2.5ms"},
		{"ShortDuration s", ShortDuration(1e9), "1s"},
		{"Elapsed zero", Elapsed(0), "0:00"},
		{"Elapsed negative", Elapsed(-time.Second), "0:00"},
		{"Elapsed", Elapsed(83 * time.Second), "1:23"},
		{"Elapsed whole seconds", Elapsed(83*time.Second + 999*time.Millisecond), "1:23"},
		{"Elapsed hours", Elapsed(3*time.Hour + 4*time.Minute + 5*time.Second), "3:04:05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

func TestTimeUnit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ns   float64
		div  float64
		unit string
	}{
		{"zero", 0, 1, "ns"},
		{"ns", 812, 1, "ns"},
		{"rounds into µs", 999.5, 1e3, "µs"},
		{"µs", 250_000, 1e3, "µs"},
		{"ms", 1.2e6, 1e6, "ms"},
		{"s", 3e9, 1e9, "s"},
		{"beyond s", 3e12, 1e9, "s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			div, unit := TimeUnit(tt.ns)
			if div != tt.div || unit != tt.unit {
				t.Errorf("TimeUnit(%v) = %v, %q; want %v, %q", tt.ns, div, unit, tt.div, tt.unit)
			}
		})
	}
}

func TestJudge(t *testing.T) {
	t.Parallel()
	ok := Evidence{Pairs: 12, Enough: true}
	with := func(ratio, lo, hi float64, f func(*Evidence)) Evidence {
		e := ok
		e.Ratio, e.Lo, e.Hi = ratio, lo, hi
		if f != nil {
			f(&e)
		}
		return e
	}
	fewer := func(e *Evidence) { e.Pairs, e.Enough = 5, false }
	tests := []struct {
		name             string
		e                Evidence
		kind             Kind
		factor, flo, fhi float64
		says             string
	}{
		{"faster", with(3.1, 2.9, 3.3, nil), Faster, 3.1, 2.9, 3.3, "optimised 3.10× faster"},
		{"slower inverts", with(0.5, 0.4, 0.8, nil), Slower, 2, 1.25, 2.5, "optimised 2.00× slower"},
		{"slower unbounded", with(0.5, 0, 0.8, nil), Slower, 2, 1.25, inf, "optimised 2.00× slower"},
		{"interval includes 1", with(1.05, 0.97, 1.12, nil), NoClearDifference, 1.05, 0.97, 1.12, "no clear difference"},
		{"interval touches 1 from above", with(1.2, 1, 1.3, nil), NoClearDifference, 1.2, 1, 1.3, "no clear difference"},
		{"interval touches 1 from below", with(0.8, 0.7, 1, nil), NoClearDifference, 0.8, 0.7, 1, "no clear difference"},
		{"interval short of its level", with(3.1, 2.9, 3.3, fewer), NotEnoughData, 3.1, 2.9, 3.3, "not enough data yet: 5 s"},
		{"no pairs", with(0, 0, 0, func(e *Evidence) { e.Pairs, e.Enough = 0, false }), NotEnoughData, 0, 0, 0, "not enough data yet: 0 s"},
		{"seconds worth fewer", with(3.1, 2.9, 3.3, func(e *Evidence) { e.Pairs, e.Effective, e.Enough = 11, 4.3, false }),
			NotEnoughData, 3.1, 2.9, 3.3, "not enough data yet: 11 s, worth 4.30 independent"},
		{"zero ratio", with(0, 0, 0, nil), NotEnoughData, 0, 0, 0, "not enough data yet: 12 s"},
		{"NaN ratio", with(nan, 0, 0, nil), NotEnoughData, nan, 0, 0, "not enough data yet: 12 s"},
		{"optimised fails", with(9, 8, 10, func(e *Evidence) { e.ErrorRate[1] = 1 }), NotComparable, 9, 8, 10,
			"not comparable: optimised failed 100 % of ops"},
		{"baseline fails, too few pairs", with(0, 0, 0, func(e *Evidence) { fewer(e); e.ErrorRate[0] = 0.0123 }), NotComparable, 0, 0, 0,
			"not comparable: baseline failed 1.23 % of ops"},
		{"both fail", with(1, 1, 1, func(e *Evidence) { e.ErrorRate = [2]float64{0.5, 1} }), NotComparable, 1, 1, 1,
			"not comparable: baseline failed 50.0 % and optimised 100 % of ops"},
		{"errors within the limit", with(3.1, 2.9, 3.3, func(e *Evidence) { e.ErrorRate[1], e.MaxErrors = 0.01, 0.01 }), Faster, 3.1, 2.9, 3.3,
			"optimised 3.10× faster"},
		{"errors just over the limit", with(3.1, 2.9, 3.3, func(e *Evidence) { e.ErrorRate[1], e.MaxErrors = 0.0101, 0.01 }), NotComparable, 3.1, 2.9, 3.3,
			"not comparable: optimised failed 1.01 % of ops"},
	}
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := Judge(tt.e)
			if v.Kind != tt.kind || !same(v.Factor, tt.factor) || !same(v.Lo, tt.flo) || !same(v.Hi, tt.fhi) {
				t.Errorf("Judge(%+v) = %+v; want %v %v [%v, %v]", tt.e, v, tt.kind, tt.factor, tt.flo, tt.fhi)
			}
			if got := v.String(); got != tt.says {
				t.Errorf("String() = %q, want %q", got, tt.says)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	t.Parallel()
	for k, want := range map[Kind]string{NotEnoughData: "not enough data", NoClearDifference: "no clear difference",
		Faster: "faster", Slower: "slower", NotComparable: "not comparable", Kind(99): "not enough data"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}
