package report

import (
	"html"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mcptop/mcptop/units"
)

// Colours of the two variants (Okabe–Ito: distinguishable with the common
// colour-vision deficiencies) and of the chart furniture.
const (
	colBaseline  = "#d55e00"
	colOptimised = "#0072b2"
	colAxis      = "#444"
	colGrid      = "#e6e6e6"
	colWarmup    = "#f2f2f2"
)

type pt struct{ x, y float64 } // y NaN: no value (a gap in the line)

type line struct {
	name  string
	color string
	dash  bool
	pts   []pt
}

// chart is a line chart drawn as inline SVG: x is seconds, y is a value
// whose unit the axis title names.
type chart struct {
	title  string
	xTitle string
	yTitle string
	lines  []line
	x0, x1 float64 // x domain
	warmup float64 // x up to which seconds are warm-up; ≤ x0 for none
	yLabel func(float64) string
	logY   bool
}

const (
	chartW, chartH          = 560, 330
	padL, padR, padT, padB  = 70, 18, 56, 46
	plotW, plotH            = chartW - padL - padR, chartH - padT - padB
	legendRow, legendSwatch = 16, 22
)

func f1(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func (c *chart) svg(b *strings.Builder) {
	// y domain
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, l := range c.lines {
		for _, p := range l.pts {
			if math.IsNaN(p.y) || (c.logY && p.y <= 0) {
				continue
			}
			lo, hi = math.Min(lo, p.y), math.Max(hi, p.y)
		}
	}
	var yTicks []float64
	var y0, y1 float64
	if math.IsInf(lo, 1) { // nothing to draw
		lo, hi = 0, 1
		c.logY = false
	}
	if c.logY {
		y0 = math.Pow(10, math.Floor(math.Log10(lo)))
		y1 = math.Pow(10, math.Ceil(math.Log10(hi)))
		if y1 <= y0 {
			y1 = y0 * 10
		}
		decades := math.Log10(y1 / y0)
		for d := y0; d <= y1*1.0001; d *= 10 {
			yTicks = append(yTicks, d)
			if decades <= 2 && d*2 < y1 {
				yTicks = append(yTicks, d*2, d*5)
			}
		}
	} else {
		y0 = 0
		yTicks = niceTicks(0, hi*1.05, 5)
		y1 = yTicks[len(yTicks)-1]
	}
	sx := func(x float64) float64 { return padL + (x-c.x0)/(c.x1-c.x0)*plotW }
	sy := func(y float64) float64 {
		if c.logY {
			return padT + plotH - math.Log10(y/y0)/math.Log10(y1/y0)*plotH
		}
		return padT + plotH - (y-y0)/(y1-y0)*plotH
	}

	esc := html.EscapeString
	b.WriteString(`<svg class="chart" width="` + strconv.Itoa(chartW) + `" height="` + strconv.Itoa(chartH) +
		`" viewBox="0 0 ` + strconv.Itoa(chartW) + " " + strconv.Itoa(chartH) + `" role="img" aria-label="` + esc(c.title) + `">` + "\n")
	b.WriteString("<title>" + esc(c.title) + "</title>\n")
	b.WriteString(`<text x="` + strconv.Itoa(padL) + `" y="18" font-size="14" font-weight="600" fill="#222">` + esc(c.title) + "</text>\n")

	// warm-up band
	if c.warmup > c.x0 {
		x := sx(math.Min(c.warmup, c.x1))
		b.WriteString(`<rect x="` + f1(sx(c.x0)) + `" y="` + strconv.Itoa(padT) + `" width="` + f1(x-sx(c.x0)) +
			`" height="` + strconv.Itoa(plotH) + `" fill="` + colWarmup + `"/>` + "\n")
		b.WriteString(`<text x="` + f1(sx(c.x0)+4) + `" y="` + strconv.Itoa(padT+12) + `" font-size="10" fill="#888">warm-up</text>` + "\n")
	}
	// grid and y ticks
	for _, t := range yTicks {
		y := f1(sy(t))
		b.WriteString(`<line x1="` + strconv.Itoa(padL) + `" x2="` + strconv.Itoa(padL+plotW) + `" y1="` + y + `" y2="` + y +
			`" stroke="` + colGrid + `"/>` + "\n")
		b.WriteString(`<text x="` + strconv.Itoa(padL-6) + `" y="` + y + `" dy="0.32em" text-anchor="end" font-size="11" fill="` + colAxis + `">` +
			esc(c.yLabel(t)) + "</text>\n")
	}
	// x ticks
	for _, t := range niceTicks(c.x0, c.x1, 8) {
		if t < c.x0 || t > c.x1 {
			continue
		}
		x := f1(sx(t))
		b.WriteString(`<line x1="` + x + `" x2="` + x + `" y1="` + strconv.Itoa(padT+plotH) + `" y2="` + strconv.Itoa(padT+plotH+5) +
			`" stroke="` + colAxis + `"/>` + "\n")
		b.WriteString(`<text x="` + x + `" y="` + strconv.Itoa(padT+plotH+18) + `" text-anchor="middle" font-size="11" fill="` + colAxis + `">` +
			units.Short(t) + "</text>\n")
	}
	// axes
	b.WriteString(`<path d="M` + strconv.Itoa(padL) + "," + strconv.Itoa(padT) + "V" + strconv.Itoa(padT+plotH) + "H" + strconv.Itoa(padL+plotW) +
		`" fill="none" stroke="` + colAxis + `"/>` + "\n")
	b.WriteString(`<text x="` + strconv.Itoa(padL+plotW/2) + `" y="` + strconv.Itoa(chartH-8) + `" text-anchor="middle" font-size="12" fill="` + colAxis + `">` +
		esc(c.xTitle) + "</text>\n")
	b.WriteString(`<text transform="translate(16 ` + strconv.Itoa(padT+plotH/2) + `) rotate(-90)" text-anchor="middle" font-size="12" fill="` + colAxis + `">` +
		esc(c.yTitle) + "</text>\n")
	// lines
	for _, l := range c.lines {
		var d strings.Builder
		pen := false
		for _, p := range l.pts {
			if math.IsNaN(p.y) || (c.logY && p.y <= 0) {
				pen = false
				continue
			}
			if pen {
				d.WriteString("L")
			} else {
				d.WriteString("M")
			}
			d.WriteString(f1(sx(p.x)) + "," + f1(sy(p.y)))
			pen = true
		}
		if d.Len() == 0 {
			continue
		}
		dash := ""
		if l.dash {
			dash = ` stroke-dasharray="5 3"`
		}
		b.WriteString(`<path d="` + d.String() + `" fill="none" stroke="` + l.color + `" stroke-width="1.8"` + dash +
			` stroke-linejoin="round"><title>` + esc(l.name) + "</title></path>\n")
	}
	// legend above the plot: two entries per row, or one when a name
	// would not fit in half the width
	perRow := 2
	for _, l := range c.lines {
		if utf8.RuneCountInString(l.name) > 34 {
			perRow = 1
		}
	}
	for i, l := range c.lines {
		x := padL + (i%perRow)*(plotW/2)
		y := 30 + (i/perRow)*legendRow
		dash := ""
		if l.dash {
			dash = ` stroke-dasharray="5 3"`
		}
		b.WriteString(`<line x1="` + strconv.Itoa(x) + `" x2="` + strconv.Itoa(x+legendSwatch) + `" y1="` + strconv.Itoa(y) + `" y2="` + strconv.Itoa(y) +
			`" stroke="` + l.color + `" stroke-width="2.5"` + dash + "/>\n")
		b.WriteString(`<text x="` + strconv.Itoa(x+legendSwatch+6) + `" y="` + strconv.Itoa(y) + `" dy="0.32em" font-size="11" fill="#222">` +
			esc(l.name) + "</text>\n")
	}
	b.WriteString("</svg>\n")
}

// niceTicks returns about n round values (1, 2, 2.5 or 5 × 10^k apart)
// covering [lo, hi]: the first ≤ lo, the last ≥ hi.
func niceTicks(lo, hi float64, n int) []float64 {
	if hi <= lo {
		hi = lo + 1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag * 10
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	start := math.Floor(lo/step) * step
	var ticks []float64
	for t := start; ; t += step {
		// snap away float noise (0.30000000000000004)
		v := math.Round(t/step) * step
		ticks = append(ticks, v)
		if v >= hi || len(ticks) > 4*n {
			break
		}
	}
	return ticks
}

// latencyScale picks the unit of a latency axis from its largest value in
// microseconds (units.TimeUnit): the divisor from µs and the unit's name.
func latencyScale(maxUs float64) (float64, string) {
	div, name := units.TimeUnit(maxUs * 1e3)
	return div / 1e3, name
}
