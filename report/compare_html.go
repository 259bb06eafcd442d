package report

import (
	"html"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/mcptop/mcptop/snapshot"
	"github.com/mcptop/mcptop/units"
)

// compareCSS is what the compare page adds to the report's style.
const compareCSS = `
.grid{display:grid;grid-template-columns:repeat(2,minmax(0,560px));gap:16px;margin:12px 0}
.cell p{margin:4px 2px 0;font-size:13px}
.regressed{color:#b00020;font-weight:600}
.improved{color:#1b7f3b;font-weight:600}
.quiet{color:#555}
.note{font-size:12px;color:#555}
.absent{background:#fff;border:1px dashed #ccc;border-radius:4px;padding:12px;font-size:13px;color:#555}`

// colOld is the colour of OLD's line: NEW's is its variant's.
const colOld = "#8c8c8c"

// Size of a change's chart.
const changeW, changeH = 560, 230

// writeCompareHTML writes the comparison as one self-contained page: the
// tally, the regressions, and per run pair its table and, per metric and
// variant, a chart of the per-second values the test took from OLD and NEW
// (after warm-up, the seconds the variant ran) under the verdict, Δ, its
// interval and p.
func writeCompareHTML(w io.Writer, r *Result, old, new *snapshot.Snapshot) error {
	esc := html.EscapeString
	var b strings.Builder
	pageStart(&b, "mcptop compare: "+r.OldName+" → "+r.NewName, compareCSS)
	tone := "verdict"
	if r.Regressed() {
		tone += " regressed"
	}
	b.WriteString(`<p class="` + tone + `">` + esc(r.tally()) + "</p>\n")
	list(&b, "Regressions", r.regressionLines())
	for _, p := range r.Pairs {
		b.WriteString("<section>\n<h2>" + esc(pairName(&p)) + "</h2>\n")
		for _, n := range p.Notes {
			b.WriteString(`<p class="note">note: ` + esc(n) + "</p>\n")
		}
		o, n := &old.Runs[p.OldIndex], &new.Runs[p.NewIndex]
		t := r.pairTable(p)
		for i := range t.rows { // the sides as the charts name them
			t.rows[i][0] = sideName(o, t.rows[i][0])
		}
		t.html(&b, "changes")
		for _, m := range r.Metrics {
			b.WriteString(`<div class="grid">` + "\n")
			for _, c := range p.Changes {
				if c.Metric == m {
					r.changeCell(&b, o, n, c)
				}
			}
			b.WriteString("</div>\n")
		}
		b.WriteString("</section>\n")
	}
	problems := func(ps []Problem) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Subject+": "+oneLine(p.Reason))
		}
		return out
	}
	list(&b, "Not compared", problems(r.NotCompared))
	list(&b, "Not measurable in either run (default metrics; not a failure)", problems(r.Skipped))
	list(&b, "Notes", r.Notes)
	b.WriteString("<footer>" + esc(r.method()) + "</footer>\n")
	pageEnd(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

// list writes items under a heading, nothing when there are none.
func list(b *strings.Builder, heading string, items []string) {
	if len(items) == 0 {
		return
	}
	b.WriteString("<h2>" + html.EscapeString(heading) + "</h2>\n<ul>\n")
	for _, it := range items {
		b.WriteString("<li>" + html.EscapeString(it) + "</li>\n")
	}
	b.WriteString("</ul>\n")
}

// changeCell writes one change: its chart and its verdict, or why it was
// not compared.
func (r *Result) changeCell(b *strings.Builder, o, n *snapshot.Run, c Change) {
	esc := html.EscapeString
	v := slices.IndexFunc(o.Variants, func(vr snapshot.VariantRun) bool { return vr.Variant == c.Variant })
	subject := sideName(o, c.Variant) + " · " + string(c.Metric)
	b.WriteString(`<div class="cell">` + "\n")
	if c.Class == NotCompared {
		word := "not compared"
		if c.Unmeasurable {
			word = "not measurable"
		}
		b.WriteString(`<div class="absent"><b>` + esc(subject) + "</b>: " + esc(word) + ": " + esc(oneLine(c.Reason)) + "</div>\n</div>\n")
		return
	}
	r.changeChart(subject, o, n, v, c).svg(b)
	b.WriteString("<p>" + `<span class="` + classTone(c.Class) + `">` + esc(c.verdictWord()) + "</span> · " + esc(r.changeWords(&c)) + "</p>\n</div>\n")
}

// sideName names the side of run r called variant by its letter and
// implementation: "A json-map".
func sideName(r *snapshot.Run, variant string) string {
	v := slices.IndexFunc(r.Variants, func(vr snapshot.VariantRun) bool { return vr.Variant == variant })
	if v < 0 {
		return variant
	}
	return sideLetter(v) + " " + r.Variants[v].Impl
}

// changeWords is a change's figures: "Δ +6.50 % (95 % CI +2.10 % … +9.90 %) · p 0.003 (Holm) · n 10/10".
func (r *Result) changeWords(c *Change) string {
	if c.FromZero {
		return "none in " + r.OldName + ", up to " + c.Metric.format(c.NewMax) + " a second in " + r.NewName
	}
	return "Δ " + c.delta() + " (" + units.Level(1-r.Alpha) + " CI " + c.interval() + ") · p " + units.PValue(c.P) + " (Holm) · seconds " + c.sizes()
}

// classTone is the CSS class a verdict reads in.
func classTone(c Class) string {
	switch c {
	case Regressed:
		return "regressed"
	case Improved:
		return "improved"
	}
	return "quiet"
}

// changeChart draws the per-second values of metric c.Metric of variant v
// that the test took from OLD (grey, dashed) and NEW (the variant's
// colour), a gap where a second was left out.
func (r *Result) changeChart(title string, o, n *snapshot.Run, v int, c Change) *chart {
	scale, yTitle, yLabel := metricAxis(c.Metric, o, n, v)
	ch := &chart{
		title: title, xTitle: "time since start (s)", yTitle: yTitle, yLabel: yLabel,
		warmup: float64(min(o.WarmupS, n.WarmupS)), w: changeW, h: changeH,
	}
	for i, side := range []struct {
		run    *snapshot.Run
		name   string
		median float64
	}{{o, r.OldName, c.OldMedian}, {n, r.NewName, c.NewMedian}} {
		l := line{name: side.name + " (median " + c.Metric.format(side.median) + ")", color: colOld, dash: true}
		if i == 1 {
			l.color, l.dash = variantColour[v%2], false
		}
		ps, _ := c.Metric.seconds(side.run, v)
		prev := -1
		for _, p := range ps {
			if prev >= 0 && p.T != prev+1 {
				l.pts = append(l.pts, pt{float64(p.T) - 0.5, math.NaN()}) // a second left out
			}
			l.pts = append(l.pts, pt{float64(p.T), pointValue(c.Metric, p) / scale})
			prev = p.T
			ch.x1 = math.Max(ch.x1, float64(p.T))
		}
		ch.lines = append(ch.lines, l)
	}
	return ch
}

// metricAxis is how a metric's chart labels its y axis: the divisor of its
// values, the axis title with the unit, and the tick labels.
func metricAxis(m Metric, o, n *snapshot.Run, v int) (float64, string, func(float64) string) {
	switch m {
	case Throughput:
		return 1, "throughput (ops/s)", units.ShortSI
	case Alloc:
		return 1, "alloc (B/op)", units.ShortSI
	case Errors:
		return 1, "errors per second", units.Short
	case ErrorRate:
		return 0.01, "error rate (%)", units.Short
	}
	top := 0.0
	for _, r := range []*snapshot.Run{o, n} {
		ps, _ := m.seconds(r, v)
		for _, p := range ps {
			top = math.Max(top, pointValue(m, p))
		}
	}
	div, unit := latencyScale(top)
	return div, "latency " + string(m) + " (" + unit + ")", units.Short
}
