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
	step  bool // drawn as a staircase: each value holds until the next x
	pts   []pt
}

// chart is a line chart drawn as inline SVG: x is seconds (or, with
// xTicks, whatever they label), y is a value whose unit the axis title
// names.
type chart struct {
	title  string
	xTitle string
	yTitle string
	lines  []line
	x0, x1 float64 // x domain
	warmup float64 // x up to which seconds are warm-up; ≤ x0 for none
	yLabel func(float64) string
	logY   bool
	// xTicks label the x axis where given; else about eight round values
	// of x are labelled as numbers.
	xTicks []xTick
	// w, h are the chart's size in pixels; chartW×chartH when 0.
	w, h int
}

// xTick is a labelled place on the x axis.
type xTick struct {
	x     float64
	label string
}

const (
	chartW, chartH          = 560, 330
	padL, padR, padT, padB  = 70, 18, 56, 46
	legendRow, legendSwatch = 16, 22
)

// size is the chart's size and its plot area's.
func (c *chart) size() (w, h, pw, ph int) {
	w, h = chartW, chartH
	if c.w > 0 {
		w = c.w
	}
	if c.h > 0 {
		h = c.h
	}
	return w, h, w - padL - padR, h - padT - padB
}

func f1(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// svg writes the chart as one <svg> element.
func (c *chart) svg(b *strings.Builder) {
	sc := c.scale()
	esc := html.EscapeString
	chartW, chartH, plotW, plotH := c.size()
	b.WriteString(`<svg class="chart" width="` + strconv.Itoa(chartW) + `" height="` + strconv.Itoa(chartH) +
		`" viewBox="0 0 ` + strconv.Itoa(chartW) + " " + strconv.Itoa(chartH) + `" role="img" aria-label="` + esc(c.title) + `">` + "\n")
	b.WriteString("<title>" + esc(c.title) + "</title>\n")
	b.WriteString(`<text x="` + strconv.Itoa(padL) + `" y="18" font-size="14" font-weight="600" fill="#222">` + esc(c.title) + "</text>\n")
	c.furniture(b, sc)
	// axes
	b.WriteString(`<path d="M` + strconv.Itoa(padL) + "," + strconv.Itoa(padT) + "V" + strconv.Itoa(padT+plotH) + "H" + strconv.Itoa(padL+plotW) +
		`" fill="none" stroke="` + colAxis + `"/>` + "\n")
	b.WriteString(`<text x="` + strconv.Itoa(padL+plotW/2) + `" y="` + strconv.Itoa(chartH-8) + `" text-anchor="middle" font-size="12" fill="` + colAxis + `">` +
		esc(c.xTitle) + "</text>\n")
	b.WriteString(`<text transform="translate(16 ` + strconv.Itoa(padT+plotH/2) + `) rotate(-90)" text-anchor="middle" font-size="12" fill="` + colAxis + `">` +
		esc(c.yTitle) + "</text>\n")
	c.drawLines(b, sc)
	c.legend(b)
	b.WriteString("</svg>\n")
}

// yScale is a chart's y axis: its domain, ticks and whether it is
// logarithmic.
type yScale struct {
	y0, y1       float64
	ticks        []float64
	logY         bool
	x0, x1       float64
	plotW, plotH float64
}

// scale works out the y axis from the values drawn: decades (and 2× and 5×
// when there are few) on a log axis, else about five round ticks from 0.
func (c *chart) scale() yScale {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, l := range c.lines {
		for _, p := range l.pts {
			if math.IsNaN(p.y) || (c.logY && p.y <= 0) {
				continue
			}
			lo, hi = math.Min(lo, p.y), math.Max(hi, p.y)
		}
	}
	if math.IsInf(lo, 1) { // nothing to draw
		lo, hi = 0, 1
		c.logY = false
	}
	_, _, pw, ph := c.size()
	sc := yScale{logY: c.logY, x0: c.x0, x1: c.x1, plotW: float64(pw), plotH: float64(ph)}
	if !c.logY {
		sc.ticks = niceTicks(0, hi*1.05, 5)
		sc.y1 = sc.ticks[len(sc.ticks)-1]
		return sc
	}
	sc.y0 = math.Pow(10, math.Floor(math.Log10(lo)))
	sc.y1 = math.Pow(10, math.Ceil(math.Log10(hi)))
	if sc.y1 <= sc.y0 {
		sc.y1 = sc.y0 * 10
	}
	decades := math.Log10(sc.y1 / sc.y0)
	for d := sc.y0; d <= sc.y1*1.0001; d *= 10 {
		sc.ticks = append(sc.ticks, d)
		if decades <= 2 && d*2 < sc.y1 {
			sc.ticks = append(sc.ticks, d*2, d*5)
		}
	}
	return sc
}

func (sc *yScale) sx(x float64) float64 { return padL + (x-sc.x0)/(sc.x1-sc.x0)*sc.plotW }

func (sc *yScale) sy(y float64) float64 {
	if sc.logY {
		return padT + sc.plotH - math.Log10(y/sc.y0)/math.Log10(sc.y1/sc.y0)*sc.plotH
	}
	return padT + sc.plotH - (y-sc.y0)/(sc.y1-sc.y0)*sc.plotH
}

// furniture writes the warm-up band, the grid with the y ticks and the x
// ticks.
func (c *chart) furniture(b *strings.Builder, sc yScale) {
	sx, sy, esc := sc.sx, sc.sy, html.EscapeString
	_, _, plotW, plotH := c.size()
	// warm-up band
	if c.warmup > c.x0 {
		x := sx(math.Min(c.warmup, c.x1))
		b.WriteString(`<rect x="` + f1(sx(c.x0)) + `" y="` + strconv.Itoa(padT) + `" width="` + f1(x-sx(c.x0)) +
			`" height="` + strconv.Itoa(plotH) + `" fill="` + colWarmup + `"/>` + "\n")
		b.WriteString(`<text x="` + f1(sx(c.x0)+4) + `" y="` + strconv.Itoa(padT+12) + `" font-size="10" fill="#888">warm-up</text>` + "\n")
	}
	// grid and y ticks
	for _, t := range sc.ticks {
		y := f1(sy(t))
		b.WriteString(`<line x1="` + strconv.Itoa(padL) + `" x2="` + strconv.Itoa(padL+plotW) + `" y1="` + y + `" y2="` + y +
			`" stroke="` + colGrid + `"/>` + "\n")
		b.WriteString(`<text x="` + strconv.Itoa(padL-6) + `" y="` + y + `" dy="0.32em" text-anchor="end" font-size="11" fill="` + colAxis + `">` +
			esc(c.yLabel(t)) + "</text>\n")
	}
	// x ticks
	for _, t := range c.xTickList() {
		if t.x < c.x0 || t.x > c.x1 {
			continue
		}
		x := f1(sx(t.x))
		b.WriteString(`<line x1="` + x + `" x2="` + x + `" y1="` + strconv.Itoa(padT+plotH) + `" y2="` + strconv.Itoa(padT+plotH+5) +
			`" stroke="` + colAxis + `"/>` + "\n")
		b.WriteString(`<text x="` + x + `" y="` + strconv.Itoa(padT+plotH+18) + `" text-anchor="middle" font-size="11" fill="` + colAxis + `">` +
			esc(t.label) + "</text>\n")
	}
}

// xTickList is the chart's own x ticks, else about eight round values.
func (c *chart) xTickList() []xTick {
	if c.xTicks != nil {
		return c.xTicks
	}
	var out []xTick
	for _, t := range niceTicks(c.x0, c.x1, 8) {
		out = append(out, xTick{t, units.Short(t)})
	}
	return out
}

// drawLines writes each line as a path, broken where it has no value.
func (c *chart) drawLines(b *strings.Builder, sc yScale) {
	sx, sy, esc := sc.sx, sc.sy, html.EscapeString
	for _, l := range c.lines {
		var d strings.Builder
		pen := false
		for _, p := range l.pts {
			if math.IsNaN(p.y) || (c.logY && p.y <= 0) {
				pen = false
				continue
			}
			switch {
			case pen && l.step:
				d.WriteString("H" + f1(sx(p.x)) + "V" + f1(sy(p.y)))
			case pen:
				d.WriteString("L" + f1(sx(p.x)) + "," + f1(sy(p.y)))
			default:
				d.WriteString("M" + f1(sx(p.x)) + "," + f1(sy(p.y)))
			}
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
}

// legend writes the lines' names above the plot: two entries per row, or
// one when a name would not fit in half the width.
func (c *chart) legend(b *strings.Builder) {
	esc := html.EscapeString
	_, _, plotW, _ := c.size()
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
