package report

import (
	"html"
	"io"
	"math"
	"strings"

	"github.com/mcptop/mcptop/units"
)

// htmlStyle is the report's only styling; the page loads nothing.
const htmlStyle = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#fafafa;margin:24px auto;max-width:1160px;padding:0 16px}
h1{font-size:22px;margin:0 0 8px}
h2{font-size:18px;margin:36px 0 8px;padding-bottom:4px;border-bottom:1px solid #d0d0d0}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:8px 0}
dt{color:#555}
dd{margin:0}
.charts{display:flex;flex-wrap:wrap;gap:16px;margin:12px 0}
svg.chart{background:#fff;border:1px solid #e0e0e0;border-radius:4px}
table{border-collapse:collapse;margin:12px 0;background:#fff}
th,td{padding:4px 12px;border-bottom:1px solid #eee;text-align:left}
thead th{border-bottom:2px solid #ccc}
.num{text-align:right;font-variant-numeric:tabular-nums}
.verdict{font-size:15px;font-weight:600}
.err{color:#a00}
footer{margin-top:40px;color:#777;font-size:12px}`

func writeHTML(w io.Writer, d *doc) error {
	esc := html.EscapeString
	var b strings.Builder
	title := "mcptop report"
	if d.source != "" {
		title += ": " + d.source
	}
	pageStart(&b, title, "")
	dl(&b, d.header)
	for _, v := range d.runs {
		b.WriteString("<section>\n<h2>" + esc(v.title) + "</h2>\n")
		dl(&b, v.facts)
		b.WriteString("<div class=\"charts\">\n")
		throughputChart(v).svg(&b)
		latencyChart(v).svg(&b)
		spectrumChart(v.r).svg(&b)
		b.WriteString("</div>\n")
		v.table.html(&b, "summary")
		if v.calibration != nil {
			v.calibration.html(&b, "calibration")
		}
		if v.methods != nil {
			v.methods.html(&b, "methods")
		}
		b.WriteString("<p class=\"verdict\">" + esc(v.verdict) + "</p>\n")
		b.WriteString("<p>" + esc(v.ratioOf) + ": " + esc(v.ratio) + "</p>\n")
		for _, e := range v.errors {
			b.WriteString("<p class=\"err\">" + esc(e) + "</p>\n")
		}
		b.WriteString("</section>\n")
	}
	if d.capacity != nil {
		d.capacity.html(&b, d.s.Capacity)
	}
	b.WriteString("<footer>Per-second values as measured; the shaded band is warm-up, kept out of the summaries. " +
		"Throughput is ops per second of the variant's own active time. The percentile spectrum is read by nearest rank " +
		"from the run's latency histogram after warm-up (buckets at most 1/128 of their value wide).</footer>\n")
	pageEnd(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

// pageStart writes an HTML page's head, with htmlStyle and css, and its
// title as the first heading; the page loads nothing.
func pageStart(b *strings.Builder, title, css string) {
	esc := html.EscapeString
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + esc(title) + "</title>\n<style>\n" + htmlStyle + css + "\n</style>\n</head>\n<body>\n")
	b.WriteString("<h1>" + esc(title) + "</h1>\n")
}

// pageEnd closes what pageStart opened.
func pageEnd(b *strings.Builder) { b.WriteString("</body>\n</html>\n") }

func dl(b *strings.Builder, kv [][2]string) {
	b.WriteString("<dl>\n")
	for _, f := range kv {
		b.WriteString("<dt>" + html.EscapeString(f[0]) + "</dt><dd>" + html.EscapeString(f[1]) + "</dd>\n")
	}
	b.WriteString("</dl>\n")
}

var variantColour = [2]string{colBaseline, colOptimised}

// domain returns the x range of a run's series and where warm-up ends.
func domain(v runView) (x0, x1, warm float64) {
	x0, x1 = math.Inf(1), math.Inf(-1)
	for _, vr := range v.r.Variants {
		for _, p := range vr.Series {
			x0, x1 = math.Min(x0, float64(p.T-1)), math.Max(x1, float64(p.T))
			if p.Warmup {
				warm = math.Max(warm, float64(p.T))
			}
		}
	}
	return x0, x1, warm
}

func throughputChart(v runView) *chart {
	x0, x1, warm := domain(v)
	c := &chart{
		title: "Throughput per second", xTitle: "time since start (s)", yTitle: "throughput (ops/s)",
		x0: x0, x1: x1, warmup: warm, yLabel: units.ShortSI,
	}
	for i, vr := range v.r.Variants {
		l := line{name: vr.Impl + label(vr.Label), color: variantColour[i]}
		for _, p := range vr.Series {
			y := p.ThroughputOpsPerS
			if p.ActiveS == 0 {
				y = math.NaN()
			}
			l.pts = append(l.pts, pt{float64(p.T), y})
		}
		c.lines = append(c.lines, l)
	}
	return c
}

func latencyChart(v runView) *chart {
	x0, x1, warm := domain(v)
	lo, hi := math.Inf(1), 0.0
	for _, vr := range v.r.Variants {
		for _, p := range vr.Series {
			if p.Ops > 0 && p.LatencyP50Us > 0 && !p.PercentilesUnknown {
				lo, hi = math.Min(lo, p.LatencyP50Us), math.Max(hi, p.LatencyP99Us)
			}
		}
	}
	div, unit := latencyScale(hi)
	logY := hi/lo > 30
	yTitle := "latency (" + unit + ")"
	if logY {
		yTitle = "latency (" + unit + ", log scale)"
	}
	c := &chart{
		title: "Latency per second: p50 dashed, p99 solid", xTitle: "time since start (s)", yTitle: yTitle,
		x0: x0, x1: x1, warmup: warm, yLabel: units.Short, logY: logY,
	}
	for i, vr := range v.r.Variants {
		for _, q := range []struct {
			name string
			dash bool
			get  func(float64, float64) float64
		}{
			{"p50", true, func(p50, _ float64) float64 { return p50 }},
			{"p99", false, func(_, p99 float64) float64 { return p99 }},
		} {
			l := line{name: vr.Impl + " " + q.name, color: variantColour[i], dash: q.dash}
			for _, p := range vr.Series {
				y := math.NaN()
				if p.Ops > 0 && !p.PercentilesUnknown { // a merged second has none
					y = q.get(p.LatencyP50Us, p.LatencyP99Us) / div
				}
				l.pts = append(l.pts, pt{float64(p.T), y})
			}
			c.lines = append(c.lines, l)
		}
	}
	return c
}

func label(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}
